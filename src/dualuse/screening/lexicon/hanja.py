"""Korean readings of hanja (`data/hanja_korean.tsv`, generated from the `hanja` package's
table by `scripts/build_hanja_korean.py`; source and licence in the file's header).

Why: a North or South Korean body's hanja name (朝鮮勞動黨, 大韓航空) is romanised from its
Korean reading (Chosŏn Rodongdang, Daehan Hanggong), which Mandarin and Japanese readings
miss. Readings are per character (Sino-Korean readings are regular: one syllable a character),
grouped into words of two syllables, as most Sino-Korean name words are. The table gives the
dictionary form (勞 로); South Korea writes a word-initial ㄹ as ㄴ or silent and ㄴ before
i/y as silent (the initial-sound rule, 두음법칙: 노동, 이씨), North Korea does not (로동, 리씨),
so both spellings are offered. Whether a name may be Korean at all is read from its script
(`may_be_korean`). A name's first character may also be a surname read in its
name reading (金 김 Kim, where the word reading is 금 kŭm: 金日成 Kim Il Sung, 金策工業 Kim Chaek).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from dualuse.screening.normalise.korean import HANGUL_FIRST, jamo
from dualuse.screening.normalise.legal import JAPANESE_COMPANY, japanese_company_forms
from dualuse.screening.normalise.readings import opencc_converter  # the converters the readings load: one of each

HANJA_FILE = "hanja_korean.tsv"
KOREAN_WORD = 2
"""Syllables per romanised word: Sino-Korean name words are mostly two characters (朝鮮
Chosŏn, 勞動 Rodong, 銀行 ŭnhaeng)."""

PERSONAL_NAME = 3
"""Syllables of most Korean personal names: a surname and a given name of two."""

_NIEUN, _RIEUL, _IEUNG = 2, 5, 11
_Y_VOWELS = frozenset({2, 3, 6, 7, 12, 17, 20})  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    readings: dict[str, str] = {}
    names: dict[str, str] = {}
    standard: set[str] = set()
    text = resources.files("dualuse.screening").joinpath("data", HANJA_FILE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        hanja, own, name, ks = (line.split("\t") + ["", "", ""])[:4]
        if own:
            readings[hanja] = own.split(",")[0]
        if name:
            names[hanja] = name.split(",")[0]
        if ks:
            standard.add(hanja)
    return readings, names, frozenset(standard)


def hanja_readings() -> dict[str, str]:
    """Each hanja's first Korean reading (hangul syllable)."""
    return _tables()[0]


def name_readings() -> dict[str, str]:
    """A hanja's reading as a personal name where it differs from its word reading (金 김)."""
    return _tables()[1]


KOREA_NAMES = ("朝鲜", "韩国", "大韩", "高丽")
"""The country's own names (simplified, as compared): a name that holds one may be a Korean
body's whatever forms its characters take (朝鮮鉱業 written with Japanese 鉱)."""


@lru_cache(maxsize=20_000)
def _foreign_form(char: str) -> bool:
    """A simplified or Japanese form of another character (会 of 會, 発 of 發, 鲜 of 鮮) that the
    Korean standard sets do not hold (里, 台 are forms of 裏, 臺 and Korean characters too)."""
    if char in _tables()[2]:
        return False
    return opencc_converter("s2t").convert(char) != char or opencc_converter("jp2t").convert(char) != char


CHINESE_COMPANY = "公司"
"""The Chinese word for a company, in Chinese legal forms (有限公司): Korea writes 會社 (公社 is
a public corporation, another word)."""


def may_be_korean(written: str, canonical: str) -> bool:
    """Whether a CJK name without kana may be Korean by its script: it names Korea, or it has
    neither a Chinese company form (公司) nor an ideograph in a simplified or Japanese form (会 of
    株式会社 or 有限公司, where Korea writes 會) except in a company that Japanese writing calls
    a bare 会社: a Japanese company never calls itself so but 株式会社 or another of Japan's
    forms, so a bare one is Korea's 會社 (회사) as Japanese writes it (南川江貿易会社,
    Namchongang Trading Corporation, on a Japanese list)."""
    if any(name in canonical for name in KOREA_NAMES):
        return True
    if CHINESE_COMPANY in canonical:
        return False
    if JAPANESE_COMPANY in canonical and not any(form in canonical for form in japanese_company_forms()):
        return True
    return not any(_foreign_form(char) for char in written if "\u3400" <= char <= "\u9fff")


def _syllable(initial: int, vowel: int, final: int) -> str:
    return chr(HANGUL_FIRST + (initial * 21 + vowel) * 28 + final)


def initial_sound_rule(word: str) -> str:
    """South Korean spelling of a Sino-Korean word's first syllable (두음법칙): 로동 → 노동,
    리 → 이, 녀 → 여, 락 → 낙."""
    if not word:
        return word
    initial, vowel, final = jamo(word[0])
    if initial == _RIEUL:
        initial = _IEUNG if vowel in _Y_VOWELS else _NIEUN
    elif initial == _NIEUN and vowel in _Y_VOWELS:
        initial = _IEUNG
    else:
        return word
    return _syllable(initial, vowel, final) + word[1:]


@lru_cache(maxsize=100_000)
def korean_words(text: str) -> tuple[tuple[str, ...], ...]:
    """The hangul readings of a run of hanja as words of `KOREAN_WORD` syllables, in North
    Korean spelling (as read) and in South Korean (initial-sound rule), distinct; () when a
    character has no Korean reading in the table (kana, a Japanese-only form); then the same
    with the first character in its name reading, if it has one (see the module's docstring)."""
    table = hanja_readings()
    syllables = [table.get(char) for char in text]
    if not syllables or any(s is None for s in syllables):
        return ()
    read = "".join(s for s in syllables if s)
    surname = name_readings().get(text[0])
    words = _words(read)
    found = [words, tuple(initial_sound_rule(word) for word in words)]
    if surname:
        # a person's name (a surname and a given name of two syllables) is the surname and the
        # given name (김 정일 Kim Jong-il); a longer name keeps its words (김책 공업 Kim Chaek ...)
        words = (surname, *_words(read[1:])) if len(read) == PERSONAL_NAME else _words(surname + read[1:])
        found += [words, tuple(initial_sound_rule(word) for word in words)]
    return tuple(dict.fromkeys(found))


def _words(read: str) -> tuple[str, ...]:
    return tuple(read[i : i + KOREAN_WORD] for i in range(0, len(read), KOREAN_WORD))
