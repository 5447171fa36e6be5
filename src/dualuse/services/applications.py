"""Licence applications: their lifecycle, required documents and the review clock.

Transitions, the roles allowed to make them and the documents required are the tables in
`dualuse/storage/rules.yaml`; this module only applies them. On acceptance the due date is
set 45 Chinese working days ahead (Regs Art. 17(1)); time under expert consultation or
verification is not counted, so `consult` stops the clock and `resume` pushes the due date
out by the working days the stop lasted. For a Watch List party the due date is kept for
orientation but marked as not binding (Regs Art. 26).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from dualuse.errors import InputError
from dualuse.services.audit import record, snapshot, utcnow
from dualuse.services.cases import final_outcome
from dualuse.services.users import known_user, require, require_owner
from dualuse.services.workdays import add_working_days, working_days_between
from dualuse.storage.database import Store
from dualuse.storage.records import get
from dualuse.storage.errors import PermissionRefused, StateConflict
from dualuse.storage.models import Application, ApplicationDocument, Case
from dualuse.storage.rules import rules
from dualuse.storage.vocabulary import ApplicationAction, ApplicationState, DocumentKind, Entity, LicenceType, Permission, Role
from dualuse.vocabulary import ListKind, Outcome

PENDING = (ApplicationState.SUBMITTED, ApplicationState.ACCEPTED, ApplicationState.CONSULTING, ApplicationState.RETURNED)
EDITABLE = (ApplicationState.DRAFT, ApplicationState.RETURNED)


@dataclass(frozen=True)
class ApplicationView:
    id: int
    case_id: int
    state: ApplicationState
    licence_type: LicenceType
    watch_list: bool
    accepted_on: date | None
    due_on: date | None
    due_is_estimate: bool
    documents: tuple[tuple[DocumentKind, str], ...]
    missing_documents: tuple[str, ...]
    note: str
    clock_stopped_on: date | None = None

    def to_dict(self, today: date | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "application_id": self.id,
            "case_id": self.case_id,
            "state": self.state.value,
            "licence_type": self.licence_type.value,
            "watch_list": self.watch_list,
            "accepted_on": self.accepted_on.isoformat() if self.accepted_on else None,
            "due_on": self.due_on.isoformat() if self.due_on else None,
            "due_is_estimate": self.due_is_estimate,
            "documents": [{"kind": k.value, "reference": r} for k, r in self.documents],
            "missing_documents": list(self.missing_documents),
            "note": self.note,
        }
        if self.due_on is not None and self.state is ApplicationState.ACCEPTED:
            out["working_days_left"] = working_days_between(today or date.today(), self.due_on)
        if self.due_on is not None and self.clock_stopped_on is not None:  # consulting: the count is frozen
            out["clock_stopped_on"] = self.clock_stopped_on.isoformat()
            out["working_days_left"] = working_days_between(self.clock_stopped_on, self.due_on)
        if self.watch_list:
            out["time_limit"] = rules().review_time_limit.watch_list_note
        return out


def create_application(
    store: Store,
    actor: str | None,
    case_id: int,
    licence_type: LicenceType | str = LicenceType.SINGLE,
    *,
    watch_list: bool | None = None,
    note: str = "",
) -> ApplicationView:
    """A draft application for a decided case; Watch List status is read from the decision unless given."""
    licence_type = _licence_type(licence_type)
    with store.transaction() as session:
        user = require(session, actor, Permission.APPLICATION_CREATE)
        case = get(session, Case, case_id)
        require_owner(user, case.created_by, f"case {case_id}")
        outcome = final_outcome(case)
        if outcome is Outcome.REVIEW:
            raise StateConflict(f"case {case_id} is under REVIEW", ["a reviewer settles it first (`dualuse case dispose`)"])
        if outcome is Outcome.NO_LICENCE_REQUIRED:
            raise StateConflict(f"case {case_id} needs no licence")
        if watch_list is None:
            watch_list = any(
                p.get("list") == ListKind.WATCH_LIST.value and p.get("band") == "hit"
                for p in case.decision.get("matched_parties", [])
            )
        check_type_allowed(licence_type, watch_list)
        now = utcnow()
        app = Application(
            case_id=case_id,
            state=ApplicationState.DRAFT.value,
            licence_type=licence_type.value,
            watch_list=watch_list,
            created_by=user.name,
            created_at=now,
            updated_at=now,
            due_is_estimate=False,
            note=note,
        )
        session.add(app)
        session.flush()
        record(session, user.name, "application.create", Entity.APPLICATION, app.id, None, snapshot(app))
        return _view(app)


def add_document(
    store: Store, actor: str | None, application_id: int, kind: DocumentKind | str, reference: str
) -> ApplicationView:
    """Attach a document (by reference: file name, archive number) to a draft or returned application."""
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise InputError(
            f"unknown document kind {kind!r}: expected {', '.join(k.value for k in DocumentKind)}", field="kind"
        ) from None
    if not reference.strip():
        raise InputError("a document needs a reference (file name or number)", field="reference")
    with store.transaction() as session:
        user = require(session, actor, Permission.APPLICATION_DOCUMENT)
        app = get(session, Application, application_id, lock=True)
        require_owner(user, app.created_by, f"application {application_id}")
        if ApplicationState(app.state) not in EDITABLE:
            raise StateConflict(
                f"application {application_id} is {app.state}", ["documents are added to a draft or returned application"]
            )
        doc = ApplicationDocument(
            application_id=app.id, kind=kind.value, reference=reference.strip(), added_by=user.name, added_at=utcnow()
        )
        session.add(doc)
        session.flush()
        record(session, user.name, "application.document", Entity.DOCUMENT, doc.id, None, snapshot(doc))
        session.refresh(app)
        return _view(app)


def transition(
    store: Store,
    actor: str | None,
    application_id: int,
    action: ApplicationAction | str,
    *,
    today: date | None = None,
    note: str = "",
) -> ApplicationView:
    """Apply one lifecycle action from the transitions table, or refuse it with the reason."""
    try:
        action = ApplicationAction(action)
    except ValueError:
        raise InputError(f"unknown action {action!r}", field="action") from None
    rule = rules().application_transitions[action]
    today = today or date.today()
    with store.transaction() as session:
        user = known_user(session, actor)
        if Role(user.role) not in rule.roles:
            raise PermissionRefused(
                f"{user.name} ({user.role}) may not {action.value} an application",
                [f"needs role {' or '.join(r.value for r in rule.roles)}"],
            )
        app = get(session, Application, application_id, lock=True)
        require_owner(user, app.created_by, f"application {application_id}")
        state = ApplicationState(app.state)
        if state not in rule.from_:
            raise StateConflict(
                f"cannot {action.value} application {application_id}: it is {state.value}",
                [f"{action.value} applies to {', '.join(s.value for s in rule.from_)}"],
            )
        if action is ApplicationAction.SUBMIT:
            missing = _missing_documents(app)
            if missing:
                raise StateConflict(f"application {application_id} lacks required documents", missing)
        before = snapshot(app)
        app.state = rule.to.value
        app.updated_at = utcnow()
        if note:
            app.note = f"{app.note}\n{note}".strip()
        _move_clock(app, rule.clock, today)
        session.flush()
        record(session, user.name, f"application.{action.value}", Entity.APPLICATION, app.id, before, snapshot(app))
        return _view(app)


def get_application(store: Store, actor: str | None, application_id: int) -> ApplicationView:
    with store.reading() as session:
        known_user(session, actor)
        return _view(get(session, Application, application_id))


def queue(store: Store, actor: str | None) -> list[ApplicationView]:
    """Pending applications, the ones due soonest first (not yet accepted ones last)."""
    with store.reading() as session:
        known_user(session, actor)
        rows = session.scalars(select(Application).where(Application.state.in_([s.value for s in PENDING])))
        views = [_view(a) for a in rows]
    return sorted(views, key=lambda v: (v.due_on is None, v.due_on or date.max, v.id))


def check_type_allowed(licence_type: LicenceType, watch_list: bool) -> None:
    rule = rules().licence_types[licence_type]
    if watch_list and not rule.watch_list_allowed:
        raise StateConflict(
            f"a {licence_type.value} licence is not available for a Watch List party",
            ["Regs Art. 26: only a single licence, with a risk-assessment report and an undertaking"],
        )


def _move_clock(app: Application, clock: str | None, today: date) -> None:
    """Start, stop or resume the Art. 17 review clock as the transition says."""
    if clock == "start":
        due = add_working_days(today, rules().review_time_limit.working_days)
        app.accepted_on, app.due_on, app.due_is_estimate, app.clock_stopped_on = today, due.due, due.estimate, None
    elif clock == "stop":
        app.clock_stopped_on = today
    elif clock == "resume" and app.clock_stopped_on is not None and app.due_on is not None:
        if today < app.clock_stopped_on:
            raise InputError(
                f"resumed on {today.isoformat()}, before the stop on {app.clock_stopped_on.isoformat()}", field="date"
            )
        left = working_days_between(app.clock_stopped_on, app.due_on)
        if left > 0:
            due = add_working_days(today, left)
            app.due_on, app.due_is_estimate = due.due, app.due_is_estimate or due.estimate
        app.clock_stopped_on = None


def _missing_documents(app: Application) -> list[str]:
    present = {d.kind for d in app.documents}
    return [f"{d.kind.value} ({d.article})" for d in rules().required_for(app.watch_list) if d.kind.value not in present]




def _licence_type(value: LicenceType | str) -> LicenceType:
    try:
        return LicenceType(value)
    except ValueError:
        raise InputError(
            f"unknown licence type {value!r}: expected {', '.join(t.value for t in LicenceType)}", field="licence_type"
        ) from None


def _view(app: Application) -> ApplicationView:
    return ApplicationView(
        id=app.id,
        case_id=app.case_id,
        state=ApplicationState(app.state),
        licence_type=LicenceType(app.licence_type),
        watch_list=app.watch_list,
        accepted_on=app.accepted_on,
        due_on=app.due_on,
        due_is_estimate=app.due_is_estimate,
        documents=tuple((DocumentKind(d.kind), d.reference) for d in app.documents),
        missing_documents=tuple(_missing_documents(app)),
        note=app.note,
        clock_stopped_on=app.clock_stopped_on,
    )
