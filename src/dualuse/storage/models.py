"""The tables. Typed SQLAlchemy 2 models; the schema itself is owned by the migrations.

Vocabulary columns are plain strings holding StrEnum values (portable across SQLite and
PostgreSQL, no ALTER TYPE when a value is added). Quantities and money are Numeric, never
float. JSON columns keep the transaction and decision exactly as the engine produced them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

AMOUNT = Numeric(20, 4)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """An API token; only its SHA-256 is stored, the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_on: Mapped[date | None] = mapped_column(Date)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship()


class WebSession(Base):
    """A signed-in browser (revision 0003). The cookie holds a random token; only its SHA-256 is
    kept. Ended at sign-out or by an admin, expired after idle time or its absolute lifetime."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class Case(Base):
    """One decided transaction, what it rested on, and the reviewer's settlement of a REVIEW."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(120))
    source: Mapped[str] = mapped_column(Text, default="")
    transaction: Mapped[dict[str, Any]] = mapped_column(JSON)
    decision: Mapped[dict[str, Any]] = mapped_column(JSON)
    outcome: Mapped[str] = mapped_column(String(32), index=True)
    as_of: Mapped[date] = mapped_column(Date)
    ship_date: Mapped[date | None] = mapped_column(Date)
    data_version: Mapped[str] = mapped_column(String(120))
    disposition: Mapped[str | None] = mapped_column(String(32))
    disposition_reason: Mapped[str | None] = mapped_column(Text)
    disposed_by: Mapped[str | None] = mapped_column(String(120))
    disposed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disposition_four_eyes: Mapped[bool | None] = mapped_column(Boolean)  # revision 0003: a second person settled it


class ScreeningDisposition(Base):
    """A reviewer's finding that a party is *not* a given list entry, valid until it expires
    or the entry's content changes (the hash no longer matches)."""

    __tablename__ = "screening_dispositions"

    id: Mapped[int] = mapped_column(primary_key=True)
    party_name: Mapped[str] = mapped_column(Text)
    party_key: Mapped[str] = mapped_column(Text, index=True)
    entity_id: Mapped[str] = mapped_column(String(200))
    entry_hash: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    expires_on: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Application(Base):
    """A licence application for one case, with its review clock (Regs Art. 17)."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), index=True)
    licence_type: Mapped[str] = mapped_column(String(32))
    watch_list: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_on: Mapped[date | None] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    due_is_estimate: Mapped[bool] = mapped_column(Boolean, default=False)
    clock_stopped_on: Mapped[date | None] = mapped_column(Date)  # while consulting (revision 0002)
    note: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship()
    documents: Mapped[list[ApplicationDocument]] = relationship(order_by="ApplicationDocument.id")


class ApplicationDocument(Base):
    __tablename__ = "application_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(Text)
    added_by: Mapped[str] = mapped_column(String(120))
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Licence(Base):
    """An issued licence and what is left of it; `*_used` move only through recorded shipments."""

    __tablename__ = "licences"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(60), unique=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id"), unique=True)
    type: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(20), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)
    destination: Mapped[str] = mapped_column(String(8))
    end_user_name: Mapped[str] = mapped_column(Text)
    end_user_country: Mapped[str] = mapped_column(String(8))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    unit: Mapped[str | None] = mapped_column(String(20))
    currency: Mapped[str | None] = mapped_column(String(3))
    quantity_limit: Mapped[Decimal | None] = mapped_column(AMOUNT)
    quantity_used: Mapped[Decimal] = mapped_column(AMOUNT, default=Decimal(0))
    value_limit: Mapped[Decimal | None] = mapped_column(AMOUNT)
    value_used: Mapped[Decimal] = mapped_column(AMOUNT, default=Decimal(0))
    shipments_count: Mapped[int] = mapped_column(Integer, default=0)
    issued_by: Mapped[str] = mapped_column(String(120))
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    application: Mapped[Application] = relationship()


class Shipment(Base):
    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    licence_id: Mapped[int] = mapped_column(ForeignKey("licences.id"), index=True)
    shipped_on: Mapped[date] = mapped_column(Date)
    quantity: Mapped[Decimal] = mapped_column(AMOUNT)
    value: Mapped[Decimal] = mapped_column(AMOUNT)
    end_user_name: Mapped[str] = mapped_column(Text)
    end_user_country: Mapped[str] = mapped_column(String(8))
    reference: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Alert(Base):
    """A re-screening finding: a record whose outcome got worse under newer regime data."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[int] = mapped_column(Integer)
    old_outcome: Mapped[str] = mapped_column(String(32))
    new_outcome: Mapped[str] = mapped_column(String(32))
    old_data_version: Mapped[str] = mapped_column(String(120))
    new_data_version: Mapped[str] = mapped_column(String(120))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (UniqueConstraint("entity", "entity_id", "new_data_version", name="uq_alert_once_per_version"),)


class AuditEntry(Base):
    """One link of the hash chain. `hash` = sha256(canonical JSON of every other column)."""

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))  # UTC ISO 8601 text: hashed exactly as stored
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(20))
    entity_id: Mapped[str] = mapped_column(String(60))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's tip (one row). Locking it serialises appends, and comparing it with the
    last entry reveals a deleted tail."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
