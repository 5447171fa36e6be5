"""List files in every format (CSV, XLSX, Parquet, MOFCOM text), dated versions and their diff."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.lists.build import DEFAULT_SHARED
from dualuse.screening.sources import (
    MAX_NAME_CHARS,
    ListFileError,
    diff_versions,
    load_list,
    load_list_version,
    load_version,
    table_rows,
)

MOFCOM_DIR = DEFAULT_SHARED  # the in-repo copy (data/official/mofcom), else ../shared

ROWS = [
    ["id", "name", "aliases", "country", "list"],
    ["cn0305", "Japan Marine United Corporation", "JMU | 日本海洋联合株式会社", "JP", "control_list"],
    ["cn0320", "TDK Corporation", None, "JP", "watch_list"],
]

MOFCOM_TEXT = """https://www.mofcom.gov.cn/example
商务部公告2026年第99号 关于将2家美国实体列入出口管制管控名单的公告
根据《中华人民共和国出口管制法》等法律法规有关规定，为维护国家安全和利益，商务部决定将2家美国实体列入出口管制管控名单，并采取以下措施：
一、禁止向上述2家实体出口两用物项；正在开展的相关出口活动应当立即停止。
本公告自公布之日起正式实施。
商务部
2026年3月1日
附件
2家美国实体名单
1. 示例航空公司（Example Aviation Corporation）
2. 样本防务系统公司（Sample Defense Systems, Inc.）
"""


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def parquet(path: Path, rows: list[list[object]]) -> Path:
    header, *body = rows
    pq.write_table(pa.table({c: [r[i] for r in body] for i, c in enumerate(header)}), path)
    return path


def test_xlsx_and_parquet_lists_read_like_the_csv(tmp_path):
    for path in (xlsx(tmp_path / "l.xlsx", ROWS), parquet(tmp_path / "l.parquet", ROWS)):
        first, second = load_list(path)
        assert [n.value for n in first.names] == ["Japan Marine United Corporation", "JMU", "日本海洋联合株式会社"]
        assert (second.entity_id, second.list, second.country) == ("cn0320", "watch_list", "JP")


@pytest.mark.parametrize("maker", [xlsx, parquet])
def test_xlsx_and_parquet_missing_column_and_empty_name(tmp_path, maker):
    suffix = ".xlsx" if maker is xlsx else ".parquet"
    with pytest.raises(ListFileError) as caught:
        load_list(maker(tmp_path / f"a{suffix}", [["id", "nom"], ["e1", "TDK"]]))
    assert (caught.value.line, caught.value.field) == (1, "name") and "missing column" in str(caught.value)
    with pytest.raises(ListFileError) as caught:
        load_list(maker(tmp_path / f"b{suffix}", [["id", "name"], ["e1", "TDK"], ["e2", ""]]))
    assert (caught.value.line, caught.value.field) == (3, "name")


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_a_text_file_with_a_binary_suffix_is_a_clear_error(tmp_path, suffix):
    path = tmp_path / f"l{suffix}"
    path.write_text("id,name\ne1,TDK\n", encoding="utf-8")
    with pytest.raises(ListFileError, match="not a"):
        load_list(path)


def test_long_names_and_control_characters_name_line_and_field(tmp_path):
    long = tmp_path / "long.csv"
    long.write_text("id,name\ne1,TDK\ne2," + "A" * 10_000 + "\n", encoding="utf-8")
    with pytest.raises(ListFileError) as caught:
        load_list(long)
    assert (caught.value.line, caught.value.field) == (3, "name") and str(MAX_NAME_CHARS) in str(caught.value)
    control = tmp_path / "control.csv"
    control.write_text("id,name,aliases\ne1,TDK,ok | bad\x07alias\n", encoding="utf-8")
    with pytest.raises(ListFileError) as caught:
        load_list(control)
    assert (caught.value.line, caught.value.field) == (2, "aliases") and "U+0007" in str(caught.value)


def test_wrong_encoding_names_the_line(tmp_path):
    path = tmp_path / "sjis.csv"
    path.write_bytes("id,name\ne1,TDK\ne2,三菱重工業\n".encode("shift_jis"))
    with pytest.raises(ListFileError) as caught:
        load_list(path)
    assert caught.value.line == 3 and "not UTF-8" in str(caught.value)


def test_mofcom_announcement_text_is_a_dated_list_version(tmp_path):
    path = tmp_path / "ann.txt"
    path.write_text(MOFCOM_TEXT, encoding="utf-8")
    version = load_list_version(path)
    assert version.format == "mofcom" and version.instrument == "MOFCOM-2026-99"
    assert version.date.isoformat() == "2026-03-01"
    assert version.id.startswith("ann.txt@") and version.id.endswith("@2026-03-01")
    first, second = version.entities
    assert first.entity_id == "MOFCOM-2026-99-01" and first.list == "control_list" and first.country == "US"
    assert [n.value for n in second.names] == ["样本防务系统公司", "Sample Defense Systems, Inc."]


def test_a_text_that_is_not_an_announcement_names_its_line(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\nnothing listed\n", encoding="utf-8")
    with pytest.raises(ListFileError) as caught:
        load_list(path)
    assert caught.value.line == 1 and "notes.txt" in str(caught.value)


@pytest.mark.skipif(not MOFCOM_DIR.is_dir(), reason="shared MOFCOM texts not present")
def test_a_published_announcement_reads_as_a_list():
    version = load_list_version(MOFCOM_DIR / "sanction-lists__import-export-control-list__202611.txt")
    assert version.instrument == "MOFCOM-2026-11" and len(version.entities) == 20
    assert all(any(n.lang == "en" for n in e.names) for e in version.entities)


def test_version_id_follows_the_content(tmp_path):
    path = tmp_path / "l.csv"
    path.write_text("id,name\ne1,TDK\n", encoding="utf-8")
    first = load_list_version(path)
    assert load_list_version(path).id == first.id
    path.write_text("id,name\ne1,TDK Corporation\n", encoding="utf-8")
    assert load_list_version(path).sha256 != first.sha256


def test_bundled_version_holds_the_screened_entities():
    bundled = load_version("bundled")
    assert bundled.format == "bundled" and len(bundled.entities) > 100
    assert bundled.id.startswith("bundled@")


def entity(entity_id, *names, country="JP", kind="control_list"):
    return ScreenedEntity(entity_id, tuple(ScreenedName(n) for n in names), country, kind)


def test_diff_by_entity_id():
    old = [entity("a", "TDK"), entity("b", "Sona"), entity("c", "IHI", country=None)]
    new = [entity("a", "TDK", "ＴＤＫ株式会社"), entity("c", "IHI", country=None), entity("d", "Kawasaki")]
    changes = {c.entity_id: c for c in diff_versions(old, new)}
    assert {k: c.status for k, c in changes.items()} == {"a": "changed", "b": "removed", "d": "added"}
    assert changes["a"].what_changed() == ["names"]
    assert diff_versions(new, new) == []


CELL = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(CELL, min_size=1, max_size=4), max_size=6), st.sampled_from([".xlsx", ".parquet"]))
def test_any_table_is_rows_or_a_list_file_error(tmp_path, cells, suffix):
    header = ["id", "name", "aliases", "country"]
    rows = [header] + [r + [""] * (4 - len(r)) for r in cells]
    path = tmp_path / f"t{suffix}"
    try:
        (xlsx if suffix == ".xlsx" else parquet)(path, rows)
    except Exception:  # openpyxl refuses some characters in cells: nothing to read then
        return
    try:
        entities = load_list(path)
    except ListFileError as error:
        assert error.path == str(path)
    else:
        assert all(e.entity_id and e.names for e in entities)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=600))
def test_any_text_is_an_announcement_or_a_list_file_error(tmp_path, text):
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    try:
        entities = load_list(path)
    except ListFileError as error:
        assert error.path == str(path) and "\n" not in str(error)
    else:
        assert all(e.entity_id and e.names for e in entities)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_announcement_annex_lines_with_any_names_parse_or_fail_cleanly(tmp_path, names):
    annex = "\n".join(f"{i}. {n}" for i, n in enumerate(names, 1))
    text = MOFCOM_TEXT.split("附件")[0].replace("2家", f"{len(names)}家") + "附件\n" + annex + "\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    try:
        entities = load_list(path)
    except ListFileError as error:
        assert error.path == str(path)
    else:
        assert len(entities) == len(names)


def test_table_rows_refuses_unknown_suffix(tmp_path):
    with pytest.raises(ListFileError, match="unknown table format"):
        list(table_rows(tmp_path / "q.tsv", ("id", "name")))
