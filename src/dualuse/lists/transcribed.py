"""Read a listing transcribed as a CSV (the layout of ``shared/data/mofcom/transcribed/``) into a
`Designation`.

One file is one listing: every row names one party of one official notice. Columns:

    seq,name_zh,name_en,aliases,kind,country,address_zh,list,issuer,date,end_date,source_url

- ``seq`` runs 1, 2, 3… in file order; ``name_zh`` or ``name_en`` must be given; ``aliases`` are
  separated by ``;``; ``kind`` is company / organization (an entity) or person; ``country`` an
  ISO 3166-1 alpha-2 code (or empty); ``list`` and ``issuer`` one of the values in `LISTS` and
  `ISSUERS` (the Chinese word decides); ``date`` the listing date (ISO), the same on every row;
  ``end_date`` the day the listing ended, when it did (empty otherwise); ``source_url`` the
  official notice, http(s).
- The instrument id is made from the issuer, the date and the list: ``MFA-<date>`` for an MFA
  decision (the form the MFA texts get), ``MOFCOM-<date>-CL`` / ``-WL`` / ``-CM`` for a MOFCOM
  Control List, Watch List or countermeasure listing (the notice's number is not in the layout),
  ``UEL-<date>`` for the Unreliable Entity List. Entries are ``<instrument>-<seq>``.
- What the listing does comes from the list kind, since the layout carries no measures: a Control
  List bars exports of dual-use items (Regs Art. 29); a Watch List requires a licence (Regs Art.
  26); a countermeasure or Unreliable Entity listing is REVIEW, for a person to read the notice.
  `measures_from` replaces this with the measures of another listing the notice is reported to
  repeat (2026-06-29: those of 2026 No. 11 and No. 12), with a note saying so.
- The names are facts of the official notice: the records cite ``source_url``, never the
  transcriber, and carry the transcription's reliability (S unless told otherwise).

A row that breaks the layout raises `TranscribedError`, a `ParseError` that also names the field;
nothing is returned for the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dualuse.lists.errors import ParseError
from dualuse.regime.model import Designation, Instrument, ListEntry, Name, Validity
from dualuse.vocabulary import Effect, ExporterScope, ListKind, Reliability

PARSER_VERSION = "1.0"
PARSER = f"{__name__} {PARSER_VERSION}"
COLUMNS = (
    "seq", "name_zh", "name_en", "aliases", "kind", "country", "address_zh", "list", "issuer", "date", "end_date", "source_url",
)
REQUIRED_COLUMNS = frozenset(COLUMNS)
LISTS = {
    "管控名单": ListKind.CONTROL_LIST,
    "关注名单": ListKind.WATCH_LIST,
    "不可靠实体清单": ListKind.UNRELIABLE_ENTITY_LIST,
    "反制清单": ListKind.COUNTERMEASURE_LIST,
    "反制措施": ListKind.COUNTERMEASURE_LIST,
}
ISSUERS = {"商务部": "MOFCOM", "外交部": "MFA", "不可靠实体清单工作机制": "UEL"}
KINDS = {"company": "entity", "organization": "entity", "organisation": "entity", "entity": "entity", "person": "person"}
LIST_SUFFIX = {
    ListKind.CONTROL_LIST: "CL",
    ListKind.WATCH_LIST: "WL",
    ListKind.COUNTERMEASURE_LIST: "CM",
    ListKind.UNRELIABLE_ENTITY_LIST: "UEL",
}
LIST_TITLES = {
    ListKind.CONTROL_LIST: "put on the export-control Control List",
    ListKind.WATCH_LIST: "put on the export-control Watch List",
    ListKind.COUNTERMEASURE_LIST: "countermeasures",
    ListKind.UNRELIABLE_ENTITY_LIST: "put on the Unreliable Entity List",
}
DEFAULT_EFFECTS = {
    ListKind.CONTROL_LIST: Effect.PROHIBITED,
    ListKind.WATCH_LIST: Effect.LICENCE_REQUIRED,
    ListKind.COUNTERMEASURE_LIST: Effect.REVIEW,
    ListKind.UNRELIABLE_ENTITY_LIST: Effect.REVIEW,
}
DEFAULT_MEASURES = {
    ListKind.CONTROL_LIST: "Listed on the Control List: exports of dual-use items to the party are prohibited (Regs Art. 29); the notice's own wording is not bundled.",
    ListKind.WATCH_LIST: "Listed on the Watch List: exports of dual-use items need a single licence with the listing's conditions (Regs Art. 26); the notice's own wording is not bundled.",
    ListKind.COUNTERMEASURE_LIST: "Countermeasures under the Anti-Foreign Sanctions Law; the notice's measures are not bundled: read the notice before any dealing.",
    ListKind.UNRELIABLE_ENTITY_LIST: "Listed on the Unreliable Entity List; the notice's measures are not bundled: read the notice before any dealing.",
}
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class TranscribedError(ParseError):
    """A transcribed-listing row that breaks the layout: file, line and field."""

    def __init__(self, source_file: str, line: int, field: str, problem: str) -> None:
        super().__init__(source_file, line, f"{field}: {problem}")
        self.field = field
        self.field_problem = problem


@dataclass(frozen=True, slots=True)
class MeasuresFrom:
    """Another listing whose measures this one is reported to repeat, and how sure that is."""

    designation: Designation
    reliability: Reliability
    note: str


def is_transcribed_header(header: list[str]) -> bool:
    return REQUIRED_COLUMNS <= {h.strip() for h in header}


def parse_transcribed(
    text: str,
    source_file: str,
    *,
    reliability: Reliability = Reliability.SECONDARY,
    measures_from: MeasuresFrom | None = None,
    notes: str = "",
) -> Designation:
    """One transcribed listing CSV -> its `Designation` (see the module docstring)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise TranscribedError(source_file, 1, missing[0], f"missing column (header is {','.join(header)})")
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for row in reader:
            if None in row:
                raise TranscribedError(source_file, reader.line_num, "row", f"more fields than the {len(header)} columns")
            rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items()}))
    except csv.Error as error:
        raise TranscribedError(source_file, reader.line_num, "row", f"not CSV: {error}") from None
    return designation_from_rows(
        rows, source_file, text, reliability=reliability, measures_from=measures_from, notes=notes
    )


def designation_from_rows(
    rows: list[tuple[int, dict[str, str]]],
    source_file: str,
    text: str,
    *,
    reliability: Reliability = Reliability.SECONDARY,
    measures_from: MeasuresFrom | None = None,
    notes: str = "",
    url_optional: bool = False,
) -> Designation:
    """Rows of the transcribed layout, each with its line in `source_file`, -> one `Designation`.

    `text` is what the content hash is taken of. Other readers (OpenSanctions exports) map their
    records onto these columns and come here, so that every listing meets the same checks;
    `url_optional` lets an export that names no notice through, its listing saying so.
    """
    if not rows:
        raise TranscribedError(source_file, 2, "seq", "no rows: a listing names at least one party")
    first_line, first = rows[0]
    list_kind = _choice(source_file, first_line, "list", first["list"], LISTS)
    issuer = _choice(source_file, first_line, "issuer", first["issuer"], ISSUERS)
    listed = _date(source_file, first_line, "date", first["date"])
    instrument = _instrument_id(issuer, listed, list_kind)
    urls: list[str] = []
    end_dates: set[date | None] = set()
    entries = []
    for seq, (line, row) in enumerate(rows, 1):
        for column, expected in (("list", first["list"]), ("issuer", first["issuer"]), ("date", first["date"])):
            if row[column] != expected:
                raise TranscribedError(source_file, line, column, f"{row[column]!r} differs from row 1 ({expected!r}): one file is one listing")
        entry, url, end = _entry(source_file, line, row, seq, instrument, url_optional)
        entries.append(entry)
        urls.append(url)
        end_dates.add(end)
    if len(end_dates) > 1:
        raise TranscribedError(source_file, rows[-1][0], "end_date", "rows give different end dates: one file is one listing")
    ended = end_dates.pop()
    main_url = max(dict.fromkeys(urls), key=urls.count)
    entries = [
        e if url == main_url else e.model_copy(update={"notes": "; ".join(filter(None, (e.notes, f"notice: {url}")))})
        for e, url in zip(entries, urls, strict=True)
    ]
    return _designation(
        source_file, text, instrument, list_kind, issuer, listed, ended, main_url, tuple(entries),
        reliability, measures_from, notes,
    )


def _designation(
    source_file: str,
    text: str,
    instrument: str,
    list_kind: ListKind,
    issuer: str,
    listed: date,
    ended: date | None,
    url: str,
    entries: tuple[ListEntry, ...],
    reliability: Reliability,
    measures_from: MeasuresFrom | None,
    notes: str,
) -> Designation:
    all_notes = [
        f"names as transcribed from the official notice's annex ({source_file}); cite the notice",
        "in force from the listing date (the transcription gives one date)",
    ]
    if ended is not None:
        all_notes.append(f"listing ended {ended.isoformat()} as transcribed; last day in force taken as the day before")
    if measures_from is not None:
        source = measures_from.designation
        measures, conditions, reaches, effect = source.measures_zh, source.conditions, source.reaches, source.effect
        all_notes.append(f"measures as in {source.announcement.label_en} [{measures_from.reliability.value}]: {measures_from.note}")
    else:
        measures, conditions = (DEFAULT_MEASURES[list_kind],), ()
        reaches, effect = (ExporterScope.FROM_CHINA,), DEFAULT_EFFECTS[list_kind]
    if not url:
        all_notes.append("the file names no notice: find the official notice before relying on this listing")
    if notes:
        all_notes.append(notes)
    announcement = Instrument(
        id=instrument,
        kind="decision" if issuer == "MFA" or list_kind is ListKind.COUNTERMEASURE_LIST else "announcement",
        number=f"{issuer} {LIST_TITLES[list_kind]} of {listed.isoformat()}",
        title_zh="",
        title_en=_title(issuer, list_kind, listed, entries),
        issuer={"MOFCOM": "商务部", "MFA": "外交部", "UEL": "不可靠实体清单工作机制"}[issuer],
        published=listed,
        effective=listed,
        url=url,
        reliability=reliability,
        source_file=source_file,
        notes="; ".join(all_notes),
    )
    return Designation(
        instrument=instrument,
        announcement=announcement,
        list=list_kind,
        published=listed,
        source_file=source_file,
        source_url=url,
        measures_zh=measures,
        effect=effect,
        reaches=reaches,
        conditions=conditions,
        validity=Validity(in_force_from=listed, in_force_until=ended - timedelta(days=1) if ended else None),
        entries=entries,
        parser=PARSER,
        content_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _entry(
    source_file: str, line: int, row: dict[str, str], seq: int, instrument: str, url_optional: bool = False
) -> tuple[ListEntry, str, date | None]:
    if row["seq"] != str(seq):
        raise TranscribedError(source_file, line, "seq", f"{row['seq']!r}, expected {seq}")
    if not row["name_zh"] and not row["name_en"]:
        raise TranscribedError(source_file, line, "name_zh", "neither name_zh nor name_en is given")
    kind = _choice(source_file, line, "kind", row["kind"], KINDS)
    country = row["country"].upper() or None
    if country is not None and not COUNTRY_RE.match(country):
        raise TranscribedError(source_file, line, "country", f"{row['country']!r} is not an ISO 3166-1 alpha-2 code")
    url = row["source_url"]
    if url_optional and not url:
        pass
    elif not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
        raise TranscribedError(source_file, line, "source_url", f"{url!r} is not the notice's http(s) address")
    end = _date(source_file, line, "end_date", row["end_date"]) if row["end_date"] else None
    names = [Name(value=row["name_zh"], lang="zh-Hans")] if row["name_zh"] else []
    names += [Name(value=row["name_en"], lang="en")] if row["name_en"] else []
    for alias in (a.strip() for a in row["aliases"].split(";")):
        if alias:
            names.append(Name(value=alias, lang="zh-Hans" if re.search(r"[\u3400-\u9fff]", alias) else "en"))
    for name in names:
        if len(name.value) > 1000 or any(ord(c) < 32 for c in name.value):
            raise TranscribedError(source_file, line, "name", f"{name.value[:40]!r} is not a usable name")
    notes = f"address as printed: {row['address_zh']}" if row["address_zh"] else ""
    entry = ListEntry(
        id=f"{instrument}-{seq:02d}", seq=seq, names=tuple(dict.fromkeys(names)), country=country, kind=kind, notes=notes,
    )
    return entry, url, end


def _choice(source_file: str, line: int, field: str, value: str, choices: dict[str, str]):
    """The vocabulary value of a cell: the Chinese (or English) word before any bracketed gloss."""
    word = value.split("(")[0].strip()
    if word in choices:
        return choices[word]
    raise TranscribedError(source_file, line, field, f"{value!r} is not one of {', '.join(choices)}")


def _date(source_file: str, line: int, field: str, value: str) -> date:
    if ISO_DATE_RE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise TranscribedError(source_file, line, field, f"{value!r} is not a date (YYYY-MM-DD)")


def _instrument_id(issuer: str, listed: date, list_kind: ListKind) -> str:
    if issuer == "MOFCOM":
        return f"MOFCOM-{listed.isoformat()}-{LIST_SUFFIX[list_kind]}"
    return f"{issuer}-{listed.isoformat()}"


def _title(issuer: str, list_kind: ListKind, listed: date, entries: tuple[ListEntry, ...]) -> str:
    kinds = [e.kind for e in entries]
    counted = ((kinds.count("entity"), "entity", "entities"), (kinds.count("person"), "person", "persons"))
    parties = " and ".join(f"{n} {one if n == 1 else many}" for n, one, many in counted if n)
    if list_kind is ListKind.COUNTERMEASURE_LIST:
        law = "Anti-Foreign Sanctions Law countermeasures"
        return f"{issuer} decision of {listed.isoformat()}: {law} against {parties}"
    return f"{issuer} notice of {listed.isoformat()}: {parties} {LIST_TITLES[list_kind]}"
