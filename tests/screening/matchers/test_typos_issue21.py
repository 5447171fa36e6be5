"""Issue 21 on the names the product ships: one typo in a listed party's English name keeps it
found (a hit when the misspelt word is long enough to be a typo rather than another word), a
name of only legal forms never meets anything, and an English word's guessed katakana alone is
never a hit. Through the matchers, and through `dualuse screen` as a process."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from dualuse.regime.loader import load_regime
from dualuse.screening.sources import regime_entities
from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.screening.matchers import get_matcher
from dualuse.screening.matchers.crossscript import CrossScriptMatcher
from dualuse.screening.matchers.normalised import NormalisedMatcher, normalise
from dualuse.vocabulary import Band

# (one typo, the name as the bundled lists write it): the typo in a word of six letters or more
TYPOS = [
    ("Skydoi, Inc.", "Skydio, Inc."),  # a swap: the key matched at 0.83, under the hit coverage
    ("Mitsubishi Nulcear Fuel Co., Ltd.", "Mitsubishi Nuclear Fuel Co., Ltd."),  # keys two letters apart
    ("Teal Droes", "Teal Drones"),  # a deletion: the word did not meet at all
    ("SUBRAU Corporation", "SUBARU Corporation"),
    ("Terra Drone Corproation", "Terra Drone Corporation"),  # in the legal form
]


@pytest.fixture(scope="module")
def bundled():
    return regime_entities(load_regime())


@pytest.fixture(scope="module")
def best(bundled):
    return get_matcher("best")(bundled)


def _owners(entities, listed: str) -> set[str]:
    return {e.entity_id for e in entities if any(n.value == listed for n in e.names)}


@pytest.mark.parametrize(("query", "listed"), TYPOS)
def test_one_typo_in_a_listed_name_is_a_hit_for_the_right_party(bundled, best, query, listed):
    owners = _owners(bundled, listed)
    assert owners, listed
    matches = best.match(query)
    assert matches[0].entity_id in owners
    assert matches[0].band is Band.HIT


@pytest.mark.parametrize(("query", "listed"), [("AEVOX", "Aveox, Inc."), ("Human Rights in Crina", "Human Rights in China")])
def test_a_typo_in_a_short_word_is_found_for_review(bundled, best, query, listed):
    # five letters one edit apart are another name as often as a typo: found, for a person to judge
    matches = best.match(query)
    right = [m for m in matches if m.entity_id in _owners(bundled, listed)]
    assert right and right[0].band in (Band.REVIEW, Band.HIT)


@pytest.mark.parametrize("query", ["TOKEN CORPORATION", "NIPPO CORPORATION"])
def test_another_company_one_letter_from_a_listed_five_letter_name_is_no_hit(best, query):
    # TOKEN / Tokin, NIPPO / NIPPI: unlisted Japanese companies, one letter from listed ones
    assert all(m.band is not Band.HIT for m in best.match(query))


@pytest.mark.parametrize("query", ["LIMITED", "(LLC)", "Trading Co., Ltd.", "LIMITED LIABILUITY COMPANY", "有限公司"])
def test_a_name_of_only_legal_forms_meets_nothing(best, query):
    assert [m for m in best.match(query) if m.band is not Band.CLEAR] == []


def test_an_english_words_katakana_alone_is_no_hit_without_the_countries():
    entities = [ScreenedEntity("acom", (ScreenedName("アコム株式会社"),), "JP"), ScreenedEntity("aerkomm", (ScreenedName("Aerkomm Inc."),), "US")]
    matcher = CrossScriptMatcher(entities)
    matches = {m.entity_id: m for m in matcher.match("Arkomm Inc.")}
    assert matches["aerkomm"].band is Band.HIT
    assert matches["acom"].band is not Band.HIT  # met only through ARKOMM's guessed katakana
    # the same reading with the countries known and equal: a Japanese company's English name
    assert {m.entity_id: m.band for m in matcher.match("Acom Co., Ltd.", "JP")}["acom"] is Band.HIT


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("LMIITED LIABILITY COMPANY VERUS", "verus"),
        ("VELESSTROI LIMITED LIABILITY COMPEANY", "velesstroi"),
        ("ＴＤＫ株式会社", "tdk"),
        ("COMANY Inc.", "comany"),  # a name that only looks like a form stays a name
        ("LIMITED", ""),
        ("(LLC)", ""),
        ("Trading Co., Ltd.", ""),
        ("有限公司", ""),
    ],
)
def test_the_normalised_key_sets_aside_the_yaml_legal_forms_with_typos(name, key):
    assert normalise(name) == key


def test_the_normalised_matcher_finds_a_misspelt_form_and_never_indexes_forms_alone():
    entities = [
        ScreenedEntity("verus", (ScreenedName("LIMITED LIABILITY COMPANY VERUS"), ScreenedName("LIMITED"))),
        ScreenedEntity("acme", (ScreenedName("ACME TRADING CO., LTD."), ScreenedName("(LLC)"))),
    ]
    matcher = NormalisedMatcher(entities)
    found = matcher.match("LMIITED LIABILITY COMPANY VERUS")
    assert [(m.entity_id, m.band) for m in found] == [("verus", Band.HIT)]
    assert matcher.match("LIMITED") == [] and matcher.match("LLC") == [] and matcher.match("Company Limited") == []


def _screen(tmp_path: Path, queries: str, *options: str) -> list[dict[str, str]]:
    (tmp_path / "queries.csv").write_text("id,name,country\n" + queries, encoding="utf-8")
    dualuse = Path(sys.executable).parent / "dualuse"
    done = subprocess.run([str(dualuse), "screen", "queries.csv", *options], check=False, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def _first(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["query_id"]: r for r in rows if r["rank"] == "1"}


def test_dualuse_screen_answers_typos_of_bundled_names_with_the_party_at_hit(tmp_path, bundled):
    first = _first(_screen(tmp_path, "".join(f'q{i},"{query}",\n' for i, (query, _) in enumerate(TYPOS)) + "q9,LIMITED,\n"))
    for i, (_, listed) in enumerate(TYPOS):
        assert first[f"q{i}"]["entity_id"] in _owners(bundled, listed)
        assert first[f"q{i}"]["band"] == "hit"
    assert "q9" not in first  # a legal form alone is compared with nothing


def test_dualuse_screen_keeps_a_katakana_namesake_from_hit_and_the_normalised_matcher_reads_misspelt_forms(tmp_path):
    (tmp_path / "list.csv").write_text("id,name,aliases,country\nacom,アコム株式会社,,JP\naerkomm,Aerkomm Inc.,,US\nverus,LIMITED LIABILITY COMPANY VERUS,LIMITED,RU\n", encoding="utf-8")
    rows = _screen(tmp_path, "q1,Arkomm Inc.,\n", "--list", "list.csv", "--top", "5")
    assert (_first(rows)["q1"]["entity_id"], _first(rows)["q1"]["band"]) == ("aerkomm", "hit")
    assert [r["band"] for r in rows if r["entity_id"] == "acom"] in (["review"], ["clear"], [])
    plain = _first(_screen(tmp_path, "q1,LMIITED LIABILITY COMPANY VERUS,\nq2,LIMITED,\n", "--list", "list.csv", "--matcher", "normalised"))
    assert (plain["q1"]["entity_id"], plain["q1"]["band"]) == ("verus", "hit")
    assert "q2" not in plain
