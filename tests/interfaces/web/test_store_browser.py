"""The store's pages in headless Chromium against a real `dualuse serve` on a temporary SQLite
database: sign in, record a case from the check page, a reviewer's disposition, the printed
transaction review record, an application through submit → accept → approve with its due date,
an exporter refused the approval, a licence depleted by a shipment and an over-limit shipment
refused with its reasons, the audit chain verified, and the language switch on the new pages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Page, expect

from .conftest import PASSWORD, PEOPLE

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "transactions"


def _shot(page: Page, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"{path} looks empty"
    return path


def _sign_in(page: Page, role: str, then: str = "/cases") -> None:
    page.goto(f"/login?next={then}")
    page.fill("#f-name", PEOPLE[role])
    page.fill("#f-password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("signed-in")).to_contain_text(PEOPLE[role])


def _record_case(page: Page, example: str, shots: Path | None = None) -> int:
    """Decide an example on the check page and record it; returns the new case's number."""
    page.goto("/check")
    page.locator("summary", has_text="Or paste the transaction JSON").click()
    page.fill("#f-json", (EXAMPLES / f"{example}.json").read_text(encoding="utf-8"))
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_test_id("outcome")).to_be_visible()
    if shots is not None:
        page.fill("#f-classify-text", "氧化钐 99.9%")
        page.fill("#f-classify-hs", "2846901940")
        page.get_by_role("button", name="Classify").click()
        expect(page.get_by_test_id("classification")).to_contain_text("1C902.b")
        _shot(page, shots, "check-record-and-classify")
    page.get_by_role("button", name="Record as a case").click()
    expect(page).to_have_url(re.compile(r"/cases/\d+$"))
    return int(page.url.rsplit("/", 1)[1])


def test_sign_in_is_required_for_the_store_and_a_wrong_password_is_refused(page: Page):
    page.goto("/cases")
    expect(page).to_have_url(re.compile(r"/login\?next=/cases$"))
    page.fill("#f-name", "erin")
    page.fill("#f-password", "wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("wrong password")
    expect(page.locator("#f-password")).to_have_attribute("aria-invalid", "true")


def test_a_case_is_recorded_disposed_of_and_printed(page: Page, screenshots: Path):
    _sign_in(page, "exporter")
    case_id = _record_case(page, "05-jp-end-use-unknown", screenshots)
    expect(page.locator("h1")).to_contain_text(f"Case #{case_id}")
    expect(page.get_by_test_id("disposition")).to_contain_text("Awaiting review")
    expect(page.locator("#disposition")).to_contain_text("A reviewer settles this case.")
    page.goto("/cases?outcome=REVIEW")
    expect(page.locator(f"tr[data-case='{case_id}']")).to_contain_text("Awaiting review")

    _sign_in(page, "reviewer", f"/cases/{case_id}")
    page.check("#f-disposition-cleared")  # settles the end use; samarium metal 1C902.a is still listed
    page.fill("#f-reason", "End use established: SmCo magnets for industrial motors (statement of 2026-03-01).")
    page.get_by_role("button", name="Record the disposition").click()
    expect(page.get_by_test_id("final-outcome")).to_contain_text("Licence required")
    expect(page.get_by_test_id("disposition")).to_contain_text("rita")
    expect(page.get_by_test_id("floor-outcome")).to_contain_text("the other reasons require Licence required")
    expect(page.get_by_test_id("four-eyes")).to_contain_text("settled by someone other than the user who recorded the case")
    for reason in page.locator("table.reasons tbody tr").all():  # every reason and its citation
        expect(reason.locator("td.citation")).not_to_be_empty()
    _shot(page, screenshots, "case-disposed")

    page.get_by_test_id("record-link").click()
    expect(page.locator("h1")).to_have_text("Transaction review record")
    expect(page.get_by_test_id("final-outcome")).to_contain_text("Licence required")  # the record agrees with itself
    expect(page.get_by_test_id("four-eyes")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".mainnav")).to_be_hidden()
    expect(page.locator(".record-kind")).to_be_visible()
    expect(page.locator(".signatures")).to_be_visible()
    _shot(page, screenshots, "case-record-print")
    pdf = screenshots / "case-record.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20_000


def test_application_licence_and_shipments(page: Page, screenshots: Path):
    _sign_in(page, "exporter")
    case_id = _record_case(page, "01-jp-civil-samarium-oxide")
    expect(page.get_by_test_id("final-outcome")).to_contain_text("Licence required")
    page.select_option("#f-licence_type", "general")
    page.get_by_role("button", name="Draft an application").click()
    expect(page).to_have_url(re.compile(r"/applications/\d+$"))
    application = page.url
    for kind in ("contract", "end_user_certificate", "end_use_certificate", "technical_description"):
        page.select_option("#f-kind", kind)
        page.fill("#f-reference", f"{kind}.pdf")
        page.get_by_role("button", name="Attach").click()
    expect(page.locator("ul.missing")).to_have_count(0)
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("h1 .pill")).to_have_text("Submitted")

    _sign_in(page, "reviewer", urlsplit(application).path)
    page.fill("#f-date", "2026-03-02")
    page.get_by_role("button", name="Accept").click()
    expect(page.locator("h1 .pill")).to_have_text("Accepted")
    expect(page.get_by_test_id("due-on")).to_contain_text("2026-05-")  # 45 Chinese working days after 2 March
    _shot(page, screenshots, "application-accepted")
    page.goto("/applications")
    row = page.locator("table.queue tbody tr").first
    expect(row).to_contain_text(str(case_id))
    expect(row.locator("td.due")).to_contain_text("2026-05-")
    expect(row.locator("td.parties")).to_contain_text("信越化学工業株式会社")  # party, item and value in the queue
    expect(row).to_contain_text("1C902.b")
    expect(row).to_contain_text("48,000 USD")
    _shot(page, screenshots, "applications-queue")

    _sign_in(page, "exporter", "/applications")
    page.goto(application)
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)  # not offered to an exporter
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    forced = page.request.post(f"{application}/action", form={"csrf": csrf, "action": "approve"})
    assert forced.status == 403
    assert "erin (exporter) may not approve an application" in forced.text()

    _sign_in(page, "reviewer", "/applications")
    page.goto(application)
    page.once("dialog", lambda dialog: dialog.accept())  # approving is final: the browser asks first
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("h1 .pill")).to_have_text("Approved")
    page.fill("#f-valid_from", "2026-03-01")
    page.fill("#f-valid_until", "2027-02-28")
    page.get_by_role("button", name="Issue the licence").click()
    expect(page).to_have_url(re.compile(r"/licences/\d+$"))
    licence = page.url

    _sign_in(page, "exporter", "/licences")
    expect(page.locator("table.licences-table")).to_contain_text("信越化学工業株式会社")
    page.goto(licence)
    expect(page.get_by_test_id("remaining-quantity")).to_have_text("200")
    expect(page.get_by_test_id("coverage")).to_contain_text("1C902.b")  # the items the licence covers
    expect(page.get_by_test_id("coverage")).to_contain_text("200 kg")
    page.fill("#f-shipped_on", "2026-06-01")
    page.fill("#f-quantity", "150")
    page.fill("#f-value", "36000")
    page.fill("#f-ship-reference", "B/L 2026-0601")
    page.get_by_role("button", name="Record the shipment").click()
    expect(page.get_by_test_id("remaining-quantity")).to_have_text("50")
    expect(page.get_by_test_id("remaining-value")).to_have_text("12,000")
    page.fill("#f-shipped_on", "2026-07-01")
    page.fill("#f-quantity", "100")
    page.fill("#f-value", "24000")
    page.get_by_role("button", name="Record the shipment").click()
    refused = page.get_by_test_id("refused")
    expect(refused).to_contain_text("Refused by the rules")
    expect(refused.locator("li")).to_have_count(2)
    expect(refused).to_contain_text("quantity 100.0000 exceeds what remains: 50.0000 kg")
    expect(refused).to_contain_text("value 24000.0000 exceeds what remains: 12000.0000 USD")
    expect(page.get_by_test_id("remaining-quantity")).to_have_text("50")
    expect(page.locator("#f-quantity")).to_have_value("100")  # the form keeps what was entered
    _shot(page, screenshots, "licence-refused-shipment")


def test_audit_chain_verifies_and_the_store_pages_are_translated(page: Page, screenshots: Path):
    _sign_in(page, "auditor", "/audit")
    page.get_by_role("button", name="Verify the chain").click()
    expect(page.get_by_test_id("verify-result")).to_contain_text("audit chain intact")
    expect(page.locator("table.audit-log tbody tr").first).to_be_visible()
    _shot(page, screenshots, "audit-verified")
    page.get_by_role("link", name="日本語").click()
    expect(page.locator("h1")).to_have_text("監査")
    page.get_by_role("link", name="案件").click()
    expect(page.locator("h1")).to_have_text("案件")
    page.get_by_role("link", name="許可申請").click()
    expect(page.locator("h1")).to_have_text("許可申請")
    page.get_by_role("link", name="中文").click()
    expect(page.locator("h1")).to_have_text("许可申请")
    page.get_by_role("link", name="许可证").click()
    expect(page.locator("h1")).to_have_text("许可证")
    _shot(page, screenshots, "licences-zh")
    page.get_by_role("link", name="English").click()
    expect(page.locator("h1")).to_have_text("Licences")


UNLABELLED = """() => Array.from(document.querySelectorAll("input:not([type=hidden]), select, textarea"))
    .filter(el => el.labels.length === 0 && !el.getAttribute("aria-label"))
    .map(el => el.name || el.id)"""


def test_store_pages_label_every_control(page: Page):
    _sign_in(page, "admin")
    for path in ("/cases", "/applications", "/licences", "/audit", "/classify?text=" + json.dumps("氧化钐")[1:-1]):
        page.goto(path)
        assert page.evaluate(UNLABELLED) == [], path
        expect(page.locator("main h1")).to_have_count(1)
