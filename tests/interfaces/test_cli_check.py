"""The command as a user runs it: exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "transactions"
GOOD = json.loads((EXAMPLES / "01-jp-civil-samarium-oxide.json").read_text(encoding="utf-8"))


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dualuse.interfaces.cli", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )


def write(tmp_path: Path, document, name: str = "t.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_check_prints_the_contract(tmp_path):
    result = run("check", str(EXAMPLES / "02-jp-military-user-gsdf.json"))
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["outcome"] == "PROHIBITED"
    assert {"rule", "effect", "citation", "detail"} <= set(decision["reasons"][0])
    assert decision["data_version"] and decision["as_of"] == "2026-03-02"


def test_as_of_overrides_the_ship_date(tmp_path):
    result = run("check", str(EXAMPLES / "02-jp-military-user-gsdf.json"), "--as-of", "2026-01-05")
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["as_of"] == "2026-01-05"
    assert decision["outcome"] == "LICENCE_REQUIRED"


def test_every_example_decides_in_a_table():
    result = run("check", str(EXAMPLES), "--format", "table")
    assert result.returncode == 0, result.stderr
    for path in EXAMPLES.glob("*.json"):
        assert path.name in result.stdout
    assert "PROHIBITED" in result.stdout and "NO_LICENCE_REQUIRED" in result.stdout


BAD = [
    ("malformed-json", '{"destination": "JP",\n  "items": [\n', "t.json:3", "malformed JSON"),
    ("unknown-country", {**GOOD, "destination": "XX"}, "destination", "unknown country"),
    ("bad-date", {**GOOD, "date": "2026-02-30"}, "date", "date"),
    ("negative-value", {**GOOD, "items": [{**GOOD["items"][0], "value": -1}]}, "items[0].value", "must not be negative"),
    ("malformed-control-code", {**GOOD, "items": [{**GOOD["items"][0], "control_code": "ABC"}]}, "items[0].control_code", "not of the form"),
    ("unknown-control-code", {**GOOD, "items": [{**GOOD["items"][0], "control_code": "9E999"}]}, "items[0].control_code", "unknown control code"),
    ("missing-exporter", {k: v for k, v in GOOD.items() if k != "exporter"}, "exporter", "required"),
    ("no-items", {**GOOD, "items": []}, "items", "at least 1"),
    ("bad-party-role", {**GOOD, "parties": [{"role": "owner", "name": "X", "country": "JP"}]}, "parties[0].role", "end_user"),
    ("not-an-object", "[1, 2]", "t.json:1", "JSON object"),
]


@pytest.mark.parametrize("name,document,where,message", BAD, ids=[b[0] for b in BAD])
def test_bad_input_exits_2_with_one_line(tmp_path, name, document, where, message):
    result = run("check", str(write(tmp_path, document)))
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert where in lines[0] and message in lines[0], lines[0]
    assert str(tmp_path / "t.json") in lines[0]


def test_error_names_the_line_of_the_bad_field(tmp_path):
    document = dict(GOOD)
    path = write(tmp_path, {**document, "items": [{**GOOD["items"][0], "value": -5}]})
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if '"value": -5' in text)
    result = run("check", str(path))
    assert f"t.json:{line}: items[0].value" in result.stderr


def test_missing_file_and_bad_option():
    result = run("check", "does-not-exist.json")
    assert result.returncode == 2 and "file not found" in result.stderr
    result = run("check", str(EXAMPLES / "01-jp-civil-samarium-oxide.json"), "--as-of", "yesterday")
    assert result.returncode == 2 and "--as-of" in result.stderr and "Traceback" not in result.stderr


def test_one_bad_file_decides_nothing(tmp_path):
    write(tmp_path, GOOD, "a.json")
    write(tmp_path, {**GOOD, "destination": "??"}, "b.json")
    result = run("check", str(tmp_path))
    assert result.returncode == 2 and result.stdout == ""


def test_regime_status_and_timeline():
    status = run("regime", "status", "--as-of", "2026-11-23", "--format", "json")
    assert status.returncode == 0, status.stderr
    rows = {r["id"]: r for r in json.loads(status.stdout)["rows"]}
    assert rows["US-2024-46-MINERALS"]["state"] == "suspended"
    assert "2026-11-27" in rows["US-2024-46-MINERALS"]["detail"]
    assert rows["JP-2026-1-MILITARY"]["state"] == "in_force"
    assert rows["MOFCOM-2025-57"]["state"] == "in_force"
    timeline = run("regime", "timeline", "--today", "2026-11-01", "--upcoming", "--format", "json")
    events = json.loads(timeline.stdout)
    returns = {(e["date"], e["subject"].split(":")[0]) for e in events if e["event"].startswith("applies again")}
    assert ("2026-11-11", "MOFCOM-2025-57") in returns
    assert ("2026-11-28", "US-2024-46-MINERALS") in returns
    assert all(e["date"] > "2026-11-01" for e in events)
    everything = json.loads(run("regime", "timeline", "--format", "json").stdout)
    assert any(e["reliability"] == "U" and "2027-01-10" in e["event"] for e in everything)


def test_regime_validate():
    result = run("regime", "validate")
    assert result.returncode == 0 and result.stdout.startswith("ok:")
