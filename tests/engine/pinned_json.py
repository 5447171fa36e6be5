"""The decisions whose JSON is pinned (tests/engine/decisions.json): every scenario of
scenarios.yaml and every example transaction, as the engine decides them.

Run `python tests/engine/pinned_json.py --write` to re-pin after a deliberate change of
output; the regime's data_version is stored as a placeholder (it is a hash of the data files),
and so are the day of the run and its distance from the data's end in the data-age warning
(`steady`): a pin must not fail the next morning.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "decisions.json"
GOLDEN_LANG = HERE / "decisions_zh.json"  # the examples as /check?lang=zh answers them
EXAMPLES = HERE.parents[1] / "examples" / "transactions"
VERSION = "<data_version>"


TODAY = re.compile(r"\(today, \d{4}-\d{2}-\d{2}, is \d+ days later\)")
TODAY_PLACEHOLDER = "(today, <today>, is <n> days later)"


def steady(text: str) -> str:
    """The JSON text with the day it was decided on replaced (staleness_warning names it)."""
    return TODAY.sub(TODAY_PLACEHOLDER, text)


def cases() -> dict[str, tuple[dict, str | None]]:
    """name -> (transaction document, as_of) for every pinned decision."""
    sys.path.insert(0, str(HERE))
    from test_scenarios import TABLE, build  # the table's own builder

    out: dict[str, tuple[dict, str | None]] = {}
    for scenario in TABLE["scenarios"]:
        as_of = scenario.get("as_of")
        out[f"scenario:{scenario['name']}"] = (build(scenario), str(as_of) if as_of else None)
    for path in sorted(EXAMPLES.glob("*.json")):
        out[f"example:{path.stem}"] = (json.loads(path.read_text(encoding="utf-8")), None)
    return out


def compact(document: object) -> str:
    """The API's JSON text (starlette's JSONResponse.render)."""
    return json.dumps(document, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":"))


def golden() -> dict[str, dict]:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def _write() -> None:
    from datetime import date

    from dualuse.engine.engine import Engine
    from dualuse.transaction import parse_transaction

    engine = Engine()
    pinned = {}
    for name, (document, as_of) in cases().items():
        decision = engine.decide(parse_transaction(document), as_of=date.fromisoformat(as_of) if as_of else None)
        data = json.loads(json.dumps(decision.model_dump(mode="json"), ensure_ascii=False))
        assert data["data_version"] == engine.regime.data_version
        data["data_version"] = VERSION
        pinned[name] = data
    GOLDEN.write_text(steady(json.dumps(pinned, ensure_ascii=False, indent=1)) + "\n", encoding="utf-8")
    sys.path.insert(0, str(HERE.parent / "interfaces" / "api"))
    from helpers import client

    from dualuse.interfaces.api.runtime import Runtime

    api = client(Runtime())
    in_chinese = {}
    for name, (document, _) in cases().items():
        if name.startswith("example:"):
            data = api.post("/api/v1/check", json=document, params={"lang": "zh"}).json()
            data["data_version"] = VERSION
            in_chinese[name] = data
    GOLDEN_LANG.write_text(steady(json.dumps(in_chinese, ensure_ascii=False, indent=1)) + "\n", encoding="utf-8")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    _write()
