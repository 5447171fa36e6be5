"""A batch of queries matched on every core (screening/parallel.py): the same answers, in the
same order, as one process gives; a part whose process fails is matched here; an interrupted
run leaves no process behind. Queries: the Chinese and Japanese names of the parties on the
bundled lists, screened against those lists (real names)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time

import pytest

from dualuse import runtime
from dualuse.screening import parallel
from dualuse.screening.normalise.text import has_cjk
from dualuse.screening.sources import regime_entities

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2, reason="needs fork and two CPUs")


@pytest.fixture(scope="module")
def bundled():
    regime = runtime.regime()
    queries = [(name.value, entity.country) for entity in regime_entities(regime) for name in entity.names if has_cjk(name.value)]
    return runtime.matcher(regime), queries


@pytest.fixture()
def small_parts(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 50)
    monkeypatch.delenv(parallel.PROCESSES_ENV, raising=False)


def test_every_core_gives_the_answers_of_one_process_in_order(bundled, small_parts):
    index, queries = bundled
    assert parallel.processes_for(len(queries)) >= 2
    alone = [index.match(name, country, 3) for name, country in queries]
    assert list(parallel.match_all(index, queries, 3)) == alone
    assert sum(1 for matches in alone if matches) > len(queries) // 2  # real answers, not empty lists


class FailsInWorkers:
    """The bundled matcher, except in a forked process, where every match fails."""

    NAME = "fails-in-workers"

    def __init__(self, index):
        self.index, self.parent = index, os.getpid()

    def match(self, name, country=None, top=5):
        if os.getpid() != self.parent:
            raise RuntimeError("a worker fails")
        return self.index.match(name, country, top)


def test_a_part_whose_process_failed_is_matched_here(bundled, small_parts):
    index, queries = bundled
    assert list(parallel.match_all(FailsInWorkers(index), queries, 3)) == [index.match(n, c, 3) for n, c in queries]


def test_a_run_stopped_early_leaves_no_worker_and_no_open_file(bundled, small_parts, monkeypatch):
    index, queries = bundled
    forked: list[int] = []
    opened: list = []
    real_fork, real_file = os.fork, parallel.tempfile.TemporaryFile

    def fork():
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    def temporary_file(*args, **kwargs):
        handle = real_file(*args, **kwargs)
        opened.append(handle)
        return handle

    monkeypatch.setattr(parallel.os, "fork", fork)
    monkeypatch.setattr(parallel.tempfile, "TemporaryFile", temporary_file)
    answers = parallel.match_all(index, queries, 3)
    next(answers)
    answers.close()  # what an interrupted `dualuse screen` does (contextlib.closing)
    assert forked and opened
    for pid in forked:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped: not running, not a zombie
    assert all(handle.closed for handle in opened)


def children_of(pid: int) -> set[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat", encoding="utf-8").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat", encoding="utf-8").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_killed_dualuse_screen_takes_its_workers_with_it(bundled, tmp_path):
    """SIGKILL leaves no handler to run: the kernel ends the processes it forked, the helper that
    reads the queries ahead or the workers that match them (PR_SET_PDEATHSIG)."""
    _, queries = bundled
    with open(tmp_path / "queries.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "country"])
        # many seconds of work: every name a hundred times, each time numbered (a new name to read)
        writer.writerows((f"q{n}", f"{name} {n}", country or "") for n, (name, country) in enumerate(queries * 100))
    environment = dict(os.environ, DUALUSE_CACHE_DIR=str(tmp_path / "cache"), DUALUSE_PROCESSES="2")
    process = subprocess.Popen(
        [sys.executable, "-m", "dualuse.interfaces.cli", "screen", tmp_path / "queries.csv", "-o", tmp_path / "out.csv"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment,
    )
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 240
        while not workers and process.poll() is None and time.monotonic() < deadline:
            workers = children_of(process.pid)
            time.sleep(0.05)
        assert workers, "no worker seen before the run ended"
        process.kill()
        process.wait(timeout=60)
        deadline = time.monotonic() + 1  # far less than their work left: ended, not finished
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(pid) for pid in workers)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_processes_asked_for_and_too_few_queries(monkeypatch):
    monkeypatch.setenv(parallel.PROCESSES_ENV, "1")
    assert parallel.processes_for(100_000) == 1
    monkeypatch.delenv(parallel.PROCESSES_ENV)
    assert parallel.processes_for(parallel.PARALLEL_FROM * 2 - 1) == 1
    assert parallel.processes_for(parallel.PARALLEL_FROM * 2) == 2


def test_dualuse_screen_answers_the_same_on_one_core_and_on_two(bundled, tmp_path):
    _, queries = bundled
    with open(tmp_path / "queries.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "country"])
        writer.writerows((f"q{n}", name, country or "") for n, (name, country) in enumerate(queries))
    assert len(queries) >= 2 * parallel.PARALLEL_FROM

    def screen(processes):
        environment = dict(os.environ, DUALUSE_CACHE_DIR=str(tmp_path / "cache"), DUALUSE_PROCESSES=processes)
        return subprocess.run(
            [sys.executable, "-m", "dualuse.interfaces.cli", "screen", tmp_path / "queries.csv", "--top", "3"],
            capture_output=True, text=True, env=environment, timeout=600, check=False,
        )

    one, two = screen("1"), screen("2")
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert two.stdout == one.stdout
    assert len({line.split(",")[0] for line in two.stdout.splitlines()[1:]}) > len(queries) // 2
