"""The regime's own parties: every designated party and recognised military user, as the
matcher sees them. The one place a `Designation` becomes `ScreenedEntity` records (the
MOFCOM-text adapter reads an announcement into a `Designation` and maps it here), so the
regime layer never imports the screening layer."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.vocabulary import ListKind

if TYPE_CHECKING:
    from dualuse.regime.loader import Regime
    from dualuse.regime.model import Designation, ListEntry, MilitaryUser


def entry_entity(entry: ListEntry, designation: Designation, party_id: str | None = None) -> ScreenedEntity:
    """One listed party of `designation`, listed under its list kind, sourced to its instrument."""
    return ScreenedEntity(
        entity_id=party_id or entry.id,
        names=tuple(ScreenedName(n.value, n.lang) for n in entry.names),
        country=entry.country,
        list=designation.list.value,
        source=designation.instrument,
    )


def military_user_entity(user: MilitaryUser) -> ScreenedEntity:
    return ScreenedEntity(
        entity_id=user.id,
        names=tuple(ScreenedName(n.value, n.lang) for n in user.names),
        country=user.country,
        list=ListKind.MILITARY_USER.value,
        source=user.source,
    )


def designation_entities(designation: Designation) -> list[ScreenedEntity]:
    """The parties of one listing, ids `<instrument>-<seq>`, list = its list kind."""
    return [entry_entity(entry, designation) for entry in designation.entries]


def regime_entities(regime: Regime) -> list[ScreenedEntity]:
    """Every designated party and recognised military user of `regime`, as the matcher sees them."""
    entities = [entry_entity(listed.entry, listed.designation, party_id) for party_id, listed in regime.listed_parties.items()]
    entities += [military_user_entity(user) for user in regime.military_users]
    return entities


class RegimeDesignations:
    """The adapter over a loaded regime rather than a file."""

    NAME: ClassVar[str] = "bundled"

    def read(self, regime: Regime) -> list[ScreenedEntity]:
        return regime_entities(regime)
