"""How old the data are: the date they end, and a plain warning once an answer is 60 days past it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dualuse.errors import InputError
from dualuse.regime.loader import load_regime
from dualuse.regime.staleness import ENV_STALE_AFTER_DAYS, stale_after_days, staleness_warning

END = date(2026, 8, 5)


def test_the_bundled_data_end_on_the_newest_instrument():
    regime = load_regime()
    assert regime.data_as_of >= END
    assert regime.data_version.startswith(regime.data_as_of.isoformat())


@pytest.mark.parametrize(("days_after", "warns"), [(0, False), (60, False), (61, True), (365, True)])
def test_a_decision_date_more_than_60_days_past_the_data_warns(days_after: int, warns: bool, monkeypatch):
    monkeypatch.delenv(ENV_STALE_AFTER_DAYS, raising=False)
    day = END + timedelta(days=days_after)
    warning = staleness_warning(END, day, today=END)
    assert bool(warning) is warns
    if warns:
        assert warning.startswith("regime data end 2026-08-05; announcements after that are not known to this version")
        assert "dualuse lists import" in warning and f"{days_after} days later" in warning


def test_today_counts_as_well_as_the_decision_date():
    assert "today, 2027-01-01" in staleness_warning(END, END, today=date(2027, 1, 1))


def test_the_threshold_is_a_setting(monkeypatch):
    monkeypatch.setenv(ENV_STALE_AFTER_DAYS, "400")
    assert stale_after_days() == 400 and staleness_warning(END, END + timedelta(days=365), today=END) == ""
    monkeypatch.setenv(ENV_STALE_AFTER_DAYS, "soon")
    with pytest.raises(InputError, match=ENV_STALE_AFTER_DAYS):
        stale_after_days()
