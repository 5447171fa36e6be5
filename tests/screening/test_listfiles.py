"""List files: the CSV contract and FollowTheMoney lines in; bad lines out with file, line, field."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualuse.errors import InputError
from dualuse.screening.sources import ListFileError, load_list


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_contract_with_aliases(tmp_path):
    path = write(
        tmp_path,
        "l.csv",
        'id,name,aliases,country,list\n'
        'cn0305,Japan Marine United Corporation,JMU | 日本海洋联合株式会社,JP,control_list\n'
        'cn0320,TDK Corporation,,JP,watch_list\n',
    )
    first, second = load_list(path)
    assert first.entity_id == "cn0305"
    assert [n.value for n in first.names] == ["Japan Marine United Corporation", "JMU", "日本海洋联合株式会社"]
    assert (first.country, first.list) == ("JP", "control_list")
    assert [n.value for n in second.names] == ["TDK Corporation"]


def test_csv_with_only_the_required_columns_and_a_bom(tmp_path):
    (entity,) = load_list(write(tmp_path, "l.csv", "\ufeffid,name\ne1,Sona\n"))
    assert entity.country is None and entity.names[0].value == "Sona"


# file text, line, field, words of the message
BAD_CSV = [
    ("name,country\nTDK,JP\n", 1, "id", "missing column"),
    ("id,name\ne1,TDK\ne2,\n", 3, "name", "empty name"),
    ("id,name\ne1,TDK\n,Sony\n", 3, "id", "empty id"),
    ("id,name\ne1,TDK\ne1,Sony\n", 3, "id", "duplicate"),
    ("id,name\ne1,TDK,JP,extra\n", 2, None, "more fields"),
    ("", 1, None, "empty file"),
]


@pytest.mark.parametrize(("text", "line", "field", "words"), BAD_CSV)
def test_bad_csv_lines_name_line_and_field(tmp_path, text, line, field, words):
    with pytest.raises(ListFileError) as caught:
        load_list(write(tmp_path, "bad.csv", text))
    error = caught.value
    assert (error.line, error.field) == (line, field)
    assert words in str(error) and "bad.csv" in str(error)
    assert isinstance(error, ValueError) and isinstance(error, InputError)


def test_wrong_encoding_is_a_clear_error(tmp_path):
    path = write(tmp_path, "l.csv", "id,name\ne1,三菱重工業\n", encoding="shift_jis")
    with pytest.raises(ListFileError, match="not UTF-8"):
        load_list(path)


def test_unknown_extension_and_missing_file(tmp_path):
    with pytest.raises(ListFileError, match="unknown list format"):
        load_list(write(tmp_path, "l.xml", "<x/>"))
    with pytest.raises(ListFileError, match="not found"):
        load_list(tmp_path / "nope.csv")


def ftm(**record):
    return json.dumps(record, ensure_ascii=False)


def test_followthemoney_lines(tmp_path):
    lines = [
        ftm(id="NK-1", schema="Company", properties={"name": ["IHI Corporation"], "alias": ["株式会社IHI"], "country": ["jp"]}, datasets=["x"]),
        ftm(id="addr-1", schema="Address", properties={"full": ["Tokyo"]}),
        "",
        ftm(id="NK-2", schema="Person", properties={"name": ["Jesus Malave"]}),
    ]
    first, second = load_list(write(tmp_path, "l.jsonl", "\n".join(lines)))
    assert first.entity_id == "NK-1" and first.country == "JP" and first.list == "x"
    assert [n.value for n in first.names] == ["IHI Corporation", "株式会社IHI"]
    assert second.entity_id == "NK-2" and second.country is None


BAD_FTM = [
    ("{not json", 1, None, "not JSON"),
    ("[1, 2]", 1, None, "JSON object"),
    (ftm(schema="Company", properties={"name": ["X"]}), 1, "id", "missing"),
    (ftm(id="a", schema="Company", properties={"name": "X"}), 1, "properties.name", "list of strings"),
    (ftm(id="a", schema="Company", properties={"alias": []}), 1, "properties.name", "no name"),
    (ftm(id="a", schema="Company"), 1, "properties", "missing"),
]


@pytest.mark.parametrize(("text", "line", "field", "words"), BAD_FTM)
def test_bad_followthemoney_lines(tmp_path, text, line, field, words):
    with pytest.raises(ListFileError) as caught:
        load_list(write(tmp_path, "bad.jsonl", text))
    assert (caught.value.line, caught.value.field) == (line, field)
    assert words in str(caught.value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400), st.sampled_from(["l.csv", "l.jsonl"]))
def test_any_text_is_a_list_or_a_list_file_error(tmp_path, text, name):
    path = write(tmp_path, name, text)
    try:
        entities = load_list(path)
    except ListFileError as error:
        assert error.path == str(path)
    else:
        assert all(e.entity_id and e.names for e in entities)
