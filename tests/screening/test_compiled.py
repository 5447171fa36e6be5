"""The compiled screening hot path (mypyc, setup.py) answers exactly as its plain Python source,
pickles for batch workers, and is never used once its source has changed."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from dualuse.screening import compiled
from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.screening.matchers import get_matcher

NAMES = [
    "Mitsubishi Heavy Industries Maritime Systems, Ltd.",
    "三菱重工航空发动机株式会社",
    "TDK Corporation",
    "Sona",
    "SUBARU Corporation",
    "富士通防卫与国家安全株式会社",
    "YUKIGUNI FACTORY CO.,LTD.",
    "ユキグニファクトリー株式会社",
    "深圳欧赛科技有限公司",
]
QUERIES = ["三菱重工海事系统株式会社", "ＴＤＫ株式会社", "Sony", "Subaru Corp", "Yukiguni Factroy", "三菱重工業", "Shenzhen Ousai Technology", "三泰克托"]

ANSWERS = """
import json, sys
from dualuse.screening import compiled
from dualuse.screening.base import ScreenedEntity, ScreenedName
from dualuse.screening.matchers import get_matcher
names, queries = json.loads(sys.stdin.read())
matcher = get_matcher("best")([ScreenedEntity(f"e{i}", (ScreenedName(n),), "JP") for i, n in enumerate(names)])
answers = [[[m.entity_id, m.score, m.band.value, m.matched_name, m.explanation] for m in matcher.match(q, "JP", 5)] for q in queries]
print(json.dumps({"compiled": compiled.running_compiled(), "answers": answers}, ensure_ascii=False))
"""


def _answers_in_subprocess(pure: bool) -> dict:
    env = {**os.environ, compiled.PURE_PYTHON: "1" if pure else "0"}
    done = subprocess.run(
        [sys.executable, "-c", ANSWERS], input=json.dumps([NAMES, QUERIES]), capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout)


def test_compiled_and_plain_python_give_the_same_answers():
    plain, default = _answers_in_subprocess(pure=True), _answers_in_subprocess(pure=False)
    assert plain["compiled"] is False
    if compiled.extension_paths() and not compiled.stale_sources():
        assert default["compiled"] is True
    assert default["answers"] == plain["answers"]
    assert plain["answers"][1][0][0] == "e2"  # ＴＤＫ株式会社 found TDK Corporation


@pytest.mark.skipif(os.environ.get(compiled.PURE_PYTHON, "") not in ("", "0"), reason="installed as plain Python on purpose")
def test_the_installed_matcher_is_the_compiled_one():
    """What the benchmarks measure is what `make test` built: a build that compiled nothing
    (no mypyc, a failed compiler) must not pass unnoticed."""
    assert compiled.extension_paths(), "no compiled extension beside the sources: run `make install` (pip install -e .)"
    assert not compiled.stale_sources()
    assert compiled.running_compiled()


def test_a_matcher_pickles_to_the_same_answers():
    matcher = get_matcher("best")([ScreenedEntity(f"e{i}", (ScreenedName(n),), "JP") for i, n in enumerate(NAMES)])
    copy = pickle.loads(pickle.dumps(matcher))
    for query in QUERIES:
        assert copy.match(query, "JP", 5) == matcher.match(query, "JP", 5)


def _fake_group(root: Path) -> None:
    for module in compiled.MODULES:
        path = compiled.source_path(module, root)
        if module.endswith((".crossscript", ".lexicon")):  # packages
            path = root.joinpath(*module.split("."), "__init__.py")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {module}\n", encoding="utf-8")


def test_a_changed_source_is_stale(tmp_path):
    _fake_group(tmp_path)
    assert compiled.stale_sources(tmp_path) == list(compiled.MODULES)  # nothing recorded yet: nothing is trusted
    compiled.write_manifest(tmp_path)
    assert compiled.stale_sources(tmp_path) == []
    edited = compiled.source_path(compiled.MODULES[1], tmp_path)
    edited.write_text(edited.read_text(encoding="utf-8") + "x = 1\n", encoding="utf-8")
    assert compiled.stale_sources(tmp_path) == [compiled.MODULES[1]]
    compiled.manifest_path(tmp_path).write_text("not json", encoding="utf-8")
    assert compiled.stale_sources(tmp_path) == list(compiled.MODULES)


def test_no_extension_means_nothing_to_check(tmp_path):
    _fake_group(tmp_path)
    assert compiled.extension_paths(tmp_path) == []


def test_value_classes_compare_and_hash_by_value_and_are_read_only_compiled():
    """Alternative and Segment are hand-written classes (a compiled dataclass keeps an
    interpreted __init__): they must still behave as the frozen dataclasses they replaced."""
    from dualuse.screening.lexicon import Segment
    from dualuse.screening.matchers.crossscript.forms import Alternative

    for make, other in ((lambda: Alternative(("mitsubishi",), "cutlet"), Alternative(("mitsubishi",), "kakasi")), (lambda: Segment("三菱"), Segment("重工"))):
        one, same = make(), make()
        assert one == same and hash(one) == hash(same) and not (one != same)
        assert one != other and len({one, same, other}) == 2
        assert pickle.loads(pickle.dumps(one)) == one
        assert repr(one).startswith(type(one).__name__ + "(")
        if compiled.running_compiled():
            field = "keys" if isinstance(one, Alternative) else "text"
            with pytest.raises(AttributeError):
                setattr(one, field, "changed")
