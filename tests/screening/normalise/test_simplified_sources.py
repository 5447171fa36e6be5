"""A simplified character read through each traditional one it stands for (冲: 衝 or the 沖 of
Oki), from OpenCC's own table (scripts/build_simplified_sources.py)."""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from dualuse.screening.normalise.readings import SIMPLIFIED_SOURCES_FILE, japanese_form_reading, other_japanese_forms, to_japanese

SCRIPT = Path(__file__).parents[3] / "scripts" / "build_simplified_sources.py"


def shipped_rows() -> list[list[str]]:
    text = resources.files("dualuse.screening").joinpath(SIMPLIFIED_SOURCES_FILE).read_text("utf-8")
    return list(csv.reader(text.splitlines(), delimiter="\t"))


@pytest.mark.parametrize(
    ("text", "form", "reading"),
    [
        ("冲电气工业", "沖電気工業", "oki"),  # s2t: 衝電気工業, "shō denki"
        ("里见", "里見", "satomi"),  # s2t: 裏見
        ("大冢制药", "大塚製薬", "ootsuka"),
    ],
)
def test_a_character_is_also_read_through_the_other_characters_it_stands_for(text, form, reading):
    assert form != to_japanese(text)
    assert form in other_japanese_forms(text)
    assert japanese_form_reading(form)[0] == reading


@pytest.mark.parametrize("text", ["三菱电机", "日立制作所", "トヨタ", "Red Cat", ""])
def test_only_characters_that_stand_for_several_are_varied(text):
    forms = other_japanese_forms(text)
    assert to_japanese(text) not in forms
    assert all(len(form) == len(text) for form in forms)
    if text in ("三菱电机", "トヨタ", "Red Cat", ""):  # 电 is only 電, 机 only 機 in OpenCC's table
        assert forms == ()


def test_shipped_rows_say_where_from():
    rows = shipped_rows()
    assert rows[0] == ["simplified", "traditional", "source"] and len(rows) > 200
    for simplified, traditional, source in rows[1:]:
        assert len(simplified) == 1 and len(traditional.split()) > 1
        assert source.startswith("OpenCC ") and "STCharacters" in source


def test_generator_as_a_process_writes_the_shipped_table_and_refuses_a_missing_tool(tmp_path):
    out = tmp_path / "sources.tsv"
    done = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    written = list(csv.reader(out.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert [row[:2] for row in written] == [row[:2] for row in shipped_rows()]

    missing = tmp_path / "nowhere" / "opencc_dict"
    done = subprocess.run([sys.executable, str(SCRIPT), "--opencc-dict", str(missing), "--out", str(tmp_path / "other.tsv")], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and f"{missing}: no such file" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "other.tsv").exists()
