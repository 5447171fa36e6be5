"""A batch of query names matched on every core, answers in the order of the queries.

`dualuse screen` matches each query against a built index; the queries do not depend on each
other, so on a machine with several cores the batch is cut in contiguous parts: this process
matches the first and yields its answers as they come (the output streams, the progress bar
moves), and a forked process per other part matches it with the same index (shared, copied on
write: nothing is rebuilt or sent) and leaves its answers in a temporary file without a name
(opened here before the fork), read back in order once this process is through its own part.
The answers are the same to the byte (tests/screening/test_parallel.py). A part whose process
failed is matched here instead; an interrupted run stops the other processes, and a killed one
takes them with it (`die_with_parent`).

Only where it can pay: `PARALLEL_FROM` queries a process or more, `os.fork` on Linux; one
process when the cores or the queries are fewer, or `DUALUSE_PROCESSES=1`.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Iterator, Sequence
from typing import IO

from dualuse.screening.base import PartyMatch, PartyMatcher

PARALLEL_FROM = 200
"""Queries a process must have for another to be started (a fork, and the reading back of its
answers, cost some 20 ms)."""
PROCESSES_AT_MOST = 8
PROCESSES_ENV = "DUALUSE_PROCESSES"
"""Set to a number to use at most that many processes (1: this one only)."""

Query = tuple[str, "str | None"]


def cores() -> int:
    """Processes this one may work in: the CPUs it may run on, at most `DUALUSE_PROCESSES`;
    1 where processes are not forked (not Linux)."""
    if not (sys.platform.startswith("linux") and hasattr(os, "fork")):
        return 1
    usable = len(os.sched_getaffinity(0))
    wanted = os.environ.get(PROCESSES_ENV, "").strip()
    if wanted.isdigit() and int(wanted) >= 1:
        usable = min(usable, int(wanted))
    return usable


def processes_for(queries: int) -> int:
    """How many processes a batch of `queries` is matched in."""
    return max(1, min(cores(), PROCESSES_AT_MOST, queries // PARALLEL_FROM))


def match_all(index: PartyMatcher, queries: Sequence[Query], top: int) -> Iterator[list[PartyMatch]]:
    """The matches of each query (name, country), in order."""
    processes = processes_for(len(queries))
    if processes == 1:
        yield from _match(index, queries, top)
        return
    size = -(-len(queries) // processes)
    parts = [queries[start : start + size] for start in range(0, len(queries), size)]
    workers: list[tuple[int, IO[bytes], Sequence[Query]]] = []  # (pid, its answers file, its queries)
    running: set[int] = set()
    try:
        for part in parts[1:]:
            answers: IO[bytes] = tempfile.TemporaryFile()  # no name on disk: nothing to find, nothing left behind
            workers.append((0, answers, part))
            parent = os.getpid()
            pid = os.fork()
            if pid == 0:
                _worker(index, part, top, answers, parent)
            workers[-1] = (pid, answers, part)
            running.add(pid)
        yield from _match(index, parts[0], top)
        for pid, written, part in workers:
            found = _answers_of(pid, written)
            running.discard(pid)
            yield from found if found is not None else _match(index, part, top)
    finally:
        for pid in running:  # an interrupted or failed run: the others stop too
            _stop(pid)
        for _, opened, _ in workers:
            opened.close()


def die_with_parent(parent: int) -> None:
    """In a forked process: be killed by the kernel when `parent` ends (Linux `PR_SET_PDEATHSIG`),
    so a `dualuse screen` that is killed leaves no worker running; leave now if it already has."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(1)


def _match(index: PartyMatcher, queries: Sequence[Query], top: int) -> Iterator[list[PartyMatch]]:
    for name, country in queries:
        yield index.match(name, country, top)


def _worker(index: PartyMatcher, queries: Sequence[Query], top: int, answers: IO[bytes], parent: int) -> None:
    """Match the part, write its answers, leave without this process's exit handlers."""
    code = 1
    try:
        die_with_parent(parent)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        found = [index.match(name, country, top) for name, country in queries]
        pickle.dump(found, answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()
        from dualuse.screening import cache

        cache.save_memos()  # the forms of names it read first, for the next run
        code = 0
    except BaseException:  # noqa: BLE001 - the parent matches the part itself
        pass
    finally:
        os._exit(code)


def _answers_of(pid: int, answers: IO[bytes]) -> list[list[PartyMatch]] | None:
    """A worker's answers once it has ended; None if it failed. The file has no name and was
    opened here before the fork, so only the worker could have written it: unpickling it runs
    no one else's code."""
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return None
    try:
        answers.seek(0)
        found = pickle.load(answers)
    except (OSError, pickle.UnpicklingError, EOFError):
        return None
    return found if isinstance(found, list) else None


def _stop(pid: int) -> None:
    """End a worker not yet reaped, and reap it."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
