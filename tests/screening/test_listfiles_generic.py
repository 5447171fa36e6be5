"""A list entry whose every name is only legal forms or generic words is reported when the list
is loaded (file, line, entry), through the loader and through `dualuse screen` as a process."""

from __future__ import annotations

import csv
import io
import json
import logging
import subprocess
import sys
from pathlib import Path

from dualuse.screening.sources import load_list

LIST = (
    "id,name,aliases\n"
    'n1,"NAFTIRAN TRADING SERVICES CO. (NTS) LIMITED",\n'
    "a1,ACME HOLDINGS (HK) LIMITED,\n"
    "g1,LIMITED,LLC | Trading Co.\n"
    "v1,VELESSTROI LIMITED LIABILITY COMPANY,\n"
)


def test_an_entry_of_only_generic_names_is_reported_with_file_line_and_entry(tmp_path, caplog):
    path = tmp_path / "list.csv"
    path.write_text(LIST, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="dualuse.screening.sources"):
        entities = load_list(path)
    assert [e.entity_id for e in entities] == ["n1", "a1", "g1", "v1"]  # reported, not dropped
    warnings = [r.getMessage() for r in caplog.records]
    assert warnings == [f"warning: {path}, line 4, entry 'g1': every name is only legal forms or generic words (LIMITED | LLC | Trading Co.); it will never be matched"]


def test_followthemoney_entries_are_checked_too(tmp_path, caplog):
    path = tmp_path / "list.jsonl"
    rows = [{"id": "x", "schema": "Company", "properties": {"name": ["Acme Ltd"]}}, {"id": "y", "schema": "Company", "properties": {"name": ["Company Limited"]}}]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="dualuse.screening.sources"):
        load_list(path)
    assert [r.getMessage().split(":")[1].strip() for r in caplog.records] == [f"{path}, line 2, entry 'y'"]


def test_dualuse_screen_as_a_process_reports_the_entry_and_keeps_a_misspelt_form_from_hiding_the_party(tmp_path):
    (tmp_path / "list.csv").write_text(LIST, encoding="utf-8")
    (tmp_path / "queries.csv").write_text(
        "id,name\nq1,VELESSTROI LIMITED LIABILITY COMPEANY\nq2,LIMITED\nq3,NAFTIRAN TRADING SERVIES CO. (NTS) LIMITED\nq4,LIMITED LIABILUITY COMPANY VELESSTROI\n",
        encoding="utf-8",
    )
    dualuse = Path(sys.executable).parent / "dualuse"
    done = subprocess.run([str(dualuse), "screen", "queries.csv", "--list", "list.csv"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "list.csv, line 4, entry 'g1': every name is only legal forms or generic words" in done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    first = {r["query_id"]: r for r in rows if r["rank"] == "1"}
    assert first["q1"]["entity_id"] == "v1" and first["q1"]["band"] in ("hit", "review")
    assert first["q4"]["entity_id"] == "v1" and first["q4"]["band"] in ("hit", "review")
    assert "q2" not in first  # a query of only a legal form is compared with nothing
    assert first["q3"]["entity_id"] == "n1"
    assert not [r for r in rows if r["query_id"] == "q3" and r["entity_id"] != "n1" and r["band"] == "hit"]
