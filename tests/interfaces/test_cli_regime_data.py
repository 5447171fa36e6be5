"""The age of the data in every answer, as the CLI user sees it (whole subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "transactions" / "02-jp-military-user-gsdf.json"


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dualuse.interfaces.cli", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env={**os.environ, **env},
    )


def test_a_decision_a_year_after_the_data_says_how_old_they_are():
    result = run("check", str(EXAMPLE), "--as-of", "2027-08-05")
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["data_as_of"] == "2026-08-05"
    age = [w for w in decision["warnings"] if w.startswith("data age: ")]
    assert age and "regime data end 2026-08-05; announcements after that are not known to this version" in age[0]


def test_no_age_warning_within_the_configured_days():
    result = run("check", str(EXAMPLE), "--as-of", "2026-08-10", DUALUSE_STALE_AFTER_DAYS="99999")
    assert result.returncode == 0, result.stderr
    assert not [w for w in json.loads(result.stdout)["warnings"] if w.startswith("data age: ")]


def test_a_bad_threshold_is_bad_input_on_one_line():
    result = run("check", str(EXAMPLE), DUALUSE_STALE_AFTER_DAYS="soon")
    assert result.returncode == 2
    assert "DUALUSE_STALE_AFTER_DAYS" in result.stderr and "Traceback" not in result.stderr


def test_regime_status_gives_the_date_and_the_warning():
    result = run("regime", "status", "--as-of", "2027-01-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["data_as_of"] == "2026-08-05" and "regime data end 2026-08-05" in status["warnings"][0]
    table = run("regime", "status", "--as-of", "2027-01-01")
    assert "ending 2026-08-05" in table.stdout and "warning: regime data end 2026-08-05" in table.stdout


def test_regime_status_and_timeline_show_the_later_changes():
    rows = {r["id"]: r for r in json.loads(run("regime", "status", "--as-of", "2026-12-04", "--format", "json").stdout)["rows"]}
    assert rows["MOFCOM-2025-22"]["state"] == "expired" and "2025-08-12" in rows["MOFCOM-2025-22"]["detail"]
    assert rows["MOFCOM-2025-21"]["state"] == "in_force"  # the one-year suspension ended 2026-11-09
    assert rows["MOFCOM-2026-34-REPORTED"]["state"] == "reported" and "never applied" in rows["MOFCOM-2026-34-REPORTED"]["detail"]
    assert "2027-01-10" in rows["US-2024-46-MINERALS"]["detail"] and "not applied" in rows["US-2024-46-MINERALS"]["detail"]
    suspended = json.loads(run("regime", "status", "--as-of", "2026-11-09", "--format", "json").stdout)["rows"]
    assert {r["id"]: r["state"] for r in suspended}["MOFCOM-2025-10-14-CM"] == "suspended"
    events = json.loads(run("regime", "timeline", "--today", "2026-12-04", "--format", "json").stdout)
    seen = {(e["date"], e["subject"].split(":")[0], e["reliability"]) for e in events}
    assert ("2025-08-12", "MOFCOM-2025-22") in {(day, subject) for day, subject, _ in seen}
    assert ("2026-11-10", "MOFCOM-2025-21", "S") in seen and ("2026-08-05", "MOFCOM-2026-34-REPORTED", "T") in seen


def test_validate_counts_every_listing():
    result = run("regime", "validate")
    assert result.returncode == 0, result.stderr
    parties = int(result.stdout.split(" parties)")[0].rsplit("(", 1)[1])
    assert parties >= 440 and "data version 2026-08-05+" in result.stdout


def test_build_lists_writes_every_listing_once_then_nothing(tmp_path: Path):
    first = run("regime", "build-lists", "--out", str(tmp_path))
    assert first.returncode == 0, first.stderr
    written = sorted(p.name for p in (tmp_path / "designations").glob("*.yaml"))
    assert "MOFCOM-2026-06-22-CL.yaml" in written and "MOFCOM-2026-06-29-WL.yaml" in written and len(written) == 50
    bundled = ROOT / "src" / "dualuse" / "regime" / "data"
    for name in written:
        assert (tmp_path / "designations" / name).read_bytes() == (bundled / "designations" / name).read_bytes()
    assert (tmp_path / "designation_changes.yaml").read_bytes() == (bundled / "designation_changes.yaml").read_bytes()
    again = run("regime", "build-lists", "--out", str(tmp_path))
    assert again.returncode == 0 and again.stdout.strip().endswith("0 files written")
    missing = run("regime", "build-lists", "--shared", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "not a directory" in missing.stderr


def test_the_check_table_gives_the_data_end_and_the_warning():
    result = run("check", str(EXAMPLE), "--as-of", "2027-08-05", "--format", "table")
    assert result.returncode == 0, result.stderr
    assert "data end 2026-08-05" in result.stdout and "warning: regime data end 2026-08-05" in result.stdout
