"""Where the database is, how to open it, and whether its schema matches the code.

`DUALUSE_DATABASE_URL` names the database (any SQLAlchemy URL; `postgresql://` is read as
`postgresql+psycopg://`). Without it the store is the SQLite file
`$XDG_DATA_HOME/dualuse/dualuse.sqlite` (default `~/.local/share/dualuse/dualuse.sqlite`),
created and migrated on first use.

SQLite runs in WAL mode with foreign keys on, and every transaction starts with
`BEGIN IMMEDIATE`: writers queue on the file lock at the start instead of failing half-way
with "database is locked" when two processes write at once. Read-only operations
(`Store.reading()`) begin DEFERRED and so never wait for a writer (WAL).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from dualuse.storage.errors import SchemaVersionError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
ENV_URL = "DUALUSE_DATABASE_URL"


def default_url() -> str:
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'dualuse' / 'dualuse.sqlite'}"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else DUALUSE_DATABASE_URL, else the default SQLite file."""
    raw = url or os.environ.get(ENV_URL) or default_url()
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy's "begin" below emit BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection: Connection) -> None:
        connection.exec_driver_sql(f"BEGIN {connection.get_execution_options().get('sqlite_begin', 'IMMEDIATE')}")

    return engine


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    head = script.get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Apply migrations up to `revision`; returns the revision the database is now at."""
    try:
        command.upgrade(alembic_config(engine), revision)
    except CommandError as exc:  # e.g. a database written by a newer dualuse
        raise SchemaVersionError(f"cannot migrate the database: {exc}") from None
    return current_revision(engine) or "base"


class Store:
    """One database: an engine, a session factory, and the one way to run an operation."""

    def __init__(self, url: str | None = None, *, check: bool = True):
        self.url = database_url(url)
        self.engine = make_engine(self.url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(self.engine.execution_options(sqlite_begin="DEFERRED"), expire_on_commit=False)
        if check:
            self.ensure_schema()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def ensure_schema(self) -> None:
        """Create an empty database on first use; refuse one at another revision."""
        current = current_revision(self.engine)
        expected = head_revision()
        if current == expected:
            return
        if current is None and not inspect(self.engine).get_table_names():
            upgrade(self.engine)
            return
        raise SchemaVersionError(f"database at revision {current or 'none'}, code expects {expected}: run `dualuse db upgrade`")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One operation = one transaction: commit at the end, roll everything back on error."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only operation: one transaction, no write lock, rolled back when the session closes."""
        with self._readers() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
