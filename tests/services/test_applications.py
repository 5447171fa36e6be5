"""Licence applications: the lifecycle table, required documents, and the review clock."""

from __future__ import annotations

from datetime import date

import pytest
from store_stubs import ADMIN, EXPORTER, REVIEWER, Listing, StubDecider, transaction

from dualuse.services import applications, audit, cases
from dualuse.storage.database import Store
from dualuse.storage.errors import RefusedError
from dualuse.storage.vocabulary import ApplicationAction as A
from dualuse.storage.vocabulary import ApplicationState as S
from dualuse.storage.vocabulary import DocumentKind, LicenceType
from dualuse.vocabulary import Band

BASIC_DOCS = (
    DocumentKind.CONTRACT,
    DocumentKind.END_USER_CERTIFICATE,
    DocumentKind.END_USE_CERTIFICATE,
    DocumentKind.TECHNICAL_DESCRIPTION,
)

# state x action -> the new state; an action missing from a row is refused in that state.
LIFECYCLE = {
    S.DRAFT: {A.SUBMIT: S.SUBMITTED, A.WITHDRAW: S.WITHDRAWN},
    S.SUBMITTED: {A.ACCEPT: S.ACCEPTED, A.RETURN: S.RETURNED, A.WITHDRAW: S.WITHDRAWN},
    S.ACCEPTED: {A.RETURN: S.RETURNED, A.APPROVE: S.APPROVED, A.DENY: S.DENIED, A.WITHDRAW: S.WITHDRAWN, A.CONSULT: S.CONSULTING},
    S.CONSULTING: {A.RESUME: S.ACCEPTED, A.WITHDRAW: S.WITHDRAWN},
    S.RETURNED: {A.SUBMIT: S.SUBMITTED, A.WITHDRAW: S.WITHDRAWN},
    S.APPROVED: {},
    S.DENIED: {},
    S.WITHDRAWN: {},
}
PATH = {
    S.DRAFT: [],
    S.SUBMITTED: [A.SUBMIT],
    S.ACCEPTED: [A.SUBMIT, A.ACCEPT],
    S.RETURNED: [A.SUBMIT, A.RETURN],
    S.CONSULTING: [A.SUBMIT, A.ACCEPT, A.CONSULT],
    S.APPROVED: [A.SUBMIT, A.ACCEPT, A.APPROVE],
    S.DENIED: [A.SUBMIT, A.ACCEPT, A.DENY],
    S.WITHDRAWN: [A.WITHDRAW],
}


def _application(
    store: Store,
    *,
    end_user: str = "Acme Magnets GmbH",
    decider: StubDecider | None = None,
    docs: tuple[DocumentKind, ...] = BASIC_DOCS,
    licence_type: LicenceType = LicenceType.SINGLE,
) -> int:
    case = cases.add_case(store, EXPORTER, transaction(end_user), decider=decider or StubDecider())
    app = applications.create_application(store, EXPORTER, case.id, licence_type)
    for kind in docs:
        applications.add_document(store, EXPORTER, app.id, kind, f"{kind.value}.pdf")
    return app.id


@pytest.mark.parametrize("state", list(S))
def test_lifecycle_table(people: Store, state: S) -> None:
    for action in A:
        app_id = _application(people)
        for step in PATH[state]:
            applications.transition(people, ADMIN, app_id, step)
        entries = len(audit.log(people))
        expected = LIFECYCLE[state].get(action)
        if expected is None:
            with pytest.raises(RefusedError, match=f"cannot {action.value} application {app_id}: it is {state.value}"):
                applications.transition(people, ADMIN, app_id, action)
            assert len(audit.log(people)) == entries
        else:
            assert applications.transition(people, ADMIN, app_id, action).state is expected
            entry = audit.log(people)[-1]
            assert (entry["action"], entry["before"]["state"], entry["after"]["state"]) == (
                f"application.{action.value}",
                state.value,
                expected.value,
            )


# action -> who may (besides admin)
ROLES = [
    (A.SUBMIT, EXPORTER, REVIEWER),
    (A.ACCEPT, REVIEWER, EXPORTER),
    (A.APPROVE, REVIEWER, EXPORTER),
    (A.WITHDRAW, EXPORTER, REVIEWER),
]


@pytest.mark.parametrize(("action", "allowed", "refused"), ROLES)
def test_transition_roles(people: Store, action: A, allowed: str, refused: str) -> None:
    app_id = _application(people)
    for step in {A.SUBMIT: [], A.ACCEPT: [A.SUBMIT], A.APPROVE: [A.SUBMIT, A.ACCEPT], A.WITHDRAW: []}[action]:
        applications.transition(people, ADMIN, app_id, step)
    with pytest.raises(RefusedError, match=f"may not {action.value} an application"):
        applications.transition(people, refused, app_id, action)
    applications.transition(people, allowed, app_id, action)


def test_submission_needs_the_documents_of_regs_art_16(people: Store) -> None:
    app_id = _application(people, docs=(DocumentKind.CONTRACT,))
    with pytest.raises(
        RefusedError, match=r"lacks required documents: end_user_certificate \(Regs Art. 16\); end_use_certificate"
    ):
        applications.transition(people, EXPORTER, app_id, A.SUBMIT)


def test_watch_list_party_needs_risk_assessment_and_undertaking_and_no_general_licence(people: Store) -> None:
    decider = StubDecider({"Watched KK": Listing("MOFCOM-2026-12/3", "watch_list")})
    app_id = _application(people, end_user="Watched KK", decider=decider)
    view = applications.get_application(people, EXPORTER, app_id)
    assert view.watch_list
    assert view.missing_documents == ("risk_assessment_report (Regs Art. 26)", "undertaking (Regs Art. 26)")
    with pytest.raises(RefusedError, match="lacks required documents: risk_assessment_report"):
        applications.transition(people, EXPORTER, app_id, A.SUBMIT)
    with pytest.raises(RefusedError, match="general licence is not available for a Watch List party"):
        _application(people, end_user="Watched KK", decider=decider, licence_type=LicenceType.GENERAL)


def test_acceptance_starts_the_45_working_day_clock_and_the_queue_shows_it(people: Store) -> None:
    ordinary = _application(people)
    decider = StubDecider({"Watched KK": Listing("MOFCOM-2026-12/3", "watch_list")})
    watched = _application(
        people,
        end_user="Watched KK",
        decider=decider,
        docs=(*BASIC_DOCS, DocumentKind.RISK_ASSESSMENT_REPORT, DocumentKind.UNDERTAKING),
    )
    pending = _application(people)
    for app_id, accepted in ((ordinary, date(2026, 2, 10)), (watched, date(2026, 9, 1))):
        applications.transition(people, EXPORTER, app_id, A.SUBMIT)
        applications.transition(people, REVIEWER, app_id, A.ACCEPT, today=accepted)
    applications.transition(people, EXPORTER, pending, A.SUBMIT)
    queue = [a.to_dict(date(2026, 4, 14)) for a in applications.queue(people, REVIEWER)]
    assert [q["application_id"] for q in queue] == [ordinary, watched, pending]
    assert (queue[0]["due_on"], queue[0]["working_days_left"], queue[0]["due_is_estimate"]) == ("2026-04-21", 5, False)
    assert "time_limit" not in queue[0]
    assert queue[1]["due_on"] == "2026-11-09" and "not bound by the Art. 17(1) time limit" in queue[1]["time_limit"]
    assert queue[2]["due_on"] is None and queue[2]["state"] == "submitted"


def test_a_returned_application_restarts_the_clock_when_accepted_again(people: Store) -> None:
    app_id = _application(people)
    applications.transition(people, EXPORTER, app_id, A.SUBMIT)
    applications.transition(people, REVIEWER, app_id, A.ACCEPT, today=date(2026, 2, 10))
    applications.transition(people, REVIEWER, app_id, A.RETURN, note="supplement the end-use certificate")
    applications.add_document(people, EXPORTER, app_id, DocumentKind.OTHER, "supplement.pdf")
    applications.transition(people, EXPORTER, app_id, A.SUBMIT)
    view = applications.transition(people, REVIEWER, app_id, A.ACCEPT, today=date(2026, 11, 2))
    assert (view.due_on, view.due_is_estimate) == (date(2027, 1, 5), True)
    assert "supplement the end-use certificate" in view.note


def test_no_application_for_an_unsettled_review_or_a_case_needing_no_licence(people: Store) -> None:
    review = cases.add_case(
        people, EXPORTER, transaction("Maybe Co"), decider=StubDecider({"Maybe Co": Listing("X", band=Band.REVIEW)})
    )
    with pytest.raises(RefusedError, match="is under REVIEW"):
        applications.create_application(people, EXPORTER, review.id)
    free = cases.add_case(people, EXPORTER, transaction(control_code=None), decider=StubDecider())
    with pytest.raises(RefusedError, match="needs no licence"):
        applications.create_application(people, EXPORTER, free.id)


def test_expert_consultation_stops_the_clock(people: Store) -> None:
    """Regs Art. 17: consultation time is not counted. 10 working days stopped move the due date 10 working days."""
    app_id = _application(people)
    applications.transition(people, EXPORTER, app_id, A.SUBMIT)
    applications.transition(people, REVIEWER, app_id, A.ACCEPT, today=date(2026, 2, 10))
    stopped = applications.transition(people, REVIEWER, app_id, A.CONSULT, today=date(2026, 3, 2), note="expert consultation")
    frozen = stopped.to_dict(date(2026, 3, 12))
    assert (frozen["state"], frozen["clock_stopped_on"], frozen["working_days_left"]) == ("consulting", "2026-03-02", 35)
    assert [a.id for a in applications.queue(people, REVIEWER)] == [app_id]
    resumed = applications.transition(people, REVIEWER, app_id, A.RESUME, today=date(2026, 3, 16))
    assert resumed.due_on == date(2026, 5, 8)  # 21 Apr + 10 working days, across the May Day holiday
    assert resumed.to_dict(date(2026, 3, 16))["working_days_left"] == 35
