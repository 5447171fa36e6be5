"""Screening quality: every task in ../shared/eval, false hits on unlisted companies, typos.

    python benchmarks/screening_quality.py [--eval-dir ../shared/eval] [--work DIR] [--out benchmarks/SCREENING.md]

- Tasks: every `TASK.queries.csv` in the eval directory is screened with the `best` matcher
  against its `TASK.list.csv`; the result CSV goes to a work directory (`--work`, default a new
  temporary one: the results quote development names, which stay out of the repository) and
  is scored with the eval's own `score.py`, over all queries and over the held-out half
  (`is_training_pair` false: a fixed crc32 half of entity ids). Since issue 17 no lexicon row
  comes from these sets at all (the learner reads only the bundled list entries), so the halves
  differ only by chance; the split is kept so figures compare with earlier rounds.
- False hits: the EDINET development names (Japanese and English) screened against the
  **bundled China lists** (`regime_entities(load_regime())`, every listed party and
  military user), leaving out the companies whose English or Japanese name has the same key
  as a listed name (those are listed, a hit is right). Every hit is printed for a reader.
- Typos: one adjacent transposition or one dropped letter in an EDINET English name,
  screened against the EDINET English names.

Writes the `quality` section of SCREENING.md.
"""

from __future__ import annotations

import argparse
import ast
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from screening_common import without_foreign_reading, DEFAULT_EVAL, REPORT, SEED, read_csv, run_line, tasks, typo, write_section

from dualuse.regime.loader import load_regime
from dualuse.screening.sources import regime_entities
from dualuse.screening.base import best_band
from dualuse.screening.sources import load_table_list
from dualuse.screening.matchers import get_matcher
from dualuse.screening.matchers.crossscript.forms import name_form
from dualuse.vocabulary import Band

TYPO_SAMPLE = 1000


def is_training_pair(entity_id: str) -> bool:
    """The fixed half of the eval sets' entities that the lexicon was once learned from (until
    issue 17); the other half is reported as held-out."""
    return zlib.crc32(entity_id.encode("utf-8")) % 2 == 0


def write_results(path: Path, matcher, queries: list[dict[str, str]], top: int = 5) -> float:
    """Screen `queries` into the result CSV; returns queries per second."""
    start = time.perf_counter()
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["query_id", "rank", "entity_id", "score", "band", "matched_name"])
        for query in queries:
            for rank, match in enumerate(matcher.match(query["name"], query.get("country") or None, top), 1):
                writer.writerow([query["id"], rank, match.entity_id, match.score, match.band.value, match.matched_name])
    return len(queries) / (time.perf_counter() - start)


def run_score(eval_dir: Path, results: Path, gold: Path, queries: Path) -> dict:
    output = subprocess.run(
        [sys.executable, str(eval_dir / "score.py"), str(results), str(gold), str(queries)],
        capture_output=True, text=True, check=True,
    ).stdout
    return ast.literal_eval(output.strip().splitlines()[-1])  # score.py prints a dict literal


def held_out_files(eval_dir: Path, task: str, work: Path) -> tuple[Path, Path]:
    """Queries and gold of the held-out half, written beside the results."""
    queries = [q for q in read_csv(eval_dir / f"{task}.queries.csv") if not is_training_pair(q["id"].removeprefix("q"))]
    keep = {q["id"] for q in queries}
    gold = [g for g in read_csv(eval_dir / f"{task}.gold.csv") if g["query_id"] in keep]
    for name, rows, fields in (("queries", queries, ["id", "name", "country"]), ("gold", gold, ["query_id", "entity_id"])):
        with open(work / f"{task}.heldout.{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fields)
            writer.writeheader()
            writer.writerows(rows)
    return work / f"{task}.heldout.queries.csv", work / f"{task}.heldout.gold.csv"


def quality(eval_dir: Path, work: Path) -> list[dict]:
    factory = get_matcher("best")
    rows = []
    for task in tasks(eval_dir):
        matcher = factory(load_table_list(eval_dir / f"{task}.list.csv"))
        queries = read_csv(eval_dir / f"{task}.queries.csv")
        results = work / f"{task}.results.csv"
        qps = write_results(results, matcher, queries)
        everything = run_score(eval_dir, results, eval_dir / f"{task}.gold.csv", eval_dir / f"{task}.queries.csv")
        held = run_score(eval_dir, results, *reversed(held_out_files(eval_dir, task, work)))
        rows.append({"task": task, "all": everything, "held_out": held, "qps": qps})
        print(task, "all", everything, "held-out", held, f"{qps:.0f} q/s", flush=True)
    return rows


def false_hits(eval_dir: Path) -> dict:
    entities = regime_entities(load_regime())
    listed = {name_form(n.value).first_keys for e in entities for n in e.names}
    matcher = get_matcher("best")(entities)
    english = {r["id"]: r["name"] for r in read_csv(eval_dir / "edinet_dev_ja2en.list.csv")}
    japanese = {r["id"]: r["name"] for r in read_csv(eval_dir / "edinet_dev_en2ja.list.csv")}

    def is_listed(company: str) -> bool:
        return any(name_form(n).first_keys in listed for n in (english.get(company, ""), japanese.get(company, "")) if n)

    queries = [q for task in ("edinet_dev_ja2en", "edinet_dev_en2ja") for q in read_csv(eval_dir / f"{task}.queries.csv")]
    negatives = [(q["name"], q["country"] or None) for q in queries if not is_listed(q["id"].removeprefix("q"))]
    hits, reviews = [], 0
    for name, country in negatives:
        matches = matcher.match(name, country, 5)
        band = best_band(matches)
        reviews += band is Band.REVIEW
        if band is Band.HIT:
            hits.append(f"{name} → {matches[0].matched_name}")
    return {
        "list_entities": len(entities),
        "negatives": len(negatives),
        "excluded_as_listed": len(queries) - len(negatives),
        "false_hit_rate": len(hits) / len(negatives),
        "review_rate": reviews / len(negatives),
        "hit_examples": hits[:10],
    }


def typos(eval_dir: Path) -> dict:
    entities = load_table_list(eval_dir / "edinet_dev_ja2en.list.csv")
    matcher = get_matcher("best")(entities)
    rng = random.Random(SEED)
    sample = rng.sample(entities, TYPO_SAMPLE)
    found = flagged = 0
    for entity in sample:
        matches = matcher.match(typo(entity.names[0].value, rng), entity.country, 5)
        found += bool(matches and matches[0].entity_id == entity.entity_id)
        flagged += any(m.entity_id == entity.entity_id and m.band is not Band.CLEAR for m in matches)
    return {"variants": len(sample), "top1": found / len(sample), "flagged": flagged / len(sample)}


CAVEATS = """What the quality figures do and do not show:

- No lexicon row comes from these sets any more (issue 17): `lexicon.tsv` is learned only
  from the development side of the bundled list entries (`lexicon/learn.py`), and the 370
  hand-written rows, written by engineers who had read these names, went. *Held-out* is the
  fixed crc32 half of entity ids the lexicon was once learned from; the halves now differ by
  chance only. The katakana readings of English words come from e2k's model, trained on
  dictionaries, and the JMdict glosses are a general dictionary. Every rule of the earlier
  rounds was still kept or dropped by its effect on these sets, so they remain development
  sets; `benchmarks/screening_lists.py` measures on fixed held-out parties of the bundled lists.
- The MOFCOM tasks have 40 queries (19 held out): one query is 2.5 (5.3) points.
- The negative set is screened against the bundled China lists, the lists the product ships."""


def report(rows: list[dict], negatives: dict, typo_figures: dict, load_start: float) -> str:
    def fmt(d: dict, k: str) -> str:
        return f"{d[k]:.3f}" if k in d else "-"
    lines = [
        "## Quality",
        "",
        run_line("benchmarks/screening_quality.py", load_start) + " Matcher `best` (crossscript).",
        "",
        "### Every task in ../shared/eval (scored with its score.py)",
        "",
        "| task | queries | top-1 | recall@5 | hit recall | hit-or-review | held-out queries | held-out top-1 | held-out recall@5 | held-out hit recall | q/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        a, h = r["all"], r["held_out"]
        lines.append(
            f"| {r['task']} | {a['queries']} | {fmt(a, 'top1')} | {fmt(a, 'recall@5')} | {fmt(a, 'hit_recall')} | {fmt(a, 'flag_recall')} "
            f"| {h['queries']} | {fmt(h, 'top1')} | {fmt(h, 'recall@5')} | {fmt(h, 'hit_recall')} | {r['qps']:.0f} |"
        )
    lines += [
        "",
        "### Unlisted companies (false hits)",
        "",
        f"EDINET development names, Japanese and English ({negatives['negatives']} queries; {negatives['excluded_as_listed']} "
        f"left out because a name of the company has the key of a listed name), screened against the bundled China lists "
        f"({negatives['list_entities']} parties): false-hit rate **{negatives['false_hit_rate']:.4f}**, review rate "
        f"{negatives['review_rate']:.4f}. Hits: {'; '.join(negatives['hit_examples']) or 'none'}.",
        "",
        "### Latin one-typo variants",
        "",
        f"{typo_figures['variants']} EDINET English names with one adjacent transposition or one dropped letter, against the "
        f"EDINET English list: top-1 {typo_figures['top1']:.3f}, flagged (hit or review) {typo_figures['flagged']:.3f}.",
        "",
        CAVEATS,
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--out", type=Path, default=REPORT)
    parser.add_argument("--work", type=Path, help="where result CSVs go (default: a new temporary directory)")
    parser.add_argument("--without-foreign", action="store_true", help="the learned reading of foreign names off (the before of issue 17 item 3)")
    args = parser.parse_args()
    if args.without_foreign:
        without_foreign_reading()
    work = args.work or Path(tempfile.mkdtemp(prefix="dualuse-screening-"))
    work.mkdir(parents=True, exist_ok=True)
    print("result files in", work, flush=True)
    load_start = os.getloadavg()[0]
    rows = quality(args.eval_dir, work)
    negatives = false_hits(args.eval_dir)
    print("false hits", negatives, flush=True)
    typo_figures = typos(args.eval_dir)
    print("typos", typo_figures, flush=True)
    write_section("quality", report(rows, negatives, typo_figures, load_start), args.out)
    print("written", args.out)


if __name__ == "__main__":
    main()
