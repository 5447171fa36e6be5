"""The decision engine: a transaction and a date in, one explained outcome out.

Deterministic: the same transaction, date and data version give the same decision. The
engine establishes the facts once (context.py), runs every rule (rules/), and combines
their reasons; it holds no rule logic of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from dualuse.classification.model import Classification
from dualuse.engine.context import CHINA, Context, classify_item, item_scope, party_facts
from dualuse.engine.decision import Decision, ItemFinding, PartyFinding, Reason, combine
from dualuse.engine.rules import RULES
from dualuse.regime.loader import Regime, load_regime
from dualuse.regime.staleness import stale_after_days, staleness_warning
from dualuse.screening.base import PartyMatch, PartyMatcher
from dualuse.transaction import Transaction
from dualuse.vocabulary import Band, ListKind


class Engine:
    """Decides transactions against one loaded regime, screening parties with one matcher.

    `matcher=None` screens nobody (parties count only by their declared kind): the mode the
    decision benchmark measures.
    """

    def __init__(self, regime: Regime | None = None, matcher: PartyMatcher | None = None, *, screen: bool = True):
        self.regime = regime or load_regime()
        if matcher is None and screen:
            from dualuse import runtime

            matcher = runtime.matcher(self.regime)  # the regime's one matcher in this process
        self.matcher = matcher
        self._match = lru_cache(maxsize=100_000)(self._match_uncached)
        self._classify = lru_cache(maxsize=100_000)(self._classify_uncached)
        self._known = KnownLookups()
        self.data_as_of = self.regime.data_as_of
        self.stale_after_days = stale_after_days()

    def decide(self, transaction: Transaction, as_of: date | None = None) -> Decision:
        day = as_of or transaction.date or date.today()
        ctx = self._context(transaction, day)
        reasons: list[Reason] = [reason for rule in RULES for reason in rule(ctx)]
        age = staleness_warning(self.data_as_of, day, after_days=self.stale_after_days)
        return Decision(
            outcome=combine(reasons),
            reasons=tuple(reasons),
            as_of=day,
            data_version=self.regime.data_version,
            missing=_unique(m for r in reasons for m in r.missing),
            warnings=_unique([*(f"{r.rule}: {r.warning}" for r in reasons if r.warning), *((f"data age: {age}",) if age else ())]),
            parties=tuple(_party_findings(ctx)),
            items=tuple(
                ItemFinding(
                    item=f.index, status=f.status,
                    control_codes=tuple(s.entry.code for s in f.entries),
                    candidates=tuple(s.entry.code for s, _ in f.candidates),
                )
                for f in ctx.items
            ),
            data_as_of=self.data_as_of,
        )

    def _context(self, tx: Transaction, day: date) -> Context:
        exporter_in_china = tx.exporter.country == CHINA
        foreign_party = any(p.country != CHINA for p in tx.parties)
        export_from_china = exporter_in_china and (tx.destination != CHINA or foreign_party)
        items = [
            classify_item(self.regime, i, item, day, item_scope(tx, item, export_from_china), self._classify)
            for i, item in enumerate(tx.items)
        ]
        parties = [
            party_facts(self.regime, i, p, self._match(p.name, p.country), self._match(p.parent, p.country) if p.parent else [])
            for i, p in enumerate(tx.parties)
        ]
        return Context(tx, day, self.regime, items, parties, exporter_in_china, export_from_china)

    def party_matches(self, name: str, country: str) -> list[PartyMatch]:
        """A party's list matches exactly as `decide` sees them (cached per name and country)."""
        return self._match(name, country)

    def item_classification(self, description: str, hs_code: str | None) -> Classification:
        """An item's classification exactly as `decide` sees it (cached per description and code)."""
        return self._classify(description, hs_code)

    def learn(self, known: KnownLookups) -> None:
        """Use screening and classification results another engine over the same regime and
        matcher computed (a batch job's other workers) instead of computing them again."""
        self._known = known

    def _classify_uncached(self, description: str, hs_code: str | None) -> Classification:
        known = self._known.classifications.get((description, hs_code))
        if known is not None:
            return known
        from dualuse.classification.classifier import classify  # loaded only when an item must be classified

        return classify(description, hs_code, regime=self.regime)

    def _match_uncached(self, name: str, country: str) -> list[PartyMatch]:
        if self.matcher is None:
            return []
        known = self._known.matches.get((name, country))
        return known if known is not None else self.matcher.match(name, country, top=3)


@dataclass
class KnownLookups:
    """Results of `Engine.party_matches` and `Engine.item_classification` by their arguments, to hand to `learn`."""

    matches: dict[tuple[str, str], list[PartyMatch]] = field(default_factory=dict)
    classifications: dict[tuple[str, str | None], Classification] = field(default_factory=dict)

    def update(self, other: "KnownLookups") -> None:
        self.matches.update(other.matches)
        self.classifications.update(other.classifications)


def _party_findings(ctx: Context) -> list[PartyFinding]:
    out = []
    for facts in ctx.parties:
        for match in facts.matches:
            if match.band is Band.CLEAR:
                continue
            listed = ctx.regime.listed_parties.get(match.entity_id)
            list_name = listed.designation.list if listed else ListKind.MILITARY_USER
            out.append(PartyFinding(
                party=facts.index, name=facts.party.name, entity_id=match.entity_id, matched_name=match.matched_name, list=list_name,
                band=match.band, score=round(match.score, 4), explanation=match.explanation, matched_alias=match.matched_alias,
            ))
    return out


def _unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def decide(transaction: Transaction, as_of: date | None = None) -> Decision:
    """Decide with the bundled regime and the default matcher (a shared engine per process)."""
    return _default_engine().decide(transaction, as_of)


@lru_cache(maxsize=1)
def _default_engine() -> Engine:
    from dualuse import runtime

    return runtime.engine()

