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


def test_input_errors_in_plain_words_in_the_language_asked(api, jp_military):
    bad = {**jp_military, "items": [{**jp_military["items"][0], "value": "twelve"}]}
    english = api.post("/api/v1/check", json=bad).json()["error"]
    assert english["field"] == "items[0].value" and "text" not in english
    chinese = api.post("/api/v1/check", json=bad, headers={"Accept-Language": "zh-CN"})
    assert chinese.status_code == 422 and chinese.headers["content-language"] == "zh"
    error = chinese.json()["error"]
    assert error["field"] == "items[0].value" and error["message"] == english["message"]  # the codes stay
    assert error["text"].startswith("物项 1 · 金额") and "数字" in error["text"]
    country = api.post("/api/v1/check", json={**jp_military, "destination": "XX"}, params={"lang": "ja"}).json()["error"]
    assert country["field"] == "destination" and country["text"].startswith("仕向国") and "JP" in country["text"]
