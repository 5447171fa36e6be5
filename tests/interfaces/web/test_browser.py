"""The web app in headless Chromium against a real `dualuse serve`."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect


def _shot(page: Page, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"{path} looks empty"
    return path


def _fill_japanese_military_order(page: Page) -> None:
    page.fill("#f-date", "2026-03-02")
    page.fill("#f-destination", "JP")
    page.fill("#f-exporter-name", "湖南钨业进出口有限公司")
    page.fill("#f-parties-0-name", "陸上自衛隊")
    page.fill("#f-parties-0-country", "JP")
    page.select_option("#f-parties-0-kind", "government")
    page.select_option("#f-end_use-category", "civil")
    page.fill("#f-end_use-description", "declared as maintenance stock")
    page.fill("#f-items-0-description", "Ammonium paratungstate")
    page.fill("#f-items-0-hs_code", "2841801000")
    page.fill("#f-items-0-control_code", "1C117.d")
    page.fill("#f-items-0-value", "12000")
    page.fill("#f-items-0-currency", "USD")


def test_check_form_prohibits_a_japanese_military_end_user(page: Page, screenshots: Path):
    page.goto("/check")
    expect(page.locator("h1")).to_have_text("Check a transaction")
    _fill_japanese_military_order(page)
    page.evaluate("window.stayedOnPage = true")
    page.get_by_role("button", name="Decide").click()
    outcome = page.get_by_test_id("outcome")
    expect(outcome).to_contain_text("PROHIBITED")
    expect(outcome).to_contain_text("Prohibited")
    prohibiting = page.locator("table.reasons tr.effect-prohibited")
    expect(prohibiting.first).to_contain_text("JP-2026-1-MILITARY")
    expect(prohibiting.first.locator("td.citation")).to_contain_text("MOFCOM Announcement 2026 No. 1")
    expect(prohibiting.first.locator("td.citation")).to_contain_text("商务部公告2026年第1号")
    matches = page.locator("table.matches")
    expect(matches).to_contain_text("JP-MIL-GSDF")
    expect(matches.locator(".band-hit")).to_have_count(1)
    expect(page.locator(".decision .facts")).to_contain_text(page.get_by_test_id("data-version").inner_text())
    expect(page.locator("#f-parties-0-name")).to_have_value("陸上自衛隊")  # the form keeps what was entered
    assert page.url.endswith("/check")
    assert page.evaluate("window.stayedOnPage === true"), "htmx swapped the result in place"
    _shot(page, screenshots, "check-prohibited")
    page.emulate_media(media="print")
    expect(page.locator(".check-form")).to_be_hidden()
    expect(page.locator(".record-title")).to_be_visible()
    _shot(page, screenshots, "check-prohibited-print")


def test_check_form_names_the_bad_field(page: Page):
    page.goto("/check")
    _fill_japanese_military_order(page)
    page.fill("#f-items-0-value", "twelve thousand")
    page.get_by_role("button", name="Decide").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Item 1 · Value")
    expect(page.locator("#e-items-0-value")).to_have_text("Enter a number, such as 12000 or 0.25.")
    expect(page.locator("#f-items-0-value")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("outcome")).to_have_count(0)


def test_language_switch_is_remembered_across_pages(page: Page, screenshots: Path):
    page.goto("/regime")
    page.get_by_role("link", name="日本語").click()
    expect(page.locator("h1")).to_have_text("規制の状況")
    page.goto("/check")
    expect(page.locator("h1")).to_have_text("取引審査")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    page.get_by_role("link", name="規制の状況").click()
    expect(page.locator("h1")).to_have_text("規制の状況")
    page.goto("/screen")
    expect(page.locator("h1")).to_have_text("名称スクリーニング")
    _shot(page, screenshots, "screen-ja-empty")
    page.get_by_role("button", name="中文").click()
    expect(page.locator("h1")).to_have_text("名称筛查")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    page.get_by_role("button", name="English").click()
    expect(page.locator("h1")).to_have_text("Screen names")
    page.goto("/regime")
    expect(page.locator("h1")).to_have_text("Regime")


def test_screen_a_japanese_name_finds_the_chinese_listed_entry(page: Page, screenshots: Path):
    page.goto("/lang/ja?next=/screen")
    page.fill("#f-names", "三菱重工マリタイムシステムズ株式会社\n富士通株式会社")
    page.get_by_role("button", name="照合する").click()
    first = page.locator("article.screened").first
    expect(first.locator("h3")).to_contain_text("三菱重工マリタイムシステムズ株式会社")
    top = first.locator("table.candidates tbody tr").first
    expect(top).to_contain_text("MOFCOM-2026-11-05")
    expect(top.locator(".band")).not_to_have_text("非該当")
    expect(top.locator("details.aliases")).to_contain_text("三菱重工海事系统株式会社")
    expect(top).to_contain_text("管理リスト")
    expect(page.locator(".summary-line")).to_contain_text("2 件を照合")
    _shot(page, screenshots, "screen-ja-results")


def test_regime_page_shows_a_suspended_measure_with_its_end_date(page: Page, screenshots: Path):
    page.goto("/regime")
    page.fill("#f-on", "2026-11-23")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/regime\?on=2026-11-23(&|$)"))
    row = page.locator("tr[data-id='US-2024-46-MINERALS']")
    expect(row.locator(".state")).to_have_text("Suspended")
    expect(row).to_contain_text("suspended until 2026-11-27")
    upcoming = page.locator("table.timeline-upcoming")
    expect(upcoming).to_contain_text("2026-11-28")
    _shot(page, screenshots, "regime-2026-11-23")
    page.goto("/regime?on=2026-11-28")
    expect(page.locator("tr[data-id='US-2024-46-MINERALS'] .state")).to_have_text("In force")


def test_pages_use_only_local_assets(page: Page, server: str):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/check")
    page.goto("/regime")
    assert requested and all(url.startswith(server) for url in requested), requested


UNLABELLED = """() => Array.from(document.querySelectorAll("input:not([type=hidden]), select, textarea"))
    .filter(el => el.labels.length === 0 && !el.getAttribute("aria-label"))
    .map(el => el.name || el.id)"""


def test_every_form_control_has_a_label(page: Page):
    for path in ("/check", "/screen", "/regime", "/login"):
        page.goto(path)
        assert page.evaluate(UNLABELLED) == [], path
        expect(page.locator("main h1")).to_have_count(1)


def test_a_pasted_transaction_is_decided(page: Page):
    example = Path(__file__).resolve().parents[3] / "examples" / "transactions" / "04-jp-watch-list-tdk.json"
    page.goto("/check")
    page.locator("summary", has_text="Or paste the transaction JSON").click()
    page.fill("#f-json", example.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_test_id("outcome")).to_be_visible()
    expect(page.locator("table.matches")).to_contain_text("Watch List")
