"""A GSDF order decided in Chromium in 中文 and 日本語: the outcome, the effects, the item status and
the findings in the user's language, the citation 商务部公告2026年第1号 intact beside them."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from dualuse import i18n

from .test_browser import _fill_japanese_military_order, _shot

CITATION = "商务部公告2026年第1号"
# Words each language's findings must use (the catalogue's own words are also checked below).
MILITARY_USER = {"zh": "军事用户", "ja": "軍事ユーザー"}
LINK = {"zh": "中文", "ja": "日本語"}


@pytest.mark.parametrize("lang", ("zh", "ja"))
def test_a_gsdf_order_is_decided_in_the_users_language(page: Page, screenshots: Path, lang: str):
    def t(key: str) -> str:
        return i18n.translate(lang, key)

    page.goto("/check")
    page.get_by_role("button", name=LINK[lang]).click()  # on a form page the switch posts its state
    expect(page.locator("h1")).to_have_text(t("check.title"))
    _fill_japanese_military_order(page)
    page.locator("#check-form").get_by_role("button", name=t("check.submit")).click()

    outcome = page.get_by_test_id("outcome")
    expect(outcome).to_contain_text(t("outcome.PROHIBITED"))
    expect(outcome).to_contain_text("PROHIBITED")  # the code stays beside the words
    decided = page.get_by_test_id("decided-by")
    expect(decided).to_contain_text(MILITARY_USER[lang])
    expect(decided).to_contain_text("陸上自衛隊")
    expect(decided.locator(".citation")).to_contain_text(CITATION)

    prohibiting = page.locator("table.reasons tr.effect-prohibited").first
    expect(prohibiting.locator(".effect")).to_have_text(t("effect.PROHIBITED"))
    expect(prohibiting.locator("td.finding")).to_contain_text(MILITARY_USER[lang])
    expect(prohibiting.locator("td.finding")).not_to_contain_text("military users")
    expect(prohibiting.locator("td.citation")).to_contain_text(CITATION)
    listed = page.locator("table.reasons tr", has_text="R-LIST")
    expect(listed.locator(".effect")).to_have_text(t("effect.LICENCE_REQUIRED"))
    expect(listed.locator("td.finding")).to_contain_text("仲钨酸铵")  # the List's own words, not the English
    expect(listed.locator("td.finding")).not_to_contain_text("is listed")
    expect(page.locator("table.items")).to_contain_text(t("item_status.listed"))
    for finding in page.locator("table.reasons td.finding").all_inner_texts():
        assert " the " not in finding and "{" not in finding, finding
    _shot(page, screenshots, f"check-prohibited-{lang}")
