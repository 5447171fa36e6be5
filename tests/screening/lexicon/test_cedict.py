"""CC-CEDICT's glosses: what scripts/build_cedict.py takes, that every shipped row says where
from, and how the glosses split and explain a Chinese name without deciding its slots."""

from __future__ import annotations

import csv
import gzip
import re
from importlib import resources
from pathlib import Path

import pytest

from dualuse.screening.normalise.readings import to_simplified

from dualuse.screening.lexicon import (
    CEDICT,
    CEDICT_FILE,
    CHARACTERS_FILE,
    COLUMNS,
    Lexicon,
    character_glosses,
    default_lexicon,
    read_rows,
)

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "build_cedict.py"

CEDICT_TEXT = """# CC-CEDICT
#! date=2023-11-07T06:42:16Z
西門子 西门子 [Xi1 men2 zi3] /Siemens (company name)/
波音 波音 [bo1 yin1] /mordent (music)/
波音 波音 [Bo1 yin1] /Boeing (aerospace company)/
北京 北京 [Bei3 jing1] /Beijing, capital of the People's Republic of China/Beijing/
重工 重工 [zhong4 gong1] /heavy industry/
開發 开发 [kai1 fa1] /to exploit (a resource)/to open up (for development)/development/
電 电 [dian4] /electric/electricity/
一石二鳥 一石二鸟 [yi1 shi2 er4 niao3] /lit. one stone, two birds (idiom); fig. to kill two birds with one stone/
巴黎 巴黎 [Ba1 li2] /Paris, capital of France/
南京 南京 [Nan2 jing1] /Nanjing subprovincial city on the Changjiang, capital of Jiangsu province 江蘇|江苏/capital of China at different historical periods/
西安 西安 [Xi1 an1] /Xi'an, sub-provincial city and capital of Shaanxi/
紅 红 [Hong2] /surname Hong/
紅 红 [hong2] /red/popular/revolutionary/bonus/
省 省 [sheng3] /to save; to economize; to be frugal/to omit; to delete; to leave out/province/provincial capital/a ministry (of the Japanese government)/
省 省 [xing3] /(bound form) to scrutinize/(bound form) to reflect (on one's conduct)/
理工大學 理工大学 [li3 gong1 da4 xue2] /University of Science and Engineering/also sometimes Institute of Technology/
暫且 暂且 [zan4 qie3] /for now/for the time being/temporarily/
九江 九江 [Jiu3 jiang1] /Jiujiang, prefecture-level city in Jiangxi/also Jiujiang county/
"""


@pytest.fixture(scope="module")
def builder(load_script):
    return load_script("build_cedict.py")


@pytest.fixture()
def source(tmp_path):
    path = tmp_path / "cedict.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(CEDICT_TEXT)
    return path


@pytest.fixture()
def built(builder, source):
    return list(builder.rows(source))


def test_generator_takes_name_words_and_says_where_from(built):
    glosses = {}
    for row in built:
        assert set(row) == set(COLUMNS) and row["kind"] == CEDICT
        assert re.fullmatch(r"CC-CEDICT 2023-11-07 line \d+", row["source"])
        glosses.setdefault(row["term"], []).append(row["translation"])
    assert glosses["西门子"] == ["Siemens"]  # the note "(company name)" removed
    assert glosses["波音"] == ["Boeing", "mordent"]  # the proper name first, whatever the file order
    assert glosses["重工"] == ["heavy industry"]
    assert glosses["开发"] == ["development"]  # verb glosses ("to ...") are not name words
    assert glosses["巴黎"] == ["Paris"]  # a proper name is what comes before its first comma
    # a proper name spelt as its own pinyin is kept, so that it divides a name (南京 | 理工 | 大学):
    # up to its first comma, or the opening words that spell its pinyin
    assert glosses["北京"] == ["Beijing"] and glosses["西安"] == ["Xi'an"] and glosses["南京"] == ["Nanjing"]
    assert "电" not in glosses and "一石二鸟" not in glosses  # single characters; notes and idioms
    # a name's "of" and "and" are not words of it; "also sometimes" says the thing's other name
    assert glosses["理工大学"] == ["University of Science and Engineering", "Institute of Technology"]
    assert glosses["暂且"] == ["for now", "temporarily"]  # common words: "for the time being" is four
    assert glosses["九江"] == ["Jiujiang"]  # "also Jiujiang county" is no other gloss


def test_shipped_file_is_cedict_rows_with_sources():
    text = resources.files("dualuse.screening").joinpath(CEDICT_FILE).read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    assert tuple(rows[0]) == COLUMNS and len(rows) > 10_000
    assert all(r["kind"] == CEDICT and r["source"].startswith("CC-CEDICT ") for r in rows)
    found = {(r["term"], r["translation"]) for r in rows}
    assert {("西门子", "Siemens"), ("波音", "Boeing"), ("航空", "aviation"), ("南京", "Nanjing"), ("上海", "Shanghai")} <= found


def test_glosses_split_a_piece_into_words_and_the_rest():
    """A Chinese piece is split into the words CC-CEDICT knows and the pieces between, which
    are then read by sound (格鲁曼, a transcription it lacks)."""
    lexicon = default_lexicon()
    parts = lexicon.glosses("格鲁曼航空")
    assert [part.text for part in parts] == ["格鲁曼", "航空"]
    assert not parts[0].entries and ("aviation",) in [e.translation for e in parts[1].entries]
    siemens = lexicon.glosses("西门子股份")
    assert siemens[0].text == "西门子" and siemens[0].entries[0].translation == ("siemens",)


def test_a_place_named_in_pinyin_divides_a_name():
    """南京 is a word of CC-CEDICT now that the glosses keep a place named in its own pinyin: a
    university's name divides into the city and the rest (理工大学, "Institute of Technology"),
    instead of the city and the word after it read as one unknown piece."""
    parts = default_lexicon().glosses("南京理工大学")
    assert [part.text for part in parts] == ["南京", "理工大学"]
    assert ("institute", "of", "technology") in [entry.translation for entry in parts[1].entries]
    assert parts[0].entries[0].translation == ("nanjing",)


def test_cedict_rows_never_split_a_name_nor_translate_it():
    """Like JMdict's rows, CC-CEDICT's only gloss: the name's segmentation is the lexicon's."""
    rows = read_rows("term\ttranslation\tkind\tsource\n航空\taviation\tcedict\ttest\n")
    lexicon = Lexicon(rows)
    assert [segment.text for segment in lexicon.segment("中国航空")] == ["中国航空"]
    assert lexicon.lookup("航空") == () and [p.text for p in lexicon.glosses("中国航空")] == ["中国", "航空"]


def test_japanese_text_is_glossed_by_the_japanese_dictionary_alone():
    """A name with kana is Japanese: CC-CEDICT's Chinese senses are not what its words mean."""
    rows = read_rows("term\ttranslation\tkind\tsource\n国营\tstate-run\tcedict\ttest\n特殊\tspecial\tdictionary\ttest\n")
    lexicon = Lexicon(rows)
    assert [p.entries[0].translation for p in lexicon.glosses("国营特殊") if p.entries] == [("state", "run"), ("special",)]
    assert [p.entries[0].translation for p in lexicon.glosses("国营特殊", chinese=False) if p.entries] == [("special",)]


def test_generator_takes_the_first_plain_meanings_of_single_characters(builder, source):
    """One character's meanings: nouns and adjectives, an article dropped ("a ministry"), no
    verbs, no "(bound form)" senses, no surname entry; words of two characters or more are in
    the other file."""
    meanings: dict[str, list[str]] = {}
    for row in builder.character_rows(source):
        assert set(row) == set(COLUMNS) and row["kind"] == CEDICT
        assert re.fullmatch(r"CC-CEDICT 2023-11-07 line \d+", row["source"])
        meanings.setdefault(row["term"], []).append(row["translation"])
    assert meanings == {"电": ["electric", "electricity"], "红": ["red", "popular", "revolutionary"], "省": ["province", "provincial capital", "ministry"]}


def test_shipped_character_meanings_say_where_from_and_read_any_writing():
    text = resources.files("dualuse.screening").joinpath(CHARACTERS_FILE).read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    assert tuple(rows[0]) == COLUMNS and len(rows) > 5_000
    assert all(len(r["term"]) == 1 and r["source"].startswith("CC-CEDICT ") for r in rows)
    assert all(to_simplified(r["term"]) == r["term"] for r in rows)  # read without opencc (character_glosses)
    assert character_glosses("紅")[0] == ("red",) == character_glosses("红")[0]
    assert ("ministry",) in character_glosses("省") and character_glosses("a") == ()


def test_a_name_in_simplified_chinese_takes_cc_cedicts_glosses_first():
    """汽车 is a car in Chinese and 汽車 a steam train in Japanese: in a name written in simplified
    Chinese (日野汽车, Hino Motors) the Chinese sense comes first, else the Japanese one."""
    rows = read_rows("term\ttranslation\tkind\tsource\n汽车\tsteam train\tdictionary\ttest\n汽车\tcar\tcedict\ttest\n")
    lexicon = Lexicon(rows)
    assert [e.translation for e in lexicon.glosses("汽车")[0].entries] == [("steam", "train"), ("car",)]
    assert [e.translation for e in lexicon.glosses("汽车", cedict_first=True)[0].entries] == [("car",), ("steam", "train")]
    assert [e.translation for e in lexicon.glosses("汽车", chinese=False, cedict_first=True)[0].entries] == [("steam", "train")]


def test_generator_refuses_a_file_with_no_entries_and_writes_nothing(tmp_path):
    """As a whole process: a missing file or one that is no CC-CEDICT exits 2 naming the file,
    and no output (the shipped tables, by default) is overwritten with an empty one."""
    import subprocess
    import sys

    not_cedict = tmp_path / "notes.txt"
    not_cedict.write_text("hello\nworld\n", encoding="utf-8")
    outputs = ["--out", str(tmp_path / "cedict.tsv"), "--characters-out", str(tmp_path / "characters.tsv")]
    for source, why in ((not_cedict, "no CC-CEDICT entries in it; nothing written"), (tmp_path / "missing.gz", "no such file")):
        done = subprocess.run([sys.executable, str(SCRIPT), "--cedict", str(source), *outputs], capture_output=True, text=True, check=False)
        assert done.returncode == 2 and f"{source}: {why}" in done.stderr and done.stdout == ""
        assert not (tmp_path / "cedict.tsv").exists() and not (tmp_path / "characters.tsv").exists()
