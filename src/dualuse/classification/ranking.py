"""Ranking: small pure features, one weights table, a score you can read back.

Every feature is `(query, doc, index) -> FeatureResult(value, detail)` with a value in [-1, 1];
an entry's score is the weighted sum over `FEATURES`. The table below is the only place weights
live; `docs/CLASSIFICATION.md` explains each one and `Candidate.features` shows every value.

Concept weights: how much a concept of each kind counts when it is shared, times its rarity across
entries (idf). An element or a named compound is what separates entries; a form (oxide, powder)
separates entries of one element; a topic (furnace, press) separates equipment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from dualuse.classification.customs import CustomsLevel, CustomsMatch
from dualuse.classification.index import ClassifierIndex, EntryDoc
from dualuse.classification.parameters.extract import Measurement
from dualuse.classification.parameters.thresholds import ParameterCheck, ParameterStatus

CONCEPT_KIND_WEIGHTS = {"el": 3.0, "cmp": 4.0, "f": 1.0, "t": 1.5, "k": 1.0, "p": 0.5}
CUSTOMS_LEVEL_VALUES = {
    CustomsLevel.EXACT: 1.0,
    CustomsLevel.TARIFF_LINE: 0.6,
    CustomsLevel.SUBHEADING: 0.3,
    CustomsLevel.HEADING: 0.15,
}
# Topics that make a description one of equipment (List letter B) even without the word.
EQUIPMENT_TOPICS = frozenset(
    "t:furnace t:kiln t:press t:hot_press t:isostatic t:jet_mill t:sand_mill t:mixer t:mixer_settler t:reactor "
    "t:cubic_press t:mpcvd t:dcpcvd t:winding t:stacking t:filling t:formation t:roller_kiln t:granulation "
    "t:box_furnace t:czochralski t:bridgman t:crystal_growth t:strip_casting t:hd t:shaft_kiln t:screen_printing".split()
)
# A control code at the start of the description ("1C902.b 氧化钐") names the entry; a code further
# in is usually a reference ("parts for 2B902.f reactors") and is left to the lexical feature.
CONTROL_CODE_IN_TEXT = re.compile(r"^\s*([0-9][A-E][0-9]{3}(?:\.[a-z0-9]+)*)(?![0-9A-Za-z])")


@dataclass(frozen=True)
class Query:
    """What the classifier read from the input."""

    text: str  # normalised (and truncated) description
    concepts: dict[str, list[str]]  # concept -> the terms that named it
    tokens: frozenset[str]
    measurements: tuple[Measurement, ...]
    customs: dict[int, CustomsMatch]  # entry index -> its customs match
    mentioned_codes: tuple[str, ...]

    @property
    def kind(self) -> str:
        """What the description is of: E technology, A parts, B equipment, C goods (default)."""
        names = set(self.concepts)
        if "k:tech" in names:
            return "E"
        if "k:parts" in names:
            return "A"
        if "k:equipment" in names or names & EQUIPMENT_TOPICS:
            return "B"
        return "C"


@dataclass(frozen=True)
class FeatureResult:
    value: float
    detail: str


@dataclass(frozen=True)
class Feature:
    name: str
    func: Callable[[Query, EntryDoc, ClassifierIndex], FeatureResult]
    weight: float
    doc: str


def _concept_weight(concept: str, index: ClassifierIndex) -> float:
    kind = concept.split(":", 1)[0]
    return CONCEPT_KIND_WEIGHTS.get(kind, 1.0) * index.concept_idf.get(concept, index.max_idf)


def concept_coverage(query: Query, doc: EntryDoc, index: ClassifierIndex) -> FeatureResult:
    """Share of the description's concepts (weighted) that one sub-item of the entry names.

    Per sub-item, so that "antimony oxide" does not match 3C001 for naming gallium oxide in one
    line and gallium antimonide in another.
    """
    if not query.concepts:
        return FeatureResult(0.0, "the description names no known material, form or equipment")
    wanted = set(query.concepts)
    total = sum(_concept_weight(c, index) for c in wanted)
    best, best_shared = 0.0, set()
    for segment in doc.segments:
        shared = wanted & segment
        value = sum(_concept_weight(c, index) for c in shared) / total
        if value > best:
            best, best_shared = value, shared
    return FeatureResult(best, f"shares {', '.join(sorted(best_shared)) or 'nothing'}")


def concept_precision(query: Query, doc: EntryDoc, index: ClassifierIndex) -> FeatureResult:
    """Share of a sub-item's concepts (weighted) that the description names: prefers the narrower
    sub-item ("battery manufacturing equipment" over "battery cathode-material equipment")."""
    if not query.concepts:
        return FeatureResult(0.0, "")
    wanted = set(query.concepts)
    best, best_size = 0.0, 0
    for segment in doc.segments:
        shared = wanted & segment
        if not shared:
            continue
        value = sum(_concept_weight(c, index) for c in shared) / sum(_concept_weight(c, index) for c in segment)
        if value > best:
            best, best_size = value, len(segment)
    return FeatureResult(best, f"best sub-item has {best_size} concepts" if best else "")


def lexical_overlap(query: Query, doc: EntryDoc, index: ClassifierIndex) -> FeatureResult:
    """Share of the description's tokens (idf-weighted; CJK bigrams, English words) in the entry text.

    Only the words the synonym table did not already read count (the rest are concepts), so a
    Japanese description is not penalised for not sharing words with the Chinese and English texts;
    when every word was read as a concept, the concept coverage stands in.
    """
    if not query.tokens:
        return concept_coverage(query, doc, index) if query.concepts else FeatureResult(0.0, "")
    shared = query.tokens & doc.tokens
    total = sum(index.token_idf.get(t, index.max_idf) for t in query.tokens)
    value = sum(index.token_idf[t] for t in shared) / total
    return FeatureResult(value, f"{len(shared)} of {len(query.tokens)} tokens")


def customs_text_overlap(query: Query, doc: EntryDoc, index: ClassifierIndex) -> FeatureResult:
    """Share of the description's tokens in the customs descriptions of the entry's reference codes."""
    if not query.tokens or not doc.customs_tokens:
        return FeatureResult(0.0, "")
    shared = query.tokens & doc.customs_tokens
    total = sum(index.customs_idf.get(t, index.max_idf) for t in query.tokens)
    value = sum(index.customs_idf.get(t, index.max_idf) for t in shared) / total
    return FeatureResult(value, f"{len(shared)} tokens in the customs lines")


def element_conflict(query: Query, doc: EntryDoc, index: ClassifierIndex) -> FeatureResult:
    """-1 when the description names elements and the entry is about others.

    An entry is about the elements of its heading ("Samarium metal, samarium-containing alloys…":
    Sm), not those it names in passing (the iron of samarium-iron alloy), so "iron ore" and
    "copper wire" do not land on the samarium or holmium entries.
    """
    wanted = {c for c in query.concepts if c.startswith("el:")}
    subject = doc.subject_elements
    if wanted and subject and not wanted & subject:
        return FeatureResult(-1.0, f"description names {', '.join(sorted(wanted))}; entry is about {', '.join(sorted(subject))}")
    return FeatureResult(0.0, "")


def category_agreement(query: Query, doc: EntryDoc, index: ClassifierIndex) -> FeatureResult:
    """+1 when goods/equipment/technology agree with the entry's List letter, -1 when they clash.

    Letters: A systems, equipment, components (and finished goods such as batteries), B production
    equipment, C materials, E technology. A description is E when it names technology, A when it
    names parts, B when it names equipment or an equipment type, else C (goods)."""
    kind, letter = query.kind, doc.letter
    if kind == letter or (kind == "A" and letter == "B") or (kind == "B" and letter == "A"):
        return FeatureResult(1.0 if kind != "C" else 0.0, f"{kind} item, {letter} entry")
    if kind == "C" and letter == "A":  # A is also finished goods (3A001 batteries): no clash
        return FeatureResult(0.0, "")
    if kind == "C" and letter == "B":
        return FeatureResult(-0.5, "goods described, production-equipment (B) entry")
    return FeatureResult(-1.0, f"{kind} item, {letter} entry")


def customs_code(query: Query, doc: EntryDoc, index: ClassifierIndex) -> FeatureResult:
    """The declared customs code against the entry's printed reference codes (exact > line > heading)."""
    match = query.customs.get(doc.index)
    if match is None:
        return FeatureResult(0.0, "")
    return FeatureResult(CUSTOMS_LEVEL_VALUES[match.level], f"{match.level.value} match with printed {match.printed_code}")


def code_mentioned(query: Query, doc: EntryDoc, index: ClassifierIndex) -> FeatureResult:
    """The description itself names the control code (or its parent item)."""
    for code in query.mentioned_codes:
        if doc.code == code or doc.code.startswith(code + "."):
            return FeatureResult(1.0, f"description names {code}")
    return FeatureResult(0.0, "")


FEATURES: tuple[Feature, ...] = (
    Feature("concept_coverage", concept_coverage, 0.40, "description concepts found in the entry"),
    Feature("concept_precision", concept_precision, 0.10, "entry concepts found in the description"),
    Feature("lexical_overlap", lexical_overlap, 0.30, "description tokens found in the entry text"),
    Feature("customs_text_overlap", customs_text_overlap, 0.05, "description tokens in the entry's customs lines"),
    Feature("element_conflict", element_conflict, 0.30, "penalty: the entry is about other elements"),
    Feature("category_agreement", category_agreement, 0.25, "goods / equipment / technology agree"),
    Feature("customs_code", customs_code, 0.40, "declared customs code matches a printed code"),
    Feature("code_mentioned", code_mentioned, 0.60, "the description names the control code"),
)

# Applied after the thresholds are checked, on the shortlist only.
PARAMETER_WEIGHT = 0.15
PARAMETER_VALUES = {
    ParameterStatus.MEETS: 1.0,
    ParameterStatus.NO_THRESHOLD: 0.0,
    ParameterStatus.UNKNOWN: 0.0,
    ParameterStatus.DOES_NOT_MEET: 0.0,  # below the thresholds: still the entry the item is, not listed under it
}


def parameter_fit(check: ParameterCheck) -> FeatureResult:
    """+1 when the description meets the entry's thresholds: picks the sibling the parameters fit
    (2C902.b for 100 µm diamond, not 2C902.a). Being below them is no penalty: the entry stays the
    best description of the item, and the answer is "not listed under this entry"."""
    return FeatureResult(PARAMETER_VALUES[check.status], check.status.value)


@dataclass
class Scored:
    doc: EntryDoc
    score: float
    features: list[tuple[str, float, float, str]] = field(default_factory=list)  # name, value, weight, detail


def score(query: Query, doc: EntryDoc, index: ClassifierIndex) -> Scored:
    scored = Scored(doc, 0.0)
    for feature in FEATURES:
        result = feature.func(query, doc, index)
        scored.score += feature.weight * result.value
        if result.value:
            scored.features.append((feature.name, result.value, feature.weight, result.detail))
    return scored


# Decision thresholds on the final score (see docs/CLASSIFICATION.md for how they were chosen).
CANDIDATE_FLOOR = 0.22  # below this an entry is not shown as a candidate
CONFIDENT_SCORE = 0.45  # the top candidate must reach this ...
CONFIDENT_MARGIN = 0.10  # ... and lead the next candidate by this much
SHORTLIST = 8  # entries whose thresholds are checked
