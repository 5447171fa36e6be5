"""The store's rule tables (rules.yaml), validated into typed objects once per process.

Lifecycle transitions, required documents, licence types, retention periods and permissions
are law or policy, so they live in one data file that a reviewer can read against the
Regulations, not in conditionals spread over the services.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dualuse import yamlfile
from dualuse.errors import InputError
from dualuse.storage.vocabulary import ApplicationAction, ApplicationState, DocumentKind, Entity, LicenceType, Permission, Role

RULES_FILE = Path(__file__).with_name("rules.yaml")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Transition(_Strict):
    from_: tuple[ApplicationState, ...] = Field(alias="from")
    to: ApplicationState
    roles: tuple[Role, ...]
    clock: Literal["start", "stop", "resume"] | None = None


class TimeLimit(_Strict):
    working_days: int = Field(gt=0)
    article: str
    watch_list_note: str


class RequiredDocument(_Strict):
    kind: DocumentKind
    article: str
    watch_list_only: bool = False


class LicenceTypeRule(_Strict):
    article: str
    max_validity_months: int | None
    max_shipments: int | None
    watch_list_allowed: bool


class Retention(_Strict):
    years: int = Field(gt=0)
    from_: Literal["created", "valid_until"] = Field(alias="from")
    article: str


class PasswordRule(_Strict):
    min_length: int = Field(ge=8)
    min_distinct: int = Field(ge=1)
    common: tuple[str, ...]


class Rules(_Strict):
    permissions: dict[Permission, tuple[Role, ...]]  # an unknown key is refused; a missing one, below
    application_transitions: dict[ApplicationAction, Transition]
    review_time_limit: TimeLimit
    required_documents: tuple[RequiredDocument, ...]
    licence_types: dict[LicenceType, LicenceTypeRule]
    retention: dict[Entity, Retention]
    four_eyes: bool = True
    passwords: PasswordRule
    own_records_only: tuple[Role, ...] = ()

    @model_validator(mode="after")
    def _every_permission(self) -> "Rules":
        missing = [p.value for p in Permission if p not in self.permissions]
        if missing:
            raise ValueError(f"permissions: no roles given for {', '.join(missing)}")
        return self

    def owns(self, role: str, user: str, owner: str) -> bool:
        """Whether `user` (of `role`) may write to a record `owner` made: always, unless the role
        is one of `own_records_only`, whose users write only to their own records."""
        return Role(role) not in self.own_records_only or user == owner

    def required_for(self, watch_list: bool) -> list[RequiredDocument]:
        return [d for d in self.required_documents if watch_list or not d.watch_list_only]


@lru_cache(maxsize=1)
def rules() -> Rules:
    return read_rules(RULES_FILE)


def read_rules(path: Path) -> Rules:
    """The rule tables of `path`; a table that does not fit is an error naming the file."""
    try:
        return Rules.model_validate(yamlfile.safe_load(path.read_text(encoding="utf-8")))
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(first["msg"], file=str(path), field=".".join(map(str, first["loc"])) or None) from None
