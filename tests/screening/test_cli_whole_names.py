"""A Japanese body written in Chinese, which no word of its name translates, found through
`dualuse screen` (a subprocess, `conftest.screen_as_a_process`) because JMdict names it whole (`lexicon/whole_names.py`), and
said so in the explanation. The list is made up of real bodies' and companies' English names;
the queries are the names the Chinese press uses."""

from __future__ import annotations

import pytest

LIST = (
    "id,name,country\n"
    "p1,Acquisition Technology and Logistics Agency,JP\n"
    "p2,Japan Air Self-Defense Force,JP\n"
    "p3,Japan Airlines Co. Ltd.,JP\n"
    "p4,Japan Self-Defense Forces,JP\n"
    "p5,Joint Staff,JP\n"
    "p6,Japan Logistics Systems Corp.,JP\n"
)


@pytest.mark.parametrize(
    ("query", "english"),
    [
        ("航空自卫队", "Japan Air Self-Defense Force"),  # word by word, 航空 "airlines" met Japan Airlines first
        ("日本防卫装备厅", "Acquisition Technology and Logistics Agency"),  # 装备 is "equipment": word by word nothing met
    ],
)
def test_a_body_the_dictionary_names_whole_is_found_by_its_english_name(screen, tmp_path, query, english):
    best = next(row for row in screen(tmp_path, query, 3, LIST) if row["rank"] == "1")
    assert best["matched_name"] == english
    assert best["band"] in ("hit", "review")
    assert "(named whole by the dictionary)" in best["explanation"]


def test_a_name_the_dictionary_does_not_name_whole_is_read_word_by_word(screen, tmp_path):
    rows = screen(tmp_path, "日本物流系统株式会社", 3, LIST)
    assert all("named whole" not in row["explanation"] for row in rows)
