"""Scenario model: the published cases reproduced within rounding, the formula edge cases, bad input.

Behaviour table (impact.md §6): scenario → expected figure → source.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from dualuse.errors import InputError
from dualuse.impact.api import run_scenario
from dualuse.impact.scenario import (
    Reproduction, annual_loss, bundled_scenarios, gdp_share, load_scenario, parse_scenario, run, supply_loss,
)

SCENARIOS = Path(__file__).parents[2] / "src" / "dualuse" / "impact" / "scenarios"
NRI = "https://www.nri.com/jp/media/column/kiuchi/20260107.html"
PEOPLE = "http://j.people.com.cn/n3/2025/1210/c94476-20400659.html"

# scenario file, quantity, expected (as published), absolute tolerance, source of the published figure
PUBLISHED = [
    ("nri-kiuchi-dual-use-exposure-2024", "exposure", 10.7, 0.05, NRI),
    ("nri-kiuchi-dual-use-exposure-2024", "share", 0.423, 0.0005, "https://moto-no.jp/?p=1661"),
    ("nri-kiuchi-dual-use-exposure-2024", "share", 0.42, 0.005, NRI),
    ("nri-kiuchi-rare-earth-3m", "loss", 0.66, 0.005, PEOPLE),
    ("nri-kiuchi-rare-earth-3m", "gdp_share", 0.0011, 0.00005, PEOPLE),
    ("nri-kiuchi-rare-earth-1y", "loss", 2.6, 0.05, "https://wp.globalpulseonline.com/china-considering-tightening-exports-of-certain-rare-earths-to-japan"),
    ("nri-kiuchi-rare-earth-1y", "gdp_share", 0.0043, 0.00005, "https://you1news.com"),
    ("president-online-autos-1y", "loss", 6.6, 0.05, "https://megalodon.jp/ref/2026-0120-0739-48/https://news.yahoo.co.jp:443/articles/e5d6b815579cc841d54286562a4c9fdd3fd54985?page=2"),
    ("goldman-rare-earth-disruption-2025", "value", 0.150, 0.0005, "https://www.financetom.com/business/goldman-sachs-flags-risk-of-disruption-in-supply-of-rare-earths-key-minerals-455605.htm"),
    ("daiwa-rare-earth-1y", "value", 7.0, 0.5, "https://www.dir.co.jp/report/research/economics/japan/20251205_025454.html"),
    ("daiwa-rare-metals-1y", "value", 18.0, 0.5, "https://www.dir.co.jp/report/research/economics/japan/20251205_025454.html"),
    ("nri-kiuchi-rare-earth-structural-illustration", "annual_loss", 2.6, 0.05, "https://wp.globalpulseonline.com/china-considering-tightening-exports-of-certain-rare-earths-to-japan"),
]


def _run(name: str):
    return run(load_scenario(SCENARIOS / f"{name}.yaml"))


@pytest.mark.parametrize("name, quantity, expected, tolerance, source", PUBLISHED)
def test_published_figures_are_reproduced(name, quantity, expected, tolerance, source):
    assert abs(_run(name).value(quantity) - expected) <= tolerance, source


def test_published_percentages_round_as_printed():
    assert round(_run("nri-kiuchi-rare-earth-3m").value("gdp_share") * 100, 2) == 0.11
    assert round(_run("nri-kiuchi-rare-earth-1y").value("gdp_share") * 100, 2) == 0.43
    assert round(_run("nri-kiuchi-rare-earth-1y").value("loss"), 1) == 2.6
    assert round(_run("nri-kiuchi-dual-use-exposure-2024").value("share") * 100, 1) == 42.3
    assert _run("president-online-autos-1y").value("gdp_share") > 0.01  # the article's ">1% of GDP"


def test_every_bundled_scenario_reproduces_its_own_checks():
    paths = bundled_scenarios()
    assert len(paths) >= 8
    for path in paths:
        result = run(load_scenario(path))
        assert result.checks, path
        assert result.reproduced, (path, result.checks)


def test_every_input_of_every_bundled_scenario_has_a_source_and_date():
    for path in bundled_scenarios():
        scenario = load_scenario(path)
        for item in [*scenario.inputs.values(), *scenario.components]:
            assert item.source and item.date, (path, item.name)
        assert all(p.source for p in scenario.published), path


def test_reproduction_kind_is_stated():
    kinds = {load_scenario(p).id: load_scenario(p).reproduction for p in bundled_scenarios()}
    assert kinds["nri-kiuchi-dual-use-exposure-2024"] is Reproduction.EXACT
    assert kinds["daiwa-rare-earth-1y"] is Reproduction.CONSISTENCY
    assert kinds["nri-kiuchi-rare-earth-structural-illustration"] is Reproduction.ILLUSTRATION


def test_the_2025_gdp_denominator_does_not_reproduce_the_published_percentage():
    text = (SCENARIOS / "nri-kiuchi-rare-earth-1y.yaml").read_text(encoding="utf-8").replace("value: 609", "value: 662.7885")
    result = run(parse_scenario(text))
    assert round(result.value("gdp_share") * 100, 2) == 0.40
    assert not result.reproduced


# ---------------------------------------------------------------- formulas

@pytest.mark.parametrize("annual, months, stockpile, expected", [
    (2.64, 3, 0, 0.66),
    (2.64, 12, 0, 2.64),
    (12.0, 12, 2, 10.0),  # a 60-day stockpile delays the shock: 10 of 12 months lost
    (12.0, 3, 3, 0.0),  # stockpile equal to the duration: no loss
    (12.0, 3, 6, 0.0),  # stockpile longer than the duration: no loss, never negative
    (12.0, 0, 0, 0.0),
])
def test_supply_loss(annual, months, stockpile, expected):
    assert math.isclose(supply_loss(annual, months, stockpile), expected, abs_tol=1e-12)


def test_annual_loss_and_gdp_share():
    assert math.isclose(annual_loss(11, 1, 0.6, 0), 6.6)
    assert math.isclose(annual_loss(11, 0.4, 0.6, 0.5), 1.32)
    assert math.isclose(gdp_share(0.66, 609), 0.0010837, rel_tol=1e-4)


def _scenario(**overrides: str) -> str:
    inputs = {
        "annual_loss": "{value: 2.64, unit: JPY_trillion, date: '2025-12-10', source: src}",
        "duration_months": "{value: 12, unit: months, date: '2025-12-10', source: src}",
        "stockpile_months": "{value: 0, unit: months, date: '2025-12-10', source: src}",
        "gdp": "{value: 609, unit: JPY_trillion, date: '2024', source: src, vintage: first estimate}",
    }
    inputs.update(overrides)
    body = "".join(f"  {k}: {v}\n" for k, v in inputs.items() if v)
    return f"id: t\ntitle: test\nmodel: supply_loss\nreproduction: exact\ninputs:\n{body}"


def test_ranges_give_low_and_high():
    text = _scenario(stockpile_months="{low: 0, high: 2, unit: months, date: '2026', source: src}",
                     annual_loss="{low: 2.0, high: 3.0, unit: JPY_trillion, date: '2026', source: src}")
    result = run(parse_scenario(text))
    loss = result.step("loss")
    assert math.isclose(loss.low, 2.0 * 10 / 12) and math.isclose(loss.high, 3.0)
    assert math.isclose(loss.value, 2.5 * 11 / 12)  # central: midpoints
    share = result.step("gdp_share")
    assert math.isclose(share.low, 2.0 * 10 / 12 / 609) and math.isclose(share.high, 3.0 / 609)


def test_stockpile_at_least_duration_gives_zero_in_a_scenario():
    text = _scenario(stockpile_months="{value: 12, unit: months, date: '2026', source: src}")
    assert run(parse_scenario(text)).value("loss") == 0.0


def test_units_are_converted_through_the_rate_table():
    text = _scenario(annual_loss="{value: 10, unit: USD_billion, date: '2025', source: src}")
    result = run(parse_scenario(text))
    assert math.isclose(result.value("annual_loss"), 10e9 * 151.4 / 1e12)
    assert result.conversions and "151.4" in result.conversions[0]


def test_every_formula_and_input_is_in_the_output():
    out = run_scenario((SCENARIOS / "nri-kiuchi-rare-earth-3m.yaml").read_text(encoding="utf-8"))
    assert [s["formula"] for s in out["steps"]] == ["L_1y (stated)", "L(T) = L_1y × max(0, T − B) / 12", "g = L(T) / GDP"]
    assert "L(3) = 2.64 × max(0, 3 − 0) / 12 = 0.66" in out["text"]
    assert {i["name"] for i in out["inputs"]} == {"annual_loss", "duration_months", "stockpile_months", "gdp"}
    assert all(i["source"] for i in out["inputs"])
    assert out["reproduced"] is True


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("overrides, field, line, words", [
    ({"duration_months": "{value: -3, unit: months, date: '2026', source: src}"}, "inputs.duration_months.value", 7, "negative"),
    ({"gdp": "{value: 609, unit: JPY_trillion, date: '2024', vintage: v}"}, "inputs.gdp.source", 9, "missing"),
    ({"gdp": "{value: 609, unit: JPY_trillion, date: '2024', source: s}"}, "inputs.gdp.vintage", 9, "vintage"),
    ({"gdp": ""}, "inputs.gdp", 5, "missing"),
    ({"annual_loss": "{value: 2, unit: yen, date: '2026', source: s}"}, "inputs.annual_loss.unit", 6, "unknown unit"),
    ({"stockpile_months": "{low: 3, high: 1, unit: months, date: '2026', source: s}"}, "inputs.stockpile_months.low", 8, "above"),
])
def test_bad_scenarios_name_line_and_field(overrides, field, line, words):
    with pytest.raises(InputError) as info:
        parse_scenario(_scenario(**overrides), source="s.yaml")
    assert info.value.field == field
    assert info.value.file == "s.yaml" and info.value.line == line
    assert words in info.value.message


def test_unknown_currency_is_a_clear_error():
    text = _scenario(annual_loss="{value: 10, unit: CNY_billion, date: '2025', source: src}")
    with pytest.raises(InputError, match="unknown currency 'CNY'") as info:
        run(parse_scenario(text, source="s.yaml"))
    assert info.value.field == "inputs.annual_loss.unit" and info.value.line == 6


def test_malformed_yaml_names_the_line():
    with pytest.raises(InputError, match="malformed YAML") as info:
        parse_scenario("id: x\ninputs: [1,\n  : :\n", source="bad.yaml")
    assert info.value.file == "bad.yaml" and info.value.line is not None


def test_unknown_model_lists_the_known_ones():
    with pytest.raises(InputError, match="exposure, supply_loss, share_of_base"):
        parse_scenario(_scenario().replace("model: supply_loss", "model: dsge"))
