"""Importing a listing the user has: checked against everything known, written dated into the
user's data directory, and compared with what was known before.

The regime with the new listing is loaded in full before anything is written (a listing whose
list kind or entry ids clash with the data is refused whole); the import file is then written
atomically (`dualuse.lists.imported.write_import`). From then on every regime load, and so every
decision (CLI, API, batch), includes it and cites it; `data_version` changes with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dualuse.errors import InputError
from dualuse.lists.imported import read_listing_file, write_import
from dualuse.regime.loader import load_regime, load_with
from dualuse.regime.model import Designation
from dualuse.screening.sources import EntryChange, diff_versions, regime_entities


@dataclass(frozen=True)
class ImportReport:
    source: Path
    format: str
    written: Path | None  # None: every listing in the file was already known as it is
    designations: tuple[Designation, ...]
    old_version: str
    new_version: str
    changes: tuple[EntryChange, ...]
    unlisted: tuple[str, ...] = ()  # parties in the file that no listing names (FtM without a Sanction record)


def import_listing(path: Path, *, listed_on: date | None = None, today: date | None = None) -> ImportReport:
    """Read, check, write and diff one listing file; a bad file raises `InputError` and writes nothing."""
    read = read_listing_file(path, listed_on=listed_on)
    before = load_regime()
    known = {d.instrument: d for d in before.designations}
    new = [d for d in read.designations if _differs(known.get(d.instrument), d)]
    if not new:
        return ImportReport(
            Path(path), read.format, None, tuple(read.designations), before.data_version, before.data_version, (), read.unlisted
        )
    try:
        after = load_with([(str(path), read.designations)])
    except InputError as clash:
        raise InputError(f"the listing does not fit the data: {clash.message}", file=str(path)) from None
    written = write_import(Path(path), read, today or date.today())
    changes = diff_versions(regime_entities(before), regime_entities(after))
    return ImportReport(
        Path(path), read.format, written, tuple(read.designations), before.data_version, load_regime().data_version,
        tuple(changes), read.unlisted,
    )


def _differs(known: Designation | None, new: Designation) -> bool:
    if known is None:
        return True
    fields = ("list", "effect", "validity", "entries", "source_url", "published")
    return any(getattr(known, f) != getattr(new, f) for f in fields)
