"""Output files: one part per chunk while the job runs, then the parts joined in chunk order.

Parquet output has typed columns (`rules`, `citations` and `matched_parties` are lists of
strings, `as_of` a date); CSV output writes the lists joined by " | " (citations contain
semicolons and commas, never a bar). Rejected rows go to `OUTPUT.rejects.csv` whatever the
output format. All text is UTF-8.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import date
from pathlib import Path
from typing import Sequence

from dualuse import csvcells
from dualuse.batch.contract import OUTPUT_COLUMNS, REJECT_COLUMNS, OutputRow, RejectRow
from dualuse.errors import InputError

OUTPUT_FORMATS = {".parquet": "parquet", ".pq": "parquet", ".csv": "csv"}
LIST_SEPARATOR = " | "
_LIST_COLUMNS = (2, 3, 4)


def output_format(path: Path) -> str:
    kind = OUTPUT_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"unknown output format {path.suffix or '(no extension)'!r}: use .parquet or .csv", file=str(path))
    return kind


def rejects_path(output: Path) -> Path:
    return output.with_name(output.name + ".rejects.csv")


def _schema():
    import pyarrow as pa

    text_list = pa.list_(pa.string())
    return pa.schema([
        ("id", pa.string()), ("outcome", pa.string()), ("rules", text_list), ("citations", text_list),
        ("matched_parties", text_list), ("as_of", pa.date32()), ("data_version", pa.string()),
    ])


def encode_output_part(kind: str, rows: Sequence[OutputRow]) -> bytes:
    """One chunk's decisions as the bytes of its part file.

    Encoded where the chunk is decided, so the process that writes the job's files receives a
    few compact bytes per chunk instead of thousands of row tuples to unpickle and convert.
    """
    if kind == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = list(zip(*rows)) if rows else [()] * len(OUTPUT_COLUMNS)
        data = [list(c) for c in columns]
        data[5] = [date.fromisoformat(d) for d in data[5]]
        table = pa.Table.from_arrays([pa.array(c, type=t.type) for c, t in zip(data, _schema())], schema=_schema())
        sink = pa.BufferOutputStream()
        pq.write_table(table, sink)
        return sink.getvalue().to_pybytes()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:  # text cells a spreadsheet would run get a leading quote (csvcells, docs/SECURITY.md)
        writer.writerow(csvcells.row(LIST_SEPARATOR.join(v) if i in _LIST_COLUMNS else v for i, v in enumerate(row)))
    return buffer.getvalue().encode("utf-8")


def encode_rejects_part(rows: Sequence[RejectRow]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(csvcells.row(r) for r in rows)
    return buffer.getvalue().encode("utf-8")


def write_part(path: Path, data: bytes) -> None:
    """A part's bytes, flushed to disk (the caller renames the file into place)."""
    with open(path, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())


def join_outputs(parts: Sequence[Path], kind: str, target: Path) -> None:
    """Concatenate output parts in order into `target` (one Parquet row group per part)."""
    if kind == "parquet":
        import pyarrow.parquet as pq

        with pq.ParquetWriter(target, _schema()) as writer:
            for part in parts:
                writer.write_table(pq.read_table(part, schema=_schema()))
    else:
        _join_text(parts, target, ",".join(OUTPUT_COLUMNS) + "\n")
    _fsync(target)


def join_rejects(parts: Sequence[Path], target: Path) -> None:
    _join_text(parts, target, ",".join(REJECT_COLUMNS) + "\n")
    _fsync(target)


def _join_text(parts: Sequence[Path], target: Path, header: str) -> None:
    with open(target, "wb") as out:
        out.write(header.encode("utf-8"))
        for part in parts:
            with open(part, "rb") as source:
                while block := source.read(1 << 20):
                    out.write(block)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
