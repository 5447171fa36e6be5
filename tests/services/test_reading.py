"""A decision and a screening read by a reviewer: decisive reasons first, listed parties by name and
notice, and why a name matched, from the matcher's own explanation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dualuse.interfaces.api.runtime import Runtime, ScreenQuery
from dualuse.services.reading import decisive_first, listing, why_matched
from dualuse.transaction import read_transaction

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "transactions"


@pytest.fixture(scope="module")
def runtime() -> Runtime:
    return Runtime()


def test_the_prohibiting_reason_comes_first_and_alone_is_decisive(runtime: Runtime):
    decision = runtime.check(read_transaction(EXAMPLES / "02-jp-military-user-gsdf.json"), None).model_dump(mode="json")
    assert decision["reasons"][-1]["effect"] == "PROHIBITED"  # the engine lists it last
    ordered = decisive_first(decision)
    assert [r["rule"] for r in ordered if r["decisive"]] == ["JP-2026-1-MILITARY"]
    assert ordered[0]["rule"] == "JP-2026-1-MILITARY"
    assert [r["effect"] for r in ordered[1:]] == ["LICENCE_REQUIRED", "INFORMATION"]
    assert sorted(json.dumps(r, sort_keys=True) for r in decision["reasons"]) == sorted(
        json.dumps({k: v for k, v in r.items() if k != "decisive"}, sort_keys=True) for r in ordered)


def test_a_listed_party_is_named_in_the_readers_language_with_its_notice(runtime: Runtime):
    entity = runtime.entities["MOFCOM-2026-11-05"]
    instruments = runtime.regime.instruments
    zh, en = listing(entity, instruments, "zh"), listing(entity, instruments, "en")
    assert zh is not None and en is not None
    assert zh.name == "三菱重工海事系统株式会社" and en.name == "Mitsubishi Heavy Industries Maritime Systems, Ltd."
    notice = instruments["MOFCOM-2026-11"]
    assert zh.notice_url == notice.url and zh.notice_url.startswith("https://")
    assert zh.notice_title_zh == notice.title_zh and zh.listed_by_notice
    military = listing(runtime.entities["JP-MIL-GSDF"], instruments, "ja")
    assert military is not None and military.name == "陸上自衛隊" and not military.listed_by_notice
    assert listing(None, instruments, "en") is None


def test_why_a_name_matched_gives_the_reading_the_words_and_the_legal_forms(runtime: Runtime):
    result = runtime.screen([ScreenQuery("三菱重工マリタイムシステムズ株式会社", None)], 1)[0]
    why = why_matched(result.candidates[0].explanation)
    assert why is not None
    assert why.alias == result.candidates[0].matched_alias
    assert any(name.startswith("三菱") and "(read in Japanese)" in name and listed == "mitsubishi" for name, listed in why.words)
    assert "株式会社" in why.legal_forms[0]


def test_an_explanation_of_another_shape_is_left_as_written():
    assert why_matched("exact match on normalised name") is None
    why = why_matched("review 0.700: met the listed name \"O'Brien Ltd\". Words that met: none. Left over: obrian in the name"
                      " screened / - in the listed name. Legal forms set aside: - / ltd. Scores: x=0.70×1.")
    assert why is not None and why.alias == "O'Brien Ltd" and why.legal_forms == ("", "ltd") and why.words == ()
    assert why.left_over == ("obrian", "")
