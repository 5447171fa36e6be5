"""Is this an export the regime reaches at all (ECL Art. 2; Regs Arts. 2 and 49)?"""

from __future__ import annotations

from typing import Iterator

from dualuse.engine.context import Context
from dualuse.engine.decision import Reason
from dualuse.i18n import N_
from dualuse.vocabulary import Effect, ExporterScope, RuleId


def scope(ctx: Context) -> Iterator[Reason]:
    tx = ctx.transaction
    if ctx.export_from_china:
        where = "to " + tx.destination if tx.destination != "CN" else "to foreign parties inside China"
        yield Reason(
            rule=RuleId.SCOPE, effect=Effect.INFORMATION, citation=ctx.regime.rule_citation(RuleId.SCOPE),
            detail=f"export by {tx.exporter.name!r} from mainland China {where}: the Regulations apply",
            message=N_("reason.scope.export") if tx.destination != "CN" else N_("reason.scope.export_in_china"),
            params={"exporter": tx.exporter.name, "destination": tx.destination},
        )
        return
    abroad = sorted({f.scope.value for f in ctx.items if f.scope is not None})
    if abroad:
        which = ", ".join(
            f.label for f in ctx.items if f.scope in (ExporterScope.RE_TRANSFER, ExporterScope.FOREIGN_MADE)
        )
        yield Reason(
            rule=RuleId.SCOPE_ABROAD, effect=Effect.INFORMATION, citation=ctx.regime.rule_citation(RuleId.SCOPE_ABROAD),
            detail=f"transfer from {tx.exporter.country} of China-origin items or China-origin content ({which}): "
            "only measures with a re-transfer or foreign-made clause reach it",
            message=N_("reason.scope.abroad"),
            params={"country": tx.exporter.country, "items": which},
        )
        return
    inside = tx.exporter.country == "CN"
    reason = (
        "a transfer between parties in China is not an export"
        if inside
        else f"exporter in {tx.exporter.country} and no item of China origin or with China-origin content"
    )
    yield Reason(rule=RuleId.OUT_OF_SCOPE, effect=Effect.OUT_OF_SCOPE, citation=ctx.regime.rule_citation(RuleId.OUT_OF_SCOPE), detail=reason,
                 message=N_("reason.out_of_scope.inside_china") if inside else N_("reason.out_of_scope.foreign"),
                 params={"country": tx.exporter.country})
