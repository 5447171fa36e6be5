"""`dualuse classify "TEXT" [--hs CODE] [--format json|table]`: which Control List entries an item may fall under.

Thin: parse, call `dualuse.classification.classify`, print. A malformed customs code raises
InputError, which the main CLI turns into one line and exit code 2. Register with
`app.command("classify")(classify)`.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from typing import TYPE_CHECKING

from dualuse.interfaces.cli.common import lazy_module

if TYPE_CHECKING:
    from dualuse.classification import Classification

classification = lazy_module("dualuse.classification")  # imported when the command runs


class ClassifyFormat(StrEnum):
    json = "json"
    table = "table"


_STATUS_STYLE = {
    "confident": "green",
    "parameters_unknown": "yellow",
    "not_listed": "cyan",
    "ambiguous": "magenta",
    "unknown": "red",
}


def classify(
    text: str = typer.Argument("", help="Product description in Chinese, Japanese or English (may be empty with --hs)."),
    hs: Optional[str] = typer.Option(None, "--hs", help="China customs code: 4, 6, 8 or 10 digits."),
    format: ClassifyFormat = typer.Option(ClassifyFormat.table, "--format", help="table (for people) or json (the contract)."),
) -> None:
    """Propose the Control List entries an item may fall under, the parameters that decide, and what to ask."""
    result = classification.classify(text, hs_code=hs)
    if format is ClassifyFormat.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    _print_table(result)


def _print_table(result: "Classification") -> None:
    console = Console(soft_wrap=False, width=160)
    style = _STATUS_STYLE[result.status.value]
    console.print(f"[bold {style}]{result.status.value.upper()}[/]  {result.reason}", highlight=False)
    if result.customs_description:
        console.print(f"customs {result.hs_code}: {result.customs_description}", highlight=False)
    if result.measurements:
        console.print("read: " + "; ".join(result.measurements), highlight=False)
    if result.candidates:
        table = Table(show_lines=False)
        for column in ("code", "rel.", "score", "parameters", "customs", "entry"):
            table.add_column(column, overflow="fold")
        for c in result.candidates:
            customs = f"{c.customs.level} {c.customs.printed_code}" if c.customs else ""
            table.add_row(
                c.code, c.code_reliability, f"{c.score:.2f}", f"{c.parameters.status.value}: {c.parameters.reason}",
                customs, c.description_en[:100],
            )
        console.print(table)
    for question in result.questions:
        console.print(f"? {question}", highlight=False)
    for warning in result.warnings:
        console.print(f"[yellow]warning:[/] {warning}", highlight=False)
