"""Helpers for the screening tests that run `dualuse screen` as a whole process."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest


def screen_as_a_process(folder, query: str, top: int, list_csv: str | None = None, country: str = "") -> list[dict[str, str]]:
    """`dualuse screen` as a whole process: one name (and its country) against `folder`'s
    list.csv (written first when `list_csv` is given); its rows, after checking that it exited 0."""
    if list_csv is not None:
        (folder / "list.csv").write_text(list_csv, encoding="utf-8")
    (folder / "queries.csv").write_text(f"id,name,country\nq1,{query},{country}\n", encoding="utf-8")
    environment = dict(os.environ, DUALUSE_CACHE_DIR=str(folder / "cache"))
    done = subprocess.run(
        [sys.executable, "-m", "dualuse.interfaces.cli", "screen", str(folder / "queries.csv"), "--list", str(folder / "list.csv"), "--top", str(top)],
        check=False, capture_output=True, text=True, env=environment, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


@pytest.fixture
def screen():
    """`screen_as_a_process`: (folder, query, top, list_csv=None, country="") → the rows."""
    return screen_as_a_process
