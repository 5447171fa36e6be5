"""Cases: kept with their decision, settled by a reviewer, refused deletion inside retention."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from store_stubs import ADMIN, AUDITOR, EXPORTER, REVIEWER, Listing, StubDecider, transaction
from typer.testing import CliRunner

from dualuse.errors import InputError
from dualuse.interfaces.cli.store import case_app
from dualuse.services import applications, audit, cases
from dualuse.storage.database import Store
from dualuse.storage.errors import NotFoundError, PermissionRefused, RefusedError
from dualuse.vocabulary import Band, Outcome


def test_a_case_keeps_the_transaction_decision_and_versions(people: Store, decider: StubDecider) -> None:
    view = cases.add_case(people, EXPORTER, transaction(), decider=decider, source="order-1.json")
    shown = cases.get_case(people, AUDITOR, view.id).to_dict()
    assert shown["outcome"] == "LICENCE_REQUIRED" and shown["created_by"] == EXPORTER
    assert shown["data_version"] == "stub-1" and shown["as_of"] == "2026-03-02"
    assert shown["transaction"]["parties"][0]["name"] == "Acme Magnets GmbH"
    assert shown["decision"]["reasons"][0]["rule"] == "R-LIST"


def test_a_disposition_settles_only_the_open_question_and_needs_a_second_person(
    people: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    decider = StubDecider({"Maybe Co": Listing("CL-9", band=Band.REVIEW)})
    listed = cases.add_case(people, EXPORTER, transaction("Maybe Co"), decider=decider)  # 1C902 listed + a REVIEW match
    unlisted = cases.add_case(people, REVIEWER, transaction("Maybe Co", control_code=None), decider=decider)
    assert listed.outcome is Outcome.REVIEW and unlisted.outcome is Outcome.REVIEW
    cleared = cases.dispose_case(people, REVIEWER, listed.id, "cleared", "not the listed company")
    assert cleared.final_outcome is Outcome.LICENCE_REQUIRED and cleared.floor_outcome is Outcome.LICENCE_REQUIRED
    assert cleared.four_eyes is True
    with pytest.raises(PermissionRefused, match="rita recorded case .* and may not also settle it: four-eyes"):
        cases.dispose_case(people, REVIEWER, unlisted.id, "cleared", "mine")
    settled = cases.dispose_case(people, ADMIN, unlisted.id, "cleared", "not the listed company")
    assert settled.final_outcome is Outcome.NO_LICENCE_REQUIRED  # nothing else requires a licence
    monkeypatch.setenv("DUALUSE_FOUR_EYES", "0")
    own = cases.add_case(people, REVIEWER, transaction("Maybe Co"), decider=decider)
    assert cases.dispose_case(people, REVIEWER, own.id, "prohibited", "same company").four_eyes is False
    assert cases.get_case(people, AUDITOR, own.id).final_outcome is Outcome.PROHIBITED


def test_list_filters_by_outcome(people: Store) -> None:
    decider = StubDecider({"Bad Co": Listing("CL-1")})
    cases.add_case(people, EXPORTER, transaction("Bad Co"), decider=decider)
    cases.add_case(people, EXPORTER, transaction("Good Co"), decider=decider)
    assert [c.outcome for c in cases.list_cases(people, AUDITOR, outcome=Outcome.PROHIBITED)] == [Outcome.PROHIBITED]
    assert len(cases.list_cases(people, AUDITOR)) == 2


def test_a_reviewer_settles_a_review_case_once(people: Store) -> None:
    decider = StubDecider({"Maybe Co": Listing("CL-9", band=Band.REVIEW)})
    case = cases.add_case(people, EXPORTER, transaction("Maybe Co"), decider=decider)
    assert case.outcome is Outcome.REVIEW
    with pytest.raises(RefusedError, match="may not case.dispose"):
        cases.dispose_case(people, EXPORTER, case.id, "cleared", "not the same company")
    settled = cases.dispose_case(people, REVIEWER, case.id, "licence_required", "same company, civil end use")
    assert settled.final_outcome is Outcome.LICENCE_REQUIRED and settled.outcome is Outcome.REVIEW
    with pytest.raises(RefusedError, match="already disposed of as licence_required by rita"):
        cases.dispose_case(people, REVIEWER, case.id, "cleared", "again")
    other = cases.add_case(people, EXPORTER, transaction(), decider=decider)
    with pytest.raises(RefusedError, match="is LICENCE_REQUIRED"):
        cases.dispose_case(people, REVIEWER, other.id, "cleared", "x")
    last = [e for e in audit.log(people) if e["action"] == "case.dispose"][-1]
    assert last["before"]["disposition"] is None
    assert last["after"]["disposition"] == "licence_required"


def test_retention_refuses_deletion_and_says_until_when(people: Store, decider: StubDecider) -> None:
    case = cases.add_case(people, EXPORTER, transaction(), decider=decider)
    created = datetime.fromisoformat(cases.get_case(people, ADMIN, case.id).created_at)
    until = created.date().replace(year=created.year + 5)
    with pytest.raises(RefusedError, match=rf"must be kept until {until.isoformat()}.*Regs Art. 27"):
        cases.delete_case(people, ADMIN, case.id)
    later = datetime(until.year, until.month, until.day, tzinfo=UTC)
    with pytest.raises(RefusedError, match="may not case.delete"):
        cases.delete_case(people, REVIEWER, case.id, now=later)
    cases.delete_case(people, ADMIN, case.id, now=later)
    with pytest.raises(NotFoundError):
        cases.get_case(people, ADMIN, case.id)
    assert audit.log(people)[-1]["before"]["id"] == case.id  # the record survives in the log
    assert audit.verify(people).ok


def test_a_case_with_an_application_is_not_deleted(people: Store, decider: StubDecider) -> None:
    case = cases.add_case(people, EXPORTER, transaction(), decider=decider)
    applications.create_application(people, EXPORTER, case.id)
    far = datetime(2040, 1, 1, tzinfo=UTC)
    with pytest.raises(RefusedError, match="has 1 licence application"):
        cases.delete_case(people, ADMIN, case.id, now=far)


def test_bad_input_leaves_the_database_unchanged(
    people: Store, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = len(audit.log(people))
    with pytest.raises(NotFoundError, match="no case 999"):
        cases.dispose_case(people, REVIEWER, 999, "cleared", "x")
    with pytest.raises(InputError, match="unknown disposition"):
        cases.dispose_case(people, REVIEWER, 1, "maybe", "x")
    bad = tmp_path / "bad.json"
    bad.write_text('{"destination": "DE",\n "exporter": {"name": "X", "country": "CN"},\n "items": [{"value": -1}]}')
    with pytest.raises(InputError, match=r"bad.json:3: items\[0\].value"):
        cases.add_case_file(people, EXPORTER, bad)
    monkeypatch.setenv("DUALUSE_DATABASE_URL", db_url)
    result = CliRunner().invoke(case_app, ["add", str(bad), "--user", EXPORTER])
    assert isinstance(result.exception, InputError)
    assert len(audit.log(people)) == before
    with people.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM cases")).scalar() == 0


def test_cli_case_add_prints_id_and_outcome(people: Store, tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUALUSE_DATABASE_URL", db_url)
    monkeypatch.setattr(cases, "regime_decider", lambda data_dir=None: StubDecider())
    order = tmp_path / "order.json"
    order.write_text(json.dumps(transaction().model_dump(mode="json")))
    result = CliRunner().invoke(case_app, ["add", str(order), "--user", EXPORTER])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"case_id": 1, "outcome": "LICENCE_REQUIRED"}
    shown = CliRunner().invoke(case_app, ["list", "--outcome", "LICENCE_REQUIRED"], env={"DUALUSE_USER": AUDITOR})
    assert json.loads(shown.output)[0]["case_id"] == 1


EXAMPLES = Path(__file__).parents[2] / "examples" / "transactions"


def test_with_the_bundled_engine_watch_list_and_dispositions(people: Store) -> None:
    """The store against the real decision engine: what it reads from a decision is there."""
    from dualuse.services import dispositions
    from dualuse.transaction import read_transaction

    order = read_transaction(EXAMPLES / "04-jp-watch-list-tdk.json")
    case = cases.add_case(people, EXPORTER, order)
    watch = [p for p in case.decision["matched_parties"] if p["list"] == "watch_list" and p["band"] == "hit"]
    assert case.outcome is Outcome.LICENCE_REQUIRED and watch
    assert applications.create_application(people, EXPORTER, case.id).watch_list

    decider = cases.regime_decider()
    entity = watch[0]["entity_id"]
    dispositions.add_disposition(
        people,
        REVIEWER,
        party_name=watch[0]["name"],
        entity_id=entity,
        entry_hash=decider.entry_hash(entity) or "",
        reason="test: another TDK",
        expires_on=date(2099, 1, 1),
    )
    again = cases.add_case(people, EXPORTER, order)
    assert again.decision["dispositions"][0]["entity_id"] == entity
    assert all(r.get("party") is None for r in again.decision["reasons"])
    assert again.outcome is Outcome.LICENCE_REQUIRED  # the item itself is still listed
