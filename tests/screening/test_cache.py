"""The persistent index cache (screening/cache.py) through the doors a user uses: `dualuse
screen`, `dualuse check` and `dualuse cache clear` as whole processes. A pickle is code, so a
file that is not private, or does not carry its HMAC, must be rebuilt and never unpickled."""

from __future__ import annotations

import hashlib
import os
import pickle
import pwd
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dualuse.screening import cache

ROOT = Path(__file__).resolve().parents[2]
TRANSACTION = ROOT / "examples" / "transactions" / "02-jp-military-user-gsdf.json"
LIST = (
    "id,name,aliases,country,list\n"
    'cn0293,"Mitsubishi Heavy Industries Maritime Systems, Ltd.",,JP,control_list\n'
    "cn0320,TDK Corporation,,JP,watch_list\n"
    "x1,Sona,,IN,other\n"
)
QUERIES = "id,name,country\nq1,三菱重工海事系统株式会社,JP\nq2,ＴＤＫ株式会社,JP\nq3,Sony,JP\nq4,ソナ,IN\n"


class Trap:
    """Unpickling this calls `open(marker, "w")`, creating the marker file: the proof that a
    refused file was never unpickled is that the marker does not exist."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.fixture()
def env(tmp_path):
    (tmp_path / "list.csv").write_text(LIST, encoding="utf-8")
    (tmp_path / "queries.csv").write_text(QUERIES, encoding="utf-8")
    environment = dict(os.environ, DUALUSE_CACHE_DIR=str(tmp_path / "cache"))
    environment.pop("DUALUSE_NO_CACHE", None)
    return tmp_path, environment


def dualuse(environment, *args):
    return subprocess.run(
        [sys.executable, "-m", "dualuse.interfaces.cli", *map(str, args)],
        capture_output=True, text=True, env=environment, timeout=300,
    )


def screen(tmp_path, environment, *extra):
    result = dualuse(environment, "screen", tmp_path / "queries.csv", "--list", tmp_path / "list.csv", "--top", 3, *extra)
    assert result.returncode == 0, result.stderr
    return result.stdout


def index_files(tmp_path):
    return sorted((tmp_path / "cache").glob("*.index"))


def plant(path: Path, key: str, body: bytes, secret: bytes) -> None:
    """A file in the cache format, signed with `secret`."""
    import hmac

    mac = hmac.new(secret, key.encode() + body, hashlib.sha256).digest()
    path.write_bytes(cache.MAGIC + mac + body)
    path.chmod(0o600)


def test_screen_is_the_same_cached_and_uncached_and_the_cache_is_private(env):
    tmp_path, environment = env
    uncached = screen(tmp_path, environment, "--no-cache")
    assert not (tmp_path / "cache").exists()  # --no-cache neither reads nor writes
    first = screen(tmp_path, environment)  # builds and writes
    second = screen(tmp_path, environment)  # reads
    assert uncached == first == second
    assert "hit" in second
    (written,) = index_files(tmp_path)
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) == 0o700
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "cache" / cache.SECRET).stat().st_mode) == 0o600


def test_check_is_the_same_cached_and_uncached(env):
    tmp_path, environment = env
    uncached = dualuse(environment, "check", TRANSACTION, "--no-cache")
    first = dualuse(environment, "check", TRANSACTION)
    second = dualuse(environment, "check", TRANSACTION)
    assert uncached.returncode == first.returncode == second.returncode == 0, uncached.stderr
    assert uncached.stdout == first.stdout == second.stdout
    assert len(index_files(tmp_path)) == 2  # the loaded regime and the bundled lists' index


def test_a_changed_regime_data_file_is_loaded_afresh(env, tmp_path_factory):
    """The loaded regime is cached by the bytes of its data: a changed file is parsed again."""
    import shutil

    from dualuse.regime.loader import DEFAULT_DATA_DIR

    tmp_path, environment = env
    data = tmp_path_factory.mktemp("regime") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    first = dualuse(environment, "regime", "validate", "--data", data)
    again = dualuse(environment, "regime", "validate", "--data", data)
    assert first.returncode == again.returncode == 0, first.stderr
    assert first.stdout == again.stdout and len(index_files(tmp_path)) == 1
    measures = data / "measures.yaml"
    measures.write_text(measures.read_text(encoding="utf-8") + "\n# reviewed\n", encoding="utf-8")
    changed = dualuse(environment, "regime", "validate", "--data", data)
    assert changed.returncode == 0 and changed.stdout != first.stdout  # a new data version
    assert len(index_files(tmp_path)) == 2
    broken = data / "measures.yaml"
    broken.write_text("- {id: [\n", encoding="utf-8")
    failed = dualuse(environment, "regime", "validate", "--data", data)
    assert failed.returncode == 2 and "measures.yaml" in failed.stderr


def test_a_changed_list_is_a_new_index(env):
    tmp_path, environment = env
    before = screen(tmp_path, environment)
    (tmp_path / "list.csv").write_text(LIST.replace("TDK Corporation", "Sony Group Corporation"), encoding="utf-8")
    after = screen(tmp_path, environment)
    assert len(index_files(tmp_path)) == 2
    assert before != after and "Sony Group Corporation" in after
    (tmp_path / "list.csv").write_text(LIST, encoding="utf-8")
    assert screen(tmp_path, environment) == before


def _replace_with_trap(tmp_path, environment):
    """Screen once, then put a signed trap where the index was: the key and secret are right,
    so only the checks on owner and mode stand between it and `pickle.loads`."""
    expected = screen(tmp_path, environment)
    (index,) = index_files(tmp_path)
    secret = (tmp_path / "cache" / cache.SECRET).read_bytes()
    plant(index, index.stem, pickle.dumps(Trap(tmp_path / "unpickled")), secret)
    return expected, index


def test_a_signed_file_is_unpickled_so_the_trap_would_fire(env):
    """The control for the safety tests below: a private, signed trap does reach pickle.loads."""
    tmp_path, environment = env
    _replace_with_trap(tmp_path, environment)
    dualuse(environment, "screen", tmp_path / "queries.csv", "--list", tmp_path / "list.csv")
    assert (tmp_path / "unpickled").exists()


def test_a_file_others_may_write_is_rebuilt_never_unpickled(env):
    tmp_path, environment = env
    expected, index = _replace_with_trap(tmp_path, environment)
    index.chmod(0o666)
    result = dualuse(environment, "screen", tmp_path / "queries.csv", "--list", tmp_path / "list.csv", "--top", 3)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
    assert not (tmp_path / "unpickled").exists()
    assert "index cache not used" in result.stderr and "open to others" in result.stderr
    assert stat.S_IMODE(index.stat().st_mode) == 0o600  # replaced by a private, rebuilt file
    assert screen(tmp_path, environment) == expected


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
def test_a_file_owned_by_someone_else_is_rebuilt_never_unpickled(env):
    tmp_path, environment = env
    expected, index = _replace_with_trap(tmp_path, environment)
    os.chown(index, pwd.getpwnam("nobody").pw_uid, -1)
    result = dualuse(environment, "screen", tmp_path / "queries.csv", "--list", tmp_path / "list.csv", "--top", 3)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
    assert not (tmp_path / "unpickled").exists()
    assert "not owned by the user" in result.stderr


def test_a_shared_directory_is_never_read(env):
    tmp_path, environment = env
    expected, _ = _replace_with_trap(tmp_path, environment)
    (tmp_path / "cache").chmod(0o777)
    result = dualuse(environment, "screen", tmp_path / "queries.csv", "--list", tmp_path / "list.csv", "--top", 3)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
    assert not (tmp_path / "unpickled").exists()
    assert "directory open to others" in result.stderr


def test_a_tampered_or_foreign_file_is_rebuilt_never_unpickled(env):
    tmp_path, environment = env
    expected, index = _replace_with_trap(tmp_path, environment)
    plant(index, index.stem, pickle.dumps(Trap(tmp_path / "unpickled")), b"not the secret" * 3)  # signed with another secret
    result = dualuse(environment, "screen", tmp_path / "queries.csv", "--list", tmp_path / "list.csv", "--top", 3)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
    assert not (tmp_path / "unpickled").exists()
    # the rebuilt file is valid again; a byte flipped in its body is caught by the HMAC
    data = bytearray(index.read_bytes())
    data[-1] ^= 0xFF
    index.write_bytes(bytes(data))
    assert screen(tmp_path, environment) == expected


def test_a_linked_file_is_not_followed(env):
    tmp_path, environment = env
    expected, index = _replace_with_trap(tmp_path, environment)
    elsewhere = tmp_path / "elsewhere.index"
    index.rename(elsewhere)
    index.symlink_to(elsewhere)
    result = dualuse(environment, "screen", tmp_path / "queries.csv", "--list", tmp_path / "list.csv", "--top", 3)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
    assert not (tmp_path / "unpickled").exists()


def test_cache_clear(env):
    tmp_path, environment = env
    screen(tmp_path, environment)
    result = dualuse(environment, "cache", "clear")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 cached index removed from ")
    assert index_files(tmp_path) == [] and not (tmp_path / "cache" / cache.SECRET).exists()
    assert dualuse(environment, "cache", "clear").stdout.startswith("0 cached indexes removed")
    screen(tmp_path, environment)
    assert len(index_files(tmp_path)) == 1


def test_cache_dir_honours_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("DUALUSE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "dualuse"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache.cache_dir() == Path.home() / ".cache" / "dualuse"
    monkeypatch.setenv("DUALUSE_CACHE_DIR", str(tmp_path / "mine"))
    assert cache.cache_dir() == tmp_path / "mine"


def test_new_code_or_data_is_a_new_index(tmp_path, monkeypatch):
    """The key holds the code version and the data version besides the list: either changing
    means a rebuild, never the old file (the list's own change is tested above, whole process)."""
    from dualuse.screening.base import ScreenedEntity, ScreenedName

    monkeypatch.setenv("DUALUSE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DUALUSE_NO_CACHE", raising=False)
    entities = [ScreenedEntity("x1", (ScreenedName("Sona"),), "IN", "other")]
    builds = []

    def build():
        builds.append(1)
        return {"built": len(builds)}

    assert cache.cached_index("m", entities, build, "data-1") == {"built": 1}
    assert cache.cached_index("m", entities, build, "data-1") == {"built": 1}  # read back
    assert cache.cached_index("m", entities, build, "data-2") == {"built": 2}
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    assert cache.cached_index("m", entities, build, "data-1") == {"built": 3}
    assert len(builds) == 3 and len(list((tmp_path / "cache").glob("*.index"))) == 3
