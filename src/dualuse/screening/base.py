"""The one interface every party matcher implements, so the decision engine, the CLI and
the batch jobs can swap matchers by name (one folder per strategy under `matchers/`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, Sequence

from dualuse.vocabulary import Band


@dataclass(frozen=True, slots=True)
class ScreenedName:
    """One written form of a listed party's name, with its language/script tag."""

    value: str
    lang: str = ""

    def __reduce__(self) -> tuple[Any, ...]:  # pickled explicitly: compiled classes have no default (see compiled.py)
        return (ScreenedName, (self.value, self.lang))


@dataclass(frozen=True, slots=True)
class ScreenedEntity:
    """A party that names are screened against: a list entry or a recognised military user."""

    entity_id: str
    names: tuple[ScreenedName, ...]
    country: str | None = None
    list: str = ""  # ListKind value, or a free label for user-supplied list files
    source: str = ""  # instrument id or file the entry came from

    def __reduce__(self) -> tuple[Any, ...]:
        return (ScreenedEntity, (self.entity_id, self.names, self.country, self.list, self.source))


@dataclass(frozen=True, slots=True)
class FeatureScore:
    """One feature's contribution to a match: what it compared and what it found."""

    feature: str
    score: float
    weight: float
    detail: str = ""

    def __reduce__(self) -> tuple[Any, ...]:
        return (FeatureScore, (self.feature, self.score, self.weight, self.detail))


@dataclass(frozen=True, slots=True)
class PartyMatch:
    """A candidate entity for a query name, with the score, band and why.

    `matched_name` is the listed party's own name (its first, primary name as the list gives
    it); `matched_alias` is the name or spelling of it that the query met, which may be the
    same (issue 17: a reader sees whom, and by which of its names)."""

    entity_id: str
    matched_name: str
    score: float
    band: Band
    features: tuple[FeatureScore, ...] = field(default_factory=tuple)
    explanation: str = ""
    matched_alias: str = ""

    def __reduce__(self) -> tuple[Any, ...]:
        return (PartyMatch, (self.entity_id, self.matched_name, self.score, self.band, self.features, self.explanation, self.matched_alias))


class PartyMatcher(Protocol):
    """Built once over a sequence of entities; answers queries with ranked candidates."""

    NAME: ClassVar[str]

    def match(self, name: str, country: str | None = None, top: int = 5) -> list[PartyMatch]:
        """Candidates for `name`, best first; only those above the `clear` band unless top asks for more."""
        ...


MatcherFactory = type[PartyMatcher]


def best_band(matches: Sequence[PartyMatch]) -> Band:
    if any(m.band is Band.HIT for m in matches):
        return Band.HIT
    if any(m.band is Band.REVIEW for m in matches):
        return Band.REVIEW
    return Band.CLEAR
