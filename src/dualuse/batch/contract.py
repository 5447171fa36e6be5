"""The batch row contract: one row per transaction item, and one output row per decision.

Input columns (issue 6; every one must be in the header, in any order; extra columns are
ignored; empty cells are missing fields, exactly as a missing key in the JSON contract):

    id,date,destination,exporter_name,exporter_country,end_user_name,end_user_country,
    end_user_kind,end_use_category,end_use_description,item_description,hs_code,control_code,
    origin,value,currency,quantity,unit,cn_content_share

A row becomes the same `Transaction` a JSON file would: the exporter, one end-user party (when
any end-user cell is filled), the end use, and one item. Output columns: the input's `id`,
`outcome`, `rules` (every reason as RULE:EFFECT), `citations`, `matched_parties`
(ENTITY_ID (list, band)), `as_of` and `data_version`.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any, Sequence

from dualuse.engine.decision import Decision
from dualuse.transaction import Transaction, parse_transaction

COLUMNS: tuple[str, ...] = (
    "id", "date", "destination", "exporter_name", "exporter_country", "end_user_name", "end_user_country",
    "end_user_kind", "end_use_category", "end_use_description", "item_description", "hs_code", "control_code",
    "origin", "value", "currency", "quantity", "unit", "cn_content_share",
)
OUTPUT_COLUMNS: tuple[str, ...] = ("id", "outcome", "rules", "citations", "matched_parties", "as_of", "data_version")
REJECT_COLUMNS: tuple[str, ...] = ("line", "id", "field", "reason")

Row = tuple  # the cells of one input row in COLUMNS order: str or None
OutputRow = tuple  # (id, outcome, rules, citations, matched_parties, as_of, data_version); lists as tuples
RejectRow = tuple  # (line, id, field, reason)

_INDEX = {name: i for i, name in enumerate(COLUMNS)}

# JSON-contract field paths (as InputError.field names them) -> the row column they came from.
_FIELD_COLUMN = {
    "date": "date",
    "destination": "destination",
    "exporter": "exporter_name",
    "exporter.name": "exporter_name",
    "exporter.country": "exporter_country",
    "parties[0]": "end_user_name",
    "parties[0].name": "end_user_name",
    "parties[0].country": "end_user_country",
    "parties[0].kind": "end_user_kind",
    "end_use": "end_use_category",
    "end_use.category": "end_use_category",
    "end_use.description": "end_use_description",
    "items": "item_description",
    "items[0]": "item_description",
    "items[0].description": "item_description",
}
_ITEM_FIELDS = ("hs_code", "control_code", "origin", "value", "currency", "quantity", "unit", "cn_content_share")
_FIELD_COLUMN.update({f"items[0].{name}": name for name in _ITEM_FIELDS})


def cell(value: Any) -> str | None:
    """One cell as the text the contract reads: None for empty; numbers without a spurious `.0`.

    Spreadsheets and Parquet carry typed cells (an HS code typed as a number, a date cell);
    they are written back as the text a CSV of the same sheet would hold.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() and abs(value) < 1e16 else repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def row_document(row: Row) -> dict[str, Any]:
    """The JSON-contract document of one row (empty cells left out, so defaults apply)."""
    get = row.__getitem__
    doc: dict[str, Any] = {}
    if (value := get(1)) is not None:
        doc["date"] = value
    if (value := get(2)) is not None:
        doc["destination"] = value
    exporter = _present({"name": get(3), "country": get(4)})
    if exporter:
        doc["exporter"] = exporter
    party = _present({"name": get(5), "country": get(6), "kind": get(7)})
    doc["parties"] = [{"role": "end_user", **party}] if party else []
    end_use = _present({"category": get(8), "description": get(9)})
    if end_use:
        doc["end_use"] = end_use
    item = _present({
        "description": get(10), "hs_code": get(11), "control_code": get(12), "origin": get(13), "value": get(14),
        "currency": get(15), "quantity": get(16), "unit": get(17), "cn_content_share": get(18),
    })
    doc["items"] = [item]
    return doc


def row_transaction(row: Row) -> Transaction:
    """Validate one row as a transaction; InputError names the JSON field (see `column_of`)."""
    return parse_transaction(row_document(row))


def column_of(field: str | None) -> str:
    """The row column an InputError's field path points at (the path itself if none does)."""
    if not field:
        return ""
    if field in _FIELD_COLUMN:
        return _FIELD_COLUMN[field]
    # A nested path below a known one (items[0].value.x) reports the known column.
    for prefix in sorted(_FIELD_COLUMN, key=len, reverse=True):
        if field.startswith(prefix + ".") or field.startswith(prefix + "["):
            return _FIELD_COLUMN[prefix]
    return field


def decision_row(row_id: str, decision: Decision) -> OutputRow:
    """The output row of one decision (lists kept as tuples; writers format them)."""
    return (
        row_id,
        decision.outcome.value,
        tuple(f"{r.rule}:{r.effect.value}" for r in decision.reasons),
        tuple(dict.fromkeys(r.citation for r in decision.reasons if r.citation)),
        tuple(dict.fromkeys(f"{p.entity_id} ({p.list}, {p.band.value})" for p in decision.parties)),
        decision.as_of.isoformat(),
        decision.data_version,
    )


def header_index(header: Sequence[Any], source: str) -> list[int]:
    """Positions of the contract columns in a header; a missing column is an InputError naming it."""
    from dualuse.errors import InputError

    names = [(cell(h) or "").lstrip("\ufeff").strip().lower() for h in header]
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        if name in _INDEX and name in seen:
            raise InputError(f"column {name!r} appears twice in the header", file=source, line=1)
        seen.setdefault(name, position)
    missing = [c for c in COLUMNS if c not in seen]
    if missing:
        what = "column" if len(missing) == 1 else "columns"
        raise InputError(
            f"missing {what} {', '.join(missing)} (the batch contract needs: {','.join(COLUMNS)})",
            file=source, line=1,
        )
    return [seen[c] for c in COLUMNS]


def _present(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}
