"""Learn `screening/data/katakana_spellings.tsv`: how each katakana mora is spelled in English.

    python -m dualuse.screening.lexicon.learn_transliteration [--eval-dir ../shared/eval] [--out PATH]

From the *training half* of the aligned name pairs (the same half `learn.py` uses; the held-out
half is never read), each katakana word of a Japanese name is paired with the run of one to
three words of its official English name that it sounds most like (オークネット ~ AUCNET,
マリタイムシステムズ ~ Maritime Systems). Expectation–maximisation then learns, over all word
pairs at once, the probability of each English letter string (up to `MAX_SPELLING` letters,
possibly empty) given a mora, by a monotonic alignment: mora by mora, left to right. It starts
from the mora's own romaji (ク ~ "ku") and lets the pairs move it (ク → k, c, ck). A word-final
mora gets a table of its own (ル$ → le). Nothing of a whole name is kept: only per-mora
spellings with their expected counts.
"""

from __future__ import annotations

import argparse
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rapidfuzz.distance import Levenshtein
from rapidfuzz.fuzz import ratio

from dualuse.screening.lexicon.learn import Pair, is_training_pair, read_pairs
from dualuse.screening.normalise.legal import strip_cjk_forms, strip_latin_forms
from dualuse.screening.normalise.readings import kakasi_reading, loanword_key
from dualuse.screening.normalise.text import clean, latin_tokens, token_key
from dualuse.screening.normalise.transliteration import COLUMNS, MODEL_FILE, mora_keys, morae

TASKS = ("edinet_dev_ja2en", "meti_dev_kata2en")
"""Tasks whose queries are Japanese names with katakana words and whose list is English."""

MAX_SPELLING = 4
MAX_SPAN = 3  # English words one katakana word may stand for (マリタイムシステムズ = maritime systems)
MIN_SOUND = 0.5  # a katakana word and an English span must sound at least this alike to be a pair
ITERATIONS = 10
KEEP = 0.005  # spellings below this probability are not written
PRIOR_EDITS = 1.5  # initial spelling scores fall by e per this many edits from the mora's romaji

_KATAKANA_RUN = re.compile(r"[\u30a1-\u30fa\u30fc\u30f4]+")


@dataclass(frozen=True, slots=True)
class WordPair:
    katakana: str
    english: str  # the span's words joined, as a comparison key (`token_key`: c → k, l → r…)


def _romaji(text: str) -> str:
    return "".join(kakasi_reading(text))


def word_pairs(pair: Pair) -> list[WordPair]:
    """Each katakana word of the Japanese name with the English span that sounds most like it."""
    core, _ = strip_cjk_forms(clean(pair.source))
    tokens, _ = strip_latin_forms(latin_tokens(pair.english))
    words = [t for t in tokens if t.isalpha()]
    found = []
    for katakana in _KATAKANA_RUN.findall(core):
        if len(morae(katakana)) < 2:
            continue
        sound = loanword_key(_romaji(katakana))
        spans = ("".join(words[i : i + n]) for n in range(1, MAX_SPAN + 1) for i in range(len(words) - n + 1))
        best = max(spans, key=lambda span: ratio(sound, span), default=None)
        if best and ratio(sound, best) / 100 >= MIN_SOUND:
            found.append(WordPair(katakana, token_key(best)))
    return found


def _mora_romaji(mora: str) -> str:
    return "" if mora in ("ッ", "ー") else _romaji(mora)


def _initial_scores(pairs: list[WordPair]) -> dict[str, dict[str, float]]:
    """Every spelling a pair allows each mora, scored by closeness to the mora's romaji."""
    scores: dict[str, dict[str, float]] = defaultdict(dict)
    for pair in pairs:
        for key, mora in zip(mora_keys(morae(pair.katakana)), morae(pair.katakana)):
            romaji = _mora_romaji(mora)
            for start in range(len(pair.english) + 1):
                for size in range(MAX_SPELLING + 1):
                    spelling = pair.english[start : start + size]
                    if len(spelling) == size and spelling not in scores[key]:
                        scores[key][spelling] = math.exp(-Levenshtein.distance(spelling, romaji) / PRIOR_EDITS)
    return {key: _normalised(found) for key, found in scores.items()}


def _normalised(found: dict[str, float]) -> dict[str, float]:
    total = sum(found.values())
    return {spelling: value / total for spelling, value in found.items()} if total else {}


def _expected_counts(pair: WordPair, model: dict[str, dict[str, float]], counts) -> float:
    """Forward–backward over the monotonic alignments of one pair; adds each (mora, spelling)
    posterior to `counts` and returns the pair's log-likelihood (−inf if no alignment)."""
    keys, english = mora_keys(morae(pair.katakana)), pair.english
    n, length = len(keys), len(english)

    def p(i: int, j: int, size: int) -> float:
        return model[keys[i]].get(english[j : j + size], 0.0) if j + size <= length else 0.0

    forward = [[0.0] * (length + 1) for _ in range(n + 1)]
    forward[0][0] = 1.0
    for i in range(n):
        for j in range(length + 1):
            if forward[i][j]:
                for size in range(min(MAX_SPELLING, length - j) + 1):
                    forward[i + 1][j + size] += forward[i][j] * p(i, j, size)
    total = forward[n][length]
    if total <= 0.0:
        return -math.inf
    backward = [[0.0] * (length + 1) for _ in range(n + 1)]
    backward[n][length] = 1.0
    for i in range(n - 1, -1, -1):
        for j in range(length + 1):
            backward[i][j] = sum(p(i, j, size) * backward[i + 1][j + size] for size in range(MAX_SPELLING + 1) if j + size <= length)
    for i in range(n):
        for j in range(length + 1):
            if forward[i][j]:
                for size in range(MAX_SPELLING + 1):
                    if j + size <= length:
                        share = forward[i][j] * p(i, j, size) * backward[i + 1][j + size] / total
                        if share:
                            counts[keys[i]][english[j : j + size]] += share
    return math.log(total)


def learn(pairs: list[WordPair], iterations: int = ITERATIONS) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """EM; returns (probabilities, expected counts) per mora key."""
    model = _initial_scores(pairs)
    counts: dict[str, dict[str, float]] = {}
    for _ in range(iterations):
        counts = defaultdict(lambda: defaultdict(float))
        for pair in pairs:
            _expected_counts(pair, model, counts)
        model = {key: _normalised(dict(found)) for key, found in counts.items()}
    return model, counts


def rows(model: dict[str, dict[str, float]], counts: dict[str, dict[str, float]]) -> list[dict[str, str]]:
    found = []
    for key in sorted(model):
        for spelling, probability in sorted(model[key].items(), key=lambda item: (-item[1], item[0])):
            if probability >= KEEP:
                found.append(
                    {"mora": key, "spelling": spelling, "probability": f"{probability:.4f}", "count": f"{counts[key][spelling]:.1f}"}
                )
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=Path(__file__).parents[5] / "shared" / "eval")
    parser.add_argument("--out", type=Path, default=Path(str(resources.files("dualuse.screening").joinpath(MODEL_FILE))))
    args = parser.parse_args(argv)
    names = [p for task in TASKS for p in read_pairs(args.eval_dir, task) if is_training_pair(p.query_id.removeprefix("q"))]
    pairs = [wp for p in names for wp in word_pairs(p)]
    model, counts = learn(pairs)
    table = rows(model, counts)
    with open(args.out, "w", encoding="utf-8", newline="") as handle:
        handle.write(
            f"# Learned by dualuse.screening.lexicon.learn_transliteration from the training half of "
            f"{', '.join(TASKS)} (../shared/eval: EDINET code list, METI/MOFA export-ban lists): "
            f"{len(names)} name pairs, {len(pairs)} katakana word pairs, {ITERATIONS} EM iterations.\n"
        )
        handle.write("\t".join(COLUMNS) + "\n")
        for row in table:
            handle.write("\t".join(row[c] for c in COLUMNS) + "\n")
    print(f"{len(names)} name pairs, {len(pairs)} word pairs, {len(model)} morae, {len(table)} rows -> {args.out}")


if __name__ == "__main__":
    main()
