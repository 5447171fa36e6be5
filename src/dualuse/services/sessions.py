"""Web sessions kept in the store: a sign-in makes a random token (the cookie); the store keeps
only a keyed hash of it, the user, and when it was made, last used and ends.

A session ends at sign-out, when the user's password is changed or the user deactivated, after
`idle` without a request, and at its absolute expiry; an ended session never authenticates
again, so a copied cookie is worth nothing after sign-out. Signing in always makes a new token
(rotation): a token planted before sign-in is not the one that gets the rights.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from dualuse.services.audit import utcnow
from dualuse.storage.database import Store
from dualuse.storage.models import User, WebSession

TOUCH_EVERY = timedelta(seconds=60)  # last_seen_at is written at most this often per session


@dataclass(frozen=True)
class ActiveSession:
    name: str
    expires: datetime


def start(store: Store, key: bytes, name: str, *, lifetime: timedelta, now: datetime | None = None) -> str:
    """A new session for the active user `name`; returns the token for the cookie."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with store.transaction() as session:
        user = session.scalar(select(User).where(User.name == name, User.active.is_(True)))
        if user is None:
            raise LookupError(name)
        session.add(WebSession(token_hash=_hash(key, token), user_id=user.id, created_at=now, last_seen_at=now,
                               expires_at=now + lifetime))
    return token


def resume(store: Store, key: bytes, token: str | None, *, idle: timedelta, now: datetime | None = None) -> ActiveSession | None:
    """The session a cookie's token names, if it has not ended, expired or been idle too long."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    digest = _hash(key, token)
    with store.reading() as session:
        row = session.scalar(select(WebSession).where(WebSession.token_hash == digest))
        if row is None or row.ended_at is not None:
            return None
        name, active = row.user.name, row.user.active
        last_seen, expires = _aware(row.last_seen_at), _aware(row.expires_at)
    if not active or now >= expires or now - last_seen > idle:
        end(store, key, token, now=now)
        return None
    if now - last_seen >= TOUCH_EVERY:
        with store.transaction() as session:
            row = session.scalar(select(WebSession).where(WebSession.token_hash == digest))
            if row is not None and row.ended_at is None:
                row.last_seen_at = now
    return ActiveSession(name, expires)


def end(store: Store, key: bytes, token: str | None, *, now: datetime | None = None) -> bool:
    """End the session of `token` (sign-out, rotation); False when there was none to end."""
    if not token or len(token) > 200:
        return False
    with store.transaction() as session:
        row = session.scalar(select(WebSession).where(WebSession.token_hash == _hash(key, token)))
        if row is None or row.ended_at is not None:
            return False
        row.ended_at = now or utcnow()
        return True


def _hash(key: bytes, token: str) -> str:
    return hmac.new(key, token.encode("utf-8"), hashlib.sha256).hexdigest()


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
