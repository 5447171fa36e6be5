"""The interface every batch engine implements."""

from __future__ import annotations

from typing import Iterable, Iterator, Protocol

from dualuse.batch.decide import ChunkResult, Params, SharedEngine
from dualuse.batch.readers import AnyChunk


class BatchEngine(Protocol):
    name: str

    @property
    def workers(self) -> int:
        """How many processes decide chunks in parallel."""

    def run(self, shared: SharedEngine, chunks: Iterable[AnyChunk], params: Params) -> Iterator[ChunkResult]:
        """Decide every chunk (read lazily, a bounded number in flight); results in any order."""

    def close(self) -> None:
        """Release processes, clients and clusters the engine started."""
