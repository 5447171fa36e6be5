"""The web pages without a browser: forms, languages, sign-in, errors, headers, catalogues."""

from __future__ import annotations

import json
import warnings

import pytest

from dualuse.interfaces.api import create_app
from dualuse.interfaces.api.settings import Settings
from dualuse.interfaces.web import forms
from dualuse.interfaces.web.pages import _safe_next

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

JP_MILITARY_FORM = {
    "date": "2026-03-02", "destination": "jp", "exporter-name": "湖南钨业进出口有限公司", "exporter-country": "CN",
    "parties-0-role": "end_user", "parties-0-name": "陸上自衛隊", "parties-0-country": "JP", "parties-0-kind": "government",
    "parties-1-role": "buyer", "parties-1-name": "", "parties-1-kind": "company",
    "end_use-category": "civil", "items-0-description": "APT", "items-0-control_code": "1C117.d", "items-0-value": "12000",
}


@pytest.fixture
def web(runtime):
    return TestClient(create_app(Settings(), runtime=runtime), raise_server_exceptions=False)


def test_form_rows_map_to_the_contract_and_back():
    built = forms.transaction_from_form({**JP_MILITARY_FORM, "parties-2-name": "Buyer K.K.", "parties-2-country": "JP",
                                         "parties-2-role": "buyer", "end_use-wmd": "on"})
    assert [p["name"] for p in built.data["parties"]] == ["陸上自衛隊", "Buyer K.K."]
    assert built.data["end_use"]["wmd"] is True and built.data["end_use"]["terrorism"] is False
    assert built.input_for("parties[1].country") == "parties-2-country"  # empty row 1 was skipped
    assert built.input_for("items[0].value") == "items-0-value"
    assert built.input_for("items") == "items-0-description"
    assert built.input_for("exporter.name") == "exporter-name"
    assert built.input_for(None) is None


def test_check_form_decides(web):
    page = web.post("/check", data=JP_MILITARY_FORM)
    assert page.status_code == 200
    assert 'data-testid="outcome"' in page.text and "PROHIBITED" in page.text
    assert "商务部公告2026年第1号" in page.text
    assert "12,000" in page.text


def test_check_form_pasted_json_wins(web):
    pasted = json.dumps({"destination": "JP", "exporter": {"name": "X", "country": "CN"},
                         "parties": [{"role": "end_user", "name": "陸上自衛隊", "country": "JP"}],
                         "items": [{"control_code": "1C117.d"}], "date": "2026-03-02"})
    page = web.post("/check", data={"json": pasted, "destination": "not a country"})
    assert page.status_code == 200 and "PROHIBITED" in page.text


@pytest.mark.parametrize("change, input_name, words", [
    ({"destination": "ZZ"}, "destination", "Not a known country: use the two-letter code"),
    ({"items-0-value": "lots"}, "items-0-value", "Enter a number, such as 12000 or 0.25."),
    ({"items-0-description": "", "items-0-control_code": "", "items-0-hs_code": ""}, "items-0-description", "Describe at least one item"),
    ({"items-0-control_code": "1C9O2"}, "items-0-control_code", "A control code looks like 1C902 or 1C902.a."),
    ({"items-0-control_code": "9E999"}, "items-0-control_code", "unknown control code"),  # the engine's own finding
    ({"exporter-name": ""}, "exporter-name", "Required: fill this in."),
    ({"items-0-cn_content_share": "1.5"}, "items-0-cn_content_share", "must be at most 1"),
])
def test_check_form_errors_are_in_words_beside_the_field_and_keep_the_input(web, change, input_name, words):
    page = web.post("/check", data={**JP_MILITARY_FORM, **change})
    assert page.status_code == 422
    assert f'id="f-{input_name}" name="{input_name}" aria-invalid="true" aria-describedby="e-{input_name}' in page.text
    assert f'<p class="field-error" id="e-{input_name}">{words}' in page.text
    assert 'value="陸上自衛隊"' in page.text
    assert "<code>" not in page.text.split('id="form-error"')[1].split("</div>")[0]  # no field paths in code notation


def test_check_form_reports_every_error_at_once(web):
    page = web.post("/check", data={**JP_MILITARY_FORM, "destination": "ZZ", "items-0-value": "lots", "exporter-name": "",
                                     "items-0-currency": "usd dollars"})
    assert page.status_code == 422
    for name in ("destination", "items-0-value", "exporter-name", "items-0-currency"):
        assert f'id="e-{name}"' in page.text, name
    assert "4 field(s) to correct" in page.text
    assert 'href="#f-items-0-value">Item 1 · Value</a>' in page.text


def test_check_form_bad_json_is_named(web):
    page = web.post("/check", data={"json": '{"destination": "JP",'})
    assert page.status_code == 422 and "malformed JSON" in page.text and 'id="f-json" name="json" aria-invalid="true"' in page.text


def test_screen_form(web, runtime):
    page = web.post("/screen", data={"names": "陸上自衛隊\n\n陸上自衛隊\nKawasaki Heavy Industries", "top": "3"})
    assert page.status_code == 200
    assert page.text.count('class="screened') == 2  # blank lines dropped, duplicates once
    assert "JP-MIL-GSDF" in page.text
    assert web.post("/screen", data={"names": "  \n "}).status_code == 422
    too_many = "\n".join(f"name {i}" for i in range(201))
    assert web.post("/screen", data={"names": too_many}).status_code == 422
    assert web.post("/screen", data={"names": "x", "country": "Japan"}).status_code == 422


def test_screen_form_refuses_a_name_over_the_api_limit_and_cuts_none(web):
    longest = "陸上自衛隊" + "x" * 495
    assert web.post("/screen", data={"names": longest}).status_code == 200
    page = web.post("/screen", data={"names": "Fujitsu\n" + longest + "y"})
    assert page.status_code == 422
    assert "Line 2: a name may have at most 500 characters (this one has 501)" in page.text
    assert 'class="screened' not in page.text
    assert "Up to 200 names, each up to 500 characters." in web.get("/screen").text


def test_regime_page(web):
    page = web.get("/regime", params={"on": "2026-11-23"})
    assert page.status_code == 200
    assert 'data-id="US-2024-46-MINERALS"' in page.text and "suspended until 2026-11-27" in page.text
    assert web.get("/regime", params={"on": "someday"}).status_code == 422


def test_language_cookie_and_accept_language(web):
    assert "取引審査" in web.get("/check", headers={"Accept-Language": "ja-JP,ja;q=0.9,en;q=0.5"}).text
    assert "交易审查" in web.get("/check", headers={"Accept-Language": "fr, zh-CN;q=0.8"}).text
    assert '<html lang="en">' in web.get("/check", headers={"Accept-Language": "de"}).text
    response = web.get("/lang/zh", params={"next": "/regime?on=2026-11-23"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/regime?on=2026-11-23"
    assert "dualuse_lang=zh" in response.headers["set-cookie"]
    assert "管制制度" in web.get("/screen", headers={"Accept-Language": "ja"}).text  # the cookie wins
    unknown = web.get("/lang/xx", follow_redirects=False)
    assert "set-cookie" not in unknown.headers


@pytest.mark.parametrize("target, safe", [
    ("/regime", "/regime"), ("/check?x=1", "/check?x=1"), ("//evil.example/", "/"),
    ("https://evil.example/", "/"), ("regime", "/"), ("/\\evil.example", "/"),
])
def test_redirects_stay_on_the_site(target, safe):
    assert _safe_next(target) == safe


def test_pages_send_security_headers_and_local_assets_only(web):
    page = web.get("/check")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "http://" not in page.text.replace("http://127.0.0.1", "") and "https://" not in page.text
    for asset in ("/static/htmx.min.js", "/static/app.js", "/static/app.css", "/static/print.css", "/static/favicon.svg"):
        assert web.get(asset).status_code == 200, asset
    assert "Zero-Clause BSD" in web.get("/static/htmx.LICENSE").text
    assert web.get("/static/htmx.min.js").text.startswith("/*! htmx.org 2.0.11")


def test_unknown_pages_are_html_and_api_errors_json(web):
    page = web.get("/no-such-page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html") and "not_found" in page.text
    api = web.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_sign_in_when_auth_is_required(runtime):
    web = TestClient(create_app(Settings(require_auth=True, api_tokens=("tok-1",)), runtime=runtime))
    redirect = web.get("/regime?on=2026-11-23", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == "/login?next=/regime%3Fon%3D2026-11-23"
    assert web.post("/check", data=JP_MILITARY_FORM).status_code == 401
    csrf = _csrf(web.get("/login").text)
    forged = web.post("/login", data={"token": "tok-1", "next": "/regime"}, follow_redirects=False)
    assert forged.status_code == 403 and "csrf" in forged.text  # a form without this browser's CSRF token
    refused = web.post("/login", data={"token": "nope", "next": "/regime", "csrf": csrf}, follow_redirects=False)
    assert refused.status_code == 401 and "not valid" in refused.text
    signed_in = web.post("/login", data={"token": "tok-1", "next": "/regime", "csrf": csrf}, follow_redirects=False)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/regime"
    cookie = signed_in.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("samesite", "SameSite")
    csrf = _csrf(web.get("/regime").text)
    page = web.get("/regime")
    assert page.status_code == 200 and "api-token-1" in page.text
    assert web.get("/api/v1/health").status_code == 200  # the session cookie serves the API too
    web.post("/logout", data={"csrf": csrf})
    assert web.get("/regime", follow_redirects=False).status_code == 303


def _csrf(page: str) -> str:
    import re

    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "every POST form carries the CSRF token"
    return found.group(1)


def test_the_footer_says_when_the_data_end_and_warns_when_they_are_old(web, monkeypatch):
    monkeypatch.setenv("DUALUSE_STALE_AFTER_DAYS", "99999")
    fresh = web.get("/regime")
    assert 'data-testid="data-as-of" datetime="2026-08-05"' in fresh.text and 'data-testid="data-stale"' not in fresh.text
    monkeypatch.setenv("DUALUSE_STALE_AFTER_DAYS", "0")  # any day after the data end is then too late
    stale = web.get("/regime")
    assert 'data-testid="data-stale"' in stale.text and "2026-08-05" in stale.text and "dualuse lists import" in stale.text


def test_the_regime_page_shows_reported_instruments_as_not_applied(web):
    page = web.get("/regime", params={"on": "2026-12-04"})
    assert 'data-id="MOFCOM-2026-34-REPORTED"' in page.text and "Reported, not applied" in page.text
    assert 'data-id="MOFCOM-2026-06-29-CL"' in page.text


@pytest.mark.parametrize(("lang", "in_force", "ended"), [("zh", "自 2026-01-06 起施行", "恢复适用"), ("ja", "2026-01-06 から施行中", "再び適用")])
def test_regime_rows_and_events_in_the_users_language(web, lang, in_force, ended):
    page = web.get("/regime?on=2026-11-23", headers={"Accept-Language": lang})
    assert page.status_code == 200
    row = page.text[page.text.index('data-id="JP-2026-1-MILITARY"'):]
    row = row[:row.index("</tr>")]
    assert in_force in row and "in force since" not in row
    assert "商务部公告2026年第1号" in row  # the citation as written
    assert ended in page.text and "applies again" not in page.text


def test_a_decisions_missing_facts_and_data_age_in_the_users_language(web):
    form = {**JP_MILITARY_FORM, "items-0-control_code": "", "items-0-hs_code": "", "items-0-description": "widget"}
    page = web.post("/check", data=form, headers={"Accept-Language": "zh"})
    assert page.status_code == 200
    missing = page.text[page.text.index('class="missing"'):]
    assert "物项 1 · 管制编码" in missing[:missing.index("</ul>")]


def test_impact_inputs_are_named_in_the_users_language(web):
    page = web.get("/impact?scenario=nri-kiuchi-rare-earth-3m", headers={"Accept-Language": "ja"})
    assert page.status_code == 200
    assert "停止期間（月） (duration_months)" in page.text and "名目GDP (gdp)" in page.text
