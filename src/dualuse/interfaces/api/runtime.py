"""The loaded regime, the decision engine and the screening index one server process shares.

Built once (lazily, or at start-up by `warm()`), then only read: the engine and matchers
keep no per-request state, so the routes may call them from any worker thread.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version as _distribution_version
import gc
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from dualuse.engine.decision import Decision
from dualuse.engine.engine import Engine
from dualuse.regime.loader import Regime, load_regime
from dualuse.screening.base import PartyMatch, PartyMatcher, ScreenedEntity, best_band
from dualuse.screening.sources import regime_entities
from dualuse.services.regime_status import StatusRow, TimelineEvent, status, timeline
from dualuse.transaction import Transaction
from dualuse.vocabulary import Band


@dataclass(frozen=True)
class ScreenQuery:
    name: str
    country: str | None = None
    id: str | None = None


@dataclass(frozen=True)
class ScreenResult:
    query: ScreenQuery
    band: Band
    candidates: tuple[PartyMatch, ...]


class Runtime:
    """One per app. `check`, `screen`, `regime_status` and `regime_timeline` are what routes call."""

    def __init__(self, regime: Regime | None = None, matcher_name: str = "best"):
        self._regime = regime
        self.matcher_name = matcher_name

    @cached_property
    def regime(self) -> Regime:
        return self._regime or load_regime()

    @cached_property
    def engine(self) -> Engine:
        """The same engine `dualuse check` uses (its default matcher), so CLI and API agree."""
        from dualuse import runtime

        return runtime.engine(self.regime)

    @cached_property
    def entities(self) -> dict[str, ScreenedEntity]:
        return {e.entity_id: e for e in regime_entities(self.regime)}

    @cached_property
    def screener(self) -> PartyMatcher:
        """The matcher `dualuse screen` uses (the registry's best unless the app was built with another)."""
        return self.screener_named(self.matcher_name)

    def screener_named(self, name: str) -> PartyMatcher:
        """The matcher `name` over this regime's parties; an unknown name is an `UnknownMatcher` (422)."""
        from dualuse import runtime
        from dualuse.screening.matchers import get_matcher

        get_matcher(name, field="matcher")  # the name is checked before anything is built
        return runtime.matcher(self.regime, name)

    @property
    def data_version(self) -> str:
        return self.regime.data_version

    def staleness(self, as_of: date | None = None) -> str:
        """The data-age warning for an answer as of `as_of` (default today), or ""."""
        from dualuse.regime.staleness import staleness_warning

        return staleness_warning(self.regime.data_as_of, as_of or date.today())

    @cached_property
    def version(self) -> str:
        try:
            return _distribution_version("dualuse")
        except PackageNotFoundError:
            return "unknown"

    def warm(self) -> None:
        """Load everything now rather than on the first request.

        The regime and the screening index are several hundred thousand long-lived objects; a
        full garbage collection that walks them pauses the process for hundreds of milliseconds.
        Frozen after loading, they are left out of every later collection.
        """
        _ = self.engine, self.screener, self.entities
        gc.collect()
        gc.freeze()

    def check(self, transaction: Transaction, as_of: date | None) -> Decision:
        return self.engine.decide(transaction, as_of)

    def screen(self, queries: list[ScreenQuery], top: int, matcher: str | None = None) -> list[ScreenResult]:
        screener = self.screener if matcher is None else self.screener_named(matcher)
        out = []
        for query in queries:
            matches = tuple(screener.match(query.name, query.country, top))
            out.append(ScreenResult(query, best_band(matches), matches))
        return out

    def regime_status(self, day: date) -> list[StatusRow]:
        return status(self.regime, day)

    def regime_timeline(self, today: date) -> list[TimelineEvent]:
        return timeline(self.regime, today)
