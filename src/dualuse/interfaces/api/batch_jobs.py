"""Batch jobs of the API and the web app: an uploaded row file decided in a background thread.

Each job has a directory `JOBS/<id>/` holding the upload (`input.csv`, `.xlsx` or `.parquet`),
the result `decisions.csv`, its side file `decisions.csv.rejects.csv`, and `job.json` (who
started it, when, its state and counts). Jobs run one at a time, in the order they came, on the
local engine in this process, over the server's already loaded regime; `run_batch` reports each
chunk through its `on_progress` callback, which is what `GET /api/v1/batch/{id}` shows.

The jobs directory is `DUALUSE_JOBS_DIR`, else `batch-jobs/` next to the SQLite file, else
`batch-jobs/` in dualuse's data directory. A job that was running when the server stopped is
reported as failed after a restart; its upload is still there to be submitted again.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.engine import make_url

from dualuse.batch.progress import ProgressUpdate
from dualuse.batch.readers import INPUT_FORMATS, open_reader
from dualuse.batch.results import outcome_counts
from dualuse.errors import DualuseError, InputError
from dualuse.interfaces.api.runtime import Runtime
from dualuse.storage.database import Store, default_url
from dualuse.storage.errors import NotFoundError, PermissionRefused

log = logging.getLogger("dualuse.api.batch")

RESULT_NAME = "decisions.csv"
REJECTS_NAME = "decisions.csv.rejects.csv"
CHUNK_ROWS = 500  # small chunks: progress is reported after each one
JOB_ID_BYTES = 9


class UploadError(Exception):
    """An upload that cannot become a job: `status` 415 (file type), 422 (its contents) or 429
    (the user's quota of running jobs or stored bytes)."""

    def __init__(self, status: int, message: str, field: str = "file"):
        super().__init__(message)
        self.status, self.message, self.field = status, message, field


class JobCancelled(Exception):
    """Raised from the progress callback to stop a running job at the end of a chunk."""


@dataclass
class Job:
    id: str
    owner: str
    filename: str
    input_format: str
    as_of: str | None
    created_at: str
    state: str = "queued"  # queued, running, done, failed, cancelled
    rows_done: int = 0
    rows_total: int | None = None
    rejected: int = 0
    fraction: float = 0.0
    rows_per_second: float = 0.0
    seconds: float = 0.0
    finished_at: str | None = None
    error: str | None = None
    data_version: str | None = None
    outcomes: dict[str, int] | None = None  # decided rows by outcome, once done
    started: float = field(default=0.0, repr=False)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("started")
        out["decided"] = self.rows_done - self.rejected if self.state == "done" else None
        out["percent"] = round(self.fraction * 100, 1)
        out["result_url"] = f"/api/v1/batch/{self.id}/result" if self.state == "done" else None
        out["rejects_url"] = f"/api/v1/batch/{self.id}/rejects" if self.state == "done" else None
        return out


def jobs_root(settings: Any, store: Store | None) -> Path:
    """`DUALUSE_JOBS_DIR`, else `batch-jobs/` next to the SQLite file, else in the data directory."""
    if getattr(settings, "jobs_dir", None):
        return Path(settings.jobs_dir).expanduser()
    if store is not None:
        parsed = make_url(store.url)
        if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
            return Path(parsed.database).expanduser().parent / "batch-jobs"
    return Path(make_url(default_url()).database or ".").parent / "batch-jobs"


class BatchJobs:
    """The jobs of one server: submit an upload, read a job's state, find its result files."""

    def __init__(self, root: Path, runtime: Runtime, *, keep_days: int = 7, max_active_per_user: int = 2,
                 max_bytes_per_user: int = 512 * 1024 * 1024):
        self.root = root
        self.runtime = runtime
        self.keep_days, self.max_active_per_user, self.max_bytes_per_user = keep_days, max_active_per_user, max_bytes_per_user
        self._jobs: dict[str, Job] = {}
        self._cancelled: set[str] = set()
        self._lock = threading.Lock()
        self._executor: ThreadPoolExecutor | None = None
        self._shared = None
        self.prune()

    # -- retention, quotas, cancellation ------------------------------------------------------------

    def prune(self, now: datetime | None = None) -> list[str]:
        """Delete the folders of jobs finished (or abandoned by an earlier server) more than
        `keep_days` ago: uploads and results are not kept forever. Returns the ids removed."""
        now = now or datetime.now(timezone.utc)
        removed: list[str] = []
        if not self.root.is_dir():
            return removed
        for folder in self.root.iterdir():
            with self._lock:
                live = self._jobs.get(folder.name)
                if live is not None and live.state in ("queued", "running"):
                    continue
            job = live or self._load(folder.name)
            stamp = (job.finished_at or job.created_at) if job is not None else None
            try:
                age = now - datetime.fromisoformat(stamp) if stamp else now - datetime.fromtimestamp(folder.stat().st_mtime, timezone.utc)
            except (ValueError, OSError):
                continue
            if age.total_seconds() > self.keep_days * 86400:
                shutil.rmtree(folder, ignore_errors=True)
                with self._lock:
                    self._jobs.pop(folder.name, None)
                removed.append(folder.name)
        return removed

    def _check_quota(self, owner: str) -> None:
        with self._lock:
            active = sum(1 for j in self._jobs.values() if j.owner == owner and j.state in ("queued", "running"))
        if active >= self.max_active_per_user:
            raise UploadError(429, f"{owner} has {active} batch job(s) queued or running (at most {self.max_active_per_user}):"
                                   " wait for one to finish or cancel it (DELETE /api/v1/batch/{id})")
        used = self.stored_bytes(owner)
        if used >= self.max_bytes_per_user:
            raise UploadError(429, f"{owner}'s batch jobs keep {used // (1 << 20)} MiB (at most {self.max_bytes_per_user // (1 << 20)} MiB):"
                                   " delete finished jobs (DELETE /api/v1/batch/{id})")

    def stored_bytes(self, owner: str) -> int:
        """What `owner`'s job folders hold on disk (uploads and results)."""
        total = 0
        if not self.root.is_dir():
            return 0
        for folder in self.root.iterdir():
            job = self._jobs.get(folder.name) or self._load(folder.name)
            if job is None or job.owner != owner:
                continue
            total += sum(f.stat().st_size for f in folder.iterdir() if f.is_file())
        return total

    def cancel(self, job_id: str, actor: str, *, any_owner: bool = False) -> Job:
        """The owner (or an admin, `any_owner`) cancels a queued or running job, or deletes a
        finished one with its files. A running job stops at the end of its current chunk."""
        job = self.get(job_id)
        if job.owner != actor and not any_owner:
            raise PermissionRefused(f"{actor} may not cancel batch job {job_id}: it belongs to {job.owner}")
        with self._lock:
            live = self._jobs.get(job_id)
            if live is not None and live.state in ("queued", "running"):
                self._cancelled.add(job_id)
                if live.state == "queued":
                    live.state, live.error = "cancelled", f"cancelled by {actor}"
                    live.finished_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
                    self._save(live)
                return Job(**asdict(live))
            self._jobs.pop(job_id, None)
        shutil.rmtree(self.root / job_id, ignore_errors=True)
        job.state, job.error = "deleted", f"deleted by {actor}"
        return job

    # -- submitting ---------------------------------------------------------------------------------

    def submit(self, owner: str, filename: str, content: BinaryIO, as_of: date | None) -> Job:
        """Store the upload, check its header (a missing column is refused now), queue the job."""
        suffix = Path(filename or "").suffix.lower()
        kind = INPUT_FORMATS.get(suffix)
        if kind is None:
            raise UploadError(415, f"unknown input format {suffix or '(no extension)'!r}: upload a .csv, .xlsx or .parquet file")
        self.prune()
        self._check_quota(owner)
        job_id = secrets.token_urlsafe(JOB_ID_BYTES)
        folder = self.root / job_id
        folder.mkdir(parents=True, exist_ok=False)
        upload = folder / f"input{suffix}"
        with open(upload, "wb") as out:
            shutil.copyfileobj(content, out, 1 << 20)
        try:
            if upload.stat().st_size == 0:
                raise InputError("empty file: expected a header line naming the columns")
            open_reader(upload)
        except InputError as error:
            shutil.rmtree(folder, ignore_errors=True)
            raise UploadError(422, _for_upload(error, filename)) from None
        except Exception as error:  # a file that is not what its extension says (e.g. a broken XLSX)
            shutil.rmtree(folder, ignore_errors=True)
            raise UploadError(422, f"{filename}: cannot be read as {kind.upper()} ({type(error).__name__})") from None
        job = Job(job_id, owner, Path(filename).name[:200], kind, as_of.isoformat() if as_of else None,
                  datetime.now(timezone.utc).isoformat(timespec="seconds"))
        with self._lock:
            self._jobs[job_id] = job
            self._save(job)
            if self._executor is None:
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dualuse-batch")
            self._executor.submit(self._run, job, upload)
        return job

    # -- reading ------------------------------------------------------------------------------------

    def get(self, job_id: str) -> Job:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                return Job(**asdict(job))
        stored = self._load(job_id)
        if stored is None:
            raise NotFoundError("batch job", job_id)
        return stored

    def get_for(self, job_id: str, reader: str, *, any_owner: bool = False) -> Job:
        """The job as `reader` may see it: their own, or any when `any_owner` (the permission
        `batch.read_any`). Another user's job is answered as not found: its id, name and
        results are not shown, nor whether it exists."""
        job = self.get(job_id)
        if job.owner != reader and not any_owner:
            raise NotFoundError("batch job", job_id)
        return job

    def recent(self, owner: str | None = None, limit: int = 10) -> list[Job]:
        """This server's jobs, newest first (only `owner`'s when given)."""
        with self._lock:
            found = [Job(**asdict(j)) for j in self._jobs.values() if owner is None or j.owner == owner]
        return sorted(found, key=lambda j: j.created_at, reverse=True)[:limit]

    def result_path(self, job_id: str, rejects: bool = False) -> Path:
        job = self.get(job_id)
        if job.state != "done":
            raise JobNotDone(job)
        return self.root / job_id / (REJECTS_NAME if rejects else RESULT_NAME)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)

    # -- running ------------------------------------------------------------------------------------

    def _shared_engine(self):
        from dualuse.batch.decide import SharedEngine

        if self._shared is None:
            self._shared = SharedEngine(self.runtime.regime)
        return self._shared

    def _run(self, job: Job, upload: Path) -> None:
        from dualuse.batch.runner import run_batch

        def progress(update: ProgressUpdate) -> None:
            if job.id in self._cancelled:
                raise JobCancelled(job.id)
            with self._lock:
                job.rows_done, job.rows_total, job.rejected = update.rows_done, update.rows_total, update.rejected
                job.fraction, job.rows_per_second = update.fraction, round(update.rows_per_second, 1)
                job.seconds = round(time.perf_counter() - job.started, 2)

        with self._lock:
            if job.id in self._cancelled:  # cancelled while queued
                return
            job.state, job.started = "running", time.perf_counter()
            self._save(job)
        try:
            shared = self._shared_engine()
            summary = run_batch(
                upload, upload.parent / RESULT_NAME, as_of=date.fromisoformat(job.as_of) if job.as_of else None,
                engine="local", workers=1, chunk_rows=CHUNK_ROWS, progress=False, shared=shared, on_progress=progress,
            )
        except JobCancelled:
            self._finish(job, "cancelled", "cancelled while running; the rows decided so far are discarded")
        except DualuseError as error:
            self._finish(job, "failed", str(error))
        except Exception as error:  # logged in full; the job says what kind of fault it was
            log.exception("batch job %s failed", job.id)
            self._finish(job, "failed", f"internal error ({type(error).__name__}); the job was not finished")
        else:
            with self._lock:
                job.rows_total = summary.rows + summary.rejected
                job.rows_done, job.rejected = job.rows_total, summary.rejected
                job.rows_per_second = round(job.rows_total / summary.seconds, 1) if summary.seconds else 0.0
                job.data_version = summary.data_version
            try:
                counts = outcome_counts(upload.parent / RESULT_NAME)
            except (OSError, ValueError) as error:  # the job is done; only its summary is missing
                log.warning("batch job %s: no outcome counts (%s)", job.id, error)
            else:
                with self._lock:
                    job.outcomes = counts
            self._finish(job, "done", None)

    def _finish(self, job: Job, state: str, error: str | None) -> None:
        with self._lock:
            job.state, job.error = state, error
            job.fraction = 1.0 if state == "done" else job.fraction
            job.seconds = round(time.perf_counter() - job.started, 2)
            job.finished_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
            self._save(job)

    # -- job.json -----------------------------------------------------------------------------------

    def _save(self, job: Job) -> None:
        path = self.root / job.id / "job.json"
        data = asdict(job)
        data.pop("started")
        tmp = path.with_name("job.json.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)

    def _load(self, job_id: str) -> Job | None:
        if not job_id or not all(c.isalnum() or c in "-_" for c in job_id):
            return None
        path = self.root / job_id / "job.json"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            job = Job(**data)
        except (OSError, ValueError, TypeError):
            return None
        if job.state in ("queued", "running"):  # this server did not start it: it stopped with the old one
            job.state, job.error = "failed", "the server stopped before the job finished; submit the file again"
        return job


class JobNotDone(Exception):
    def __init__(self, job: Job):
        super().__init__(job.state)
        self.job = job


def _for_upload(error: InputError, filename: str) -> str:
    """The reader's message with the uploaded file's name instead of the path it was stored at."""
    where = Path(filename).name + (f":{error.line}" if error.line else "")
    return f"{where}: {error.message}"
