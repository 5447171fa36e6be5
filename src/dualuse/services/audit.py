"""The audit log: an append-only hash chain written in the same transaction as the change.

Each entry records who, when, what (action, entity, id) and the record before and after, plus
the previous entry's hash; its own hash is sha256 over a canonical JSON serialisation of all
of that. Editing an entry breaks its hash, removing one breaks the sequence or the next
entry's link, and removing the tail disagrees with the head row, which every append locks
(SELECT ... FOR UPDATE), so concurrent writers chain in commit order.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from dualuse.storage.database import Store
from dualuse.storage.models import AuditEntry, AuditHead
from dualuse.storage.vocabulary import Entity

GENESIS_HASH = "0" * 64
_HASHED_FIELDS = ("seq", "at", "actor", "action", "entity", "entity_id", "before", "after", "prev_hash")


def utcnow() -> datetime:
    return datetime.now(UTC)


def plain(value: Any) -> Any:
    """A JSON value that survives a database round trip unchanged (so hashes recompute)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.0001")), "f")
    if isinstance(value, datetime):
        return _utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def snapshot(record: Any) -> dict[str, Any]:
    """Every column of a model instance, as plain JSON (the before/after of an audit entry)."""
    mapper = inspect(record).mapper
    return {column.key: plain(getattr(record, column.key)) for column in mapper.column_attrs}


def entry_hash(fields: dict[str, Any]) -> str:
    payload = {name: fields[name] for name in _HASHED_FIELDS}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(
    session: Session,
    actor: str,
    action: str,
    entity: Entity,
    entity_id: object,
    before: Any = None,
    after: Any = None,
    *,
    now: datetime | None = None,
) -> AuditEntry:
    """Append one entry to the chain inside the caller's transaction."""
    head = session.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    fields = {
        "seq": head.seq + 1,
        "at": _utc_text(now or utcnow()),
        "actor": actor,
        "action": action,
        "entity": entity.value,
        "entity_id": str(entity_id),
        "before": plain(before),
        "after": plain(after),
        "prev_hash": head.hash,
    }
    entry = AuditEntry(**fields, hash=entry_hash(fields))
    session.add(entry)
    head.seq, head.hash = entry.seq, entry.hash
    session.flush()
    return entry


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    first_bad: int | None = None
    message: str = ""


def verify(store: Store) -> Verification:
    """Walk the chain from the first entry; report the first entry that was edited or removed."""
    with store.reading() as session:
        expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
        for entry in _entries(session):
            if entry.seq != expected_seq:
                return Verification(
                    False, count, expected_seq, f"audit entry #{expected_seq} is missing (the next entry is #{entry.seq})"
                )
            if entry.prev_hash != prev_hash:
                return Verification(
                    False,
                    count,
                    entry.seq,
                    f"audit entry #{entry.seq} does not link to entry #{entry.seq - 1} (an entry was edited or removed)",
                )
            fields = {name: getattr(entry, name) for name in _HASHED_FIELDS}
            if entry_hash(fields) != entry.hash:
                return Verification(
                    False, count, entry.seq, f"audit entry #{entry.seq} was altered: its content does not match its hash"
                )
            expected_seq, prev_hash, count = expected_seq + 1, entry.hash, count + 1
        head = session.get(AuditHead, 1)
        if head is None or head.seq != count or head.hash != prev_hash:
            recorded = head.seq if head else "none"
            return Verification(
                False,
                count,
                count + 1,
                f"audit entry #{count + 1} is missing: the log ends at #{count} but the head records #{recorded}",
            )
        return Verification(True, count, None, f"audit chain intact: {count} entries")


def log(
    store: Store,
    *,
    entity: Entity | None = None,
    entity_id: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Audit entries, newest last, optionally for one entity or record."""
    with store.reading() as session:
        query = select(AuditEntry).order_by(AuditEntry.seq)
        if entity is not None:
            query = query.where(AuditEntry.entity == entity.value)
        if entity_id is not None:
            query = query.where(AuditEntry.entity_id == str(entity_id))
        rows = list(session.scalars(query))
        if limit is not None:
            rows = rows[-limit:]
        return [_redacted({name: getattr(e, name) for name in (*_HASHED_FIELDS, "hash")}) for e in rows]


REDACTED_KEYS = ("token_hash", "password_hash")
"""Never shown by `log` (every role reads it): entries written before revision 0003 of the code
kept a token's hash. The chain is verified on the stored entries, so redacting what is shown
does not weaken `verify`."""


def _redacted(entry: dict[str, Any]) -> dict[str, Any]:
    for side in ("before", "after"):
        value = entry[side]
        if isinstance(value, dict) and any(key in value for key in REDACTED_KEYS):
            entry[side] = {k: ("(redacted)" if k in REDACTED_KEYS and v not in (None, "(set)", "(changed)") else v)
                           for k, v in value.items()}
    return entry


def _entries(session: Session) -> Iterator[AuditEntry]:
    yield from session.scalars(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000))


def _utc_text(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="microseconds")
