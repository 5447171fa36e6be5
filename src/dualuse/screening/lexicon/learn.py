"""Regenerate `screening/data/lexicon.tsv`: word translations learned from the bundled list
entries' Chinese/English name pairs.

    python -m dualuse.screening.lexicon.learn [--out PATH]

What is learned, and from what: for each pair of a party's Chinese name and its English name in
the regime's own designations and military users (`lexicon/pairs.py`), **development side
only** (`pairs.is_held_out` false), the English words that the Chinese name's readings do not
explain are paired with the CJK terms of the name (runs of 2–4 ideographs, katakana words). A
term becomes a lexicon entry for an English word when, after competitive linking (in each pair
a word goes to the one term most associated with it), they co-occur in the pairs of at least `MIN_PAIRS`
parties and in at least `MIN_SHARE` of the pairs that have the term. Terms whose translation
their own sub-terms already give (電機製作所 = 電機 + 製作所) are dropped. Only word-level
correspondences are kept — never a whole name — and each row names its support and example
entry ids.

The evaluation sets (`../shared/eval`) are never read: this module takes no path to them, and
tests/screening/lexicon/test_learn.py fails if running it opens any file there. Nor is any
held-out party read, so `benchmarks/screening_lists.py`'s held-out figures are honest. (Until
issue 17 the file also held 370 hand-written rows and rows learned from the eval sets' pairs;
both were written after reading evaluation names and went: benchmarks/SCREENING.md.)
"""

from __future__ import annotations

import argparse
import csv
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dualuse.screening.lexicon import COLUMNS, Lexicon, dictionary_rows
from dualuse.screening.lexicon.pairs import ListPair, bundled_pairs
from dualuse.screening.matchers.crossscript.align import token_similarity
from dualuse.screening.matchers.crossscript.forms import name_form
from dualuse.screening.normalise.legal import legal_forms, strip_cjk_forms
from dualuse.screening.normalise.readings import to_simplified
from dualuse.screening.normalise.text import clean, token_key

MIN_PAIRS = 2
MIN_SHARE = 0.5  # the word is in at least half of the pairs that have the term...
ALT_SHARE = 0.25  # ...or, as an alternative translation, in a quarter of them
MIN_ALT_PAIRS = 5
MAX_TERM = 4
EXPLAINED = 0.8  # token similarity at which a reading or a gloss accounts for an English word
MIN_WORD = 3  # shorter English words (St, de, of) are abbreviations and particles, not a term's meaning
MAX_EXAMPLES = 3
OUT_FILE = "data/lexicon.tsv"

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]+")
_KATAKANA_WORD = re.compile(r"[\u30a0-\u30ff]{2,}")
_EMPTY = Lexicon([])


@dataclass(frozen=True, slots=True)
class Pair:
    query_id: str  # the list entry the pair comes from
    source: str  # Chinese name
    english: str


def development_pairs(parties: list[ListPair]) -> list[Pair]:
    """Each Chinese name of each development-side party with its first English name."""
    return [
        Pair(party.sources[0], chinese, party.english[0])
        for party in parties
        if not party.held_out
        for chinese in party.chinese
    ]


def candidate_terms(source: str, known: Lexicon = _EMPTY) -> set[str]:
    """Runs of 2–4 ideographs and whole katakana words of the name, legal forms removed, that
    cut no word of the `known` dictionaries: 陆上自卫队 is 陆上 | 自卫队, so 上自卫队 is no term,
    nor 里州圣路 of 密苏里州圣路易斯 (a term astride two words took the translation of one and
    hid the other)."""
    core, _ = strip_cjk_forms(to_simplified(clean(source)))
    terms = {word for word in _KATAKANA_WORD.findall(core)}
    for run in _HAN_RUN.findall(core):
        cuts = word_boundaries(run, known)
        terms.update(run[i:j] for i in cuts for j in cuts if 2 <= j - i <= MAX_TERM)
    return terms


def word_boundaries(run: str, known: Lexicon) -> list[int]:
    """Where a term may begin or end in a CJK run: at the edges of the dictionary words the
    run splits into, and anywhere inside what no dictionary word explains."""
    segments = known.glosses(run)
    if not segments:
        return list(range(len(run) + 1))
    cuts, at = [0], 0
    for segment in segments:
        end = at + len(segment.text)
        cuts.extend(range(at + 1, end + 1) if not segment.entries else (end,))
        at = end
    return cuts


def unexplained_words(source: str, english: str, known: Lexicon) -> set[str]:
    """English words that neither a reading of the CJK name nor a `known` translation of one
    of its terms accounts for: the candidates for new translations."""
    forms = (name_form(source, _EMPTY), name_form(source, known))
    legal_words = set(legal_forms().latin)
    readings = {key for form in forms for slot in form.slots for alt in slot.alternatives for key in alt.keys}
    joined = {"".join(alt.keys) for form in forms for slot in form.slots for alt in slot.alternatives}
    words = set()
    for slot in name_form(english, _EMPTY).slots:
        key = slot.alternatives[0].keys[0]
        explained = any(token_similarity(key, r) >= EXPLAINED for r in readings) or (
            len(key) >= 3 and any(key in j for j in joined)
        )
        if (
            not explained
            and slot.text.isascii()
            and slot.text.isalpha()
            and len(slot.text) >= MIN_WORD
            and (slot.text,) not in legal_words
        ):
            words.add(slot.text)
    return words


def learn(pairs: list[Pair], known: Lexicon, dictionary: Lexicon = _EMPTY, linked_from: int = 1) -> list[dict[str, str]]:
    """Rows for the words `known` leaves unexplained; `dictionary` (the general dictionaries)
    says where words begin and end and which term a word's meaning belongs to. `linked_from`:
    a term in fewer pairs than this takes no word in competitive linking. A set of many names
    of one party each (JMnedict's) needs it: a whole name (大塚製薬) is in one pair only, so every
    word of its pair is in all of its pairs, and it would take Pharmaceutical from 製薬 in each."""
    term_pairs: dict[str, list[Pair]] = defaultdict(list)
    together: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    observed = []
    for pair in pairs:
        words, terms = unexplained_words(pair.source, pair.english, known), candidate_terms(pair.source, dictionary)
        observed.append((pair, words, terms))
        for term in terms:
            term_pairs[term].append(pair)
            for word in words:
                together[(term, word)].append(pair)
    share = {key: len(found) / len(term_pairs[key[0]]) for key, found in together.items()}
    # Competitive linking: in each pair, a word belongs to the one term most associated with it,
    # first to a term the dictionary glosses with it (heavy industries to 重工, not to 重工航空,
    # which would hide 航空), then by share, support and length.
    linked: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    for pair, words, terms in observed:
        for word in words:
            best = max(
                (t for t in terms if len(term_pairs[t]) >= linked_from),
                key=lambda t: (glossed_with(t, word, dictionary), share[(t, word)], len(term_pairs[t]), len(t), t),
                default=None,
            )
            if best is not None:
                linked[(best, word)].append(pair)
    translations: dict[str, list[tuple[str, float, list[Pair]]]] = defaultdict(list)
    for (term, word), found in linked.items():
        fraction = len(found) / len(term_pairs[term])
        parties = len({p.query_id for p in found})  # a party's several Chinese names are one piece of evidence
        main = parties >= MIN_PAIRS and fraction >= MIN_SHARE
        alternative = parties >= MIN_ALT_PAIRS and fraction >= ALT_SHARE
        if main or alternative:
            translations[term].append((word, fraction, found))
    kept = {
        term: words
        for term, words in translations.items()
        if not _given_by_subterms(term, {w for w, _, _ in words}, translations)
    }
    rows = []
    for term in sorted(kept):
        main = sorted((w for w in kept[term] if w[1] >= MIN_SHARE), key=_in_name_order)
        alternatives = [[w] for w in sorted((w for w in kept[term] if w[1] < MIN_SHARE), key=_in_name_order)]
        for group in ([main] if main else []) + alternatives:
            support = sorted({p.query_id for _, _, found in group for p in found})
            rows.append(
                {
                    "term": term,
                    "translation": " ".join(w for w, _, _ in group),
                    "kind": "translation",
                    "source": f"learned from the bundled list entries' development side: {len(support)} pairs, "
                    f"share {min(s for _, s, _ in group):.2f} (e.g. {', '.join(support[:MAX_EXAMPLES])})",
                }
            )
    return rows


_SUPPORT = re.compile(r": (\d+) pairs, share ([\d.]+) \(e\.g\. ([^,)]+)")


def supported_glosses(pairs: list[Pair], dictionary: Lexicon, min_pairs: int, min_share: float, max_words: int | None = None) -> list[tuple[str, str, int, float, str]]:
    """(term, translation, pairs, share, an example pair's id) of the words a set of names of
    one entity each teaches (`learn` with `linked_from=min_pairs`), kept when at least
    `min_pairs` names support the word and at least `min_share` of the names with the term
    have it, and, with `max_words`, when the translation is at most that many words: a word's
    meaning, not the pieces of the few names a term is in (银行 "industrial commercial bank")."""
    found = []
    for row in learn(pairs, Lexicon([]), dictionary, linked_from=min_pairs):
        support = _SUPPORT.search(row["source"])
        if support is None:
            raise ValueError(f"unexpected source of a learned row: {row['source']!r}")
        count, share = int(support.group(1)), float(support.group(2))
        if count >= min_pairs and share >= min_share and (max_words is None or len(row["translation"].split()) <= max_words):
            found.append((row["term"], row["translation"], count, share, support.group(3)))
    return found


def glossed_with(term: str, word: str, dictionary: Lexicon) -> bool:
    """Whether a dictionary gloss of the whole term holds the English word (or a near form:
    industry for industries)."""
    segments = dictionary.glosses(term)
    if len(segments) != 1 or not segments[0].entries:
        return False
    key = token_key(word.casefold())
    return any(token_similarity(key, token_key(gloss)) >= EXPLAINED for entry in segments[0].entries for gloss in entry.translation)


def _in_name_order(learned: tuple[str, float, list[Pair]]) -> tuple[int, str]:
    """Words of one translation in the order the first English name they came from has them
    (heavy industries, not industries heavy), so the file is the same on every run."""
    word, _, found = learned
    words = [w.casefold() for w in re.findall(r"[A-Za-z]+", min(found, key=lambda p: p.query_id).english)]
    return (words.index(word.casefold()) if word.casefold() in words else len(words), word)


def _given_by_subterms(term: str, words: set[str], translations: dict) -> bool:
    covered: set[str] = set()
    for n in range(2, len(term)):
        for i in range(len(term) - n + 1):
            covered.update(w for w, _, _ in translations.get(term[i : i + n], ()))
    return words <= covered


def write_table(out: Path, rows: list[dict[str, str]]) -> None:
    """A generated lexicon table, written whole or not at all (beside it first, then renamed)."""
    partial = out.with_name(out.name + ".partial")
    with open(partial, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(partial, out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path(str(resources.files("dualuse.screening").joinpath(OUT_FILE))))
    args = parser.parse_args(argv)
    pairs = development_pairs(bundled_pairs())
    learned = learn(pairs, _EMPTY, Lexicon(dictionary_rows()))
    write_table(args.out, learned)
    print(f"{len(pairs)} development pairs from the bundled list entries; {len(learned)} learned rows -> {args.out}")


if __name__ == "__main__":
    main()
