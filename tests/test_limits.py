"""dualuse.limits: the bounds every door shares (the doors themselves are tested in tests/interfaces)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from dualuse import limits


@pytest.mark.parametrize("text, ok", [
    ("0", True), ("0.0000", True), ("12.5000", True), ("999999999999999.9999", True), ("1E+15", True),
    ("1000000000000000.0001", False), ("0.00001", False), ("1.00000000000000000000000000000001", False),
    ("-0.0001", False), ("NaN", False), ("Infinity", False), ("1E+400", False),
])
def test_amounts(text: str, ok: bool) -> None:
    if ok:
        assert limits.check_amount(Decimal(text)) == Decimal(text)
    else:
        with pytest.raises(ValueError):
            limits.check_amount(Decimal(text))


@pytest.mark.parametrize("text, written", [("100", 100), ("1E+2", 100), ("12.5", 12.5), ("0.0001", 0.0001),
                                           ("99999999999999.5", 99999999999999.5),
                                           ("999999999999999.9999", "999999999999999.9999")])
def test_json_numbers_are_the_numbers_given(text: str, written) -> None:
    out = limits.json_number(Decimal(text))
    assert out == written and type(out) is type(written)
    assert Decimal(str(out)) == Decimal(text)


def test_loads_json_is_exact_and_bounded() -> None:
    loaded = limits.loads_json('{"v": 0.1, "n": NaN, "big": 1e400}')
    assert (loaded["v"], loaded["big"]) == (Decimal("0.1"), Decimal("1E+400")) and loaded["n"].is_nan()
    assert limits.loads_json("[" * 64 + "]" * 64) is not None
    with pytest.raises(limits.TooDeep):
        limits.loads_json("[" * 65 + "]" * 65)
    with pytest.raises(limits.TooDeep):
        limits.loads_json('{"a":' * 2000)
    assert limits.loads_json(json.dumps({"s": "[" * 500})) == {"s": "[" * 500}  # brackets in strings do not count
    with pytest.raises(json.JSONDecodeError):
        limits.loads_json('{"a": ')


def test_nesting_depth_of_shared_and_cyclic_structures() -> None:
    shared: list = [1]
    for _ in range(30):
        shared = [shared, shared, shared]  # 3**30 paths, 31 distinct lists
    assert limits.nesting_depth(shared) == 31
    cyclic: list = []
    cyclic.append(cyclic)
    with pytest.raises(limits.TooDeep):
        limits.nesting_depth(cyclic)
