"""Token similarity and alignment, the two places where a near miss is decided."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.screening.matchers.crossscript.align import align, name_units, query_similarities, rendering_similarities, similarities, token_similarity
from dualuse.screening.matchers.crossscript.config import TOKENS
from dualuse.screening.normalise.foreign import foreign_spellings
from dualuse.screening.normalise.text import token_key
from dualuse.screening.matchers.crossscript.forms import Alternative, Slot, name_form
from dualuse.screening.matchers.crossscript.labels import DICTIONARY, KOREAN

KEYS = ["mitsubishi", "mitsubisi", "sony", "sona", "tdk", "tdc", "fakutori", "faktory", "noda", "ndoa", "kuno", "juko", "maesawa", "maezawa", "maesaka", "topre", "dobre"]


def test_the_batch_table_agrees_with_the_scalar_function():
    table = similarities(KEYS, KEYS)
    for a in KEYS:
        for b in KEYS:
            assert table.get(a, {}).get(b, 0.0) == pytest.approx(token_similarity(a, b), abs=1e-6)


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [("tdk", "tdc", False), ("noda", "ndoa", True), ("mitsubishi", "mitsubisi", True), ("fakutori", "faktory", True)],
)
def test_near_misses(a, b, similar):
    assert bool(token_similarity(a, b)) is similar


def test_a_reading_that_differs_in_voicing_alone_is_nearer_than_one_other_letter():
    """前澤 read "maesawa" is Maezawa (rendaku), not Maesaka, one letter away as well; a first
    sound is never voiced by rendaku, so Topre stays apart from "dobre" (ダブル, double)."""
    assert token_similarity("maesawa", "maezawa") > token_similarity("maesawa", "maesaka") > 0
    assert token_similarity("inahata", "inabata") > token_similarity("inahata", "inagata")
    assert token_similarity("topre", "dobre") == 0.0


def test_one_alternative_per_slot_and_coverage_by_weight(words):
    lexicon = words
    query = name_form("三菱重工業", lexicon).slots
    candidate = name_form("Mitsubishi Heavy Industries Aero Engines, Ltd.", lexicon).slots
    result = align(query, candidate, lambda slot: 1.0)
    assert result.query_coverage == pytest.approx(1.0)
    assert result.candidate_coverage == pytest.approx(0.6)  # aero, engines left over
    assert [alt.label for alt in result.query_chosen] == ["cutlet", "translation"]


def test_a_word_written_as_one_meets_two():
    query = name_form("リゾートトラスト株式会社").slots
    candidate = name_form("RESORTTRUST,INC.").slots
    assert align(query, candidate, lambda slot: 1.0).candidate_coverage > 0.85


WORDS = st.text(alphabet="abcdefghijklmnoprstuyz", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=12), st.lists(WORDS, min_size=1, max_size=25))
def test_the_table_agrees_with_the_scalar_function_on_any_keys(query_keys, candidate_keys):
    """The table is built from a cut-off matrix and skeleton groups; it must still say what
    `token_similarity` says for every pair, including the pairs it leaves out (0)."""
    table = similarities(query_keys, candidate_keys)
    for a in query_keys:
        for b in candidate_keys:
            assert table.get(a, {}).get(b, 0.0) == pytest.approx(token_similarity(a, b), abs=1e-6)


def test_kanji_and_katakana_pieces_are_read_apart():
    """内外テック is a native word and a loanword: each keeps its own readings, so the
    loanword reading "tek" meets Tec while 内外 is read "naigai"."""
    query = name_form("内外テック株式会社")
    assert [slot.text for slot in query.slots] == ["内外", "テック"]
    result = align(query.slots, name_form("Naigai Tec Corporation").slots, lambda slot: 1.0)
    assert result.query_coverage == pytest.approx(1.0) and result.candidate_coverage == pytest.approx(1.0)


def test_syllables_of_a_reading_are_not_function_words():
    """イン of インサイト is not the English "in": the reading keeps it and meets INSIGHT."""
    keys = {key for slot in name_form("株式会社インサイト").slots for alt in slot.alternatives for key in alt.keys}
    assert "in" in keys
    assert "in" not in {k for slot in name_form("Bank in Tokyo").slots for alt in slot.alternatives for k in alt.keys}


def test_english_descriptors_weigh_like_translated_ones(words):
    """"Electronics" is a word the lexicon translates into: a descriptor, like 電子."""
    slots = {slot.text: slot for slot in name_form("ALPINE ELECTRONICS, INC.", words).slots}
    assert slots["electronics"].descriptor and not slots["alpine"].descriptor


def test_a_guessed_reading_counts_only_when_exact():
    """三浦 has a further parse "san ho"; it must not meet SANOH by a near miss."""
    result = align(name_form("三浦工業株式会社").slots, name_form("Sanoh Industrial Co.,Ltd.").slots, lambda slot: 1.0)
    assert all(pair.query_token != "sanho" for pair in result.pairs)


def test_katakana_reading_of_an_english_word_meets_a_katakana_name():
    """AUCNET has no romaji near ookunetto; written in katakana it is オークネット."""
    english = name_form("AUCNET INC.", None, True).slots
    result = align(name_form("株式会社オークネット").slots, english, lambda slot: 1.0)
    assert result.query_coverage == pytest.approx(1.0) and result.pairs[0].candidate_label == "katakana"


def test_katakana_readings_never_meet_english_or_each_other():
    """English meets English as written: two words' katakana never pair (nor with Latin)."""
    one, other = name_form("AUCNET", None, True).slots, name_form("OKNET", None, True).slots
    assert all("katakana" not in (p.query_label, p.candidate_label) for p in align(one, other, lambda slot: 1.0).pairs)


def test_a_katakana_guess_never_meets_another_guess():
    """Two guesses agreeing prove nothing: the katakana e2k writes for an English word (a guess)
    meets a kana reading, but not a further MeCab parse (another guess), even exactly. A word
    whose one guessed reading is "bi" (as a fourth parse of 日野 is) and the katakana ヴィー of a
    three-letter name met, and outscored the company's own English name."""
    guessed = (Slot("日野", (Alternative(("hino",), "cutlet"), Alternative(("bi",), "nbest"))),)
    english = (Slot("VSE", (Alternative(("bse",), "latin"), Alternative(("bi",), "katakana"))),)
    assert align(guessed, english, lambda slot: 1.0).pairs == ()
    read = (Slot("ビー", (Alternative(("bi",), "cutlet"),)),)  # a kana reading still meets it
    assert [pair.candidate_label for pair in align(read, english, lambda slot: 1.0).pairs] == ["katakana"]


def test_an_english_words_katakana_never_meets_the_reading_of_a_kanji_word():
    """English is written in katakana, not kanji: the katakana e2k guesses for an English word
    meets the reading of kana only. The characters of 诺沃特 (Novotech) read in Japanese met
    the katakana of DKK exactly, and a Chinese rendering scored 1.0 on a Japanese company."""
    english = (Slot("DKK", (Alternative(("dkk",), "latin"), Alternative(("daku",), "katakana"))),)
    kanji = (Slot("诺沃特", (Alternative(("daku",), "cutlet"),)),)
    assert align(kanji, english, lambda slot: 1.0).pairs == ()
    kana = (Slot("ダク", (Alternative(("daku",), "cutlet"),)),)
    assert [pair.candidate_label for pair in align(kana, english, lambda slot: 1.0).pairs] == ["katakana"]


def test_a_kanji_word_and_the_katakana_after_it_read_as_one():
    """内外 and テック are read apart (native word: naigai; loanword: tek); a name that writes
    them as one word meets the two readings joined."""
    result = align(name_form("内外テック株式会社").slots, name_form("NAIGAITEC CO.,LTD.").slots, lambda slot: 1.0)
    assert result.candidate_coverage == pytest.approx(1.0) and result.pairs[0].query_label == "joined"


def test_of_two_spellings_that_meet_a_word_the_one_that_also_meets_its_neighbours_goes_first():
    """大田 is read "daejeon" in Korean and glossed "Daejeon Metropolitan City" by CC-CEDICT;
    both meet DAEJEON, and taking one rules out the other. The Korean reading came first and
    left "metropolitan city" unmatched (coverage 1/3), so Daegu Metropolitan City, which meets
    the gloss's two other words, outscored the right city."""
    query = (Slot("大田", (Alternative(("daejeon",), KOREAN), Alternative(("daejeon", "metroporitan", "citi"), DICTIONARY))),)
    candidate = name_form("Daejeon Metropolitan City").slots
    result = align(query, candidate, lambda slot: 1.0)
    assert result.query_chosen[0].label == DICTIONARY
    assert result.query_coverage == pytest.approx(1.0) and result.candidate_coverage == pytest.approx(1.0)
    alone = align(query, name_form("Daejeon").slots, lambda slot: 1.0)  # nothing beside it: the reading, in full
    assert alone.query_chosen[0].label == KOREAN and alone.query_coverage == pytest.approx(1.0)


def test_a_renderings_spelling_meets_a_word_with_the_same_consonants_and_other_vowels():
    """CC-CEDICT's 布兰妮 Britney, on the foreign-name model's held-out side: no spelling the model
    offers is within the edit floor of "britney", but one keeps its consonants in order; with the
    vowels set aside it meets, below a spelling that meets as written."""
    spellings = [token_key(s) for s in foreign_spellings("布兰妮")]
    britney = token_key("britney")
    assert britney not in {b for near in similarities(spellings, [britney]).values() for b in near}
    met = [near[britney] for near in rendering_similarities(spellings, [britney]).values()]
    assert met and TOKENS.fuzzy_floor <= max(met) < 1.0


@pytest.mark.parametrize(("a", "b"), [("iton", "eaton"), ("mork", "merk"), ("sorbei", "sorbay")])
def test_vowels_aside_is_nearer_than_as_spelt(a, b):
    near = rendering_similarities([a], [b])[a][b]
    assert near >= TOKENS.fuzzy_floor and near > token_similarity(a, b)


@pytest.mark.parametrize(("a", "b"), [("ana", "ani"), ("aiou", "eoia"), ("kanman", "darwin")])
def test_short_keys_few_consonants_and_other_consonants_never_meet_with_vowels_aside(a, b):
    """Under four letters, or fewer than two consonants, a key says too little; other consonants are other names."""
    assert rendering_similarities([a], [b]) == {}


def test_only_a_renderings_spellings_are_compared_with_vowels_aside():
    """A Latin word, a Japanese reading or pinyin meets "eaton" as written or not at all."""
    written = name_form("Iton Trading")
    assert "eaton" not in query_similarities(name_units(written.slots), frozenset({"eaton"})).get("iton", {})
    rendered = name_form("布兰妮")
    assert token_key("britney") in {b for near in query_similarities(name_units(rendered.slots), frozenset({token_key("britney")})).values() for b in near}


def test_latin_words_meet_their_initials_written_as_one_word_and_spelt_out():
    """Mitsubishi Heavy Industries is MHI; Kawajyu Gifu Manufacturing is KGM, and ジーエフシー
    spells G-F-C, Global Food Creators. Words met by their initials count `TOKENS.initials_met`."""
    from dualuse.screening.matchers.crossscript.forms import word_initials
    from dualuse.screening.matchers.crossscript.labels import INITIALS

    mhi = name_form("Mitsubishi Heavy Industries Marine Machinery & Equipment Co., Ltd.")
    assert {"mhi", "mhimm", "mme"} <= {key for key, _ in word_initials(mhi.slots)}
    assert all(len(key) >= TOKENS.initials[0] for key, _ in word_initials(mhi.slots))  # "imm" folds to "im": left out
    for query, listed in (("KGM株式会社", "Kawajyu Gifu Manufacturing Co., Ltd."), ("ジーエフシー株式会社", "GLOBAL FOOD CREATORS CO.,LTD.")):
        alignment = align(name_form(query).slots, name_form(listed).slots, lambda slot: 1.0)
        assert [pair.candidate_label for pair in alignment.pairs] == [INITIALS]
        assert alignment.query_coverage == alignment.candidate_coverage == pytest.approx(TOKENS.initials_met)


def test_no_initials_of_two_words_of_one_letter_words_or_of_cjk_words():
    """Two letters spell another name's short word by chance; CJK words' readings and
    translations are a dozen guesses a name (日立高端系统 would be HKS)."""
    from dualuse.screening.matchers.crossscript.forms import word_initials

    assert word_initials(name_form("Food Creators Inc.").slots) == ()
    assert word_initials(name_form("A B C Corp").slots) == ()
    assert word_initials(name_form("日立高端系统株式会社").slots) == ()
    alignment = align(name_form("HKS株式会社").slots, name_form("日立高端系统株式会社").slots, lambda slot: 1.0)
    assert not alignment.pairs
