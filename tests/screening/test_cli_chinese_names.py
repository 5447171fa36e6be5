"""A real listed party found from its Chinese name through `dualuse screen` (a subprocess),
against a list of the bundled parties' English names only: the Chinese name must be read
(CC-CEDICT words and names, pinyin, transcriptions by sound), not compared as written."""

from __future__ import annotations

import csv

import pytest

from dualuse.regime.loader import load_regime
from dualuse.screening.sources import regime_entities
from dualuse.screening.normalise.text import has_cjk


@pytest.fixture(scope="module")
def parties():
    """(Chinese name, English name) of every bundled party that has both."""
    found = {}
    for entity in regime_entities(load_regime()):
        chinese = [n.value for n in entity.names if has_cjk(n.value)]
        english = [n.value for n in entity.names if not has_cjk(n.value)]
        if chinese and english:
            found[english[0]] = chinese[0]
    return found


@pytest.fixture(scope="module")
def english_list(parties, tmp_path_factory):
    folder = tmp_path_factory.mktemp("chinese")
    with open(folder / "list.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name"])
        writer.writerows((f"p{number}", english) for number, english in enumerate(sorted(parties), 1))
    return folder


@pytest.mark.parametrize(
    "english",
    [
        "Hudson Technologies Co.",  # 哈德森 Hudson in CC-CEDICT, 技术 technology
        "Exovera",  # a transcription CC-CEDICT lacks, read by sound
        "Red Cat Holdings, Inc.",  # 红猫控股公司: no dictionary word spells 红猫, the meanings of its characters do
        "Japan Marine United Corporation",  # 日本海洋联合株式会社: simplified Chinese, so CC-CEDICT's 联合 "united" first
    ],
)
def test_listed_party_found_from_its_chinese_name(screen, parties, english_list, english):
    best = next(row for row in screen(english_list, parties[english], 3) if row["rank"] == "1")
    assert best["matched_name"] == english
    assert best["band"] in ("hit", "review")
    how = ("read in Chinese", "translated by the dictionary", "read as a rendering of a foreign name", "spelt by the meanings of its characters")
    assert any(words in best["explanation"] for words in how)


def test_a_chinese_name_meets_its_english_name_through_an_adjective(screen, tmp_path):
    """`dualuse screen` as a process: 中国伊斯兰教协会 ("China Islam association" word for word) is
    a hit on the Chinese Islamic Association, through WordNet's adjective of China."""
    parties = "id,name,country\nislamic,Chinese Islamic Association,CN\naffairs,China Islamic Affairs Office,CN\nscience,China Association for Science,CN\n"
    best = next(row for row in screen(tmp_path, "中国伊斯兰教协会", 3, parties, country="CN") if row["rank"] == "1")
    assert (best["matched_name"], best["band"]) == ("Chinese Islamic Association", "hit")
    assert "as its adjective" in best["explanation"]


def test_a_word_of_meaning_is_not_met_by_its_sound(screen, tmp_path):
    """`dualuse screen` as a process: 中华航空公司 (China Airlines) is not the Chinese University of
    Hong Kong, whose Hong Kong the pinyin of 航空 "aviation", hangkong, missed by a letter."""
    rows = screen(tmp_path, "中华航空公司", 2, "id,name\nairline,China Airlines\ncuhk,Chinese University of Hong Kong\n")
    assert rows[0]["matched_name"] == "China Airlines"
    assert all("hong kong" not in row["explanation"] for row in rows)


def test_a_form_before_of_a_place_is_set_aside_like_the_chinese_one(screen, tmp_path):
    """`dualuse screen` as a process: 中国航空工业集团公司 sets 公司 aside, and Aviation Industry
    Corporation of China now sets its Corporation aside too (before, a word no Chinese word met,
    and China North Industries Group Corporation, whose form ends the name, came first)."""
    parties = "id,name\navic,Aviation Industry Corporation of China\nnorinco,China North Industries Group Corporation\n"
    best = screen(tmp_path, "中国航空工业集团公司", 2, parties)[0]
    assert best["matched_name"] == "Aviation Industry Corporation of China"
    assert "Legal forms set aside: 公司 / corporation" in best["explanation"]


def test_a_chinese_rendering_is_not_met_by_an_english_words_katakana(screen, tmp_path):
    """`dualuse screen` as a process: 诺沃特公司 (Novotech) is no hit on DKK. The katakana Japanese
    would write DKK in met the Japanese reading of the characters 诺沃特, and scored 1.0; but
    English is written in katakana, not kanji, so a guessed katakana meets kana readings only."""
    rows = screen(tmp_path, "诺沃特公司", 2, "id,name\nnovotech,\"Novotech, Inc.\"\ndkk,\"DKK Co.,Ltd.\"\n")
    assert rows[0]["matched_name"] == "Novotech, Inc."
    assert all("as it is written in katakana" not in row["explanation"] for row in rows)
    assert all(row["band"] == "clear" for row in rows if row["matched_name"] == "DKK Co.,Ltd.")


def test_a_generic_word_the_chinese_name_drops_does_not_make_the_names_unlike(screen, tmp_path):
    """`dualuse screen` as a process: 安杜里尔公司 is Anduril Industries, its Industries dropped
    in Chinese. With the Chinese name met whole, the generic word left over is left out of the
    names compared as written ('andulier' was compared with 'andurilindustries'), and Anduril
    no longer trails ANDOR, a Japanese company one letter from the rendering's spelling."""
    parties = "id,name,country\nanduril,Anduril Industries,US\nandor,\"ANDOR Co.,Ltd.\",JP\nsolutions,Anduril Solutions,US\n"
    rows = screen(tmp_path, "安杜里尔公司", 3, parties, country="US")
    assert rows[0]["matched_name"] == "Anduril Industries" and "edit_similarity=1.00" in rows[0]["explanation"]
    assert "industries (a generic word, not compared as written) in the listed name" in rows[0]["explanation"]
    # a word that is not generic still counts: Solutions is part of the name
    solutions = next(row for row in rows if row["matched_name"] == "Anduril Solutions")
    assert "edit_similarity=1.00" not in solutions["explanation"]


def test_a_reading_of_part_of_a_chinese_name_meets_nothing(screen, tmp_path):
    """`dualuse screen` as a process: MeCab reads 卡特彼勒 (Caterpillar) "?? kare ?", only its
    彼, and that "kare" met Care Service whole (review 0.76). A reading of part of the piece is
    no reading of it: Care Service is clear."""
    parties = "id,name,country\ncat,Caterpillar Inc.,US\ncare,\"Care Service Co., Ltd.\",JP\n"
    rows = screen(tmp_path, "卡特彼勒公司", 2, parties, country="US")
    assert rows[0]["matched_name"] == "Caterpillar Inc."
    assert [row["band"] for row in rows if row["matched_name"] == "Care Service Co., Ltd."] == ["clear"]
