"""Token similarity and alignment, the two places where a near miss is decided."""

from __future__ import annotations

import pytest

from dualuse.screening.matchers.crossscript.align import align, similarities, token_similarity
from dualuse.screening.matchers.crossscript.forms import name_form

KEYS = ["mitsubishi", "mitsubisi", "sony", "sona", "tdk", "tdc", "fakutori", "faktory", "noda", "ndoa", "kuno", "juko"]


def test_the_batch_table_agrees_with_the_scalar_function():
    table = similarities(KEYS, KEYS)
    for a in KEYS:
        for b in KEYS:
            assert table.get(a, {}).get(b, 0.0) == pytest.approx(token_similarity(a, b), abs=1e-6)


@pytest.mark.parametrize(
    ("a", "b", "similar"),
    [("tdk", "tdc", False), ("noda", "ndoa", True), ("mitsubishi", "mitsubisi", True), ("fakutori", "faktory", True)],
)
def test_near_misses(a, b, similar):
    assert bool(token_similarity(a, b)) is similar


def test_one_alternative_per_slot_and_coverage_by_weight():
    query = name_form("三菱重工業").slots
    candidate = name_form("Mitsubishi Heavy Industries Aero Engines, Ltd.").slots
    result = align(query, candidate, lambda slot: 1.0)
    assert result.query_coverage == pytest.approx(1.0)
    assert result.candidate_coverage == pytest.approx(0.6)  # aero, engines left over
    assert [alt.label for alt in result.query_chosen] == ["cutlet", "translation"]


def test_a_word_written_as_one_meets_two():
    query = name_form("リゾートトラスト株式会社").slots
    candidate = name_form("RESORTTRUST,INC.").slots
    assert align(query, candidate, lambda slot: 1.0).candidate_coverage > 0.85
