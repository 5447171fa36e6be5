"""Every load of a list is a `ListVersion`: the entities plus an id made of the source, the
SHA-256 of the file's bytes and the list's date (the announcement's publication date for
MOFCOM texts, otherwise the file's modification date, UTC), so that two loads of the same
bytes are the same version and a changed file is a new one; and the diff of two versions."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from dualuse.screening.base import ScreenedEntity
from dualuse.screening.sources.common import ListFileError, ListSource, read_bytes
from dualuse.screening.sources.designations import regime_entities
from dualuse.screening.sources.ftm import FtmSource
from dualuse.screening.sources.mofcom import MofcomTextSource
from dualuse.screening.sources.tables import TableSource

SOURCES: tuple[ListSource, ...] = (TableSource(), FtmSource(), MofcomTextSource())
"""Every list-file adapter; a file goes to the one whose suffixes hold its own."""


@dataclass(frozen=True, slots=True)
class ListVersion:
    """One load of one list: what it holds, where it came from, which bytes, as of when."""

    source: str  # the file as given, or "bundled"
    format: str  # csv, xlsx, parquet, ftm, mofcom, bundled
    sha256: str
    date: date
    entities: tuple[ScreenedEntity, ...]
    instrument: str = ""  # MOFCOM texts: the announcement's id

    @property
    def id(self) -> str:
        return f"{Path(self.source).name}@{self.sha256[:12]}@{self.date.isoformat()}"

    def by_id(self) -> dict[str, ScreenedEntity]:
        return {e.entity_id: e for e in self.entities}


def source_for(path: Path) -> ListSource:
    """The adapter that reads `path`, by its suffix; an unknown suffix is an error naming the file."""
    suffix = path.suffix.lower()
    for source in SOURCES:
        if suffix in source.SUFFIXES:
            return source
    raise ListFileError(
        path, None, None, f"unknown list format {suffix or '(no extension)'}: use .csv, .xlsx, .parquet, .jsonl or .txt (MOFCOM text)"
    )


def _file_date(path: Path) -> date:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date()


def load_list_version(path: Path | str) -> ListVersion:
    """A list file read into a dated version."""
    path = Path(path)
    read = source_for(path).read(path)
    sha = hashlib.sha256(read_bytes(path)).hexdigest()
    return ListVersion(str(path), read.format, sha, read.date or _file_date(path), tuple(read.entities), read.instrument)


def load_list(path: Path | str) -> tuple[ScreenedEntity, ...]:
    """A list file by its extension (CSV, XLSX, Parquet, FollowTheMoney JSON lines, MOFCOM text)."""
    return load_list_version(path).entities


def bundled_version(*, with_imports: bool = False) -> ListVersion:
    """The bundled China lists (every listed party in force and every military user) as a version;
    `with_imports`: with the listings the user imported (`dualuse lists import`), named "current".

    The hash is over the entities as screened, the date the newest listing's publication.
    """
    from dualuse.regime.loader import load_regime

    regime = load_regime(with_imports=with_imports)
    entities = tuple(regime_entities(regime))
    digest = hashlib.sha256()
    for entity in sorted(entities, key=lambda e: e.entity_id):
        digest.update(json.dumps([entity.entity_id, [n.value for n in entity.names], entity.country, entity.list], ensure_ascii=False).encode())
    newest = max((d.published for d in regime.designations), default=date(1970, 1, 1))
    name = "current" if with_imports else "bundled"
    return ListVersion(name, name, digest.hexdigest(), newest, entities)


def load_version(spec: Path | str) -> ListVersion:
    """`bundled` for the bundled China lists, `current` for them with the user's imports, otherwise a list file."""
    if str(spec) in ("bundled", "current"):
        return bundled_version(with_imports=str(spec) == "current")
    return load_list_version(spec)


@dataclass(frozen=True, slots=True)
class EntryChange:
    entity_id: str
    old: ScreenedEntity | None
    new: ScreenedEntity | None

    @property
    def status(self) -> str:
        return "added" if self.old is None else "removed" if self.new is None else "changed"

    def what_changed(self) -> list[str]:
        if self.old is None or self.new is None:
            return []
        fields = []
        if [n.value for n in self.old.names] != [n.value for n in self.new.names]:
            fields.append("names")
        if self.old.country != self.new.country:
            fields.append("country")
        if self.old.list != self.new.list:
            fields.append("list")
        return fields


def diff_versions(old: Sequence[ScreenedEntity], new: Sequence[ScreenedEntity]) -> list[EntryChange]:
    """Entries added, removed or changed (names, country or list kind), by entity id."""
    before = {e.entity_id: e for e in old}
    after = {e.entity_id: e for e in new}
    changes = [EntryChange(i, before.get(i), after.get(i)) for i in sorted(before.keys() | after.keys())]
    return [c for c in changes if c.status != "changed" or c.what_changed()]
