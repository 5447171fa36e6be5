"""Currency conversion from a declared table: every rate has its date and source, no guessing.

The bundled table (`data/fx_rates.yaml`) converts into yen. A currency the table does not list
raises InputError naming the file, line and field of the value that needed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from dualuse import yamlfile
from dualuse.errors import InputError

BUNDLED_RATES = Path(__file__).parent / "data" / "fx_rates.yaml"


@dataclass(frozen=True)
class Rate:
    currency: str
    per_unit: float  # units of the base currency one unit of `currency` buys
    date: str
    source: str


@dataclass(frozen=True)
class RateTable:
    base: str
    rates: dict[str, Rate]
    file: str

    def convert(self, value: float, currency: str, *, file: str | None = None, line: int | None = None,
                field: str = "currency") -> float:
        """`value` in `currency`, expressed in the base currency."""
        code = (currency or "").strip().upper()
        rate = self.rates.get(code)
        if rate is None:
            known = ", ".join(sorted(self.rates))
            raise InputError(f"unknown currency {currency!r}: the rate table {self.file} lists {known}; "
                             "add a dated, sourced rate with --rates", file=file, line=line, field=field)
        return value * rate.per_unit

    def to_dict(self) -> dict:
        return {"base": self.base, "file": self.file,
                "rates": [{"currency": r.currency, "per_unit": r.per_unit, "date": r.date, "source": r.source}
                          for r in self.rates.values()]}


def load_rates(path: Path | None = None) -> RateTable:
    """The bundled table, or a user table of the same layout."""
    return _load(str(path or BUNDLED_RATES))


@lru_cache(maxsize=8)
def _load(path: str) -> RateTable:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("rate table not found", file=path) from None
    try:
        data = yamlfile.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"malformed YAML: {getattr(exc, 'problem', exc)}", file=path,
                         line=mark.line + 1 if mark else None) from None
    except RecursionError:  # the YAML parser recurses: `[[[[…` (docs/SECURITY.md)
        raise InputError("malformed YAML: nested too deeply", file=path) from None
    if not isinstance(data, dict) or not isinstance(data.get("rates"), list):
        raise InputError("a rate table needs `base` and a list `rates`", file=path, field="rates")
    rates: dict[str, Rate] = {}
    for i, row in enumerate(data["rates"]):
        where = f"rates[{i}]"
        if not isinstance(row, dict):
            raise InputError("each rate is a mapping", file=path, field=where)
        for key in ("currency", "per_unit", "date", "source"):
            if row.get(key) in (None, ""):
                raise InputError("required field is missing", file=path, field=f"{where}.{key}")
        try:
            per_unit = float(row["per_unit"])
        except (TypeError, ValueError):
            raise InputError(f"not a number: {row['per_unit']!r}", file=path, field=f"{where}.per_unit") from None
        if per_unit <= 0:
            raise InputError("a rate must be positive", file=path, field=f"{where}.per_unit")
        code = str(row["currency"]).strip().upper()
        rates[code] = Rate(code, per_unit, str(row["date"]), str(row["source"]).strip())
    return RateTable(str(data.get("base", "JPY")).upper(), rates, path)
