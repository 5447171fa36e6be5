"""The name-word lexicon: which words of a CJK name are translated in its English name.

A Japanese company is named in English partly by reading (三菱 → Mitsubishi) and partly by
translation (重工業 → Heavy Industries, 海事 → Maritime, 研究所 → Institute); a reading alone
never meets "Heavy Industries". The lexicon holds those word-level translations, one row per
(term, translation), each with the source it came from: learned from aligned name pairs by
`lexicon/learn.py`, or hand-written from general knowledge. It never holds whole names.

Terms are stored and looked up in the canonical simplified-Chinese form (opencc jp2t → t2s),
so one row serves Japanese shinjitai, traditional and simplified writing: 電機 = 电机.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Final

from mypy_extensions import mypyc_attr

from dualuse.screening.normalise.readings import to_simplified
from dualuse.screening.normalise.text import latin_tokens, token_key

LEXICON_FILE = "data/lexicon.tsv"
DICTIONARY_FILE = "data/lexicon_dictionary.tsv"
COLUMNS = ("term", "translation", "kind", "source")
MAX_TERM_CHARS = 8
DICTIONARY = "dictionary"
"""Kind of the rows from a general dictionary: they only gloss pieces the lexicon leaves unexplained."""


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    term: str  # canonical form
    translation: tuple[str, ...]  # Latin tokens
    kind: str  # "translation" or "loanword"
    source: str  # provenance: the file and pairs it was learned from, or "hand-written ..."

    def __reduce__(self) -> tuple[Any, ...]:  # pickled explicitly: compiled classes have no default (see screening/compiled.py)
        return (LexiconEntry, (self.term, self.translation, self.kind, self.source))


@mypyc_attr(acyclic=True)  # holds no reference back to itself: compiled, the cyclic GC never tracks it
class Segment:
    """A piece of a CJK run: a lexicon term with its translations, or a piece to be read.

    Immutable, equal and hashed by value (a cache key of `forms._cjk_slot`). A class with its
    own `__init__`, not a frozen dataclass: compiled, a dataclass is still built by the
    interpreted `__init__` that `dataclasses` writes, and the hash it writes is interpreted
    too. (`Final` attributes are read-only when compiled.)"""

    __slots__ = ("text", "entries")

    def __init__(self, text: str, entries: tuple[LexiconEntry, ...] = ()):
        self.text: Final = text
        self.entries: Final = entries

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Segment) and self.text == other.text and self.entries == other.entries

    def __hash__(self) -> int:
        return hash((self.text, self.entries))

    def __repr__(self) -> str:
        return f"Segment(text={self.text!r}, entries={self.entries!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # pickled explicitly: compiled classes have no default (see screening/compiled.py)
        return (Segment, (self.text, self.entries))


@mypyc_attr(native_class=False)  # a plain class when compiled, so it pickles as before (see screening/compiled.py)
class Lexicon:
    """Term → translations, with greedy longest-match segmentation of CJK runs."""

    def __init__(self, entries: list[LexiconEntry]):
        self._by_term = _by_term(e for e in entries if e.kind != DICTIONARY)
        self._dictionary = _by_term(e for e in entries if e.kind == DICTIONARY and e.term not in self._by_term)
        self._longest = max((len(term) for term in self._by_term), default=0)
        self._dictionary_longest = max((len(term) for term in self._dictionary), default=0)
        # worked out here, not as cached properties: compiled, a cached_property is a plain one,
        # and these are read for every name (a new frozenset each time, in every cache key)
        words = frozenset(t for found in self._by_term.values() for entry in found for t in entry.translation)
        # the words the lexicon translates into, as written (lower case), to find them glued to a name: NAGANOBANK
        self.translation_words = words
        # their comparison keys (industry, electric, bank): the descriptors of English names,
        # which the other script may leave out
        self.translation_keys = frozenset(token_key(t) for t in words)

    def __len__(self) -> int:
        return sum(len(found) for found in self._by_term.values())

    def lookup(self, term: str) -> tuple[LexiconEntry, ...]:
        return self._by_term.get(to_simplified(term), ())

    def segment(self, run: str) -> list[Segment]:
        """Split a canonical CJK run into lexicon terms and the pieces between, choosing the
        split that leaves the fewest characters unexplained, then the fewest unexplained pieces,
        then the fewest segments. Greedy longest-first from the left would read 三機工業 as
        三 | 機工 | 業 and lose both the name 三機 (Sanki) and the descriptor 工業."""
        return _segment(run, self._by_term, self._longest)

    def glosses(self, piece: str) -> list[Segment]:
        """A piece the lexicon leaves unexplained, split the same way into general dictionary
        words (照明 lighting, 無線 radio) and the pieces between; [] when it holds none."""
        if not self._dictionary:
            return []
        segments = _segment(piece, self._dictionary, self._dictionary_longest)
        return segments if any(segment.entries for segment in segments) else []


def _by_term(entries) -> dict[str, tuple[LexiconEntry, ...]]:
    found: dict[str, list[LexiconEntry]] = {}
    for entry in entries:
        found.setdefault(entry.term, []).append(entry)
    return {term: tuple(rows) for term, rows in found.items()}


def _segment(run: str, by_term: dict[str, tuple[LexiconEntry, ...]], longest: int) -> list[Segment]:
    n = len(run)
    # best[i]: (uncovered chars, unexplained pieces, segments) of the best split of run[:i]
    best: list[tuple[tuple[int, int, int], list[Segment]] | None] = [None] * (n + 1)
    best[0] = ((0, 0, 0), [])
    for i in range(n):
        if best[i] is None:
            continue
        (uncovered, pieces, count), segments = best[i]  # type: ignore[misc]
        for j in range(i + 1, n + 1):
            piece = run[i:j]
            found = by_term.get(piece) if j - i <= longest else None
            # a term, then (a piece never follows a piece: it would have been one) a piece to
            # read; a Segment is made only for a split better than the best so far
            if found and (best[j] is None or (uncovered, pieces, count + 1) < best[j][0]):  # type: ignore[index]
                best[j] = ((uncovered, pieces, count + 1), [*segments, Segment(piece, found)])
            if not segments or segments[-1].entries:
                cost = (uncovered + j - i, pieces + 1, count + 1)
                if best[j] is None or cost < best[j][0]:  # type: ignore[index]
                    best[j] = (cost, [*segments, Segment(piece)])
    return best[n][1] if best[n] else []  # type: ignore[index]


def read_rows(text: str) -> list[LexiconEntry]:
    """Entries from the TSV text; terms canonicalised, translations folded to Latin tokens."""
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    entries = []
    for row in rows:
        term = to_simplified(row["term"].strip())
        translation = tuple(latin_tokens(row["translation"]))
        if term and translation and len(term) <= MAX_TERM_CHARS:
            entries.append(LexiconEntry(term, translation, row["kind"].strip(), row["source"].strip()))
    return entries


@cache
def default_lexicon() -> Lexicon:
    """The shipped lexicon: `screening/data/lexicon.tsv` (hand-written and learned rows,
    regenerated by `lexicon/learn.py`) and the general dictionary's glosses,
    `screening/data/lexicon_dictionary.tsv` (regenerated by `lexicon/dictionary.py`)."""
    package = resources.files("dualuse.screening")
    return Lexicon([row for name in (LEXICON_FILE, DICTIONARY_FILE) for row in read_rows(package.joinpath(name).read_text("utf-8"))])
