"""The designation YAML is generated, reproducible, valid, and the copy in the tree is a fresh build."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from dualuse.lists.build import CHANGES_FILE, DEFAULT_OUT, DESIGNATIONS_DIR, build_designations, read_designations
from dualuse.regime.loader import load_regime
from dualuse.regime.model import Designation, DesignationChange
from dualuse.vocabulary import ListKind, Reliability


@pytest.fixture(scope="module")
def fresh(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("regime-data")
    build_designations(shared_dir, out)
    return out


def generated_files(data_dir: Path) -> dict[str, str]:
    paths = [data_dir / CHANGES_FILE, *sorted((data_dir / DESIGNATIONS_DIR).glob("*.yaml"))]
    return {path.relative_to(data_dir).as_posix(): path.read_text(encoding="utf-8") for path in paths if path.exists()}


def test_files_in_the_tree_equal_a_fresh_build(fresh: Path):
    in_tree, built = generated_files(DEFAULT_OUT), generated_files(fresh)
    assert sorted(in_tree) == sorted(built), "run: python -m dualuse.lists.build"
    for name, text in built.items():
        assert in_tree[name] == text, f"{name} differs from a fresh build; run: python -m dualuse.lists.build"


def test_every_file_validates_against_the_model(fresh: Path):
    for path in sorted((fresh / DESIGNATIONS_DIR).glob("*.yaml")):
        designation = Designation.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert path.stem == designation.instrument == designation.announcement.id
        assert designation.parser.startswith(("dualuse.lists.mofcom_text ", "dualuse.lists.transcribed "))
        assert len(designation.content_sha256) == 64
    changes = yaml.safe_load((fresh / CHANGES_FILE).read_text(encoding="utf-8"))
    assert [DesignationChange.model_validate(change) for change in changes]


def test_listings_per_list(shared_dir: Path):
    designations = read_designations(shared_dir)
    listings = Counter(d.list for d in designations)
    entries = Counter(d.list for d in designations for _ in d.entries)
    assert listings == {
        ListKind.CONTROL_LIST: 7 + 4,  # + the transcribed 2026-04-24, 06-22, 06-29 and 07-24 listings
        ListKind.WATCH_LIST: 1 + 1,  # + 2026-06-29
        ListKind.UNRELIABLE_ENTITY_LIST: 13,
        ListKind.COUNTERMEASURE_LIST: 17 + 7,  # + four MFA and three MOFCOM countermeasure decisions
    }
    assert entries == {
        ListKind.CONTROL_LIST: 102 + 7 + 10 + 20 + 14,
        ListKind.WATCH_LIST: 20 + 20,
        ListKind.UNRELIABLE_ENTITY_LIST: 73,
        ListKind.COUNTERMEASURE_LIST: 154 + 2 + 3 + 5 + 2 + 5 + 1 + 7,
    }


def test_a_rebuild_writes_nothing_and_the_bytes_are_identical(shared_dir: Path, fresh: Path, tmp_path: Path):
    again = tmp_path / "again"
    assert build_designations(shared_dir, again)  # a new directory: everything written
    assert generated_files(again) == generated_files(fresh)
    assert build_designations(shared_dir, again) == []


def test_a_new_announcement_adds_one_file(shared_dir: Path, fresh: Path, tmp_path: Path):
    shared = tmp_path / "mofcom"
    shutil.copytree(shared_dir, shared)
    out = tmp_path / "data"
    shutil.copytree(fresh, out)
    text = (shared / "sanction-lists__import-export-control-list__202611.txt").read_text(encoding="utf-8")
    later = text.replace("2026年第11号", "2026年第30号")
    (shared / "sanction-lists__import-export-control-list__202630.txt").write_text(later, encoding="utf-8")
    assert build_designations(shared, out) == [out / DESIGNATIONS_DIR / "MOFCOM-2026-30.yaml"]


def test_the_brief_only_facts_are_marked_secondary(fresh: Path):
    records = yaml.safe_load((fresh / CHANGES_FILE).read_text(encoding="utf-8"))
    changes = [DesignationChange.model_validate(record) for record in records]
    by_listing: dict[str, list[DesignationChange]] = {}
    for change in changes:
        if change.instrument.startswith("MOFCOM-"):
            by_listing.setdefault(change.instrument, []).append(change)
    assert set(by_listing) == {"MOFCOM-2025-13", "MOFCOM-2025-21", "MOFCOM-2025-22", "MOFCOM-2025-10-14-CM"}
    instruments = {i.id: i for i in load_regime().instruments.values()}
    for change in (c for found in by_listing.values() for c in found):
        if change.suspension is not None:
            assert change.suspension.reliability is Reliability.SECONDARY and change.suspension.note
        else:
            assert instruments[change.removal_instrument].reliability is Reliability.SECONDARY
    windows = [(c.suspension.start.isoformat(), c.suspension.until.isoformat()) for c in by_listing["MOFCOM-2025-21"]]
    assert windows == [("2025-08-12", "2025-11-09"), ("2025-11-10", "2026-11-09")]
    assert by_listing["MOFCOM-2025-22"][0].removed_from.isoformat() == "2025-08-12"
    hanwha = by_listing["MOFCOM-2025-10-14-CM"][0].suspension
    assert (hanwha.start.isoformat(), hanwha.until.isoformat()) == ("2025-11-10", "2026-11-09")
