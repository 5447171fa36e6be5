"""/check's human-readable texts in the language asked; English and the codes by default."""

from __future__ import annotations

import pytest

from .helpers import client

CITATION = "商务部公告2026年第1号"


@pytest.fixture(scope="module")
def api(runtime):
    return client(runtime)


def test_english_by_default_with_message_ids(api, jp_military):
    body = api.post("/api/v1/check", json=jp_military).json()
    assert body["outcome"] == "PROHIBITED" and "outcome_text" not in body
    decisive = next(r for r in body["reasons"] if r["effect"] == "PROHIBITED")
    assert decisive["message"] == "reason.measure" and decisive["params"]["why_user"] == "JP-MIL-GSDF"
    assert "text" not in decisive and "military users" in decisive["detail"]


@pytest.mark.parametrize(("how", "lang"), [({"params": {"lang": "zh"}}, "zh"), ({"headers": {"Accept-Language": "ja-JP,ja;q=0.9"}}, "ja")])
def test_texts_in_the_language_asked(api, jp_military, how, lang):
    response = api.post("/api/v1/check", json=jp_military, **how)
    assert response.status_code == 200 and response.headers["content-language"] == lang
    body = response.json()
    assert body["outcome"] == "PROHIBITED"  # the codes never change
    assert body["outcome_text"] == {"zh": "禁止出口", "ja": "輸出禁止"}[lang]
    decisive = next(r for r in body["reasons"] if r["effect"] == "PROHIBITED")
    assert CITATION in decisive["citation"]
    assert "陸上自衛隊" in decisive["text"] and "JP-MIL-GSDF" in decisive["text"]
    assert {"zh": "军事用户", "ja": "軍事ユーザー"}[lang] in decisive["text"]
    assert "military" not in decisive["text"]
    listed = next(r for r in body["reasons"] if r["rule"] == "R-LIST")
    assert listed["effect_text"] == {"zh": "需要许可", "ja": "許可が必要"}[lang]
    assert body["items"][0]["status_text"] != body["items"][0]["status"]


def test_an_unknown_language_is_refused(api, jp_military):
    assert api.post("/api/v1/check", json=jp_military, params={"lang": "fr"}).status_code == 422
