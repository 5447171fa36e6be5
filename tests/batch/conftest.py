"""Shared fixtures for the batch tests: the generator of realistic rows and one shared engine."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_generator():
    """benchmarks/generate.py as a module (benchmarks/ is not a package)."""
    name = "dualuse_benchmarks_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def generator():
    return load_generator()


@pytest.fixture(scope="session")
def shared():
    from dualuse.batch.decide import SharedEngine

    return SharedEngine()


@pytest.fixture(scope="session")
def rows_csv(tmp_path_factory, generator) -> Path:
    """1,500 seeded rows with about 1% malformed ones, as CSV."""
    path = tmp_path_factory.mktemp("rows") / "rows.csv"
    return generator.write(path, 1500, seed=3, bad_share=0.01)
