"""What the cache keeps besides indexes (screening/cache.py), through `dualuse screen` and
`dualuse cache clear` as whole processes: the memo of the query names' readings (`.memo`)
and the lexicon's gloss tables (`.resource`). Both are pickles, so they get the indexes'
safety: a file that is not private or does not carry its HMAC is never unpickled, and the
answers are those of a run without any cache."""

from __future__ import annotations

import os
import pickle
import pwd
import stat
import subprocess
import sys

import pytest

from dualuse.screening import cache

LIST = (
    "id,name,aliases,country,list\n"
    'cn0293,"Mitsubishi Heavy Industries Maritime Systems, Ltd.",,JP,control_list\n'
    "cn0320,TDK Corporation,,JP,watch_list\n"
    "x1,Sona,,IN,other\n"
)
OTHER_LIST = "id,name,aliases,country,list\nk1,Kawasaki Heavy Industries,,JP,other\nx2,Sony Group Corporation,,JP,other\n"
# kanji the lexicon does not translate: glossed by the dictionaries, read by pykakasi and MeCab
QUERIES = "id,name,country\nq1,三菱重工海事系统株式会社,JP\nq2,ＴＤＫ株式会社,JP\nq3,陸上自衛隊,JP\nq4,ソナ,IN\n"


class Trap:
    """Unpickling this creates the marker file: a refused file was never unpickled if the
    marker does not exist."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


@pytest.fixture()
def env(tmp_path):
    (tmp_path / "list.csv").write_text(LIST, encoding="utf-8")
    (tmp_path / "other.csv").write_text(OTHER_LIST, encoding="utf-8")
    (tmp_path / "queries.csv").write_text(QUERIES, encoding="utf-8")
    environment = dict(os.environ, DUALUSE_CACHE_DIR=str(tmp_path / "cache"))
    environment.pop("DUALUSE_NO_CACHE", None)
    return tmp_path, environment


def dualuse(environment, *args):
    return subprocess.run(
        [sys.executable, "-m", "dualuse.interfaces.cli", *map(str, args)],
        capture_output=True, text=True, env=environment, timeout=300, check=False,
    )


def screen(tmp_path, environment, *extra, listed="list.csv"):
    result = dualuse(environment, "screen", tmp_path / "queries.csv", "--list", tmp_path / listed, "--top", 3, *extra)
    assert result.returncode == 0, result.stderr
    return result


def files(tmp_path, suffix):
    return sorted((tmp_path / "cache").glob("*" + suffix))


def sign(path, body: bytes, secret: bytes) -> None:
    """Write `body` in the cache format under the file's own key, signed with `secret`."""
    import hashlib
    import hmac

    key = path.name[: -len(path.suffix)]
    path.write_bytes(cache.MAGIC + hmac.new(secret, key.encode() + body, hashlib.sha256).digest() + body)
    path.chmod(0o600)


def trap_everything(tmp_path, suffix, secret=None):
    """Replace every file of `suffix` by a trap signed with the cache's secret (or `secret`).
    For the gloss tables, the memo goes: names whose forms the memo holds need no glosses."""
    secret = secret if secret is not None else (tmp_path / "cache" / cache.SECRET).read_bytes()
    if suffix == cache.RESOURCE_SUFFIX:
        for memo in files(tmp_path, cache.MEMO_SUFFIX):
            memo.unlink()
    planted = files(tmp_path, suffix)
    assert planted
    for path in planted:
        sign(path, pickle.dumps(Trap(tmp_path / "unpickled")), secret)
    return planted


def test_the_memo_and_the_glosses_are_written_privately_and_change_no_answer(env):
    tmp_path, environment = env
    uncached = screen(tmp_path, environment, "--no-cache").stdout
    assert not (tmp_path / "cache").exists()  # --no-cache neither reads nor writes
    first = screen(tmp_path, environment).stdout
    memos, resources = files(tmp_path, cache.MEMO_SUFFIX), files(tmp_path, cache.RESOURCE_SUFFIX)
    assert memos and len(resources) == 3  # the lexicon's gloss tables, pykakasi's word readings, the whole names
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in memos + resources)
    second = screen(tmp_path, environment).stdout  # the queries' forms read back from the memo
    assert uncached == first == second and "hit" in second


def test_the_memo_holds_readings_not_answers(env):
    """The same names against another list: the answers of that list, as without a cache."""
    tmp_path, environment = env
    screen(tmp_path, environment)
    other = screen(tmp_path, environment, listed="other.csv").stdout
    assert other == screen(tmp_path, environment, "--no-cache", listed="other.csv").stdout
    assert "Kawasaki" in other and "Mitsubishi" not in other


@pytest.mark.parametrize("suffix", [cache.MEMO_SUFFIX, cache.RESOURCE_SUFFIX])
def test_a_signed_private_file_is_read_so_the_trap_would_fire(env, suffix):
    """The control for the tests below: a memo or resource file signed with the secret, private,
    does reach pickle.loads."""
    tmp_path, environment = env
    screen(tmp_path, environment)
    trap_everything(tmp_path, suffix)
    dualuse(environment, "screen", tmp_path / "queries.csv", "--list", tmp_path / "list.csv")
    assert (tmp_path / "unpickled").exists()


@pytest.mark.parametrize("suffix", [cache.MEMO_SUFFIX, cache.RESOURCE_SUFFIX])
def test_a_tampered_file_is_worked_out_again_never_unpickled(env, suffix):
    tmp_path, environment = env
    expected = screen(tmp_path, environment).stdout
    planted = {path: path.read_bytes() for path in trap_everything(tmp_path, suffix, secret=b"not the secret" * 3)}
    planted = {path: path.read_bytes() for path in planted}
    assert screen(tmp_path, environment).stdout == expected
    assert not (tmp_path / "unpickled").exists()
    assert all(path.read_bytes() != trap for path, trap in planted.items())  # worked out again and replaced
    # a byte flipped in a body is caught by the HMAC too
    for path in files(tmp_path, suffix):
        data = bytearray(path.read_bytes())
        data[-1] ^= 0xFF
        path.write_bytes(bytes(data))
    assert screen(tmp_path, environment).stdout == expected


@pytest.mark.parametrize("suffix", [cache.MEMO_SUFFIX, cache.RESOURCE_SUFFIX])
def test_a_file_others_may_write_is_not_trusted(env, suffix):
    tmp_path, environment = env
    expected = screen(tmp_path, environment).stdout
    for path in trap_everything(tmp_path, suffix):
        path.chmod(0o666)
    result = screen(tmp_path, environment)
    assert result.stdout == expected
    assert not (tmp_path / "unpickled").exists()
    assert "index cache not used" in result.stderr and "open to others" in result.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")
@pytest.mark.parametrize("suffix", [cache.MEMO_SUFFIX, cache.RESOURCE_SUFFIX])
def test_a_file_owned_by_someone_else_is_not_trusted(env, suffix):
    tmp_path, environment = env
    expected = screen(tmp_path, environment).stdout
    for path in trap_everything(tmp_path, suffix):
        os.chown(path, pwd.getpwnam("nobody").pw_uid, -1)
    result = screen(tmp_path, environment)
    assert result.stdout == expected
    assert not (tmp_path / "unpickled").exists()
    assert "not owned by the user" in result.stderr


def test_no_cache_reads_no_memo(env):
    """`--no-cache` neither reads the memo nor the glosses (a trap in each stays shut)."""
    tmp_path, environment = env
    expected = screen(tmp_path, environment).stdout
    trap_everything(tmp_path, cache.MEMO_SUFFIX)
    trap_everything(tmp_path, cache.RESOURCE_SUFFIX)
    assert screen(tmp_path, environment, "--no-cache").stdout == expected
    assert not (tmp_path / "unpickled").exists()


def test_cache_clear_drops_the_memo_and_the_resources(env):
    tmp_path, environment = env
    screen(tmp_path, environment)
    assert files(tmp_path, cache.MEMO_SUFFIX) and files(tmp_path, cache.RESOURCE_SUFFIX)
    result = dualuse(environment, "cache", "clear")
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "cache").iterdir()) == []
