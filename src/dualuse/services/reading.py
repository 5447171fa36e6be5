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


# The cross-script matcher's explanation (matchers/crossscript `explain`): sentences ending ". ".
_MET = re.compile(r"met the listed name (?P<alias>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")")
_SENTENCE = re.compile(
    r"(?P<head>Words that met|Left over|Legal forms set aside): (?P<body>.*?)"
    r"(?=\. (?:Words that met|Left over|Compared whole|Legal forms set aside|Scores):|\.$)", re.S
)


@dataclass(frozen=True)
class Why:
    """Why a name matched a listed name, from the matcher's explanation."""

    alias: str  # the listed name it met
    words: tuple[tuple[str, str], ...]  # (word of the name, word of the listed name) that met, each with how it was read
    left_over: tuple[str, str]  # words of the name and of the listed name that met nothing ("" when none)
    legal_forms: tuple[str, str]  # legal forms set aside in the name and in the listed name ("" when none)


def why_matched(explanation: str) -> Why | None:
    """The parts of a cross-script matcher's explanation; None for a text of another shape (it is
    then shown as written)."""
    met = _MET.search(explanation)
    if not met:
        return None
    parts = {m["head"]: m["body"] for m in _SENTENCE.finditer(explanation, met.end())}
    words: list[tuple[str, str]] = []
    for pair in parts.get("Words that met", "").split("; "):
        if " = " in pair:
            left, _, right = pair.partition(" = ")
            words.append((left, right))
        elif pair.endswith(" (the same writing)"):
            word = pair.removesuffix(" (the same writing)")
            words.append((word, word))
    return Why(
        alias=met["alias"][1:-1], words=tuple(words),
        left_over=_two_sides(parts.get("Left over", ""), " in the name screened / ", " in the listed name"),
        legal_forms=_two_sides(parts.get("Legal forms set aside", ""), " / ", ""),
    )


def _two_sides(text: str, separator: str, suffix: str) -> tuple[str, str]:
    """"a / b" (each "-" when empty) -> ("a", "b"), "" for a side with nothing."""
    left, _, right = text.removesuffix(suffix).partition(separator)
    return tuple(side.strip() if side.strip() != "-" else "" for side in (left, right))  # type: ignore[return-value]


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
