"""The screening hot path, compiled with mypyc when installed; the same source either way.

`pip install -e .` (and so `make run` / `make test`) compiles the modules of `MODULES` to C
extensions with mypyc (`setup.py`): the matcher runs the same code, typed, without the
interpreter's dispatch on every attribute and call (the gain: benchmarks/SCREENING.md). The answers are the same to the byte (tests/screening/test_compiled.py), and a machine
without a C compiler or mypyc simply keeps the plain Python.

An extension sits beside its source and Python prefers it, so an edited source would be
shadowed silently by the extension built from the old one. The build therefore writes the
SHA-256 of every compiled source to `compiled.json` (beside this file), and `use_sources_if_stale` (run when
`dualuse.screening` is imported, before any module of the group) compares them: if a source
changed, or `DUALUSE_PURE_PYTHON=1` is set, every module of the group is loaded from its source
instead, with a warning naming the changed files and how to rebuild (`make install`). A group is
all or nothing: compiled modules call each other's native classes directly.

Classes that are pickled with a matcher (batch workers get one) say how (`__reduce__`), or are
left plain Python classes (`mypyc_attr(native_class=False)`): compiled classes have no default.

This file is also read by `setup.py` before the package is installed: standard library only.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path

MODULES = (
    "dualuse.screening.base",
    "dualuse.screening.matchers.crossscript",
    "dualuse.screening.matchers.crossscript.align",
    "dualuse.screening.matchers.crossscript.config",
    "dualuse.screening.matchers.crossscript.features",
    "dualuse.screening.matchers.crossscript.forms",
    "dualuse.screening.matchers.crossscript.index",
    "dualuse.screening.matchers.crossscript.labels",
    "dualuse.screening.normalise.text",
    "dualuse.screening.normalise.legal",
    "dualuse.screening.normalise.readings",
    "dualuse.screening.lexicon",
)
"""The modules compiled together (one mypyc group): the matcher's hot path, per query and per
candidate, its weights and thresholds (`config`: read in every loop, a native attribute read
when compiled), the normalisation, legal forms and lexicon lookups every query's words go
through, and the matches it answers with (`base`)."""
GROUP = "dualuse_screening_core"
"""The group's name: mypyc's shared library is `GROUP__mypyc`, beside the `dualuse` package."""
PURE_PYTHON = "DUALUSE_PURE_PYTHON"
"""Set (to anything but "" or "0") to run the plain Python modules even where compiled ones exist."""
PACKAGE_ROOT = Path(__file__).resolve().parents[2]
"""The directory holding the `dualuse` package (src/ in a checkout)."""


def manifest_path(root: Path = PACKAGE_ROOT) -> Path:
    """Where the build records what it compiled: `compiled.json` beside this file."""
    return root / "dualuse" / "screening" / "compiled.json"


def source_path(module: str, root: Path = PACKAGE_ROOT) -> Path:
    base = root.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def source_digests(root: Path = PACKAGE_ROOT) -> dict[str, str]:
    """SHA-256 of each compiled module's source, by module name."""
    return {module: hashlib.sha256(source_path(module, root).read_bytes()).hexdigest() for module in MODULES}


def write_manifest(root: Path = PACKAGE_ROOT) -> Path:
    """Record the digests of the sources being compiled (setup.py, at build time)."""
    manifest = manifest_path(root)
    manifest.write_text(json.dumps({"group": GROUP, "sources": source_digests(root)}, indent=1) + "\n", encoding="utf-8")
    return manifest


def extension_paths(root: Path = PACKAGE_ROOT) -> list[Path]:
    """The compiled extension files present for the modules (none in a plain Python install)."""
    found = []
    for module in MODULES:
        source = source_path(module, root)
        stem = "__init__" if source.name == "__init__.py" else source.stem
        found += [source.with_name(stem + suffix) for suffix in importlib.machinery.EXTENSION_SUFFIXES if source.with_name(stem + suffix).exists()]
    return found


def stale_sources(root: Path = PACKAGE_ROOT) -> list[str]:
    """Modules whose source differs from what was compiled (all of them if no record was kept)."""
    try:
        recorded = json.loads(manifest_path(root).read_text(encoding="utf-8"))["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        return list(MODULES)
    current = source_digests(root)
    return [module for module in MODULES if recorded.get(module) != current[module]]


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds the group's modules as plain Python source, ahead of their compiled extensions."""

    def __init__(self, root: Path):
        self.root = root

    def find_spec(self, name, path=None, target=None):
        if name not in MODULES:
            return None
        source = source_path(name, self.root)
        package = [str(source.parent)] if source.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(name, source, submodule_search_locations=package)


_finder: _SourceFinder | None = None


def use_sources_if_stale() -> None:
    """Load the group from its sources when asked to, or when a source changed since it was compiled."""
    global _finder
    if _finder is not None or not extension_paths():
        return
    if os.environ.get(PURE_PYTHON, "") not in ("", "0"):
        reason = None
    else:
        stale = stale_sources()
        if not stale:
            return
        files = ", ".join(str(source_path(module).relative_to(PACKAGE_ROOT)) for module in stale)
        reason = f"{files} changed since the matcher was compiled: running it as plain Python (slower); `make install` (pip install -e .) compiles it again"
    if any(module in sys.modules for module in MODULES):  # too late to choose: what runs stays
        if reason:
            warnings.warn(f"dualuse: {reason.split(':')[0]}, but compiled modules are already imported: they run as built", RuntimeWarning, stacklevel=3)
        return
    _finder = _SourceFinder(PACKAGE_ROOT)
    sys.meta_path.insert(0, _finder)
    if reason:
        warnings.warn(f"dualuse: {reason}", RuntimeWarning, stacklevel=3)


def running_compiled() -> bool:
    """Whether the matcher now imported is the compiled one (for the tests and the benchmark report)."""
    module = importlib.import_module("dualuse.screening.matchers.crossscript.align")
    return Path(module.__file__ or "").suffix != ".py"
