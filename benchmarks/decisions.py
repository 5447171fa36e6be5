"""Decisions per second per core, on a seeded synthetic set of transactions.

Three figures, measured in the same run on one process (one core):
  * decide only, no screening (the target: >= 10,000/s per core),
  * JSON text -> validated transaction -> decision, no screening,
  * decide with party screening by the engine's default matcher (cached per distinct name).

Run: .venv/bin/python benchmarks/decisions.py [--n 20000] [--seed 7] [--write]
--write replaces the "Decisions" section of benchmarks/README.md with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import time
from datetime import date, timedelta
from pathlib import Path

from machine import describe  # benchmarks/machine.py
from dualuse.engine.engine import Engine
from dualuse.regime.loader import load_regime
from dualuse.transaction import parse_transaction, parse_transaction_text

TARGET_PER_SECOND = 10_000
README = Path(__file__).with_name("README.md")

DESTINATIONS = ["JP", "JP", "JP", "US", "DE", "KR", "SG", "FR", "IN", "CN"]
EXPORTERS = [("赣州稀土出口有限公司", "CN"), ("厦门钨业股份有限公司", "CN"), ("Hanbit Materials Co., Ltd.", "KR"),
             ("Rotterdam Metals B.V.", "NL")]
PARTIES = ["Nagoya Motor Parts K.K.", "ＴＤＫ株式会社", "三菱重工海事系统株式会社", "陸上自衛隊", "Acme Optoelectronics Inc.",
           "Werkzeugbau Schmidt GmbH", "SUBARU Corporation", "Leidos", "東京精密株式会社", "Samsung SDI Co., Ltd."]
END_USES = ["civil", "civil", "civil", "military", "unknown"]
UNLISTED_HS = ["9401610000", "8458110000", "8481804090", "3926909090"]


def synthetic(n: int, seed: int) -> list[dict]:
    """Realistic mixes: listed and unlisted items, dates across the measures' boundaries."""
    rng = random.Random(seed)
    regime = load_regime()
    listed = [e for e in regime.entries]
    start = date(2023, 6, 1)
    out = []
    for _ in range(n):
        exporter, exporter_country = rng.choice(EXPORTERS)
        destination = rng.choice(DESTINATIONS)
        items = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            if rng.random() < 0.7:
                entry = rng.choice(listed)
                items.append({"control_code": entry.code, "origin": rng.choice(["CN", "CN", "KR"]),
                              "value": rng.randint(100, 100_000), "currency": "USD"})
            else:
                items.append({"hs_code": rng.choice(UNLISTED_HS), "origin": "CN", "value": rng.randint(100, 5000)})
        out.append({
            "date": (start + timedelta(days=rng.randint(0, 1300))).isoformat(),
            "destination": destination,
            "exporter": {"name": exporter, "country": exporter_country},
            "parties": [{"role": "end_user", "name": rng.choice(PARTIES), "country": destination,
                         "kind": rng.choice(["company", "company", "military", "research"])}],
            "end_use": {"category": rng.choice(END_USES), "wmd": rng.random() < 0.01},
            "items": items,
        })
    return out


def rate(n: int, seconds: float) -> float:
    return n / seconds if seconds else float("inf")


def measure(n: int, seed: int) -> dict:
    documents = synthetic(n, seed)
    texts = [json.dumps(d, ensure_ascii=False) for d in documents]
    transactions = [parse_transaction(d) for d in documents]
    bare = Engine(screen=False)
    screened = Engine()
    for t in transactions[:200]:  # warm caches (regime indexes, opencc)
        bare.decide(t)

    started = time.perf_counter()
    outcomes = [bare.decide(t).outcome for t in transactions]
    decide_only = time.perf_counter() - started

    started = time.perf_counter()
    for text in texts:
        bare.decide(parse_transaction_text(text))
    end_to_end = time.perf_counter() - started

    started = time.perf_counter()
    for t in transactions:
        screened.decide(t)
    with_screening = time.perf_counter() - started

    mix: dict[str, int] = {}
    for o in outcomes:
        mix[o.value] = mix.get(o.value, 0) + 1
    return {
        "n": n,
        "seed": seed,
        "decide_only_per_s": rate(n, decide_only),
        "json_to_decision_per_s": rate(n, end_to_end),
        "with_screening_per_s": rate(n, with_screening),
        "outcome_mix": mix,
    }


def report(figures: dict) -> str:
    ratio = figures["decide_only_per_s"] / TARGET_PER_SECOND
    mix = ", ".join(f"{k} {v}" for k, v in sorted(figures["outcome_mix"].items()))
    return "\n".join([
        "## Decisions (`benchmarks/decisions.py`)",
        "",
        f"Measured {date.today().isoformat()} on {describe()} (load average {os.getloadavg()[0]:.1f} at the end: other work"
        " on the machine depresses these figures); one process (one core);"
        f" {figures['n']:,} seeded synthetic transactions (seed {figures['seed']}), outcome mix: {mix}.",
        "",
        "| mode | decisions/s | vs target 10,000/s |",
        "|---|---:|---:|",
        f"| decide only, no screening | {figures['decide_only_per_s']:,.0f} | {ratio:.2f}× |",
        f"| JSON text → validated → decision, no screening | {figures['json_to_decision_per_s']:,.0f} | {figures['json_to_decision_per_s'] / TARGET_PER_SECOND:.2f}× |",
        f"| decide with party screening (default matcher, cached per name) | {figures['with_screening_per_s']:,.0f} | {figures['with_screening_per_s'] / TARGET_PER_SECOND:.2f}× |",
        "",
    ])


def write_section(text: str) -> None:
    current = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    pattern = re.compile(r"## Decisions \(`benchmarks/decisions.py`\).*?(?=\n## |\Z)", re.S)
    updated = pattern.sub(lambda _: text.rstrip() + "\n", current) if pattern.search(current) else current.rstrip() + "\n\n" + text
    README.write_text(updated, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="write the figures into benchmarks/README.md")
    args = parser.parse_args()
    text = report(measure(args.n, args.seed))
    print(text)
    if args.write:
        write_section(text)


if __name__ == "__main__":
    main()
