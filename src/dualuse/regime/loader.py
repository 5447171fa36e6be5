"""Load the regime data, validate every file and every cross-reference, and index it.

A regime is immutable once loaded; its `data_version` (the date of the newest instrument plus
a hash of every data file) goes into every decision so a decision can be reproduced later.

The bundled regime also holds the listings the user imported (`dualuse lists import`, kept in
the user's data directory, `dualuse.lists.imported`): an imported listing joins the bundled
ones, replaces a bundled one of the same instrument id, and its file's hash joins the data
version, so a decision made with it says so. `load_regime(..., with_imports=False)` is the
package data alone.
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, TypeVar

from pydantic import BaseModel, ValidationError

from dualuse.errors import RegimeDataError
from dualuse.regime.catalogue import CATALOGUE_FILE, Catalogue, read_catalogue
from dualuse.regime.model import (
    Citation,
    CodeAlias,
    ControlEntryFile,
    Designation,
    DesignationChange,
    GeneralRule,
    Instrument,
    ListEntry,
    ListKindRule,
    Measure,
    MilitaryUser,
    ReportedNotice,
    ResolvedEntry,
    Validity,
)
from dualuse.regime.yamlfile import line_of, read_yaml
from dualuse.vocabulary import ListKind, RuleId

DEFAULT_DATA_DIR = Path(__file__).parent / "data"
# China's 8-digit tariff lines, 2023 edition (all 8,957; a copy of ../shared/data/customs).
TARIFF_FILE = Path(__file__).parents[1] / "classification" / "data" / "tariff_hs8_2023.csv"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class ListedParty:
    """A designated party with the listing that put it there and its validity after changes."""

    designation: Designation
    entry: ListEntry
    validity: Validity


@dataclass
class Regime:
    """The whole regime on disk, validated and indexed for the engine."""

    instruments: dict[str, Instrument]
    entries: list[ResolvedEntry]
    measures: list[Measure]
    designations: list[Designation]
    list_kinds: dict[ListKind, ListKindRule]
    military_users: list[MilitaryUser]
    general_rules: dict[RuleId, GeneralRule]
    listed_parties: dict[str, ListedParty]
    data_version: str
    catalogue: Catalogue | None = None
    aliases: dict[str, CodeAlias] = field(default_factory=dict)  # alias -> the misprint it stands for
    unconfirmed_customs: dict[str, str] = field(default_factory=dict)  # printed code -> why it is flagged U
    reported: list[ReportedNotice] = field(default_factory=list)
    imported: dict[str, str] = field(default_factory=dict)  # instrument id -> import file it came from
    _by_code: dict[str, list[ResolvedEntry]] = field(default_factory=dict, repr=False)
    _by_customs: dict[str, list[ResolvedEntry]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        by_code: dict[str, list[ResolvedEntry]] = defaultdict(list)
        by_customs: dict[str, list[ResolvedEntry]] = defaultdict(list)
        for resolved in self.entries:
            parts = resolved.code.split(".")
            for depth in range(1, len(parts) + 1):  # 1C902.a is found by 1C902 and by 1C902.a
                by_code[".".join(parts[:depth])].append(resolved)
            for code in resolved.entry.customs_codes:
                by_customs[code].append(resolved)
        self._by_code = dict(by_code)
        self._by_customs = dict(by_customs)

    # --- items -------------------------------------------------------------------------
    def entries_for_code(self, code: str) -> list[ResolvedEntry]:
        """Entries a declared control code names: the code itself, its sub-items, or its parent item.
        A known misprint's alias (code_aliases.yaml) finds the entry as printed."""
        alias = self.aliases.get(code)
        if alias is not None and not self._by_code.get(code):
            code = alias.printed
        found = self._by_code.get(code)
        if found:
            return found
        parts = code.split(".")
        for depth in range(len(parts) - 1, 1, -1):  # 1C902.a.1 -> the entry 1C902.a
            exact = [e for e in self._by_code.get(".".join(parts[:depth]), []) if e.code == ".".join(parts[:depth])]
            if exact:
                return exact
        return []

    def entries_for_customs(self, customs_code: str) -> list[tuple[ResolvedEntry, str]]:
        """Entries whose reference customs codes match: exact 10-digit first, then the 8-digit tariff line."""
        exact = [(e, "exact") for e in self._by_customs.get(customs_code, [])]
        if exact or len(customs_code) < 8:
            return exact
        return [(e, "tariff line") for e in self._by_customs.get(customs_code[:8], [])]

    def customs_code_warning(self, code: str) -> str:
        """Why a printed reference code is flagged U (no tariff line), or ''."""
        return self.unconfirmed_customs.get(code, "")

    def known_families(self) -> set[str]:
        return {e.entry.family for e in self.entries}

    # --- parties -----------------------------------------------------------------------
    def military_user(self, entity_id: str) -> MilitaryUser | None:
        return next((u for u in self.military_users if u.id == entity_id), None)

    # --- citations ---------------------------------------------------------------------
    def cite(self, citation: Citation) -> str:
        return self.instruments[citation.instrument].cite(citation.provision)

    def rule_citation(self, rule_id: RuleId) -> str:
        return self.cite(self.general_rules[rule_id].citation)

    def newest_instrument_date(self) -> date:
        return max(i.published for i in self.instruments.values() if i.published)

    @property
    def data_as_of(self) -> date:
        """The date the data end: the newest instrument's publication (reported ones do not count)."""
        return self.newest_instrument_date()


def load_regime(data_dir: Path | None = None, *, with_imports: bool | None = None) -> Regime:
    """Load and validate the regime; cached per directory and import files, since the data is immutable.

    `with_imports` defaults to True for the bundled data and False for a directory given.
    """
    include = data_dir is None if with_imports is None else with_imports
    return _load(Path(data_dir or DEFAULT_DATA_DIR).resolve(), _imports_key() if include else ())


def load_with(extra: list[tuple[str, list[Designation]]]) -> Regime:
    """The bundled regime and the user's imports plus listings not yet written (an import being checked); not cached."""
    return _load.__wrapped__(DEFAULT_DATA_DIR.resolve(), _imports_key(), tuple(extra))


def _imports_key() -> tuple[tuple[str, int, int], ...]:
    """The user's import files with their modification time and size: a new import is a new regime."""
    from dualuse.lists.imported import import_files

    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in import_files())


@lru_cache(maxsize=4)
def _load(data_dir: Path, imports: tuple[tuple[str, int, int], ...], extra: tuple = ()) -> Regime:
    """The regime of `data_dir` and the import files; a regime loaded before from the same bytes
    by the same code is read back from the user's cache (screening/cache.py: private,
    HMAC-checked), not parsed and validated again (YAML and pydantic: most of a `check`'s start)."""
    if extra:
        return _parse(data_dir, imports, extra)
    from dualuse.screening import cache

    key = _persistent_key(data_dir, imports)
    return cache.cached(key, lambda: _parse(data_dir, imports)) if key else _parse(data_dir, imports)


def _persistent_key(data_dir: Path, imports: tuple[tuple[str, int, int], ...]) -> str | None:
    """SHA-256 of everything a loaded regime depends on: the loader's code (regime/, lists/, the
    vocabulary, installed pydantic), every file of the data directory, the tariff lines and the
    import files' bytes; None when a file cannot be read (then nothing is cached)."""
    from importlib.metadata import version

    digest = hashlib.sha256(b"regime 1\0")
    package = Path(__file__).resolve().parents[1]
    sources = [*sorted((package / "regime").glob("*.py")), *sorted((package / "lists").glob("*.py")), package / "vocabulary.py"]
    try:
        digest.update(version("pydantic").encode())
        for path in sources:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
        for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
            digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        digest.update(str(data_dir).encode() + b"\0" + hashlib.sha256(TARIFF_FILE.read_bytes()).digest())
        for name, _, _ in imports:
            digest.update(name.encode() + b"\0" + hashlib.sha256(Path(name).read_bytes()).digest())
    except OSError:
        return None
    return digest.hexdigest()


def _parse(data_dir: Path, imports: tuple[tuple[str, int, int], ...], extra: tuple = ()) -> Regime:
    instruments = {i.id: i for i in _read_list(data_dir / "instruments.yaml", Instrument)}
    entry_files = [_read_one(p, ControlEntryFile) for p in sorted((data_dir / "control_entries").glob("*.yaml"))]
    designations = [_read_one(p, Designation) for p in sorted((data_dir / "designations").glob("*.yaml"))]
    imported_sets = list(extra)
    if imports:
        from dualuse.lists.imported import read_import

        imported_sets = [(path, list(read_import(Path(path)).designations)) for path, _, _ in imports] + imported_sets
    imported: dict[str, str] = {}
    for source, listings in imported_sets:  # oldest first: a later import of a listing replaces an earlier one
        for listing in listings:
            imported[listing.instrument] = source
            designations = [d for d in designations if d.instrument != listing.instrument] + [listing]
    for designation in designations:
        if designation.instrument in imported:
            instruments[designation.announcement.id] = designation.announcement
        else:
            instruments.setdefault(designation.announcement.id, designation.announcement)
    reported_path = data_dir / "reported.yaml"
    reported = _read_list(reported_path, ReportedNotice) if reported_path.exists() else []
    measures = _read_list(data_dir / "measures.yaml", Measure)
    list_kinds = {k.list: k for k in _read_list(data_dir / "list_kinds.yaml", ListKindRule)}
    military_users = _read_list(data_dir / "military_users.yaml", MilitaryUser)
    rule_list = _read_list(data_dir / "general_rules.yaml", GeneralRule)
    _check_rules(data_dir / "general_rules.yaml", [r.id for r in rule_list])
    general_rules = {r.id: r for r in rule_list}
    changes_path = data_dir / "designation_changes.yaml"
    changes = _read_list(changes_path, DesignationChange) if changes_path.exists() else []
    aliases_path = data_dir / "code_aliases.yaml"
    aliases = {a.alias: a for a in _read_list(aliases_path, CodeAlias)} if aliases_path.exists() else {}
    catalogue = read_catalogue(data_dir / CATALOGUE_FILE)

    entries = [
        ResolvedEntry(entry=entry, instrument=f.instrument, validity=entry.validity or f.validity)
        for f in entry_files
        for entry in f.entries
    ]
    listed_parties = _apply_changes(designations, changes)
    _check_references(data_dir, instruments, entry_files, measures, designations, changes, list_kinds, military_users)
    for rule in general_rules.values():
        if rule.citation.instrument not in instruments:
            raise RegimeDataError(f"rule {rule.id} cites unknown instrument", file=str(data_dir / "general_rules.yaml"))
    _check_families(data_dir, measures, {e.entry.family for e in entries})
    for alias in aliases.values():
        if alias.instrument not in instruments:
            raise RegimeDataError(f"alias {alias.alias} cites unknown instrument", file=str(aliases_path))
    if catalogue is not None and catalogue.instrument not in instruments:
        raise RegimeDataError(f"cites unknown instrument {catalogue.instrument!r}", file=str(data_dir / CATALOGUE_FILE))
    subjects = {m.id for m in measures} | {d.instrument for d in designations}
    for notice in reported:
        unknown = sorted(set(notice.concerns) - subjects)
        if unknown:
            raise RegimeDataError(f"reported {notice.id} concerns unknown {unknown}", file=str(reported_path), field="concerns")

    regime = Regime(
        instruments=instruments,
        entries=entries,
        measures=measures,
        designations=designations,
        list_kinds=list_kinds,
        military_users=military_users,
        general_rules=general_rules,
        listed_parties=listed_parties,
        data_version="",
        catalogue=catalogue,
        aliases=aliases,
        unconfirmed_customs=_check_tariff(entries, instruments),
        reported=reported,
        imported=imported,
    )
    regime.data_version = f"{regime.newest_instrument_date().isoformat()}+{_hash_files(data_dir)}"
    if imported_sets:
        digest = hashlib.sha256()
        for source, listings in imported_sets:
            for listing in listings:
                digest.update(listing.model_dump_json(by_alias=True).encode())
        regime.data_version += f"+imported-{digest.hexdigest()[:12]}"
    return regime


def _check_rules(path: Path, ids: list[RuleId]) -> None:
    """Every rule the engine runs has its record, once (an id no rule runs is refused by
    `GeneralRule.id` itself)."""
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise RegimeDataError(f"rules {', '.join(repeated)} are given more than once", file=str(path))
    missing = [rule.value for rule in RuleId if rule not in ids]
    if missing:
        raise RegimeDataError(f"no record of rules {', '.join(missing)} that the engine runs", file=str(path))


def _read_list(path: Path, model: type[M]) -> list[M]:
    data, node = read_yaml(path)
    if not isinstance(data, list):
        raise RegimeDataError("expected a list of records", file=str(path), line=1)
    return [_validate(model, item, path, node, (index,)) for index, item in enumerate(data)]


def _read_one(path: Path, model: type[M]) -> M:
    data, node = read_yaml(path)
    return _validate(model, data, path, node, ())


def _validate(model: type[M], data: object, path: Path, node, prefix: tuple) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = prefix + tuple(first["loc"])
        raise RegimeDataError(
            first["msg"], file=str(path), line=line_of(node, loc), field=".".join(str(p) for p in loc)
        ) from None


def _apply_changes(designations: list[Designation], changes: list[DesignationChange]) -> dict[str, ListedParty]:
    """Each listed party with its listing's validity, plus suspensions and removals published later."""
    parties: dict[str, ListedParty] = {}
    for designation in designations:
        for entry in designation.entries:
            if entry.id in parties:
                raise RegimeDataError(f"duplicate list entry id {entry.id}", file=designation.source_file)
            parties[entry.id] = ListedParty(designation, entry, designation.validity)
    for change in changes:
        targets = [
            p for p in parties.values()
            if p.designation.instrument == change.instrument and (not change.entries or p.entry.id in change.entries)
        ]
        for party in targets:
            validity = party.validity
            if change.suspension is not None:
                validity = validity.merged_with((change.suspension,))
            if change.removed_from is not None:
                last_day = date.fromordinal(change.removed_from.toordinal() - 1)
                validity = validity.model_copy(update={"in_force_until": last_day})
            if change.reported is not None:  # shown, never applied
                validity = validity.model_copy(update={"reported_changes": validity.reported_changes + (change.reported,)})
            parties[party.entry.id] = ListedParty(party.designation, party.entry, validity)
    return parties


def _check_references(data_dir, instruments, entry_files, measures, designations, changes, list_kinds, military_users):
    """Every instrument a record cites must exist: a dangling citation is a data error."""

    def need(instrument_id: str, where: str) -> None:
        if instrument_id and instrument_id not in instruments:
            raise RegimeDataError(f"cites unknown instrument {instrument_id!r}", file=where)

    def windows(validity: Validity) -> Iterable[str]:
        return (w.instrument for w in validity.suspensions)

    for f in entry_files:
        where = str(data_dir / "control_entries" / f"{f.instrument}.yaml")
        need(f.instrument, where)
        for instrument_id in windows(f.validity):
            need(instrument_id, where)
    for m in measures:
        where = f"{data_dir / 'measures.yaml'} (measure {m.id})"
        need(m.citation.instrument, where)
        for instrument_id in windows(m.validity):
            need(instrument_id, where)
    for c in changes:
        where = str(data_dir / "designation_changes.yaml")
        need(c.instrument, where)
        if c.suspension:
            need(c.suspension.instrument, where)
        need(c.removal_instrument, where)
    for k in list_kinds.values():
        need(k.citation.instrument, str(data_dir / "list_kinds.yaml"))
    for u in military_users:
        need(u.source, str(data_dir / "military_users.yaml"))
    missing_kinds = {d.list for d in designations} - set(list_kinds)
    if missing_kinds:
        raise RegimeDataError(f"no rule for list kinds {sorted(missing_kinds)}", file=str(data_dir / "list_kinds.yaml"))
    ids = [m.id for m in measures]
    if len(ids) != len(set(ids)):
        raise RegimeDataError("duplicate measure ids", file=str(data_dir / "measures.yaml"))


def _check_families(data_dir: Path, measures: list[Measure], families: set[str]) -> None:
    if not families:  # no entries bundled yet: nothing to check against
        return
    for m in measures:
        unknown = set(m.items.families) - families
        if unknown:
            raise RegimeDataError(
                f"measure {m.id} names item families with no control entry: {sorted(unknown)}",
                file=str(data_dir / "measures.yaml"),
                field="items.families",
            )


def _check_tariff(entries: list[ResolvedEntry], instruments: dict[str, Instrument]) -> dict[str, str]:
    """Every printed reference code whose first 8 digits are no line of China's tariff, and why it is
    flagged: kept as printed, reliability U, used only with a warning (8110929010 for gallium metal)."""
    with TARIFF_FILE.open(encoding="utf-8", newline="") as handle:
        lines = {row["hs8"]: row["description_en"] for row in csv.DictReader(handle)}
    headings: dict[str, str] = {}
    for hs8, text in sorted(lines.items()):
        headings.setdefault(hs8[:4], text)
    flagged: dict[str, str] = {}
    for resolved in entries:
        for code in resolved.entry.customs_codes:
            if len(code) >= 8 and code[:8] not in lines and code not in flagged:
                heading = f"; heading {code[:4]} is {headings[code[:4]]!r}" if code[:4] in headings else ""
                flagged[code] = (
                    f"customs code {code} (printed by {instruments[resolved.instrument].label_en} for"
                    f" {resolved.code}) is no line of China's tariff ({code[:8]} does not exist{heading}):"
                    " kept as printed, unconfirmed (U)"
                )
    return flagged


def _hash_files(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(data_dir.rglob("*.yaml")):
        digest.update(path.relative_to(data_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
