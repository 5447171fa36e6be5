"""CSV cells a spreadsheet will not run: formula injection in every CSV dualuse writes.

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets skip before reading a formula) is read by Excel, LibreOffice and Google Sheets as
a formula: a party name such as `=HYPERLINK("http://…","click")` or `=cmd|' /C calc'!A0` in an
input file would run when an officer opens the output. Every text cell of a CSV that dualuse
writes (screening results, batch decisions and rejects, list diffs and re-screens, exposure
reports) goes through `cell()`, which puts a single quote in front of such a cell; spreadsheets
show the text as written, and a program reading the CSV sees the quote (docs/SECURITY.md).
Numbers written as numbers (ranks, totals) are left alone.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """`value`, with a single quote in front when it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row(values: Iterable[Any]) -> list[Any]:
    return [cell(v) for v in values]


def record(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: cell(value) for key, value in values.items()}
