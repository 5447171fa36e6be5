"""The fuzzed inputs of test_parsers.py through the real doors: a few as whole CLI processes
(`dualuse check`, `dualuse impact scenario`, `dualuse batch`: exit 0 or 2, never 1), more over
HTTP (`/api/v1/check`, `/api/v1/impact/scenario`, `/api/v1/screen`: never a 5xx)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_parsers import JSON_VALUES, TEXT, batch_csv, scenario_texts, transaction_texts

ROOT = Path(__file__).resolve().parents[2]
PROCESS = settings(max_examples=2, deadline=None, suppress_health_check=list(HealthCheck))
HTTP = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def dualuse(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dualuse.interfaces.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def assert_0_or_2(result: subprocess.CompletedProcess) -> None:
    assert result.returncode in (0, 2), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr


@PROCESS
@given(transaction_texts(), scenario_texts(), batch_csv())
def test_cli_processes(transaction: str, scenario: str, rows: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder)
        (path / "t.json").write_bytes(transaction.encode("utf-8", "surrogatepass"))
        (path / "s.yaml").write_bytes(scenario.encode("utf-8", "surrogatepass"))
        (path / "rows.csv").write_bytes(rows)
        assert_0_or_2(dualuse("check", str(path / "t.json")))
        assert_0_or_2(dualuse("impact", "scenario", str(path / "s.yaml")))
        assert_0_or_2(dualuse("batch", str(path / "rows.csv"), "-o", str(path / "out.csv"), "--workers", "1",
                                   "--no-progress"))


@pytest.fixture(scope="module")
def api():
    from dualuse.interfaces.api import create_app
    from dualuse.interfaces.api.runtime import Runtime
    from dualuse.interfaces.api.settings import Settings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    runtime = Runtime()
    runtime.warm()
    return TestClient(create_app(Settings(), runtime=runtime, web=False), raise_server_exceptions=False)


def assert_not_5xx(response) -> None:
    assert response.status_code < 500, response.text
    assert response.status_code in (200, 400, 404, 413, 415, 422), response.text


@HTTP
@given(transaction_texts())
def test_http_check(api, body: str) -> None:
    assert_not_5xx(api.post("/api/v1/check", content=body.encode("utf-8", "surrogatepass"),
                            headers={"Content-Type": "application/json"}))


@HTTP
@given(scenario_texts())
def test_http_scenario(api, text: str) -> None:
    assert_not_5xx(api.post("/api/v1/impact/scenario", json={"yaml": text.encode("utf-8", "replace").decode("utf-8")}))


@HTTP
@given(st.one_of(JSON_VALUES, st.lists(st.fixed_dictionaries({"name": TEXT}, optional={"country": TEXT, "id": TEXT}),
                                         max_size=3).map(lambda names: {"names": names})))
def test_http_screen(api, body) -> None:
    import json

    text = json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass")
    assert_not_5xx(api.post("/api/v1/screen", content=text, headers={"Content-Type": "application/json"}))
