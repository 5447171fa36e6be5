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


WORDS = ["aucnet", "curves", "alpine", "keyence", "mitsubishi", "internationalization", "ox", "electronics", "sakata", "hokuto", "axyz"]


def test_spelling_a_list_ahead_gives_the_words_the_model_gives_one_by_one():
    """`spell_ahead` decodes a list's words in batches; each word comes out as the model
    called on it alone writes it (padding, masking and each word's own end do not leak)."""
    from dualuse.screening.normalise import transliteration

    model = transliteration._english_to_katakana()
    alone = [model(word) for word in WORDS]
    assert transliteration._decode(model, WORDS) == alone
    transliteration._ahead.clear()
    assert transliteration.spell_ahead([" ".join(WORDS).upper() + " 4WD"], min_chars=3) == len([w for w in WORDS if len(w) >= 3])
    assert {w: transliteration._ahead[w] for w in WORDS if len(w) >= 3} == {w: k for w, k in zip(WORDS, alone) if len(w) >= 3}
    assert transliteration.spell_ahead(["AUCNET Curves"]) == 0  # spelt already


@settings(max_examples=25, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=24), min_size=1, max_size=12))
def test_any_batch_spells_each_word_as_alone(words):
    from dualuse.screening.normalise import transliteration

    model = transliteration._english_to_katakana()
    assert transliteration._decode(model, words) == [model(word) for word in words]
