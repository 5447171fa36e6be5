"""The learned katakana → English spelling model and its learner."""

from __future__ import annotations

import csv
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.screening.lexicon.learn import Pair
from dualuse.screening.lexicon.learn_transliteration import WordPair, learn, word_pairs
from dualuse.screening.normalise.transliteration import FINAL, default_model, katakana_spelling, mora_keys, morae, read_model


@pytest.mark.parametrize(
    ("word", "split"),
    [("シェア", ("シェ", "ア")), ("オークネット", ("オ", "ー", "ク", "ネ", "ッ", "ト")), ("ティー", ("ティ", "ー"))],
)
def test_morae_keep_small_kana_with_their_kana(word, split):
    assert morae(word) == split


def test_long_vowel_is_keyed_by_its_vowel_and_the_last_mora_is_final():
    assert mora_keys(morae("カーブス")) == ("カ", "ーa", "ブ", "ス" + FINAL)


def test_shipped_model_names_its_source_and_is_a_distribution():
    text = resources.files("dualuse.screening").joinpath("data/katakana_spellings.tsv").read_text("utf-8")
    assert text.startswith("# Learned by dualuse.screening.lexicon.learn_transliteration from the training half")
    rows = list(csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t"))
    totals: dict[str, float] = {}
    for row in rows:
        totals[row["mora"]] = totals.get(row["mora"], 0.0) + float(row["probability"])
    assert rows and all(0.9 <= total <= 1.0001 for total in totals.values())


@pytest.mark.parametrize(("word", "spelling"), [("システム", "system"), ("ネット", "net"), ("テック", "tek")])
def test_common_loanwords_are_spelled(word, spelling):
    assert spelling in default_model().spellings(word)


def test_non_katakana_and_one_mora_words_have_no_spelling():
    model = default_model()
    assert model.spellings("三菱") == () and model.spellings("ア") == () and model.spellings("") == ()


def test_em_learns_a_consistent_spelling():
    """Three pairs in which ク is spelled c: the learned table says so."""
    pairs = [WordPair("クラブ", "krab"), WordPair("ネック", "nek"), WordPair("クロス", "kros")]
    model, _ = learn(pairs, iterations=5)
    best = max(model["ク"].items(), key=lambda item: item[1])[0]
    assert best == "k"


def test_word_pairs_take_the_english_span_that_sounds_alike():
    pair = Pair("t", "q1", "マリタイムシステムズ株式会社", "Maritime Systems Co., Ltd.")
    assert [(p.katakana, p.english) for p in word_pairs(pair)] == [("マリタイムシステムズ", "maritimesystem")]


def test_a_model_file_with_an_unseen_mora_spells_nothing():
    model = read_model("mora\tspelling\tprobability\tcount\nシ\tshi\t1.0\t1\n")
    assert model.spellings("シシ") == ("shishi",) and model.spellings("シカ") == ()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0x30A1, max_codepoint=0x30FC), max_size=15))
def test_spellings_never_fail(word):
    assert all(s.isascii() for s in default_model().spellings(word))


@pytest.mark.parametrize(("word", "kana"), [("aucnet", "オークネット"), ("curves", "カーブス"), ("alpine", "アルパイン")])
def test_english_words_are_written_in_katakana(word, kana):
    """e2k's dictionary-trained model writes brand names as Japanese companies do."""
    assert katakana_spelling(word) == kana


def test_only_plain_words_are_written_in_katakana():
    assert katakana_spelling("r&d") == "" and katakana_spelling("東京") == "" and katakana_spelling("") == ""
