"""`run_batch(on_progress=...)`: one update per chunk and a last one when the output is joined."""

from __future__ import annotations

from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from dualuse.batch.decide import SharedEngine
from dualuse.batch.progress import ProgressUpdate
from dualuse.batch.runner import run_batch

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "batch" / "shipments.csv"


def test_progress_is_reported_after_every_chunk(tmp_path: Path, shared: SharedEngine):
    updates: list[ProgressUpdate] = []
    summary = run_batch(EXAMPLE, tmp_path / "out.csv", chunk_rows=10, progress=False, workers=1,
                        shared=shared, on_progress=updates.append)
    assert len(updates) == 5 + 1  # 50 rows in chunks of 10, then the joined output
    assert [u.rows_done for u in updates[:5]] == [10, 20, 30, 40, 50]
    assert all(u.rows_total is None for u in updates[:5])  # a CSV is measured in bytes
    fractions = [u.fraction for u in updates]
    assert fractions == sorted(fractions) and 0 < fractions[0] < 1
    last = updates[-1]
    assert (last.rows_done, last.rows_total, last.rejected, last.fraction) == (50, 50, 2, 1.0)
    assert (summary.rows, summary.rejected) == (48, 2)


def test_a_parquet_input_knows_its_row_count_from_the_start(tmp_path: Path, shared: SharedEngine):
    table = pacsv.read_csv(EXAMPLE, convert_options=pacsv.ConvertOptions(
        column_types={name: "string" for name in EXAMPLE.read_text(encoding="utf-8").splitlines()[0].split(",")}))
    source = tmp_path / "shipments.parquet"
    pq.write_table(table, source)
    updates: list[ProgressUpdate] = []
    run_batch(source, tmp_path / "out.csv", chunk_rows=20, progress=False, workers=1, shared=shared,
              on_progress=updates.append)
    assert [(u.rows_done, u.rows_total) for u in updates] == [(20, 50), (40, 50), (50, 50), (50, 50)]
    assert [round(u.fraction, 2) for u in updates] == [0.4, 0.8, 1.0, 1.0]
