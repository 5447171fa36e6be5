"""Party matchers by name, one folder (or module) per strategy with the same interface.

`get_matcher("best")` is what the engine and the CLI use unless told otherwise; the other
names exist so that a figure in benchmarks/ can be reproduced with exactly the matcher it
was measured with. A matcher module that is not present in this tree is simply not listed.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from importlib import import_module
from typing import TypeVar

from dualuse.screening.base import MatcherFactory, PartyMatcher, ScreenedEntity

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


def build_matcher(name: str, entities: Sequence[ScreenedEntity], data_version: str = "") -> PartyMatcher:
    """The matcher `name` built over `entities`, read from the persistent index cache when it
    holds the same list for the same code and data (`screening/cache.py`), kept long-lived."""
    from dualuse.screening.cache import cached_index

    factory = get_matcher(name)
    resolved = ALIASES.get(name, name)

    def build() -> PartyMatcher:
        _spell_ahead(factory, entities)
        return factory(entities)

    return keep(cached_index(resolved, entities, build, data_version))


def _spell_ahead(factory: MatcherFactory, entities: Sequence[ScreenedEntity]) -> None:
    """A matcher that reads a small list's English words as katakana (crossscript: lists of up
    to `KATAKANA_ROWS` names) gets them spelt in batches first, not one model call a word
    (`normalise.transliteration.spell_ahead`; the same kana)."""
    module = import_module(factory.__module__)
    limit = getattr(module, "KATAKANA_ROWS", None)
    if limit is None or sum(len(entity.names) for entity in entities) > limit:
        return
    from dualuse.screening.matchers.crossscript.forms import MIN_KATAKANA_WORD
    from dualuse.screening.normalise.transliteration import spell_ahead

    spell_ahead((name.value for entity in entities for name in entity.names), MIN_KATAKANA_WORD)


M = TypeVar("M")


def keep(matcher: M) -> M:
    """Mark a just-built matcher, and everything else alive now, as long-lived: the cyclic
    garbage collector's full collections stop re-scanning it (`gc.freeze`). A list index is
    hundreds of thousands of objects that never become garbage; without this every full
    collection while queries run walks all of them (measured: 5–10% of the time of Japanese
    queries on a 3,000-name list). For processes that keep the matcher — the CLI, the API,
    batch workers; objects alive at this moment are never collected as cycles, which for
    what exists once the lists are loaded is what we want."""
    gc.freeze()
    return matcher
