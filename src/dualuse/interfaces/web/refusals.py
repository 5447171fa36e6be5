"""A refusal as the desk explains it: by the error's type, in the user's language, with the
service's own (English) words beside it, since those name the rule and the record exactly."""

from __future__ import annotations

from dualuse.errors import InputError
from dualuse.storage.errors import PermissionRefused, StateConflict

REFUSAL_KINDS = ("permission", "state", "input", "other")  # message ids refused.kind.<kind>


def kind_of(error: Exception) -> str:
    if isinstance(error, PermissionRefused):
        return "permission"
    if isinstance(error, StateConflict):
        return "state"
    if isinstance(error, InputError):
        return "input"
    return "other"
