"""CSV chunks travel as text and are split into cells where they are decided: whatever the chunk
size, the rows, line numbers and rejects must be those of reading the whole file at once."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from dualuse.batch.readers import CsvChunk, open_reader

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def awkward_csv(tmp_path_factory) -> Path:
    """Quoted fields spanning lines, blank lines, CRLF endings, bad bytes, wrong widths."""
    lines = (ROOT / "examples/batch/shipments.csv").read_bytes().splitlines(keepends=True)
    header, good = lines[0], lines[1:]
    body = (
        header
        + good[0]
        + b'M-1,2026-03-02,JP,"Multi\nline\nexporter",CN,A,JP,,civil,,"12"" wafer, polished",,1C004,CN,1,USD,1,kg,\n'
        + b"\n\n"
        + good[1].rstrip(b"\n") + b"\r\n"
        + b"B-1,2026-03-02,JP,\xff\xfeExporter,CN" + b"," * 14 + b"\n"
        + b"W-1,too,few\n"
        + b" \n"
        + b"".join(good[2:12])
        + b'M-2,2026-03-02,JP,X,CN,"End\r\nuser",JP,,civil,,x,,1C004,CN,1,USD,1,kg,\n'
        + b"\n"
    )
    path = tmp_path_factory.mktemp("awkward") / "awkward.csv"
    path.write_bytes(body)
    return path


def _flatten(chunks) -> list:
    out = []
    for chunk in chunks:
        parsed = pickle.loads(pickle.dumps(chunk)).parsed()  # as a worker receives it
        out += list(zip(parsed.lines, parsed.rows)) + [("rejected", r) for r in parsed.rejects]
    return sorted(out, key=lambda pair: pair[1][0] if pair[0] == "rejected" else pair[0])


@pytest.mark.parametrize("chunk_rows", [1, 2, 3, 7, 1000])
def test_text_chunks_parse_like_the_whole_file(awkward_csv: Path, chunk_rows: int) -> None:
    reader = open_reader(awkward_csv)
    whole = []
    for line, row in reader.rows():
        whole.append(("rejected", row.reject) if hasattr(row, "reject") else (line, row))
    chunks = list(open_reader(awkward_csv).chunks(chunk_rows))
    assert all(isinstance(c, CsvChunk) for c in chunks)
    assert [c.index for c in chunks] == list(range(len(chunks)))
    assert all(c.size == chunk_rows for c in chunks[:-1])
    assert sum(c.size for c in chunks) == len(whole) == 16
    assert sum(c.span for c in chunks) == awkward_csv.stat().st_size
    assert _flatten(chunks) == sorted(whole, key=lambda pair: pair[1][0] if pair[0] == "rejected" else pair[0])


def test_line_numbers_count_physical_lines(awkward_csv: Path) -> None:
    lines = {row[0]: line for line, row in open_reader(awkward_csv).rows() if not hasattr(row, "reject")}
    assert lines["M-1"] == 3  # spans lines 3-5; two blank lines follow
    assert lines["EX-002"] == 8
    assert lines["M-2"] == 22
