"""The web app's pages. Thin like the API routes: read the form, call the runtime's services,
render a template. Every page works as a plain form; htmx (vendored in static/) only swaps
the result in place."""

from __future__ import annotations

import hmac
import json
import secrets
from datetime import date, datetime, timezone
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from dualuse import limits
from dualuse.errors import InputError
from dualuse.interfaces.api.auth import SESSION_COOKIE, USER_SESSION_COOKIE, Principal, reader
from dualuse.interfaces.api.errors import ApiError
from dualuse.interfaces.api.runtime import Runtime, ScreenQuery
from dualuse.interfaces.api.schemas import ScreenName
from dualuse.interfaces.web import export, forms, i18n, nav
from dualuse.services import reading, regime_view
from dualuse.transaction import parse_transaction_text
from dualuse.vocabulary import Band, ListKind, MeasureState
from dualuse.storage.vocabulary import Permission

router = APIRouter(include_in_schema=False)

_env = Environment(
    loader=PackageLoader("dualuse.interfaces.web", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)



def _amount(value: float | int) -> str:
    """12000.0 -> 12,000; 0.25 -> 0.25 (figures as a reviewer writes them)."""
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,}"


def _explanation(text: str) -> tuple[str, str]:
    """A matcher's explanation as (the verdict, the feature breakdown): the words before
    `. Scores: ` (the cross-script matcher's, issue 17), else split at the first `): ` or `: `."""
    head, found, rest = text.partition(". Scores: ")
    if found and rest:
        return head + ".", "Scores: " + rest
    for mark in ("): ", ": "):
        head, found, rest = text.partition(mark)
        if found and rest:
            return head + found.rstrip(": "), rest
    return text, ""


_env.filters["amount"] = _amount
_env.filters["as_json"] = lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"))
_env.filters["explanation"] = _explanation

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
CSRF_COOKIE = "dualuse_csrf"
CSRF_FIELD = "csrf"
STORE_PAGES = {"cases", "applications", "licences", "audit", "batch"}  # shown in the navigation when there is a store
SCREEN_TOP_CHOICES = (3, 5, 10)
SCREEN_NAME_MAX = ScreenName.model_json_schema()["properties"]["name"]["maxLength"]  # the API's limit
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
COMMON_COUNTRIES = ("CN", "JP", "US", "KR", "TW", "HK", "SG", "DE", "NL", "FR", "GB", "IN", "VN", "TH", "MY", "RU")


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page in the user's language, with what every page shows (nav, data version, who)."""
    t = i18n.Translator(i18n.negotiate(request))
    runtime: Runtime = request.app.state.runtime
    has_store = getattr(request.app.state, "store", None) is not None
    entries = [e for e in nav.entries() if has_store or e.key not in STORE_PAGES]
    page = _env.get_template(template).render(
        request=request, t=t, lang=t.lang, languages=i18n.language_names(), nav=entries,
        path=request.url.path, here=_here(request), data_version=runtime.data_version, version=runtime.version,
        data_as_of=runtime.regime.data_as_of.isoformat(), data_stale=bool(runtime.staleness()),
        principal=getattr(request.state, "principal", None), auth_required=request.app.state.settings.require_auth,
        csrf=csrf_token(request), has_store=has_store,
        reading=reading.Reader(lambda: runtime.entities, lambda: runtime.regime.instruments, t.lang),
        **context,
    )
    response = HTMLResponse(page, status_code=status, headers=SECURITY_HEADERS)
    remember_csrf(request, response)
    chosen = getattr(request.state, "lang", None)
    if chosen and chosen != request.cookies.get(i18n.COOKIE):
        response.set_cookie(i18n.COOKIE, chosen, max_age=LANGUAGE_COOKIE_AGE, samesite="lax", httponly=True)
    return response


def switch_language(request: Request, form: dict[str, str]) -> bool:
    """True when this POST is a language switch (a language button posts the page's form with
    `lang`): the page is answered in that language and the choice remembered like /lang/{lang}."""
    lang = form.get("lang", "")
    if lang not in i18n.LANGUAGES:
        return False
    request.state.lang = lang
    return True


def csrf_token(request: Request) -> str:
    """The CSRF token of this browser (double-submit: an HttpOnly cookie, echoed in every POST form)."""
    token = getattr(request.state, "csrf", None) or request.cookies.get(CSRF_COOKIE)
    if not token or len(token) > 100:
        token = secrets.token_urlsafe(32)
    request.state.csrf = token
    return token


def remember_csrf(request: Request, response: Response) -> None:
    token = getattr(request.state, "csrf", None)
    if token and token != request.cookies.get(CSRF_COOKIE):
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https")


async def posted_form(request: Request) -> dict[str, str]:
    """The fields of a POSTed form whose CSRF token matches this browser's; else 403."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    expected = request.cookies.get(CSRF_COOKIE) or ""
    given = form.get(CSRF_FIELD, "")
    if not expected or not hmac.compare_digest(expected.encode(), given.encode()):
        t = i18n.Translator(i18n.negotiate(request))
        raise ApiError(403, "csrf", t("csrf.invalid"))
    return form


async def web_reader(request: Request, principal: Principal | None = Depends(reader)) -> Principal | None:
    request.state.principal = principal
    return principal


def html_errors(request: Request, status: int, code: str, message: str) -> Response:
    """Errors outside /api as pages; a page that needs a sign-in sends the user to it."""
    if status == 401 and request.method == "GET":
        return RedirectResponse(f"/login?next={quote(_here(request), safe='/')}", status_code=303)
    return render(request, "error.html", status=status, status_code=status, code=code, message=message)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/check", status_code=303)


@router.get("/lang/{lang}")
def choose_language(lang: str, next: str = "/") -> RedirectResponse:
    """Remember the language for a year and go back where the user was."""
    response = RedirectResponse(_safe_next(next), status_code=303)
    if lang in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, lang, max_age=LANGUAGE_COOKIE_AGE, samesite="lax", httponly=True)
    return response


@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request, transaction: str | None = None, _: Principal | None = Depends(web_reader)) -> HTMLResponse:
    """The empty form; with `transaction` (the decided transaction as JSON, carried through the
    sign-in) the form filled in again and the decision made again, ready to record."""
    if not transaction:
        return _check_page(request, forms.defaults(date.today().isoformat()))
    try:
        parsed = parse_transaction_text(transaction, source="JSON")
    except InputError as error:
        return _check_page(request, {"json": transaction}, errors=[_json_error(request, error)], status=422)
    values = forms.values_from_transaction(parsed.model_dump(mode="json"), transaction)
    decision = request.app.state.runtime.check(parsed, None)
    return _check_page(request, values, decision=decision.model_dump(mode="json"), transaction=parsed.model_dump(mode="json"))


@router.post("/check", response_class=HTMLResponse)
async def check_submit(request: Request, _: Principal | None = Depends(web_reader)) -> HTMLResponse:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    if switch_language(request, form) and form.get("decided") != "1":
        return _check_page(request, form)  # nothing decided yet: the form as typed, in the new language
    pasted = form.get("json", "").strip()
    try:
        if pasted:
            transaction = parse_transaction_text(pasted, source="JSON")
        else:
            built = forms.transaction_from_form(form)
            transaction, errors = forms.check_form(built)
            if errors:  # every wrong input at once, each beside its field
                return _check_page(request, form, errors=errors, status=422)
        decision = request.app.state.runtime.check(transaction, None)
    except InputError as error:
        if pasted:
            return _check_page(request, form, errors=[_json_error(request, error)], status=422)
        wrong = forms.FieldError(built.input_for(error.field) or "items-0-description", "", {}, error.message)
        return _check_page(request, form, errors=[wrong], status=422)
    return _check_page(request, form, decision=decision.model_dump(mode="json"), transaction=transaction.model_dump(mode="json"))


def _json_error(request: Request, error: InputError) -> forms.FieldError:
    t = i18n.Translator(i18n.negotiate(request))
    where = [t("form.line", n=error.line)] if error.line else []
    where += [error.field] if error.field else []
    return forms.FieldError("json", "", {}, error.message + (f" ({', '.join(where)})" if where else ""))


def _check_page(request: Request, values: dict[str, str], *, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("decision", None)
    context.setdefault("transaction", None)
    context.setdefault("errors", [])
    if context["transaction"] is not None:
        back = "/check?" + urlencode({"transaction": json.dumps(context["transaction"], ensure_ascii=False, separators=(",", ":"))})
        context["sign_in_url"] = "/login?" + urlencode({"next": back})
    return render(
        request, "check.html", state_form="check-form", status=status, values=values, labels=forms.input_label, party_rows=range(forms.PARTY_ROWS),
        item_rows=range(forms.ITEM_ROWS), roles=forms.ROLES, kinds=forms.KINDS, categories=forms.CATEGORIES,
        flags=forms.FLAGS, countries=COMMON_COUNTRIES, printed=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        **context,
    )


@router.get("/screen", response_class=HTMLResponse)
def screen_page(request: Request, _: Principal | None = Depends(web_reader)) -> HTMLResponse:
    return _screen_page(request, {"names": "", "country": "", "top": "5"})


@router.post("/screen", response_class=HTMLResponse)
async def screen_submit(request: Request, _: Principal | None = Depends(web_reader)) -> HTMLResponse:
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    if switch_language(request, form) and form.get("screened") != "1":
        return _screen_page(request, form)
    t = i18n.Translator(i18n.negotiate(request))
    limit = request.app.state.settings.max_web_screen_names
    lines = form.get("names", "").splitlines()
    too_long = next(((number, len(line.strip())) for number, line in enumerate(lines, 1) if len(line.strip()) > SCREEN_NAME_MAX), None)
    if too_long:  # the API's limit, said; never a name cut short and answered as if whole
        return _screen_page(request, form, error=t("screen.too_long", line=too_long[0], n=SCREEN_NAME_MAX, length=too_long[1]),
                            bad_input="names", status=422)
    names = list(dict.fromkeys(line.strip() for line in lines if line.strip()))
    top = int(form["top"]) if form.get("top", "").isdigit() and int(form["top"]) in SCREEN_TOP_CHOICES else 5
    if not names:
        return _screen_page(request, form, error=t("screen.empty"), bad_input="names", status=422)
    if len(names) > limit:
        return _screen_page(request, form, error=t("screen.too_many", n=limit), bad_input="names", status=422)
    if any(len(n) > limits.MAX_NAME_CHARS for n in names):  # the same limit as the API and the CLI
        return _screen_page(request, form, error=t("screen.too_long", n=limits.MAX_NAME_CHARS), bad_input="names", status=422)
    try:
        queries = [ScreenName(name=n, country=form.get("country") or None) for n in names]
    except ValidationError as error:
        message = str(error.errors()[0]["msg"]).removeprefix("Value error, ")
        return _screen_page(request, form, error=message, bad_input="country", status=422)
    runtime: Runtime = request.app.state.runtime
    results = await run_in_threadpool(runtime.screen, [ScreenQuery(q.name, q.country) for q in queries], top)
    if form.get("export") == "csv":
        return _screen_csv(request, results, t.lang)
    counts = {band.value: sum(r.band is band for r in results) for band in Band}
    return _screen_page(request, form, results=results, counts=counts, entities=runtime.entities)


def _screen_csv(request: Request, results: list, lang: str) -> Response:
    """The screening as a CSV: one row per candidate (a name without any, one row with its band)."""
    runtime: Runtime = request.app.state.runtime
    reader = reading.Reader(lambda: runtime.entities, lambda: runtime.regime.instruments, lang)
    rows = []
    for r in results:
        if not r.candidates:
            rows.append([r.query.name, r.query.country, r.band.value, "", "", "", "", "", "", "", ""])
        for rank, m in enumerate(r.candidates, 1):
            listed = reader.listing(m.entity_id)
            rows.append([r.query.name, r.query.country, r.band.value, rank, m.band.value, round(m.score, 3), m.matched_name,
                         m.entity_id, listed.name if listed else "", listed.list if listed else "",
                         listed.notice_url if listed else ""])
    header = ["name", "country", "name_band", "rank", "candidate_band", "score", "matched_name", "entity_id",
              "listed_name", "list", "notice_url"]
    return export.csv_download(f"screening-{runtime.data_version}.csv", header, rows)


def _screen_page(request: Request, values: dict[str, str], *, status: int = 200, **context: Any) -> HTMLResponse:
    for key in ("results", "error", "bad_input", "counts"):
        context.setdefault(key, None)
    context.setdefault("entities", {})
    return render(request, "screen.html", status=status, state_form="screen-form", values=values,
                  names_max=request.app.state.settings.max_web_screen_names, name_chars_max=SCREEN_NAME_MAX, countries=COMMON_COUNTRIES,
                  top_choices=SCREEN_TOP_CHOICES, **context)


@router.get("/regime", response_class=HTMLResponse)
def regime_page(request: Request, on: str | None = None, list_kind: str = Query("", alias="list"), country: str = "", state: str = "",
                past: str = "", principal: Principal | None = Depends(web_reader)) -> HTMLResponse:
    """What is in force on a day, narrowed by list, country and state (query parameters, so a
    filtered view can be bookmarked); research notes only for roles with `regime.notes`."""
    runtime: Runtime = request.app.state.runtime
    error, status = None, 200
    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError:
        day, status = date.today(), 422
        error = i18n.Translator(i18n.negotiate(request))("regime.bad_date", value=on[:40])
    code = country.strip().upper()[:2]
    chosen = regime_view.RegimeFilter(
        ListKind(list_kind) if list_kind in {k.value for k in ListKind} else None, code if len(code) == 2 and code.isalpha() else None,
        MeasureState(state) if state in {s.value for s in MeasureState} else None,
    )
    notes = principal is not None and request.app.state.policy.allows(principal, Permission.REGIME_NOTES)
    view = regime_view.regime_view(runtime.regime, day, chosen, notes=notes, all_past=past == "all")
    query = urlencode({k: v for k, v in (("on", on or ""), ("list", chosen.list.value if chosen.list else ""),
                                          ("country", chosen.country or ""), ("state", chosen.state.value if chosen.state else "")) if v})
    return render(
        request, "regime.html", status=status, day=day.isoformat(), view=view, rows=view.rows, error=error, chosen=chosen,
        upcoming=view.upcoming, past=view.past, counts=view.counts, notes=notes, query=query,
        states=[s.value for s in MeasureState],
    )


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/check") -> HTMLResponse:
    return render(request, "login.html", state_form="login-form", next=_safe_next(next), error=None, name="")


@router.post("/login", response_class=HTMLResponse, response_model=None)
async def login_submit(request: Request) -> Response:
    """With a store: name and password, then a new server-side session (any older one of this
    browser ends). Without: an API token."""
    form = await posted_form(request)
    target = _safe_next(form.get("next") or "/check")
    if switch_language(request, form):  # the name typed and where to go next are kept; never the password
        return render(request, "login.html", state_form="login-form", next=target, error=None,
                      name=form.get("name", "").strip()[:120])
    t = i18n.Translator(i18n.negotiate(request))
    secure = request.url.scheme == "https"
    sessions = getattr(request.app.state, "sessions", None)
    if sessions is not None and "password" in form:
        name = form.get("name", "").strip()[:120]
        throttle = request.app.state.login_throttle
        address = request.client.host if request.client else "-"
        wait = throttle.retry_after(name, address)
        if wait:  # refused before any hashing: guessing costs the server nothing
            page = render(request, "login.html", state_form="login-form", status=429, next=target, error=t("login.throttled", seconds=wait), name=name)
            page.headers["Retry-After"] = str(wait)
            return page
        user = await run_in_threadpool(request.app.state.store_authenticator.check_password, name, form.get("password", ""))
        if user is None:
            throttle.failed(name, address)
            return render(request, "login.html", state_form="login-form", status=401, next=target, error=t("login.bad_password"), name=name)
        throttle.succeeded(name)
        token = await run_in_threadpool(sessions.start, user.name, request.cookies.get(USER_SESSION_COOKIE))
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(USER_SESSION_COOKIE, token, max_age=sessions.max_age, httponly=True,
                            samesite="lax", secure=secure)
    else:
        token = form.get("token", "").strip()
        if not token or await _authenticate(request, token) is None:
            return render(request, "login.html", state_form="login-form", status=401, next=target, error=t("login.invalid"), name="")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=secure)
    response.set_cookie(CSRF_COOKIE, secrets.token_urlsafe(32), httponly=True, samesite="lax", secure=secure)  # a new one per sign-in
    return response


async def _authenticate(request: Request, token: str) -> Principal | None:
    authenticator = request.app.state.authenticator
    if getattr(authenticator, "blocking", False):
        return await run_in_threadpool(authenticator.authenticate, token)
    return authenticator.authenticate(token)


@router.post("/logout")
async def logout(request: Request) -> RedirectResponse:
    await posted_form(request)
    sessions = getattr(request.app.state, "sessions", None)
    if sessions is not None:  # the session ends on the server: the cookie is worth nothing after this
        await run_in_threadpool(sessions.end, request.cookies.get(USER_SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    response.delete_cookie(USER_SESSION_COOKIE)
    response.delete_cookie(CSRF_COOKIE)
    return response


def _here(request: Request) -> str:
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def _safe_next(target: str) -> str:
    """Only a path on this site (never `//host` or a scheme), so a link cannot send users away."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
