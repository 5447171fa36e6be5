"""Every weight and threshold of the cross-script matcher, in one place.

The reasons for each value are in docs/SCREENING_METHOD.md; the figures they produce are in
benchmarks/SCREENING.md. Change a value here and re-run `benchmarks/screening_quality.py` and `benchmarks/screening_speed.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dualuse.screening.matchers.crossscript.labels import INITIALS, KATAKANA
from dualuse.screening.matchers.crossscript import features as f


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    value: Callable[[f.Comparison], float | None]  # None: does not apply to this pair
    detail: Callable[[f.Comparison], str]  # what it compared, in words (only for answered matches)
    weight: float


COUNTRY_AGREEMENT = Feature("country_agreement", f.country_agreement, f.country_agreement_detail, 0.5)
"""Also a condition of a hit: where both countries are known, they agree (`is_hit`)."""

FEATURES: tuple[Feature, ...] = (
    Feature("token_overlap", f.token_overlap, f.token_overlap_detail, 3.0),
    Feature("edit_similarity", f.edit_similarity, f.edit_similarity_detail, 1.0),
    Feature("sound_similarity", f.sound_similarity, f.sound_similarity_detail, 0.5),
    Feature("translated_words", f.translated_words, f.translated_words_detail, 0.25),
    Feature("cjk_overlap", f.cjk_overlap, f.cjk_overlap_detail, 1.0),
    COUNTRY_AGREEMENT,
)


@dataclass(frozen=True, slots=True)
class TokenRules:
    min_fuzzy_chars: int = 4  # shorter keys must be equal; at 4 one edit (0.75) is only just fuzzy
    min_skeleton_chars: int = 5
    skeleton_equal: float = 0.8  # loanword whose consonants agree (fakutori ~ factory)...
    min_skeleton_length: int = 4  # ...when there are enough of them to mean something
    fuzzy_floor: float = 0.75  # below this, two words are different words
    min_voicing_chars: int = 5  # keys this long are compared, and indexed for retrieval, voiceless (rendaku)...
    voicing_equal: float = 0.95  # ...and two that differ in voicing alone meet at this (maesawa ~ maezawa), above
    # one other letter (maesawa ~ maesaka 0.86)
    descriptor_weight: float = 0.5  # lexicon words (工業, 電機) count half: English names drop them
    max_compound: int = 3  # words joined when one side writes them as one (resort trust / resorttrust)
    compound_alternatives: int = 3  # alternatives of one kind per slot tried in a compound
    compound_length_slack: float = 0.25  # compound and word lengths may differ by this share
    rendering_vowels: float = 0.9  # a Chinese rendering's spelling and a word whose consonants it keeps in order, vowels
    # aside, meet at this times their edit similarity with every run of vowels one vowel (伊顿 "iton" ~ Eaton, 康明斯
    # "konmin" ~ Cummins): the model learns the consonants of its renderings, and guesses their vowels
    initials: tuple[int, int] = (3, 5)  # words whose initials may be written as one word (MHI, GFC): fewer spell
    # another name's short word by chance, and initialisms of more letters are rare
    initials_met: float = 0.9  # words met by their initials count this much met: other names have the same initials
    typo_word_chars: int = 6  # a Latin word this long (the longer of the two), one edit as written from a word of the
    # other name (SKYDOI / SKYDIO, DROES / DRONES), counts as that word in full: a typo, not another word


@dataclass(frozen=True, slots=True)
class Bands:
    hit: float = 0.85  # weighted score at or above which a match may be a hit...
    hit_min_coverage: float = 0.85  # ...if each name's distinctive words are this much covered
    hit_min_chars: int = 4  # ...and the matched key is at least this long (or the names are equal)
    hit_guesses: frozenset[str] = frozenset({KATAKANA, INITIALS})  # alternatives (forms.py labels) that are guesses: a match
    # resting on nothing else, countries unknown, is at most `review` (ARKOMM read as katakana is アコム, another company)
    review: float = 0.55  # below this a candidate is clear...
    review_spelling: float = 0.8  # ...unless its name, legal forms aside, is spelt this close to the query's (Indel
    # similarity of the written words): one typo in a word of five letters (LIDOS / LEIDOS, EXELXS / EXELIS)
    review_spelling_chars: int = 5  # ...and both are at least this long: one letter of four is a different name


@dataclass(frozen=True, slots=True)
class Retrieval:
    candidates: int = 20  # alias rows scored in full per query form...
    relative_floor: float = 0.3  # ...of those whose retrieval score is at least this share of the best one's
    deeper_candidates: int = 60  # ...or this many when none of them shares a word with the query
    length_norm: float = 0.75  # rows scored by TF-IDF over (norm ** this): 1 is cosine
    ngram: int = 3
    max_deletion_key: int = 6  # keys this short are also indexed by their one-deletion variants
    max_postings: int = 50_000  # postings read per query form, rarest features first
    initialism_candidates: int = 5  # rows an initialism of the query's meets, scored besides (`index.initialism_features`)
    rendering_candidates: int = 5  # rows a rendering's spellings meet, scored besides (`index.rendering_features`)


TOKENS = TokenRules()
BANDS = Bands()
RETRIEVAL = Retrieval()
