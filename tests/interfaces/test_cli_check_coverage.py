"""`dualuse check` on items the bundled entries do not describe (issue 16 items 2 and 3), as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CNC = {
    "date": "2026-12-04", "destination": "JP",
    "exporter": {"name": "大连机床出口有限公司", "country": "CN"},
    "parties": [{"role": "end_user", "name": "Nagoya Motor Parts K.K.", "country": "JP"}],
    "end_use": {"category": "civil", "description": "automotive parts machining"},
    "items": [{"description": "5-axis CNC machining centre, positioning accuracy 4 µm", "hs_code": "8457101000",
               "value": 250000, "currency": "USD"}],
}


def check(tmp_path: Path, document: dict) -> subprocess.CompletedProcess:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "dualuse.interfaces.cli", "check", str(path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_a_machining_centre_to_japan_is_never_cleared_silently(tmp_path):
    result = check(tmp_path, CNC)
    assert result.returncode == 0, result.stderr
    decision = json.loads(result.stdout)
    assert decision["outcome"] == "REVIEW"
    lead = next(r for r in decision["reasons"] if r["rule"] == "R-CATALOGUE-CUSTOMS")
    assert "incomplete" in lead["detail"] and "2B201" in lead["detail"] and lead["reliability"] == "T"
    assert "items[0].control_code" in decision["missing"] and decision["warnings"]


def test_a_declared_catalogue_code_needs_a_licence_with_a_warning(tmp_path):
    document = json.loads(json.dumps(CNC))
    document["items"][0] |= {"control_code": "2B201.a", "hs_code": None}
    decision = json.loads(check(tmp_path, document).stdout)
    assert decision["outcome"] == "LICENCE_REQUIRED"
    assert any("its List text is not bundled" in w for w in decision["warnings"])
    assert decision["items"][0]["status"] == "catalogue_control_code"


def test_a_code_neither_bundled_nor_in_the_catalogue_is_bad_input(tmp_path):
    document = json.loads(json.dumps(CNC))
    document["items"][0]["control_code"] = "2B999"
    result = check(tmp_path, document)
    assert result.returncode == 2 and result.stdout == ""
    assert "2B999" in result.stderr and "licence catalogue" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_korean_magnet_for_a_watch_listed_firms_subsidiary_is_presumed_denied(tmp_path):
    document = {
        "date": "2026-12-04", "destination": "JP",
        "exporter": {"name": "Hanbit Materials Co., Ltd.", "country": "KR"},
        "parties": [{"role": "end_user", "name": "Hoshizora Jisho K.K.", "country": "JP", "parent": "SUBARU Corporation"}],
        "end_use": {"category": "civil"},
        "items": [{"description": "NdFeB magnet with China-origin terbium", "control_code": "1C904.a", "origin": "KR",
                   "cn_content_share": 0.02, "value": 3000, "currency": "USD"}],
    }
    decision = json.loads(check(tmp_path, document).stdout)
    effects = {r["rule"]: r["effect"] for r in decision["reasons"]}
    assert effects.get("REE-2025-61-LISTED-PARTY") == "DENIAL_PRESUMED"
    assert decision["outcome"] == "LICENCE_REQUIRED"
