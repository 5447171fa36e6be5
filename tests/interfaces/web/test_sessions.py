"""Issue 15 item 9 over HTTP: web sessions are server-side. Sign-out ends them (the old cookie no
longer authenticates a page or the API), sign-in rotates them, idle time and deactivation end
them, and a restart keeps the ones still open."""

from __future__ import annotations

import re
import warnings
from datetime import timedelta

import pytest
from sqlalchemy import select

from dualuse.interfaces.api import create_app
from dualuse.interfaces.api.settings import Settings
from dualuse.services import users
from dualuse.storage.database import Store
from dualuse.storage.models import WebSession

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
PASSWORD = "pw-for-tests-only"


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'dualuse.sqlite'}")
    users.add_user(store, None, "ada", "admin", PASSWORD)
    users.add_user(store, "ada", "erin", "exporter", PASSWORD)
    return store


def client(runtime, store, **settings) -> TestClient:
    return TestClient(create_app(Settings(**settings), runtime=runtime, store=store), raise_server_exceptions=False)


def _csrf(text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)


def sign_in(web: TestClient, name: str = "erin") -> str:
    csrf = _csrf(web.get("/login").text)
    answer = web.post("/login", data={"csrf": csrf, "name": name, "password": PASSWORD, "next": "/cases"}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return web.cookies.get("dualuse_session")


def signed_in(runtime, store, cookie: str) -> bool:
    """Whether `cookie` alone (a fresh browser, e.g. a copy of the cookie) opens a store page and the API."""
    other = client(runtime, store)
    other.cookies.set("dualuse_session", cookie)
    page = other.get("/cases", follow_redirects=False).status_code
    api = other.get("/api/v1/me").status_code
    assert (page == 200) == (api == 200), (page, api)
    return page == 200


def test_sign_out_ends_the_session_on_the_server(runtime, store):
    web = client(runtime, store)
    cookie = sign_in(web)
    assert signed_in(runtime, store, cookie)
    csrf = _csrf(web.get("/cases").text)
    assert web.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert not signed_in(runtime, store, cookie)  # a copy of the old cookie is worth nothing now
    assert client(runtime, store).get("/api/v1/me", cookies={"dualuse_session": cookie}).status_code == 401


def test_sign_in_rotates_the_session(runtime, store):
    web = client(runtime, store)
    first = sign_in(web)
    second = sign_in(web)
    assert first != second
    assert not signed_in(runtime, store, first) and signed_in(runtime, store, second)


def test_an_idle_session_expires(runtime, store):
    web = client(runtime, store, session_idle_minutes=5)
    cookie = sign_in(web)
    assert signed_in(runtime, store, cookie)
    with store.transaction() as session:
        for row in session.scalars(select(WebSession)):
            row.last_seen_at -= timedelta(minutes=6)
    assert web.get("/cases", follow_redirects=False).status_code == 303
    assert not signed_in(runtime, store, cookie)


def test_an_admin_signs_a_user_out_everywhere_from_the_cli(runtime, store, tmp_path):
    import os
    import subprocess
    import sys

    cookies = [sign_in(client(runtime, store)) for _ in range(2)]  # two browsers
    env = {**os.environ, "DUALUSE_DATABASE_URL": store.url}
    done = subprocess.run([sys.executable, "-m", "dualuse.interfaces.cli", "user", "end-sessions", "erin", "--user", "ada"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert '"sessions_ended": 2' in done.stdout
    assert not any(signed_in(runtime, store, cookie) for cookie in cookies)
    refused = subprocess.run([sys.executable, "-m", "dualuse.interfaces.cli", "user", "end-sessions", "ada", "--user", "erin"],
                             capture_output=True, text=True, env=env, timeout=120)
    assert refused.returncode == 3 and "may not user.manage" in refused.stderr


def test_sessions_survive_a_restart_but_not_deactivation(runtime, store):
    cookie = sign_in(client(runtime, store))
    assert signed_in(runtime, store, cookie)  # a new app over the same store: the session is still open
    users.deactivate_user(store, "ada", "erin")
    assert not signed_in(runtime, store, cookie)


def test_cookie_authenticated_api_writes_need_the_csrf_token_and_our_origin(runtime, store, tmp_path):
    """Item 10: a page on another site cannot withdraw an application or start a batch job with
    the victim's session cookie; the same browser's own script, with the token, can."""
    from dualuse.services import applications, cases

    web = client(runtime, store)
    sign_in(web, "erin")
    case = cases.add_case(store, "erin", _transaction())
    app_id = applications.create_application(store, "erin", case.id, "single").id
    url = f"/api/v1/applications/{app_id}/withdraw"
    foreign = web.post(url, headers={"Origin": "https://evil.example", "X-CSRF-Token": web.cookies.get("dualuse_csrf")})
    assert foreign.status_code == 403 and foreign.json()["error"]["code"] == "csrf"
    assert web.post(url).status_code == 403  # no token: a form on another site cannot send the header
    upload = web.post("/api/v1/batch", files={"file": ("rows.csv", b"id,destination\n1,JP\n", "text/csv")})
    assert upload.status_code == 403 and upload.json()["error"]["code"] == "csrf"
    assert applications.get_application(store, "erin", app_id).state.value == "draft"
    token = web.get("/api/v1/me").json()["csrf_token"]
    done = web.post(url, headers={"X-CSRF-Token": token, "Origin": str(web.base_url).rstrip("/")})
    assert done.status_code == 200 and done.json()["state"] == "withdrawn"


def _transaction():
    import json
    from pathlib import Path

    from dualuse.transaction import parse_transaction

    example = Path(__file__).resolve().parents[3] / "examples" / "transactions" / "01-jp-civil-samarium-oxide.json"
    return parse_transaction(json.loads(example.read_text(encoding="utf-8")))
