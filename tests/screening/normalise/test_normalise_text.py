"""Clean-up, script detection, keys and legal forms: the ground every comparison stands on."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.screening.normalise.legal import strip_cjk_forms, strip_latin_forms
from dualuse.screening.normalise.readings import katakana_letter_prefix, katakana_letters, loanword_key, to_japanese, to_simplified
from dualuse.screening.normalise.text import MAX_NAME_CHARS, clean, has_cjk, latin_tokens, skeleton, token_key, voiceless

CLEAN = [
    ("ＴＤＫ株式会社", "TDK株式会社"),
    ("株式会社　サカタのタネ", "株式会社 サカタのタネ"),
    ("アイ・ジェット・グローバル", "アイ ジェット グローバル"),
    ("ｶﾜｻｷ", "カワサキ"),
    ("Mitsubishi\x00 Heavy\u200b Industries", "Mitsubishi Heavy Industries"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), CLEAN)
def test_clean(raw, expected):
    assert clean(raw) == expected


KEYS = [
    ("kouki", "kohki"),  # Hepburn long vowels
    ("industries", "industry"),
    ("systems", "system"),
    ("nittou", "nitto"),
    ("juukou", "juko"),
    ("lab", "rab"),
]


@pytest.mark.parametrize(("a", "b"), KEYS)
def test_spellings_that_share_a_key(a, b):
    assert token_key(a) == token_key(b)


@pytest.mark.parametrize(("a", "b"), [("rakus", "raku"), ("sony", "sona"), ("sios", "sio")])
def test_short_names_keep_their_letters(a, b):
    assert token_key(a) != token_key(b)


def test_skeleton_of_a_loanword_meets_its_source():
    assert skeleton(token_key("fakutori")) == skeleton(token_key("factory"))


@pytest.mark.parametrize(("reading", "written"), [("maesawa", "maezawa"), ("inahata", "inabata"), ("nakashima", "nakajima"), ("yamasaki", "yamazaki"), ("kawakishi", "kawagishi")])
def test_a_reading_and_its_voiced_spelling_are_one_voiceless(reading, written):
    assert voiceless(reading) == voiceless(written)


def test_b_and_p_are_voiced_h_only_after_a_vowel():
    assert voiceless("spiber") != voiceless("shiberu"[:-1])
    assert voiceless("kanpai") == "kanpai" and voiceless("ohata") == voiceless("obata")


CONVERSIONS = [
    ("三菱重工業", "三菱重工业"),
    ("防衛", "防卫"),
    ("発動機", "发动机"),
    ("研究所", "研究所"),  # jp2t would give the variant 硏
    ("渦輪増圧器", "涡轮增压器"),  # 増 is Japanese only; Chinese writes 增 in both scripts
    ("TDK", "TDK"),
]


@pytest.mark.parametrize(("written", "canonical"), CONVERSIONS)
def test_one_canonical_form_for_shinjitai_traditional_and_simplified(written, canonical):
    assert to_simplified(written) == canonical


def test_simplified_chinese_reads_as_japanese():
    assert to_japanese("三菱重工航空发动机") == "三菱重工航空発動機"


LEGAL = [
    ("Mitsubishi Heavy Industries Maritime Systems, Ltd.", ["mitsubishi", "heavy", "industries", "maritime", "systems"]),
    ("YUKIGUNI FACTORY CO.,LTD.", ["yukiguni", "factory"]),
    ("OOO Mvizion", ["mvizion"]),
    ("Siemens GmbH", ["siemens"]),
    ("Limited Liability Company Profflab", ["profflab"]),
    ("Company Limited", []),  # nothing but legal forms: nothing names a party
]


@pytest.mark.parametrize(("name", "core"), LEGAL)
def test_latin_legal_forms_are_set_aside(name, core):
    assert strip_latin_forms(latin_tokens(name))[0] == core


CJK_LEGAL = [
    ("ＴＤＫ株式会社", "TDK"),
    ("三菱重工海事系统株式会社", "三菱重工海事系统"),
    ("俪达集团控股股份有限公司", "俪达集团控股"),
    ("神社", "神社"),  # 社 only at an edge, and never the whole name
]


@pytest.mark.parametrize(("name", "core"), CJK_LEGAL)
def test_cjk_legal_forms_are_set_aside(name, core):
    assert strip_cjk_forms(to_simplified(clean(name)))[0] == core


@pytest.mark.parametrize(
    ("kana", "letters"),
    [
        ("エムティーアイ", "mti"), ("ジーエヌアイ", "gni"), ("サカタ", None), ("ケイティケイ", "ktk"), ("ディーエヌエー", "dna"), ("ティアック", None),
        ("シイエヌエス", "cns"), ("エーアイテイー", "ait"), ("テイカ", None),
    ],
)  # ティ and ディ without their long mark, as companies also write T and D (ケイティケイ is ktk INC.), and the
# long vowel written イ (シイ for シー, テイー for ティー), as older names do (シイエヌエス is CNS)
def test_katakana_spelling_out_letters(kana, letters):
    assert katakana_letters(kana) == letters


@pytest.mark.parametrize(
    ("kana", "split"),
    [
        ("エヌエフホールディングス", ("nf", "ホールディングス")),
        ("エムケイシステム", ("mk", "システム")),
        ("アイティフォー", ("it", "フォー")),  # ITFOR
        ("アイシン", None),  # one letter name, then a word: not an acronym
        ("エムティーアイ", None),  # all letters: katakana_letters reads it
        ("ビーアールス", None),  # one kana of rest is not a word
    ],
)
def test_katakana_letter_prefix(kana, split):
    assert katakana_letter_prefix(kana) == split


def test_spelled_letters_take_the_latin_key():
    from dualuse.screening.matchers.crossscript.forms import name_form

    assert name_form("株式会社テーオーシー").slots[0].alternatives[0].keys == name_form("TOC Co.,Ltd").slots[0].alternatives[0].keys
    letters, generic = name_form("株式会社エヌエフホールディングス").slots  # the generic word apart (forms._katakana_words)
    assert ("nf",) in {alt.keys for alt in letters.alternatives}
    assert generic.alternatives[0].keys == ("hording",)
    keys = {alt.keys for alt in name_form("株式会社エヌエフシステム").slots[0].alternatives}  # a word that is not generic stays with the letters
    assert ("nf", "system") in keys


@given(st.text(st.sampled_from(list("アイエヌエフムケシステーオービールホディングス")), max_size=20))
def test_letter_prefix_is_a_prefix(kana):
    split = katakana_letter_prefix(kana)
    if split is not None:
        assert kana.endswith(split[1]) and len(split[0]) >= 2 and len(split[1]) >= 2


@pytest.mark.parametrize(("romaji", "key"), [("zenetekku", "zenetek"), ("esuteikku", "estik"), ("toreedingu", "treding")])
def test_loanword_key_drops_epenthetic_vowels(romaji, key):
    assert loanword_key(romaji) == key


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_clean_never_fails_and_is_idempotent(text):
    once = clean(text)
    assert clean(once) == once
    assert len(once) <= MAX_NAME_CHARS
    assert not any(ord(c) < 32 for c in once)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100))
def test_keys_are_ascii(text):
    for token in latin_tokens(text):
        assert token_key(token).isascii()
    assert has_cjk(text) == has_cjk(to_simplified(text))


def test_lone_surrogates_are_dropped_before_any_library_sees_them():
    """Found by the property test: '\\ud800' beside a CJK name reached opencc, which cannot
    encode it."""
    assert clean("\ud800三菱\udfff") == "三菱"
    from dualuse.screening.matchers.crossscript.forms import name_form

    assert name_form("\ud800三菱重工業").cjk == "三菱重工业"


def test_ideographs_opencc_writes_outside_the_basic_planes_stay_cjk():
    # found by the property test above: opencc simplifies 繐 to 𰬸 (CJK extension G, U+30B38)
    assert has_cjk(to_simplified("繐")) and has_cjk("𰬸")
