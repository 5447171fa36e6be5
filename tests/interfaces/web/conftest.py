"""A real server and a real browser: `dualuse serve` (uvicorn) on 127.0.0.1 and a free port, driven
by Playwright through Debian's Chromium at /usr/bin/chromium (no browser download).

Without /usr/bin/chromium the browser tests are skipped with the reason, or fail when CI is set
(`make test` installs the Debian packages `chromium` and `chromium-driver`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
START_TIMEOUT_S = 60


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} not found: apt-get install chromium chromium-driver"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


PEOPLE = {"admin": "ada", "reviewer": "rita", "exporter": "erin", "auditor": "otto"}
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`dualuse serve` in a child process over a temporary SQLite store with one user per role
    (PEOPLE, password PASSWORD); yields its base URL once /api/v1/health answers."""
    _require_chromium()
    port = _free_port()
    folder = tmp_path_factory.mktemp("server")
    log = folder / "serve.log"
    database = f"sqlite:///{folder / 'dualuse.sqlite'}"
    _add_people(database)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUALUSE_")}
    env |= {"DUALUSE_DATABASE_URL": database, "XDG_DATA_HOME": str(folder / "data")}
    code = f"from dualuse.interfaces.cli.serve import serve; serve(host='127.0.0.1', port={port})"
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen([sys.executable, "-c", code], stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                pytest.fail(f"dualuse serve exited with {process.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/api/v1/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"dualuse serve did not answer within {START_TIMEOUT_S}s:\n{log.read_text()}")
            time.sleep(0.2)
        printed = log.read_text()
        assert f"http://127.0.0.1:{port}/" in printed, "serve prints the address it listens on"
        assert "dualuse.sqlite" in printed and "/login" in printed, "serve prints the database and where to sign in"
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _add_people(database: str) -> None:
    from dualuse.services import users
    from dualuse.storage.database import Store

    store = Store(database)
    users.add_user(store, None, PEOPLE["admin"], "admin", PASSWORD)
    for role, name in PEOPLE.items():
        if role != "admin":
            users.add_user(store, PEOPLE["admin"], name, role, PASSWORD)
    store.dispose()


@pytest.fixture(scope="session")
def browser(server: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser, server: str):
    """A fresh browser context (no cookies) per test; console errors (e.g. a CSP violation) fail it."""
    context = browser.new_context(base_url=server, viewport={"width": 1366, "height": 900}, locale="en-GB")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    # A form with bad input (422), a wrong password (401) or a refusal by the rules (403, 409) is
    # answered as a page with that status; the browser logs the status, which is not a fault.
    expected = tuple(f"the server responded with a status of {status}" for status in (401, 403, 409, 422))

    def on_console(message) -> None:
        if message.type == "error" and not any(e in message.text for e in expected):
            errors.append(message.text)

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"browser console errors: {errors}"


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the screenshots go: $DUALUSE_SCREENSHOTS when set (CI artefacts), else a temporary dir."""
    chosen = os.environ.get("DUALUSE_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def runtime():
    """One warmed runtime (regime, matcher, engine) for every in-process web test: it keeps no
    per-request state, so sharing it only saves building it once a module."""
    from dualuse.interfaces.api.runtime import Runtime

    warm = Runtime()
    warm.warm()
    return warm
