"""The batch and impact pages in headless Chromium against a real `dualuse serve`: upload a batch
and watch it finish, download its decisions; change the duration of the rare-earth case and see
the loss recomputed; upload a portfolio and see its charts."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import PASSWORD, PEOPLE

ROOT = Path(__file__).resolve().parents[3]
SHIPMENTS = ROOT / "examples" / "batch" / "shipments.csv"
PORTFOLIO = ROOT / "examples" / "impact" / "portfolio.csv"


def _shot(page: Page, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"{path} looks empty"
    return path


def _sign_in(page: Page, role: str, then: str) -> None:
    page.goto(f"/login?next={then}")
    page.fill("#f-name", PEOPLE[role])
    page.fill("#f-password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("signed-in")).to_contain_text(PEOPLE[role])


def test_upload_a_batch_and_watch_it_finish(page: Page, screenshots: Path, tmp_path: Path):
    _sign_in(page, "exporter", "/batch")
    expect(page.locator("h1")).to_have_text("Batch decisions")
    page.set_input_files("#f-file", str(SHIPMENTS))
    page.fill("#f-as_of", "2026-03-02")
    page.get_by_role("button", name="Start the batch").click()
    expect(page).to_have_url(re.compile(r"/batch/[A-Za-z0-9_-]+$"))
    expect(page.locator("#batch-progress")).to_have_attribute("hx-get", re.compile(r"/progress$"))  # htmx polls it

    expect(page.get_by_test_id("batch-state")).to_have_text("Done", timeout=45_000)
    expect(page.get_by_test_id("batch-percent")).to_have_text("100%")
    expect(page.locator("#batch-bar")).to_have_attribute("value", "100.0")
    expect(page.get_by_test_id("batch-rows")).to_have_text("50 / 50")
    expect(page.get_by_test_id("batch-rejected")).to_have_text("2")
    expect(page.locator("#batch-progress")).not_to_have_attribute("hx-get", re.compile(".+"))  # polling stopped
    _shot(page, screenshots, "batch-done")

    with page.expect_download() as info:
        page.get_by_test_id("download-result").click()
    download = info.value
    assert download.suggested_filename == "shipments.decisions.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert len(rows) == 48 and {r["as_of"] for r in rows} == {"2026-03-02"}

    page.goto("/batch")
    expect(page.locator("table.batch-jobs tbody tr").first).to_contain_text("shipments.csv")
    _shot(page, screenshots, "batch-list")

    page.goto("/lang/ja?next=/batch")
    expect(page.locator("h1")).to_have_text("一括判定")
    page.goto("/lang/en?next=/batch")


def test_an_auditor_may_not_start_a_batch(page: Page):
    _sign_in(page, "auditor", "/batch")
    expect(page.locator("#f-file")).to_have_count(0)
    expect(page.get_by_text("Your role may read batch jobs but not start one")).to_be_visible()


def test_the_rare_earth_case_recomputed_with_another_duration(page: Page, screenshots: Path):
    page.goto("/impact")
    expect(page.locator("h1")).to_have_text("Impact analysis")
    expect(page.locator("tr[data-scenario='nri-kiuchi-rare-earth-3m']")).to_contain_text("✓")
    expect(page.get_by_test_id("step-loss")).to_contain_text("0.66")
    expect(page.get_by_test_id("step-gdp_share")).to_contain_text("0.1084%")

    page.fill("#f-duration_months-value", "12")
    page.get_by_role("button", name="Recompute").click()
    expect(page.get_by_test_id("step-loss")).to_contain_text("2.64")
    expect(page.get_by_test_id("step-gdp_share")).to_contain_text("0.4335%")
    expect(page.locator("tr[data-step='loss']")).to_contain_text("L(12) = 2.64 × max(0, 12 − 0) / 12 = 2.64")
    expect(page.locator("#f-duration_months-value")).to_have_value("12")
    _shot(page, screenshots, "impact-scenario-12-months")

    page.fill("#f-duration_months-value", "-1")
    page.get_by_role("button", name="Recompute").click()
    expect(page.get_by_test_id("scenario-error")).to_contain_text("inputs.duration_months.value")
    expect(page.locator("#f-duration_months-value")).to_have_attribute("aria-invalid", "true")


def test_the_exposure_of_a_portfolio_with_its_charts(page: Page, screenshots: Path):
    page.goto("/impact")
    page.set_input_files("#f-portfolio", str(PORTFOLIO))
    page.fill("#f-exp-as_of", "2026-03-01")
    page.get_by_role("button", name="Analyse the exposure").click()
    expect(page.get_by_test_id("exposed")).to_contain_text("(96.2%)", timeout=30_000)
    images = page.locator(".charts img")
    expect(images).to_have_count(4)
    for index in range(4):
        images.nth(index).scroll_into_view_if_needed()
        expect(images.nth(index)).to_have_js_property("complete", True)
        assert images.nth(index).evaluate("img => img.naturalWidth") > 300
    page.locator(".interactive summary").click()
    frame = page.frame_locator("iframe.report-frame")
    expect(frame.locator("h1")).to_have_text("Import exposure to China's export controls")
    expect(frame.locator(".js-plotly-plot").first).to_be_visible(timeout=20_000)
    _shot(page, screenshots, "impact-exposure")


def test_a_long_batch_shows_its_progress_while_it_runs(page: Page, screenshots: Path, tmp_path: Path):
    header, *rows = SHIPMENTS.read_text(encoding="utf-8").splitlines()
    rows = [r for r in rows if r.startswith("EX-") and not r.startswith(("EX-049", "EX-050"))]
    lines = [header] + [f"{row.split(',', 1)[0]}-{n:03d},{row.split(',', 1)[1]}" for n in range(200) for row in rows]
    big = tmp_path / "order-book-2026.csv"
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    total = len(lines) - 1

    _sign_in(page, "reviewer", "/batch")
    page.set_input_files("#f-file", str(big))
    page.get_by_role("button", name="Start the batch").click()
    expect(page.get_by_test_id("batch-state")).to_have_text("Running")
    page.wait_for_function("() => { const bar = document.querySelector('#batch-bar'); return bar && bar.value > 0; }")
    if page.get_by_test_id("batch-state").inner_text() == "Running":  # a fast machine may already be done
        _shot(page, screenshots, "batch-running")
    expect(page.get_by_test_id("batch-state")).to_have_text("Done", timeout=60_000)
    expect(page.get_by_test_id("batch-rows")).to_have_text(f"{total:,} / {total:,}")
    expect(page.get_by_test_id("batch-rejected")).to_have_text("0")


def test_a_batch_job_is_cancelled_or_deleted_from_its_page(page: Page):
    _sign_in(page, "exporter", "/batch")
    page.set_input_files("#f-file", str(SHIPMENTS))
    page.get_by_role("button", name="Start the batch").click()
    expect(page).to_have_url(re.compile(r"/batch/[A-Za-z0-9_-]+$"))
    job_url = page.url
    page.get_by_test_id("batch-cancel").click()  # cancels it, or deletes it when it had already finished
    if page.url.endswith(job_url.rsplit("/", 1)[1]):
        expect(page.get_by_test_id("batch-state")).to_have_text(re.compile("Cancelled|Done"), timeout=45_000)
        page.get_by_test_id("batch-cancel").click()  # now: delete it and its files
    expect(page).to_have_url(re.compile(r"/batch$"))
    assert page.request.get(job_url).status == 404
