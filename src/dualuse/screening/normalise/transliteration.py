"""Katakana loanwords back to their English spelling, by a model learned from name pairs.

Japanese writes a foreign company name in katakana by sound (オークネット for AUCNET, シベール
for CYBELE, エクセディ for EXEDY); reading it as romaji ("ookunetto") leaves the English name
far away. The model here is a channel model learned by `lexicon/learn_transliteration.py`: each
mora (a kana with its small kana: シェ, ッ, ー count as one) is spelled by an English letter
string with a probability (ク → k, c, ck, "", …; a word-final mora has its own table, ル$ →
l, le, ru). `spellings` returns the most probable spellings of a word; the matcher offers them
as one more alternative reading and its fuzzy key comparison does the rest.

The tables are data (`screening/data/katakana_spellings.tsv`), with the pairs they were learned
from named in the file's header.

The other direction, English words to katakana (`katakana_spelling`), uses e2k's model, learned
from dictionaries; the matcher reads the katakana it gives like any kana and compares readings.
"""

from __future__ import annotations

import csv
import heapq
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

MODEL_FILE = "data/katakana_spellings.tsv"
COLUMNS = ("mora", "spelling", "probability", "count")
FINAL = "$"
"""Suffix of a mora's key when it ends the word (its spelling differs: ル$ → le)."""

BEAM = 8
SPELLINGS = 3  # spellings offered per word
MIN_PROBABILITY = 0.03  # spellings of a mora below this are never tried...
MAX_OPTIONS = 5  # ...nor more than this many per mora
MIN_MORAE = 2  # one-mora words (ア, ニ) are not loanwords worth spelling

_SMALL = frozenset("ァィゥェォャュョヮヵヶ")
_KATAKANA = frozenset(chr(c) for c in range(0x30A1, 0x30FB)) | {"ー", "ヴ"}


def is_katakana_word(text: str) -> bool:
    return bool(text) and all(c in _KATAKANA for c in text)


def morae(word: str) -> tuple[str, ...]:
    """The morae of a katakana word: each kana with the small kana that follow it (ティ, シェ);
    ッ, ン and ー are morae of their own."""
    found: list[str] = []
    for char in word:
        if char in _SMALL and found and found[-1] not in ("ッ", "ー", "ン"):
            found[-1] += char
        else:
            found.append(char)
    return tuple(found)


_VOWELS = {
    vowel: vowel_row
    for vowel_row, kana in (
        ("a", "アカサタナハマヤラワガザダバパァャヮヵ"),
        ("i", "イキシチニヒミリギジヂビピィヰ"),
        ("u", "ウクスツヌフムユルグズヅブプゥュヴ"),
        ("e", "エケセテネヘメレゲゼデベペェヱヶ"),
        ("o", "オコソトノホモヨロヲゴゾドボポォョ"),
    )
    for vowel in kana
}


def mora_keys(word_morae: tuple[str, ...]) -> tuple[str, ...]:
    """Each mora's key in the tables: the long-vowel mark keyed by the vowel it lengthens
    (キー → ee/ey, カー → ar, ルー → oo), the last mora marked final."""
    keys = []
    for i, mora in enumerate(word_morae):
        key = mora
        if mora == "ー" and i:
            key += _VOWELS.get(word_morae[i - 1][-1], "")
        keys.append(key + FINAL if i == len(word_morae) - 1 else key)
    return tuple(keys)


@dataclass(frozen=True, slots=True)
class SpellingModel:
    """mora key → ((spelling, log-probability), …), most probable first."""

    table: dict[str, tuple[tuple[str, float], ...]]

    def options(self, key: str) -> tuple[tuple[str, float], ...]:
        """A final mora without a table of its own is spelled as a non-final one."""
        found = self.table.get(key)
        if found is None and key.endswith(FINAL):
            found = self.table.get(key[: -len(FINAL)])
        return found or ()

    def spellings(self, word: str, count: int = SPELLINGS) -> tuple[str, ...]:
        """The `count` most probable English spellings of a katakana word (beam search);
        empty when the word is not katakana or has a mora the model never saw."""
        if not is_katakana_word(word):
            return ()
        keys = mora_keys(morae(word))
        if len(keys) < MIN_MORAE:
            return ()
        beam: list[tuple[float, str]] = [(0.0, "")]
        for key in keys:
            options = self.options(key)
            if not options:
                return ()
            grown = [(score + logp, text + spelling) for score, text in beam for spelling, logp in options]
            merged: dict[str, float] = {}
            for score, text in grown:
                if score > merged.get(text, -math.inf):
                    merged[text] = score
            beam = heapq.nlargest(BEAM, ((s, t) for t, s in merged.items()))
        return tuple(text for _, text in beam[:count] if text)


def read_model(text: str) -> SpellingModel:
    rows = csv.DictReader((line for line in text.splitlines() if not line.startswith("#")), delimiter="\t")
    grouped: dict[str, list[tuple[str, float]]] = {}
    for row in rows:
        probability = float(row["probability"])
        if probability >= MIN_PROBABILITY:
            grouped.setdefault(row["mora"], []).append((row["spelling"], math.log(probability)))
    return SpellingModel({key: tuple(sorted(found, key=lambda o: -o[1])[:MAX_OPTIONS]) for key, found in grouped.items()})


@cache
def default_model() -> SpellingModel:
    """The shipped model; an empty one when the file is absent (the matcher then reads only)."""
    source = resources.files("dualuse.screening").joinpath(MODEL_FILE)
    if not source.is_file():
        return SpellingModel({})
    return read_model(source.read_text("utf-8"))


@lru_cache(maxsize=200_000)
def english_spellings(word: str) -> tuple[str, ...]:
    """`spellings` of the shipped model, cached: names repeat their words."""
    return default_model().spellings(word)


@cache
def _english_to_katakana():
    """e2k's character-to-katakana model, `turbo` variant: a small RNN (numpy only) trained on
    Wiktionary and JMdict/EDICT (https://github.com/Patchethium/e2k, public domain), loaded on
    first use. The turbo variant is twenty times faster than the default (2 ms a word here)."""
    from e2k import C2K

    return C2K(model="turbo")


@lru_cache(maxsize=500_000)
def katakana_spelling(word: str) -> str:
    """How Japanese would write an English word in katakana (AUCNET → オークネット, KEYENCE →
    キーエンス, CURVES → カーブス): the other direction of the problem, by a model learned from
    dictionaries, not from our development pairs. Greedy decoding: the same word, the same kana."""
    if not word.isascii() or not word.isalpha():
        return ""
    return _english_to_katakana()(word.lower())
