"""Trigger predicates: the closed vocabulary that measures.yaml uses in `trigger.any_of`.

Each predicate is a small pure function of the facts and the measure's target country,
returning why it holds (a sentence for the reason's detail) or None when it does not.
"""

from __future__ import annotations

from typing import Callable

from dualuse.engine.context import Context
from dualuse.vocabulary import EndUseCategory

Predicate = Callable[[Context, "str | None"], "str | None"]


def always(ctx: Context, target: str | None) -> str | None:
    return "applies to every such export"


def military_user(ctx: Context, target: str | None) -> str | None:
    for facts in ctx.parties:
        if not facts.is_military or (target is not None and facts.country != target):
            continue
        if facts.military_user is not None:
            match, user = facts.military_user
            return f"party {facts.index + 1} {facts.party.name!r} is the military user {user.id} (matched {match.matched_name!r})"
        return f"party {facts.index + 1} {facts.party.name!r} is declared a military user"
    return None


def military_use(ctx: Context, target: str | None) -> str | None:
    if ctx.transaction.end_use.category is EndUseCategory.MILITARY:
        return "the declared end use is military"
    return None


def enhances_military(ctx: Context, target: str | None) -> str | None:
    if ctx.transaction.end_use.enhances_military_capability:
        return "the end use is declared to help enhance military capability"
    return None


def end_use_unknown(ctx: Context, target: str | None) -> str | None:
    end_use = ctx.transaction.end_use
    if end_use.category is EndUseCategory.UNKNOWN and not end_use.enhances_military_capability:
        return "the end use is unknown"
    return None


PREDICATES: dict[str, Predicate] = {
    "always": always,
    "military_user": military_user,
    "military_use": military_use,
    "enhances_military": enhances_military,
    "end_use_unknown": end_use_unknown,
}


def first_trigger(ctx: Context, names: tuple[str, ...], target: str | None) -> str | None:
    for name in names:
        why = PREDICATES[name](ctx, target)
        if why:
            return why
    return None
