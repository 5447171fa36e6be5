"""Which matcher the engine screens parties with: the registry's best one, by default.

The engine identifies every party through the same interface (screening/base.py), so a
better matcher is a registry change, not an engine change.
"""

from __future__ import annotations

from dualuse.regime.loader import Regime
from dualuse.screening.base import PartyMatcher


def default_matcher(regime: Regime, name: str = "best") -> PartyMatcher:
    """The matcher over the regime's listed parties: the composition root's (`dualuse.runtime`),
    built once per process, from the index cache when it holds them."""
    from dualuse import runtime

    return runtime.matcher(regime, name)
