"""Licences: issue within the Art. 15 validity, deplete by shipments, refuse with every reason."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import text
from store_stubs import EXPORTER, REVIEWER

from dualuse.services import audit, licences
from dualuse.services.licences import LicenceView
from dualuse.storage.database import Store
from dualuse.storage.errors import RefusedError
from dualuse.storage.vocabulary import LicenceType

END_USER = ("Acme Magnets GmbH", "DE")


def _ship(
    store: Store,
    licence_id: int,
    quantity: float = 10,
    value: float = 5000,
    *,
    on: str = "2026-04-01",
    end_user: tuple[str, str] = END_USER,
) -> LicenceView:
    return licences.ship(
        store,
        EXPORTER,
        licence_id,
        shipped_on=date.fromisoformat(on),
        quantity=quantity,
        value=value,
        end_user_name=end_user[0],
        end_user_country=end_user[1],
    )


def test_issue_takes_limits_from_the_transaction(issued: Callable[..., LicenceView]) -> None:
    licence = issued().to_dict()
    assert licence["number"] == f"DU-2026-{licence['licence_id']:06d}"
    assert (licence["quantity_limit"], licence["value_limit"], licence["unit"], licence["currency"]) == (
        "100.0000",
        "50000.0000",
        "kg",
        "USD",
    )
    assert (licence["end_user_name"], licence["end_user_country"], licence["state"]) == ("Acme Magnets GmbH", "DE", "valid")
    assert licence["retained_until"] == "2032-02-28"  # 5 years after expiry (Regs Art. 27)


@pytest.mark.parametrize(
    ("licence_type", "until", "ok"),
    [
        (LicenceType.SINGLE, date(2027, 3, 1), True),
        (LicenceType.SINGLE, date(2027, 3, 2), False),  # more than 1 year
        (LicenceType.GENERAL, date(2029, 3, 1), True),
        (LicenceType.GENERAL, date(2029, 3, 2), False),  # more than 3 years
    ],
)
def test_validity_is_limited_by_licence_type(
    issued: Callable[..., LicenceView], licence_type: LicenceType, until: date, ok: bool
) -> None:
    if ok:
        assert issued(licence_type, valid_until=until).to_dict()["valid_until"] == until.isoformat()
    else:
        with pytest.raises(RefusedError, match=f"a {licence_type.value} licence is valid at most"):
            issued(licence_type, valid_until=until)


def test_shipments_deplete_until_exhausted(people: Store, issued: Callable[..., LicenceView]) -> None:
    licence = issued()
    after = _ship(people, licence.id, 60, 30000).to_dict()
    assert (after["quantity_remaining"], after["value_remaining"], after["shipments_count"]) == ("40.0000", "20000.0000", 1)
    after = _ship(people, licence.id, 40, 20000).to_dict()
    assert after["state"] == "exhausted" and after["quantity_remaining"] == "0.0000"
    with pytest.raises(RefusedError, match="the licence is exhausted"):
        _ship(people, licence.id, 1, 1)
    entry = audit.log(people)[-1]
    assert entry["action"] == "licence.ship" and entry["before"]["quantity_used"] == "60.0000"
    assert entry["after"]["quantity_used"] == "100.0000" and entry["after"]["shipment"]["quantity"] == "40.0000"


# (shipment, the refusal reasons it must name)
REFUSALS = [
    ({"quantity": 101}, ["quantity 101.0000 exceeds what remains: 100.0000 kg"]),
    ({"value": 50001}, ["value 50001.0000 exceeds what remains: 50000.0000 USD"]),
    ({"on": "2026-02-28"}, ["2026-02-28 is outside the validity 2026-03-01 to 2027-02-28"]),
    ({"on": "2027-03-01"}, ["outside the validity"]),
    ({"end_user": ("Other GmbH", "DE")}, ["the end user Other GmbH (DE) is not the licensed end user Acme Magnets GmbH (DE)"]),
    ({"end_user": ("Acme Magnets GmbH", "AT")}, ["is not the licensed end user"]),
    (
        {"quantity": 500, "on": "2030-01-01", "end_user": ("X", "JP")},
        ["exceeds what remains", "outside the validity", "is not the licensed end user"],
    ),
]


@pytest.mark.parametrize(("shipment", "reasons"), REFUSALS)
def test_refusals_name_every_reason_and_change_nothing(
    people: Store, issued: Callable[..., LicenceView], shipment: dict, reasons: list[str]
) -> None:
    licence = issued()
    entries = len(audit.log(people))
    with pytest.raises(RefusedError) as refused:
        _ship(people, licence.id, **shipment)
    assert str(refused.value).startswith(f"shipment refused on licence {licence.data['number']}")
    for reason in reasons:
        assert any(reason in r for r in refused.value.reasons), (reason, refused.value.reasons)
    assert len(refused.value.reasons) == len(reasons)
    assert licences.get_licence(people, EXPORTER, licence.id).to_dict()["quantity_used"] == "0.0000"
    assert len(audit.log(people)) == entries


def test_a_single_licence_covers_one_export(people: Store, issued: Callable[..., LicenceView]) -> None:
    licence = issued(LicenceType.SINGLE, valid_until=date(2027, 2, 28))
    assert _ship(people, licence.id, 10, 100).to_dict()["state"] == "exhausted"
    with pytest.raises(RefusedError, match=r"a single licence covers 1 export\(s\) \(Regs Art. 15\)"):
        _ship(people, licence.id, 10, 100)


def test_revoked_licence_refuses_shipments(people: Store, issued: Callable[..., LicenceView]) -> None:
    licence = issued()
    with pytest.raises(RefusedError, match="may not licence.revoke"):
        licences.revoke_licence(people, EXPORTER, licence.id, "end user listed")
    licences.revoke_licence(people, REVIEWER, licence.id, "end user listed")
    with pytest.raises(RefusedError, match="the licence is revoked"):
        _ship(people, licence.id)


def test_concurrent_shipments_never_over_deplete(people: Store, issued: Callable[..., LicenceView]) -> None:
    """24 threads, each with its own connection, race to ship 10 kg against 100 kg: exactly 10 succeed."""
    licence = issued(quantity=100)
    start, results, lock = threading.Barrier(24), [], threading.Lock()

    def worker() -> None:
        store = Store(people.url, check=False)
        start.wait()
        try:
            _ship(store, licence.id, 10, 1)
            outcome = "shipped"
        except RefusedError as exc:
            outcome = "refused: " + "; ".join(exc.reasons)
        finally:
            store.dispose()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=worker) for _ in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results.count("shipped") == 10, results
    assert all("exceeds what remains: 0.0000 kg" in r or "exhausted" in r for r in results if r != "shipped")
    final = licences.get_licence(people, EXPORTER, licence.id).to_dict()
    assert (final["quantity_used"], final["shipments_count"], len(final["shipments"])) == ("100.0000", 10, 10)
    with people.engine.connect() as conn:
        assert conn.execute(text("SELECT sum(quantity) FROM shipments")).scalar() == Decimal("100")
    assert audit.verify(people).ok
