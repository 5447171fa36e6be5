"""List files a user screens against, read into `ScreenedEntity` sequences.

Two formats: the CSV contract of `dualuse screen --list` (`id,name[,aliases,country,list]`,
aliases separated by " | ") and FollowTheMoney JSON lines as OpenSanctions publishes them
(`{"id", "schema", "properties": {"name": [...], "alias": [...], "country": [...]}}`).
A bad line is an error that names the file, the line and the field, never a skipped row:
a list that silently loses a party is worse than no list.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from dualuse.errors import InputError
from dualuse.screening.base import ScreenedEntity, ScreenedName

ALIAS_SEPARATOR = " | "
FTM_NAME_PROPERTIES = ("name", "alias", "weakAlias", "previousName")
FTM_PARTY_SCHEMATA = frozenset({"Thing", "LegalEntity", "Organization", "Company", "Person", "PublicBody", "Vessel", "Airplane"})


class ListFileError(InputError, ValueError):
    """A list or query file that cannot be read as it stands: where, which field, what is wrong.

    An `InputError`, so the CLI reports it on one line with exit code 2.
    """

    def __init__(self, path: Path | str, line: int | None, field: str | None, message: str):
        self.path = str(path)
        super().__init__(message, file=self.path, line=line, field=field)


def read_text(path: Path) -> str:
    """UTF-8 text (a BOM is allowed); any other encoding is a clear error, not mojibake."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ListFileError(path, None, None, "file not found") from None
    except UnicodeDecodeError as error:
        raise ListFileError(path, None, None, f"not UTF-8 text (byte {error.start}); save the file as UTF-8") from None


def csv_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) of a UTF-8 CSV with a header that has the `required` columns."""
    lines = read_text(path).splitlines(keepends=True)
    reader = csv.DictReader(lines)
    header = [h.strip() for h in reader.fieldnames or []]
    if not header:
        raise ListFileError(path, 1, None, "empty file: expected a header line")
    for column in required:
        if column not in header:
            raise ListFileError(path, 1, column, f"missing column (header is {','.join(header)})")
    reader.fieldnames = header
    for row in reader:
        if None in row:
            raise ListFileError(path, reader.line_num, None, f"more fields than the {len(header)} columns of the header")
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items()}


def load_csv_list(path: Path) -> list[ScreenedEntity]:
    entities, seen = [], set()
    for line, row in csv_rows(path, ("id", "name")):
        if not row["id"]:
            raise ListFileError(path, line, "id", "empty id")
        if row["id"] in seen:
            raise ListFileError(path, line, "id", f"duplicate id {row['id']!r}")
        if not row["name"]:
            raise ListFileError(path, line, "name", "empty name")
        seen.add(row["id"])
        aliases = [a.strip() for a in row.get("aliases", "").split(ALIAS_SEPARATOR) if a.strip()]
        names = tuple(ScreenedName(n) for n in dict.fromkeys([row["name"], *aliases]))
        entities.append(ScreenedEntity(row["id"], names, row.get("country") or None, row.get("list", ""), str(path)))
    return entities


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
        except json.JSONDecodeError as error:
            raise ListFileError(path, line, None, f"not JSON: {error.msg}") from None
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
        names = [n for prop in FTM_NAME_PROPERTIES for n in _ftm_strings(path, line, properties, prop)]
        if not names:
            raise ListFileError(path, line, "properties.name", "no name")
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


def load_list(path: Path | str) -> list[ScreenedEntity]:
    """A list file by its extension: `.csv`, or `.json`/`.jsonl`/`.ftm` (FollowTheMoney lines)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return load_csv_list(path)
    if suffix in (".json", ".jsonl", ".ndjson", ".ftm"):
        return load_ftm_list(path)
    raise ListFileError(path, None, None, f"unknown list format {suffix or '(no extension)'}: use .csv or .jsonl")
