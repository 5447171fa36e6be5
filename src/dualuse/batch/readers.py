"""Stream CSV, XLSX and Parquet row files in fixed-size chunks, never the whole file at once.

Every reader yields `(line, row)` pairs — `row` the contract cells in COLUMNS order as text
or None — and `chunks()` groups them into numbered chunks of `chunk_rows` rows. Chunk
boundaries depend only on the file and the chunk size, which is what lets an interrupted run
resume by chunk number.

A CSV chunk leaves the reading process as the text of its records (`CsvChunk`): the reader
only finds where records end, and the process that decides the chunk splits it into cells.
Splitting costs more than finding the ends, and the reading process is the one every worker
waits on, so this keeps it from becoming the bottleneck when several workers decide at once.

`line` is where a user finds the row: the physical line a CSV record starts on, the sheet
row of an XLSX file (the header is row 1), the 1-based row number of a Parquet file plus one
(as if it had a header line), so the three agree for the same table.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from dualuse import limits
from dualuse.batch.contract import COLUMNS, RejectRow, Row, cell, header_index
from dualuse.errors import InputError

INPUT_FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".parquet": "parquet", ".pq": "parquet"}
_SNIFF_BYTES = 1 << 16
_UNDECODABLE = re.compile("[\udc80-\udcff]")

FIELD_LIMIT = 1 << 24
"""The longest CSV field (16 MiB, the csv module's limit as set here): a record with a longer
one is rejected (`field larger than field limit`), the rest of the file is read on."""
csv.field_size_limit(FIELD_LIMIT)


@dataclass
class Chunk:
    """Rows `lines[i]`/`rows[i]`, plus rows the reader already rejected (bad bytes, wrong width)."""

    index: int
    lines: list[int] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    rejects: list[RejectRow] = field(default_factory=list)
    span: int = 0  # progress units (bytes of a CSV, rows otherwise) this chunk covers

    @property
    def size(self) -> int:
        return len(self.rows) + len(self.rejects)

    def add(self, line: int, row: "Row | _Rejected") -> None:
        if isinstance(row, _Rejected):
            self.rejects.append(row.reject)
        else:
            self.lines.append(line)
            self.rows.append(row)

    def parsed(self) -> "Chunk":
        return self


@dataclass(frozen=True)
class CsvLayout:
    """Where the contract columns are in a CSV file's records, from its header."""

    positions: tuple[int, ...]  # of COLUMNS, in COLUMNS order
    width: int  # fields in the header: a record of another width is rejected


@dataclass
class CsvChunk:
    """`size` CSV records as the file's text, starting on physical line `first_line`; split into
    cells by `parsed()` where the chunk is decided."""

    index: int
    text: str
    first_line: int
    layout: CsvLayout
    size: int
    span: int

    def parsed(self) -> Chunk:
        chunk = Chunk(self.index, span=self.span)
        for line, row in _csv_rows(io.StringIO(self.text, newline=""), self.first_line, self.layout):
            chunk.add(line, row)
        return chunk


AnyChunk = Chunk | CsvChunk  # what `chunks()` yields: rows, or CSV text split where it is decided


class RowReader(ABC):
    """Base of the three readers: `total` progress units, `position()` read so far."""

    unit = "rows"

    def __init__(self, path: Path):
        self.path = path
        self.source = str(path)
        self.total = 0

    @abstractmethod
    def rows(self) -> Iterator[tuple[int, "Row | _Rejected"]]:
        """(line, row) pairs in file order; a row the reader itself rejects comes as `_Rejected`."""

    @abstractmethod
    def position(self) -> int:
        """Progress units read so far (bytes of a CSV, rows otherwise)."""

    def chunks(self, chunk_rows: int) -> Iterator[AnyChunk]:
        """Numbered chunks of `chunk_rows` rows (rejected rows count), the last one shorter."""
        chunk = Chunk(0)
        last_position = 0
        for line, row in self.rows():
            chunk.add(line, row)
            if chunk.size >= chunk_rows:
                position = self.position()
                chunk.span, last_position = position - last_position, position
                yield chunk
                chunk = Chunk(chunk.index + 1)
        if chunk.size:
            chunk.span = max(self.total - last_position, 0)
            yield chunk


class _Rejected:
    __slots__ = ("reject",)

    def __init__(self, reject: RejectRow):
        self.reject = reject


def open_reader(path: Path) -> RowReader:
    """The reader for a file by its extension; a clear InputError when it cannot be read."""
    if not path.exists():
        raise InputError("file not found", file=str(path))
    if path.is_dir():
        raise InputError("is a directory, not a row file", file=str(path))
    kind = INPUT_FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"unknown input format {path.suffix or '(no extension)'!r}: use .csv, .xlsx or .parquet", file=str(path))
    return {"csv": CsvReader, "xlsx": XlsxReader, "parquet": ParquetReader}[kind](path)


class CsvReader(RowReader):
    """UTF-8 CSV (a BOM is allowed), read with the csv module so line numbers are exact."""

    unit = "bytes"

    def __init__(self, path: Path):
        super().__init__(path)
        self.total = path.stat().st_size
        _check_utf8(path)
        self._binary: io.BufferedReader | None = None
        with open(path, encoding="utf-8-sig", errors="surrogateescape", newline="") as text:
            try:
                header = next(csv.reader(text), None)
            except csv.Error as error:
                raise InputError(f"the header cannot be read ({error_text(error)})", file=self.source, line=1) from None
        if header is None:
            raise InputError("empty file: expected a header line naming the columns", file=self.source)
        header_index(header, self.source)  # a missing column fails now, before any work starts

    def position(self) -> int:
        return self._binary.tell() if self._binary is not None else 0

    def rows(self) -> Iterator[tuple[int, "Row | _Rejected"]]:
        with open(self.path, "rb") as binary:
            self._binary = binary
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
            layout, first_line = self._header(text)
            yield from _csv_rows(text, first_line, layout)
            self._binary = None

    def chunks(self, chunk_rows: int) -> Iterator[CsvChunk]:
        """Chunks of `chunk_rows` records (blank lines do not count) as text, cut where the csv
        module ends a record, so a quoted field spanning lines stays whole."""
        with open(self.path, "rb") as binary:
            self._binary = binary
            text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")
            layout, after_header = self._header(text)
            first_line = after_header
            taken: list[str] = []

            def lines() -> Iterator[str]:
                for line in text:
                    taken.append(line)
                    yield line

            records = csv.reader(lines())
            index = size = last_position = 0
            for record in _records(records):
                if not isinstance(record, csv.Error) and _is_blank(record):
                    continue
                size += 1
                if size == chunk_rows:
                    position = binary.tell()
                    yield CsvChunk(index, "".join(taken), first_line, layout, size, position - last_position)
                    taken.clear()
                    index, size, last_position = index + 1, 0, position
                    first_line = after_header + records.line_num
            if size:
                yield CsvChunk(index, "".join(taken), first_line, layout, size, max(self.total - last_position, 0))
            self._binary = None

    def _header(self, text: io.TextIOWrapper) -> tuple[CsvLayout, int]:
        """The header's layout, and the physical line the first record starts on."""
        reader = csv.reader(text)
        try:
            header = next(reader)
        except StopIteration:
            raise InputError("empty file: expected a header line naming the columns", file=self.source) from None
        except csv.Error as error:
            raise InputError(f"the header cannot be read ({error_text(error)})", file=self.source, line=1) from None
        if _UNDECODABLE.search("".join(header)):
            raise InputError("the header is not UTF-8 text: save the file as UTF-8", file=self.source, line=1)
        return CsvLayout(tuple(header_index(header, self.source)), len(header)), reader.line_num + 1


def _csv_rows(lines: Iterable[str], first_line: int, layout: CsvLayout) -> Iterator[tuple[int, "Row | _Rejected"]]:
    """The records of CSV text whose first line is physical line `first_line`, as reader rows."""
    reader = csv.reader(lines)
    positions, width = layout.positions, layout.width
    id_at = positions[0]
    line = first_line
    for record in _records(reader):
        start, line = line, first_line + reader.line_num
        if isinstance(record, csv.Error):
            yield start, _Rejected((start, "", "", f"not a readable CSV record ({error_text(record)})"))
            continue
        if _is_blank(record):
            continue
        row_id = record[id_at].strip() if id_at < len(record) else ""
        if len(record) != width:
            yield start, _Rejected((start, row_id, "", f"{len(record)} fields, the header has {width}"))
            continue
        if _UNDECODABLE.search("".join(record)):
            column = next((COLUMNS[i] for i, p in enumerate(positions) if _UNDECODABLE.search(record[p])), "")
            yield start, _Rejected((start, _clean(row_id), column, "not UTF-8 text"))
            continue
        yield start, tuple(_text(record[p]) for p in positions)


def _records(reader: Iterator[list[str]]) -> Iterator[list[str] | csv.Error]:
    """The reader's records, or the error for one the csv module refuses (a field over
    FIELD_LIMIT): the reader has consumed the lines it read and goes on with the next one."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield error


def error_text(error: csv.Error) -> str:
    text = str(error)
    return f"a field longer than {FIELD_LIMIT} characters" if "field larger than field limit" in text else text


def _is_blank(record: list[str]) -> bool:
    return not record or (len(record) == 1 and not record[0].strip())


class XlsxReader(RowReader):
    """The first worksheet of an XLSX workbook, read row by row (openpyxl read-only mode)."""

    def __init__(self, path: Path):
        super().__init__(path)
        try:
            import openpyxl
        except ImportError:
            raise InputError("reading .xlsx needs openpyxl: pip install openpyxl", file=self.source) from None
        limits.check_xlsx(path)  # a zip bomb is refused before openpyxl inflates it
        try:
            self._book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException...
            raise InputError(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})", file=self.source) from None
        self._sheet = self._book.worksheets[0]
        self.total = max((self._sheet.max_row or 1) - 1, 0)
        self._done = 0
        header = next(self._sheet.iter_rows(min_row=1, max_row=1, values_only=True), None)
        if header is None:
            self._book.close()
            raise InputError("empty worksheet: expected a header row naming the columns", file=self.source)
        try:
            header_index(header, self.source)  # a missing column fails now, before any work starts
        except InputError:
            self._book.close()
            raise

    def position(self) -> int:
        return self._done

    def rows(self) -> Iterator[tuple[int, "Row | _Rejected"]]:
        try:
            values = self._sheet.iter_rows(values_only=True)
            try:
                header = next(values)
            except StopIteration:
                raise InputError("empty worksheet: expected a header row naming the columns", file=self.source) from None
            positions = header_index(header, self.source)
            for number, record in enumerate(values, start=2):
                self._done = number - 1
                if record is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in record):
                    continue
                yield number, tuple(cell(record[p]) if p < len(record) else None for p in positions)
        finally:
            self._book.close()


class ParquetReader(RowReader):
    """A Parquet file, record batch by record batch (only the contract columns are read)."""

    def __init__(self, path: Path):
        super().__init__(path)
        import pyarrow.parquet as pq

        try:
            self._file = pq.ParquetFile(path)
        except Exception as exc:  # pyarrow.ArrowInvalid and friends
            raise InputError(f"not a readable Parquet file ({exc})", file=self.source) from None
        self.total = self._file.metadata.num_rows
        self._done = 0
        names = list(self._file.schema_arrow.names)
        positions = header_index(names, self.source)
        self._columns = [names[p] for p in positions]

    def position(self) -> int:
        return self._done

    def rows(self) -> Iterator[tuple[int, "Row | _Rejected"]]:
        number = 1
        for batch in self._file.iter_batches(batch_size=8192, columns=self._columns):
            columns = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
            for values in zip(*columns):
                number += 1
                self._done = number - 1
                yield number, tuple(cell(v) for v in values)


def _text(value: str) -> str | None:
    value = value.strip()
    return value or None


def _clean(value: str) -> str:
    return _UNDECODABLE.sub("\ufffd", value)


def _check_utf8(path: Path) -> None:
    """Fail at once, naming the likely encoding, when a CSV file is not UTF-8 text.

    A stray bad byte in a UTF-8 file only rejects its row. A file in another encoding (GBK,
    Shift-JIS, UTF-16 from Excel's "Unicode text") would reject every row, so it is refused up
    front: when its header, or at least half of the rows in its first 64 KiB, are not UTF-8.
    """
    with open(path, "rb") as binary:
        head = binary.read(_SNIFF_BYTES)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("UTF-16 text: save the file as CSV UTF-8", file=str(path))
    lines = head.split(b"\n")
    if len(head) == _SNIFF_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut in the middle of a character
    bad = [number for number, line in enumerate(lines, start=1) if not _is_utf8(line)]
    data_lines = sum(1 for line in lines[1:] if line.strip())
    if not bad or (bad[0] != 1 and len(bad) * 2 < data_lines):
        return
    guess = ""
    for name in ("gb18030", "shift_jis", "cp1252"):
        try:
            codecs.getincrementaldecoder(name)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        guess = f" (it may be {name.upper().replace('_', '-')})"
        break
    raise InputError(f"not UTF-8 text{guess}: save the file as CSV UTF-8", file=str(path), line=bad[0])


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
