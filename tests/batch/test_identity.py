"""`dualuse batch` decides every row exactly as `dualuse check` decides the same transaction.

The rows are mapped to JSON transactions by benchmarks/generate.py, independently of dualuse.batch.contract, sent
through the single-transaction path (JSON text -> parse_transaction_text -> Engine.decide) and
compared with the batch output field by field; malformed rows must be in the side file with
their line, id, column and the message the JSON path gives.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

from dualuse.batch import run_batch
from dualuse.engine.engine import Engine
from dualuse.errors import InputError
from dualuse.transaction import parse_transaction_text


def test_batch_equals_single_transaction_path(rows_csv: Path, tmp_path: Path, shared, generator) -> None:
    output = tmp_path / "decisions.parquet"
    summary = run_batch(rows_csv, output, workers=1, chunk_rows=700, progress=False, shared=shared)
    decided = {r["id"]: r for r in pq.read_table(output).to_pylist()}
    with open(summary.rejects, encoding="utf-8", newline="") as f:
        rejected = {r["id"]: r for r in csv.DictReader(f)}

    engine = Engine(shared.regime, shared.matcher)
    today = date.today()
    checked = bad = 0
    with open(rows_csv, encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                tx = parse_transaction_text(generator.json_transaction(row))
                decision = engine.decide(tx, None if tx.date else today)
            except InputError as exc:
                bad += 1
                reject = rejected[row["id"]]
                assert int(reject["line"]) == line
                assert reject["reason"] == exc.message
                assert row["id"] not in decided
                continue
            out = decided[row["id"]]
            assert out["outcome"] == decision.outcome.value, row
            assert out["rules"] == [f"{r.rule}:{r.effect.value}" for r in decision.reasons]
            assert out["citations"] == list(dict.fromkeys(r.citation for r in decision.reasons))
            assert out["matched_parties"] == [f"{p.entity_id} ({p.list}, {p.band.value})" for p in decision.parties]
            assert out["as_of"] == decision.as_of
            assert out["data_version"] == decision.data_version
            checked += 1
    assert checked == summary.rows == len(decided)
    assert bad == summary.rejected == len(rejected) > 0
    outcomes = {r["outcome"] for r in decided.values()}
    assert outcomes == {"PROHIBITED", "LICENCE_REQUIRED", "REVIEW", "NO_LICENCE_REQUIRED"}
    assert any(r["matched_parties"] for r in decided.values())


def test_example_file_matches_the_example_transactions(tmp_path: Path, shared) -> None:
    """examples/batch/shipments.csv starts with examples/transactions/01..10 as rows."""
    root = Path(__file__).resolve().parents[2]
    output = tmp_path / "example.csv"
    summary = run_batch(root / "examples/batch/shipments.csv", output, workers=1, progress=False, shared=shared)
    assert (summary.rows, summary.rejected) == (48, 2)
    with open(output, encoding="utf-8", newline="") as f:
        outcomes = {r["id"]: r["outcome"] for r in csv.DictReader(f)}
    engine = Engine(shared.regime, shared.matcher)
    compared = 0
    for number, path in enumerate(sorted((root / "examples/transactions").glob("*.json")), start=1):
        document = json.loads(path.read_text(encoding="utf-8"))
        flags = {k for k, v in document.get("end_use", {}).items() if v is True}
        if len(document["parties"]) != 1 or flags:
            continue  # a row carries one end user and no knowledge flags (01, 03: two parties; 10: wmd)
        expected = engine.decide(parse_transaction_text(path.read_text(encoding="utf-8"))).outcome.value
        assert outcomes[f"EX-{number:03d}"] == expected, path.name
        compared += 1
    assert compared == 7
    assert outcomes["EX-003"] == "PROHIBITED"  # the row names the party as the control list prints it
