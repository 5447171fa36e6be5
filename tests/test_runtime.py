"""The composition root (src/dualuse/runtime.py): one matcher per regime in a process, shared
by the engine `dualuse check` uses, the API's runtime and batch jobs (issue 18: a server that
ran a batch job built it three times)."""

from __future__ import annotations

from pathlib import Path

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


def test_only_the_composition_root_builds_matchers():
    """Every interface takes its matcher from `runtime` (`matcher`, `list_matcher`): no other
    module calls `build_matcher`."""
    import ast
    from pathlib import Path

    import dualuse

    package = Path(dualuse.__file__).parent
    builders = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "build_matcher":
                builders.add(path.relative_to(package).as_posix())
    assert builders == {"runtime.py"}


def test_check_and_screen_of_the_bundled_lists_share_one_index(tmp_path):
    """`dualuse check` and `dualuse screen` without `--list` screen the same parties: the second
    reads the index the first wrote, as whole processes."""
    import os
    import subprocess
    import sys

    environment = dict(os.environ, DUALUSE_CACHE_DIR=str(tmp_path / "cache"))
    environment.pop("DUALUSE_NO_CACHE", None)
    queries = tmp_path / "queries.csv"
    queries.write_text("id,name,country\nq1,三菱重工业株式会社,JP\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[1]

    def dualuse(*args):
        done = subprocess.run([sys.executable, "-m", "dualuse.interfaces.cli", *map(str, args)], capture_output=True, text=True, env=environment, timeout=300)
        assert done.returncode in (0, 1, 3), done.stderr  # check's exit code is the decision's
        return done

    dualuse("check", root / "examples" / "transactions" / "02-jp-military-user-gsdf.json")
    indexes = sorted(path.name for path in (tmp_path / "cache").glob("*.index"))  # the lists' index (and the regime)
    assert indexes
    screened = dualuse("screen", queries)
    assert "q1,1," in screened.stdout
    assert sorted(path.name for path in (tmp_path / "cache").glob("*.index")) == indexes
