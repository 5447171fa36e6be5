"""Chinese renderings of foreign names, read back into the spelling they render.

Chinese writes a foreign name by sound with a small set of characters (泰雷兹 for Thales, 霍尼韦尔
for Honeywell, 赛峰 for Safran); its pinyin (tai lei zi) is far from the English spelling, and
the rule-based reading (`readings.pinyin_sound`) only fixes the commonest gaps. This module holds
a small learned model of the other spellings: for each pinyin syllable (by its place in the
name) the English letters it renders, and a letter n-gram model of the names written in
English, decoded together into the n best spellings (普雷斯顿 → "preston", 利伯曼 → "liberman",
…). Exact spellings are often missed (泰雷兹 → "tarez", not Thales): the spellings are readings,
met by a near miss like the rule's.

The model is data (`screening/data/foreign_names.json`), built by `scripts/build_foreign_names.py`
from CC-CEDICT's transliterated proper names and the development side of the bundled bilingual
list entries only, never from evaluation names; it is loaded on first use, pure Python.
A run is read so only when every character of it is one the model saw in renderings
(`is_rendering`): 重工 or 深圳 are words, not sounds.
"""

from __future__ import annotations

import json
import math
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from dualuse.screening.normalise.readings import lazy_pinyin  # pypinyin imported on first use

MODEL_FILE = "data/foreign_names.json"
SPELLINGS = 16
"""Spellings kept per rendering: the aligner takes whichever the other name agrees with, and
the right one is often not among the first three (because the model learns sounds, not
spellings). Chosen on the development side of the bundled lists' pairs: 3, 6, 10, 16, 24 gave
top-1 0.732, 0.737, 0.737, 0.747, 0.747 (zh→en) with the same false hits on unlisted EDINET
names (benchmarks/SCREENING.md)."""
BEAM = 24
"""Partial spellings carried from one syllable to the next."""
MIN_SYLLABLES = 2
"""Syllables a run needs before it is read as a rendering (one character is no name)."""
MAX_SYLLABLES = 8


class ForeignNameModel:
    """Syllable → letters probabilities by the syllable's place (`B`egin, `M`iddle, `E`nd,
    `S`ingle) with the place-free table as a fallback, and a letter n-gram model; a bonus a
    letter keeps the n-gram model from preferring short spellings (it pays for every letter)."""

    def __init__(self, data: dict[str, Any]):
        self.order: int = data["order"]
        self.lm_weight: float = data["lm_weight"]
        self.place_weight: float = data["place_weight"]
        self.units: dict[str, dict[str, float]] = data["units"]
        self.placed: dict[str, dict[str, float]] = data["placed"]
        self.ngrams: dict[str, float] = data["ngrams"]
        self.backoff: float = data["backoff"]
        self.letter_bonus: float = data["letter_bonus"]
        self.floor: float = data["floor"]
        self.characters: frozenset[str] = frozenset(data["characters"])

    def _letter_logprob(self, history: str, letter: str) -> float:
        """Stupid backoff over the stored log-probabilities of letter n-grams."""
        penalty = 0.0
        context = history[-(self.order - 1) :]
        while True:
            found = self.ngrams.get(context + letter)
            if found is not None:
                return found + penalty
            if not context:
                return self.floor + penalty
            context = context[1:]
            penalty += self.backoff

    def _chunks(self, syllable: str, place: str) -> list[tuple[str, float]]:
        general = self.units.get(syllable, {})
        placed = self.placed.get(f"{place}:{syllable}", {})
        chunks = set(general) | set(placed)
        w = self.place_weight if placed else 0.0
        scored = [(chunk, math.log(w * placed.get(chunk, 0.0) + (1 - w) * general.get(chunk, 0.0) + 1e-9)) for chunk in chunks]
        return sorted(scored, key=lambda item: -item[1])

    def spell(self, syllables: tuple[str, ...], n: int = SPELLINGS) -> tuple[str, ...]:
        """The `n` best English spellings of a rendering's pinyin syllables (toneless, ü as v)."""
        if not syllables or any(s not in self.units for s in syllables):
            return ()
        beams: list[tuple[float, str]] = [(0.0, "^")]
        last = len(syllables) - 1
        for i, syllable in enumerate(syllables):
            place = "S" if last == 0 else "B" if i == 0 else "E" if i == last else "M"
            grown: dict[str, float] = {}
            for score, spelt in beams:
                for chunk, logprob in self._chunks(syllable, place):
                    total, history = score + logprob + self.letter_bonus * len(chunk), spelt
                    for letter in chunk:
                        total += self.lm_weight * self._letter_logprob(history, letter)
                        history += letter
                    if total > grown.get(history, -math.inf):
                        grown[history] = total
            beams = sorted(((score, spelt) for spelt, score in grown.items()), reverse=True)[:BEAM]
        ended = sorted(((score + self.lm_weight * self._letter_logprob(spelt, "$"), spelt[1:]) for score, spelt in beams), reverse=True)
        return tuple(spelt for _, spelt in ended if spelt)[:n]


@cache
def model() -> ForeignNameModel:
    """The shipped model, read once."""
    return ForeignNameModel(json.loads(resources.files("dualuse.screening").joinpath(MODEL_FILE).read_text("utf-8")))


def syllables_of(text: str) -> tuple[str, ...]:
    """Toneless pinyin of simplified Chinese text, ü written v (as the model was trained)."""
    return tuple(s for s in lazy_pinyin(text) if s.isascii() and s.isalpha())


def is_rendering(text: str) -> bool:
    """Whether a run of simplified Chinese may be a foreign name written by sound: at least
    `MIN_SYLLABLES` characters, every one of them a character the model saw in renderings."""
    return MIN_SYLLABLES <= len(text) <= MAX_SYLLABLES and sounds_only(text)


def sounds_only(text: str) -> bool:
    """Whether every character of `text` is one the model saw in renderings."""
    characters = model().characters
    return all(char in characters for char in text)


@lru_cache(maxsize=100_000)
def foreign_spellings(text: str, n: int = SPELLINGS) -> tuple[str, ...]:
    """The English spellings a run of simplified Chinese may render (普雷斯顿 → preston, …),
    best first; empty unless `is_rendering`. Each has more letters than the run has syllables:
    the model may let a syllable write nothing (斯 is often a silent s), but 杜邦 is no "da"
    (which met DA Holdings exactly), nor 伊顿 "in"."""
    if not is_rendering(text):
        return ()
    syllables = syllables_of(text)
    if len(syllables) != len(text):
        return ()
    return tuple(spelt for spelt in model().spell(syllables, BEAM) if len(spelt) > len(syllables))[:n]
