"""The regime data loads, cross-checks, versions itself, and rejects bad files precisely."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from dualuse.errors import RegimeDataError
from dualuse.regime.loader import DEFAULT_DATA_DIR, load_regime
from dualuse.regime.model import Validity, Window
from dualuse.vocabulary import MeasureState, Reliability


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def test_bundled_regime_loads_with_every_part():
    regime = load_regime()
    assert regime.instruments and regime.entries and regime.measures and regime.military_users
    for entry in regime.entries:
        assert entry.instrument in regime.instruments
    for measure in regime.measures:
        assert regime.instruments[measure.citation.instrument].url.startswith("http")


def test_every_instrument_has_source_and_dates():
    for instrument in load_regime().instruments.values():
        # A text captured without its address is cited by its file in ../shared, and says so.
        has_address = instrument.url.startswith("http")
        assert has_address or (instrument.source_file and "no URL" in instrument.notes), instrument.id
        assert instrument.reliability in Reliability
        if instrument.kind in ("law", "regulation", "announcement"):
            assert instrument.published, instrument.id


def test_data_version_changes_with_the_data(data_copy: Path):
    bundled = load_regime().data_version
    copy = load_regime(data_copy).data_version
    assert copy == bundled
    measures = data_copy / "measures.yaml"
    measures.write_text(measures.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    from dualuse.regime import loader

    loader._load.cache_clear()  # the loader caches per directory; this directory's files changed
    assert load_regime(data_copy).data_version != bundled


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = [
    ("bad-date", "measures.yaml", "validity: {in_force_from: 2026-01-06}", "validity: {in_force_from: 2026-13-06}", "measures.yaml", "in_force_from"),
    ("unknown-effect", "measures.yaml", "effect: PROHIBITED", "effect: FORBIDDEN", "measures.yaml", "effect"),
    ("unknown-field", "measures.yaml", "  reliability: P\n  target_country: JP", "  reliability: P\n  target_contry: JP", "measures.yaml", "target_contry"),
    ("bad-country", "measures.yaml", "target_country: JP", "target_country: Japan", "measures.yaml", "target_country"),
    ("dangling-instrument", "measures.yaml", "instrument: MOFCOM-2026-01,", "instrument: MOFCOM-2026-99,", "measures.yaml", "MOFCOM-2026-99"),
    ("unknown-trigger", "measures.yaml", "any_of: [military_user, military_use, enhances_military]", "any_of: [militray_user]", "measures.yaml", "trigger"),
    ("yaml-syntax", "instruments.yaml", "- id: ECL-2020", "- id: [ECL-2020", "instruments.yaml", ""),
    ("bad-reliability", "military_users.yaml", "reliability: S", "reliability: maybe", "military_users.yaml", "reliability"),
    ("unknown-rule", "general_rules.yaml", "- id: R-NOT-LISTED", "- id: R-NOT-LISTTED", "general_rules.yaml", "id"),
]


@pytest.mark.parametrize("name,file,old,new,where,field", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_data_fails_naming_file_line_and_field(data_copy: Path, name, file, old, new, where, field):
    _break(data_copy / file, old, new)
    with pytest.raises(RegimeDataError) as error:
        load_regime(data_copy)
    message = str(error.value)
    assert where in message and field in message, message
    if name not in ("dangling-instrument",):
        assert error.value.line is not None, message


def test_a_key_given_twice_is_an_error_naming_file_line_and_key(data_copy: Path):
    """PyYAML would keep the second `kind` silently; the loader refuses the file (as OpenFisca does)."""
    _break(data_copy / "instruments.yaml", "  kind: law\n  number: 主席令第58号\n", "  kind: law\n  number: 主席令第58号\n  kind: regulation\n")
    with pytest.raises(RegimeDataError) as error:
        load_regime(data_copy)
    assert error.value.file == str(data_copy / "instruments.yaml")
    assert (error.value.line, error.value.field) == (9, "kind")
    assert "duplicate key 'kind' (first on line 7)" in str(error.value)


def test_a_date_the_calendar_lacks_is_an_error_naming_file_and_line(data_copy: Path):
    """PyYAML's timestamp constructor raises a bare ValueError on 2020-02-30; the regime's
    reader keeps dates as text and lets the schema refuse it, naming the field."""
    _break(data_copy / "instruments.yaml", "  published: 2020-10-17\n", "  published: 2020-02-30\n")
    with pytest.raises(RegimeDataError) as error:
        load_regime(data_copy)
    assert error.value.file == str(data_copy / "instruments.yaml")
    assert error.value.line == 12
    assert error.value.field.endswith("published") and "day value is outside expected range" in str(error.value)


def test_a_key_given_twice_is_refused_by_regime_validate(data_copy: Path):
    import subprocess
    import sys

    designation = sorted((data_copy / "designations").glob("*.yaml"))[0]
    text = designation.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("instrument:"))
    designation.write_text(text.replace(first, f"{first}\n{first}", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "dualuse.interfaces.cli", "regime", "validate", "--data", str(data_copy)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2, result.stdout + result.stderr
    assert designation.name in result.stderr and "duplicate key 'instrument'" in result.stderr and "Traceback" not in result.stderr


def _rule_record(text: str, rule: str) -> str:
    start = text.index(f"- id: {rule}\n")
    end = text.find("\n- id: ", start + 1)
    return text[start:] if end < 0 else text[start:end + 1]


@pytest.mark.parametrize("how", ["missing", "twice"])
def test_general_rules_are_exactly_those_the_engine_runs(data_copy: Path, how: str):
    path = data_copy / "general_rules.yaml"
    text = path.read_text(encoding="utf-8")
    record = _rule_record(text, "R-CATCHALL")
    path.write_text(text.replace(record, "" if how == "missing" else record + record, 1), encoding="utf-8")
    with pytest.raises(RegimeDataError) as error:
        load_regime(data_copy)
    assert "general_rules.yaml" in str(error.value) and "R-CATCHALL" in str(error.value), str(error.value)


def test_every_rule_id_is_run_by_the_engine():
    """RuleId holds the rules engine/rules cites, no more (an unused id would hide as `R-CONTENT-UNKNOWN` did)."""
    from dualuse.engine import rules
    from dualuse.vocabulary import RuleId

    source = "".join(p.read_text(encoding="utf-8") for p in Path(rules.__file__).parent.glob("*.py"))
    assert [r for r in RuleId if f"RuleId.{r.name}" not in source] == []
    assert {r.id for r in load_regime().general_rules.values()} == set(RuleId)


def test_broken_control_entry_names_the_entry(data_copy: Path):
    path = next((data_copy / "control_entries").glob("*.yaml"))
    text = path.read_text(encoding="utf-8")
    first_code = next(line for line in text.splitlines() if line.strip().startswith("- code:") or line.strip().startswith("code:"))
    path.write_text(text.replace(first_code, first_code.split(":")[0] + ": 1X9999", 1), encoding="utf-8")
    with pytest.raises(RegimeDataError) as error:
        load_regime(data_copy)
    assert path.name in str(error.value) and "code" in str(error.value) and error.value.line


WINDOW = Window.model_validate({"from": "2025-11-07", "until": "2026-11-10", "instrument": "MOFCOM-2025-70"})


@pytest.mark.parametrize(
    "day,state",
    [
        ("2025-10-08", MeasureState.NOT_YET_IN_FORCE),
        ("2025-10-09", MeasureState.IN_FORCE),
        ("2025-11-06", MeasureState.IN_FORCE),
        ("2025-11-07", MeasureState.SUSPENDED),
        ("2026-11-10", MeasureState.SUSPENDED),
        ("2026-11-11", MeasureState.IN_FORCE),
    ],
)
def test_validity_boundaries_are_inclusive(day, state):
    validity = Validity(in_force_from=date(2025, 10, 9), suspensions=(WINDOW,))
    assert validity.state_on(date.fromisoformat(day))[0] is state


def test_suspension_before_entry_into_force_keeps_it_suspended():
    validity = Validity(in_force_from=date(2025, 11, 8), suspensions=(WINDOW,))
    assert validity.state_on(date(2025, 11, 8))[0] is MeasureState.SUSPENDED
    assert validity.state_on(date(2025, 11, 7))[0] is MeasureState.NOT_YET_IN_FORCE
    assert validity.state_on(date(2026, 11, 11))[0] is MeasureState.IN_FORCE


def test_revoked_measure_expires():
    validity = Validity(in_force_from=date(2025, 1, 1), in_force_until=date(2025, 12, 31))
    assert validity.state_on(date(2026, 1, 1))[0] is MeasureState.EXPIRED
