"""Chinese working days: holidays and make-up working days from chinese-calendar, 2027 estimated."""

from __future__ import annotations

from datetime import date

import pytest

from dualuse.services.workdays import add_working_days, working_day, working_days_between

D = date.fromisoformat

# (accepted on, working days, due, estimate) -- counted by hand against the State Council's
# 2026 schedule: Spring Festival 15-23 Feb (make-up 14 and 28 Feb), Qingming 4-6 Apr,
# Mid-Autumn 25-27 Sep (make-up 20 Sep), National Day 1-7 Oct (make-up 10 Oct), New Year 1 Jan 2027.
DUE = [
    ("2026-02-10", 45, "2026-04-21", False),  # accepted just before the Spring Festival
    ("2026-09-01", 45, "2026-11-09", False),  # runs through Mid-Autumn and National Day
    ("2026-10-09", 45, "2026-12-10", False),  # Saturday 10 Oct is a working day
    ("2026-02-13", 1, "2026-02-14", False),  # Saturday make-up working day counts
    ("2026-02-14", 1, "2026-02-24", False),  # the whole holiday is skipped
    ("2026-09-30", 1, "2026-10-08", False),
    ("2026-11-02", 45, "2027-01-05", True),  # runs into 2027: estimate
    ("2027-02-01", 5, "2027-02-12", True),  # 2027 Spring Festival from the `holidays` package
]


@pytest.mark.parametrize(("accepted", "days", "due", "estimate"), DUE)
def test_due_dates(accepted: str, days: int, due: str, estimate: bool) -> None:
    result = add_working_days(D(accepted), days)
    assert (result.due, result.estimate) == (D(due), estimate)


def test_without_the_holiday_calendar_the_due_date_would_be_a_week_early() -> None:
    assert add_working_days(D("2026-02-10"), 45).due > D("2026-04-14")  # Mon-Fri counting gives 14 Apr


def test_days_left_and_overdue() -> None:
    assert working_days_between(D("2026-02-13"), D("2026-02-24")) == 2
    assert working_days_between(D("2026-02-24"), D("2026-02-13")) == -2
    assert working_days_between(D("2026-04-14"), D("2026-04-21")) == 5


def test_2027_is_marked_as_an_estimate() -> None:
    assert working_day(D("2026-12-31")).estimate is False
    assert working_day(D("2027-01-04")).estimate is True
    assert working_day(D("2027-10-01")).is_workday is False  # National Day, from `holidays`
