"""Exposure of an import portfolio to China's export controls: which lines the measures reach, and how much.

Each line (supplier, origin country, customs code, description, value, currency, date) is
classified (`dualuse.classification.classify`) and decided by the engine as a transaction from
the supplier in the origin country to the importer's country, with the supplier (and the buyer,
if the file names one) as parties so the engine screens them. A line is tagged with the control
entries it falls under (or may fall under), the measures and rules that reach it, and the
screening band of its supplier and buyer. Totals and shares are given by HS chapter, item
family, measure and supplier, in yen through the declared rate table (currency.py).

See docs/IMPACT.md §1 for the columns and what each tag means.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import pycountry

from dualuse import csvcells, limits
from dualuse.engine.engine import Engine
from dualuse.errors import InputError
from dualuse.impact.currency import RateTable, load_rates
from dualuse.transaction import parse_transaction
from dualuse.vocabulary import Band, Effect, PartyRole

REQUIRED_COLUMNS = ("supplier", "origin_country", "hs_code", "description", "value", "currency", "date")
OPTIONAL_COLUMNS = ("buyer",)
NOT_LISTED = "not listed"
# Effects that do not put a line at risk: they are shown in the decision but not counted as a measure reaching it.
_NO_RISK = {Effect.INFORMATION, Effect.NOT_CONTROLLED, Effect.OUT_OF_SCOPE}
_BAND_ORDER = {Band.CLEAR: 0, Band.REVIEW: 1, Band.HIT: 2}
# Where a transaction field came from in the portfolio, for errors.
_FIELD_COLUMN = {"exporter.name": "supplier", "exporter.country": "origin_country", "items[0].hs_code": "hs_code",
                 "items[0].description": "description", "items[0].origin": "origin_country", "date": "date",
                 "items[0].value": "value", "items[0].currency": "currency", "destination": "importer_country"}


@dataclass(frozen=True)
class PortfolioLine:
    line: int  # where a person finds the row: the CSV line / sheet row (header = 1)
    supplier: str
    origin_country: str
    hs_code: str
    description: str
    value: float
    currency: str
    date: dt.date
    buyer: str = ""


@dataclass
class TaggedLine:
    source: PortfolioLine
    value_jpy: float
    outcome: str
    item_status: str
    entries: tuple[str, ...]
    families: tuple[str, ...]
    instruments: tuple[str, ...]
    measures: tuple[str, ...]
    supplier_band: str
    supplier_match: str
    buyer_band: str
    buyer_match: str
    as_of: dt.date

    @property
    def hs_chapter(self) -> str:
        return self.source.hs_code[:2]

    @property
    def family(self) -> str:
        """The item family for grouping: a candidate-only line is marked so it is not read as listed."""
        if not self.families:
            return NOT_LISTED
        return self.families[0] if self.item_status == "listed" else f"{self.families[0]} (candidate)"

    def to_row(self) -> dict[str, Any]:
        s = self.source
        return {
            "line": s.line, "supplier": s.supplier, "origin_country": s.origin_country, "hs_code": s.hs_code,
            "hs_chapter": self.hs_chapter, "description": s.description, "value": s.value, "currency": s.currency,
            "value_jpy": round(self.value_jpy), "date": s.date.isoformat(), "as_of": self.as_of.isoformat(),
            "outcome": self.outcome, "item_status": self.item_status, "entries": ";".join(self.entries),
            "families": ";".join(self.families), "instruments": ";".join(self.instruments),
            "measures": ";".join(self.measures), "supplier_band": self.supplier_band,
            "supplier_match": self.supplier_match, "buyer": s.buyer, "buyer_band": self.buyer_band,
            "buyer_match": self.buyer_match,
        }


@dataclass
class Group:
    key: str
    lines: int = 0
    value_jpy: float = 0.0
    share: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "lines": self.lines, "value_jpy": round(self.value_jpy), "share": round(self.share, 6)}


@dataclass
class ExposureReport:
    lines: list[TaggedLine]
    total_jpy: float
    importer_country: str
    as_of: dt.date | None
    rates: RateTable
    data_version: str
    groups: dict[str, list[Group]] = field(default_factory=dict)

    measure_titles: dict[str, str] = field(default_factory=dict)

    @property
    def exposed_jpy(self) -> float:
        """Value of lines that a measure or rule with a licence, review or prohibition effect reaches."""
        return sum(t.value_jpy for t in self.lines if t.measures)

    def to_dict(self) -> dict[str, Any]:
        return {
            "importer_country": self.importer_country,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "data_version": self.data_version,
            "currency": self.rates.base,
            "total_jpy": round(self.total_jpy),
            "exposed_jpy": round(self.exposed_jpy),
            "exposed_share": round(self.exposed_jpy / self.total_jpy, 6) if self.total_jpy else 0.0,
            "lines": [t.to_row() for t in self.lines],
            "groups": {name: [g.to_dict() for g in groups] for name, groups in self.groups.items()},
            "measure_titles": self.measure_titles,
            "rates": self.rates.to_dict(),
            "notes": [
                "by_measure counts a line once under every measure that reaches it, so its shares can sum to more than 1",
                "exposed = lines that a measure or rule with a licence, review or prohibition effect reaches",
                "a family marked (candidate) is one the line may fall under; the engine did not find it listed",
            ],
        }


# ---------------------------------------------------------------- reading

def read_portfolio(path: Path) -> list[PortfolioLine]:
    """Read a CSV, XLSX or Parquet portfolio; errors name the file, the line and the column."""
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", file=str(path))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header, rows = _read_csv(path)
    elif suffix in (".xlsx", ".xlsm"):
        header, rows = _read_xlsx(path)
    elif suffix in (".parquet", ".pq"):
        header, rows = _read_parquet(path)
    else:
        raise InputError(f"unknown file type {suffix!r}: use .csv, .xlsx or .parquet", file=str(path))
    return parse_rows(header, rows, source=str(path))


def parse_rows(header: Sequence[str], rows: Iterable[tuple[int, Sequence[Any]]], *, source: str) -> list[PortfolioLine]:
    names = [str(h or "").strip().lower() for h in header]
    for column in REQUIRED_COLUMNS:
        if column not in names:
            raise InputError(f"required column is missing (need {', '.join(REQUIRED_COLUMNS)})", file=source, line=1,
                             field=column)
    index = {name: names.index(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name in names}
    out = []
    for line, row in rows:
        cells = {name: (row[i] if i < len(row) else None) for name, i in index.items()}
        if all(v in (None, "") for v in cells.values()):
            continue
        out.append(_line(line, cells, source))
    if not out:
        raise InputError("no portfolio lines", file=source)
    return out


def rows_from_dicts(rows: Sequence[dict[str, Any]], *, source: str = "<rows>") -> list[PortfolioLine]:
    """Portfolio lines from dicts (the API); line numbers count as if row 1 were a header."""
    header = list(dict.fromkeys(k for r in rows for k in r))
    return parse_rows(header, [(i + 2, [r.get(k) for k in header]) for i, r in enumerate(rows)], source=source)


def _line(line: int, cells: dict[str, Any], source: str) -> PortfolioLine:
    def text(name: str) -> str:
        value = cells.get(name)
        return "" if value is None else str(value).strip()

    for name in REQUIRED_COLUMNS:
        if text(name) == "":
            raise InputError("empty cell", file=source, line=line, field=name)
    raw_value = cells["value"]
    try:
        value = float(str(raw_value).replace(",", "")) if not isinstance(raw_value, (int, float)) else float(raw_value)
    except ValueError:
        raise InputError(f"not a number: {raw_value!r}", file=source, line=line, field="value") from None
    if not math.isfinite(value) or value < 0:
        raise InputError(f"a value must be a non-negative number, not {raw_value!r}", file=source, line=line,
                         field="value")
    raw_date = cells["date"]
    if isinstance(raw_date, dt.datetime):
        date = raw_date.date()
    elif isinstance(raw_date, dt.date):
        date = raw_date
    else:
        try:
            date = dt.date.fromisoformat(text("date")[:10])
        except ValueError:
            raise InputError(f"not a date (YYYY-MM-DD): {raw_date!r}", file=source, line=line, field="date") from None
    origin = text("origin_country").upper()
    if pycountry.countries.get(alpha_2=origin) is None:
        raise InputError(f"unknown country {origin!r}: expected an ISO 3166-1 alpha-2 code such as CN",
                         file=source, line=line, field="origin_country")
    hs = text("hs_code")
    if isinstance(cells["hs_code"], float) and cells["hs_code"].is_integer():  # spreadsheets store codes as numbers
        hs = str(int(cells["hs_code"]))
    return PortfolioLine(line, text("supplier"), origin, hs.replace(".", "").replace(" ", ""), text("description"),
                         value, text("currency").upper(), date, text("buyer"))


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            rows = []
            while True:
                start = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    break
                rows.append((start, row))
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", file=str(path)) from None
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", file=str(path)) from None
    return header, rows


def _read_xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    import openpyxl

    limits.check_xlsx(path)  # a zip bomb is refused before openpyxl inflates it
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise InputError(f"not a readable XLSX file: {exc}", file=str(path)) from None
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    book.close()
    if not rows:
        raise InputError("empty sheet", file=str(path))
    return [str(c or "") for c in rows[0]], [(i + 2, list(r)) for i, r in enumerate(rows[1:])]


def _read_parquet(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
        raise InputError(f"not a readable Parquet file: {exc}", file=str(path)) from None
    columns = table.column_names
    data = table.to_pydict()
    return columns, [(i + 2, [data[c][i] for c in columns]) for i in range(table.num_rows)]


# ---------------------------------------------------------------- tagging

def analyse(lines: Sequence[PortfolioLine], *, as_of: dt.date | None = None, importer_country: str = "JP",
            engine: Engine | None = None, rates: RateTable | None = None, source: str = "<rows>") -> ExposureReport:
    """Tag every line and total the portfolio. `as_of` None: each line is decided as of its own date."""
    importer_country = importer_country.strip().upper()
    if pycountry.countries.get(alpha_2=importer_country) is None:
        raise InputError(f"unknown country {importer_country!r}", field="importer_country")
    engine = engine or _default_engine()
    rates = rates or load_rates()
    tagged = [tag_line(line, engine, rates, importer_country, as_of, source) for line in lines]
    total = sum(t.value_jpy for t in tagged)
    report = ExposureReport(tagged, total, importer_country, as_of, rates, engine.regime.data_version)
    titles = {m.id: m.title_en for m in engine.regime.measures}
    titles.update({rule_id: rule.title_en for rule_id, rule in engine.regime.general_rules.items()})
    report.measure_titles = {m: titles.get(m, m) for t in tagged for m in t.measures}
    report.groups = {
        "by_hs_chapter": _groups(tagged, total, lambda t: [t.hs_chapter]),
        "by_family": _groups(tagged, total, lambda t: [t.family]),
        "by_measure": _groups(tagged, total, lambda t: list(t.measures) or ["none"]),
        "by_supplier": _groups(tagged, total, lambda t: [t.source.supplier]),
    }
    return report


def tag_line(line: PortfolioLine, engine: Engine, rates: RateTable, importer_country: str,
             as_of: dt.date | None, source: str) -> TaggedLine:
    value_jpy = rates.convert(line.value, line.currency, file=source, line=line.line, field="currency")
    transaction = build_transaction(line, importer_country)
    try:
        tx = parse_transaction(transaction)
    except InputError as exc:
        column = _FIELD_COLUMN.get(exc.field or "", exc.field)
        raise InputError(exc.message, file=source, line=line.line, field=column) from None
    day = as_of or line.date
    decision = engine.decide(tx, day)
    finding = decision.items[0]
    codes = finding.control_codes or finding.candidates
    regime = engine.regime
    families, instruments = [], []
    for code in codes:
        for resolved in regime.entries_for_code(code)[:1]:
            families.append(resolved.entry.family)
            instruments.append(resolved.instrument)
    measures = [r.rule for r in decision.reasons if r.party is None and r.effect not in _NO_RISK]
    bands = _party_bands(decision, len(tx.parties))
    supplier_band, supplier_match = bands[0]
    buyer_band, buyer_match = bands[1] if line.buyer else ("", "")
    return TaggedLine(line, value_jpy, decision.outcome.value, finding.status, tuple(codes),
                      tuple(dict.fromkeys(families)), tuple(dict.fromkeys(instruments)),
                      tuple(dict.fromkeys(measures)), supplier_band, supplier_match, buyer_band, buyer_match, day)


def build_transaction(line: PortfolioLine, importer_country: str) -> dict[str, Any]:
    """The line as an export from the supplier in its origin country to the importer's country.

    The supplier is also listed as a party (role intermediary) because the engine screens parties,
    not the exporter; the buyer, if the file names one, is a party in the importer's country.
    """
    parties = [{"role": PartyRole.INTERMEDIARY.value, "name": line.supplier, "country": line.origin_country}]
    if line.buyer:
        parties.append({"role": PartyRole.BUYER.value, "name": line.buyer, "country": importer_country})
    return {
        "date": line.date.isoformat(),
        "destination": importer_country,
        "exporter": {"name": line.supplier, "country": line.origin_country},
        "parties": parties,
        "items": [{"description": line.description, "hs_code": line.hs_code, "origin": line.origin_country,
                   "value": line.value, "currency": line.currency}],
    }


def _party_bands(decision, count: int) -> list[tuple[str, str]]:
    best: dict[int, tuple[Band, str]] = {}
    for p in decision.parties:
        current = best.get(p.party)
        if current is None or _BAND_ORDER[p.band] > _BAND_ORDER[current[0]]:
            best[p.party] = (p.band, f"{p.matched_name} ({p.list}, {p.entity_id}, score {p.score:.2f})")
    return [(best[i][0].value, best[i][1]) if i in best else (Band.CLEAR.value, "") for i in range(max(count, 2))]


def _groups(lines: Sequence[TaggedLine], total: float, keys) -> list[Group]:
    groups: dict[str, Group] = {}
    for t in lines:
        for key in keys(t):
            group = groups.setdefault(key, Group(key))
            group.lines += 1
            group.value_jpy += t.value_jpy
    for group in groups.values():
        group.share = group.value_jpy / total if total else 0.0
    return sorted(groups.values(), key=lambda g: (-g.value_jpy, g.key))


_ENGINE: list[Engine] = []


def _default_engine() -> Engine:
    if not _ENGINE:
        from dualuse import runtime

        _ENGINE.append(runtime.engine())
    return _ENGINE[0]


# ---------------------------------------------------------------- writing

def write_report(report: ExposureReport, out_dir: Path, lang: str = "en") -> list[Path]:
    """lines.csv, one CSV per grouping, summary.json, charts (PNG) and exposure.html (their labels
    in `lang`: en, zh or ja); returns the paths."""
    import json

    from dualuse.impact.charts import write_charts

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    rows = [t.to_row() for t in report.lines]
    path = out_dir / "lines.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(csvcells.record(r) for r in rows)  # formula injection: docs/SECURITY.md
    written.append(path)
    for name, groups in report.groups.items():
        path = out_dir / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=["key", "lines", "value_jpy", "share"])
            writer.writeheader()
            writer.writerows(csvcells.record(g.to_dict()) for g in groups)
        written.append(path)
    path = out_dir / "summary.json"
    summary = report.to_dict()
    path.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(path)
    written.extend(write_charts(report, out_dir, lang))
    return written
