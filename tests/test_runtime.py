"""The composition root (src/dualuse/runtime.py): one matcher per regime in a process, shared
by the engine `dualuse check` uses, the API's runtime and batch jobs (issue 18: a server that
ran a batch job built it three times)."""

from __future__ import annotations

from dualuse import runtime
from dualuse.batch.decide import SharedEngine
from dualuse.engine.engine import Engine
from dualuse.interfaces.api.runtime import Runtime


def test_one_matcher_per_regime_for_every_interface():
    regime = runtime.regime()
    matcher = runtime.matcher(regime)
    assert runtime.matcher(regime) is matcher
    assert runtime.engine(regime).matcher is matcher
    assert Engine(regime).matcher is matcher
    api = Runtime(regime)
    assert api.engine.matcher is matcher and api.screener is matcher
    assert SharedEngine(regime).matcher is matcher


def test_an_engine_that_screens_nobody_has_no_matcher():
    assert runtime.engine(runtime.regime(), screen=False).matcher is None
