"""Script-independent text clean-up and the Latin keys every name is compared on.

Names arrive full-width (ＴＤＫ), with ideographic spaces, middle dots between katakana words
(アイ・ジェット), control characters pasted from PDFs, or thousands of characters long. Every
matcher needs the same clean form, and every comparison happens on *keys*: lower-case ASCII
tokens in which the spelling differences that separate a romanised Japanese reading from an
English spelling of the same sound (long vowels written ou/uu/oh, l/r, v/b, plural -s) are
folded away, so that "Nittou Kouki" and "NITTO KOHKI" share a key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

MAX_NAME_CHARS = 512
"""Longer inputs are cut: no party name is this long, and the cost of a match grows with length."""

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff\ud800-\udfff]")  # lone surrogates too
_SPACE = re.compile(r"\s+")
_WORD_SEPARATORS = re.compile(r"[・･·•‧/\\|_\-–—‐]+")
_PUNCT = re.compile(r"[^\w\s&]+")
_LATIN_TOKEN = re.compile(r"[a-z0-9]+")
_GROUP_REFERENCE = re.compile(r"\\(\d)")
_SIMPLE_TEMPLATE = re.compile(r"(?:[^\\]|\\\d(?!\d))*")  # one-digit references only: re reads \12 as group 12


class Replacement:
    """A `re.sub` template with group references (r"\1", r"\1i", r"\1 \2") as a function of
    the match. Given the template itself, Python 3.11 runs re's Python helpers on every `sub`
    call (measured: 1.5 µs without a match, 3.5 µs with one, against 0.3 µs for a plain
    replacement), and these run for every new word of every query."""

    __slots__ = ("template", "parts")

    def __init__(self, template: str):
        self.template = template
        parts: list[tuple[int, str]] = []  # (group number, "") or (-1, literal text)
        for i, piece in enumerate(_GROUP_REFERENCE.split(template)):  # literal, group number, literal, …
            if i % 2:
                parts.append((int(piece), ""))
            elif piece:
                parts.append((-1, piece))
        self.parts = tuple(parts)

    def __call__(self, match: re.Match[str]) -> str:
        out = []
        for group, literal in self.parts:
            out.append(literal if group < 0 else match.group(group) or "")
        return "".join(out)

    def __repr__(self) -> str:
        return f"Replacement({self.template!r})"


def replacement(template: str) -> str | Replacement:
    """The replacement to give `Pattern.sub` for a template: itself when it refers to no group."""
    if "\\" not in template:
        return template
    if not _SIMPLE_TEMPLATE.fullmatch(template):
        raise ValueError(f"only \\N group references are supported in a replacement template: {template!r}")
    return Replacement(template)


def clean(text: str) -> str:
    """NFKC (full-width to ASCII, half-width kana to full), no control characters nor lone
    surrogates (a Python caller can pass them; no UTF-8 file can, and no library downstream
    takes them), one space."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _CONTROL.sub(" ", text)[:MAX_NAME_CHARS]
    text = _WORD_SEPARATORS.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def is_han(char: str) -> bool:
    """A CJK ideograph (kanji / hanzi), including the 々 repetition mark."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x323AF  # extensions B–H and the compatibility supplement (opencc writes 繐 as 𰬸, extension G)
        or char == "々"
    )


def is_kana(char: str) -> bool:
    """Hiragana or katakana, with the long-vowel mark."""
    code = ord(char)
    return 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF


def is_cjk(char: str) -> bool:
    return is_han(char) or is_kana(char)


def has_cjk(text: str) -> bool:
    return any(is_cjk(c) for c in text)


def has_kana(text: str) -> bool:
    return any(is_kana(c) for c in text)


def latin_tokens(text: str) -> list[str]:
    """ASCII-folded lower-case tokens; `&` reads as `and` so "Marine & Equipment" meets 与."""
    folded = unidecode(text).lower().replace("&", " and ")
    return _LATIN_TOKEN.findall(_PUNCT.sub(" ", folded))


_KEY_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"ies$", "y"),  # industries / industry
        (r"x", "ks"),  # katakana spells x as ks: アサックス asakkusu / ASAX
        (r"(?<=[^aeiou])y$", "i"),  # final y sounds i: エクセディ ekusedi / EXEDY
        (r"(?<=[a-z]{5})s$", ""),  # systems / system (not short names: RAKUS, SIOS)
        (r"ou|oo|oh(?![aeiou])", "o"),  # Hepburn long o: kouki / kohki / koki
        (r"uu", "u"),
        (r"ii", "i"),
        (r"aa", "a"),
        (r"ee", "e"),
        (r"l", "r"),  # Japanese and Chinese transcriptions do not separate l and r
        (r"v", "b"),
        (r"ph", "f"),
        (r"ck|c(?![hiey])|q", "k"),  # hard c: factory / fakutori
        (r"([b-df-hj-np-tv-z])\1", r"\1"),  # doubled consonants: nitto / nito
    )
)


_VOWEL = re.compile(r"[aeiouy]")


@lru_cache(maxsize=500_000)
def token_key(token: str) -> str:
    """The comparison key of one lower-case Latin token. A token without vowels is an
    acronym (SMC, TDK) and keeps its letters: SMC is not SMK."""
    if not _VOWEL.search(token):
        return token
    if _FAST_KEY and token.isascii() and token.isalnum() and token == token.lower():
        return _fast_key(token)
    for pattern, replacement in _KEY_RULES:
        token = pattern.sub(replacement, token)
    return token


_FAST_KEY = tuple((pattern.pattern, replacement) for pattern, replacement in _KEY_RULES) == (
    ("ies$", "y"), ("x", "ks"), ("(?<=[^aeiou])y$", "i"), ("(?<=[a-z]{5})s$", ""), ("ou|oo|oh(?![aeiou])", "o"),
    ("uu", "u"), ("ii", "i"), ("aa", "a"), ("ee", "e"), ("l", "r"), ("v", "b"), ("ph", "f"),
    ("ck|c(?![hiey])|q", "k"), (r"([b-df-hj-np-tv-z])\1", r"\1"),
)  # the rules `_fast_key` implements; should they change, keys take the rules one by one


def _fast_key(token: str) -> str:
    """`_KEY_RULES` in order on a token of a-z and 0-9: string methods for the rules that are
    literal or anchored at the end, a regex only where one is needed and its letter occurs
    (fourteen regex passes were most of the cost of a query's new words)."""
    if token.endswith("ies"):
        token = token[:-3] + "y"
    token = token.replace("x", "ks")
    if token.endswith("y") and len(token) > 1 and token[-2] not in "aeiou":
        token = token[:-1] + "i"
    if token.endswith("s") and len(token) > 5 and token[-6:-1].isalpha():
        token = token[:-1]
    if "o" in token:
        token = _KEY_RULES[4][0].sub("o", token)
    token = token.replace("uu", "u").replace("ii", "i").replace("aa", "a").replace("ee", "e")
    token = token.replace("l", "r").replace("v", "b").replace("ph", "f")
    if "c" in token or "q" in token:
        token = _KEY_RULES[12][0].sub("k", token)
    return _undouble_consonants(token)


_CONSONANTS = frozenset("bcdfghjklmnpqrstvwxyz")


def _undouble_consonants(token: str) -> str:
    """`([b-df-hj-np-tv-z])\\1` → `\\1`, left to right as the regex goes (ttt → tt)."""
    out = []
    i, size = 0, len(token)
    while i < size:
        char = token[i]
        out.append(char)
        i += 2 if i + 1 < size and token[i + 1] == char and char in _CONSONANTS else 1
    return "".join(out)


_SKELETON_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"sh|ch|ts|tz|th|z|x|c(?=[eiy])", "s"),
        (r"j|dz|g(?=[eiy])", "j"),
        (r"f|wh", "h"),
        (r"[aeiouyw]", ""),
        (r"(.)\1+", r"\1"),
    )
)


_VOICELESS = str.maketrans({"g": "k", "z": "s", "j": "sh", "d": "t"})
_VOICED_H = re.compile(r"(?<=[aeiou])[bp]")


@lru_cache(maxsize=500_000)
def voiceless(key: str) -> str:
    """A key with its voiced consonants made voiceless. The second word of a Japanese name is
    often voiced where it joins the first (rendaku), and a reading may guess either way: 前澤
    is Maezawa, MeCab reads it "maesawa"; 稲畑 is Inabata, "inahata"; 中島 Nakajima,
    "nakashima". B and p are h only after a vowel, where rendaku puts them (Spiber is no
    "shiberu"). Rendaku never voices a name's first sound: callers also ask that the first
    letters agree (Topre is no "dobre")."""
    key = key.translate(_VOICELESS)
    return _VOICED_H.sub("h", key) if "b" in key or "p" in key else key


@lru_cache(maxsize=500_000)
def skeleton(key: str) -> str:
    """Consonant skeleton of a key: how a katakana loanword and its English source still meet.

    シェンジェン "shienjien" and "Shenzhen" → "snjn"/"snsn"; ファクトリー "fakutori" and
    "factory" → "hktr". Only used on keys long enough that the skeleton stays distinctive.
    """
    if _FAST_SKELETON:
        return _fast_skeleton(key)
    for pattern, replacement in _SKELETON_RULES:
        key = pattern.sub(replacement, key)
    return key


_FAST_SKELETON = tuple((pattern.pattern, replacement) for pattern, replacement in _SKELETON_RULES) == (
    ("sh|ch|ts|tz|th|z|x|c(?=[eiy])", "s"), ("j|dz|g(?=[eiy])", "j"), ("f|wh", "h"), ("[aeiouyw]", ""), (r"(.)\1+", r"\1"),
)  # the rules `_fast_skeleton` implements; should they change, skeletons take the rules one by one
_NO_VOWELS = str.maketrans("", "", "aeiouyw")


def _fast_skeleton(key: str) -> str:
    """`_SKELETON_RULES` in order, the literal ones as string methods (j → j needs nothing), a
    regex only where its letters occur."""
    if "h" in key or "z" in key or "x" in key or "c" in key or "ts" in key:
        key = _SKELETON_RULES[0][0].sub("s", key)
    if "g" in key or "dz" in key:
        key = _SKELETON_RULES[1][0].sub("j", key)
    if "f" in key or "wh" in key:
        key = key.replace("wh", "h").replace("f", "h")
    key = key.translate(_NO_VOWELS)
    return _collapse_runs(key)


def _collapse_runs(text: str) -> str:
    """`(.)\\1+` → `\\1`: each run of one character as one (`.` leaves newlines alone)."""
    out = []
    previous = ""
    for char in text:
        if char != previous or char == "\n":
            out.append(char)
        previous = char
    return "".join(out)
