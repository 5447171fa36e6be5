"""The announcement texts read into the right parties, effects, dates and changes; bad texts fail precisely."""

from __future__ import annotations

from datetime import date

import pytest

from dualuse.lists.mofcom_text import (
    NotAListing,
    ParseError,
    parse_announcement,
    parse_designation_changes,
    parse_watch_list,
    period_end,
)
from dualuse.regime.model import Name
from dualuse.vocabulary import Effect, ExporterScope, ListKind, Reliability

CONTROL_LIST = "sanction-lists__import-export-control-list__{}.txt"
UEL = "sanction-lists__unreliable-entity-list__{}.txt"
MFA = "sanction-lists__anti-sanction-list__{}.txt"
UEL_UPDATE = "sanction-lists__unreliable-entity-list-updates__{}.txt"
WATCH_LIST_TEXT = "items/2026-12-japan-watch-list.zh.txt"
WATCH_LIST_CSV = "2026-02-24_announcement_2026_no12_watch_list_japan.csv"

# The last number in each annex (2025 No. 1 prints an empty "29." after its 28 names).
CONTROL_LIST_COUNTS = {"202501": 28, "202513": 15, "202521": 16, "202522": 12, "202535": 8, "202551": 3, "202611": 20}


@pytest.fixture(scope="module")
def watch_list(read):
    return parse_watch_list(read(WATCH_LIST_TEXT), read(WATCH_LIST_CSV), f"mofcom/{WATCH_LIST_TEXT}", WATCH_LIST_CSV)


def names(entry) -> tuple[tuple[str, str], ...]:
    return tuple((name.value, name.lang) for name in entry.names)


@pytest.mark.parametrize("number,count", CONTROL_LIST_COUNTS.items())
def test_every_control_list_announcement_reads_its_annex(parse, number, count):
    designation = parse(CONTROL_LIST.format(number))
    instrument = f"MOFCOM-{number[:4]}-{number[4:]}"
    assert designation.instrument == designation.announcement.id == instrument
    assert designation.list is ListKind.CONTROL_LIST and designation.effect is Effect.PROHIBITED
    assert [e.id for e in designation.entries] == [f"{instrument}-{seq:02d}" for seq in range(1, count + 1)]
    assert all(e.kind == "entity" and len(e.names) == 2 for e in designation.entries)


def test_control_list_names_in_both_scripts(parse):
    designation = parse(CONTROL_LIST.format("202611"))
    entry = designation.entries[4]
    assert entry.id == "MOFCOM-2026-11-05" and entry.country == "JP"
    assert entry.names == (
        Name(value="三菱重工海事系统株式会社", lang="zh-Hans"),
        Name(value="Mitsubishi Heavy Industries Maritime Systems, Ltd.", lang="en"),
    )


def test_only_2026_no_11_reaches_re_transfer(parse):
    japan, us = parse(CONTROL_LIST.format("202611")), parse(CONTROL_LIST.format("202513"))
    assert japan.reaches == (ExporterScope.FROM_CHINA, ExporterScope.RE_TRANSFER)
    assert us.reaches == (ExporterScope.FROM_CHINA,)
    assert {e.country for e in us.entries} == {"US"}


def test_dates_header_signature_and_stated_time(parse):
    no_header = parse(CONTROL_LIST.format("202521"))  # number and date only in the title and signature
    assert no_header.published == date(2025, 4, 4) and no_header.announcement.number == "商务部公告2025年第21号"
    later = parse(CONTROL_LIST.format("202522"))  # 本公告自2025年4月10日12时01分起正式实施
    assert (later.published, later.validity.in_force_from) == (date(2025, 4, 9), date(2025, 4, 10))
    assert "12:01" in later.announcement.notes


def test_capture_artefacts_are_cleaned_and_noted(parse):
    assert "'29.'" in parse(CONTROL_LIST.format("202501")).announcement.notes
    high_point = parse(CONTROL_LIST.format("202521")).entries[0]  # a zero-width non-joiner in the page
    assert names(high_point)[1] == ("High Point Aerotechnologies", "en")
    teledyne = parse(CONTROL_LIST.format("202522")).entries[5]  # two spaces in the page
    assert names(teledyne)[1] == ("Teledyne Brown Engineering, Inc.", "en")
    taiwan = parse(CONTROL_LIST.format("202535"))
    assert {e.country for e in taiwan.entries} == {"TW"}


def test_watch_list_names_conditions_and_effect(watch_list):
    assert watch_list.instrument == "MOFCOM-2026-12" and watch_list.list is ListKind.WATCH_LIST
    assert watch_list.effect is Effect.LICENCE_REQUIRED and len(watch_list.entries) == 20
    assert names(watch_list.entries[0]) == (("斯巴鲁株式会社", "zh-Hans"), ("SUBARU Corporation", "en"))
    assert watch_list.source_url.startswith("https://www.mofcom.gov.cn/")
    labels = [condition.split(":")[0] for condition in watch_list.conditions]
    for label in (
        "No general licence",
        "No export certificate by registration or filing",
        "Risk-assessment report with the single-licence application",
        "Written undertaking on end use",
        "Review time not bound by Regs Art. 17(1)",
    ):
        assert label in labels
    assert any("第十七条第一款" in c for c in watch_list.conditions)
    assert any("提升日本军事实力用途的书面承诺" in c for c in watch_list.conditions)


def test_watch_list_names_must_match_its_csv(read):
    csv = read(WATCH_LIST_CSV).replace("SUBARU Corporation", "Subaru Corp.")
    with pytest.raises(ParseError, match=r"\.csv, line 2: .*SUBARU"):
        parse_watch_list(read(WATCH_LIST_TEXT), csv, f"mofcom/{WATCH_LIST_TEXT}", WATCH_LIST_CSV)


def test_uel_inline_lists_annexes_and_branches(parse):
    boeing = parse(UEL.format("202402")).entries  # one name written with 、
    assert names(boeing[0]) == (("美国波音防务、空间与安全集团", "zh-Hans"), ("Boeing Defense, Space & Security", "en"))
    pvh, illumina = parse(UEL.format("202504")).entries
    assert names(pvh) == (("美国PVH集团", "zh-Hans"),) and illumina.names[1].value == "Illumina, Inc."
    shield_ai = parse(UEL.format("202508")).entries  # split at 和 after a bracket: …（Group W）和哈德森技术公司…
    assert [e.names[1].value for e in shield_ai[-2:]] == ["Group W", "Hudson Technologies Co."]
    foreign = parse(UEL.format("202510"))
    assert names(foreign.entries[8]) == (("Teledyne FLIR公司", "zh-Hans"), ("Teledyne FLIR, LLC", "en"))
    assert foreign.entries[10].names[1].value == "Cubic Global Defense"  # half-width brackets
    techinsights = foreign.entries[13]
    assert techinsights.names[0].value == "TechInsights公司"
    assert len(techinsights.names) == 11  # the English name and 10 branches, one of them the English name again
    assert "及其分支机构" in techinsights.notes


def test_uel_effect_follows_the_measures(parse):
    assert parse(UEL.format("202501")).effect is Effect.PROHIBITED
    assert parse(UEL.format("202504")).effect is Effect.REVIEW  # listed, measures to follow
    illumina = parse(UEL.format("202506"))  # it may not export sequencers to China
    assert illumina.effect is Effect.REVIEW and illumina.measures_zh == ("禁止其向中国出口基因测序仪。",)


def test_uel_section_two_warning_is_not_a_listing(parse):
    designation = parse(UEL.format("202401"))
    assert [e.names[1].value for e in designation.entries] == [
        "General Atomics Aeronautical Systems",
        "General Dynamics Land Systems",
    ]
    assert not any("凯普拉格斯" in m for m in designation.measures_zh)
    assert "lists nobody" in designation.announcement.notes


def test_an_investigation_notice_is_not_a_listing(read):
    with pytest.raises(NotAListing, match="202403.txt, line 12"):
        parse_announcement(read(UEL.format("202403")), f"mofcom/{UEL.format('202403')}")


def test_countermeasure_persons(parse):
    decision = parse(MFA.format("20251226"))
    assert decision.instrument == "MFA-2025-12-26" and decision.announcement.number == "外交部令第19号"
    luckey = decision.entries[20]
    assert luckey.id == "MFA-2025-12-26-21" and luckey.kind == "person" and luckey.country == "US"
    assert names(luckey) == (("帕尔默·卢基", "zh-Hans"), ("Palmer Luckey", "en"))
    assert "安杜里尔公司创始人" in luckey.notes
    stern = parse(MFA.format("20230407")).entries[2]  # printed after her role
    assert names(stern)[0] == ("萨拉·斯特恩", "zh-Hans") and "董事会主席" in stern.notes
    shi_ping = parse(MFA.format("20250908")).entries  # no annex: named in the decision
    assert [(e.names[0].value, e.kind, e.country) for e in shi_ping] == [("石平", "person", "JP")]


def test_countermeasure_group_lines_are_split_into_persons(parse):
    canada = parse(MFA.format("20241221"))
    assert [e.kind for e in canada.entries] == ["entity"] * 2 + ["person"] * 20
    assert {e.country for e in canada.entries} == {"CA"}
    assert names(canada.entries[-1]) == (("永东丹增", "zh-Hans"), ("Youngdoung Tenzin", "en"))


def test_countermeasure_effect_by_group(parse):
    assert parse(MFA.format("20240522")).effect is Effect.REVIEW  # asset freeze, visa ban
    assert parse(MFA.format("20251226")).effect is Effect.PROHIBITED
    lockheed = parse(MFA.format("20240621"))  # entities: freeze only; managers: transaction ban
    assert lockheed.effect is Effect.PROHIBITED
    assert all("alone give REVIEW" in e.notes for e in lockheed.entries if e.kind == "entity")
    assert not any("alone give" in e.notes for e in lockheed.entries if e.kind == "person")


def test_traditional_names_are_tagged_zh_hant(read):
    text = read(CONTROL_LIST.format("202611")).replace("三菱造船株式会社（", "三菱造船株式會社（")
    entry = parse_announcement(text, "traditional.txt").entries[0]
    assert entry.names[0] == Name(value="三菱造船株式會社", lang="zh-Hant")


def test_unbalanced_bracket_names_file_and_line(read):
    aero_engines = "（Mitsubishi Heavy Industries Aero Engines, Ltd.）"
    text = read(CONTROL_LIST.format("202611")).replace(aero_engines, aero_engines[:-1])
    with pytest.raises(ValueError, match=r"^broken\.txt, line 24: unbalanced bracket"):
        parse_announcement(text, "broken.txt")


def test_missing_issue_date_names_file_and_line(read):
    text = read(CONTROL_LIST.format("202611")).replace("【发文日期】2026年02月24日\n", "")
    with pytest.raises(ValueError, match=r"^broken\.txt, line 4: header block without 【发文日期】"):
        parse_announcement(text, "broken.txt")


def test_a_lost_annex_line_is_caught(read):
    text = read(CONTROL_LIST.format("202513")).replace("7. 红色六方案公司（Red Six Solutions）\n", "")
    with pytest.raises(ParseError, match=r"line 30: item numbered 8, expected 7"):
        parse_announcement(text, "broken.txt")


def test_a_stated_count_that_differs_is_caught(read):
    text = read(UEL.format("202509")).replace("等3家实体", "等4家实体")
    with pytest.raises(ParseError, match=r"line 12: text states 4家, 3 entities read"):
        parse_announcement(text, "broken.txt")


def test_uel_update_of_2025_11_05(read):
    changes = parse_designation_changes(read(UEL_UPDATE.format("20251105")), "mofcom/update.txt")
    suspension, *stops = changes
    assert suspension.instrument == "UEL-2025-07"
    window = suspension.suspension
    assert (window.start, window.until) == (date(2025, 11, 10), date(2026, 11, 9))
    assert window.instrument == "MOFCOM-QA-2025-11-05"
    assert window.reliability is Reliability.PRIMARY and "〔2025〕7号" in window.quote
    assert [(c.instrument, c.removed_from, c.suspension) for c in stops] == [
        ("UEL-2025-05", date(2025, 11, 10), None),
        ("UEL-2025-06", date(2025, 11, 10), None),
    ]


def test_uel_updates_chain_without_gaps(read):
    first = parse_designation_changes(read(UEL_UPDATE.format("20250514")), "mofcom/a.txt")
    second = parse_designation_changes(read(UEL_UPDATE.format("20250812")), "mofcom/b.txt")
    assert [(c.instrument, c.suspension.start, c.suspension.until) for c in first] == [
        ("UEL-2025-07", date(2025, 5, 14), date(2025, 8, 11)),
        ("UEL-2025-08", date(2025, 5, 14), None),  # no period stated
    ]
    assert second[0].suspension.start == date(2025, 8, 12) and second[0].suspension.until == date(2025, 11, 9)
    assert (second[1].instrument, second[1].removed_from) == ("UEL-2025-08", date(2025, 8, 12))


@pytest.mark.parametrize(
    "start,period,last_day",
    [
        (date(2025, 5, 14), "90天", date(2025, 8, 11)),
        (date(2025, 11, 10), "1年", date(2026, 11, 9)),
        (date(2024, 2, 29), "1年", date(2025, 2, 28)),  # no 2025-02-29: the month's last day
        (date(2025, 1, 31), "1个月", date(2025, 2, 28)),
        (date(2025, 3, 31), "1个月", date(2025, 4, 30)),
    ],
)
def test_period_end_is_the_last_day_inclusive(start, period, last_day):
    assert period_end(start, period) == last_day
