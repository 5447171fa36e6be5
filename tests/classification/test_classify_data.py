"""The classifier's own data files: sources on every row, languages covered, provenance of the customs lines."""

from __future__ import annotations

import csv
from collections import defaultdict

import pytest

from dualuse.classification.customs import CUSTOMS_FILE
from dualuse.classification.synonyms import SYNONYMS_FILE, build_table, concepts_of, read_rows
from dualuse.classification.text import normalise
from dualuse.regime.loader import load_regime

ROWS = read_rows()


def test_every_synonym_row_has_a_source_and_a_known_language():
    for row in ROWS:
        assert row["term"].strip() and row["concepts"].strip() and row["source"].strip(), row
        assert row["lang"] in {"zh", "ja", "en", "formula"}, row
        assert all(c.split(":", 1)[0] in {"el", "cmp", "f", "k", "t", "p"} for c in row["concepts"].split()), row


def test_every_element_of_a_family_has_zh_ja_en_names():
    langs = defaultdict(set)
    for row in ROWS:
        concepts = row["concepts"].split()
        if len(concepts) == 1 and concepts[0].startswith("el:"):
            langs[concepts[0]].add(row["lang"])
    families = {"Ga", "Ge", "Sb", "W", "Te", "Bi", "Mo", "In", "Sm", "Gd", "Tb", "Dy", "Lu", "Sc", "Y", "Ho", "Er", "Tm", "Eu", "Yb"}
    for symbol in families:
        assert {"zh", "ja", "en", "formula"} <= langs[f"el:{symbol}"], symbol


CONCEPTS = [
    ("镝", {"el:Dy"}),
    ("ジスプロシウム", {"el:Dy"}),
    ("dysprosium", {"el:Dy"}),
    ("Dy", {"el:Dy"}),
    ("氧化镝", {"el:Dy", "f:oxide"}),
    ("酸化ジスプロシウム", {"el:Dy", "f:oxide"}),
    ("Dy2O3", {"el:Dy", "f:oxide"}),
    ("砷化镓", {"cmp:GaAs", "el:Ga"}),
    ("ヒ化ガリウム", {"cmp:GaAs", "el:Ga"}),
    ("GaAs", {"cmp:GaAs", "el:Ga"}),
    ("钨", {"el:W"}),
    ("タングステン", {"el:W"}),
    ("tungsten", {"el:W"}),
    ("仲钨酸铵", {"cmp:APT", "el:W"}),
    ("パラタングステン酸アンモニウム", {"cmp:APT", "el:W"}),
    ("APT", {"cmp:APT", "el:W"}),
    ("Tb4O7", {"el:Tb", "f:oxide"}),
    ("黒鉛", {"el:C", "t:graphite"}),
    ("遠心抽出装置", {"t:centrifugal", "t:extraction", "k:equipment"}),
    ("In stock", set()),  # "In" is not indium on its own
    ("100 W", set()),  # W after a number is watts
    ("固态钨（不含颗粒、粉末）", {"f:solid", "el:W"}),  # negated powder
    ("excluding powder and ingots, tungsten bar", {"el:W", "f:shape"}),  # the comma ends the negated list
    ("Dysprosium-free NdFeB magnets", {"f:magnet", "cmp:NdFeB"}),
    ("稀土无镝钕铁硼磁体", {"t:rare_earth", "f:magnet", "cmp:NdFeB"}),
    ("无机锑化合物", {"el:Sb", "f:compound"}),  # 无机 (inorganic) negates nothing
]


@pytest.mark.parametrize(("text", "concepts"), CONCEPTS, ids=[c[0] for c in CONCEPTS])
def test_concepts(text, concepts):
    table = build_table(ROWS)
    assert set(concepts_of(normalise(text), table)[0]) == concepts


def test_customs_lines_cover_every_printed_heading():
    with CUSTOMS_FILE.open(encoding="utf-8", newline="") as handle:
        lines = {row["hs8"] for row in csv.DictReader(handle)}
    headings = {line[:4] for line in lines}
    for resolved in load_regime().entries:
        for code in resolved.entry.customs_codes:
            assert code[:4] in headings, code


def test_customs_data_provenance_is_written_down():
    readme = (CUSTOMS_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "china_customs_hs8_2023_en_zh.csv" in readme and "MIT" in readme
    assert SYNONYMS_FILE.name in readme
