"""Item classification: from a customs code or a product description (zh/ja/en) to the Control
List entries an item may fall under, with the parameters that decide, and honest about what it
does not know.

    from dualuse.classification import classify
    result = classify("氧化镝 99.9%", hs_code="2846901500")
    result.confident, result.control_code, result.questions, result.to_dict()

See `classifier.py` for the steps and `docs/CLASSIFICATION.md` for features, weights and thresholds.
"""

from dualuse.classification.classifier import classify
from dualuse.classification.customs import parse_customs_code
from dualuse.classification.model import Candidate, Classification, ClassificationStatus
from dualuse.classification.parameters.thresholds import ParameterStatus

__all__ = ["classify", "parse_customs_code", "Candidate", "Classification", "ClassificationStatus", "ParameterStatus"]
