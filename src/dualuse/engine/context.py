"""Facts about one transaction on one date, established once and shared by every rule.

Rules never re-derive facts: who exports from where, what each item is on the List that day,
which parties are listed or military. That keeps rules small and the engine fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from collections.abc import Callable, Sequence

from dualuse.classification.model import Classification

from dualuse.errors import InputError
from dualuse.regime.loader import ListedParty, Regime
from dualuse.regime.catalogue import CatalogueControlCode, CatalogueCustomsCode
from dualuse.regime.model import CodeAlias, MilitaryUser, ResolvedEntry, Window
from dualuse.screening.base import PartyMatch
from dualuse.transaction import Item, Party, Transaction
from dualuse.vocabulary import Band, ExporterScope, ItemStatus, MeasureState, PartyKind

CHINA = "CN"


@dataclass(frozen=True, slots=True)
class EntryState:
    entry: ResolvedEntry
    state: MeasureState
    window: Window | None


@dataclass(slots=True)
class ItemFacts:
    index: int
    item: Item
    scope: ExporterScope | None
    status: ItemStatus
    entries: list[EntryState] = field(default_factory=list)  # by declared (or confidently classified) code
    candidates: list[tuple[EntryState, str]] = field(default_factory=list)  # proposed, not settled
    classification: Classification | None = None  # when the code was not declared
    catalogue_code: CatalogueControlCode | None = None  # status CATALOGUE: the catalogue row of the declared code
    catalogue_customs: tuple[str, list[CatalogueCustomsCode]] | None = None  # how near the customs code is to the catalogue's
    alias: CodeAlias | None = None  # the declared code is a known misprint's alias

    @property
    def is_listed(self) -> bool:
        """Listed on the date: a bundled entry in force, or a declared code the catalogue has."""
        return self.status in (ItemStatus.LISTED, ItemStatus.CATALOGUE)

    @property
    def in_force(self) -> list[ResolvedEntry]:
        return [s.entry for s in self.entries if s.state is MeasureState.IN_FORCE]

    @property
    def families(self) -> set[str]:
        return {e.entry.family for e in self.in_force}

    @property
    def label(self) -> str:
        code = self.item.control_code or self.item.hs_code or "unclassified"
        return f"item {self.index + 1} ({code})"


@dataclass(frozen=True, slots=True)
class PartyFacts:
    index: int
    party: Party
    matches: tuple[PartyMatch, ...]
    listed: tuple[tuple[PartyMatch, ListedParty], ...]
    military_user: tuple[PartyMatch, MilitaryUser] | None
    parent_listed: tuple[tuple[PartyMatch, ListedParty], ...] = ()  # the ≥ 50 % parent's listings (hits only)

    @property
    def is_military(self) -> bool:
        return self.party.kind is PartyKind.MILITARY or self.military_user is not None

    @property
    def country(self) -> str:
        """The party's country; a recognised military user's own country wins over the input."""
        return self.military_user[1].country if self.military_user else self.party.country


@dataclass(slots=True)
class Context:
    transaction: Transaction
    day: date
    regime: Regime
    items: list[ItemFacts]
    parties: list[PartyFacts]
    exporter_in_china: bool
    export_from_china: bool

    def party_countries(self) -> set[str]:
        return {p.country for p in self.parties}

    def reaches_country(self, country: str | None) -> bool:
        """Is the transaction aimed at `country`: its destination, or a party of that country."""
        if country is None:
            return True
        return self.transaction.destination == country or country in self.party_countries()


def item_scope(transaction: Transaction, item: Item, export_from_china: bool) -> ExporterScope | None:
    """Which reach of the regime an item falls under (ECL Art. 2, Regs Arts. 2 and 49)."""
    if export_from_china:
        return ExporterScope.FROM_CHINA
    if transaction.exporter.country == CHINA:
        return None  # a domestic transfer between Chinese parties is not an export
    if item.origin == CHINA:
        return ExporterScope.RE_TRANSFER
    if item.cn_content_share:
        return ExporterScope.FOREIGN_MADE
    return None


Classifier = Callable[[str, "str | None"], Classification]


def classify_item(
    regime: Regime, index: int, item: Item, day: date, scope: ExporterScope | None, classifier: Classifier
) -> ItemFacts:
    """The item's status on the List: by its declared control code, else by classification of its
    description and customs code (confident -> that entry; otherwise candidates to settle)."""
    if item.control_code:
        entries = regime.entries_for_code(item.control_code)
        if not entries:
            row = regime.catalogue.control_code(item.control_code) if regime.catalogue else None
            if row is not None:
                return ItemFacts(index, item, scope, ItemStatus.CATALOGUE, catalogue_code=row)
            raise InputError(
                f"unknown control code {item.control_code!r}: neither a bundled Control List entry nor the"
                f" 2026 licence catalogue has it (the bundled entries cover {', '.join(sorted(regime.known_families()))})",
                field=f"items[{index}].control_code",
            )
        states = [_state(e, day) for e in entries]
        listed = any(s.state is MeasureState.IN_FORCE for s in states)
        status = ItemStatus.LISTED if listed else ItemStatus.NOT_IN_FORCE
        alias = regime.aliases.get(item.control_code) if item.control_code not in {e.code for e in entries} else None
        return ItemFacts(index, item, scope, status, entries=states, alias=alias)
    if not (item.description or item.hs_code):
        return ItemFacts(index, item, scope, ItemStatus.UNCLASSIFIED)
    facts = _classified(regime, index, item, day, scope, classifier)
    open_ = facts.status in (ItemStatus.NOT_LISTED, ItemStatus.UNCLASSIFIED) or (
        facts.status is ItemStatus.CANDIDATE and not any(s.state is MeasureState.IN_FORCE for s, _ in facts.candidates)
    )
    if item.hs_code and regime.catalogue is not None and open_:  # nothing bundled in force says what the item is
        facts.catalogue_customs = regime.catalogue.customs_match(item.hs_code)
    return facts


def _classified(regime: Regime, index: int, item: Item, day: date, scope: ExporterScope | None, classifier: Classifier) -> ItemFacts:
    result = classifier(item.description, item.hs_code)
    if result.confident:
        state = _state(regime.entries[result.candidates[0].entry_index], day)
        listed = state.state is MeasureState.IN_FORCE
        status = ItemStatus.LISTED if listed else ItemStatus.NOT_IN_FORCE
        return ItemFacts(index, item, scope, status, entries=[state], classification=result)
    if result.candidates:
        candidates = [
            (_state(regime.entries[c.entry_index], day), c.customs.level if c.customs else "description")
            for c in result.candidates[:3]
        ]
        return ItemFacts(index, item, scope, ItemStatus.CANDIDATE, candidates=candidates, classification=result)
    status = ItemStatus.NOT_LISTED if item.hs_code else ItemStatus.UNCLASSIFIED
    return ItemFacts(index, item, scope, status, classification=result)


def _state(entry: ResolvedEntry, day: date) -> EntryState:
    state, window = entry.validity.state_on(day)
    return EntryState(entry, state, window)


def party_facts(
    regime: Regime, index: int, party: Party, matches: list[PartyMatch], parent_matches: Sequence[PartyMatch] = ()
) -> PartyFacts:
    """A party's list matches; once one is a hit the party is identified, and weaker candidates
    for the same name are no longer open questions."""
    if any(m.band is Band.HIT for m in matches):
        matches = [m for m in matches if m.band is Band.HIT]
    listed = []
    military = None
    for match in matches:
        if match.band is Band.CLEAR:
            continue
        if match.entity_id in regime.listed_parties:
            listed.append((match, regime.listed_parties[match.entity_id]))
        elif match.band is Band.HIT and military is None:
            user = regime.military_user(match.entity_id)
            if user is not None:
                military = (match, user)
    parent_listed = tuple(
        (m, regime.listed_parties[m.entity_id]) for m in parent_matches
        if m.band is Band.HIT and m.entity_id in regime.listed_parties
    )
    return PartyFacts(index, party, tuple(matches), tuple(listed), military, parent_listed)
