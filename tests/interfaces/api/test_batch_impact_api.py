"""Batch jobs over the API (upload, poll, download; bad files; who may) and the impact endpoints
(the published figures, bad scenarios naming the field, the exposure of an uploaded portfolio)."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path

import pytest

from dualuse.impact.scenario import SCENARIO_DIR
from dualuse.vocabulary import Outcome

from .helpers import assert_error as _assert_error
from .store_helpers import StoreApi

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ROOT = Path(__file__).resolve().parents[3]
SHIPMENTS = ROOT / "examples" / "batch" / "shipments.csv"
PORTFOLIO = ROOT / "examples" / "impact" / "portfolio.csv"
RARE_EARTH_3M = (SCENARIO_DIR / "nri-kiuchi-rare-earth-3m.yaml").read_text(encoding="utf-8")


@pytest.fixture
def api(runtime, tmp_path) -> StoreApi:
    return StoreApi.create(runtime, tmp_path)


def assert_error(response, status: int, code: str, field: str | None = ...) -> dict:
    _assert_error(response, status, code, field)
    return response.json()


def _upload(api: StoreApi, role: str, name: str, content: bytes, **form: str):
    return api.anonymous.post("/api/v1/batch", headers=api.headers(role), files={"file": (name, content, "text/csv")}, data=form)


def _wait(api: StoreApi, job_id: str, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    seen = []
    while time.monotonic() < deadline:
        job = api.get("reviewer", f"/api/v1/batch/{job_id}").json()
        seen.append(job["state"])
        if job["state"] in ("done", "failed"):
            job["seen"] = seen
            return job
        time.sleep(0.1)
    raise AssertionError(f"batch job {job_id} did not finish: {seen[-5:]}")


def test_a_batch_job_runs_to_the_same_decisions_as_the_cli(api: StoreApi, tmp_path: Path):
    started = _upload(api, "exporter", "shipments.csv", SHIPMENTS.read_bytes(), as_of="2026-03-02")
    assert started.status_code == 202, started.text
    job = started.json()
    assert job["state"] in ("queued", "running") and job["owner"] == "erin" and job["as_of"] == "2026-03-02"
    assert (tmp_path / "batch-jobs" / job["id"] / "input.csv").read_bytes() == SHIPMENTS.read_bytes()

    done = _wait(api, job["id"])
    assert done["state"] == "done", done
    assert (done["rows_done"], done["rows_total"], done["rejected"], done["decided"]) == (50, 50, 2, 48)
    assert done["percent"] == 100.0 and done["rows_per_second"] > 0 and done["error"] is None
    assert done["data_version"] and done["result_url"] == f"/api/v1/batch/{job['id']}/result"

    result = api.get("auditor", done["result_url"])  # any user reads
    assert result.status_code == 200 and result.headers["content-type"].startswith("text/csv")
    assert 'filename="shipments.decisions.csv"' in result.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(result.text)))
    assert len(rows) == 48 and {r["as_of"] for r in rows} == {"2026-03-02"}
    by_id = {r["id"]: r for r in rows}
    assert "PROHIBITED" in {r["outcome"] for r in rows}
    assert all(r["data_version"] == done["data_version"] for r in by_id.values())

    rejects = list(csv.DictReader(io.StringIO(api.get("exporter", done["rejects_url"]).text)))
    assert [(r["id"], r["field"]) for r in rejects] == [("EX-049", "end_user_country"), ("EX-050", "control_code")]


def test_bad_files_are_refused_at_once_naming_the_problem(api: StoreApi):
    assert_error(_upload(api, "exporter", "orders.txt", b"id\n1\n"), 415, "unsupported_media_type", "file")
    missing = _upload(api, "exporter", "orders.csv", b"id,date,destination\nA,2026-01-01,JP\n")
    body = assert_error(missing, 422, "invalid_input", "file")
    assert body["error"]["message"].startswith("orders.csv:1: missing columns exporter_name,")
    header = SHIPMENTS.read_text(encoding="utf-8").splitlines()[0].replace(",end_user_kind", "")
    one_missing = assert_error(_upload(api, "exporter", "o.csv", (header + "\n").encode()), 422, "invalid_input", "file")
    assert "missing column end_user_kind" in one_missing["error"]["message"]
    assert_error(_upload(api, "exporter", "empty.csv", b""), 422, "invalid_input", "file")
    assert_error(_upload(api, "exporter", "broken.xlsx", b"not a zip file"), 422, "invalid_input", "file")
    assert_error(_upload(api, "exporter", "s.csv", SHIPMENTS.read_bytes(), as_of="02/03/2026"), 422, "invalid_input", "as_of")
    no_file = api.anonymous.post("/api/v1/batch", headers=api.headers("exporter"), data={"as_of": "2026-03-02"})
    assert_error(no_file, 422, "invalid_input", "file")


def test_batch_jobs_need_a_user_who_may_decide(api: StoreApi):
    anonymous = api.anonymous.post("/api/v1/batch", files={"file": ("s.csv", SHIPMENTS.read_bytes(), "text/csv")})
    assert_error(anonymous, 401, "unauthorized", "Authorization")
    assert_error(_upload(api, "auditor", "s.csv", SHIPMENTS.read_bytes()), 403, "forbidden")
    assert_error(api.anonymous.get("/api/v1/batch/abcdefgh"), 401, "unauthorized")
    assert_error(api.get("exporter", "/api/v1/batch/abcdefgh"), 404, "not_found")
    assert_error(api.get("exporter", "/api/v1/batch/abcdefgh/result"), 404, "not_found")
    assert_error(api.get("exporter", "/api/v1/batch/no%20such"), 422, "invalid_input")


def test_a_result_before_the_job_is_done_is_a_conflict_and_uploads_have_their_own_limit(runtime, tmp_path: Path):
    api = StoreApi.create(runtime, tmp_path, max_body_bytes=1024, max_upload_bytes=4096)
    big = SHIPMENTS.read_bytes()
    assert len(big) > 4096
    assert_error(_upload(api, "exporter", "s.csv", big), 413, "payload_too_large")
    small = b"\n".join(big.splitlines()[:8]) + b"\n"
    assert 1024 < len(small) <= 3500, len(small)
    started = _upload(api, "reviewer", "s.csv", small)
    assert started.status_code == 202, started.text
    early = api.get("reviewer", f"/api/v1/batch/{started.json()['id']}/result")
    if early.status_code != 200:  # the job may already be done on a fast machine
        assert_error(early, 409, "refused")
    assert _wait(api, started.json()["id"])["rows_total"] == 7
    assert_error(api.post("exporter", "/api/v1/classify", {"text": "x" * 3000}), 413, "payload_too_large")


# Impact ----------------------------------------------------------------------------------------------


def test_the_bundled_scenarios_reproduce_their_published_figures(api: StoreApi):
    listed = api.anonymous.get("/api/v1/impact/scenarios")
    assert listed.status_code == 200, listed.text
    names = {s["name"]: s for s in listed.json()}
    assert len(names) >= 8 and all(s["reproduced"] for s in names.values())
    assert names["nri-kiuchi-rare-earth-3m"]["reproduction"] == "exact"

    by_name = api.anonymous.post("/api/v1/impact/scenario", json={"name": "nri-kiuchi-rare-earth-3m"}).json()
    by_text = api.anonymous.post("/api/v1/impact/scenario", json={"yaml": RARE_EARTH_3M}).json()
    for answer in (by_name, by_text):
        steps = {s["quantity"]: s for s in answer["steps"]}
        assert round(steps["loss"]["value"], 2) == 0.66 and steps["loss"]["unit"] == "JPY_trillion"
        assert round(steps["gdp_share"]["value"] * 100, 2) == 0.11
        assert steps["loss"]["substituted"].startswith("L(3) = 2.64 × max(0, 3 − 0) / 12")
        assert answer["reproduced"] and "against the published figures" in answer["text"]
    exposure = api.anonymous.post("/api/v1/impact/scenario", json={"name": "nri-kiuchi-dual-use-exposure-2024"}).json()
    steps = {s["quantity"]: s["value"] for s in exposure["steps"]}
    assert round(steps["exposure"], 1) == 10.7 and round(steps["share"] * 100, 1) == 42.3


@pytest.mark.parametrize(("change", "field"), [
    (("duration_months:\n    value: 3", "duration_months:\n    value: -3"), "inputs.duration_months.value"),
    (("unit: JPY_trillion\n    date: \"2025", "unit: XYZ_trillion\n    date: \"2025"), "inputs.annual_loss.unit"),
    (("    source: http://j.people.com.cn/n3/2025/1210/c94476-20400659.html\n    note: the restriction", "    note: the restriction"), "inputs.duration_months.source"),
    (("model: supply_loss", "model: [supply_loss"), None),
])
def test_a_bad_scenario_is_a_422_naming_the_field(api: StoreApi, change: tuple[str, str], field: str | None):
    old, new = change
    assert old in RARE_EARTH_3M
    answer = api.anonymous.post("/api/v1/impact/scenario", json={"yaml": RARE_EARTH_3M.replace(old, new, 1)})
    body = assert_error(answer, 422, "invalid_input", field)
    if "XYZ" in new:
        assert "unknown currency 'XYZ'" in body["error"]["message"]


def test_scenario_requests_that_make_no_sense(api: StoreApi):
    assert_error(api.anonymous.post("/api/v1/impact/scenario", json={"name": "no-such-case"}), 404, "not_found")
    assert_error(api.anonymous.post("/api/v1/impact/scenario", json={}), 422, "invalid_input")
    both = {"name": "nri-kiuchi-rare-earth-3m", "yaml": RARE_EARTH_3M}
    assert_error(api.anonymous.post("/api/v1/impact/scenario", json=both), 422, "invalid_input")
    assert_error(api.anonymous.post("/api/v1/impact/scenario", json={"yaml": "- a\n- b\n"}), 422, "invalid_input")


def test_the_exposure_of_an_uploaded_portfolio(api: StoreApi):
    answer = api.anonymous.post("/api/v1/impact/exposure", files={"file": ("portfolio.csv", PORTFOLIO.read_bytes(), "text/csv")},
                                data={"as_of": "2026-03-01"})
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert len(report["lines"]) == 30 and report["as_of"] == "2026-03-01" and report["source"] == "portfolio.csv"
    assert round(report["total_jpy"] / 1e6, 1) == 1456.6 and round(report["exposed_jpy"] / 1e6, 1) == 1401.9
    assert set(report["groups"]) == {"by_hs_chapter", "by_family", "by_measure", "by_supplier"}

    bad = PORTFOLIO.read_text(encoding="utf-8").replace(",USD,2026-01-12,", ",XYZ,2026-01-12,", 1).encode()
    body = assert_error(api.anonymous.post("/api/v1/impact/exposure", files={"file": ("p.csv", bad, "text/csv")}),
                        422, "invalid_input", "currency")
    assert "unknown currency 'XYZ'" in body["error"]["message"] and body["error"]["message"].startswith("p.csv:2")
    no_column = b"supplier,origin_country\nA,CN\n"
    assert_error(api.anonymous.post("/api/v1/impact/exposure", files={"file": ("p.csv", no_column, "text/csv")}),
                 422, "invalid_input")
    assert_error(api.anonymous.post("/api/v1/impact/exposure", files={"file": ("p.pdf", b"%PDF", "application/pdf")}),
                 415, "unsupported_media_type", "file")


def test_a_done_job_counts_its_decisions_by_outcome_and_only_its_owner_or_a_reader_of_any_sees_it(api: StoreApi):
    job = _upload(api, "exporter", "shipments.csv", SHIPMENTS.read_bytes(), as_of="2026-03-02").json()
    done = _wait(api, job["id"])
    rows = list(csv.DictReader(io.StringIO(api.get("exporter", done["result_url"]).text)))
    counted = {o: sum(r["outcome"] == o for r in rows) for o in ("PROHIBITED", "LICENCE_REQUIRED", "REVIEW", "NO_LICENCE_REQUIRED")}
    assert done["outcomes"] == counted and sum(done["outcomes"].values()) == done["decided"]
    assert list(done["outcomes"]) == [o.value for o in sorted(Outcome, key=lambda o: -o.severity)]  # most severe first

    other = _upload(api, "reviewer", "shipments.csv", SHIPMENTS.read_bytes()).json()  # the exporter did not start this one
    for path in ("", "/result", "/rejects"):
        assert_error(api.get("exporter", f"/api/v1/batch/{other['id']}{path}"), 404, "not_found")
    assert_error(api.anonymous.delete(f"/api/v1/batch/{other['id']}", headers=api.headers("exporter")), 404, "not_found")
    assert api.get("auditor", f"/api/v1/batch/{other['id']}").status_code == 200  # batch.read_any


def test_the_template_row_file_has_the_accepted_columns_and_decides(api: StoreApi):
    from dualuse.batch.contract import COLUMNS

    template = api.anonymous.get("/api/v1/batch/template.csv")
    assert template.status_code == 200 and template.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(template.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 2
    done = _wait(api, _upload(api, "exporter", "template.csv", template.content).json()["id"])
    assert (done["state"], done["decided"], done["rejected"]) == ("done", 1, 0)
