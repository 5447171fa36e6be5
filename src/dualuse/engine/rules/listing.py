"""Is each item on the Control List on the date (Regs Art. 14(2); ECL Art. 12(2))?

A declared control code decides; a customs code alone only proposes candidates, because the
announcements give customs codes "for reference" and the List description governs.
"""

from __future__ import annotations

from typing import Iterator

from dualuse.engine.context import Context, EntryState, ItemFacts
from dualuse.engine.decision import Reason
from dualuse.i18n import N_
from dualuse.regime.model import ResolvedEntry
from dualuse.vocabulary import Effect, ExporterScope, ItemStatus, MeasureState, Reliability, RuleId


def listing(ctx: Context) -> Iterator[Reason]:
    for facts in ctx.items:
        if facts.scope is not ExporterScope.FROM_CHINA:
            continue
        yield from _item_reasons(ctx, facts)


def _item_reasons(ctx: Context, facts: ItemFacts) -> Iterator[Reason]:
    regime = ctx.regime
    i = facts.index
    if facts.status is ItemStatus.LISTED:
        how = ""
        if facts.classification is not None:  # no declared code: the classifier settled it
            how = f" (classified from the description and customs code: {facts.classification.reason})"
        for entry in facts.in_force:
            yield Reason(
                rule=RuleId.LIST, effect=Effect.LICENCE_REQUIRED,
                citation=f"{regime.rule_citation(RuleId.LIST)}; {regime.instruments[entry.instrument].cite(entry.entry.provision)}",
                detail=f"{facts.label}: {entry.code} {_short(entry.entry.description_en)} is listed"
                f" (in force since {entry.validity.in_force_from.isoformat()}){how}",
                item=i, reliability=entry.entry.code_reliability,
                warning=" | ".join(w for w in (unconfirmed(entry), _flagged_customs(ctx, facts)) if w),
                message=N_("reason.listed.classified") if how else N_("reason.listed"),
                params={**item_params(facts), "code": entry.code, "description": _short(entry.entry.description_en),
                        "description_zh": _short(entry.entry.description_zh).rstrip("。"),
                        "since": entry.validity.in_force_from.isoformat(),
                        "how": facts.classification.reason if facts.classification is not None else ""},
            )
    for state in facts.entries:
        if state.state is not MeasureState.IN_FORCE:
            yield _not_in_force(ctx, facts, state)
    if facts.status is ItemStatus.CANDIDATE:
        yield _candidates(ctx, facts)
    elif facts.status is ItemStatus.UNCLASSIFIED:
        found = f" ({facts.classification.reason})" if facts.classification else ""
        yield Reason(
            rule=RuleId.UNCLASSIFIED, effect=Effect.REVIEW, citation=regime.rule_citation(RuleId.UNCLASSIFIED),
            detail=f"{facts.label}: no control code, and neither customs code nor description identifies the item{found};"
            " classify it against the List (or consult MOFCOM) before export",
            item=i, missing=(f"items[{i}].control_code",),
            message=N_("reason.unclassified"), params=item_params(facts),
        )
    elif facts.status is ItemStatus.NOT_LISTED:
        yield Reason(
            rule=RuleId.NOT_LISTED, effect=Effect.NOT_CONTROLLED, citation=regime.rule_citation(RuleId.NOT_LISTED),
            detail=f"{facts.label}: customs code {facts.item.hs_code} is not a reference code of any bundled entry"
            " (the bundled entries cover the commodity measures; the List description governs)",
            item=i, message=N_("reason.not_listed"), params={**item_params(facts), "hs": facts.item.hs_code or ""},
        )


def _not_in_force(ctx: Context, facts: ItemFacts, state: EntryState) -> Reason:
    entry = state.entry
    if state.state is MeasureState.SUSPENDED and state.window is not None:
        until = state.window.until.isoformat() if state.window.until else "further notice"
        by = ctx.regime.instruments[state.window.instrument].label_en
        detail = f"{facts.label}: {entry.code} is suspended until {until} by {by}; not applied on {ctx.day.isoformat()}"
        message = N_("reason.entry.suspended_until") if state.window.until else N_("reason.entry.suspended")
        params = {"until": until, "by": by, "by_zh": ctx.regime.instruments[state.window.instrument].number}
    elif state.state is MeasureState.NOT_YET_IN_FORCE:
        detail = f"{facts.label}: {entry.code} enters into force on {entry.validity.in_force_from.isoformat()}"
        message, params = N_("reason.entry.not_yet"), {"since": entry.validity.in_force_from.isoformat()}
    else:
        detail = f"{facts.label}: {entry.code} is no longer in force on {ctx.day.isoformat()}"
        message, params = N_("reason.entry.expired"), {}
    return Reason(
        rule=RuleId.LIST_NOT_IN_FORCE, effect=Effect.SUSPENDED if state.state is MeasureState.SUSPENDED else Effect.INFORMATION,
        citation=ctx.regime.instruments[entry.instrument].cite(entry.entry.provision), detail=detail,
        item=facts.index, warning=unconfirmed(entry),
        message=message, params={**item_params(facts), **params, "code": entry.code, "day": ctx.day.isoformat()},
    )


def _candidates(ctx: Context, facts: ItemFacts) -> Reason:
    in_force = [(s, how) for s, how in facts.candidates if s.state is MeasureState.IN_FORCE]
    i = facts.index
    if not in_force:
        codes = ", ".join(f"{s.entry.code} ({s.state.value})" for s, _ in facts.candidates)
        return Reason(
            rule=RuleId.CUSTOMS_CODE, effect=Effect.INFORMATION, citation=ctx.regime.rule_citation(RuleId.CUSTOMS_CODE),
            detail=f"{facts.label}: customs code {facts.item.hs_code} is a reference code of {codes}, none in force on"
            f" {ctx.day.isoformat()}",
            item=i, message=N_("reason.customs.none_in_force"),
            params={**item_params(facts), "hs": facts.item.hs_code or "", "codes": codes, "day": ctx.day.isoformat()},
        )
    listing_ = "; ".join(f"{s.entry.code} {_short(s.entry.entry.description_en)} ({how} match)" for s, how in in_force)
    questions = " ".join(facts.classification.questions) if facts.classification else ""
    return Reason(
        rule=RuleId.CUSTOMS_CODE, effect=Effect.REVIEW, citation=ctx.regime.rule_citation(RuleId.CUSTOMS_CODE),
        detail=f"{facts.label}: the item may fall under listed entries: {listing_}. {questions}"
        " Confirm the control code from the item's parameters; if none applies, declare it '不属于管制物项' with its parameters",
        item=i, missing=(f"items[{i}].control_code",), warning=_flagged_customs(ctx, facts),
        message=N_("reason.customs.candidates"),
        params={**item_params(facts), "entries": "; ".join(f"{s.entry.code} ({how})" for s, how in in_force),
                "listing": listing_, "listing_zh": "; ".join(f"{s.entry.code} {_short(s.entry.entry.description_zh)}" for s, _ in in_force),
                "questions": questions},
    )


def item_params(facts: ItemFacts) -> dict[str, str]:
    """An item as a finding's message names it: its number and the code it was given."""
    return {"n": str(facts.index + 1), "item_code": facts.item.control_code or facts.item.hs_code or "—"}


def _flagged_customs(ctx: Context, facts: ItemFacts) -> str:
    """The warning of a printed reference code the classification matched that is no tariff line (U)."""
    if facts.classification is None:
        return ""
    printed = {c.customs.printed_code for c in facts.classification.candidates[:3] if c.customs is not None}
    return " | ".join(w for w in (ctx.regime.customs_code_warning(code) for code in sorted(printed)) if w)


def _short(text: str, limit: int = 120) -> str:
    """An entry's description cut for a reason's detail; the full text is in the regime data."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def unconfirmed(entry: ResolvedEntry) -> str:
    """What about this entry is not confirmed by an official text: its code, or a reported change."""
    notes = []
    if entry.entry.code_reliability in (Reliability.THIRD_PARTY, Reliability.UNCONFIRMED):
        notes.append(
            f"control code {entry.code} is unconfirmed ({entry.entry.code_reliability.value}):"
            f" {entry.entry.notes or 'not printed in the captured text'}"
        )
    notes += [f"reported, unconfirmed ({c.reliability.value}): {c.description}" for c in entry.validity.reported_changes]
    return " | ".join(notes)
