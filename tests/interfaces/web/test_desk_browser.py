"""The desk in headless Chromium, in each of its languages: what was typed and decided survives a
language switch and a sign-in (issue 19 item 1)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .conftest import PASSWORD, PEOPLE
from .test_browser import _fill_japanese_military_order, _shot

# What the user sees in each language (from the catalogues, written out so a lost translation fails).
WORDS = {
    "en": {"name": "English", "check": "Check a transaction", "decide": "Decide", "prohibited": "Prohibited",
           "screen": "Screen names", "run_screen": "Screen", "login": "Sign in", "record": "Record as a case"},
    "zh": {"name": "中文", "check": "交易审查", "decide": "作出决定", "prohibited": "禁止出口",
           "screen": "名称筛查", "run_screen": "筛查", "login": "登录", "record": "记录为案件"},
    "ja": {"name": "日本語", "check": "取引審査", "decide": "判定する", "prohibited": "輸出禁止",
           "screen": "名称スクリーニング", "run_screen": "照合する", "login": "サインイン", "record": "案件として記録する"},
}
HTML_LANG = {"en": "en", "zh": "zh-Hans", "ja": "ja"}
LANGS = tuple(WORDS)


def _decide_in(page: Page, lang: str) -> None:
    page.goto(f"/lang/{lang}?next=/check")
    expect(page.locator("h1")).to_have_text(WORDS[lang]["check"])
    _fill_japanese_military_order(page)
    page.locator("#check-form").get_by_role("button", name=WORDS[lang]["decide"], exact=True).click()
    expect(page.get_by_test_id("outcome")).to_contain_text(WORDS[lang]["prohibited"])


@pytest.mark.parametrize("lang", LANGS)
def test_a_language_switch_keeps_the_form_and_the_decision(page: Page, screenshots: Path, lang: str):
    _decide_in(page, lang)
    for other in [o for o in LANGS if o != lang] + [lang]:
        page.get_by_role("button", name=WORDS[other]["name"], exact=True).click()
        expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[other])
        expect(page.locator("h1")).to_have_text(WORDS[other]["check"])
        expect(page.get_by_test_id("outcome")).to_contain_text(WORDS[other]["prohibited"])
        expect(page.locator("#f-parties-0-name")).to_have_value("陸上自衛隊")
        expect(page.locator("#f-items-0-control_code")).to_have_value("1C117.d")
        expect(page.locator("#f-end_use-description")).to_have_value("declared as maintenance stock")
    _shot(page, screenshots, f"desk-language-kept-{lang}")
    page.goto("/regime")  # the choice is remembered like the links' on the pages without a form
    expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[lang])


@pytest.mark.parametrize("lang", LANGS)
def test_a_language_switch_on_an_empty_form_decides_nothing(page: Page, lang: str):
    page.goto("/check")
    page.fill("#f-exporter-name", "湖南钨业进出口有限公司")
    page.get_by_role("button", name=WORDS[lang]["name"], exact=True).click()
    expect(page.locator("h1")).to_have_text(WORDS[lang]["check"])
    expect(page.locator("#f-exporter-name")).to_have_value("湖南钨业进出口有限公司")
    expect(page.get_by_test_id("outcome")).to_have_count(0)
    expect(page.get_by_role("alert")).to_have_count(0)


@pytest.mark.parametrize("lang", LANGS)
def test_signing_in_comes_back_to_the_decision_ready_to_record(page: Page, screenshots: Path, lang: str):
    _decide_in(page, lang)
    page.get_by_test_id("sign-in-to-record").click()
    expect(page.locator("h1")).to_have_text(WORDS[lang]["login"])
    page.fill("#f-name", PEOPLE["exporter"])
    page.fill("#f-password", PASSWORD)
    page.locator("#login-form").get_by_role("button", name=WORDS[lang]["login"]).click()
    expect(page.get_by_test_id("signed-in")).to_contain_text(PEOPLE["exporter"])
    expect(page.get_by_test_id("outcome")).to_contain_text(WORDS[lang]["prohibited"])
    expect(page.locator("#f-parties-0-name")).to_have_value("陸上自衛隊")
    expect(page.locator("#f-items-0-value")).to_have_value(re.compile(r"^12000(\.0+)?$"))
    _shot(page, screenshots, f"desk-after-sign-in-{lang}")
    page.get_by_role("button", name=WORDS[lang]["record"]).click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    expect(page.locator("main")).to_contain_text("陸上自衛隊")


@pytest.mark.parametrize("lang", LANGS)
def test_the_login_page_keeps_the_name_and_the_way_back_across_a_switch(page: Page, lang: str):
    page.goto("/login?next=/cases")
    page.fill("#f-name", PEOPLE["reviewer"])
    page.get_by_role("button", name=WORDS[lang]["name"], exact=True).click()
    expect(page.locator("h1")).to_have_text(WORDS[lang]["login"])
    expect(page.locator("#f-name")).to_have_value(PEOPLE["reviewer"])
    page.fill("#f-password", PASSWORD)
    page.locator("#login-form").get_by_role("button", name=WORDS[lang]["login"]).click()
    expect(page).to_have_url(re.compile(r"/cases$"))


@pytest.mark.parametrize("lang", LANGS)
def test_a_language_switch_keeps_the_screened_names_and_results(page: Page, screenshots: Path, lang: str):
    page.goto("/screen")
    page.fill("#f-names", "陸上自衛隊\n富士通株式会社")
    page.get_by_role("button", name="Screen", exact=True).click()
    expect(page.locator("article.screened")).to_have_count(2)
    page.get_by_role("button", name=WORDS[lang]["name"], exact=True).click()
    expect(page.locator("h1")).to_have_text(WORDS[lang]["screen"])
    expect(page.locator("#f-names")).to_have_value("陸上自衛隊\n富士通株式会社")
    expect(page.locator("article.screened")).to_have_count(2)
    expect(page.locator("article.screened").first.locator(".band-hit").first).to_be_visible()
    _shot(page, screenshots, f"desk-screen-kept-{lang}")


# Results read at a glance (issue 19 item 3).
GLANCE = {
    "en": {"effect": "Prohibits the export", "gsdf": "Japan Ground Self-Defense Force", "mhi": "Mitsubishi Heavy Industries Maritime Systems, Ltd.",
           "decisive": "Decisive", "met": "met the listed name", "listed": "Listed (entry in force)", "legend": "How to read the bands",
           "listed_by": "Listed by"},
    "zh": {"effect": "禁止出口", "gsdf": "陆上自卫队", "mhi": "三菱重工海事系统株式会社", "decisive": "决定性理由", "met": "相符",
           "listed": "列入清单（条目有效）", "legend": "匹配等级说明", "listed_by": "列入依据"},
    "ja": {"effect": "輸出禁止", "gsdf": "陸上自衛隊", "mhi": "三菱重工海事系统株式会社", "decisive": "決定的な理由", "met": "一致しました",
           "listed": "リスト掲載（有効な項目）", "legend": "判定区分の見方", "listed_by": "掲載根拠"},
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_decision_reads_at_a_glance(page: Page, screenshots: Path, lang: str):
    words = GLANCE[lang]
    _decide_in(page, lang)
    decided_by = page.get_by_test_id("decided-by")
    expect(decided_by).to_contain_text("陸上自衛隊")
    expect(decided_by).to_contain_text("商务部公告2026年第1号")
    first = page.locator("table.reasons tbody tr").first
    expect(first).to_have_class(re.compile(r"\bdecisive\b"))
    expect(first.locator(".effect")).to_have_text(words["effect"])
    expect(first).to_contain_text(words["decisive"])
    expect(first).to_contain_text("JP-2026-1-MILITARY")
    expect(page.locator("table.reasons tr.decisive")).to_have_count(1)
    listed = page.locator("table.matches td.listed")
    expect(listed.locator(".listed-name")).to_have_text(words["gsdf"])
    expect(listed.locator("a")).to_have_attribute("href", re.compile(r"^https://www\.mod\.go\.jp/"))
    why = page.locator("table.matches .why")
    expect(why).to_contain_text(words["met"])
    expect(why.first.locator(".met").first).to_be_visible()  # the words that met, each with how it was read
    expect(page.locator("table.items")).to_contain_text(words["listed"])
    legend = page.get_by_test_id("band-legend")
    expect(legend).to_contain_text(words["legend"])
    expect(legend.locator("dt")).to_have_count(3)
    expect(page.locator("table.reasons")).not_to_contain_text("INFORMATION")
    _shot(page, screenshots, f"desk-glance-check-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_a_screened_name_shows_the_listed_party_and_its_notice(page: Page, screenshots: Path, lang: str):
    words = GLANCE[lang]
    page.goto(f"/lang/{lang}?next=/screen")
    page.fill("#f-names", "三菱重工マリタイムシステムズ株式会社")
    page.locator("#screen-form button[type=submit]").click()
    top = page.locator("article.screened table.candidates tbody tr").first
    expect(top.locator(".listed-name")).to_have_text(words["mhi"])
    notice = top.locator(".notice")
    expect(notice).to_contain_text(words["listed_by"])
    link = notice.locator("a")
    expect(link).to_contain_text("商务部公告2026年第11号")
    expect(link).to_have_attribute("href", re.compile(r"^https://www\.mofcom\.gov\.cn/"))
    expect(top.locator(".why")).to_contain_text(words["met"])
    expect(top.locator(".why")).to_contain_text("株式会社")
    expect(page.get_by_test_id("band-legend")).to_contain_text(words["legend"])
    _shot(page, screenshots, f"desk-glance-screen-{lang}")


# Forms: every error at once beside its field, in words; required fields marked; limits stated (item 4).
FORM_WORDS = {
    "en": {"count": "3 field(s) to correct", "number": "Enter a number", "country": "Not a known country",
           "required": "Required", "value_label": "Item 1 · Value", "too_long": "at most 500 characters"},
    "zh": {"count": "有 3 处需要更正", "number": "请输入数字", "country": "不是已知的国家或地区",
           "required": "必填项", "value_label": "物项 1 · ", "too_long": "最多 500 个字符"},
    "ja": {"count": "3 か所を訂正してください", "number": "数値を入力してください", "country": "国コードが不明です",
           "required": "必須項目です", "value_label": "品目 1 · ", "too_long": "500 文字以内"},
}


@pytest.mark.parametrize("lang", LANGS)
def test_every_form_error_shows_at_once_beside_its_field(page: Page, screenshots: Path, lang: str):
    words = FORM_WORDS[lang]
    page.goto(f"/lang/{lang}?next=/check")
    expect(page.locator("label[for=f-destination] abbr.req")).to_be_visible()
    expect(page.locator("#f-exporter-name")).to_have_attribute("aria-required", "true")
    expect(page.get_by_test_id("item-limits")).to_be_visible()
    _fill_japanese_military_order(page)
    page.fill("#f-destination", "ZZ")
    page.fill("#f-items-0-value", "twelve thousand")
    page.fill("#f-exporter-name", "")
    page.locator("#check-form button.primary").click()
    summary = page.get_by_test_id("form-errors")
    expect(summary).to_contain_text(words["count"])
    expect(summary.locator("li")).to_have_count(3)
    expect(summary).to_contain_text(words["value_label"])
    expect(summary).not_to_contain_text("items[0]")
    expect(page.locator("#e-items-0-value")).to_contain_text(words["number"])
    expect(page.locator("#e-destination")).to_contain_text(words["country"])
    expect(page.locator("#e-exporter-name")).to_contain_text(words["required"])
    for name in ("items-0-value", "destination", "exporter-name"):
        expect(page.locator(f"#f-{name}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-parties-0-name")).to_have_value("陸上自衛隊")
    expect(page.get_by_test_id("outcome")).to_have_count(0)
    _shot(page, screenshots, f"desk-form-errors-{lang}")
    summary.locator("li a").last.click()  # a summary line leads to its field
    expect(page.locator("#f-items-0-value")).to_be_focused()


@pytest.mark.parametrize("lang", LANGS)
def test_a_name_over_the_limit_is_refused_never_cut(page: Page, lang: str):
    page.goto(f"/lang/{lang}?next=/screen")
    expect(page.locator("#h-names")).to_contain_text("500")
    page.fill("#f-names", "Fujitsu\n陸上自衛隊" + "x" * 600)
    page.locator("#screen-form button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text(FORM_WORDS[lang]["too_long"])
    expect(page.locator("#f-names")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("article.screened")).to_have_count(0)


# The desk's tools: downloads (item 5).
EXPORT_WORDS = {"en": "Download CSV", "zh": "下载 CSV", "ja": "CSV をダウンロード"}


def _sign_in_as(page: Page, role: str, then: str) -> None:
    page.goto(f"/login?next={then}")
    page.fill("#f-name", PEOPLE[role])
    page.fill("#f-password", PASSWORD)
    page.locator("#login-form button.primary").click()
    expect(page.get_by_test_id("signed-in")).to_contain_text(PEOPLE[role])


@pytest.mark.parametrize("lang", LANGS)
def test_screening_cases_and_audit_download_as_csv(page: Page, screenshots: Path, tmp_path: Path, lang: str):
    page.goto(f"/lang/{lang}?next=/screen")
    page.fill("#f-names", "陸上自衛隊\n富士通株式会社")
    page.locator("#screen-form button.primary").click()
    expect(page.locator("article.screened")).to_have_count(2)
    button = page.get_by_test_id("screen-csv")
    expect(button).to_have_text(EXPORT_WORDS[lang])
    with page.expect_download() as info:
        button.click()
    saved = tmp_path / "screening.csv"
    info.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert text.startswith("name,country,name_band") and "JP-MIL-GSDF" in text and "富士通株式会社" in text
    expect(page.locator("article.screened")).to_have_count(2)  # the page stays as it was
    page.locator("#screen-form button.primary").click()  # and screens again as a page, not a download
    expect(page.locator("article.screened")).to_have_count(2)

    _sign_in_as(page, "exporter", "/check")
    _fill_japanese_military_order(page)
    page.locator("#check-form button.primary").click()
    page.locator(".record-case button.primary").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    case_id = page.url.rsplit("/", 1)[1]
    page.goto("/cases")
    with page.expect_download() as info:
        page.get_by_test_id("cases-csv").click()
    info.value.save_as(tmp_path / "cases.csv")
    assert any(line.startswith(f"{case_id},PROHIBITED,") for line in (tmp_path / "cases.csv").read_text(encoding="utf-8-sig").splitlines())
    page.goto("/audit")
    with page.expect_download() as info:
        page.get_by_test_id("audit-csv").click()
    info.value.save_as(tmp_path / "audit.csv")
    assert ",case.add,case," in (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")
    _shot(page, screenshots, f"desk-audit-{lang}")


# Confirmations before a final action (item 5).
CONFIRM_WORDS = {
    "en": {"withdraw": "Withdraw", "asks": "Withdraw application", "draft_state": "Draft", "withdrawn": "Withdrawn"},
    "zh": {"withdraw": "撤回", "asks": "确认撤回第", "draft_state": "草稿", "withdrawn": "已撤回"},
    "ja": {"withdraw": "取り下げる", "asks": "を取り下げますか", "draft_state": "下書き", "withdrawn": "取り下げ"},
}
EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "transactions"


@pytest.mark.parametrize("lang", LANGS)
def test_withdrawing_an_application_is_confirmed_first(page: Page, lang: str):
    words = CONFIRM_WORDS[lang]
    _sign_in_as(page, "exporter", "/check")
    page.locator("summary", has_text="Or paste the transaction JSON").click()
    page.fill("#f-json", (EXAMPLES / "01-jp-civil-samarium-oxide.json").read_text(encoding="utf-8"))
    page.locator("#check-form button.primary").click()
    page.locator(".record-case button.primary").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    page.get_by_role("button", name="Draft an application").click()
    expect(page).to_have_url(re.compile(r"/applications/\d+$"))
    page.goto(f"/lang/{lang}?next={urlsplit(page.url).path}")
    asked: list[str] = []
    posted: list[str] = []
    page.on("request", lambda request: posted.append(request.url) if request.method == "POST" else None)

    def dismiss(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("button", name=words["withdraw"], exact=True).click()
    assert asked and words["asks"] in asked[0], asked
    assert posted == []  # dismissed: nothing posted
    page.reload()
    expect(page.locator("h1 .pill")).to_have_text(words["draft_state"])

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=words["withdraw"], exact=True).click()
    expect(page.locator("h1 .pill")).to_have_text(words["withdrawn"])


# Search and filters, and the queue's party, item and value (item 5).
SEARCH_WORDS = {"en": "case(s)", "zh": "件案件", "ja": "件の案件"}


@pytest.mark.parametrize("lang", LANGS)
def test_cases_are_searched_by_party_and_show_party_item_and_value(page: Page, screenshots: Path, lang: str):
    _sign_in_as(page, "exporter", "/check")
    _fill_japanese_military_order(page)
    page.fill("#f-parties-0-name", f"陸上自衛隊 {lang}")
    page.locator("#check-form button.primary").click()
    page.locator(".record-case button.primary").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    case_id = page.url.rsplit("/", 1)[1]
    page.goto(f"/lang/{lang}?next=/cases")
    page.fill("#f-party", f"自衛隊 {lang}")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/cases\?.*party="))
    expect(page.get_by_test_id("cases-count")).to_contain_text(SEARCH_WORDS[lang])
    rows = page.locator("table.cases-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-case", case_id)
    expect(rows.first).to_contain_text(f"陸上自衛隊 {lang}")
    expect(rows.first).to_contain_text("12,000 USD")
    expect(rows.first).to_contain_text("1C117.d")
    _shot(page, screenshots, f"desk-cases-search-{lang}")
    page.goto("/audit")
    page.fill("#f-actor", PEOPLE["exporter"])
    page.select_option("#f-entity", "case")
    page.locator("form.filters button[type=submit]").click()
    actors = page.locator("table.audit-log tbody tr td:nth-child(3)")
    expect(actors.first).to_have_text(PEOPLE["exporter"])
    assert set(actors.all_inner_texts()) == {PEOPLE["exporter"]}
