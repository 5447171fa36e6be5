"""The features of a match: small pure functions of one comparison, each scored in [0, 1].

Each feature is two functions: its value (`None` when it does not apply — no country on one
side, no CJK on one side — and then it takes no part in the weighted mean) and, beside it, a
sentence saying what it compared (`*_detail`). Every candidate a query retrieves is valued;
only the few that are answered are described, so the words are written for them alone. Weights
live in `config.FEATURES`, never here. The explanation of a match is the list of its features.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mypy_extensions import mypyc_attr
from rapidfuzz.distance import OSA

from dualuse.screening.matchers.crossscript.labels import DICTIONARY, INITIALS, KOREAN_GLOSSED, PINYIN, TRANSLATED, TRANSLATION, WORD_PINYIN
from dualuse.screening.normalise.legal import is_generic_key, is_generic_word
from dualuse.screening.normalise.text import has_cjk, is_kana, skeleton

if TYPE_CHECKING:
    from dualuse.screening.matchers.crossscript.align import Alignment
    from dualuse.screening.matchers.crossscript.forms import Alternative, NameForm, Slot


@mypyc_attr(acyclic=True)  # holds no reference back to itself: compiled, the cyclic GC never tracks it
class Comparison:
    """One query form against one candidate form, as aligned: what every feature reads. A
    plain slotted class, made for every candidate of every query (a frozen dataclass pays an
    `object.__setattr__` per field)."""

    __slots__ = ("query", "candidate", "alignment", "query_country", "candidate_country", "query_joined", "candidate_joined")

    def __init__(self, query: NameForm, candidate: NameForm, alignment: Alignment, query_country: str | None, candidate_country: str | None):
        self.query = query
        self.candidate = candidate
        self.alignment = alignment
        self.query_country = query_country
        self.candidate_country = candidate_country
        # keys under the chosen alternatives, joined without spaces; of a name whose other is met
        # whole, the generic words left over are left out (`_generic_left_over`)
        if alignment.pairs:
            query_skip, candidate_skip = generic_left_out(query, candidate, alignment)
            self.query_joined = _joined(alignment.query_chosen, query_skip, _initials_met(alignment, True))
            self.candidate_joined = _joined(alignment.candidate_chosen, candidate_skip, _initials_met(alignment, False))
        else:  # no word in common: compare the names whole, each under its closest reading
            self.query_joined, self.candidate_joined = max(
                ((q, c) for q in _spellings(query) for c in _spellings(candidate)),
                key=lambda pair: OSA.normalized_similarity(*pair),
            )


def _joined(alternatives: tuple[Alternative, ...], skip: tuple[int, ...] = (), initials: dict[int, str] | None = None) -> str:
    """The keys of the chosen alternatives as one string; words met by their initials as those
    initials (`initials`: first slot → the initials; the run's other slots are left out)."""
    initials = initials or {}
    return "".join(initials[s] if s in initials else "".join(alt.keys) for s, alt in enumerate(alternatives) if s not in skip)


def _initials_met(alignment: Alignment, query: bool) -> dict[int, str]:
    """Slot → the initials it was met by, for the words of `query`'s (or the candidate's) side met
    as one initialism (MHI ~ Mitsubishi Heavy Industries): the first word of the run holds them."""
    found: dict[int, str] = {}
    for pair in alignment.pairs:
        label = pair.query_label if query else pair.candidate_label
        if label == INITIALS:
            slots = pair.query_slots if query else pair.candidate_slots
            found[slots[0]] = pair.query_token if query else pair.candidate_token
            found.update((s, "") for s in slots[1:])
    return found


WHOLLY_MET = 0.999
"""Coverage of a name all of whose words met (a float sum of weights, so not exactly 1)."""


def generic_left_out(query: NameForm, candidate: NameForm, alignment: Alignment) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The slots of the query and of the candidate left out of the names compared as written:
    generic words left over beside a name met whole (`_generic_left_over`). The explanation
    says which (`explain`)."""
    query_skip = _generic_left_over(query, alignment, True) if alignment.candidate_coverage >= WHOLLY_MET else ()
    candidate_skip = _generic_left_over(candidate, alignment, False) if alignment.query_coverage >= WHOLLY_MET else ()
    return query_skip, candidate_skip


def _generic_left_over(form: NameForm, alignment: Alignment, query: bool) -> tuple[int, ...]:
    """The words of `form` that met nothing, when every one of them is a generic word (Industries,
    Group, Holdings: legal_forms.yaml; 集团 or 工業 by their meaning), else none. A name drops
    such words in the other script (安杜里尔公司 is Anduril Industries, 三浦工業 MIURA): when the
    other name met whole, they are left out of the names compared as written, instead of making
    them unlike ('andulier' vs 'andurilindustries')."""
    met = {s for pair in alignment.pairs for s in (pair.query_slots if query else pair.candidate_slots)}
    left = tuple(s for s in range(len(form.slots)) if s not in met)
    return left if all(_generic(form.slots[s]) for s in left) else ()


MEANING = frozenset({TRANSLATION, DICTIONARY})
"""Labels of a word's meaning in English (the lexicon's translation, the dictionaries' gloss)."""


def _generic(slot: Slot) -> bool:
    """A generic word as written (Group), or a CJK word whose first meaning is one (集团 "group",
    工業 "industry", 贸易 "trade"): 三浦工業 is MIURA CO.,LTD., as Miura Industries would be."""
    if is_generic_word(slot.text.lower()):
        return True
    if not has_cjk(slot.text):
        return False
    if all(is_kana(char) for char in slot.text):  # cutlet reads a loanword in English spelling: グループ "group"
        return all(is_generic_key(key) for key in slot.alternatives[0].keys)
    meaning = next((alternative for alternative in slot.alternatives if alternative.label in MEANING), None)
    return meaning is not None and all(is_generic_key(key) for key in meaning.keys)


_KIND = {WORD_PINYIN: PINYIN, KOREAN_GLOSSED: DICTIONARY}
"""Labels of one kind of reading for a name read whole: a word's pinyin is pinyin too (格鲁曼航空 in pinyin throughout, its 航空 a word),
a piece glossed with the words between read in Korean is glossed too."""


def _spellings(form: NameForm) -> list[str]:
    """The name joined under one kind of reading throughout (all pinyin, all cutlet…), each
    slot falling back to its first alternative: 三泰克托 is "santaiketuo" in pinyin, the
    Chinese transcription of Sun Tectro, and "santhairandkatsutaku" in Japanese. In a fixed
    order (labels as they first occur), so equally close pairs resolve the same way every run."""
    labels = dict.fromkeys(_KIND.get(alt.label, alt.label) for slot in form.slots for alt in slot.alternatives)
    spellings = (
        "".join("".join(next((alt for alt in slot.alternatives if _KIND.get(alt.label, alt.label) == label), slot.alternatives[0]).keys) for slot in form.slots)
        for label in labels
    )
    return list(dict.fromkeys(spellings)) or [""]  # a name of CJK characters no reader knows (𰬸) has no slots


def token_overlap(c: Comparison) -> float:
    """Distinctive words in common: harmonic mean of the IDF-weighted coverage of both names."""
    q, k = c.alignment.query_coverage, c.alignment.candidate_coverage
    return 2 * q * k / (q + k) if q + k else 0.0


def token_overlap_detail(c: Comparison) -> str:
    words = ", ".join(f"{p.query_token}~{p.candidate_token}" for p in c.alignment.pairs[:8])
    return f"query covered {c.alignment.query_coverage:.2f}, candidate covered {c.alignment.candidate_coverage:.2f} ({words})"


def edit_similarity(c: Comparison) -> float:
    """Edit similarity (optimal string alignment: a transposition counts once) of the names'
    keys joined without spaces, under the readings/translations the alignment chose."""
    a, b = c.query_joined, c.candidate_joined
    return OSA.normalized_similarity(a, b) if a and b else 0.0


def edit_similarity_detail(c: Comparison) -> str:
    a, b = c.query_joined, c.candidate_joined
    return f"{a!r} vs {b!r}" if a and b else "empty name"


def sound_similarity(c: Comparison) -> float | None:
    """Edit similarity of consonant skeletons: a katakana or hanzi transcription of a foreign
    name keeps its consonants (斯巴鲁 sibalu / Subaru → sbr)."""
    a = skeleton(c.query_joined)
    b = skeleton(c.candidate_joined)
    if min(len(a), len(b)) < 3:
        return None
    return OSA.normalized_similarity(a, b)


def sound_similarity_detail(c: Comparison) -> str:
    a, b = skeleton(c.query_joined), skeleton(c.candidate_joined)
    return "too short for a sound comparison" if min(len(a), len(b)) < 3 else f"{a!r} vs {b!r}"


def _translations_met(c: Comparison) -> tuple[int, set[str]]:
    """Chosen translation alternatives that met the other name, and the words they met by."""
    met: set[str] = set()
    for pair in c.alignment.pairs:  # loops, not comprehensions: this runs for every candidate
        if pair.query_label in TRANSLATED:
            met.add(pair.query_token)
        if pair.candidate_label in TRANSLATED:
            met.add(pair.candidate_token)
    used = 0
    if met:
        for chosen in (c.alignment.query_chosen, c.alignment.candidate_chosen):
            for alt in chosen:
                if alt.label in TRANSLATED and not met.isdisjoint(alt.keys):
                    used += 1
    return used, met


def translated_words(c: Comparison) -> float | None:
    """Share of the words met through a lexicon translation among the words that had one."""
    offered = c.query.translatable + c.candidate.translatable
    if not offered:
        return None
    return min(1.0, _translations_met(c)[0] / offered)


def translated_words_detail(c: Comparison) -> str:
    offered = c.query.translatable + c.candidate.translatable
    if not offered:
        return "no translated words"
    used, met = _translations_met(c)
    return f"{used} of {offered} translatable words met ({', '.join(sorted(met)) or '-'})"


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def cjk_overlap(c: Comparison) -> float | None:
    """Character-bigram Dice of the two names in canonical simplified form, when both have CJK."""
    a, b = c.query.cjk, c.candidate.cjk
    if not a or not b:
        return None
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y))


def cjk_overlap_detail(c: Comparison) -> str:
    a, b = c.query.cjk, c.candidate.cjk
    return f"{a} vs {b}" if a and b else "not both written in CJK"


def country_agreement(c: Comparison) -> float | None:
    """1 when both countries are known and equal, 0 when they differ."""
    if not c.query_country or not c.candidate_country:
        return None
    return float(c.query_country.upper() == c.candidate_country.upper())


def country_agreement_detail(c: Comparison) -> str:
    if not c.query_country or not c.candidate_country:
        return "country unknown on one side"
    return f"{c.query_country} vs {c.candidate_country}"
