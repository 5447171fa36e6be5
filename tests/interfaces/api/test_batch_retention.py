"""Issue 15 item 13 over HTTP: batch job folders are not kept forever (retention), each user has
a quota, and a job can be cancelled or deleted by its owner (or an admin)."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from .helpers import assert_error
from .store_helpers import StoreApi

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
SHIPMENTS = Path(__file__).resolve().parents[3] / "examples" / "batch" / "shipments.csv"


def upload(api: StoreApi, role: str = "exporter"):
    return api.anonymous.post("/api/v1/batch", headers=api.headers(role),
                              files={"file": ("s.csv", SHIPMENTS.read_bytes(), "text/csv")})


def settle(api: StoreApi, job_id: str) -> dict:
    """The job once it is no longer queued or running (or the 404 body once it is gone)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        answer = api.get("exporter", f"/api/v1/batch/{job_id}")
        if answer.status_code == 404 or answer.json()["state"] not in ("queued", "running"):
            return answer.json()
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not settle")


def test_a_job_is_cancelled_or_deleted_by_its_owner(runtime, tmp_path):
    api = StoreApi.create(runtime, tmp_path)
    job = upload(api).json()
    assert_error(api.anonymous.delete(f"/api/v1/batch/{job['id']}", headers=api.headers("reviewer")), 403, "forbidden")
    stopped = api.anonymous.delete(f"/api/v1/batch/{job['id']}", headers=api.headers("exporter"))
    assert stopped.status_code == 200, stopped.text
    assert stopped.json()["state"] in ("cancelled", "queued", "running", "deleted")  # it may have finished already
    final = settle(api, job["id"])
    assert final.get("state") in (None, "cancelled")  # never "done" once cancelled; gone when it had finished
    gone = api.anonymous.delete(f"/api/v1/batch/{job['id']}", headers=api.headers("admin"))  # an admin may delete any
    assert gone.status_code in (200, 404)
    assert not (tmp_path / "batch-jobs" / job["id"]).exists()
    assert_error(api.get("exporter", f"/api/v1/batch/{job['id']}"), 404, "not_found")


def test_a_user_has_a_quota_of_stored_bytes(runtime, tmp_path):
    api = StoreApi.create(runtime, tmp_path, jobs_max_bytes_per_user=SHIPMENTS.stat().st_size)
    first = upload(api).json()
    settle(api, first["id"])
    assert_error(upload(api), 429, "quota_exceeded", "file")
    assert upload(api, "reviewer").status_code == 202  # another user's quota
    api.anonymous.delete(f"/api/v1/batch/{first['id']}", headers=api.headers("exporter"))  # delete to make room
    assert upload(api).status_code == 202


def test_a_restarted_server_removes_expired_jobs(runtime, tmp_path):
    from dualuse.interfaces.api import create_app
    from dualuse.interfaces.api.settings import Settings

    api = StoreApi.create(runtime, tmp_path)
    old = upload(api).json()
    settle(api, old["id"])
    record = tmp_path / "batch-jobs" / old["id"] / "job.json"
    data = json.loads(record.read_text(encoding="utf-8"))
    data["finished_at"] = (datetime.now(timezone.utc) - timedelta(days=8)).isoformat(timespec="seconds")
    record.write_text(json.dumps(data), encoding="utf-8")
    fresh = upload(api).json()
    restarted = create_app(Settings(), runtime=runtime, store=api.store)  # the default: 7 days
    assert not record.parent.exists()
    assert restarted.state.batch_jobs.get(fresh["id"]).owner == "erin"  # a recent one is kept
