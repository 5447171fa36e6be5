"""The simple matcher: one normalised key per alias, equal keys are a hit.

Normalisation folds width (NFKC), case, Japanese shinjitai and traditional characters to
simplified (opencc t2s, then jp2t and t2s again), drops legal forms in Chinese, Japanese and Latin scripts
and all punctuation (the legal forms of `data/legal_forms.yaml`, as the cross-script matcher
reads them). It meets 三菱重工業 / 三菱重工业, ＴＤＫ株式会社 / TDK Corporation, but not
Mitsubishi Heavy Industries / 三菱重工业: that is the cross-script matcher's work.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache
from typing import ClassVar, Sequence

import opencc

from dualuse.screening.base import FeatureScore, PartyMatch, ScreenedEntity
from dualuse.screening.normalise.legal import (
    is_generic_cjk,
    is_generic_word,
    strip_cjk_forms,
    strip_latin_forms,
)
from dualuse.vocabulary import Band

_JP_TO_TRAD = opencc.OpenCC("jp2t")
_TRAD_TO_SIMP = opencc.OpenCC("t2s")
# Variants opencc's t2s leaves alone (jp2t writes 衛 as the variant 衞).
_VARIANTS = str.maketrans({"衞": "卫"})

_PREFIX_REVIEW_MIN = 4  # a shorter name is too common to raise even a review by prefix alone
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def _names_no_one(token: str) -> bool:
    """A word that names no party: a generic word (trading, group) or CJK legal forms alone (有限公司)."""
    return is_generic_word(token) or is_generic_cjk(token)


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The comparison key of a name: script-, width-, case- and legal-form-insensitive; "" for a
    name that names no one (only legal forms, generic words and punctuation: "LIMITED", "(LLC)",
    有限公司), which is never indexed: two such names would be equal keys, a hit.

    Legal forms are those of `data/legal_forms.yaml`, set aside as the cross-script matcher sets
    them aside (`normalise.legal`): CJK forms anywhere when long, at the edges when short; Latin
    forms at the edges, with typos scaled to their length (LIMITED LIABILUITY COMPEANY)."""
    text = unicodedata.normalize("NFKC", name).casefold()
    # t2s first (衛 -> 卫), then shinjitai via traditional (庁 -> 廳 -> 厅).
    simplified = _TRAD_TO_SIMP.convert(text)
    text = _TRAD_TO_SIMP.convert(_JP_TO_TRAD.convert(simplified)).translate(_VARIANTS)
    written, _ = strip_latin_forms([t for t in _NON_WORD.split(text) if t])
    if all(_names_no_one(token) for token in written):  # before 公司 is set aside from 有限公司, leaving 有限
        return ""
    text, _ = strip_cjk_forms(text)
    tokens, _ = strip_latin_forms([t for t in _NON_WORD.split(text) if t])
    return "".join(tokens)


class NormalisedMatcher:
    """Exact match on normalised keys; a long shared prefix is a review, never a hit."""

    NAME: ClassVar[str] = "normalised"

    def __init__(self, entities: Sequence[ScreenedEntity]):
        self._by_key: dict[str, list[tuple[ScreenedEntity, str]]] = {}
        for entity in entities:
            for alias in entity.names:
                key = normalise(alias.value)
                if key:
                    self._by_key.setdefault(key, []).append((entity, alias.value))
        self._keys = sorted(self._by_key)

    def match(self, name: str, country: str | None = None, top: int = 5) -> list[PartyMatch]:
        key = normalise(name)
        if not key:
            return []
        found: dict[str, PartyMatch] = {}
        for entity, alias in self._by_key.get(key, []):
            found.setdefault(entity.entity_id, self._exact(entity, alias, key, country))
        for other in self._prefix_neighbours(key):
            for entity, alias in self._by_key[other]:
                found.setdefault(entity.entity_id, self._prefix(entity, alias, key, other))
        ranked = sorted(found.values(), key=lambda m: (-m.score, m.entity_id))
        return ranked[:top]

    def _exact(self, entity: ScreenedEntity, alias: str, key: str, country: str | None) -> PartyMatch:
        same_country = country is None or entity.country is None or country == entity.country
        band = Band.HIT if same_country else Band.REVIEW
        why = f"normalised name {key!r} equals alias {alias!r}"
        if not same_country:
            why += f", but the party is in {country} and the entry in {entity.country}"
        features = (FeatureScore("normalised_equal", 1.0, 1.0, why),)
        return PartyMatch(entity.entity_id, entity.names[0].value, 1.0 if same_country else 0.9, band, features, why, alias)

    def _prefix(self, entity: ScreenedEntity, alias: str, key: str, other: str) -> PartyMatch:
        shorter, longer = sorted((key, other), key=len)
        score = round(len(shorter) / len(longer), 3)
        why = f"normalised name {key!r} and alias {alias!r} share the prefix {shorter!r}"
        return PartyMatch(entity.entity_id, entity.names[0].value, score, Band.REVIEW, (FeatureScore("prefix", score, 1.0, why),), why, alias)

    def _prefix_neighbours(self, key: str) -> list[str]:
        """Keys that start with the query, or that the query starts with (both long enough)."""
        if len(key) < _PREFIX_REVIEW_MIN:
            return []
        out = []
        start = bisect.bisect_left(self._keys, key)
        for other in self._keys[start:]:
            if not other.startswith(key):
                break
            if other != key:
                out.append(other)
        for cut in range(_PREFIX_REVIEW_MIN, len(key)):
            if key[:cut] in self._by_key:
                out.append(key[:cut])
        return out
