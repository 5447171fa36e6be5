"""Batch decisions over row files (issue 6): CSV, XLSX or Parquet in; Parquet or CSV out.

Streams the input in chunks, decides each chunk with the engine and matcher `dualuse check`
uses, locally or on a Dask cluster, writes the output incrementally and resumes after a kill.
See docs/BATCH.md for the file format and the command.
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dualuse.batch.contract import COLUMNS, OUTPUT_COLUMNS, REJECT_COLUMNS
    from dualuse.batch.runner import BatchSummary, run_batch

DEFAULT_CHUNK_ROWS = 25_000
"""Rows per chunk (a Dask partition): big enough that a task's fixed cost (about 80 ms with two
workers) is small beside its work (about 2 s), small enough to bound memory and to resume at."""


def __getattr__(name: str):
    """The contract and the runner (the engine, pandas, pyarrow) are imported when first asked
    for: `dualuse --help` reads only the default above."""
    if name in ("COLUMNS", "OUTPUT_COLUMNS", "REJECT_COLUMNS"):
        from dualuse.batch import contract

        return getattr(contract, name)
    if name in ("BatchSummary", "run_batch"):
        from dualuse.batch import runner

        return getattr(runner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COLUMNS", "DEFAULT_CHUNK_ROWS", "OUTPUT_COLUMNS", "REJECT_COLUMNS", "BatchSummary", "run_batch"]
