"""What is in force on a date, and the dated changes past and to come: one view for the
CLI, the API and the web app alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby
from typing import Iterator

from dualuse.regime.loader import Regime
from dualuse.regime.model import Validity
from dualuse.vocabulary import MeasureState, Reliability


@dataclass(frozen=True)
class StatusRow:
    kind: str  # measure | control_entries | listing
    id: str
    title: str
    state: MeasureState
    detail: str
    citation: str

    def to_dict(self) -> dict:
        return {**self.__dict__, "state": self.state.value}


@dataclass(frozen=True)
class TimelineEvent:
    date: date
    subject: str
    event: str
    instrument: str
    reliability: Reliability
    upcoming: bool

    def to_dict(self) -> dict:
        return {**self.__dict__, "date": self.date.isoformat(), "reliability": self.reliability.value}


def _subjects(regime: Regime, notes: bool = True) -> Iterator[tuple[str, str, str, Validity, str]]:
    """(kind, id, title, validity, citation) of every dated thing in the regime."""
    for m in regime.measures:
        yield "measure", m.id, m.title_en, m.validity, regime.cite(m.citation)
    by_instrument = sorted(regime.entries, key=lambda e: e.instrument)
    for instrument_id, group in groupby(by_instrument, key=lambda e: e.instrument):
        entries = list(group)
        families = sorted({e.entry.family for e in entries})
        instrument = regime.instruments[instrument_id]
        title = f"{len(entries)} Control List entries ({', '.join(families)})"
        yield "control_entries", instrument_id, title, entries[0].validity, instrument.cite()
    for d in regime.designations:
        listed = [regime.listed_parties[e.id] for e in d.entries]
        validity = listed[0].validity if listed else d.validity
        title = f"{len(d.entries)} parties on the {regime.list_kinds[d.list].title_en}"
        if notes and d.instrument in regime.imported:
            title += f" (imported from {d.source_file})"
        yield "listing", d.instrument, title, validity, d.announcement.cite()


def _reported_on(regime: Regime, subject_id: str) -> list[str]:
    return [
        f"reported, unconfirmed ({n.reliability.value}), not applied: {n.description}"
        for n in regime.reported if subject_id in n.concerns
    ]


def status(regime: Regime, day: date, *, notes: bool = True) -> list[StatusRow]:
    """Every dated subject's state on `day`. `notes=False` leaves out the research notes: the
    unconfirmed changes reported on a subject, and what a reported notice says and who reported
    it (the notice itself stays, as reported and never applied)."""
    rows = []
    for kind, id_, title, validity, citation in _subjects(regime, notes):
        state, window = validity.state_on(day)
        reported = _reported_on(regime, id_) if notes else []
        detail = "; ".join([_state_detail(regime, validity, state, window, notes=notes), *reported])
        rows.append(StatusRow(kind, id_, title, state, detail, citation))
    for notice in regime.reported:
        if notice.date <= day:
            detail = f"reported ({notice.reliability.value}), never applied" + (f": {notice.description}" if notes else "")
            rows.append(StatusRow("reported", notice.id, notice.title_en, MeasureState.REPORTED, detail, notice.source if notes else ""))
    return rows


def _state_detail(regime: Regime, validity: Validity, state: MeasureState, window, *, notes: bool = True) -> str:
    if state is MeasureState.SUSPENDED and window is not None:
        until = window.until.isoformat() if window.until else "further notice"
        text = f"suspended until {until} by {regime.instruments[window.instrument].label_en}"
    elif state is MeasureState.NOT_YET_IN_FORCE:
        text = f"in force from {validity.in_force_from.isoformat()}"
    elif state is MeasureState.EXPIRED:
        last = validity.in_force_until
        text = f"no longer in force from {(last + timedelta(days=1)).isoformat()} (last day {last.isoformat()})" if last else "ended"
    else:
        text = f"in force since {validity.in_force_from.isoformat()}"
    for change in validity.reported_changes if notes else ():
        text += f"; reported, unconfirmed ({change.reliability.value}): {change.description}"
    return text


def timeline(regime: Regime, today: date, *, notes: bool = True) -> list[TimelineEvent]:
    """Dated changes, oldest first; `upcoming` marks those after `today`. `notes=False` leaves
    out the research notes, as `status` does."""
    events: dict[tuple, TimelineEvent] = {}

    def add(day: date, subject: str, event: str, instrument: str, reliability: Reliability) -> None:
        key = (day, subject, event)
        events.setdefault(key, TimelineEvent(day, subject, event, instrument, reliability, day > today))

    for kind, id_, title, validity, _ in _subjects(regime, notes):
        subject = f"{id_}: {title}"
        source = regime.instruments.get(id_)
        add(validity.in_force_from, subject, "enters into force", id_, source.reliability if source else Reliability.PRIMARY)
        for w in validity.suspensions:
            label = regime.instruments[w.instrument].label_en
            add(w.start, subject, f"suspended by {label}" + (f" until {w.until.isoformat()}" if w.until else ""),
                w.instrument, w.reliability)
            if w.until is not None:
                add(w.until + timedelta(days=1), subject,
                    f"applies again: the suspension by {label} ended on {w.until.isoformat()}", w.instrument, w.reliability)
        if validity.in_force_until is not None:
            add(validity.in_force_until + timedelta(days=1), subject, "no longer in force", id_, Reliability.PRIMARY)
        for change in validity.reported_changes if notes else ():
            add(change.date, subject, f"reported, unconfirmed: {change.description} ({change.source})", "", change.reliability)
    for notice in regime.reported:
        concerns = f" (would concern {', '.join(notice.concerns)})" if notice.concerns else ""
        said = f": {notice.description}{concerns} ({notice.source})" if notes else ""
        add(notice.date, f"{notice.id}: {notice.title_en}", f"reported, unconfirmed, never applied{said}", "", notice.reliability)
    return sorted(events.values(), key=lambda e: (e.date, e.subject))
