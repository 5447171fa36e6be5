"""Names JMdict and JMnedict give whole (`lexicon/whole_names.py`): which glosses are names, the
generator on a small database of jamdict's shape and as a process, and the shipped rows."""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib import resources

import pytest

from dualuse.screening.lexicon import WHOLE_NAME, WHOLE_NAMES_FILE, whole_names
from dualuse.screening.lexicon.whole_names import jmdict_names, proper_name, whole_name_rows

JMDICT = [  # (entry, kanji, gloss)
    (2843087, "防衛装備庁", "Acquisition, Technology & Logistics Agency (of the Ministry of Defense)"),
    (1631330, "航空自衛隊", "Japan Air Self-Defense Force"),
    (1317410, "自衛隊", "self-defense force"),  # a word: not a name
    (1580640, "日本", "Japan"),  # one word: JMdict's word glosses give it
]
JMNEDICT = [  # (entry, kanji, kind, English)
    (5283845, "航空自衛隊", "organization", "Air Self-Defense Force"),
    (5582529, "日本原燃", "company", "Japan Nuclear Fuel Ltd."),
    (5000006, "防衛", "surname", "Bouei"),  # no company
]


@pytest.mark.parametrize(
    ("gloss", "name"),
    [
        ("Acquisition, Technology & Logistics Agency (of the Ministry of Defense)", "Acquisition, Technology & Logistics Agency"),
        ("Ministry of Defense", "Ministry of Defense"),
        ("the Three Sacred Treasures", "the Three Sacred Treasures"),
        ("self-defense force", None),  # a word
        ("Japan", None),  # one word
        ("Japan's defence", None),  # not every word capitalised
        ("国連 (United Nations)", None),  # not plain Latin
    ],
)
def test_a_gloss_is_a_name_when_its_words_are_capitalised(gloss, name):
    assert proper_name(gloss) == name


def test_rows_are_canonical_jmdict_first_and_name_their_entry(jamdict, tmp_path):
    db = jamdict(tmp_path / "jamdict.db", JMDICT, JMNEDICT)
    jmnedict = [(entry, kanji, english) for entry, kanji, kind, english in JMNEDICT if kind != "surname"]
    rows = whole_name_rows(jmdict_names(db), jmnedict, "1.5")
    by_term: dict[str, list[str]] = {}
    for row in rows:
        by_term.setdefault(row["term"], []).append(row["translation"])
    assert by_term == {
        "防卫装备厅": ["Acquisition, Technology & Logistics Agency"],
        "航空自卫队": ["Japan Air Self-Defense Force", "Air Self-Defense Force"],
        "日本原燃": ["Japan Nuclear Fuel Ltd."],
    }
    assert {row["kind"] for row in rows} == {WHOLE_NAME}
    sources = {row["translation"]: row["source"] for row in rows}
    assert sources["Acquisition, Technology & Logistics Agency"] == "JMdict 2843087 防衛装備庁 (EDRDG, CC BY-SA 4.0; jamdict-data 1.5)"
    assert sources["Air Self-Defense Force"] == "JMnedict 5283845 航空自衛隊 (EDRDG, CC BY-SA 4.0; jamdict-data 1.5)"


def test_generator_as_a_process_writes_the_table_and_refuses_what_is_no_jamdict_database(jamdict, refuses, tmp_path):
    jamdict(tmp_path / "jamdict.db", JMDICT, JMNEDICT).close()
    out = tmp_path / "whole.tsv"
    command = [sys.executable, "-m", "dualuse.screening.lexicon.whole_names", "--out", str(out)]
    done = subprocess.run([*command, "--jamdict-db", str(tmp_path / "jamdict.db")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert rows[0] == ["term", "translation", "kind", "source"]
    assert ["日本原燃", "Japan Nuclear Fuel Ltd.", WHOLE_NAME] in [row[:3] for row in rows]
    assert "防卫" not in [row[0] for row in rows]  # a surname is no company

    out.unlink()
    refuses(command, tmp_path / "nowhere.db", "nowhere.db: no such file")
    (tmp_path / "other.db").write_bytes(b"not a database at all" * 100)
    refuses(command, tmp_path / "other.db", "not a jamdict database with JMdict and JMnedict")
    jamdict(tmp_path / "empty.db").close()  # the tables, no entry
    refuses(command, tmp_path / "empty.db", "gives a whole name")
    assert not out.exists()


def test_shipped_rows_say_where_from_and_are_found_in_either_script():
    text = resources.files("dualuse.screening").joinpath(WHOLE_NAMES_FILE).read_text("utf-8")
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["term", "translation", "kind", "source"] and len(rows) > 5000
    assert all(kind == WHOLE_NAME and source.startswith(("JMdict ", "JMnedict ")) and "CC BY-SA 4.0" in source for _, _, kind, source in rows[1:])
    # written in Japan (防衛装備庁) or in simplified Chinese (防卫装备厅), the same name
    assert whole_names("防衛装備庁") == whole_names("防卫装备厅") == ("Acquisition, Technology & Logistics Agency",)
    assert "Japan Air Self-Defense Force" in whole_names("航空自衛隊")
    assert whole_names("研究所") == ()  # a word, glossed by JMdict as a word
