"""What is in force on a date, and the dated changes past and to come: one view for the
CLI, the API and the web app alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby
from typing import Iterator

from dualuse.i18n import N_
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
    # The title and detail as catalogue messages (dualuse/i18n.py) for the web's languages;
    # `title` and `detail` stay the English the CLI and the API give.
    title_message: str = ""
    title_params: dict[str, str] = field(default_factory=dict, hash=False)
    message: str = ""
    params: dict[str, str] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k not in _WORDS}
        return {**out, "state": self.state.value}


_WORDS = ("title_message", "title_params", "message", "params")


@dataclass(frozen=True)
class TimelineEvent:
    date: date
    subject: str
    event: str
    instrument: str
    reliability: Reliability
    upcoming: bool
    message: str = ""  # the event as a catalogue message, with its parameters (the web's languages)
    params: dict[str, str] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k not in _WORDS}
        return {**out, "date": self.date.isoformat(), "reliability": self.reliability.value}


def _subjects(regime: Regime, notes: bool = True) -> Iterator[tuple[str, str, str, Validity, str]]:
    """(kind, id, title, validity, citation) of every dated thing in the regime."""
    for kind, id_, title, validity, citation, _, _ in _subjects_with_words(regime, notes):
        yield kind, id_, title, validity, citation


def _subjects_with_words(regime: Regime, notes: bool = True) -> Iterator[tuple[str, str, str, Validity, str, str, dict[str, str]]]:
    """(kind, id, title, validity, citation, title message, its parameters) of every dated thing."""
    for m in regime.measures:
        yield ("measure", m.id, m.title_en, m.validity, regime.cite(m.citation), N_("regime.row.measure"),
               {"title": m.title_en, "title_zh": " ".join(m.quote_zh.split())})
    by_instrument = sorted(regime.entries, key=lambda e: e.instrument)
    for instrument_id, group in groupby(by_instrument, key=lambda e: e.instrument):
        entries = list(group)
        families = sorted({e.entry.family for e in entries})
        instrument = regime.instruments[instrument_id]
        title = f"{len(entries)} Control List entries ({', '.join(families)})"
        yield ("control_entries", instrument_id, title, entries[0].validity, instrument.cite(), N_("regime.row.entries"),
               {"count": str(len(entries)), "families": ", ".join(families)})
    for d in regime.designations:
        listed = [regime.listed_parties[e.id] for e in d.entries]
        validity = listed[0].validity if listed else d.validity
        title = f"{len(d.entries)} parties on the {regime.list_kinds[d.list].title_en}"
        params = {"count": str(len(d.entries)), "list": f"@list.{d.list.value}", "file": d.source_file}
        message = N_("regime.row.listing")
        if notes and d.instrument in regime.imported:
            title += f" (imported from {d.source_file})"
            message = N_("regime.row.listing_imported")
        yield "listing", d.instrument, title, validity, d.announcement.cite(), message, params


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
    for kind, id_, title, validity, citation, title_message, title_params in _subjects_with_words(regime, notes):
        state, window = validity.state_on(day)
        reported = _reported_on(regime, id_) if notes else []
        detail = "; ".join([_state_detail(regime, validity, state, window, notes=notes), *reported])
        message, params = _state_words(regime, validity, state, window)
        params["more"] = detail[len(params.pop("_english")):]  # the reported notes, in their words
        rows.append(StatusRow(kind, id_, title, state, detail, citation, title_message, title_params, message, params))
    for notice in regime.reported:
        if notice.date <= day:
            detail = f"reported ({notice.reliability.value}), never applied" + (f": {notice.description}" if notes else "")
            said = {"reliability": f"@reliability.{notice.reliability.value}", "description": notice.description}
            rows.append(StatusRow("reported", notice.id, notice.title_en, MeasureState.REPORTED, detail, notice.source if notes else "",
                                  message=N_("regime.row.reported") if notes else N_("regime.row.reported_only"), params=said))
    return rows


def _state_words(regime: Regime, validity: Validity, state: MeasureState, window) -> tuple[str, dict[str, str]]:
    """The state sentence of _state_detail (without notes) as a message id and parameters
    ("_english": the English it stands for)."""
    params: dict[str, str] = {"_english": _state_detail(regime, validity, state, window, notes=False)}
    if state is MeasureState.SUSPENDED and window is not None:
        instrument = regime.instruments[window.instrument]
        params |= {"by": instrument.label_en, "by_zh": instrument.number}
        if window.until is None:
            return N_("regime.row.suspended"), params
        return N_("regime.row.suspended_until"), params | {"until": window.until.isoformat()}
    if state is MeasureState.NOT_YET_IN_FORCE:
        return N_("regime.row.not_yet"), params | {"date": validity.in_force_from.isoformat()}
    if state is MeasureState.EXPIRED:
        last = validity.in_force_until
        if last is None:
            return N_("regime.row.ended"), params
        return N_("regime.row.expired"), params | {"date": (last + timedelta(days=1)).isoformat(), "last": last.isoformat()}
    return N_("regime.row.in_force"), params | {"date": validity.in_force_from.isoformat()}


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

    def add(day: date, subject: str, event: str, instrument: str, reliability: Reliability,
            message: str = "", params: dict[str, str] | None = None) -> None:
        key = (day, subject, event)
        events.setdefault(key, TimelineEvent(day, subject, event, instrument, reliability, day > today, message, params or {}))

    for _kind, id_, title, validity, _ in _subjects(regime, notes):
        subject = f"{id_}: {title}"
        source = regime.instruments.get(id_)
        add(validity.in_force_from, subject, "enters into force", id_, source.reliability if source else Reliability.PRIMARY,
            N_("regime.event.in_force"))
        for w in validity.suspensions:
            label = regime.instruments[w.instrument].label_en
            by = {"by": label, "by_zh": regime.instruments[w.instrument].number}
            add(w.start, subject, f"suspended by {label}" + (f" until {w.until.isoformat()}" if w.until else ""),
                w.instrument, w.reliability, N_("regime.event.suspended_until") if w.until else N_("regime.event.suspended"),
                by | ({"until": w.until.isoformat()} if w.until else {}))
            if w.until is not None:
                add(w.until + timedelta(days=1), subject,
                    f"applies again: the suspension by {label} ended on {w.until.isoformat()}", w.instrument, w.reliability,
                    N_("regime.event.applies_again"), by | {"until": w.until.isoformat()})
        if validity.in_force_until is not None:
            add(validity.in_force_until + timedelta(days=1), subject, "no longer in force", id_, Reliability.PRIMARY,
                N_("regime.event.ended"))
        for change in validity.reported_changes if notes else ():
            add(change.date, subject, f"reported, unconfirmed: {change.description} ({change.source})", "", change.reliability)
    for notice in regime.reported:
        concerns = f" (would concern {', '.join(notice.concerns)})" if notice.concerns else ""
        said = f": {notice.description}{concerns} ({notice.source})" if notes else ""
        add(notice.date, f"{notice.id}: {notice.title_en}", f"reported, unconfirmed, never applied{said}", "", notice.reliability)
    return sorted(events.values(), key=lambda e: (e.date, e.subject))
