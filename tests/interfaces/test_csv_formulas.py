"""Formula injection (issue 15 item 13): no CSV dualuse writes starts a cell with = + - @ (or a tab
or carriage return) — such text gets a leading single quote. Through the commands as a user runs
them: `screen`, `batch` (decisions and rejects), `lists diff` and `impact exposure`."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from dualuse import csvcells

ROOT = Path(__file__).resolve().parents[2]
FORMULAS = ['=HYPERLINK("http://example.invalid","x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def dualuse(*args: str) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "dualuse.interfaces.cli", *args], capture_output=True, text=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def cells(text: str) -> list[str]:
    return [value for record in csv.reader(io.StringIO(text, newline="")) for value in record]


def assert_no_formula(text: str, *expected: str) -> None:
    values = cells(text)
    assert not [v for v in values if v.startswith(csvcells.FORMULA_STARTS)], values
    for value in expected:
        assert "'" + value in values, (value, values)


@pytest.mark.parametrize("value", FORMULAS + ["plain", "", "3", "'=already quoted"])
def test_cell(value: str) -> None:
    quoted = csvcells.cell(value)
    assert not quoted.startswith(csvcells.FORMULA_STARTS)
    assert quoted == ("'" + value if value.startswith(csvcells.FORMULA_STARTS) else value)
    assert csvcells.cell(-3) == -3 and csvcells.cell(None) is None  # numbers written as numbers stay numbers


def test_screen_output(tmp_path: Path) -> None:
    queries = tmp_path / "queries.csv"
    with open(queries, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("id", "name"), *((f"{v}", f"{v} Trading") for v in FORMULAS[:4])])
    listed = tmp_path / "list.csv"
    with open(listed, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("id", "name"), ("@e1", "=HYPERLINK Trading"), ("-e2", "+1+2 Trading")])
    out = dualuse("screen", str(queries), "--list", str(listed)).stdout
    assert_no_formula(out, *FORMULAS[:4], "@e1", "-e2")


def test_batch_decisions_and_rejects(tmp_path: Path) -> None:
    lines = (ROOT / "examples/batch/shipments.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = [next(csv.reader([line])) for line in lines[1:4]]
    rows[0][0], rows[1][0] = "=1+1", "@SUM(A1)"
    rows[2][0], rows[2][header.index("destination")] = "-3", "=XX"  # rejected: unknown country
    source = tmp_path / "rows.csv"
    with open(source, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([header, *rows])
    dualuse("batch", str(source), "-o", str(tmp_path / "out.csv"), "--no-progress")
    assert_no_formula((tmp_path / "out.csv").read_text(encoding="utf-8"), "=1+1", "@SUM(A1)")
    assert_no_formula((tmp_path / "out.csv.rejects.csv").read_text(encoding="utf-8"), "-3")


def test_lists_diff_and_exposure_report(tmp_path: Path) -> None:
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text("id,name\ne1,Acme\n", encoding="utf-8")
    new.write_text('id,name\ne1,Acme\n@e2,"=HYPERLINK(""x"")"\n', encoding="utf-8")
    assert_no_formula(dualuse("lists", "diff", str(old), str(new)).stdout, "@e2", '=HYPERLINK("x")')

    lines = (ROOT / "examples/impact/portfolio.csv").read_text(encoding="utf-8").splitlines()
    record = next(csv.reader([lines[1]]))
    record[0] = "=cmd|' /C calc'!A0"
    portfolio = tmp_path / "portfolio.csv"
    with open(portfolio, "w", encoding="utf-8", newline="") as f:
        f.write(lines[0] + "\n")
        csv.writer(f, lineterminator="\n").writerow(record)
    dualuse("impact", "exposure", str(portfolio), "-o", str(tmp_path / "report"))
    for name in ("lines.csv", "by_supplier.csv"):
        assert_no_formula((tmp_path / "report" / name).read_text(encoding="utf-8"), record[0])
