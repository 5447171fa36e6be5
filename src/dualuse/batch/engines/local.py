"""The local engine: this process alone (`--workers 1`, or an input of one chunk) or a pool of
processes on this machine.

With a pool, the regime and the screening index are pickled once into each worker process
(the pool's initializer) and each chunk travels as its rows; at most two chunks per worker
are in flight, so memory stays bounded whatever the input size.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Iterable, Iterator

from dualuse.batch.decide import ChunkResult, Params, SharedEngine, decide_chunk
from dualuse.batch.readers import AnyChunk
from dualuse.errors import InputError

_WORKER_ENGINE: SharedEngine | None = None
ORPHAN_CHECK_SECONDS = 0.5


def _initialise(shared: SharedEngine, parent: int) -> None:
    global _WORKER_ENGINE
    _WORKER_ENGINE = shared
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A killed parent (SIGKILL) cannot stop its pool: each worker leaves once it is orphaned."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(1)


def _decide(chunk: AnyChunk, params: Params) -> ChunkResult:
    assert _WORKER_ENGINE is not None, "worker not initialised"
    return decide_chunk(_WORKER_ENGINE, chunk, params)


class LocalEngine:
    name = "local"

    def __init__(self, workers: int | None = None):
        if workers is not None and workers < 1:
            raise InputError("must be at least 1", field="--workers")
        self._workers = workers or os.cpu_count() or 1
        self._pool: ProcessPoolExecutor | None = None

    @property
    def workers(self) -> int:
        """Processes deciding: --workers, or 1 once `run` has seen the input is a single chunk."""
        return self._workers

    def run(self, shared: SharedEngine, chunks: Iterable[AnyChunk], params: Params) -> Iterator[ChunkResult]:
        source = iter(chunks)
        first = next(source, None)
        second = next(source, None) if first is not None else None
        if self._workers == 1 or second is None:  # one chunk: starting processes would cost more than it saves
            self._workers = 1
            for chunk in itertools.chain((c for c in (first, second) if c is not None), source):
                yield decide_chunk(shared, chunk, params)
            return
        source = itertools.chain((first, second), source)
        # spawn, not fork: the progress bar runs a thread, and forking a threaded process is unsafe.
        self._pool = ProcessPoolExecutor(
            self._workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_initialise, initargs=(shared, os.getpid()),
        )
        window = 2 * self._workers
        pending: set[Future] = set()
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                    break
                pending.add(self._pool.submit(_decide, chunk, params))
            if not pending:
                return
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                yield future.result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
