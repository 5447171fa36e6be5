"""The /api/v1 routes over the store: cases, dispositions, applications, licences, audit, re-screening.

Thin: the route validates the body, names the caller (`Principal.name`) and calls the service.
The service checks the caller's role (`rules.yaml`), applies the rules and writes the audit
entry; its refusals come back as the uniform error body (403 role, 409 state, 404 unknown).
The routes are plain functions: FastAPI runs them in its thread pool, off the event loop.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Request

from dualuse.interfaces.api.auth import CSRF_COOKIE, Principal, reader, signed_in
from dualuse.interfaces.api.errors import ERROR_RESPONSES, STORE_RESPONSES, ApiError
from dualuse.interfaces.api.jsonbody import ExactJsonRoute
from dualuse.interfaces.api.runtime import Runtime
from dualuse.interfaces.api.schemas import TRANSACTION_EXAMPLES
from dualuse.interfaces.api.store import RuntimeDecider
from dualuse.interfaces.api.store_schemas import (
    ActionIn, ApplicationIn, ApplicationOut, AuditEntryOut, CaseDispositionIn, CaseOut,
    CaseSummaryOut, ClassifyIn, DispositionOut, DocumentIn, LicenceIn, LicenceOut, MeOut, RescreenIn, RescreenOut,
    RevokeIn, ScreeningDispositionIn, ShipmentIn, VerifyOut,
)
from dualuse.services import applications, audit, cases, dispositions, licences, rescreen
from dualuse.storage.database import Store
from dualuse.storage.errors import NotFoundError
from dualuse.storage.vocabulary import ApplicationAction, Entity, LicenceState
from dualuse.transaction import Transaction
from dualuse.vocabulary import Outcome

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES, route_class=ExactJsonRoute)
open_router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES, route_class=ExactJsonRoute)

User = Annotated[Principal, Depends(signed_in)]
Reader = Annotated[Principal | None, Depends(reader)]
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


def store(request: Request) -> Store:
    found = getattr(request.app.state, "store", None)
    if found is None:
        raise ApiError(503, "no_store", "this server runs without a database: set DUALUSE_DATABASE_URL or use `dualuse serve`")
    return found


def decider(request: Request) -> RuntimeDecider:
    return RuntimeDecider(request.app.state.runtime)


Db = Annotated[Store, Depends(store)]
Decider = Annotated[RuntimeDecider, Depends(decider)]


@open_router.post("/classify", tags=["decisions"], summary="Classify an item", response_model=dict[str, Any])
def classify(request: Request, _: Reader, body: ClassifyIn) -> dict:
    """The Control List entries an item may fall under, from its description (中文, 日本語, English)
    and/or its customs code, with the parameters that decide and the questions still open."""
    from dualuse.classification import classify as run

    if not body.text.strip() and not body.hs_code:
        raise ApiError(422, "invalid_input", "give a description or a customs code", "text")
    runtime: Runtime = request.app.state.runtime
    return run(body.text, hs_code=body.hs_code or None, regime=runtime.regime).to_dict()


@router.get("/me", tags=["users"], summary="Who is signed in", response_model=MeOut, response_model_exclude_none=True,
            responses=STORE_RESPONSES)
def me(request: Request, user: User) -> dict:
    """The signed-in user; for a browser signed in with a cookie also the `csrf_token` its
    script sends as `X-CSRF-Token` on unsafe API requests."""
    out: dict[str, Any] = {"name": user.name, "role": user.role}
    if not request.headers.get("authorization") and request.cookies.get(CSRF_COOKIE):
        out["csrf_token"] = request.cookies[CSRF_COOKIE]
    return out


# Cases -------------------------------------------------------------------------------------------


@router.post("/cases", status_code=201, tags=["cases"], summary="Decide a transaction and keep it as a case",
             response_model=CaseSummaryOut, responses=STORE_RESPONSES)
def create_case(
    db: Db, user: User, dec: Decider,
    transaction: Annotated[Transaction, Body(openapi_examples=TRANSACTION_EXAMPLES)],
    as_of: Annotated[date | None, Query(description="Decide as of this date; overrides the transaction's `date`.")] = None,
) -> dict:
    """The decision of `POST /check`, recorded with who asked, the data version and an audit entry
    (role `case.add`). Returns the new case's id and outcome."""
    return cases.add_case(db, user.name, transaction, decider=dec, as_of=as_of, source="api").summary()


@router.get("/cases", tags=["cases"], summary="List cases", response_model=list[CaseSummaryOut], responses=STORE_RESPONSES)
def list_cases(
    db: Db, user: User,
    outcome: Annotated[Outcome | None, Query(description="Only cases the engine decided so.")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
) -> list[dict]:
    return [c.summary() for c in cases.list_cases(db, user.name, outcome=outcome, limit=limit)]


@router.get("/cases/{case_id}", tags=["cases"], summary="A case with its decision", response_model=CaseOut, responses=STORE_RESPONSES)
def get_case(db: Db, user: User, case_id: Id) -> dict:
    """The transaction as decided, the decision with every reason and citation, and the disposition."""
    return cases.get_case(db, user.name, case_id).to_dict()


@router.post("/cases/{case_id}/disposition", tags=["cases"], summary="Settle a REVIEW case",
             response_model=CaseOut, responses=STORE_RESPONSES)
def dispose_case(db: Db, user: User, case_id: Id, body: CaseDispositionIn) -> dict:
    """A reviewer settles a REVIEW case as `cleared`, `licence_required` or `prohibited`, with a reason."""
    return cases.dispose_case(db, user.name, case_id, body.disposition, body.reason).to_dict()


# Screening dispositions ----------------------------------------------------------------------------


@router.post("/dispositions", status_code=201, tags=["cases"], summary="Record that a party is not a list entry",
             response_model=DispositionOut, responses=STORE_RESPONSES)
def add_disposition(db: Db, user: User, dec: Decider, body: ScreeningDispositionIn) -> dict:
    """A reviewer's finding, valid until `expires_on` or until the list entry changes. Later cases
    for the party no longer raise that entry's reasons."""
    content_hash = dec.entry_hash(body.entity_id)
    if content_hash is None:
        raise NotFoundError("list entry", body.entity_id)
    view = dispositions.add_disposition(
        db, user.name, party_name=body.party_name, entity_id=body.entity_id, entry_hash=content_hash,
        reason=body.reason, expires_on=body.expires_on,
    )
    return view.to_dict()


@router.get("/dispositions", tags=["cases"], summary="List screening dispositions",
            response_model=list[DispositionOut], responses=STORE_RESPONSES)
def list_dispositions(
    db: Db, user: User, active_on: Annotated[date | None, Query(description="Only those not expired on this date.")] = None,
) -> list[dict]:
    return [d.to_dict() for d in dispositions.list_dispositions(db, user.name, active_on=active_on)]


# Licence applications ------------------------------------------------------------------------------


@router.post("/applications", status_code=201, tags=["applications"], summary="Draft a licence application for a case",
             response_model=ApplicationOut, responses=STORE_RESPONSES)
def create_application(db: Db, user: User, body: ApplicationIn) -> dict:
    view = applications.create_application(
        db, user.name, body.case_id, body.licence_type, watch_list=body.watch_list, note=body.note
    )
    return view.to_dict()


@router.get("/applications", tags=["applications"], summary="The review queue",
            response_model=list[ApplicationOut], responses=STORE_RESPONSES)
def application_queue(
    db: Db, user: User,
    today: Annotated[date | None, Query(description="Working days are counted from this day (default today).", ge=date(1990, 1, 1), le=date(2199, 12, 31))] = None,
) -> list[dict]:
    """Pending applications (submitted, accepted, consulting, returned), soonest due first, with `due_on`, `working_days_left` (negative: overdue;
    frozen while consulting) and, for a Watch List party, the note that the time limit does not bind."""
    return [a.to_dict(today) for a in applications.queue(db, user.name)]


@router.get("/applications/{application_id}", tags=["applications"], summary="One application",
            response_model=ApplicationOut, responses=STORE_RESPONSES)
def get_application(db: Db, user: User, application_id: Id) -> dict:
    return applications.get_application(db, user.name, application_id).to_dict()


@router.post("/applications/{application_id}/documents", tags=["applications"], summary="Attach a document",
             response_model=ApplicationOut, responses=STORE_RESPONSES)
def add_document(db: Db, user: User, application_id: Id, body: DocumentIn) -> dict:
    return applications.add_document(db, user.name, application_id, body.kind, body.reference).to_dict()


@router.post("/applications/{application_id}/{action}", tags=["applications"], summary="Move an application on",
             response_model=ApplicationOut, responses=STORE_RESPONSES)
def application_action(
    db: Db, user: User, application_id: Id,
    action: Annotated[ApplicationAction, Path(description="submit, accept, return, approve, deny, withdraw, consult or resume.")],
    body: Annotated[ActionIn | None, Body()] = None,
) -> dict:
    """One step of the lifecycle (`rules.yaml` application_transitions): who may, and from which
    state, is the service's call. `accept` starts the 45-working-day clock, `consult` stops it."""
    body = body or ActionIn(note="", date=None)
    view = applications.transition(db, user.name, application_id, action, today=body.date, note=body.note)
    return view.to_dict(body.date)


# Licences --------------------------------------------------------------------------------------------


@router.post("/licences", status_code=201, tags=["licences"], summary="Issue a licence for an approved application",
             response_model=LicenceOut, responses=STORE_RESPONSES)
def issue_licence(db: Db, user: User, body: LicenceIn) -> dict:
    view = licences.issue_licence(
        db, user.name, body.application_id, valid_from=body.valid_from, valid_until=body.valid_until,
        number=body.number, quantity_limit=body.quantity_limit, value_limit=body.value_limit,
    )
    return view.to_dict()


@router.get("/licences", tags=["licences"], summary="List licences", response_model=list[LicenceOut], responses=STORE_RESPONSES)
def list_licences(
    db: Db, user: User, state: Annotated[LicenceState | None, Query(description="valid, exhausted or revoked.")] = None,
) -> list[dict]:
    return [lic.to_dict() for lic in licences.list_licences(db, user.name, state=state)]


@router.get("/licences/{licence_id}", tags=["licences"], summary="A licence with what remains of it",
            response_model=LicenceOut, responses=STORE_RESPONSES)
def get_licence(db: Db, user: User, licence_id: Id) -> dict:
    return licences.get_licence(db, user.name, licence_id).to_dict()


@router.post("/licences/{licence_id}/shipments", status_code=201, tags=["licences"], summary="Record a shipment",
             response_model=LicenceOut, responses=STORE_RESPONSES)
def ship(db: Db, user: User, licence_id: Id, body: ShipmentIn) -> dict:
    """Depletes the licence, or is refused (409) with every reason at once: state, validity, end
    user, remaining quantity or value, a single licence's one export."""
    view = licences.ship(
        db, user.name, licence_id, shipped_on=body.shipped_on, quantity=body.quantity, value=body.value,
        end_user_name=body.end_user_name, end_user_country=body.end_user_country, reference=body.reference,
    )
    return view.to_dict()


@router.post("/licences/{licence_id}/revoke", tags=["licences"], summary="Revoke a licence",
             response_model=LicenceOut, responses=STORE_RESPONSES)
def revoke(db: Db, user: User, licence_id: Id, body: RevokeIn) -> dict:
    return licences.revoke_licence(db, user.name, licence_id, body.reason).to_dict()


# Audit and re-screening ------------------------------------------------------------------------------


@router.get("/audit/verify", tags=["audit"], summary="Verify the audit chain", response_model=VerifyOut, responses=STORE_RESPONSES)
def verify(db: Db, _: User) -> dict:
    """Walks the hash chain: `ok`, the number of entries, and the first edited or missing entry."""
    result = audit.verify(db)
    return {"ok": result.ok, "entries": result.entries, "first_bad": result.first_bad, "message": result.message}


@router.get("/audit/log", tags=["audit"], summary="Audit entries, newest last",
            response_model=list[AuditEntryOut], responses=STORE_RESPONSES)
def audit_log(
    db: Db, _: User,
    entity: Annotated[Entity | None, Query(description="Only entries about this kind of record.")] = None,
    entity_id: Annotated[str | None, Query(max_length=40, description="Only entries about this record.")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
) -> list[dict]:
    return audit.log(db, entity=entity, entity_id=entity_id, limit=limit)


@router.post("/rescreen", tags=["audit"], summary="Decide open records again on the current data",
             response_model=RescreenOut, responses=STORE_RESPONSES)
def run_rescreen(db: Db, user: User, dec: Decider, body: Annotated[RescreenIn | None, Body()] = None) -> dict:
    """Open cases, pending applications and valid licences, decided again; an alert for each one
    whose outcome got worse (reviewer or admin)."""
    today = body.today if body else None
    return rescreen.rescreen(db, user.name, decider=dec, today=today).to_dict()

