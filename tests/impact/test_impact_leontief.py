"""Leontief propagation on the bundled textbook table (Miller & Blair 2009, §2.3)."""

from __future__ import annotations

import numpy as np
import pytest

from dualuse.errors import InputError
from dualuse.impact.leontief import (
    backward_extraction, final_demand_shock, leontief_inverse, load_table, output_change, technical_coefficients,
)


@pytest.fixture(scope="module")
def table():
    return load_table()


def test_coefficients_and_inverse_match_the_book(table):
    A = technical_coefficients(table)
    assert np.allclose(A, [[0.15, 0.25], [0.2, 0.05]])
    assert np.allclose(leontief_inverse(A), [[1.254, 0.330], [0.264, 1.122]], atol=5e-4)  # as printed, 3 decimals


def test_new_final_demand_gives_the_books_output(table):
    x = table.x + output_change(table, np.array([600, 1500]) - table.f)
    assert np.allclose(x, [1247.52, 1841.58], atol=0.01)


def test_value_added_falls_by_exactly_the_final_demand_lost(table):
    out = final_demand_shock(table, "manufacturing", 0.1)
    assert out["total_value_added_change"] == pytest.approx(-0.1 * 1700)
    assert out["delta_output"]["agriculture"] < 0  # the shock propagates upstream
    assert out["source"].startswith("R. E. Miller and P. D. Blair")


def test_backward_extraction(table):
    lost = backward_extraction(table, "manufacturing")
    A = technical_coefficients(table)
    A[:, 1] = 0
    assert np.allclose(lost, table.x - np.linalg.solve(np.eye(2) - A, table.f))
    assert (lost > 0).all()


def test_bad_inputs(table, tmp_path):
    with pytest.raises(InputError, match="unknown sector"):
        final_demand_shock(table, "mining", 0.1)
    with pytest.raises(InputError, match="between 0 and 1"):
        final_demand_shock(table, "agriculture", 1.5)
    bad = tmp_path / "t.yaml"
    bad.write_text("id: t\nsource: s\nsectors: [a, b]\nintermediate: [[1, 2], [3, 4]]\nfinal_demand: [1, 1]\n"
                   "total_output: [10, 10]\n", encoding="utf-8")
    with pytest.raises(InputError, match="do not balance"):
        load_table(bad)
