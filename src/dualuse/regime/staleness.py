"""How old the regime data are, said in every answer.

The data end on the date of their newest instrument (`Regime.data_as_of`). Announcements after
it are unknown to this version, so a decision dated, or made, more than `stale_after_days()`
past it carries a warning in plain words; `regime status` and the web footer say the same.
The threshold is 60 days unless ``DUALUSE_STALE_AFTER_DAYS`` says otherwise.
"""

from __future__ import annotations

import os
from datetime import date

from dualuse.errors import InputError

ENV_STALE_AFTER_DAYS = "DUALUSE_STALE_AFTER_DAYS"
DEFAULT_STALE_AFTER_DAYS = 60


def stale_after_days() -> int:
    raw = os.environ.get(ENV_STALE_AFTER_DAYS, "").strip()
    if not raw:
        return DEFAULT_STALE_AFTER_DAYS
    if not raw.isdigit() or len(raw) > 5:
        raise InputError(f"{raw!r} is not a whole number of days (0-99999)", field=ENV_STALE_AFTER_DAYS)
    return int(raw)


def staleness_warning(data_as_of: date, as_of: date, today: date | None = None, *, after_days: int | None = None) -> str:
    """The warning for an answer as of `as_of` given `today`, or "" while the data are recent enough."""
    today = today or date.today()
    latest = max(as_of, today)
    late = (latest - data_as_of).days
    if late <= (stale_after_days() if after_days is None else after_days):
        return ""
    which = "the decision date" if as_of >= today else "today"
    return (
        f"regime data end {data_as_of.isoformat()}; announcements after that are not known to this version "
        f"({which}, {latest.isoformat()}, is {late} days later) — run `dualuse lists import FILE` with any "
        "newer listing, or update dualuse"
    )
