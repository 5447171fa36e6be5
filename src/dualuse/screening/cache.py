"""A persistent cache of built screening indexes (matchers), so a command does not rebuild
the index of the same list on every start.

Where: `DUALUSE_CACHE_DIR` if set, else `$XDG_CACHE_HOME/dualuse`, else `~/.cache/dualuse`.
What: one file per index, named by a key that is the SHA-256 of the matcher's name, the list's
content (every entity, name, country and label, in order), the code version (the installed
version, the Python version, whether the compiled core runs, and the bytes of every source and
data file of `dualuse.screening`) and the data version (the regime data version; the screening
lexicon is one of the data files hashed). Any change makes a new key, so a stale index is never
read: it is rebuilt, and the oldest files beyond `KEEP` are removed.

Safe, because a pickle is code: the directory is created 0700 and files are written 0600
(atomically: a temporary file renamed); a directory or file not owned by the user, or that
others may write (or read), is never unpickled: the index is built afresh instead (a directory
that is not private is not written to either). Every file carries an HMAC-SHA256 of its key and its bytes, made with a
random secret kept in a separate owner-only file (`secret`) in the same directory, and is
checked before it is unpickled: a file tampered with, truncated, or copied under another key
is rebuilt, never loaded (and replaced by a private file: the directory is the user's). `DUALUSE_NO_CACHE=1` (the `--no-cache` option of the commands that
screen) builds without reading or writing; `dualuse cache clear` removes the files.

`cached(key, build)` keeps anything else the same way: the regime loader keeps the loaded
regime under the digest of its code and every data byte (`regime/loader.py`).
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import os
import pickle
import secrets
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TypeVar

from dualuse.screening.base import ScreenedEntity

CACHE_DIR_ENV = "DUALUSE_CACHE_DIR"
NO_CACHE_ENV = "DUALUSE_NO_CACHE"
MAGIC = b"dualuse-index-cache 1\n"
SUFFIX = ".index"
MEMO_SUFFIX = ".memo"
RESOURCE_SUFFIX = ".resource"
"""Files of things derived from the code and data alone (the lexicon's gloss tables, the
readings of pykakasi's dictionary words)."""
SECRET = "secret"
KEEP = 8
"""Index files kept; writing a new one removes the oldest beyond this."""

M = TypeVar("M")


class UnsafeCache(Exception):
    """The cache directory or a file in it is not private to the user: it is not used."""


def cache_dir() -> Path:
    """The user's cache directory for dualuse (not created here)."""
    override = os.environ.get(CACHE_DIR_ENV)
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "dualuse"


def enabled() -> bool:
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def disable() -> None:
    """`--no-cache`: this process (and the workers it starts) neither read nor write the cache."""
    os.environ[NO_CACHE_ENV] = "1"


def _private(info: os.stat_result, kind: str, path: Path) -> None:
    if info.st_uid != os.getuid():
        raise UnsafeCache(f"{path}: {kind} not owned by the user")
    if info.st_mode & 0o077:
        raise UnsafeCache(f"{path}: {kind} open to others (mode {stat.S_IMODE(info.st_mode):o})")


def _directory(create: bool) -> Path:
    """The cache directory, checked private (created 0700 when `create`)."""
    path = cache_dir()
    if create:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeCache(f"{path}: not a directory")
    _private(info, "directory", path)
    return path


def _read_private(path: Path) -> bytes:
    """The bytes of a regular file owned by the user and closed to others (checked on the open
    file itself, never following a link)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnsafeCache(f"{path}: not a regular file")
        _private(info, "file", path)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)


def _write_private(directory: Path, name: str, data: bytes) -> None:
    """Write atomically, 0600 (mkstemp's mode), by renaming a temporary file into place."""
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temporary, 0o600)
        os.replace(temporary, directory / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _secret(directory: Path) -> bytes:
    path = directory / SECRET
    try:
        secret = _read_private(path)
        if len(secret) >= 32:
            return secret
    except FileNotFoundError:
        pass
    secret = secrets.token_bytes(32)
    _write_private(directory, SECRET, secret)
    return secret


@cache
def code_version() -> str:
    """What the index depends on besides the list: the installed version, Python, whether the
    compiled core runs, and the bytes of every source and data file of `dualuse.screening`."""
    from importlib.metadata import PackageNotFoundError, version

    from dualuse.screening.compiled import running_compiled

    digest = hashlib.sha256()
    try:
        digest.update(version("dualuse").encode())
    except PackageNotFoundError:
        digest.update(b"unknown")
    for package in ("pykakasi", "e2k", "rapidfuzz", "cutlet", "fugashi", "unidic-lite", "opencc", "pypinyin", "numpy"):
        try:
            digest.update(f"{package}={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package}=-".encode())
    digest.update(f"{sys.version}|{running_compiled()}".encode())
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".tsv", ".yaml", ".yml", ".json") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def list_digest(entities: Sequence[ScreenedEntity]) -> str:
    """The content hash of a list: every field of every entity, in order."""
    digest = hashlib.sha256()
    for entity in entities:
        fields = [entity.entity_id, entity.country or "\x01", entity.list, entity.source]
        for name in entity.names:
            fields += [name.value, name.lang]
        digest.update("\x1f".join(fields).encode("utf-8") + b"\x1e")
    return digest.hexdigest()


def derived_key(name: str) -> str:
    """The key of something derived from the code and data alone (the lexicon's gloss tables,
    a memo of readings): new with any change of them."""
    return hashlib.sha256(f"{name}|{code_version()}".encode()).hexdigest()


def index_key(matcher: str, entities: Sequence[ScreenedEntity], data_version: str = "") -> str:
    parts = f"{matcher}|{code_version()}|{data_version}|{list_digest(entities)}"
    return hashlib.sha256(parts.encode()).hexdigest()


def _warn(message: str) -> None:
    print(f"warning: index cache not used: {message}", file=sys.stderr)


def _load(directory: Path, key: str, suffix: str = SUFFIX, freeze: bool = True) -> object | None:
    path = directory / (key + suffix)
    try:
        data = _read_private(path)
    except FileNotFoundError:
        return None
    except UnsafeCache as error:
        _warn(f"{error}; rebuilt")  # never read: rebuilt, and replaced by a private file
        return None
    header = len(MAGIC) + 32
    if len(data) < header or not data.startswith(MAGIC):
        return None
    mac = hmac.new(_secret(directory), key.encode() + data[header:], hashlib.sha256).digest()
    if not hmac.compare_digest(mac, data[len(MAGIC):header]):
        return None  # tampered with, truncated, or another key's file: rebuilt, never unpickled
    enabled_gc = gc.isenabled()
    gc.disable()  # hundreds of thousands of objects that are never garbage: no collections while they arrive
    try:
        found = pickle.loads(data[header:])
        if freeze:  # long-lived (an index, a regime): never scanned by the collector (see matchers.keep)
            gc.freeze()
        return found
    finally:
        if enabled_gc:
            gc.enable()


def _store(directory: Path, key: str, index: object, suffix: str = SUFFIX, keep: int = KEEP) -> None:
    body = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
    mac = hmac.new(_secret(directory), key.encode() + body, hashlib.sha256).digest()
    _write_private(directory, key + suffix, MAGIC + mac + body)
    files = sorted(directory.glob("*" + suffix), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[keep:]:
        old.unlink(missing_ok=True)


def cached_index(matcher: str, entities: Sequence[ScreenedEntity], build: Callable[[], M], data_version: str = "") -> M:
    """The index `build()` makes over `entities`, read from the cache when a valid file for the
    same key is there, else built and written. Any failure of the cache falls back to building."""
    if not enabled():
        return build()
    return cached(index_key(matcher, entities, data_version), build)


def cached(key: str, build: Callable[[], M], suffix: str = SUFFIX) -> M:
    """What `build()` makes, under `key` (a hex digest of everything it depends on): read back
    when a valid private file holds it, else built and written (same checks as the indexes;
    `suffix` names the kind of file, each kind keeping its newest `KEEP`)."""
    if not enabled():
        return build()
    try:
        directory = _directory(create=True)
    except UnsafeCache as error:
        _warn(str(error))
        return build()
    except OSError:
        return build()
    try:
        found = _load(directory, key, suffix)
    except Exception:  # noqa: BLE001 - a cache that cannot be read is a cache miss
        found = None
    if found is not None:
        return found  # type: ignore[return-value]
    index = build()
    try:
        _store(directory, key, index, suffix)
    except (OSError, pickle.PicklingError, UnsafeCache):
        pass
    return index


def clear() -> int:
    """Remove every index, resource and memo file (and the secret); the number of index files removed."""
    path = cache_dir()
    if not path.is_dir():
        return 0
    _directory(create=False)
    removed = 0
    for entry in path.iterdir():
        if entry.suffix in (SUFFIX, MEMO_SUFFIX, RESOURCE_SUFFIX) or entry.name == SECRET or entry.name.startswith(".tmp-"):
            entry.unlink(missing_ok=True)
            removed += entry.suffix == SUFFIX
    return removed


MEMO_SHARDS = 64
"""Files a memo is spread over, by the hash of its keys: a command that asks for two names
reads two small files, not the readings of every name ever screened."""
MEMO_KEPT = 4_096
"""Entries kept per shard (some 250,000 per memo); a shard past this starts afresh."""
MEMO_FILES_KEPT = 4 * MEMO_SHARDS
"""Memo files kept (of every memo and code version); writing one removes the oldest beyond."""


class Memo:
    """A persistent memo of a deterministic function of a string (the readings of a name):
    what one process worked out, the next reads back instead of working it out again. Kept
    in the cache directory with the same safety as the indexes (owner only, HMAC-checked
    before it is unpickled), under a key of `name` and the code version (`derived_key`): any
    change of the code or the screening data starts a new memo. Read a shard at a time when
    first asked; what was added is written back when the process ends (merged with what
    another process wrote meanwhile). Nothing when the cache is disabled."""

    def __init__(self, name: str):
        self._name = name
        self._shards: dict[int, dict[object, object]] = {}
        self._dirty: set[int] = set()
        self._registered = False
        _MEMOS.append(self)

    def _shard(self, key: object) -> int:
        return hashlib.sha256(repr(key).encode()).digest()[0] % MEMO_SHARDS

    def _file_key(self, shard: int) -> str:
        return hashlib.sha256(f"{derived_key(self._name)}|{shard}".encode()).hexdigest()

    def _read(self, shard: int) -> dict[object, object]:
        try:
            directory = _directory(create=False)
            found = _load(directory, self._file_key(shard), MEMO_SUFFIX, freeze=False)
        except FileNotFoundError:
            return {}
        except UnsafeCache as error:
            _warn(str(error))
            return {}
        except Exception:  # noqa: BLE001 - a memo that cannot be read is empty
            return {}
        return found if isinstance(found, dict) else {}

    def _values(self, shard: int) -> dict[object, object]:
        values = self._shards.get(shard)
        if values is None:
            values = self._shards[shard] = self._read(shard)
        return values

    def get(self, key: object) -> object | None:
        if not enabled():
            return None
        return self._values(self._shard(key)).get(key)

    def put(self, key: object, value: object) -> None:
        if not enabled():
            return
        shard = self._shard(key)
        values = self._values(shard)
        if len(values) >= MEMO_KEPT:  # a long-running process (the API) stays bounded too
            values.clear()
        values[key] = value
        self._dirty.add(shard)
        if not self._registered:
            import atexit

            atexit.register(self.save)
            self._registered = True

    def save(self) -> None:
        """Write the shards this process added to (with what another process added meanwhile)."""
        if not self._dirty or not enabled():
            return
        try:
            directory = _directory(create=True)
        except (UnsafeCache, OSError):
            return
        for shard in sorted(self._dirty):
            merged = self._read(shard)
            if len(merged) >= MEMO_KEPT:
                merged = {}
            merged.update(self._shards[shard])
            try:
                _store(directory, self._file_key(shard), merged, MEMO_SUFFIX, MEMO_FILES_KEPT)
            except (OSError, pickle.PicklingError, UnsafeCache):
                return
        self._dirty.clear()

    def refresh(self) -> None:
        """Read again what another process has written since (`matchers/ahead.py`: a helper
        works out query readings): the shards read are dropped, and those added to here are
        merged with the file's, what was added here kept."""
        for shard in list(self._shards):
            if shard in self._dirty:
                merged = self._read(shard)
                merged.update(self._shards[shard])
                self._shards[shard] = merged
            else:
                del self._shards[shard]


_MEMOS: list[Memo] = []


def save_memos() -> None:
    """Write every memo's additions now, for a process that ends without its exit handlers
    (a forked helper leaves with `os._exit`)."""
    for memo in _MEMOS:
        memo.save()


def refresh_memos() -> None:
    for memo in _MEMOS:
        memo.refresh()
