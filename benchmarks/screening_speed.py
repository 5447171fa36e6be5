"""Screening speed: queries/s of the `best` matcher against rapidfuzz and nomenklatura brute
force, on the same list and queries in the same run; a large synthetic list's memory and p99.

    python benchmarks/screening_speed.py [--eval-dir ../shared/eval] [--synthetic 1000000] [--nomenklatura-queries 20]

- Small lists: the 3,038 EDINET English names, queried with (a) the Japanese names of the
  same companies (cross-script) and (b) one-typo variants of English names. Baselines:
  rapidfuzz `process.extract(query, names, scorer=WRatio, processor=default_process, limit=5)`
  and OpenSanctions nomenklatura's `name-based` algorithm comparing the query entity with
  every list entity (its list-side entities are built before timing, like our index).
  nomenklatura costs a second or more per query on 3k names, so it is timed on the first
  `--nomenklatura-queries` queries of the same set; ratios are of queries per second.
- Our matcher is timed with its per-string caches emptied first (`forget_queries`), so each
  query pays for its own readings and forms; the list sides (ours and nomenklatura's) are
  built before timing and then kept out of the garbage collector's full collections
  (`matchers.keep`, as the engine and `dualuse screen` keep their matchers). On the
  small lists ours and rapidfuzz are timed in alternating chunks of 50 queries, so that the
  load of a shared machine weighs on both alike.
- Ours runs as installed: compiled with mypyc (`src/dualuse/screening/compiled.py`), or plain
  Python with `DUALUSE_PURE_PYTHON=1`; the report says which.
- Large lists: seeded synthetic Latin names (100k, and `--synthetic N`, e.g. 1,000,000):
  build time, peak RSS growth during the build, RSS after, p99 latency of one-typo queries;
  rapidfuzz on fewer queries (its cost is linear in the list).

nomenklatura is a benchmark-only dependency: `pip install -e '.[bench]'`. Writes the
`speed` section of SCREENING.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils
from screening_common import (
    DEFAULT_EVAL,
    REPORT,
    SEED,
    current_rss_mb,
    p99_ms,
    peak_rss_mb,
    read_csv,
    run_line,
    synthetic_names,
    typo,
    write_section,
)

from dualuse.screening import compiled
from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.screening.sources import load_table_list
from dualuse.screening.matchers import get_matcher, keep

SPEED_QUERIES = 1000


def rapidfuzz_qps(names: list[str], queries: list[str]) -> float:
    start = time.perf_counter()
    for query in queries:
        process.extract(query, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=5)
    return len(queries) / (time.perf_counter() - start)


class Nomenklatura:
    """nomenklatura's `name-based` scorer, brute force over a list of FollowTheMoney companies."""

    def __init__(self, names: list[str]):
        from followthemoney import StatementEntity
        from followthemoney.dataset import Dataset
        from nomenklatura.matching import get_algorithm
        from nomenklatura.matching.types import ScoringConfig

        self.dataset = Dataset.make({"name": "bench", "title": "bench"})
        self.entity = lambda i, name: StatementEntity.from_data(self.dataset, {"id": i, "schema": "Company", "properties": {"name": [name]}})
        self.algorithm = get_algorithm("name-based")
        self.config = ScoringConfig.defaults()
        self.rows = [self.entity(f"e{i}", n) for i, n in enumerate(names)]

    def qps(self, queries: list[str]) -> float:
        start = time.perf_counter()
        for n, query in enumerate(queries):
            entity = self.entity(f"q{n}", query)
            scores = [self.algorithm.compare(entity, row, self.config).score for row in self.rows]
            sorted(range(len(scores)), key=scores.__getitem__, reverse=True)[:5]
        return len(queries) / (time.perf_counter() - start)


def forget_queries() -> None:
    """Empty the per-string caches of the screening modules (readings, forms, similarities),
    so that timed queries pay for their own normalisation. The list side is unaffected: the
    matcher keeps its rows' forms. One-time set-ups (dictionaries, the lexicon) stay loaded."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("dualuse.screening"):
            continue
        for value in vars(module).values():
            parameters = getattr(value, "cache_parameters", None)
            if parameters and parameters()["maxsize"] is not None:
                value.cache_clear()


def matcher_qps(matcher, queries: list[str]) -> tuple[float, list[float]]:
    matcher.match("三菱重工業株式会社 warm-up", None, 1)  # load the reading dictionaries once
    forget_queries()
    latencies = []
    for query in queries:
        start = time.perf_counter()
        matcher.match(query, None, 5)
        latencies.append(time.perf_counter() - start)
    return len(queries) / sum(latencies), latencies


def interleaved(matcher, names: list[str], queries: list[str], chunk: int = 50) -> tuple[float, float, list[float]]:
    """Our q/s and rapidfuzz's q/s timed in alternating chunks of the same queries, so that a
    change in the machine's load during the run weighs on both alike; and our latencies."""
    matcher.match("三菱重工業株式会社 warm-up", None, 1)
    forget_queries()
    ours: list[float] = []
    theirs = 0.0
    for start in range(0, len(queries), chunk):
        part = queries[start : start + chunk]
        for query in part:
            begin = time.perf_counter()
            matcher.match(query, None, 5)
            ours.append(time.perf_counter() - begin)
        begin = time.perf_counter()
        for query in part:
            process.extract(query, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=5)
        theirs += time.perf_counter() - begin
    return len(queries) / sum(ours), len(queries) / theirs, ours


def small_lists(eval_dir: Path, nomenklatura_queries: int) -> list[dict]:
    rng = random.Random(SEED)
    list_file = eval_dir / "edinet_dev_ja2en.list.csv"
    names = [r["name"] for r in read_csv(list_file)]
    # both list sides are built before timing and kept out of the GC's full collections together:
    # nomenklatura's entities made after the freeze would be walked by every full collection
    # while our queries run (measured: 10% of our time on Japanese queries)
    nomenklatura = Nomenklatura(names) if nomenklatura_queries else None
    matcher = keep(get_matcher("best")(load_table_list(list_file)))  # as the CLI and the engine do
    figures = []
    for label, queries in (
        ("EDINET Japanese names (cross-script)", [q["name"] for q in read_csv(eval_dir / "edinet_dev_ja2en.queries.csv")][:SPEED_QUERIES]),
        ("EDINET English one-typo variants", [typo(n, rng) for n in rng.sample(names, SPEED_QUERIES)]),
    ):
        ours, theirs, latencies = interleaved(matcher, names, queries)
        nk = nomenklatura.qps(queries[:nomenklatura_queries]) if nomenklatura else None
        figures.append({"label": f"{label} vs {len(names)} names", "ours": ours, "rapidfuzz": theirs, "nomenklatura": nk, "p99": p99_ms(latencies)})
        print(figures[-1], flush=True)
    return figures


def large_lists(sizes: list[int]) -> list[dict]:
    factory = get_matcher("best")
    rng = random.Random(SEED)
    figures = []
    for size in sizes:
        big = synthetic_names(size, random.Random(SEED + size))
        entities = [ScreenedEntity(f"s{i}", (ScreenedName(n),)) for i, n in enumerate(big)]
        peak_before, rss_before = peak_rss_mb(), current_rss_mb()
        start = time.perf_counter()
        matcher = keep(factory(entities))
        build = time.perf_counter() - start
        queries = [typo(n, rng) for n in rng.sample(big, SPEED_QUERIES)]
        ours, latencies = matcher_qps(matcher, queries)
        theirs = rapidfuzz_qps(big, queries[: max(20, SPEED_QUERIES * 3000 // size)])
        figures.append(
            {
                "label": f"synthetic one-typo queries vs {size:,} names",
                "ours": ours,
                "rapidfuzz": theirs,
                "nomenklatura": None,
                "p99": p99_ms(latencies),
                "build": build,
                "peak_growth": max(0.0, peak_rss_mb() - peak_before),
                "index": current_rss_mb() - rss_before,
                "rss": current_rss_mb(),
            }
        )
        print(figures[-1], flush=True)
        del matcher, entities
    return figures


def report(figures: list[dict], nomenklatura_queries: int, load_start: float) -> str:
    lines = [
        "## Speed",
        "",
        run_line("benchmarks/screening_speed.py", load_start),
        "",
        "Same list, same queries, same run; ratios are of queries per second (higher is better for us). "
        + (
            "Our matcher ran compiled with mypyc, as installed (`src/dualuse/screening/compiled.py`)."
            if compiled.running_compiled()
            else "Our matcher ran as plain Python (not compiled: `DUALUSE_PURE_PYTHON` set, or no compiler at install)."
        ),
        "",
        "| list and queries | ours q/s | rapidfuzz WRatio q/s | × rapidfuzz | nomenklatura name-based q/s | × nomenklatura | ours p99 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        nk = f"{f['nomenklatura']:.2f} | {f['ours'] / f['nomenklatura']:.0f}×" if f["nomenklatura"] else "- | -"
        lines.append(f"| {f['label']} | {f['ours']:.0f} | {f['rapidfuzz']:.1f} | {f['ours'] / f['rapidfuzz']:.1f}× | {nk} | {f['p99']:.1f} |")
    large = [f for f in figures if "build" in f]
    if large:
        lines += [
            "",
            "| synthetic list | build s | peak RSS growth while building MB | index RSS MB | process RSS after MB | p99 ms |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {f['label'].split(' vs ')[1]} | {f['build']:.0f} | {f['peak_growth']:.0f} | {f['index']:.0f} | {f['rss']:.0f} | {f['p99']:.1f} |"
            for f in large
        ]
    lines += [
        "",
        f"nomenklatura is timed on the first {nomenklatura_queries} queries of each set (about a second per query "
        "on 3k names); rapidfuzz on the large lists on fewer queries. Our latency includes the query's normalisation "
        "(readings, lexicon) with the per-string caches emptied first; list-side work is done at build time. Index RSS "
        "is the growth of resident memory from before the build to after it (Python frees build arrays; the peak "
        "column includes them).",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--synthetic", type=int, default=0, help="also index a seeded synthetic list of this many names")
    parser.add_argument("--nomenklatura-queries", type=int, default=20, help="queries timed for nomenklatura (0: skip it)")
    parser.add_argument("--out", type=Path, default=REPORT)
    args = parser.parse_args()
    load_start = os.getloadavg()[0]
    figures = small_lists(args.eval_dir, args.nomenklatura_queries)
    figures += large_lists([s for s in (100_000, args.synthetic) if s])
    write_section("speed", report(figures, args.nomenklatura_queries, load_start), args.out)
    print("written", args.out)


if __name__ == "__main__":
    main()
