"""The features of a match: small pure functions of one comparison, each scored in [0, 1].

A feature returns `None` when it does not apply (no country on one side, no CJK on one
side), and then takes no part in the weighted mean. Weights live in `config.FEATURES`,
never here. Each feature also says, in words, what it compared, so the explanation of a
match is the list of its features.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA

from dualuse.screening.normalise.text import skeleton

if TYPE_CHECKING:
    from dualuse.screening.matchers.crossscript.align import Alignment
    from dualuse.screening.matchers.crossscript.forms import NameForm

Result = tuple[float | None, str]


@dataclass(frozen=True, slots=True)
class Comparison:
    query: NameForm
    candidate: NameForm
    alignment: Alignment
    query_country: str | None
    candidate_country: str | None
    query_joined: str = field(init=False)  # keys under the chosen alternatives, joined without spaces
    candidate_joined: str = field(init=False)

    def __post_init__(self) -> None:
        alignment = self.alignment
        if alignment.pairs:
            query, candidate = _joined(alignment.query_chosen), _joined(alignment.candidate_chosen)
        else:  # no word in common: compare the names whole, each under its closest reading
            query, candidate = max(
                ((q, c) for q in _spellings(self.query) for c in _spellings(self.candidate)),
                key=lambda pair: OSA.normalized_similarity(*pair),
            )
        object.__setattr__(self, "query_joined", query)
        object.__setattr__(self, "candidate_joined", candidate)


def _joined(alternatives) -> str:
    return "".join("".join(alt.keys) for alt in alternatives)


def _spellings(form: NameForm) -> list[str]:
    """The name joined under one kind of reading throughout (all pinyin, all cutlet…), each
    slot falling back to its first alternative: 三泰克托 is "santaiketuo" in pinyin, the
    Chinese transcription of Sun Tectro, and "santhairandkatsutaku" in Japanese. In a fixed
    order (labels as they first occur), so equally close pairs resolve the same way every run."""
    labels = dict.fromkeys(alt.label for slot in form.slots for alt in slot.alternatives)
    spellings = (
        "".join("".join(next((alt for alt in slot.alternatives if alt.label == label), slot.alternatives[0]).keys) for slot in form.slots)
        for label in labels
    )
    return list(dict.fromkeys(spellings)) or [""]  # a name of CJK characters no reader knows (𰬸) has no slots


def token_overlap(c: Comparison) -> Result:
    """Distinctive words in common: harmonic mean of the IDF-weighted coverage of both names."""
    q, k = c.alignment.query_coverage, c.alignment.candidate_coverage
    score = 2 * q * k / (q + k) if q + k else 0.0
    words = ", ".join(f"{p.query_token}~{p.candidate_token}" for p in c.alignment.pairs[:8])
    return score, f"query covered {q:.2f}, candidate covered {k:.2f} ({words})"


def edit_similarity(c: Comparison) -> Result:
    """Edit similarity (optimal string alignment: a transposition counts once) of the names'
    keys joined without spaces, under the readings/translations the alignment chose."""
    a, b = c.query_joined, c.candidate_joined
    if not a or not b:
        return 0.0, "empty name"
    return OSA.normalized_similarity(a, b), f"{a!r} vs {b!r}"


def sound_similarity(c: Comparison) -> Result:
    """Edit similarity of consonant skeletons: a katakana or hanzi transcription of a foreign
    name keeps its consonants (斯巴鲁 sibalu / Subaru → sbr)."""
    a = skeleton(c.query_joined)
    b = skeleton(c.candidate_joined)
    if min(len(a), len(b)) < 3:
        return None, "too short for a sound comparison"
    return OSA.normalized_similarity(a, b), f"{a!r} vs {b!r}"


def translated_words(c: Comparison) -> Result:
    """Share of the words met through a lexicon translation among the words that had one."""
    offered = c.query.translatable + c.candidate.translatable
    if not offered:
        return None, "no translated words"
    chosen = c.alignment.query_chosen + c.alignment.candidate_chosen
    met = {p.query_token for p in c.alignment.pairs if p.query_label == "translation"}
    met |= {p.candidate_token for p in c.alignment.pairs if p.candidate_label == "translation"}
    used = sum(alt.label == "translation" and bool(set(alt.keys) & met) for alt in chosen)
    return min(1.0, used / offered), f"{used} of {offered} translatable words met ({', '.join(sorted(met)) or '-'})"


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def cjk_overlap(c: Comparison) -> Result:
    """Character-bigram Dice of the two names in canonical simplified form, when both have CJK."""
    a, b = c.query.cjk, c.candidate.cjk
    if not a or not b:
        return None, "not both written in CJK"
    x, y = _bigrams(a), _bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)), f"{a} vs {b}"


def country_agreement(c: Comparison) -> Result:
    """1 when both countries are known and equal, 0 when they differ."""
    if not c.query_country or not c.candidate_country:
        return None, "country unknown on one side"
    same = c.query_country.upper() == c.candidate_country.upper()
    return float(same), f"{c.query_country} vs {c.candidate_country}"
