"""Fixtures for the MOFCOM/MFA texts the party lists are built from (../shared/data/mofcom)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dualuse.lists.build import DEFAULT_SHARED
from dualuse.lists.mofcom_text import parse_announcement
from dualuse.regime.model import Designation


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not DEFAULT_SHARED.is_dir():
        pytest.skip(f"the source texts are not at {DEFAULT_SHARED}")
    return DEFAULT_SHARED


@pytest.fixture(scope="session")
def read(shared_dir: Path) -> Callable[[str], str]:
    return lambda name: (shared_dir / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def parse(read: Callable[[str], str]) -> Callable[[str], Designation]:
    return lambda name: parse_announcement(read(name), f"mofcom/{name}")
