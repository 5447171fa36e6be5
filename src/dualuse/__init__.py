"""dualuse: China's dual-use export control regime as data, and a decision engine that explains itself.

The Python API in one line::

    from dualuse import decide, parse_transaction
    decision = decide(parse_transaction({...}))   # decision.outcome, decision.reasons, decision.model_dump(mode="json")

`dualuse.engine.engine.Engine` decides against a chosen regime and matcher; `dualuse.classification.classify`
proposes Control List entries for a description; `dualuse.screening.matchers.get_matcher` screens names.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["decide", "parse_transaction", "__version__"]


def __getattr__(name: str):
    """Import the engine on first use, so `import dualuse` stays cheap."""
    if name == "decide":
        from dualuse.engine.engine import decide

        return decide
    if name == "parse_transaction":
        from dualuse.transaction import parse_transaction

        return parse_transaction
    raise AttributeError(name)
