"""The regime page over HTTP: narrowed by list, country and state through its query parameters,
research notes (reported, unconfirmed changes and their sources) only for roles with
`regime.notes`, and a page of reasonable length."""

from __future__ import annotations

import re
from datetime import date

import pytest

from dualuse.services.regime_status import status
from dualuse.services.regime_view import PAST_SHOWN, facets

from .test_store_pages import _sign_in, store, web  # noqa: F401  (fixtures; runtime is in conftest)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
DAY = "2026-11-23"


def _ids(html: str) -> list[str]:
    return re.findall(r'<tr class="state-row-[a-z_]+" data-id="([^"]+)"', html)


def test_the_regime_is_narrowed_by_list_country_and_state(web, runtime):
    everything = _ids(web.get("/regime", params={"on": DAY}).text)
    about = facets(runtime.regime)
    rows = {r.id: r for r in status(runtime.regime, date.fromisoformat(DAY), notes=False)}
    assert everything == list(rows)

    watch = _ids(web.get("/regime", params={"on": DAY, "list": "watch_list"}).text)
    assert watch and all(rows[i].kind == "listing" and about[i].list == "watch_list" for i in watch)
    assert set(watch) == {i for i, r in rows.items() if r.kind == "listing" and about[i].list == "watch_list"}

    japan = _ids(web.get("/regime", params={"on": DAY, "country": "jp"}).text)
    assert "JP-2026-1-MILITARY" in japan and "US-2024-46-MILITARY" not in japan
    assert all(rows[i].kind != "listing" or "JP" in about[i].countries for i in japan)
    assert any(rows[i].kind == "control_entries" for i in japan)  # entries apply to every destination

    suspended = web.get("/regime", params={"on": DAY, "state": "suspended"}).text
    assert _ids(suspended) == [i for i, r in rows.items() if r.state.value == "suspended"]
    assert 'option value="suspended" selected' in suspended

    both = _ids(web.get("/regime", params={"on": DAY, "country": "US", "state": "in_force"}).text)
    assert both and all(rows[i].state.value == "in_force" for i in both) and "JP-2026-1-MILITARY" not in both
    assert _ids(web.get("/regime", params={"on": DAY, "list": "no-such-list", "state": "nonsense"}).text) == everything
    nothing = web.get("/regime", params={"on": DAY, "list": "watch_list", "country": "ZZ"}).text
    assert _ids(nothing) == [] and 'data-testid="regime-none"' in nothing


def test_research_notes_only_for_a_role_that_may_read_them(web, store):  # noqa: F811
    from dualuse.services import users

    users.add_user(store, "ada", "rita", "reviewer", "pw-for-tests-only")
    anonymous = web.get("/regime", params={"on": DAY}).text
    assert 'data-id="MOFCOM-2026-34-REPORTED"' in anonymous  # the reported notice is there, as never applied
    for note in ("reported, unconfirmed (", "reported, unconfirmed:", "never applied:", "third-party", "README.md", "brief"):
        assert note not in anonymous
    _sign_in(web, "erin")  # an exporter: no regime.notes
    assert "third-party" not in web.get("/regime", params={"on": DAY}).text
    web.cookies.clear()
    _sign_in(web, "rita")
    reviewer = web.get("/regime", params={"on": DAY}).text
    assert "third-party" in reviewer and "reported, unconfirmed (" in reviewer and "never applied:" in reviewer
    assert 'data-testid="regime-notes"' in reviewer


def test_the_page_shows_the_latest_past_changes_and_the_rest_on_request(web):
    page = web.get("/regime", params={"on": DAY}).text
    past = page[page.index("timeline-past"):]
    assert past[:past.index("</table>")].count("<time ") == PAST_SHOWN
    assert 'data-testid="regime-all-past"' in page
    everything = web.get("/regime", params={"on": DAY, "past": "all"}).text
    past = everything[everything.index("timeline-past"):]
    assert past[:past.index("</table>")].count("<time ") > PAST_SHOWN
    assert len(page) < len(everything) / 1.5
