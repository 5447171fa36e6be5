"""Chinese names of Western companies → their English names, among listed Japanese companies (issue 17).

    python benchmarks/screening_western.py [--eval-dir ../shared/eval] [--misses] [--out benchmarks/SCREENING.md]

Why: the issue's unseen task "Chinese transliterations of Western company names → English"
(0.29 top-1 when it was filed) has no development set of its own; the bundled lists hold few
such names. `western_companies_zh.csv` holds 99 US and European defence, semiconductor, chemical
and industrial companies under the Chinese name the Chinese press uses for them (洛克希德·马丁公司
Lockheed Martin Corporation, 康明斯公司 Cummins Inc.), written by this project's engineers from
general knowledge, not taken from any evaluation set. Some are renderings by sound (康明斯), some
by meaning (通用电气 General Electric), some both (莱茵金属 Rheinmetall).

Held-out side: `western_companies_zh_held_out.csv`, 82 more (aerospace, semiconductors,
chemicals, pharmaceuticals, energy, mining, cars, consumer brands; 贝尔直升机公司 Bell Helicopter
Textron Inc., 阿斯利康公司 AstraZeneca PLC), written the same way on 2026-12-07, before any rule
of that day was tried, and never looked at name by name: `--misses` prints the development
side's misses only, and no rule may be judged on the held-out figures.

The list is both sides' English names and the 3,038 English names of listed Japanese companies
in `../shared/eval/edinet_dev_ja2en.list.csv` (others a user's list holds; skipped when absent).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

from screening_common import DEFAULT_EVAL, REPORT, run_line, write_section
from screening_lists import DISTRACTORS, distractors

from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.screening.matchers.crossscript import CrossScriptMatcher

PROBE = Path(__file__).with_name("western_companies_zh.csv")
HELD_OUT = Path(__file__).with_name("western_companies_zh_held_out.csv")
SIDES = ("development", "held-out")
TOP = 5


def read_probe(path: Path = PROBE) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["chinese"], row["english"]) for row in csv.DictReader(handle)]


def score(sides: dict[str, list[tuple[str, str]]], others: list[ScreenedEntity], misses: bool = False) -> dict[str, dict[str, float]]:
    """Each side's Chinese names screened against one list holding every side's English names."""
    ids = {(side, english): f"w{side[0]}{n:03d}" for side, pairs in sides.items() for n, (_, english) in enumerate(pairs)}
    entities = [ScreenedEntity(entity_id, (ScreenedName(english, "en"),)) for (_, english), entity_id in ids.items()]
    matcher = CrossScriptMatcher(entities + others)
    figures = {}
    for side, pairs in sides.items():
        top1 = recall = flagged = 0
        for chinese, english in pairs:
            found = matcher.match(chinese, None, TOP)
            found_ids = [m.entity_id for m in found]
            right = ids[(side, english)]
            top1 += bool(found_ids and found_ids[0] == right)
            recall += right in found_ids
            flagged += any(m.entity_id == right and m.band in ("hit", "review") for m in found)
            if misses and side == "development" and not (found_ids and found_ids[0] == right):
                print(f"miss {chinese} -> {english} | top {found[0].matched_name if found else '-'} {found[0].score if found else ''}")
        n = len(pairs)
        figures[side] = {"queries": n, "list": len(entities) + len(others), "top1": top1 / n, "recall5": recall / n, "flagged": flagged / n}
    return figures


def report(figures: dict[str, dict[str, float]], load_start: float) -> str:
    lines = [
        "## Chinese names of Western companies → English, among listed Japanese companies (issue 17)",
        "",
        run_line("benchmarks/screening_western.py", load_start),
        "",
        f"Chinese names of US and European companies (`benchmarks/western_companies_zh.csv`, development; "
        f"`benchmarks/western_companies_zh_held_out.csv`, held out; both written from general knowledge) against one list of "
        f"{figures['development']['list']:,} English names: both sides' and the listed Japanese companies of `{DISTRACTORS}`. "
        "The held-out side was written before the rules it measures and is never read name by name (see the script).",
        "",
        "| task | side | queries | top-1 | recall@5 | right answer at review or hit |",
        "|---|---|---|---|---|---|",
    ]
    for side in SIDES:
        now = figures[side]
        lines.append(f"| western_zh2en | {side} | {now['queries']} | {now['top1']:.3f} | {now['recall5']:.3f} | {now['flagged']:.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL, help=f"where {DISTRACTORS} is")
    parser.add_argument("--misses", action="store_true", help="print the development side's misses (never the held-out ones)")
    parser.add_argument("--out", type=Path, default=REPORT)
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()
    load_start = os.getloadavg()[0]
    others = distractors(args.eval_dir)
    if not others:
        print(f"no {args.eval_dir / DISTRACTORS}: the list is the probes' English names alone (give --eval-dir)", file=sys.stderr)
    figures = score({"development": read_probe(PROBE), "held-out": read_probe(HELD_OUT)}, others, args.misses)
    print({side: {key: round(value, 3) for key, value in found.items()} for side, found in figures.items()})
    if not args.no_report:
        write_section("western", report(figures, load_start), args.out)
        print(f"written {args.out}")


if __name__ == "__main__":
    main()
