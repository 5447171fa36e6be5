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
