"""Readings of kanji names: the dictionary reading, and the further MeCab parses."""

from __future__ import annotations

import pykakasi
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.screening.normalise.readings import kakasi_reading, nbest_readings, onyomi_reading, pinyin_sound, written_in_simplified
from dualuse.screening.normalise.text import latin_tokens


@pytest.mark.parametrize(
    ("name", "reading"),
    [("島忠", ("shima", "chuu")), ("鹿島", ("kajima",)), ("中日本", ("naka", "nihon")), ("大豊", ("oo", "toyo"))],
)
def test_names_read_by_convention_are_among_the_further_parses(name, reading):
    """Company names are read by convention, not by the commonest reading (島忠 is Shimachu,
    鹿島 建設 is Kajima): the further parses offer those readings to the aligner."""
    assert reading in nbest_readings(name)


def test_further_parses_leave_out_the_first_and_kana():
    assert all(len(r) >= 1 for r in nbest_readings("三菱"))
    assert nbest_readings("オークネット") == () and nbest_readings("") == ()


@pytest.mark.parametrize("word", ["三菱重工業", "日本", "東京", "電機製作所", "新薬", "中部鋼鈑", "大和", "川崎", "富士通"])
def test_dictionary_reading_is_pykakasis(word):
    """The prefix lookup reads like pykakasi's own conversion (apostrophes aside)."""
    expected = tuple(
        token for item in pykakasi.kakasi().convert(word) for token in latin_tokens(item["hepburn"].replace("'", ""))
    )
    assert "".join(kakasi_reading(word)) == "".join(expected)


@pytest.mark.parametrize(("kana", "reading"), [("オークネット", ("ookunetto",)), ("じげん", ("jigen",)), ("ヴィッツ", ("vittsu",))])
def test_kana_is_spelled_by_table(kana, reading):
    assert kakasi_reading(kana) == reading


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x3000, max_codepoint=0x9FFF), max_size=12))
def test_readings_never_fail_and_are_ascii(text):
    for tokens in (kakasi_reading(text), *nbest_readings(text)):
        assert all(t.isascii() for t in tokens)


@pytest.mark.parametrize(
    ("word", "reading"), [("東金", ("toukin",)), ("三機", ("sanki",)), ("京三", ("kyousan",)), ("日創", ("nissou",)), ("日東", ("nittou",))]
)
def test_kanji_read_character_by_character(word, reading):
    """Company names often take each character's Sino-Japanese reading (東金 is Tokin, while
    the dictionaries read the place Tōgane)."""
    assert onyomi_reading(word) == reading


def test_no_character_reading_for_kana_single_kanji_or_native_only_characters():
    assert onyomi_reading("オーク") == () and onyomi_reading("東") == () and onyomi_reading("成友") == ()


@pytest.mark.parametrize(
    ("name", "spelling"),
    [("巴斯夫", "basf"), ("西门子", "simenz"), ("洛克希德", "loksid"), ("格鲁曼", "gluman"), ("埃科达因", "ekdain")],
)
def test_transcriptions_read_as_the_names_they_transcribe(name, spelling):
    """Lone-consonant syllables (斯 si, 夫 fu, 克 ke, 德 de) read as their consonant after a
    syllable or before l/r; pinyin spellings English writes otherwise (x → s, -uo → o)."""
    assert pinyin_sound(name) == spelling


def test_transcription_of_text_without_han_is_empty():
    assert pinyin_sound("ソニー") == "" and pinyin_sound("") == ""


@pytest.mark.parametrize(
    ("text", "simplified"),
    [
        ("日野汽车株式会社", True),  # 车: Japan writes 車
        ("防卫省", True),  # 卫: 衛
        ("日野自動車株式会社", False),
        ("株式会社", False),  # 会 is Japanese shinjitai as well as simplified
        ("机械", False),  # both in Japan's character set (机 is a desk there)
        ("中国", False),
        ("トヨタ", False),
        ("Red Cat", False),
    ],
)
def test_written_in_simplified_needs_a_character_only_simplified_chinese_writes(text, simplified):
    assert written_in_simplified(text) is simplified
