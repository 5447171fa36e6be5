"""Customs code → entries: every printed reference code maps back to its entry; levels; bad codes."""

from __future__ import annotations

import pytest

from dualuse.classification import classify, parse_customs_code
from dualuse.classification.customs import CustomsLevel, level_of
from dualuse.errors import InputError
from dualuse.regime.loader import load_regime

REGIME = load_regime()
PRINTED = sorted({(code, r.entry.code) for r in REGIME.entries for code in r.entry.customs_codes})


@pytest.mark.parametrize(("customs_code", "control_code"), PRINTED, ids=[f"{c}-{e}" for c, e in PRINTED])
def test_every_reference_code_maps_back_to_its_entry(customs_code, control_code):
    """Top-1, up to ties: a code printed for several entries puts all of them first, equal."""
    result = classify("", hs_code=customs_code, regime=REGIME)
    top_score = result.candidates[0].score
    tied = [c.code for c in result.candidates if abs(c.score - top_score) < 1e-9]
    assert control_code in tied
    own = next(c for c in result.candidates if c.code == control_code)
    assert own.customs is not None and own.customs.level == "exact" and own.customs.printed_code == customs_code
    assert own.customs.source  # which announcement printed it


def test_a_code_reaching_one_entry_exactly_puts_it_first_alone():
    """When exactly one entry's printed codes match at the exact level, it leads on its own."""
    for code, _ in PRINTED:
        exact = {r.entry.code for r in REGIME.entries if any(level_of(code, p) == CustomsLevel.EXACT for p in r.entry.customs_codes)}
        if len(exact) != 1:
            continue
        result = classify("", hs_code=code, regime=REGIME)
        assert result.candidates[0].code in exact
        if len(result.candidates) > 1:
            assert result.candidates[1].score < result.candidates[0].score


LEVELS = [
    # declared, printed, level
    ("2846901940", "2846901940", CustomsLevel.EXACT),
    ("2805301900", "28053019", CustomsLevel.EXACT),  # printed 8-digit line covers every 10-digit code in it
    ("28053019", "28053019", CustomsLevel.EXACT),
    ("2846901999", "2846901940", CustomsLevel.TARIFF_LINE),
    ("28469019", "2846901940", CustomsLevel.TARIFF_LINE),
    ("2846909999", "2846901940", CustomsLevel.SUBHEADING),
    ("284690", "2846901940", CustomsLevel.SUBHEADING),
    ("2846", "2846901940", CustomsLevel.HEADING),
    ("2847", "2846901940", None),
]


@pytest.mark.parametrize(("declared", "printed", "level"), LEVELS)
def test_levels(declared, printed, level):
    assert level_of(declared, printed) == level


def test_weaker_matches_rank_below_exact_ones():
    result = classify("", hs_code="2846901999", regime=REGIME)  # no printed code; same line as 2846901940 (Gd oxide)
    levels = {c.code: c.customs.level for c in result.candidates if c.customs}
    assert levels and set(levels.values()) <= {"tariff_line", "subheading", "heading"}
    assert not result.confident


GOOD = [("2846901940", "2846901940"), ("2846.90.19.40", "2846901940"), (" 2846 9019 40 ", "2846901940"), ("8507-60-00", "85076000"), ("2846", "2846")]
BAD = ["", "12ab", "28469", "2846901", "28469019401", "２８４６９０１９４０x", "hs 2846", "2846901940,2846901930"]


@pytest.mark.parametrize(("raw", "digits"), GOOD)
def test_parse_accepts_separators(raw, digits):
    assert parse_customs_code(raw) == digits


@pytest.mark.parametrize("raw", BAD)
def test_malformed_code_is_a_clear_input_error(raw):
    with pytest.raises(InputError) as excinfo:
        parse_customs_code(raw)
    assert excinfo.value.field == "hs_code"
    assert "4, 6, 8 or 10 digits" in excinfo.value.message


def test_malformed_code_through_classify():
    with pytest.raises(InputError):
        classify("gallium", hs_code="12ab", regime=REGIME)


def test_unknown_code_is_an_honest_unknown_with_a_warning():
    result = classify("", hs_code="6109100000", regime=REGIME)  # cotton T-shirts
    assert result.status.value == "unknown" and not result.candidates
    assert any("not" in w for w in result.warnings)
    assert result.questions


def test_a_customs_code_alone_is_never_confident():
    """The announcements print reference codes (参考): the description governs."""
    for code in sorted({code for code, _ in PRINTED}):
        result = classify("", hs_code=code, regime=REGIME)
        assert not result.confident
        assert result.questions


def test_code_and_description_together():
    result = classify("gallium metal 6N", hs_code="8112929090", regime=REGIME)
    assert result.confident and result.control_code == "3C001"
    top = result.candidates[0]
    assert top.customs.level == "exact" and top.customs.instrument == "MOFCOM-2023-23"
    assert REGIME.entries[top.entry_index].entry.code == "3C001"
