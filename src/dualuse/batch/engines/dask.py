"""The Dask engine: chunks decided as tasks on a `dask.distributed` cluster.

Without `--scheduler` it starts a `LocalCluster` of `--workers` single-threaded worker
processes on 127.0.0.1 and closes it afterwards; with `--scheduler tcp://HOST:8786` it uses a
running cluster (whose workers must have dualuse installed: the tasks run its code) and, given
`--workers N`, waits until N workers have joined.

The regime and the screening index are built once here, scattered to every worker
(`broadcast=True`) and passed to each task by reference, so a task ships only its chunk's
rows (a CSV chunk as text) and returns its part files' bytes. Each worker keeps one engine
(with its per-name screening cache) for the whole job. Before the first chunk is decided, the
distinct parties and items it names are dealt out to the workers, screened and classified
once, and the results broadcast to every worker (decide.warm_up): otherwise every worker would
screen the same customers cold. At most two chunks per worker thread (plus one) are in flight;
results come back in any order and the journal puts them in place, so the output equals the
local engine's.
"""

from __future__ import annotations

import itertools
import logging
import os
from typing import Iterable, Iterator

from dualuse.batch.decide import ChunkResult, Params, SharedEngine, decide_chunk, warm_up, warm_up_shards
from dualuse.batch.readers import AnyChunk, Chunk
from dualuse.engine.engine import KnownLookups
from dualuse.errors import DualuseError, InputError

WAIT_FOR_WORKERS_SECONDS = 120


class DaskEngine:
    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise DualuseError(
                "--engine dask needs dask.distributed: pip install 'dualuse[dask]' (or: pip install distributed)"
            ) from None
        if workers is not None and workers < 1:
            raise InputError("must be at least 1", field="--workers")
        self._cluster = None
        if scheduler:
            try:
                self._client = Client(scheduler, timeout="30s")
            except (OSError, TimeoutError) as exc:
                raise DualuseError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
            if workers:
                try:
                    self._client.wait_for_workers(workers, timeout=WAIT_FOR_WORKERS_SECONDS)
                except TimeoutError:
                    joined = len(self._client.scheduler_info(n_workers=-1)["workers"])
                    self._client.close()
                    raise DualuseError(
                        f"only {joined} of {workers} Dask workers joined {scheduler} within {WAIT_FOR_WORKERS_SECONDS} s"
                    ) from None
        else:
            self._cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                host="127.0.0.1", dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR,
            )
            self._client = Client(self._cluster)
        joined = self._client.scheduler_info(n_workers=-1)["workers"].values()
        self._workers = max(len(joined), 1)
        self._slots = max(sum(w.get("nthreads", 1) for w in joined), 1)  # tasks that can run at once

    @property
    def workers(self) -> int:
        return self._workers

    @property
    def client(self):
        return self._client

    def run(self, shared: SharedEngine, chunks: Iterable[AnyChunk], params: Params) -> Iterator[ChunkResult]:
        from distributed import as_completed

        engine = self._client.scatter(shared, broadcast=True, hash=False)
        source = iter(chunks)
        first = next(source, None)
        if first is None:
            return
        known, warm_up_seconds = self._warm_up(engine, first.parsed())
        source = itertools.chain([first], source)
        window = 2 * self._slots + 1
        queue = as_completed()
        for chunk in itertools.islice(source, window):
            queue.add(self._client.submit(decide_chunk, engine, chunk, params, known, pure=False))
        for future in queue:
            result = future.result()
            future.release()
            chunk = next(source, None)
            if chunk is not None:
                queue.add(self._client.submit(decide_chunk, engine, chunk, params, known, pure=False))
            result.seconds += warm_up_seconds
            warm_up_seconds = 0.0
            yield result

    def _warm_up(self, engine, first: Chunk):
        """The first chunk's parties and items looked up once across the workers; the merged
        results broadcast to every worker (a future), and the seconds the lookups took."""
        shards = warm_up_shards(first, self._slots)
        futures = [self._client.submit(warm_up, engine, parties, items, pure=False) for parties, items in shards]
        known = KnownLookups()
        seconds = 0.0
        for part in self._client.gather(futures):
            known.update(part.known)
            seconds += part.seconds
        return self._client.scatter(known, broadcast=True, hash=False), seconds

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
