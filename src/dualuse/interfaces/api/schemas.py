"""Request and response bodies of the API as published in /openapi.json, with examples.

The transaction itself is `dualuse.transaction.Transaction` (the contract `dualuse check`
reads) and the decision `dualuse.engine.decision.Decision` (what it prints): /check answers with
that model, plus the texts in the reader's language; these models describe the rest.
"""


from typing import Literal

import pycountry
from pydantic import BaseModel, ConfigDict, Field, field_validator

from dualuse import limits
from dualuse.engine.decision import Decision, ItemFinding, Reason
from dualuse.vocabulary import Band, ListKind



TRANSACTION_EXAMPLES = {
    "jp_military_user": {
        "summary": "Tungsten to a Japanese military end user (prohibited)",
        "value": {
            "date": "2026-03-02", "destination": "JP",
            "exporter": {"name": "湖南钨业进出口有限公司", "country": "CN"},
            "parties": [{"role": "end_user", "name": "陸上自衛隊", "country": "JP", "kind": "government"}],
            "end_use": {"category": "civil", "description": "declared as maintenance stock"},
            "items": [{"description": "Ammonium paratungstate", "hs_code": "2841801000", "control_code": "1C117.d",
                       "origin": "CN", "value": 12000, "currency": "USD", "quantity": 1000, "unit": "kg"}],
        },
    },
    "jp_civil": {
        "summary": "Samarium oxide to a civil Japanese buyer (licence required)",
        "value": {
            "date": "2026-03-01", "destination": "JP",
            "exporter": {"name": "中国稀土进出口有限公司", "country": "CN"},
            "parties": [{"role": "end_user", "name": "Shin-Etsu Chemical Co., Ltd.", "country": "JP", "kind": "company"}],
            "end_use": {"category": "civil", "description": "permanent magnets for consumer electronics"},
            "items": [{"description": "氧化钐", "hs_code": "2846901940", "control_code": "1C902.b", "origin": "CN",
                       "value": 1000, "currency": "USD", "quantity": 10, "unit": "kg"}],
        },
    },
}


class ReasonInWords(Reason):
    """A reason as /check returns it: the engine's `Reason`, with its texts when a language was asked."""

    text: str | None = Field(None, description="The finding in the language asked (`?lang=` or Accept-Language); `detail` is English.")
    effect_text: str | None = Field(None, description="The effect in words, in the language asked.")


class ItemFindingInWords(ItemFinding):
    status_text: str | None = Field(None, description="The status in words, in the language asked.")


class DecisionInWords(Decision):
    """/check's answer: the engine's `Decision`; the `*_text` fields only when a language was asked."""

    reasons: tuple[ReasonInWords, ...]
    items: tuple[ItemFindingInWords, ...] = ()
    lang: str | None = Field(None, description="The language of the `*_text` fields, when one was asked.")
    outcome_text: str | None = Field(None, description="The outcome in words, in the language asked.")


class ScreenName(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=limits.MAX_NAME_CHARS, description="The name as written, in any script.")
    country: str | None = Field(None, description="ISO 3166-1 alpha-2 country of the party, when known.")
    id: str | None = Field(None, max_length=200, description="Your reference, echoed back.")

    @field_validator("country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if not value:
            return None
        code = value.upper()
        if pycountry.countries.get(alpha_2=code) is None and code not in ("XK", "EU"):
            raise ValueError(f"unknown country {value!r}: expected an ISO 3166-1 alpha-2 code such as CN, JP or US")
        return code


class ScreenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"names": [{"name": "三菱重工業株式会社", "country": "JP", "id": "PO-1"}, {"name": "Kawasaki Heavy Industries"}], "top": 5}
    ]})

    names: list[ScreenName] = Field(min_length=1, max_length=1000, description="1 to 1000 names.")
    top: int = Field(5, ge=1, le=50, description="Candidates per name.")
    matcher: str = Field("best", max_length=40, description="The matcher: best (the default), crossscript or normalised.")


class CandidateOut(BaseModel):
    rank: int
    entity_id: str
    matched_name: str = Field(description="The listed party's own (primary) name.")
    matched_alias: str = Field("", description="The name or spelling of the listed party that the query met.")
    score: float
    band: Band
    names: list[str] = Field(description="Every name of the listed party, in its original scripts.")
    list: ListKind
    source: str = Field(description="The instrument the listing comes from.")
    explanation: str


class ScreenResultOut(BaseModel):
    query: ScreenName
    band: Band = Field(description="The best band among the candidates.")
    candidates: list[CandidateOut]


class ScreenResponse(BaseModel):
    data_version: str
    matcher: str
    results: list[ScreenResultOut]


class StatusRowOut(BaseModel):
    kind: Literal["measure", "control_entries", "listing", "reported"]
    id: str
    title: str
    state: Literal["not_yet_in_force", "in_force", "suspended", "expired", "revoked", "reported"]
    detail: str
    citation: str


class RegimeStatusResponse(BaseModel):
    as_of: str
    data_version: str
    data_as_of: str = Field(description="The date the regime data end: the newest instrument (YYYY-MM-DD).")
    warnings: list[str] = Field(default_factory=list, description="The data-age warning, when the data are old.")
    rows: list[StatusRowOut]


class TimelineEventOut(BaseModel):
    date: str
    subject: str
    event: str
    instrument: str
    reliability: Literal["P", "S", "T", "U"]
    upcoming: bool


class TimelineResponse(BaseModel):
    today: str
    data_version: str
    events: list[TimelineEventOut]


class HealthResponse(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"status": "ok", "version": "0.1.0", "data_version": "2026-02-24+c72a72d5bc83", "auth_required": False}
    ]})

    status: Literal["ok"]
    version: str
    data_version: str
    auth_required: bool
