"""YAML loading that refuses a mapping with the same key twice (as OpenFisca does): PyYAML
keeps the last value silently, so a record edited in two places would lose one of them
without a word. Every YAML file dualuse reads goes through `safe_load` here (the regime's
own reader, `regime/yamlfile.py`, uses `UniqueKeyLoader` the same way).

A duplicate is a `DuplicateKey`, a `yaml.MarkedYAMLError`: each reader's existing handling
of malformed YAML reports it with the file and the line; the message names the key and the
line it first appeared on. So is a date that the calendar lacks (`2026-02-30`), which PyYAML
lets out as a bare ValueError that no reader expects.
"""

from __future__ import annotations

from typing import IO, Any

import yaml
from yaml.constructor import ConstructorError

try:  # the C parser is much faster on the designation files
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - pure-Python PyYAML
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class DuplicateKey(ConstructorError):
    """A key given twice in one mapping: `key`, and the 1-based lines of both."""

    def __init__(self, key: object, first: yaml.Node, again: yaml.Node):
        self.key = key
        self.first_line = first.start_mark.line + 1
        self.line = again.start_mark.line + 1
        super().__init__(
            None, None, f"duplicate key {key!r} (first on line {self.first_line})", again.start_mark,
        )


class UniqueKeyLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader, refusing a key given twice in one mapping."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, yaml.Node] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":  # `<<: *base`: its keys may be overridden here
                    continue
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: PyYAML's own error says so below
                    continue
                if first is not None:
                    raise DuplicateKey(key, first, key_node)
                seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


def _timestamp(loader: UniqueKeyLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError as error:
        raise ConstructorError(None, None, f"not a date: {node.value!r} ({error})", node.start_mark) from None


UniqueKeyLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def safe_load(stream: str | bytes | IO[str] | IO[bytes]) -> Any:
    """`yaml.safe_load`, but a key given twice in one mapping is a `DuplicateKey`."""
    return yaml.load(stream, Loader=UniqueKeyLoader)  # noqa: S506 - a safe loader
