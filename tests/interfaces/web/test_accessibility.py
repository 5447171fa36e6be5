"""Every page of the desk checked by axe-core (npm `axe-core` 4.14.1, vendored in vendor/ with its
MPL-2.0 licence) in headless Chromium, in each language: no serious or critical finding."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from .test_browser import _fill_japanese_military_order, _shot
from .test_desk_browser import LANGS, _sign_in_as

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SERIOUS = ("serious", "critical")


def _serious(page: Page) -> list[str]:
    """axe's serious and critical violations on the page as it is (WCAG 2.x A and AA rules)."""
    found = page.evaluate(AXE + "\n;axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                          ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))")
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in SERIOUS]


@pytest.fixture
def page(browser, server: str):
    """A fresh context like conftest's `page`, but letting axe's own inline styles past the
    pages' Content-Security-Policy (axe measures colours with them; the pages do not change)."""
    context = browser.new_context(base_url=server, viewport={"width": 1366, "height": 900}, bypass_csp=True)
    context.set_default_timeout(15_000)
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, errors


@pytest.mark.parametrize("lang", LANGS)
def test_no_serious_accessibility_finding_on_any_page(page: Page, screenshots: Path, lang: str):
    findings: dict[str, list[str]] = {}

    def check(name: str) -> None:
        found = _serious(page)
        if found:
            findings[name] = found
        _shot(page, screenshots, f"a11y-{lang}-{name}")

    page.goto(f"/lang/{lang}?next=/check")
    check("check")
    _fill_japanese_military_order(page)
    page.locator("#check-form button.primary").click()
    page.get_by_test_id("outcome").wait_for()
    check("decision")
    page.fill("#f-items-0-value", "lots")
    page.locator("#check-form button.primary").click()
    page.get_by_test_id("form-errors").wait_for()
    check("form-errors")
    page.goto("/screen")
    page.fill("#f-names", "陸上自衛隊\n三菱重工マリタイムシステムズ株式会社")
    page.locator("#screen-form button.primary").click()
    page.locator("article.screened").first.wait_for()
    check("screen")
    for path in ("/regime", "/login", "/impact"):
        page.goto(path)
        check(path.strip("/"))
    _sign_in_as(page, "reviewer", "/cases")
    for path in ("/cases", "/applications", "/licences", "/audit", "/batch"):
        page.goto(path)
        check(path.strip("/"))
    assert not findings, findings
