"""Chinese working days, for statutory review deadlines (Regs Art. 17: 45 working days).

The State Council publishes each year's holidays and make-up working days (调休) late in the
previous year; `chinese-calendar` carries them for the years it knows. Beyond its last year
we fall back to Monday-Friday minus the statutory holidays the `holidays` package computes,
which misses make-up working days and the exact bridging days, so any result that rests on
such a day is marked as an estimate until the library learns the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import chinese_calendar
import holidays


@dataclass(frozen=True)
class WorkingDay:
    is_workday: bool
    estimate: bool  # True when the year is beyond chinese-calendar's official schedules


@dataclass(frozen=True)
class DueDate:
    due: date
    estimate: bool

    def to_dict(self) -> dict[str, object]:
        return {"due": self.due.isoformat(), "estimate": self.estimate}


def working_day(day: date) -> WorkingDay:
    try:
        return WorkingDay(chinese_calendar.is_workday(day), False)
    except NotImplementedError:
        return WorkingDay(day.weekday() < 5 and day not in _fallback_holidays(day.year), True)


def add_working_days(start: date, count: int) -> DueDate:
    """The `count`-th working day after `start` (the day of acceptance itself is not counted)."""
    if count < 1:
        raise ValueError("count must be at least 1")
    day, found, estimate = start, 0, False
    while found < count:
        day += timedelta(days=1)
        status = working_day(day)
        estimate = estimate or status.estimate
        found += status.is_workday
    return DueDate(day, estimate)


def working_days_between(start: date, end: date) -> int:
    """Working days in (start, end]; negative when `end` is before `start` (overdue)."""
    if end < start:
        return -working_days_between(end, start)
    total, day = 0, start
    while day < end:
        day += timedelta(days=1)
        total += working_day(day).is_workday
    return total


@lru_cache(maxsize=16)
def _fallback_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("CN", years=year))
