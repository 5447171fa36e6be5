"""The rules every decision runs, in order. Each is a function of the shared facts that
yields the reasons it found; the engine combines them (the most severe outcome wins)."""

from dualuse.engine.rules.catalogue import catalogue
from dualuse.engine.rules.catch_all import catch_all
from dualuse.engine.rules.designations import designations
from dualuse.engine.rules.listing import listing
from dualuse.engine.rules.measures import measures
from dualuse.engine.rules.scope import scope

RULES = (scope, listing, catalogue, catch_all, measures, designations)

__all__ = ["RULES"]
