"""`dualuse lists import` as the user runs it (whole subprocesses): a listing the user has joins
every later decision without reinstalling, `lists diff` shows it, open cases are re-decided, and
a bad file is refused whole with file:line:field."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEADER = "seq,name_zh,name_en,aliases,kind,country,address_zh,list,issuer,date,end_date,source_url\n"
URL = "https://www.mofcom.gov.cn/zwgk/zcfb/art/2026/art_example.html"
LISTING = HEADER + f'1,阿克米光电公司,"Acme Optoelectronics Inc.",,company,US,,管控名单 (Control List),商务部 (MOFCOM),2026-11-20,,{URL}\n'
ORDER = {
    "date": "2026-12-20", "destination": "US",
    "exporter": {"name": "Guangdong Gallium Export Co., Ltd.", "country": "CN"},
    "parties": [{"role": "end_user", "name": "Acme Optoelectronics Inc.", "country": "US"}],
    "end_use": {"category": "civil"},
    "items": [{"description": "tungsten carbide", "control_code": "1C117.d", "origin": "CN", "value": 1000, "currency": "USD"}],
}


@pytest.fixture
def home(tmp_path: Path) -> dict[str, str]:
    """A user data directory and a case store of this test's own."""
    return {"DUALUSE_DATA_DIR": str(tmp_path / "data"), "DUALUSE_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"}


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dualuse.interfaces.cli", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=180, env={**os.environ, **env},
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_imported_listing_changes_the_next_decision_and_is_cited(tmp_path: Path, home: dict[str, str]):
    order = write(tmp_path, "order.json", json.dumps(ORDER))
    before = json.loads(run(home, "check", str(order)).stdout)
    assert before["outcome"] == "LICENCE_REQUIRED"

    imported = run(home, "lists", "import", str(write(tmp_path, "new.csv", LISTING)), "--no-rescreen")
    assert imported.returncode == 0, imported.stderr
    assert "MOFCOM-2026-11-20-CL: 1 parties on the control_list, PROHIBITED" in imported.stdout
    assert "added 1, removed 0, changed 0" in imported.stdout and "added MOFCOM-2026-11-20-CL-01" in imported.stdout
    files = list((tmp_path / "data" / "listings").glob("*.yaml"))
    assert len(files) == 1 and files[0].name.endswith("_new.yaml")

    after = json.loads(run(home, "check", str(order)).stdout)
    assert after["outcome"] == "PROHIBITED" and "+imported-" in after["data_version"]
    reason = next(r for r in after["reasons"] if r["rule"] == "MOFCOM-2026-11-20-CL")
    assert "MOFCOM notice of 2026-11-20" in reason["citation"] and reason["reliability"] == "S"

    diff = run(home, "lists", "diff", "bundled", "current")
    assert diff.returncode == 0 and "MOFCOM-2026-11-20-CL-01" in diff.stdout and "added 1" in diff.stderr
    again = run(home, "lists", "import", str(tmp_path / "new.csv"), "--no-rescreen")
    assert again.returncode == 0 and "already known: nothing written" in again.stdout
    shown = run(home, "lists")
    assert "MOFCOM-2026-11-20-CL" in shown.stdout and "imported" in shown.stdout


def test_import_re_decides_open_cases(tmp_path: Path, home: dict[str, str]):
    assert run(home, "db", "upgrade").returncode == 0
    assert run(home, "user", "add", "admin", "--role", "admin").returncode == 0
    case = run(home, "case", "add", str(write(tmp_path, "order.json", json.dumps(ORDER))), "--user", "admin")
    assert json.loads(case.stdout)["outcome"] == "LICENCE_REQUIRED"
    imported = run(home, "lists", "import", str(write(tmp_path, "new.csv", LISTING)), "--user", "admin")
    assert imported.returncode == 0, imported.stderr
    assert "1 alerts" in imported.stdout and "LICENCE_REQUIRED -> PROHIBITED" in imported.stdout


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("bad-date.csv", LISTING.replace("2026-11-20", "2026-11-31"), ":2: date: "),
        ("bad-seq.csv", LISTING.replace("\n1,", "\n7,"), ":2: seq: "),
        ("bad-url.csv", LISTING.replace(URL, "see the notice"), ":2: source_url: "),
        ("bad.jsonl", '{"id": "x", "schema": "Company", "properties": {"name": ["A"]}}\n{"id": 1}\n', ":2: id: "),
        ("surrogate.jsonl", '{"id": "x", "schema": "Company", "properties": {"name": ["\\udcffAcme"]}}\n',
         ":1: properties.name.0: not text: an unpaired UTF-16 surrogate"),
        ("bad-header.csv", "a,b\n1,2\n", ":1: "),
        ("bad.txt", "商务部公告\n没有决定。\n", ":"),
    ],
)
def test_a_bad_file_is_refused_whole_with_file_line_and_field(tmp_path: Path, home: dict[str, str], name: str, text: str, where: str):
    path = write(tmp_path, name, text)
    refused = run(home, "lists", "import", str(path), "--no-rescreen")
    assert refused.returncode == 2, refused.stdout
    assert f"{path}{where}" in refused.stderr and "Traceback" not in refused.stderr
    assert not list((tmp_path / "data").rglob("*")), "nothing may be written for a refused file"


def test_opensanctions_ftm_and_csv_exports(tmp_path: Path, home: dict[str, str]):
    ftm = "\n".join(json.dumps(record, ensure_ascii=False) for record in [
        {"id": "cn-x1", "schema": "Company", "properties": {"name": ["Example Drone Works LLC", "示例无人机公司"], "country": ["us"]}},
        {"id": "cn-x2", "schema": "Person", "properties": {"name": ["John Example"], "country": ["us"]}},
        {"id": "cn-x3", "schema": "Company", "properties": {"name": ["Unlisted Parent Inc."]}},
        {"id": "s1", "schema": "Sanction", "properties": {"entity": ["cn-x1"], "program": ["出口管制管控名单"], "authority": ["商务部"],
                                                          "startDate": ["2026-11-25"], "sourceUrl": ["https://www.mofcom.gov.cn/a.html"]}},
        {"id": "s2", "schema": "Sanction", "properties": {"entity": ["cn-x2"], "program": ["反制清单"], "authority": ["外交部"],
                                                          "startDate": ["2026-11-26"], "sourceUrl": ["https://www.mfa.gov.cn/b.html"]}},
    ]) + "\n"
    result = run(home, "lists", "import", str(write(tmp_path, "cn_sanctions.ftm.json", ftm)), "--no-rescreen")
    assert result.returncode == 0, result.stderr
    assert "MOFCOM-2026-11-25-CL: 1 parties on the control_list, PROHIBITED" in result.stdout
    assert "MFA-2026-11-26: 1 parties on the countermeasure_list, REVIEW" in result.stdout
    assert "not imported: 1 parties no Sanction record lists (cn-x3)" in result.stdout
    csv_text = (
        "id,schema,name,aliases,countries,sanctions,dataset,first_seen\n"
        'cn-a,Company,Example Rotor GmbH,Rotor GmbH,de,"China Export Control Watch List (关注名单) - https://www.mofcom.gov.cn/c.html",cn_sanctions,2026-11-27T00:00:00\n'
    )
    result = run(home, "lists", "import", str(write(tmp_path, "targets.simple.csv", csv_text)), "--no-rescreen")
    assert result.returncode == 0, result.stderr
    assert "MOFCOM-2026-11-27-WL: 1 parties on the watch_list, LICENCE_REQUIRED" in result.stdout
    assert "https://www.mofcom.gov.cn/c.html" in result.stdout
    no_url = csv_text.replace(" - https://www.mofcom.gov.cn/c.html", "").replace("2026-11-27", "2026-11-29")
    result = run(home, "lists", "import", str(write(tmp_path, "no-url.csv", no_url)), "--no-rescreen")
    assert result.returncode == 0, result.stderr
    assert "MOFCOM-2026-11-29-WL: 1 parties on the watch_list" in result.stdout and "no URL" in result.stdout


def test_a_mofcom_announcement_text(tmp_path: Path, home: dict[str, str]):
    from dualuse.lists.build import DEFAULT_SHARED

    text = (DEFAULT_SHARED / "sanction-lists__import-export-control-list__202611.txt").read_text(encoding="utf-8")
    path = write(tmp_path, "announcement.txt", text.replace("2026年第11号", "2026年第40号"))
    result = run(home, "lists", "import", str(path), "--no-rescreen")
    assert result.returncode == 0, result.stderr
    assert "MOFCOM-2026-40: 20 parties on the control_list, PROHIBITED" in result.stdout and "added 20" in result.stdout


def test_the_data_directory_follows_xdg_data_home(tmp_path: Path, home: dict[str, str]):
    env = {**home, "DUALUSE_DATA_DIR": "", "XDG_DATA_HOME": str(tmp_path / "xdg")}
    result = run(env, "lists", "import", str(write(tmp_path, "new.csv", LISTING)), "--no-rescreen")
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "xdg" / "dualuse" / "listings").glob("*.yaml"))


def test_never_into_the_installed_package(tmp_path: Path, home: dict[str, str]):
    import dualuse

    package = Path(dualuse.__file__).resolve().parent
    result = run({**home, "DUALUSE_DATA_DIR": str(package / "regime" / "data")}, "lists", "import",
                 str(write(tmp_path, "new.csv", LISTING)), "--no-rescreen")
    assert result.returncode == 2 and "inside the installed package" in result.stderr
    assert not (package / "regime" / "data" / "listings").exists()
