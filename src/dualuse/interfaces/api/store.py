"""The store as the API and the web app see it: who a token or a session belongs to, the decider
the services use (the server's already loaded engine), and the server-side web sessions.

Authentication is here; authorisation is not. A write passes the caller's name to the service,
which checks the role against `rules.yaml` and writes the audit entry.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

from dualuse.engine.decision import Decision
from dualuse.interfaces.api.auth import Principal
from dualuse.interfaces.api.runtime import Runtime
from dualuse.services import dispositions, sessions, users
from dualuse.storage.database import Store, default_url
from dualuse.storage.errors import RefusedError, StateConflict
from dualuse.transaction import Transaction

SESSION_COOKIE = "dualuse_session"
CSRF_COOKIE = "dualuse_csrf"
SECRET_FILE = "session.key"


class StoreAuthenticator:
    """API tokens of the store's users (`dualuse token create`); the user's role becomes the principal's."""

    blocking = True  # queries the database: call it from a worker thread

    def __init__(self, store: Store):
        self.store = store

    def authenticate(self, token: str) -> Principal | None:
        try:
            name = users.authenticate_token(self.store, token)
        except RefusedError:
            return None
        return self.user(name)

    def user(self, name: str) -> Principal | None:
        """The active user called `name`, with their role, or None."""
        try:
            for view in users.list_users(self.store, name):
                if view.name == name and view.active:
                    return Principal(view.name, view.role.value)
        except RefusedError:
            return None
        return None

    def check_password(self, name: str, password: str) -> Principal | None:
        if not name or not password or not users.check_password(self.store, name, password):
            return None
        return self.user(name)


class ChainAuthenticator:
    """The store's tokens first, then the read-only tokens of `DUALUSE_API_TOKENS`."""

    blocking = True

    def __init__(self, *authenticators: object):
        self.authenticators = authenticators

    def authenticate(self, token: str) -> Principal | None:
        for authenticator in self.authenticators:
            found = authenticator.authenticate(token)  # type: ignore[attr-defined]
            if found is not None:
                return found
        return None


class RuntimeDecider:
    """The services' `Decider` over the server's loaded engine, so the regime is loaded once."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime

    @property
    def data_version(self) -> str:
        return self.runtime.data_version

    def decide(self, transaction: Transaction, as_of: date | None = None) -> Decision:
        return self.runtime.check(transaction, as_of)

    def entry_hash(self, entity_id: str) -> str | None:
        return dispositions.entry_hash(self.runtime.regime, entity_id)


@dataclass(frozen=True)
class Session:
    name: str
    expires: int


class Sessions:
    """Web sessions kept server-side (`dualuse.services.sessions`): the cookie holds a random
    token, the store a keyed hash of it. Sign-out, a password change or deactivation end them;
    so do `idle_minutes` without a request and `hours` after sign-in. The key is
    `DUALUSE_SESSION_SECRET`, else a random key kept in `session.key` next to the SQLite file (or
    in dualuse's data directory for another database), created on first use with mode 0600."""

    def __init__(self, store: Store, secret: bytes, hours: int = 12, idle_minutes: int = 30):
        self.store = store
        self._secret = secret
        self.max_age = hours * 3600
        self.idle = timedelta(minutes=idle_minutes)

    @classmethod
    def for_store(cls, store: Store, configured: str | None, hours: int = 12, idle_minutes: int = 30) -> "Sessions":
        secret = configured.encode("utf-8") if configured else _key_file(secret_path(store.url))
        return cls(store, secret, hours, idle_minutes)

    def start(self, name: str, previous: str | None = None) -> str:
        """A new session's cookie value (rotation: the session of `previous`, if any, ends)."""
        sessions.end(self.store, self._secret, previous)
        return sessions.start(self.store, self._secret, name, lifetime=timedelta(seconds=self.max_age))

    def read(self, cookie: str | None, now: datetime | None = None) -> Session | None:
        """The session a cookie names, or None when it is absent, unknown, ended, idle or expired."""
        found = sessions.resume(self.store, self._secret, cookie, idle=self.idle, now=now)
        return Session(found.name, int(found.expires.timestamp())) if found is not None else None

    def end(self, cookie: str | None) -> bool:
        return sessions.end(self.store, self._secret, cookie)


def secret_path(url: str) -> Path | None:
    """`session.key` next to a SQLite file, in the default data directory for a server database,
    None for an in-memory database (a key per process)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return None
        return Path(parsed.database).expanduser().parent / SECRET_FILE
    return Path(make_url(default_url()).database or ".").parent / SECRET_FILE


def _key_file(path: Path | None) -> bytes:
    if path is None:
        return secrets.token_bytes(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_bytes().strip()
        if len(key) >= 32:
            return key
        raise StateConflict(f"the session key {path} is shorter than 32 bytes", ["delete it to have a new one made"]) from None
    with os.fdopen(fd, "wb") as out:
        key = secrets.token_hex(32).encode("ascii")
        out.write(key)
    return key
