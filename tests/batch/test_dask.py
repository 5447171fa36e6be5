"""The Dask engine on a LocalCluster of 2 worker processes on loopback: output identical to local."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.batch import run_batch

distributed = pytest.importorskip("distributed", reason="--engine dask needs the dask extra: pip install -e '.[dask]'")


@pytest.fixture(scope="module")
def cluster():
    import logging

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0",
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster


def test_dask_equals_local(tmp_path: Path, rows_csv: Path, shared, cluster) -> None:
    local = tmp_path / "local.parquet"
    run_batch(rows_csv, local, workers=1, chunk_rows=250, progress=False, shared=shared)
    remote = tmp_path / "dask.parquet"
    summary = run_batch(rows_csv, remote, engine="dask", scheduler=cluster.scheduler_address, workers=2,
                        chunk_rows=250, progress=False, shared=shared)
    assert (summary.engine, summary.workers, summary.chunks) == ("dask", 2, 6)
    assert remote.read_bytes() == local.read_bytes()
    assert Path(f"{remote}.rejects.csv").read_bytes() == Path(f"{local}.rejects.csv").read_bytes()


def test_the_engine_is_shipped_once_to_each_worker(rows_csv: Path, shared, cluster) -> None:
    from datetime import date

    from dualuse.batch.decide import Params, SharedEngine
    from dualuse.batch.engines.dask import DaskEngine
    from dualuse.batch.readers import open_reader

    engine = DaskEngine(2, cluster.scheduler_address)
    try:
        results = engine.run(shared, open_reader(rows_csv).chunks(300), Params(None, date(2026, 11, 23)))
        indexes = [next(results).index]
        held = engine.client.run(lambda dask_worker: [type(v).__name__ for v in dask_worker.data.values()])
        # every worker holds one copy of the scattered regime + matcher, whatever its task count
        assert sorted(names.count(SharedEngine.__name__) for names in held.values()) == [1, 1]
        indexes += [r.index for r in results]
        assert sorted(indexes) == list(range(5))  # every chunk decided, once
        # Which worker decides which chunk is the scheduler's choice and depends on timing (on a
        # loaded machine one worker may take them all), so it is not asserted: only what the
        # engine guarantees is (one copy per worker, broadcast before the first task, above).
    finally:
        engine.close()


def test_local_cluster_started_by_the_engine(tmp_path: Path, shared) -> None:
    root = Path(__file__).resolve().parents[2]
    out = tmp_path / "example.csv"
    summary = run_batch(root / "examples/batch/shipments.csv", out, engine="dask", workers=2, chunk_rows=10,
                        progress=False, shared=shared)
    local = tmp_path / "local.csv"
    run_batch(root / "examples/batch/shipments.csv", local, workers=1, chunk_rows=10, progress=False, shared=shared)
    assert summary.workers == 2
    assert out.read_bytes() == local.read_bytes()


def test_waiting_for_more_workers_than_join_is_one_clear_error(cluster, monkeypatch) -> None:
    from dualuse.batch.engines import dask as dask_engine
    from dualuse.errors import DualuseError

    monkeypatch.setattr(dask_engine, "WAIT_FOR_WORKERS_SECONDS", 1)
    with pytest.raises(DualuseError, match=rf"only 2 of 3 Dask workers joined {cluster.scheduler_address} within 1 s"):
        dask_engine.DaskEngine(3, cluster.scheduler_address)
