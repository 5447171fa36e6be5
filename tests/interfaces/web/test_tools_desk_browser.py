"""The desk's remaining tools in headless Chromium, in each language (issue 19 item 5): the review
record downloaded as a PDF from the case page, a batch's summary, result view and template, the
regime page's filter; and axe-core finds nothing serious on these pages."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from dualuse.batch.contract import COLUMNS

from .test_accessibility import _serious
from .test_browser import _shot
from .test_desk_browser import LANGS, _decide_in, _sign_in_as

ROOT = Path(__file__).resolve().parents[3]
SHIPMENTS = ROOT / "examples" / "batch" / "shipments.csv"
# What the user sees in each language (written out so a lost translation fails).
WORDS = {
    "en": {"pdf": "Download PDF", "record": "Record as a case", "heading": "Transaction review record", "results": "View the decisions",
           "template": "Download the template (CSV)", "summary": "Summary by outcome", "show": "Show", "batch": "Batch decisions",
           "prohibited": "Prohibited", "start": "Start the batch"},
    "zh": {"pdf": "下载 PDF", "record": "记录为案件", "heading": "交易审查记录", "results": "查看判定结果",
           "template": "下载模板（CSV）", "summary": "按结论汇总", "show": "显示", "batch": "批量判定",
           "prohibited": "禁止出口", "start": "开始批量判定"},
    "ja": {"pdf": "PDF をダウンロード", "record": "案件として記録する", "heading": "取引審査記録", "results": "判定結果を見る",
           "template": "テンプレートをダウンロード（CSV）", "summary": "判定別の集計", "show": "表示", "batch": "一括判定",
           "prohibited": "輸出禁止", "start": "一括判定を開始"},
}


@pytest.fixture
def axe_page(browser, server: str):
    """As test_accessibility's page: axe's own inline styles let past the pages' CSP."""
    context = browser.new_context(base_url=server, viewport={"width": 1366, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, errors


def _record_the_gsdf_order(page: Page, lang: str) -> None:
    _sign_in_as(page, "exporter", "/check")
    _decide_in(page, lang)
    page.get_by_role("button", name=WORDS[lang]["record"]).click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))


def _run_batch(page: Page, lang: str) -> None:
    page.goto(f"/lang/{lang}?next=/batch")
    expect(page.locator("h1")).to_have_text(WORDS[lang]["batch"])
    page.set_input_files("#f-file", str(SHIPMENTS))
    page.get_by_role("button", name=WORDS[lang]["start"]).click()
    expect(page).to_have_url(re.compile(r"/batch/[A-Za-z0-9_-]+$"))
    expect(page.locator("#batch-progress")).to_have_attribute("data-state", "done", timeout=45_000)


@pytest.mark.parametrize("lang", LANGS)
def test_the_review_record_downloads_as_a_pdf(page: Page, screenshots: Path, tmp_path: Path, lang: str):
    _record_the_gsdf_order(page, lang)
    link = page.get_by_role("link", name=WORDS[lang]["pdf"])
    expect(link).to_be_visible()
    _shot(page, screenshots, f"tools-case-pdf-link-{lang}")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert re.fullmatch(r"case-\d+-review-record\.pdf", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    text = "".join(p.extract_text() for p in PdfReader(saved).pages).replace(" ", "").replace("\n", "")
    for expected in (WORDS[lang]["heading"], "陸上自衛隊", "商务部公告2026年第1号", "PROHIBITED"):
        assert expected.replace(" ", "") in text, expected


@pytest.mark.parametrize("lang", LANGS)
def test_a_batch_summary_its_result_view_and_the_template(page: Page, screenshots: Path, tmp_path: Path, lang: str):
    _sign_in_as(page, "exporter", "/batch")
    page.goto(f"/lang/{lang}?next=/batch")
    with page.expect_download() as info:
        page.get_by_role("link", name=WORDS[lang]["template"]).click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 2

    _run_batch(page, lang)
    summary = page.get_by_test_id("batch-summary")
    expect(page.get_by_role("heading", name=WORDS[lang]["summary"])).to_be_visible()
    prohibited = summary.locator("tr[data-outcome='PROHIBITED']")
    expect(prohibited).to_contain_text(WORDS[lang]["prohibited"])
    count = int(prohibited.locator("td.num").inner_text())
    counts = [int(c.replace(",", "")) for c in summary.locator("tbody tr:not([data-outcome='rejected']) td.num").all_inner_texts()]
    assert count > 0 and sum(counts) == 48
    _shot(page, screenshots, f"tools-batch-summary-{lang}")

    prohibited.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/results\?outcome=PROHIBITED$"))
    expect(page.locator("table.batch-results tbody tr")).to_have_count(count)
    assert set(page.locator("table.batch-results tbody tr").evaluate_all("rows => rows.map(r => r.dataset.outcome)")) == {"PROHIBITED"}
    expect(page.locator("#f-outcome")).to_have_value("PROHIBITED")
    _shot(page, screenshots, f"tools-batch-results-{lang}")
    page.select_option("#f-outcome", "")
    page.get_by_role("button", name=WORDS[lang]["show"], exact=True).click()
    expect(page.locator("table.batch-results tbody tr")).to_have_count(48)


@pytest.mark.parametrize("lang", LANGS)
def test_the_regime_page_filters_by_list_country_and_state(page: Page, screenshots: Path, lang: str):
    page.goto(f"/lang/{lang}?next=/regime")
    every = page.locator("table.regime-status tbody tr").count()
    page.select_option("#f-list", "control_list")
    page.select_option("#f-country", "US")
    page.select_option("#f-state", "in_force")
    page.get_by_role("button", name=WORDS[lang]["show"], exact=True).click()
    expect(page).to_have_url(re.compile(r"list=control_list&country=US&state=in_force"))
    rows = page.locator("table.regime-status tbody tr")
    expect(rows.first).to_be_visible()
    assert 0 < rows.count() < every
    assert set(rows.evaluate_all("rows => rows.map(r => r.className)")) == {"state-row-in_force"}
    expect(page.locator("#f-list")).to_have_value("control_list")
    _shot(page, screenshots, f"tools-regime-filtered-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_no_serious_accessibility_finding_on_the_new_pages(axe_page: Page, screenshots: Path, lang: str):
    page = axe_page
    findings: dict[str, list[str]] = {}

    def check(name: str) -> None:
        found = _serious(page)
        if found:
            findings[name] = found
        _shot(page, screenshots, f"a11y-tools-{lang}-{name}")

    page.goto(f"/lang/{lang}?next=/regime%3Flist%3Dcontrol_list%26country%3DUS")
    check("regime-filtered")
    _sign_in_as(page, "exporter", "/batch")
    check("batch")
    _run_batch(page, lang)
    check("batch-done")
    page.get_by_test_id("batch-results-link").click()
    page.locator("table.batch-results").wait_for()
    check("batch-results")
    _decide_in(page, lang)
    page.get_by_role("button", name=WORDS[lang]["record"]).click()
    page.get_by_test_id("record-pdf").wait_for()
    check("case")
    assert not findings, findings
