"""The web app's batch and impact pages.

- **Batch** (`/batch`, signed-in users of the store): upload a row file, watch its progress bar
  (htmx polls `/batch/{id}/progress` every half second; without JavaScript the page refreshes
  itself), download the decisions and the rejects from the API's URLs when done.
- **Impact** (`/impact`, open like the check page): the bundled published scenarios, one
  scenario's inputs as an editable form recomputed with every formula and its numbers, and the
  exposure of an uploaded portfolio with its charts (PNG, and the interactive HTML in a frame
  from this server: its plotly.js is inlined, nothing comes from another host).
"""

from __future__ import annotations

import hmac
import re
import secrets
import shutil
import time
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from dualuse.batch.results import result_page, template_csv
from dualuse.errors import InputError
from dualuse.interfaces.api.auth import Principal
from dualuse.interfaces.api.batch_jobs import BatchJobs, JobNotDone
from dualuse.interfaces.api.batch_routes import BATCH_PERMISSION, JobId, submit_upload, visible_job
from dualuse.interfaces.api.errors import ApiError
from dualuse.interfaces.api import impact_routes as impact
from dualuse.interfaces.web import i18n, nav
from dualuse.interfaces.web.pages import CSRF_COOKIE, CSRF_FIELD, SECURITY_HEADERS, posted_form, render, web_reader
from dualuse.interfaces.web.store_pages import User
from dualuse.storage.errors import PermissionRefused
from dualuse.storage.rules import rules
from dualuse.vocabulary import Outcome

router = APIRouter(include_in_schema=False)

nav.register(nav.NavEntry("batch", "/batch", 25))
nav.register(nav.NavEntry("impact", "/impact", 85))

POLL_SECONDS = 0.5
RESULT_PAGE = 50  # decisions a page of the result view
REPORTS_KEPT = 20  # exposure reports of the web page: the newest are kept, none older than a day
REPORT_MAX_AGE_S = 24 * 3600
REPORT_FILES = re.compile(r"^(by_hs_chapter|by_family|by_measure|by_supplier)\.png$|^exposure\.html$|^lines\.csv$|^summary\.json$")
CHART_NAMES = ("by_family", "by_measure", "by_hs_chapter", "by_supplier")
# The interactive chart page inlines plotly.js and its own styles: it may run inline script, nothing
# from elsewhere, and only inside a page of this server.
REPORT_HTML_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; "
    "font-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


async def _multipart(request: Request) -> tuple[dict[str, str], UploadFile | None]:
    """A POSTed multipart form with its CSRF token checked: its text fields and its `file`."""
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    upload = form.get("file")
    expected = request.cookies.get(CSRF_COOKIE) or ""
    if not expected or not hmac.compare_digest(expected.encode(), fields.get(CSRF_FIELD, "").encode()):
        raise ApiError(403, "csrf", i18n.Translator(i18n.negotiate(request))("csrf.invalid"))
    return fields, upload if isinstance(upload, UploadFile) else None


# Batch ------------------------------------------------------------------------------------------


def _jobs(request: Request) -> BatchJobs:
    return request.app.state.batch_jobs


def _may_run(user: Principal) -> bool:
    return user.role in {r.value for r in rules().permissions[BATCH_PERMISSION]}


def _batch_page(request: Request, user: Principal, *, status: int = 200, error: ApiError | None = None,
                values: dict[str, str] | None = None) -> HTMLResponse:
    return render(request, "batch.html", status=status, error=error, values=values or {},
                  jobs=[j.to_dict() for j in _jobs(request).recent(user.name)], may_run=_may_run(user),
                  max_mb=request.app.state.settings.max_upload_bytes // (1024 * 1024))


@router.get("/batch", response_class=HTMLResponse)
async def batch_page(request: Request, user: User) -> HTMLResponse:
    return _batch_page(request, user)


@router.post("/batch", response_class=HTMLResponse, response_model=None)
async def batch_submit(request: Request, user: User) -> Response:
    fields, upload = await _multipart(request)
    if not _may_run(user):
        raise ApiError(403, "forbidden", f"{user.name} ({user.role}) may not {BATCH_PERMISSION}")
    try:
        job = await run_in_threadpool(submit_upload, _jobs(request), user.name, upload, fields.get("as_of"))
    except ApiError as error:
        return _batch_page(request, user, status=error.status, error=error, values=fields)
    return RedirectResponse(f"/batch/{job.id}", status_code=303)


@router.get("/batch/template.csv", response_model=None)
async def batch_template(request: Request, user: User) -> Response:
    """The row file to start from: the columns the reader accepts and one example row."""
    return Response(template_csv().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="batch-template.csv"',
                             "X-Content-Type-Options": "nosniff"})


@router.get("/batch/{job_id}", response_class=HTMLResponse)
async def batch_job(request: Request, user: User, job_id: JobId) -> HTMLResponse:
    job = visible_job(request, _jobs(request), user, job_id).to_dict()
    return render(request, "batch_job.html", job=job, poll=POLL_SECONDS, keep_days=_jobs(request).keep_days)


@router.get("/batch/{job_id}/results", response_class=HTMLResponse)
async def batch_results(request: Request, user: User, job_id: JobId, outcome: str = "", page: int = 1) -> HTMLResponse:
    """The decisions of a finished job as a table, RESULT_PAGE rows a page, all or one outcome."""
    batch = _jobs(request)
    job = visible_job(request, batch, user, job_id)
    chosen = Outcome(outcome) if outcome in {o.value for o in Outcome} else None
    try:
        path = batch.result_path(job_id)
    except JobNotDone:
        raise ApiError(409, "refused", i18n.Translator(i18n.negotiate(request))("batch.not_done")) from None
    shown = await run_in_threadpool(result_page, path, outcome=chosen, page=max(1, min(page, 10**6)), per_page=RESULT_PAGE)
    return render(request, "batch_results.html", job=job.to_dict(), shown=shown, outcome=chosen.value if chosen else "",
                  outcomes=[o.value for o in sorted(Outcome, key=lambda o: -o.severity)])


@router.post("/batch/{job_id}/cancel", response_model=None)
async def batch_cancel(request: Request, user: User, job_id: JobId) -> Response:
    """The owner (or an admin) cancels a queued or running job, or deletes a finished one."""
    await posted_form(request)
    visible_job(request, _jobs(request), user, job_id)
    any_owner = request.app.state.policy.allows(user, "user.manage")
    try:
        job = await run_in_threadpool(_jobs(request).cancel, job_id, user.name, any_owner=any_owner)
    except PermissionRefused as refused:
        raise ApiError(403, "forbidden", refused.message) from None
    return RedirectResponse("/batch" if job.state == "deleted" else f"/batch/{job_id}", status_code=303)


@router.get("/batch/{job_id}/progress", response_class=HTMLResponse)
async def batch_progress(request: Request, user: User, job_id: JobId) -> HTMLResponse:
    """The progress panel alone, for htmx to swap in; it stops polling once the job has ended."""
    job = visible_job(request, _jobs(request), user, job_id).to_dict()
    return render(request, "_batch_progress.html", job=job, poll=POLL_SECONDS, keep_days=_jobs(request).keep_days)


# Impact -----------------------------------------------------------------------------------------


def _reports_root(request: Request) -> FilePath:
    return _jobs(request).root.parent / "impact-reports"


def _scenario_context(name: str) -> dict[str, Any]:
    data = impact.bundled_data(name)
    inputs = []
    for key, raw in (data.get("inputs") or {}).items():
        if key == "components":
            for index, comp in enumerate(raw):
                inputs.append({"key": f"components[{index}]", "label": comp.get("name", f"component {index + 1}"), **comp})
        else:
            inputs.append({"key": key, "label": key, **raw})
    return {"name": name, "title": data.get("title", name), "model": data.get("model"), "inputs": inputs}


def _edits_from_form(form: dict[str, str]) -> dict[str, dict[str, str]]:
    edits: dict[str, dict[str, str]] = {}
    for field, value in form.items():
        match = re.match(r"^in:(.+):(value|low|high|unit|date|source)$", field)
        if match:
            edits.setdefault(match.group(1), {})[match.group(2)] = value[:2000]
    return edits


def _impact_page(request: Request, *, name: str | None = None, status: int = 200, **context: Any) -> HTMLResponse:
    scenarios = [impact.bundled_result(n) for n in impact.bundled()]
    chosen = name if name in impact.bundled() else impact.EXAMPLE_NAME
    context.setdefault("result", impact.bundled_result(chosen))
    context.setdefault("edited", {})
    context.setdefault("error", None)
    context.setdefault("exposure", None)
    context.setdefault("exposure_error", None)
    context.setdefault("report_id", None)
    context.setdefault("bad_input", None)
    context.setdefault("recomputed", False)
    context.setdefault("exposure_values", {})
    return render(request, "impact.html", status=status, scenarios=scenarios, form=_scenario_context(chosen),
                  charts=CHART_NAMES, **context)


@router.get("/impact", response_class=HTMLResponse)
async def impact_page(request: Request, scenario: str = impact.EXAMPLE_NAME,
                      _: Principal | None = Depends(web_reader)) -> HTMLResponse:
    return _impact_page(request, name=scenario[:200])


@router.post("/impact/scenario", response_class=HTMLResponse)
async def impact_recompute(request: Request, _: Principal | None = Depends(web_reader)) -> HTMLResponse:
    """Recompute one bundled scenario with the inputs as edited on the form."""
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    name = form.get("scenario", "")
    if name not in impact.bundled():
        raise ApiError(404, "not_found", f"no bundled scenario {name[:200]!r}")
    edits = _edits_from_form(form)
    values = {f"{key}:{field}": value for key, fields in edits.items() for field, value in fields.items()}
    try:
        text = impact.edited_scenario(name, edits)
        result = await run_in_threadpool(impact.scenario_from_text, text, f"{name} (edited)")
    except InputError as error:
        return _impact_page(request, name=name, status=422, error=error, edited=values,
                            bad_input=_bad_input(error.field))
    return _impact_page(request, name=name, result=result, edited=values, recomputed=True)


def _prune_reports(root: FilePath) -> None:
    """Remove the web page's older exposure reports (each holds an inlined plotly.js, ~5 MB)."""
    if not root.is_dir():
        return
    reports = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    now = time.time()
    for index, folder in enumerate(reports):
        if index >= REPORTS_KEPT - 1 or now - folder.stat().st_mtime > REPORT_MAX_AGE_S:
            shutil.rmtree(folder, ignore_errors=True)


def _bad_input(field: str | None) -> str | None:
    """`inputs.duration_months.value` -> `duration_months:value` (the form input's key)."""
    match = re.match(r"^inputs\.(.+)\.(value|low|high|unit|date|source)$", field or "")
    return f"{match.group(1)}:{match.group(2)}" if match else None


@router.post("/impact/exposure", response_class=HTMLResponse)
async def impact_exposure(request: Request, _: Principal | None = Depends(web_reader)) -> HTMLResponse:
    """The exposure of an uploaded portfolio, its totals and charts (kept under impact-reports/)."""
    fields, upload = await _multipart(request)
    report_id = secrets.token_urlsafe(9)
    root = _reports_root(request)
    await run_in_threadpool(_prune_reports, root)
    folder = root / report_id
    try:
        exposure = await run_in_threadpool(impact.exposure_from_upload, request, upload, fields.get("as_of"),
                                           fields.get("importer_country") or "JP", folder, i18n.negotiate(request))
    except ApiError as error:
        return _impact_page(request, status=error.status, exposure_error=error, exposure_values=fields)
    return _impact_page(request, exposure=exposure, report_id=report_id, exposure_values=fields)


@router.get("/impact/reports/{report_id}/{name}", response_model=None)
async def impact_report_file(
    request: Request, report_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{8,40}$")], name: str,
    _: Principal | None = Depends(web_reader),
) -> Response:
    """A chart or file of an exposure report made on this page."""
    if not REPORT_FILES.match(name):
        raise ApiError(404, "not_found", f"no such report file: {name[:100]}")
    path = _reports_root(request) / report_id / name
    if not path.is_file():
        raise ApiError(404, "not_found", f"no such report file: {report_id}/{name[:100]}")
    if name.endswith(".html"):
        headers = {"Content-Security-Policy": REPORT_HTML_CSP, "X-Content-Type-Options": "nosniff",
                   "Referrer-Policy": "same-origin", "X-Frame-Options": "SAMEORIGIN"}
        return FileResponse(path, media_type="text/html; charset=utf-8", headers=headers)
    return FileResponse(path, headers={k: v for k, v in SECURITY_HEADERS.items() if k != "Content-Security-Policy"})
