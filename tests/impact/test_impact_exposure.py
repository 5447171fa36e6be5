"""Exposure of the example portfolio: tagging, totals, charts, the API, and bad input."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from dualuse.errors import InputError
from dualuse.impact.api import exposure_report
from dualuse.impact.currency import load_rates
from dualuse.impact.exposure import analyse, read_portfolio, rows_from_dicts, write_report

PORTFOLIO = Path(__file__).parents[2] / "examples" / "impact" / "portfolio.csv"
AS_OF = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def report():
    return analyse(read_portfolio(PORTFOLIO), as_of=AS_OF)


def _line(report, number: int):
    return next(t for t in report.lines if t.source.line == number)


# line in portfolio.csv → what the line is tagged with
TAGS = [
    # line, entry, family, measure that reaches it
    (3, "1C904.a", "terbium", "JP-2026-1-END-USE-UNKNOWN"),  # NdFeB magnets with terbium: listed
    (10, "3C001", "gallium", "R-LIST"),  # GaAs wafers
    (11, "3C001", "gallium", "JP-2026-1-END-USE-UNKNOWN"),  # gallium metal 7N
    (13, "1C117.d", "tungsten", "R-LIST"),  # tungsten carbide powder
    (16, "1C108", "graphite", "R-LIST"),  # spherical graphite anode material
]


@pytest.mark.parametrize("number, entry, family, measure", TAGS)
def test_listed_lines_are_tagged_with_entry_and_measure(report, number, entry, family, measure):
    line = _line(report, number)
    assert line.item_status == "listed"
    assert entry in line.entries
    assert line.family == family
    assert measure in line.measures
    assert line.outcome != "NO_LICENCE_REQUIRED"


@pytest.mark.parametrize("number", [24, 25, 26])  # T-shirts, steel racking, desks
def test_unlisted_lines_are_not_tagged(report, number):
    line = _line(report, number)
    assert line.entries == () and line.measures == ()
    assert line.family == "not listed"
    assert line.outcome == "NO_LICENCE_REQUIRED"


def test_a_line_in_a_catalogue_subheading_is_not_cleared(report):
    line = _line(report, 21)  # plastic housings, 39269010
    assert line.entries == ()
    assert line.measures == ("R-CATALOGUE-CUSTOMS",)  # the 2026 licence catalogue names 3926909010
    assert line.outcome == "REVIEW"


def test_candidate_only_lines_are_marked_as_candidates(report):
    cells = _line(report, 19)  # lithium-ion cells: the customs code points to an entry, the engine lists nothing
    assert cells.entries and cells.item_status != "listed"
    assert cells.family.endswith("(candidate)")


def test_listed_supplier_is_flagged(report):
    line = _line(report, 15)  # Mitsubishi Materials Corporation: MOFCOM watch list (2026 No. 12)
    assert line.supplier_band == "hit"
    assert "watch_list" in line.supplier_match
    others = [t for t in report.lines if t.source.line != 15]
    assert all(t.supplier_band == "clear" for t in others)


def test_values_are_converted_to_yen_with_the_declared_rate(report):
    assert _line(report, 2).value_jpy == pytest.approx(1_850_000 * 151.4)
    assert _line(report, 4).value_jpy == 64_000_000


def test_totals_and_shares(report):
    assert report.total_jpy == pytest.approx(sum(t.value_jpy for t in report.lines))
    for name in ("by_hs_chapter", "by_family", "by_supplier"):
        groups = report.groups[name]
        assert sum(g.value_jpy for g in groups) == pytest.approx(report.total_jpy), name
        assert sum(g.share for g in groups) == pytest.approx(1.0), name
    chapters = {g.key: g for g in report.groups["by_hs_chapter"]}
    assert chapters["85"].value_jpy == pytest.approx(sum(t.value_jpy for t in report.lines if t.source.hs_code.startswith("85")))
    measures = {g.key: g for g in report.groups["by_measure"]}
    assert measures["R-LIST"].lines == sum("R-LIST" in t.measures for t in report.lines)
    assert 0 < report.exposed_jpy < report.total_jpy


def test_report_files_and_charts(report, tmp_path):
    paths = write_report(report, tmp_path)
    names = {p.name for p in paths}
    assert {"lines.csv", "by_family.csv", "by_measure.csv", "by_supplier.csv", "by_hs_chapter.csv", "summary.json",
            "by_family.png", "by_measure.png", "exposure.html"} <= names
    for path in paths:
        assert path.stat().st_size > 0, path
    for png in tmp_path.glob("*.png"):
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    page = (tmp_path / "exposure.html").read_text(encoding="utf-8")
    assert "<script src=" not in page and len(page) > 1_000_000  # plotly.js is inlined: no CDN, works offline
    assert "Plotly.newPlot" in page and "1C904.a" in page
    with (tmp_path / "lines.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 30 and rows[1]["entries"] == "1C904.a"
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["total_jpy"] == round(report.total_jpy)


def test_api_accepts_rows_and_returns_json(report):
    rows = [{"supplier": "Jiangnan Compound Semiconductor", "origin_country": "CN", "hs_code": "38180090",
             "description": "Gallium arsenide wafers, 6 inch", "value": 1000, "currency": "USD", "date": "2026-02-01"},
            {"supplier": "Qingdao Apparel", "origin_country": "CN", "hs_code": "61091000",
             "description": "Cotton T-shirts", "value": 100000, "currency": "JPY", "date": "2026-02-01"}]
    out = exposure_report(rows, "2026-03-01")
    json.dumps(out)
    assert out["lines"][0]["entries"] == "3C001" and out["lines"][1]["entries"] == ""
    assert out["total_jpy"] == round(1000 * 151.4 + 100000)
    assert out["exposed_jpy"] == round(1000 * 151.4)


def test_xlsx_and_parquet_read_like_csv(tmp_path):
    import openpyxl
    import pyarrow as pa
    import pyarrow.parquet as pq

    with PORTFOLIO.open(encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    book = openpyxl.Workbook()
    for row in table:
        book.active.append(row)
    book.save(tmp_path / "p.xlsx")
    pq.write_table(pa.table({h: [r[i] for r in table[1:]] for i, h in enumerate(table[0])}), tmp_path / "p.parquet")
    base = read_portfolio(PORTFOLIO)
    assert read_portfolio(tmp_path / "p.xlsx") == base
    assert read_portfolio(tmp_path / "p.parquet") == base


# ---------------------------------------------------------------- bad input

HEADER = "supplier,origin_country,hs_code,description,value,currency,date\n"


@pytest.mark.parametrize("body, line, field, words", [
    ("A,CN,38180090,GaAs wafer,100,CNY,2026-01-01\n", 2, "currency", "unknown currency 'CNY'"),
    ("A,CN,38180090,GaAs wafer,-5,USD,2026-01-01\n", 2, "value", "non-negative"),
    ("A,CN,38180090,GaAs wafer,100,USD,2026-01-01\nB,XX,38180090,GaAs wafer,100,USD,2026-01-01\n", 3, "origin_country", "unknown country"),
    ("A,CN,38180090,GaAs wafer,100,USD,1 Jan 2026\n", 2, "date", "not a date"),
    ("A,CN,381,GaAs wafer,100,USD,2026-01-01\n", 2, "hs_code", "4, 6, 8 or 10 digits"),
    ("A,CN,38180090,,100,USD,2026-01-01\n", 2, "description", "empty cell"),
])
def test_bad_lines_name_file_line_and_column(tmp_path, body, line, field, words):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(InputError) as info:
        analyse(read_portfolio(path), as_of=AS_OF, source=str(path))
    assert (info.value.file, info.value.line, info.value.field) == (str(path), line, field)
    assert words in info.value.message


def test_missing_column_is_named(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("supplier,origin_country,hs_code,description,value,date\nA,CN,38180090,x,1,2026-01-01\n", encoding="utf-8")
    with pytest.raises(InputError, match="required column is missing") as info:
        read_portfolio(path)
    assert info.value.field == "currency" and info.value.line == 1


def test_unknown_file_type_and_missing_file(tmp_path):
    (tmp_path / "p.json").write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match="unknown file type"):
        read_portfolio(tmp_path / "p.json")
    with pytest.raises(InputError, match="file not found"):
        read_portfolio(tmp_path / "absent.csv")


def test_rate_table_lists_date_and_source_for_every_rate():
    table = load_rates()
    assert table.base == "JPY"
    assert all(r.date and r.source for r in table.rates.values())
    # the bundled USD rate is MOF yen ÷ JETRO dollars for 2024 imports from China
    assert table.rates["USD"].per_unit == pytest.approx(25.3055e12 / 167.11943e9, abs=0.05)


def test_rows_from_dicts_reports_the_row_number():
    with pytest.raises(InputError) as info:
        rows_from_dicts([{"supplier": "A", "origin_country": "CN", "hs_code": "38180090", "description": "x",
                          "value": "abc", "currency": "USD", "date": "2026-01-01"}])
    assert info.value.line == 2 and info.value.field == "value"


@pytest.mark.parametrize("lang", ["zh", "ja"])
def test_report_charts_in_the_users_language(report, tmp_path, lang):
    from dualuse import i18n

    write_report(report, tmp_path, lang)
    page = (tmp_path / "exposure.html").read_text(encoding="utf-8")
    def in_page(text: str) -> bool:  # plotly writes its JSON with \u escapes
        return text in page or json.dumps(text)[1:-1] in page

    assert in_page(i18n.translate(lang, "impact.chart.by_supplier")) and "Value by supplier" not in page
    assert in_page(i18n.translate(lang, "impact.chart.axis"))
    english = tmp_path / "en"
    write_report(report, english)
    for png in tmp_path.glob("*.png"):  # other words drawn: not the English image
        assert png.read_bytes() != (english / png.name).read_bytes()
