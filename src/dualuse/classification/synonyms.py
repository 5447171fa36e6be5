"""Concepts: what a text names, in any of Chinese, Japanese, English or a formula.

The synonym table (`data/synonyms.csv`, one row per term with its source) maps surface terms to
concepts; a concept is a tag with a kind prefix:

    el:Dy       an element            (镝, ジスプロシウム, dysprosium, Dy)
    cmp:GaAs    a named compound      (砷化镓, ヒ化ガリウム, gallium arsenide, GaAs)
    f:oxide     a form or class       (氧化, 酸化, oxide)
    k:tech      a kind of item        (technology, equipment, parts: the List's E, B and A letters)
    t:furnace   a topic               (炉, furnace; equipment types, processes, applications)
    p:purity    a parameter's name    (纯度, 純度, purity: the value is read by parameters.extract)

Compound names decompose: 氧化镝 is found as 氧化 (f:oxide) + 镝 (el:Dy), and 酸化ジスプロシウム
as 酸化 + ジスプロシウム, so the table lists the parts and only the compounds whose names do not
decompose (仲钨酸铵 / APT) or that decide between entries (InSb vs InP). A named compound implies
only the element the Control List files it under (砷化镓 → el:Ga, not el:As; 锑化铟 → el:Sb;
钐钴 → el:Sm; LFP, NCM → no element), so "arsenic", "cobalt powder" or "iron ore" do not land on
an entry that merely names a compound containing them. Formulas that are not in
the table are read by `formula_concepts` (Dy2O3 → el:Dy f:oxide).

Matching is longest-first and non-overlapping: CJK and kana terms as substrings, English words
case-insensitively at word boundaries (plural -s/-es allowed), formulas and symbols case-sensitively
as whole tokens. Element symbols that are also ordinary words or units (In, As, Co, Y, P; W after a
number, which is watts) are not read on their own.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dualuse.classification.text import normalise

DATA_DIR = Path(__file__).parent / "data"
SYNONYMS_FILE = DATA_DIR / "synonyms.csv"

# Element symbols never read as a standalone token (they are words, units or company suffixes).
AMBIGUOUS_SYMBOLS = frozenset({"In", "As", "Co", "Y", "P", "Er", "Al"})
# Symbols a formula may use besides the table's elements.
_EXTRA_SYMBOLS = frozenset({"O", "N", "H", "C", "Cl", "B", "F", "S", "K", "Na", "Si", "Ca", "Ti", "Zr", "Nb", "Ta", "Cr", "V"})
_FORMULA = re.compile(r"(?<![A-Za-z0-9])((?:[A-Z][a-z]?\d*(?:\.\d+)?){2,})(?![A-Za-z0-9])")
_FORMULA_PART = re.compile(r"([A-Z][a-z]?)(\d*(?:\.\d+)?)")
_HAS_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@dataclass(frozen=True)
class Term:
    term: str  # as matched: normalised (CJK/formula) or lower-cased (English)
    concepts: tuple[str, ...]
    lang: str
    source: str


@dataclass(frozen=True)
class Hit:
    """One term found in a text, with the concepts it names."""

    term: str
    concepts: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True)
class SynonymTable:
    terms: dict[tuple[str, str], Term]  # (matcher kind, term) -> Term
    cjk: re.Pattern | None
    word: re.Pattern | None
    formula: re.Pattern | None
    symbols: frozenset[str]  # element symbols known to the table

    def find(self, normalised: str) -> list[Hit]:
        """Terms found in a normalised text, longest first and non-overlapping, in text order."""
        lowered = normalised.lower()
        found: list[Hit] = []
        for kind, pattern, haystack in (("cjk", self.cjk, normalised), ("word", self.word, lowered), ("formula", self.formula, normalised)):
            if pattern is None:
                continue
            for match in pattern.finditer(haystack):
                key = match.group("t")
                term = self.terms.get((kind, key))
                if term is None:
                    continue
                if kind == "formula" and not _symbol_allowed(key, normalised, match.start()):
                    continue
                found.append(Hit(key, term.concepts, match.start(), match.end()))
        return _non_overlapping(found)


def _symbol_allowed(term: str, text: str, start: int) -> bool:
    if term in AMBIGUOUS_SYMBOLS:
        return False
    if term == "W":  # "100 W", "3kW" are watts
        before = text[max(0, start - 2) : start].rstrip()
        return not (before and (before[-1].isdigit() or before[-1] == "k"))
    return True


def _non_overlapping(hits: list[Hit]) -> list[Hit]:
    taken: list[Hit] = []
    occupied: set[int] = set()
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        span = set(range(hit.start, hit.end))
        if span & occupied:
            continue
        occupied |= span
        taken.append(hit)
    return sorted(taken, key=lambda h: h.start)


def formula_concepts(token: str, symbols: frozenset[str]) -> tuple[str, ...]:
    """Concepts of a chemical formula not in the table: Dy2O3 -> (el:Dy, f:oxide); '' if not a formula."""
    parts = _FORMULA_PART.findall(token)
    if "".join(s + n for s, n in parts) != token:
        return ()
    names = [s for s, _ in parts]
    if not all(s in symbols or s in _EXTRA_SYMBOLS for s in names) or len(set(names)) < 2:
        return ()
    if not any(n for _, n in parts) and len(names) < 3:
        return ()  # "DyTb" without counts is too likely a word; "Dy2O3", "GaInAs" are formulas
    elements = sorted({s for s in names if s in symbols})
    if not elements:
        return ()
    concepts = [f"el:{s}" for s in elements]
    others = set(names) - set(elements)
    if others == {"O"}:
        concepts.append("f:oxide")
    elif "Cl" in others:
        concepts.append("f:chloride")
    else:
        concepts.append("f:compound")
    return tuple(concepts)


def _alternation(terms: list[str], *, before: str, after: str) -> re.Pattern | None:
    if not terms:
        return None
    body = "|".join(re.escape(t) for t in sorted(set(terms), key=lambda t: (-len(t), t)))
    return re.compile(f"{before}(?P<t>{body}){after}")


def build_table(rows: list[dict[str, str]]) -> SynonymTable:
    """Compile the synonym rows (concepts, lang, term, source) into matchers."""
    terms: dict[tuple[str, str], Term] = {}
    for row in rows:
        concepts = tuple(row["concepts"].split())
        surface = normalise(row["term"])
        if _HAS_CJK.search(surface):
            key = ("cjk", surface)
        elif row["lang"] == "formula":
            key = ("formula", surface)
        else:
            key = ("word", surface.lower())
        previous = terms.get(key)
        merged = tuple(dict.fromkeys((previous.concepts if previous else ()) + concepts))
        terms[key] = Term(key[1], merged, row["lang"], row["source"])
    by_kind: dict[str, list[str]] = {"cjk": [], "word": [], "formula": []}
    for kind, term in terms:
        by_kind[kind].append(term)
    symbols = frozenset(t for (kind, t), v in terms.items() if kind == "formula" and len(v.concepts) == 1 and v.concepts[0] == f"el:{t}")
    return SynonymTable(
        terms=terms,
        cjk=_alternation(by_kind["cjk"], before="", after=""),
        word=_alternation(by_kind["word"], before=r"(?<![a-z0-9])", after=r"(?:e?s)?(?![a-z])"),
        formula=_alternation(by_kind["formula"], before=r"(?<![A-Za-z0-9])", after=r"(?![A-Za-z0-9])"),
        symbols=symbols,
    )


def read_rows(path: Path = SYNONYMS_FILE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@lru_cache(maxsize=1)
def default_table() -> SynonymTable:
    return build_table(read_rows())


# Words that take the next term out of the description: "不含粉末", "excluding powder".
NEGATION = re.compile(r"无$|(?:不含|不包括|不包含|不管制|excluding|except|other than|without|not)[^。；;.!?，,]{0,8}$", re.IGNORECASE)
_NEGATION_REACH = 12
_FREE_OF = re.compile(r"[\s-]?free\b", re.IGNORECASE)  # "dysprosium-free", "Dy free"
_LIST_GAP = re.compile(r"^\s*(?:、|/|和|及|或|and|or)\s*$")  # between items of one negated list


def concepts_of(normalised: str, table: SynonymTable) -> tuple[dict[str, list[str]], list[Hit]]:
    """Concepts a normalised text names, each with the terms that named it.

    A term right after a negation ("不含颗粒、粉末", "无镝", "excluding powder") or right before
    "-free" ("dysprosium-free") is not a concept of the text; it is still returned among the hits,
    so its words are not read twice.
    """
    hits = table.find(normalised)
    named: dict[str, list[str]] = {}
    negated_until = -1
    for hit in hits:
        before = normalised[max(0, hit.start - _NEGATION_REACH) : hit.start]
        chained = negated_until >= 0 and _LIST_GAP.match(normalised[negated_until : hit.start])
        if NEGATION.search(before) or chained or _FREE_OF.match(normalised, hit.end):
            negated_until = hit.end  # "不含颗粒、粉末": the list after the negation is negated too
            continue
        negated_until = -1
        for concept in hit.concepts:
            named.setdefault(concept, []).append(hit.term)
    covered = [(h.start, h.end) for h in hits]
    for match in _FORMULA.finditer(normalised):
        if any(s <= match.start() < e for s, e in covered):
            continue
        for concept in formula_concepts(match.group(1), table.symbols):
            named.setdefault(concept, []).append(match.group(1))
    return named, hits
