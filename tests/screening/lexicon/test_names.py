"""Word glosses learned from JMnedict's names of companies and organisations (`lexicon/names.py`):
from a small JMnedict database of the same shape, the shipped rows, and the generator as a process."""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib import resources

import pytest

from dualuse.screening.lexicon import DICTIONARY, NAMES_FILE, Lexicon, default_lexicon, dictionary_rows
from dualuse.screening.lexicon.learn import learn
from dualuse.screening.lexicon.names import name_pairs, name_rows

ENTRIES = [  # (entry, kanji, kind, English): securities companies, drug makers, a bank, and a surname
    (5000001, "松井証券", "company", "Matsui Securities (Japanese online securities firm)"),
    (5000002, "大和証券", "company", "Daiwa Securities"),
    (5000003, "野村証券", "company", "Nomura Securities"),
    (5000004, "丸三証券", "company", "Marusan Securities"),
    (5000011, "大塚製薬", "company", "Otsuka Pharmaceutical"),
    (5000012, "第一製薬", "company", "Daiichi Pharmaceutical"),
    (5000013, "中外製薬", "company", "Chugai Pharmaceutical"),
    (5000014, "万有製薬", "company", "Banyu Pharmaceutical"),
    (5000015, "アステラス製薬", "company", "Astellas Pharma"),  # the word is in four of five
    (5000005, "三井住友銀行", "company", "Sumitomo Mitsui Banking Corporation"),
    (5000006, "証券", "surname", "Shouken"),
]


def test_companies_and_organisations_are_read_with_their_notes_removed(jamdict, tmp_path):
    pairs = name_pairs(jamdict(tmp_path / "jamdict.db", (), ENTRIES))
    assert [(p.source, p.english) for p in pairs][:2] == [("松井証券", "Matsui Securities"), ("大和証券", "Daiwa Securities")]  # note removed
    assert "証券" not in [p.source for p in pairs]  # a surname is no company


def test_a_trade_word_several_names_translate_alike_is_learned_with_its_support(jamdict, tmp_path):
    rows = name_rows(name_pairs(jamdict(tmp_path / "jamdict.db", (), ENTRIES)), "1.5")
    securities = [row for row in rows if row["term"] == "证券"]
    assert [row["translation"] for row in securities] == ["securities"]
    assert securities[0]["kind"] == DICTIONARY
    assert securities[0]["source"].startswith("JMnedict company and organization names (EDRDG, CC BY-SA 4.0; jamdict-data 1.5): 4 entries")
    assert not any(row["translation"] in ("matsui", "daiwa", "nomura") for row in rows)  # readings, not words


def test_a_whole_name_in_one_entry_takes_no_word_from_the_term_the_entries_share(jamdict, tmp_path):
    """In each pair the word goes to its most associated term: a whole name (大塚製薬) is in one
    pair only, so "pharmaceutical" is in all of its pairs, and only in four of the five of 製薬.
    With the list entries' linking each name took the word, in one pair, and nothing was learned.
    (No dictionary glosses 製薬 so; 証券's CC-CEDICT gloss "negotiable security" links it either way.)"""
    pairs = name_pairs(jamdict(tmp_path / "jamdict.db", (), ENTRIES))
    dictionary = Lexicon(dictionary_rows(names=False))
    assert not [row for row in learn(pairs, Lexicon([]), dictionary) if row["term"] == "制药"]
    learned = [row for row in learn(pairs, Lexicon([]), dictionary, linked_from=3) if row["term"] == "制药"]
    assert [row["translation"] for row in learned] == ["pharmaceutical"]


def test_generator_as_a_process_writes_the_table_and_refuses_what_is_no_jamdict_database(jamdict, refuses, tmp_path):
    jamdict(tmp_path / "jamdict.db", (), ENTRIES).close()
    out = tmp_path / "names.tsv"
    command = [sys.executable, "-m", "dualuse.screening.lexicon.names", "--out", str(out)]
    done = subprocess.run([*command, "--jamdict-db", str(tmp_path / "jamdict.db")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert ["证券", "securities", DICTIONARY] in [row[:3] for row in csv.reader(out.read_text(encoding="utf-8").splitlines(), delimiter="\t")]

    out.unlink()
    refuses(command, tmp_path / "nowhere.db", "nowhere.db: no such file")
    (tmp_path / "other.db").write_bytes(b"not a database at all" * 100)
    refuses(command, tmp_path / "other.db", "not a jamdict database with JMnedict")
    assert not out.exists()


def test_shipped_rows_say_where_from_and_gloss_what_jmdict_leaves_out():
    text = resources.files("dualuse.screening").joinpath(NAMES_FILE).read_text("utf-8")
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    assert rows[0] == ["term", "translation", "kind", "source"] and len(rows) > 100
    assert all(kind == DICTIONARY and source.startswith("JMnedict company and organization names") for _, _, kind, source in rows[1:])
    segments = default_lexicon().glosses("证券")  # 証券, canonical; JMdict: bond, bill, certificate
    assert ("securities",) in [entry.translation for entry in segments[0].entries]


@pytest.mark.parametrize("term", ["三菱", "松井", "日立"])
def test_no_name_of_a_company_is_a_row(term):
    text = resources.files("dualuse.screening").joinpath(NAMES_FILE).read_text("utf-8")
    assert term not in {line.split("\t")[0] for line in text.splitlines()}
