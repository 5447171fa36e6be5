"""`dualuse screen` through Typer's runner: the product.md CSV contract and its errors."""

from __future__ import annotations

import csv
import io

import pytest
import typer
from typer.testing import CliRunner

from dualuse.errors import InputError
from dualuse.interfaces.cli.screen import OUTPUT_COLUMNS, screen

app = typer.Typer()
app.command()(screen)
app.command("version")(lambda: None)  # two commands, so `screen` is a subcommand as in the real CLI

LIST = (
    "id,name,aliases,country,list\n"
    'cn0293,"Mitsubishi Heavy Industries Maritime Systems, Ltd.",,JP,control_list\n'
    "cn0320,TDK Corporation,,JP,watch_list\n"
    "us0001,Lockheed Martin Corporation,洛克希德·马丁公司,US,control_list\n"
    "x1,Sona,,IN,other\n"
)
QUERIES = "id,name,country\nq1,ロッキード・マーチン,US\nq2,ＴＤＫ株式会社,JP\nq3,Sony,JP\n"


@pytest.fixture()
def files(tmp_path):
    (tmp_path / "list.csv").write_text(LIST, encoding="utf-8")
    (tmp_path / "queries.csv").write_text(QUERIES, encoding="utf-8")
    return tmp_path


def run(*args):
    return CliRunner().invoke(app, ["screen", *map(str, args)])


def test_writes_the_contract(files):
    out = files / "out.csv"
    result = run(files / "queries.csv", "--list", files / "list.csv", "--top", 2, "-o", out)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == OUTPUT_COLUMNS
    best = {r["query_id"]: r for r in rows if r["rank"] == "1"}
    assert (best["q1"]["entity_id"], best["q1"]["band"]) == ("us0001", "hit")
    assert (best["q2"]["entity_id"], best["q2"]["band"]) == ("cn0320", "hit")
    assert best["q1"]["list"] == "control_list" and "token_overlap" in best["q1"]["explanation"]
    # the party's own name, and beside it the name of it that met
    assert (best["q2"]["matched_name"], best["q2"]["matched_alias"]) == ("TDK Corporation", "TDK Corporation")
    assert "Words that met:" in best["q1"]["explanation"]
    assert all(r["band"] != "hit" for r in rows if r["query_id"] == "q3")
    assert max(int(r["rank"]) for r in rows) <= 2


def test_jsonl_to_stdout(files):
    result = run(files / "queries.csv", "--list", files / "list.csv", "--top", 1, "--format", "jsonl")
    assert result.exit_code == 0
    assert result.output.count('"query_id"') == 3


def test_query_file_without_name_column(files):
    (files / "q.csv").write_text("id,nom\nq1,TDK\n", encoding="utf-8")
    result = run(files / "q.csv", "--list", files / "list.csv")
    assert isinstance(result.exception, InputError)
    assert "q.csv:1: name: missing column" in str(result.exception)


def test_empty_query_name_names_the_line(files):
    (files / "q.csv").write_text("id,name\nq1,TDK\nq2,\n", encoding="utf-8")
    result = run(files / "q.csv", "--list", files / "list.csv")
    assert "q.csv:3: name: empty name" in str(result.exception)


def test_unknown_matcher(files):
    result = run(files / "queries.csv", "--list", files / "list.csv", "--matcher", "nonesuch")
    assert isinstance(result.exception, InputError) and "nonesuch" in str(result.exception)


def test_empty_list_gives_a_header_only(files):
    (files / "empty.csv").write_text("id,name\n", encoding="utf-8")
    result = run(files / "queries.csv", "--list", files / "empty.csv")
    assert result.exit_code == 0
    assert list(csv.reader(io.StringIO(result.output))) == [list(OUTPUT_COLUMNS)]


def test_without_a_list_it_screens_the_bundled_china_lists(tmp_path):
    queries = tmp_path / "q.csv"
    queries.write_text("id,name,country\nq1,三菱重工海事系统株式会社,JP\nq2,Mitsubishi Heavy Industries Maritime Systems,JP\n", encoding="utf-8")
    result = run(queries, "--top", 1)
    assert result.exit_code == 0, result.exception
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["band"] for r in rows] == ["hit", "hit"]
    assert rows[0]["entity_id"] == rows[1]["entity_id"] and rows[0]["list"] == "control_list"
