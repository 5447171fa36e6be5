"""Errors of the store, by type. Every one is a `DualuseError`; each interface maps the type to
an exit code or an HTTP status in one place (`interfaces/cli/common.py::run_app`, `api/errors.py`):

- `PermissionRefused`: the caller may not do this (role, ownership, four-eyes): 403, exit 3.
- `StateConflict`: the record's state does not allow it (lifecycle, retention, exhausted): 409, exit 4.
- `NotFoundError`: the record named does not exist: 404, exit 2.
- `InputError` (`dualuse.errors`): bad input naming the domain field: 422, exit 2.
"""

from __future__ import annotations

from dualuse.errors import DualuseError, InputError


class RefusedError(DualuseError):
    """A well-formed request the rules refuse. Raise one of its two kinds, never this base.

    `reasons` lists every rule that refused, so a refused shipment says all that is wrong at once.
    """

    def __init__(self, message: str, reasons: list[str] | tuple[str, ...] = ()):
        self.message = message
        self.reasons = tuple(reasons)
        text = message if not self.reasons else f"{message}: " + "; ".join(self.reasons)
        super().__init__(text)


class PermissionRefused(RefusedError):
    """The caller may not do this: their role, the record's owner, or four-eyes says no."""


class StateConflict(RefusedError):
    """The record's present state (or the retention period, or what is left of a licence) refuses it."""


class NotFoundError(InputError):
    """The record named on the command line or in a request does not exist."""

    def __init__(self, entity: str, key: object):
        super().__init__(f"no {entity} {key}", field=entity)


class SchemaVersionError(DualuseError):
    """The database was made by another version of the code: migrate before use."""
