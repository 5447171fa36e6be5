"""Compare what a description says with an entry's decisive thresholds: meets / does not meet / unknown.

Thresholds are data (`data/thresholds.yaml`, derived from each entry's `parameters` text, with the
text quoted). Evaluation is three-valued (Kleene): a condition with no reading is unknown; `all`
fails as soon as one part fails, `any` holds as soon as one part holds. A reading that straddles
a threshold ("≤ 60 µm" against "≤ 50 µm") is unknown, not a guess.

An entry whose deciding text was not captured (`uncaptured`) can be shown NOT to be met by a
reading, but never to be met: the best it gets is unknown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from dualuse.classification.parameters.extract import UNIT_OF, Measurement
from dualuse.classification.parameters.interval import Interval
from dualuse.errors import RegimeDataError
from dualuse import yamlfile
from enum import StrEnum

THRESHOLDS_FILE = Path(__file__).parent.parent / "data" / "thresholds.yaml"
_ENTRY_KEYS = {"source", "items", "caveat", "excluded_when", "exclusion_quote", "uncaptured", "shared"}
_ITEM_KEYS = {"label", "when", "all", "any"}

# What to ask when a quantity decides and the description does not give it.
QUESTIONS = {
    "purity": "What is the purity?",
    "transmittance": "What is the visible-light transmittance?",
    "particle_size": "What is the (average) particle size?",
    "diameter": "What is the diameter?",
    "inner_diameter": "What is the inner diameter?",
    "wall_thickness": "What is the wall thickness?",
    "length": "What is the length?",
    "bore": "What is the cylinder bore?",
    "block_1": "What are the block's dimensions?",
    "block_2": "What are the block's dimensions?",
    "block_3": "What are the block's dimensions?",
    "pressure": "What is the (design or synthesis) pressure?",
    "flexural_strength": "What is the flexural strength?",
    "density": "What is the density?",
    "compaction_density": "What is the compaction density?",
    "energy_density": "What is the gravimetric energy density?",
    "specific_capacity": "What is the specific capacity?",
    "power": "What is the microwave power?",
    "frequency": "What is the microwave frequency?",
    "magnetic_induction": "What is the magnetic induction of the field?",
    "throughput": "What is the daily throughput?",
    "volume": "What is the volume?",
    "temperature": "What is the (reaction or heating) temperature?",
    "dislocation_density": "What is the dislocation density?",
    "anode_current_density": "What is the anode current density?",
    "cathode_current_density": "What is the cathode current density?",
    "cooling_time": "What is the cooling time?",
}


class ParameterStatus(StrEnum):
    MEETS = "meets"
    DOES_NOT_MEET = "does_not_meet"
    UNKNOWN = "unknown"
    NO_THRESHOLD = "no_threshold"


@dataclass(frozen=True)
class Leaf:
    quantity: str
    interval: Interval
    quote: str

    def text(self) -> str:
        unit = UNIT_OF.get(self.quantity, "%" if self.quantity.startswith("content:") else "")
        return f"{_label(self.quantity)} {self.interval.text(unit)}"


@dataclass(frozen=True)
class Group:
    mode: str  # "all" or "any"
    parts: tuple  # of Leaf | Group


@dataclass(frozen=True)
class Item:
    label: str
    when: tuple[str, ...]
    condition: Group | None


@dataclass(frozen=True)
class EntryThresholds:
    code: str
    source: str
    items: tuple[Item, ...] = ()
    caveat: str = ""
    excluded_when: tuple[str, ...] = ()
    exclusion_quote: str = ""
    uncaptured: str = ""


@dataclass(frozen=True)
class LeafResult:
    """One threshold against what the text says about its quantity."""

    quantity: str  # purity, content:W, particle_size, ...
    threshold: str  # "purity ≥ 99.99 %"
    quote: str  # the entry's own words
    status: ParameterStatus
    reading: str = ""  # "purity 99.9 % (from '99.9%')", or "" when the text says nothing

    def question(self) -> str:
        """What to ask when the text does not give this quantity."""
        if self.quantity.startswith("content:"):
            return f"What is the {self.quantity.split(':', 1)[1]} content by weight?"
        return QUESTIONS.get(self.quantity, f"What is the {_label(self.quantity)}?")

    def to_dict(self) -> dict:
        return {"quantity": self.quantity, "threshold": self.threshold, "quote": self.quote, "status": self.status.value, "reading": self.reading}


@dataclass(frozen=True)
class ParameterCheck:
    """The outcome of an entry's thresholds against a description.

    status: meets (listed), does_not_meet (not listed under this entry), unknown (the text does not
    say enough, or the entry's deciding text was not captured) or no_threshold (the entry prints none:
    every item it describes is listed). `item` names the sub-item evaluated; `results` are the
    thresholds one by one; `reason` says it in a sentence; `questions` would settle an unknown.
    """

    status: ParameterStatus
    reason: str
    item: str = ""
    results: tuple[LeafResult, ...] = ()
    questions: tuple[str, ...] = ()
    caveat: str = ""

    def to_dict(self) -> dict:
        return {
            "status": self.status.value,
            "reason": self.reason,
            "item": self.item,
            "results": [r.to_dict() for r in self.results],
            "questions": list(self.questions),
            "caveat": self.caveat,
        }


def _label(quantity: str) -> str:
    if quantity.startswith("content:"):
        return f"{quantity.split(':')[1]} content"
    if quantity.startswith("block_"):
        return f"block dimension {quantity[-1]}"
    return quantity.replace("_", " ")


# --- loading -----------------------------------------------------------------------------


def _node(raw: dict, where: str):
    if "quantity" in raw:
        interval = Interval(
            float(raw.get("min", -math.inf)),
            float(raw.get("max", math.inf)),
            bool(raw.get("min_open", False)),
            bool(raw.get("max_open", False)),
        )
        return Leaf(str(raw["quantity"]), interval, str(raw.get("quote", "")))
    modes = [m for m in ("all", "any") if m in raw]
    if len(modes) != 1:
        raise RegimeDataError("a condition needs exactly one of quantity, all, any", file=str(THRESHOLDS_FILE), field=where)
    return Group(modes[0], tuple(_node(part, where) for part in raw[modes[0]]))


def parse_thresholds(data: dict, known_quantities: frozenset[str] = frozenset(UNIT_OF)) -> dict[str, EntryThresholds]:
    """Validate and build the thresholds table (unknown keys and quantities are data errors)."""
    table: dict[str, EntryThresholds] = {}
    for code, raw in data.items():
        unknown = set(raw) - _ENTRY_KEYS
        if unknown:
            raise RegimeDataError(f"unknown keys {sorted(unknown)}", file=str(THRESHOLDS_FILE), field=code)
        items = []
        for index, item in enumerate(raw.get("items", ())):
            if set(item) - _ITEM_KEYS:
                raise RegimeDataError(f"unknown keys {sorted(set(item) - _ITEM_KEYS)}", file=str(THRESHOLDS_FILE), field=f"{code}.items.{index}")
            condition = None
            if "all" in item or "any" in item:
                condition = _node({k: item[k] for k in ("all", "any") if k in item}, f"{code}.items.{index}")
            items.append(Item(str(item.get("label", code)), tuple(item.get("when", ())), condition))
        entry = EntryThresholds(
            code=str(code),
            source=str(raw.get("source", "")),
            items=tuple(items),
            caveat=str(raw.get("caveat", "")),
            excluded_when=tuple(raw.get("excluded_when", ())),
            exclusion_quote=str(raw.get("exclusion_quote", "")),
            uncaptured=str(raw.get("uncaptured", "")),
        )
        for leaf in _leaves(entry):
            if leaf.quantity not in known_quantities and not leaf.quantity.startswith("content:"):
                raise RegimeDataError(f"unknown quantity {leaf.quantity!r}", file=str(THRESHOLDS_FILE), field=code)
        table[str(code)] = entry
    return table


def _leaves(entry: EntryThresholds):
    stack = [item.condition for item in entry.items if item.condition is not None]
    while stack:
        node = stack.pop()
        if isinstance(node, Leaf):
            yield node
        else:
            stack.extend(node.parts)


@lru_cache(maxsize=1)
def default_thresholds() -> dict[str, EntryThresholds]:
    with THRESHOLDS_FILE.open(encoding="utf-8") as handle:
        return parse_thresholds(yamlfile.safe_load(handle))


# --- evaluation --------------------------------------------------------------------------


def compare(reading: Interval, threshold: Interval) -> ParameterStatus:
    """A reading inside the threshold meets it, outside does not, across it is unknown."""
    if reading.within(threshold):
        return ParameterStatus.MEETS
    if reading.intersect(threshold).is_empty():
        return ParameterStatus.DOES_NOT_MEET
    return ParameterStatus.UNKNOWN


def _leaf(leaf: Leaf, readings: dict[str, list[Measurement]], out: list[LeafResult]) -> ParameterStatus:
    found = readings.get(leaf.quantity, [])
    if not found:
        out.append(LeafResult(leaf.quantity, leaf.text(), leaf.quote, ParameterStatus.UNKNOWN))
        return ParameterStatus.UNKNOWN
    statuses = [compare(m.interval, leaf.interval) for m in found]
    # Several readings of one quantity: they must agree, or the answer is unknown.
    status = statuses[0] if len(set(statuses)) == 1 else ParameterStatus.UNKNOWN
    out.append(LeafResult(leaf.quantity, leaf.text(), leaf.quote, status, "; ".join(m.describe() for m in found)))
    return status


def evaluate(node, readings: dict[str, list[Measurement]], out: list[LeafResult]) -> ParameterStatus:
    """Kleene three-valued evaluation of a condition tree; every leaf result is appended to `out`."""
    if isinstance(node, Leaf):
        return _leaf(node, readings, out)
    statuses = [evaluate(part, readings, out) for part in node.parts]
    decisive, other = (
        (ParameterStatus.DOES_NOT_MEET, ParameterStatus.MEETS) if node.mode == "all" else (ParameterStatus.MEETS, ParameterStatus.DOES_NOT_MEET)
    )
    if decisive in statuses:
        return decisive
    if all(s == other for s in statuses):
        return other
    return ParameterStatus.UNKNOWN


_SPECIFICITY = {"cmp": 3.0, "el": 2.0, "t": 1.5, "f": 1.0, "k": 1.0, "p": 0.5}


def select_items(entry: EntryThresholds, concepts: set[str]) -> tuple[Item, ...]:
    """The sub-items the description points at, else all of them.

    `when` lists alternatives; an item's fit is its most specific concept the description names
    (a compound over an element over a form), so "W-Cu" picks 1.b (cmp:WCu) over 1.a (el:W).
    """
    def fit(item: Item) -> float:
        return max((_SPECIFICITY.get(c.split(":", 1)[0], 1.0) for c in item.when if c in concepts), default=0.0)

    scored = [(fit(item), item) for item in entry.items]
    best = max((score for score, _ in scored), default=0.0)
    if best <= 0:
        return entry.items
    return tuple(item for score, item in scored if score == best)


def readings_for(measurements: list[Measurement], concepts: set[str]) -> dict[str, list[Measurement]]:
    """Readings by quantity. The purity of an element's metal or powder is also its content:
    "钼粉 纯度99.9%" gives content:Mo 99.9 % when no content is stated."""
    readings: dict[str, list[Measurement]] = {}
    for m in measurements:
        readings.setdefault(m.quantity, []).append(m)
    if "purity" in readings:
        for concept in concepts:
            if concept.startswith("el:") and f"content:{concept[3:]}" not in readings:
                readings[f"content:{concept[3:]}"] = readings["purity"]
    return readings


def check(code: str, entry: EntryThresholds | None, concepts: set[str], measurements: list[Measurement]) -> ParameterCheck:
    """The entry's thresholds against the description's concepts and readings."""
    if entry is None:
        return ParameterCheck(ParameterStatus.NO_THRESHOLD, f"{code} prints no threshold: every item it describes is listed.")
    excluded = sorted(set(entry.excluded_when) & concepts)
    if excluded:
        return ParameterCheck(
            ParameterStatus.DOES_NOT_MEET,
            f"not listed under {code}: the description says {', '.join(excluded)}, which the entry excludes ({entry.exclusion_quote}).",
            caveat=entry.caveat,
        )
    readings = readings_for(measurements, concepts)
    outcomes = []
    for item in select_items(entry, concepts):
        results: list[LeafResult] = []
        status = ParameterStatus.MEETS if item.condition is None else evaluate(item.condition, readings, results)
        outcomes.append((item, status, tuple(results)))
    return _summarise(code, entry, outcomes)


def _summarise(code: str, entry: EntryThresholds, outcomes) -> ParameterCheck:
    if not outcomes:  # an entry with only a caveat or only an uncaptured note
        if entry.uncaptured:
            return ParameterCheck(ParameterStatus.UNKNOWN, entry.uncaptured, questions=(f"Check the announcement text for {code}: {entry.uncaptured}",), caveat=entry.caveat)
        return ParameterCheck(ParameterStatus.NO_THRESHOLD, f"{code} prints no threshold: every item it describes is listed.", caveat=entry.caveat)
    statuses = {status for _, status, _ in outcomes}
    if statuses == {ParameterStatus.DOES_NOT_MEET}:
        item, _, results = outcomes[0]
        failed = [r for r in results if r.status == ParameterStatus.DOES_NOT_MEET]
        why = "; ".join(f"{r.reading.split(' (from')[0]} against {r.threshold}" for r in failed) or "below the thresholds"
        return ParameterCheck(
            ParameterStatus.DOES_NOT_MEET,
            f"not listed under {code} ({item.label}): {why}.",
            item=item.label, results=results, caveat=entry.caveat,
        )
    if statuses == {ParameterStatus.MEETS} and not entry.uncaptured:
        item, _, results = outcomes[0]
        met = [r.reading.split(" (from")[0] for r in results if r.status == ParameterStatus.MEETS]
        why = f"meets {', '.join(r.threshold for r in results if r.status == ParameterStatus.MEETS)}" if met else "no threshold for this sub-item"
        return ParameterCheck(ParameterStatus.MEETS, f"{code} ({item.label}): {why}.", item=item.label, results=results, caveat=entry.caveat)
    return _unknown(code, entry, outcomes)


def _unknown(code: str, entry: EntryThresholds, outcomes) -> ParameterCheck:
    questions: list[str] = []
    results: list[LeafResult] = []
    labels = [item.label for item, status, _ in outcomes if status != ParameterStatus.DOES_NOT_MEET]
    if len(labels) > 1:
        questions.append(f"Which is it under {code}: {'; '.join(labels)}?")
    for item, status, item_results in outcomes:
        if status == ParameterStatus.DOES_NOT_MEET:
            continue
        results.extend(item_results)
        for r in item_results:
            if r.status != ParameterStatus.UNKNOWN:
                continue
            question = f"{r.question()} {code} ({item.label}) covers {r.threshold}."
            if question not in questions:
                questions.append(question)
    if entry.uncaptured:
        questions.append(f"Check the announcement text for {code}: {entry.uncaptured}")
    reason = entry.uncaptured if entry.uncaptured and all(s != ParameterStatus.UNKNOWN for _, s, _ in outcomes) else (
        f"the description does not say enough to decide {code}" + (f" ({labels[0]})" if len(labels) == 1 else "")
    )
    return ParameterCheck(ParameterStatus.UNKNOWN, reason.rstrip(".") + ".", item=labels[0] if len(labels) == 1 else "", results=tuple(results), questions=tuple(questions), caveat=entry.caveat)
