"""Screening dispositions: a false match stays quiet until it expires or the list entry changes."""

from __future__ import annotations

from datetime import date

import pytest
from store_stubs import EXPORTER, REVIEWER, Listing, StubDecider, transaction

from dualuse.errors import InputError
from dualuse.services import cases, dispositions
from dualuse.storage.database import Store
from dualuse.storage.errors import RefusedError
from dualuse.vocabulary import Band, Outcome

NAME = "Tokai Precision KK"
SHIP = "2026-03-02"


@pytest.fixture
def screened(people: Store) -> tuple[Store, StubDecider]:
    decider = StubDecider({NAME: Listing("MOFCOM-2026-12/7", "watch_list", Band.REVIEW)})
    dispositions.add_disposition(
        people,
        REVIEWER,
        party_name="  tokai  precision kk ",
        entity_id="MOFCOM-2026-12/7",
        entry_hash=decider.entry_hash("MOFCOM-2026-12/7") or "",
        reason="different company: other address, other registry number",
        expires_on=date(2026, 6, 30),
        today=date(2026, 3, 1),
    )
    return people, decider


# (ship date, does the entry's content still hash the same, expected outcome)
CASES = [
    ("2026-03-02", True, Outcome.LICENCE_REQUIRED),  # disposition in force: the match is not raised
    ("2026-06-30", True, Outcome.LICENCE_REQUIRED),  # last day in force
    ("2026-07-01", True, Outcome.REVIEW),  # expired: raised again
    ("2026-03-02", False, Outcome.REVIEW),  # the list entry changed: raised again
]


@pytest.mark.parametrize(("ship", "same_entry", "expected"), CASES)
def test_disposition_applies_until_expiry_or_entry_change(
    screened: tuple[Store, StubDecider], ship: str, same_entry: bool, expected: Outcome
) -> None:
    store, decider = screened
    if not same_entry:
        decider.entry_hashes["MOFCOM-2026-12/7"] = "amended-entry"
    case = cases.add_case(store, EXPORTER, transaction(NAME, "JP", ship=ship), decider=decider)
    assert case.outcome is expected
    if expected is Outcome.LICENCE_REQUIRED:
        assert case.decision["dispositions"][0]["reason"].startswith("different company")
        assert case.decision["engine_outcome"] == "REVIEW"
        assert case.decision["suppressed_reasons"][0]["rule"] == "R-PARTY"
    else:
        assert "dispositions" not in case.decision


def test_dispositions_are_listed_with_expiry_and_need_a_reviewer(screened: tuple[Store, StubDecider]) -> None:
    store, _ = screened
    assert [d.expires_on for d in dispositions.list_dispositions(store, EXPORTER)] == [date(2026, 6, 30)]
    assert dispositions.list_dispositions(store, EXPORTER, active_on=date(2026, 7, 1)) == []
    with pytest.raises(RefusedError, match="may not disposition.add"):
        dispositions.add_disposition(
            store, EXPORTER, party_name="X", entity_id="E", entry_hash="h", reason="r", expires_on=date(2099, 1, 1)
        )
    with pytest.raises(InputError, match="not in the future"):
        dispositions.add_disposition(
            store, REVIEWER, party_name="X", entity_id="E", entry_hash="h", reason="r", expires_on=date(2020, 1, 1)
        )
