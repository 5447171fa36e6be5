"""Chinese ↔ English name pairs of the bundled list entries, with their fixed held-out split.

The regime's designations (`regime/data/designations/`, each entry citing its notice) and the
recognised military users name most parties twice: in Chinese, as the notice prints them, and
in English. These pairs are what the lexicon learner may learn from (`lexicon/learn.py`, the
development side only) and what `benchmarks/screening_lists.py` builds its development and
held-out sets from. Nothing here reads `../shared/eval`.

A party is one **entity key**, the letters and digits of its first English name in lower case,
so a company listed on several dates (or transcribed twice) is one party with all its Chinese
and English names, and falls on one side of the split. The split is fixed by a hash of the
key (`is_held_out`): about a third of the parties are held out; no lexicon row is learned from
them and no rule may be tuned on them.
"""

from __future__ import annotations

import csv
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

HELD_OUT_SHARE = 3
"""One party in `HELD_OUT_SHARE` (by hash) is held out."""
EUROPE = frozenset(
    "AT BE BG CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IS IT LI LT LU LV MT NL NO PL PT RO SE SI SK UA".split()
)
_KEY = re.compile(r"[^0-9a-z]+")


def entity_key(english: str) -> str:
    """The party's identity across listings: its first English name, letters and digits only."""
    return _KEY.sub("", english.casefold())


def is_held_out(key: str) -> bool:
    """The fixed held-out side of the split, by a hash of the entity key (never tuned on)."""
    return zlib.crc32(f"held-out:{key}".encode("utf-8")) % HELD_OUT_SHARE == 0


def region(country: str | None) -> str:
    """The kind of party a name set is about: `JP`, `US`, `EU` (Europe), or `other`."""
    if country in ("JP", "US"):
        return country
    return "EU" if country in EUROPE else "other"


@dataclass(slots=True)
class ListPair:
    """One party's Chinese and English names, from one or more bundled list entries."""

    key: str
    country: str | None
    chinese: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # entry ids (designations) or file:seq (transcriptions)

    @property
    def held_out(self) -> bool:
        return is_held_out(self.key)

    @property
    def region(self) -> str:
        return region(self.country)


def _add(pairs: dict[str, ListPair], country: str | None, chinese: list[str], english: list[str], source: str) -> None:
    chinese = [c.strip() for c in chinese if c.strip()]
    english = [e.strip() for e in english if e.strip()]
    if not chinese or not english or not entity_key(english[0]):
        return
    pair = pairs.setdefault(entity_key(english[0]), ListPair(entity_key(english[0]), country))
    pair.chinese += [c for c in chinese if c not in pair.chinese]
    pair.english += [e for e in english if e not in pair.english]
    pair.sources.append(source)
    pair.country = pair.country or country


def bundled_pairs() -> list[ListPair]:
    """Pairs from the regime's designations and military users (the product's own data)."""
    from dualuse.regime.loader import load_regime

    regime = load_regime(with_imports=False)
    pairs: dict[str, ListPair] = {}
    for designation in regime.designations:
        for entry in designation.entries:
            chinese = [n.value for n in entry.names if n.lang.startswith("zh")]
            english = [n.value for n in entry.names if n.lang == "en"]
            _add(pairs, entry.country, chinese, english, entry.id)
    for user in regime.military_users:
        chinese = [n.value for n in user.names if n.lang == "zh-Hans"]
        english = [n.value for n in user.names if n.lang == "en"]
        _add(pairs, user.country, chinese, english, user.id)
    return list(pairs.values())


def transcribed_pairs(directory: Path, into: list[ListPair] | None = None) -> list[ListPair]:
    """`into` (or nothing) merged with the Chinese/English names of the transcribed listings,
    `name_zh,name_en,aliases,...,country` CSVs (../shared/data/mofcom/transcribed/)."""
    pairs = {pair.key: pair for pair in into or []}
    for path in sorted(directory.glob("*.csv")):
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                aliases = [a for a in (row.get("aliases") or "").split(";") if a.strip()]
                chinese = [row.get("name_zh") or ""] + [a for a in aliases if not a.isascii()]
                english = [row.get("name_en") or ""] + [a for a in aliases if a.isascii()]
                _add(pairs, row.get("country") or None, chinese, english, f"{path.name}:{row.get('seq', '')}")
    return list(pairs.values())
