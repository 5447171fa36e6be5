"""What a decision is: one outcome, every reason that fired, and what it rests on."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from dualuse.vocabulary import Band, Effect, Outcome, Reliability


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule that fired: its effect, the provision it rests on, and what it found."""

    rule: str
    effect: Effect
    citation: str
    detail: str
    item: int | None = None  # index into transaction.items, when the reason is about one item
    party: int | None = None  # index into transaction.parties
    reliability: Reliability = Reliability.PRIMARY
    missing: tuple[str, ...] = ()  # facts whose absence caused this reason (collected into Decision.missing)
    warning: str = ""  # an unconfirmed fact this reason rests on (collected into Decision.warnings)
    # The finding as a catalogue message id and its parameters (dualuse/i18n.py), so each
    # interface shows it in its user's language; `detail` stays the English text.
    message: str = ""
    params: dict[str, str] = field(default_factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "effect": self.effect.value,
            "outcome": self.effect.outcome.value,
            "citation": self.citation,
            "detail": self.detail,
        }
        if self.item is not None:
            out["item"] = self.item
        if self.party is not None:
            out["party"] = self.party
        if self.reliability is not Reliability.PRIMARY:
            out["reliability"] = self.reliability.value
        if self.warning:
            out["warning"] = self.warning
        if self.message:
            out["message"] = self.message
            out["params"] = dict(self.params)
        return out


@dataclass(frozen=True, slots=True)
class PartyFinding:
    """A transaction party matched to a list entry or a recognised military user."""

    party: int
    name: str
    entity_id: str
    matched_name: str  # the listed party's own (primary) name
    list: str
    band: Band
    score: float
    explanation: str
    matched_alias: str = ""  # the name or spelling of it that the party's name met


@dataclass(frozen=True, slots=True)
class ItemFinding:
    """How one item was classified against the bundled Control List entries on the date."""

    item: int
    status: str
    control_codes: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    reasons: tuple[Reason, ...]
    as_of: date
    data_version: str
    missing: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    parties: tuple[PartyFinding, ...] = field(default_factory=tuple)
    items: tuple[ItemFinding, ...] = field(default_factory=tuple)
    data_as_of: date | None = None  # the date the regime data end (newest instrument)

    def to_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome.value,
            "as_of": self.as_of.isoformat(),
            "data_version": self.data_version,
            "data_as_of": self.data_as_of.isoformat() if self.data_as_of else None,
            "reasons": [r.to_dict() for r in self.reasons],
            "missing": list(self.missing),
            "warnings": list(self.warnings),
            "matched_parties": [
                {**asdict(p), "band": p.band.value} for p in self.parties
            ],
            "items": [asdict(i) for i in self.items],
        }


def combine(reasons: list[Reason]) -> Outcome:
    """The most severe outcome of all reasons (see Outcome for the order); none -> no licence."""
    outcome = Outcome.NO_LICENCE_REQUIRED
    for reason in reasons:
        candidate = reason.effect.outcome
        if candidate.severity > outcome.severity:
            outcome = candidate
    return outcome
