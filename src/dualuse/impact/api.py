"""JSON-returning entry points for the REST API (and any other caller): same numbers as the CLI.

    exposure_report(path_or_rows, as_of=None, importer_country="JP") -> dict
    run_scenario(yaml_text) -> dict

Both raise `dualuse.errors.InputError` on bad input (the API turns it into a 4xx body).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Sequence

from dualuse.impact.exposure import analyse, read_portfolio, rows_from_dicts
from dualuse.impact.scenario import render_text, run_text


def exposure_report(path_or_rows: str | Path | Sequence[dict[str, Any]], as_of: dt.date | str | None = None,
                    importer_country: str = "JP") -> dict[str, Any]:
    """Tag a portfolio (a CSV/XLSX/Parquet path, or a list of row dicts with the same columns) and total it."""
    if isinstance(path_or_rows, (str, Path)):
        source = str(path_or_rows)
        lines = read_portfolio(Path(path_or_rows))
    else:
        source = "<rows>"
        lines = rows_from_dicts(list(path_or_rows), source=source)
    day = dt.date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    return analyse(lines, as_of=day, importer_country=importer_country, source=source).to_dict()


def run_scenario(yaml_text: str) -> dict[str, Any]:
    """Run a scenario given as YAML text; the result holds every input, formula and check, plus the text rendering."""
    result = run_text(yaml_text)
    out = result.to_dict()
    out["text"] = render_text(result)
    return out


def io_shock(sector: str, share: float, table_path: str | Path | None = None) -> dict[str, Any]:
    """Leontief propagation of a fall in one sector's final demand over a small IO table (default: the bundled one)."""
    from dualuse.impact.leontief import final_demand_shock, load_table

    return final_demand_shock(load_table(Path(table_path) if table_path else None), sector, share)
