"""Issue 15 item 8 over HTTP: sign-in guessing is throttled per user name and per address, an
unknown user name costs the same argon2 verification as a known one (no user enumeration by
timing), and argon2 runs at most DUALUSE_HASH_CONCURRENCY (2) at a time."""

from __future__ import annotations

import re
import threading
import warnings

import pytest

from dualuse.interfaces.api import create_app
from dualuse.interfaces.api.settings import Settings
from dualuse.services import users
from dualuse.storage.database import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
PASSWORD = "pw-for-tests-only"


@pytest.fixture
def web(runtime, tmp_path) -> TestClient:
    store = Store(f"sqlite:///{tmp_path / 'dualuse.sqlite'}")
    users.add_user(store, None, "ada", "admin", PASSWORD)
    users.add_user(store, "ada", "erin", "exporter", PASSWORD)
    settings = Settings(login_max_failures=3, login_max_failures_per_address=6)
    return TestClient(create_app(settings, runtime=runtime, store=store), raise_server_exceptions=False)


def attempt(web: TestClient, name: str, password: str):
    csrf = re.search(r'name="csrf" value="([^"]+)"', web.get("/login").text).group(1)
    return web.post("/login", data={"csrf": csrf, "name": name, "password": password}, follow_redirects=False)


class CountingVerify:
    """Stands in for the argon2 hasher: counts verifications and the most running at once."""

    def __init__(self, hasher, hold: threading.Event | None = None):
        self.real, self.hash, self.hold = hasher.verify, hasher.hash, hold
        self.calls = self.running = self.most = 0
        self.lock = threading.Lock()

    def verify(self, stored, password):
        with self.lock:
            self.calls += 1
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            if self.hold is not None:
                self.hold.wait(2)  # keep the slot while the others try to get in
            return self.real(stored, password)
        finally:
            with self.lock:
                self.running -= 1


def test_guessing_one_users_password_is_throttled(web):
    for _ in range(3):
        assert attempt(web, "erin", "wrong guess here").status_code == 401
    refused = attempt(web, "erin", PASSWORD)  # even the right password waits out the window
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in refused.text
    assert attempt(web, "ada", PASSWORD).status_code == 303  # another user is not locked out


def test_guessing_from_one_address_is_throttled(web):
    for number in range(6):
        assert attempt(web, f"user{number}", "wrong guess here").status_code == 401
    assert attempt(web, "ada", PASSWORD).status_code == 429


def test_an_unknown_user_costs_a_hash_too(web, monkeypatch):
    spy = CountingVerify(users._hasher)
    monkeypatch.setattr(users, "_hasher", spy)
    assert attempt(web, "erin", "wrong guess here").status_code == 401
    assert attempt(web, "nobody-by-this-name", "wrong guess here").status_code == 401
    assert spy.calls == 2


def test_argon2_runs_two_at_a_time(web, monkeypatch):
    spy = CountingVerify(users._hasher, threading.Event())
    monkeypatch.setattr(users, "_hasher", spy)
    answers: list[int] = []

    def one(number: int) -> None:  # a browser of its own (its own CSRF cookie) per attempt
        answers.append(attempt(TestClient(web.app), f"guess{number}", "wrong guess here").status_code)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert answers == [401] * 5
    assert spy.calls == 5 and spy.most <= 2
