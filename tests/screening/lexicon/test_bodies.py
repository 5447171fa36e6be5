"""Word glosses learned from CC-CEDICT's names of bodies (`lexicon/bodies.py`): from a small file
of CC-CEDICT's shape, the shipped rows, and the generator as a process."""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib import resources

from dualuse.screening.lexicon import BODIES_FILE, CEDICT, default_lexicon
from dualuse.screening.lexicon.bodies import MAX_WORDS, body_pairs, body_rows, is_held_out, release_of

AIRLINES = ["四川 Si4 chuan1 Sichuan", "深圳 Shen1 zhen4 Shenzhen", "厦门 Xia4 men2 Xiamen", "山东 Shan1 dong1 Shandong", "上海 Shang4 hai3 Shanghai"]
INSTITUTES = ["北京 Bei3 jing1 Beijing", "南京 Nan2 jing1 Nanjing", "西安 Xi1 an1 Xian", "合肥 He2 fei2 Hefei"]


def cedict_file(path):
    lines = ["# CC-CEDICT", "#! date=2023-11-07T00:00:00Z"]
    for place in AIRLINES:
        chinese, a, b, english = place.split()
        lines.append(f"{chinese}航空公司 {chinese}航空公司 [{a} {b} hang2 kong1 gong1 si1] /{english} Airlines/")
    for place in INSTITUTES:
        chinese, a, b, english = place.split()
        lines.append(f"{chinese}理工大学 {chinese}理工大学 [{a} {b} li3 gong1 da4 xue2] /{english} Institute of Technology/")
    lines.append("航空公司 航空公司 [hang2 kong1 gong1 si1] /airline company/")  # no name: lower case
    lines.append("四川大学 四川大学 [Si4 chuan1 Da4 xue2] /abbr. for a university/")  # a note, not a name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_pairs_are_the_named_bodies_and_the_split_is_fixed(tmp_path):
    pairs = body_pairs(cedict_file(tmp_path / "cedict.txt"))
    assert pairs[0] == ("四川航空公司", "Sichuan Airlines") and len(pairs) == len(AIRLINES) + len(INSTITUTES)
    assert release_of(tmp_path / "cedict.txt") == "2023-11-07"
    # the split the benchmark reports (benchmarks/screening_cedict_orgs.py): one in three held out
    assert [is_held_out(name) for name in ("Sichuan Airlines", "Beijing Institute of Technology", "Nanjing Institute of Technology")] == [False, False, True]


def test_a_word_development_names_share_is_learned_and_held_out_names_teach_nothing(tmp_path):
    """Five development-side airlines teach 航空 "airlines"; of the four institutes of technology
    three are held out, so 理工 is taught by one name only and nothing is learned from it."""
    rows = body_rows(body_pairs(cedict_file(tmp_path / "cedict.txt")), "2023-11-07")
    assert [(row["term"], row["translation"], row["kind"]) for row in rows] == [("航空", "airlines", CEDICT)]
    assert rows[0]["source"].startswith("CC-CEDICT names of bodies (MDBG, CC BY-SA 4.0; release 2023-11-07), development side: 5 names, share 1.00")


def test_generator_as_a_process_writes_the_table_and_refuses_what_is_no_cedict(tmp_path):
    out = tmp_path / "bodies.tsv"
    command = [sys.executable, "-m", "dualuse.screening.lexicon.bodies", "--out", str(out)]
    done = subprocess.run([*command, "--cedict", str(cedict_file(tmp_path / "cedict.txt"))], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert [row[:3] for row in csv.reader(out.read_text(encoding="utf-8").splitlines(), delimiter="\t")] == [
        ["term", "translation", "kind"],
        ["航空", "airlines", CEDICT],
    ]

    out.unlink()
    done = subprocess.run([*command, "--cedict", str(tmp_path / "nowhere.txt")], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "nowhere.txt: no such file" in done.stderr and not out.exists()
    (tmp_path / "notes.txt").write_text("hello\nworld\n", encoding="utf-8")
    done = subprocess.run([*command, "--cedict", str(tmp_path / "notes.txt")], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "no CC-CEDICT entry names a body" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def test_shipped_rows_are_words_with_their_source_and_gloss_before_cc_cedict():
    text = resources.files("dualuse.screening").joinpath(BODIES_FILE).read_text("utf-8")
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    assert rows[0] == ["term", "translation", "kind", "source"] and len(rows) > 10
    assert all(kind == CEDICT and source.startswith("CC-CEDICT names of bodies") for _, _, kind, source in rows[1:])
    assert all(len(translation.split()) <= MAX_WORDS for _, translation, _, _ in rows[1:])
    # 管理 is glossed "to supervise; to manage"; a bureau's English name says Administration, and
    # in a name written in simplified Chinese that comes first
    assert default_lexicon().glosses("管理", cedict_first=True)[0].entries[0].translation == ("administration",)
    # a Japanese name with kana is glossed by JMdict alone
    assert ("administration",) not in [entry.translation for entry in default_lexicon().glosses("管理", chinese=False)[0].entries]


def test_a_universitys_word_is_met_as_universities_name_it(tmp_path, screen):
    """`dualuse screen` as a process: 外国语 is glossed "foreign language", and 四川外国语大学 came
    nearer Sichuan Foreign Trade University (foreign, university) than its own English name,
    Sichuan International Studies University, whose words the name's meaning does not say. Six
    development-side names of CC-CEDICT's teach the convention; the name itself is no row."""
    assert "四川外国语大学" not in resources.files("dualuse.screening").joinpath(BODIES_FILE).read_text("utf-8")
    parties = (
        "id,name,country\nsisu,Sichuan International Studies University,CN\n"
        "trade,Sichuan Foreign Trade University,CN\nsu,Sichuan University,CN\n"
    )
    rows = screen(tmp_path, "四川外国语大学", 3, parties, country="CN")
    assert [row["matched_name"] for row in rows][0] == "Sichuan International Studies University"
    assert rows[0]["band"] == "hit"
    assert "外国语 (translated by the dictionary) = international studies" in rows[0]["explanation"]
