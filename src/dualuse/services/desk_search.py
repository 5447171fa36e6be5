"""Search for the desk: cases by party, outcome and decision date; audit entries by actor and
record kind. Over the same services the lists use, so a filtered list and its CSV agree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dualuse.services import audit, cases
from dualuse.storage.database import Store
from dualuse.storage.vocabulary import Entity
from dualuse.vocabulary import Outcome


@dataclass(frozen=True)
class CaseFilter:
    outcome: Outcome | None = None
    party: str = ""  # any part of any party's name (or the exporter's), case-insensitive
    since: date | None = None  # decision date on or after
    until: date | None = None  # decision date on or before

    @property
    def active(self) -> bool:
        return bool(self.outcome or self.party or self.since or self.until)


def _names(transaction: dict[str, Any]) -> list[str]:
    names = [p.get("name", "") for p in transaction.get("parties", [])]
    return names + [(transaction.get("exporter") or {}).get("name", "")]


def find_cases(store: Store, actor: str | None, chosen: CaseFilter) -> list[cases.CaseView]:
    """The cases the filter keeps, oldest first."""
    needle = chosen.party.strip().casefold()
    return [
        c for c in cases.list_cases(store, actor, outcome=chosen.outcome)
        if (not needle or any(needle in n.casefold() for n in _names(c.transaction)))
        and (chosen.since is None or c.as_of >= chosen.since)
        and (chosen.until is None or c.as_of <= chosen.until)
    ]


def case_summary(case: cases.CaseView) -> dict[str, Any]:
    """What a queue shows of a case: its parties, items and total value per currency."""
    transaction = case.transaction
    totals: dict[str, float] = {}
    for item in transaction.get("items", []):
        if item.get("value") is not None:
            currency = item.get("currency") or ""
            totals[currency] = totals.get(currency, 0.0) + float(item["value"])
    return {
        "parties": [p.get("name", "") for p in transaction.get("parties", [])],
        "items": [i.get("description") or i.get("control_code") or i.get("hs_code") or "" for i in transaction.get("items", [])],
        "codes": [i["control_code"] for i in transaction.get("items", []) if i.get("control_code")],
        "values": sorted(totals.items()),
        "destination": transaction.get("destination", ""),
    }


def find_audit(store: Store, *, actor: str = "", entity: Entity | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Audit entries by actor (exact name) and record kind, newest last; `limit` keeps the newest."""
    entries = audit.log(store, entity=entity)
    if actor.strip():
        entries = [e for e in entries if e["actor"] == actor.strip()]
    return entries[-limit:] if limit else entries


def application_queue(store: Store, actor: str | None, today: date) -> list[dict[str, Any]]:
    """The application queue, each row with its case's parties, items and value."""
    from dualuse.services import applications

    queue = applications.queue(store, actor)
    by_id = {c.id: c for c in cases.list_cases(store, actor)}
    return [dict(a.to_dict(today), about=case_summary(by_id[a.case_id]) if a.case_id in by_id else None) for a in queue]


def licence_coverage(store: Store, actor: str | None, application_id: int) -> list[dict[str, Any]]:
    """The items a licence covers: those of the transaction its application was drafted from."""
    from dualuse.services import applications

    case = cases.get_case(store, actor, applications.get_application(store, actor, application_id).case_id)
    return list(case.transaction.get("items", []))
