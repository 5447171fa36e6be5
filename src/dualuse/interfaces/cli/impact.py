"""`dualuse impact …`: exposure of an import portfolio, and scenario estimates from sourced inputs.

    dualuse impact exposure FILE [--as-of DATE] [--importer-country JP] [--rates FILE] -o REPORT_DIR
    dualuse impact scenario SCENARIO.yaml [--format text|json] [--rates FILE]
    dualuse impact scenarios            (lists the bundled published cases)

Thin: parse, call `dualuse.impact`, print. Bad input raises InputError, which the main CLI prints
as one line with exit code 2. Register with `app.add_typer(impact_app, name="impact")`.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Optional

import typer

from dualuse.errors import InputError
from dualuse.interfaces.cli.common import lazy_module

# imported when a command runs, not for `--help` (the engine, the regime, pandas)
impact_currency = lazy_module("dualuse.impact.currency")
impact_exposure = lazy_module("dualuse.impact.exposure")
impact_scenario = lazy_module("dualuse.impact.scenario")

impact_app = typer.Typer(help="Impact: exposure of an import portfolio, and scenario estimates with sourced inputs.",
                         no_args_is_help=True)


class ScenarioFormat(StrEnum):
    text = "text"
    json = "json"


def _date(value: Optional[str]) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a date (YYYY-MM-DD): {value!r}", field="--as-of") from None


@impact_app.command("exposure")
def exposure(
    file: Path = typer.Argument(..., help="Portfolio or trade file: .csv, .xlsx or .parquet."),
    out: Path = typer.Option(..., "-o", "--out", help="Report directory (created): CSVs, PNG charts, exposure.html."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Decide every line as of this date (default: each line's date)."),
    importer_country: str = typer.Option("JP", "--importer-country", help="The importer's country (ISO alpha-2)."),
    rates: Optional[Path] = typer.Option(None, "--rates", help="A currency table (default: the bundled one)."),
) -> None:
    """Tag each line with the control entries and measures that reach it; total by chapter, family, measure, supplier."""
    table = impact_currency.load_rates(rates)
    report = impact_exposure.analyse(impact_exposure.read_portfolio(file), as_of=_date(as_of), importer_country=importer_country, rates=table,
                     source=str(file))
    paths = impact_exposure.write_report(report, out)
    share = report.exposed_jpy / report.total_jpy if report.total_jpy else 0.0
    typer.echo(f"{len(report.lines)} lines, total ¥{report.total_jpy:,.0f}; reached by a measure ¥{report.exposed_jpy:,.0f}"
               f" ({share:.1%})")
    for name in ("by_family", "by_measure"):
        for group in report.groups[name][:6]:
            typer.echo(f"  {name[3:]:8} {group.key:40.40} ¥{group.value_jpy:>16,.0f}  {group.share:6.1%}")
    listed = [t for t in report.lines if t.supplier_band != "clear" or t.buyer_band not in ("", "clear")]
    for t in listed:
        typer.echo(f"  party    line {t.source.line}: {t.source.supplier} — {t.supplier_band} {t.supplier_match}")
    typer.echo(f"wrote {len(paths)} files to {out}")


@impact_app.command("scenario")
def scenario(
    file: Path = typer.Argument(..., help="A scenario YAML file (see `dualuse impact scenarios`)."),
    format: ScenarioFormat = typer.Option(ScenarioFormat.text, "--format", help="text (for people) or json."),
    rates: Optional[Path] = typer.Option(None, "--rates", help="A currency table (default: the bundled one)."),
) -> None:
    """Run a scenario: every input with its source, every formula with its numbers, and the published checks."""
    result = impact_scenario.run(impact_scenario.load_scenario(file), impact_currency.load_rates(rates))
    if format is ScenarioFormat.json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(impact_scenario.render_text(result))


@impact_app.command("scenarios")
def scenarios() -> None:
    """List the bundled published cases and whether each reproduces its source."""
    for path in impact_scenario.bundled_scenarios():
        result = impact_scenario.run(impact_scenario.load_scenario(path))
        mark = "reproduced" if result.reproduced else "NOT reproduced"
        typer.echo(f"{path}  [{result.scenario.reproduction.value}, {mark}]  {result.scenario.title}")
