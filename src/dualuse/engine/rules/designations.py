"""Listed parties: the Control List, the Watch List, the Unreliable Entity List and the
countermeasure lists, each with the effect its own announcement states (designations/*.yaml)
and the item reach of its list kind (list_kinds.yaml).
"""

from __future__ import annotations

from typing import Iterator

from dualuse.engine.context import Context, PartyFacts
from dualuse.engine.decision import Reason
from dualuse.engine.rules.listing import item_params
from dualuse.i18n import N_
from dualuse.regime.loader import ListedParty
from dualuse.screening.base import PartyMatch
from dualuse.vocabulary import Band, Effect, MeasureState, RuleId


def designations(ctx: Context) -> Iterator[Reason]:
    for facts in ctx.parties:
        for match, listed in facts.listed:
            if match.band is Band.REVIEW:
                yield _possible_match(ctx, facts, match, f"{listed.designation.list.value} ({listed.designation.announcement.label_en})",
                                      {"list": f"@list.{listed.designation.list.value}",
                                       "notice": listed.designation.announcement.number})
            else:
                yield from _listed(ctx, facts, match, listed)
        for match in facts.matches:
            if match.band is Band.REVIEW and ctx.regime.military_user(match.entity_id) is not None:
                yield _possible_match(ctx, facts, match, "recognised military users",
                                      {"list": "@list.military_user", "notice": ""})


def _listed(ctx: Context, facts: PartyFacts, match: PartyMatch, listed: ListedParty) -> Iterator[Reason]:
    designation = listed.designation
    kind = ctx.regime.list_kinds[designation.list]
    citation = f"{designation.announcement.cite()}; {ctx.regime.cite(kind.citation)}"
    who = f"party {facts.index + 1} {facts.party.name!r} is {listed.entry.id} on the {kind.title_en} (as {match.matched_alias or match.matched_name!r})"
    params = {"n": str(facts.index + 1), "name": facts.party.name, "entry": listed.entry.id,
              "list": f"@list.{designation.list.value}", "matched": match.matched_alias or match.matched_name}
    state, window = listed.validity.state_on(ctx.day)
    if state is MeasureState.SUSPENDED and window is not None:
        until = window.until.isoformat() if window.until else "further notice"
        yield Reason(rule=designation.instrument, effect=Effect.SUSPENDED, citation=citation,
                     detail=f"{who}; its measures are suspended until {until}: {window.note or window.quote}", party=facts.index,
                     message=N_("reason.listed_party.suspended_until") if window.until else N_("reason.listed_party.suspended"),
                     params={**params, "until": until, "note": window.note or window.quote, "note_zh": window.quote or window.note})
        return
    if state is not MeasureState.IN_FORCE:
        return
    reached = [f for f in ctx.items if f.scope in designation.reaches]
    if not reached:
        return
    what = designation.measures_zh[0] if designation.measures_zh else designation.effect.value
    if designation.conditions:  # each "English label: 中文原文"; the words are already in the measure
        what += " Conditions: " + "; ".join(c.split(":", 1)[0] for c in designation.conditions) + "."
    unlisted = [f for f in reached if not f.is_listed]
    if kind.items == "all_items" or len(unlisted) < len(reached):
        yield Reason(rule=designation.instrument, effect=designation.effect, citation=citation, detail=f"{who}; {what}", party=facts.index,
                     reliability=designation.announcement.reliability,
                     message=N_("reason.listed_party"), params={**params, "measures": what,
                                                                 "measures_zh": designation.measures_zh[0] if designation.measures_zh else f"@effect.{designation.effect.value}"})
    if kind.items == "dual_use" and unlisted and kind.unlisted_item_effect is not None:
        labels = ", ".join(f.label for f in unlisted)
        yield Reason(rule=designation.instrument, effect=kind.unlisted_item_effect, citation=citation,
                     detail=f"{who}; {labels}: {kind.unlisted_item_note}", party=facts.index,
                     reliability=designation.announcement.reliability,
                     missing=tuple(f"items[{f.index}].control_code" for f in unlisted),
                     message=N_("reason.listed_party.unlisted_items"),
                     params={**params, "items": ", ".join(f"{p['n']} ({p['item_code']})" for p in map(item_params, unlisted)),
                             "note": kind.unlisted_item_note})


def _possible_match(ctx: Context, facts: PartyFacts, match: PartyMatch, where: str, on: dict[str, str]) -> Reason:
    return Reason(
        rule=RuleId.PARTY_REVIEW, effect=Effect.REVIEW, citation=ctx.regime.rule_citation(RuleId.PARTY_REVIEW),
        detail=f"party {facts.index + 1} {facts.party.name!r} may be {match.entity_id} {match.matched_name!r} on {where}"
        f" (score {match.score:.2f}: {match.explanation}); confirm or rule out the match",
        party=facts.index, missing=(f"parties[{facts.index}].identity",),
        message=N_("reason.party_review.notice") if on["notice"] else N_("reason.party_review"),
        params={**on, "n": str(facts.index + 1), "name": facts.party.name, "entity": match.entity_id,
                "matched": match.matched_name, "score": f"{match.score:.2f}", "explanation": match.explanation},
    )
