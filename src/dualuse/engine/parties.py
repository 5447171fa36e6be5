"""Which matcher the engine screens parties with: the registry's best one, by default.

The engine identifies every party through the same interface (screening/base.py), so a
better matcher is a registry change, not an engine change.
"""

from __future__ import annotations

from dualuse.regime.loader import Regime
from dualuse.screening.base import PartyMatcher
from dualuse.screening.matchers import get_matcher, keep


def default_matcher(regime: Regime, name: str = "best") -> PartyMatcher:
    return keep(get_matcher(name)(regime.screened_entities()))
