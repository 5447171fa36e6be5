"""The general dictionary's glosses: what is taken from JMdict, and that every row says where from."""

from __future__ import annotations

import csv
import sqlite3
from importlib import resources

import pytest

from dualuse.screening.lexicon import COLUMNS, DICTIONARY, DICTIONARY_FILE
from dualuse.screening.lexicon.dictionary import dictionary_rows, gloss_words, main

SCHEMA = """
CREATE TABLE Kanji (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT);
CREATE TABLE KJP (kid INTEGER, text TEXT);
CREATE TABLE Sense (ID INTEGER PRIMARY KEY, idseq INTEGER);
CREATE TABLE pos (sid INTEGER, text TEXT);
CREATE TABLE SenseGloss (sid INTEGER, lang TEXT, gend TEXT, text TEXT);
CREATE TABLE Kana (ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT, nokanji BOOLEAN);
CREATE TABLE KNP (kid INTEGER, text TEXT);
"""


def jmdict(entries) -> sqlite3.Connection:
    """A JMdict in jamdict's schema: (entry, term, common?, [(parts of speech, [glosses])])."""
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    for entry, term, common, senses in entries:
        table, priority = ("Kana", "KNP") if all("\u30a0" <= c <= "\u30ff" for c in term) else ("Kanji", "KJP")
        written = db.execute(f"INSERT INTO {table} (idseq, text) VALUES (?, ?)", (entry, term)).lastrowid
        if common:
            db.execute(f"INSERT INTO {priority} VALUES (?, 'news1')", (written,))
        for pos, glosses in senses:
            sense = db.execute("INSERT INTO Sense (idseq) VALUES (?)", (entry,)).lastrowid
            db.executemany("INSERT INTO pos VALUES (?, ?)", [(sense, p) for p in pos])
            db.executemany("INSERT INTO SenseGloss VALUES (?, 'eng', NULL, ?)", [(sense, g) for g in glosses])
    return db


@pytest.mark.parametrize(
    ("gloss", "words"),
    [
        ("radio (communication)", "radio"),
        ("Electric Cable", "electric cable"),
        ("to transmit", None),  # a verb
        ("the sun", None),
        ("steel manufacture plant", None),  # a phrase, not a name word
        ("Ｘ線", None),
        ("", None),
    ],
)
def test_a_gloss_is_kept_only_as_a_plain_name_word(gloss, words):
    assert gloss_words(gloss) == words


def test_common_nouns_of_two_to_four_ideographs_or_three_to_eight_katakana_from_their_first_two_senses():
    db = jmdict(
        [
            (1530380, "無線", True, [(["noun (common) (futsuumeishi)"], ["radio (communication)", "wireless"])]),
            (1000001, "照明", False, [(["noun (common) (futsuumeishi)"], ["lighting"])]),  # not common
            (1000002, "走る", True, [(["Godan verb"], ["to run"])]),  # not ideographs only
            (1000003, "海", True, [(["noun (common) (futsuumeishi)"], ["sea"])]),  # one character
            (1000004, "電線", True, [(["noun (common) (futsuumeishi)"], ["electric line"]), ([], ["power cable"]), ([], ["telegraph wire"])]),
            (1000005, "大変", True, [(["adjectival nouns"], ["very"]), (["noun (common) (futsuumeishi)"], ["disaster"])]),
            (1047300, "グループ", True, [(["noun (common) (futsuumeishi)"], ["group"])]),
            (1000006, "ホールディングス", False, [(["noun (common) (futsuumeishi)"], ["holdings"])]),  # not common
            (1000007, "キー", True, [(["noun (common) (futsuumeishi)"], ["key"])]),  # too short to split names by
        ]
    )
    rows = list(dictionary_rows(db, "1.5"))
    assert [(r["term"], r["translation"]) for r in rows] == [
        ("無線", "radio"),
        ("無線", "wireless"),
        ("電線", "electric line"),
        ("電線", "power cable"),  # the second sense inherits the first's part of speech; the third is not read
        ("大変", "disaster"),
        ("グループ", "group"),
    ]
    assert rows[0]["kind"] == DICTIONARY
    assert rows[0]["source"] == "JMdict 1530380 sense 1 (EDRDG, CC BY-SA 4.0; jamdict-data 1.5)"


def test_the_builder_says_where_to_get_the_dictionary(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["--jamdict-db", str(tmp_path / "missing.db"), "--out", str(tmp_path / "out.tsv")])
    assert "pip install jamdict-data" in capsys.readouterr().err
    assert not (tmp_path / "out.tsv").exists()


def test_every_shipped_dictionary_row_names_its_jmdict_entry():
    text = resources.files("dualuse.screening").joinpath(DICTIONARY_FILE).read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    assert len(rows) > 10_000
    assert all(tuple(r) == COLUMNS and r["kind"] == DICTIONARY and r["source"].startswith("JMdict ") for r in rows)
    assert {"radio", "wireless"} <= {r["translation"] for r in rows if r["term"] == "無線"}
