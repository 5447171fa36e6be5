"""Scenario estimates from stated, sourced inputs: exposure sums, supply-restriction losses, shares of a base.

A scenario file (YAML) names one model and states every input with its value (or a low/high
range), unit, date and source. The result shows each formula with the numbers put in, and
checks the figures the scenario claims to reproduce against what the source published.

Models (docs/IMPACT.md §2):

| model | formulas |
|---|---|
| exposure | E = Σ components; S = E / total |
| supply_loss | L_1y = VA × d × s × (1 − m)  (or L_1y given); L(T) = L_1y × max(0, T − B) / 12; g = L(T) / GDP |
| share_of_base | V = share × base |

Ranges: an input given as `low`/`high` is evaluated at every corner of the ranges and the
result reports the smallest and largest value of each output (all formulas are monotone in
each input, so the corners bound the result).
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Callable

import yaml

from dualuse import limits, yamlfile
from dualuse.errors import InputError, read_text_file
from dualuse.impact.currency import RateTable, load_rates

SCENARIO_DIR = Path(__file__).parent / "scenarios"


class Model(StrEnum):
    EXPOSURE = "exposure"
    SUPPLY_LOSS = "supply_loss"
    SHARE_OF_BASE = "share_of_base"


class Reproduction(StrEnum):
    """How far a scenario reproduces its source (impact.md §3)."""

    EXACT = "exact"  # every input is public; the published figure is recomputed
    CONSISTENCY = "consistency"  # only a conversion or cross-check of the published figure
    ILLUSTRATION = "illustration"  # a calibration that reaches the published figure; not the author's method


_SCALES = {"unit": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MONEY_UNIT = re.compile(r"^([A-Z]{3})_(unit|thousand|million|billion|trillion)$")
_PLAIN_UNITS = {"share", "months"}

# Which inputs each model needs, and the unit kind of each: "money", "share" or "months".
_SUPPLY_STRUCTURAL = {"affected_value_added": "money", "dependence_share": "share",
                      "china_supply_share": "share", "substitution_share": "share"}
_REQUIRED: dict[Model, dict[str, str]] = {
    Model.EXPOSURE: {"total": "money"},
    Model.SUPPLY_LOSS: {"duration_months": "months", "stockpile_months": "months", "gdp": "money"},
    Model.SHARE_OF_BASE: {"share": "share", "base": "money"},
}


@dataclass(frozen=True)
class Input:
    """One stated input: a value or a low/high range, with its unit, date and source."""

    name: str
    value: float  # central value (the stated value, or the midpoint of the range)
    low: float
    high: float
    unit: str
    date: str
    source: str
    note: str = ""
    vintage: str = ""
    line: int | None = None

    @property
    def is_range(self) -> bool:
        return self.low != self.high

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "value": self.value, "unit": self.unit, "date": self.date,
                               "source": self.source}
        if self.is_range:
            out["low"], out["high"] = self.low, self.high
        if self.vintage:
            out["vintage"] = self.vintage
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Published:
    """A figure the source published, which the scenario should reproduce within `tolerance`."""

    quantity: str
    value: float
    unit: str
    tolerance: float
    source: str
    note: str = ""


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    model: Model
    reproduction: Reproduction
    reproduction_note: str
    inputs: dict[str, Input]
    components: tuple[Input, ...] = ()
    published: tuple[Published, ...] = ()
    file: str = "<text>"


@dataclass
class Step:
    """One formula: its symbolic form, the same with numbers, and the result (with range)."""

    quantity: str
    formula: str
    substituted: str
    value: float
    unit: str
    low: float
    high: float

    def to_dict(self) -> dict[str, Any]:
        out = {"quantity": self.quantity, "formula": self.formula, "substituted": self.substituted,
               "value": self.value, "unit": self.unit}
        if self.low != self.high:
            out["low"], out["high"] = self.low, self.high
        return out


@dataclass
class Result:
    scenario: Scenario
    steps: list[Step]
    checks: list[dict[str, Any]]
    conversions: list[str] = field(default_factory=list)

    def value(self, quantity: str) -> float:
        return self.step(quantity).value

    def step(self, quantity: str) -> Step:
        for step in self.steps:
            if step.quantity == quantity:
                return step
        raise KeyError(quantity)

    @property
    def reproduced(self) -> bool:
        return all(c["reproduced"] for c in self.checks)

    def to_dict(self) -> dict[str, Any]:
        s = self.scenario
        return {
            "id": s.id, "title": s.title, "model": s.model.value, "file": s.file,
            "reproduction": s.reproduction.value, "reproduction_note": s.reproduction_note,
            "inputs": [i.to_dict() for i in s.inputs.values()] + [c.to_dict() for c in s.components],
            "steps": [step.to_dict() for step in self.steps],
            "checks": self.checks,
            "conversions": self.conversions,
            "reproduced": self.reproduced,
        }


# ---------------------------------------------------------------- the formulas (pure functions)

def supply_loss(annual_loss: float, duration_months: float, stockpile_months: float) -> float:
    """L(T) = L_1y × max(0, T − B) / 12."""
    return annual_loss * max(0.0, duration_months - stockpile_months) / 12.0


def annual_loss(value_added: float, dependence: float, china_share: float, substitution: float) -> float:
    """L_1y = VA × d × s × (1 − m)."""
    return value_added * dependence * china_share * (1.0 - substitution)


def gdp_share(loss: float, gdp: float) -> float:
    """g = L / GDP."""
    return loss / gdp


# ---------------------------------------------------------------- reading a scenario file

def load_scenario(path: Path | str) -> Scenario:
    path = Path(path)
    return parse_scenario(read_text_file(path), source=str(path))


def bundled_scenarios() -> list[Path]:
    return sorted(SCENARIO_DIR.glob("*.yaml"))


def parse_scenario(text: str, *, source: str = "<text>") -> Scenario:
    """Validate a scenario; every error names the file, the line and the field."""
    try:
        node = yaml.compose(text)
        data = yamlfile.safe_load(text)
        limits.nesting_depth(data)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"malformed YAML: {getattr(exc, 'problem', None) or exc}", file=source,
                         line=mark.line + 1 if mark else None) from None
    except (limits.TooDeep, RecursionError):  # the YAML parser recurses: `[[[[…` ends in RecursionError
        raise InputError(f"malformed YAML: nested more than {limits.MAX_NESTING} levels deep", file=source) from None
    if not isinstance(data, dict):
        raise InputError("a scenario must be a YAML mapping", file=source, line=1)
    lines = _Lines(node, source)

    for key in ("id", "title", "model", "reproduction", "inputs"):
        if data.get(key) in (None, ""):
            raise lines.error("required field is missing", key)
    model = _enum(Model, data["model"], lines, "model")
    reproduction = _enum(Reproduction, data["reproduction"], lines, "reproduction")
    raw_inputs = data["inputs"]
    if not isinstance(raw_inputs, dict):
        raise lines.error("`inputs` must be a mapping of name → {value, unit, date, source}", "inputs")

    inputs: dict[str, Input] = {}
    components: list[Input] = []
    for name, raw in raw_inputs.items():
        if name == "components":
            if model is not Model.EXPOSURE or not isinstance(raw, list) or not raw:
                raise lines.error("`components` is a non-empty list, used by the exposure model", "inputs.components")
            for i, comp in enumerate(raw):
                where = f"inputs.components[{i}]"
                label = comp.get("name") if isinstance(comp, dict) else None
                if not label:
                    raise lines.error("required field is missing", f"{where}.name")
                components.append(_input(str(label), comp, lines, where))
            continue
        inputs[str(name)] = _input(str(name), raw, lines, f"inputs.{name}")

    required = dict(_REQUIRED[model])
    if model is Model.SUPPLY_LOSS and "annual_loss" not in inputs:
        required.update(_SUPPLY_STRUCTURAL)
    if model is Model.SUPPLY_LOSS and "annual_loss" in inputs:
        required["annual_loss"] = "money"
    if model is Model.EXPOSURE and not components:
        raise lines.error("required field is missing", "inputs.components")
    for name, kind in required.items():
        if name not in inputs:
            raise lines.error(f"required input is missing (the {model.value} model needs it)", f"inputs.{name}")
        _check_kind(inputs[name], kind, lines)
    for comp in components:
        _check_kind(comp, "money", lines, field=f"inputs.components[{components.index(comp)}]")
    if model is Model.SUPPLY_LOSS and not inputs["gdp"].vintage:
        raise lines.error("the GDP figure needs its vintage (which release, which year)", "inputs.gdp.vintage")

    published = []
    for i, row in enumerate(data.get("published") or []):
        where = f"published[{i}]"
        if not isinstance(row, dict):
            raise lines.error("each published figure is a mapping", where)
        for key in ("quantity", "value", "unit", "tolerance", "source"):
            if row.get(key) in (None, ""):
                raise lines.error("required field is missing", f"{where}.{key}")
        published.append(Published(str(row["quantity"]), _number(row["value"], lines, f"{where}.value"),
                                   str(row["unit"]), _number(row["tolerance"], lines, f"{where}.tolerance"),
                                   str(row["source"]).strip(), str(row.get("note", "")).strip()))
    return Scenario(str(data["id"]), str(data["title"]), model, reproduction,
                    str(data.get("reproduction_note", "")).strip(), inputs, tuple(components), tuple(published), source)


class _Lines:
    """Line numbers of fields in the YAML text, for errors."""

    def __init__(self, node: Any, source: str):
        self.node = node
        self.source = source

    def line(self, path: str) -> int | None:
        """The line of the deepest part of `path` that exists (a missing field: its parent's line)."""
        node, best = self.node, (self.node.start_mark.line + 1 if self.node is not None else None)
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
            if part.startswith("[") and isinstance(node, yaml.SequenceNode) and int(part[1:-1]) < len(node.value):
                node = node.value[int(part[1:-1])]
                best = node.start_mark.line + 1
            elif isinstance(node, yaml.MappingNode):
                match = next(((k, v) for k, v in node.value if k.value == part), None)
                if match is None:
                    break
                best, node = match[0].start_mark.line + 1, match[1]
            else:
                break
        return best

    def error(self, message: str, path: str) -> InputError:
        return InputError(message, file=self.source, line=self.line(path), field=path)


def _enum(kind: type[StrEnum], value: Any, lines: _Lines, path: str):
    try:
        return kind(str(value))
    except ValueError:
        known = ", ".join(k.value for k in kind)
        raise lines.error(f"{value!r} is not one of {known}", path) from None


def _number(value: Any, lines: _Lines, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not _finite(value):
        raise lines.error(f"not a number: {value!r}", path)
    return float(value)


def _finite(value: int | float) -> bool:
    """Whether a float holds it: an integer past a float's range (10**400) is no number either,
    a scenario error rather than an OverflowError."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _input(name: str, raw: Any, lines: _Lines, where: str) -> Input:
    if not isinstance(raw, dict):
        raise lines.error("an input is a mapping with value (or low/high), unit, date and source", where)
    for key in ("unit", "date", "source"):
        if raw.get(key) in (None, ""):
            raise lines.error("required field is missing", f"{where}.{key}")
    has_range = "low" in raw or "high" in raw
    if has_range:
        if "low" not in raw or "high" not in raw:
            raise lines.error("a range needs both low and high", f"{where}.{'high' if 'low' in raw else 'low'}")
        low, high = _number(raw["low"], lines, f"{where}.low"), _number(raw["high"], lines, f"{where}.high")
        if low > high:
            raise lines.error(f"low {low} is above high {high}", f"{where}.low")
        value = _number(raw["value"], lines, f"{where}.value") if "value" in raw else (low + high) / 2
        if not low <= value <= high:
            raise lines.error(f"value {value} is outside its range [{low}, {high}]", f"{where}.value")
    elif "value" in raw:
        value = low = high = _number(raw["value"], lines, f"{where}.value")
    else:
        raise lines.error("required field is missing", f"{where}.value")
    unit = str(raw["unit"])
    if unit not in _PLAIN_UNITS and not _MONEY_UNIT.match(unit):
        raise lines.error(f"unknown unit {unit!r}: use share, months or a currency and scale such as "
                          "JPY_trillion or USD_billion", f"{where}.unit")
    return Input(name, value, low, high, unit, str(raw["date"]), str(raw["source"]).strip(),
                 str(raw.get("note", "")).strip(), str(raw.get("vintage", "")).strip(), lines.line(where))


def _check_kind(item: Input, kind: str, lines: _Lines, field: str | None = None) -> None:
    where = field or f"inputs.{item.name}"
    if kind == "money" and not _MONEY_UNIT.match(item.unit):
        raise lines.error(f"unit {item.unit!r} is not a currency amount such as JPY_trillion", f"{where}.unit")
    if kind in ("share", "months") and item.unit != kind:
        raise lines.error(f"unit must be {kind!r}, not {item.unit!r}", f"{where}.unit")
    if item.low < 0:
        raise lines.error(f"{item.name} cannot be negative ({item.low})", f"{where}.value")
    if kind == "share" and item.high > 1:
        raise lines.error(f"a share is between 0 and 1, not {item.high}", f"{where}.value")
    if item.name in ("gdp", "total") and item.low <= 0:
        raise lines.error(f"{item.name} must be positive", f"{where}.value")


# ---------------------------------------------------------------- running a scenario

def run(scenario: Scenario, rates: RateTable | None = None) -> Result:
    """Evaluate the scenario's model at its central values and at every corner of its ranges."""
    rates = rates or load_rates()
    result_unit = _result_unit(scenario)
    conversions: list[str] = []
    factors: dict[str, float] = {}
    for item in [*scenario.inputs.values(), *scenario.components]:
        if _MONEY_UNIT.match(item.unit):
            factors[item.name] = _factor(item, result_unit, rates, conversions, scenario.file)
    evaluate = _EVALUATORS[scenario.model]
    ranged = [i for i in [*scenario.inputs.values(), *scenario.components] if i.is_range]

    def values(choice: dict[str, float]) -> dict[str, float]:
        out = {i.name: choice.get(i.name, i.value) * factors.get(i.name, 1.0) for i in scenario.inputs.values()}
        out.update({f"component:{c.name}": choice.get(c.name, c.value) * factors.get(c.name, 1.0)
                    for c in scenario.components})
        return out

    central = evaluate(scenario, values({}), result_unit)
    corners = [evaluate(scenario, values(dict(zip([i.name for i in ranged], combo))), result_unit)
               for combo in itertools.product(*[(i.low, i.high) for i in ranged])]
    steps = []
    for index, step in enumerate(central):
        outcomes = [corner[index].value for corner in corners] or [step.value]
        step.low, step.high = min(outcomes), max(outcomes)
        steps.append(step)
    checks = [_check(p, steps, scenario.file) for p in scenario.published]
    return Result(scenario, steps, checks, conversions)


def run_text(text: str, *, source: str = "<text>", rates: RateTable | None = None) -> Result:
    return run(parse_scenario(text, source=source), rates)


def _result_unit(scenario: Scenario) -> str:
    order = {Model.EXPOSURE: "total", Model.SUPPLY_LOSS: "gdp", Model.SHARE_OF_BASE: "base"}
    return scenario.inputs[order[scenario.model]].unit


def _factor(item: Input, target: str, rates: RateTable, conversions: list[str], file: str) -> float:
    source_unit, target_unit = _MONEY_UNIT.match(item.unit), _MONEY_UNIT.match(target)
    assert source_unit and target_unit  # both checked by parse_scenario
    (cur, scale), (tcur, tscale) = source_unit.groups(), target_unit.groups()
    factor = _SCALES[scale] / _SCALES[tscale]
    if cur != tcur:
        to_base = rates.convert(1.0, cur, file=file, line=item.line, field=f"inputs.{item.name}.unit")
        from_base = rates.convert(1.0, tcur, file=file, line=item.line, field=f"inputs.{item.name}.unit")
        factor *= to_base / from_base
        conversions.append(f"{item.name}: 1 {cur} = {to_base / from_base:g} {tcur} ({rates.file})")
    return factor


def _fmt(x: float) -> str:
    return f"{x:.6g}"


def _exposure(scenario: Scenario, v: dict[str, float], unit: str) -> list[Step]:
    names = [c.name for c in scenario.components]
    parts = [v[f"component:{n}"] for n in names]
    e = sum(parts)
    s = e / v["total"]
    return [
        Step("exposure", "E = " + " + ".join(names), "E = " + " + ".join(_fmt(p) for p in parts) + f" = {_fmt(e)}",
             e, unit, e, e),
        Step("share", "S = E / total", f"S = {_fmt(e)} / {_fmt(v['total'])} = {s:.4%}", s, "share", s, s),
    ]


def _supply(scenario: Scenario, v: dict[str, float], unit: str) -> list[Step]:
    steps = []
    if "annual_loss" in scenario.inputs:
        l1 = v["annual_loss"]
        steps.append(Step("annual_loss", "L_1y (stated)", f"L_1y = {_fmt(l1)}", l1, unit, l1, l1))
    else:
        va, d, s, m = (v[k] for k in _SUPPLY_STRUCTURAL)
        l1 = annual_loss(va, d, s, m)
        steps.append(Step("annual_loss", "L_1y = VA × d × s × (1 − m)",
                          f"L_1y = {_fmt(va)} × {_fmt(d)} × {_fmt(s)} × (1 − {_fmt(m)}) = {_fmt(l1)}", l1, unit, l1, l1))
    t, b = v["duration_months"], v["stockpile_months"]
    loss = supply_loss(l1, t, b)
    steps.append(Step("loss", "L(T) = L_1y × max(0, T − B) / 12",
                      f"L({_fmt(t)}) = {_fmt(l1)} × max(0, {_fmt(t)} − {_fmt(b)}) / 12 = {_fmt(loss)}", loss, unit,
                      loss, loss))
    g = gdp_share(loss, v["gdp"])
    steps.append(Step("gdp_share", "g = L(T) / GDP", f"g = {_fmt(loss)} / {_fmt(v['gdp'])} = {g:.4%}", g, "share", g, g))
    return steps


def _share_of_base(scenario: Scenario, v: dict[str, float], unit: str) -> list[Step]:
    value = v["share"] * v["base"]
    return [Step("value", "V = share × base", f"V = {_fmt(v['share'])} × {_fmt(v['base'])} = {_fmt(value)}",
                 value, unit, value, value)]


_EVALUATORS: dict[Model, Callable[[Scenario, dict[str, float], str], list[Step]]] = {
    Model.EXPOSURE: _exposure,
    Model.SUPPLY_LOSS: _supply,
    Model.SHARE_OF_BASE: _share_of_base,
}


def _check(published: Published, steps: list[Step], file: str) -> dict[str, Any]:
    step = next((s for s in steps if s.quantity == published.quantity), None)
    if step is None:
        known = ", ".join(s.quantity for s in steps)
        raise InputError(f"published quantity {published.quantity!r} is not computed by this model ({known})",
                         file=file, field="published.quantity")
    computed = step.value * _rescale(step.unit, published.unit, file)
    difference = computed - published.value
    return {"quantity": published.quantity, "published": published.value, "unit": published.unit,
            "computed": computed, "difference": difference, "tolerance": published.tolerance,
            "reproduced": abs(difference) <= published.tolerance + 1e-12, "source": published.source,
            "note": published.note}


def _rescale(unit: str, target: str, file: str) -> float:
    """Factor from a computed unit to the unit a figure was published in (same currency, other scale)."""
    if unit == target:
        return 1.0
    a, b = _MONEY_UNIT.match(unit), _MONEY_UNIT.match(target)
    if not (a and b and a.group(1) == b.group(1)):
        raise InputError(f"published unit {target!r} cannot be compared with the computed unit {unit!r}",
                         file=file, field="published.unit")
    return _SCALES[a.group(2)] / _SCALES[b.group(2)]


# ---------------------------------------------------------------- text output

def render_text(result: Result) -> str:
    s = result.scenario
    out = [f"{s.title}  [{s.id}]", f"model: {s.model.value}    reproduction: {s.reproduction.value}"]
    if s.reproduction_note:
        out.append(f"  {s.reproduction_note}")
    out.append("")
    out.append("inputs:")
    for item in [*s.inputs.values(), *s.components]:
        value = f"{_fmt(item.value)} [{_fmt(item.low)} – {_fmt(item.high)}]" if item.is_range else _fmt(item.value)
        vintage = f"; vintage {item.vintage}" if item.vintage else ""
        out.append(f"  {item.name} = {value} {item.unit}  (date {item.date}{vintage})")
        out.append(f"      source: {item.source}")
        if item.note:
            out.append(f"      note: {item.note}")
    for line in result.conversions:
        out.append(f"  conversion: {line}")
    out.append("")
    out.append("formulas:")
    for step in result.steps:
        shown = f"{step.value:.4%}" if step.unit == "share" else f"{_fmt(step.value)} {step.unit}"
        if step.low != step.high:
            lo, hi = ((f"{step.low:.4%}", f"{step.high:.4%}") if step.unit == "share"
                      else (_fmt(step.low), _fmt(step.high)))
            shown += f"  (range {lo} – {hi})"
        out.append(f"  {step.formula}")
        out.append(f"      {step.substituted}  →  {shown}")
    if result.checks:
        out.append("")
        out.append("against the published figures:")
        for c in result.checks:
            mark = "reproduced" if c["reproduced"] else "NOT reproduced"
            out.append(f"  {c['quantity']}: published {_fmt(c['published'])} {c['unit']}, computed {_fmt(c['computed'])}"
                       f" (difference {c['difference']:+.3g}, tolerance ±{_fmt(c['tolerance'])}): {mark}")
            out.append(f"      source: {c['source']}")
            if c["note"]:
                out.append(f"      note: {c['note']}")
    return "\n".join(out) + "\n"
