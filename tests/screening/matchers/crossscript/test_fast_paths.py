"""The speed-ups change no answer: kept row units, the dense accumulator, the retrieval floor."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dualuse.screening.matchers.crossscript as crossscript
import dualuse.screening.matchers.crossscript.index as index_module
from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.screening.matchers.crossscript import CrossScriptMatcher
from dualuse.screening.matchers.crossscript.forms import name_form

NAMES = [
    "Mitsubishi Heavy Industries Maritime Systems, Ltd.",
    "三菱重工航空发动机株式会社",
    "TDK Corporation",
    "Sona",
    "Kawasaki Heavy Industries Aerospace Systems Company",
    "Japan Marine United Corporation",
    "SUBARU Corporation",
    "富士通防卫与国家安全株式会社",
    "SAKATA SEED CORPORATION",
    "YUKIGUNI FACTORY CO.,LTD.",
    "ユキグニファクトリー株式会社",
    "I JET GLOBAL DMCC",
]
QUERIES = ["三菱重工海事系统株式会社", "ＴＤＫ株式会社", "Sony", "Subaru Corp", "サカタのタネ", "Yukiguni Factroy", "三菱重工業"]
ENTITIES = [ScreenedEntity(f"e{i}", (ScreenedName(n),), "JP") for i, n in enumerate(NAMES)]


def answers(matcher):
    return [[(m.entity_id, m.score, m.band, m.explanation) for m in matcher.match(q, "JP", 5)] for q in QUERIES]


def test_row_units_kept_or_not_give_the_same_answers(monkeypatch):
    eager = answers(CrossScriptMatcher(ENTITIES))
    monkeypatch.setattr(crossscript, "ROW_UNITS_AT_BUILD", 0)
    monkeypatch.setattr(crossscript, "ROW_UNITS_KEPT", 2)  # forgets constantly
    assert answers(CrossScriptMatcher(ENTITIES)) == eager


def test_dense_and_sparse_accumulators_agree(monkeypatch):
    dense = answers(CrossScriptMatcher(ENTITIES))
    monkeypatch.setattr(index_module, "DENSE_ROWS", 0)
    assert answers(CrossScriptMatcher(ENTITIES)) == dense


@pytest.mark.parametrize("query", ["A" * 10_000, "三菱" * 5_000, "\x00\x07 TDK \u200b", ""])
def test_pathological_queries_get_an_answer(query):
    matcher = CrossScriptMatcher(ENTITIES)
    for match in matcher.match(query, None, 3):
        assert 0.0 <= match.score <= 1.0


MIXED = st.text(
    st.sampled_from(list("三菱重工業株式会社海事系统ＴＤＫカワサキマリタイムシステムズ有限公司abcXYZ .,&()（）-・\u3000\t")) | st.characters(),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(MIXED)
def test_name_form_never_fails_and_counts_its_translations(text):
    form = name_form(text)
    assert form.translatable == sum(any(a.label == "translation" for a in s.alternatives) for s in form.slots)
    assert all(alt.keys and all(k.isascii() for k in alt.keys) for s in form.slots for alt in s.alternatives)
