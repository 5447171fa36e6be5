"""Read YAML keeping line numbers, so validation errors can say where the bad value is."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Sequence

import yaml

from dualuse.errors import RegimeDataError
from dualuse.yamlfile import DuplicateKey, UniqueKeyLoader


class _Loader(UniqueKeyLoader):
    """Dates stay strings: the models parse them, so a bad date is a located validation error
    instead of PyYAML's bare ValueError. A key given twice in one mapping is an error."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in UniqueKeyLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path) -> tuple[Any, yaml.Node | None]:
    """The parsed document and its node tree (for locating fields); syntax errors name the line."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise RegimeDataError(
            str(exc.problem or exc), file=str(path), line=(mark.line + 1) if mark else None,
            field=str(exc.key) if isinstance(exc, DuplicateKey) else None,
        ) from None
    return data, node


def line_of(node: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the value at `loc` (a pydantic error location) in a composed tree."""
    best = node
    for key in loc:
        if isinstance(best, yaml.MappingNode):
            found = next((v for k, v in best.value if k.value == key), None)
        elif isinstance(best, yaml.SequenceNode) and isinstance(key, int) and key < len(best.value):
            found = best.value[key]
        else:
            found = None
        if found is None:
            break
        best = found
    return best.start_mark.line + 1 if best is not None else None
