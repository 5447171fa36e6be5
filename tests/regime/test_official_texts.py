"""The official texts the bundled data derive from are in the repository (data/official/), so the
tests that trace the data to them run on any clone; where ../shared is present, the copies match it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "src" / "dualuse" / "regime" / "data"
OFFICIAL = REPO / "data" / "official"
SHARED = REPO.parent / "shared"
FOLDERS = {"data/mofcom/items/": "items", "data/legal/": "legal", "data/control-list/": "control-list"}


def _source_files() -> set[str]:
    """Every source_file the instruments and control-entry files cite in the item and legal folders."""
    found = {i.get("source_file", "") for i in yaml.safe_load((DATA / "instruments.yaml").read_text(encoding="utf-8"))}
    for path in (DATA / "control_entries").glob("*.yaml"):
        found.add(yaml.safe_load(path.read_text(encoding="utf-8"))["source_file"])
    return {f for f in found if f.startswith(tuple(FOLDERS))}


def _copy(source_file: str) -> Path:
    prefix = next(p for p in FOLDERS if source_file.startswith(p))
    return OFFICIAL / FOLDERS[prefix] / source_file[len(prefix):]


def test_every_cited_item_and_legal_text_is_in_the_repository():
    cited = _source_files()
    assert len(cited) >= 20  # the item announcements, the four laws, the catalogue note
    missing = sorted(f for f in cited if not _copy(f).is_file())
    assert not missing, f"cited but not copied to data/official: {missing}"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared not present: nothing to compare the copies with")
@pytest.mark.parametrize("folder, shared", [("items", "data/mofcom/items"), ("legal", "data/legal"), ("control-list", "data/control-list")])
def test_copies_match_shared(folder: str, shared: str):
    originals = sorted(p.name for p in (SHARED / shared).iterdir() if p.is_file())
    assert originals == sorted(p.name for p in (OFFICIAL / folder).iterdir() if p.is_file())
    for name in originals:
        assert (OFFICIAL / folder / name).read_bytes() == (SHARED / shared / name).read_bytes(), f"{folder}/{name} differs"


def _normalised(text: str) -> str:
    text = re.sub(r"(?m)^\s*\d+\.\s", "", text)  # list numbers the captures add before （一）
    text = re.sub(r"\s+", "", text)
    return text.translate(str.maketrans("(),:;", "（），：；"))


def test_general_rules_quote_their_legal_text():
    """Each rule's Chinese words are in the text of the instrument it cites (fragments around ……)."""
    instruments = {i["id"]: i for i in yaml.safe_load((DATA / "instruments.yaml").read_text(encoding="utf-8"))}
    checked = 0
    for rule in yaml.safe_load((DATA / "general_rules.yaml").read_text(encoding="utf-8")):
        quote = rule.get("quote_zh") or ""
        source = instruments[rule["citation"]["instrument"]].get("source_file", "")
        if not quote or not source.startswith(tuple(FOLDERS)):
            continue
        text = _normalised(_copy(source).read_text(encoding="utf-8"))
        for fragment in filter(None, (_normalised(f) for f in re.split(r"…+", quote))):
            assert fragment in text, f"{rule['id']}: {fragment[:30]}… not in {source}"
        checked += 1
    assert checked >= 8
