"""The Control List entries (regime/data/control_entries): valid, traceable to the texts, dated right.

The traceability tests read the captured announcement texts: the in-repo copies under
data/official/ first (so they run on any clone), else ../shared next to the repo. Where neither
is present they are skipped with a reason rather than passing silently.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from dualuse.regime.model import ControlEntry, ControlEntryFile
from dualuse.vocabulary import MeasureState, Reliability

REPO = Path(__file__).resolve().parents[2]
DATA_DIR = REPO / "src" / "dualuse" / "regime" / "data" / "control_entries"
SHARED = REPO.parent / "shared"
OFFICIAL = REPO / "data" / "official"
# source_file paths are relative to ../shared/; the in-repo copies keep the file names.
_OFFICIAL_DIRS = {"data/mofcom/items/": "items/", "data/legal/": "legal/", "data/control-list/": "control-list/"}


def text_path(source_file: str) -> Path:
    """Where a source text is: its in-repo copy under data/official/ when there, else ../shared."""
    for prefix, folder in _OFFICIAL_DIRS.items():
        if source_file.startswith(prefix):
            copy = OFFICIAL / folder / source_file[len(prefix):]
            if copy.is_file():
                return copy
    return SHARED / source_file


SUSPENSION_TEXT = "data/mofcom/items/2025-70-suspension.zh.txt"
ITEMS_DIR = text_path(SUSPENSION_TEXT).parent

needs_shared = pytest.mark.skipif(
    not ITEMS_DIR.is_dir(),
    reason=f"shared texts not found at {ITEMS_DIR}: cannot trace codes to the announcement texts",
)

# Effective dates: brief/regime.md §4.2 and §7 R-MEASURE-DATES, checked against the text headers.
IN_FORCE_FROM = {
    "MOFCOM-2023-23": date(2023, 8, 1),
    "MOFCOM-2023-39": date(2023, 12, 1),
    "MOFCOM-2024-33": date(2024, 9, 15),
    "MOFCOM-2025-10": date(2025, 2, 4),
    "MOFCOM-2025-18": date(2025, 4, 4),
    "MOFCOM-2025-55": date(2025, 11, 8),
    "MOFCOM-2025-56": date(2025, 11, 8),
    "MOFCOM-2025-57": date(2025, 11, 8),
    "MOFCOM-2025-58": date(2025, 11, 8),
    "MOFCOM-2025-62": date(2025, 10, 9),
}
SUSPENDED_BY_NO70 = {"MOFCOM-2025-55", "MOFCOM-2025-56", "MOFCOM-2025-57", "MOFCOM-2025-58", "MOFCOM-2025-62"}
DUE_AFTER_SUSPENSION = SUSPENDED_BY_NO70 - {"MOFCOM-2025-62"}  # Nos. 55-58 never took effect

# The item families of the brief's §4.2 table, as measures name them.
SECTION_4_2_FAMILIES = {
    "gallium", "germanium", "graphite", "antimony", "superhard",
    "tungsten", "tellurium", "bismuth", "molybdenum", "indium",
    "samarium", "gadolinium", "terbium", "dysprosium", "lutetium", "scandium", "yttrium",
    "holmium", "erbium", "thulium", "europium", "ytterbium",
    "rare_earth_equipment", "rare_earth_materials", "rare_earth_technology",
    "lithium_battery", "battery_cathode", "graphite_anode",
}

# Codes entered more than once on purpose, and why. Each repeat must be in a different family.
DELIBERATE_REPEATS = {
    "1E101.b": "Ann. 2025 No. 10 prints it for tungsten technology (一（四）) and for molybdenum "
    "technology (四（二）); one entry per family so family-based measures reach both.",
}

# Reference customs codes: 10-digit 参考海关商品编号 up to No. 18, 8-digit 参考税则号列 from Oct 2025.
CUSTOMS_CODE_LENGTH = {instrument: (8 if instrument >= "MOFCOM-2025-55" else 10) for instrument in IN_FORCE_FROM}


@lru_cache(maxsize=None)
def _files() -> dict[str, ControlEntryFile]:
    loaded = {}
    for path in sorted(DATA_DIR.glob("*.yaml")):
        loaded[path.stem] = ControlEntryFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    return loaded


def _entries() -> list[tuple[str, ControlEntry]]:
    return [(f.instrument, e) for f in _files().values() for e in f.entries]


def _entry_id(item: tuple[str, ControlEntry]) -> str:
    return f"{item[0]}:{item[1].code}:{item[1].family}"


@lru_cache(maxsize=None)
def _body(source_file: str) -> str:
    """The announcement text of a shared file: after its header, without our bracketed notes."""
    text = text_path(source_file).read_text(encoding="utf-8")
    start = re.search(r"^-----", text, re.MULTILINE)
    assert start, f"{source_file}: no '-----' line separating the header from the text"
    body = text[start.start():]
    while True:  # drop "[GAP: …]", "[source … ends here]" and similar notes (not quotations)
        stripped = re.sub(r"\[[^\[\]]*\]", "", body)
        if stripped == body:
            return body
        body = stripped


# --- shape ----------------------------------------------------------------------------------------


def test_one_file_per_item_announcement_named_by_instrument():
    assert set(_files()) == set(IN_FORCE_FROM)
    for stem, f in _files().items():
        assert f.instrument == stem
        assert f.entries, f"{stem} has no entries"


def test_every_file_validates_as_control_entry_file():
    for path in sorted(DATA_DIR.glob("*.yaml")):
        ControlEntryFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_families_are_the_section_4_2_families_and_all_present():
    families = {e.family for _, e in _entries()}
    assert families <= SECTION_4_2_FAMILIES, f"unknown families: {sorted(families - SECTION_4_2_FAMILIES)}"
    assert SECTION_4_2_FAMILIES <= families, f"missing families: {sorted(SECTION_4_2_FAMILIES - families)}"


def test_codes_unique_except_documented_repeats():
    counts = Counter(e.code for _, e in _entries())
    repeated = {code for code, n in counts.items() if n > 1}
    assert repeated == set(DELIBERATE_REPEATS), f"undocumented repeats: {sorted(repeated - set(DELIBERATE_REPEATS))}"
    for code in DELIBERATE_REPEATS:
        families = [e.family for _, e in _entries() if e.code == code]
        assert len(families) == len(set(families)), f"{code} is repeated within one family"


def test_entries_have_both_descriptions_and_a_provision():
    for instrument, e in _entries():
        assert e.description_zh.strip() and e.description_en.strip(), f"{instrument} {e.code}"
        assert e.provision.strip(), f"{instrument} {e.code} has no provision"


def test_customs_codes_are_of_the_announcements_format_and_not_repeated_in_an_entry():
    for instrument, e in _entries():
        assert len(e.customs_codes) == len(set(e.customs_codes)), f"{instrument} {e.code} repeats a customs code"
        for code in e.customs_codes:
            assert len(code) == CUSTOMS_CODE_LENGTH[instrument], f"{instrument} {e.code}: {code}"


def test_unconfirmed_codes_say_so():
    for instrument, e in _entries():
        if e.code_reliability in (Reliability.THIRD_PARTY, Reliability.UNCONFIRMED):
            note = e.notes.lower()
            assert any(w in note for w in ("unconfirmed", "placeholder", "not printed")), (
                f"{instrument} {e.code} is tagged {e.code_reliability.value} but its notes do not say why"
            )


def test_announcements_without_printed_codes_carry_no_primary_code():
    for instrument in ("MOFCOM-2023-23", "MOFCOM-2023-39", "MOFCOM-2024-33"):
        for e in _files()[instrument].entries:
            assert e.code_reliability is not Reliability.PRIMARY, f"{instrument} prints no code, yet {e.code} is P"


# --- traceability to the captured texts -----------------------------------------------------------


@needs_shared
def test_source_files_exist():
    for f in _files().values():
        assert text_path(f.source_file).is_file(), f"{f.instrument}: {f.source_file} not found in {OFFICIAL} or {SHARED}"


@needs_shared
@pytest.mark.parametrize("item", _entries(), ids=_entry_id)
def test_customs_codes_appear_verbatim_in_the_source_text(item):
    instrument, entry = item
    body = _body(_files()[instrument].source_file)
    for code in entry.customs_codes:
        assert re.search(rf"(?<!\d){code}(?!\d)", body), f"{instrument} {entry.code}: customs code {code} not in the text"


@needs_shared
@pytest.mark.parametrize(
    "item", [i for i in _entries() if i[1].code_reliability is Reliability.PRIMARY], ids=_entry_id
)
def test_primary_control_codes_appear_verbatim_in_the_source_text(item):
    instrument, entry = item
    body = _body(_files()[instrument].source_file)
    pattern = rf"(?<![0-9A-Za-z]){re.escape(entry.code)}(?!\.?[0-9A-Za-z])"
    assert re.search(pattern, body), f"{instrument}: control code {entry.code} is tagged P but is not in the text"


@needs_shared
def test_suspension_quote_is_verbatim_from_no_70():
    text = _body(SUSPENSION_TEXT)
    for instrument in SUSPENDED_BY_NO70:
        (window,) = _files()[instrument].validity.suspensions
        assert window.quote and window.quote in text, instrument


# --- dates ----------------------------------------------------------------------------------------


def test_effective_dates():
    for instrument, f in _files().items():
        assert f.validity.in_force_from == IN_FORCE_FROM[instrument], instrument
        assert f.validity.in_force_until is None, instrument


def test_only_no70_announcements_are_suspended():
    for instrument, f in _files().items():
        if instrument in SUSPENDED_BY_NO70:
            (window,) = f.validity.suspensions
            assert (window.start, window.until, window.instrument) == (
                date(2025, 11, 7), date(2026, 11, 10), "MOFCOM-2025-70"
            ), instrument
        else:
            assert not f.validity.suspensions, instrument
            assert not f.validity.reported_changes, instrument


def _validity(instrument: str, entry: ControlEntry):
    return entry.validity or _files()[instrument].validity


@pytest.mark.parametrize("instrument", sorted(SUSPENDED_BY_NO70))
def test_no70_entries_suspended_in_2026_and_in_force_after_the_window(instrument):
    for entry in _files()[instrument].entries:
        validity = _validity(instrument, entry)
        state, window = validity.state_on(date(2026, 1, 1))
        assert state is MeasureState.SUSPENDED and window.instrument == "MOFCOM-2025-70", entry.code
        assert validity.state_on(date(2026, 11, 10))[0] is MeasureState.SUSPENDED, entry.code  # last day
        assert validity.state_on(date(2026, 11, 11))[0] is MeasureState.IN_FORCE, entry.code


def test_nos_55_to_58_never_took_effect_and_no_62_did():
    for instrument in DUE_AFTER_SUSPENSION:
        validity = _files()[instrument].validity
        assert validity.state_on(date(2025, 11, 7))[0] is MeasureState.NOT_YET_IN_FORCE, instrument
        assert validity.state_on(date(2025, 11, 8))[0] is MeasureState.SUSPENDED, instrument
    no62 = _files()["MOFCOM-2025-62"].validity
    assert no62.state_on(date(2025, 10, 9))[0] is MeasureState.IN_FORCE
    assert no62.state_on(date(2025, 11, 6))[0] is MeasureState.IN_FORCE
    assert no62.state_on(date(2025, 11, 7))[0] is MeasureState.SUSPENDED


@pytest.mark.parametrize("instrument", sorted(SUSPENDED_BY_NO70))
def test_reported_extension_is_shown_unconfirmed_and_not_applied(instrument):
    validity = _files()[instrument].validity
    (change,) = validity.reported_changes
    assert change.reliability is Reliability.UNCONFIRMED
    assert change.date == date(2026, 9, 28)
    assert "2027-01-10" in change.description and "EyeWarnYou" in change.source
    assert validity.state_on(date(2026, 12, 1))[0] is MeasureState.IN_FORCE  # the legal date governs


def test_samarium_in_force_from_2025_04_04():
    (entry,) = [e for e in _files()["MOFCOM-2025-18"].entries if e.code == "1C902.a"]
    assert entry.family == "samarium"
    validity = _validity("MOFCOM-2025-18", entry)
    assert validity.state_on(date(2025, 4, 4))[0] is MeasureState.IN_FORCE
    assert validity.state_on(date(2025, 4, 3))[0] is MeasureState.NOT_YET_IN_FORCE
    assert validity.state_on(date(2026, 1, 1))[0] is MeasureState.IN_FORCE  # not suspended by No. 70
