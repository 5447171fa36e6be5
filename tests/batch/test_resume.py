"""Killed at any point, the same command finishes the job and writes the same bytes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dualuse.batch import run_batch
from dualuse.batch.journal import Journal
from dualuse.errors import InputError


def _command(input_path: Path, output: Path, workers: int) -> list[str]:
    return [sys.executable, "-m", "dualuse.interfaces.cli.batch", str(input_path), "-o", str(output),
            "--workers", str(workers), "--chunk-rows", "10", "--no-progress"]


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("suffix, workers", [("parquet", 1), ("csv", 2)])
def test_sigkill_then_resume_equals_uninterrupted(tmp_path: Path, generator, shared, suffix: str, workers: int) -> None:
    rows = generator.write(tmp_path / "rows.csv", 400, seed=11, bad_share=0.02)
    reference = tmp_path / f"reference.{suffix}"
    run_batch(rows, reference, workers=1, chunk_rows=10, progress=False, shared=shared)

    output = tmp_path / f"resumed.{suffix}"
    parts = tmp_path / f"resumed.{suffix}.parts"
    process = subprocess.Popen(_command(rows, output, workers), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    children: set[int] = set()
    while time.monotonic() < deadline and process.poll() is None:
        if parts.is_dir() and len(list(parts.glob("*.done"))) >= 3:
            children = _children(process.pid)
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.005)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    if workers > 1:  # the pool's processes leave once orphaned, they do not decide on for nobody
        assert children
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in children)
    done_before = len(list(parts.glob("*.done")))
    assert 3 <= done_before < 40 and not output.exists()

    resumed = subprocess.run(_command(rows, output, workers), capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert "of them from the interrupted run" in resumed.stdout
    assert output.read_bytes() == reference.read_bytes()
    assert Path(f"{output}.rejects.csv").read_bytes() == Path(f"{reference}.rejects.csv").read_bytes()
    assert not parts.exists()


def test_killed_while_joining_then_resumed(tmp_path: Path, generator, shared, monkeypatch) -> None:
    rows = generator.write(tmp_path / "rows.csv", 500, seed=12)
    reference = tmp_path / "reference.parquet"
    run_batch(rows, reference, workers=1, chunk_rows=64, progress=False, shared=shared)
    output = tmp_path / "out.parquet"
    original = Journal.finish

    def killed(self, chunks):
        raise KeyboardInterrupt  # the process dies after every chunk is done, before the join

    monkeypatch.setattr(Journal, "finish", killed)
    with pytest.raises(KeyboardInterrupt):
        run_batch(rows, output, workers=1, chunk_rows=64, progress=False, shared=shared)
    monkeypatch.setattr(Journal, "finish", original)
    summary = run_batch(rows, output, workers=1, chunk_rows=64, progress=False, shared=shared)
    assert summary.resumed_rows == summary.rows == 500
    assert output.read_bytes() == reference.read_bytes()


def test_a_different_job_is_not_mixed_in(tmp_path: Path, generator, shared, monkeypatch) -> None:
    rows = generator.write(tmp_path / "rows.csv", 300, seed=13)
    output = tmp_path / "out.csv"
    monkeypatch.setattr(Journal, "finish", lambda self, chunks: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        run_batch(rows, output, workers=1, chunk_rows=100, progress=False, shared=shared)
    monkeypatch.undo()
    with pytest.raises(InputError, match=r"an unfinished run of a different job is in out.csv.parts/ \(chunk_rows was 100, now 50\)"):
        run_batch(rows, output, workers=1, chunk_rows=50, progress=False, shared=shared)
    summary = run_batch(rows, output, workers=1, chunk_rows=50, progress=False, restart=True, shared=shared)
    assert summary.resumed_rows == 0 and summary.rows == 300
