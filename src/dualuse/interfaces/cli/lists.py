"""`dualuse lists`: which party lists are loaded, how two versions differ, whose band changed.

    dualuse lists [--list FILE ...]                 the bundled China lists, and any file given
    dualuse lists diff OLD NEW [-o OUT.csv]         added / removed / changed entries by entity id
    dualuse lists rescreen PARTIES --old OLD --new NEW [-o OUT.csv]
                                                    only the parties whose band changed
    dualuse lists import FILE [--date D] [--user U] a listing the user has (MOFCOM text, transcribed
                                                    CSV, OpenSanctions CSV or FtM JSON lines) into the
                                                    user's data directory; then the diff and a re-screen

OLD and NEW are list files (CSV, XLSX, Parquet, FollowTheMoney JSON lines, a MOFCOM
announcement text), the word `bundled` for the bundled China lists, or `current` for them
with the user's imported listings (what decisions use). Each load is a dated
version (`ListVersion.id`: source @ content hash @ date), printed with every answer so that a
saved diff or re-screen says which versions it compared. Bad input is an `InputError`: one
line naming the file, the line and the field (exit 2).

Registered in the main CLI with `app.add_typer(lists_app, name="lists")`.
"""

from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Optional

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from dualuse import csvcells
from typing import TYPE_CHECKING

from dualuse.interfaces.cli.common import lazy_module

if TYPE_CHECKING:
    from dualuse.screening.base import ScreenedEntity
    from dualuse.screening.sources import ListVersion

# imported when a command runs, not for `--help`
sources = lazy_module("dualuse.screening.sources")

lists_app = typer.Typer(help="Party lists: what is loaded, how two versions differ, whose band changed.", no_args_is_help=False)

DIFF_COLUMNS = ("status", "entity_id", "changed", "old_names", "new_names", "old_country", "new_country", "old_list", "new_list")
RESCREEN_COLUMNS = ("party_id", "name", "old_band", "new_band", "old_entity_id", "new_entity_id", "old_matched_name", "new_matched_name")
PROGRESS_FROM_ROWS = 2000


def _names(entity: "ScreenedEntity | None") -> str:
    return " | ".join(n.value for n in entity.names) if entity else ""


def _version_line(version: "ListVersion") -> str:
    return f"{version.id} ({version.format}, {len(version.entities)} entries, dated {version.date.isoformat()})"


class _SafeWriter(csv.DictWriter):
    """Text cells a spreadsheet would run as a formula get a leading quote (dualuse.csvcells)."""

    def writerow(self, rowdict):  # type: ignore[override]
        return super().writerow(csvcells.record(rowdict))


@contextmanager
def _csv_out(output: Path | None, columns: tuple[str, ...]) -> Iterator[csv.DictWriter]:
    handle: IO[str] = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        writer = _SafeWriter(handle, columns)
        writer.writeheader()
        yield writer
    finally:
        if output:
            handle.close()


def bundled_summary() -> list[dict[str, object]]:
    """One row per listing instrument of the bundled data: list kind, instrument, dates, counts."""
    from dualuse.regime.loader import load_regime

    regime = load_regime()
    imported = regime.imported
    in_force = Counter(listed.designation.instrument for listed in regime.listed_parties.values())
    rows: list[dict[str, object]] = [
        {
            "list": d.list.value,
            "instrument": d.instrument,
            "published": d.published.isoformat(),
            "in_force_from": d.validity.in_force_from.isoformat() if d.validity.in_force_from else "",
            "entries": len(d.entries),
            "screened": in_force.get(d.instrument, 0),
            "source": f"imported ({Path(imported[d.instrument]).name})" if d.instrument in imported else "bundled",
        }
        for d in regime.designations
    ]
    by_source: dict[str, int] = defaultdict(int)
    for user in regime.military_users:
        by_source[user.source] += 1
    rows += [
        {"list": "military_user", "instrument": source, "published": "", "in_force_from": "", "entries": n, "screened": n, "source": "bundled"}
        for source, n in sorted(by_source.items())
    ]
    return sorted(rows, key=lambda r: (str(r["list"]), str(r["published"]), str(r["instrument"])))


@lists_app.callback(invoke_without_command=True)
def lists_show(
    ctx: typer.Context,
    list_files: list[Path] = typer.Option([], "--list", help="A list file to load and describe (repeatable)."),
) -> None:
    """What is loaded: the bundled China lists by list kind and instrument, and any --list file."""
    if ctx.invoked_subcommand is not None:
        return
    console = Console(width=160)
    bundled = sources.load_version("current")
    table = Table(title=f"China lists (bundled and imported) — version {bundled.id}")
    for column in ("list", "instrument", "published", "in force from", "entries", "screened", "source"):
        table.add_column(column, justify="right" if column in ("entries", "screened") else "left")
    rows = bundled_summary()
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    console.print(table)
    kinds = Counter(e.list for e in bundled.entities)
    console.print("screened by list kind: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    for path in list_files:
        version = sources.load_version(path)
        kinds = Counter(e.list or "(no list column)" for e in version.entities)
        console.print(f"{path}: {_version_line(version)}" + (f", instrument {version.instrument}" if version.instrument else ""))
        console.print("  by list: " + (", ".join(f"{k} {n}" for k, n in sorted(kinds.items())) or "empty"))


@lists_app.command("diff")
def lists_diff(
    old: str = typer.Argument(..., help="Old version: a list file, `bundled` or `current` (with imports)."),
    new: str = typer.Argument(..., help="New version: a list file, `bundled` or `current` (with imports)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="CSV of the differences (default: standard output)."),
) -> None:
    """Entries added, removed or changed (names, country, list kind) between two list versions, by entity id."""
    before, after = sources.load_version(old), sources.load_version(new)
    changes = sources.diff_versions(before.entities, after.entities)
    with _csv_out(output, DIFF_COLUMNS) as writer:
        for change in changes:
            writer.writerow(_diff_row(change))
    counts = Counter(c.status for c in changes)
    print(
        f"old {_version_line(before)}\nnew {_version_line(after)}\n"
        f"added {counts['added']}, removed {counts['removed']}, changed {counts['changed']}",
        file=sys.stderr,
    )


@lists_app.command("rescreen")
def lists_rescreen(
    parties: Path = typer.Argument(..., help="Saved parties, CSV/XLSX/Parquet: id,name[,country]."),
    old: str = typer.Option(..., "--old", help="Old version: a list file or `bundled`."),
    new: str = typer.Option(..., "--new", help="New version: a list file or `bundled`."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="CSV of the parties whose band changed (default: standard output)."),
    matcher: str = typer.Option("best", "--matcher", help="Matcher name."),
) -> None:
    """Screen saved parties against two list versions; report only the parties whose band changed."""
    from dualuse.interfaces.cli.screen import read_queries

    rows = read_queries(parties)
    before, after = sources.load_version(old), sources.load_version(new)
    from dualuse import runtime
    from dualuse.screening.base import best_band

    old_index = runtime.list_matcher(list(before.entities), matcher, field="--matcher")
    new_index = runtime.list_matcher(list(after.entities), matcher, field="--matcher")
    changed = 0
    progress = Progress(disable=len(rows) <= PROGRESS_FROM_ROWS, transient=True, console=Console(stderr=True))
    with _csv_out(output, RESCREEN_COLUMNS) as writer, progress as bar:
        task = bar.add_task("re-screening", total=len(rows))
        for party_id, name, country in rows:
            was, now = old_index.match(name, country, 1), new_index.match(name, country, 1)
            old_band, new_band = best_band(was), best_band(now)
            bar.advance(task)
            if old_band is new_band:
                continue
            changed += 1
            writer.writerow(
                {
                    "party_id": party_id,
                    "name": name,
                    "old_band": old_band.value,
                    "new_band": new_band.value,
                    "old_entity_id": was[0].entity_id if was else "",
                    "new_entity_id": now[0].entity_id if now else "",
                    "old_matched_name": was[0].matched_name if was else "",
                    "new_matched_name": now[0].matched_name if now else "",
                }
            )
    print(f"old {_version_line(before)}\nnew {_version_line(after)}\n{changed} of {len(rows)} parties changed band", file=sys.stderr)


@lists_app.command("import")
def lists_import(
    file: Path = typer.Argument(..., help="A MOFCOM announcement text (.txt), a transcribed-layout or OpenSanctions CSV, or FtM JSON lines."),
    listed_on: Optional[str] = typer.Option(None, "--date", help="Listing date for an OpenSanctions CSV without first_seen (YYYY-MM-DD)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="CSV of the differences against what was known."),
    rescreen_open: bool = typer.Option(True, "--rescreen/--no-rescreen", help="Re-decide open cases and licences in the store afterwards."),
    user: Optional[str] = typer.Option(None, "--user", help="Who re-screens (default: DUALUSE_TOKEN or the only user)."),
) -> None:
    """Add a listing the user has to the data every decision uses, without reinstalling; show what changed."""
    from dualuse.interfaces.cli.common import parse_date
    from dualuse.lists.imported import listings_dir
    from dualuse.services.listing_import import import_listing

    report = import_listing(file, listed_on=parse_date(listed_on, "--date"))
    for designation in report.designations:
        print(
            f"{designation.instrument}: {len(designation.entries)} parties on the {designation.list.value}, "
            f"{designation.effect.value}, from {designation.validity.in_force_from.isoformat()} — {designation.source_url or 'no URL'}"
        )
    if report.unlisted:
        print(f"not imported: {len(report.unlisted)} parties no Sanction record lists ({', '.join(report.unlisted[:5])}{' …' if len(report.unlisted) > 5 else ''})")
    if report.written is None:
        print(f"already known: nothing written; data version {report.old_version}")
        return
    print(f"written {report.written}")
    with _csv_out(output, DIFF_COLUMNS) if output else _null_writer() as writer:
        for change in report.changes:
            writer.writerow(_diff_row(change))
    counts = Counter(c.status for c in report.changes)
    print(f"lists diff against what was known: added {counts['added']}, removed {counts['removed']}, changed {counts['changed']}")
    for change in report.changes[:50]:
        entity = change.new or change.old
        print(f"  {change.status} {change.entity_id}: {_names(entity)}")
    if len(report.changes) > 50:
        print(f"  … {len(report.changes) - 50} more (-o FILE writes them all)")
    print(f"data version {report.old_version} -> {report.new_version}; imported listings live in {listings_dir()}")
    if rescreen_open:
        _rescreen_store(user)


def _diff_row(change) -> dict[str, str]:
    return {
        "status": change.status,
        "entity_id": change.entity_id,
        "changed": ",".join(change.what_changed()),
        "old_names": _names(change.old),
        "new_names": _names(change.new),
        "old_country": change.old.country or "" if change.old else "",
        "new_country": change.new.country or "" if change.new else "",
        "old_list": change.old.list if change.old else "",
        "new_list": change.new.list if change.new else "",
    }


@contextmanager
def _null_writer() -> Iterator:
    class _Discard:
        def writerow(self, row: dict) -> None:
            pass

    yield _Discard()


def _rescreen_store(user: str | None) -> None:
    """Re-decide what is open in the case store, when there is one, with the data just imported."""
    import os

    from dualuse.services import cases, rescreen, users
    from dualuse.storage.database import ENV_URL, Store, database_url

    url = database_url()
    if not os.environ.get(ENV_URL) and url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        print("re-screen: no case store, nothing to re-decide")
        return
    store = Store()
    actor = users.resolve_actor(store, user, os.environ.get("DUALUSE_TOKEN"))
    report = rescreen.rescreen(store, actor, decider=cases.regime_decider())
    print(f"re-screen: {report.checked} open records decided again, {len(report.alerts)} alerts")
    for alert in report.alerts:
        print(f"  alert {alert['alert_id']}: {alert['entity']} {alert['entity_id']} {alert['old_outcome']} -> {alert['new_outcome']}")
