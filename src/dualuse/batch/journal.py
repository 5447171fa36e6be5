"""The resume journal: what a killed run had finished, so the same command continues from there.

Next to OUTPUT the job keeps a folder `OUTPUT.parts/`:

    manifest.json          what the job is (input file, its size and mtime, chunk size, --as-of,
                           the day undated rows are decided as of, the regime data version)
    00000042.out.parquet   the decisions of chunk 42 (or .out.csv)
    00000042.rejects.csv   its rejected rows
    00000042.done          the commit marker: row counts; written last

Every file is written under a temporary name, flushed to disk and renamed into place, so a
chunk is either wholly done (its `.done` exists) or redone. When every chunk is done the parts
are joined in chunk order into OUTPUT and OUTPUT.rejects.csv (again via temporary files and a
rename) and the folder is removed: a run interrupted at any point and resumed writes the same
bytes as one that never stopped.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dualuse.batch import writers
from dualuse.batch.decide import ChunkResult
from dualuse.errors import InputError

MANIFEST_VERSION = 1


@dataclass(frozen=True)
class Totals:
    chunks: int
    rows: int
    rejects: int


class Journal:
    def __init__(self, output: Path, job: dict[str, Any], *, restart: bool = False):
        self.output = output
        self.kind = writers.output_format(output)
        self.dir = output.with_name(output.name + ".parts")
        manifest = self.dir / "manifest.json"
        if restart and self.dir.exists():
            shutil.rmtree(self.dir)
        job = {"manifest_version": MANIFEST_VERSION, "output_format": self.kind, **job}
        if manifest.exists():
            recorded = json.loads(manifest.read_text(encoding="utf-8"))
            changed = [k for k in job if k != "default_day" and recorded.get(k) != job[k]]
            if changed:
                what = ", ".join(f"{k} was {recorded.get(k)!r}, now {job[k]!r}" for k in changed)
                raise InputError(
                    f"an unfinished run of a different job is in {self.dir.name}/ ({what}); "
                    "rerun it with the same input and options to finish it, or pass --restart to discard it",
                    file=str(output),
                )
            self.job = recorded
        else:
            if not output.parent.is_dir():
                raise InputError("the output folder does not exist", file=str(output))
            self.dir.mkdir(exist_ok=True)
            _atomic_write(manifest, json.dumps(job, indent=2, sort_keys=True) + "\n")
            self.job = job
        self.done: dict[int, dict[str, int]] = {}
        for marker in self.dir.glob("*.done"):
            self.done[int(marker.stem)] = json.loads(marker.read_text(encoding="utf-8"))
        for stale in self.dir.glob("*.tmp"):
            stale.unlink()

    @property
    def resumed(self) -> bool:
        return bool(self.done)

    def _part(self, index: int, suffix: str) -> Path:
        return self.dir / f"{index:08d}.{suffix}"

    def commit(self, result: ChunkResult) -> None:
        """Write one chunk's parts; the `.done` marker last, so a kill never leaves half a chunk."""
        out = self._part(result.index, f"out.{self.kind}")
        rejects = self._part(result.index, "rejects.csv")
        writers.write_part(_tmp(out), result.output_part)
        os.replace(_tmp(out), out)
        writers.write_part(_tmp(rejects), result.rejects_part)
        os.replace(_tmp(rejects), rejects)
        counts = {"rows": result.decided, "rejects": result.rejected, "span": result.span}
        _atomic_write(self._part(result.index, "done"), json.dumps(counts) + "\n")
        self.done[result.index] = counts

    def finish(self, chunks: int) -> Totals:
        """Join chunks 0..chunks-1 into OUTPUT and OUTPUT.rejects.csv, then remove the parts."""
        missing = [i for i in range(chunks) if i not in self.done]
        if missing:
            raise RuntimeError(f"chunks {missing[:5]} were never decided")
        order = range(chunks)
        rejects = writers.rejects_path(self.output)
        writers.join_rejects([self._part(i, "rejects.csv") for i in order], _tmp(rejects))
        os.replace(_tmp(rejects), rejects)
        writers.join_outputs([self._part(i, f"out.{self.kind}") for i in order], self.kind, _tmp(self.output))
        os.replace(_tmp(self.output), self.output)
        shutil.rmtree(self.dir)
        return Totals(
            chunks, sum(self.done[i]["rows"] for i in order), sum(self.done[i]["rejects"] for i in order)
        )


def _tmp(path: Path) -> Path:
    return path.with_name(path.name + ".tmp")


def _atomic_write(path: Path, text: str) -> None:
    tmp = _tmp(path)
    with open(tmp, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
