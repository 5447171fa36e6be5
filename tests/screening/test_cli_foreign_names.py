"""A Chinese rendering of a foreign name that no dictionary holds, found through `dualuse screen`
(a subprocess) by the learned reading (`normalise.foreign`), and said so in the explanation.
The renderings are CC-CEDICT's, from the model's held-out side (tests/screening/normalise/
test_foreign.py), the companies made up around them: no evaluation name."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys

import pytest

LIST = (
    "id,name,country\n"
    "p1,Malmo Aerospace AB,SE\n"
    "p2,Arendal Aerospace Ltd.,NO\n"
    "p3,Marmot Systems Corp.,US\n"
    "p4,Arundel Materials Ltd.,GB\n"
    "p5,Randall Holdings Inc.,US\n"
    "p6,Malone Marine Corp.,US\n"
)


def screen(tmp_path, query: str) -> list[dict[str, str]]:
    (tmp_path / "list.csv").write_text(LIST, encoding="utf-8")
    (tmp_path / "queries.csv").write_text(f"id,name\nq1,{query}\n", encoding="utf-8")
    environment = dict(os.environ, DUALUSE_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run(
        [sys.executable, "-m", "dualuse.interfaces.cli", "screen", str(tmp_path / "queries.csv"), "--list", str(tmp_path / "list.csv"), "--top", "3"],
        check=False, capture_output=True, text=True, env=environment, timeout=600,
    )
    assert done.returncode == 0, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


@pytest.mark.parametrize(
    ("query", "english", "reading"),
    [
        ("马尔默航天公司", "Malmo Aerospace AB", "'maermo' ~ 'marmo'"),
        ("阿伦达尔航天有限公司", "Arendal Aerospace Ltd.", "'alundaer' ~ 'arandar'"),  # the model's first spelling; a later one met
    ],
)
def test_a_rendering_no_dictionary_holds_is_read_back(tmp_path, query, english, reading):
    best = next(row for row in screen(tmp_path, query) if row["rank"] == "1")
    assert best["matched_name"] == english
    assert best["band"] in ("hit", "review")
    assert f"read as a rendering of a foreign name: {reading}" in best["explanation"]


def test_words_of_meaning_are_not_read_as_renderings(tmp_path):
    """科技 and 航天 are translated, not spelt: no rendering is named for a Chinese word alone."""
    rows = screen(tmp_path, "航天科技公司")
    assert all("rendering of a foreign name" not in row["explanation"] for row in rows)


SYSTEMS = (
    "id,name,country\n"
    "s1,Britney Systems Ltd.,\n"
    "s2,Brown Systems Corp.,\n"
    "s3,Bernie Systems Inc.,\n"
    "s4,Burton Systems Ltd.,\n"
    "s5,Brandt Systems GmbH,\n"
)


def test_a_rendering_whose_vowels_the_model_guesses_wrong_still_meets_by_its_consonants(tmp_path, screen):
    """CC-CEDICT's 布兰妮 Britney (the model's held-out side): the model spells it "brani", "braney"…,
    never within an edit of "britney"; its consonants in order, vowels aside, meet it. Before, every
    company of the list met the query by "systems" alone, and none at `review`."""
    rows = screen(tmp_path, "布兰妮系统公司", 3, SYSTEMS)
    best = rows[0]
    assert best["matched_name"] == "Britney Systems Ltd."
    assert best["band"] == "review"
    assert "read as a rendering of a foreign name" in best["explanation"]
    assert all(row["band"] == "clear" for row in rows[1:])


@pytest.mark.parametrize(("query", "listed"), [("Vigo Photonics", "Vigo Photonics S.A."), ("Holland Dredging", "Holland Dredging N.V.")])
def test_a_legal_form_written_in_initials_is_set_aside_not_left_over(tmp_path, screen, query, listed):
    rows = screen(tmp_path, query, 1, f"id,name,country\nx1,{listed},\nx2,Vigo Lighting Ltd.,\n")
    assert rows[0]["matched_name"] == listed
    assert float(rows[0]["score"]) == 1.0
    assert "Left over" not in rows[0]["explanation"]


def test_the_explanation_spells_a_rendering_read_beside_a_word_of_meaning(tmp_path, screen):
    """维戈尔光电 (Vigo Photonics): 维 | 戈尔 is one rendering beside 光电, a word of meaning. The
    explanation said "'weigeerguangdian' ~ ''", spelling nothing: it looked for renderings word by
    word, not in the runs the matcher reads (`forms.rendering_runs`)."""
    rows = screen(tmp_path, "维戈尔光电公司", 1, "id,name,country\nv1,Vigo Photonics S.A.,PL\n")
    explanation = rows[0]["explanation"]
    assert "read as a rendering of a foreign name: 'weigeerguangdian' ~ '" in explanation
    assert "~ ''" not in explanation


ELECTRIC = (
    "id,name,country\n"
    "e1,Emerson Electric Co.,US\n"
    'e2,"Tsuzuki Denki Co., Ltd.",JP\n'
    "e3,Emera Electric Ltd.,CA\n"
    "e4,Anderson Electric Inc.,US\n"
    'e5,"Sanyo Denki Co., Ltd.",JP\n'
)


def test_a_rendering_and_a_word_of_meaning_each_meet_their_own_word(tmp_path, screen):
    """艾默生电气 (Emerson Electric) was one piece, read as one rendering spelt with the first gloss of
    电气 ("emoson electricity"): "electricity" is no word of the English name, so the rendering met
    nothing, and a Japanese reading of 电气 alone (denki) put TSUZUKI DENKI first. Now 艾默生 and 电气
    are two words, and each meets its own."""
    rows = screen(tmp_path, "艾默生电气公司", 3, ELECTRIC)
    best = rows[0]
    assert best["matched_name"] == "Emerson Electric Co."
    assert best["band"] in ("hit", "review")
    assert "艾默生 (read as a rendering of a foreign name" in best["explanation"]
    assert float(best["score"]) > float(rows[1]["score"]) + 0.2


def test_a_rendering_among_names_its_readings_meet_is_still_retrieved(tmp_path, screen):
    """布兰妮 (Britney, CC-CEDICT, the model's held-out side) is also read as Japanese (nuno ran)
    and in pinyin (buran ni): among 56 companies named in those words, every one of the twenty
    rows the main retrieval pass scores shared more n-grams with the readings than Britney with
    the rendering's spellings, and Britney was never compared. The spellings now have a
    retrieval pass of their own (`index.rendering_features`), and Britney is scored (at review)."""
    words = ["Nuno", "Ran", "Buran", "Nuran", "Burani", "Nunoran", "Ranni", "Bura"]
    names = [f"{a} {b} Co.,Ltd." for a in words for b in words if a != b]
    parties = "id,name,country\n" + "\n".join(f'n{i},"{name}",JP' for i, name in enumerate(names)) + "\nbritney,Britney Ltd.,\n"
    rows = screen(tmp_path, "布兰妮公司", 3, parties)
    britney = [row for row in rows if row["matched_name"] == "Britney Ltd."]
    assert britney and britney[0]["band"] == "review"
    assert "read as a rendering of a foreign name" in britney[0]["explanation"]
