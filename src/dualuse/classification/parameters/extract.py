"""Read the deciding parameters from a description: purity, composition, particle size, dimensions.

Each reading is a `Measurement`: a quantity name (purity, content:W, particle_size, diameter...),
an interval in the quantity's canonical unit, and the text it was read from. The rules, in order:

1. A number with a unit is found with its comparator, before ("≥", "大于等于", "at least") or after
   ("以上", "以下", "未満", "or more"); a range "10~50 m3" gives both ends. No comparator: a point.
2. The unit's family decides the canonical unit (µm, mm, %, GPa, g/cm3, Wh/kg, mAh/g, kW, MHz, T,
   m3, m3/day, °C, /cm2, A/cm2, min) and the conversion (0.5 mm → 500 µm, 3 inch → 76.2 mm).
3. The nearest keyword decides the quantity among those the unit can measure: "纯度 / purity" →
   purity, "粒径 / particle" → particle_size, "直径 / diameter / Φ" → diameter, and so on
   (`_KEYWORDS`). "W ≥ 97%", "钨含量97%", "97% W" → content:W. Without a keyword, µm is a particle
   size and a percentage of 99 or more is read as a purity (said so in the reading's note); any other
   bare number is left unread rather than guessed. A size in inches is a diameter (wafers, windows).
4. Purity grades: 5N = 99.999 %, 4N5 = 99.995 %, 6N = 99.9999 %.
5. A block "120×120×50 mm" gives block_1 ≥ block_2 ≥ block_3 (sorted), compared side by side.

Functions are pure: text in, readings out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dualuse.classification.parameters.interval import Interval

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PRE_OPS = {
    ">=": ">=", "≥": ">=", "≧": ">=", "大于等于": ">=", "大于或等于": ">=", "不小于": ">=", "不低于": ">=",
    "至少": ">=", "at least": ">=", "min.": ">=", "min": ">=", "minimum": ">=",
    "<=": "<=", "≤": "<=", "≦": "<=", "小于等于": "<=", "小于或等于": "<=", "不大于": "<=", "不高于": "<=",
    "最多": "<=", "at most": "<=", "max.": "<=", "max": "<=", "maximum": "<=", "up to": "<=",
    ">": ">", "大于": ">", "高于": ">", "超过": ">", "more than": ">", "over": ">", "above": ">",
    "<": "<", "小于": "<", "低于": "<", "less than": "<", "under": "<", "below": "<",
}
_POST_OPS = {
    "及以上": ">=", "以上": ">=", "or more": ">=", "or above": ">=", "and above": ">=", "min": ">=", "+": ">=",
    "及以下": "<=", "以下": "<=", "or less": "<=", "or below": "<=", "and below": "<=", "max": "<=",
    "未满": "<",
}
# unit as written (lower-cased) -> (family, factor to the family's canonical unit)
_UNITS = {
    "%": ("percent", 1.0), "wt%": ("percent", 1.0), "wt.%": ("percent", 1.0), "mass%": ("percent", 1.0),
    "μm": ("micron", 1.0), "um": ("micron", 1.0), "microns": ("micron", 1.0), "micron": ("micron", 1.0),
    "微米": ("micron", 1.0), "ミクロン": ("micron", 1.0), "nm": ("micron", 0.001),
    "mm": ("length", 1.0), "毫米": ("length", 1.0), "cm": ("length", 10.0), "厘米": ("length", 10.0),
    "m": ("length", 1000.0), "米": ("length", 1000.0),
    "inches": ("length", 25.4), "inch": ("length", 25.4), "in": ("length", 25.4), "英寸": ("length", 25.4),
    "インチ": ("length", 25.4), '"': ("length", 25.4),
    "gpa": ("pressure", 1.0), "千兆帕": ("pressure", 1.0), "mpa": ("mpa", 1.0), "兆帕": ("mpa", 1.0),
    "g/cm3": ("density", 1.0), "g/cc": ("density", 1.0), "克/立方厘米": ("density", 1.0), "g/ml": ("density", 1.0),
    "wh/kg": ("energy_density", 1.0), "mah/g": ("specific_capacity", 1.0),
    "kw": ("power", 1.0), "千瓦": ("power", 1.0), "mw": ("power", 1000.0),
    "mhz": ("frequency", 1.0), "兆赫": ("frequency", 1.0), "ghz": ("frequency", 1000.0),
    "t": ("magnetic_induction", 1.0), "特斯拉": ("magnetic_induction", 1.0), "mt": ("magnetic_induction", 0.001),
    "m3/d": ("throughput", 1.0), "m3/day": ("throughput", 1.0), "m3/天": ("throughput", 1.0),
    "m3/日": ("throughput", 1.0), "立方米/天": ("throughput", 1.0),
    "m3": ("volume", 1.0), "立方米": ("volume", 1.0),
    "°c": ("temperature", 1.0), "度": ("temperature", 1.0),
    "个/平方厘米": ("dislocation_density", 1.0), "/cm2": ("dislocation_density", 1.0), "cm-2": ("dislocation_density", 1.0),
    "a/cm2": ("current_density", 1.0),
    "min": ("time", 1.0), "分钟": ("time", 1.0),
}
# family -> (canonical unit, quantities it can measure, the default quantity or None)
_FAMILIES = {
    "percent": ("%", ("purity", "transmittance", "content"), None),
    "micron": ("µm", ("particle_size",), "particle_size"),
    "length": ("mm", ("particle_size", "diameter", "inner_diameter", "wall_thickness", "length", "bore"), None),
    "pressure": ("GPa", ("pressure",), "pressure"),
    "mpa": ("MPa", ("flexural_strength", "pressure"), "pressure"),
    "density": ("g/cm3", ("compaction_density", "density"), "density"),
    "energy_density": ("Wh/kg", ("energy_density",), "energy_density"),
    "specific_capacity": ("mAh/g", ("specific_capacity",), "specific_capacity"),
    "power": ("kW", ("power",), "power"),
    "frequency": ("MHz", ("frequency",), "frequency"),
    "magnetic_induction": ("T", ("magnetic_induction",), "magnetic_induction"),
    "throughput": ("m3/day", ("throughput",), "throughput"),
    "volume": ("m3", ("throughput", "volume"), "volume"),
    "temperature": ("°C", ("temperature",), "temperature"),
    "dislocation_density": ("/cm2", ("dislocation_density",), "dislocation_density"),
    "current_density": ("A/cm2", ("anode_current_density", "cathode_current_density"), None),
    "time": ("min", ("cooling_time",), "cooling_time"),
}
UNIT_OF = {
    "purity": "%", "transmittance": "%", "particle_size": "µm", "diameter": "mm", "inner_diameter": "mm",
    "wall_thickness": "mm", "length": "mm", "bore": "mm", "block_1": "mm", "block_2": "mm", "block_3": "mm",
    "pressure": "GPa", "flexural_strength": "MPa", "density": "g/cm3", "compaction_density": "g/cm3",
    "energy_density": "Wh/kg", "specific_capacity": "mAh/g", "power": "kW", "frequency": "MHz",
    "magnetic_induction": "T", "throughput": "m3/day", "volume": "m3", "temperature": "°C",
    "dislocation_density": "/cm2", "anode_current_density": "A/cm2", "cathode_current_density": "A/cm2",
    "cooling_time": "min",
}
# quantity -> keywords (normalised, lower-case); the keyword nearest the number decides.
_KEYWORDS = {
    "purity": ("纯度", "purity", "pure", "assay", "品位", "纯"),
    "transmittance": ("透过率", "透光率", "transmittance", "transmission"),
    "particle_size": ("粒径", "粒度", "粒子径", "particle", "grain size", "grit", "d50", "平均粒"),
    "diameter": ("直径", "diameter", "dia.", "dia ", "φ", "ø", "外径", "od "),
    "inner_diameter": ("内径", "inner diameter", "inside diameter", "id "),
    "wall_thickness": ("壁厚", "wall"),
    "length": ("长度", "长", "length", "long", "全长"),
    "bore": ("缸径", "bore"),
    "flexural_strength": ("抗折", "flexural", "bending", "曲げ", "弯曲"),
    "pressure": ("压力", "pressure", "圧力"),
    "compaction_density": ("压实密度", "compaction density", "compacted density", "press density", "プレス密度", "压实", "compaction"),
    "density": ("密度", "density"),
    "throughput": ("日处理", "per day", "daily", "/day"),
    "volume": ("容积", "体积", "volume", "容量"),
    "anode_current_density": ("阳极", "anode"),
    "cathode_current_density": ("阴极", "cathode"),
    "cooling_time": ("冷却", "cooling"),
}
_PURITY_GRADE = re.compile(r"(?<![A-Za-z0-9.])([2-9])N([1-9])?(?![A-Za-z0-9])")
_BLOCK = re.compile(rf"({_NUM})\s*(?:×|x|\*|X)\s*({_NUM})\s*(?:×|x|\*|X)\s*({_NUM})\s*(mm|cm|m|毫米|厘米)(?![a-z0-9])", re.I)
_CONTENT_BEFORE = re.compile(r"(?<![A-Za-z0-9])(?P<el>[A-Z][a-z]?)\s*(?:content|含量|:)?\s*$")
_CONTENT_KEYWORD = re.compile(r"(?P<el>[\u4e00-\u9fff]|[a-z]+|[A-Z][a-z]?)\s*(?:含量|含有量|content)\s*(?:of\s*)?$")
_CONTENT_AFTER = re.compile(r"^\s*(?P<el>[A-Z][a-z]?)(?![A-Za-z])")
_WINDOW = 20


@dataclass(frozen=True)
class Measurement:
    """One parameter read from the text."""

    quantity: str  # purity, content:W, particle_size, diameter, block_1, ...
    interval: Interval
    unit: str  # canonical unit of the quantity
    text: str  # the text it was read from
    note: str = ""  # how it was read when no keyword said so
    span: tuple[int, int] = field(default=(0, 0), compare=False)  # where in the normalised text

    def describe(self) -> str:
        return f"{self.quantity.replace('_', ' ')} {self.interval.text(self.unit)} (from {self.text!r})"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_QUANTITY = re.compile(
    rf"(?P<pre>(?:{_alternation(_PRE_OPS)})\s*)?"
    rf"(?P<num>{_NUM})(?:\s*(?:~|-|–|to|至|到)\s*(?P<num2>{_NUM}))?"
    rf"\s*(?P<unit>{_alternation(_UNITS)})(?:(?<![a-z])|(?![a-z0-9]))"
    rf"\s*(?P<post>{_alternation(_POST_OPS)})?",
    re.IGNORECASE,
)


def extract(normalised: str, element_names: dict[str, str] | None = None) -> list[Measurement]:
    """Every measurement in a normalised text, in text order (see module doc for the rules).

    `element_names` maps lower-cased element names and Chinese element characters to symbols, so
    "钨含量97%" and "97% tungsten" are read as content:W; symbols are always read.
    """
    names = element_names or {}
    readings: list[tuple[int, Measurement]] = []
    used: list[tuple[int, int]] = []
    for match in _BLOCK.finditer(normalised):
        factor = _UNITS[match.group(4).lower()][1]
        dims = sorted((float(match.group(i)) * factor for i in (1, 2, 3)), reverse=True)
        for i, value in enumerate(dims, 1):
            readings.append((match.start(), Measurement(f"block_{i}", Interval.point(value), "mm", match.group(0), span=match.span())))
        used.append(match.span())
    for match in _PURITY_GRADE.finditer(normalised):
        nines, extra = int(match.group(1)), match.group(2)
        value = float("99." + "9" * (nines - 2) + (extra or "")) if nines > 2 else 99.0
        readings.append((match.start(), Measurement("purity", Interval.point(value), "%", match.group(0), span=match.span())))
    for match in _QUANTITY.finditer(normalised):
        if any(s <= match.start() < e for s, e in used):
            continue
        measurement = _reading(normalised, match, names)
        if measurement is not None:
            readings.append((match.start(), measurement))
    return [m for _, m in sorted(readings, key=lambda pair: pair[0])]


def _reading(text: str, match: re.Match, names: dict[str, str]) -> Measurement | None:
    unit_written = match.group("unit").lower()
    if unit_written in ("in", "m", "t", "min", '"') and not _plausible_short_unit(text, match):
        return None
    family, factor = _UNITS[unit_written]
    canonical, quantities, default = _FAMILIES[family]
    before = text[max(0, match.start() - _WINDOW) : match.start()]
    after = text[match.end() : match.end() + 8]
    number = float(match.group("num").replace(",", ""))
    quantity, note = _quantity(family, quantities, default, before, after, names, number, unit_written)
    if quantity is None:
        return None
    if quantity == "particle_size" and canonical == "mm":
        factor, canonical = factor * 1000.0, "µm"
    value = number * factor
    if match.group("num2"):
        interval = Interval(value, float(match.group("num2").replace(",", "")) * factor)
    else:
        op = _PRE_OPS.get((match.group("pre") or "").strip().lower()) or _POST_OPS.get((match.group("post") or "").lower()) or "="
        interval = Interval.from_op(op, value)
    return Measurement(quantity, interval, UNIT_OF.get(quantity, canonical), match.group(0).strip(), note, match.span())


def _plausible_short_unit(text: str, match: re.Match) -> bool:
    """'in', 't' and '"' count as units only written against the number: '3in' yes, '5 in stock' no."""
    if match.group("unit").lower() not in ("in", "t", '"'):
        return True
    number_end = match.end("num2") if match.group("num2") else match.end("num")
    return number_end == match.start("unit")


_INCH_UNITS = frozenset({"inches", "inch", "in", "英寸", "インチ", '"'})


def _quantity(family, quantities, default, before: str, after: str, names: dict[str, str], value: float, unit_written: str = ""):
    lowered_before, lowered_after = before.lower(), after.lower()
    if family == "percent":
        element = _content_element(before, after, names)
        if element:
            return f"content:{element}", ""
    best, best_distance = None, None
    for quantity in quantities:
        for keyword in _KEYWORDS.get(quantity, ()):
            position = lowered_before.rfind(keyword)
            if position >= 0:
                distance = len(lowered_before) - (position + len(keyword))
            elif lowered_after.find(keyword) >= 0:
                distance = lowered_after.find(keyword) + 4
            else:
                continue
            rank = (distance, -len(keyword))  # nearest, then the most specific keyword
            if best_distance is None or rank < best_distance:
                best, best_distance = quantity, rank
    if best is not None:
        return best, ""
    if family == "percent" and value >= 99.0:
        return "purity", "a percentage of 99 or more with no keyword is read as the purity"
    if family == "length" and unit_written in _INCH_UNITS:
        return "diameter", "a size in inches with no keyword is read as the diameter (wafers, windows)"
    return default, ""


def _content_element(before: str, after: str, names: dict[str, str]) -> str | None:
    match = _CONTENT_KEYWORD.search(before.lower()) or _CONTENT_KEYWORD.search(before)
    if match:
        word = match.group("el")
        symbol = names.get(word.lower()) or names.get(word) or (word if word in names.values() else None)
        if symbol:
            return symbol
    for pattern, haystack in ((_CONTENT_BEFORE, before), (_CONTENT_AFTER, after)):
        found = pattern.search(haystack)
        if found and found.group("el") in names.values():
            return found.group("el")
    return None
