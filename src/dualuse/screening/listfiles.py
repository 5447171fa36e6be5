"""List and query files, read into `ScreenedEntity` sequences and dated list versions.

Formats, by the file's suffix:

- `.csv`, `.xlsx`, `.parquet`: the table contract of `dualuse screen --list`
  (`id,name[,aliases,country,list]`, aliases separated by " | "); query files use the same
  readers with `id,name[,country]`.
- `.json`, `.jsonl`, `.ndjson`, `.ftm`: FollowTheMoney entities, one JSON object a line, as
  OpenSanctions publishes them (`{"id", "schema", "properties": {"name": [...], ...}}`).
- `.txt`: a MOFCOM / UEL / MFA listing announcement as published, read by
  `dualuse.lists.mofcom_text.parse_announcement` (the annex lines `N. 中文名（English name）`);
  entity ids are the parser's `<instrument>-<seq>`.

A bad line is an error that names the file, the line and the field, never a skipped row: a
list that silently loses a party is worse than no list. Names longer than `MAX_NAME_CHARS`
and names with control characters are such errors too (a control character in a list is a
broken export, not a name). An empty list (a header and no rows) is a valid, empty list.

Every load is a `ListVersion`: the entities plus an id made of the source, the SHA-256 of the
file's bytes and the list's date (the announcement's publication date for MOFCOM texts,
otherwise the file's modification date, UTC), so that two loads of the same bytes are the
same version and a changed file is a new one.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from dualuse import limits
from dualuse.errors import InputError
from dualuse.screening.base import ScreenedEntity, ScreenedName

ALIAS_SEPARATOR = " | "
FTM_NAME_PROPERTIES = ("name", "alias", "weakAlias", "previousName")
FTM_PARTY_SCHEMATA = frozenset({"Thing", "LegalEntity", "Organization", "Company", "Person", "PublicBody", "Vessel", "Airplane"})
TABLE_SUFFIXES = (".csv", ".xlsx", ".parquet")
FTM_SUFFIXES = (".json", ".jsonl", ".ndjson", ".ftm")
MOFCOM_SUFFIXES = (".txt",)
log = logging.getLogger(__name__)
MAX_NAME_CHARS = 1000
"""Longest name a list or query file may hold; the longest official name on the bundled lists
is under 120 characters, so anything near this is a broken cell (a pasted paragraph)."""


class ListFileError(InputError, ValueError):
    """A list or query file that cannot be read as it stands: where, which field, what is wrong.

    An `InputError`, so the CLI reports it on one line with exit code 2.
    """

    def __init__(self, path: Path | str, line: int | None, field: str | None, message: str):
        self.path = str(path)
        super().__init__(message, file=self.path, line=line, field=field)


def read_text(path: Path) -> str:
    """UTF-8 text (a BOM is allowed); any other encoding is a clear error, not mojibake."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ListFileError(path, line, None, f"not UTF-8 text (byte {error.start}); save the file as UTF-8") from None


def read_bytes(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise ListFileError(path, None, None, "file not found") from None
    except IsADirectoryError:
        raise ListFileError(path, None, None, "is a directory, not a file") from None
    except OSError as error:
        raise ListFileError(path, None, None, f"cannot read: {error.strerror}") from None


def check_name(path: Path, line: int, field: str, value: str) -> str:
    """`value` when it is a usable name; otherwise an error naming the line and the field."""
    if len(value) > MAX_NAME_CHARS:
        raise ListFileError(path, line, field, f"{len(value)} characters, more than the {MAX_NAME_CHARS} a name may have")
    bad = next((c for c in value if unicodedata.category(c) == "Cc"), None)
    if bad is not None:
        raise ListFileError(path, line, field, f"control character U+{ord(bad):04X} in {value[:40]!r}")
    return value


def warn_if_names_no_one(path: Path | str, line: int | None, entity_id: str, names: Sequence[str]) -> bool:
    """Report (a logged warning naming file, line and entry) an entry whose every name is only
    legal forms, generic words or punctuation ("LIMITED", "LLC", 有限公司): the matcher neither
    indexes nor compares such a name, so the entry can never be found. Not an error: the rest
    of the list is good, and the entry stays in it for `lists diff`."""
    from dualuse.screening.matchers.crossscript.forms import names_no_one  # the matcher's own rule; loaded only when lists are

    if not names or not all(names_no_one(name) for name in names):
        return False
    where = f"{path}, line {line}" if line is not None else str(path)
    log.warning(
        "warning: %s, entry %r: every name is only legal forms or generic words (%s); it will never be matched",
        where, entity_id, " | ".join(names),
    )
    return True


# ------------------------------------------------------------------------------- tables


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


csv_rows = table_rows  # the name the first version of this module used


def load_table_list(path: Path) -> list[ScreenedEntity]:
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


load_csv_list = load_table_list


# --------------------------------------------------------------------- FollowTheMoney


def _ftm_strings(path: Path, line: int, properties: dict, prop: str) -> list[str]:
    values = properties.get(prop, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ListFileError(path, line, f"properties.{prop}", "expected a list of strings")
    return [v.strip() for v in values if v.strip()]


def load_ftm_list(path: Path) -> list[ScreenedEntity]:
    """FollowTheMoney entities; schemata that are not parties (addresses, sanctions…) are skipped."""
    entities = []
    for line, text in enumerate(read_text(path).splitlines(), start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            raise ListFileError(path, line, None, f"not JSON: {getattr(error, 'msg', 'nested too deeply')}") from None
        if not isinstance(record, dict):
            raise ListFileError(path, line, None, "expected a JSON object")
        for key in ("id", "schema"):
            if not isinstance(record.get(key), str) or not record[key]:
                raise ListFileError(path, line, key, "missing or not a string")
        if record["schema"] not in FTM_PARTY_SCHEMATA:
            continue
        properties = record.get("properties")
        if not isinstance(properties, dict):
            raise ListFileError(path, line, "properties", "missing or not an object")
        names = [
            check_name(path, line, f"properties.{prop}", n)
            for prop in FTM_NAME_PROPERTIES
            for n in _ftm_strings(path, line, properties, prop)
        ]
        if not names:
            raise ListFileError(path, line, "properties.name", "no name")
        warn_if_names_no_one(path, line, record["id"], names)
        countries = _ftm_strings(path, line, properties, "country")
        datasets = record.get("datasets") if isinstance(record.get("datasets"), list) else []
        entities.append(
            ScreenedEntity(
                record["id"],
                tuple(ScreenedName(n) for n in dict.fromkeys(names)),
                countries[0].upper() if countries else None,
                ",".join(map(str, datasets)),
                str(path),
            )
        )
    return entities


# --------------------------------------------------------------------- MOFCOM texts


def _mofcom_designation(path: Path):
    """The `Designation` of a listing announcement text, or an error naming its line."""
    from dualuse.lists.mofcom_text import ParseError, parse_announcement

    text = read_text(path)
    try:
        return parse_announcement(text, str(path))
    except ParseError as error:
        raise ListFileError(path, error.line, None, f"not a listing announcement this parser reads: {error.problem}") from None


def _designation_entities(designation, source: str) -> list[ScreenedEntity]:
    return [
        ScreenedEntity(
            entry.id,
            tuple(ScreenedName(n.value, n.lang) for n in entry.names),
            entry.country,
            designation.list.value,
            source,
        )
        for entry in designation.entries
    ]


def load_mofcom_list(path: Path) -> list[ScreenedEntity]:
    """The parties of one listing announcement, ids `<instrument>-<seq>`, list = its list kind."""
    designation = _mofcom_designation(path)
    return _designation_entities(designation, designation.instrument)


def _warn_entries(path: Path, entities: Sequence[ScreenedEntity]) -> None:
    """Entries read without a line of their own (announcement texts), checked like table rows."""
    for entity in entities:
        warn_if_names_no_one(path, None, entity.entity_id, [n.value for n in entity.names])


# ------------------------------------------------------------------------- dispatch


def load_list(path: Path | str) -> list[ScreenedEntity]:
    """A list file by its extension (see the module docstring for the formats)."""
    return load_list_version(path).entities


@dataclass(frozen=True, slots=True)
class ListVersion:
    """One load of one list: what it holds, where it came from, which bytes, as of when."""

    source: str  # the file as given, or "bundled"
    format: str  # csv, xlsx, parquet, ftm, mofcom, bundled
    sha256: str
    date: date
    entities: tuple[ScreenedEntity, ...]
    instrument: str = ""  # MOFCOM texts: the announcement's id

    @property
    def id(self) -> str:
        return f"{Path(self.source).name}@{self.sha256[:12]}@{self.date.isoformat()}"

    def by_id(self) -> dict[str, ScreenedEntity]:
        return {e.entity_id: e for e in self.entities}


def _file_date(path: Path) -> date:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).date()


def load_list_version(path: Path | str) -> ListVersion:
    """A list file read into a dated version (formats in the module docstring)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        entities, fmt, day, instrument = load_table_list(path), suffix.lstrip("."), None, ""
    elif suffix in FTM_SUFFIXES:
        entities, fmt, day, instrument = load_ftm_list(path), "ftm", None, ""
    elif suffix in MOFCOM_SUFFIXES:
        designation = _mofcom_designation(path)
        entities, fmt = _designation_entities(designation, designation.instrument), "mofcom"
        _warn_entries(path, entities)
        day, instrument = designation.published, designation.instrument
    else:
        raise ListFileError(
            path, None, None, f"unknown list format {suffix or '(no extension)'}: use .csv, .xlsx, .parquet, .jsonl or .txt (MOFCOM text)"
        )
    sha = hashlib.sha256(read_bytes(path)).hexdigest()
    return ListVersion(str(path), fmt, sha, day or _file_date(path), tuple(entities), instrument)


def bundled_version(*, with_imports: bool = False) -> ListVersion:
    """The bundled China lists (every listed party in force and every military user) as a version;
    `with_imports`: with the listings the user imported (`dualuse lists import`), named "current".

    The hash is over the entities as screened, the date the newest listing's publication.
    """
    from dualuse.regime.loader import load_regime

    regime = load_regime(with_imports=with_imports)
    entities = tuple(regime.screened_entities())
    digest = hashlib.sha256()
    for entity in sorted(entities, key=lambda e: e.entity_id):
        digest.update(json.dumps([entity.entity_id, [n.value for n in entity.names], entity.country, entity.list], ensure_ascii=False).encode())
    newest = max((d.published for d in regime.designations), default=date(1970, 1, 1))
    name = "current" if with_imports else "bundled"
    return ListVersion(name, name, digest.hexdigest(), newest, entities)


def load_version(spec: Path | str) -> ListVersion:
    """`bundled` for the bundled China lists, `current` for them with the user's imports, otherwise a list file."""
    if str(spec) in ("bundled", "current"):
        return bundled_version(with_imports=str(spec) == "current")
    return load_list_version(spec)


# ----------------------------------------------------------------------- versions


@dataclass(frozen=True, slots=True)
class EntryChange:
    entity_id: str
    old: ScreenedEntity | None
    new: ScreenedEntity | None

    @property
    def status(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    def what_changed(self) -> list[str]:
        if self.old is None or self.new is None:
            return []
        fields = []
        if [n.value for n in self.old.names] != [n.value for n in self.new.names]:
            fields.append("names")
        if self.old.country != self.new.country:
            fields.append("country")
        if self.old.list != self.new.list:
            fields.append("list")
        return fields


def diff_versions(old: Sequence[ScreenedEntity], new: Sequence[ScreenedEntity]) -> list[EntryChange]:
    """Entries added, removed or changed (names, country or list kind), by entity id."""
    before = {e.entity_id: e for e in old}
    after = {e.entity_id: e for e in new}
    changes = [EntryChange(i, before.get(i), after.get(i)) for i in sorted(before.keys() | after.keys())]
    return [c for c in changes if c.status != "changed" or c.what_changed()]
