"""The shape of the regime data: instruments, control-list entries, country measures,
party designations and recognised military users.

Every record carries where it comes from (instrument and provision) and its dates; the
YAML files under `regime/data/` are validated against these models on load, so a wrong
field name, date or code fails loudly with the file and the field.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from dualuse.vocabulary import Effect, ExporterScope, ListKind, MeasureState, Reliability, RuleId

CONTROL_CODE_RE = re.compile(r"^[0-9][A-E][0-9]{3}(\.[a-z0-9]+)*$")
CUSTOMS_CODE_RE = re.compile(r"^[0-9]{4}([0-9]{2}){0,3}$")  # 4, 6, 8 or 10 digits
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_ANNOUNCEMENT_ID = re.compile(r"^(MOFCOM|UEL)-(\d{4})-(\d+)$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Citation(Strict):
    """A pointer into the law: which instrument, which article or paragraph."""

    instrument: str
    provision: str = ""


class Window(Strict):
    """A dated period during which something is suspended (both ends inclusive).

    `until` is the last day of the window: Chinese drafting "至2026年11月10日" includes
    the 10th, so the measure applies again from the day after.
    """

    start: date = Field(alias="from")
    until: date | None = None
    instrument: str
    provision: str = ""
    quote: str = ""
    reliability: Reliability = Reliability.PRIMARY
    note: str = ""

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.until is None or day <= self.until)


class ReportedChange(Strict):
    """A change reported but not confirmed by an official text: shown, never applied."""

    date: date
    description: str
    source: str
    reliability: Reliability = Reliability.UNCONFIRMED


class Validity(Strict):
    """When a rule or listing is in force, and when it is suspended."""

    in_force_from: date
    in_force_until: date | None = None  # last day in force (revoked or expired)
    suspensions: tuple[Window, ...] = ()
    reported_changes: tuple[ReportedChange, ...] = ()

    def state_on(self, day: date) -> tuple[MeasureState, Window | None]:
        if day < self.in_force_from:
            # A suspension can start before the measure was due (2025 Nos. 55-58).
            return MeasureState.NOT_YET_IN_FORCE, None
        if self.in_force_until is not None and day > self.in_force_until:
            return MeasureState.EXPIRED, None
        for window in self.suspensions:
            if window.covers(day):
                return MeasureState.SUSPENDED, window
        return MeasureState.IN_FORCE, None

    def merged_with(self, extra: tuple[Window, ...]) -> Validity:
        return self.model_copy(update={"suspensions": self.suspensions + extra})


class Instrument(Strict):
    """A law, regulation or announcement that rules rest on."""

    id: str
    kind: Literal["law", "regulation", "announcement", "decision", "press", "list"]
    number: str
    title_zh: str
    title_en: str
    issuer: str
    published: date | None = None
    effective: date | None = None
    url: str
    reliability: Reliability
    source_file: str = ""  # path under ../shared/data the data was derived from
    notes: str = ""

    def cite(self, provision: str = "") -> str:
        """How a reason names this instrument: English label, then the Chinese number."""
        label = f"{self.label_en} ({self.number})"
        return f"{label}, {provision}" if provision else label

    @property
    def label_en(self) -> str:
        if self.kind in ("law", "regulation", "list", "press"):
            return self.title_en
        match = _ANNOUNCEMENT_ID.match(self.id)
        if match:
            series, year, number = match.groups()
            issuer = {"MOFCOM": "MOFCOM Announcement", "UEL": "UEL Working Mechanism Announcement"}[series]
            return f"{issuer} {year} No. {int(number)}"
        return self.title_en


class ControlEntry(Strict):
    """One item of the Dual-use Items Export Control List, as an announcement defines it."""

    code: str
    code_reliability: Reliability = Reliability.PRIMARY
    family: str
    description_zh: str
    description_en: str
    customs_codes: tuple[str, ...] = ()
    customs_codes_note: str = ""
    provision: str = ""
    parameters: str = ""  # the thresholds that decide, in words (zh/en) for the classifier
    notes: str = ""
    validity: Validity | None = None  # overrides the file's

    @field_validator("code")
    @classmethod
    def _code_form(cls, value: str) -> str:
        if not CONTROL_CODE_RE.match(value):
            raise ValueError(f"control code {value!r} is not of the form 1C902 or 1C902.a")
        return value

    @field_validator("customs_codes")
    @classmethod
    def _customs_form(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for code in value:
            if not CUSTOMS_CODE_RE.match(code):
                raise ValueError(f"customs code {code!r} is not 4, 6, 8 or 10 digits")
        return value


class ControlEntryFile(Strict):
    """All entries one announcement adds, with the announcement's dates."""

    instrument: str
    source_file: str
    validity: Validity
    notes: str = ""  # source status, date caveats: the file's own provenance notes
    entries: tuple[ControlEntry, ...]


class ResolvedEntry(Strict):
    """A control entry with its instrument and effective validity filled in."""

    entry: ControlEntry
    instrument: str
    validity: Validity

    @property
    def code(self) -> str:
        return self.entry.code


class Trigger(Strict):
    """What must be true of the transaction for a measure to bite (closed vocabulary).

    `any_of` names predicates from `engine/conditions.py`; an empty list means the measure
    applies to every transaction that meets the other conditions.
    """

    any_of: tuple[
        Literal["military_user", "military_use", "enhances_military", "end_use_unknown", "listed_party", "always"], ...
    ] = ("always",)


class ItemScope(Strict):
    """Which items a measure reaches."""

    kind: Literal["listed", "dual_use", "families"] = "listed"
    families: tuple[str, ...] = ()
    min_cn_content_share: Decimal | None = None  # foreign-made items (2025 No. 61); exact, as the item's share is
    reliability: Reliability = Reliability.PRIMARY  # of the scope itself (an annex not captured -> U)
    # Foreign-made items: the kinds of item reached (Ann. 2025 No. 61 Annex 1 Part 2), as words of
    # the item's description (any script); empty: every foreign-made item of the families.
    foreign_made_items: tuple[str, ...] = ()
    foreign_made_items_reliability: Reliability = Reliability.PRIMARY

    @model_validator(mode="after")
    def _families_given(self) -> ItemScope:
        if self.kind == "families" and not self.families:
            raise ValueError("item scope 'families' needs at least one family")
        return self


class Measure(Strict):
    """A country or item measure: who it reaches, when it bites, what it does, when it is in force."""

    id: str
    title_en: str
    quote_zh: str
    citation: Citation
    reliability: Reliability
    target_country: str | None = None  # None: any destination
    reaches: tuple[ExporterScope, ...] = (ExporterScope.FROM_CHINA,)
    items: ItemScope = ItemScope()
    trigger: Trigger = Trigger()
    effect: Effect
    unlisted_item_effect: Effect | None = None  # for scope dual_use: what an unlisted item gets
    unlisted_item_note: str = ""
    conditions: tuple[str, ...] = ()  # licence conditions to show (documents, undertakings)
    validity: Validity
    notes: str = ""

    @field_validator("target_country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        if value is not None and not COUNTRY_RE.match(value):
            raise ValueError(f"country {value!r} is not an ISO 3166-1 alpha-2 code")
        return value


class Name(Strict):
    """A name as written, with its language/script tag (zh-Hans, zh-Hant, ja, en, ja-Kana...)."""

    value: str
    lang: str


class ListEntry(Strict):
    """One designated party in one listing."""

    id: str
    seq: int
    names: tuple[Name, ...]
    country: str | None = None
    kind: Literal["entity", "person"] = "entity"
    notes: str = ""


class Designation(Strict):
    """One listing announcement: which list, which parties, what it does, from when.

    Produced by `dualuse.lists.mofcom_text` from the announcement text, never by hand.
    """

    instrument: str
    announcement: Instrument  # the listing announcement itself, registered on load
    list: ListKind
    published: date
    source_file: str
    source_url: str
    measures_zh: tuple[str, ...]
    effect: Effect
    reaches: tuple[ExporterScope, ...]
    conditions: tuple[str, ...] = ()
    validity: Validity
    entries: tuple[ListEntry, ...]
    parser: str = ""
    content_sha256: str = ""


class DesignationChange(Strict):
    """A later suspension or removal of a listing's measures, with its source."""

    instrument: str  # the listing it changes
    entries: tuple[str, ...] = ()  # empty: the whole listing
    suspension: Window | None = None
    removed_from: date | None = None
    removal_instrument: str = ""
    reported: ReportedChange | None = None  # shown with the listing, never applied


class ReportedNotice(Strict):
    """An instrument only reported (third-party, unconfirmed): listed and dated, never applied.

    `concerns` names the measures or listings it would change, if confirmed; they show it.
    """

    id: str
    date: date
    title_en: str
    description: str
    source: str
    reliability: Reliability
    concerns: tuple[str, ...] = ()


class MilitaryUser(Strict):
    """A recognised military end user: a party that is one is military whatever its declared kind."""

    id: str
    country: str
    names: tuple[Name, ...]
    source: str
    reliability: Reliability


NonEmptyStr = Annotated[str, Field(min_length=1)]


class ListKindRule(Strict):
    """What a designation on one list reaches (regime/data/list_kinds.yaml)."""

    list: ListKind
    title_en: str
    citation: Citation
    items: Literal["dual_use", "all_items"]
    unlisted_item_effect: Effect | None = None
    unlisted_item_note: str = ""


class GeneralRule(Strict):
    """A rule of the ECL or the Regulations that the engine runs on every decision."""

    id: RuleId
    title_en: str
    citation: Citation
    quote_zh: str = ""


class CodeAlias(Strict):
    """A control code as an announcement misprinted it, and the code a declaration may use instead.

    The entry keeps the printed code; a declaration under `alias` finds it, with a warning.
    """

    printed: str
    alias: str
    instrument: str
    reliability: Reliability
    source: str
    note: str = ""

    @field_validator("printed", "alias")
    @classmethod
    def _code_form(cls, value: str) -> str:
        if not CONTROL_CODE_RE.match(value):
            raise ValueError(f"control code {value!r} is not of the form 1C902 or 1C902.a")
        return value
