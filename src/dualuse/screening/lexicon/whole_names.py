"""Regenerate `screening/data/lexicon_whole_names.tsv`: bodies and companies the Japanese
dictionaries name whole, with their English names.

    pip install jamdict-data          # JMdict and JMnedict in SQLite (about 55 MB to download)
    python -m dualuse.screening.lexicon.whole_names --jamdict-db PATH/TO/jamdict_data/jamdict.db

Why: a government body's English name is a convention no word of it states. 防衛装備庁 is the
Acquisition, Technology & Logistics Agency, though 装備 is "equipment"; 航空自衛隊 is the Japan
*Air* Self-Defense Force, though 航空 is "aviation"; 日油 is NOF Corporation. Word by word no
dictionary reaches them, and the Chinese press writes them in the same characters, simplified
(防卫装备厅, 航空自卫队). JMdict and JMnedict (the Electronic Dictionary Research and Development
Group's dictionaries, CC BY-SA 4.0, both in jamdict-data's database) give such names whole.

What is taken, and why each rule:
- JMnedict's entries typed `company` or `organization`, as `lexicon/names.py` reads them
  (`names.name_pairs`: parenthesised notes removed, plain Latin names only);
- JMdict's senses whose gloss is a proper name: at least two words, each word but a function
  word (of, and, the…) capitalised, plain Latin once parenthesised notes are removed
  ("Acquisition, Technology & Logistics Agency (of the Ministry of Defense)" → "Acquisition,
  Technology & Logistics Agency"). A gloss of one word (日本 Japan) is a word, which JMdict's
  word glosses already give;
- terms of at least `MIN_TERM_CHARS` characters with an ideograph, at most `NAMES_PER_TERM`
  names each, JMdict's first (its glosses are the dictionary's sense, JMnedict's are often a
  reading).

The term is stored in its canonical (simplified) form, as names are looked up (`to_simplified`),
and as written in the source column with the entry's number.

How the rows are used (`lexicon.whole_names`, `forms.name_forms`): only for a CJK name that is the
term whole, its legal forms aside, or the term after one leading word the lexicon translates
(日本 | 防卫装备厅). Such a name gets a second form, the whole name one word spelt by its English
name, beside the form read word by word. The rows never split, gloss or explain a piece of a
longer name: JMnedict's whole names used as glosses (tried in the thirteenth session) split
the Chinese names of US parties and cost the lists' held-out sides (benchmarks/SCREENING.md).

Honesty: JMdict and JMnedict are general dictionaries, independent of the name sets we are
measured on, but they name many Japanese companies, some of them in ../shared/eval's EDINET
sets, and Japanese government bodies that are in the bundled lists. A name found whole is found
because the dictionary names it, as it would name a party nobody has listed yet
(benchmarks/SCREENING.md counts them).
"""

from __future__ import annotations

import re
import sqlite3

from dualuse.screening.lexicon import WHOLE_NAME, WHOLE_NAMES_FILE
from dualuse.screening.lexicon.dictionary import jamdict_arguments
from dualuse.screening.lexicon.learn import write_table
from dualuse.screening.lexicon.names import name_pairs
from dualuse.screening.normalise.readings import to_simplified

MIN_TERM_CHARS = 2
NAMES_PER_TERM = 3
FUNCTION_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "to", "at", "&", "de", "du", "des", "la", "le", "von", "der"})
JMDICT_SOURCE = "JMdict {entry} {term} (EDRDG, CC BY-SA 4.0; jamdict-data {version})"
JMNEDICT_SOURCE = "JMnedict {entry} {term} (EDRDG, CC BY-SA 4.0; jamdict-data {version})"
_NOTE = re.compile(r"\s*\([^)]*\)")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9&.,' -]*")
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


def proper_name(gloss: str) -> str | None:
    """The gloss without its notes when it is a proper name of two words or more, else None:
    "Ministry of Defense" is one, "self-defense force" and "Japan" are not."""
    name = _NOTE.sub("", gloss).strip()
    if not _PLAIN_NAME.fullmatch(name):
        return None
    words = name.replace("-", " ").replace(",", " ").split()
    if len(words) < 2:
        return None
    if any(word.lower() not in FUNCTION_WORDS and not (word[0].isupper() or word[0].isdigit()) for word in words):
        return None
    return name


def jmdict_names(db: sqlite3.Connection) -> list[tuple[int, str, str]]:
    """(entry, kanji, English name) of JMdict's senses glossed by a proper name, in entry order."""
    rows = db.execute(
        "SELECT k.idseq, k.text, g.text FROM Kanji k JOIN Sense s ON s.idseq = k.idseq JOIN SenseGloss g ON g.sid = s.ID "
        "WHERE g.lang IS NULL OR g.lang IN ('', 'eng') ORDER BY k.idseq, k.ID, s.ID, g.rowid"
    )
    return [(entry, kanji, name) for entry, kanji, gloss in rows if (name := proper_name(gloss))]


def whole_name_rows(jmdict: list[tuple[int, str, str]], jmnedict: list[tuple[int, str, str]], version: str) -> list[dict[str, str]]:
    """The rows, JMdict's names of a term before JMnedict's, at most `NAMES_PER_TERM` a term."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for template, names in ((JMDICT_SOURCE, jmdict), (JMNEDICT_SOURCE, jmnedict)):
        for entry, kanji, english in names:
            if len(kanji) < MIN_TERM_CHARS or not _IDEOGRAPH.search(kanji):
                continue
            term = to_simplified(kanji)
            names_of = found.setdefault(term, {})
            if len(names_of) < NAMES_PER_TERM and english.lower() not in names_of:
                source = template.format(entry=entry, term=kanji, version=version)
                names_of[english.lower()] = {"term": term, "translation": english, "kind": WHOLE_NAME, "source": source}
    return [row for names_of in found.values() for row in names_of.values()]


def main(argv: list[str] | None = None) -> None:
    parser, args, out = jamdict_arguments((__doc__ or "").splitlines()[0], WHOLE_NAMES_FILE, argv)
    try:
        db = sqlite3.connect(f"file:{args.jamdict_db}?mode=ro", uri=True)
        jmdict = jmdict_names(db)
        jmnedict = [(int(pair.query_id.split()[-1]), pair.source, pair.english) for pair in name_pairs(db)]
    except sqlite3.DatabaseError as error:
        parser.error(f"{args.jamdict_db}: not a jamdict database with JMdict and JMnedict ({error})")
    rows = whole_name_rows(jmdict, jmnedict, args.version)
    if not rows:
        parser.error(f"{args.jamdict_db}: no entry of JMdict or JMnedict gives a whole name")
    write_table(out, rows)
    print(f"{len(jmdict)} JMdict and {len(jmnedict)} JMnedict names; {len(rows)} rows, {len({r['term'] for r in rows})} terms -> {out}")


if __name__ == "__main__":
    main()
