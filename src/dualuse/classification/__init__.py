"""Item classification: from a customs code or a product description (zh/ja/en) to the Control
List entries an item may fall under, with the parameters that decide, and honest about what it
does not know.

    from dualuse.classification import classify
    result = classify("氧化镝 99.9%", hs_code="2846901500")
    result.confident, result.control_code, result.questions, result.to_dict()

See `classifier.py` for the steps and `docs/CLASSIFICATION.md` for features, weights and thresholds.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dualuse.classification.classifier import classify
    from dualuse.classification.customs import parse_customs_code
    from dualuse.classification.model import Candidate, Classification, ClassificationStatus
    from dualuse.classification.parameters.thresholds import ParameterStatus

# loaded on first use: a decision imports `classification.model` (its findings' types) and needs
# the classifier, its index and synonym tables only for an item without a control code
_EXPORTS = {
    "classify": "dualuse.classification.classifier",
    "parse_customs_code": "dualuse.classification.customs",
    "Candidate": "dualuse.classification.model",
    "Classification": "dualuse.classification.model",
    "ClassificationStatus": "dualuse.classification.model",
    "ParameterStatus": "dualuse.classification.parameters.thresholds",
}

__all__ = ["classify", "parse_customs_code", "Candidate", "Classification", "ClassificationStatus", "ParameterStatus"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dualuse.classification' has no attribute {name!r}")
    return getattr(import_module(module), name)
