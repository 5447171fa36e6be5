"""Which matcher the engine screens parties with.

The cross-script matcher (screening/matchers/, issue 3) replaces the simple normalised one
through the same interface; the registry picks the best one installed.
"""

from __future__ import annotations

from dualuse.regime.loader import Regime
from dualuse.screening.base import PartyMatcher


def default_matcher(regime: Regime, name: str = "best") -> PartyMatcher:
    from dualuse.screening.matchers.normalised import NormalisedMatcher

    return NormalisedMatcher(regime.screened_entities())
