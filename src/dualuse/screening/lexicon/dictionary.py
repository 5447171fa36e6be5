"""Regenerate `screening/data/lexicon_dictionary.tsv`: general word glosses from JMdict.

    pip install jamdict-data          # JMdict in SQLite (about 55 MB to download)
    python -m dualuse.screening.lexicon.dictionary --jamdict-db PATH/TO/jamdict_data/jamdict.db

Why: most of an English company name that is not a reading is ordinary vocabulary translated
word by word (日本無線 Japan Radio, 遠藤照明 ENDO Lighting, 中央発條 Chuo Spring). The hand-written
and learned lexicon covers the words of industry and organisation; a general dictionary covers
the rest. JMdict (the Electronic Dictionary Research and Development Group's Japanese–English
dictionary, CC BY-SA 4.0) is independent of every name list we are measured on.

What is taken, and why each rule: words written in 2–4 ideographs (name words; single
characters are too ambiguous to gloss) or in 3–8 katakana (loanwords: グループ group, システム
system), marked common by one of JMdict's priority tags (rare words gloss and split names by
accident: taking every katakana word cost 0.2 point on EDINET ja2en), from their first two senses and only where the sense is a
noun (names are nouns), up to three glosses a sense, each gloss of at most two plain English
words with parenthesised notes removed ("radio (communication)" → "radio"; "to ..." verb
glosses and phrases are not name words). Each row names its JMdict entry and sense.

These rows have the kind `dictionary`: they never split a name the lexicon explains and never
make a word a descriptor; they only gloss pieces the lexicon leaves unexplained, as a second
spelling beside the piece's own readings (see `Lexicon.glosses` and forms.py).
"""

from __future__ import annotations

import argparse
import csv
import re
import sqlite3
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from dualuse.screening.lexicon import COLUMNS, DICTIONARY, DICTIONARY_FILE

TERM = re.compile(r"[\u4e00-\u9fff々]{2,4}")
KATAKANA_TERM = re.compile(r"[\u30a1-\u30fa\u30fc]{3,8}")
SENSES = 2
GLOSSES_PER_SENSE = 3
MAX_GLOSS_WORDS = 2
_NOTE = re.compile(r"\([^)]*\)")
_PLAIN_GLOSS = re.compile(r"[a-z][a-z\- ']*")
_NOT_NAME_WORDS = ("to ", "a ", "an ", "the ")
SOURCE = "JMdict {entry} sense {sense} (EDRDG, CC BY-SA 4.0; jamdict-data {version})"


def gloss_words(gloss: str) -> str | None:
    """The gloss as a name word, or None: "radio (communication)" → "radio"."""
    text = _NOTE.sub("", gloss).strip().lower()
    if not text or text.startswith(_NOT_NAME_WORDS) or len(text.split()) > MAX_GLOSS_WORDS:
        return None
    return text if _PLAIN_GLOSS.fullmatch(text) else None


def dictionary_rows(db: sqlite3.Connection, version: str) -> Iterator[dict[str, str]]:
    """Rows of the dictionary TSV, in JMdict's order."""
    common = {row[0] for row in db.execute("SELECT DISTINCT k.idseq FROM Kanji k JOIN KJP p ON p.kid = k.ID")}
    senses: dict[int, list[int]] = {}
    for sense, entry in db.execute("SELECT ID, idseq FROM Sense ORDER BY ID"):
        senses.setdefault(entry, []).append(sense)
    parts_of_speech: dict[int, list[str]] = {}
    for sense, text in db.execute("SELECT sid, text FROM pos"):
        parts_of_speech.setdefault(sense, []).append(text)
    glosses: dict[int, list[str]] = {}
    for sense, lang, text in db.execute("SELECT sid, lang, text FROM SenseGloss"):
        if lang in (None, "", "eng"):
            glosses.setdefault(sense, []).append(text)
    common_kana = {row[0] for row in db.execute("SELECT DISTINCT k.idseq FROM Kana k JOIN KNP p ON p.kid = k.ID")}
    words = [(entry, term, entry in common and TERM.fullmatch(term)) for entry, term in db.execute("SELECT idseq, text FROM Kanji ORDER BY ID")]
    words += [(entry, term, entry in common_kana and KATAKANA_TERM.fullmatch(term)) for entry, term in db.execute("SELECT idseq, text FROM Kana ORDER BY ID")]
    for entry, term, wanted in words:
        if not wanted:
            continue
        found: dict[str, int] = {}
        pos: list[str] = []
        for number, sense in enumerate(senses.get(entry, [])[:SENSES], start=1):
            pos = parts_of_speech.get(sense) or pos  # JMdict states a part of speech once for the senses after it
            if not any(p.startswith("noun") for p in pos):
                continue
            for gloss in glosses.get(sense, [])[:GLOSSES_PER_SENSE]:
                words = gloss_words(gloss)
                if words:
                    found.setdefault(words, number)
        for words, number in found.items():
            yield {"term": term, "translation": words, "kind": DICTIONARY, "source": SOURCE.format(entry=entry, sense=number, version=version)}


def jamdict_arguments(description: str, data_file: str, argv: list[str] | None) -> tuple[argparse.ArgumentParser, argparse.Namespace, Path]:
    """The command line of a generator reading jamdict-data's database (this one and
    `lexicon/names.py`): the parser, its arguments, and the file to write (`--out`, else the
    package's `data_file`); exits 2 when the database is missing."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--jamdict-db", type=Path, required=True, help="jamdict_data/jamdict.db from `pip install jamdict-data`")
    parser.add_argument("--version", default="1.5", help="jamdict-data version, recorded in each row's source")
    parser.add_argument("--out", type=Path, default=None, help=f"default: the package's screening/{data_file}")
    args = parser.parse_args(argv)
    if not args.jamdict_db.is_file():
        parser.error(f"{args.jamdict_db}: no such file (pip install jamdict-data, then pass its jamdict.db)")
    return parser, args, args.out or Path(str(resources.files("dualuse.screening").joinpath(data_file)))


def main(argv: list[str] | None = None) -> None:
    _, args, out = jamdict_arguments(__doc__.splitlines()[0], DICTIONARY_FILE, argv)
    db = sqlite3.connect(f"file:{args.jamdict_db}?mode=ro", uri=True)
    rows = list(dictionary_rows(db, args.version))
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} dictionary rows, {len({r['term'] for r in rows})} terms -> {out}")


if __name__ == "__main__":
    main()
