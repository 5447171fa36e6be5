"""Build the party-designation data from the MOFCOM and MFA texts in ``../shared/data/mofcom``.

Writes, under the regime data directory (default ``src/dualuse/regime/data``):

- ``designations/<instrument-id>.yaml``: one `Designation` per listing text
  (``sanction-lists__*.txt``, and each Watch List CSV with its ``items/YYYY-NN-*.zh.txt``),
  and one per transcribed listing (``transcribed/*.csv``, read by `dualuse.lists.transcribed`,
  with the measures `listing_facts.yaml` says its notice repeats);
- ``designation_changes.yaml``: the `DesignationChange` records read from the Unreliable
  Entity List press answers (``*-updates__*.txt``), plus `SECONDARY_CHANGES` and the
  ``changes`` of `listing_facts.yaml`, facts for which no Chinese text is at hand
  (reliability S, each with its note).

The official texts are read from the copy in the repository (``data/official/mofcom``) when there
is one, otherwise from ``../shared/data/mofcom``; both hold the same files. The transcribed CSVs
are never copied into the repository (the transcription as a whole is licensed CC BY-NC; only the
facts of each listing are bundled, citing its notice): they are read from the folder's
``transcribed/`` when it has one, else from ``../shared/data/mofcom/transcribed``, and a listing
that `listing_facts.yaml` names but no folder holds stops the build.

The output depends on the input texts and the parser version only: keys are sorted, and a
file is rewritten only when its content changes, so a re-run leaves every file untouched
and a new announcement adds one file. The YAML is generated; edit the parser, not the YAML.

    python -m dualuse.lists.build [--shared DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import yaml

from dualuse import yamlfile
from dualuse.lists.mofcom_text import (
    NotAListing,
    parse_announcement,
    parse_designation_changes,
    parse_watch_list,
    period_end,
)
from dualuse.lists.transcribed import MeasuresFrom, parse_transcribed
from dualuse.regime.model import Designation, DesignationChange, ReportedChange, Window
from dualuse.vocabulary import Reliability

REPO_ROOT = Path(__file__).resolve().parents[3]
IN_REPO_MOFCOM = REPO_ROOT / "data" / "official" / "mofcom"
SHARED_MOFCOM = REPO_ROOT.parent / "shared" / "data" / "mofcom"
DEFAULT_SHARED = IN_REPO_MOFCOM if IN_REPO_MOFCOM.is_dir() else SHARED_MOFCOM
LISTING_FACTS = Path(__file__).with_name("listing_facts.yaml")
TRANSCRIBED_DIR = "transcribed"
DEFAULT_OUT = REPO_ROOT / "src" / "dualuse" / "regime" / "data"
DESIGNATIONS_DIR = "designations"
CHANGES_FILE = "designation_changes.yaml"
LISTING_GLOB = "sanction-lists__*.txt"
UPDATES_MARK = "-updates__"
WATCH_LIST_CSV_GLOB = "*_watch_list_*.csv"
WATCH_LIST_CSV_RE = re.compile(r"_announcement_(?P<year>\d{4})_no(?P<number>\d+)_watch_list_")

_CONTROL_LIST_QA = "MOFCOM-QA-2025-11-06"
_CONTROL_LIST_QA_SOURCE = (
    "brief regime.md §5, after WQ's summary of the MOFCOM spokesperson's answer "
    "(http://exportcontrol.mofcom.gov.cn/article/gndt/202511/1186.html, dated 2025-11-06 there): "
    "'Starting November 10, 2025, China will suspend export control measures for 15 US entities from the "
    "March 4 announcement, and continue to suspend measures for 16 US entities from the April 4 announcement "
    "for one year.' No Chinese text of the answer is at hand"
)
SECONDARY_CHANGES = (
    DesignationChange(
        instrument="MOFCOM-2025-13",
        suspension=Window(
            start=date(2025, 11, 10),
            instrument=_CONTROL_LIST_QA,
            reliability=Reliability.SECONDARY,
            note=f"{_CONTROL_LIST_QA_SOURCE}. The source gives no end date for this suspension, so none is set.",
        ),
    ),
    DesignationChange(
        instrument="MOFCOM-2025-21",
        suspension=Window(
            start=date(2025, 11, 10),
            until=period_end(date(2025, 11, 10), "1年"),
            instrument=_CONTROL_LIST_QA,
            reliability=Reliability.SECONDARY,
            note=f"{_CONTROL_LIST_QA_SOURCE}. The earlier suspension this one continues is not in the sources here.",
        ),
    ),
)


def build_designations(
    shared_mofcom_dir: Path, out_dir: Path, *, echo: Callable[[str], None] = lambda line: None
) -> list[Path]:
    """Parse every text under `shared_mofcom_dir`, write the YAML under `out_dir`; the paths written.

    Nothing is written unless every text parses: a `ValueError` names the file and line.
    """
    designations = read_designations(shared_mofcom_dir, echo=echo)
    changes = read_changes(shared_mofcom_dir, {d.instrument for d in designations})
    outputs = {out_dir / DESIGNATIONS_DIR / f"{d.instrument}.yaml": render_designation(d) for d in designations}
    outputs[out_dir / CHANGES_FILE] = render_changes(changes)
    written = [path for path, text in sorted(outputs.items()) if _write_if_changed(path, text)]
    for path in written:
        echo(f"wrote {path}")
    echo(f"{len(outputs) - len(written)} of {len(outputs)} files unchanged")
    return written


def read_designations(shared_mofcom_dir: Path, *, echo: Callable[[str], None] = lambda line: None) -> list[Designation]:
    """Every listing under the directory, in file-name order; texts that list nobody are skipped."""
    found = []
    for path in sorted(shared_mofcom_dir.glob(LISTING_GLOB)):
        if UPDATES_MARK in path.name:
            continue
        try:
            found.append(parse_announcement(path.read_text(encoding="utf-8"), _source_name(shared_mofcom_dir, path)))
        except NotAListing as skipped:
            echo(f"skipped {skipped}")
    found += [_watch_list(shared_mofcom_dir, path) for path in sorted(shared_mofcom_dir.glob(WATCH_LIST_CSV_GLOB))]
    found += read_transcribed(shared_mofcom_dir, {d.instrument: d for d in found})
    _check_unique(found)
    return found


def read_transcribed(shared_mofcom_dir: Path, known: dict[str, Designation]) -> list[Designation]:
    """The transcribed listings, each with the measures `listing_facts.yaml` gives its notice."""
    facts = {fact["instrument"]: fact for fact in _listing_facts().get("transcribed", [])}
    found = []
    for path in transcribed_files(shared_mofcom_dir):
        text = path.read_text(encoding="utf-8")
        source = f"mofcom/{TRANSCRIBED_DIR}/{path.name}"
        designation = parse_transcribed(text, source)
        fact = facts.pop(designation.instrument, None)
        if fact is not None:
            if fact["measures_from"] not in known:
                raise ValueError(f"{LISTING_FACTS}: {designation.instrument} takes the measures of unknown {fact['measures_from']}")
            measures = MeasuresFrom(known[fact["measures_from"]], Reliability(fact["reliability"]), " ".join(fact["note"].split()))
            designation = parse_transcribed(text, source, measures_from=measures)
        found.append(designation)
    if facts:
        raise ValueError(f"{LISTING_FACTS}: no transcribed listing {', '.join(sorted(facts))}")
    return found


def transcribed_files(shared_mofcom_dir: Path) -> list[Path]:
    """The transcribed listing CSVs: under the folder given, else under ../shared (never bundled)."""
    for folder in (shared_mofcom_dir / TRANSCRIBED_DIR, SHARED_MOFCOM / TRANSCRIBED_DIR):
        found = sorted(folder.glob("*.csv"))
        if found:
            return found
    return []


def fact_changes() -> list[DesignationChange]:
    """The `changes` of `listing_facts.yaml`, a suspension's period turned into its last day."""
    changes = []
    for raw in _listing_facts().get("changes", []):
        record = dict(raw)
        if "suspension" in record:
            window = dict(record["suspension"])
            period = window.pop("period", None)
            window["note"] = " ".join(window.get("note", "").split())
            if period:
                window["until"] = period_end(window["from"], period)
            record["suspension"] = Window.model_validate(window)
        if "reported" in record:
            record["reported"] = ReportedChange.model_validate(record["reported"])
        changes.append(DesignationChange.model_validate(record))
    return changes


def _listing_facts() -> dict:
    return yamlfile.safe_load(LISTING_FACTS.read_text(encoding="utf-8")) or {}


def read_changes(shared_mofcom_dir: Path, known_instruments: set[str]) -> list[DesignationChange]:
    """The press answers' changes and `SECONDARY_CHANGES`, ordered by listing and date."""
    parsed = [
        change
        for path in sorted(shared_mofcom_dir.glob(f"sanction-lists__*{UPDATES_MARK}*.txt"))
        for change in parse_designation_changes(path.read_text(encoding="utf-8"), _source_name(shared_mofcom_dir, path))
    ]
    changes = sorted([*parsed, *SECONDARY_CHANGES, *fact_changes()], key=_change_order)
    unknown = sorted({change.instrument for change in changes} - known_instruments)
    if unknown:
        raise ValueError(f"changes name listings that were not built: {', '.join(unknown)}")
    return changes


def render_designation(designation: Designation) -> str:
    header = f"# Generated by dualuse.lists.build from ../shared/data/{designation.source_file}; do not edit.\n"
    return header + _dump(designation.model_dump(mode="json", by_alias=True))


def render_changes(changes: Iterable[DesignationChange]) -> str:
    header = (
        "# Generated by dualuse.lists.build from the Unreliable Entity List press answers, the\n"
        "# SECONDARY_CHANGES in dualuse/lists/build.py and dualuse/lists/listing_facts.yaml; do not edit.\n"
    )
    return header + _dump([change.model_dump(mode="json", by_alias=True) for change in changes])


def _watch_list(shared_mofcom_dir: Path, csv_path: Path) -> Designation:
    matched = WATCH_LIST_CSV_RE.search(csv_path.name)
    if matched is None:
        raise ValueError(f"{csv_path}: the name does not give the announcement (…_announcement_YYYY_noNN_watch_list_…)")
    pattern = f"{matched['year']}-{int(matched['number']):02d}-*.zh.txt"
    texts = sorted((shared_mofcom_dir / "items").glob(pattern))
    if len(texts) != 1:
        raise ValueError(f"{csv_path}: expected one items/{pattern}, found {[p.name for p in texts]}")
    return parse_watch_list(
        texts[0].read_text(encoding="utf-8"),
        csv_path.read_text(encoding="utf-8"),
        _source_name(shared_mofcom_dir, texts[0]),
        _source_name(shared_mofcom_dir, csv_path),
    )


def _check_unique(designations: list[Designation]) -> None:
    seen: dict[str, str] = {}
    for designation in designations:
        if designation.instrument in seen:
            raise ValueError(
                f"{designation.instrument} comes from both {seen[designation.instrument]} and {designation.source_file}"
            )
        seen[designation.instrument] = designation.source_file


def _change_order(change: DesignationChange) -> tuple[str, date, str]:
    if change.suspension is not None:
        return change.instrument, change.suspension.start, change.suspension.instrument
    return change.instrument, change.removed_from or date.min, change.removal_instrument


def _source_name(shared_mofcom_dir: Path, path: Path) -> str:
    """The path under ../shared/data, as records cite it: mofcom/<file>."""
    return f"{shared_mofcom_dir.resolve().name}/{path.relative_to(shared_mofcom_dir).as_posix()}"


def _dump(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=100, default_flow_style=False)


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m dualuse.lists.build", description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the mofcom texts (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="regime data directory (default: %(default)s)")
    args = parser.parse_args(argv)
    build_designations(args.shared, args.out, echo=print)


if __name__ == "__main__":
    main()
