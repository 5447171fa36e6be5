"""`dualuse --help` answers without loading the store, the engine, the matchers or the web
stack (each command imports what it calls, `cli/common.py::lazy_module`), and the console
script points at the CLI package's app."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import entry_points

HEAVY = ("sqlalchemy", "alembic", "fastapi", "dualuse.storage.database", "dualuse.engine.engine", "dualuse.screening.matchers")

PROBE = f"""
import json, sys
from dualuse.interfaces.cli.app import main
sys.argv = ["dualuse", "--help"]
code = 0
try:
    main()
except SystemExit as done:
    code = done.code
loaded = [m for m in {HEAVY!r} if m in sys.modules and type(sys.modules[m]).__name__ != "_LazyModule"]  # named, not run
print(json.dumps({{"code": code, "loaded": loaded}}), file=sys.stderr)
"""


def test_help_loads_no_store_engine_matcher_or_web_stack():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert "Usage" in result.stdout and "screen" in result.stdout, result.stderr
    probe = json.loads(result.stderr.strip().splitlines()[-1])
    assert probe == {"code": 0, "loaded": []}


def test_the_console_script_is_the_cli_package_app():
    from dualuse.interfaces.cli.app import main

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "dualuse"]
    assert script.value == "dualuse.interfaces.cli.app:main" and script.load() is main
