"""Listings the user imports (`dualuse lists import FILE`): read, checked whole, kept dated in the
user's data directory, and from then on part of every regime the bundled data load.

Where: ``$DUALUSE_DATA_DIR`` when set, else ``$XDG_DATA_HOME/dualuse``, else
``~/.local/share/dualuse``; the listings go under ``listings/``, one YAML file per import, named
``<date imported>_<sha256 of the file, 12>_<file stem>.yaml``, holding the `Designation` records
read from it with the file's name, hash and format. Never into the installed package: a data
directory inside it is refused.

What a file may be (by suffix, and for CSV by header):

- ``.txt``: a MOFCOM / UEL / MFA listing announcement as published (`parse_announcement`);
- ``.csv`` with the transcribed layout (``seq,name_zh,name_en,…,source_url``, `parse_transcribed`);
- ``.csv`` exported from OpenSanctions (``id,schema,name,aliases,countries,…,sanctions,…``): one
  listing per value of the ``sanctions`` column, dated by ``first_seen`` unless ``--date`` is given;
- ``.json`` / ``.jsonl`` / ``.ftm``: FollowTheMoney entities (OpenSanctions ``cn_sanctions``), the
  parties joined to their ``Sanction`` records, one listing per notice (``sourceUrl``, ``startDate``).

Every record is mapped onto the transcribed layout and meets its checks. A file that breaks
anything is refused whole with file:line:field; the listing file is written to a temporary file
and renamed into place, so a failed import leaves nothing behind.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from dualuse import limits
from dualuse.errors import ListFileError
from dualuse.errors import read_file_bytes as read_bytes
from dualuse.lists.transcribed import (
    COLUMNS,
    TranscribedError,
    designation_from_rows,
    is_transcribed_header,
)
from dualuse.regime.model import Designation, Strict

ENV_DATA_DIR = "DUALUSE_DATA_DIR"
LISTINGS_DIR = "listings"
FTM_SUFFIXES = (".json", ".jsonl", ".ndjson", ".ftm")
OPENSANCTIONS_COLUMNS = ("id", "schema", "name")
CJK_RE = re.compile(r"[\u3400-\u9fff]")
LIST_WORDS = (
    (("管控名单", "control list"), "管控名单"),
    (("关注名单", "watch list"), "关注名单"),
    (("不可靠实体", "unreliable entit"), "不可靠实体清单"),
)
ISSUER_WORDS = ((("外交部", "foreign affairs", "mfa"), "外交部"), (("不可靠实体", "unreliable"), "不可靠实体清单工作机制"))


class ListingImport(Strict):
    """One import: the file as given, its hash and format, when, and the listings read from it."""

    source: str
    sha256: str
    format: str
    imported_on: date
    designations: tuple[Designation, ...]


@dataclass(frozen=True)
class ReadListing:
    format: str
    sha256: str
    designations: list[Designation]
    unlisted: tuple[str, ...] = ()  # FtM parties no Sanction record lists: not imported, and said so


def user_data_dir() -> Path:
    """``$DUALUSE_DATA_DIR``, else ``$XDG_DATA_HOME/dualuse``, else ``~/.local/share/dualuse``."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "dualuse"


def listings_dir() -> Path:
    return user_data_dir() / LISTINGS_DIR


def import_files() -> list[Path]:
    """The import files, oldest first (by name: the date imported comes first)."""
    folder = listings_dir()
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def read_import(path: Path) -> ListingImport:
    from dualuse.regime.loader import _read_one

    return _read_one(path, ListingImport)


# ------------------------------------------------------------------------------ reading


def read_listing_file(path: Path, *, listed_on: date | None = None) -> ReadListing:
    """The listings in a user's file, or a `ListFileError` naming file, line and field."""
    path = Path(path)
    data = read_bytes(path)
    sha = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ListFileError(path, line, None, "not UTF-8 text; save the file as UTF-8") from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".txt":
            return ReadListing("mofcom", sha, [_announcement(path, text)])
        if suffix == ".csv":
            header = next(csv.reader(io.StringIO(text)), [])
            if is_transcribed_header(header):
                return ReadListing("transcribed", sha, [_transcribed(text, path.name)])
            if all(c in [h.strip() for h in header] for c in OPENSANCTIONS_COLUMNS):
                return ReadListing("opensanctions-csv", sha, _opensanctions_csv(path, text, listed_on))
            raise ListFileError(
                path, 1, None,
                f"header {','.join(header)!r} is neither the transcribed layout ({','.join(COLUMNS)}) "
                "nor an OpenSanctions export (id,schema,name,…)",
            )
        if suffix in FTM_SUFFIXES:
            designations, unlisted = _ftm(path, text)
            return ReadListing("ftm", sha, designations, unlisted)
    except TranscribedError as error:
        raise ListFileError(path, error.line, error.field, error.field_problem) from None
    raise ListFileError(path, None, None, f"unknown format {suffix or '(no extension)'}: use .txt (MOFCOM text), .csv or .jsonl (FollowTheMoney)")


def _announcement(path: Path, text: str) -> Designation:
    """A MOFCOM announcement's text, parsed (the parser is loaded only for a .txt file)."""
    from dualuse.lists.mofcom_text import ParseError, parse_announcement

    try:
        return parse_announcement(text, path.name)
    except ParseError as error:
        raise ListFileError(path, error.line, None, f"not a listing this parser reads: {error.problem}") from None


def _transcribed(text: str, name: str) -> Designation:
    from dualuse.lists.transcribed import parse_transcribed

    return parse_transcribed(text, name)


def _list_word(text: str) -> str:
    lowered = text.lower()
    return next((word for keys, word in LIST_WORDS if any(k in lowered for k in keys)), "反制清单")


def _issuer_word(text: str) -> str:
    lowered = text.lower()
    return next((word for keys, word in ISSUER_WORDS if any(k in lowered for k in keys)), "商务部")


def _row(seq: int, names: list[str], kind: str, country: str, listing: str, day: str, end: str, url: str) -> dict[str, str]:
    zh = next((n for n in names if CJK_RE.search(n)), "")
    latin = [n for n in names if n != zh]
    return {
        "seq": str(seq), "name_zh": zh, "name_en": latin[0] if latin else "", "aliases": ";".join(latin[1:]),
        "kind": "person" if kind == "Person" else "company", "country": country.upper()[:2] if country else "",
        "address_zh": "", "list": _list_word(listing), "issuer": _issuer_word(listing), "date": day,
        "end_date": end, "source_url": url,
    }


def _group_designations(path: Path, text: str, groups: dict[tuple, list[tuple[int, dict[str, str]]]]) -> list[Designation]:
    if not groups:
        raise ListFileError(path, 1, None, "no party with a listing in the file")
    found: dict[str, Designation] = {}
    for key, rows in groups.items():
        numbered = [(line, {**row, "seq": str(seq)}) for seq, (line, row) in enumerate(rows, 1)]
        designation = designation_from_rows(
            numbered, path.name, text + repr(key), notes=f"imported from {path.name}", url_optional=True
        )
        if designation.instrument in found:
            raise ListFileError(path, rows[0][0], None, f"two listings map to {designation.instrument}: split the file")
        found[designation.instrument] = designation
    return list(found.values())


def _opensanctions_csv(path: Path, text: str, listed_on: date | None) -> list[Designation]:
    reader = csv.DictReader(io.StringIO(text))
    reader.fieldnames = [h.strip() for h in reader.fieldnames or []]
    groups: dict[tuple, list[tuple[int, dict[str, str]]]] = {}
    for record in reader:
        line = reader.line_num
        if None in record:
            raise ListFileError(path, line, None, "more fields than the columns of the header")
        record = {k: (v or "").strip() for k, v in record.items()}
        if not record["name"]:
            raise ListFileError(path, line, "name", "empty name")
        day = listed_on.isoformat() if listed_on else record.get("first_seen", "")[:10]
        if not day:
            raise ListFileError(path, line, "first_seen", "no listing date: give --date YYYY-MM-DD")
        listing = record.get("sanctions", "") or record.get("dataset", "")
        names = [record["name"], *(a.strip() for a in record.get("aliases", "").split(";") if a.strip())]
        country = record.get("countries", "").split(";")[0].strip()
        url = next((u.rstrip(";,)") for u in re.findall(r"https?://\S+", record.get("sanctions", ""))), "")
        row = _row(0, names, record["schema"], country, listing, day, "", url)
        groups.setdefault((listing, day), []).append((line, row))
    return _group_designations(path, text, groups)


def _ftm(path: Path, text: str) -> tuple[list[Designation], tuple[str, ...]]:
    parties: dict[str, tuple[int, dict]] = {}
    sanctions: list[tuple[int, dict]] = []
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, RecursionError) as error:
            raise ListFileError(path, line, None, f"not JSON: {getattr(error, 'msg', 'nested too deeply')}") from None
        unpaired = limits.unpaired_surrogate(record)
        if unpaired is not None:
            raise ListFileError(path, line, ".".join(map(str, unpaired)) or None, limits.UNPAIRED_SURROGATE)
        if not isinstance(record, dict) or not isinstance(record.get("properties", {}), dict):
            raise ListFileError(path, line, "properties", "expected a JSON object with an object of properties")
        for key in ("id", "schema"):
            if not isinstance(record.get(key), str) or not record[key]:
                raise ListFileError(path, line, key, "missing or not a string")
        if record["schema"] == "Sanction":
            sanctions.append((line, record))
        elif record["schema"] in ("Company", "Organization", "LegalEntity", "Person", "PublicBody"):
            parties[record["id"]] = (line, record)
    groups: dict[tuple, list[tuple[int, dict[str, str]]]] = {}
    listed: set[str] = set()
    for line, sanction in sanctions:
        props = sanction.get("properties", {})
        for party_id in _strings(path, line, props, "entity"):
            if party_id not in parties:
                continue
            party_line, party = parties[party_id]
            pprops = party.get("properties", {})
            names = _strings(path, party_line, pprops, "name") + _strings(path, party_line, pprops, "alias")
            if not names:
                raise ListFileError(path, party_line, "properties.name", "no name")
            day = (_strings(path, line, props, "startDate") or _strings(path, line, props, "listingDate") or [""])[0][:10]
            if not day:
                raise ListFileError(path, line, "properties.startDate", "the Sanction record gives no date")
            end = (_strings(path, line, props, "endDate") or [""])[0][:10]
            url = (_strings(path, line, props, "sourceUrl") or [""])[0]
            listing = " ".join(_strings(path, line, props, "program") + _strings(path, line, props, "authority") + _strings(path, line, props, "reason"))
            countries = _strings(path, party_line, pprops, "country")
            row = _row(0, names, party["schema"], countries[0] if countries else "", listing, day, end, url)
            groups.setdefault((url, day, row["list"]), []).append((party_line, row))
            listed.add(party_id)
    return _group_designations(path, text, groups), tuple(sorted(set(parties) - listed))


def _strings(path: Path, line: int, properties: dict, prop: str) -> list[str]:
    values = properties.get(prop, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ListFileError(path, line, f"properties.{prop}", "expected a list of strings")
    return [v.strip() for v in values if v.strip()]


# ------------------------------------------------------------------------------ writing


def write_import(path: Path, read: ReadListing, today: date) -> Path:
    """Write the listings read from `path` as one dated import file; atomic (temp file, rename)."""
    folder = listings_dir()
    package = Path(__file__).resolve().parents[1]
    if folder.resolve().is_relative_to(package):
        raise ListFileError(folder, None, ENV_DATA_DIR, "the data directory is inside the installed package: choose another")
    record = ListingImport(
        source=Path(path).name, sha256=read.sha256, format=read.format, imported_on=today, designations=tuple(read.designations)
    )
    text = "# Imported by `dualuse lists import`; do not edit.\n" + yaml.safe_dump(
        record.model_dump(mode="json", by_alias=True), allow_unicode=True, sort_keys=True, width=100
    )
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(path).stem)[:60] or "listing"
    target = folder / f"{today.isoformat()}_{read.sha256[:12]}_{stem}.yaml"
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".import-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target
