"""Reading one record by its id, the one way every service does it: a missing record is a
`NotFoundError` (404 in the API, exit 2 in the CLI), never a `None` to check at each call."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from dualuse.storage.errors import NotFoundError

R = TypeVar("R")

def get(session: Session, model: type[R], record_id: Any, lock: bool = False) -> R:
    """The `model` record with primary key `record_id`; `lock` takes it FOR UPDATE (a state
    change reads and writes it in one transaction, so a second writer waits). The error names
    the model as a word (`Case` → "no case 7"), as the API and CLI have always said it."""
    query = select(model).where(model.id == record_id)  # type: ignore[attr-defined]
    if lock:
        query = query.with_for_update()
    found = session.scalar(query)
    if found is None:
        raise NotFoundError(model.__name__.lower(), record_id)
    return found
