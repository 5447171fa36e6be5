"""Decide-only speed of two source trees, interleaved in one run: does a change cost the engine?

Each round runs `benchmarks/decisions.py`'s seeded synthetic set through `Engine(screen=False)`
once per tree, each in its own process (PYTHONPATH=<tree>/src, plain Python so that compiled
modules do not differ between trees), and keeps the best of `--repeat` passes in CPU time
(process_time: other work on a shared machine slows wall time far more than CPU time).

Run: .venv/bin/python benchmarks/decisions_ab.py BASE_SRC NEW_SRC [--n 3000] [--rounds 5]
  e.g. `git archive main src | tar -x -C /tmp/base` gives BASE_SRC=/tmp/base/src.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CHILD = """
import json, sys, time
import decisions
from dualuse.engine.engine import Engine
from dualuse.transaction import parse_transaction
n, repeat = int(sys.argv[1]), int(sys.argv[2])
transactions = [parse_transaction(d) for d in decisions.synthetic(n, 7)]
engine = Engine(screen=False)
for t in transactions[:300]:
    engine.decide(t)
best = 0.0
for _ in range(repeat):
    started = time.process_time()
    for t in transactions:
        engine.decide(t)
    best = max(best, len(transactions) / (time.process_time() - started))
print(json.dumps({"per_s": best}))
"""


def run(src: str, n: int, repeat: int) -> float:
    env = dict(os.environ, PYTHONPATH=f"{src}{os.pathsep}{HERE}", DUALUSE_PURE_PYTHON="1")
    done = subprocess.run([sys.executable, "-c", CHILD, str(n), str(repeat)], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])["per_s"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base")
    parser.add_argument("new")
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    figures: dict[str, list[float]] = {"base": [], "new": []}
    for _ in range(args.rounds):
        for name, src in (("base", args.base), ("new", args.new)):
            figures[name].append(run(src, args.n, args.repeat))
    for name, values in figures.items():
        print(f"{name}: best {max(values):,.0f}/s, median {statistics.median(values):,.0f}/s  {[round(v) for v in values]}")
    print(f"new/base: best {max(figures['new']) / max(figures['base']):.3f}, "
          f"median {statistics.median(figures['new']) / statistics.median(figures['base']):.3f}")


if __name__ == "__main__":
    main()
