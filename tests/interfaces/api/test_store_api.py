"""The store endpoints on a temporary SQLite database: cases, dispositions, applications, licences,
audit and re-screening; bad bodies are 4xx with the uniform body; the role is checked by the
service (an exporter cannot approve) and a state refusal is a 409 with every reason."""

from __future__ import annotations

import copy

import pytest

from .helpers import assert_error
from .store_helpers import DOCUMENTS, StoreApi

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def api(runtime, tmp_path) -> StoreApi:
    return StoreApi.create(runtime, tmp_path)


def test_classify_is_an_open_read(api: StoreApi):
    answer = api.anonymous.post("/api/v1/classify", json={"text": "氧化钐 99.9%", "hs_code": "2846901940"})
    assert answer.status_code == 200, answer.text
    assert "1C902" in answer.text
    assert_error(api.anonymous.post("/api/v1/classify", json={"text": ""}), 422, "invalid_input", "text")
    assert_error(api.anonymous.post("/api/v1/classify", json={"text": 5}), 422, "invalid_input", "text")
    assert_error(api.anonymous.post("/api/v1/classify", json={"text": "x", "hs_code": "12ab"}), 422, "invalid_input")


def test_writes_need_a_user(api: StoreApi, jp_military):
    assert_error(api.anonymous.post("/api/v1/cases", json=jp_military), 401, "unauthorized", "Authorization")
    assert_error(api.anonymous.get("/api/v1/cases"), 401, "unauthorized")
    wrong = api.anonymous.get("/api/v1/cases", headers={"Authorization": "Bearer du_not-a-token"})
    assert_error(wrong, 401, "unauthorized", "Authorization")
    assert api.get("exporter", "/api/v1/me").json() == {"name": "erin", "role": "exporter"}


def test_a_case_is_recorded_listed_and_shown(api: StoreApi, jp_military):
    created = api.post("exporter", "/api/v1/cases", jp_military)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["outcome"] == "PROHIBITED" and body["created_by"] == "erin"
    listed = api.get("auditor", "/api/v1/cases", params={"outcome": "PROHIBITED"}).json()
    assert [c["case_id"] for c in listed] == [body["case_id"]]
    assert api.get("auditor", "/api/v1/cases", params={"outcome": "REVIEW"}).json() == []
    shown = api.get("auditor", f"/api/v1/cases/{body['case_id']}").json()
    assert any("2026 No. 1" in r["citation"] for r in shown["decision"]["reasons"])
    assert_error(api.get("auditor", "/api/v1/cases/999"), 404, "not_found")
    assert_error(api.get("auditor", "/api/v1/cases/abc"), 422, "invalid_input", "case_id")
    assert_error(api.post("auditor", "/api/v1/cases", jp_military), 403, "forbidden")


def test_a_reviewer_disposes_of_a_review_case(api: StoreApi, examples):
    case_id = api.post("exporter", "/api/v1/cases", examples["05-jp-end-use-unknown"]).json()["case_id"]
    url = f"/api/v1/cases/{case_id}/disposition"
    body = {"disposition": "licence_required", "reason": "civil magnets, end-use statement received"}
    assert_error(api.post("exporter", url, body), 403, "forbidden")
    assert_error(api.post("reviewer", url, {"disposition": "maybe", "reason": "x"}), 422, "invalid_input", "disposition")
    assert_error(api.post("reviewer", url, {"disposition": "cleared"}), 422, "invalid_input", "reason")
    settled = api.post("reviewer", url, body)
    assert settled.status_code == 200, settled.text
    assert settled.json()["final_outcome"] == "LICENCE_REQUIRED" and settled.json()["disposed_by"] == "rita"
    again = assert_error(api.post("reviewer", url, body), 409, "refused")
    assert "already disposed" in again["message"]


def test_screening_dispositions(api: StoreApi):
    body = {"party_name": "Kawasaki Trading", "entity_id": "JP-MIL-GSDF", "reason": "different entity", "expires_on": "2099-01-01"}
    assert_error(api.post("exporter", "/api/v1/dispositions", body), 403, "forbidden")
    assert_error(api.post("reviewer", "/api/v1/dispositions", body | {"entity_id": "NOPE"}), 404, "not_found")
    assert_error(api.post("reviewer", "/api/v1/dispositions", body | {"expires_on": "soon"}), 422, "invalid_input", "expires_on")
    created = api.post("reviewer", "/api/v1/dispositions", body)
    assert created.status_code == 201, created.text
    assert [d["entity_id"] for d in api.get("exporter", "/api/v1/dispositions").json()] == ["JP-MIL-GSDF"]


def test_application_lifecycle_roles_and_queue(api: StoreApi, examples):
    case_id = api.post("exporter", "/api/v1/cases", examples["01-jp-civil-samarium-oxide"]).json()["case_id"]
    created = api.post("exporter", "/api/v1/applications", {"case_id": case_id, "licence_type": "general"})
    assert created.status_code == 201, created.text
    app_id = created.json()["application_id"]
    assert created.json()["state"] == "draft" and len(created.json()["missing_documents"]) == 4
    refused = assert_error(api.post("exporter", f"/api/v1/applications/{app_id}/submit"), 409, "refused")
    assert "contract" in refused["message"] and "technical_description" in refused["message"]
    for kind in DOCUMENTS:
        assert api.post("exporter", f"/api/v1/applications/{app_id}/documents", {"kind": kind, "reference": f"{kind}.pdf"}).status_code == 200
    assert_error(api.post("exporter", f"/api/v1/applications/{app_id}/documents", {"kind": "poem", "reference": "x"}), 422, "invalid_input", "kind")
    assert api.post("exporter", f"/api/v1/applications/{app_id}/submit").json()["state"] == "submitted"
    assert_error(api.post("exporter", f"/api/v1/applications/{app_id}/accept"), 403, "forbidden")
    accepted = api.post("reviewer", f"/api/v1/applications/{app_id}/accept", {"date": "2026-03-02"}).json()
    assert accepted["state"] == "accepted" and accepted["due_on"] and accepted["working_days_left"] == 45
    queue = api.get("exporter", "/api/v1/applications", params={"queue": 1, "today": "2026-03-02"}).json()
    assert [(a["application_id"], a["working_days_left"]) for a in queue] == [(app_id, 45)]
    assert_error(api.post("exporter", f"/api/v1/applications/{app_id}/approve"), 403, "forbidden")
    assert_error(api.post("reviewer", f"/api/v1/applications/{app_id}/fly"), 422, "invalid_input", "action")
    assert_error(api.post("reviewer", f"/api/v1/applications/{app_id}/approve", {"note": 3}), 422, "invalid_input", "note")
    assert api.post("reviewer", f"/api/v1/applications/{app_id}/approve").json()["state"] == "approved"
    assert_error(api.post("reviewer", f"/api/v1/applications/{app_id}/deny"), 409, "refused")
    assert api.get("exporter", "/api/v1/applications").json() == []
    assert_error(api.get("exporter", "/api/v1/applications/424242"), 404, "not_found")


def test_licence_shipments_deplete_and_refuse_with_reasons(api: StoreApi, examples):
    licence = api.licence(examples["01-jp-civil-samarium-oxide"])
    lid = licence["licence_id"]
    assert licence["quantity_remaining"] == "200.0000" and licence["value_remaining"] == "48000.0000"
    shipment = {"shipped_on": "2026-04-01", "quantity": 150, "value": "36000", "end_user_name": "信越化学工業株式会社",
                "end_user_country": "JP", "reference": "B/L 1"}
    assert_error(api.post("reviewer", f"/api/v1/licences/{lid}/shipments", shipment), 403, "forbidden")
    shipped = api.post("exporter", f"/api/v1/licences/{lid}/shipments", shipment)
    assert shipped.status_code == 201, shipped.text
    assert shipped.json()["quantity_remaining"] == "50.0000" and shipped.json()["value_remaining"] == "12000.0000"
    over = assert_error(api.post("exporter", f"/api/v1/licences/{lid}/shipments", shipment | {"end_user_name": "Someone Else"}), 409, "refused")
    assert "exceeds what remains: 50.0000 kg" in over["message"]
    assert "is not the licensed end user" in over["message"]
    assert "exceeds what remains: 12000.0000 USD" in over["message"]
    assert_error(api.post("exporter", f"/api/v1/licences/{lid}/shipments", shipment | {"quantity": -1}), 422, "invalid_input", "quantity")
    assert_error(api.post("exporter", f"/api/v1/licences/{lid}/shipments", shipment | {"quantity": "0.00001"}), 422, "invalid_input", "quantity")
    assert_error(api.post("exporter", "/api/v1/licences/77/shipments", shipment), 404, "not_found")
    shown = api.get("auditor", f"/api/v1/licences/{lid}").json()
    assert len(shown["shipments"]) == 1 and shown["quantity_used"] == "150.0000"
    assert [x["licence_id"] for x in api.get("auditor", "/api/v1/licences", params={"state": "valid"}).json()] == [lid]
    assert_error(api.post("exporter", f"/api/v1/licences/{lid}/revoke", {"reason": "x"}), 403, "forbidden")
    assert api.post("reviewer", f"/api/v1/licences/{lid}/revoke", {"reason": "end user listed"}).json()["state"] == "revoked"


def test_a_licence_needs_an_approved_application(api: StoreApi, examples):
    case_id = api.post("exporter", "/api/v1/cases", examples["01-jp-civil-samarium-oxide"]).json()["case_id"]
    app_id = api.post("exporter", "/api/v1/applications", {"case_id": case_id}).json()["application_id"]
    body = {"application_id": app_id, "valid_from": "2026-03-01", "valid_until": "2026-12-31"}
    assert_error(api.post("reviewer", "/api/v1/licences", body), 409, "refused")
    assert_error(api.post("exporter", "/api/v1/licences", body), 403, "forbidden")
    assert_error(api.post("reviewer", "/api/v1/licences", body | {"valid_until": "9999-01-01"}), 422, "invalid_input", "valid_until")


def test_audit_log_verify_and_rescreen(api: StoreApi, jp_military):
    api.post("exporter", "/api/v1/cases", jp_military)
    verified = api.get("auditor", "/api/v1/audit/verify").json()
    assert verified["ok"] is True and verified["entries"] >= 5  # four users and the case
    log = api.get("auditor", "/api/v1/audit/log", params={"entity": "case"}).json()
    assert [e["action"] for e in log] == ["case.add"]
    assert_error(api.get("auditor", "/api/v1/audit/log", params={"entity": "planet"}), 422, "invalid_input", "entity")
    assert_error(api.anonymous.get("/api/v1/audit/verify"), 401, "unauthorized")
    assert_error(api.post("exporter", "/api/v1/rescreen"), 403, "forbidden")
    report = api.post("reviewer", "/api/v1/rescreen", {"today": "2026-03-01"})
    assert report.status_code == 200, report.text
    assert report.json()["checked"] + report.json()["skipped"] >= 1


@pytest.mark.parametrize("url", [
    "/api/v1/cases", "/api/v1/applications", "/api/v1/licences", "/api/v1/dispositions", "/api/v1/cases/1/disposition",
    "/api/v1/applications/1/documents", "/api/v1/licences/1/shipments",
])
def test_bad_bodies_are_4xx_with_the_uniform_body(api: StoreApi, url):
    headers = api.headers("admin") | {"Content-Type": "application/json"}
    assert_error(api.anonymous.post(url, content=b"{not json", headers=headers), 400, "malformed_json")
    assert_error(api.anonymous.post(url, content=b"[1, 2]", headers=headers), 422, "invalid_input")
    assert_error(api.anonymous.post(url, content=b'{"x": ' + b"1" * 2_000_000 + b"}", headers=headers), 413, "payload_too_large")


def test_without_a_store_the_store_endpoints_say_so(runtime):
    from .helpers import client

    response = client(runtime, api_tokens=("t",)).get("/api/v1/cases", headers={"Authorization": "Bearer t"})
    assert_error(response, 503, "no_store")


def test_a_read_only_token_is_not_a_user(runtime, tmp_path, jp_military):
    api = StoreApi.create(runtime, tmp_path, api_tokens=("plain-token",))
    refused = api.anonymous.post("/api/v1/cases", json=copy.deepcopy(jp_military), headers={"Authorization": "Bearer plain-token"})
    assert_error(refused, 403, "forbidden")
    assert api.anonymous.get("/api/v1/health", headers={"Authorization": "Bearer plain-token"}).status_code == 200


def test_a_watch_list_application_carries_the_time_limit_note(api: StoreApi, examples):
    case = api.post("exporter", "/api/v1/cases", examples["04-jp-watch-list-tdk"]).json()
    refused = assert_error(api.post("exporter", "/api/v1/applications", {"case_id": case["case_id"], "licence_type": "general"}), 409, "refused")
    assert "Watch List" in refused["message"]
    created = api.post("exporter", "/api/v1/applications", {"case_id": case["case_id"]}).json()
    assert created["watch_list"] is True and "Art. 26" in created["time_limit"]
    assert len(created["missing_documents"]) == 6  # plus the risk assessment and the undertaking


@pytest.mark.parametrize("role, url, body, word", [
    ("auditor", "/api/v1/cases/999", None, "case"),
    ("exporter", "/api/v1/applications/999", None, "application"),
    ("auditor", "/api/v1/licences/999", None, "licence"),
    ("reviewer", "/api/v1/applications/999/approve", {}, "application"),
    ("reviewer", "/api/v1/licences/999/revoke", {"reason": "end user listed"}, "licence"),
])
def test_a_record_that_does_not_exist_is_a_404_naming_it(api: StoreApi, role, url, body, word):
    response = api.get(role, url) if body is None else api.post(role, url, body)
    error = assert_error(response, 404, "not_found", word)
    assert error["message"] == f"no {word} 999"
