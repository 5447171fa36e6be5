"""CSV, XLSX and Parquet inputs give the same decisions; bad files fail with one clear line,
bad rows go to the side file with their line and the run goes on."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dualuse.batch import COLUMNS, run_batch
from dualuse.batch.readers import open_reader
from dualuse.errors import InputError

ROOT = Path(__file__).resolve().parents[2]


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def small(tmp_path_factory, generator) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("formats")
    return {kind: generator.write(folder / f"rows.{kind}", 400, seed=5, bad_share=0.02) for kind in ("csv", "xlsx", "parquet")}


def test_three_formats_same_output(small: dict[str, Path], tmp_path: Path, shared) -> None:
    outputs = {}
    for kind, path in small.items():
        out = tmp_path / f"{kind}.parquet"
        summary = run_batch(path, out, workers=1, chunk_rows=150, progress=False, shared=shared)
        assert summary.rows + summary.rejected == 400
        outputs[kind] = (pq.read_table(out), summary.rejects.read_bytes())
    assert outputs["csv"][0].equals(outputs["xlsx"][0])
    assert outputs["csv"][0].equals(outputs["parquet"][0])
    assert outputs["csv"][1] == outputs["xlsx"][1] == outputs["parquet"][1]  # same lines: XLSX rows, Parquet rows + 1


def test_typed_cells_read_as_text(tmp_path: Path) -> None:
    """Numbers and dates typed by a spreadsheet or a Parquet schema read as the CSV text would."""
    import datetime as dt

    table = pa.table({
        **{c: pa.array(["x"], pa.string()) for c in COLUMNS},
        "id": pa.array([1001], pa.int64()),
        "date": pa.array([dt.date(2026, 11, 10)], pa.date32()),
        "hs_code": pa.array([2841801000], pa.int64()),
        "value": pa.array([12000.0], pa.float64()),
        "cn_content_share": pa.array([None], pa.float64()),
    })
    path = tmp_path / "typed.parquet"
    pq.write_table(table, path)
    [(line, row)] = list(open_reader(path).rows())
    assert line == 2
    assert row[COLUMNS.index("id")] == "1001"
    assert row[COLUMNS.index("date")] == "2026-11-10"
    assert row[COLUMNS.index("hs_code")] == "2841801000"
    assert row[COLUMNS.index("value")] == "12000"
    assert row[COLUMNS.index("cn_content_share")] is None


def test_bad_rows_go_to_the_side_file(tmp_path: Path, shared) -> None:
    lines = (ROOT / "examples/batch/shipments.csv").read_bytes().splitlines(keepends=True)
    header, good = lines[0], lines[1:4]
    body = (
        header
        + good[0]                                            # line 2: fine
        + b"R-1,2026-03-02,JP,\xff\xfeExporter,CN" + b"," * 14 + b"\n"  # line 3: not UTF-8
        + b"R-2,too,few,fields\n"                             # line 4: wrong width
        + b"\n"                                               # line 5: blank, skipped
        + b'R-3,2026-03-02,JP,"Multi\nline exporter",CN,A,JP,,civil,,x,,1C004,CN,1,USD,1,kg,\n'  # lines 6-7: fine
        + good[1].replace(b"EX-002", b"R-4").replace(b",JP,", b",Japan,", 1)  # line 8: bad country
        + b",2026-03-02,JP,X,CN,A,JP,,civil,,x,,1C004,CN,1,USD,1,kg,\n"  # line 9: no id
        + good[2].replace(b"EX-003", b"R-5").replace(b"1C004", b"1C999")  # line 10: code the regime lacks
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(body)
    out = tmp_path / "out.csv"
    summary = run_batch(path, out, workers=1, chunk_rows=3, progress=False, shared=shared)
    decided = [r["id"] for r in _rows(out)]
    rejects = _rows(summary.rejects)
    assert decided == ["EX-001", "R-3"]
    assert [(r["line"], r["id"], r["field"]) for r in rejects] == [
        ("3", "R-1", "exporter_name"), ("4", "R-2", ""), ("8", "R-4", "destination"), ("9", "", "id"),
        ("10", "R-5", "control_code"),
    ]
    assert rejects[0]["reason"] == "not UTF-8 text"
    assert rejects[1]["reason"] == "4 fields, the header has 19"
    assert "unknown country 'Japan'" in rejects[2]["reason"]
    assert rejects[4]["reason"]


def test_missing_column_is_one_line_naming_file_and_column(tmp_path: Path) -> None:
    source = (ROOT / "examples/batch/shipments.csv").read_text(encoding="utf-8").splitlines()
    header = source[0].split(",")
    index = header.index("end_user_kind")
    path = tmp_path / "no-kind.csv"
    path.write_text("\n".join(",".join(c for i, c in enumerate(line.split(",")) if i != index) for line in source[:3]) + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as raised:
        open_reader(path)
    assert str(raised.value).startswith(f"{path}:1: missing column end_user_kind ")

    cli = subprocess.run(
        [sys.executable, "-m", "dualuse.interfaces.cli.batch", str(path), "-o", str(tmp_path / "o.csv")],
        capture_output=True, text=True, timeout=60,
    )
    assert cli.returncode == 2
    assert cli.stderr.strip().splitlines() == [f"dualuse: error: {path}:1: missing column end_user_kind "
                                               f"(the batch contract needs: {','.join(COLUMNS)})"]
    assert not (tmp_path / "o.csv.parts").exists()


def test_wrong_encoding_is_refused_up_front(tmp_path: Path) -> None:
    text = (ROOT / "examples/batch/shipments.csv").read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(text.split("\n", 3)[0].encode() + b"\n" + "EX-1,2026-03-02,JP,湖南钨业进出口有限公司,CN".encode("gb18030") + b"\n")
    with pytest.raises(InputError, match=r"gbk.csv:2: not UTF-8 text \(it may be GB18030\): save the file as CSV UTF-8"):
        open_reader(gbk)
    utf16 = tmp_path / "utf16.csv"
    utf16.write_bytes(text.encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16 text"):
        open_reader(utf16)
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert len(list(open_reader(bom).rows())) == 50


@pytest.mark.parametrize("name, message", [
    ("rows.txt", "unknown input format '.txt'"),
    ("missing.csv", "file not found"),
])
def test_unreadable_inputs(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("id\n", encoding="utf-8")
    with pytest.raises(InputError, match=message):
        open_reader(path)


def test_unknown_output_format(tmp_path: Path, shared) -> None:
    with pytest.raises(InputError, match="unknown output format '.xlsx'"):
        run_batch(ROOT / "examples/batch/shipments.csv", tmp_path / "out.xlsx", progress=False, shared=shared)


@pytest.mark.parametrize("kind", ["xlsx", "parquet"])
def test_missing_column_in_xlsx_and_parquet(tmp_path: Path, kind: str) -> None:
    columns = [c for c in COLUMNS if c != "hs_code"]
    path = tmp_path / f"rows.{kind}"
    if kind == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(columns)
        book.save(path)
    else:
        pq.write_table(pa.table({c: pa.array([], pa.string()) for c in columns}), path)
    with pytest.raises(InputError, match=rf"^{path}:1: missing column hs_code \(the batch contract needs"):
        open_reader(path)
