"""What a decision is: one outcome, every reason that fired, and what it rests on.

These models are also the output's one description: `dualuse check --format json`, the API's
/check (its response model) and the recorded case all serialise them with
`model_dump(mode="json")`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, computed_field, model_serializer

from dualuse.vocabulary import Band, Effect, ItemStatus, ListKind, Outcome, Reliability

OUTPUT = ConfigDict(frozen=True, serialize_by_alias=True, validate_by_name=True, validate_by_alias=True)


class Reason(BaseModel):
    """One rule that fired: its effect, the provision it rests on, and what it found."""

    model_config = OUTPUT

    rule: str = Field(description="The rule that fired: a general rule (R-…) or the instrument of a measure or listing.")
    effect: Effect = Field(description="What the rule says; each effect gives one outcome.")
    citation: str = Field(description="The provision, in the instrument's own words and script.")
    detail: str = Field(description="The finding in English.")
    item: int | None = Field(None, description="Index into the transaction's `items`, when the reason is about one item.")
    party: int | None = Field(None, description="Index into the transaction's `parties`, when the reason is about one party.")
    reliability: Reliability = Field(Reliability.PRIMARY, description="P, S, T or U; shown only when not an official text (P).")
    # facts whose absence caused this reason: collected into Decision.missing, not repeated here
    missing: tuple[str, ...] = Field((), exclude=True)
    warning: str = Field("", description="An unconfirmed fact this reason rests on (collected into the decision's warnings).")
    # The finding as a catalogue message id and its parameters (dualuse/i18n.py), so each
    # interface shows it in its user's language; `detail` stays the English text.
    message: str = Field("", description="The finding's message id in the catalogues (src/dualuse/locales).")
    params: dict[str, str] = Field(default_factory=dict, description="The values its message is filled with (names, codes, dates as written).")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def outcome(self) -> Outcome:
        return self.effect.outcome

    def __hash__(self) -> int:  # params (a dict) is not part of the identity: reasons stay hashable
        return hash((self.rule, self.effect, self.citation, self.detail, self.item, self.party, self.reliability, self.warning))

    @model_serializer(mode="wrap")
    def _shape(self, handler: SerializerFunctionWrapHandler):  # no return annotation: the schema stays the model's
        """The outcome beside the effect; the keys that say nothing (no item, no party, an
        official text, no warning, no message) left out rather than null."""
        data = handler(self)
        said = {"item": self.item is not None, "party": self.party is not None, "warning": bool(self.warning),
                "reliability": self.reliability is not Reliability.PRIMARY, "message": bool(self.message),
                "params": bool(self.message)}
        out = {key: data[key] for key in _REASON_ORDER if key in data and said.get(key, True)}
        out.update(_set_only({key: value for key, value in data.items() if key not in _REASON_KEYS}, frozenset()))
        return out


_REASON_ORDER = ("rule", "effect", "outcome", "citation", "detail", "item", "party", "reliability", "warning", "message", "params")
_REASON_KEYS = frozenset(Reason.model_fields) | {"outcome"}


class PartyFinding(BaseModel):
    """A transaction party matched to a list entry or a recognised military user."""

    model_config = OUTPUT

    party: int = Field(description="Index into the transaction's `parties`.")
    name: str = Field(description="The party's name as given.")
    entity_id: str
    matched_name: str = Field(description="The listed party's own (primary) name.")
    list: ListKind
    band: Band
    score: float
    explanation: str
    matched_alias: str = Field("", description="The name or spelling of the listed party that the party's name met.")


class ItemFinding(BaseModel):
    """How one item was classified against the bundled Control List entries on the date."""

    model_config = OUTPUT

    item: int = Field(description="Index into the transaction's `items`.")
    status: ItemStatus
    control_codes: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()

    @model_serializer(mode="wrap")
    def _shape(self, handler: SerializerFunctionWrapHandler):  # no return annotation: the schema stays the model's
        return _set_only(handler(self), _ITEM_KEYS)


_ITEM_KEYS = frozenset(ItemFinding.model_fields)


class Decision(BaseModel):
    """The answer for one transaction on one date."""

    model_config = OUTPUT

    outcome: Outcome
    as_of: date = Field(description="The date decided for.")
    data_version: str = Field(description="The regime data decided with: newest instrument date + hash of the data files.")
    data_as_of: date | None = Field(None, description="The date the regime data end: the newest instrument.")
    reasons: tuple[Reason, ...]
    missing: tuple[str, ...] = Field((), description="Facts whose absence prevents a firmer answer.")
    warnings: tuple[str, ...] = ()
    parties: tuple[PartyFinding, ...] = Field((), alias="matched_parties")
    items: tuple[ItemFinding, ...] = ()

    @model_serializer(mode="wrap")
    def _shape(self, handler: SerializerFunctionWrapHandler):  # no return annotation: the schema stays the model's
        return _set_only(handler(self), _DECISION_KEYS)


_DECISION_KEYS = frozenset(Decision.model_fields) | {"matched_parties"}


def _set_only(data: dict[str, Any], own: frozenset[str]) -> dict[str, Any]:
    """The fields a subclass adds (an interface's texts in the reader's language) only when set."""
    return {key: value for key, value in data.items() if key in own or value is not None}


def combine(reasons: list[Reason]) -> Outcome:
    """The most severe outcome of all reasons (see Outcome for the order); none -> no licence."""
    outcome = Outcome.NO_LICENCE_REQUIRED
    for reason in reasons:
        candidate = reason.effect.outcome
        if candidate.severity > outcome.severity:
            outcome = candidate
    return outcome
