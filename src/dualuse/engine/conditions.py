"""Trigger predicates: the closed vocabulary that measures.yaml uses in `trigger.any_of`.

Each predicate is a small pure function of the facts and the measure's target country,
returning why it holds (a sentence for the reason's detail, with its message id and parameters
for the other languages) or None when it does not.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from dualuse.engine.context import Context
from dualuse.i18n import N_
from dualuse.vocabulary import Band, EndUseCategory, ListKind, MeasureState


class Why(NamedTuple):
    text: str  # English, for the reason's detail
    message: str  # its catalogue id (dualuse/i18n.py)
    params: dict[str, str]


Predicate = Callable[[Context, "str | None"], "Why | None"]


def always(ctx: Context, target: str | None) -> Why | None:
    return Why("applies to every such export", N_("reason.why.always"), {})


def military_user(ctx: Context, target: str | None) -> Why | None:
    for facts in ctx.parties:
        if not facts.is_military or (target is not None and facts.country != target):
            continue
        if facts.military_user is not None:
            match, user = facts.military_user
            matched = match.matched_alias or match.matched_name
            return Why(f"party {facts.index + 1} {facts.party.name!r} is the military user {user.id} (matched {matched!r})",
                       N_("reason.why.military_user"),
                       {"n": str(facts.index + 1), "name": facts.party.name, "user": user.id, "matched": matched})
        return Why(f"party {facts.index + 1} {facts.party.name!r} is declared a military user",
                   N_("reason.why.declared_military_user"), {"n": str(facts.index + 1), "name": facts.party.name})
    return None


def military_use(ctx: Context, target: str | None) -> Why | None:
    if ctx.transaction.end_use.category is EndUseCategory.MILITARY:
        return Why("the declared end use is military", N_("reason.why.military_use"), {})
    return None


def enhances_military(ctx: Context, target: str | None) -> Why | None:
    if ctx.transaction.end_use.enhances_military_capability:
        return Why("the end use is declared to help enhance military capability", N_("reason.why.enhances_military"), {})
    return None


def end_use_unknown(ctx: Context, target: str | None) -> Why | None:
    end_use = ctx.transaction.end_use
    if end_use.category is EndUseCategory.UNKNOWN and not end_use.enhances_military_capability:
        return Why("the end use is unknown", N_("reason.why.end_use_unknown"), {})
    return None


def listed_party(ctx: Context, target: str | None) -> Why | None:
    """A party, or the company holding 50 % or more of it, is on the Control List or the Watch List
    (a listing in force on the date, identified by a screening hit)."""
    for facts in ctx.parties:
        for match, listed in facts.listed:
            if match.band is Band.HIT and _on_party_list(ctx, listed):
                return Why(
                    f"party {facts.index + 1} {facts.party.name!r} is on the {listed.designation.list.value}"
                    f" ({listed.designation.instrument}, matched {match.matched_alias or match.matched_name!r})",
                    N_("reason.why.listed_party"), _listed_params(facts, match, listed),
                )
        for match, listed in facts.parent_listed:
            if _on_party_list(ctx, listed):
                return Why(
                    f"party {facts.index + 1} {facts.party.name!r} is held 50 % or more by {facts.party.parent!r},"
                    f" on the {listed.designation.list.value} ({listed.designation.instrument}, matched {match.matched_alias or match.matched_name!r})",
                    N_("reason.why.listed_parent"), {**_listed_params(facts, match, listed), "parent": facts.party.parent or ""},
                )
    return None


def _listed_params(facts, match, listed) -> dict[str, str]:
    return {"n": str(facts.index + 1), "name": facts.party.name, "list": f"@list.{listed.designation.list.value}",
            "instrument": listed.designation.instrument, "matched": match.matched_alias or match.matched_name}


def _on_party_list(ctx: Context, listed) -> bool:
    kind = listed.designation.list
    return kind in (ListKind.CONTROL_LIST, ListKind.WATCH_LIST) and listed.validity.state_on(ctx.day)[0] is MeasureState.IN_FORCE


PREDICATES: dict[str, Predicate] = {
    "listed_party": listed_party,
    "always": always,
    "military_user": military_user,
    "military_use": military_use,
    "enhances_military": enhances_military,
    "end_use_unknown": end_use_unknown,
}


def first_trigger(ctx: Context, names: tuple[str, ...], target: str | None) -> Why | None:
    for name in names:
        why = PREDICATES[name](ctx, target)
        if why:
            return why
    return None
