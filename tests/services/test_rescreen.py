"""Re-screening: new list data raises an alert for every open record whose outcome got worse."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from store_stubs import EXPORTER, REVIEWER, Listing, StubDecider, transaction

from dualuse.services import audit, cases, rescreen
from dualuse.services.licences import LicenceView
from dualuse.storage.database import Store
from dualuse.storage.errors import RefusedError


def test_a_licence_whose_end_user_is_newly_listed_raises_an_alert(people: Store, issued: Callable[..., LicenceView]) -> None:
    licence = issued()  # Acme, decided on stub-1: LICENCE_REQUIRED
    open_case = cases.add_case(people, EXPORTER, transaction("Beta Co", ship="2026-05-01"), decider=StubDecider())
    cases.add_case(people, EXPORTER, transaction("Gamma Co", ship="2026-05-01"), decider=StubDecider())
    shipped = cases.add_case(people, EXPORTER, transaction("Beta Co", ship="2026-03-01"), decider=StubDecider())

    listed = StubDecider({"Acme Magnets GmbH": Listing("CL-2026-1"), "Beta Co": Listing("CL-2026-2")}, data_version="stub-2")
    with pytest.raises(RefusedError, match="may not rescreen.run"):
        rescreen.rescreen(people, EXPORTER, decider=listed, today=date(2026, 4, 1))
    report = rescreen.rescreen(people, REVIEWER, decider=listed, today=date(2026, 4, 1))
    found = {(a["entity"], a["entity_id"]): a for a in report.alerts}
    assert set(found) == {("licence", licence.id), ("case", open_case.id)}
    assert shipped.id not in {a["entity_id"] for a in report.alerts if a["entity"] == "case"}
    alert = found[("licence", licence.id)]
    assert (alert["old_outcome"], alert["new_outcome"], alert["new_data_version"]) == ("LICENCE_REQUIRED", "PROHIBITED", "stub-2")
    assert alert["detail"]["matched_parties"][0]["entity_id"] == "CL-2026-1"

    again = rescreen.rescreen(people, REVIEWER, decider=listed, today=date(2026, 4, 1))
    assert again.alerts == ()  # one alert per record and data version
    assert len(rescreen.list_alerts(people, EXPORTER)) == 2
    assert [e["action"] for e in audit.log(people)].count("rescreen.alert") == 2
    assert audit.verify(people).ok


def test_records_decided_on_the_current_data_are_skipped(people: Store) -> None:
    cases.add_case(people, EXPORTER, transaction(ship="2026-05-01"), decider=StubDecider())
    report = rescreen.rescreen(people, REVIEWER, decider=StubDecider(), today=date(2026, 4, 1))
    assert (report.checked, report.skipped, report.alerts) == (0, 1, ())
