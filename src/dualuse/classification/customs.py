"""Customs code → Control List entries, from the reference codes the announcements print.

Levels, strongest first (a code matches each entry once, at its strongest level):

    exact        the declared code is one the announcement printed (10 digits before Oct 2025,
                 8-digit tariff lines from Oct 2025), or a printed 8-digit line is the declared
                 10-digit code's first 8 digits (the announcement printed the whole tariff line)
    tariff_line  same 8-digit tariff line as a printed 10-digit code
    subheading   same 6-digit HS subheading as a printed code
    heading      same 4-digit HS heading as a printed code

The announcements call these codes a reference (参考): the item description governs. A code match
is evidence, weighed with the description; it never settles an item alone when several entries
share the code (2931900032 is printed for five organometallic entries).

The customs descriptions (`data/customs_hs8.csv`) are the China Customs 2023 8-digit lines of the
headings that hold a printed reference code; see `data/README.md` for their source and licence.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from dualuse.errors import InputError

CUSTOMS_FILE = Path(__file__).parent / "data" / "customs_hs8.csv"
_SEPARATORS = re.compile(r"[\s.\-/]")


class CustomsLevel(StrEnum):
    EXACT = "exact"
    TARIFF_LINE = "tariff_line"
    SUBHEADING = "subheading"
    HEADING = "heading"


@dataclass(frozen=True)
class CustomsLine:
    hs8: str
    description_en: str
    description_zh: str


@dataclass(frozen=True)
class CustomsMatch:
    """One entry reached through the customs code: how, and which printed code it matched."""

    entry_index: int  # position in Regime.entries
    level: CustomsLevel
    printed_code: str  # the reference code as the announcement printed it
    instrument: str  # the announcement that printed it


def parse_customs_code(raw: str) -> str:
    """A customs code as digits: separators (spaces, dots, hyphens) dropped; 4, 6, 8 or 10 digits.

    Raises InputError naming the field when the code is not of that form.
    """
    if not isinstance(raw, str):
        raise InputError(f"customs code must be text, not {type(raw).__name__}", field="hs_code")
    digits = _SEPARATORS.sub("", raw)
    if not digits.isdigit() or not digits.isascii() or len(digits) not in (4, 6, 8, 10):
        shown = raw if len(raw) <= 40 else raw[:40] + "…"
        raise InputError(
            f"customs code {shown!r} is not a China customs code: expected 4, 6, 8 or 10 digits (e.g. 2846901993)",
            field="hs_code",
        )
    return digits


def level_of(declared: str, printed: str) -> CustomsLevel | None:
    """How a declared code relates to a printed reference code, or None."""
    if declared == printed or (len(printed) == 8 and len(declared) == 10 and declared.startswith(printed)):
        return CustomsLevel.EXACT
    for length, level in ((8, CustomsLevel.TARIFF_LINE), (6, CustomsLevel.SUBHEADING), (4, CustomsLevel.HEADING)):
        if len(declared) >= length and len(printed) >= length and declared[:length] == printed[:length]:
            return level
    return None


_ORDER = {CustomsLevel.EXACT: 0, CustomsLevel.TARIFF_LINE: 1, CustomsLevel.SUBHEADING: 2, CustomsLevel.HEADING: 3}


@dataclass(frozen=True)
class CustomsIndex:
    """Printed reference codes by 4-digit heading, for matching declared codes fast."""

    by_heading: dict[str, tuple[tuple[str, int, str], ...]]  # heading -> (printed code, entry index, instrument)

    @classmethod
    def build(cls, entries) -> CustomsIndex:
        by_heading: dict[str, list[tuple[str, int, str]]] = {}
        for index, resolved in enumerate(entries):
            for code in resolved.entry.customs_codes:
                by_heading.setdefault(code[:4], []).append((code, index, resolved.instrument))
        return cls({k: tuple(v) for k, v in by_heading.items()})

    def match(self, declared: str) -> list[CustomsMatch]:
        """Entries the declared code reaches, strongest level first, one match per entry."""
        best: dict[int, CustomsMatch] = {}
        for printed, index, instrument in self.by_heading.get(declared[:4], ()):
            level = level_of(declared, printed)
            if level is None:
                continue
            current = best.get(index)
            if current is None or _ORDER[level] < _ORDER[current.level]:
                best[index] = CustomsMatch(index, level, printed, instrument)
        return sorted(best.values(), key=lambda m: (_ORDER[m.level], m.entry_index))


def read_customs_lines(path: Path = CUSTOMS_FILE) -> dict[str, CustomsLine]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["hs8"]: CustomsLine(row["hs8"], row["description_en"], row["description_zh"]) for row in csv.DictReader(handle)}


@lru_cache(maxsize=1)
def customs_lines() -> dict[str, CustomsLine]:
    return read_customs_lines()


def describe(declared: str) -> CustomsLine | None:
    """The 2023 customs description of a declared code's 8-digit line, when bundled."""
    return customs_lines().get(declared[:8]) if len(declared) >= 8 else None
