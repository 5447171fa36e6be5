"""`dualuse user` and the store's typed errors as whole processes: the password policy, `user passwd`
and `user deactivate` (audited), and the exit codes by error type (2 input/not found, 3 refused
permission, 4 state conflict)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "transactions"
GOOD = "correct horse battery staple"


@pytest.fixture
def dualuse(tmp_path):
    env = {**os.environ, "DUALUSE_DATABASE_URL": f"sqlite:///{tmp_path / 'dualuse.sqlite'}"}
    env.pop("DUALUSE_USER", None), env.pop("DUALUSE_TOKEN", None), env.pop("DUALUSE_FOUR_EYES", None)

    def run(*args: str, stdin: str = "", **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "dualuse.interfaces.cli", *args], input=stdin, capture_output=True,
                              text=True, cwd=ROOT, timeout=180, env={**env, **extra})

    return run


def test_passwords_meet_the_policy_and_users_are_managed_from_the_cli(dualuse):
    for weak, why in (("a", "at least 12 characters"), ("Password1234!", "too common"), ("aaaaaaaaaaaaaaaa", "different characters"),
                      ("qwertyqwertyqwerty", "too common")):
        refused = dualuse("user", "add", "ada", "--role", "admin", "--password-stdin", stdin=weak + "\n")
        assert refused.returncode == 2, (weak, refused.stderr)
        assert refused.stderr.startswith("dualuse: error: password: ") and why in refused.stderr and "Traceback" not in refused.stderr
    assert dualuse("user", "add", "ada", "--role", "admin", "--password-stdin", stdin=GOOD + "\n").returncode == 0
    assert dualuse("user", "add", "erin", "--role", "exporter", "--user", "ada", "--password-stdin", stdin=GOOD + "\n").returncode == 0

    weak = dualuse("user", "passwd", "erin", "--user", "erin", stdin="short\n")
    assert weak.returncode == 2 and "password: a password has at least 12 characters" in weak.stderr
    changed = dualuse("user", "passwd", "erin", "--user", "erin", stdin="a new and longer phrase\n")
    assert changed.returncode == 0, changed.stderr
    assert json.loads(changed.stdout)["password"] == "changed"
    other = dualuse("user", "passwd", "ada", "--user", "erin", stdin="a new and longer phrase\n")
    assert other.returncode == 3 and "erin (exporter) may not user.manage" in other.stderr

    assert dualuse("user", "deactivate", "ada", "--user", "erin").returncode == 3
    last = dualuse("user", "deactivate", "ada", "--user", "ada")
    assert last.returncode == 4 and "ada is the last active admin" in last.stderr
    assert dualuse("user", "deactivate", "nobody", "--user", "ada").returncode == 2
    gone = dualuse("user", "deactivate", "erin", "--user", "ada")
    assert gone.returncode == 0 and json.loads(gone.stdout)["active"] is False
    again = dualuse("user", "deactivate", "erin", "--user", "ada")
    assert again.returncode == 4 and "already inactive" in again.stderr
    assert dualuse("case", "list", "--user", "erin").returncode == 3  # an inactive user is a stranger

    log = json.loads(dualuse("audit", "log", "--entity", "user", "--user", "ada").stdout)
    assert [e["action"] for e in log][-2:] == ["user.passwd", "user.deactivate"]
    assert all("$argon2" not in json.dumps(e) for e in log)


def test_exit_codes_by_error_type(dualuse):
    assert dualuse("user", "add", "ada", "--role", "admin", "--password-stdin", stdin=GOOD + "\n").returncode == 0
    assert dualuse("user", "add", "rita", "--role", "reviewer", "--user", "ada").returncode == 0
    added = dualuse("case", "add", str(EXAMPLES / "05-jp-end-use-unknown.json"), "--user", "rita")
    assert added.returncode == 0, added.stderr
    case_id = str(json.loads(added.stdout)["case_id"])
    own = dualuse("case", "dispose", case_id, "--disposition", "cleared", "--reason", "checked", "--user", "rita")
    assert own.returncode == 3 and "four-eyes" in own.stderr  # PermissionRefused
    settled = dualuse("case", "dispose", case_id, "--disposition", "cleared", "--reason", "checked", "--user", "ada")
    assert settled.returncode == 0, settled.stderr
    assert json.loads(settled.stdout)["final_outcome"] == "LICENCE_REQUIRED"
    twice = dualuse("case", "dispose", case_id, "--disposition", "cleared", "--reason", "checked", "--user", "ada")
    assert twice.returncode == 4 and "already disposed of" in twice.stderr  # StateConflict
    missing = dualuse("case", "show", "999", "--user", "ada")
    assert missing.returncode == 2 and "no case 999" in missing.stderr  # NotFoundError
