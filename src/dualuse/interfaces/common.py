"""What every command shares: option parsing that fails as bad input, and JSON output."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum

from dualuse.errors import InputError


class Format(StrEnum):
    json = "json"
    table = "table"


def parse_date(value: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value; a bad one is an InputError naming the option (exit 2)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"not a date {value!r}: expected YYYY-MM-DD", field=option) from None


def print_json(payload: object) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
