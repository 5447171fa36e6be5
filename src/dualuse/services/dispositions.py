"""Screening dispositions ("good guys"): a reviewer's finding that a party is not a list entry.

A disposition is keyed by the party's name (normalised), the list entry's id and a hash of
the entry's content: when MOFCOM amends the entry (a new alias, a new address) the hash
changes and the match is raised again. Each disposition also expires, so it is re-examined.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from dualuse.errors import InputError
from dualuse.regime.loader import Regime
from dualuse.services.audit import record, snapshot, utcnow
from dualuse.services.users import known_user, require
from dualuse.storage.database import Store
from dualuse.storage.models import ScreeningDisposition
from dualuse.storage.vocabulary import Entity, Permission


@dataclass(frozen=True)
class DispositionView:
    id: int
    party_name: str
    entity_id: str
    entry_hash: str
    reason: str
    expires_on: date
    created_by: str

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "party_name": self.party_name,
            "entity_id": self.entity_id,
            "entry_hash": self.entry_hash,
            "reason": self.reason,
            "expires_on": self.expires_on.isoformat(),
            "created_by": self.created_by,
        }


def party_key(name: str) -> str:
    """The form names are compared in: NFKC, case-folded, whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def entry_hash(regime: Regime, entity_id: str) -> str | None:
    """A hash of what the list says about `entity_id` (names, country, listing); None if unknown."""
    listed = regime.listed_parties.get(entity_id)
    if listed is not None:
        content = {
            "entry": listed.entry.model_dump(mode="json"),
            "list": listed.designation.list.value,
            "instrument": listed.designation.instrument,
        }
    else:
        user = regime.military_user(entity_id)
        if user is None:
            return None
        content = {"military_user": user.model_dump(mode="json")}
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_disposition(
    store: Store,
    actor: str | None,
    *,
    party_name: str,
    entity_id: str,
    entry_hash: str,
    reason: str,
    expires_on: date,
    today: date | None = None,
) -> DispositionView:
    if not party_name.strip():
        raise InputError("the party name is empty", field="party_name")
    if not reason.strip():
        raise InputError("a disposition needs a reason", field="reason")
    if expires_on <= (today or date.today()):
        raise InputError(f"expiry {expires_on.isoformat()} is not in the future", field="expires_on")
    with store.transaction() as session:
        user = require(session, actor, Permission.DISPOSITION_ADD)
        row = ScreeningDisposition(
            party_name=party_name.strip(),
            party_key=party_key(party_name),
            entity_id=entity_id,
            entry_hash=entry_hash,
            reason=reason.strip(),
            expires_on=expires_on,
            created_by=user.name,
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        record(session, user.name, "disposition.add", Entity.DISPOSITION, row.id, None, snapshot(row))
        return _view(row)


def list_dispositions(store: Store, actor: str | None, *, active_on: date | None = None) -> list[DispositionView]:
    with store.reading() as session:
        known_user(session, actor)
        query = select(ScreeningDisposition).order_by(ScreeningDisposition.id)
        if active_on is not None:
            query = query.where(ScreeningDisposition.expires_on >= active_on)
        return [_view(r) for r in session.scalars(query)]


def active_disposition(
    session: Session, party_name: str, entity_id: str, content_hash: str | None, on: date
) -> ScreeningDisposition | None:
    """The newest disposition still in force for this party, entry and entry content."""
    if content_hash is None:
        return None
    return session.scalar(
        select(ScreeningDisposition)
        .where(
            ScreeningDisposition.party_key == party_key(party_name),
            ScreeningDisposition.entity_id == entity_id,
            ScreeningDisposition.entry_hash == content_hash,
            ScreeningDisposition.expires_on >= on,
        )
        .order_by(ScreeningDisposition.id.desc())
        .limit(1)
    )


def _view(row: ScreeningDisposition) -> DispositionView:
    return DispositionView(row.id, row.party_name, row.entity_id, row.entry_hash, row.reason, row.expires_on, row.created_by)
