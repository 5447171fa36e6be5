"""Batch decisions (issue 6): rows per second end to end, peak memory, Dask 1 vs 2 workers.

Figures, all on the same seeded rows (benchmarks/generate.py):
  * `dualuse batch ROWS.csv -o OUT.parquet` end to end (local engine, one process per core),
    run as a child process, with the peak memory of its whole process tree (sampled RSS sum)
    and of its largest process;
  * the Dask engine on a LocalCluster of 1 and of 2 single-threaded worker processes
    (cluster start-up excluded), on the same rows as the end-to-end run unless --dask-n says
    otherwise, --repeats times each, interleaved (1, 2, 1, 2, ...), a fresh cluster per run; the
    speedup of the medians, every run with its CPU seconds (workers; client with the scheduler;
    other processes on the machine) and load; and the scheduling overhead per partition —
    measured two ways: empty tasks, and (workers x wall - time inside the tasks) / partitions
    in the real job;
  * the same rows one by one through the single-transaction path `dualuse check` uses (JSON
    text -> validated transaction -> Engine.decide, one engine, in process) on a sample,
    extrapolated; and `dualuse check FILE.json` as a process per row, on a smaller sample.

Run: .venv/bin/python benchmarks/batch.py [--n 1000000] [--dask-n N] [--repeats 3] [--wait-quiet 600] [--write]
--write writes the figures to benchmarks/BATCH.md. The machine may be shared: the load average
at the start and the end of the run, and the CPU other processes used during each Dask run, are
reported with the figures; --wait-quiet S waits up to S seconds before each Dask run for the
other processes to leave both cores free (and says when they did not).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

from machine import describe  # benchmarks/machine.py  # noqa: E402
from dualuse.batch import DEFAULT_CHUNK_ROWS, run_batch  # noqa: E402
from dualuse.batch.decide import SharedEngine  # noqa: E402
from dualuse.engine.engine import Engine  # noqa: E402
from dualuse.transaction import parse_transaction_text  # noqa: E402

OUT = Path(__file__).with_name("BATCH.md")
TARGET_SECONDS = 180
TARGET_BYTES = 4 * 1024**3


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


class TreeMemory:
    """Samples the RSS of a process and its children (psutil) every 0.2 s; keeps the peaks."""

    def __init__(self, pid: int):
        import psutil

        self.process = psutil.Process(pid)
        self.peak_total = 0
        self.peak_single = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                processes = [self.process, *self.process.children(recursive=True)]
                sizes = []
                for p in processes:
                    try:
                        sizes.append(p.memory_info().rss)
                    except psutil.Error:
                        pass
                self.peak_total = max(self.peak_total, sum(sizes))
                self.peak_single = max(self.peak_single, max(sizes, default=0))
            except psutil.Error:
                pass
            self._stop.wait(0.2)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def end_to_end(rows: Path, work: Path, workers: int, chunk_rows: int) -> dict:
    output = work / "decisions.parquet"
    command = [sys.executable, "-m", "dualuse.interfaces.cli.batch", str(rows), "-o", str(output),
               "--workers", str(workers), "--chunk-rows", str(chunk_rows), "--no-progress", "--restart"]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(child.pid)
    stdout, stderr = child.communicate()
    seconds = time.perf_counter() - started
    memory.stop()
    if child.returncode != 0:
        raise SystemExit(f"batch failed: {stderr}")
    return {"seconds": seconds, "summary": stdout.strip(), "peak_total": memory.peak_total,
            "peak_single": memory.peak_single, "workers": workers, "output_bytes": output.stat().st_size}


def busy_cpu_seconds() -> float:
    """CPU seconds all processes on the machine have used since boot (/proc/stat): the difference
    over a measurement, less our own, is what other work took from the same cores."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def other_cores(seconds: float = 5.0) -> float:
    """Cores busy with other processes' work over `seconds` (this one sleeps meanwhile)."""
    before = busy_cpu_seconds()
    time.sleep(seconds)
    return (busy_cpu_seconds() - before) / seconds


def wait_for_quiet(limit: float, threshold: float = 0.2, samples: int = 3) -> float:
    """Wait up to `limit` seconds until other processes have used less than `threshold` of a core
    for `samples` consecutive 5-second readings (a short pause in a long job is not quiet); the
    highest of the last readings either way."""
    deadline = time.monotonic() + limit
    readings = [other_cores()]
    while max(readings[-samples:]) >= threshold or len(readings) < samples:
        if time.monotonic() >= deadline:
            break
        readings.append(other_cores())
    return max(readings[-samples:])


def cpu_seconds(process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def dask_run(rows: Path, output: Path, chunk_rows: int, shared: SharedEngine, workers: int, wait: float) -> dict:
    """One job on a fresh LocalCluster of `workers` single-threaded workers, timed from submission
    to the joined output, with the CPU every party used meanwhile."""
    import psutil
    from distributed import LocalCluster

    quiet_before = wait_for_quiet(wait) if wait else None
    started = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR) as cluster:
        startup = time.perf_counter() - started
        me = psutil.Process()
        children = me.children(recursive=True)
        load_start, busy_start, client_start = load(), busy_cpu_seconds(), cpu_seconds(me)
        workers_start = sum(cpu_seconds(c) for c in children)
        summary = run_batch(rows, output, engine="dask", scheduler=cluster.scheduler_address, workers=workers,
                            chunk_rows=chunk_rows, progress=False, restart=True, shared=shared)
        client = cpu_seconds(me) - client_start
        worker = sum(cpu_seconds(c) for c in children) - workers_start
        other = busy_cpu_seconds() - busy_start - client - worker
        return {
            "workers": workers, "seconds": summary.seconds, "inside": summary.decide_seconds,
            "worker_cpu": worker, "client_cpu": client, "other_cores": max(other, 0.0) / summary.seconds,
            "quiet_before": quiet_before, "load_start": load_start, "load_end": load(), "startup": startup,
            "chunks": summary.chunks, "rows": summary.rows + summary.rejected,
            "empty_task": empty_task_overhead(cluster.scheduler_address),
            "sha256": hashlib.sha256(output.read_bytes()).hexdigest(),
        }


def dask_runs(rows: Path, work: Path, chunk_rows: int, shared: SharedEngine, repeats: int, wait: float) -> dict:
    """1 and 2 workers, interleaved, `repeats` times each, on the same rows and partitions."""
    runs = []
    for _ in range(repeats):
        for workers in (1, 2):
            run = dask_run(rows, work / f"dask{workers}.parquet", chunk_rows, shared, workers, wait)
            print(f"dask: {run}", file=sys.stderr)
            runs.append(run)
    figures: dict = {"chunk_rows": chunk_rows, "runs": runs, "chunks": runs[0]["chunks"], "rows": runs[0]["rows"]}
    figures["identical"] = len({r["sha256"] for r in runs}) == 1
    local = work / "decisions.parquet"  # the end-to-end run's output, when it decided the same rows
    if rows.name == "rows.csv" and local.exists():
        figures["identical_local"] = hashlib.sha256(local.read_bytes()).hexdigest() == runs[0]["sha256"]
    for workers in (1, 2):
        mine = [r for r in runs if r["workers"] == workers]
        for key in ("seconds", "inside", "worker_cpu", "client_cpu", "startup", "empty_task"):
            figures[f"{key}_{workers}"] = statistics.median(r[key] for r in mine)
        wall, inside = figures[f"seconds_{workers}"], figures[f"inside_{workers}"]
        figures[f"overhead_{workers}"] = max(wall * workers - inside, 0.0) / figures["chunks"]
    figures["speedup"] = figures["seconds_1"] / figures["seconds_2"]
    pairs = [one["seconds"] / two["seconds"] for one, two in zip(runs[::2], runs[1::2])]
    figures["pair_speedups"] = pairs
    return figures


def _nothing(x: int) -> int:
    return x


def empty_task_overhead(address: str, tasks: int = 500) -> float:
    """Seconds per task of submit -> run -> result for tasks that do nothing, a window of 5 in flight."""
    from distributed import Client, as_completed

    with Client(address) as client:
        client.submit(_nothing, -1, pure=False).result()
        started = time.perf_counter()
        queue = as_completed([client.submit(_nothing, i, pure=False) for i in range(5)])
        submitted = 5
        for _ in queue:
            if submitted < tasks:
                queue.add(client.submit(_nothing, submitted, pure=False))
                submitted += 1
        return (time.perf_counter() - started) / tasks


def one_by_one(rows: Path, sample: int, shared: SharedEngine) -> dict:
    """JSON text -> parse_transaction_text -> Engine.decide per row (the `dualuse check` path, in process)."""
    import csv

    with open(rows, encoding="utf-8", newline="") as f:
        texts = [generate.json_transaction(r) for _, r in zip(range(sample), csv.DictReader(f))]
    engine = Engine(shared.regime, shared.matcher)
    today = date.today()
    started = time.perf_counter()
    bad = 0
    for text in texts:
        try:
            tx = parse_transaction_text(text)
            engine.decide(tx, None if tx.date else today)
        except Exception:  # noqa: BLE001 - malformed rows count as work done, as in batch
            bad += 1
    seconds = time.perf_counter() - started
    return {"rows": len(texts), "seconds": seconds, "per_s": len(texts) / seconds, "bad": bad, "texts": texts[:20]}


def check_processes(texts: list[str], work: Path) -> dict:
    """`dualuse check FILE.json` as one process per row."""
    folder = work / "json"
    folder.mkdir(exist_ok=True)
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"{i:03d}.json"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    dualuse = Path(sys.executable).with_name("dualuse")
    started = time.perf_counter()
    for path in paths:
        subprocess.run([str(dualuse), "check", str(path)], capture_output=True, check=False)
    seconds = time.perf_counter() - started
    return {"rows": len(paths), "seconds": seconds, "per_row": seconds / len(paths)}


def report(f: dict) -> str:
    e2e, dask, single, proc = f["end_to_end"], f["dask"], f["one_by_one"], f["check_processes"]
    n = f["n"]
    per_s = n / e2e["seconds"]
    single_total = n / single["per_s"]
    gib = 1024**3
    repeats = len(dask["runs"]) // 2
    lines = [
        "## Batch decisions (`benchmarks/batch.py`)",
        "",
        f"Measured {f['date']} on {describe()}. Load average {f['load_start']} at the start, {f['load_end']} at the end;"
        " the machine is shared, so the CPU other processes used during each Dask run is reported with it (below).",
        "",
        f"Rows: {n:,} generated by `benchmarks/generate.py --seed {f['seed']}` (bad-row share {f['bad_share']}),"
        f" CSV of {f['input_bytes'] / 1024**2:,.0f} MiB; output Parquet of {e2e['output_bytes'] / 1024**2:,.0f} MiB.",
        "",
        "| figure | value | target |",
        "|---|---:|---:|",
        f"| `dualuse batch` end to end, local engine, {e2e['workers']} processes, screening included | "
        f"{e2e['seconds']:,.1f} s ({per_s:,.0f} rows/s) | < {TARGET_SECONDS} s |",
        f"| peak memory, whole process tree (sum of RSS, sampled every 0.2 s) | {e2e['peak_total'] / gib:.2f} GiB | < 4 GB |",
        f"| peak memory, largest single process | {e2e['peak_single'] / gib:.2f} GiB | |",
        f"| Dask, 1 worker ({dask['rows']:,} rows, {dask['chunks']} partitions of {dask['chunk_rows']:,}; median of {repeats}) | "
        f"{dask['seconds_1']:,.1f} s ({dask['rows'] / dask['seconds_1']:,.0f} rows/s) | |",
        f"| Dask, 2 workers (same rows and partitions; median of {repeats}) | "
        f"{dask['seconds_2']:,.1f} s ({dask['rows'] / dask['seconds_2']:,.0f} rows/s) | |",
        f"| Dask speedup 2 vs 1 worker (medians; run pairs {min(dask['pair_speedups']):.2f}–{max(dask['pair_speedups']):.2f}×) | "
        f"{dask['speedup']:.2f}× | ≥ 1.7× |",
        f"| Dask worker CPU, all workers (1 / 2 workers; medians) | {dask['worker_cpu_1']:,.1f} / {dask['worker_cpu_2']:,.1f} s | |",
        f"| Dask client CPU, scheduler included (1 / 2 workers; medians) | {dask['client_cpu_1']:,.1f} / {dask['client_cpu_2']:,.1f} s | |",
        f"| Dask scheduling overhead per partition, empty tasks (1 / 2 workers) | "
        f"{dask['empty_task_1'] * 1000:.1f} / {dask['empty_task_2'] * 1000:.1f} ms | |",
        f"| Dask overhead per partition in the job, (workers × wall − time in tasks) / partitions (1 / 2 workers) | "
        f"{dask['overhead_1'] * 1000:.0f} / {dask['overhead_2'] * 1000:.0f} ms | |",
        f"| Dask LocalCluster start-up (1 / 2 workers; not in the times above) | "
        f"{dask['startup_1']:.1f} / {dask['startup_2']:.1f} s | |",
        f"| one by one, JSON → `parse_transaction_text` → `Engine.decide`, in process | {single['per_s']:,.0f} rows/s on"
        f" {single['rows']:,} rows → {single_total:,.0f} s for {n:,} (extrapolated) | |",
        f"| ratio batch end to end : one by one in process | {single_total / e2e['seconds']:.1f}× | |",
        f"| `dualuse check FILE.json`, one process per row | {proc['per_row']:.2f} s per row on {proc['rows']} rows →"
        f" {proc['per_row'] * n / 86400:,.1f} days for {n:,} (extrapolated) | |",
        f"| ratio batch end to end : `dualuse check` per row | {proc['per_row'] * n / e2e['seconds']:,.0f}× | |",
        "",
        "Every Dask run, in the order they ran (a fresh cluster each; \"other\" is the CPU that processes outside the job"
        " used meanwhile, in cores, from /proc/stat):",
        "",
        "| run | workers | wall | time in tasks | worker CPU | client + scheduler CPU | other processes | load avg start → end |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
        *(f"| {i} | {r['workers']} | {r['seconds']:.1f} s | {r['inside']:.1f} s | {r['worker_cpu']:.1f} s | "
          f"{r['client_cpu']:.1f} s | {r['other_cores']:.2f} | {r['load_start']} → {r['load_end']} |"
          for i, r in enumerate(dask["runs"], start=1)),
        "",
        f"Dask outputs of every run byte-identical: {'yes' if dask['identical'] else 'NO'}"
        + (f"; Dask and local engine outputs byte-identical: {'yes' if dask['identical_local'] else 'NO'}"
           if "identical_local" in dask else "") + ". "
        f"Time inside the tasks per partition of {dask['chunk_rows']:,} rows: {dask['inside_1'] / dask['chunks']:.2f} s with"
        f" 1 worker, {dask['inside_2'] / dask['chunks']:.2f} s with 2; worker CPU with 2 workers is"
        f" {dask['worker_cpu_2'] / dask['worker_cpu_1']:.2f}× that of 1 (the same work, so the excess is what two"
        " processes cost each other on 2 cores, and the other processes' share).",
        "",
        "The one-by-one figure runs the same engine with the same per-name screening cache on one core, so the"
        " batch's gain over it is parallelism only (how much depends on free cores); the gain over `dualuse check`"
        f" per row is the process start-up, regime load and screening-index build ({proc['per_row']:.1f} s here)"
        " paid once per job instead of once per row.",
        "",
        f"`dualuse batch` output: {e2e['summary']}",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--dask-n", type=int, help="rows for the Dask 1-vs-2-worker runs (default: --n, the same rows)")
    parser.add_argument("--repeats", type=int, default=3, help="Dask runs per worker count, interleaved")
    parser.add_argument("--wait-quiet", type=float, default=0.0,
                        help="before each Dask run, wait up to this many seconds for other processes to free the cores")
    parser.add_argument("--sample", type=int, default=50_000, help="rows for the one-by-one figure")
    parser.add_argument("--check-sample", type=int, default=20, help="rows for `dualuse check` as a process per row")
    parser.add_argument("--chunk-rows", type=int, default=DEFAULT_CHUNK_ROWS)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bad-share", type=float, default=0.001)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--write", action="store_true", help="write the figures to benchmarks/BATCH.md")
    args = parser.parse_args()

    figures: dict = {"n": args.n, "seed": args.seed, "bad_share": args.bad_share, "load_start": load(),
                     "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    with tempfile.TemporaryDirectory(prefix="dualuse-batch-bench-") as folder:
        work = Path(folder)
        rows = work / "rows.csv"
        started = time.perf_counter()
        generate.write(rows, args.n, args.seed, args.bad_share)
        print(f"generated {args.n:,} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        figures["input_bytes"] = rows.stat().st_size
        figures["end_to_end"] = end_to_end(rows, work, args.workers, args.chunk_rows)
        print(f"end to end: {figures['end_to_end']}", file=sys.stderr)
        shared = SharedEngine()
        dask_rows = rows
        if args.dask_n and args.dask_n != args.n:
            dask_rows = generate.write(work / "dask-rows.csv", args.dask_n, args.seed, args.bad_share)
        figures["dask"] = dask_runs(dask_rows, work, args.chunk_rows, shared, args.repeats, args.wait_quiet)
        figures["one_by_one"] = one_by_one(rows, args.sample, shared)
        figures["check_processes"] = check_processes(figures["one_by_one"].pop("texts")[: args.check_sample], work)
        figures["load_end"] = load()
    text = report(figures)
    print(text)
    print(json.dumps(figures, default=str), file=sys.stderr)
    if args.write:
        OUT.write_text("# Batch benchmark\n\n" + text, encoding="utf-8")


if __name__ == "__main__":
    main()
