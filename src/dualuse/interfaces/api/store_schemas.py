"""Bodies of the store endpoints (cases, dispositions, applications, licences, audit), with examples.

Requests are strict (unknown keys refused, dates and amounts bounded) so a bad body is a 422
naming the field before a service is called. Responses are the services' own `to_dict()`;
a decision is the engine's `Decision` (schemas.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from dualuse import limits
from dualuse.vocabulary import Outcome
from dualuse.storage.vocabulary import ApplicationState, DocumentKind, LicenceState, LicenceType, ReviewDisposition

Day = Annotated[date, Field(ge=date(1990, 1, 1), le=date(2199, 12, 31), description="YYYY-MM-DD")]
Amount = Annotated[Decimal, Field(ge=0, le=limits.MAX_AMOUNT, decimal_places=limits.AMOUNT_DECIMALS,
                                  description="A non-negative amount, at most 4 decimals (dualuse.limits).")]
RecordId = Annotated[int, Field(ge=1, le=2**31 - 1)]
Text = Annotated[str, Field(max_length=2000)]

DISPOSITIONS = Literal[tuple(d.value for d in ReviewDisposition)]  # type: ignore[valid-type]
LICENCE_TYPES = Literal[tuple(t.value for t in LicenceType)]  # type: ignore[valid-type]
DOCUMENT_KINDS = Literal[tuple(k.value for k in DocumentKind)]  # type: ignore[valid-type]
APPLICATION_STATES = Literal[tuple(s.value for s in ApplicationState)]  # type: ignore[valid-type]
LICENCE_STATES = Literal[tuple(s.value for s in LicenceState)]  # type: ignore[valid-type]


def _examples(*values: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": list(values)})


class _Out(BaseModel):
    model_config = ConfigDict(extra="allow")


class ClassifyIn(BaseModel):
    model_config = _examples({"text": "氧化镝 99.9%", "hs_code": "2846901500"}, {"text": "dysprosium oxide powder"})

    text: str = Field("", max_length=5000, description="The item as described, in Chinese, Japanese or English.")
    hs_code: str | None = Field(None, max_length=20, description="Customs code, 4 to 10 digits (separators allowed).")


class CaseSummaryOut(_Out):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [
        {"case_id": 7, "outcome": "PROHIBITED", "final_outcome": "PROHIBITED", "as_of": "2026-03-02", "created_by": "li.wei", "disposition": None}
    ]})

    case_id: int
    outcome: Outcome
    final_outcome: Outcome = Field(description="The outcome after a reviewer's disposition of a REVIEW: the disposition, never below what the other reasons require.")
    as_of: str
    created_by: str
    disposition: str | None


class CaseOut(CaseSummaryOut):
    created_at: str
    data_version: str
    four_eyes: bool | None = Field(None, description="Whether four-eyes applied to the disposition (its settler is not the case's recorder).")
    floor_outcome: Outcome | None = Field(None, description="What the reasons other than the open REVIEW question require on their own.")
    transaction: dict[str, Any]
    decision: dict[str, Any]


class CaseDispositionIn(BaseModel):
    model_config = _examples({"disposition": "cleared", "reason": "The end user is a different company: registration 91310000… checked."})

    disposition: DISPOSITIONS = Field(description="cleared, licence_required or prohibited.")  # type: ignore[valid-type]
    reason: str = Field(min_length=1, max_length=2000)


class ScreeningDispositionIn(BaseModel):
    model_config = _examples({
        "party_name": "Kawasaki Trading Ltd", "entity_id": "CL-2025-18-007",
        "reason": "Different company: Hong Kong registration 1234567, no link to the listed entity.", "expires_on": "2027-03-01",
    })

    party_name: str = Field(min_length=1, max_length=limits.MAX_NAME_CHARS)
    entity_id: str = Field(min_length=1, max_length=200, description="The list entry the party is not.")
    reason: str = Field(min_length=1, max_length=2000)
    expires_on: Day


class DispositionOut(_Out):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "id": 1, "party_name": "Kawasaki Trading Ltd", "entity_id": "CL-2025-18-007", "entry_hash": "9f2c…",
        "reason": "Different company: Hong Kong registration 1234567.", "expires_on": "2027-03-01", "created_by": "rita",
    }]})

    id: int
    party_name: str
    entity_id: str
    reason: str
    expires_on: str


class ApplicationIn(BaseModel):
    model_config = _examples({"case_id": 7, "licence_type": "single", "note": "PO 4711"})

    case_id: RecordId
    licence_type: LICENCE_TYPES = "single"  # type: ignore[valid-type]
    watch_list: bool | None = Field(None, description="Default: read from the case's decision (a Watch List hit).")
    note: Text = ""


class DocumentIn(BaseModel):
    model_config = _examples({"kind": "end_user_certificate", "reference": "EUC-2026-031.pdf"})

    kind: DOCUMENT_KINDS  # type: ignore[valid-type]
    reference: str = Field(min_length=1, max_length=500, description="File name or archive number.")


class ActionIn(BaseModel):
    model_config = _examples({"note": "complete file", "date": "2026-03-02"})

    note: Text = ""
    date: Day | None = Field(None, description="The day of the action (default today); acceptance starts the clock on it.")


class ApplicationOut(_Out):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "application_id": 3, "case_id": 7, "state": "accepted", "licence_type": "single", "watch_list": False,
        "accepted_on": "2026-03-02", "due_on": "2026-05-08", "due_is_estimate": False, "working_days_left": 45,
        "documents": [{"kind": "contract", "reference": "contract.pdf"}], "missing_documents": [], "note": "",
    }]})

    application_id: int
    case_id: int
    state: APPLICATION_STATES  # type: ignore[valid-type]
    licence_type: LICENCE_TYPES  # type: ignore[valid-type]
    watch_list: bool
    due_on: str | None
    missing_documents: list[str]


class LicenceIn(BaseModel):
    model_config = _examples({"application_id": 3, "valid_from": "2026-03-01", "valid_until": "2027-02-28", "quantity_limit": "100", "value_limit": "50000"})

    application_id: RecordId
    valid_from: Day
    valid_until: Day
    number: str | None = Field(None, min_length=1, max_length=60, description="Default DU-YEAR-NNNNNN.")
    quantity_limit: Amount | None = Field(None, description="Default: the transaction's total quantity.")
    value_limit: Amount | None = Field(None, description="Default: the transaction's total value.")


class ShipmentIn(BaseModel):
    model_config = _examples({
        "shipped_on": "2026-04-01", "quantity": "40", "value": "20000",
        "end_user_name": "Shin-Etsu Chemical Co., Ltd.", "end_user_country": "JP", "reference": "B/L 8812",
    })

    shipped_on: Day
    quantity: Amount
    value: Amount
    end_user_name: str = Field(min_length=1, max_length=limits.MAX_NAME_CHARS)
    end_user_country: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2.")
    reference: str = Field("", max_length=500)


class RevokeIn(BaseModel):
    model_config = _examples({"reason": "End user added to the Control List"})

    reason: str = Field(min_length=1, max_length=2000)


class LicenceOut(_Out):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "licence_id": 1, "number": "DU-2026-000001", "type": "general", "state": "valid", "valid_from": "2026-03-01",
        "valid_until": "2027-02-28", "quantity_limit": "100.0000", "quantity_used": "40.0000", "quantity_remaining": "60.0000",
        "value_limit": "50000.0000", "value_used": "20000.0000", "value_remaining": "30000.0000", "unit": "kg", "currency": "USD",
        "shipments": [],
    }]})

    licence_id: int
    number: str
    state: LICENCE_STATES  # type: ignore[valid-type]
    quantity_remaining: str | None
    value_remaining: str | None
    shipments: list[dict[str, Any]]


class RescreenIn(BaseModel):
    model_config = _examples({"today": "2026-03-02"})

    today: Day | None = None


class RescreenOut(_Out):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "data_version": "2026-02-24+c72a72d5bc83", "checked": 12, "skipped": 30,
        "alerts": [{"entity": "licence", "entity_id": 4, "old_outcome": "LICENCE_REQUIRED", "new_outcome": "PROHIBITED"}],
    }]})

    data_version: str
    checked: int
    skipped: int
    alerts: list[dict[str, Any]]


class VerifyOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"ok": True, "entries": 42, "first_bad": None, "message": "audit chain intact: 42 entries"}]})

    ok: bool
    entries: int
    first_bad: int | None
    message: str


class AuditEntryOut(_Out):
    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [{
        "seq": 17, "at": "2026-11-23T14:34:58.120000+00:00", "actor": "erin", "action": "licence.ship", "entity": "licence",
        "entity_id": "1", "before": {"quantity_used": "0.0000"}, "after": {"quantity_used": "150.0000"},
        "prev_hash": "8ba7579915e5…", "hash": "207522b81c24…",
    }]})

    seq: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    prev_hash: str
    hash: str


class MeOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "rita", "role": "reviewer"}]})

    name: str
    role: str | None
    csrf_token: str | None = Field(None, description="Cookie sign-in only: send it as `X-CSRF-Token` on POST.")
