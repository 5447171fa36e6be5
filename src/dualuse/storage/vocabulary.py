"""The closed vocabulary of the store: roles, lifecycle states, licence types, audit actions.

Stored as plain strings in the database and validated through these enums on the way in,
so a typo in a command or a data table is an error rather than a silently new state.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Who may do what is in `rules.yaml` (permissions); these are the only roles."""

    EXPORTER = "exporter"
    REVIEWER = "reviewer"
    AUDITOR = "auditor"
    ADMIN = "admin"


class Permission(StrEnum):
    """What a role may be allowed to do; which roles may is in `rules.yaml` (permissions), which
    must name each of these, and no other."""

    USER_ADD = "user.add"
    USER_MANAGE = "user.manage"
    TOKEN_CREATE = "token.create"
    CASE_ADD = "case.add"
    CASE_DISPOSE = "case.dispose"
    CASE_DELETE = "case.delete"
    DISPOSITION_ADD = "disposition.add"
    APPLICATION_CREATE = "application.create"
    APPLICATION_DOCUMENT = "application.document"
    LICENCE_ISSUE = "licence.issue"
    LICENCE_SHIP = "licence.ship"
    LICENCE_REVOKE = "licence.revoke"
    RESCREEN_RUN = "rescreen.run"
    BATCH_READ_ANY = "batch.read_any"
    REGIME_NOTES = "regime.notes"


class ApplicationState(StrEnum):
    """Licence application lifecycle (Regs Arts. 16-17); transitions are in `rules.yaml`."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"  # returned to the applicant for supplementary material
    CONSULTING = "consulting"  # expert consultation or verification: the Art. 17 clock is stopped
    APPROVED = "approved"
    DENIED = "denied"
    WITHDRAWN = "withdrawn"


class ApplicationAction(StrEnum):
    SUBMIT = "submit"
    ACCEPT = "accept"
    RETURN = "return"
    APPROVE = "approve"
    DENY = "deny"
    WITHDRAW = "withdraw"
    CONSULT = "consult"  # stop the clock (Regs Art. 17: consultation time is not counted)
    RESUME = "resume"  # restart it with the working days that were left


class LicenceType(StrEnum):
    """Regs Art. 15: single (one export, one end user), general, or registration certificate."""

    SINGLE = "single"
    GENERAL = "general"
    REGISTRATION_CERTIFICATE = "registration_certificate"


class LicenceState(StrEnum):
    VALID = "valid"
    EXHAUSTED = "exhausted"  # quantity, value or (single licence) its one export used up
    REVOKED = "revoked"


class DocumentKind(StrEnum):
    """Documents an application carries; which are required, and under which article, is in `rules.yaml`."""

    CONTRACT = "contract"
    END_USER_CERTIFICATE = "end_user_certificate"
    END_USE_CERTIFICATE = "end_use_certificate"
    TECHNICAL_DESCRIPTION = "technical_description"
    RISK_ASSESSMENT_REPORT = "risk_assessment_report"
    UNDERTAKING = "undertaking"
    OTHER = "other"


class ReviewDisposition(StrEnum):
    """How a reviewer settles a case whose outcome was REVIEW."""

    CLEARED = "cleared"  # no licence required after review
    LICENCE_REQUIRED = "licence_required"
    PROHIBITED = "prohibited"


class Entity(StrEnum):
    """The kinds of record the audit log and retention rules speak about."""

    USER = "user"
    TOKEN = "token"
    CASE = "case"
    DISPOSITION = "disposition"
    APPLICATION = "application"
    DOCUMENT = "document"
    LICENCE = "licence"
    SHIPMENT = "shipment"
    ALERT = "alert"
