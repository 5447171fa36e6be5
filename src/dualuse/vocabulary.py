"""The closed vocabulary of dualuse: every outcome, effect, band and tag is one of these.

Outputs, data files and tests all speak in these words, so a typo in a YAML file or a
rule is a validation error rather than a silently different outcome.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """The one answer a decision gives.

    Severity (which answer wins when several rules fire) is PROHIBITED > REVIEW >
    LICENCE_REQUIRED > NO_LICENCE_REQUIRED: a REVIEW is an open question (a possible list
    match, an unknown end use) whose answer may prohibit the export, so a licence alone
    cannot be relied on until a person has settled it.
    """

    PROHIBITED = "PROHIBITED"
    LICENCE_REQUIRED = "LICENCE_REQUIRED"
    REVIEW = "REVIEW"
    NO_LICENCE_REQUIRED = "NO_LICENCE_REQUIRED"

    @property
    def severity(self) -> int:
        return _OUTCOME_SEVERITY[self]


_OUTCOME_SEVERITY = {
    Outcome.NO_LICENCE_REQUIRED: 0,
    Outcome.LICENCE_REQUIRED: 1,
    Outcome.REVIEW: 2,
    Outcome.PROHIBITED: 3,
}


class Effect(StrEnum):
    """What one rule says about a transaction; each effect maps to exactly one outcome.

    Effects are finer than outcomes so that a reason can say *how* a licence is required
    (ordinary, with a presumption of denial, without a general licence...).
    """

    PROHIBITED = "PROHIBITED"
    DENIAL_PRESUMED = "DENIAL_PRESUMED"
    LICENCE_REQUIRED = "LICENCE_REQUIRED"
    ENHANCED_REVIEW = "ENHANCED_REVIEW"
    REVIEW = "REVIEW"
    SUSPENDED = "SUSPENDED"
    INFORMATION = "INFORMATION"
    NOT_CONTROLLED = "NOT_CONTROLLED"
    OUT_OF_SCOPE = "OUT_OF_SCOPE"

    @property
    def outcome(self) -> Outcome:
        return _EFFECT_OUTCOME[self]


_EFFECT_OUTCOME = {
    Effect.PROHIBITED: Outcome.PROHIBITED,
    # "原则上不予许可": a licence is still the route, but it will in principle be refused.
    Effect.DENIAL_PRESUMED: Outcome.LICENCE_REQUIRED,
    Effect.LICENCE_REQUIRED: Outcome.LICENCE_REQUIRED,
    Effect.ENHANCED_REVIEW: Outcome.LICENCE_REQUIRED,
    Effect.REVIEW: Outcome.REVIEW,
    Effect.SUSPENDED: Outcome.NO_LICENCE_REQUIRED,
    Effect.INFORMATION: Outcome.NO_LICENCE_REQUIRED,
    Effect.NOT_CONTROLLED: Outcome.NO_LICENCE_REQUIRED,
    Effect.OUT_OF_SCOPE: Outcome.NO_LICENCE_REQUIRED,
}


class Reliability(StrEnum):
    """How well a fact is sourced (brief/regime.md): official text, secondary, third-party, unconfirmed."""

    PRIMARY = "P"
    SECONDARY = "S"
    THIRD_PARTY = "T"
    UNCONFIRMED = "U"


class ListKind(StrEnum):
    """The party lists China keeps, each with its own legal basis and effect."""

    CONTROL_LIST = "control_list"  # 管控名单, Regs Arts. 28-30
    WATCH_LIST = "watch_list"  # 关注名单, Regs Art. 26
    UNRELIABLE_ENTITY_LIST = "unreliable_entity_list"  # 不可靠实体清单
    COUNTERMEASURE_LIST = "countermeasure_list"  # 反制清单, Anti-Foreign Sanctions Law
    MILITARY_USER = "military_user"  # recognised military end users (not a MOFCOM list)


class PartyRole(StrEnum):
    END_USER = "end_user"
    CONSIGNEE = "consignee"
    BUYER = "buyer"
    INTERMEDIARY = "intermediary"


class PartyKind(StrEnum):
    COMPANY = "company"
    MILITARY = "military"
    GOVERNMENT = "government"
    RESEARCH = "research"
    PERSON = "person"


class EndUseCategory(StrEnum):
    CIVIL = "civil"
    MILITARY = "military"
    UNKNOWN = "unknown"


class ItemStatus(StrEnum):
    """What an item is on the bundled Control List entries on the decision date."""

    LISTED = "listed"  # a declared control code names an entry in force
    NOT_IN_FORCE = "listed_not_in_force"  # the entry exists but is suspended or not yet in force
    CANDIDATE = "candidate_by_customs_code"  # its customs code is a reference code of entries
    NOT_LISTED = "not_among_bundled_entries"  # a customs code that no bundled entry references
    UNCLASSIFIED = "unclassified"  # neither control code nor customs code given
    CATALOGUE = "catalogue_control_code"  # a declared code the licence catalogue has; its List text is not bundled


class Band(StrEnum):
    """Screening bands: a `hit` is treated as the listed party, `review` needs a person."""

    HIT = "hit"
    REVIEW = "review"
    CLEAR = "clear"


class MeasureState(StrEnum):
    """The state of a measure or list entry on a given date."""

    NOT_YET_IN_FORCE = "not_yet_in_force"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    REVOKED = "revoked"
    REPORTED = "reported"  # a reported, unconfirmed instrument: shown, never applied


class ExporterScope(StrEnum):
    """Who a measure reaches: exporters from China, or holders of China-origin items abroad."""

    FROM_CHINA = "from_china"
    RE_TRANSFER = "re_transfer"
    FOREIGN_MADE = "foreign_made"


class RuleId(StrEnum):
    """The general rules the engine runs (engine/rules). Each has exactly one record in the
    regime's general_rules.yaml with its citation; the loader refuses a file that lacks one or
    has one no rule uses."""

    SCOPE = "R-SCOPE"
    SCOPE_ABROAD = "R-SCOPE-ABROAD"
    OUT_OF_SCOPE = "R-OUT-OF-SCOPE"
    LIST = "R-LIST"
    LIST_NOT_IN_FORCE = "R-LIST-NOT-IN-FORCE"
    CUSTOMS_CODE = "R-CUSTOMS-CODE"
    UNCLASSIFIED = "R-UNCLASSIFIED"
    NOT_LISTED = "R-NOT-LISTED"
    CATCHALL = "R-CATCHALL"
    PARTY_REVIEW = "R-PARTY-REVIEW"
    CATALOGUE_CODE = "R-CATALOGUE-CODE"
    CATALOGUE_CUSTOMS = "R-CATALOGUE-CUSTOMS"
    CODE_ALIAS = "R-CODE-ALIAS"
