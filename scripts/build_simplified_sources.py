"""Regenerate `src/dualuse/screening/data/simplified_sources.tsv`: the traditional characters one
simplified character stands for, from OpenCC's own character table.

    python scripts/build_simplified_sources.py [--opencc-dict PATH] [--out PATH]

Why: a Japanese company named in simplified Chinese is read in Japanese through the Japanese
form of its characters (电 → 電, 机 → 機: opencc s2t, then t2jp; `readings.to_japanese`). Some
simplified characters stand for several traditional ones, and s2t picks one by its phrase
tables, which hold words, not names: 冲 is 衝 (shō) or 沖 (Oki), and 冲电气 is read "shō denki",
never OKI Electric; 里 is 裏 or 里 (里見 Satomi), 冢 冢 or 塚 (大塚 Otsuka). The matcher also
reads such a name with each other character it may stand for (`readings.other_japanese_forms`).

What is taken: every row of OpenCC's STCharacters table (simplified → its traditional
characters, the usual one first) with more than one traditional character, as OpenCC ships it
in the `opencc` package this project already depends on (Apache License 2.0; the table is read
with the package's own `opencc_dict` tool, which converts its binary dictionaries to text).
Nothing else: no name list was read to choose the rows.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from importlib import metadata, resources
from pathlib import Path

OUT_FILE = "data/simplified_sources.tsv"
TABLE = "STCharacters.ocd2"


class NoTable(Exception):
    """OpenCC's tool or table is missing or unreadable: nothing is written."""


def opencc_tools() -> tuple[Path, Path]:
    """The `opencc` package's `opencc_dict` tool and its STCharacters dictionary."""
    import opencc

    root = Path(opencc.__file__).parent / "clib"
    return root / "bin" / "opencc_dict", root / "share" / "opencc" / TABLE


def table_rows(tool: Path, table: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(simplified, its traditional characters) of every STCharacters row with more than one."""
    for path in (tool, table):
        if not path.is_file():
            raise NoTable(f"{path}: no such file (the opencc package's tool and table: pip install opencc)")
    with tempfile.TemporaryDirectory() as folder:
        text = Path(folder) / "STCharacters.txt"
        try:
            done = subprocess.run([str(tool), "-i", str(table), "-o", str(text), "-f", "ocd2", "-t", "text"], capture_output=True, text=True, check=False)
        except OSError as error:
            raise NoTable(f"{tool}: cannot run it ({error.strerror})") from error
        if done.returncode != 0 or not text.is_file():
            raise NoTable(f"{tool}: failed on {table} (exit status {done.returncode}) {(done.stderr or done.stdout).strip()}".rstrip())
        rows = []
        for number, line in enumerate(text.read_text(encoding="utf-8").splitlines(), 1):
            simplified, _, traditional = line.partition("\t")
            sources = tuple(traditional.split())
            if len(simplified) != 1 or not sources:
                raise NoTable(f"{table}, line {number}: not 'character<TAB>characters': {line!r}")
            if len(sources) > 1:
                rows.append((simplified, sources))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--opencc-dict", type=Path, help="OpenCC's opencc_dict tool (default: the opencc package's)")
    parser.add_argument("--out", type=Path, help="where to write (default: the package's screening/data/simplified_sources.tsv)")
    args = parser.parse_args(argv)
    tool, table = opencc_tools()
    try:
        rows = table_rows(args.opencc_dict or tool, table)
    except NoTable as error:
        parser.error(str(error))  # exits 2; nothing written
    source = f"OpenCC {metadata.version('opencc')} {TABLE.removesuffix('.ocd2')} (Apache License 2.0)"
    out = args.out or Path(str(resources.files("dualuse.screening").joinpath(OUT_FILE)))
    partial = out.with_name(out.name + ".partial")
    with open(partial, "w", encoding="utf-8", newline="") as handle:
        handle.write("simplified\ttraditional\tsource\n")
        handle.writelines(f"{simplified}\t{' '.join(sources)}\t{source}\n" for simplified, sources in rows)
    os.replace(partial, out)  # whole or not at all
    print(f"{len(rows)} simplified characters with several traditional ones -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
