"""WordNet's adjectives and synonyms: what scripts/build_thesaurus.py takes from a WordNet
database, that every shipped row says where from, and what the lexicon answers."""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from dualuse.screening.lexicon import ADJECTIVE, SYNONYM, THESAURUS_COLUMNS, THESAURUS_FILE, adjectives, synonyms
from dualuse.screening.normalise.text import token_key

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "build_thesaurus.py"
LICENCE = "  1 This software and database is being provided to you, the LICENSEE, by Princeton University\n"

# A WordNet 3.0 database in miniature, in its own record formats (wndb(5WN)).
INDEX_NOUN = LICENCE + "\n".join(
    [
        "agency n 1 0 1 1 00000001",
        "bureau n 2 0 2 1 00000001 00000005",
        "office n 2 0 2 1 00000002 00000001",  # first sense: a place of business, not the agency
        "nation n 1 0 1 1 00000003",
        "country n 1 0 1 1 00000003",
        "state n 1 0 1 1 00000003",
        "flying n 1 0 1 1 00000004",
        "flight n 1 0 1 1 00000004",
        "chest n 1 0 1 1 00000005",
        "technology n 1 0 1 1 00000006",
        "engineering n 1 0 1 1 00000006",
    ]
)
DATA_NOUN = LICENCE + "\n".join(
    [
        "00000001 14 n 03 agency 0 bureau 0 office 0 000 | an administrative unit of government",
        "00000002 06 n 02 office 0 business_office 0 000 | place of business",
        "00000003 14 n 03 nation 0 country 0 state 0 000 | a politically organized body of people",
        "00000004 04 n 02 flying 0 flight 0 000 | an instance of traveling by air",
        "00000005 06 n 02 chest 0 bureau 0 000 | furniture with drawers",
        "00000006 04 n 02 technology 0 engineering 0 000 | the practical application of science",
    ]
)
DATA_ADJ = LICENCE + "\n".join(
    [
        "00000011 01 a 01 national 0 001 \\ 00000003 n 0101 | of or relating to a nation",
        "00000012 01 a 01 civil 0 001 \\ 00000003 n 0101 | of or relating to the state or its citizens",
    ]
)
INDEX_VERB = LICENCE + "fry v 1 0 1 1 00000021\nfrying v 1 0 1 1 00000021"  # "frying" has flying's key (l → r)
INDEX_ADJ = LICENCE + "national a 1 0 1 1 00000011\ncivil a 1 0 1 1 00000012"


@pytest.fixture(scope="module")
def builder(load_script):
    return load_script("build_thesaurus.py")


@pytest.fixture()
def wordnet(tmp_path):
    files = {"index.noun": INDEX_NOUN, "data.noun": DATA_NOUN, "data.adj": DATA_ADJ, "index.verb": INDEX_VERB, "index.adj": INDEX_ADJ, "index.adv": LICENCE}
    for name, text in files.items():
        (tmp_path / name).write_text(text + "\n", encoding="utf-8")
    return tmp_path


def test_generator_takes_derived_adjectives_and_first_sense_synonyms(builder, wordnet):
    rows = {(word, kind): (words, source) for word, kind, words, source in builder.rows(wordnet)}
    assert rows[("nation", ADJECTIVE)] == ("national", "WordNet 3.0 adjective synset 00000011")
    # civil pertains to a nation too, but is not how a name says it; nor is national a country's adjective
    assert ("country", ADJECTIVE) not in rows and ("state", ADJECTIVE) not in rows
    assert rows[("bureau", SYNONYM)] == ("agency office", "WordNet 3.0 noun synset 00000001")
    assert rows[("agency", SYNONYM)] == ("bureau office", "WordNet 3.0 noun synset 00000001")
    assert rows[("nation", SYNONYM)][0] == "country state"
    # office's usual sense is a place of business (multi-word synonym only): its agency sense is not taken
    assert ("office", SYNONYM) not in rows
    # synonyms only for the words of groups and bodies (noun.group, lexicographer file 14)
    assert ("technology", SYNONYM) not in rows and ("engineering", SYNONYM) not in rows
    # flying has frying's comparison key: a synonym of one would be offered for the other
    assert ("flying", SYNONYM) not in rows and ("flight", SYNONYM) not in rows
    words = [row[0] for row in builder.rows(wordnet)]
    assert words == sorted(words)


def test_generator_as_a_process_writes_the_table_and_refuses_a_missing_database(wordnet, tmp_path):
    out = tmp_path / "thesaurus.tsv"
    done = subprocess.run([sys.executable, str(SCRIPT), "--wordnet", str(wordnet), "--out", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8") as handle:
        table = list(csv.reader(handle, delimiter="\t"))
    assert tuple(table[0]) == THESAURUS_COLUMNS and ["nation", ADJECTIVE, "national", "WordNet 3.0 adjective synset 00000011"] in table

    missing = tmp_path / "nowhere"
    done = subprocess.run([sys.executable, str(SCRIPT), "--wordnet", str(missing), "--out", str(tmp_path / "other.tsv")], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and f"{missing / 'data.noun'}: no such file" in done.stderr and done.stdout == ""
    assert not (tmp_path / "other.tsv").exists()

    (wordnet / "data.noun").write_text("hello world\n", encoding="utf-8")  # a file that is no WordNet database
    done = subprocess.run([sys.executable, str(SCRIPT), "--wordnet", str(wordnet), "--out", str(tmp_path / "other.tsv")], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and f"{wordnet / 'data.noun'}, line 1: not a WordNet data record" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "other.tsv").exists()


def test_generator_keeps_only_the_words_a_gloss_uses(builder, wordnet):
    rows = builder.rows(wordnet, frozenset({"nation", "bureau"}))
    assert {row[0] for row in rows} == {"nation", "bureau"}
    assert "pharmacy" in builder.gloss_words() and "anthropophagus" not in builder.gloss_words()


def test_shipped_rows_say_where_from():
    text = resources.files("dualuse.screening").joinpath(THESAURUS_FILE).read_text("utf-8")
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    assert tuple(rows[0]) == THESAURUS_COLUMNS and len(rows) > 1_000
    for word, kind, words, source in rows[1:]:
        assert kind in (ADJECTIVE, SYNONYM) and words and word not in words.split()
        assert source.startswith("WordNet 3.0 ")


def test_the_lexicon_answers_by_comparison_key():
    assert token_key("national") in adjectives(token_key("nation"))
    assert token_key("chinese") in adjectives(token_key("china"))
    assert token_key("pharmaceutical") in adjectives(token_key("pharmacy"))
    assert token_key("commission") in synonyms(token_key("committee"))
    assert token_key("agency") in synonyms(token_key("bureau"))
    assert token_key("technological") in adjectives(token_key("technology"))
    assert adjectives(token_key("zzzz")) == () and synonyms(token_key("mitsubishi")) == ()
