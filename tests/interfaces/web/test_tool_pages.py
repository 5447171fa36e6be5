"""The batch and impact pages without a browser: who may upload, CSRF on the uploads, bad files
shown on the page, the scenario form recomputed, and only report files served from reports."""

from __future__ import annotations

import re
import time
import warnings
from pathlib import Path

import pytest

from dualuse.interfaces.api import create_app
from dualuse.interfaces.api.settings import Settings
from dualuse.services import users
from dualuse.storage.database import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
PASSWORD = "pw-for-tests-only"
ROOT = Path(__file__).resolve().parents[3]
SHIPMENTS = ROOT / "examples" / "batch" / "shipments.csv"


@pytest.fixture
def web(runtime, tmp_path) -> TestClient:
    store = Store(f"sqlite:///{tmp_path / 'dualuse.sqlite'}")
    users.add_user(store, None, "ada", "admin", PASSWORD)
    users.add_user(store, "ada", "erin", "exporter", PASSWORD)
    users.add_user(store, "ada", "otto", "auditor", PASSWORD)
    return TestClient(create_app(Settings(), runtime=runtime, store=store), raise_server_exceptions=False)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def _sign_in(web: TestClient, name: str) -> str:
    csrf = _csrf(web.get("/login").text)
    answer = web.post("/login", data={"csrf": csrf, "name": name, "password": PASSWORD, "next": "/batch"}, follow_redirects=False)
    assert answer.status_code == 303
    return _csrf(web.get("/batch").text)


def test_the_batch_page_needs_a_user_and_a_csrf_token(web: TestClient):
    answer = web.get("/batch", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/batch"
    csrf = _sign_in(web, "erin")
    files = {"file": ("shipments.csv", SHIPMENTS.read_bytes(), "text/csv")}
    assert web.post("/batch", data={"csrf": "forged"}, files=files).status_code == 403
    started = web.post("/batch", data={"csrf": csrf}, files=files, follow_redirects=False)
    assert started.status_code == 303 and re.fullmatch(r"/batch/[A-Za-z0-9_-]+", started.headers["location"])
    job = started.headers["location"]
    deadline = time.monotonic() + 60
    while 'data-state="done"' not in (panel := web.get(f"{job}/progress").text):
        assert time.monotonic() < deadline and 'data-state="failed"' not in panel
        time.sleep(0.1)
    assert "hx-get" not in panel and f"/api/v1{job}/result" in panel
    assert web.get(f"/api/v1{job}/result").status_code == 200  # the session cookie reads the API
    assert "shipments.csv" in web.get("/batch").text
    assert web.get("/batch/unknown-job").status_code == 404


def test_a_bad_file_is_shown_on_the_page_and_an_auditor_has_no_upload_form(web: TestClient):
    csrf = _sign_in(web, "erin")
    bad = web.post("/batch", data={"csrf": csrf}, files={"file": ("o.csv", b"id,date\n", "text/csv")})
    assert bad.status_code == 422 and "missing columns destination" in bad.text and 'aria-invalid="true"' in bad.text
    wrong = web.post("/batch", data={"csrf": csrf}, files={"file": ("o.docx", b"x", "application/octet-stream")})
    assert wrong.status_code == 415 and "unknown input format" in wrong.text
    web.cookies.clear()
    csrf = _sign_in(web, "otto")
    page = web.get("/batch").text
    assert 'id="f-file"' not in page
    refused = web.post("/batch", data={"csrf": csrf}, files={"file": ("s.csv", SHIPMENTS.read_bytes(), "text/csv")})
    assert refused.status_code == 403


def test_the_scenario_form_recomputes_and_names_a_bad_input(web: TestClient):
    page = web.get("/impact")
    assert page.status_code == 200 and "Kiuchi (NRI): rare-earth 3-month stop" in page.text
    form = {"scenario": "nri-kiuchi-rare-earth-3m", "in:duration_months:value": "6", "in:gdp:source": "my own estimate"}
    six = web.post("/impact/scenario", data=form)
    assert six.status_code == 200 and "L(6) = 2.64 × max(0, 6 − 0) / 12 = 1.32" in six.text
    assert 'value="my own estimate"' in six.text
    bad = web.post("/impact/scenario", data={**form, "in:annual_loss:unit": "ABC_trillion"})
    assert bad.status_code == 422 and "inputs.annual_loss.unit" in bad.text and "unknown currency" in bad.text
    missing = web.post("/impact/scenario", data={**form, "in:gdp:source": " "})
    assert missing.status_code == 422 and "inputs.gdp.source" in missing.text
    assert web.post("/impact/scenario", data={"scenario": "nope"}).status_code == 404
    ranged = web.get("/impact?scenario=nri-kiuchi-rare-earth-structural-illustration")
    assert 'name="in:china_supply_share:low"' in ranged.text and 'name="in:china_supply_share:high"' in ranged.text


def test_only_report_files_are_served(web: TestClient):
    assert web.get("/impact/reports/abcdefghij/exposure.html").status_code == 404
    assert web.get("/impact/reports/abcdefghij/..%2Fdualuse.sqlite").status_code == 404
    assert web.get("/impact/reports/abcdefghij/session.key").status_code == 404
    assert web.get("/impact/reports/..%2F..%2Fetc/passwd").status_code == 404


def _finished(web: TestClient, csrf: str, name: str, content: bytes) -> str:
    started = web.post("/batch", data={"csrf": csrf}, files={"file": (name, content, "text/csv")}, follow_redirects=False)
    assert started.status_code == 303, started.text[:300]
    job = started.headers["location"]
    deadline = time.monotonic() + 60
    while 'data-state="done"' not in (panel := web.get(f"{job}/progress").text):
        assert time.monotonic() < deadline and 'data-state="failed"' not in panel
        time.sleep(0.1)
    return job


def test_a_done_batch_shows_its_summary_and_its_decisions_page_by_page(web: TestClient):
    import csv
    import io

    from dualuse.batch.results import result_page

    csrf = _sign_in(web, "erin")
    job = _finished(web, csrf, "shipments.csv", SHIPMENTS.read_bytes())
    decided = list(csv.DictReader(io.StringIO(web.get(f"/api/v1{job}/result").text)))
    page = web.get(job).text
    assert 'data-testid="batch-summary"' in page and f'href="{job}/results"' in page
    for outcome in {r["outcome"] for r in decided}:
        n = sum(r["outcome"] == outcome for r in decided)
        assert re.search(rf'data-outcome="{outcome}">.*?<a href="{job}/results\?outcome={outcome}">{n}</a>', page)

    everything = web.get(f"{job}/results").text
    assert everything.count("<tr data-row=") == len(decided) and "data-testid=\"pager\"" not in everything
    prohibited = web.get(f"{job}/results", params={"outcome": "PROHIBITED"}).text
    shown = re.findall(r'<tr data-row="([^"]+)" data-outcome="([^"]+)"', prohibited)
    assert shown and [i for i, _ in shown] == [r["id"] for r in decided if r["outcome"] == "PROHIBITED"]
    assert {o for _, o in shown} == {"PROHIBITED"}
    assert web.get(f"{job}/results", params={"outcome": "nonsense"}).text.count("<tr data-row=") == len(decided)

    folder = Path(web.app.state.batch_jobs.root) / job.rsplit("/", 1)[1]  # paging over the job's own result file
    pages = [result_page(folder / "decisions.csv", page=n, per_page=10) for n in range(1, 7)]
    assert pages[0].pages == -(-len(decided) // 10) and pages[0].total == len(decided)
    assert [r["id"] for p in pages[: pages[0].pages] for r in p.rows] == [r["id"] for r in decided]
    assert pages[-1].page == pages[0].pages and pages[-1].rows == pages[pages[0].pages - 1].rows  # past the end: the last page


def test_another_users_batch_is_not_found_unless_the_role_reads_any(web: TestClient):
    csrf = _sign_in(web, "erin")
    job = _finished(web, csrf, "shipments.csv", SHIPMENTS.read_bytes())
    users.add_user(web.app.state.store, "ada", "eve", "exporter", PASSWORD)
    web.cookies.clear()
    _sign_in(web, "eve")
    for path in ("", "/progress", "/results"):
        assert web.get(f"{job}{path}").status_code == 404
    assert web.get(f"/api/v1{job}/result").status_code == 404
    web.cookies.clear()
    _sign_in(web, "otto")  # an auditor: batch.read_any
    assert web.get(f"{job}/results").status_code == 200 and web.get(job).status_code == 200


def test_the_template_downloads_and_runs_as_a_batch(web: TestClient):
    from dualuse.batch.contract import COLUMNS

    assert web.get("/batch/template.csv", follow_redirects=False).status_code == 303  # a signed-in page
    csrf = _sign_in(web, "erin")
    assert 'href="/batch/template.csv"' in web.get("/batch").text
    template = web.get("/batch/template.csv")
    assert template.headers["content-type"].startswith("text/csv") and "attachment" in template.headers["content-disposition"]
    lines = template.content.decode("utf-8-sig").splitlines()
    assert lines[0].split(",") == list(COLUMNS) and len(lines) == 2
    job = _finished(web, csrf, "template.csv", template.content)
    assert web.get(f"{job}/results").text.count("<tr data-row=") == 1
