"""Chinese names of Western companies → their English names, among listed Japanese companies (issue 17).

    python benchmarks/screening_western.py [--eval-dir ../shared/eval] [--misses] [--out benchmarks/SCREENING.md]

Why: the issue's unseen task "Chinese transliterations of Western company names → English"
(0.29 top-1 when it was filed) has no development set of its own; the bundled lists hold few
such names. `western_companies_zh.csv` holds 99 US and European defence, semiconductor, chemical
and industrial companies under the Chinese name the Chinese press uses for them (洛克希德·马丁公司
Lockheed Martin Corporation, 康明斯公司 Cummins Inc.), written by this project's engineers from
general knowledge, not taken from any evaluation set. Some are renderings by sound (康明斯), some
by meaning (通用电气 General Electric), some both (莱茵金属 Rheinmetall).

The list is the 99 English names and the 3,038 English names of listed Japanese companies in
`../shared/eval/edinet_dev_ja2en.list.csv` (others a user's list holds; skipped when absent).
It is a development set: rules may be judged on it, never written from its names; there is no
held-out side, so its figures say how far we are, not how we generalise.
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
TOP = 5


def read_probe(path: Path = PROBE) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["chinese"], row["english"]) for row in csv.DictReader(handle)]


def score(pairs: list[tuple[str, str]], others: list[ScreenedEntity], misses: bool = False) -> dict[str, float]:
    entities = [ScreenedEntity(f"w{n:03d}", (ScreenedName(english, "en"),)) for n, (_, english) in enumerate(pairs)]
    matcher = CrossScriptMatcher(entities + others)
    top1 = recall = flagged = 0
    for n, (chinese, english) in enumerate(pairs):
        found = matcher.match(chinese, None, TOP)
        ids = [m.entity_id for m in found]
        right = f"w{n:03d}"
        top1 += bool(ids and ids[0] == right)
        recall += right in ids
        flagged += any(m.entity_id == right and m.band in ("hit", "review") for m in found)
        if misses and not (ids and ids[0] == right):
            print(f"miss {chinese} -> {english} | top {found[0].matched_name if found else '-'} {found[0].score if found else ''}")
    n = len(pairs)
    return {"queries": n, "list": len(entities) + len(others), "top1": top1 / n, "recall5": recall / n, "flagged": flagged / n}


def report(figures: dict[str, float], load_start: float) -> str:
    return "\n".join(
        [
            "## Chinese names of Western companies → English, among listed Japanese companies (issue 17)",
            "",
            run_line("benchmarks/screening_western.py", load_start),
            "",
            f"{figures['queries']} Chinese names of US and European companies (`benchmarks/western_companies_zh.csv`, written from "
            f"general knowledge) against a list of {figures['list']:,} English names: theirs and the listed Japanese companies of "
            f"`{DISTRACTORS}`. A development set without a held-out side (see the script).",
            "",
            "| task | queries | top-1 | recall@5 | right answer at review or hit |",
            "|---|---|---|---|---|",
            f"| western_zh2en | {figures['queries']} | {figures['top1']:.3f} | {figures['recall5']:.3f} | {figures['flagged']:.3f} |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL, help=f"where {DISTRACTORS} is")
    parser.add_argument("--misses", action="store_true", help="print the misses")
    parser.add_argument("--out", type=Path, default=REPORT)
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()
    load_start = os.getloadavg()[0]
    others = distractors(args.eval_dir)
    if not others:
        print(f"no {args.eval_dir / DISTRACTORS}: the list is the 99 English names alone (give --eval-dir)", file=sys.stderr)
    figures = score(read_probe(), others, args.misses)
    print({key: round(value, 3) for key, value in figures.items()})
    if not args.no_report:
        write_section("western", report(figures, load_start), args.out)
        print(f"written {args.out}")


if __name__ == "__main__":
    main()
