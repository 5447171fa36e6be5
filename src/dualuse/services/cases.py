"""Cases: a transaction, the decision on it, what it rested on, and a reviewer's settlement.

A case is written in one transaction together with its audit entry. Screening dispositions
in force are applied when the case is decided: a party whose every candidate match has been
disposed of as a false match no longer raises its reasons, and the case records which
dispositions it relied on. Deleting a case is refused inside the retention period (Regs Art. 27).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dualuse.engine.decision import Decision, PartyFinding, combine
from dualuse.errors import InputError
from dualuse.services.audit import record, snapshot, utcnow
from dualuse.services.dispositions import active_disposition, entry_hash
from dualuse.services.users import known_user, require
from dualuse.storage.database import Store
from dualuse.storage.records import get
from dualuse.storage.errors import PermissionRefused, StateConflict
from dualuse.storage.models import Application, Case, ScreeningDisposition
from dualuse.storage.rules import rules
from dualuse.storage.vocabulary import Entity, Permission, ReviewDisposition
from dualuse.transaction import Transaction, read_transaction
from dualuse.vocabulary import Outcome

_SETTLED_OUTCOME = {
    ReviewDisposition.CLEARED: Outcome.NO_LICENCE_REQUIRED,
    ReviewDisposition.LICENCE_REQUIRED: Outcome.LICENCE_REQUIRED,
    ReviewDisposition.PROHIBITED: Outcome.PROHIBITED,
}


class Decider(Protocol):
    """What the store needs from the decision engine; tests pass their own."""

    @property
    def data_version(self) -> str: ...

    def decide(self, transaction: Transaction, as_of: date | None = None) -> Decision: ...

    def entry_hash(self, entity_id: str) -> str | None: ...


class RegimeDecider:
    """The decision engine over a regime data directory (default: the bundled data)."""

    def __init__(self, data_dir: Path | None = None):
        from dualuse import runtime

        self.engine = runtime.engine(runtime.regime(data_dir))

    @property
    def data_version(self) -> str:
        return self.engine.regime.data_version

    def decide(self, transaction: Transaction, as_of: date | None = None) -> Decision:
        return self.engine.decide(transaction, as_of)

    def entry_hash(self, entity_id: str) -> str | None:
        return entry_hash(self.engine.regime, entity_id)


@lru_cache(maxsize=4)
def regime_decider(data_dir: Path | None = None) -> RegimeDecider:
    return RegimeDecider(data_dir)


@dataclass(frozen=True)
class CaseView:
    id: int
    outcome: Outcome
    final_outcome: Outcome
    created_at: str
    created_by: str
    as_of: date
    data_version: str
    disposition: ReviewDisposition | None
    transaction: dict[str, Any]
    decision: dict[str, Any]
    disposition_reason: str | None = None
    disposed_by: str | None = None
    four_eyes: bool | None = None
    floor_outcome: Outcome | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "case_id": self.id,
            "outcome": self.outcome.value,
            "final_outcome": self.final_outcome.value,
            "as_of": self.as_of.isoformat(),
            "created_by": self.created_by,
            "disposition": self.disposition.value if self.disposition else None,
        }

    def to_dict(self) -> dict[str, Any]:
        return self.summary() | {
            "created_at": self.created_at,
            "data_version": self.data_version,
            "disposition_reason": self.disposition_reason,
            "disposed_by": self.disposed_by,
            "four_eyes": self.four_eyes,
            "floor_outcome": self.floor_outcome.value if self.floor_outcome else None,
            "transaction": self.transaction,
            "decision": self.decision,
        }


def settle_decision(session: Session, decision: Decision, decider: Decider, on: date) -> tuple[Outcome, dict[str, Any]]:
    """Apply screening dispositions in force on `on`: the outcome and decision as recorded.

    Only reasons the engine ties to a party (its list matches) are suppressed, and only when
    every match of that party is disposed of; reasons about items, end use or declared party
    kinds stay.
    """
    findings: dict[int, list[tuple[PartyFinding, ScreeningDisposition | None]]] = {}
    for finding in decision.parties:
        disposition = active_disposition(session, finding.name, finding.entity_id, decider.entry_hash(finding.entity_id), on)
        findings.setdefault(finding.party, []).append((finding, disposition))
    cleared = {party for party, pairs in findings.items() if all(d is not None for _, d in pairs)}
    data = decision.model_dump(mode="json")
    applied = [
        {
            "party": f.party,
            "name": f.name,
            "entity_id": f.entity_id,
            "disposition_id": d.id,
            "reason": d.reason,
            "expires_on": d.expires_on.isoformat(),
        }
        for pairs in findings.values()
        for f, d in pairs
        if d is not None
    ]
    if not applied:
        return decision.outcome, data
    kept = [r for r in decision.reasons if r.party not in cleared]
    data["dispositions"] = applied
    data["suppressed_reasons"] = [r.model_dump(mode="json") for r in decision.reasons if r.party in cleared]
    data["reasons"] = [r.model_dump(mode="json") for r in kept]
    data["engine_outcome"] = decision.outcome.value
    outcome = combine(kept)
    data["outcome"] = outcome.value
    return outcome, data


def add_case(
    store: Store,
    actor: str | None,
    transaction: Transaction,
    *,
    decider: Decider | None = None,
    as_of: date | None = None,
    source: str = "",
) -> CaseView:
    """Decide `transaction` and keep the case; one transaction, one audit entry."""
    decider = decider or regime_decider()
    decision = decider.decide(transaction, as_of)
    with store.transaction() as session:
        user = require(session, actor, Permission.CASE_ADD)
        outcome, data = settle_decision(session, decision, decider, decision.as_of)
        case = Case(
            created_at=utcnow(),
            created_by=user.name,
            source=source,
            transaction=transaction.model_dump(mode="json"),
            decision=data,
            outcome=outcome.value,
            as_of=decision.as_of,
            ship_date=transaction.date,
            data_version=decision.data_version,
        )
        session.add(case)
        session.flush()
        record(session, user.name, "case.add", Entity.CASE, case.id, None, snapshot(case))
        return _view(case)


def add_case_file(store: Store, actor: str | None, path: Path, **kwargs: Any) -> CaseView:
    return add_case(store, actor, read_transaction(path), source=str(path), **kwargs)


def import_cases(
    store: Store, actor: str | None, transactions: Iterable[tuple[str, Transaction]], **kwargs: Any
) -> Iterator[CaseView]:
    """Keep many cases, each committed on its own: an interrupted import keeps what it committed."""
    for source, transaction in transactions:
        yield add_case(store, actor, transaction, source=source, **kwargs)


def get_case(store: Store, actor: str | None, case_id: int) -> CaseView:
    with store.reading() as session:
        known_user(session, actor)
        return _view(get(session, Case, case_id))


def list_cases(store: Store, actor: str | None, *, outcome: Outcome | None = None, limit: int | None = None) -> list[CaseView]:
    with store.reading() as session:
        known_user(session, actor)
        query = select(Case).order_by(Case.id)
        if outcome is not None:
            query = query.where(Case.outcome == outcome.value)
        if limit is not None:
            query = query.limit(limit)
        return [_view(c) for c in session.scalars(query)]


def four_eyes_required() -> bool:
    """Whether a case is settled by someone other than its recorder: `DUALUSE_FOUR_EYES` when
    set (0/false/no/off turn it off), else `four_eyes` of rules.yaml (on)."""
    value = os.environ.get("DUALUSE_FOUR_EYES", "").strip().lower()
    if value:
        return value not in ("0", "false", "no", "off")
    return rules().four_eyes


def dispose_case(store: Store, actor: str | None, case_id: int, disposition: ReviewDisposition | str, reason: str) -> CaseView:
    """A reviewer settles a REVIEW case: cleared, licence required, or prohibited, with a reason.

    The disposition settles the open question (the REVIEW reasons) only: the final outcome is
    never below what the case's other reasons require. With four-eyes on (the default) the
    user who recorded the case may not settle it; the record says whether four-eyes applied."""
    try:
        disposition = ReviewDisposition(disposition)
    except ValueError:
        raise InputError(
            f"unknown disposition {disposition!r}: expected {', '.join(d.value for d in ReviewDisposition)}",
            field="disposition",
        ) from None
    if not reason.strip():
        raise InputError("a disposition needs a reason", field="reason")
    with store.transaction() as session:
        user = require(session, actor, Permission.CASE_DISPOSE)
        case = get(session, Case, case_id, lock=True)
        if case.outcome != Outcome.REVIEW.value:
            raise StateConflict(f"case {case_id} is {case.outcome}", ["only a REVIEW case is disposed of by a reviewer"])
        if case.disposition is not None:
            raise StateConflict(f"case {case_id} was already disposed of as {case.disposition} by {case.disposed_by}")
        four_eyes = four_eyes_required()
        if four_eyes and case.created_by == user.name:
            raise PermissionRefused(
                f"{user.name} recorded case {case_id} and may not also settle it",
                ["four-eyes: another reviewer settles it (DUALUSE_FOUR_EYES=0 turns this off)"],
            )
        before = snapshot(case)
        case.disposition, case.disposition_reason = disposition.value, reason.strip()
        case.disposed_by, case.disposed_at = user.name, utcnow()
        case.disposition_four_eyes = four_eyes
        session.flush()
        record(session, user.name, "case.dispose", Entity.CASE, case.id, before, snapshot(case))
        return _view(case)


def delete_case(store: Store, actor: str | None, case_id: int, *, now: datetime | None = None) -> None:
    """Delete a case after its retention period; the audit log keeps what it was."""
    now = now or utcnow()
    with store.transaction() as session:
        user = require(session, actor, Permission.CASE_DELETE)
        case = get(session, Case, case_id, lock=True)
        rule = rules().retention[Entity.CASE]
        until = add_years(case.created_at.date(), rule.years)
        if now.date() < until:
            raise StateConflict(
                f"case {case_id} must be kept until {until.isoformat()}",
                [f"{rule.article}: records are kept at least {rule.years} years"],
            )
        linked = session.scalar(select(func.count()).select_from(Application).where(Application.case_id == case_id))
        if linked:
            raise StateConflict(f"case {case_id} has {linked} licence application(s)", ["delete or keep them first"])
        before = snapshot(case)
        session.delete(case)
        session.flush()
        record(session, user.name, "case.delete", Entity.CASE, case_id, before, None, now=now)


def floor_outcome(case: Case) -> Outcome:
    """What the case's reasons other than the open question (REVIEW) require on their own."""
    floor = Outcome.NO_LICENCE_REQUIRED
    for reason in case.decision.get("reasons", []):
        try:
            outcome = Outcome(reason.get("outcome"))
        except ValueError:
            continue
        if outcome is not Outcome.REVIEW and outcome.severity > floor.severity:
            floor = outcome
    return floor


def final_outcome(case: Case) -> Outcome:
    """The engine's outcome; for a settled REVIEW case the disposition, but never below what
    the other reasons require (a cleared party does not clear a listed item)."""
    if case.disposition is not None:
        settled, floor = _SETTLED_OUTCOME[ReviewDisposition(case.disposition)], floor_outcome(case)
        return settled if settled.severity >= floor.severity else floor
    return Outcome(case.outcome)


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)




def _view(case: Case) -> CaseView:
    return CaseView(
        id=case.id,
        outcome=Outcome(case.outcome),
        final_outcome=final_outcome(case),
        created_at=snapshot(case)["created_at"],
        created_by=case.created_by,
        as_of=case.as_of,
        data_version=case.data_version,
        disposition=ReviewDisposition(case.disposition) if case.disposition else None,
        transaction=case.transaction,
        decision=case.decision,
        disposition_reason=case.disposition_reason,
        disposed_by=case.disposed_by,
        four_eyes=case.disposition_four_eyes,
        floor_outcome=floor_outcome(case) if case.disposition is not None else None,
    )
