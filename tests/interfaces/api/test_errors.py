"""Bad input of every kind gets a 4xx with the uniform body, never a 5xx."""

from __future__ import annotations

import copy
import json

import pytest

from .helpers import assert_error, client


@pytest.fixture(scope="module")
def api(runtime):
    return client(runtime)


def _without(data: dict, path: str) -> dict:
    out = copy.deepcopy(data)
    *parents, last = path.split(".")
    node = out
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    del node[int(last) if last.isdigit() else last]
    return out


def _with(data: dict, path: str, value) -> dict:
    out = copy.deepcopy(data)
    *parents, last = path.split(".")
    node = out
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    node[int(last) if last.isdigit() else last] = value
    return out


@pytest.mark.parametrize("path, field", [
    ("destination", "destination"),
    ("exporter", "exporter"),
    ("exporter.name", "exporter.name"),
    ("items", "items"),
    ("parties.0.role", "parties[0].role"),
])
def test_missing_fields_are_named(api, jp_military, path, field):
    error = assert_error(api.post("/api/v1/check", json=_without(jp_military, path)), 422, "invalid_input", field)
    assert error["message"] == "required field is missing"


@pytest.mark.parametrize("path, value, field", [
    ("destination", 5, "destination"),
    ("destination", "XX", "destination"),
    ("date", "yesterday", "date"),
    ("parties", "陸上自衛隊", "parties"),
    ("parties.0.role", "friend", "parties[0].role"),
    ("parties.0.kind", ["military"], "parties[0].kind"),
    ("end_use.category", "peaceful", "end_use.category"),
    ("end_use.wmd", "perhaps", "end_use.wmd"),
    ("items", [], "items"),
    ("items.0.value", "a lot", "items[0].value"),
    ("items.0.value", -1, "items[0].value"),
    ("items.0.cn_content_share", 2, "items[0].cn_content_share"),
    ("items.0.hs_code", "28A1", "items[0].hs_code"),
    ("items.0.control_code", "not a code", "items[0].control_code"),
    ("items.0.currency", "dollars", "items[0].currency"),
])
def test_wrong_types_and_values_are_named(api, jp_military, path, value, field):
    assert_error(api.post("/api/v1/check", json=_with(jp_military, path, value)), 422, "invalid_input", field)


def test_an_unknown_control_code_is_named_by_the_engine(api, jp_military):
    error = assert_error(api.post("/api/v1/check", json=_with(jp_military, "items.0.control_code", "9E999")),
                         422, "invalid_input", "items[0].control_code")
    assert "9E999" in error["message"]


@pytest.mark.parametrize("body", ["{", '{"destination": "JP",}', "\x00\x01", "NaN-ish", '{"a": 1} trailing'])
def test_malformed_json_is_400(api, body):
    response = api.post("/api/v1/check", content=body.encode(), headers={"content-type": "application/json"})
    error = assert_error(response, 400, "malformed_json", None)
    assert error["message"].startswith("malformed JSON")


@pytest.mark.parametrize("body", ["[]", "null", '"JP"', "42", ""])
def test_a_body_that_is_not_an_object_is_422(api, body):
    response = api.post("/api/v1/check", content=body.encode(), headers={"content-type": "application/json"})
    assert_error(response, 422, "invalid_input", None)


def test_non_utf8_body_is_4xx(api):
    response = api.post("/api/v1/check", content=b'{"destination": "\xff\xfe"}', headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500
    assert_error(response, response.status_code, response.json()["error"]["code"])


def test_a_2_mb_body_is_refused_with_413(api, jp_military):
    huge = _with(jp_military, "end_use.description", "x" * (2 * 1024 * 1024))
    response = api.post("/api/v1/check", content=json.dumps(huge).encode(), headers={"content-type": "application/json"})
    error = assert_error(response, 413, "payload_too_large", None)
    assert "1048576" in error["message"]


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(api):
    def chunks():
        for _ in range(40):
            yield b" " * 65536

    response = api.post("/api/v1/screen", content=chunks(), headers={"content-type": "application/json"})
    assert_error(response, 413, "payload_too_large", None)


def test_the_limit_is_configurable(runtime, jp_military):
    small = client(runtime, max_body_bytes=256)
    assert_error(small.post("/api/v1/check", json=jp_military), 413, "payload_too_large")


@pytest.mark.parametrize("body, field", [
    ({}, "names"),
    ({"names": []}, "names"),
    ({"names": "三菱"}, "names"),
    ({"names": [{"name": ""}]}, "names[0].name"),
    ({"names": [{"name": 7}]}, "names[0].name"),
    ({"names": [{"name": "x" * 501}]}, "names[0].name"),
    ({"names": [{"name": "三菱", "country": "Japan"}]}, "names[0].country"),
    ({"names": [{"name": "三菱"}], "top": 0}, "top"),
    ({"names": [{"name": "三菱"}], "top": "five"}, "top"),
    ({"names": [{"name": "三菱"}], "unexpected": True}, "unexpected"),
    ({"names": [{"name": "三菱"}], "matcher": "nonesuch"}, "matcher"),
    ({"names": [{"name": "n"}] * 1001}, "names"),
])
def test_screen_bad_bodies(api, body, field):
    assert_error(api.post("/api/v1/screen", json=body), 422, "invalid_input", field)


@pytest.mark.parametrize("url, field", [
    ("/api/v1/regime/status?as_of=2026-13-01", "as_of"),
    ("/api/v1/regime/status?as_of=tomorrow", "as_of"),
    ("/api/v1/regime/timeline?today=1.5", "today"),
    ("/api/v1/regime/timeline?upcoming=maybe", "upcoming"),
])
def test_bad_query_parameters(api, url, field):
    assert_error(api.get(url), 422, "invalid_input", field)


def test_unknown_routes_and_methods(api):
    assert_error(api.get("/api/v1/nothing-here"), 404, "not_found", None)
    assert_error(api.get("/api/v2/check"), 404, "not_found", None)
    assert_error(api.get("/api/v1/check"), 405, "method_not_allowed", None)
    assert_error(api.delete("/api/v1/health"), 405, "method_not_allowed", None)


def test_a_form_body_is_refused_as_not_json(api):
    response = api.post("/api/v1/check", data={"destination": "JP"})
    assert_error(response, 422, "invalid_input", None)
