"""One batch job: read chunks, skip those a previous run finished, decide the rest, join.

    run_batch(Path("shipments.csv"), Path("decisions.parquet"), engine="dask", workers=2)
"""

from __future__ import annotations

import time
from importlib import metadata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Iterator

from dualuse.batch import DEFAULT_CHUNK_ROWS
from dualuse.batch.decide import Params, SharedEngine
from dualuse.batch.engines import make_engine
from dualuse.batch.journal import Journal
from dualuse.batch.progress import BatchProgress, ProgressCallback, ProgressUpdate
from dualuse.batch.readers import AnyChunk, open_reader
from dualuse.batch.writers import output_format, rejects_path
from dualuse.errors import InputError



@dataclass(frozen=True)
class BatchSummary:
    output: Path
    rejects: Path
    rows: int  # decided rows in the output
    rejected: int
    resumed_rows: int  # rows a previous run had already decided
    chunks: int
    seconds: float
    engine: str
    workers: int
    data_version: str
    decide_seconds: float = 0.0  # time spent inside the deciding function, summed over chunks and workers

    def one_line(self) -> str:
        resumed = f", {self.resumed_rows:,} of them from the interrupted run" if self.resumed_rows else ""
        return (
            f"{self.rows:,} rows decided{resumed} -> {self.output}; {self.rejected:,} rejected -> {self.rejects}; "
            f"{self.seconds:,.1f} s on {self.engine} ({self.workers} worker{'s' if self.workers != 1 else ''}); "
            f"data version {self.data_version}"
        )


def run_batch(
    input_path: Path,
    output: Path,
    *,
    as_of: date | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    progress: bool = True,
    restart: bool = False,
    shared: SharedEngine | None = None,
    on_progress: ProgressCallback | None = None,
) -> BatchSummary:
    """Decide every row of `input_path` into `output` (+ `output`.rejects.csv); resumable.

    `on_progress(update)` is called from this thread after each chunk is committed (resumed
    chunks included) and once more when the output is joined, with a `ProgressUpdate`.
    """
    started = time.perf_counter()
    if chunk_rows < 1:
        raise InputError("must be at least 1", field="--chunk-rows")
    output_format(output)
    if output.resolve() == input_path.resolve():
        raise InputError("the output would overwrite the input", file=str(output))
    reader = open_reader(input_path)  # checks the header before anything starts
    shared = shared or SharedEngine()
    stat = input_path.stat()
    job = {
        "input": str(input_path.resolve()),
        "input_size": stat.st_size,
        "input_mtime_ns": stat.st_mtime_ns,
        "chunk_rows": chunk_rows,
        "as_of": as_of.isoformat() if as_of else None,
        "data_version": shared.data_version,
        "dualuse_version": _version(),
        "default_day": date.today().isoformat(),
    }
    # The engine first: a cluster that cannot be reached leaves no OUTPUT.parts/ behind.
    batch_engine = make_engine(engine, workers=workers, scheduler=scheduler)
    seen = 0
    decide_seconds = 0.0
    try:
        journal = Journal(output, job, restart=restart)
        params = Params(as_of=as_of, default_day=date.fromisoformat(journal.job["default_day"]),
                        output_format=journal.kind)
        resumed_rows = sum(c["rows"] for c in journal.done.values())
        rows_total = None if reader.unit == "bytes" else reader.total
        units_done = rows_done = rejected = 0

        def report(units: int, rows: int, rejects: int) -> None:
            nonlocal units_done, rows_done, rejected
            units_done, rows_done, rejected = units_done + units, rows_done + rows, rejected + rejects
            if on_progress is not None:
                fraction = min(units_done / reader.total, 1.0) if reader.total else 0.0
                on_progress(ProgressUpdate(rows_done, rows_total, rejected, fraction, bar.rate))

        with BatchProgress(reader.total, enabled=progress) as bar:

            def pending() -> Iterator[AnyChunk]:
                nonlocal seen
                for chunk in reader.chunks(chunk_rows):
                    seen = chunk.index + 1
                    if chunk.index in journal.done:
                        bar.skipped(chunk.size, chunk.span)
                        report(chunk.span, chunk.size, journal.done[chunk.index]["rejects"])
                        continue
                    yield chunk

            for result in batch_engine.run(shared, pending(), params):
                journal.commit(result)
                decide_seconds += result.seconds
                bar.decided(result.rows, result.span)
                report(result.span, result.rows, result.rejected)
            bar.finish()
        totals = journal.finish(seen)
        if on_progress is not None:
            rows = totals.rows + totals.rejects
            on_progress(ProgressUpdate(rows, rows, totals.rejects, 1.0, bar.rate))
    finally:
        batch_engine.close()
    return BatchSummary(
        output, rejects_path(output), totals.rows, totals.rejects, resumed_rows, totals.chunks,
        time.perf_counter() - started, batch_engine.name, batch_engine.workers, shared.data_version,
        decide_seconds,
    )


def _version() -> str:
    try:
        return metadata.version("dualuse")
    except metadata.PackageNotFoundError:
        return "unknown"
