"""Numbers, names, counts and nesting over HTTP (issue 15 items 3, 4 and 7): exact decimals end to
end, every non-finite or out-of-bound number a 422 naming its field, deep nesting a 400, the
caps on parties and items the same as the CLI's, and /check off the event loop."""

from __future__ import annotations

import asyncio
import copy
import csv
import io
import json
import threading
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from dualuse import limits
from dualuse.interfaces.api import create_app
from dualuse.interfaces.api.settings import Settings

from .helpers import assert_error, client
from .store_helpers import StoreApi

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
JSON = {"Content-Type": "application/json"}
SHIPMENTS = Path(__file__).resolve().parents[3] / "examples" / "batch" / "shipments.csv"


def _with_value(transaction: dict, raw: str) -> str:
    """The transaction's JSON text with its first item's value written as `raw` (1e400, NaN…)."""
    document = copy.deepcopy(transaction)
    document["items"][0]["value"] = "@@VALUE@@"
    return json.dumps(document, ensure_ascii=False).replace('"@@VALUE@@"', raw)


@pytest.fixture
def api(runtime, tmp_path) -> StoreApi:
    return StoreApi.create(runtime, tmp_path)


@pytest.mark.parametrize("raw", ["1e400", "-1e400", "Infinity", "-Infinity", "NaN", '"Infinity"', '"NaN"', "1e300",
                                 "99999999999999999999", "0.00001", "-1"])
def test_check_refuses_numbers_that_are_not_finite_bounded_amounts(runtime, jp_military, raw):
    answer = client(runtime).post("/api/v1/check", content=_with_value(jp_military, raw), headers=JSON)
    assert_error(answer, 422, "invalid_input", "items[0].value")


@pytest.mark.parametrize("raw", ["1e400", "Infinity", '"NaN"', "1e300"])
def test_a_case_with_a_non_finite_value_is_a_422_not_a_500(api: StoreApi, jp_military, raw):
    answer = api.anonymous.post("/api/v1/cases", content=_with_value(jp_military, raw),
                                headers=JSON | api.headers("exporter"))
    assert_error(answer, 422, "invalid_input", "items[0].value")


def test_amounts_reach_the_licence_exactly(api: StoreApi, examples):
    transaction = copy.deepcopy(examples["01-jp-civil-samarium-oxide"])
    body = _with_value(transaction, "99999999999999.5").replace('"quantity": 200', '"quantity": 0.0001')
    case = api.anonymous.post("/api/v1/cases", content=body, headers=JSON | api.headers("exporter"))
    assert case.status_code == 201, case.text
    shown = api.get("auditor", f"/api/v1/cases/{case.json()['case_id']}").json()
    assert shown["transaction"]["items"][0]["value"] == 99999999999999.5
    case_id = case.json()["case_id"]
    app_id = api.post("exporter", "/api/v1/applications", {"case_id": case_id, "licence_type": "general"}).json()["application_id"]
    for kind in ("contract", "end_user_certificate", "end_use_certificate", "technical_description"):
        api.post("exporter", f"/api/v1/applications/{app_id}/documents", {"kind": kind, "reference": f"{kind}.pdf"})
    for role, action in (("exporter", "submit"), ("reviewer", "accept"), ("reviewer", "approve")):
        assert api.post(role, f"/api/v1/applications/{app_id}/{action}").status_code == 200
    issued = api.post("reviewer", "/api/v1/licences", {"application_id": app_id, "valid_from": "2026-03-01", "valid_until": "2027-02-28"})
    assert issued.status_code == 201, issued.text
    assert issued.json()["value_limit"] == "99999999999999.5000"  # not 100000000000000 (a float on the way)
    assert issued.json()["quantity_limit"] == "0.0001"  # not 0.0000


def test_names_and_counts_have_the_cli_limits(runtime, jp_military):
    api = client(runtime)
    long_name = copy.deepcopy(jp_military)
    long_name["parties"][0]["name"] = "x" * 100_000
    assert_error(api.post("/api/v1/check", json=long_name), 422, "invalid_input", "parties[0].name")
    many = copy.deepcopy(jp_military)
    many["parties"] = [jp_military["parties"][0]] * 4000
    assert_error(api.post("/api/v1/check", json=many), 422, "invalid_input", "parties")
    items = copy.deepcopy(jp_military)
    items["items"] = [jp_military["items"][0]] * (limits.MAX_ITEMS + 1)
    assert_error(api.post("/api/v1/check", json=items), 422, "invalid_input", "items")
    at_cap = copy.deepcopy(jp_military)
    at_cap["parties"] = [jp_military["parties"][0]] * limits.MAX_PARTIES
    assert api.post("/api/v1/check", json=at_cap).status_code == 200


def test_deep_nesting_is_a_400(runtime, jp_military):
    api = client(runtime)
    assert_error(api.post("/api/v1/check", content='{"a":' * 2000, headers=JSON), 400, "malformed_json")
    nested = json.dumps(jp_military)[:-1] + ', "extra": ' + "[" * 100 + "]" * 100 + "}"
    assert_error(api.post("/api/v1/check", content=nested, headers=JSON), 400, "malformed_json")


def test_health_answers_while_a_check_runs(runtime, jp_military, monkeypatch):
    """A check that blocks (here: until /health has answered) must not hold the event loop."""
    entered, release = threading.Event(), threading.Event()
    real_check = type(runtime).check

    def blocking_check(self, transaction, as_of=None):
        entered.set()
        release.wait(60)  # the ceiling only matters when the check runs on the loop (the bug)
        return real_check(self, transaction, as_of)

    monkeypatch.setattr(type(runtime), "check", blocking_check)
    app = create_app(Settings(), runtime=runtime, web=False)
    order: list[str] = []

    async def scenario() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            async def check() -> None:
                answer = await http.post("/api/v1/check", json=jp_military)
                order.append(f"check {answer.status_code}")

            task = asyncio.create_task(check())
            while not entered.is_set() and not task.done():
                await asyncio.sleep(0.01)
            health = await http.get("/api/v1/health")
            order.append(f"health {health.status_code}")
            release.set()
            await task

    asyncio.run(scenario())
    assert order == ["health 200", "check 200"]


def xlsx_bomb(expanded: int) -> bytes:
    """A workbook whose sheet is `expanded` bytes of blanks (deflated ~1000 times)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as sheet:
            for _ in range(expanded >> 20):
                sheet.write(b" " * (1 << 20))
    return buffer.getvalue()


@pytest.mark.parametrize("url", ["/api/v1/batch", "/api/v1/impact/exposure"])
def test_an_xlsx_zip_bomb_upload_is_a_422(api: StoreApi, url: str):
    bomb = xlsx_bomb(256 << 20)
    assert len(bomb) < 1 << 20
    answer = api.anonymous.post(url, headers=api.headers("exporter"), files={"file": ("bomb.xlsx", bomb)})
    error = assert_error(answer, 422, "invalid_input")
    assert "bomb.xlsx" in error["message"] and "zip bomb" in error["message"]


def test_a_batch_job_with_a_field_over_the_csv_limit_rejects_the_row_and_finishes(api: StoreApi):
    from dualuse.batch.readers import FIELD_LIMIT

    lines = SHIPMENTS.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    record = next(csv.reader([lines[2]]))
    record[header.index("end_use_description")] = "x" * (FIELD_LIMIT + 1)
    row = io.StringIO()
    csv.writer(row, lineterminator="\n").writerow(record)
    content = "".join([lines[0], lines[1], row.getvalue(), *lines[3:]]).encode("utf-8")
    started = api.anonymous.post("/api/v1/batch", headers=api.headers("exporter"),
                                 files={"file": ("huge.csv", content, "text/csv")})
    assert started.status_code == 202, started.text
    job_id = started.json()["id"]
    deadline = time.monotonic() + 120
    while (job := api.get("exporter", f"/api/v1/batch/{job_id}").json())["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, job  # a ceiling for a hung job, not a timing assertion
        time.sleep(0.1)
    assert job["state"] == "done" and job["error"] is None, job
    assert (job["decided"], job["rejected"]) == (47, 3)
    rejects = list(csv.DictReader(io.StringIO(api.get("exporter", job["rejects_url"]).text)))
    assert rejects[0]["line"] == "3" and "longer than" in rejects[0]["reason"]


def test_deeply_nested_scenario_yaml_is_a_422(runtime):
    api = client(runtime)
    for text in ("inputs: " + "[" * 5000, "inputs:\n" + "".join("  " * i + "a:\n" for i in range(1, 200)) + "  " * 200 + "b: 1\n"):
        answer = api.post("/api/v1/impact/scenario", json={"yaml": text})
        assert_error(answer, 422, "invalid_input")
        assert "nested" in answer.json()["error"]["message"]
