"""A small database of jamdict-data's shape, for the generators that read it (`lexicon/names.py`,
`lexicon/whole_names.py`)."""

from __future__ import annotations

import sqlite3
import subprocess

import pytest

TABLES = {
    "Kanji": "ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT",
    "Sense": "ID INTEGER PRIMARY KEY, idseq INTEGER",
    "SenseGloss": "sid INTEGER, lang TEXT, gend TEXT, text TEXT",
    "NEKanji": "ID INTEGER PRIMARY KEY, idseq INTEGER, text TEXT",
    "NETranslation": "ID INTEGER PRIMARY KEY, idseq INTEGER",
    "NETransType": "tid INTEGER, text TEXT",
    "NETransGloss": "tid INTEGER, lang TEXT, gend TEXT, text TEXT",
}


def jamdict_database(path, jmdict: list[tuple[int, str, str]] = (), jmnedict: list[tuple[int, str, str, str]] = ()) -> sqlite3.Connection:  # type: ignore[assignment]
    """JMdict senses (entry, kanji, gloss) and JMnedict names (entry, kanji, kind, English), one gloss each."""
    db = sqlite3.connect(path)
    db.executescript("".join(f"CREATE TABLE {table} ({columns});" for table, columns in TABLES.items()))
    for number, (entry, kanji, gloss) in enumerate(jmdict, 1):
        db.execute("INSERT INTO Kanji VALUES (?, ?, ?)", (number, entry, kanji))
        db.execute("INSERT INTO Sense VALUES (?, ?)", (number, entry))
        db.execute("INSERT INTO SenseGloss VALUES (?, 'eng', NULL, ?)", (number, gloss))
    for number, (entry, kanji, kind, english) in enumerate(jmnedict, 1):
        db.execute("INSERT INTO NEKanji VALUES (?, ?, ?)", (number, entry, kanji))
        db.execute("INSERT INTO NETranslation VALUES (?, ?)", (number, entry))
        db.execute("INSERT INTO NETransType VALUES (?, ?)", (number, kind))
        db.execute("INSERT INTO NETransGloss VALUES (?, 'eng', NULL, ?)", (number, english))
    db.commit()
    return db


@pytest.fixture
def jamdict():
    """`jamdict_database`: (path, jmdict rows, jmnedict rows) → an open connection."""
    return jamdict_database


def generator_refuses(command: list[str], database, message: str) -> None:
    """The generator `command`, given `database`, exits 2 with `message` on stderr and no traceback."""
    done = subprocess.run([*command, "--jamdict-db", str(database)], capture_output=True, text=True, check=False)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


@pytest.fixture
def refuses():
    """`generator_refuses`: (command, database, message) → asserts exit 2, the message, no traceback."""
    return generator_refuses
