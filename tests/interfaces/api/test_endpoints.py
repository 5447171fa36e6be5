"""Every /api/v1 endpoint on good input: the answers are the services' answers."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from dualuse.engine.engine import Engine
from dualuse.transaction import parse_transaction

from .conftest import EXAMPLES
from .helpers import client


@pytest.fixture(scope="module")
def api(runtime):
    return client(runtime)


def test_check_prohibits_japanese_military_end_user_with_citation(api, jp_military):
    response = api.post("/api/v1/check", json=jp_military)
    assert response.status_code == 200
    decision = response.json()
    assert decision["outcome"] == "PROHIBITED"
    prohibiting = [r for r in decision["reasons"] if r["effect"] == "PROHIBITED"]
    assert any("Announcement 2026 No. 1" in r["citation"] for r in prohibiting)
    assert decision["matched_parties"][0]["entity_id"] == "JP-MIL-GSDF"
    assert decision["matched_parties"][0]["band"] == "hit"
    # the party's own (first) name, with the name of it that met beside it
    assert decision["matched_parties"][0]["matched_name"] == "陸上自衛隊"
    assert decision["matched_parties"][0]["matched_alias"]
    assert decision["data_version"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda p: p.stem)
def test_check_gives_the_cli_decision_for_every_example(api, runtime, path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    expected = json.loads(json.dumps(Engine(runtime.regime).decide(parse_transaction(data)).model_dump(mode="json")))
    assert api.post("/api/v1/check", json=data).json() == expected


def test_check_as_of_overrides_the_ship_date(api, jp_military):
    before = api.post("/api/v1/check", params={"as_of": "2025-12-01"}, json=jp_military).json()
    assert before["as_of"] == "2025-12-01"
    assert before["outcome"] != "PROHIBITED"  # Announcement 2026 No. 1 is in force from 2026-01-06


def test_check_accepts_extra_fields(api, jp_military):
    body = copy.deepcopy(jp_military)
    body["erp_reference"] = "SO-4711"
    body["items"][0]["sku"] = "APT-99"
    assert api.post("/api/v1/check", json=body).json()["outcome"] == "PROHIBITED"


def test_screen_names_its_matcher_and_takes_another_by_name(api):
    body = {"names": [{"name": "陸上自衛隊", "country": "JP"}], "top": 1}
    assert api.post("/api/v1/screen", json=body).json()["matcher"] == "crossscript"
    response = api.post("/api/v1/screen", json={**body, "matcher": "normalised"})
    assert response.status_code == 200 and response.json()["matcher"] == "normalised"


def test_screen_ranks_candidates_with_bands_and_explanations(api):
    response = api.post("/api/v1/screen", json={"names": [
        {"name": "陸上自衛隊", "country": "JP", "id": "q1"},
        {"name": "Mitsubishi Heavy Industries Shipbuilding"},
    ], "top": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["data_version"] and body["matcher"]
    first, second = body["results"]
    assert first["query"] == {"name": "陸上自衛隊", "country": "JP", "id": "q1"}
    assert first["band"] == "hit"
    top = first["candidates"][0]
    assert top["rank"] == 1 and top["entity_id"] == "JP-MIL-GSDF" and top["list"] == "military_user"
    assert top["explanation"] and "陸上自衛隊" in top["names"]
    # the party's own name, the name of it that met beside it, and what met in words
    assert top["matched_name"] == top["names"][0] and top["matched_alias"] in top["names"]
    assert "Words that met:" in top["explanation"]
    assert len(first["candidates"]) <= 3
    assert [c["rank"] for c in first["candidates"]] == list(range(1, len(first["candidates"]) + 1))
    assert second["candidates"][0]["entity_id"].startswith("MOFCOM-2026-11")
    assert second["candidates"][0]["list"] == "control_list"


def test_regime_status_shows_a_suspension_with_its_end(api):
    body = api.get("/api/v1/regime/status", params={"as_of": "2026-11-23"}).json()
    assert body["as_of"] == "2026-11-23"
    rows = {r["id"]: r for r in body["rows"]}
    assert rows["US-2024-46-MINERALS"]["state"] == "suspended"
    assert "2026-11-27" in rows["US-2024-46-MINERALS"]["detail"]
    assert rows["JP-2026-1-MILITARY"]["state"] == "in_force"
    after = {r["id"]: r for r in api.get("/api/v1/regime/status", params={"as_of": "2026-11-28"}).json()["rows"]}
    assert after["US-2024-46-MINERALS"]["state"] == "in_force"


def test_regime_status_defaults_to_today(api):
    assert api.get("/api/v1/regime/status").json()["as_of"] == date.today().isoformat()


def test_regime_timeline_marks_upcoming_events(api):
    everything = api.get("/api/v1/regime/timeline", params={"today": "2026-11-23"}).json()
    upcoming = api.get("/api/v1/regime/timeline", params={"today": "2026-11-23", "upcoming": "true"}).json()
    assert everything["today"] == "2026-11-23"
    assert len(upcoming["events"]) < len(everything["events"])
    assert upcoming["events"] and all(e["upcoming"] and e["date"] > "2026-11-23" for e in upcoming["events"])
    assert any(e["date"] == "2026-11-28" and "MINERALS" in e["subject"] for e in upcoming["events"])
    dates = [e["date"] for e in everything["events"]]
    assert dates == sorted(dates)


def test_health_reports_the_data_version(api, runtime):
    body = api.get("/api/v1/health").json()
    assert body == {"status": "ok", "version": runtime.version, "data_version": runtime.data_version, "auth_required": False}


def test_openapi_publishes_every_endpoint_with_examples(api):
    spec = api.get("/openapi.json").json()
    paths = spec["paths"]
    assert {"/api/v1/check", "/api/v1/screen", "/api/v1/regime/status", "/api/v1/regime/timeline", "/api/v1/health"} <= set(paths)
    assert not any(p.startswith("/check") or p.startswith("/lang") for p in paths)  # web pages stay out
    examples = paths["/api/v1/check"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert examples["jp_military_user"]["value"]["parties"][0]["name"] == "陸上自衛隊"
    assert "422" in paths["/api/v1/check"]["post"]["responses"]
    assert spec["components"]["schemas"]["ErrorBody"]


def test_check_and_status_say_when_the_data_end_and_warn_a_year_on(api, jp_military):
    decision = api.post("/api/v1/check", params={"as_of": "2027-08-05"}, json=jp_military).json()
    assert decision["data_as_of"] == "2026-08-05"
    assert any(w.startswith("data age: regime data end 2026-08-05") for w in decision["warnings"])
    status = api.get("/api/v1/regime/status", params={"as_of": "2027-08-05"}).json()
    assert status["data_as_of"] == "2026-08-05" and status["warnings"][0].startswith("regime data end 2026-08-05")
    rows = {r["id"]: r for r in status["rows"]}
    assert rows["MOFCOM-2026-34-REPORTED"]["kind"] == "reported" and rows["MOFCOM-2026-34-REPORTED"]["state"] == "reported"
