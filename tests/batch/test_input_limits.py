"""Inputs that would exhaust or end a batch run (issue 15 items 4 and 6): a CSV field over the csv
module's limit rejects its row and the run goes on; an .xlsx zip bomb is refused before it is
inflated, by `dualuse batch` and `dualuse impact exposure` as whole processes (exit 2)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from dualuse import limits
from dualuse.batch import run_batch
from dualuse.batch.readers import FIELD_LIMIT
from dualuse.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples/batch/shipments.csv"


def huge_field_csv(path: Path) -> Path:
    """The example with its second row's end-use description one character over FIELD_LIMIT."""
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    record = next(csv.reader([lines[2]]))
    record[header.index("end_use_description")] = "x" * (FIELD_LIMIT + 1)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(record)
    path.write_text("".join([lines[0], lines[1], buffer.getvalue(), *lines[3:]]), encoding="utf-8")
    return path


@pytest.mark.parametrize("chunk_rows", [7, 1000])
def test_a_field_over_the_csv_limit_rejects_its_row_and_the_run_goes_on(tmp_path: Path, shared, chunk_rows: int) -> None:
    rows = huge_field_csv(tmp_path / "huge.csv")
    reference = run_batch(EXAMPLE, tmp_path / "ref.csv", workers=1, chunk_rows=chunk_rows, progress=False, shared=shared)
    summary = run_batch(rows, tmp_path / "out.csv", workers=1, chunk_rows=chunk_rows, progress=False, shared=shared)
    assert (summary.rows, summary.rejected) == (reference.rows - 1, reference.rejected + 1)
    with open(summary.rejects, encoding="utf-8", newline="") as f:
        rejects = list(csv.DictReader(f))
    assert rejects[0]["line"] == "3" and f"longer than {FIELD_LIMIT}" in rejects[0]["reason"]
    decided = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    expected = [line for line in (tmp_path / "ref.csv").read_text(encoding="utf-8").splitlines() if not line.startswith("EX-002,")]
    assert decided == expected


def xlsx_bomb(path: Path, expanded: int) -> Path:
    """A workbook whose sheet is `expanded` bytes of blanks (deflated to ~1/1000 of that)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as sheet:
            block = b" " * (1 << 20)
            for _ in range(expanded >> 20):
                sheet.write(block)
    return path


def a_workbook(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in csv.reader(EXAMPLE.read_text(encoding="utf-8").splitlines()):
        sheet.append(row)
    book.save(path)
    return path


def test_the_guard_refuses_bombs_and_passes_workbooks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    limits.check_xlsx(a_workbook(tmp_path / "rows.xlsx"))  # a real workbook passes
    with pytest.raises(InputError, match="zip bomb"):
        limits.check_xlsx(xlsx_bomb(tmp_path / "bomb.xlsx", 64 << 20))
    monkeypatch.setattr(limits, "MAX_XLSX_EXPANDED_BYTES", 1000)
    with pytest.raises(InputError, match="expands to .* bytes, more than 1,000"):
        limits.check_xlsx(tmp_path / "rows.xlsx")
    (tmp_path / "not.xlsx").write_bytes(b"PK\x03\x04 nothing else")
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        limits.check_xlsx(tmp_path / "not.xlsx")


def test_a_member_that_lies_about_its_size_is_refused(tmp_path: Path) -> None:
    """A sheet declared as 1 KiB that holds 4 MiB: read only to its declared size, then its CRC fails."""
    path = xlsx_bomb(tmp_path / "liar.xlsx", 4 << 20)
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")  # the sheet's central directory header (written last)
    assert int.from_bytes(data[central + 24:central + 28], "little") == 4 << 20
    data[central + 24:central + 28] = (1024).to_bytes(4, "little")  # its uncompressed size
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 1024
    with pytest.raises(InputError, match="not a readable XLSX workbook"):
        limits.check_xlsx(path)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dualuse.interfaces.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env=env)


@pytest.mark.parametrize("command", [("batch", "{bomb}", "-o", "{out}/d.csv", "--no-progress"),
                                     ("impact", "exposure", "{bomb}", "-o", "{out}/report"),
                                     ("screen", "{bomb}"),
                                     ("screen", "{out}/queries.csv", "--list", "{bomb}")])
def test_cli_refuses_a_zip_bomb_with_exit_2(tmp_path: Path, command: tuple[str, ...]) -> None:
    bomb = xlsx_bomb(tmp_path / "bomb.xlsx", 256 << 20)
    (tmp_path / "queries.csv").write_text("id,name\nq1,Acme Trading\n", encoding="utf-8")
    env = os.environ | {"DUALUSE_HOME": str(tmp_path)}
    result = run(*(a.format(bomb=bomb, out=tmp_path) for a in command), env=env)
    assert result.returncode == 2, result.stderr
    assert "bomb.xlsx" in result.stderr and "zip bomb" in result.stderr and "Traceback" not in result.stderr
