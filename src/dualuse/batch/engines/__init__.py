"""Interchangeable batch engines, one module each, all with the `BatchEngine` interface.

`local` decides in this process (or a pool of processes on this machine); `dask` sends the
chunks to a `dask.distributed` cluster. Every engine yields a `ChunkResult` per chunk, in any
order, with at most a few chunks in flight, and the same rows give the same results.
"""

from __future__ import annotations

from dualuse.batch.engines.base import BatchEngine
from dualuse.errors import InputError

ENGINES = ("local", "dask")


def make_engine(name: str, *, workers: int | None = None, scheduler: str | None = None) -> BatchEngine:
    if name == "local":
        if scheduler:
            raise InputError("--scheduler needs --engine dask", field="--scheduler")
        from dualuse.batch.engines.local import LocalEngine

        return LocalEngine(workers)
    if name == "dask":
        from dualuse.batch.engines.dask import DaskEngine

        return DaskEngine(workers, scheduler)
    raise InputError(f"unknown engine {name!r}: expected one of {', '.join(ENGINES)}", field="--engine")


__all__ = ["BatchEngine", "ENGINES", "make_engine"]
