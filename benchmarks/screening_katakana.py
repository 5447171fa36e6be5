"""Katakana names of companies and organisations → their English names, JMnedict pairs (issue 17).

    pip install jamdict-data
    python benchmarks/screening_katakana.py --jamdict-db PATH/TO/jamdict_data/jamdict.db [--misses] [--out benchmarks/SCREENING.md]

Why: the issue's unseen task "katakana (METI list) → English" (0.84 top-1 when it was filed,
target 0.90) has a development set of 76 queries (`meti_dev_kata2en`), whose development half
the matcher now gets all right; what it misses on unseen names cannot be read from it. JMnedict
(EDRDG, CC BY-SA 4.0) names about 720 companies and organisations in katakana alone, with their
English names (リーボック Reebok, アドビシステムズ Adobe Systems, シリコングラフィックス Silicon
Graphics, Inc., セガ Sega): foreign companies written as Japanese hears them, and Japanese ones
named in katakana, independent of every name list the matcher was tuned on. Nothing of the
matcher is learned from them: `lexicon/names.py` and `lexicon/whole_names.py` read JMnedict's
names written in kanji only (a katakana name never becomes a row), and the katakana reading of
English (e2k) and the loanword readings are general models.

The pairs: JMnedict entries typed `company` or `organization` with no kanji form, the katakana
written only in katakana and ・ (parenthesised notes removed from the English, plain Latin names
only). A third of them held out by a hash of the English name (`lexicon.bodies.is_held_out`, the
organisation benchmark's rule), fixed; `--misses`
prints the development side's misses only, and no rule may be judged on the held-out figures.

The list: every pair's English name, and the English names of the listed Japanese companies in
`../shared/eval/edinet_dev_ja2en.list.csv` (others a user's list holds; skipped when absent)
less those with a pair's name, legal forms aside (EDINET lists オリンパス's Olympus too, as
OLYMPUS CORPORATION, which would count as a miss).
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import sys
from pathlib import Path

from screening_common import DEFAULT_EVAL, REPORT, run_line, score_sides, side_table, write_section
from screening_lists import DISTRACTORS, distractors

from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.screening.lexicon.bodies import is_held_out
from dualuse.screening.matchers.crossscript import CrossScriptMatcher
from dualuse.screening.normalise.legal import strip_latin_forms
from dualuse.screening.normalise.text import latin_tokens

TOP = 5
KINDS = ("company", "organization")
_NOTE = re.compile(r"\s*\([^)]*\)")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9&.,' -]*")
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc\u30fb]+")


def katakana_pairs(db: sqlite3.Connection) -> list[tuple[str, str]]:
    """(katakana, English) of JMnedict's companies and organisations written in katakana alone."""
    rows = db.execute(
        "SELECT a.idseq, a.text, g.text FROM NEKana a JOIN NETranslation t ON t.idseq = a.idseq JOIN NETransGloss g ON g.tid = t.ID "
        f"JOIN NETransType y ON y.tid = t.ID WHERE y.text IN ({', '.join('?' for _ in KINDS)}) "
        "AND a.idseq NOT IN (SELECT idseq FROM NEKanji) AND (g.lang IS NULL OR g.lang IN ('', 'eng')) ORDER BY a.idseq, a.ID, g.rowid",
        KINDS,
    )
    pairs: dict[str, tuple[str, str]] = {}
    for _, katakana, gloss in rows:
        english = _NOTE.sub("", gloss).strip()
        if _KATAKANA.fullmatch(katakana) and _PLAIN_NAME.fullmatch(english):
            pairs.setdefault(katakana, (katakana, english))  # a name's first English name
    return list(pairs.values())


def _key(name: str) -> str:
    """A name's words, legal forms aside (Olympus is EDINET's OLYMPUS CORPORATION)."""
    return " ".join(token.lower() for token in strip_latin_forms(latin_tokens(name))[0])


def score(pairs: list[tuple[str, str]], others: list[ScreenedEntity], misses: bool = False) -> dict[str, dict[str, float]]:
    """Each side's katakana names screened against one list holding every pair's English name."""
    names = sorted({english for _, english in pairs})
    ids = {english: f"k{n:04d}" for n, english in enumerate(names)}
    keys = {_key(english) for english in names}
    others = [entity for entity in others if not any(_key(name.value) in keys for name in entity.names)]
    entities = [ScreenedEntity(entity_id, (ScreenedName(english, "en"),)) for english, entity_id in ids.items()]
    matcher = CrossScriptMatcher(entities + others)
    figures = score_sides(matcher, pairs, ids, is_held_out, TOP, "development" if misses else None)
    for found in figures.values():
        found["list"] = len(entities) + len(others)
    return figures


def report(figures: dict[str, dict[str, float]], load_start: float) -> str:
    lines = [
        "## Katakana names → English (JMnedict pairs): development and held-out (issue 17)",
        "",
        run_line("benchmarks/screening_katakana.py", load_start),
        "",
        "JMnedict's companies and organisations written in katakana alone, against one list of "
        f"{figures['development']['list']:,} English names: every pair's, and the listed Japanese companies of `{DISTRACTORS}` "
        "(less those with a pair's name). A third held out by a hash of the English name; nothing of the matcher is "
        "learned from these pairs (see the script).",
        "",
        *side_table("jmnedict_kata2en", figures),
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jamdict-db", type=Path, required=True, help="jamdict_data/jamdict.db from `pip install jamdict-data`")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL, help=f"where {DISTRACTORS} is")
    parser.add_argument("--misses", action="store_true", help="print the development side's misses (never the held-out ones)")
    parser.add_argument("--out", type=Path, default=REPORT)
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()
    if not args.jamdict_db.is_file():
        parser.error(f"{args.jamdict_db}: no such file (pip install jamdict-data, then pass its jamdict.db)")
    load_start = os.getloadavg()[0]
    try:
        pairs = katakana_pairs(sqlite3.connect(f"file:{args.jamdict_db}?mode=ro", uri=True))
    except sqlite3.DatabaseError as error:
        parser.error(f"{args.jamdict_db}: not a jamdict database with JMnedict ({error})")
    others = distractors(args.eval_dir)
    if not others:
        print(f"no {args.eval_dir / DISTRACTORS}: the list is the pairs' English names alone (give --eval-dir)", file=sys.stderr)
    figures = score(pairs, others, args.misses)
    print(len(pairs), "pairs", {side: {key: round(value, 3) for key, value in found.items()} for side, found in figures.items()})
    if not args.no_report:
        write_section("katakana", report(figures, load_start), args.out)
        print(f"written {args.out}")


if __name__ == "__main__":
    main()
