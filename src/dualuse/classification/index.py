"""The classifier's view of a regime, built once per regime `data_version` and cached.

For every Control List entry: the concepts its own texts name (description_zh, description_en and
the `parameters` text, which defines terms such as 磁材制造 = SmCo, NdFeB and cerium magnets),
its lexical tokens, the tokens of the customs descriptions of its printed reference codes, and its
thresholds. Plus inverse document frequencies (how rare a concept or token is across entries) and
the customs-code index.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

from dualuse.classification.customs import CustomsIndex, customs_lines
from dualuse.classification.parameters.thresholds import EntryThresholds, default_thresholds
from dualuse.classification.synonyms import SynonymTable, concepts_of, default_table
from dualuse.classification.text import normalise, segments, tokens


@dataclass(frozen=True)
class EntryDoc:
    index: int  # position in Regime.entries
    code: str
    family: str
    letter: str  # the List category letter: A components, B equipment, C materials, E technology
    concepts: frozenset[str]
    segments: tuple[frozenset[str], ...]  # concepts of each sub-item, with the entry heading's
    subject_elements: frozenset[str]  # elements the entry is about: its heading's, else all it names
    tokens: frozenset[str]
    customs_tokens: frozenset[str]
    thresholds: EntryThresholds | None


@dataclass(frozen=True)
class ClassifierIndex:
    data_version: str
    docs: tuple[EntryDoc, ...]
    concept_idf: dict[str, float]
    token_idf: dict[str, float]
    customs_idf: dict[str, float]
    max_idf: float
    table: SynonymTable
    customs: CustomsIndex
    element_names: dict[str, str]  # lower-case names and CJK characters -> symbol, for content readings


def _idf(documents: list[frozenset[str]]) -> dict[str, float]:
    n = len(documents)
    counts: dict[str, int] = {}
    for doc in documents:
        for item in doc:
            counts[item] = counts.get(item, 0) + 1
    return {item: math.log(1.0 + n / df) for item, df in counts.items()}


def _element_names(table: SynonymTable) -> dict[str, str]:
    names: dict[str, str] = {}
    for (_kind, term), value in table.terms.items():
        if len(value.concepts) == 1 and value.concepts[0].startswith("el:"):
            symbol = value.concepts[0][3:]
            names[term] = symbol
            names[symbol.lower()] = symbol
    return names


def build_index(regime) -> ClassifierIndex:
    table = default_table()
    thresholds = default_thresholds()
    lines = customs_lines()
    docs = []
    for index, resolved in enumerate(regime.entries):
        entry = resolved.entry
        text = normalise(f"{entry.description_zh} {entry.description_en} {entry.parameters}")
        named, _ = concepts_of(text, table)
        parts: list[frozenset[str]] = []
        heads: set[str] = set()
        for description in (entry.description_zh, entry.description_en, entry.parameters):
            pieces = [frozenset(concepts_of(piece, table)[0]) for piece in segments(normalise(description))]
            head = pieces[0] if pieces else frozenset()
            parts.extend(head | piece for piece in pieces)
            if description is not entry.parameters:
                heads |= {c for c in head if c.startswith("el:")}
        described, _ = concepts_of(normalise(f"{entry.description_zh} {entry.description_en}"), table)
        subject = frozenset(heads) or frozenset(c for c in described if c.startswith("el:"))
        customs_text = " ".join(
            f"{line.description_zh} {line.description_en}"
            for line in (lines.get(code[:8]) for code in entry.customs_codes)
            if line is not None
        )
        docs.append(
            EntryDoc(
                index=index,
                code=entry.code,
                family=entry.family,
                letter=entry.code[1],
                concepts=frozenset(named),
                segments=tuple(dict.fromkeys(p for p in parts if p)),
                subject_elements=subject,
                tokens=frozenset(tokens(text)),
                customs_tokens=frozenset(tokens(normalise(customs_text))),
                thresholds=thresholds.get(entry.code),
            )
        )
    n = len(docs)
    return ClassifierIndex(
        data_version=regime.data_version,
        docs=tuple(docs),
        concept_idf=_idf([d.concepts for d in docs]),
        token_idf=_idf([d.tokens for d in docs]),
        customs_idf=_idf([d.customs_tokens for d in docs if d.customs_tokens]),
        max_idf=math.log(1.0 + max(n, 1)),
        table=table,
        customs=CustomsIndex.build(regime.entries),
        element_names=_element_names(table),
    )


_CACHE: dict[str, ClassifierIndex] = {}
_LOCK = threading.Lock()


def index_for(regime) -> ClassifierIndex:
    """The index of a regime, cached per data_version (the regime data is immutable once loaded)."""
    found = _CACHE.get(regime.data_version)
    if found is not None:
        return found
    with _LOCK:
        found = _CACHE.get(regime.data_version)
        if found is None:
            found = build_index(regime)
            if len(_CACHE) >= 4:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[regime.data_version] = found
    return found
