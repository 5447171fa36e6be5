"""Hangul in Latin letters: Revised Romanization (RR, South Korea, 2000) and McCune–Reischauer
(MR, 1939; North Korea's official system is a variant of it), from the published rules.

Why both: the English names of South Korean bodies follow RR or older habits (Daehan, Hyundai),
those of North Korean bodies MR without its diacritics (Chosŏn → Choson, P'yŏngyang →
Pyongyang), and a listed name may be either. Both are computed from the syllables' jamo with
the sound changes at syllable boundaries that both systems write (liaison of a final before a
vowel, palatalisation 해돋이 haedoji, nasalisation 국민 gungmin, ㄴ/ㄹ assimilation 신라 Silla, ㄹ after other finals read ㄴ
종로 Jongno); MR also writes plain stops voiced between voiced sounds (대구 Taegu, 광주
Kwangju). Diacritics and apostrophes are dropped (ŏ → o, ŭ → u, k' → k): listed names
are typed in ASCII. A third, *popular* spelling writes ŏ as u and 우 as woo (Chosun,
Samsung, Daewoo), as many company names do. Rules of RR and MR that depend on meaning rather than spelling (tensing in
some compounds, ㄴ insertion) are not applied: a name is one of several spellings anyway.
"""

from __future__ import annotations

import re

from functools import lru_cache

HANGUL_FIRST = 0xAC00
HANGUL_LAST = 0xD7A3
_VOWELS_PER_INITIAL = 21 * 28

# initials: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
_RR_INITIAL = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h")
_MR_INITIAL = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch", "k", "t", "p", "h")
_MR_VOICED = {"k": "g", "t": "d", "p": "b", "ch": "j"}
# vowels: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
_RR_VOWEL = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i")
_MR_VOWEL = ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i")
_POPULAR_VOWEL = ("a", "ae", "ya", "yae", "u", "e", "yu", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i")

# finals (index 1..27): ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ,
# as the sound they end a syllable with (the seven final sounds of both systems)
_FINAL_SOUND = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")
# a final carried over to a following vowel (liaison) is read as this initial (index into the initials)
_FINAL_AS_INITIAL = (-1, 0, 1, 9, 2, 12, 2, 3, 5, 0, 6, 7, 9, 16, 17, 5, 6, 7, 9, 9, 10, -1, 12, 14, 15, 16, 17, 11)  # ㅎ falls silent: 좋아 joa
_NG_FINAL = 21
_IEUNG = 11  # ㅇ as an initial: no sound
_NIEUN, _RIEUL, _HIEUH = 2, 5, 18
_I = 20  # the vowel ㅣ
_U = 13  # the vowel ㅜ
_PALATALISED = {7: 12, 25: 14}  # final ㄷ, ㅌ before 이 read ㅈ, ㅊ
_NASAL = {"k": "ng", "t": "n", "p": "m"}
_VOICED_FINALS = frozenset({"", "n", "m", "ng"})


def is_hangul(char: str) -> bool:
    return HANGUL_FIRST <= ord(char) <= HANGUL_LAST


_HANGUL = re.compile(f"[{chr(HANGUL_FIRST)}-{chr(HANGUL_LAST)}]")


def has_hangul(text: str) -> bool:
    return _HANGUL.search(text) is not None


def jamo(syllable: str) -> tuple[int, int, int]:
    """(initial, vowel, final) indices of one precomposed hangul syllable; final 0 is none."""
    index = ord(syllable) - HANGUL_FIRST
    return index // _VOWELS_PER_INITIAL, (index % _VOWELS_PER_INITIAL) // 28, index % 28


def _sounds(word: str) -> list[tuple[int, int, str]]:
    """Each syllable as (initial, vowel, final sound) after the boundary sound changes that
    both systems write."""
    syllables = [jamo(c) for c in word]
    sounds: list[tuple[int, int, str]] = []
    initial_of_next: int | None = None
    for n, (initial, vowel, final) in enumerate(syllables):
        if initial_of_next is not None:
            initial = initial_of_next
        initial_of_next = None
        sound = _FINAL_SOUND[final]
        if n + 1 < len(syllables):
            following = syllables[n + 1][0]
            if following == _IEUNG and final and final != _NG_FINAL:
                initial_of_next, sound = _FINAL_AS_INITIAL[final], ""  # liaison: 한국어 han-gu-geo
                if syllables[n + 1][1] == _I and final in _PALATALISED:
                    initial_of_next = _PALATALISED[final]  # 해돋이 haedoji, 같이 gachi
            elif following == _RIEUL:
                if sound in ("l", "n"):
                    sound, initial_of_next = "l", _RIEUL  # 신라 silla, 설립 seollip (written ll)
                elif sound:
                    sound, initial_of_next = _NASAL.get(sound, sound), _NIEUN  # 종로 jongno, 독립 dongnip
            elif following in (_NIEUN, 6) and sound in _NASAL:  # before ㄴ ㅁ: 국민 gungmin
                sound = _NASAL[sound]
            elif following == _NIEUN and sound == "l":
                initial_of_next = _RIEUL  # 설날 seollal
        sounds.append((initial, vowel, sound))
    return sounds


def _initial_rr(initial: int, previous_final: str | None) -> str:
    if initial == _RIEUL:
        return "l" if previous_final == "l" else "r"
    return _RR_INITIAL[initial]


def _initial_mr(initial: int, previous_final: str | None) -> str:
    if initial == _RIEUL:
        return "l" if previous_final == "l" else "r"
    letters = _MR_INITIAL[initial]
    if previous_final is not None and previous_final in _VOICED_FINALS and initial in (0, 3, 7, 12):  # ㄱ ㄷ ㅂ ㅈ
        return _MR_VOICED[letters]
    return letters


@lru_cache(maxsize=100_000)
def romanise_rr(word: str) -> str:
    """One hangul word in Revised Romanization, lower case (조선 joseon, 신라 silla).
    Characters other than hangul syllables are left out."""
    out: list[str] = []
    previous: str | None = None
    for initial, vowel, final in _sounds("".join(c for c in word if is_hangul(c))):
        out.append(_initial_rr(initial, previous) + _RR_VOWEL[vowel] + final)
        previous = final
    return "".join(out)


def _romanise_mr(word: str, vowels: tuple[str, ...], popular: bool = False) -> str:
    out: list[str] = []
    previous: str | None = None
    for initial, vowel, final in _sounds("".join(c for c in word if is_hangul(c))):
        if popular and initial == _IEUNG and vowel == _U:
            out.append("woo" + final)  # 우 as names write it: Daewoo, Woori
        else:
            out.append(_initial_mr(initial, previous) + vowels[vowel] + final)
        previous = final
    return "".join(out)


@lru_cache(maxsize=100_000)
def romanise_mr(word: str) -> str:
    """One hangul word in McCune–Reischauer without diacritics, lower case (조선 choson,
    평양 pyongyang, 대구 taegu)."""
    return _romanise_mr(word, _MR_VOWEL)


@lru_cache(maxsize=100_000)
def romanise_popular(word: str) -> str:
    """MR with ŏ written u and 우 woo, as many names are (조선 chosun, 삼성 samsung, 대우 daewoo)."""
    return _romanise_mr(word, _POPULAR_VOWEL, popular=True)


def romanisations(word: str) -> tuple[str, ...]:
    """The distinct spellings of one hangul word: RR, MR and popular MR."""
    return tuple(dict.fromkeys(spelling for spelling in (romanise_rr(word), romanise_mr(word), romanise_popular(word)) if spelling))
