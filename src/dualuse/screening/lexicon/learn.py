"""Regenerate `screening/data/lexicon.tsv`: hand-written rows plus word translations learned
from aligned name pairs.

    python -m dualuse.screening.lexicon.learn [--eval-dir ../shared/eval] [--out PATH]

What is learned, and from what: for each aligned pair (a CJK name and its official English
name) in the *training half* of the development sets, the English words that the CJK name's
readings do not explain (SAKATA is read in サカタ; SEED is not) are paired with the CJK terms
of the name (runs of 2–4 ideographs, katakana words). A term becomes a lexicon entry for an
English word when, after competitive linking (in each pair a word goes to the one term most
associated with it), they co-occur in at least `MIN_PAIRS` pairs and in at least
`MIN_SHARE` of the pairs that have the term. Words the hand-written rows already explain are
not learned again. Terms whose translation their own sub-terms already give
(電機製作所 = 電機 + 製作所) are dropped. Only word-level correspondences are kept — never a
whole name — and each row names its task, its support and example pair ids.

The held-out half (`is_training_pair` false) is never read here, so figures measured on it
in `benchmarks/screening_quality.py` are honest.
"""

from __future__ import annotations

import argparse
import csv
import re
import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from dualuse.screening.lexicon import COLUMNS, Lexicon, read_rows
from dualuse.screening.matchers.crossscript.align import token_similarity
from dualuse.screening.matchers.crossscript.forms import name_form
from dualuse.screening.normalise.legal import legal_forms, strip_cjk_forms
from dualuse.screening.normalise.readings import to_simplified
from dualuse.screening.normalise.text import clean

PAIR_TASKS = ("edinet_dev_ja2en", "mofcom_dev_zh2en", "meti_dev_kata2en")
"""Tasks whose queries are CJK and whose list names are English (the *2en directions; the
en2* tasks hold the same pairs the other way round)."""

MIN_PAIRS = 2
MIN_SHARE = 0.5  # the word is in at least half of the pairs that have the term...
ALT_SHARE = 0.25  # ...or, as an alternative translation, in a quarter of them
MIN_ALT_PAIRS = 5
MAX_TERM = 4
MAX_EXAMPLES = 3
HAND_FILE = "data/lexicon_hand.tsv"
OUT_FILE = "data/lexicon.tsv"

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々]+")
_KATAKANA_WORD = re.compile(r"[\u30a0-\u30ff]{2,}")
_EMPTY = Lexicon([])


def is_training_pair(entity_id: str) -> bool:
    """The fixed half of the development pairs the lexicon may learn from (by entity id, so
    both directions of a task fall on the same side)."""
    return zlib.crc32(entity_id.encode("utf-8")) % 2 == 0


@dataclass(frozen=True, slots=True)
class Pair:
    task: str
    query_id: str
    source: str  # CJK name
    english: str


def read_pairs(eval_dir: Path, task: str) -> Iterator[Pair]:
    def rows(kind: str) -> list[dict[str, str]]:
        with open(eval_dir / f"{task}.{kind}.csv", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    names = {row["id"]: row["name"] for row in rows("list")}
    queries = {row["id"]: row["name"] for row in rows("queries")}
    for row in rows("gold"):
        if row["entity_id"] in names and row["query_id"] in queries:
            yield Pair(task, row["query_id"], queries[row["query_id"]], names[row["entity_id"]])


def candidate_terms(source: str) -> set[str]:
    """Runs of 2–4 ideographs and whole katakana words of the name, legal forms removed."""
    core, _ = strip_cjk_forms(to_simplified(clean(source)))
    terms = {word for word in _KATAKANA_WORD.findall(core)}
    for run in _HAN_RUN.findall(core):
        terms.update(run[i : i + n] for n in range(2, MAX_TERM + 1) for i in range(len(run) - n + 1))
    return terms


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
        explained = any(token_similarity(key, r) >= 0.8 for r in readings) or (
            len(key) >= 3 and any(key in j for j in joined)
        )
        if not explained and slot.text.isascii() and slot.text.isalpha() and (slot.text,) not in legal_words:
            words.add(slot.text)
    return words


def learn(pairs: list[Pair], known: Lexicon) -> list[dict[str, str]]:
    term_pairs: dict[str, list[Pair]] = defaultdict(list)
    together: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    observed = []
    for pair in pairs:
        words, terms = unexplained_words(pair.source, pair.english, known), candidate_terms(pair.source)
        observed.append((pair, words, terms))
        for term in terms:
            term_pairs[term].append(pair)
            for word in words:
                together[(term, word)].append(pair)
    share = {key: len(found) / len(term_pairs[key[0]]) for key, found in together.items()}
    # Competitive linking: in each pair, a word belongs to the one term most associated with it.
    linked: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    for pair, words, terms in observed:
        for word in words:
            best = max(terms, key=lambda t: (share[(t, word)], len(term_pairs[t]), len(t), t), default=None)
            if best is not None:
                linked[(best, word)].append(pair)
    translations: dict[str, list[tuple[str, float, list[Pair]]]] = defaultdict(list)
    for (term, word), found in linked.items():
        fraction = len(found) / len(term_pairs[term])
        main = len(found) >= MIN_PAIRS and fraction >= MIN_SHARE
        alternative = len(found) >= MIN_ALT_PAIRS and fraction >= ALT_SHARE
        if main or alternative:
            translations[term].append((word, fraction, found))
    kept = {
        term: words
        for term, words in translations.items()
        if not _given_by_subterms(term, {w for w, _, _ in words}, translations)
    }
    rows = []
    for term in sorted(kept):
        main = [w for w in kept[term] if w[1] >= MIN_SHARE]
        alternatives = [[w] for w in kept[term] if w[1] < MIN_SHARE]
        for group in ([main] if main else []) + alternatives:
            support = sorted({p.query_id for _, _, found in group for p in found})
            tasks = sorted({p.task for _, _, found in group for p in found})
            rows.append(
                {
                    "term": term,
                    "translation": " ".join(w for w, _, _ in group),
                    "kind": "translation",
                    "source": f"learned from {'+'.join(tasks)} training half: {len(support)} pairs, "
                    f"share {min(s for _, s, _ in group):.2f} (e.g. {', '.join(support[:MAX_EXAMPLES])})",
                }
            )
    return rows


def _given_by_subterms(term: str, words: set[str], translations: dict) -> bool:
    covered: set[str] = set()
    for n in range(2, len(term)):
        for i in range(len(term) - n + 1):
            covered.update(w for w, _, _ in translations.get(term[i : i + n], ()))
    return words <= covered


def hand_rows() -> list[dict[str, str]]:
    text = resources.files("dualuse.screening").joinpath(HAND_FILE).read_text("utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=Path(__file__).parents[5] / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=Path(str(resources.files("dualuse.screening").joinpath(OUT_FILE))))
    args = parser.parse_args(argv)
    pairs = [
        pair
        for task in PAIR_TASKS
        for pair in read_pairs(args.eval_dir, task)
        if is_training_pair(pair.query_id.removeprefix("q"))
    ]
    rows = hand_rows()
    known = Lexicon(read_rows("\t".join(COLUMNS) + "\n" + "\n".join("\t".join(r[c] for c in COLUMNS) for r in rows)))
    learned = learn(pairs, known)
    with open(args.out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows + learned)
    print(f"{len(pairs)} training pairs; {len(rows)} hand-written rows, {len(learned)} learned rows -> {args.out}")


if __name__ == "__main__":
    main()
