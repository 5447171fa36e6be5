"""Regenerate `screening/data/lexicon_names.tsv`: word glosses learned from JMnedict's names of
companies and organisations.

    pip install jamdict-data          # JMdict and JMnedict in SQLite (about 55 MB to download)
    python -m dualuse.screening.lexicon.names --jamdict-db PATH/TO/jamdict_data/jamdict.db

Why: a Japanese company's English name translates its trade word by the convention of company
names, which a general dictionary does not state: JMdict glosses 証券 "bond; bill; certificate"
(its fourth gloss, "security", is past the three taken) and the English names say *Securities*;
it glosses 製薬 "medicine manufacture", and they say *Pharmaceutical*. JMnedict (the Electronic
Dictionary Research and Development Group's dictionary of Japanese proper names, CC BY-SA 4.0,
shipped in the same jamdict-data database as JMdict) names about 6,000 companies and
organisations with their English names (松井証券 Matsui Securities, 防衛大学校 National Defense
Academy, 国立天文台 National Astronomical Observatory).

What is taken, and why: the (kanji name, English name) pairs of the JMnedict entries typed
`company` or `organization` (parenthesised notes removed, plain Latin names only) are aligned
word by word by the same learner as the bundled list entries (`lexicon.learn.learn`: the
English words no reading of the name explains, linked to the name's terms); a term's word is kept
when at least `MIN_PAIRS` entries support it and it is in at least half of the entries that have
the term. The rows have the kind `dictionary`: like JMdict's glosses they only gloss pieces the
lexicon leaves unexplained, as a further spelling, and never split a name nor make a word a
descriptor. Each row names its support and an example entry.

Honesty: JMnedict is a general dictionary, independent of the name lists we are measured on, but
it names many listed Japanese companies, some of them also in ../shared/eval's EDINET sets; a row
is a word learned from at least three names, never a name, so those sets gain from it as any
other company's name would (benchmarks/SCREENING.md).
"""

from __future__ import annotations

import re
import sqlite3

from dualuse.screening.lexicon import DICTIONARY, NAMES_FILE, Lexicon, dictionary_rows
from dualuse.screening.lexicon.dictionary import jamdict_arguments
from dualuse.screening.lexicon.learn import Pair, supported_glosses, write_table

MIN_PAIRS = 3
MIN_SHARE = 0.5
KINDS = ("company", "organization")
SOURCE = "JMnedict company and organization names (EDRDG, CC BY-SA 4.0; jamdict-data {version}): {pairs} entries, share {share:.2f} (e.g. {example})"
_NOTE = re.compile(r"\s*\([^)]*\)")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9&.,' -]*")
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


def name_pairs(db: sqlite3.Connection) -> list[Pair]:
    """(entry, kanji name, English name) of JMnedict's companies and organisations, in entry order."""
    rows = db.execute(
        "SELECT DISTINCT k.idseq, k.text, g.text, g.lang FROM NEKanji k JOIN NETranslation t ON t.idseq = k.idseq "
        "JOIN NETransGloss g ON g.tid = t.ID JOIN NETransType y ON y.tid = t.ID "
        f"WHERE y.text IN ({', '.join('?' for _ in KINDS)}) ORDER BY k.idseq, k.ID, g.rowid",
        KINDS,
    )
    pairs: dict[tuple[str, str], Pair] = {}
    for entry, kanji, gloss, lang in rows:
        english = _NOTE.sub("", gloss).strip()
        if lang in (None, "", "eng") and _IDEOGRAPH.search(kanji) and _PLAIN_NAME.fullmatch(english):
            pairs.setdefault((kanji, english), Pair(f"JMnedict {entry}", kanji, english))
    return list(pairs.values())


def name_rows(pairs: list[Pair], version: str) -> list[dict[str, str]]:
    """The learner's rows with enough support, as `dictionary` glosses naming their support."""
    return [
        {"term": term, "translation": translation, "kind": DICTIONARY, "source": SOURCE.format(version=version, pairs=count, share=share, example=example)}
        for term, translation, count, share, example in supported_glosses(pairs, Lexicon(dictionary_rows(names=False)), MIN_PAIRS, MIN_SHARE)
    ]


def main(argv: list[str] | None = None) -> None:
    parser, args, out = jamdict_arguments((__doc__ or "").splitlines()[0], NAMES_FILE, argv)
    try:
        db = sqlite3.connect(f"file:{args.jamdict_db}?mode=ro", uri=True)
        pairs = name_pairs(db)
    except sqlite3.DatabaseError as error:
        parser.error(f"{args.jamdict_db}: not a jamdict database with JMnedict ({error})")
    rows = name_rows(pairs, args.version)
    write_table(out, rows)
    print(f"{len(pairs)} JMnedict names; {len(rows)} learned glosses -> {out}")


if __name__ == "__main__":
    main()
