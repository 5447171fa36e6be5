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
        if len(sa) >= 3 and sa == sb:
            similarity = max(similarity, TOKENS.skeleton_equal)
    return similarity if similarity >= TOKENS.fuzzy_floor else 0.0


def slot_weight(slot: Slot, idf: Callable[[str], float]) -> float:
    """A slot weighs what its most common alternative weighs: a translation into common words
    does not become distinctive because its reading happens to be rare."""
    return min(sum(idf(k) for k in alt.keys) / len(alt.keys) for alt in slot.alternatives)


def _units(slots: tuple[Slot, ...]) -> list[tuple[int, int, int, str]]:
    return [
        (s, a, t, key)
        for s, slot in enumerate(slots)
        for a, alternative in enumerate(slot.alternatives)
        for t, key in enumerate(alternative.keys)
    ]


def _coverage(slots, chosen, matched, weigh: Callable[[Slot], float]) -> float:
    total = covered = 0.0
    for s, slot in enumerate(slots):
        weight = weigh(slot)
        total += weight
        if chosen[s] is not None:
            keys = slot.alternatives[chosen[s]].keys
            covered += weight * sum(matched.get((s, t), 0.0) for t in range(len(keys))) / len(keys)
    return covered / total if total else 0.0


def align(query: tuple[Slot, ...], candidate: tuple[Slot, ...], weigh: Callable[[Slot], float]) -> Alignment:
    """Greedy alignment; `weigh` gives a slot's weight (normally `slot_weight` over the list's IDF)."""
    q_units, c_units = _units(query), _units(candidate)
    scored = []
    for qi, (_, _, _, qk) in enumerate(q_units):
        for ci, (_, _, _, ck) in enumerate(c_units):
            similarity = token_similarity(qk, ck)
            if similarity:
                scored.append((similarity, qi, ci))
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    q_chosen: list[int | None] = [None] * len(query)
    c_chosen: list[int | None] = [None] * len(candidate)
    q_matched: dict[tuple[int, int], float] = {}
    c_matched: dict[tuple[int, int], float] = {}
    pairs = []
    for similarity, qi, ci in scored:
        qs, qa, qt, qk = q_units[qi]
        cs, ca, ct, ck = c_units[ci]
        if (qs, qt) in q_matched and q_chosen[qs] == qa or (cs, ct) in c_matched and c_chosen[cs] == ca:
            continue
        if q_chosen[qs] not in (None, qa) or c_chosen[cs] not in (None, ca):
            continue
        q_chosen[qs], c_chosen[cs] = qa, ca
        q_matched[(qs, qt)] = similarity
        c_matched[(cs, ct)] = similarity
        pairs.append(TokenPair(qk, ck, similarity, query[qs].alternatives[qa].label, candidate[cs].alternatives[ca].label))
    return Alignment(
        pairs=tuple(pairs),
        query_coverage=_coverage(query, q_chosen, q_matched, weigh),
        candidate_coverage=_coverage(candidate, c_chosen, c_matched, weigh),
        query_chosen=tuple(slot.alternatives[q_chosen[s] or 0] for s, slot in enumerate(query)),
        candidate_chosen=tuple(slot.alternatives[c_chosen[s] or 0] for s, slot in enumerate(candidate)),
    )
