"""What `classify` returns: a status, the candidates with their evidence, and the open questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # an annotation only: the engine imports this module, and the thresholds' parser is heavy
    from dualuse.classification.parameters.thresholds import ParameterCheck


class ClassificationStatus(StrEnum):
    """How far the classifier got.

    CONFIDENT           one clear candidate, and its thresholds are met (or it prints none):
                        `control_code` is set and the engine may use it.
    PARAMETERS_UNKNOWN  one clear candidate, but the description does not give the parameter
                        that decides it (or the entry's deciding text was not captured).
    NOT_LISTED          one clear candidate, and the description is below its thresholds:
                        "not listed under this entry", with the reason.
    AMBIGUOUS           several candidates are close: the questions say what would settle it.
    UNKNOWN             no candidate: the description names nothing the Control List covers,
                        or nothing at all.
    """

    CONFIDENT = "confident"
    PARAMETERS_UNKNOWN = "parameters_unknown"
    NOT_LISTED = "not_listed"
    AMBIGUOUS = "ambiguous"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class FeatureValue:
    """One ranking feature for one candidate: value in [-1, 1] times weight = contribution."""

    name: str
    value: float
    weight: float
    detail: str

    def to_dict(self) -> dict:
        return {"name": self.name, "value": round(self.value, 4), "weight": self.weight,
                "contribution": round(self.value * self.weight, 4), "detail": self.detail}


@dataclass(frozen=True)
class CustomsEvidence:
    """How the declared customs code reached this entry, and which announcement printed the code."""

    level: str  # exact, tariff_line, subheading, heading
    printed_code: str  # the reference code as printed
    instrument: str  # regime instrument id, e.g. MOFCOM-2025-18
    source: str  # citation, e.g. "MOFCOM Announcement 2025 No. 18 (商务部 海关总署公告2025年第18号)"

    def to_dict(self) -> dict:
        return {"level": self.level, "printed_code": self.printed_code, "instrument": self.instrument, "source": self.source}


@dataclass(frozen=True)
class Candidate:
    """A Control List entry the item may fall under.

    code / family / instrument / provision / code_reliability: the entry as the regime data gives
    it (code_reliability P printed, T third-party, U inferred: a T or U code must be checked
    against the List before it is declared). description_en: the entry's English description.
    score: the weighted sum of `features` plus the parameter fit. customs: the customs-code
    evidence, if a code was given and reaches this entry. parameters: the entry's thresholds
    against the description. listed: True (meets or no threshold), False (not listed under this
    entry), None (unknown).
    """

    code: str
    family: str
    instrument: str
    provision: str
    code_reliability: str
    description_en: str
    score: float
    features: tuple[FeatureValue, ...]
    parameters: ParameterCheck
    customs: CustomsEvidence | None = None
    entry_index: int = -1  # position in the classified regime's `entries` (1E101.b is printed twice)

    @property
    def listed(self) -> bool | None:
        return {"meets": True, "no_threshold": True, "does_not_meet": False}.get(self.parameters.status.value)

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "family": self.family,
            "instrument": self.instrument,
            "provision": self.provision,
            "code_reliability": self.code_reliability,
            "description_en": self.description_en,
            "score": round(self.score, 4),
            "listed": self.listed,
            "parameters": self.parameters.to_dict(),
            "customs": self.customs.to_dict() if self.customs else None,
            "features": [f.to_dict() for f in self.features],
        }


@dataclass(frozen=True)
class Classification:
    """The answer to "which Control List entries may this item fall under?".

    status: see ClassificationStatus. confident: status is CONFIDENT. control_code: the code when
    confident, else None. candidates: the entries worth a look, best first (at most five).
    questions: what would settle an answer that is not confident. reason: one sentence.
    text: the description as read (normalised, truncated). hs_code: the declared customs code as
    digits. customs_description: the 2023 customs line of that code, when bundled. concepts: what
    the description was read to name (concept -> terms). measurements: the parameters read.
    warnings: input problems that did not stop the classification (truncation, unknown code).
    data_version: the regime data the answer rests on.
    """

    status: ClassificationStatus
    reason: str
    candidates: tuple[Candidate, ...] = ()
    questions: tuple[str, ...] = ()
    text: str = ""
    hs_code: str | None = None
    customs_description: str = ""
    concepts: dict[str, list[str]] = field(default_factory=dict)
    measurements: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    data_version: str = ""

    @property
    def confident(self) -> bool:
        return self.status == ClassificationStatus.CONFIDENT

    @property
    def control_code(self) -> str | None:
        return self.candidates[0].code if self.confident else None

    @property
    def top(self) -> Candidate | None:
        return self.candidates[0] if self.candidates else None

    def to_dict(self) -> dict:
        return {
            "status": self.status.value,
            "confident": self.confident,
            "control_code": self.control_code,
            "reason": self.reason,
            "questions": list(self.questions),
            "candidates": [c.to_dict() for c in self.candidates],
            "input": {
                "text": self.text,
                "hs_code": self.hs_code,
                "customs_description": self.customs_description,
                "concepts": self.concepts,
                "measurements": list(self.measurements),
            },
            "warnings": list(self.warnings),
            "data_version": self.data_version,
        }
