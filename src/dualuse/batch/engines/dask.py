"""The Dask engine: chunks decided as tasks on a `dask.distributed` cluster.

Without `--scheduler` it starts a `LocalCluster` of `--workers` single-threaded worker
processes on 127.0.0.1 and closes it afterwards; with `--scheduler tcp://HOST:8786` it uses a
running cluster (whose workers must have dualuse installed: the tasks run its code) and, given
`--workers N`, waits until N workers have joined.

The regime and the screening index are built once here, scattered to every worker
(`broadcast=True`) and passed to each task by reference, so a task ships only its chunk's
rows. Each worker keeps one engine (with its per-name screening cache) for the whole job. At
most two chunks per worker thread (plus one) are in flight; results come back in any order and the journal
puts them in place, so the output equals the local engine's.
"""

from __future__ import annotations

import logging
import os
from typing import Iterable, Iterator

from dualuse.batch.decide import ChunkResult, Params, SharedEngine, decide_chunk
from dualuse.batch.readers import AnyChunk
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
        window = 2 * self._slots + 1
        source = iter(chunks)
        queue = as_completed()
        for chunk in source:
            queue.add(self._client.submit(decide_chunk, engine, chunk, params, pure=False))
            if queue.count() >= window:
                break
        for future in queue:
            result = future.result()
            future.release()
            chunk = next(source, None)
            if chunk is not None:
                queue.add(self._client.submit(decide_chunk, engine, chunk, params, pure=False))
            yield result

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
