"""`dualuse batch`: decide a row file of shipments, on this machine or a Dask cluster.

    dualuse batch INPUT -o OUTPUT [--as-of DATE] [--engine local|dask] [--scheduler ADDRESS] [--workers N]

INPUT is CSV, XLSX or Parquet in the batch contract (docs/BATCH.md); OUTPUT is .parquet or
.csv; rejected rows go to OUTPUT.rejects.csv. Killed, the same command resumes. The lead
registers `batch` on the main app; `python -m dualuse.interfaces.cli.batch` runs it alone.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Optional

import typer

from dualuse.batch import DEFAULT_CHUNK_ROWS
from dualuse.interfaces.cli.common import parse_date, run_app


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


def batch(
    input: Path = typer.Argument(..., help="Row file: .csv (UTF-8), .xlsx or .parquet, one row per transaction item."),
    output: Path = typer.Option(..., "--output", "-o", help="Decisions file: .parquet or .csv (rejects go to OUTPUT.rejects.csv)."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Decide every row as of this date (YYYY-MM-DD); default: each row's date."),
    engine: EngineName = typer.Option(EngineName.local, "--engine", help="local (this machine) or dask (a dask.distributed cluster)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster)."),
    workers: Optional[int] = typer.Option(None, "--workers", help="Worker processes (default: one per core); with --scheduler, wait for this many."),
    chunk_rows: int = typer.Option(DEFAULT_CHUNK_ROWS, "--chunk-rows", help="Rows per chunk (one Dask task each); resuming needs the same value."),
    restart: bool = typer.Option(False, "--restart", help="Discard an unfinished run of OUTPUT instead of resuming it."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show the progress bar on stderr."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Build the screening index afresh: neither read nor write the index cache."),
) -> None:
    """Decide a file of shipments row by row: streamed, resumable, locally or on Dask."""
    from dualuse.batch.runner import run_batch

    if no_cache:
        from dualuse.screening import cache

        cache.disable()
    day = parse_date(as_of, "--as-of")
    summary = run_batch(
        input, output, as_of=day, engine=engine.value, scheduler=scheduler, workers=workers,
        chunk_rows=chunk_rows, progress=progress, restart=restart,
    )
    print(summary.one_line())


def main() -> None:
    """Run `batch` as a program of its own, with the main CLI's error handling."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command()(batch)
    run_app(app)


if __name__ == "__main__":
    main()
