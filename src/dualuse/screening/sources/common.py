"""What every list source shares: the adapter interface, reading a file's bytes and text, and
the checks a name must pass.

A bad line is an error that names the file, the line and the field, never a skipped row: a
list that silently loses a party is worse than no list. Names longer than `MAX_NAME_CHARS`
and names with control characters are such errors too (a control character in a list is a
broken export, not a name). An empty list (a header and no rows) is a valid, empty list.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar, Protocol

from dualuse.errors import ListFileError
from dualuse.errors import read_file_bytes as read_bytes
from dualuse.screening.base import ScreenedEntity

__all__ = ["ListFileError", "ListSource", "SourceRead", "check_name", "read_bytes", "read_text", "warn_if_names_no_one"]

ALIAS_SEPARATOR = " | "
MAX_NAME_CHARS = 1000
"""Longest name a list or query file may hold; the longest official name on the bundled lists
is under 120 characters, so anything near this is a broken cell (a pasted paragraph)."""
log = logging.getLogger("dualuse.screening.sources")


@dataclass(frozen=True, slots=True)
class SourceRead:
    """What one adapter read from one file: the parties, and the list's own date and
    instrument when the source states them (a MOFCOM announcement does, a table does not)."""

    entities: list[ScreenedEntity]
    format: str
    date: date | None = None
    instrument: str = ""


class ListSource(Protocol):
    """One kind of list file: its name, the suffixes it is chosen by, and how it is read."""

    NAME: ClassVar[str]
    SUFFIXES: ClassVar[tuple[str, ...]]

    def read(self, path: Path) -> SourceRead:
        """The parties of the file at `path`, or a `ListFileError` naming file, line and field."""
        ...


def read_text(path: Path) -> str:
    """UTF-8 text (a BOM is allowed); any other encoding is a clear error, not mojibake."""
    data = read_bytes(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ListFileError(path, line, None, f"not UTF-8 text (byte {error.start}); save the file as UTF-8") from None


def check_name(path: Path, line: int, field: str, value: str) -> str:
    """`value` when it is a usable name; otherwise an error naming the line and the field."""
    if len(value) > MAX_NAME_CHARS:
        raise ListFileError(path, line, field, f"{len(value)} characters, more than the {MAX_NAME_CHARS} a name may have")
    bad = next((c for c in value if unicodedata.category(c) == "Cc"), None)
    if bad is not None:
        raise ListFileError(path, line, field, f"control character U+{ord(bad):04X} in {value[:40]!r}")
    return value


def warn_if_names_no_one(path: Path | str, line: int | None, entity_id: str, names: Sequence[str]) -> bool:
    """Report (a logged warning naming file, line and entry) an entry whose every name is only
    legal forms, generic words or punctuation ("LIMITED", "LLC", 有限公司): the matcher neither
    indexes nor compares such a name, so the entry can never be found. Not an error: the rest
    of the list is good, and the entry stays in it for `lists diff`."""
    from dualuse.screening.matchers.crossscript.forms import (
        names_no_one,  # the matcher's own rule; loaded only when lists are
    )

    if not names or not all(names_no_one(name) for name in names):
        return False
    where = f"{path}, line {line}" if line is not None else str(path)
    log.warning(
        "warning: %s, entry %r: every name is only legal forms or generic words (%s); it will never be matched",
        where, entity_id, " | ".join(names),
    )
    return True
