"""Re-screening: when the regime data or a list changes, decide again what is still open.

Open cases (an unsettled REVIEW, or a ship date today or later), pending applications and
valid licences are decided again with the current data. Each one whose outcome got worse
than the recorded one (e.g. a licence's end user just put on the Control List) gets an
alert, once per data version; records already decided on the current data are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_, select

from dualuse.services.audit import record, snapshot, utcnow
from dualuse.services.cases import Decider, regime_decider, settle_decision
from dualuse.services.users import known_user, require
from dualuse.storage.database import Store
from dualuse.storage.models import Alert, Application, Case, Licence
from dualuse.storage.vocabulary import ApplicationState, Entity, LicenceState, Permission
from dualuse.transaction import parse_transaction
from dualuse.vocabulary import Outcome

_PENDING = [
    s.value for s in (ApplicationState.DRAFT, ApplicationState.SUBMITTED, ApplicationState.ACCEPTED, ApplicationState.RETURNED)
]


@dataclass(frozen=True)
class RescreenReport:
    data_version: str
    checked: int
    skipped: int
    alerts: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"data_version": self.data_version, "checked": self.checked, "skipped": self.skipped, "alerts": list(self.alerts)}


def rescreen(store: Store, actor: str | None, *, decider: Decider | None = None, today: date | None = None) -> RescreenReport:
    """Decide open records again as of `today`; one transaction, one audit entry per alert."""
    decider = decider or regime_decider()
    today = today or date.today()
    version = decider.data_version
    with store.transaction() as session:
        user = require(session, actor, Permission.RESCREEN_RUN)
        targets: list[tuple[Entity, int, Case]] = []
        open_cases = select(Case).where(
            or_(
                Case.ship_date.is_(None),
                Case.ship_date >= today,
                (Case.outcome == Outcome.REVIEW.value) & Case.disposition.is_(None),
            )
        )
        targets += [(Entity.CASE, c.id, c) for c in session.scalars(open_cases)]
        for app in session.scalars(select(Application).where(Application.state.in_(_PENDING))):
            targets.append((Entity.APPLICATION, app.id, app.case))
        valid = select(Licence).where(Licence.state == LicenceState.VALID.value, Licence.valid_until >= today)
        for licence in session.scalars(valid):
            targets.append((Entity.LICENCE, licence.id, licence.application.case))
        alerts, skipped = [], 0
        for entity, entity_id, case in targets:
            if case.data_version == version:
                skipped += 1
                continue
            transaction = parse_transaction(case.transaction, source=f"case {case.id}")
            decision = decider.decide(transaction, today)
            outcome, data = settle_decision(session, decision, decider, today)
            old = Outcome(case.outcome)
            if outcome.severity <= old.severity:
                continue
            exists = session.scalar(
                select(Alert.id).where(
                    Alert.entity == entity.value, Alert.entity_id == entity_id, Alert.new_data_version == version
                )
            )
            if exists is not None:
                continue
            alert = Alert(
                created_at=utcnow(),
                entity=entity.value,
                entity_id=entity_id,
                old_outcome=old.value,
                new_outcome=outcome.value,
                old_data_version=case.data_version,
                new_data_version=version,
                detail={
                    "case_id": case.id,
                    "as_of": today.isoformat(),
                    "reasons": data["reasons"],
                    "matched_parties": data.get("matched_parties", []),
                },
            )
            session.add(alert)
            session.flush()
            record(session, user.name, "rescreen.alert", Entity.ALERT, alert.id, None, snapshot(alert))
            alerts.append(_alert_dict(alert))
        return RescreenReport(version, len(targets) - skipped, skipped, tuple(alerts))


def list_alerts(store: Store, actor: str | None) -> list[dict[str, Any]]:
    with store.reading() as session:
        known_user(session, actor)
        return [_alert_dict(a) for a in session.scalars(select(Alert).order_by(Alert.id))]


def _alert_dict(alert: Alert) -> dict[str, Any]:
    return {
        "alert_id": alert.id,
        "entity": alert.entity,
        "entity_id": alert.entity_id,
        "old_outcome": alert.old_outcome,
        "new_outcome": alert.new_outcome,
        "old_data_version": alert.old_data_version,
        "new_data_version": alert.new_data_version,
        "detail": alert.detail,
    }
