"""Align the slots of two names: which word meets which, under which reading or translation.

The alignment is greedy on token similarity (best pairs first), with one rule that makes
alternatives work: once a slot has used one of its alternatives, its other alternatives are
out (重工 cannot match "heavy" as a translation and "juukou" as a reading at once). Each
side's *coverage* is the share of its distinctive weight (inverse document frequency over
the list) that found a partner, so an unmatched rare word (航空发动机, "Aero Engines") costs
much and an unmatched common one ("Group") little.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA

from dualuse.screening.matchers.crossscript.config import TOKENS
from dualuse.screening.matchers.crossscript.forms import Alternative, Slot
from dualuse.screening.normalise.text import skeleton


@dataclass(frozen=True, slots=True)
class TokenPair:
    query_token: str
    candidate_token: str
    similarity: float
    query_label: str
    candidate_label: str


@dataclass(frozen=True, slots=True)
class Alignment:
    pairs: tuple[TokenPair, ...]
    query_coverage: float
    candidate_coverage: float
    query_chosen: tuple[Alternative, ...]  # per slot: the alternative used (first if unmatched)
    candidate_chosen: tuple[Alternative, ...]


@lru_cache(maxsize=1_000_000)
def token_similarity(a: str, b: str) -> float:
    """1 for equal keys; edit similarity (a transposition counts once) for long enough keys.

    Short keys must be equal: "sony" and "sona" are different words, not a typo.
    """
    if a == b:
        return 1.0
    if min(len(a), len(b)) < TOKENS.min_fuzzy_chars:
        return 0.0
    similarity = OSA.normalized_similarity(a, b)
    if min(len(a), len(b)) >= TOKENS.min_skeleton_chars:
        sa, sb = skeleton(a), skeleton(b)
        if len(sa) >= TOKENS.min_skeleton_length and sa == sb:
            similarity = max(similarity, TOKENS.skeleton_equal)
    return similarity if similarity >= TOKENS.fuzzy_floor else 0.0


def slot_weight(slot: Slot, idf: Callable[[str], float]) -> float:
    """A slot weighs what its most common alternative weighs: a translation into common words
    does not become distinctive because its reading happens to be rare. A word the lexicon
    translates is a descriptor (工業 industry, 建設 construction) that official English names
    often leave out, so it weighs less again."""
    weight = min(sum(idf(k) for k in alt.keys) / len(alt.keys) for alt in slot.alternatives)
    translated = any(alt.label == "translation" for alt in slot.alternatives)
    return weight * TOKENS.descriptor_weight if translated else weight


Position = tuple[int, int, int]  # slot, alternative, token


@dataclass(frozen=True, slots=True)
class Unit:
    """A key to match and the token positions it stands for (several for a compound)."""

    key: str
    positions: tuple[Position, ...]


@lru_cache(maxsize=200_000)
def units(slots: tuple[Slot, ...]) -> tuple[tuple[Unit, ...], tuple[Unit, ...]]:
    """Single tokens, and compounds: a word written as one on one side and as several on the
    other (VISIONARYHOLDINGS / ビジョナリー ホールディングス, リゾートトラスト / resort trust)."""
    singles, compounds = [], []
    for s, slot in enumerate(slots):
        for a, alternative in enumerate(slot.alternatives):
            keys = alternative.keys
            singles.extend(Unit(key, ((s, a, t),)) for t, key in enumerate(keys))
            for size in range(2, min(len(keys), TOKENS.max_compound) + 1):
                for t in range(len(keys) - size + 1):
                    compounds.append(Unit("".join(keys[t : t + size]), tuple((s, a, i) for i in range(t, t + size))))
    for size in range(2, TOKENS.max_compound + 1):
        for s in range(len(slots) - size + 1):
            choices: list[list[Unit]] = [[Unit("", ())]]
            for offset in range(size):
                slot = slots[s + offset]
                choices.append(
                    [
                        Unit("".join(alt.keys), tuple((s + offset, a, t) for t in range(len(alt.keys))))
                        for a, alt in enumerate(slot.alternatives[: TOKENS.compound_alternatives])
                    ]
                )
            combined = choices[0]
            for options in choices[1:]:
                combined = [Unit(u.key + o.key, u.positions + o.positions) for u in combined for o in options]
            compounds.extend(combined)
    return tuple(singles), tuple(compounds)


def _comparable(a: str, b: str) -> bool:
    return abs(len(a) - len(b)) <= TOKENS.compound_length_slack * max(len(a), len(b))


def _coverage(slots, chosen, matched, weigh: Callable[[Slot], float]) -> float:
    total = covered = 0.0
    for s, slot in enumerate(slots):
        weight = weigh(slot)
        total += weight
        if chosen[s] is not None:
            keys = slot.alternatives[chosen[s]].keys
            covered += weight * sum(matched.get((s, t), 0.0) for t in range(len(keys))) / len(keys)
    return covered / total if total else 0.0


def _free(unit: Unit, chosen: list[int | None], matched: dict[tuple[int, int], float]) -> bool:
    return all((s, t) not in matched and chosen[s] in (None, a) for s, a, t in unit.positions)


def _take(unit: Unit, similarity: float, chosen: list[int | None], matched: dict[tuple[int, int], float]) -> None:
    for s, a, t in unit.positions:
        chosen[s] = a
        matched[(s, t)] = similarity


def align(query: tuple[Slot, ...], candidate: tuple[Slot, ...], weigh: Callable[[Slot], float]) -> Alignment:
    """Greedy alignment; `weigh` gives a slot's weight (normally `slot_weight` over the list's IDF)."""
    q_single, q_compound = units(query)
    c_single, c_compound = units(candidate)
    scored = []
    for q in q_single:
        for c in c_single:
            similarity = token_similarity(q.key, c.key)
            if similarity:
                scored.append((similarity, len(scored), q, c))
    for q_units, c_units in ((q_compound, c_single), (q_single, c_compound)):
        for q in q_units:
            for c in c_units:
                if _comparable(q.key, c.key):
                    similarity = token_similarity(q.key, c.key)
                    if similarity:
                        scored.append((similarity, len(scored), q, c))
    scored.sort(key=lambda item: (-item[0], item[1]))
    q_chosen: list[int | None] = [None] * len(query)
    c_chosen: list[int | None] = [None] * len(candidate)
    q_matched: dict[tuple[int, int], float] = {}
    c_matched: dict[tuple[int, int], float] = {}
    pairs = []
    for similarity, _, q, c in scored:
        if not (_free(q, q_chosen, q_matched) and _free(c, c_chosen, c_matched)):
            continue
        _take(q, similarity, q_chosen, q_matched)
        _take(c, similarity, c_chosen, c_matched)
        q_label = query[q.positions[0][0]].alternatives[q.positions[0][1]].label
        c_label = candidate[c.positions[0][0]].alternatives[c.positions[0][1]].label
        pairs.append(TokenPair(q.key, c.key, similarity, q_label, c_label))
    return Alignment(
        pairs=tuple(pairs),
        query_coverage=_coverage(query, q_chosen, q_matched, weigh),
        candidate_coverage=_coverage(candidate, c_chosen, c_matched, weigh),
        query_chosen=tuple(slot.alternatives[q_chosen[s] or 0] for s, slot in enumerate(query)),
        candidate_chosen=tuple(slot.alternatives[c_chosen[s] or 0] for s, slot in enumerate(candidate)),
    )
