"""Table files: the contract of `dualuse screen --list` (`id,name[,aliases,country,list]`,
aliases separated by " | ") in CSV, XLSX (first worksheet) or Parquet; query files use the
same row readers with `id,name[,country]`."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from dualuse import limits
from dualuse.errors import InputError
from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.screening.sources.common import (
    ALIAS_SEPARATOR,
    ListFileError,
    SourceRead,
    check_name,
    read_bytes,
    read_text,
    warn_if_names_no_one,
)


def _check_header(path: Path, header: list[str], required: tuple[str, ...]) -> list[str]:
    header = [h.strip() for h in header]
    if not any(header):
        raise ListFileError(path, 1, None, "empty file: expected a header line")
    for column in required:
        if column not in header:
            raise ListFileError(path, 1, column, f"missing column (header is {','.join(header)})")
    return header


def _csv_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    text = read_text(path)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ListFileError(path, line, None, "NUL byte: not a CSV text file")
    reader = csv.DictReader(text.splitlines(keepends=True))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as error:
        raise ListFileError(path, 1, None, f"not CSV: {error}") from None
    reader.fieldnames = _check_header(path, list(fieldnames or []), required)
    width = len(reader.fieldnames)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise ListFileError(path, reader.line_num, None, f"not CSV: {error}") from None
        if None in row:
            raise ListFileError(path, reader.line_num, None, f"more fields than the {width} columns of the header")
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """The first worksheet; row numbers are the sheet's (header on row 1)."""
    import zipfile

    from openpyxl import load_workbook

    read_bytes(path)  # not found / directory errors first
    try:
        limits.check_xlsx(path)  # a zip bomb is refused before openpyxl inflates it
    except InputError as error:
        raise ListFileError(path, None, None, error.message) from None
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ListFileError(path, None, None, f"not an Excel .xlsx workbook ({type(error).__name__})") from None
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = _check_header(path, [_cell(c) for c in next(rows, ())], required)
        for number, values in enumerate(rows, start=2):
            cells = [_cell(c) for c in values]
            if not any(cells):
                continue
            if len(cells) > len(header) and any(cells[len(header):]):
                raise ListFileError(path, number, None, f"more fields than the {len(header)} columns of the header")
            cells += [""] * (len(header) - len(cells))
            yield number, dict(zip(header, cells))
    finally:
        workbook.close()


def _parquet_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows numbered from 2, as if the column names were a header line."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    read_bytes(path)
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as error:
        raise ListFileError(path, None, None, f"not a Parquet file ({error})") from None
    header = _check_header(path, list(parquet.schema_arrow.names), required)
    number = 1
    for batch in parquet.iter_batches(batch_size=65536):
        for record in batch.to_pylist():
            number += 1
            yield number, {name: _cell(record.get(original)) for name, original in zip(header, batch.schema.names)}


def table_rows(path: Path | str, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line or row number, row) of a CSV, XLSX or Parquet table that has the `required` columns."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path, required)
    if suffix == ".xlsx":
        return _xlsx_rows(path, required)
    if suffix == ".parquet":
        return _parquet_rows(path, required)
    raise ListFileError(path, None, None, f"unknown table format {suffix or '(no extension)'}: use .csv, .xlsx or .parquet")


def load_table_list(path: Path | str) -> list[ScreenedEntity]:
    """The parties of a table file; an empty or duplicate id or an empty name is an error naming its line."""
    path = Path(path)
    entities, seen = [], set()
    for line, row in table_rows(path, ("id", "name")):
        if not row["id"]:
            raise ListFileError(path, line, "id", "empty id")
        if row["id"] in seen:
            raise ListFileError(path, line, "id", f"duplicate id {row['id']!r}")
        if not row["name"]:
            raise ListFileError(path, line, "name", "empty name")
        seen.add(row["id"])
        check_name(path, line, "name", row["name"])
        aliases = [check_name(path, line, "aliases", a.strip()) for a in row.get("aliases", "").split(ALIAS_SEPARATOR) if a.strip()]
        names = tuple(ScreenedName(n) for n in dict.fromkeys([row["name"], *aliases]))
        warn_if_names_no_one(path, line, row["id"], [n.value for n in names])
        entities.append(ScreenedEntity(row["id"], names, row.get("country") or None, row.get("list", ""), str(path)))
    return entities


class TableSource:
    """CSV, XLSX and Parquet list tables; the format is the suffix."""

    NAME: ClassVar[str] = "table"
    SUFFIXES: ClassVar[tuple[str, ...]] = (".csv", ".xlsx", ".parquet")

    def read(self, path: Path) -> SourceRead:
        return SourceRead(load_table_list(path), Path(path).suffix.lower().lstrip("."))
