"""Database fixtures: every storage and service test runs on SQLite and on a real PostgreSQL.

`postgres_server` starts a throwaway PostgreSQL cluster once per session: `initdb` into a
temporary directory, `pg_ctl start` on 127.0.0.1 and a free port, trust authentication,
fsync off (the cluster is discarded); each test gets its own schema. PostgreSQL refuses to run as root, so as root the
cluster runs as the `postgres` system user when it exists (Debian's package creates it),
else as `nobody`, via `runuser`. Without the binaries the PostgreSQL half is skipped with the
reason, or fails when CI or DUALUSE_REQUIRE_POSTGRES is set (`make test` installs them).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: a fixed seed in CI (a red run must be reproducible and not depend on luck),
# a new draw on every local run (which keeps finding real bugs: a lone surrogate, an ideograph
# opencc writes outside the basic planes). HYPOTHESIS_PROFILE=dev in CI to explore there too.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


# Listings a user imported (`dualuse lists import`) join every regime load; tests must not see
# the developer's own, so every test process (and the CLI subprocesses it starts) gets an empty
# data directory of its own unless a test sets one.
os.environ["DUALUSE_DATA_DIR"] = tempfile.mkdtemp(prefix="dualuse-test-data-")


BACKENDS = ["sqlite", "postgresql"]


def _pg_bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]))
    return candidates[-1] if candidates else None


def _run_as() -> tuple[list[str], int | None]:
    """The command prefix that drops root, and the uid the cluster's files must belong to."""
    if os.geteuid() != 0:
        return [], None
    for name in ("postgres", "nobody"):
        try:
            uid = pwd.getpwnam(name).pw_uid
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"], uid
    raise RuntimeError("running as root and neither a `postgres` nor a `nobody` user exists to run PostgreSQL")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A running PostgreSQL on loopback; yields the server URL without a database name."""
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not (initdb and pg_ctl):
        reason = "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql"
        if os.environ.get("CI") or os.environ.get("DUALUSE_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    prefix, uid = _run_as()
    # /tmp rather than $TMPDIR: the unprivileged user must be able to reach the directory.
    root = Path(tempfile.mkdtemp(prefix="dualuse-pg-", dir="/tmp" if uid is not None else None))
    if uid is not None:
        os.chown(root, uid, -1)
    data, port = root / "data", _free_port()
    run = lambda *args: subprocess.run([*prefix, *args], check=True, capture_output=True, text=True, timeout=120)  # noqa: E731
    try:
        run(initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")
        options = f"-h 127.0.0.1 -p {port} -k {root} -F -c full_page_writes=off -c max_connections=200"
        run(pg_ctl, "-D", str(data), "-o", options, "-l", str(root / "server.log"), "-w", "-t", "60", "start")
    except subprocess.CalledProcessError as exc:
        log = (root / "server.log").read_text() if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {exc.cmd}: {exc.stderr or exc.stdout}\n{log}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database on each backend (on PostgreSQL: a fresh schema, first on the search path).

    A schema per test rather than a database per test: CREATE DATABASE copies a template of
    several megabytes, which made a full run write gigabytes.
    """
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'dualuse.sqlite'}"
    import psycopg

    server = request.getfixturevalue("postgres_server")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"{server}/postgres?options=-csearch_path%3D{schema}"


# The persistent screening index cache (screening/cache.py): every test process and the CLI
# subprocesses it starts use a private directory of their own, never the developer's.
os.environ["DUALUSE_CACHE_DIR"] = os.path.join(tempfile.mkdtemp(prefix="dualuse-test-cache-"), "cache")


@pytest.fixture(scope="session")
def load_script():
    """A script of `scripts/` (a folder of files, not a package) loaded as a module by its file
    name, for the tests of what a generator takes from its source."""
    import importlib.util

    def load(name: str):
        spec = importlib.util.spec_from_file_location(Path(name).stem, Path(__file__).resolve().parents[1] / "scripts" / name)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load
