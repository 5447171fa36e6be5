"""The cross-script matcher: Chinese, Japanese and Latin names of one party meet.

Pipeline, per query: the written name (and each parenthesised part of it) becomes slots
(`forms.py`: legal forms set aside, CJK runs split into lexicon words with translations and
readings); the n-gram index (`index.py`) proposes candidate alias rows without scanning the
list; each candidate is aligned word by word (`align.py`) and scored by the features of
`config.FEATURES` (a weighted mean of those that apply); the band follows from `config.BANDS`.
Every match says which alias it met, under which readings, and each feature's value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from mypy_extensions import mypyc_attr
from rapidfuzz import fuzz, utils
from rapidfuzz.distance import Indel

from dualuse.screening.matchers.crossscript.labels import ABBREVIATED, CUTLET, DICTIONARY, FOREIGN, INITIAL, INITIALS, JOINED, KAKASI, KATAKANA, KOREAN, KOREAN_GLOSSED, LATIN, LETTERS, LOANWORD, MEANINGS, NAMED, NBEST, PINYIN, SOUND, SYNONYM, TRANSLATION, WORD_PINYIN
from dualuse.screening.base import FeatureScore, PartyMatch, ScreenedEntity
from dualuse.screening.cache import Memo
from dualuse.screening.lexicon import Lexicon, default_lexicon
from dualuse.screening.matchers.crossscript.align import (
    Alignment,
    QueryPlan,
    Similar,
    Units,
    align,
    name_units,
    query_similarities,
    query_plan,
)
from dualuse.screening.matchers.crossscript.config import BANDS, COUNTRY_AGREEMENT, FEATURES, RETRIEVAL, Feature
from dualuse.screening.matchers.crossscript.features import Comparison, generic_left_out
from dualuse.screening.matchers.crossscript.forms import KOREAN_COUNTRIES, NameForm, Slot, glue_words, name_forms, rendering_runs, written_variants
from dualuse.screening.matchers.crossscript.index import NgramIndex
from dualuse.screening.normalise.foreign import foreign_spellings
from dualuse.screening.normalise.legal import form_agreement
from dualuse.screening.normalise.readings import pinyin_reading, to_simplified, written_in_simplified
from dualuse.screening.normalise.text import clean, has_kana
from dualuse.vocabulary import Band


KATAKANA_ROWS = 5_000
"""Lists with up to this many names have their English words read as katakana when built
(e2k, a model run per distinct word); larger lists are not: it would take hours (the cost:
benchmarks/SCREENING.md)."""
ROW_UNITS_KEPT = 200_000
"""Alias rows whose units a matcher keeps (a few kB each); past this it starts afresh, so a
long run over a list of millions stays bounded."""
ROW_UNITS_AT_BUILD = 20_000
"""Lists with up to this many alias rows have every row's units worked out when the matcher
is built (about a second per 20,000 rows); larger lists on first use."""


@mypyc_attr(acyclic=True)  # holds no reference back to itself: compiled, the cyclic GC never tracks it
@dataclass(frozen=True, slots=True)
class _Row:
    entity: int
    written: str
    form: NameForm
    alias: str = ""  # the entity's name as listed, of which `written` is a variant (glued words apart...)

    def __reduce__(self) -> tuple[Any, ...]:  # pickled explicitly: compiled classes have no default (see screening/compiled.py)
        return (_Row, (self.entity, self.written, self.form, self.alias))


@mypyc_attr(acyclic=True)  # holds no reference back to itself: compiled, the cyclic GC never tracks it
class Scored:  # a plain slotted class: one per candidate of every query (see align.TokenPair)
    __slots__ = ("score", "values", "comparison")

    def __init__(self, score: float, values: tuple[tuple[Feature, float], ...], comparison: Comparison):
        self.score = score
        self.values = values  # (feature, value) of each feature that applies
        self.comparison = comparison

    @property
    def alignment(self) -> Alignment:
        return self.comparison.alignment

    @property
    def query(self) -> NameForm:
        return self.comparison.query

    @property
    def candidate(self) -> NameForm:
        return self.comparison.candidate

    @property
    def features(self) -> tuple[FeatureScore, ...]:
        """Made when asked, with each feature's words: most candidates scored never reach the answer."""
        return tuple(FeatureScore(feature.name, value, feature.weight, feature.detail(self.comparison)) for feature, value in self.values)


def score_pair(
    query: NameForm,
    candidate: NameForm,
    query_country: str | None,
    candidate_country: str | None,
    weigh: Callable[[Slot], float],
    similar: Similar | None = None,
    candidate_units: Units | None = None,
    plan: QueryPlan | None = None,
) -> Scored:
    """Align two name forms and score them with every feature of `config.FEATURES`."""
    alignment = align(query.slots, candidate.slots, weigh, similar, candidate_units, plan)
    comparison = Comparison(query, candidate, alignment, query_country, candidate_country)
    values = []
    total = weighted = 0.0  # the score is the weighted mean of the features that apply
    for feature in FEATURES:
        value = feature.value(comparison)
        if value is not None:
            if value != 0.0 and value != 1.0:  # round() formats the number: skip it when there is nothing to round
                value = round(value, 4)
            values.append((feature, value))
            total += feature.weight
            weighted += value * feature.weight
    return Scored(weighted / total if total else 0.0, tuple(values), comparison)


def tie_break(query: str, written: str) -> float:
    """Orders candidates of equal score by plain spelling (WILL before WILLs); never a score."""
    return fuzz.ratio(clean(query), clean(written), processor=utils.default_process)


def band_for(scored: Scored) -> Band:
    if is_hit(scored):
        return Band.HIT
    if scored.score >= BANDS.review or spelt_alike(scored.query, scored.candidate):
        return Band.REVIEW
    return Band.CLEAR


def is_hit(scored: Scored) -> bool:
    """`hit` only when the score is high *and* neither name has distinctive words left over
    (a parent is not its subsidiary) *and* what matched is not a short accident *and* the
    countries, where both are known, agree (a namesake abroad is for a person to judge) *and*
    the words did not meet only through a guessed reading (`rests_on_guesses`), unless the
    countries are known and agree."""
    a = scored.alignment
    keys_q = "".join(k for alt in a.query_chosen for k in alt.keys)
    keys_c = "".join(k for alt in a.candidate_chosen for k in alt.keys)
    long_enough = min(len(keys_q), len(keys_c)) >= BANDS.hit_min_chars or keys_q == keys_c
    covered = min(a.query_coverage, a.candidate_coverage) >= BANDS.hit_min_coverage
    countries = [value for feature, value in scored.values if feature is COUNTRY_AGREEMENT]
    same_country = all(value > 0 for value in countries)
    corroborated = bool(countries) or not rests_on_guesses(a)  # a guessed reading alone needs the countries to agree
    return scored.score >= BANDS.hit and covered and long_enough and same_country and corroborated


def rests_on_guesses(alignment: Alignment) -> bool:
    """Whether every word that met, met through a guessed reading (`BANDS.hit_guesses`): the
    katakana e2k's model writes for an English word is a guess at how a Japanese company would
    spell it, and many English names have a katakana namesake (ARKOMM アコム, EXELS エクセル).
    Such a match is for a person to judge, never a hit on its own: only with the countries of
    both names known and equal (a Japanese company's English name against its katakana)."""
    guesses = BANDS.hit_guesses
    for pair in alignment.pairs:
        if pair.query_label not in guesses and pair.candidate_label not in guesses:
            return False
    return bool(alignment.pairs)


def spelt_alike(query: NameForm, candidate: NameForm) -> bool:
    """Whether two names, legal forms and function words aside, are spelt within a typo of each
    other (`BANDS.review_spelling`). The features compare folded keys, in which one typo can cost
    two letters (EXELXS is *ekserks*, EXELIS *ekseri*); as written, a typo is one. A listed name
    one typo away is for a person to look at, never a hit by this alone."""
    a = " ".join(slot.text for slot in query.slots)
    b = " ".join(slot.text for slot in candidate.slots)
    if min(len(a), len(b)) < BANDS.review_spelling_chars:
        return False
    return Indel.normalized_similarity(a, b, score_cutoff=BANDS.review_spelling) >= BANDS.review_spelling


HOW_READ: dict[str, str] = {
    LATIN: "as written",
    ABBREVIATED: "as the word it abbreviates",
    LETTERS: "spelled letter by letter",
    INITIAL: "as an initial",
    INITIALS: "by the initials of its words",
    JOINED: "written as one word",
    CUTLET: "read in Japanese",
    KAKASI: "read in Japanese",
    NBEST: "read in Japanese (another reading)",
    LOANWORD: "read as a loanword",
    PINYIN: "read in Chinese (pinyin)",
    WORD_PINYIN: "read in Chinese (pinyin)",
    KOREAN: "read in Korean",
    SOUND: "read in Chinese as a foreign name's transcription",
    FOREIGN: "read as a rendering of a foreign name",
    TRANSLATION: "translated",
    DICTIONARY: "translated by the dictionary",
    NAMED: "named whole by the dictionary",
    KOREAN_GLOSSED: "translated by the dictionary, the words between read in Korean",
    MEANINGS: "spelt by the meanings of its characters",
    SYNONYM: "translated, as its adjective or another word for it, from WordNet",
    KATAKANA: "as it is written in katakana",
}
"""How a word met, in words, by the kind of alternative it met with (forms.py's labels)."""


def _words(form: NameForm, numbers: tuple[int, ...]) -> str:
    return " ".join(form.slots[n].text for n in numbers if n < len(form.slots))


def _how(word: str, label: str) -> str:
    how = HOW_READ.get(label, "read")
    if label == FOREIGN:
        return f"{word} ({how}: {foreign_reading(word)})"
    return word if how == "as written" else f"{word} ({how})"


def foreign_reading(word: str) -> str:
    """How a rendering was read, in words: its pinyin and the model's spellings of the parts
    written in transliteration characters ('puleisidun' ~ 'preston')."""
    text = to_simplified(word)
    whole = foreign_spellings(text)  # the word is one rendering, whatever words the dictionary finds in it (阿伦 | 达尔)
    # else its runs as the matcher read them (维 | 戈尔 is one rendering beside 光电, "vigor")
    runs = [] if whole else rendering_runs(text, default_lexicon(), written_in_simplified(word))
    spelt = whole[:1] or [spellings[0] for _, spellings in runs if spellings]
    return f"'{''.join(pinyin_reading(text))}' ~ '{' '.join(spelt)}'"


GENERIC_NOTE = " (a generic word, not compared as written)"


def explain(row_written: str, features: tuple[FeatureScore, ...], scored: Scored, band: Band) -> str:
    """The answer in words: which of the party's names was met, which words of the query met
    which words of it and how each was read (as written, read in Japanese, translated...),
    which were left over, and the feature scores. Never the comparison keys themselves (a
    folded key such as "serf" for "self" is for the matcher, not for a reader; they stay in
    each feature's `detail`)."""
    alignment = scored.alignment
    query, candidate = scored.query, scored.candidate
    # one line per group of query words: the listed words each met, in order
    groups: dict[tuple[int, ...], tuple[str, str, list[int]]] = {}
    used_query: set[int] = set()
    used_candidate: set[int] = set()
    for pair in alignment.pairs:
        used_query.update(pair.query_slots)
        used_candidate.update(pair.candidate_slots)
        label, other_label, numbers = groups.setdefault(pair.query_slots, (pair.query_label, pair.candidate_label, []))
        numbers.extend(n for n in pair.candidate_slots if n not in numbers)
    met = []
    # in the order of the name screened, whatever order the aligner met them in
    for query_slots, (label, other_label, numbers) in sorted(groups.items(), key=lambda group: group[0])[:8]:
        left, right = _words(query, query_slots), _words(candidate, tuple(numbers))
        if left and right:
            met.append(f"{left} (the same writing)" if left == right else f"{_how(left, label)} = {_how(right, other_label)}")
    # a generic word left out of the names compared as written says so (Industries, 工業: features.generic_left_out)
    generic_query, generic_candidate = generic_left_out(query, candidate, alignment) if alignment.pairs else ((), ())
    unmet_query = [s.text + (GENERIC_NOTE if n in generic_query else "") for n, s in enumerate(query.slots) if n not in used_query]
    unmet_candidate = [s.text + (GENERIC_NOTE if n in generic_candidate else "") for n, s in enumerate(candidate.slots) if n not in used_candidate]
    parts = [f"{band.value} {scored.score:.3f}: met the listed name {row_written!r}"]
    parts.append("Words that met: " + ("; ".join(met) if met else "none"))
    if unmet_query or unmet_candidate:
        parts.append(
            "Left over: " + (", ".join(unmet_query) or "-") + " in the name screened / " + (", ".join(unmet_candidate) or "-") + " in the listed name"
        )
    if not met:  # no word in common: the names were compared whole, as read
        whole = [f.detail for f in features if f.feature == "edit_similarity"]
        if whole:
            parts.append(f"Compared whole, as read: {whole[0]}")
    if query.legal_forms or candidate.legal_forms:
        legal = " / ".join(", ".join(form.legal_forms) or "-" for form in (query, candidate))
        parts.append(f"Legal forms set aside: {legal}")
    parts.append("Scores: " + ", ".join(f"{f.feature}={f.score:.2f}×{f.weight:g}" for f in features))
    return "; ".join(parts[:1]) + ". " + ". ".join(parts[1:]) + "."


def _distinct(forms: list[NameForm]) -> list[NameForm]:
    """The forms, without those equal to an earlier one in all but their writing: a name and its
    clean variant (ＴＤＫ株式会社, TDK株式会社) read the same, would retrieve the same rows and score
    each the same, and the first form's scores win ties anyway."""
    if len(forms) < 2:
        return forms
    distinct: dict[NameForm, NameForm] = {}
    for form in forms:
        distinct.setdefault(replace(form, written=""), form)
    return list(distinct.values())


def _query_forms(name: str, lexicon: Lexicon, katakana: bool, korean: bool = False) -> list[NameForm]:
    """The distinct forms of a query: each written variant (parts, glued words apart) that has
    something to match on."""
    forms = [form for written in written_variants(name, glue_words(lexicon)) for form in name_forms(written, lexicon, katakana, korean)]
    return _distinct([form for form in forms if form.slots or form.cjk])


_QUERY_FORMS = Memo("crossscript query forms")
"""The forms of the names screened before, by this code and data (`screening/cache.py`)."""


def _remembered_forms(name: str, lexicon: Lexicon, katakana: bool, korean: bool) -> list[NameForm]:
    """`_query_forms`, read back when a run before worked them out (a deterministic function of
    the name and the flags, for the shipped lexicon): a second run does not read the same names
    again with pykakasi, MeCab, pypinyin and the dictionaries. The answers are never kept."""
    if lexicon is not default_lexicon():
        return _query_forms(name, lexicon, katakana, korean)
    key = (name, katakana, korean)
    found = _QUERY_FORMS.get(key)
    if isinstance(found, list):
        return found
    forms = _query_forms(name, lexicon, katakana, korean)
    _QUERY_FORMS.put(key, forms)
    return forms


def _closer(name: str, row: _Row, held: _Row) -> bool:
    """Of two names of one party that score the same, the one written more like the query is
    the one shown as met (TDK Corporation for "TDK Corporation", TDK株式会社 for ＴＤＫ株式会社),
    then the first in code-point order: the answer does not depend on the order in which the
    index returns the rows."""
    if row.written == held.written:
        return False
    closer, farther = tie_break(name, row.written), tie_break(name, held.written)
    return closer > farther or (closer == farther and row.written < held.written)


def _ranked(best: dict[int, tuple[Scored, _Row]], name: str, top: int) -> list[tuple[int, tuple[Scored, _Row]]]:
    """The `top` best entities: hits first (a match kept from `hit` by what it lacks, a country
    or words met other than by a guess, ranks below one that has it), then by score; ties
    broken by the legal forms' agreement (`legal.form_agreement`), then by plain spelling
    (no need to work either out for a score of its own)."""
    scores = [scored.score for scored, _ in best.values()]
    tied = {score for score in scores if scores.count(score) > 1}

    def order(item: tuple[int, tuple[Scored, _Row]]) -> tuple[bool, float, int, float]:
        scored, row = item[1]
        if scored.score not in tied:
            return (not is_hit(scored), -scored.score, 0, 0.0)
        agreement = form_agreement(scored.query.legal_forms, scored.candidate.legal_forms)
        return (not is_hit(scored), -scored.score, -agreement, -tie_break(name, row.written))

    return sorted(best.items(), key=order)[: max(top, 0)]


@mypyc_attr(native_class=False)  # a plain class when compiled, so it pickles as before (see screening/compiled.py)
class CrossScriptMatcher:
    """Built once over the entities; `match` answers one name with ranked candidates."""

    NAME: ClassVar[str] = "crossscript"

    def __init__(self, entities: Sequence[ScreenedEntity], lexicon: Lexicon | None = None):
        self._entities = list(entities)
        self._lexicon = lexicon if lexicon is not None else default_lexicon()
        self._rows: list[_Row] = []
        names = sum(len(entity.names) for entity in self._entities)
        # English names of a small list also read as katakana, for katakana queries
        katakana_rows = names <= KATAKANA_ROWS
        for number, entity in enumerate(self._entities):
            korean = (entity.country or "").upper() in KOREAN_COUNTRIES
            for name in entity.names:
                for written in written_variants(name.value, glue_words(self._lexicon)):
                    for form in name_forms(written, self._lexicon, katakana_rows, korean):
                        if form.slots or form.cjk:
                            self._rows.append(_Row(number, written, form, name.value))
        # ...and English queries as katakana, when the list has kana names to meet
        self._katakana_queries = any(has_kana(row.written) for row in self._rows)
        self._index = NgramIndex([row.form for row in self._rows])
        self._units: dict[int, Units] = {}
        if len(self._rows) <= ROW_UNITS_AT_BUILD:
            for number in range(len(self._rows)):
                self._row_units(number)

    @classmethod
    def remember_queries(cls, entities: Sequence[ScreenedEntity], queries: Iterable[tuple[str, str | None]]) -> None:
        """Work out, and keep in the persistent memo, the forms `match` reads `queries` (name,
        country) in against a list of `entities`, without building the list's index: what a
        second process does while the first builds it (`matchers/ahead.py`). The flags are the
        ones the built matcher would pass; were they to differ, `match` would only miss the memo."""
        lexicon = default_lexicon()
        katakana = any(has_kana(name.value) for entity in entities for name in entity.names)
        for name, country in queries:
            _remembered_forms(name, lexicon, katakana, (country or "").upper() in KOREAN_COUNTRIES)

    def _row_units(self, number: int) -> Units:
        """The units of one alias row, worked out the first time a query meets the row and kept
        with the list (not in the per-string caches, which are the queries')."""
        units = self._units.get(number)
        if units is None:
            if len(self._units) >= ROW_UNITS_KEPT:
                self._units.clear()
            units = self._units[number] = name_units(self._rows[number].form.slots)
        return units

    def __len__(self) -> int:
        return len(self._entities)

    def _candidates(self, forms: list[NameForm], k: int) -> tuple[list[Similar], list[QueryPlan], list[tuple[int, Units]], list[tuple[int, Units]]]:
        """The rows retrieved for the query forms, split into those sharing a word with the
        query and the rest, with the query's similarity tables and pairing plans."""
        numbers = self._index.search(forms, k)
        row_units = [self._row_units(number) for number in numbers]
        candidate_keys = frozenset().union(*(units.keys for units in row_units))
        sounds: dict[str, str] = {}  # the rows' skeletons, worked out with the list
        for units in row_units:
            sounds.update(units.sounds)
        tables = [query_similarities(name_units(form.slots), candidate_keys, sounds) for form in forms]
        plans = [query_plan(name_units(form.slots), table) for form, table in zip(forms, tables)]
        met = frozenset().union(*(partners for table in tables for partners in table.values()))
        # rows sharing no word with the query are scored only if the others do not fill the list
        sharing: list[tuple[int, Units]] = []
        rest: list[tuple[int, Units]] = []
        for number, units in zip(numbers, row_units):
            (sharing if units.keys & met else rest).append((number, units))
        return tables, plans, sharing, rest

    def match(self, name: str, country: str | None = None, top: int = 5) -> list[PartyMatch]:
        forms = _remembered_forms(name, self._lexicon, self._katakana_queries, (country or "").upper() in KOREAN_COUNTRIES)
        best: dict[int, tuple[Scored, _Row]] = {}
        tables, plans, sharing, rest = self._candidates(forms, RETRIEVAL.candidates)
        if not sharing:  # nothing retrieved shares a word: a transcription (三泰克托) or no match; look deeper
            tables, plans, sharing, rest = self._candidates(forms, RETRIEVAL.deeper_candidates)
        weigh, weigh_latin = self._index.slot_weight, self._index.latin_slot_weight
        for group in (sharing, rest):
            if group is rest and len(best) >= top:
                break
            for number, units in group:
                row = self._rows[number]
                country_of_row = self._entities[row.entity].country
                for form, similar, plan in zip(forms, tables, plans):
                    latin = form.written.isascii() and row.form.written.isascii()  # descriptors count in full (align.slot_weight)
                    scored = score_pair(form, row.form, country, country_of_row, weigh_latin if latin else weigh, similar, units, plan)
                    held = best.get(row.entity)
                    if held is None or scored.score > held[0].score or (scored.score == held[0].score and _closer(name, row, held[1])):
                        best[row.entity] = (scored, row)
        matches = []
        for entity_number, (scored, row) in _ranked(best, name, top):
            band = band_for(scored)
            features = scored.features
            entity = self._entities[entity_number]
            matches.append(
                PartyMatch(
                    entity_id=entity.entity_id,
                    matched_name=entity.names[0].value if entity.names else row.written,  # the party's own name
                    matched_alias=row.alias or row.written,  # the name the query met, as listed
                    score=round(scored.score, 4),
                    band=band,
                    features=features,
                    explanation=explain(row.alias or row.written, features, scored, band),
                )
            )
        return matches
