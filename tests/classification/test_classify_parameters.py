"""Parameters: reading them from text, and comparing them with the entries' thresholds."""

from __future__ import annotations

import math
import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dualuse.classification.parameters.extract import extract
from dualuse.classification.parameters.interval import Interval
from dualuse.classification.parameters.thresholds import (
    THRESHOLDS_FILE,
    ParameterStatus,
    check,
    compare,
    default_thresholds,
    parse_thresholds,
)
from dualuse.classification.text import normalise
from dualuse.errors import RegimeDataError
from dualuse.regime.loader import load_regime

NAMES = {"钨": "W", "tungsten": "W", "w": "W", "钼": "Mo", "molybdenum": "Mo", "mo": "Mo", "银": "Ag", "ag": "Ag"}

INF = math.inf
# text -> [(quantity, low, high, low_open, high_open)]
READINGS = [
    ("氧化镝 99.9%", [("purity", 99.9, 99.9, False, False)]),
    ("Dy2O3 5N", [("purity", 99.999, 99.999, False, False)]),
    ("indium 4N5", [("purity", 99.995, 99.995, False, False)]),
    ("纯度99.99%以上", [("purity", 99.99, INF, False, False)]),
    ("純度 99.99%以上", [("purity", 99.99, INF, False, False)]),
    ("purity > 99.9%", [("purity", 99.9, INF, True, False)]),
    ("W ≥ 97%", [("content:W", 97, INF, False, False)]),
    ("钨含量大于等于97%", [("content:W", 97, INF, False, False)]),
    ("97% W", [("content:W", 97, 97, False, False)]),
    ("Mo content 97.5 wt%", [("content:Mo", 97.5, 97.5, False, False)]),
    ("粒度 30μm", [("particle_size", 30, 30, False, False)]),
    ("≤ 50 µm", [("particle_size", -INF, 50, False, False)]),
    ("粒径50μm未満", [("particle_size", -INF, 50, False, True)]),
    ("平均粒径0.5mm", [("particle_size", 500, 500, False, False)]),
    ("D50 800 nm", [("particle_size", 0.8, 0.8, False, False)]),
    ("直径130mm，长度60mm", [("diameter", 130, 130, False, False), ("length", 60, 60, False, False)]),
    ("3 inch diameter", [("diameter", 76.2, 76.2, False, False)]),
    ("120×120×50mm", [("block_1", 120, 120, False, False), ("block_2", 120, 120, False, False), ("block_3", 50, 50, False, False)]),
    ("300 Wh/kg", [("energy_density", 300, 300, False, False)]),
    ("compaction density 2.6 g/cm3", [("compaction_density", 2.6, 2.6, False, False)]),
    ("プレス密度2.6g/cm3", [("compaction_density", 2.6, 2.6, False, False)]),
    ("density 1.8 g/cm3", [("density", 1.8, 1.8, False, False)]),
    ("抗折强度35MPa", [("flexural_strength", 35, 35, False, False)]),
    ("6 GPa", [("pressure", 6, 6, False, False)]),
    ("缸径 600 mm", [("bore", 600, 600, False, False)]),
    ("10~50 m3", [("volume", 10, 50, False, False)]),
    ("5,000 m3/d", [("throughput", 5000, 5000, False, False)]),
    ("1.5T", [("magnetic_induction", 1.5, 1.5, False, False)]),
    ("10 kW 2450 MHz", [("power", 10, 10, False, False), ("frequency", 2450, 2450, False, False)]),
    ("transmittance 70%", [("transmittance", 70, 70, False, False)]),
    ("5 in stock", []),  # "in" is not inches when it is a word
    ("100 W laser", []),  # W after a number is watts, never tungsten; no entry decides on watts
    ("4 inch wafer", [("diameter", 101.6, 101.6, False, False)]),
    ("12% discount", []),  # a bare percentage below 99 is not guessed to be a purity
]


@pytest.mark.parametrize(("text", "expected"), READINGS, ids=[r[0] for r in READINGS])
def test_readings(text, expected):
    got = [(m.quantity, m.interval.low, m.interval.high, m.interval.low_open, m.interval.high_open) for m in extract(normalise(text), NAMES)]
    assert got == [tuple(pytest.approx(v) if isinstance(v, float) else v for v in row) for row in expected]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_extract_never_crashes(text):
    for m in extract(normalise(text), NAMES):
        assert not m.interval.is_empty()


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=99, max_value="99.99999", places=5))
def test_purity_round_trip(value):
    text = f"purity {value}%"
    [reading] = extract(normalise(text), NAMES)
    assert reading.quantity == "purity" and reading.interval.low == pytest.approx(float(value))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=5000), st.sampled_from([("μm", 1.0), ("um", 1.0), ("mm", 1000.0), ("nm", 0.001)]))
def test_particle_size_units(value, unit):
    [reading] = extract(normalise(f"particle size {value} {unit[0]}"), NAMES)
    assert reading.quantity == "particle_size" and reading.interval.low == pytest.approx(value * unit[1])


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0, max_value=1000, allow_nan=False), st.floats(min_value=0, max_value=1000, allow_nan=False))
def test_compare_is_consistent(reading, threshold):
    """A point reading meets '≥ t' exactly when it is ≥ t, and never both meets and fails."""
    status = compare(Interval.point(reading), Interval.from_op(">=", threshold))
    assert status == (ParameterStatus.MEETS if reading >= threshold else ParameterStatus.DOES_NOT_MEET)


COMPARE = [
    (Interval.from_op("<=", 60), Interval.from_op("<=", 50), ParameterStatus.UNKNOWN),
    (Interval.from_op("<=", 40), Interval.from_op("<=", 50), ParameterStatus.MEETS),
    (Interval.from_op(">=", 60), Interval.from_op("<=", 50), ParameterStatus.DOES_NOT_MEET),
    (Interval.point(99.9), Interval.from_op(">", 99.9), ParameterStatus.DOES_NOT_MEET),
    (Interval.point(50), Interval(50, 500, low_open=True), ParameterStatus.DOES_NOT_MEET),
    (Interval.point(500), Interval(50, 500, low_open=True), ParameterStatus.MEETS),
]


@pytest.mark.parametrize(("reading", "threshold", "status"), COMPARE)
def test_compare(reading, threshold, status):
    assert compare(reading, threshold) == status


def _check(code: str, text: str):
    normalised = normalise(text)
    from dualuse.classification.synonyms import concepts_of, default_table

    concepts = set(concepts_of(normalised, default_table())[0])
    return check(code, default_thresholds().get(code), concepts, extract(normalised, NAMES))


# code, description, status, words the reason or a question must contain
THRESHOLD_CASES = [
    ("3C003", "antimony oxide 99.9%", ParameterStatus.DOES_NOT_MEET, "99.99"),
    ("3C003", "antimony oxide 99.995%", ParameterStatus.MEETS, "99.99"),
    ("3C003", "antimony oxide", ParameterStatus.UNKNOWN, "What is the purity?"),
    ("3C003", "antimony ingots", ParameterStatus.MEETS, "ores"),
    ("1C108", "synthetic graphite purity 99.95% flexural strength 35 MPa density 1.8 g/cm3", ParameterStatus.MEETS, "density"),
    ("1C108", "synthetic graphite purity 99.95% flexural strength 25 MPa density 1.8 g/cm3", ParameterStatus.DOES_NOT_MEET, "flexural"),
    ("1C108", "synthetic graphite purity 99.95%", ParameterStatus.UNKNOWN, "flexural strength"),
    ("1C108", "natural flake graphite", ParameterStatus.MEETS, "natural"),
    ("2C902.b", "synthetic diamond 300 um", ParameterStatus.MEETS, "500"),
    ("2C902.b", "synthetic diamond 300 um for jewellery", ParameterStatus.DOES_NOT_MEET, "jewellery"),
    ("2C902.b", "synthetic diamond 600 um", ParameterStatus.DOES_NOT_MEET, "500"),
    ("2C902.c", "diamond wire saw grit 6 um", ParameterStatus.UNKNOWN, "not captured"),
    ("2C902.c", "diamond wire saw grit 20 um", ParameterStatus.DOES_NOT_MEET, "8"),
    ("2C901", "flat diamond window 4 inch transmittance 70%", ParameterStatus.MEETS, "transmittance"),
    ("2C901", "flat diamond window 2 inch transmittance 70%", ParameterStatus.DOES_NOT_MEET, "diameter"),
    ("2C901", "diamond window", ParameterStatus.UNKNOWN, "Which is it"),
    ("2B901", "cubic press bore 450 mm design pressure 6 GPa", ParameterStatus.MEETS, "pressure"),
    ("2B901", "cubic press bore 450 mm design pressure 4 GPa", ParameterStatus.DOES_NOT_MEET, "bore"),
    ("2B901", "MPCVD 8 kW 2450 MHz", ParameterStatus.DOES_NOT_MEET, "power"),
    ("1C117.c", "tungsten block 150×130×60 mm W 98%", ParameterStatus.MEETS, "block"),
    ("1C117.c", "tungsten powder", ParameterStatus.DOES_NOT_MEET, "excludes"),
    ("1C117.c", "W-Cu 85/15 W 85% cylinder diameter 150 mm length 60 mm", ParameterStatus.MEETS, "copper"),
    ("3A001", "li-ion cell 250 Wh/kg", ParameterStatus.DOES_NOT_MEET, "300"),
    ("3C901.a.1", "LFP compaction density 2.6 g/cm3 capacity 150 mAh/g", ParameterStatus.DOES_NOT_MEET, "156"),
    ("1C905", "dysprosium oxide", ParameterStatus.UNKNOWN, "not captured"),
    ("3C001", "gallium metal 4N", ParameterStatus.NO_THRESHOLD, "no threshold"),
]


@pytest.mark.parametrize(("code", "text", "status", "words"), THRESHOLD_CASES, ids=[f"{c[0]}:{c[1]}" for c in THRESHOLD_CASES])
def test_thresholds(code, text, status, words):
    result = _check(code, text)
    assert result.status == status, result.reason
    said = " ".join((result.reason, result.item, *result.questions, *(r.threshold for r in result.results)))
    assert words.lower() in said.lower(), said


def test_threshold_file_names_only_regime_codes():
    codes = {r.entry.code for r in load_regime().entries}
    assert set(default_thresholds()) <= codes


def test_every_printed_threshold_is_encoded():
    """An entry whose parameters text prints a comparison (≥, >, ≤, <, a range) is in thresholds.yaml."""
    encoded = default_thresholds()
    comparison = re.compile(r"[≥≤<>]|\d\s*[~～]\s*\d")
    for resolved in load_regime().entries:
        entry = resolved.entry
        if comparison.search(entry.parameters):
            assert entry.code in encoded, f"{entry.code}: {entry.parameters[:80]}"
            assert encoded[entry.code].source, entry.code


def test_every_threshold_quotes_its_text():
    for code, entry in default_thresholds().items():
        for item in entry.items:
            stack = [item.condition] if item.condition else []
            while stack:
                node = stack.pop()
                if hasattr(node, "parts"):
                    stack.extend(node.parts)
                else:
                    assert node.quote, f"{code} {item.label} {node.quantity}"


@pytest.mark.parametrize(
    "bad",
    [
        {"1C999": {"items": [{"label": "x", "all": [{"quantity": "wobble", "min": 1}]}]}},
        {"1C999": {"colour": "red"}},
        {"1C999": {"items": [{"label": "x", "all": [{"min": 1}]}]}},
    ],
)
def test_malformed_threshold_data_fails_loudly(bad):
    with pytest.raises(RegimeDataError):
        parse_thresholds(bad)


def test_bundled_threshold_file_parses():
    assert parse_thresholds(yaml.safe_load(THRESHOLDS_FILE.read_text(encoding="utf-8")))
