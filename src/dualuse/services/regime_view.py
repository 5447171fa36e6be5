"""The regime as a desk reads it: what is in force on a day, narrowed to one party list, one
country or one state, with the dated changes of what is shown.

A country keeps what concerns a shipment there: the measures aimed at it or at every
destination, the Control List entries (they apply whatever the destination), and the listings
that name a party of that country. The research notes (what is only reported, and who
reported it) are shown to users whose role may read them (`regime.notes` in rules.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dualuse.regime.loader import Regime
from dualuse.services.regime_status import StatusRow, TimelineEvent, status, timeline
from dualuse.vocabulary import ListKind, MeasureState

PAST_SHOWN = 15  # past changes shown unless all are asked for: the page stays readable


@dataclass(frozen=True)
class RegimeFilter:
    list: ListKind | None = None
    country: str | None = None
    state: MeasureState | None = None

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.list, self.country, self.state))


@dataclass(frozen=True)
class Facets:
    """What a status row is about: its party list (listings only) and the countries it concerns
    (empty: every destination)."""

    list: ListKind | None
    countries: frozenset[str]


@dataclass(frozen=True)
class RegimeView:
    rows: list[StatusRow]
    total: int  # rows before the filter
    upcoming: list[TimelineEvent]
    past: list[TimelineEvent]  # newest first, at most PAST_SHOWN unless all were asked for
    past_hidden: int
    counts: dict[str, int]
    lists: list[str]  # the lists and countries there is something for, for the form
    countries: list[str]


def facets(regime: Regime) -> dict[str, Facets]:
    found: dict[str, Facets] = {}
    for m in regime.measures:
        found[m.id] = Facets(None, frozenset({m.target_country}) if m.target_country else frozenset())
    for d in regime.designations:
        found[d.instrument] = Facets(d.list, frozenset(e.country for e in d.entries if e.country))
    return found


def keeps(chosen: RegimeFilter, row: StatusRow, about: Facets | None) -> bool:
    if chosen.state is not None and row.state is not chosen.state:
        return False
    if chosen.list is not None and (about is None or about.list is not chosen.list):
        return False
    if chosen.country is not None:
        if row.kind == "listing":
            return about is not None and chosen.country in about.countries
        if row.kind == "reported":
            return False
        return about is None or not about.countries or chosen.country in about.countries
    return True


def regime_view(regime: Regime, day: date, chosen: RegimeFilter, *, notes: bool, all_past: bool = False) -> RegimeView:
    every = status(regime, day, notes=notes)
    about = facets(regime)
    rows = [r for r in every if keeps(chosen, r, about.get(r.id))]
    shown = {r.id for r in rows}
    events = [e for e in timeline(regime, day, notes=notes) if e.subject.split(": ", 1)[0] in shown]
    past = [e for e in reversed(events) if not e.upcoming]
    kept = past if all_past else past[:PAST_SHOWN]
    in_force = sum(r.state is MeasureState.IN_FORCE for r in rows)
    suspended = sum(r.state is MeasureState.SUSPENDED for r in rows)
    lists = sorted({f.list.value for f in about.values() if f.list is not None})
    countries = sorted({c for f in about.values() for c in f.countries})
    return RegimeView(rows, len(every), [e for e in events if e.upcoming], kept, len(past) - len(kept),
                      {"in_force": in_force, "suspended": suspended, "other": len(rows) - in_force - suspended}, lists, countries)
