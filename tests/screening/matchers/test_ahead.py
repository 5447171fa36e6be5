"""Query names read on the second core while a new list is indexed (screening/matchers/ahead.py).

The queries are the Chinese and Japanese names of the parties on the bundled lists, the list
their English names: real names, the cross-script case the helper is for. What must hold: the
helper's forms are exactly those `match` works out itself, `dualuse screen` answers the same
to the byte with and without it, and it only runs where it can pay (enough queries, the cache
on, an index to build).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest

from dualuse import runtime
from dualuse.screening import cache
from dualuse.screening.cache import Memo
from dualuse.screening.lexicon import default_lexicon
from dualuse.screening.matchers import build_matcher
from dualuse.screening.matchers.ahead import AHEAD_FROM, _Meeting
from dualuse.screening.matchers.crossscript import _query_forms
from dualuse.screening.normalise.text import has_cjk, has_kana
from dualuse.screening.sources import regime_entities

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or len(os.sched_getaffinity(0)) < 2, reason="the helper needs fork and two CPUs")


@pytest.fixture(scope="module")
def bundled():
    entities = regime_entities(runtime.regime())
    queries = [(name.value, entity.country) for entity in entities for name in entity.names if has_cjk(name.value)]
    english = [entity for entity in entities if any(name.value.isascii() for name in entity.names)]
    assert len(queries) >= AHEAD_FROM  # enough real names for the helper to start
    return entities, queries, english


@pytest.fixture()
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.delenv("DUALUSE_PROCESSES", raising=False)
    return tmp_path / "cache"


def stored_forms(queries, katakana):
    """The query forms on disk, as a new process would read them."""
    memo = Memo("crossscript query forms")
    return {name: memo.get((name, katakana, (country or "").upper() in {"KP", "KR"})) for name, country in queries}


def by_value(forms):
    """Forms compared by what they hold (a `Slot` is compared by identity: slots are shared
    within a process, and the memo's are unpickled copies)."""
    return [
        (form.written, [(slot.text, slot.alternatives, slot.descriptor) for slot in form.slots], form.cjk, form.legal_forms, form.translatable)
        for form in forms
    ]


def test_the_helper_leaves_every_querys_forms_as_match_works_them_out(bundled, fresh_cache):
    entities, queries, _ = bundled
    build_matcher("best", entities, queries=queries)  # the index is not cached: built, the queries read meanwhile
    katakana = any(has_kana(name.value) for entity in entities for name in entity.names)
    stored = stored_forms(queries, katakana)
    missing = [name for name, forms in stored.items() if forms is None]
    assert not missing  # this process read none of them: the helper did, and saved them
    lexicon = default_lexicon()
    for name, country in queries:
        assert by_value(stored[name]) == by_value(_query_forms(name, lexicon, katakana, (country or "").upper() in {"KP", "KR"})), name


def test_no_helper_for_a_few_queries_or_without_the_cache(bundled, fresh_cache, monkeypatch):
    entities, queries, _ = bundled
    few = queries[: AHEAD_FROM - 1]
    build_matcher("best", entities, queries=few)
    katakana = any(has_kana(name.value) for entity in entities for name in entity.names)
    assert all(forms is None for forms in stored_forms(few, katakana).values())
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    build_matcher("best", entities, queries=queries)  # built (nothing read or written), no helper
    monkeypatch.delenv(cache.NO_CACHE_ENV)
    assert all(forms is None for forms in stored_forms(queries, katakana).values())
    monkeypatch.setenv("DUALUSE_PROCESSES", "1")  # one process asked for: no helper either
    cache.clear()  # the index to build again
    build_matcher("best", entities, queries=queries)
    build_matcher("normalised", entities, queries=queries)  # a matcher without the hook
    assert all(forms is None for forms in stored_forms(queries, katakana).values())


def test_dualuse_screen_answers_the_same_with_the_helper_as_without_any_cache(bundled, tmp_path):
    _, queries, english = bundled
    with open(tmp_path / "queries.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "country"])
        writer.writerows((f"q{n}", name, country or "") for n, (name, country) in enumerate(queries))
    with open(tmp_path / "list.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "country"])
        writer.writerows((entity.entity_id, next(n.value for n in entity.names if n.value.isascii()), entity.country or "") for entity in english)
    environment = dict(os.environ, DUALUSE_CACHE_DIR=str(tmp_path / "cache"))
    environment.pop(cache.NO_CACHE_ENV, None)

    def screen(*extra):
        return subprocess.run(
            [sys.executable, "-m", "dualuse.interfaces.cli", "screen", tmp_path / "queries.csv", "--list", tmp_path / "list.csv", *extra],
            capture_output=True, text=True, env=environment, timeout=600, check=False,
        )

    first = screen()  # a new list: the helper reads the queries
    plain = screen("--no-cache")
    assert first.returncode == 0 and plain.returncode == 0, first.stderr + plain.stderr
    assert first.stdout == plain.stdout
    assert len(first.stdout.splitlines()) > len(queries)  # candidates for the queries, not an empty answer
    assert "Traceback" not in first.stderr
    assert any(path.suffix == ".memo" for path in (tmp_path / "cache").iterdir())


@pytest.mark.parametrize("helper_steps_per_turn", [1, 2, 5])
def test_the_two_processes_read_every_query_between_them_and_meet_once(helper_steps_per_turn):
    """The helper reads from the first query, this process from the last, turn about (at
    different speeds); together they read each query, and at most one twice."""
    queries = [(f"name {n}", None) for n in range(101)]
    meeting = _Meeting(len(queries))
    forwards, backwards = meeting.forwards(queries), meeting.backwards(queries)
    read: list[tuple[str, None]] = []
    going = {"helper": True, "here": True}
    while any(going.values()):
        for _ in range(helper_steps_per_turn):
            if going["helper"]:
                step = next(forwards, None)
                going["helper"] = step is not None
                read.extend([step] if step else [])
        if going["here"]:
            step = next(backwards, None)
            going["here"] = step is not None
            read.extend([step] if step else [])
    assert set(read) == set(queries)
    assert len(read) - len(queries) <= 1
