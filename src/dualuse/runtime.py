"""The composition root: the one place that builds the regime, the screening matcher and the
decision engine. The CLI, the API and web app (`interfaces/api/runtime.py`), batch jobs
(`batch/decide.py`), the case store (`services/cases.py`) and impact (`impact/exposure.py`)
all take them from here, so a process that serves, checks and runs a batch job builds the
matcher of a regime once, and a second process reads it from the index cache
(`screening/cache.py`).

- `regime(data_dir)`: the loaded regime (the bundled data and the user's imported listings
  by default; cached per directory by the loader).
- `matcher(regime, name)`: the party matcher over the regime's listed parties, built once per
  regime and matcher name in this process (the last `KEPT` kept), from the index cache when it
  holds them.
- `list_matcher(entities, name)`: a matcher over any other list of parties (`dualuse screen
  --list`, `dualuse lists rescreen`), from the index cache when it holds it, not kept here.
- `engine(regime, screen=True)`: a decision engine over the regime, screening with that matcher.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from dualuse.engine.engine import Engine
    from dualuse.regime.loader import Regime
    from dualuse.screening.base import PartyMatcher, ScreenedEntity

KEPT = 4
"""Matchers kept per process (regimes × matcher names); the oldest is dropped past this."""

_lock = threading.Lock()
_matchers: dict[tuple[int, str], tuple[Regime, PartyMatcher]] = {}


def regime(data_dir: Path | None = None) -> Regime:
    from dualuse.regime.loader import load_regime

    return load_regime(data_dir)


def matcher(of: Regime | None = None, name: str = "best") -> PartyMatcher:
    """The matcher `name` over the listed parties of `of` (default: the bundled regime), one
    per regime in this process; the regime is held with it, so its identity is never reused."""
    from dualuse.screening.matchers import build_matcher
    from dualuse.screening.sources import regime_entities

    loaded = of if of is not None else regime()
    key = (id(loaded), name)
    with _lock:  # one build at a time: a second thread asking for the same matcher waits for it
        held = _matchers.get(key)
        if held is not None and held[0] is loaded:
            return held[1]
        built = build_matcher(name, regime_entities(loaded), loaded.data_version)
        while len(_matchers) >= KEPT:
            del _matchers[next(iter(_matchers))]
        _matchers[key] = (loaded, built)
        return built


def list_matcher(
    entities: Sequence[ScreenedEntity],
    name: str = "best",
    *,
    data_version: str = "",
    field: str | None = None,
    queries: Sequence[tuple[str, str | None]] = (),
) -> PartyMatcher:
    """A matcher over any list of parties (a user's list file, a version of a list), not kept
    in this process (the index cache keeps it); `data_version` of the regime when the parties
    are the regime's, so the index is the one `matcher` reads; `queries` (name, country) when a
    batch is known, read meanwhile if the index has to be built (`screening/matchers/ahead.py`);
    `field` names where `name` came from in an error (`--matcher`)."""
    from dualuse.screening.matchers import build_matcher

    return build_matcher(name, entities, data_version, field=field, queries=queries)


def engine(of: Regime | None = None, *, screen: bool = True) -> Engine:
    """A decision engine over `of` (default: the bundled regime), screening parties with the
    regime's shared matcher (`screen=False`: by their declared kind only)."""
    from dualuse.engine.engine import Engine

    loaded = of if of is not None else regime()
    return Engine(loaded, matcher(loaded) if screen else None, screen=screen)
