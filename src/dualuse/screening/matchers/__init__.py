"""Party matchers by name, one folder (or module) per strategy with the same interface.

`get_matcher("best")` is what the engine and the CLI use unless told otherwise; the other
names exist so that a figure in benchmarks/ can be reproduced with exactly the matcher it
was measured with. A matcher module that is not present in this tree is simply not listed.
"""

from __future__ import annotations

from importlib import import_module

from dualuse.screening.base import MatcherFactory

_MODULES = {
    "crossscript": ("dualuse.screening.matchers.crossscript", "CrossScriptMatcher"),
    "normalised": ("dualuse.screening.matchers.normalised", "NormalisedMatcher"),
}
ALIASES = {"best": "crossscript"}


def _load(module: str, attribute: str) -> MatcherFactory | None:
    try:
        return getattr(import_module(module), attribute)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        return None


def available() -> dict[str, MatcherFactory]:
    """Every matcher present in this installation, by its NAME."""
    found = {name: _load(*where) for name, where in _MODULES.items()}
    return {name: factory for name, factory in found.items() if factory is not None}


def get_matcher(name: str) -> MatcherFactory:
    """The matcher class called `name` (or an alias such as `best`)."""
    matchers = available()
    resolved = ALIASES.get(name, name)
    if resolved not in matchers:
        known = ", ".join(sorted([*matchers, *ALIASES]))
        raise KeyError(f"no matcher {name!r}; known: {known}")
    return matchers[resolved]
