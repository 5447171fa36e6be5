"""Building a list's screening index (issue 18), in one process and one run:

    python benchmarks/index_build.py [--eval-dir ../shared/eval]

1. The katakana model: every distinct English word (3+ letters) of the EDINET, METI and MOFCOM
   evaluation lists spelt one call a word (e2k's `C2K`, as before issue 18) and in batches
   (`normalise.transliteration.spell_ahead`), wall and CPU; the kana must be identical.
2. The bundled lists' index (`dualuse check` screens with it): built (`--no-cache`'s path) and
   read back from the persistent cache (`screening/cache.py`: owner and mode checks, HMAC,
   unpickling), wall and CPU, and the file's size.

Writes the `index-build` section of README.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screening_common import DEFAULT_EVAL, run_line, write_section  # noqa: E402

REPORT = Path(__file__).resolve().parent / "README.md"
TASKS = ("edinet_dev_ja2en", "meti_dev_kata2en", "mofcom_dev_zh2en")


def clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float]) -> tuple[float, float]:
    return time.perf_counter() - start[0], time.process_time() - start[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    args = parser.parse_args()
    load_start = os.getloadavg()[0]
    os.environ["DUALUSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="dualuse-index-build-")

    from dualuse.screening.normalise import transliteration

    words: set[str] = set()
    for task in TASKS:
        with open(args.eval_dir / f"{task}.list.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                words.update(w.lower() for w in re.findall(r"[A-Za-z]+", f"{row['name']} {row.get('aliases') or ''}") if len(w) >= 3)
    ordered = sorted(words)
    model = transliteration._english_to_katakana()
    model("warm")  # the model's load is not what is compared
    start = clock()
    alone = [model(word) for word in ordered]
    one_by_one = since(start)
    transliteration._ahead.clear()
    start = clock()
    transliteration.spell_ahead([" ".join(ordered)])
    batched = since(start)
    same = all(transliteration._ahead[w] == k for w, k in zip(ordered, alone))

    from dualuse import runtime
    from dualuse.screening import cache
    from dualuse.screening.matchers import build_matcher
    from dualuse.screening.sources import regime_entities

    import dualuse.screening.matchers.crossscript  # noqa: F401 - imports are not the build

    regime = runtime.regime()
    entities = regime_entities(regime)
    transliteration._ahead.clear()
    start = clock()
    build_matcher("best", entities, regime.data_version)  # builds and writes
    built = since(start)
    loads = []
    for _ in range(3):
        start = clock()
        cache.cached_index("crossscript", entities, lambda: None, regime.data_version)
        loads.append(since(start))
    load = (statistics.median(w for w, _ in loads), statistics.median(c for _, c in loads))
    size = (cache.cache_dir() / (cache.index_key("crossscript", entities, regime.data_version) + cache.SUFFIX)).stat().st_size

    text = "\n".join([
        "## Building a list's index: batched katakana, and the persistent cache (issue 18)",
        "",
        run_line("benchmarks/index_build.py", load_start),
        "",
        "| what | wall s | CPU s | ratio (wall, CPU) |",
        "|---|---|---|---|",
        f"| katakana of {len(ordered):,} English list words, one call a word (before) | {one_by_one[0]:.2f} | {one_by_one[1]:.2f} | |",
        f"| the same words, batched (`spell_ahead`; kana identical: {'yes' if same else 'NO'}) | {batched[0]:.2f} | {batched[1]:.2f} | "
        f"{one_by_one[0] / batched[0]:.1f}×, {one_by_one[1] / batched[1]:.1f}× |",
        f"| bundled lists' index ({len(entities)} parties), built | {built[0]:.2f} | {built[1]:.2f} | |",
        f"| the same index read from the cache ({size / 1e6:.1f} MB file; median of 3) | {load[0]:.3f} | {load[1]:.3f} | "
        f"{built[0] / load[0]:.0f}×, {built[1] / load[1]:.0f}× |",
    ])
    print(text)
    write_section("index-build", text, REPORT)
    if not same:
        sys.exit("batched katakana differs from one call a word")


if __name__ == "__main__":
    main()
