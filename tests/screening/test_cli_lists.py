"""`dualuse lists`, `lists diff`, `lists rescreen`, and `dualuse screen` over XLSX/Parquet."""

from __future__ import annotations

import csv
import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from openpyxl import Workbook
from typer.testing import CliRunner

from dualuse.errors import InputError
from dualuse.interfaces.cli.lists import DIFF_COLUMNS, RESCREEN_COLUMNS, lists_app
from dualuse.interfaces.cli.screen import OUTPUT_COLUMNS, screen

app = typer.Typer()
app.add_typer(lists_app, name="lists")
app.command("screen")(screen)

OLD = "id,name,aliases,country,list\ne1,TDK Corporation,,JP,watch_list\ne2,Sona Ltd,,IN,other\n"
NEW = (
    "id,name,aliases,country,list\n"
    "e1,TDK Corporation,ＴＤＫ株式会社,JP,control_list\n"
    'e3,"Mitsubishi Heavy Industries Maritime Systems, Ltd.",,JP,control_list\n'
)
PARTIES = "id,name,country\np1,ＴＤＫ株式会社,JP\np2,\"MITSUBISHI HEAVY INDUSTRIES MARITIME SYSTEMS CO., LTD.\",JP\np3,Sony,JP\np4,Toyota Motor,JP\n"


@pytest.fixture()
def files(tmp_path):
    for name, text in (("old.csv", OLD), ("new.csv", NEW), ("parties.csv", PARTIES)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def run(*args):
    return CliRunner().invoke(app, list(map(str, args)))


def test_diff_reports_added_removed_changed(files):
    result = run("lists", "diff", files / "old.csv", files / "new.csv", "-o", files / "d.csv")
    assert result.exit_code == 0, result.output
    rows = {r["entity_id"]: r for r in csv.DictReader((files / "d.csv").open(encoding="utf-8"))}
    assert tuple(next(iter(rows.values()))) == DIFF_COLUMNS
    assert {k: r["status"] for k, r in rows.items()} == {"e1": "changed", "e2": "removed", "e3": "added"}
    assert rows["e1"]["changed"] == "names,list" and rows["e1"]["new_names"] == "TDK Corporation | ＴＤＫ株式会社"
    assert rows["e2"]["old_names"] == "Sona Ltd"
    assert "added 1, removed 1, changed 1" in result.output and "old.csv@" in result.output


def test_rescreen_reports_only_parties_whose_band_changed(files):
    result = run("lists", "rescreen", files / "parties.csv", "--old", files / "old.csv", "--new", files / "new.csv")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[: lines.index(next(line for line in lines if line.startswith("old ")))]))))
    assert tuple(rows[0]) == RESCREEN_COLUMNS
    bands = {r["party_id"]: (r["old_band"], r["new_band"]) for r in rows}
    assert bands["p2"] == ("clear", "hit")
    assert "p1" not in bands and "p4" not in bands  # a hit before and after; clear before and after
    assert rows[[r["party_id"] for r in rows].index("p2")]["new_entity_id"] == "e3"


def test_lists_shows_the_bundled_lists_and_a_file(files):
    result = run("lists", "--list", files / "new.csv")
    assert result.exit_code == 0, result.output
    assert "control_list" in result.output and "MOFCOM-2026-11" in result.output
    assert "new.csv@" in result.output and "2 entries" in result.output


def test_diff_against_bundled_and_bad_files(files):
    result = run("lists", "diff", "bundled", files / "new.csv", "-o", files / "d.csv")
    assert result.exit_code == 0, result.output
    statuses = {r["status"] for r in csv.DictReader((files / "d.csv").open(encoding="utf-8"))}
    assert statuses == {"added", "removed"}
    (files / "bad.csv").write_text("id,nom\ne1,x\n", encoding="utf-8")
    result = run("lists", "diff", files / "old.csv", files / "bad.csv")
    assert isinstance(result.exception, InputError) and "bad.csv:1: name: missing column" in str(result.exception)


def test_screen_reads_xlsx_queries_and_writes_parquet(files):
    book = Workbook()
    for row in ("id", "name", "country"), ("q1", "ＴＤＫ株式会社", "JP"), ("q2", "Sony", "JP"):
        book.active.append(row)
    book.save(files / "q.xlsx")
    out = files / "out.parquet"
    result = run("screen", files / "q.xlsx", "--list", files / "new.csv", "--top", 2, "-o", out)
    assert result.exit_code == 0, result.output
    table = pq.read_table(out)
    assert tuple(table.column_names) == OUTPUT_COLUMNS
    rows = table.to_pylist()
    assert rows[0]["query_id"] == "q1" and rows[0]["entity_id"] == "e1" and rows[0]["band"] == "hit"


def test_screen_reads_parquet_queries_and_list(files):
    pq.write_table(pa.table({"id": ["q1"], "name": ["MITSUBISHI HEAVY INDUSTRIES MARITIME SYSTEMS CO., LTD."]}), files / "q.parquet")
    pq.write_table(pa.table({"id": ["e3"], "name": ["Mitsubishi Heavy Industries Maritime Systems, Ltd."]}), files / "l.parquet")
    result = run("screen", files / "q.parquet", "--list", files / "l.parquet", "--top", 1)
    assert result.exit_code == 0, result.output
    (row,) = csv.DictReader(io.StringIO(result.output))
    assert (row["entity_id"], row["band"]) == ("e3", "hit")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("id,name\nq1," + "x" * 10_000 + "\n", "q.csv:2: name: 10000 characters"),
        ("id,name\nq1,TDK\x00Corp\n", "q.csv:2: NUL byte"),
        ("id,name\nq1,TDK\x1bCorp\n", "q.csv:2: name: control character U+001B"),
    ],
)
def test_bad_query_names_are_one_line_errors(files, text, words):
    (files / "q.csv").write_text(text, encoding="utf-8")
    result = run("screen", files / "q.csv", "--list", files / "new.csv")
    assert isinstance(result.exception, InputError)
    assert words in str(result.exception) and "\n" not in str(result.exception)


def test_parquet_to_standard_output_is_refused(files):
    result = run("screen", files / "parties.csv", "--list", files / "new.csv", "--format", "parquet")
    assert isinstance(result.exception, InputError) and "-o" in str(result.exception)
