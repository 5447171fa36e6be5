"""Align the slots of two names: which word meets which, under which reading or translation.

The alignment is greedy on token similarity (best pairs first). Two readings of CJK names
(三京 sanjing / 半井 banjing) must agree exactly: their near misses are other names, not typos.
One rule makes alternatives work: once a slot has used one of its alternatives, its others
are out (重工 cannot match "heavy" as a translation and "juukou" as a reading at once). Each
side's *coverage* is the share of its distinctive weight (inverse document frequency over
the list) that found a partner, so an unmatched rare word (航空发动机, "Aero Engines") costs
much and an unmatched common one ("Group") little.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
import re
from typing import Any

from mypy_extensions import mypyc_attr

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from dualuse.screening.matchers.crossscript.labels import CUTLET, FOREIGN, INITIAL, INITIALS, JOINED, KAKASI, KATAKANA, KOREAN, LATIN, LETTERS, LOANWORD, NBEST, PINYIN, SOUND, WORD_PINYIN
from dualuse.screening.matchers.crossscript.config import TOKENS
from dualuse.screening.matchers.crossscript.forms import Alternative, Slot, script_of, word_initials
from dualuse.screening.normalise.text import skeleton, voiceless


# TokenPair and Alignment are made for every candidate of every query, Unit for every word of
# every query: plain slotted classes, not dataclasses. A frozen dataclass pays an
# object.__setattr__ per field, and even a plain one is built by the interpreted __init__ that
# `dataclasses` writes (compiled: some 200 ns against 40 for a native __init__).


@mypyc_attr(acyclic=True)  # holds no reference back to itself: compiled, the cyclic GC never tracks it
class TokenPair:
    __slots__ = ("query_token", "candidate_token", "similarity", "query_label", "candidate_label", "query_slots", "candidate_slots")

    def __init__(
        self,
        query_token: str,
        candidate_token: str,
        similarity: float,
        query_label: str,
        candidate_label: str,
        query_slots: tuple[int, ...] = (),
        candidate_slots: tuple[int, ...] = (),
    ):
        self.query_token = query_token
        self.candidate_token = candidate_token
        self.similarity = similarity
        self.query_label = query_label
        self.candidate_label = candidate_label
        # the words (slot numbers) on each side that met: for explanations in words
        self.query_slots = query_slots
        self.candidate_slots = candidate_slots

    def __repr__(self) -> str:
        return f"TokenPair({self.query_token!r}~{self.candidate_token!r} {self.similarity:g} {self.query_label}/{self.candidate_label})"


@mypyc_attr(acyclic=True)  # holds no reference back to itself: compiled, the cyclic GC never tracks it
class Alignment:
    __slots__ = ("pairs", "query_coverage", "candidate_coverage", "query_chosen", "candidate_chosen")

    def __init__(
        self,
        pairs: tuple[TokenPair, ...],
        query_coverage: float,
        candidate_coverage: float,
        query_chosen: tuple[Alternative, ...],  # per slot: the alternative used (first if unmatched)
        candidate_chosen: tuple[Alternative, ...],
    ):
        self.pairs = pairs
        self.query_coverage = query_coverage
        self.candidate_coverage = candidate_coverage
        self.query_chosen = query_chosen
        self.candidate_chosen = candidate_chosen


@lru_cache(maxsize=1_000_000)
def token_similarity(a: str, b: str) -> float:
    """1 for equal keys; edit similarity (a transposition counts once) for long enough keys.

    Keys under `min_fuzzy_chars` letters must be equal (TDK is not TDC). At four letters one
    edit is just within the floor (sony ~ sona 0.75), which is why a hit also needs 0.85
    coverage: Sony meets Sona at most as `review`. Keys that differ in voicing alone are
    nearer than one other letter (`voiceless`: maesawa ~ Maezawa, not Maesaka). `similarities`
    is the batch version.
    """
    if a == b:
        return 1.0
    if min(len(a), len(b)) < TOKENS.min_fuzzy_chars:
        return 0.0
    similarity = OSA.normalized_similarity(a, b)
    if similarity >= TOKENS.fuzzy_floor and _voicing_alone(a, b):
        similarity = max(similarity, TOKENS.voicing_equal)
    if min(len(a), len(b)) >= TOKENS.min_skeleton_chars:
        sa, sb = skeleton(a), skeleton(b)
        if len(sa) >= TOKENS.min_skeleton_length and sa == sb:
            similarity = max(similarity, TOKENS.skeleton_equal)
    return similarity if similarity >= TOKENS.fuzzy_floor else 0.0


def _voicing_alone(a: str, b: str) -> bool:
    """Whether two keys near enough to be fuzzy at all differ in voicing alone (rendaku,
    `voiceless`), both of `TOKENS.min_voicing_chars` letters or more, and begin alike (rendaku
    never voices a name's first sound: Topre is no "dobre")."""
    shortest = TOKENS.min_voicing_chars
    return len(a) >= shortest and len(b) >= shortest and a[0] == b[0] and voiceless(a) == voiceless(b)


def slot_weight(slot: Slot, idf: Callable[[str], float], across_scripts: bool = True) -> float:
    """A slot weighs what its most common alternative weighs: a translation into common words
    does not become distinctive because its reading happens to be rare. A descriptor (工業,
    建設, or the English "Industries", "Electronics" the lexicon translates into) is a word that
    official names in the other script often leave out or add, so it weighs less again, but
    only `across_scripts`: between two Latin names a word left out is a real difference
    (Northrop Grumman is not Northrop Grumman Systems Corporation)."""
    weight = min(sum(idf(k) for k in alt.keys) / len(alt.keys) for alt in slot.alternatives)
    return weight * TOKENS.descriptor_weight if slot.descriptor and across_scripts else weight


Position = tuple[int, int, int]  # slot, alternative, token


@mypyc_attr(acyclic=True)  # holds no reference back to itself: compiled, the cyclic GC never tracks it
class Unit:
    """A key to match and the token positions it stands for (several for a compound)."""

    __slots__ = ("key", "positions", "label", "others", "kanji")

    def __init__(self, key: str, positions: tuple[Position, ...], label: str, others: tuple[str, ...] = (), kanji: bool = False):
        self.key = key
        self.positions = positions
        self.label = label  # the kind of alternative it comes from (latin, cutlet, translation…)
        self.others = others  # the other keys of its alternative, which taking it keeps in play (`_candidate_pairs`)
        self.kanji = kanji  # read from words written in kanji (hanzi, hanja) only: never met by a katakana guess

    def __repr__(self) -> str:
        return f"Unit({self.key!r}, {self.positions!r}, {self.label!r})"

    def __reduce__(self) -> tuple[Any, ...]:  # pickled explicitly: compiled classes have no default (see screening/compiled.py)
        return (Unit, (self.key, self.positions, self.label, self.others, self.kanji))


@mypyc_attr(acyclic=True)  # holds no reference back to itself: compiled, the cyclic GC never tracks it
@dataclass(frozen=True, slots=True, eq=False)
class Units:
    """A name's units, and the same grouped by key (with their position in the sequence)."""

    singles: tuple[Unit, ...]
    compounds: tuple[Unit, ...]
    singles_by_key: dict[str, tuple[tuple[int, Unit], ...]]
    compounds_by_key: dict[str, tuple[tuple[int, Unit], ...]]
    keys: frozenset[str]
    sounds: dict[str, str]  # the skeleton of each key long enough to sound like another (`similarities`)

    def __reduce__(self) -> tuple[Any, ...]:
        return (Units, (self.singles, self.compounds, self.singles_by_key, self.compounds_by_key, self.keys, self.sounds))


def _group(found: tuple[Unit, ...]) -> dict[str, tuple[tuple[int, Unit], ...]]:
    grouped: dict[str, list[tuple[int, Unit]]] = {}
    for number, unit in enumerate(found):
        grouped.setdefault(unit.key, []).append((number, unit))
    return {key: tuple(value) for key, value in grouped.items()}


@lru_cache(maxsize=200_000)
def name_units(slots: tuple[Slot, ...]) -> Units:
    singles, compounds = units(slots)
    keys = frozenset(u.key for u in singles + compounds)
    sounds = {key: skeleton(key) for key in keys if len(key) >= TOKENS.min_skeleton_chars}
    return Units(singles, compounds, _group(singles), _group(compounds), keys, sounds)


def units(slots: tuple[Slot, ...]) -> tuple[tuple[Unit, ...], tuple[Unit, ...]]:
    """Single tokens, and compounds: a word written as one on one side and as several on the
    other (VISIONARYHOLDINGS / ビジョナリー ホールディングス, リゾートトラスト / resort trust).
    A compound across slots joins alternatives of one kind only (all cutlet readings, all
    Latin words…): a kakasi reading glued to a cutlet one spells words nobody wrote."""
    singles, compounds = [], []
    spans: list[list[tuple[Position, ...]]] = []  # per slot, per alternative: the positions of its tokens
    kanji = [script_of(slot.text) == "kanji" for slot in slots]
    for s, slot in enumerate(slots):
        spans.append(slot_spans := [])
        for a, alternative in enumerate(slot.alternatives):
            keys, label = alternative.keys, alternative.label
            positions = tuple([(s, a, t) for t in range(len(keys))])
            slot_spans.append(positions)
            singles += [Unit(key, (position,), label, keys[:t] + keys[t + 1 :], kanji[s]) for t, (key, position) in enumerate(zip(keys, positions))]
            for size in range(2, min(len(keys), TOKENS.max_compound) + 1):
                for t in range(len(keys) - size + 1):
                    compounds.append(Unit("".join(keys[t : t + size]), positions[t : t + size], label, keys[:t] + keys[t + size :], kanji[s]))
    by_label = [_by_label(slot) for slot in slots]
    for size in range(2, TOKENS.max_compound + 1):
        for s in range(len(slots) - size + 1):
            run = by_label[s : s + size]
            for label in sorted(set(run[0]).intersection(*run[1:])):  # a label some slot lacks joins nothing
                for combination in product(*(choices[label] for choices in run)):
                    key = "".join(["".join(alt.keys) for _, alt in combination])
                    positions = tuple([p for offset, (a, _) in enumerate(combination) for p in spans[s + offset][a]])
                    compounds.append(Unit(key, positions, label, (), all(kanji[s : s + size])))
    compounds.extend(_across_scripts(slots))
    runs: dict[tuple[tuple[int, int], ...], tuple[Position, ...]] = {}
    for key, read in word_initials(slots):  # Mitsubishi Heavy Industries: MHI
        # the positions the words' own units hold, shared by the initials as written and folded: a list of
        # a million names keeps every row's units
        initials = runs.get(read)
        if initials is None:
            initials = runs[read] = tuple([p for w, r in read for p in spans[w][r]])
        compounds.append(Unit(key, initials, INITIALS))
    return tuple(singles), tuple(compounds)


def _slot_numbers(unit: Unit) -> tuple[int, ...]:
    numbers: list[int] = []
    for position in unit.positions:
        if position[0] not in numbers:
            numbers.append(position[0])
    return tuple(numbers)


def _by_label(slot: Slot) -> dict[str, list[tuple[int, Alternative]]]:
    """A slot's alternatives by kind, with their numbers: the first few of each kind."""
    found: dict[str, list[tuple[int, Alternative]]] = {}
    for a, alternative in enumerate(slot.alternatives):
        found.setdefault(alternative.label, []).append((a, alternative))
    return {label: choices[: TOKENS.compound_alternatives] for label, choices in found.items()}


ACROSS_SCRIPTS = (CUTLET, KAKASI, LOANWORD)


def _across_scripts(slots: tuple[Slot, ...]) -> list[Unit]:
    """A kanji word and the katakana word after it (or before it), read as one: 不二 + サッシ =
    fujisash, as FUJISASH writes it. The two pieces were read apart (their readings have
    different kinds), so each pairing of their readings is a guess, and counts only if exact."""
    found = []
    scripts = [script_of(slot.text) for slot in slots]
    for s in range(len(slots) - 1):
        first, second = slots[s], slots[s + 1]
        if not scripts[s] or not scripts[s + 1] or scripts[s] == scripts[s + 1]:
            continue
        for a, left in enumerate(first.alternatives):
            if left.label not in ACROSS_SCRIPTS:
                continue
            for b, right in enumerate(second.alternatives):
                if right.label in ACROSS_SCRIPTS and left.label != right.label:
                    positions = tuple((s, a, t) for t in range(len(left.keys))) + tuple((s + 1, b, t) for t in range(len(right.keys)))
                    found.append(Unit("".join(left.keys) + "".join(right.keys), positions, JOINED))
    return found


READINGS = frozenset({CUTLET, KAKASI, NBEST, LOANWORD, PINYIN, WORD_PINYIN, SOUND, FOREIGN, KATAKANA, JOINED, KOREAN})
KANA_READINGS = frozenset({CUTLET, KAKASI, NBEST, LOANWORD, LETTERS})
"""What a `katakana` reading of an English word may meet: a Japanese reading of kana. Never
another English word's katakana, nor a Latin word: English meets English as it is written."""
SPECULATIVE = frozenset({NBEST, INITIAL, INITIALS, JOINED, WORD_PINYIN})
"""Readings offered as guesses (a fifth-best MeCab parse) or that say a word of meaning by its
sound (`WORD_PINYIN`): they count only when they agree exactly, or every name would be near
some guess (三浦 "sanho" ~ Sanoh, when it is Miura; 航空 "hangkong" ~ Hong Kong)."""


def _coverage(slots: tuple[Slot, ...], chosen: list[int | None], matched: dict[tuple[int, int], float], weigh: Callable[[Slot], float]) -> float:
    if not matched:
        return 0.0
    total = covered = 0.0
    for s, slot in enumerate(slots):
        weight = weigh(slot)
        total += weight
        alternative = chosen[s]
        if alternative is not None:
            size = len(slot.alternatives[alternative].keys)
            got = 0.0
            for t in range(size):
                got += matched.get((s, t), 0.0)
            covered += weight * got / size
    return covered / total if total else 0.0


def _free(unit: Unit, chosen: list[int | None], matched: dict[tuple[int, int], float]) -> bool:
    for s, a, t in unit.positions:  # a loop, not all(): this runs for every pair of every candidate
        if (s, t) in matched:
            return False
        taken = chosen[s]
        if taken is not None and taken != a:
            return False
    return True


def _take(unit: Unit, similarity: float, chosen: list[int | None], matched: dict[tuple[int, int], float]) -> None:
    for s, a, t in unit.positions:
        chosen[s] = a
        matched[(s, t)] = similarity


Similar = dict[str, dict[str, float]]
"""For each query key, the candidate keys it is similar to and how much (`token_similarity`)."""


def similarities(query_keys: Iterable[str], candidate_keys: Iterable[str], sounds: Mapping[str, str] | None = None) -> Similar:
    """`token_similarity` for every pair of keys: the edit similarities in one vectorised pass
    (rapidfuzz cdist, nothing under the floor), the sound-alike pairs by grouping the keys on
    their skeleton. A query is compared with all its candidates' keys at once, then aligned
    pair by pair. (Key order does not matter: the aligner orders pairs by similarity and
    unit position.) `sounds` holds skeletons already known (`Units.sounds` of list rows)."""
    q, c = list(set(query_keys)), list(set(candidate_keys))
    if not q or not c:
        return {}
    fuzzy_chars, skeleton_chars = TOKENS.min_fuzzy_chars, TOKENS.min_skeleton_chars  # read once: each read is two lookups
    skeleton_length, skeleton_equal = TOKENS.min_skeleton_length, TOKENS.skeleton_equal
    table: Similar = {}
    for key in set(q).intersection(c):  # equal keys, however short
        table[key] = {key: 1.0}
    # the edit similarities of keys long enough to be fuzzy at all
    q_long = [a for a in q if len(a) >= fuzzy_chars]
    c_long = [b for b in c if len(b) >= fuzzy_chars]
    if q_long and c_long:
        matrix = process.cdist(q_long, c_long, scorer=OSA.normalized_similarity, dtype=np.float32, workers=1, score_cutoff=TOKENS.fuzzy_floor)
        rows, cols = matrix.nonzero()  # the method: np.nonzero runs a Python wrapper
        voicing_equal = TOKENS.voicing_equal
        for i, j, value in zip(rows.tolist(), cols.tolist(), matrix[rows, cols].tolist()):
            a, b = q_long[i], c_long[j]
            if value < voicing_equal and _voicing_alone(a, b):
                value = voicing_equal
            table.setdefault(a, {})[b] = value
    known = sounds or {}
    by_sound: dict[str, list[str]] = {}
    for b in c:
        if len(b) >= skeleton_chars:
            sound = known.get(b)
            by_sound.setdefault(skeleton(b) if sound is None else sound, []).append(b)
    for a in q:
        if len(a) < skeleton_chars:  # before its skeleton: a query's keys are new, skeletons not cached
            continue
        sound = skeleton(a)
        if len(sound) < skeleton_length or sound not in by_sound:
            continue
        found = table.setdefault(a, {})
        for b in by_sound[sound]:
            found[b] = max(found.get(b, 0.0), skeleton_equal)
    return table


_VOWEL_RUN = re.compile(r"(?:[aeiou]|(?<=.)y)+")


@lru_cache(maxsize=200_000)
def _vowels_as_one(key: str) -> str:
    """A key with each run of vowels written as one "a" (a medial or final y is a vowel)."""
    return _VOWEL_RUN.sub("a", key)


def rendering_similarities(rendering_keys: Iterable[str], candidate_keys: Iterable[str]) -> Similar:
    """How near each spelling of a Chinese rendering (`FOREIGN`) is to each candidate key with
    the vowels of both set aside (`TOKENS.rendering_vowels`), where that is nearer than as
    spelt: Chinese writes a foreign name's consonants faithfully and its vowels loosely (伊顿,
    Eaton, spelt "iton"), so the model's spellings are right in their consonants more often
    than in their vowels. Keys under `min_fuzzy_chars` letters, or with fewer than two
    consonants, are left out: their consonants say too little."""
    fuzzy_chars, factor, floor = TOKENS.min_fuzzy_chars, TOKENS.rendering_vowels, TOKENS.fuzzy_floor
    q = [(_vowels_as_one(a), a) for a in set(rendering_keys) if len(a) >= fuzzy_chars]
    c = [(_vowels_as_one(b), b) for b in set(candidate_keys) if len(b) >= fuzzy_chars]
    q = [(va, a) for va, a in q if len(va) - va.count("a") >= 2]
    c = [(vb, b) for vb, b in c if len(vb) - vb.count("a") >= 2]
    table: Similar = {}
    if not q or not c:
        return table
    cutoff = floor / factor - 1e-6  # five letters of six (0.8333…) is one edit at 0.9: at the floor, not a rounding below it
    matrix = process.cdist([va for va, _ in q], [vb for vb, _ in c], scorer=OSA.normalized_similarity, dtype=np.float32, workers=1, score_cutoff=cutoff)
    rows, cols = matrix.nonzero()
    for i, j, value in zip(rows.tolist(), cols.tolist(), matrix[rows, cols].tolist()):
        table.setdefault(q[i][1], {})[c[j][1]] = max(value * factor, floor)
    return table


def query_similarities(q_all: Units, candidate_keys: frozenset[str], sounds: Mapping[str, str] | None = None) -> Similar:
    """A query's keys' similarities to its candidates' (`similarities`), and its renderings'
    spellings' with their vowels set aside (`rendering_similarities`) where that is nearer."""
    table = similarities(q_all.keys, candidate_keys, sounds)
    spellings = [unit.key for unit in q_all.singles if unit.label == FOREIGN]
    if spellings:
        for a, near in rendering_similarities(spellings, candidate_keys).items():
            found = table.setdefault(a, {})
            for b, value in near.items():
                if value > found.get(b, 0.0):
                    found[b] = value
    return table


QueryPlan = tuple[dict[str, tuple[tuple[float, int, Unit, bool, bool], ...]], ...]
"""Per phase, each candidate key that some query unit may pair with, and those units as
(-similarity, unit number, unit, reads?, fuzzy?): the part of the pairing that does not depend
on the candidate, worked out once per query, so that a candidate only looks up its own keys."""

_PHASES = ((False, False), (True, False), (False, True))  # (query compound?, candidate compound?)


def query_plan(q_all: Units, similar: Similar) -> QueryPlan:
    slack = TOKENS.compound_length_slack
    plan = []
    for phase, (q_compound, _) in enumerate(_PHASES):
        by_key: dict[str, list[tuple[float, int, Unit, bool, bool]]] = {}
        for qi, q in enumerate(q_all.compounds if q_compound else q_all.singles):
            q_reads, q_speculative = phase == 0 and q.label in READINGS, q.label in SPECULATIVE
            for c_key, similarity in similar.get(q.key, {}).items():
                fuzzy = similarity < 1.0
                if fuzzy and q_speculative:
                    continue
                if phase and abs(len(q.key) - len(c_key)) > slack * max(len(q.key), len(c_key)):
                    continue
                by_key.setdefault(c_key, []).append((-similarity, qi, q, q_reads, fuzzy))
        plan.append({key: tuple(entries) for key, entries in by_key.items()})
    return tuple(plan)


def _candidate_pairs(plan: QueryPlan, c_all: Units) -> list[tuple[float, int, int, int, int, int, Unit, Unit]]:
    """Every (query unit, candidate unit) pair worth aligning, as (-similarity, phase, -whole,
    -held, query unit number, candidate unit number, the two units): sorted as plain tuples,
    best first, ties in a fixed order (word–word, compound–word, word–compound). Of two
    spellings that meet a word equally, the
    one that can also meet the words beside it goes first, as taking one alternative of a word
    rules out its others (大田 as "daejeon metropolitan city" beside its Korean reading
    "daejeon", against Daejeon Metropolitan City): first the pairs whose alternatives' other
    keys the other name holds *all* of, in words other than the two met (a character-by-
    character reading shares some syllables with any other: 洛克希德马丁 "raku katsu mare tokuma
    cho"; and keys met in the same word add nothing: two names written alike then still meet
    alternative for alternative, translation for translation, and score 1); where neither is
    held whole, the pair whose other keys the other name holds more of (`_held`). The unit
    numbers are unique per phase, so the units themselves are never compared, and the pairs
    may be found in any order."""
    found = []
    query_side = plan[0] if plan else {}  # candidate key → the query words that meet it
    for phase, by_key in enumerate(plan):
        if not by_key:
            continue
        c_by_key = c_all.compounds_by_key if _PHASES[phase][1] else c_all.singles_by_key
        for c_key in by_key.keys() & c_by_key.keys():
            matches = c_by_key[c_key]
            for negative, qi, q, q_reads, fuzzy in by_key[c_key]:
                for ci, c in matches:
                    if (q.label == KATAKANA and (c.label not in KANA_READINGS or c.label in SPECULATIVE or c.kanji)) or (
                        c.label == KATAKANA and (q.label not in KANA_READINGS or q.label in SPECULATIVE or q.kanji)
                    ):
                        # two guesses agreeing prove nothing: VSE's katakana ヴィー "bi" and a fourth parse of 日野;
                        # and English is written in katakana, not kanji: a kanji word's reading meets the English as spelt
                        continue
                    # two readings must agree exactly, except a kana reading and the katakana of an
                    # English word: e2k's katakana is itself approximate (KURARAY クラレイ, クラレ)
                    if fuzzy and (
                        c.label in SPECULATIVE
                        or (q_reads and c.label in READINGS and KATAKANA not in (q.label, c.label))
                    ):
                        continue
                    whole = held = 0
                    # a guess never goes first; most units have no other keys, and skip the lookups
                    if (q.others or c.others) and q.label not in SPECULATIVE and c.label not in SPECULATIVE:
                        q_held, q_all_held = _held(q.others, c_all.singles_by_key, _slot_numbers(c), 1)
                        c_held, c_all_held = _held(c.others, query_side, _slot_numbers(q), 2)
                        whole, held = q_all_held + c_all_held, q_held + c_held
                    found.append((negative, phase, -whole, 0 if whole else -held, qi, ci, q, c))
    return found


def _held(keys: tuple[str, ...], by_key: Mapping[str, tuple[tuple[Any, ...], ...]], met: tuple[int, ...], at: int) -> tuple[int, int]:
    """How many of `keys` the other name holds in words other than `met` (the words the pair
    itself meets: an alternative's other keys met there add nothing), and 1 when there are
    keys and it holds them all. `by_key`: key → entries holding a unit at index `at`."""
    count = 0
    for key in keys:
        for entry in by_key.get(key, ()):
            if entry[at].positions[0][0] not in met:
                count += 1
                break
    return count, int(bool(keys) and count == len(keys))


def align(
    query: tuple[Slot, ...],
    candidate: tuple[Slot, ...],
    weigh: Callable[[Slot], float],
    similar: Similar | None = None,
    candidate_units: Units | None = None,
    plan: QueryPlan | None = None,
) -> Alignment:
    """Greedy alignment; `weigh` gives a slot's weight (normally `slot_weight` over the list's
    IDF); `similar` is the key similarity table (computed for this pair when not given);
    `candidate_units` are the candidate's `name_units` when the caller keeps them (a matcher
    keeps its list rows' units, so a list alias is taken apart once, not once per query);
    `plan` is `query_plan` of the query and `similar`, when the caller aligns it many times."""
    c_all = candidate_units if candidate_units is not None else name_units(candidate)
    if plan is None:
        q_all = name_units(query)
        plan = query_plan(q_all, similar if similar is not None else query_similarities(q_all, c_all.keys))
    scored = _candidate_pairs(plan, c_all)
    scored.sort()
    q_chosen: list[int | None] = [None] * len(query)
    c_chosen: list[int | None] = [None] * len(candidate)
    q_matched: dict[tuple[int, int], float] = {}
    c_matched: dict[tuple[int, int], float] = {}
    pairs = []
    for negative, _, _, _, _, _, q, c in scored:
        if not (_free(q, q_chosen, q_matched) and _free(c, c_chosen, c_matched)):
            continue
        similarity = -negative
        if q.label == INITIALS or c.label == INITIALS:  # MHI is Mitsubishi Heavy Industries' initialism, or another's
            similarity *= TOKENS.initials_met
        _take(q, similarity, q_chosen, q_matched)
        _take(c, similarity, c_chosen, c_matched)
        pairs.append(TokenPair(q.key, c.key, similarity, q.label, c.label, _slot_numbers(q), _slot_numbers(c)))
    if TOKENS.typo_word_chars:
        _typo_words(query, candidate, pairs, q_chosen, c_chosen, q_matched, c_matched)
    return Alignment(
        pairs=tuple(pairs),
        query_coverage=_coverage(query, q_chosen, q_matched, weigh),
        candidate_coverage=_coverage(candidate, c_chosen, c_matched, weigh),
        query_chosen=tuple([slot.alternatives[a or 0] for slot, a in zip(query, q_chosen)]),
        candidate_chosen=tuple([slot.alternatives[a or 0] for slot, a in zip(candidate, c_chosen)]),
    )


def _written_word(slot: Slot) -> str:
    """A slot's word as written when the slot is one Latin word, else "". How distinctive the
    word is stays its weight (IDF): a typo in "group" covers little."""
    first = slot.alternatives[0]
    return slot.text if first.label == LATIN and len(first.keys) == 1 else ""


def _one_typo(a: str, b: str) -> bool:
    """Two written words one edit apart (insert, delete, substitute, swap), the longer at least
    `typo_word_chars` letters: a typo of one word rather than another word."""
    if not a or not b or a == b or max(len(a), len(b)) < TOKENS.typo_word_chars or abs(len(a) - len(b)) > 1:
        return False
    return OSA.distance(a, b, score_cutoff=1) <= 1


def _typo_words(
    query: tuple[Slot, ...],
    candidate: tuple[Slot, ...],
    pairs: list[TokenPair],
    q_chosen: list[int | None],
    c_chosen: list[int | None],
    q_matched: dict[tuple[int, int], float],
    c_matched: dict[tuple[int, int], float],
) -> None:
    """Words one typo apart as written count in full (issue 21). Keys fold spellings, so one
    typo can cost a key two letters (NULCEAR *nursear* / NUCLEAR *nukrear*, DROES / DRONES)
    and leave the word unmatched, or match it at 0.8 (SKYDOI / SKYDIO), which leaves a short
    name's only distinctive word, and so the name, under the hit coverage. A word met as
    written within one edit is the same word, misspelt: it keeps its weight. Words already
    met by a near key are lifted; words left over on both sides are paired. The other way
    round, two Latin words met by a near key but further apart as written count only as much
    as they are alike as written: folding made them alike (TERRA *tera* / TEAL *tear*)."""
    for pair in pairs:
        if pair.similarity >= 1.0 or len(pair.query_slots) != 1 or len(pair.candidate_slots) != 1:
            continue
        s, t = pair.query_slots[0], pair.candidate_slots[0]
        q_word, c_word = _written_word(query[s]), _written_word(candidate[t])
        if q_chosen[s] != 0 or c_chosen[t] != 0 or not q_word or not c_word:
            continue
        if _one_typo(q_word, c_word):
            q_matched[(s, 0)] = c_matched[(t, 0)] = 1.0
        else:  # two English spellings: a near key counts no more than the words are alike as written
            written = min(pair.similarity, OSA.normalized_similarity(q_word, c_word))
            q_matched[(s, 0)] = c_matched[(t, 0)] = written
    left = [t for t in range(len(candidate)) if c_chosen[t] is None and _written_word(candidate[t])]
    if not left:
        return
    for s in range(len(query)):
        if q_chosen[s] is not None:
            continue
        word = _written_word(query[s])
        for t in left:
            if c_chosen[t] is None and _one_typo(word, candidate[t].text):
                q_chosen[s] = c_chosen[t] = 0
                q_matched[(s, 0)] = c_matched[(t, 0)] = 1.0
                q_key, c_key = query[s].alternatives[0].keys[0], candidate[t].alternatives[0].keys[0]
                pairs.append(TokenPair(q_key, c_key, OSA.normalized_similarity(word, candidate[t].text), LATIN, LATIN, (s,), (t,)))
                break
