"""The shipped lexicon: word-level entries with provenance, one row for every script."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from dualuse.screening.lexicon import COLUMNS, Lexicon, LexiconEntry, default_lexicon
from dualuse.screening.lexicon.learn import candidate_terms, is_training_pair, unexplained_words


def shipped_rows():
    text = resources.files("dualuse.screening").joinpath("data/lexicon.tsv").read_text("utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


def test_every_row_has_a_source():
    rows = shipped_rows()
    assert rows and all(tuple(r) == COLUMNS for r in rows)
    assert all(r["source"].startswith(("hand-written", "learned from")) for r in rows)


def test_entries_are_words_not_names():
    assert all(len(r["term"]) <= 8 and len(r["translation"].split()) <= 4 for r in shipped_rows())


@pytest.mark.parametrize(
    ("term", "word"),
    [("重工業", "heavy"), ("重工业", "heavy"), ("防衛", "defense"), ("防卫", "defense"), ("電機", "electric"), ("电机", "electric"), ("海事", "maritime")],
)
def test_one_entry_serves_every_script(term, word):
    assert any(word in e.translation for e in default_lexicon().lookup(term))


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


def test_the_split_is_fixed_and_about_half():
    ids = [f"E{n:05d}" for n in range(2000)]
    share = sum(map(is_training_pair, ids)) / len(ids)
    assert 0.45 < share < 0.55
    assert is_training_pair("E00006") == is_training_pair("E00006")
