"""The check form <-> the transaction contract: field names, empty rows, and where an error goes.

The form posts flat names (`parties-0-name`, `items-1-control_code`); this module turns them
into the same dict `dualuse check` reads, so `parse_transaction` validates both alike, and
maps an error's field path back to the input it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from dualuse.errors import InputError
from dualuse.transaction import Transaction, parse_transaction
from dualuse.vocabulary import EndUseCategory, PartyKind, PartyRole

PARTY_ROWS = 3
ITEM_ROWS = 3
PARTY_FIELDS = ("role", "name", "country", "kind")
ITEM_FIELDS = ("description", "hs_code", "control_code", "origin", "value", "currency", "quantity", "unit", "cn_content_share")
FLAGS = ("enhances_military_capability", "wmd", "terrorism", "national_security_risk", "notified_by_authority")
ROLES = [r.value for r in PartyRole]
KINDS = [k.value for k in PartyKind]
CATEGORIES = [c.value for c in EndUseCategory]


@dataclass
class FormTransaction:
    data: dict
    inputs: dict[str, str] = field(default_factory=dict)  # transaction field path -> form input name

    def input_for(self, path: str | None) -> str | None:
        """The form input an error's field path points at (or its nearest parent)."""
        while path:
            if path in self.inputs:
                return self.inputs[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else None
        return None


def defaults(today: str) -> dict[str, str]:
    values = {"date": today, "exporter-country": "CN", "end_use-category": "unknown"}
    for row in range(PARTY_ROWS):
        values[f"parties-{row}-role"] = "end_user" if row == 0 else "buyer"
        values[f"parties-{row}-kind"] = "company"
    for row in range(ITEM_ROWS):
        values[f"items-{row}-origin"] = "CN"
    return values


def transaction_from_form(form: Mapping[str, str]) -> FormTransaction:
    """The transaction dict the form describes; empty party and item rows are left out."""

    def get(name: str) -> str:
        return (form.get(name) or "").strip()

    out = FormTransaction({})
    data = out.data
    for name, path in (("date", "date"), ("destination", "destination")):
        if get(name):
            data[path] = get(name)
        out.inputs[path] = name
    data["exporter"] = {"name": get("exporter-name"), "country": get("exporter-country")}
    out.inputs.update({"exporter": "exporter-name", "exporter.name": "exporter-name", "exporter.country": "exporter-country"})
    parties: list[dict[str, object]] = []
    for row in range(PARTY_ROWS):
        if not get(f"parties-{row}-name"):
            continue
        index = len(parties)
        parties.append({f: get(f"parties-{row}-{f}") for f in PARTY_FIELDS if get(f"parties-{row}-{f}")})
        for f in PARTY_FIELDS:
            out.inputs[f"parties[{index}].{f}"] = f"parties-{row}-{f}"
        out.inputs[f"parties[{index}]"] = f"parties-{row}-name"
    data["parties"] = parties
    data["end_use"] = {
        "category": get("end_use-category") or "unknown",
        "description": get("end_use-description"),
        **{flag: form.get(f"end_use-{flag}") in ("on", "true", "1") for flag in FLAGS},
    }
    out.inputs.update({"end_use.category": "end_use-category", "end_use.description": "end_use-description"})
    items: list[dict[str, object]] = []
    for row in range(ITEM_ROWS):
        if not any(get(f"items-{row}-{f}") for f in ("description", "hs_code", "control_code")):
            continue
        index = len(items)
        items.append({f: get(f"items-{row}-{f}") for f in ITEM_FIELDS if get(f"items-{row}-{f}")})
        for f in ITEM_FIELDS:
            out.inputs[f"items[{index}].{f}"] = f"items-{row}-{f}"
        out.inputs[f"items[{index}]"] = f"items-{row}-description"
    data["items"] = items
    out.inputs["items"] = "items-0-description"
    return out


def values_from_transaction(data: Mapping, text: str) -> dict[str, str]:
    """The form's values for a transaction (the inverse of `transaction_from_form`); one with more
    parties or items than the form has rows goes in the JSON box as given, so nothing is dropped."""
    parties, items = data.get("parties") or [], data.get("items") or []
    if len(parties) > PARTY_ROWS or len(items) > ITEM_ROWS:
        return {"json": text}
    values = defaults(str(data.get("date") or ""))

    def put(name: str, value: object) -> None:
        if value is not None and value != "":
            values[name] = str(value)

    put("destination", data.get("destination"))
    exporter = data.get("exporter") or {}
    put("exporter-name", exporter.get("name"))
    put("exporter-country", exporter.get("country"))
    for row, party in enumerate(parties):
        for f in PARTY_FIELDS:
            put(f"parties-{row}-{f}", party.get(f))
    end_use = data.get("end_use") or {}
    put("end_use-category", end_use.get("category"))
    put("end_use-description", end_use.get("description"))
    for flag in FLAGS:
        if end_use.get(flag):
            values[f"end_use-{flag}"] = "on"
    for row, item in enumerate(items):
        for f in ITEM_FIELDS:
            put(f"items-{row}-{f}", item.get(f))
    try:  # a field the form has no input for would be lost: then the JSON box keeps it all
        same = parse_transaction(transaction_from_form(values).data).model_dump(mode="json") == data
    except InputError:
        same = False
    return values if same else {"json": text}


@dataclass(frozen=True)
class FieldError:
    """One wrong input of the check form, in words a person reads: the message key (and its
    values) to show beside the input, or the validator's own text when no key fits."""

    input: str  # the form input's name, e.g. items-0-value
    key: str  # a message key under `form.`, or "" to show `text`
    values: dict = field(default_factory=dict)
    text: str = ""


# Pydantic's error types -> the plain message key; a validator's ValueError is told by its field.
_TYPE_KEYS = {
    "missing": "form.required", "string_too_short": "form.required", "string_too_long": "form.too_long",
    "float_parsing": "form.number", "float_type": "form.number", "decimal_parsing": "form.number",
    "decimal_type": "form.number", "finite_number": "form.number", "int_parsing": "form.number",
    "greater_than_equal": "form.at_least", "greater_than": "form.more_than", "less_than_equal": "form.at_most",
    "less_than": "form.less_than", "string_pattern_mismatch": "form.pattern", "date_parsing": "form.date",
    "date_from_datetime_parsing": "form.date", "date_type": "form.date", "enum": "form.choice",
    "too_short": "form.at_least_one",
}
_VALUE_ERROR_KEYS = {"country": "form.country", "destination": "form.country", "origin": "form.country",
                     "hs_code": "form.hs_code", "control_code": "form.control_code"}
_LIMIT_VALUES = {"form.too_long": "max_length", "form.at_least": "ge", "form.more_than": "gt",
                 "form.at_most": "le", "form.less_than": "lt"}


def form_errors(built: FormTransaction, errors: Sequence[Mapping[str, Any]]) -> list[FieldError]:
    """Every error of a form's transaction (pydantic's `errors()`), each once per input, in form order."""
    found: dict[str, FieldError] = {}
    for error in errors:
        loc = tuple(error["loc"])
        path = ""
        for part in loc:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        name = built.input_for(path) or "json"
        if name in found:
            continue
        key, values = error_words(error)
        found[name] = FieldError(name, key, values, str(error["msg"]).removeprefix("Value error, "))
    return list(found.values())


def error_words(error: Mapping) -> tuple[str, dict]:
    """A pydantic error as a plain message key and its values ("", {} when none fits): the form
    and the API's `?lang=` answers say the same words."""
    loc = tuple(error.get("loc", ()))
    last = next((p for p in reversed(loc) if isinstance(p, str)), "")
    key = _TYPE_KEYS.get(error.get("type", ""), "")
    if error.get("type") == "value_error":
        key = _VALUE_ERROR_KEYS.get(last, "")
    if key == "form.pattern" and last == "currency":
        key = "form.currency"
    if key == "form.at_least_one" and last == "items":
        key = "form.items_required"
    context = error.get("ctx") or {}
    values = {"n": _figure(context[_LIMIT_VALUES[key]])} if key in _LIMIT_VALUES and _LIMIT_VALUES[key] in context else {}
    if key in _LIMIT_VALUES and not values:
        key = ""
    return key, values


def _figure(value: object) -> object:
    """A limit as a person writes it: 1.0 -> 1."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def input_label(name: str) -> tuple[tuple[str, dict], ...]:
    """The message keys (with values) that name a form input for a person, e.g. ("Item 1", "Value")."""
    group, _, rest = name.partition("-")
    if group in ("parties", "items"):
        row, _, leaf = rest.partition("-")
        heading = "check.party_n" if group == "parties" else "check.item_n"
        return ((heading, {"n": int(row) + 1}), (f"field.{leaf}", {}))
    if group == "exporter":
        return (("check.exporter", {}), (f"field.{rest}", {}))
    if group == "end_use":
        return (("check.end_use", {}), (f"field.{rest}", {}))
    return ((f"check.{name}", {}),)


def check_form(built: FormTransaction) -> tuple[Transaction | None, list[FieldError]]:
    """The form's transaction, or every error it has (not only the first)."""
    try:
        Transaction.model_validate(built.data)
    except ValidationError as exc:
        return None, form_errors(built, exc.errors())
    try:  # the contract's own reading, with whatever it checks beyond the model
        return parse_transaction(built.data), []
    except InputError as error:
        return None, [FieldError(built.input_for(error.field) or "items-0-description", "", {}, error.message)]
