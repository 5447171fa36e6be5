"""Issue 15, access and records, over HTTP: a disposition settles the open question only, four-eyes,
record ownership, and the typed errors' statuses (403 role or owner, 409 state, 404, 422)."""

from __future__ import annotations

import pytest

from .helpers import assert_error
from .store_helpers import StoreApi

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def api(runtime, tmp_path) -> StoreApi:
    return StoreApi.create(runtime, tmp_path)


def test_clearing_a_review_case_about_a_listed_item_leaves_it_licence_required(api: StoreApi, examples):
    """Samarium metal (1C902.a) to Japan, end use unknown: REVIEW. "Cleared" settles the end use,
    not the listing, so the final outcome stays LICENCE_REQUIRED and the record says why."""
    case = api.post("exporter", "/api/v1/cases", examples["05-jp-end-use-unknown"]).json()
    assert case["outcome"] == "REVIEW"
    settled = api.post("reviewer", f"/api/v1/cases/{case['case_id']}/disposition",
                       {"disposition": "cleared", "reason": "civil magnets, end-use statement received"})
    assert settled.status_code == 200, settled.text
    body = settled.json()
    assert body["disposition"] == "cleared"
    assert body["final_outcome"] == "LICENCE_REQUIRED" and body["floor_outcome"] == "LICENCE_REQUIRED"
    assert body["four_eyes"] is True
    shown = api.get("auditor", f"/api/v1/cases/{case['case_id']}").json()
    assert shown["final_outcome"] == "LICENCE_REQUIRED"
    # and an application may be drafted for it (a cleared case would have "needed no licence")
    drafted = api.post("exporter", "/api/v1/applications", {"case_id": case["case_id"], "licence_type": "single"})
    assert drafted.status_code == 201, drafted.text


def test_a_reviewer_may_not_settle_a_case_he_recorded(api: StoreApi, examples):
    case = api.post("reviewer", "/api/v1/cases", examples["05-jp-end-use-unknown"]).json()
    url = f"/api/v1/cases/{case['case_id']}/disposition"
    body = {"disposition": "licence_required", "reason": "end use not shown"}
    refused = api.post("reviewer", url, body)
    assert_error(refused, 403, "forbidden")
    assert "four-eyes" in refused.json()["error"]["message"]
    settled = api.post("admin", url, body)
    assert settled.status_code == 200 and settled.json()["four_eyes"] is True


def test_four_eyes_can_be_turned_off_and_the_record_says_so(api: StoreApi, examples, monkeypatch):
    monkeypatch.setenv("DUALUSE_FOUR_EYES", "0")
    case = api.post("reviewer", "/api/v1/cases", examples["05-jp-end-use-unknown"]).json()
    settled = api.post("reviewer", f"/api/v1/cases/{case['case_id']}/disposition",
                       {"disposition": "licence_required", "reason": "one-person office"})
    assert settled.status_code == 200, settled.text
    assert settled.json()["four_eyes"] is False
    log = api.get("auditor", "/api/v1/audit/log", params={"entity": "case", "entity_id": str(case["case_id"])}).json()
    assert log[-1]["action"] == "case.dispose" and log[-1]["after"]["disposition_four_eyes"] is False


def test_errors_by_type(api: StoreApi, examples):
    case = api.post("exporter", "/api/v1/cases", examples["02-jp-military-user-gsdf"]).json()
    url = f"/api/v1/cases/{case['case_id']}/disposition"
    assert_error(api.post("exporter", url, {"disposition": "cleared", "reason": "x"}), 403, "forbidden")  # role
    assert_error(api.post("reviewer", url, {"disposition": "cleared", "reason": "x"}), 409, "refused")  # state
    assert_error(api.post("reviewer", "/api/v1/cases/4242/disposition", {"disposition": "cleared", "reason": "x"}),
                 404, "not_found")
    bad = api.post("reviewer", "/api/v1/licences", {"application_id": 1, "valid_from": "2026-05-01", "valid_until": "2026-04-01"})
    assert_error(bad, 422, "invalid_input", "valid_until")


def test_an_exporter_writes_only_to_his_own_records(api: StoreApi, examples):
    """Item 12: another exporter may not draft on, add documents to, withdraw, or ship on erin's records."""
    from dualuse.services import users

    users.add_user(api.store, "ada", "eve", "exporter", "another long passphrase")
    eve = {"Authorization": f"Bearer {users.create_token(api.store, 'eve', 'eve')}"}
    licence = api.licence(examples["01-jp-civil-samarium-oxide"])
    case_id = api.post("exporter", "/api/v1/cases", examples["01-jp-civil-samarium-oxide"]).json()["case_id"]
    assert_error(api.anonymous.post("/api/v1/applications", json={"case_id": case_id}, headers=eve), 403, "forbidden")
    app_id = api.post("exporter", "/api/v1/applications", {"case_id": case_id}).json()["application_id"]
    document = {"kind": "contract", "reference": "forged.pdf"}
    refused = api.anonymous.post(f"/api/v1/applications/{app_id}/documents", json=document, headers=eve)
    assert_error(refused, 403, "forbidden")
    assert "belongs to erin" in refused.json()["error"]["message"]
    assert_error(api.anonymous.post(f"/api/v1/applications/{app_id}/withdraw", headers=eve), 403, "forbidden")
    shipment = {"shipped_on": "2026-04-01", "quantity": 1, "value": 1, "end_user_name": licence["end_user_name"],
                "end_user_country": licence["end_user_country"]}
    url = f"/api/v1/licences/{licence['licence_id']}/shipments"
    assert_error(api.anonymous.post(url, json=shipment, headers=eve), 403, "forbidden")
    # the owner, and an admin (whose role is not limited to its own records), still may
    assert api.post("exporter", f"/api/v1/applications/{app_id}/documents", document).status_code == 200
    assert api.post("exporter", url, shipment).status_code == 201
    assert api.post("admin", f"/api/v1/applications/{app_id}/withdraw").json()["state"] == "withdrawn"
    assert api.get("auditor", f"/api/v1/applications/{app_id}").json()["documents"] == [document]
