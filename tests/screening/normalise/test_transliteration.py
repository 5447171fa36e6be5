"""English words written in katakana (e2k), the bridge to katakana company names."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.screening.normalise.transliteration import katakana_spelling


@pytest.mark.parametrize(("word", "kana"), [("aucnet", "オークネット"), ("curves", "カーブス"), ("alpine", "アルパイン")])
def test_english_words_are_written_in_katakana(word, kana):
    """e2k's dictionary-trained model writes brand names as Japanese companies do."""
    assert katakana_spelling(word) == kana


def test_case_does_not_matter_and_is_deterministic():
    assert katakana_spelling("AUCNET") == katakana_spelling("aucnet") == katakana_spelling("aucnet")


def test_only_plain_words_are_written_in_katakana():
    assert katakana_spelling("r&d") == "" and katakana_spelling("東京") == "" and katakana_spelling("") == ""


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=20))
def test_any_word_gets_katakana_or_nothing(word):
    assert all("\u30a0" <= c <= "\u30ff" for c in katakana_spelling(word))
