"""The JSON of a decision is a contract (`dualuse check --format json`, API /check, stored
cases): pinned byte for byte for every scenario of scenarios.yaml and every example
transaction (tests/engine/decisions.json), whatever describes a decision in the code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pinned_json import GOLDEN_LANG, VERSION, cases, compact, golden, steady  # noqa: E402

CASES = cases()
PINNED = golden()


def _as_decided(data: dict, data_version: str) -> dict:
    assert data["data_version"] == VERSION
    return {**data, "data_version": data_version}


@pytest.fixture(scope="module")
def data_version() -> str:
    from dualuse.regime.loader import load_regime

    return load_regime().data_version


def test_every_case_is_pinned():
    assert set(PINNED) == set(CASES)
    assert len(CASES) >= 100


def test_cli_json_is_pinned(tmp_path: Path, data_version: str):
    """One `dualuse check DIR --format json` over every case, as a whole process."""
    names = {}
    for n, (name, (document, as_of)) in enumerate(sorted(CASES.items())):
        assert as_of is None  # a case with its own as_of would need its own run
        path = tmp_path / f"{n:03d}.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        names[str(path)] = name
    done = subprocess.run([sys.executable, "-m", "dualuse.interfaces.cli", "check", str(tmp_path), "--format", "json"],
                          capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    files = [row["file"] for row in json.loads(done.stdout)]
    assert sorted(files) == sorted(names)
    expected = [dict(file=f, **_as_decided(PINNED[names[f]], data_version)) for f in files]
    assert steady(done.stdout) == json.dumps(expected, ensure_ascii=False, indent=2, default=str) + "\n"


@pytest.fixture(scope="module")
def api():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "interfaces" / "api"))
    from helpers import client  # tests/interfaces/api/helpers.py

    from dualuse.interfaces.api.runtime import Runtime

    return client(Runtime())


@pytest.mark.parametrize("name", sorted(CASES))
def test_api_json_is_pinned(api, name: str, data_version: str):
    response = api.post("/api/v1/check", json=CASES[name][0])
    assert response.status_code == 200, response.text
    assert steady(response.content.decode("utf-8")) == compact(_as_decided(PINNED[name], data_version))


@pytest.mark.parametrize("name", sorted(json.loads(GOLDEN_LANG.read_text(encoding="utf-8"))))
def test_api_json_in_chinese_is_pinned(api, name: str, data_version: str):
    pinned = json.loads(GOLDEN_LANG.read_text(encoding="utf-8"))[name]
    response = api.post("/api/v1/check", json=CASES[name][0], params={"lang": "zh"})
    assert response.status_code == 200 and response.headers["content-language"] == "zh"
    assert steady(response.content.decode("utf-8")) == compact(_as_decided(pinned, data_version))
