"""Input limits: the sizes, counts and number bounds every door (CLI, API, web, batch) enforces.

One module, so that `dualuse check`, `POST /api/v1/check`, the web form and a batch row refuse
the same input with the same words. Each limit has a default and, where an operator may need
another value, an environment variable read once at import (docs/SECURITY.md, "Input limits
and exhaustion"). A value over a limit is bad input: exit 2 in the CLI, 4xx in the API, a
rejected row in a batch run.

Numbers in transactions are exact decimals: JSON is parsed with `parse_float=Decimal`
(`loads_json`), non-finite values (`1e400`, `Infinity`, `NaN`) are refused naming their
field, and amounts keep the store's precision (`AMOUNT_DECIMALS` places, at most
`MAX_AMOUNT`) so nothing is rounded on its way to the database.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from collections.abc import Iterable
from typing import Any


def _env_int(name: str, default: int) -> int:
    """A positive integer from the environment; unset, empty or not a positive integer: the default."""
    try:
        value = int(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


MAX_NAME_CHARS = _env_int("DUALUSE_MAX_NAME_CHARS", 500)
"""A party's or exporter's name (transactions, screening queries, dispositions, shipments)."""
MAX_TEXT_CHARS = 5000
"""A free-text field: an item's or end use's description."""
MAX_PARTIES = _env_int("DUALUSE_MAX_PARTIES", 100)
"""Parties in one transaction."""
MAX_ITEMS = _env_int("DUALUSE_MAX_ITEMS", 500)
"""Items in one transaction."""
MAX_AMOUNT = Decimal("1e15")
"""The largest value or quantity (the store's Numeric(20, 4) holds 16 integer digits)."""
AMOUNT_DECIMALS = 4
"""Decimal places a value or quantity may have: the store keeps exactly this many."""
MAX_NESTING = 64
"""How deep JSON or YAML input may nest (objects and lists within each other)."""

# Spreadsheets (.xlsx is a zip archive): checked before a parser opens them (batch.xlsxguard).
MAX_XLSX_EXPANDED_BYTES = _env_int("DUALUSE_MAX_XLSX_EXPANDED_BYTES", 512 * 1024 * 1024)
"""The workbook's members expanded, all together."""
MAX_XLSX_RATIO = _env_int("DUALUSE_MAX_XLSX_RATIO", 200)
"""A member's expanded size over its compressed size (a sheet of text compresses ~10-30 times)."""
MAX_XLSX_MEMBERS = 10_000
"""Files inside one workbook."""


class TooDeep(ValueError):
    """JSON or YAML nested deeper than MAX_NESTING."""

    def __init__(self, depth: int = MAX_NESTING):
        super().__init__(f"nested more than {depth} levels deep")


def nesting_depth(value: Any, limit: int = MAX_NESTING) -> int:
    """How deep `value` (decoded JSON or YAML) nests, counted without recursion; TooDeep past `limit`.

    A container reached again (YAML aliases share them) is walked again only when reached
    deeper than before, so shared or cyclic structures cost at most `limit` visits each.
    """
    deepest = 0
    seen: dict[int, int] = {}
    stack: list[tuple[Any, int]] = [(value, 0)]
    children: Iterable[Any]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, (list, tuple)):
            children = node
        else:
            continue
        depth += 1
        if depth > limit:
            raise TooDeep(limit)
        if seen.get(id(node), 0) >= depth:
            continue
        seen[id(node)] = depth
        deepest = max(deepest, depth)
        stack.extend((child, depth) for child in children)
    return deepest


def text_nesting_depth(text: str, limit: int = MAX_NESTING) -> None:
    """TooDeep when the brackets of JSON (or YAML flow) `text` open more than `limit` levels.

    A scan of the text, outside string literals, run before a parser that recurses would hit
    Python's recursion limit (RecursionError) on a few kilobytes of `[[[[`.
    """
    if text.count("[") + text.count("{") <= limit:  # the common case, counted in C: cannot nest deeper
        return
    depth = 0
    in_string = escaped = False
    quote = ""
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\" and quote == '"':
                escaped = True
            elif char == quote:
                in_string = False
            continue
        if char == '"' or char == "'":
            in_string, quote = True, char
        elif char in "[{":
            depth += 1
            if depth > limit:
                raise TooDeep(limit)
        elif char in "]}":
            depth = max(depth - 1, 0)


def loads_json(text: str | bytes) -> Any:
    """JSON with exact numbers: floats as Decimal, `NaN`/`Infinity` as Decimal too (so that the
    field's validation refuses them by name), nesting bounded by MAX_NESTING (TooDeep).

    json.JSONDecodeError for malformed text, as `json.loads` raises it.
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    text_nesting_depth(text)
    return json.loads(text, parse_float=Decimal, parse_constant=Decimal)


def unpaired_surrogate(value: Any, loc: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
    """Where in decoded JSON a string (or a key) holds an unpaired UTF-16 surrogate, which
    JSON's \\u escapes allow but no UTF-8 text does (`\\udcff`): such a value passes every check
    and then fails where it is written out (a case, a CSV, an answer). None when there is none."""
    if isinstance(value, str):
        return None if _is_text(value) else loc
    if isinstance(value, dict):
        for key, child in value.items():
            found = (*loc, key) if isinstance(key, str) and not _is_text(key) else unpaired_surrogate(child, (*loc, key))
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found = unpaired_surrogate(child, (*loc, index))
            if found is not None:
                return found
    return None


UNPAIRED_SURROGATE = "not text: an unpaired UTF-16 surrogate (a JSON escape such as \\udcff)"


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_amount(value: Decimal, *, upper: Decimal = MAX_AMOUNT, decimals: int | None = AMOUNT_DECIMALS) -> Decimal:
    """`value` when finite, 0 <= value <= upper and with at most `decimals` places; ValueError otherwise."""
    if not value.is_finite():
        raise ValueError("must be a finite number")
    if value < 0:
        raise ValueError("must not be negative")
    if value > upper:
        raise ValueError(f"must be at most {format(upper, ',f')}")
    if decimals is not None and _decimal_places(value) > decimals:
        raise ValueError(f"must have at most {decimals} decimal places (amounts are kept to {decimals})")
    return value


def _decimal_places(value: Decimal) -> int:
    """Places after the point once trailing zeros are dropped, counted exactly (no rounding context)."""
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    if not any(digits):
        return 0
    trailing = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(-(exponent + trailing), 0)


def json_number(value: Decimal) -> int | float | str:
    """A Decimal as JSON writes it: an integer, a float when the float is the same number, else text.

    A float is used only when it round-trips exactly (up to 15 significant digits), so what is
    stored or printed is the number that was given.
    """
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else format(value, "f")


def check_xlsx(path: Path, *, source: str | None = None) -> None:
    """Refuse a workbook that would expand past the limits, before any parser opens it.

    An .xlsx file is a zip archive: a 1 MB file can hold a sheet of 1 GiB, which a parser
    would inflate in memory. Checked here, within a fixed memory (one 1 MiB buffer): the
    number of members, each member's declared size and compression ratio, then the actual
    size of each member as it inflates (a member that inflates past its declared size, or a
    corrupt one, is refused too). InputError naming the file and the member.
    """
    import zipfile

    from dualuse.errors import InputError

    name = source or str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise InputError(f"not a readable XLSX workbook (not a zip archive: {error})", file=name) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_XLSX_MEMBERS:
            raise InputError(f"{len(members)} files inside the workbook, more than {MAX_XLSX_MEMBERS}", file=name)
        declared = sum(m.file_size for m in members)
        if declared > MAX_XLSX_EXPANDED_BYTES:
            raise InputError(f"the workbook expands to {declared:,} bytes, more than {MAX_XLSX_EXPANDED_BYTES:,} "
                             "(DUALUSE_MAX_XLSX_EXPANDED_BYTES)", file=name)
        for member in members:
            _check_ratio(member.filename, member.file_size, member.compress_size, name)
        total = 0
        buffer = bytearray(1 << 20)
        for member in members:
            size = 0
            try:
                with archive.open(member) as stream:
                    while count := stream.readinto(buffer):  # type: ignore[attr-defined]
                        size += count
                        total += count
                        if size > member.file_size or total > MAX_XLSX_EXPANDED_BYTES:
                            raise InputError(f"{member.filename} expands past its declared size", file=name)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as error:
                raise InputError(f"not a readable XLSX workbook ({member.filename}: {error})", file=name) from None
            _check_ratio(member.filename, size, member.compress_size, name)


def _check_ratio(member: str, expanded: int, compressed: int, name: str) -> None:
    from dualuse.errors import InputError

    if expanded > 1 << 20 and expanded > MAX_XLSX_RATIO * max(compressed, 1):
        raise InputError(f"{member} expands {expanded // max(compressed, 1)} times (to {expanded:,} bytes), more than "
                         f"the {MAX_XLSX_RATIO} a spreadsheet needs (DUALUSE_MAX_XLSX_RATIO): refused as a zip bomb", file=name)


def check_name(value: str, field: str) -> str:
    """A party name given on the command line, held to MAX_NAME_CHARS as in the API and the contract."""
    from dualuse.errors import InputError

    if not value.strip():
        raise InputError("must not be empty", field=field)
    if len(value) > MAX_NAME_CHARS:
        raise InputError(f"{len(value)} characters, more than the {MAX_NAME_CHARS} a name may have", field=field)
    return value
