"""Behaviour lives in the table: scenarios.yaml, one row per transaction with the outcome
the law gives and the provision that justifies it."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

from dualuse.engine.engine import Engine
from dualuse.transaction import parse_transaction
from dualuse.vocabulary import Effect, Outcome

TABLE = yaml.safe_load((Path(__file__).parent / "scenarios.yaml").read_text(encoding="utf-8"))
_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _set(document: dict, path: str, value) -> None:
    keys = [name if name else int(index) for name, index in _STEP.findall(path)]
    target = document
    for key in keys[:-1]:
        target = target[key]
    target[keys[-1]] = value


def build(scenario: dict) -> dict:
    transaction = copy.deepcopy(TABLE["templates"][scenario["template"]])
    for path, value in (scenario.get("set") or {}).items():
        _set(transaction, path, value)
    return transaction


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def test_table_is_large_and_cited():
    assert len(TABLE["scenarios"]) >= 40
    for scenario in TABLE["scenarios"]:
        assert scenario.get("because"), f"{scenario['name']} has no justification"
        Outcome(scenario["expect"]["outcome"])  # a closed vocabulary, checked


@pytest.mark.parametrize("scenario", TABLE["scenarios"], ids=[s["name"] for s in TABLE["scenarios"]])
def test_scenario(engine: Engine, scenario: dict):
    transaction = parse_transaction(build(scenario))
    as_of = scenario.get("as_of")
    decision = engine.decide(transaction, as_of=as_of)
    expect = scenario["expect"]
    fired = {(r.rule, r.effect) for r in decision.reasons}
    explain = "\n".join(f"  {r.rule} {r.effect.value}: {r.detail}" for r in decision.reasons)
    assert decision.outcome == Outcome(expect["outcome"]), f"{scenario['because']}\nreasons:\n{explain}"
    for rule in expect.get("rules", []):
        name, _, effect = rule.partition(":")
        assert any(r == name and (not effect or e == Effect(effect)) for r, e in fired), f"{rule} did not fire:\n{explain}"
    for rule in expect.get("not_rules", []):
        assert all(r != rule for r, _ in fired), f"{rule} fired but should not:\n{explain}"
    for missing in expect.get("missing", []):
        assert missing in decision.missing
    if expect.get("warns"):
        assert decision.warnings, "an unconfirmed fact was used without a warning"
    for reason in decision.reasons:
        assert reason.citation, f"{reason.rule} has no citation"
