"""Opening the store: created on first use, refused at another schema revision, pragmas set."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from dualuse.storage.database import Store, current_revision, database_url, default_url, head_revision, upgrade
from dualuse.storage.errors import SchemaVersionError
from dualuse.storage.rules import rules
from dualuse.storage.vocabulary import ApplicationAction, ApplicationState, Entity


def test_first_use_creates_the_schema_at_head(db_url: str) -> None:
    store = Store(db_url)
    try:
        assert current_revision(store.engine) == head_revision()
        tables = set(inspect(store.engine).get_table_names())
        assert {"cases", "applications", "licences", "shipments", "audit_log", "audit_head", "users"} <= tables
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT seq, hash FROM audit_head")).one() == (0, "0" * 64)
    finally:
        store.dispose()


def test_a_database_at_another_revision_is_refused_with_the_fix(db_url: str) -> None:
    Store(db_url).dispose()
    store = Store(db_url, check=False)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    with pytest.raises(
        SchemaVersionError, match=rf"database at revision 0000, code expects {head_revision()}: run `dualuse db upgrade`"
    ):
        store.ensure_schema()
    store.dispose()


def test_an_older_schema_says_so_and_upgrades_keeping_the_data(db_url: str) -> None:
    store = Store(db_url, check=False)
    upgrade(store.engine, "0001")
    with store.engine.begin() as conn:
        conn.execute(text("INSERT INTO users (name, role, active, created_at) VALUES ('old', 'admin', true, '2026-01-01')"))
    with pytest.raises(SchemaVersionError, match=rf"database at revision 0001, code expects {head_revision()}"):
        store.ensure_schema()
    assert upgrade(store.engine) == head_revision()
    store.ensure_schema()
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM users")).scalar() == "old"
        assert conn.execute(text("SELECT count(clock_stopped_on) FROM applications")).scalar() == 0
    store.dispose()


def test_upgrade_is_idempotent(db_url: str) -> None:
    store = Store(db_url)
    assert upgrade(store.engine) == head_revision()
    store.dispose()


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.sqlite'}")
    with store.transaction() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    store.dispose()


def test_database_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DUALUSE_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_url() == f"sqlite:///{tmp_path}/dualuse/dualuse.sqlite"
    assert database_url() == default_url()
    monkeypatch.setenv("DUALUSE_DATABASE_URL", "postgresql://u@db/dualuse")
    assert database_url() == "postgresql+psycopg://u@db/dualuse"
    assert database_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"


def test_the_rules_table_is_complete_and_consistent() -> None:
    table = rules()
    assert set(table.application_transitions) == set(ApplicationAction)
    reachable = {t.to for t in table.application_transitions.values()} | {ApplicationState.DRAFT}
    assert reachable == set(ApplicationState)
    terminal = {ApplicationState.APPROVED, ApplicationState.DENIED, ApplicationState.WITHDRAWN}
    assert not any(terminal & set(t.from_) for t in table.application_transitions.values())
    assert {Entity.CASE, Entity.LICENCE} <= set(table.retention)
    assert all(r.years >= 5 for r in table.retention.values())  # Regs Art. 27


def test_cli_db_commands(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from typer.testing import CliRunner

    from dualuse.interfaces.cli.store import db_app

    monkeypatch.setenv("DUALUSE_DATABASE_URL", db_url)
    runner = CliRunner()
    before = json.loads(runner.invoke(db_app, ["current"]).output)
    assert (before["current"], before["up_to_date"]) == (None, False)
    upgraded = json.loads(runner.invoke(db_app, ["upgrade"]).output)
    assert (upgraded["from"], upgraded["to"]) == (None, head_revision())
    assert json.loads(runner.invoke(db_app, ["current"]).output)["up_to_date"] is True
