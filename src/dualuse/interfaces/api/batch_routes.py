"""/api/v1/batch: upload a row file, poll the job, download the decisions and the rejects.

Starting a job needs a signed-in user whose role may decide a transaction (`case.add` in
`storage/rules.yaml`: exporter, reviewer, admin); reading a job needs any user of the store.
The upload is capped by `DUALUSE_MAX_UPLOAD_BYTES` (64 MiB by default).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, Request, UploadFile
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile as StarletteUpload

from dualuse.batch.results import template_csv
from dualuse.interfaces.api.auth import Principal, require_permission, signed_in
from dualuse.interfaces.api.batch_jobs import BatchJobs, Job, JobNotDone, UploadError
from dualuse.interfaces.api.errors import ERROR_RESPONSES, STORE_RESPONSES, ApiError, ErrorBody
from dualuse.storage.vocabulary import Permission

router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES, tags=["batch"])

JobId = Annotated[str, Path(min_length=4, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")]
BATCH_PERMISSION = Permission.CASE_ADD
READ_ANY_PERMISSION = Permission.BATCH_READ_ANY  # read other users' jobs (rules.yaml); everyone reads their own
BATCH_RESPONSES: dict[int | str, dict[str, Any]] = {
    **STORE_RESPONSES,
    404: {"model": ErrorBody, "description": "No such batch job."},
    409: {"model": ErrorBody, "description": "The job has not finished (or failed): no result yet."},
    415: {"model": ErrorBody, "description": "Not a .csv, .xlsx or .parquet file."},
    429: {"model": ErrorBody, "description": "The user's quota: jobs queued or running, or bytes kept (DUALUSE_JOBS_MAX_*)."},
}


class JobOut(BaseModel):
    id: str
    owner: str
    filename: str
    input_format: str = Field(description="csv, xlsx or parquet")
    as_of: str | None = Field(description="Every row decided as of this date; null: each row's own date.")
    created_at: str
    state: str = Field(description="queued, running, done, failed, cancelled (or deleted, in the answer to DELETE)")
    rows_done: int = Field(description="Rows decided or rejected so far.")
    rows_total: int | None = Field(description="Known for XLSX and Parquet from the start, for CSV when done.")
    rejected: int
    decided: int | None
    fraction: float = Field(description="Share of the file processed, 0–1 (bytes of a CSV, rows otherwise).")
    percent: float
    rows_per_second: float
    seconds: float
    finished_at: str | None
    error: str | None
    data_version: str | None
    outcomes: dict[str, int] | None = Field(None, description="Once done: decided rows by outcome (every outcome, 0 when none).")
    result_url: str | None
    rejects_url: str | None


def jobs(request: Request) -> BatchJobs:
    return request.app.state.batch_jobs


def visible_job(request: Request, batch: BatchJobs, user: Principal, job_id: str) -> Job:
    """The job if `user` started it or may read any job; else 404, as if there were none."""
    return batch.get_for(job_id, user.name, any_owner=request.app.state.policy.allows(user, READ_ANY_PERMISSION))


def parse_as_of(text: str | None) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ApiError(422, "invalid_input", f"not a date {text[:40]!r}: expected YYYY-MM-DD", "as_of") from None
    if not date(1990, 1, 1) <= day <= date(2199, 12, 31):
        raise ApiError(422, "invalid_input", f"{text} is out of range (1990 to 2199)", "as_of")
    return day


def submit_upload(batch: BatchJobs, owner: str, upload: StarletteUpload | None, as_of: str | None) -> Job:
    """The one way the API and the web page start a job; errors as ApiError naming the field."""
    day = parse_as_of(as_of)
    if upload is None or not upload.filename:
        raise ApiError(422, "invalid_input", "upload a row file (.csv, .xlsx or .parquet)", "file")
    try:
        return batch.submit(owner, upload.filename, upload.file, day)
    except UploadError as error:
        code = {415: "unsupported_media_type", 429: "quota_exceeded"}.get(error.status, "invalid_input")
        raise ApiError(error.status, code, error.message, error.field) from None


@router.post("/batch", status_code=202, summary="Start a batch job", response_model=JobOut, responses=BATCH_RESPONSES)
def start_batch(
    batch: Annotated[BatchJobs, Depends(jobs)],
    user: Annotated[Principal, Depends(require_permission(BATCH_PERMISSION))],
    file: Annotated[UploadFile, File(description="The row file of docs/BATCH.md: .csv (UTF-8), .xlsx or .parquet.")],
    as_of: Annotated[str | None, Form(description="Decide every row as of this date (YYYY-MM-DD).")] = None,
) -> dict:
    """Multipart upload (`file`, optional `as_of`). The header is checked at once: a missing column
    is a 422 naming it; the rows are decided in the background. Poll `GET /api/v1/batch/{id}`."""
    return submit_upload(batch, user.name, file, as_of).to_dict()


@router.get("/batch/template.csv", summary="A template row file (CSV)", response_class=Response,
            responses={200: {"content": {"text/csv": {}}, "description": "The accepted columns and one example row."}})
def batch_template() -> Response:
    """The columns the batch reader accepts, in order, with one example row to overwrite."""
    return Response(template_csv().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="batch-template.csv"'})


@router.get("/batch/{job_id}", summary="A batch job's progress", response_model=JobOut, responses=BATCH_RESPONSES)
def batch_status(request: Request, batch: Annotated[BatchJobs, Depends(jobs)], user: Annotated[Principal, Depends(signed_in)],
                 job_id: JobId) -> dict:
    """State, rows done (and the total when known), rejected rows, rows per second; once done the
    counts by outcome. Users read their own jobs; `batch.read_any` (rules.yaml) reads any."""
    return visible_job(request, batch, user, job_id).to_dict()


def _download(request: Request, batch: BatchJobs, user: Principal, job_id: str, rejects: bool) -> FileResponse:
    visible_job(request, batch, user, job_id)
    try:
        path = batch.result_path(job_id, rejects=rejects)
    except JobNotDone as pending:
        job = pending.job
        detail = f": {job.error}" if job.error else ""
        raise ApiError(409, "refused", f"batch job {job_id} is {job.state}{detail}") from None
    job = batch.get(job_id)
    stem = job.filename.rsplit(".", 1)[0] or "batch"
    name = f"{stem}.decisions.csv" if not rejects else f"{stem}.rejects.csv"
    return FileResponse(path, media_type="text/csv; charset=utf-8", filename=name)


@router.get("/batch/{job_id}/result", summary="The decisions (CSV)", response_class=FileResponse,
            responses={**BATCH_RESPONSES, 200: {"content": {"text/csv": {}}, "description": "id,outcome,rules,citations,matched_parties,as_of,data_version"}})
def batch_result(request: Request, batch: Annotated[BatchJobs, Depends(jobs)], user: Annotated[Principal, Depends(signed_in)],
                 job_id: JobId) -> FileResponse:
    """One row per decided input row, in input order (the columns of docs/BATCH.md; lists joined by ` | `)."""
    return _download(request, batch, user, job_id, rejects=False)


@router.get("/batch/{job_id}/rejects", summary="The rejected rows (CSV)", response_class=FileResponse,
            responses={**BATCH_RESPONSES, 200: {"content": {"text/csv": {}}, "description": "line,id,field,reason"}})
def batch_rejects(request: Request, batch: Annotated[BatchJobs, Depends(jobs)], user: Annotated[Principal, Depends(signed_in)],
                  job_id: JobId) -> FileResponse:
    """Rows that could not be decided: the line, the row's id, the column at fault and why."""
    return _download(request, batch, user, job_id, rejects=True)


@router.delete("/batch/{job_id}", summary="Cancel or delete a batch job", response_model=JobOut, responses=BATCH_RESPONSES)
def cancel_batch(request: Request, batch: Annotated[BatchJobs, Depends(jobs)], user: Annotated[Principal, Depends(signed_in)],
                 job_id: JobId) -> dict:
    """The job's owner (or an admin): a queued job is cancelled, a running one stops after its
    current chunk, a finished one is deleted with its upload and results."""
    visible_job(request, batch, user, job_id)  # a job the user may not see is not found, here too
    any_owner = request.app.state.policy.allows(user, "user.manage")
    return batch.cancel(job_id, user.name, any_owner=any_owner).to_dict()
