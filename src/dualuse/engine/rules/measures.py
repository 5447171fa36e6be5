"""Country and item measures (measures.yaml), evaluated generically for each item.

A measure bites when the transaction is aimed at its target country, the item falls within
its reach (from China, re-transfer, foreign-made) and item scope, a trigger holds, and it is
in force on the date. A suspended measure that would have bitten is reported, not applied.
"""

from __future__ import annotations

from typing import Iterator

from dualuse.engine.conditions import Why, first_trigger
from dualuse.engine.context import Context, ItemFacts
from dualuse.engine.decision import Reason
from dualuse.engine.rules.listing import item_params
from dualuse.i18n import N_
from dualuse.regime.model import Measure
from dualuse.vocabulary import Effect, ExporterScope, MeasureState, Reliability

_UNCONFIRMED = (Reliability.THIRD_PARTY, Reliability.UNCONFIRMED)
_NOT_DESCRIBED = "the item is not described: is it a magnet, a target or a part containing one?"
_NO_SHARE = "the China-origin content share is not given"
# A note the engine writes has its own message; a measure's note from the data is named by the
# generic one (its English words stay in `detail`).
_NOTE_MESSAGES = {_NOT_DESCRIBED: N_("reason.note.not_described"), _NO_SHARE: N_("reason.note.no_share")}


def measures(ctx: Context) -> Iterator[Reason]:
    for measure in ctx.regime.measures:
        if not ctx.reaches_country(measure.target_country):
            continue
        why = first_trigger(ctx, measure.trigger.any_of, measure.target_country)
        if why is None:
            continue
        state, window = measure.validity.state_on(ctx.day)
        if state is MeasureState.EXPIRED:
            continue
        for facts in ctx.items:
            if facts.scope not in measure.reaches:
                continue
            found = _item_effect(ctx, measure, facts)
            if found is None:
                continue
            effect, note, missing = found
            yield _reason(ctx, measure, facts, effect, why, note, missing, state, window)


def _item_effect(ctx: Context, measure: Measure, facts: ItemFacts) -> tuple[Effect, str, tuple[str, ...]] | None:
    """The effect the measure has on this item, a note, and the facts it lacks; None if it does not reach it."""
    scope = measure.items
    listed = facts.is_listed
    if scope.kind == "families":
        if not (listed and facts.families & set(scope.families)):
            return None
    elif scope.kind == "listed":
        if not listed:
            return None
    elif not listed:  # dual_use: unlisted items are not cleared, they are questioned
        if measure.unlisted_item_effect is None:
            return None
        return measure.unlisted_item_effect, measure.unlisted_item_note, (f"items[{facts.index}].control_code",)
    if scope.foreign_made_items and facts.scope is ExporterScope.FOREIGN_MADE:
        text = facts.item.description.casefold()
        if not text:
            return Effect.REVIEW, _NOT_DESCRIBED, (f"items[{facts.index}].description",)
        if not any(word.casefold() in text for word in scope.foreign_made_items):
            return None  # not an item of the kinds reached (Annex 1 Part 2)
    if scope.min_cn_content_share is not None and facts.scope is ExporterScope.FOREIGN_MADE:
        share = facts.item.cn_content_share
        if share is None:
            return Effect.REVIEW, _NO_SHARE, (f"items[{facts.index}].cn_content_share",)
        if share < scope.min_cn_content_share:
            return None
    missing = ("end_use.category",) if "end_use_unknown" in measure.trigger.any_of else ()
    return measure.effect, "", missing


def _reason(ctx, measure: Measure, facts: ItemFacts, effect: Effect, why: Why, note: str, missing, state, window) -> Reason:
    detail = f"{facts.label}: {measure.title_en}; {why.text}"
    params = {**item_params(facts), "measure": measure.title_en, "measure_zh": " ".join(measure.quote_zh.split()).rstrip("。"),
              "why": why.text, "note": note, "conditions": "; ".join(measure.conditions)}
    message = N_("reason.measure")
    if note:
        message = N_("reason.measure.note")
        params["note"] = "@" + _NOTE_MESSAGES.get(note, N_("reason.note.unlisted_item"))
    if note:
        detail += f". {note}"
    if measure.conditions:
        detail += ". Conditions: " + "; ".join(measure.conditions)
    warnings = []
    scope = measure.items
    if measure.reliability in _UNCONFIRMED or scope.reliability in _UNCONFIRMED or scope.reliability is Reliability.SECONDARY:
        warnings.append(f"not confirmed by an official text ({max(measure.reliability, scope.reliability).value}): {' '.join(measure.notes.split())}")
    if scope.foreign_made_items and facts.scope is ExporterScope.FOREIGN_MADE and scope.foreign_made_items_reliability is not Reliability.PRIMARY:
        warnings.append(
            f"the kinds of foreign-made item reached ({', '.join(scope.foreign_made_items[:6])}…) come from summaries of an"
            f" annex not captured ({scope.foreign_made_items_reliability.value})"
        )
    warnings += [f"reported, unconfirmed ({c.reliability.value}): {c.description}" for c in measure.validity.reported_changes]
    if state is MeasureState.SUSPENDED and window is not None:
        until = window.until.isoformat() if window.until else "further notice"
        detail = f"would apply but is suspended until {until} by {ctx.regime.instruments[window.instrument].label_en}: {detail}"
        effect, missing = Effect.SUSPENDED, ()
        params |= {"finding": "", "until": until, "by": ctx.regime.instruments[window.instrument].label_en,
                   "by_zh": ctx.regime.instruments[window.instrument].number, "inner": message}
        message = N_("reason.measure.suspended")
    elif state is MeasureState.NOT_YET_IN_FORCE:
        detail = f"enters into force on {measure.validity.in_force_from.isoformat()}: {detail}"
        effect, missing = Effect.INFORMATION, ()
        params |= {"since": measure.validity.in_force_from.isoformat(), "inner": message}
        message = N_("reason.measure.not_yet")
    return Reason(
        rule=measure.id, effect=effect, citation=ctx.regime.cite(measure.citation), detail=detail,
        item=facts.index, reliability=measure.reliability, missing=tuple(missing), warning=" | ".join(warnings),
        message=message, params=_with_why(params, why),
    )


def _with_why(params: dict[str, str], why: Why) -> dict[str, str]:
    """The trigger's own message joins the parameters (as "@id" with its values prefixed "why_")."""
    return {**params, "why": "@" + why.message, **{f"why_{k}": v for k, v in why.params.items()}}
