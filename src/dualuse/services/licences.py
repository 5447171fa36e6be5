"""Licences and their use: issue from an approved application, record shipments, revoke.

A shipment is checked against everything the licence allows (state, validity window, end
user, remaining quantity and value, and for a single licence its one export, Regs Art. 15)
and refused with every reason that applies. The licence row is locked (SELECT ... FOR
UPDATE) for the whole check-and-deplete, so concurrent shipments cannot over-deplete it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dualuse import limits
from dualuse.errors import InputError
from dualuse.services.applications import check_type_allowed
from dualuse.services.audit import plain, record, snapshot, utcnow
from dualuse.services.cases import add_years
from dualuse.services.dispositions import party_key
from dualuse.services.users import known_user, require, require_owner
from dualuse.storage.database import Store
from dualuse.storage.records import get
from dualuse.storage.errors import StateConflict
from dualuse.storage.models import Application, Licence, Shipment
from dualuse.storage.rules import rules
from dualuse.storage.vocabulary import ApplicationState, Entity, LicenceState, LicenceType, Permission
from dualuse.vocabulary import PartyRole


@dataclass(frozen=True)
class LicenceView:
    data: dict[str, Any]

    @property
    def id(self) -> int:
        return int(self.data["licence_id"])

    def to_dict(self) -> dict[str, Any]:
        return self.data


def issue_licence(
    store: Store,
    actor: str | None,
    application_id: int,
    *,
    valid_from: date,
    valid_until: date,
    number: str | None = None,
    quantity_limit: Decimal | str | None = None,
    value_limit: Decimal | str | None = None,
) -> LicenceView:
    """Issue the licence an approved application asked for; limits default to the transaction's totals."""
    quantity_limit, value_limit = _amount(quantity_limit, "quantity_limit"), _amount(value_limit, "value_limit")
    if valid_until < valid_from:
        raise InputError("the validity ends before it starts", field="valid_until")
    with store.transaction() as session:
        user = require(session, actor, Permission.LICENCE_ISSUE)
        app = get(session, Application, application_id, lock=True)
        if app.state != ApplicationState.APPROVED.value:
            raise StateConflict(
                f"application {application_id} is {app.state}", ["a licence is issued for an approved application"]
            )
        if session.scalar(select(Licence.id).where(Licence.application_id == app.id)) is not None:
            raise StateConflict(f"application {application_id} already has a licence")
        licence_type = LicenceType(app.licence_type)
        check_type_allowed(licence_type, app.watch_list)
        type_rule = rules().licence_types[licence_type]
        if type_rule.max_validity_months is not None:
            latest = _add_months(valid_from, type_rule.max_validity_months)
            if valid_until > latest:
                raise StateConflict(
                    f"a {licence_type.value} licence is valid at most {type_rule.max_validity_months} months",
                    [f"{type_rule.article}: valid until {latest.isoformat()} at the latest"],
                )
        tx = app.case.transaction
        end_user = _end_user(tx)
        items = tx.get("items", [])
        licence = Licence(
            number=number or "",
            application_id=app.id,
            type=licence_type.value,
            state=LicenceState.VALID.value,
            valid_from=valid_from,
            valid_until=valid_until,
            destination=tx["destination"],
            end_user_name=end_user["name"],
            end_user_country=end_user["country"],
            items=items,
            unit=_common(items, "unit"),
            currency=_common(items, "currency"),
            quantity_limit=quantity_limit if quantity_limit is not None else _total(items, "quantity", "unit"),
            quantity_used=Decimal(0),
            value_limit=value_limit if value_limit is not None else _total(items, "value", "currency"),
            value_used=Decimal(0),
            shipments_count=0,
            issued_by=user.name,
            issued_at=utcnow(),
        )
        session.add(licence)
        session.flush()
        if not number:
            licence.number = f"DU-{valid_from.year}-{licence.id:06d}"
            session.flush()
        record(session, user.name, "licence.issue", Entity.LICENCE, licence.id, None, snapshot(licence))
        return _view(session, licence)


def ship(
    store: Store,
    actor: str | None,
    licence_id: int,
    *,
    shipped_on: date,
    quantity: Decimal | str | int | float,
    value: Decimal | str | int | float,
    end_user_name: str,
    end_user_country: str,
    reference: str = "",
) -> LicenceView:
    """Record a shipment and deplete the licence, or refuse with every reason that applies."""
    quantity_d, value_d = _amount(quantity, "quantity"), _amount(value, "value")
    assert quantity_d is not None and value_d is not None
    with store.transaction() as session:
        user = require(session, actor, Permission.LICENCE_SHIP)
        licence = get(session, Licence, licence_id, lock=True)
        require_owner(user, licence.application.created_by, f"licence {licence.number}")
        reasons = shipment_refusals(licence, shipped_on, quantity_d, value_d, end_user_name, end_user_country)
        if reasons:
            raise StateConflict(f"shipment refused on licence {licence.number}", reasons)
        before = snapshot(licence)
        shipment = Shipment(
            licence_id=licence.id,
            shipped_on=shipped_on,
            quantity=quantity_d,
            value=value_d,
            end_user_name=end_user_name.strip(),
            end_user_country=end_user_country.strip().upper(),
            reference=reference,
            recorded_by=user.name,
            recorded_at=utcnow(),
        )
        session.add(shipment)
        licence.quantity_used += quantity_d
        licence.value_used += value_d
        licence.shipments_count += 1
        if _used_up(licence):
            licence.state = LicenceState.EXHAUSTED.value
        session.flush()
        record(
            session,
            user.name,
            "licence.ship",
            Entity.LICENCE,
            licence.id,
            before,
            snapshot(licence) | {"shipment": snapshot(shipment)},
        )
        return _view(session, licence)


def shipment_refusals(
    licence: Licence, shipped_on: date, quantity: Decimal, value: Decimal, end_user_name: str, end_user_country: str
) -> list[str]:
    """Every reason the licence does not cover this shipment (empty: it does)."""
    reasons = []
    if licence.state != LicenceState.VALID.value:
        reasons.append(f"the licence is {licence.state}")
    if not licence.valid_from <= shipped_on <= licence.valid_until:
        window = f"{licence.valid_from.isoformat()} to {licence.valid_until.isoformat()}"
        reasons.append(f"{shipped_on.isoformat()} is outside the validity {window}")
    country = end_user_country.strip().upper()
    if party_key(end_user_name) != party_key(licence.end_user_name) or country != licence.end_user_country:
        licensed = f"{licence.end_user_name} ({licence.end_user_country})"
        reasons.append(f"the end user {end_user_name} ({end_user_country}) is not the licensed end user {licensed}")
    if quantity <= 0 and value <= 0:
        reasons.append("a shipment has a quantity or a value")
    if licence.quantity_limit is not None and quantity > licence.quantity_limit - licence.quantity_used:
        left = f"{plain(licence.quantity_limit - licence.quantity_used)} {licence.unit or ''}".rstrip()
        reasons.append(f"quantity {plain(quantity)} exceeds what remains: {left}")
    if licence.value_limit is not None and value > licence.value_limit - licence.value_used:
        left = f"{plain(licence.value_limit - licence.value_used)} {licence.currency or ''}".rstrip()
        reasons.append(f"value {plain(value)} exceeds what remains: {left}")
    type_rule = rules().licence_types[LicenceType(licence.type)]
    if type_rule.max_shipments is not None and licence.shipments_count >= type_rule.max_shipments:
        reasons.append(
            f"a {licence.type} licence covers {type_rule.max_shipments} export(s) ({type_rule.article});"
            f" {licence.shipments_count} recorded"
        )
    return reasons


def revoke_licence(store: Store, actor: str | None, licence_id: int, reason: str) -> LicenceView:
    if not reason.strip():
        raise InputError("a revocation needs a reason", field="reason")
    with store.transaction() as session:
        user = require(session, actor, Permission.LICENCE_REVOKE)
        licence = get(session, Licence, licence_id, lock=True)
        if licence.state == LicenceState.REVOKED.value:
            raise StateConflict(f"licence {licence.number} is already revoked")
        before = snapshot(licence)
        licence.state = LicenceState.REVOKED.value
        session.flush()
        record(session, user.name, "licence.revoke", Entity.LICENCE, licence.id, before, snapshot(licence) | {"reason": reason})
        return _view(session, licence)


def get_licence(store: Store, actor: str | None, licence_id: int) -> LicenceView:
    with store.reading() as session:
        known_user(session, actor)
        return _view(session, get(session, Licence, licence_id))


def list_licences(store: Store, actor: str | None, *, state: LicenceState | None = None) -> list[LicenceView]:
    with store.reading() as session:
        known_user(session, actor)
        query = select(Licence).order_by(Licence.id)
        if state is not None:
            query = query.where(Licence.state == state.value)
        return [_view(session, lic) for lic in session.scalars(query)]


def retention_until(licence: Licence) -> date:
    rule = rules().retention[Entity.LICENCE]
    return add_years(licence.valid_until, rule.years)


def _used_up(licence: Licence) -> bool:
    type_rule = rules().licence_types[LicenceType(licence.type)]
    return (
        (licence.quantity_limit is not None and licence.quantity_used >= licence.quantity_limit)
        or (licence.value_limit is not None and licence.value_used >= licence.value_limit)
        or (type_rule.max_shipments is not None and licence.shipments_count >= type_rule.max_shipments)
    )




def _view(session: Session, licence: Licence) -> LicenceView:
    shipments = session.scalars(select(Shipment).where(Shipment.licence_id == licence.id).order_by(Shipment.id))
    data = snapshot(licence)
    data["licence_id"] = data.pop("id")
    data["quantity_remaining"] = (
        plain(licence.quantity_limit - licence.quantity_used) if licence.quantity_limit is not None else None
    )
    data["value_remaining"] = plain(licence.value_limit - licence.value_used) if licence.value_limit is not None else None
    data["retained_until"] = retention_until(licence).isoformat()
    data["shipments"] = [snapshot(s) for s in shipments]
    return LicenceView(data)


def _end_user(tx: dict[str, Any]) -> dict[str, Any]:
    parties: list[dict[str, Any]] = tx.get("parties", [])
    for role in (PartyRole.END_USER, PartyRole.CONSIGNEE, PartyRole.BUYER):
        for party in parties:
            if party.get("role") == role.value:
                return party
    raise StateConflict("the case names no end user, consignee or buyer", ["a licence is issued to one end user (Regs Art. 15)"])


def _total(items: list[dict[str, Any]], key: str, unit_key: str) -> Decimal | None:
    """The items' total, when every item gives one in the same unit (else no default limit)."""
    values = [item.get(key) for item in items]
    if not values or any(v is None for v in values) or len({item.get(unit_key) for item in items}) != 1:
        return None
    total = sum((Decimal(repr(v)) if isinstance(v, float) else Decimal(str(v)) for v in values), Decimal(0))
    return _amount(total, f"items.{key}")


def _common(items: list[dict[str, Any]], key: str) -> str | None:
    values = {item.get(key) for item in items}
    return values.pop() if len(values) == 1 else None


def _amount(value: Decimal | str | int | float | None, field: str) -> Decimal | None:
    """An exact amount within the store's bounds (dualuse.limits); never rounded: refused instead."""
    if value is None:
        return None
    try:
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        raise InputError(f"not a number: {value!r}", field=field) from None
    try:
        limits.check_amount(amount)
    except ValueError as error:
        raise InputError(f"{value}: {error}", field=field) from None
    return amount.quantize(Decimal(1).scaleb(-limits.AMOUNT_DECIMALS))


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")
