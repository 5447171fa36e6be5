"""Numbers, names, counts and nesting over HTTP (issue 15 items 3, 4 and 7): exact decimals end to
end, every non-finite or out-of-bound number a 422 naming its field, deep nesting a 400, the
caps on parties and items the same as the CLI's, and /check off the event loop."""

from __future__ import annotations

import asyncio
import copy
import json
import threading

import httpx
import pytest

from dualuse import limits
from dualuse.interfaces.api import create_app
from dualuse.interfaces.api.settings import Settings

from .helpers import assert_error, client
from .store_helpers import StoreApi

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
JSON = {"Content-Type": "application/json"}


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
