"""Hangul romanisation against the examples printed with the rules, and hanja read in Korean."""

from __future__ import annotations

import pytest

from dualuse.screening.lexicon.hanja import initial_sound_rule, korean_words
from dualuse.screening.normalise.korean import (
    has_hangul,
    romanisations,
    romanise_mr,
    romanise_popular,
    romanise_rr,
)

# Examples printed in the Revised Romanization of Korean (Ministry of Culture and Tourism,
# notice 2000-8), chapters 2 and 3: vowels and consonants, sound changes at syllable boundaries.
RR_EXAMPLES = {
    "구미": "gumi", "영동": "yeongdong", "백암": "baegam", "옥천": "okcheon", "합덕": "hapdeok",
    "호법": "hobeop", "월곶": "wolgot", "벚꽃": "beotkkot", "한밭": "hanbat", "구리": "guri",
    "설악": "seorak", "칠곡": "chilgok", "임실": "imsil", "울릉": "ulleung", "대관령": "daegwallyeong",
    "백마": "baengma", "종로": "jongno", "왕십리": "wangsimni", "별내": "byeollae", "신라": "silla",
    "해돋이": "haedoji", "같이": "gachi", "묵호": "mukho", "집현전": "jiphyeonjeon",
    "압구정": "apgujeong", "낙동강": "nakdonggang", "죽변": "jukbyeon", "낙성대": "nakseongdae",
    "합정": "hapjeong", "팔당": "paldang", "샛별": "saetbyeol", "울산": "ulsan",
}
# McCune–Reischauer (1939) spellings of the same kind, diacritics and apostrophes dropped
# (P'yŏngyang → pyongyang, Ch'ŏngju → chongju).
MR_EXAMPLES = {
    "부산": "pusan", "대구": "taegu", "평양": "pyongyang", "조선": "choson", "광주": "kwangju",
    "청주": "chongju", "독립": "tongnip", "신라": "silla", "종로": "chongno", "한국": "hanguk",
    "백두산": "paektusan", "원산": "wonsan", "함흥": "hamhung", "압록강": "amnokkang",
    "대동강": "taedonggang", "인천": "inchon", "경기": "kyonggi", "금강산": "kumgangsan",
}


@pytest.mark.parametrize(("hangul", "latin"), RR_EXAMPLES.items())
def test_revised_romanization_examples(hangul, latin):
    assert romanise_rr(hangul) == latin


@pytest.mark.parametrize(("hangul", "latin"), MR_EXAMPLES.items())
def test_mccune_reischauer_examples(hangul, latin):
    assert romanise_mr(hangul) == latin


def test_popular_spelling_and_all_spellings():
    assert romanise_popular("삼성") == "samsung" and romanise_popular("우리") == "woori"  # MR otherwise: 대우 taewoo
    assert romanisations("조선") == ("joseon", "choson", "chosun")
    assert romanisations("신라") == ("silla",)  # one spelling in every system: not repeated


def test_text_other_than_hangul_is_left_out():
    assert romanise_rr("KB국민") == "gungmin" and not has_hangul("朝鮮 Chosun") and has_hangul("조선 Chosun")


def test_initial_sound_rule_is_south_korean_spelling():
    assert [initial_sound_rule(w) for w in ("로동", "리씨", "녀자", "락원", "조선")] == ["노동", "이씨", "여자", "낙원", "조선"]


def test_hanja_read_in_korean_north_and_south_and_with_a_surname():
    assert korean_words("朝鮮勞動黨") == (("조선", "로동", "당"), ("조선", "노동", "당"))
    assert korean_words("朝鲜劳动党") == korean_words("朝鮮勞動黨")  # simplified forms read alike
    assert ("김", "일성") in korean_words("金日成") and ("금일", "성") in korean_words("金日成")
    assert korean_words("トヨタ") == ()
