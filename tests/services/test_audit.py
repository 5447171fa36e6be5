"""The audit chain: every write appends in its own transaction; any edit or removal is found."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from store_stubs import ADMIN, EXPORTER, StubDecider, transaction
from typer.testing import CliRunner

from dualuse.interfaces.cli.store import audit_app
from dualuse.services import audit, cases
from dualuse.storage.database import Store


@pytest.fixture
def chain(people: Store, decider: StubDecider) -> Store:
    """Four users (4 entries) and three cases (3 entries): seq 1..7."""
    for name in ("A Co", "B Co", "C Co"):
        cases.add_case(people, EXPORTER, transaction(name), decider=decider)
    return people


def test_an_untouched_chain_verifies(chain: Store) -> None:
    result = audit.verify(chain)
    assert (result.ok, result.entries, result.first_bad) == (True, 7, None)
    entries = audit.log(chain)
    assert [e["seq"] for e in entries] == list(range(1, 8))
    assert all(entries[i]["prev_hash"] == entries[i - 1]["hash"] for i in range(1, 7))
    assert entries[4]["action"] == "case.add" and entries[4]["after"]["created_by"] == EXPORTER


TAMPERING = [
    # (what a raw SQL statement does, first bad entry, words in the message)
    ("UPDATE audit_log SET actor = 'mallory' WHERE seq = 5", 5, "altered"),
    ('UPDATE audit_log SET after = \'{"outcome": "NO_LICENCE_REQUIRED"}\' WHERE seq = 6', 6, "altered"),
    ("DELETE FROM audit_log WHERE seq = 3", 3, "missing"),
    ("DELETE FROM audit_log WHERE seq = 7", 7, "missing"),
    ("UPDATE audit_log SET prev_hash = hash WHERE seq = 2", 2, "does not link"),
]


@pytest.mark.parametrize(("statement", "first_bad", "words"), TAMPERING)
def test_tampering_is_found_at_the_first_bad_entry(chain: Store, statement: str, first_bad: int, words: str) -> None:
    with chain.engine.begin() as conn:
        conn.execute(text(statement))
    result = audit.verify(chain)
    assert not result.ok
    assert result.first_bad == first_bad
    assert f"#{first_bad}" in result.message and words in result.message


def test_recomputing_an_edited_entry_hash_breaks_the_next_link(chain: Store) -> None:
    entry = audit.log(chain)[3]
    entry["actor"] = "mallory"
    forged = audit.entry_hash(entry)
    with chain.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'mallory', hash = :h WHERE seq = 4"), {"h": forged})
    result = audit.verify(chain)
    assert (result.ok, result.first_bad) == (False, 5)


def test_cli_verify_exit_codes(chain: Store, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUALUSE_DATABASE_URL", db_url)
    runner = CliRunner()
    ok = runner.invoke(audit_app, ["verify"])
    assert ok.exit_code == 0 and "intact: 7 entries" in ok.output
    with chain.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = 4"))
    bad = runner.invoke(audit_app, ["verify"])
    assert bad.exit_code == 1 and "audit entry #4 is missing" in bad.output
    log = runner.invoke(audit_app, ["log", "--user", ADMIN, "--entity", "case", "--limit", "1"])
    assert log.exit_code == 0 and '"seq": 7' in log.output
