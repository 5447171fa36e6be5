"""Service fixtures: a migrated store on each backend, one user per role, a stub decider."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # store_stubs, also for the SIGKILL subprocesses

from store_stubs import ADMIN, AUDITOR, EXPORTER, REVIEWER, StubDecider, transaction  # noqa: E402

from dualuse.services import applications, cases, licences, users  # noqa: E402
from dualuse.services.licences import LicenceView  # noqa: E402
from dualuse.storage.database import Store  # noqa: E402
from dualuse.storage.vocabulary import ApplicationAction, DocumentKind, LicenceType  # noqa: E402


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    store = Store(db_url)
    yield store
    store.dispose()


@pytest.fixture
def people(store: Store) -> Store:
    """The store with an admin (bootstrap), a reviewer, an exporter and an auditor."""
    users.add_user(store, None, ADMIN, "admin")
    for name, role in ((REVIEWER, "reviewer"), (EXPORTER, "exporter"), (AUDITOR, "auditor")):
        users.add_user(store, ADMIN, name, role)
    return store


@pytest.fixture
def decider() -> StubDecider:
    return StubDecider()


@pytest.fixture
def issued(people: Store, decider: StubDecider) -> Callable[..., LicenceView]:
    """Make a licence the whole way: case, application, documents, approval, issue."""

    def make(
        licence_type: LicenceType = LicenceType.GENERAL,
        *,
        end_user: str = "Acme Magnets GmbH",
        quantity: float = 100,
        valid_from: date = date(2026, 3, 1),
        valid_until: date = date(2027, 2, 28),
        **limits: str,
    ) -> LicenceView:
        case = cases.add_case(people, EXPORTER, transaction(end_user, quantity=quantity), decider=decider)
        app = applications.create_application(people, EXPORTER, case.id, licence_type)
        for kind in (
            DocumentKind.CONTRACT,
            DocumentKind.END_USER_CERTIFICATE,
            DocumentKind.END_USE_CERTIFICATE,
            DocumentKind.TECHNICAL_DESCRIPTION,
        ):
            applications.add_document(people, EXPORTER, app.id, kind, f"{kind.value}.pdf")
        applications.transition(people, EXPORTER, app.id, ApplicationAction.SUBMIT)
        applications.transition(people, REVIEWER, app.id, ApplicationAction.ACCEPT, today=date(2026, 2, 2))
        applications.transition(people, REVIEWER, app.id, ApplicationAction.APPROVE)
        return licences.issue_licence(people, REVIEWER, app.id, valid_from=valid_from, valid_until=valid_until, **limits)

    return make
