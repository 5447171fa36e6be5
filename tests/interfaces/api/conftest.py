"""One warm runtime (regime, engine, screening index) for all API tests; apps are cheap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dualuse.interfaces.api.runtime import Runtime

EXAMPLES = Path(__file__).resolve().parents[3] / "examples" / "transactions"

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="session")
def runtime() -> Runtime:
    warm = Runtime()
    warm.warm()
    return warm


@pytest.fixture(scope="session")
def jp_military() -> dict:
    return json.loads((EXAMPLES / "02-jp-military-user-gsdf.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def examples() -> dict[str, dict]:
    """The example transactions by file stem (01-jp-civil-samarium-oxide, 05-jp-end-use-unknown, …)."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json"))}
