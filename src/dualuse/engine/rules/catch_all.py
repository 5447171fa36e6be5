"""The knowledge-based licence duty for unlisted items (ECL Art. 12(3); Regs Art. 14(3))."""

from __future__ import annotations

from typing import Iterator

from dualuse.engine.context import Context
from dualuse.engine.decision import Reason
from dualuse.i18n import N_
from dualuse.vocabulary import Effect, RuleId

_RISKS = {
    "national_security_risk": "a risk to national security and interests",
    "wmd": "use in weapons of mass destruction or their means of delivery",
    "terrorism": "use for terrorist purposes",
    "notified_by_authority": "a MOFCOM notification that the item may carry such a risk",
}

# Their message ids (dualuse/i18n.py), one per flag, listed here for scripts/i18n.py extract.
_RISK_MESSAGES = (N_("reason.risk.national_security_risk"), N_("reason.risk.wmd"), N_("reason.risk.terrorism"),
                  N_("reason.risk.notified_by_authority"))


def catch_all(ctx: Context) -> Iterator[Reason]:
    if not ctx.export_from_china:
        return
    end_use = ctx.transaction.end_use
    flags = [flag for flag in _RISKS if getattr(end_use, flag)]
    known = [_RISKS[flag] for flag in flags]
    if known:
        yield Reason(
            rule=RuleId.CATCHALL, effect=Effect.LICENCE_REQUIRED, citation=ctx.regime.rule_citation(RuleId.CATCHALL),
            detail="the exporter knows or has been told of " + "; ".join(known)
            + ": a licence is required whether or not the items are listed",
            message=N_("reason.catch_all"),
            params={"risks": "; ".join(f"@reason.risk.{flag}" for flag in flags)},
        )
