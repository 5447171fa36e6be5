"""rules.yaml's permission table names exactly the closed set of permissions (storage.vocabulary.Permission)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dualuse.errors import InputError
from dualuse.storage.rules import RULES_FILE, read_rules, rules
from dualuse.storage.vocabulary import Permission, Role


def test_bundled_table_gives_roles_for_every_permission():
    table = rules()
    assert set(table.permissions) == set(Permission)
    assert Role.ADMIN in table.permissions[Permission.USER_ADD]


@pytest.mark.parametrize(("old", "new", "named"), [
    ("  case.delete: [admin]\n", "  case.delete: [admin]\n  case.purge: [admin]\n", "case.purge"),  # unknown
    ("  case.delete: [admin]\n", "", "case.delete"),  # missing
])
def test_a_permission_table_that_does_not_fit_names_the_file_and_key(tmp_path: Path, old: str, new: str, named: str):
    text = RULES_FILE.read_text(encoding="utf-8")
    assert old in text
    broken = tmp_path / "rules.yaml"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_rules(broken)
    assert str(broken) in str(error.value) and named in str(error.value), str(error.value)
