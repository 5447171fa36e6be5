"""The shipped lexicon: word-level entries with provenance, one row for every script."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from dualuse.screening.lexicon import COLUMNS, Lexicon, LexiconEntry, read_rows
from dualuse.screening.lexicon.learn import Pair, candidate_terms, learn, unexplained_words
from dualuse.screening.lexicon.pairs import entity_key, is_held_out


def shipped_rows():
    text = resources.files("dualuse.screening").joinpath("data/lexicon.tsv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


def test_every_row_has_a_source():
    rows = shipped_rows()
    assert rows and all(tuple(r) == COLUMNS for r in rows)
    # only rows learned from the bundled list entries: nothing hand-written after reading names
    assert all(r["source"].startswith("learned from the bundled list entries' development side") for r in rows)


def test_entries_are_words_not_names():
    assert all(len(r["term"]) <= 8 and len(r["translation"].split()) <= 4 for r in shipped_rows())


ROWS = "term\ttranslation\tkind\tsource\n重工業\theavy industries\ttranslation\tt\n防衛\tdefense\ttranslation\tt\n電機\telectric\ttranslation\tt\n"


@pytest.mark.parametrize(
    ("term", "word"),
    [("重工業", "heavy"), ("重工业", "heavy"), ("防衛", "defense"), ("防卫", "defense"), ("電機", "electric"), ("电机", "electric")],
)
def test_one_entry_serves_every_script(term, word):
    assert any(word in e.translation for e in Lexicon(read_rows(ROWS)).lookup(term))


def test_segmentation_leaves_the_fewest_characters_unexplained():
    """Greedy from the left would split 三機工業 as 三 | 機工 | 業 and lose both words."""
    lexicon = Lexicon([LexiconEntry("機工", ("machinery",), "translation", "t"), LexiconEntry("工業", ("industry",), "translation", "t")])
    assert [(s.text, bool(s.entries)) for s in lexicon.segment("三機工業")] == [("三機", False), ("工業", True)]
    assert [(s.text, bool(s.entries)) for s in lexicon.segment("機工")] == [("機工", True)]
    assert lexicon.segment("") == []


def test_segmentation_prefers_the_longest_term():
    lexicon = Lexicon([LexiconEntry("重工", ("heavy", "industries"), "translation", "t"), LexiconEntry("工", ("work",), "translation", "t")])
    assert [(s.text, bool(s.entries)) for s in lexicon.segment("三菱重工海事")] == [("三菱", False), ("重工", True), ("海事", False)]


def test_learning_sees_only_untranslated_words():
    empty = Lexicon([])
    assert unexplained_words("株式会社　サカタのタネ", "SAKATA SEED CORPORATION", empty) == {"seed"}
    assert "日东" not in candidate_terms("株式会社サカタ") and "工器" in candidate_terms("日東工器株式会社")


def gloss(term: str, *words: str) -> LexiconEntry:
    return LexiconEntry(term, words, "cedict", "CC-CEDICT test row")


def test_a_term_never_cuts_a_dictionary_word():
    """陆上自卫队 is 陆上 | 自卫队: 上自卫队 would take the meaning of one word and hide the other."""
    dictionary = Lexicon([gloss("陆上", "ground"), gloss("自卫队", "self", "defense", "force")])
    terms = candidate_terms("日本陆上自卫队", dictionary)
    assert {"陆上", "自卫队"} <= terms and "上自卫队" not in terms and "陆上自" not in terms
    # what no dictionary word explains is cut anywhere, and words join into longer terms
    assert {"日本", "日本陆上"} <= terms
    assert "上自卫队" in candidate_terms("日本陆上自卫队")


def test_a_word_belongs_to_the_term_the_dictionary_glosses_with_it():
    """Two parties' names both hold 重工 and 重工航空; heavy industries goes to 重工, which the
    dictionary glosses "heavy industry", and 航空 keeps its own meaning."""
    dictionary = Lexicon([gloss("重工", "heavy", "industry"), gloss("航空", "aviation")])
    pairs = [
        Pair("T-1", "北方重工航空株式会社", "Beifang Heavy Industries Aviation Co., Ltd."),
        Pair("T-2", "南洋重工航空株式会社", "Nanyang Heavy Industries Aviation Co., Ltd."),
    ]
    rows = {row["term"]: row["translation"] for row in learn(pairs, Lexicon([]), dictionary)}
    assert rows.get("重工") == "heavy industries" and rows.get("航空") == "aviation"
    assert "重工航空" not in rows
    # without the dictionary the longer term took both words
    assert "航空" not in {row["term"] for row in learn(pairs, Lexicon([]))}


def test_the_held_out_split_is_fixed_and_about_a_third():
    keys = [f"company {n}" for n in range(3000)]
    share = sum(map(is_held_out, keys)) / len(keys)
    assert 0.30 < share < 0.37
    # fixed: the same party (however its English name is punctuated) falls on the same side
    assert entity_key("Lockheed Martin Corporation, St. Louis, MO") == entity_key("LOCKHEED MARTIN CORPORATION ST LOUIS MO")
    assert [is_held_out(entity_key(n)) for n in ("Raytheon", "Boeing", "Northrop Grumman")] == [False, False, True]


def test_a_term_two_dictionary_entries_share_gives_each_ones_first_gloss_first():
    """JMdict's 制作 (work, production, creation) and 製作 (manufacture, production) are one term
    once simplified; three glosses of a word are tried, so a name writing 製作 (株式会社山田製作所,
    YAMADA MANUFACTURING) was never offered "manufacture" while 制作's came first."""
    text = "term\ttranslation\tkind\tsource\n" + "".join(
        f"{term}\t{gloss}\tdictionary\tJMdict {entry} sense 1 (EDRDG, CC BY-SA 4.0)\n"
        for term, entry, gloss in [
            ("制作", 1374810, "work"), ("制作", 1374810, "production"), ("制作", 1374810, "creation"),
            ("照明", 1, "lighting"),
            ("製作", 1380650, "manufacture"), ("製作", 1380650, "production"),
        ]
    )
    rows = read_rows(text)
    assert [entry.translation[0] for entry in rows if entry.term == "制作"] == ["work", "manufacture", "production", "production", "creation"]
    assert [entry.term for entry in rows].index("照明") == 5  # other terms keep their rows and order
    parts = Lexicon(rows).glosses("制作所")
    assert [entry.translation for entry in parts[0].entries[:3]] == [("work",), ("manufacture",), ("production",)]
