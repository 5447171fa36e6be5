"""Batch decisions over row files (issue 6): CSV, XLSX or Parquet in; Parquet or CSV out.

Streams the input in chunks, decides each chunk with the engine and matcher `dualuse check`
uses, locally or on a Dask cluster, writes the output incrementally and resumes after a kill.
See docs/BATCH.md for the file format and the command.
"""

from dualuse.batch.contract import COLUMNS, OUTPUT_COLUMNS, REJECT_COLUMNS
from dualuse.batch.runner import DEFAULT_CHUNK_ROWS, BatchSummary, run_batch

__all__ = ["COLUMNS", "DEFAULT_CHUNK_ROWS", "OUTPUT_COLUMNS", "REJECT_COLUMNS", "BatchSummary", "run_batch"]
