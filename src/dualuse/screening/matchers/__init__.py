"""Party matchers by name, one folder (or module) per strategy with the same interface.

`ALGORITHMS` lists every matcher class, as nomenklatura lists its algorithms: adding a matcher
is one import and one entry here. `get_matcher("best")` is what the engine and the CLI use
unless told otherwise; the other names exist so that a figure in benchmarks/ can be
reproduced with exactly the matcher it was measured with. An unknown name is an
`UnknownMatcher` (bad input), never a silent fallback.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import import_module
from typing import TypeVar

from dualuse.errors import UnknownMatcher
from dualuse.screening.base import MatcherFactory, PartyMatcher, ScreenedEntity
from dualuse.screening.matchers.crossscript import CrossScriptMatcher
from dualuse.screening.matchers.normalised import NormalisedMatcher

ALGORITHMS: tuple[MatcherFactory, ...] = (CrossScriptMatcher, NormalisedMatcher)
ALIASES = {"best": CrossScriptMatcher.NAME}


def available() -> dict[str, MatcherFactory]:
    """Every matcher, by its NAME."""
    return {algorithm.NAME: algorithm for algorithm in ALGORITHMS}


def known_names() -> list[str]:
    """Every name `get_matcher` accepts: the matchers' and the aliases."""
    return sorted([*available(), *ALIASES])


def get_matcher(name: str, *, field: str | None = None) -> MatcherFactory:
    """The matcher class called `name` (or an alias such as `best`); `field` names where the
    name came from in the error (`--matcher`, `matcher`)."""
    matchers = available()
    resolved = ALIASES.get(name, name)
    if resolved not in matchers:
        raise UnknownMatcher(name, known_names(), field=field)
    return matchers[resolved]


def build_matcher(
    name: str,
    entities: Sequence[ScreenedEntity],
    data_version: str = "",
    *,
    field: str | None = None,
    queries: Sequence[tuple[str, str | None]] = (),
) -> PartyMatcher:
    """The matcher `name` built over `entities`, read from the persistent index cache when it
    holds the same list for the same code and data (`screening/cache.py`), kept long-lived.
    `queries` (name, country), when a batch is known: if the index has to be built, they are
    read meanwhile on the second core (`ahead.py`)."""
    from dualuse.screening.cache import cached_index
    from dualuse.screening.matchers.ahead import queries_read_ahead

    factory = get_matcher(name, field=field)
    resolved = ALIASES.get(name, name)

    def build() -> PartyMatcher:
        # what the build makes is kept (`keep`): nothing for the collector to find
        with queries_read_ahead(factory, entities, queries), _collector_paused():
            _spell_ahead(factory, entities)
            return factory(entities)

    return keep(cached_index(resolved, entities, build, data_version))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collections while a matcher is built: its forms, rows and units are
    hundreds of thousands of objects that all stay, and every collection would walk them."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _spell_ahead(factory: MatcherFactory, entities: Sequence[ScreenedEntity]) -> None:
    """A matcher that reads a small list's English words as katakana (crossscript: lists of up
    to `KATAKANA_ROWS` names) gets them spelt in batches first, not one model call a word
    (`normalise.transliteration.spell_ahead`; the same kana). The words of every written
    variant the matcher reads (NAGANOBANK as NAGANO BANK too), or those left out would each
    cost a call of the model when the list is indexed."""
    module = import_module(factory.__module__)
    limit = getattr(module, "KATAKANA_ROWS", None)
    if limit is None or sum(len(entity.names) for entity in entities) > limit:
        return
    from dualuse.screening.lexicon import default_lexicon
    from dualuse.screening.matchers.crossscript.forms import MIN_KATAKANA_WORD, glue_words, written_variants
    from dualuse.screening.normalise.transliteration import spell_ahead

    words = glue_words(default_lexicon())
    spell_ahead((written for entity in entities for name in entity.names for written in written_variants(name.value, words)), MIN_KATAKANA_WORD)


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
