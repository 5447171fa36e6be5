"""The web app's pages over the store: cases (with the reviewer's disposition and the printed
transaction review record), licence applications as a queue, licences and their shipments, the
audit log and its verification; and the classification box of the check page.

Thin like the API routes: read the form (its CSRF token checked), pass the signed-in user's name
to the service, redirect to the record (POST/redirect/GET), or show the service's refusal with
every reason. Which buttons a page offers follows `rules.yaml`; the service decides.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from dualuse.errors import InputError
from dualuse.interfaces.api.auth import Principal, current_principal
from dualuse.interfaces.api.errors import ApiError, status_of
from dualuse.interfaces.api.store import RuntimeDecider
from dualuse.interfaces.web import export, i18n, nav, refusals
from dualuse.interfaces.web.pages import posted_form, render, web_reader
from dualuse.services import applications, audit, cases, desk_search, licences, reading, record_pdf
from dualuse.storage.database import Store
from dualuse.storage.errors import NotFoundError, RefusedError
from dualuse.storage.rules import rules
from dualuse.storage.vocabulary import ApplicationState, DocumentKind, Entity, LicenceType, Permission
from dualuse.transaction import parse_transaction_text
from dualuse.vocabulary import Outcome

router = APIRouter(include_in_schema=False)
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
OUTCOMES = [o.value for o in Outcome]
AUDIT_PAGE = 200

nav.register(nav.NavEntry("cases", "/cases", 30))
nav.register(nav.NavEntry("applications", "/applications", 40))
nav.register(nav.NavEntry("licences", "/licences", 50))
nav.register(nav.NavEntry("audit", "/audit", 80))


def _store(request: Request) -> Store:
    found = getattr(request.app.state, "store", None)
    if found is None:
        raise ApiError(404, "not_found", f"no such page: {request.url.path} (this server runs without a database)")
    return found


async def web_user(request: Request, principal: Principal | None = Depends(current_principal)) -> Principal:
    """A signed-in user of the store; anyone else is sent to the sign-in page."""
    _store(request)
    if principal is None or principal.role is None:
        raise ApiError(401, "unauthorized", i18n.Translator(i18n.negotiate(request))("login.needed"))
    request.state.principal = principal
    return principal


User = Annotated[Principal, Depends(web_user)]


class Refused(Exception):
    """A service's refusal or bad input, to show on the page it came from."""

    def __init__(self, status: int, message: str, reasons: tuple[str, ...] = (), field: str | None = None,
                 kind: str = "other"):
        self.status, self.message, self.reasons, self.field, self.kind = status, message, reasons, field, kind


async def call(function: Any, *args: Any, **kwargs: Any) -> Any:
    """A service call off the event loop; its refusals become a `Refused` the page shows."""
    try:
        return await run_in_threadpool(function, *args, **kwargs)
    except NotFoundError as error:
        raise ApiError(404, "not_found", error.message, error.field) from None
    except RefusedError as error:
        raise Refused(status_of(error)[0], error.message, error.reasons, kind=refusals.kind_of(error)) from None
    except InputError as error:
        raise Refused(422, error.message, (), error.field, kind=refusals.kind_of(error)) from None


def _printed() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


# Classification -------------------------------------------------------------------------------------


@router.get("/classify", response_class=HTMLResponse)
async def classify_page(request: Request, text: str = "", hs_code: str = "", _: Principal | None = Depends(web_reader)) -> HTMLResponse:
    from dualuse.classification import classify

    result, error = None, None
    text, hs_code = text[:5000], hs_code.strip()[:20]
    if text.strip() or hs_code:
        try:
            runtime = request.app.state.runtime
            result = (await run_in_threadpool(classify, text, hs_code or None, runtime.regime)).to_dict()
        except InputError as problem:
            error = problem
    return render(request, "classify.html", status=422 if error else 200, text=text, hs_code=hs_code, cl_result=result,
                  cl_error=error)


# Cases --------------------------------------------------------------------------------------------------


def _case_filter(outcome: str, party: str, since: str, until: str) -> desk_search.CaseFilter:
    def day(text: str) -> date | None:
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            return None

    return desk_search.CaseFilter(Outcome(outcome) if outcome in OUTCOMES else None, party.strip()[:200], day(since), day(until))


@router.get("/cases", response_class=HTMLResponse)
async def case_list(request: Request, user: User, outcome: str = "", party: str = "", since: str = "", until: str = "") -> HTMLResponse:
    chosen = _case_filter(outcome, party, since, until)
    rows = await call(desk_search.find_cases, _store(request), user.name, chosen)
    query = urlencode({k: v for k, v in (("outcome", outcome), ("party", chosen.party), ("since", since), ("until", until)) if v})
    return render(request, "cases.html", rows=list(reversed(rows)), outcome=chosen.outcome.value if chosen.outcome else "",
                  outcomes=OUTCOMES, chosen=chosen, query=query, summary=desk_search.case_summary)


@router.get("/cases.csv", response_model=None)
async def case_list_csv(request: Request, user: User, outcome: str = "", party: str = "", since: str = "", until: str = "") -> Response:
    """The cases of the list page (same filter) as a CSV."""
    rows = await call(desk_search.find_cases, _store(request), user.name, _case_filter(outcome, party, since, until))
    header = ["case_id", "outcome", "final_outcome", "as_of", "destination", "parties", "items", "value", "recorded_by",
              "recorded_at", "disposition", "disposed_by", "data_version"]
    out = []
    for c in rows:
        about = desk_search.case_summary(c)
        out.append([c.id, c.outcome.value, c.final_outcome.value, c.as_of.isoformat(), about["destination"],
                    "; ".join(about["parties"]), "; ".join(about["items"]),
                    "; ".join(f"{v:g} {cur}".strip() for cur, v in about["values"]),
                    c.created_by, c.created_at, c.disposition.value if c.disposition else "", c.disposed_by, c.data_version])
    return export.csv_download("cases.csv", header, out)


@router.post("/cases", response_class=HTMLResponse, response_model=None)
async def case_create(request: Request, user: User) -> Response:
    """Record the transaction the check page decided (posted back as its JSON) as a case."""
    form = await posted_form(request)
    try:
        transaction = parse_transaction_text(form.get("transaction", ""), source="JSON")
        view = await call(cases.add_case, _store(request), user.name, transaction,
                          decider=RuntimeDecider(request.app.state.runtime), source="web")
    except (InputError, Refused) as error:
        message = error.message
        status = error.status if isinstance(error, Refused) else 422
        return render(request, "error.html", status=status, status_code=status, code="refused", message=message)
    return RedirectResponse(f"/cases/{view.id}", status_code=303)


async def _case_page(request: Request, user: Principal, case_id: int, template: str, *, status: int = 200,
                     refused: Refused | None = None) -> HTMLResponse:
    store = _store(request)
    case = await call(cases.get_case, store, user.name, case_id)
    apps = [a for a in await call(applications.queue, store, user.name) if a.case_id == case_id]
    retention = rules().retention[Entity.CASE]
    keep_until = cases.add_years(date.fromisoformat(case.created_at[:10]), retention.years)
    return render(
        request, template, status=status, case=case, decision=case.decision, transaction=case.transaction,
        printed=_printed(), refused=refused, keep_until=keep_until.isoformat(), retention=retention,
        may_dispose=user.role in {r.value for r in rules().permissions[Permission.CASE_DISPOSE]},
        may_apply=user.role in {r.value for r in rules().permissions[Permission.APPLICATION_CREATE]},
        licence_types=[t.value for t in LicenceType], pending=apps,
    )


@router.get("/cases/{case_id}", response_class=HTMLResponse)
async def case_detail(request: Request, user: User, case_id: Id) -> HTMLResponse:
    return await _case_page(request, user, case_id, "case.html")


@router.get("/cases/{case_id}/record", response_class=HTMLResponse)
async def case_record(request: Request, user: User, case_id: Id) -> HTMLResponse:
    """The transaction review record for the 5-year file: one page to print."""
    return await _case_page(request, user, case_id, "case_record.html")


@router.get("/cases/{case_id}/record.pdf", response_model=None)
async def case_record_pdf(request: Request, user: User, case_id: Id) -> Response:
    """The transaction review record as a PDF (services/record_pdf.py), for whoever may read the case."""
    t = i18n.Translator(i18n.negotiate(request))
    runtime = request.app.state.runtime
    reader = reading.Reader(lambda: runtime.entities, lambda: runtime.regime.instruments, t.lang)
    pdf = await call(record_pdf.review_record, _store(request), user.name, case_id, labels=t, reader=reader, printed=_printed())
    return Response(pdf.content, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{pdf.filename}"', "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store"})


@router.post("/cases/{case_id}/disposition", response_class=HTMLResponse, response_model=None)
async def case_dispose(request: Request, user: User, case_id: Id) -> Response:
    form = await posted_form(request)
    try:
        await call(cases.dispose_case, _store(request), user.name, case_id, form.get("disposition", ""), form.get("reason", ""))
    except Refused as refused:
        return await _case_page(request, user, case_id, "case.html", status=refused.status, refused=refused)
    return RedirectResponse(f"/cases/{case_id}#disposition", status_code=303)


@router.post("/cases/{case_id}/applications", response_class=HTMLResponse, response_model=None)
async def case_apply(request: Request, user: User, case_id: Id) -> Response:
    form = await posted_form(request)
    try:
        view = await call(applications.create_application, _store(request), user.name, case_id,
                          form.get("licence_type", ""), note=form.get("note", "")[:2000])
    except Refused as refused:
        return await _case_page(request, user, case_id, "case.html", status=refused.status, refused=refused)
    return RedirectResponse(f"/applications/{view.id}", status_code=303)


# Applications -----------------------------------------------------------------------------------------


@router.get("/applications", response_class=HTMLResponse)
async def application_queue(request: Request, user: User) -> HTMLResponse:
    today = date.today()
    rows = await call(desk_search.application_queue, _store(request), user.name, today)
    return render(request, "applications.html", rows=rows, today=today.isoformat())


ACTION_ORDER = ("submit", "accept", "approve", "resume", "consult", "return", "deny", "withdraw")  # the usual step first


CONFIRMED_ACTIONS = ("approve", "deny", "withdraw")  # final: the browser asks before posting them


def _actions(state: str, role: str | None) -> list[str]:
    """The lifecycle actions `rules.yaml` offers this role from this state (the service decides)."""
    offered = {
        action.value for action, rule in rules().application_transitions.items()
        if state in {s.value for s in rule.from_} and role in {r.value for r in rule.roles}
    }
    return sorted(offered, key=lambda a: ACTION_ORDER.index(a) if a in ACTION_ORDER else len(ACTION_ORDER))


async def _application_page(request: Request, user: Principal, application_id: int, *, status: int = 200,
                            refused: Refused | None = None) -> HTMLResponse:
    store = _store(request)
    view = await call(applications.get_application, store, user.name, application_id)
    case = await call(cases.get_case, store, user.name, view.case_id)
    data = view.to_dict(date.today())
    licence = None
    if view.state is ApplicationState.APPROVED:
        licence = next((lic.to_dict() for lic in await call(licences.list_licences, store, user.name)
                        if lic.to_dict()["application_id"] == view.id), None)
    permissions = rules().permissions
    return render(
        request, "application.html", status=status, confirmed_actions=CONFIRMED_ACTIONS, app=data, case=case, refused=refused, licence=licence,
        actions=_actions(view.state.value, user.role), today=date.today().isoformat(),
        editable=view.state in (ApplicationState.DRAFT, ApplicationState.RETURNED)
        and user.role in {r.value for r in permissions[Permission.APPLICATION_DOCUMENT]},
        may_issue=user.role in {r.value for r in permissions[Permission.LICENCE_ISSUE]},
        document_kinds=[k.value for k in DocumentKind],
    )


@router.get("/applications/{application_id}", response_class=HTMLResponse)
async def application_detail(request: Request, user: User, application_id: Id) -> HTMLResponse:
    return await _application_page(request, user, application_id)


@router.post("/applications/{application_id}/documents", response_class=HTMLResponse, response_model=None)
async def application_document(request: Request, user: User, application_id: Id) -> Response:
    form = await posted_form(request)
    try:
        await call(applications.add_document, _store(request), user.name, application_id, form.get("kind", ""),
                   form.get("reference", "")[:500])
    except Refused as refused:
        return await _application_page(request, user, application_id, status=refused.status, refused=refused)
    return RedirectResponse(f"/applications/{application_id}#documents", status_code=303)


@router.post("/applications/{application_id}/action", response_class=HTMLResponse, response_model=None)
async def application_action(request: Request, user: User, application_id: Id) -> Response:
    form = await posted_form(request)
    try:
        day = _day(form.get("date"), "date")
        await call(applications.transition, _store(request), user.name, application_id, form.get("action", ""),
                   today=day, note=form.get("note", "")[:2000])
    except Refused as refused:
        return await _application_page(request, user, application_id, status=refused.status, refused=refused)
    return RedirectResponse(f"/applications/{application_id}", status_code=303)


@router.post("/applications/{application_id}/licence", response_class=HTMLResponse, response_model=None)
async def application_issue(request: Request, user: User, application_id: Id) -> Response:
    form = await posted_form(request)
    try:
        view = await call(
            licences.issue_licence, _store(request), user.name, application_id,
            valid_from=_day(form.get("valid_from"), "valid_from", required=True),
            valid_until=_day(form.get("valid_until"), "valid_until", required=True),
            number=form.get("number", "").strip()[:60] or None,
            quantity_limit=form.get("quantity_limit", "").strip() or None,
            value_limit=form.get("value_limit", "").strip() or None,
        )
    except Refused as refused:
        return await _application_page(request, user, application_id, status=refused.status, refused=refused)
    return RedirectResponse(f"/licences/{view.id}", status_code=303)


def _day(value: str | None, field: str, *, required: bool = False) -> date | None:
    text = (value or "").strip()
    if not text and not required:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise Refused(422, f"not a date {text!r}: expected YYYY-MM-DD", (), field, kind="input") from None
    if not date(1990, 1, 1) <= day <= date(2199, 12, 31):
        raise Refused(422, f"{text} is out of range (1990 to 2199)", (), field, kind="input")
    return day


# Licences -----------------------------------------------------------------------------------------------


@router.get("/licences", response_class=HTMLResponse)
async def licence_list(request: Request, user: User) -> HTMLResponse:
    rows = [lic.to_dict() for lic in await call(licences.list_licences, _store(request), user.name)]
    return render(request, "licences.html", rows=list(reversed(rows)))


async def _licence_page(request: Request, user: Principal, licence_id: int, *, status: int = 200,
                        refused: Refused | None = None, values: dict[str, str] | None = None) -> HTMLResponse:
    licence = (await call(licences.get_licence, _store(request), user.name, licence_id)).to_dict()
    covered = await call(desk_search.licence_coverage, _store(request), user.name, licence["application_id"])
    return render(
        request, "licence.html", status=status, licence=licence, refused=refused, covered=covered,
        may_ship=user.role in {r.value for r in rules().permissions[Permission.LICENCE_SHIP]},
        values=values or {"shipped_on": date.today().isoformat(), "end_user_name": licence["end_user_name"],
                          "end_user_country": licence["end_user_country"]},
    )


@router.get("/licences/{licence_id}", response_class=HTMLResponse)
async def licence_detail(request: Request, user: User, licence_id: Id) -> HTMLResponse:
    return await _licence_page(request, user, licence_id)


@router.post("/licences/{licence_id}/shipments", response_class=HTMLResponse, response_model=None)
async def licence_ship(request: Request, user: User, licence_id: Id) -> Response:
    form = await posted_form(request)
    try:
        await call(
            licences.ship, _store(request), user.name, licence_id,
            shipped_on=_day(form.get("shipped_on"), "shipped_on", required=True),
            quantity=form.get("quantity", "").strip() or "0", value=form.get("value", "").strip() or "0",
            end_user_name=form.get("end_user_name", "")[:500], end_user_country=form.get("end_user_country", "")[:8],
            reference=form.get("reference", "")[:500],
        )
    except Refused as refused:
        return await _licence_page(request, user, licence_id, status=refused.status, refused=refused, values=form)
    return RedirectResponse(f"/licences/{licence_id}#shipments", status_code=303)


# Audit --------------------------------------------------------------------------------------------------


def _audit_entity(entity: str) -> Entity | None:
    return Entity(entity) if entity in {e.value for e in Entity} else None


@router.get("/audit.csv", response_model=None)
async def audit_csv(request: Request, user: User, actor: str = "", entity: str = "") -> Response:
    """The audit log (the whole of it, or what the filter keeps) as a CSV, oldest first, with each
    entry's hash for checking the chain."""
    entries = await run_in_threadpool(lambda: desk_search.find_audit(_store(request), actor=actor, entity=_audit_entity(entity)))
    header = ["seq", "at", "actor", "action", "entity", "entity_id", "before", "after", "hash"]
    return export.csv_download("audit-log.csv", header, (
        [e["seq"], e["at"], e["actor"], e["action"], e["entity"], e["entity_id"],
         json.dumps(e["before"], ensure_ascii=False) if e["before"] is not None else "",
         json.dumps(e["after"], ensure_ascii=False) if e["after"] is not None else "", e["hash"]]
        for e in entries))


@router.get("/audit", response_class=HTMLResponse)
async def audit_page(request: Request, user: User, verify: bool = False, actor: str = "", entity: str = "") -> HTMLResponse:
    store = _store(request)
    result = await run_in_threadpool(audit.verify, store) if verify else None
    chosen = _audit_entity(entity)
    entries = await run_in_threadpool(lambda: desk_search.find_audit(store, actor=actor, entity=chosen, limit=AUDIT_PAGE))
    for entry in entries:
        entry["change"] = json.dumps(entry["after"] if entry["after"] is not None else entry["before"], ensure_ascii=False)[:400]
    query = urlencode({k: v for k, v in (("actor", actor.strip()), ("entity", chosen.value if chosen else "")) if v})
    return render(request, "audit.html", result=result, entries=list(reversed(entries)), limit=AUDIT_PAGE,
                  actor=actor.strip(), entity=chosen.value if chosen else "", entities=[e.value for e in Entity], query=query)
