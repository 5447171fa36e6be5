"""The `batch` command function (registered by the lead as `dualuse batch`) and the process pool."""

from __future__ import annotations

import csv
from pathlib import Path

import typer
from typer.testing import CliRunner

from dualuse.batch import run_batch
from dualuse.interfaces.cli.batch import batch

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples/batch/shipments.csv"


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command()(batch)
    app.command("noop")(lambda: None)  # two commands, so `batch` is addressed by name as in dualuse
    return app


def test_batch_command_with_as_of(tmp_path: Path) -> None:
    out = tmp_path / "decisions.csv"
    result = CliRunner().invoke(_app(), ["batch", str(EXAMPLE), "-o", str(out), "--as-of", "2026-11-28", "--workers", "1",
                                         "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "48 rows decided" in result.output and "2 rejected" in result.output
    with open(out, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 48 and {r["as_of"] for r in rows} == {"2026-11-28"}
    assert list(rows[0]) == ["id", "outcome", "rules", "citations", "matched_parties", "as_of", "data_version"]


def test_bad_as_of_is_an_input_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["batch", str(EXAMPLE), "-o", str(tmp_path / "o.csv"), "--as-of", "28/11/2026"])
    assert result.exit_code != 0
    assert "not a date '28/11/2026'" in str(result.exception)


def test_process_pool_equals_one_process(tmp_path: Path, shared) -> None:
    one = tmp_path / "one.parquet"
    run_batch(EXAMPLE, one, workers=1, chunk_rows=10, progress=False, shared=shared)
    pool = tmp_path / "pool.parquet"
    summary = run_batch(EXAMPLE, pool, workers=2, chunk_rows=10, progress=False, shared=shared)
    assert summary.workers == 2
    assert pool.read_bytes() == one.read_bytes()


def test_a_worker_with_other_dualuse_code_refuses(shared) -> None:
    """A worker runs the job only with the dualuse code the client built the regime and index with."""
    import pickle

    import pytest

    from dualuse.errors import DualuseError

    state = shared.__getstate__()
    state.update(code="0" * 16, built_in=-1)  # as if built by another process with other code
    worker_copy = pickle.loads(pickle.dumps(shared))
    worker_copy.__setstate__(state)
    with pytest.raises(DualuseError, match="runs different dualuse code than the client"):
        _ = worker_copy.engine
    from dualuse.batch.decide import code_fingerprint

    same = pickle.loads(pickle.dumps(shared))
    same.code, same._built_in = code_fingerprint(), -1  # another process, the same code: fine
    assert same.engine is same.engine
