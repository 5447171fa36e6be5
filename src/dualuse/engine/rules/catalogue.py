"""What the bundled entries do not cover: the 2026 licence catalogue as a lead (reliability T).

Only the commodity announcements' entries are bundled, not the annex of the unified Control List
(Ann. 2024 No. 51). The catalogue data (regime/data/catalogue_codes.yaml, built from third-party
extractions) say which control codes exist and which customs codes the catalogue names, so that:

- a declared control code the catalogue has is a listed item (licence required), with a warning
  that its List text, and so its parameters, are not bundled;
- an item under a customs code the catalogue names, or in a heading where it names dual-use items,
  is never cleared silently: REVIEW, naming the codes;
- an item only in the same chapter as catalogue codes gets REVIEW when its tariff line describes
  goods of the same kind as theirs, else a warning (its customs line rules them out);
- an item whose description makes the declaration the announcements ask for ("不属于管制物项"
  with its parameters) gets a warning instead of REVIEW: its description rules the lead out.
"""

from __future__ import annotations

from typing import Iterator

from dualuse.engine.context import Context, ItemFacts
from dualuse.engine.decision import Reason
from dualuse.engine.rules.listing import item_params
from dualuse.i18n import N_
from dualuse.regime.catalogue import like_lines, line_text
from dualuse.vocabulary import Effect, ExporterScope, ItemStatus, Reliability, RuleId

_SHOWN = 4  # catalogue codes named in a reason's detail
# The customs-declaration clause of Anns. 2025 Nos. 55, 56, 58: an item close to a listed one is
# declared "不属于管制物项" with its parameters. English and Japanese forms of the same declaration.
_NOT_CONTROLLED = ("不属于管制物项", "不屬於管制物項", "not a controlled item", "非該当")


def catalogue(ctx: Context) -> Iterator[Reason]:
    if ctx.regime.catalogue is None:
        return
    for facts in ctx.items:
        if facts.scope is not ExporterScope.FROM_CHINA:
            continue
        if facts.alias is not None:
            yield _alias(ctx, facts)
        if facts.status is ItemStatus.CATALOGUE:
            yield _declared(ctx, facts)
        elif facts.catalogue_customs is not None:
            yield _customs(ctx, facts)


def _declared(ctx: Context, facts: ItemFacts) -> Reason:
    row = facts.catalogue_code
    cat = ctx.regime.catalogue
    assert row is not None and cat is not None  # the status was set from the catalogue's row
    exact = "" if row.code == facts.item.control_code else f" (catalogue row {row.code})"
    return Reason(
        rule=RuleId.CATALOGUE_CODE, effect=Effect.LICENCE_REQUIRED,
        citation=f"{ctx.regime.rule_citation(RuleId.LIST)}; {ctx.regime.rule_citation(RuleId.CATALOGUE_CODE)}",
        detail=f"{facts.label}: control code {facts.item.control_code} is on the Control List{exact}: the 2026 licence"
        f" catalogue (in force {cat.in_force_from.isoformat()}) prints it at row {', '.join(map(str, row.rows))}",
        item=facts.index, reliability=Reliability.THIRD_PARTY,
        warning=(
            f"control code {facts.item.control_code} is known only from third-party extractions of the 2026 licence"
            " catalogue (T); its List text is not bundled, so its description and parameters were not checked"
        ),
        message=N_("reason.catalogue.code") if not exact else N_("reason.catalogue.code_row"),
        params={**item_params(facts), "code": facts.item.control_code or "", "row_code": row.code,
                "in_force": cat.in_force_from.isoformat(), "rows": ", ".join(map(str, row.rows))},
    )


def declares_not_controlled(description: str) -> bool:
    """The description makes the customs declaration the announcements ask for an item close to a
    listed one: "不属于管制物项" with its parameters (at least one figure)."""
    text = description.casefold()
    return any(p in text for p in _NOT_CONTROLLED) and any(c.isdigit() for c in text)


def _customs(ctx: Context, facts: ItemFacts) -> Reason:
    assert facts.catalogue_customs is not None
    level, codes = facts.catalogue_customs
    hs = facts.item.hs_code or ""
    if declares_not_controlled(facts.item.description):
        return Reason(
            rule=RuleId.CATALOGUE_CUSTOMS, effect=Effect.INFORMATION, citation=ctx.regime.rule_citation(RuleId.CATALOGUE_CUSTOMS),
            detail=f"{facts.label}: the 2026 licence catalogue names dual-use items near customs code {hs} ({_names(codes)});"
            " the description declares the item not controlled (不属于管制物项) with its parameters",
            item=facts.index, reliability=Reliability.THIRD_PARTY,
            warning=(
                f"customs code {hs} is near codes the 2026 licence catalogue names and the bundled List is incomplete"
                " there: the exporter's declaration '不属于管制物项' is relied on (the exporter answers for it;"
                " customs may question it and hold the goods)"
            ),
            message=N_("reason.catalogue.declared_not_controlled"),
            params={**item_params(facts), "hs": hs, "codes": _names(codes)},
        )
    if level == "chapter":
        like = like_lines(hs, codes)
        if not like:
            return Reason(
                rule=RuleId.CATALOGUE_CUSTOMS, effect=Effect.INFORMATION, citation=ctx.regime.rule_citation(RuleId.CATALOGUE_CUSTOMS),
                detail=f"{facts.label}: the 2026 licence catalogue names {len(codes)} dual-use customs code(s) in chapter"
                f" {hs[:2]} ({_names(codes)}), none in heading {hs[:4]} and none of the kind of {hs[:8]}"
                f" ({line_text(hs)})",
                item=facts.index, reliability=Reliability.THIRD_PARTY,
                warning=(
                    f"customs code {hs} is in chapter {hs[:2]}, where the 2026 licence catalogue names dual-use items;"
                    " the bundled List is incomplete there: check the item against the List"
                ),
                message=N_("reason.catalogue.chapter_other_kind"),
                params={**item_params(facts), "hs": hs, "count": str(len(codes)), "chapter": hs[:2], "heading": hs[:4],
                        "line": hs[:8], "line_text": line_text(hs), "codes": _names(codes)},
            )
        where = f"chapter {hs[:2]}, for goods of the same kind as {hs[:8]} ({line_text(hs)}): {_names(like)}"
        message, params = N_("reason.catalogue.near.chapter"), {"part": hs[:2], "line": hs[:8], "line_text": line_text(hs),
                                                                "codes": _names(like)}
    else:
        where = {
            "code": f"customs code {hs} itself: {_names(codes)}",
            "tariff_line": f"tariff line {hs[:8]}: {_names(codes)}",
            "subheading": f"subheading {hs[:6]}: {_names(codes)}",
            "heading": f"heading {hs[:4]}: {_names(codes)}",
        }[level]
        part = {"code": hs, "tariff_line": hs[:8], "subheading": hs[:6], "heading": hs[:4]}[level]
        message = {"code": N_("reason.catalogue.near.code"), "tariff_line": N_("reason.catalogue.near.tariff_line"),
                   "subheading": N_("reason.catalogue.near.subheading"), "heading": N_("reason.catalogue.near.heading")}[level]
        params = {"part": part, "codes": _names(codes)}
    return Reason(
        rule=RuleId.CATALOGUE_CUSTOMS, effect=Effect.REVIEW, citation=ctx.regime.rule_citation(RuleId.CATALOGUE_CUSTOMS),
        detail=f"{facts.label}: the 2026 licence catalogue names dual-use items in {where}. The bundled Control List"
        " is incomplete there (only the commodity announcements' entries are bundled): classify the item against"
        " the List; if it is not listed, declare it '不属于管制物项' with its parameters",
        item=facts.index, reliability=Reliability.THIRD_PARTY, missing=(f"items[{facts.index}].control_code",),
        warning="the licence catalogue's customs codes are third-party extractions (T), often printed on the neighbouring row",
        message=message, params={**item_params(facts), **params},
    )


def _alias(ctx: Context, facts: ItemFacts) -> Reason:
    alias = facts.alias
    assert alias is not None
    return Reason(
        rule=RuleId.CODE_ALIAS, effect=Effect.INFORMATION, citation=ctx.regime.cite(ctx.regime.general_rules[RuleId.CODE_ALIAS].citation),
        detail=f"{facts.label}: {alias.alias} is read as {alias.printed}, the code "
        f"{ctx.regime.instruments[alias.instrument].label_en} prints",
        item=facts.index, reliability=alias.reliability,
        warning=f"{alias.alias} accepted for the misprinted {alias.printed} ({alias.reliability.value}): {' '.join(alias.note.split())}",
        message=N_("reason.code_alias"),
        params={**item_params(facts), "alias": alias.alias, "printed": alias.printed,
                "instrument": ctx.regime.instruments[alias.instrument].label_en,
                "instrument_zh": ctx.regime.instruments[alias.instrument].number},
    )


def _names(codes) -> str:
    shown = [
        f"{c.code}{' (' + ', '.join(c.control_codes) + ')' if c.control_codes else ''}" for c in codes[:_SHOWN]
    ]
    more = f" and {len(codes) - _SHOWN} more" if len(codes) > _SHOWN else ""
    return "; ".join(shown) + more
