"""The regime layer (and the list parsers it loads) sits below screening: no module of
`dualuse.regime` or `dualuse.lists` imports `dualuse.screening`, at the top or inside a
function (issue 20: a hidden regime ↔ screening cycle went unnoticed for months)."""

from __future__ import annotations

import ast
from pathlib import Path

import dualuse

PACKAGE = Path(dualuse.__file__).parent
LOWER_LAYERS = ("regime", "lists")
ALLOWED = {
    # The loaded regime is kept in the private, HMAC-checked pickle cache, whose generic
    # `cached(key, build)` still lives in screening/cache.py; lazily imported, never at load.
    ("regime/loader.py", "dualuse.screening.cache"),
}


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (module level, functions, TYPE_CHECKING)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)  # `from a import b`: a.b
    return names


def upward_imports(package: Path = PACKAGE, layers: tuple[str, ...] = LOWER_LAYERS) -> list[tuple[str, str]]:
    found = []
    for layer in layers:
        for path in sorted((package / layer).rglob("*.py")):
            where = path.relative_to(package).as_posix()
            for name in sorted(imported_modules(path)):
                if (name == "dualuse.screening" or name.startswith("dualuse.screening.")) and (where, name) not in ALLOWED:
                    found.append((where, name))
    return found


def test_regime_and_lists_import_nothing_from_screening():
    assert upward_imports() == []


def test_the_check_sees_imports_inside_functions(tmp_path):
    layer = tmp_path / "regime"
    layer.mkdir()
    (layer / "bad.py").write_text("def f():\n    from dualuse.screening.base import ScreenedEntity\n", encoding="utf-8")
    assert upward_imports(tmp_path, ("regime",)) == [("regime/bad.py", "dualuse.screening.base.ScreenedEntity")]
