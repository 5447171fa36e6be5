"""The progress bar (on stderr): rows decided, rows per second in this run, and an ETA; and the
`ProgressUpdate` a caller of `run_batch(on_progress=...)` receives after every chunk (the API's
batch jobs poll it)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn


@dataclass(frozen=True)
class ProgressUpdate:
    """Where a job stands after a chunk. `rows_total` is known for XLSX and Parquet; a CSV file is
    measured in bytes, so its row count is only known at the end (None until then) and `fraction`
    is the share of the file's bytes read."""

    rows_done: int  # rows decided or rejected so far, resumed chunks included
    rows_total: int | None
    rejected: int  # of rows_done, rows that went to the rejects file
    fraction: float  # 0.0 .. 1.0
    rows_per_second: float  # rows decided in this run / seconds since it started


ProgressCallback = Callable[[ProgressUpdate], None]


class BatchProgress:
    """Advances by each chunk's share of the input (bytes of a CSV, rows otherwise)."""

    def __init__(self, total: int, *, enabled: bool = True, description: str = "deciding"):
        self.rows = 0
        self.resumed = 0
        self._started = time.perf_counter()
        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn("{task.fields[rows]:>12,} rows"),
            TextColumn("{task.fields[rate]:>8,.0f} rows/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            disable=not enabled,
            transient=False,
        )
        self._task = self._progress.add_task(description, total=max(total, 1), rows=0, rate=0.0)

    def __enter__(self) -> "BatchProgress":
        self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def skipped(self, rows: int, span: int) -> None:
        """A chunk a previous run finished: counted, but not in this run's rate."""
        self.resumed += rows
        task = self._progress.tasks[0]
        # reset() also drops the speed samples, so the ETA reflects only rows decided in this run.
        self._progress.reset(self._task, completed=task.completed + span, rows=self.rows + self.resumed, rate=self.rate)

    def decided(self, rows: int, span: int) -> None:
        self.rows += rows
        elapsed = time.perf_counter() - self._started
        self._progress.update(
            self._task, advance=span, rows=self.rows + self.resumed, rate=self.rows / elapsed if elapsed else 0.0
        )

    def finish(self) -> None:
        self._progress.update(self._task, completed=self._progress.tasks[0].total)

    @property
    def rate(self) -> float:
        elapsed = time.perf_counter() - self._started
        return self.rows / elapsed if elapsed else 0.0
