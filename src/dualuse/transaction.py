"""The transaction contract (product.md): what `dualuse check` reads, validated field by field.

Field names are a stable contract; extra fields are allowed (and ignored) so other tools can
carry their own data. Errors name the JSON path and, when read from a file, the line.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Sequence

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, ValidationError, field_validator

from dualuse import limits
from dualuse.errors import InputError, read_text_file
from dualuse.regime.model import CONTROL_CODE_RE
from dualuse.vocabulary import EndUseCategory, PartyKind, PartyRole

# Codes used in trade data that ISO 3166 does not assign to a country as such.
_EXTRA_COUNTRIES = {"XK", "EU"}


def _country(value: str) -> str:
    code = value.strip().upper()
    if code in _EXTRA_COUNTRIES or pycountry.countries.get(alpha_2=code) is not None:
        return code
    raise ValueError(f"unknown country {value!r}: expected an ISO 3166-1 alpha-2 code such as CN, JP or US")


def _number(value: Any) -> Any:
    """A float becomes the Decimal it prints as; a non-finite number is refused by name."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError("must be a finite number")
    return value


def _checked(upper: Decimal, decimals: int | None):
    return AfterValidator(lambda v: v if v is None else limits.check_amount(v, upper=upper, decimals=decimals))


_AsJson = PlainSerializer(limits.json_number, when_used="json")
Amount = Annotated[Decimal, BeforeValidator(_number), _checked(limits.MAX_AMOUNT, limits.AMOUNT_DECIMALS), _AsJson]
"""A value or quantity: an exact decimal, finite, 0 to MAX_AMOUNT, at most AMOUNT_DECIMALS places."""
Share = Annotated[Decimal, BeforeValidator(_number), _checked(Decimal(1), None), _AsJson]
"""A fraction from 0 to 1."""
Name = Annotated[str, Field(min_length=1, max_length=limits.MAX_NAME_CHARS)]
Text = Annotated[str, Field(max_length=limits.MAX_TEXT_CHARS)]


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, str_strip_whitespace=True)


class Exporter(_Open):
    name: Name
    country: str

    _check_country = field_validator("country")(classmethod(lambda cls, v: _country(v)))


class Party(_Open):
    role: PartyRole
    name: Name
    country: str
    kind: PartyKind = PartyKind.COMPANY
    # The company that holds 50 % or more of this party, when known: screened too, because some
    # measures reach listed parties' majority-owned subsidiaries (Ann. 2025 No. 61 para 2).
    parent: str | None = Field(default=None, min_length=1)

    _check_country = field_validator("country")(classmethod(lambda cls, v: _country(v)))


class EndUse(_Open):
    """The declared end use, and what the exporter knows (ECL Art. 12(3) catch-all)."""

    category: EndUseCategory = EndUseCategory.UNKNOWN
    description: Text = ""
    enhances_military_capability: bool = False
    wmd: bool = False
    terrorism: bool = False
    national_security_risk: bool = False
    notified_by_authority: bool = False


class Item(_Open):
    description: Text = ""
    hs_code: str | None = None
    control_code: str | None = None
    origin: str = "CN"
    value: Amount | None = None
    currency: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    quantity: Amount | None = None
    unit: str | None = Field(default=None, max_length=50)
    cn_content_share: Share | None = None

    _check_origin = field_validator("origin")(classmethod(lambda cls, v: _country(v)))

    @field_validator("hs_code")
    @classmethod
    def _hs(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        digits = value.replace(".", "").replace(" ", "")
        if not digits.isdigit() or len(digits) not in (4, 6, 8, 10):
            raise ValueError(f"customs code {value!r} is not 4, 6, 8 or 10 digits")
        return digits

    @field_validator("control_code")
    @classmethod
    def _control(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        code = value.strip()
        code = code[:2].upper() + code[2:].lower() if len(code) >= 2 else code
        if not CONTROL_CODE_RE.match(code):
            raise ValueError(f"control code {value!r} is not of the form 1C902 or 1C902.a")
        return code


class Transaction(_Open):
    date: dt.date | None = None
    destination: str
    exporter: Exporter
    parties: list[Party] = Field(default_factory=list, max_length=limits.MAX_PARTIES)
    end_use: EndUse = Field(default_factory=EndUse)
    items: list[Item] = Field(min_length=1, max_length=limits.MAX_ITEMS)

    _check_destination = field_validator("destination")(classmethod(lambda cls, v: _country(v)))


def parse_transaction(data: Any, *, source: str | None = None, text: str | None = None) -> Transaction:
    """Validate a decoded transaction; the first error names its field (and line, given the text)."""
    try:
        limits.nesting_depth(data)
    except limits.TooDeep as exc:
        raise InputError(str(exc), file=source, line=1 if text is not None else None) from None
    unpaired = limits.unpaired_surrogate(data)
    if unpaired is not None:
        line = _line_of(text, unpaired) if text is not None else None
        raise InputError(limits.UNPAIRED_SURROGATE, file=source, line=line, field=_path(unpaired) or None)
    try:
        return Transaction.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        field = _path(loc)
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "missing":
            message = "required field is missing"
        line = _line_of(text, loc) if text is not None else None
        raise InputError(message, file=source, line=line, field=field) from None


def read_transaction(path: Path) -> Transaction:
    """Read and validate one transaction JSON file."""
    return parse_transaction_text(read_text_file(path), source=str(path))


def parse_transaction_text(text: str, *, source: str | None = None) -> Transaction:
    try:
        data = limits.loads_json(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} (column {exc.colno})", file=source, line=exc.lineno) from None
    except (limits.TooDeep, RecursionError) as exc:
        raise InputError(str(exc) if isinstance(exc, limits.TooDeep) else "nested too deeply", file=source, line=1) from None
    if not isinstance(data, dict):
        raise InputError("a transaction must be a JSON object", file=source, line=1)
    return parse_transaction(data, source=source, text=text)


def line_of_field(text: str, field: str) -> int | None:
    """The line of a field given as a path such as `items[0].control_code`."""
    loc: list[Any] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", field):
        loc.append(name if name else int(index))
    return _line_of(text, loc)


def _path(loc: Sequence[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line_of(text: str, loc: Sequence[Any]) -> int | None:
    """The line where the value at `loc` starts in JSON `text` (or its nearest existing parent)."""
    decoder = json.JSONDecoder()
    position = _skip_ws(text, 0)
    for key in loc:
        found = _child_position(text, position, key, decoder)
        if found is None:
            break
        position = found
    return text.count("\n", 0, position) + 1


def _child_position(text: str, start: int, key: Any, decoder: json.JSONDecoder) -> int | None:
    if start >= len(text) or text[start] not in "{[":
        return None
    is_object = text[start] == "{"
    position = _skip_ws(text, start + 1)
    index = 0
    while position < len(text) and text[position] not in "}]":
        if is_object:
            name, position = json.decoder.scanstring(text, position + 1)  # type: ignore[attr-defined]  # public, untyped in typeshed
            position = _skip_ws(text, _skip_ws(text, position) + 1)  # past ':'
            if name == key:
                return position
        elif index == key:
            return position
        _, position = decoder.raw_decode(text, position)
        position = _skip_ws(text, position)
        if position < len(text) and text[position] == ",":
            position = _skip_ws(text, position + 1)
        index += 1
    return None


def _skip_ws(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position
