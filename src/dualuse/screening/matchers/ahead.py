"""A batch's query names read on the second core while this process builds the list's index.

A first screening of a new list spends its time twice over before any query is compared: the
list is indexed (its names read, its English words spelt in katakana) and every query name is
read (pykakasi, MeCab, pypinyin, the dictionaries). The two do not depend on each other, so
when the index has to be built, a forked helper process reads the queries meanwhile, from the
first on, and leaves their forms in the persistent memo (`screening/cache.py`, the same memo a
second run reads). When the index is built and many queries are left, this process reads them
too, from the last one back, until the two meet; then it waits for the helper and reads its
memo. The answers are the same to the byte: the memo holds what `match` would work out itself
(tests/screening/matchers/test_ahead.py).

Only where it can pay and cannot harm: a matcher that offers `remember_queries`, at least
`AHEAD_FROM` queries, the cache enabled (the memo is how the forms come back), `os.fork` on
Linux and two CPUs or more (`parallel.cores`: `DUALUSE_PROCESSES=1` keeps to one process). The helper never writes to standard output or error and leaves
with `os._exit` (no exit handlers of this process run twice); if it fails, the queries it did
not save are read here as they are screened.
"""

from __future__ import annotations

import mmap
import os
import signal
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from dualuse.screening.base import MatcherFactory, ScreenedEntity

AHEAD_FROM = 200
"""Queries from which a helper process is worth its start (a fork and the readers' loading,
some 0.3 s on the helper's core)."""
AHEAD_AT_MOST = 50_000
"""Queries read ahead at most (the first ones): their forms must fit the memo
(`cache.MEMO_KEPT` a shard); the rest are read as they are screened."""
HELP_FROM = 2_000
"""Queries the helper has still to read for this process to join in once the index is built
(below it, loading the readers here would cost more than the helper needs to finish). Not
while the helper is still on its first query: then it is loading what both would need (the
first run of new code builds the lexicon's tables), and this process would only load it too."""

Query = tuple[str, "str | None"]


def _worth_it(factory: MatcherFactory, queries: Sequence[Query]) -> bool:
    from dualuse.screening import cache, parallel

    return len(queries) >= AHEAD_FROM and hasattr(factory, "remember_queries") and cache.enabled() and parallel.cores() >= 2


class _Meeting:
    """Where the two processes are, in a page of memory they share: the query the helper
    reads now, and the first query this process has taken (the helper stops before it). A
    query both take at the same moment is read twice, to the same forms."""

    def __init__(self, count: int):
        self._page = mmap.mmap(-1, 16)  # anonymous and shared: both processes see each write
        self.helper_at = 0
        self.taken_from = count

    @property
    def helper_at(self) -> int:
        return int(struct.unpack_from("q", self._page, 0)[0])

    @helper_at.setter
    def helper_at(self, value: int) -> None:
        struct.pack_into("q", self._page, 0, value)

    @property
    def taken_from(self) -> int:
        return int(struct.unpack_from("q", self._page, 8)[0])

    @taken_from.setter
    def taken_from(self, value: int) -> None:
        struct.pack_into("q", self._page, 8, value)

    def forwards(self, queries: Sequence[Query]) -> Iterator[Query]:
        """The helper's queries: from the first, until this process's."""
        for number, query in enumerate(queries):
            if number >= self.taken_from:
                return
            self.helper_at = number
            yield query
        self.helper_at = len(queries)

    def backwards(self, queries: Sequence[Query]) -> Iterator[Query]:
        """This process's queries: from the last, until the helper's."""
        for number in range(len(queries) - 1, -1, -1):
            if number <= self.helper_at:
                return
            self.taken_from = number
            yield queries[number]


@contextmanager
def queries_read_ahead(factory: MatcherFactory, entities: Sequence[ScreenedEntity], queries: Sequence[Query]) -> Iterator[None]:
    """While the block runs (the index being built), a helper process reads `queries` into the
    memo; after it, this process reads the last of them if many are left, waits for the helper
    and has its memos read again what the helper wrote."""
    if not _worth_it(factory, queries):
        yield
        return
    from dualuse.screening import cache

    ahead = queries[:AHEAD_AT_MOST]
    meeting = _Meeting(len(ahead))
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        yield
        return
    if pid == 0:  # the helper
        _helper(factory, entities, meeting.forwards(ahead), parent)
    try:
        yield
    except BaseException:
        os.kill(pid, signal.SIGKILL)  # the build failed: these queries will not be screened
        os.waitpid(pid, 0)
        raise
    try:
        if 0 < meeting.helper_at < len(ahead) - HELP_FROM:  # under way, and far from done
            factory.remember_queries(entities, meeting.backwards(ahead))  # type: ignore[attr-defined]
    finally:
        os.waitpid(pid, 0)
        cache.refresh_memos()


def _helper(factory: MatcherFactory, entities: Sequence[ScreenedEntity], queries: Iterator[Query], parent: int) -> None:
    """Read the queries, save the memo, leave without exit handlers."""
    code = 1
    try:
        from dualuse.screening.parallel import die_with_parent

        die_with_parent(parent)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        from dualuse.screening import cache

        factory.remember_queries(entities, queries)  # type: ignore[attr-defined]
        cache.save_memos()
        code = 0
    except BaseException:  # noqa: BLE001 - the parent reads whatever is missing itself
        pass
    finally:
        os._exit(code)
