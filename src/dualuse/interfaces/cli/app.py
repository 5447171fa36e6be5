"""The `dualuse` command. Thin: it parses arguments, calls a service, prints the result.

Exit codes are a contract: 0 success, 2 bad input (one line naming the file, line and
field), 1 an internal error (one line; DUALUSE_DEBUG=1 shows the traceback).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from dualuse.errors import InputError
from dualuse.interfaces.cli.common import Format, parse_date, print_json, run_app
from dualuse.interfaces.cli.common import lazy_module

# imported when a command calls them, not for `--help` (the regime loader, the engine, the matcher)
loader = lazy_module("dualuse.regime.loader")
checking = lazy_module("dualuse.services.checking")
regime_status_service = lazy_module("dualuse.services.regime_status")

app = typer.Typer(
    name="dualuse",
    help="China's dual-use export controls as data: decide, explain and record shipments.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
regime_app = typer.Typer(help="The regime data: what is in force, dated changes, validation.", no_args_is_help=True)
app.add_typer(regime_app, name="regime")

_out = Console(soft_wrap=False, width=200)


@app.command()
def check(
    files: list[Path] = typer.Argument(..., help="Transaction JSON files, or directories of them."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Decide as of this date (YYYY-MM-DD); overrides the transaction's date."),
    format: Format = typer.Option(Format.json, "--format", help="json (the contract) or table."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Build the screening index afresh: neither read nor write the index cache."),
) -> None:
    """Decide transactions: PROHIBITED, LICENCE_REQUIRED, REVIEW or NO_LICENCE_REQUIRED, with every reason."""
    if no_cache:
        from dualuse.screening import cache

        cache.disable()
    results = checking.check_files(files, parse_date(as_of, "--as-of"))
    if format is Format.json:
        payload = [dict(file=str(r.path), **r.decision.model_dump(mode="json")) for r in results]
        print_json(payload[0] if len(payload) == 1 and not files[0].is_dir() else payload)
        return
    table = Table("file", "as of", "outcome", "rules that fired", "missing", show_lines=True)
    for r in results:
        d = r.decision
        fired = "\n".join(f"{x.rule} → {x.effect.value}" for x in d.reasons if x.effect.value not in ("INFORMATION",))
        table.add_row(r.path.name, d.as_of.isoformat(), _outcome_style(d.outcome.value), fired, "\n".join(d.missing))
    _out.print(table)
    first = results[0].decision if results else None
    ending = f", data end {first.data_as_of.isoformat()}" if first and first.data_as_of else ""
    _out.print(f"data version {first.data_version if first else '-'}{ending}")
    for warning in dict.fromkeys(w for r in results for w in r.decision.warnings if w.startswith("data age: ")):
        _out.print(f"warning: {warning.removeprefix('data age: ')}", markup=False)


@regime_app.command("status")
def regime_status(
    as_of: Optional[str] = typer.Option(None, "--as-of", help="The date (default today)."),
    format: Format = typer.Option(Format.table, "--format"),
) -> None:
    """Every measure, item announcement and listing, and its state on the date."""
    from dualuse.regime.staleness import staleness_warning

    day = parse_date(as_of, "--as-of") or date.today()
    regime = loader.load_regime()
    rows = regime_status_service.status(regime, day)
    age = staleness_warning(regime.data_as_of, day)
    if format is Format.json:
        print_json({
            "as_of": day.isoformat(), "data_version": regime.data_version, "data_as_of": regime.data_as_of.isoformat(),
            "warnings": [age] if age else [], "rows": [r.to_dict() for r in rows],
        })
        return
    title = f"Regime on {day.isoformat()} (data {regime.data_version}, ending {regime.data_as_of.isoformat()})"
    table = Table("kind", "id", "state", "detail", "what", title=title)
    for r in rows:
        table.add_row(r.kind, r.id, r.state.value, r.detail, r.title)
    _out.print(table)
    if age:
        print(f"warning: {age}")


@regime_app.command("timeline")
def regime_timeline(
    today: Optional[str] = typer.Option(None, "--today", help="Mark events after this date as upcoming (default today)."),
    upcoming: bool = typer.Option(False, "--upcoming", help="Only events after --today."),
    format: Format = typer.Option(Format.table, "--format"),
) -> None:
    """Dated changes, past and upcoming: entries into force, suspensions and what returns when."""
    day = parse_date(today, "--today") or date.today()
    events = [e for e in regime_status_service.timeline(loader.load_regime(), day) if e.upcoming or not upcoming]
    if format is Format.json:
        print_json([e.to_dict() for e in events])
        return
    table = Table("date", "", "subject", "event", "reliability")
    for e in events:
        table.add_row(e.date.isoformat(), "upcoming" if e.upcoming else "", e.subject, e.event, e.reliability.value)
    _out.print(table)


@regime_app.command("validate")
def regime_validate(data: Optional[Path] = typer.Option(None, "--data", help="A regime data directory (default: bundled).")) -> None:
    """Load and cross-check every regime data file; print what was loaded."""
    if data is not None and not data.is_dir():
        raise InputError("not a directory", file=str(data), field="--data")
    regime = loader.load_regime(data)
    parties = len(regime.listed_parties)
    print(
        f"ok: {len(regime.instruments)} instruments, {len(regime.entries)} control entries, "
        f"{len(regime.measures)} measures, {len(regime.designations)} listings ({parties} parties), "
        f"{len(regime.military_users)} military users; data version {regime.data_version}"
    )
    flagged = len(regime.unconfirmed_customs)
    print(f"customs codes: {flagged} printed reference code{'s' if flagged != 1 else ''} no tariff line (flagged U)")
    for warning in regime.unconfirmed_customs.values():
        print(f"  {warning}")
    if regime.catalogue is not None:
        c = regime.catalogue
        print(
            f"licence catalogue ({c.reliability.value}, in force {c.in_force_from.isoformat()}): {len(c.control_codes)} control codes"
            f" ({len({x.code[:5] for x in c.control_codes})} items), {len(c.customs_codes)} customs codes,"
            f" {len(c.flagged)} no tariff line (flagged U); {len(regime.aliases)} misprinted control code(s) accepted as aliases"
        )


@regime_app.command("build-lists")
def regime_build_lists(
    shared: Optional[Path] = typer.Option(
        None, "--shared",
        help="Folder of MOFCOM listing texts and transcribed/*.csv (default: data/official/mofcom in the repository, else ../shared/data/mofcom).",
    ),
    out: Optional[Path] = typer.Option(None, "--out", help="The regime data directory to write designations/ and designation_changes.yaml into (default: bundled data)."),
) -> None:
    """Parse listing announcements and transcribed listings into dated designation files (one per listing)."""
    from dualuse.lists.build import DEFAULT_SHARED, build_designations
    from dualuse.regime.loader import DEFAULT_DATA_DIR

    shared = shared or DEFAULT_SHARED
    if not shared.is_dir():
        raise InputError("not a directory", file=str(shared))
    try:
        written = build_designations(shared, out or DEFAULT_DATA_DIR)
    except ValueError as error:
        raise InputError(str(error), file=str(shared)) from None
    for path in written:
        print(path)
    print(f"{len(written)} files written")


@regime_app.command("build-catalogue")
def regime_build_catalogue(
    shared: Path = typer.Option(Path("../shared/data/control-list"), "--shared", help="Folder of the licence-catalogue extractions."),
    tariff: Path = typer.Option(
        Path("../shared/data/customs/china_customs_hs8_2023_en_zh.csv"), "--tariff", help="China's 8-digit tariff lines (CSV with hs8)."
    ),
    out: Optional[Path] = typer.Option(None, "--out", help="The file to write (default: bundled catalogue_codes.yaml)."),
) -> None:
    """Turn the 2026 licence-catalogue extractions into regime data (control codes, customs codes, tariff check)."""
    from dualuse.regime.catalogue import CATALOGUE_FILE, build_catalogue
    from dualuse.regime.loader import DEFAULT_DATA_DIR

    if not shared.is_dir():
        raise InputError("not a directory", file=str(shared))
    if not tariff.is_file():
        raise InputError("not a file", file=str(tariff))
    target = out or DEFAULT_DATA_DIR / CATALOGUE_FILE
    print(f"{target}: {'written' if build_catalogue(shared, tariff, target) else 'unchanged'}")


def _register_commands() -> None:
    """Commands that live in their own modules, one per capability."""
    from dualuse.interfaces.cli.batch import batch
    from dualuse.interfaces.cli.cache import cache_app
    from dualuse.interfaces.cli.classify import classify
    from dualuse.interfaces.cli.impact import impact_app
    from dualuse.interfaces.cli.lists import lists_app
    from dualuse.interfaces.cli.screen import screen
    from dualuse.interfaces.cli.serve import serve
    from dualuse.interfaces.cli.store import SUB_APPS

    app.command("screen")(screen)
    app.command("classify")(classify)
    app.command("serve")(serve)
    app.command("batch")(batch)
    for name, sub_app in SUB_APPS:
        app.add_typer(sub_app, name=name)
    app.add_typer(impact_app, name="impact")
    app.add_typer(lists_app, name="lists")
    app.add_typer(cache_app, name="cache")


def _outcome_style(outcome: str) -> str:
    colour = {"PROHIBITED": "bold red", "LICENCE_REQUIRED": "yellow", "REVIEW": "magenta", "NO_LICENCE_REQUIRED": "green"}
    return f"[{colour[outcome]}]{outcome}[/]"


def main() -> None:
    _register_commands()
    run_app(app)


if __name__ == "__main__":
    main()
