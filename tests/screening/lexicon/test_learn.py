"""The lexicon learner, run as a whole command: it learns only from the development side of
the bundled list entries and cannot read the evaluation sets (../shared/eval)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap
from importlib import resources
from pathlib import Path

from dualuse.screening.lexicon.pairs import bundled_pairs

# Runs the learner with an audit hook that records every file it opens (Python's `open` event).
RUN = textwrap.dedent(
    """
    import json, sys
    opened = []
    sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" and isinstance(args[0], (str, bytes)) else None)
    from dualuse.screening.lexicon import learn
    learn.main(sys.argv[2:])
    with open(sys.argv[1], "w") as handle:
        json.dump(opened, handle)
    """
)


def run_learner(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", RUN, str(tmp_path / "opened.json"), *args],
        capture_output=True, text=True, timeout=300,
    )


def test_the_learner_never_opens_an_eval_set_and_learns_only_development_parties(tmp_path):
    out = tmp_path / "lexicon.tsv"
    done = run_learner(tmp_path, "--out", str(out))
    assert done.returncode == 0, done.stderr
    opened = json.loads((tmp_path / "opened.json").read_text())
    assert opened, "the audit hook saw no file opened"
    assert not [p for p in opened if "eval" in Path(p).parts or p.endswith((".gold.csv", ".queries.csv"))]
    rows = list(csv.DictReader(out.open(encoding="utf-8"), delimiter="\t"))
    assert rows, done.stdout
    # every example a row cites is a development-side entry of the bundled lists
    development = {source for pair in bundled_pairs() if not pair.held_out for source in pair.sources}
    held_out = {source for pair in bundled_pairs() if pair.held_out for source in pair.sources}
    cited = {i.strip(" ,)") for r in rows for i in r["source"].split("(e.g. ")[1].split(", ")}
    assert cited <= development and not cited & held_out
    # the shipped file is what the learner writes
    shipped = resources.files("dualuse.screening").joinpath("data/lexicon.tsv").read_text("utf-8")
    assert out.read_text(encoding="utf-8") == shipped


def test_the_learner_takes_no_eval_directory(tmp_path):
    done = run_learner(tmp_path, "--eval-dir", "../shared/eval", "--out", str(tmp_path / "x.tsv"))
    assert done.returncode == 2
    assert "unrecognized arguments: --eval-dir" in done.stderr
    assert not (tmp_path / "x.tsv").exists()
