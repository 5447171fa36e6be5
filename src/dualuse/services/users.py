"""Users, roles and API tokens, and the one place a write checks who may make it.

Passwords are hashed with argon2id (argon2-cffi); API tokens are random and stored only as
their SHA-256 (a token has 256 bits of entropy, so a fast hash is enough and lookups are by
hash). On an empty database the first user may be added by nobody, and must be an admin:
that is the bootstrap step of the first run.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import threading
from dataclasses import dataclass
from functools import lru_cache
from datetime import date

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dualuse.errors import InputError
from dualuse.services.audit import record, snapshot, utcnow
from dualuse.storage.database import Store
from dualuse.storage.errors import NotFoundError, PermissionRefused, StateConflict
from dualuse.storage.models import ApiToken, User
from dualuse.storage.rules import rules
from dualuse.storage.vocabulary import Entity, Permission, Role

_hasher = PasswordHasher()
_HASH_CONCURRENCY = os.environ.get("DUALUSE_HASH_CONCURRENCY", "2").strip()
_HASHING = threading.BoundedSemaphore(int(_HASH_CONCURRENCY) if _HASH_CONCURRENCY.isdigit() and int(_HASH_CONCURRENCY) > 0 else 2)
"""At most this many argon2 computations at once (64 MiB each): concurrent sign-ins queue here
instead of taking the server's memory (`DUALUSE_HASH_CONCURRENCY`, default 2)."""
TOKEN_PREFIX = "du_"


@dataclass(frozen=True)
class UserView:
    name: str
    role: Role
    active: bool

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "role": self.role.value, "active": self.active}


def require(session: Session, actor: str | None, permission: Permission) -> User:
    """The acting user, if their role grants `permission` (rules.yaml); refuse otherwise."""
    user = known_user(session, actor)
    allowed = rules().permissions[permission]
    if Role(user.role) not in allowed:
        raise PermissionRefused(
            f"{user.name} ({user.role}) may not {permission}",
            [f"needs role {' or '.join(r.value for r in allowed)}"],
        )
    return user


def require_owner(user: User, owner: str, what: str) -> None:
    """Refuse a write to another user's record when the user's role writes only its own (rules.yaml)."""
    if not rules().owns(user.role, user.name, owner):
        raise PermissionRefused(
            f"{user.name} ({user.role}) may not write to {what}: it belongs to {owner}",
            ["an exporter writes only to his own cases, applications and licences (rules.yaml own_records_only)"],
        )


def known_user(session: Session, actor: str | None) -> User:
    """Any active user: reads are open to every role, but not to strangers."""
    if not actor:
        raise InputError("who is acting? pass --user NAME or set DUALUSE_USER", field="user")
    user = session.scalar(select(User).where(User.name == actor))
    if user is None or not user.active:
        raise PermissionRefused(f"unknown user {actor!r}", ["an admin adds users with `dualuse user add NAME --role ROLE`"])
    return user


def add_user(store: Store, actor: str | None, name: str, role: Role | str, password: str | None = None) -> UserView:
    """Add a user; on an empty database, the first user needs no actor and must be an admin."""
    role = _role(role)
    name = name.strip()
    if not name or len(name) > 120:
        raise InputError("a user name is 1 to 120 characters", field="name")
    with store.transaction() as session:
        first = session.scalar(select(func.count()).select_from(User)) == 0
        if first:
            if role is not Role.ADMIN:
                raise StateConflict("the first user must be an admin", [f"run `dualuse user add {name} --role admin`"])
            actor = name
        else:
            actor = require(session, actor, Permission.USER_ADD).name
        if session.scalar(select(User).where(User.name == name)) is not None:
            raise StateConflict(f"user {name!r} already exists")
        user = User(
            name=name,
            role=role.value,
            password_hash=_hash_password(check_password_policy(password, name)) if password else None,
            active=True,
            created_at=utcnow(),
        )
        session.add(user)
        session.flush()
        after = snapshot(user) | {"password_hash": "(set)" if password else None}
        record(session, actor, "user.add", Entity.USER, user.id, None, after)
        return UserView(user.name, role, user.active)


def check_password_policy(password: str, name: str = "") -> str:
    """The password, if it meets the policy of rules.yaml `passwords`; else bad input naming `password`."""
    rule = rules().passwords
    if len(password) < rule.min_length:
        raise InputError(f"a password has at least {rule.min_length} characters", field="password")
    if len(set(password)) < rule.min_distinct:
        raise InputError(f"a password has at least {rule.min_distinct} different characters", field="password")
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", password).casefold()
    common = {word.casefold() for word in rule.common}
    if len(name) >= 4 and name.casefold() in password.casefold():
        raise InputError("a password does not contain the user's name", field="password")
    if not core or core in common or any(core == word * (len(core) // len(word)) for word in common if word):
        raise InputError("this password is too common: choose a longer phrase of your own", field="password")
    return password


def set_password(store: Store, actor: str | None, name: str, password: str) -> UserView:
    """Set a user's password (the user themself, or an admin); ends the user's web sessions."""
    with store.transaction() as session:
        acting = known_user(session, actor)
        if acting.name != name:
            acting = require(session, actor, Permission.USER_MANAGE)
        user = _user(session, name)
        check_password_policy(password, user.name)
        user.password_hash = _hash_password(password)
        _end_sessions(session, user)
        session.flush()
        record(session, acting.name, "user.passwd", Entity.USER, user.id, None, {"name": user.name, "password_hash": "(changed)"})
        return UserView(user.name, Role(user.role), user.active)


def deactivate_user(store: Store, actor: str | None, name: str) -> UserView:
    """An admin deactivates a user: no sign-in, no token, web sessions ended; the records stay."""
    with store.transaction() as session:
        acting = require(session, actor, Permission.USER_MANAGE)
        user = _user(session, name, lock=True)
        if not user.active:
            raise StateConflict(f"user {name!r} is already inactive")
        if user.role == Role.ADMIN.value:
            admins = session.scalar(
                select(func.count()).select_from(User).where(User.role == Role.ADMIN.value, User.active.is_(True))
            )
            if (admins or 0) <= 1:
                raise StateConflict(f"{name} is the last active admin", ["add another admin first"])
        before = _public(user)
        user.active = False
        _end_sessions(session, user)
        session.flush()
        record(session, acting.name, "user.deactivate", Entity.USER, user.id, before, _public(user))
        return UserView(user.name, Role(user.role), user.active)


def end_sessions(store: Store, actor: str | None, name: str) -> int:
    """End every web session of `name` (the user, or an admin): each browser must sign in again.
    Returns how many were open. Audited."""
    from dualuse.storage.models import WebSession

    with store.transaction() as session:
        acting = known_user(session, actor)
        if acting.name != name:
            acting = require(session, actor, Permission.USER_MANAGE)
        user = _user(session, name)
        open_now = session.scalar(
            select(func.count()).select_from(WebSession).where(WebSession.user_id == user.id, WebSession.ended_at.is_(None))
        ) or 0
        _end_sessions(session, user)
        session.flush()
        record(session, acting.name, "user.end_sessions", Entity.USER, user.id, None, {"name": user.name, "sessions_ended": open_now})
        return int(open_now)


def _user(session: Session, name: str, *, lock: bool = False) -> User:
    query = select(User).where(User.name == name)
    if lock:
        query = query.with_for_update()
    user = session.scalar(query)
    if user is None:
        raise NotFoundError("user", name)
    return user


def _public(user: User) -> dict[str, object]:
    return snapshot(user) | {"password_hash": "(set)" if user.password_hash else None}


def _end_sessions(session: Session, user: User) -> None:
    from dualuse.storage.models import WebSession

    now = utcnow()
    for row in session.scalars(select(WebSession).where(WebSession.user_id == user.id, WebSession.ended_at.is_(None))):
        row.ended_at = now


def list_users(store: Store, actor: str | None) -> list[UserView]:
    with store.reading() as session:
        known_user(session, actor)
        return [UserView(u.name, Role(u.role), u.active) for u in session.scalars(select(User).order_by(User.name))]


def create_token(store: Store, actor: str | None, user_name: str, label: str = "", expires_on: date | None = None) -> str:
    """A new API token for `user_name` (an admin, or the user themself); shown once, stored hashed."""
    with store.transaction() as session:
        acting = known_user(session, actor)
        if acting.name != user_name:
            acting = require(session, actor, Permission.TOKEN_CREATE)
        owner = session.scalar(select(User).where(User.name == user_name))
        if owner is None:
            raise NotFoundError("user", user_name)
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = ApiToken(
            user_id=owner.id,
            token_hash=_token_hash(token),
            label=label,
            created_at=utcnow(),
            expires_on=expires_on,
            revoked=False,
        )
        session.add(row)
        session.flush()
        record(session, acting.name, "token.create", Entity.TOKEN, row.id, None, _token_record(row))
        return token


def revoke_token(store: Store, actor: str | None, token: str) -> None:
    """Revoke a token (given in full: only its hash is stored); an admin, or its owner."""
    with store.transaction() as session:
        acting = known_user(session, actor)
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)).with_for_update())
        if row is None:
            raise NotFoundError("token", token[:8] + "…")
        if row.user_id != acting.id:
            acting = require(session, actor, Permission.TOKEN_CREATE)
        if row.revoked:
            raise StateConflict(f"token {row.id} is already revoked")
        before = _token_record(row)
        row.revoked = True
        session.flush()
        record(session, acting.name, "token.revoke", Entity.TOKEN, row.id, before, _token_record(row))


def authenticate_token(store: Store, token: str, today: date | None = None) -> str:
    """The user name a token belongs to; refuses unknown, revoked or expired tokens."""
    with store.reading() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
        if row is None or row.revoked or not row.user.active:
            raise PermissionRefused("invalid API token")
        if row.expires_on is not None and row.expires_on < (today or date.today()):
            raise PermissionRefused(f"API token expired on {row.expires_on.isoformat()}")
        return row.user.name


def check_password(store: Store, name: str, password: str) -> bool:
    """Whether `password` is `name`'s. An unknown or inactive user costs the same argon2
    verification as a known one (against a dummy hash), so the time taken does not tell
    which user names exist."""
    with store.reading() as session:
        user = session.scalar(select(User).where(User.name == name))
        stored = user.password_hash if user is not None and user.active and user.password_hash else None
    ok = _verify(stored or _dummy_hash(), password)
    return ok and stored is not None


def _verify(stored: str, password: str) -> bool:
    with _HASHING:
        try:
            return _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False


def _hash_password(password: str) -> str:
    with _HASHING:
        return _hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hash_password(secrets.token_urlsafe(16))


def resolve_actor(store: Store, user: str | None, token: str | None) -> str | None:
    """Who is acting: the holder of `token` when one is given, else the named user."""
    return authenticate_token(store, token) if token else user


def _token_record(row: ApiToken) -> dict[str, object]:
    """A token as the audit log keeps it: without its hash (every role reads the log)."""
    return {k: v for k, v in snapshot(row).items() if k != "token_hash"}


def _role(value: Role | str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise InputError(f"unknown role {value!r}: expected one of {', '.join(r.value for r in Role)}", field="role") from None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
