"""A decision and a screening as a reviewer reads them: the decisive reasons first, a listed party
by its name and the notice that listed it (with the official link), and why a name matched in
plain terms (how the name was read, which words met, which legal forms were set aside).

Interfaces show what this gives; they decide nothing themselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from dualuse.regime.model import Instrument
from dualuse.screening.base import ScreenedEntity
from dualuse.vocabulary import Outcome

# The tag of a listed name preferred for each interface language (then English, then the first).
NAME_LANG = {"en": ("en",), "zh": ("zh-Hans", "zh", "zh-Hant"), "ja": ("ja", "zh-Hant", "zh-Hans")}


def decisive_first(decision: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The decision's reasons, those that set its outcome first (marked `decisive`), then the
    others by falling severity; the engine's order is kept among equals."""
    outcome = Outcome(decision["outcome"])
    reasons = [dict(r, decisive=r.get("outcome") == outcome.value and r.get("effect") != "INFORMATION")
               for r in decision.get("reasons", [])]
    return sorted(reasons, key=lambda r: (not r["decisive"], -_severity(r.get("outcome"))))


def _severity(value: str | None) -> int:
    try:
        return Outcome(value).severity if value else -1
    except ValueError:
        return -1


@dataclass(frozen=True)
class Listing:
    """A listed party as a reviewer names it: its name, its other names, its list, and the notice."""

    entity_id: str
    name: str
    names: tuple[str, ...]
    list: str
    country: str | None
    notice_id: str
    notice_title_zh: str
    notice_title_en: str
    notice_number: str
    notice_url: str
    notice_published: str
    listed_by_notice: bool  # the notice designates the party (an announcement); else it is where the name comes from


def listing(entity: ScreenedEntity | None, instruments: Mapping[str, Instrument], lang: str) -> Listing | None:
    if entity is None:
        return None
    preferred = NAME_LANG.get(lang, ()) + ("en",)
    name = next((n.value for tag in preferred for n in entity.names if n.lang == tag), entity.names[0].value if entity.names else entity.entity_id)
    notice = instruments.get(entity.source)
    return Listing(
        entity_id=entity.entity_id, name=name, names=tuple(n.value for n in entity.names), list=entity.list,
        country=entity.country, notice_id=entity.source,
        notice_title_zh=notice.title_zh if notice else "", notice_title_en=notice.label_en if notice else "",
        notice_number=notice.number if notice else "", notice_url=notice.url if notice else "",
        notice_published=notice.published.isoformat() if notice and notice.published else "",
        listed_by_notice=bool(notice and notice.kind in ("announcement", "decision")),
    )


@dataclass(frozen=True)
class Why:
    """Why a name matched a listed name, from the matcher's explanation."""

    alias: str  # the listed name it met
    reading: str  # how the name was read (romanised, translated)
    words: tuple[tuple[str, str], ...]  # (word of the name, word of the listed name) that met
    query_covered: float  # share of the name's distinctive words that met (0..1)
    candidate_covered: float  # share of the listed name's
    legal_forms: tuple[str, str]  # legal forms set aside in the name and in the listed name ("" when none)


_EXPLANATION = re.compile(r"via alias (?P<alias>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\") \(query read as (?P<reading>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"); "
                          r"legal forms set aside: (?P<legal>.*?)\): (?P<features>.*)$", re.S)
_COVERAGE = re.compile(r"query covered (?P<q>[0-9.]+), candidate covered (?P<c>[0-9.]+) \((?P<pairs>[^)]*)\)")


def why_matched(explanation: str) -> Why | None:
    """The parts of a cross-script matcher's explanation; None for a text of another shape (it is
    then shown as written)."""
    found = _EXPLANATION.search(explanation)
    if not found:
        return None
    coverage = _COVERAGE.search(found["features"])
    words: tuple[tuple[str, str], ...] = ()
    if coverage and coverage["pairs"]:
        words = tuple(tuple(pair.split("~", 1)) for pair in coverage["pairs"].split(", ") if "~" in pair)  # type: ignore[misc]
    query_legal, _, candidate_legal = found["legal"].partition(" / ")
    return Why(
        alias=found["alias"][1:-1], reading=found["reading"][1:-1], words=words,
        query_covered=float(coverage["q"]) if coverage else 0.0, candidate_covered=float(coverage["c"]) if coverage else 0.0,
        legal_forms=(query_legal.strip().strip("-").strip(), candidate_legal.strip().strip("-").strip()),
    )


@dataclass(frozen=True)
class Reader:
    """What pages ask of a decision or a screening, for one interface language. The entities and
    instruments are fetched only when a page asks (most pages show no match)."""

    entities: Callable[[], Mapping[str, ScreenedEntity]]
    instruments: Callable[[], Mapping[str, Instrument]]
    lang: str

    def reasons(self, decision: Mapping[str, Any]) -> list[dict[str, Any]]:
        return decisive_first(decision)

    def listing(self, entity_id: str) -> Listing | None:
        return listing(self.entities().get(entity_id), self.instruments(), self.lang)

    def why(self, explanation: str) -> Why | None:
        return why_matched(explanation)
