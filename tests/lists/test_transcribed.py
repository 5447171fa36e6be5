"""Listings transcribed as CSV: read into designations that cite their notices, or refused with
the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.lists.build import DEFAULT_SHARED, read_designations
from dualuse.lists.transcribed import TranscribedError, parse_transcribed
from dualuse.vocabulary import Effect, ExporterScope, ListKind, Reliability

HEADER = "seq,name_zh,name_en,aliases,kind,country,address_zh,list,issuer,date,end_date,source_url\n"
URL = "https://www.mofcom.gov.cn/zwgk/zcfb/art/2026/art_example.html"


def row(seq="1", zh="示例公司", en="Example Co.", kind="company", country="US", list_="管控名单 (Control List)",
        issuer="商务部 (MOFCOM)", day="2026-09-01", end="", url=URL, aliases="") -> str:
    return f'{seq},{zh},"{en}",{aliases},{kind},{country},,{list_},{issuer},{day},{end},{url}\n'


def test_a_control_list_csv_is_a_prohibiting_listing_citing_its_notice():
    designation = parse_transcribed(HEADER + row() + row(seq="2", en="Second Co.", aliases="SC;第二"), "t.csv")
    assert designation.instrument == "MOFCOM-2026-09-01-CL"
    assert designation.list is ListKind.CONTROL_LIST and designation.effect is Effect.PROHIBITED
    assert designation.source_url == URL and designation.announcement.url == URL
    assert designation.announcement.reliability is Reliability.SECONDARY
    assert [e.id for e in designation.entries] == ["MOFCOM-2026-09-01-CL-01", "MOFCOM-2026-09-01-CL-02"]
    assert [n.value for n in designation.entries[1].names] == ["示例公司", "Second Co.", "SC", "第二"]
    assert str(designation.validity.in_force_from) == "2026-09-01" and designation.validity.in_force_until is None


@pytest.mark.parametrize(
    ("rows", "line", "field"),
    [
        (row(seq="2"), 2, "seq"),
        (row(day="2026-13-01"), 2, "date"),
        (row(list_="黑名单"), 2, "list"),
        (row(country="USA"), 2, "country"),
        (row(zh="", en=""), 2, "name_zh"),
        (row(url="www.example.com"), 2, "source_url"),
        (row(kind="ship"), 2, "kind"),
        (row() + row(seq="2", day="2026-09-02"), 3, "date"),
        (row() + row(seq="2", end="2026-10-01"), 3, "end_date"),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_field(rows: str, line: int, field: str):
    with pytest.raises(TranscribedError) as refused:
        parse_transcribed(HEADER + rows, "bad.csv")
    assert (refused.value.line, refused.value.field) == (line, field)
    assert str(refused.value).startswith(f"bad.csv, line {line}: {field}: ")


def test_a_missing_column_is_refused():
    with pytest.raises(TranscribedError) as refused:
        parse_transcribed(HEADER.replace(",source_url", "") + "1,a,b,,company,US,,管控名单,商务部,2026-09-01,\n", "bad.csv")
    assert (refused.value.line, refused.value.field) == (1, "source_url")


def test_an_end_date_ends_the_listing_the_day_before():
    designation = parse_transcribed(HEADER + row(list_="反制清单", end="2026-10-01"), "t.csv")
    assert designation.effect is Effect.REVIEW  # the measures are not bundled: a person reads the notice
    assert str(designation.validity.in_force_until) == "2026-09-30"


@pytest.fixture(scope="module")
def bundled() -> dict:
    if not (DEFAULT_SHARED / "transcribed").is_dir():
        pytest.skip(f"no transcribed listings at {DEFAULT_SHARED}")
    return {d.instrument: d for d in read_designations(DEFAULT_SHARED)}


def test_the_june_japanese_lists_carry_the_measures_of_nos_11_and_12(bundled: dict):
    control, watch = bundled["MOFCOM-2026-06-29-CL"], bundled["MOFCOM-2026-06-29-WL"]
    assert control.measures_zh == bundled["MOFCOM-2026-11"].measures_zh and control.effect is Effect.PROHIBITED
    assert ExporterScope.RE_TRANSFER in control.reaches
    assert watch.conditions == bundled["MOFCOM-2026-12"].conditions and watch.effect is Effect.LICENCE_REQUIRED
    assert "wording is not confirmed" in control.announcement.notes and len(control.entries) == len(watch.entries) == 20


def test_every_transcribed_listing_cites_its_notice_not_the_transcriber(bundled: dict):
    transcribed = [d for d in bundled.values() if d.source_file.startswith("mofcom/transcribed/")]
    assert len(transcribed) == 12 and sum(len(d.entries) for d in transcribed) == 96
    for designation in transcribed:
        assert designation.source_url.startswith(("https://www.mofcom.gov.cn/", "https://aqygzj.mofcom.gov.cn/", "https://www.mfa.gov.cn/", "http://fi.china-embassy.gov.cn/"))
        assert "opensanctions" not in designation.model_dump_json().lower()


def test_the_in_repo_copy_is_what_the_build_reads():
    repo = Path(__file__).resolve().parents[2]
    assert DEFAULT_SHARED == repo / "data" / "official" / "mofcom"
