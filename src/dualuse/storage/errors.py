"""Errors of the store. Every one is a `DualuseError`, so interfaces print one line and exit 2."""

from __future__ import annotations

from dualuse.errors import DualuseError, InputError


class RefusedError(DualuseError):
    """A well-formed request the rules refuse: wrong role, state, retention, licence exhausted.

    `reasons` lists every rule that refused, so a refused shipment says all that is wrong at once.
    """

    def __init__(self, message: str, reasons: list[str] | tuple[str, ...] = ()):
        self.message = message
        self.reasons = tuple(reasons)
        text = message if not self.reasons else f"{message}: " + "; ".join(self.reasons)
        super().__init__(text)


class NotFoundError(InputError):
    """The record named on the command line or in a request does not exist."""

    def __init__(self, entity: str, key: object):
        super().__init__(f"no {entity} {key}", field=entity)


class SchemaVersionError(DualuseError):
    """The database was made by another version of the code: migrate before use."""
