"""Candidate retrieval without a scan: a TF-IDF index over character n-grams of every form.

Each alias row is indexed under the character trigrams and whole keys of *every*
alternative of every slot (Latin spelling, translations, cutlet/kakasi readings, pinyin)
under its short keys with every letter dropped in turn (a one-edit neighbourhood, as in
SymSpell: NDOA and NODA share "nda", so a typo in a short name still finds it), under the
consonant-skeleton trigrams of each alternative (so 三泰克托 "santaiketuo" can
find "Sun Tectro") and under the character unigrams and bigrams of its canonical CJK form. A query is turned
into the same features and scored against the index by one sparse product over only the
columns it has (an inverted-index lookup), so the cost grows with the postings of the
query's n-grams, not with the length of the list. The same document frequencies give the
token IDF that the aligner weighs words with.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from mypy_extensions import mypyc_attr

from dualuse.screening.matchers.crossscript.config import RETRIEVAL, TOKENS
from dualuse.screening.matchers.crossscript.align import slot_weight
from dualuse.screening.matchers.crossscript.forms import NameForm, Slot, word_initials
from dualuse.screening.matchers.crossscript.labels import ABBREVIATED, FOREIGN, LATIN, LETTERS
from dualuse.screening.normalise.legal import is_generic_word
from dualuse.screening.normalise.text import skeleton, voiceless


@lru_cache(maxsize=500_000)
def _key_features(key: str, n: int = RETRIEVAL.ngram) -> tuple[str, ...]:
    """The features one key contributes: itself (voiceless when long enough, so that a reading
    and a name that differ in voicing alone share it: `voiceless`), its one-deletion neighbours
    when short, and its padded character n-grams. Cached: names repeat their words."""
    features = ["w:" + (voiceless(key) if len(key) >= TOKENS.min_voicing_chars else key)]
    if len(key) <= RETRIEVAL.max_deletion_key:
        features.append("d:" + key)
        features.extend("d:" + key[:i] + key[i + 1 :] for i in range(len(key)))
    padded = f"^{key}$"
    features.extend("n:" + padded[i : i + n] for i in range(max(1, len(padded) - n + 1)))
    return tuple(features)


@lru_cache(maxsize=500_000)
def _sound_features(keys: tuple[str, ...], n: int = RETRIEVAL.ngram) -> tuple[str, ...]:
    sounds = skeleton("".join(keys))
    return tuple("k:" + sounds[i : i + n] for i in range(len(sounds) - n + 1))


def form_features(form: NameForm, cached: bool = True) -> set[str]:
    """Retrieval features of one name form. A list is indexed with `cached` off: a million
    names would fill the per-key caches with the list's words, which queries seldom repeat.
    An abbreviation (MFG: abbreviations.yaml) is indexed by the word it stands for alone, not
    as written: as written it is rare, and the one list row that wrote it (Yamato Mobility &
    Mfg.) outscored the rest so far that the relative floor cut 株式会社丸山製作所 from
    MARUYAMA MFG.CO.,INC.'s candidates. Spelt out, it meets 製作所's gloss and every row
    that writes Manufacturing, the Mfg row among them."""
    key_features = _key_features if cached else _key_features.__wrapped__
    sound_features = _sound_features if cached else _sound_features.__wrapped__
    features: set[str] = set()
    for slot in form.slots:
        abbreviated = any(alternative.label == ABBREVIATED for alternative in slot.alternatives)
        for alternative in slot.alternatives:
            if abbreviated and alternative.label == LATIN:
                continue  # found by the word it stands for (see above)
            keys = alternative.keys if len(alternative.keys) == 1 else (*alternative.keys, "".join(alternative.keys))
            for key in keys:  # a reading in several words is also one word (san ki = SANKI)
                features.update(key_features(key))
            features.update(sound_features(alternative.keys))
    features.update(initialism_features(form))
    cjk = form.cjk
    features.update("c:" + ch for ch in cjk)
    features.update("c:" + cjk[i : i + 2] for i in range(len(cjk) - 1))
    return features


def initialism_features(form: NameForm) -> set[str]:
    """A name's initialisms, as its Latin words' initials (`word_initials`: Mitsubishi Heavy
    Industries MHI) and as written (a short Latin word, or letters spelt out: MHI, ジーエフシー), under
    one prefix: each kind finds the other in `NgramIndex.search`'s own pass."""
    low, high = TOKENS.initials
    features = {"i:" + key for key, _ in word_initials(form.slots)}
    for slot in form.slots:
        first = slot.alternatives[0]
        if first.label == LETTERS or (first.label == LATIN and slot.text.isalpha() and not slot.descriptor and not is_generic_word(slot.text)):
            written = first.keys[0] if first.label == LETTERS else slot.text
            if len(first.keys) == 1 and low <= len(written) <= high:
                features.update(("i:" + written, "i:" + first.keys[0]))
    return features


def rendering_features(form: NameForm) -> set[str]:
    """The features of a query's spellings of Chinese renderings of foreign names alone
    (`FOREIGN`: 海克斯康 "heiskon", Hexagon): beside the dozen readings of the same characters
    they share few n-grams with the name they render, and the main pass's relative floor cuts it."""
    features: set[str] = set()
    for slot in form.slots:
        for alternative in slot.alternatives:
            if alternative.label == FOREIGN:
                for key in alternative.keys:
                    features.update(_key_features(key))
                features.update(_sound_features(alternative.keys))
    return features


SMALL_POSTINGS = 256
"""Postings a pass of its own adds up in plain Python (`NgramIndex._own_pass`); more go to NumPy."""


def form_tokens(form: NameForm) -> set[str]:
    return {key for slot in form.slots for alt in slot.alternatives for key in alt.keys}


class _SlotWeights(dict):
    """Slot → `align.slot_weight` over an index's IDF, worked out on first lookup. Holds the
    index, not its bound `token_idf`: a compiled method object does not pickle."""

    def __init__(self, index: NgramIndex, across_scripts: bool = True):
        super().__init__()
        self._index = index
        self._across_scripts = across_scripts

    def __missing__(self, slot: Slot) -> float:
        weight = self[slot] = slot_weight(slot, self._index.token_idf, self._across_scripts)
        return weight


DENSE_ROWS = 200_000
"""Up to this many rows, a query's scores are summed in one dense array over all rows."""


def _row_sums(values: np.ndarray, row_start: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Each row's values added up as scipy's `multiply(...).sum(axis=1)` added them when it
    built the index (`add.reduceat` over each row, backwards unless every row's columns
    ascend): the same norms to the bit, so the same scores and the same ranking."""
    if not _columns_ascend(cols, row_start):
        values = values[row_start[:-1][rows] + row_start[1:][rows] - 1 - np.arange(len(values))]
    sums = np.zeros(len(row_start) - 1, dtype=np.float32)
    filled = np.diff(row_start).nonzero()[0]
    if len(filled):
        sums[filled] = np.add.reduceat(values, row_start[:-1][filled])
    return sums


def _columns_ascend(cols: np.ndarray, row_start: np.ndarray) -> bool:
    """Whether every row's columns strictly ascend (scipy's canonical format)."""
    within = np.ones(max(len(cols) - 1, 0), dtype=bool)
    boundaries = row_start[1:-1]
    within[boundaries[(boundaries > 0) & (boundaries < len(cols))] - 1] = False
    return bool((np.diff(cols)[within] > 0).all())


@mypyc_attr(native_class=False)  # a plain class when compiled, so it pickles as before (see screening/compiled.py)
class NgramIndex:
    """Rows are alias forms; `search` returns the best rows for a query form.

    Stored column by column (feature → rows holding it, with the score the feature gives the
    row), i.e. a compressed inverted index in three NumPy arrays: 8 bytes a posting.
    """

    def __init__(self, forms: Sequence[NameForm]):
        self.size = len(forms)
        vocabulary: dict[str, int] = {}
        indptr, indices = array("q", [0]), array("i")
        token_df: Counter[str] = Counter()
        for form in forms:
            indices.extend(vocabulary.setdefault(feature, len(vocabulary)) for feature in form_features(form, cached=False))
            indptr.append(len(indices))
            token_df.update(form_tokens(form))
        cols = np.frombuffer(indices, dtype=np.int32) if indices else np.zeros(0, dtype=np.int32)
        row_start = np.frombuffer(indptr, dtype=np.int64)
        self._df = np.bincount(cols, minlength=len(vocabulary))
        idf = (np.log((self.size + 1) / (self._df + 1)) + 1).astype(np.float32)
        squares = idf[cols]
        del indices, idf
        squares *= squares  # in place: a million names hold a hundred million postings
        rows = np.repeat(np.arange(self.size, dtype=np.int32), np.diff(row_start))
        norms = np.sqrt(_row_sums(squares, row_start, rows, cols))
        norms[norms == 0] = 1
        # a kanji name carries a dozen readings, a katakana or Latin one two: full cosine
        # normalisation would rank every kanji row below the rest (see RETRIEVAL.length_norm)
        norms **= RETRIEVAL.length_norm
        # a posting's score is the row's weight (IDF over the row's norm) times the query's
        # weight, the same IDF over the query's norm: that norm scales every row's total alike,
        # so the product is stored, IDF squared over the row's norm, and the query adds up
        squares *= (1 / norms).astype(np.float32)[rows]
        by_column = cols.argsort(kind="stable")  # column by column, each column's rows in order
        index_type: Any = np.int32 if len(cols) < 2**31 else np.int64  # as scipy chose: the smallest that holds them
        col_start = np.zeros(len(vocabulary) + 1, dtype=index_type)
        np.cumsum(self._df, out=col_start[1:])
        self._col_start, self._col_rows, self._col_score = col_start, rows[by_column], squares[by_column]
        self._vocabulary = vocabulary
        self._token_df = token_df
        self._max_idf = math.log(self.size + 1) + 1
        self.slot_weight: Callable[[Slot], float] = _SlotWeights(self).__getitem__
        """`align.slot_weight` over this index's IDF, remembered per slot: a dict lookup, as the
        aligner asks for every slot of every pair."""
        self.latin_slot_weight: Callable[[Slot], float] = _SlotWeights(self, across_scripts=False).__getitem__
        """The same for a pair of Latin names: descriptors weigh in full."""

    def token_idf(self, key: str) -> float:
        """Inverse document frequency of a token key over the indexed rows (unknown: rarest)."""
        df = self._token_df.get(key)
        return self._max_idf if df is None else math.log((self.size + 1) / (df + 1)) + 1

    def _postings(self, form: NameForm) -> tuple[np.ndarray, np.ndarray]:
        return self._postings_of(form_features(form))

    def _postings_of(self, features: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        """Rows and scores of the query's features, gathered in one vectorised step from the
        column arrays. Over the budget, the rarest features first: the commonest n-grams
        (postings of a tenth of a large list) add cost, not ranking. (Array methods, not the
        `np.` functions: those run a Python wrapper on every call.)"""
        get = self._vocabulary.get
        found = [column for column in map(get, features) if column is not None]
        if not found:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        cols = np.array(found, dtype=np.int64)  # distinct: the features are a set
        starts = self._col_start[cols]
        lengths = self._col_start[cols + 1] - starts
        if int(lengths.sum()) > RETRIEVAL.max_postings:
            order = np.lexsort((cols, self._df[cols]))  # rarest first, ties by column
            starts, lengths = starts[order], lengths[order]
            keep = max(1, int(lengths.cumsum().searchsorted(RETRIEVAL.max_postings, side="right")))
            starts, lengths = starts[:keep], lengths[:keep]
        ends = lengths.cumsum()
        positions = (starts - (ends - lengths)).repeat(lengths) + np.arange(int(ends[-1]))
        return self._col_rows[positions], self._col_score[positions]

    def search(self, forms: Iterable[NameForm], k: int = RETRIEVAL.candidates) -> list[int]:
        """Row numbers of the best `k` rows for each query form (union, best first per form)."""
        found: dict[int, None] = {}
        for form in forms:
            rows, scores = self._postings(form)
            if not len(rows):
                continue
            if self.size <= DENSE_ROWS:  # a small list: one dense accumulator beats sorting the postings
                totals = np.bincount(rows, weights=scores, minlength=self.size)
                unique = (totals != 0).nonzero()[0]  # flatnonzero, without its copy
                totals = totals[unique]
            else:
                unique, inverse = np.unique(rows, return_inverse=True)
                totals = np.bincount(inverse, weights=scores)
            top = min(k, len(unique))
            best = (-totals).argpartition(top - 1)[:top]
            best = best[(-totals[best]).argsort(kind="stable")]
            scores_best = totals[best].tolist()
            floor = scores_best[0] * RETRIEVAL.relative_floor
            for row, score in zip(unique[best].tolist(), scores_best):
                if score < floor:
                    break
                found.setdefault(row, None)
            self._own_pass(initialism_features(form), RETRIEVAL.initialism_candidates, found)
            self._own_pass(rendering_features(form), RETRIEVAL.rendering_candidates, found)
        return list(found)

    def _own_pass(self, features: set[str], k: int, found: dict[int, None]) -> None:
        """The best `k` rows for some of a query's features alone, added to `found`: an
        initialism (`initialism_features`; one three-letter word beside the readings a kanji or
        katakana name shares n-grams with falls under the relative floor of the main pass:
        ジーエフシー, GFC, Global Food Creators) or a rendering's spellings (`rendering_features`)."""
        if not features:
            return
        get = self._vocabulary.get
        columns = [column for column in map(get, features) if column is not None]
        if not columns:
            return
        starts = self._col_start
        postings = 0
        for c in columns:
            postings += int(starts[c + 1]) - int(starts[c])
        if postings > SMALL_POSTINGS:
            rows, scores = self._postings_of(features)
            unique, inverse = np.unique(rows, return_inverse=True)
            totals = np.bincount(inverse, weights=scores)
            best = unique[(-totals).argsort(kind="stable")[:k]].tolist()
        else:  # most initialisms and spellings are rare: a few postings, added up without NumPy's per-call cost
            summed: dict[int, float] = {}
            for c in columns:
                start, end = int(starts[c]), int(starts[c + 1])
                for row, score in zip(self._col_rows[start:end].tolist(), self._col_score[start:end].tolist()):
                    summed[row] = summed.get(row, 0.0) + score
            ranked = sorted([(-total, row) for row, total in summed.items()])
            best = [row for _, row in ranked[:k]]
        for row in best:
            found.setdefault(row, None)
