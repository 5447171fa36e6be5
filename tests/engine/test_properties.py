"""Properties of every decision, over generated transactions: deterministic, never crashes on
valid input, the outcome is the most severe of its reasons, every reason cites a provision."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dualuse.engine.engine import Engine
from dualuse.regime.loader import load_regime
from dualuse.transaction import parse_transaction
from dualuse.vocabulary import Outcome

REGIME = load_regime()
ENGINE = Engine(REGIME)
CODES = sorted({e.code for e in REGIME.entries})
CUSTOMS = sorted({c for e in REGIME.entries for c in e.entry.customs_codes} | {"9401610000", "8458110000"})
NAMES = ["陸上自衛隊", "TDK Corporation", "三菱重工海事系统株式会社", "Leidos", "Acme Inc.", "東京精密株式会社", "JSDF", "Sony"]
COUNTRIES = ["JP", "US", "CN", "DE", "KR", "SG"]

items = st.fixed_dictionaries(
    {"origin": st.sampled_from(COUNTRIES)},
    optional={
        "control_code": st.sampled_from(CODES),
        "hs_code": st.sampled_from(CUSTOMS),
        "cn_content_share": st.floats(0, 1),
        # amounts are exact decimals with at most 4 places (dualuse.limits); floats of up to 4 places too
        "value": st.decimals(0, 10**7, places=4) | st.integers(0, 10**7).map(lambda n: n / 16),
    },
)
transactions = st.fixed_dictionaries({
    "date": st.dates(date(2023, 1, 1), date(2027, 12, 31)).map(date.isoformat),
    "destination": st.sampled_from(COUNTRIES),
    "exporter": st.fixed_dictionaries({"name": st.just("Exporter Ltd."), "country": st.sampled_from(COUNTRIES)}),
    "parties": st.lists(st.fixed_dictionaries({
        "role": st.sampled_from(["end_user", "consignee", "buyer", "intermediary"]),
        "name": st.sampled_from(NAMES),
        "country": st.sampled_from(COUNTRIES),
        "kind": st.sampled_from(["company", "military", "government", "research", "person"]),
    }), max_size=3),
    "end_use": st.fixed_dictionaries({
        "category": st.sampled_from(["civil", "military", "unknown"]),
        "wmd": st.booleans(),
        "enhances_military_capability": st.booleans(),
    }),
    "items": st.lists(items, min_size=1, max_size=3),
})


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transactions)
def test_every_decision_is_consistent(document):
    transaction = parse_transaction(document)
    first = ENGINE.decide(transaction)
    assert first == ENGINE.decide(transaction), "the same input must give the same decision"
    severest = max((r.effect.outcome for r in first.reasons), key=lambda o: o.severity, default=Outcome.NO_LICENCE_REQUIRED)
    assert first.outcome == severest
    assert all(r.citation for r in first.reasons)
    if first.outcome is Outcome.REVIEW:
        assert first.missing, "a REVIEW must say what would settle it"
