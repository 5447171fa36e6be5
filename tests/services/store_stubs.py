"""A decision function for store tests: decides from a table of listed names, not the regime.

The store only needs `decide`, `entry_hash` and `data_version` (services.cases.Decider);
a table-driven stand-in keeps these tests independent of the bundled regime data and lets
a test "list" a party by adding one line. Also imported by the SIGKILL subprocesses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from dualuse.engine.decision import Decision, PartyFinding, Reason, combine
from dualuse.transaction import Transaction, parse_transaction
from dualuse.vocabulary import Band, Effect

ADMIN, REVIEWER, EXPORTER, AUDITOR = "ada", "rita", "ezra", "aude"  # the users `people` creates, one per role
_EFFECT = {"control_list": Effect.PROHIBITED, "watch_list": Effect.LICENCE_REQUIRED}


@dataclass(frozen=True)
class Listing:
    entity_id: str
    list: str = "control_list"
    band: Band = Band.HIT


@dataclass
class StubDecider:
    listed: dict[str, Listing] = field(default_factory=dict)  # party name -> list entry
    entry_hashes: dict[str, str] = field(default_factory=dict)
    data_version: str = "stub-1"

    def decide(self, transaction: Transaction, as_of: date | None = None) -> Decision:
        reasons, parties = [], []
        for i, item in enumerate(transaction.items):
            if item.control_code:
                reasons.append(
                    Reason(rule="R-LIST", effect=Effect.LICENCE_REQUIRED, citation="Regs Art. 14", detail=f"{item.control_code} is listed", item=i)
                )
        for i, party in enumerate(transaction.parties):
            listing = self.listed.get(party.name)
            if listing is None:
                continue
            effect = Effect.REVIEW if listing.band is Band.REVIEW else _EFFECT[listing.list]
            reasons.append(Reason(rule="R-PARTY", effect=effect, citation="Regs Art. 26/28", detail=f"{party.name} may be {listing.entity_id}", party=i))
            parties.append(PartyFinding(party=i, name=party.name, entity_id=listing.entity_id, matched_name=party.name, list=listing.list, band=listing.band, score=0.9, explanation="stub"))
        if not reasons:
            reasons.append(Reason(rule="R-NOT-LISTED", effect=Effect.NOT_CONTROLLED, citation="Regs Art. 14", detail="not listed"))
        return Decision(
            outcome=combine(reasons),
            reasons=tuple(reasons),
            as_of=as_of or transaction.date or date.today(),
            data_version=self.data_version,
            parties=tuple(parties),
        )

    def entry_hash(self, entity_id: str) -> str | None:
        return self.entry_hashes.get(entity_id, f"hash-of-{entity_id}")


def transaction(
    end_user: str = "Acme Magnets GmbH",
    country: str = "DE",
    *,
    ship: str = "2026-03-02",
    control_code: str | None = "1C902",
    quantity: float = 100,
    value: float = 50000,
) -> Transaction:
    return parse_transaction(
        {
            "date": ship,
            "destination": country,
            "exporter": {"name": "Ganzhou Rare Earth Co", "country": "CN"},
            "parties": [{"role": "end_user", "name": end_user, "country": country}],
            "end_use": {"category": "civil", "description": "motors"},
            "items": [
                {
                    "description": "NdFeB magnets",
                    "control_code": control_code,
                    "quantity": quantity,
                    "unit": "kg",
                    "value": value,
                    "currency": "USD",
                }
            ],
        }
    )
