"""The store's pages without a browser: sign-in with a password and a server-side session, CSRF on
every POST, forged or foreign session cookies ignored, refusals shown with their reasons, and
the pages in all three languages."""

from __future__ import annotations

import re
import warnings

import pytest

from dualuse.interfaces.api import create_app
from dualuse.interfaces.api.settings import Settings
from dualuse.interfaces.api.store import Sessions
from dualuse.interfaces.web import i18n
from dualuse.services import users
from dualuse.storage.database import Store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
PASSWORD = "pw-for-tests-only"
PAGES = ("/cases", "/applications", "/licences", "/audit")


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store(f"sqlite:///{tmp_path / 'dualuse.sqlite'}")
    users.add_user(store, None, "ada", "admin", PASSWORD)
    users.add_user(store, "ada", "erin", "exporter", PASSWORD)
    return store


@pytest.fixture
def web(runtime, store) -> TestClient:
    return TestClient(create_app(Settings(), runtime=runtime, store=store), raise_server_exceptions=False)


def _csrf(text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)


def _sign_in(web: TestClient, name: str) -> str:
    csrf = _csrf(web.get("/login").text)
    answer = web.post("/login", data={"csrf": csrf, "name": name, "password": PASSWORD, "next": "/cases"}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/cases"
    cookies = answer.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("dualuse_session="))
    assert "HttpOnly" in session and "samesite=lax" in session.lower()
    return _csrf(web.get("/cases").text)


def test_store_pages_need_a_signed_in_user(web):
    for path in PAGES:
        answer = web.get(path, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/login?next=")


def test_a_wrong_password_and_a_missing_csrf_token_are_refused(web):
    csrf = _csrf(web.get("/login").text)
    assert web.post("/login", data={"csrf": csrf, "name": "erin", "password": "nope"}).status_code == 401
    assert web.post("/login", data={"name": "erin", "password": PASSWORD}).status_code == 403
    _sign_in(web, "erin")
    forged = web.post("/cases", data={"transaction": "{}", "csrf": "guess"})
    assert forged.status_code == 403 and "csrf" in forged.text


def test_a_forged_or_foreign_session_is_ignored(web, store, tmp_path):
    other = Sessions.for_store(store, "another server's secret, 32 bytes+")
    web.cookies.set("dualuse_session", other.start("ada"))  # a session made under another key
    assert web.get("/cases", follow_redirects=False).status_code == 303
    web.cookies.set("dualuse_session", "eyJ1IjoiYWRhIiwiZXhwIjo5OTk5OTk5OTk5fQ.AAAA")
    assert web.get("/cases", follow_redirects=False).status_code == 303


def test_the_session_key_is_kept_next_to_the_database(store, tmp_path):
    key = tmp_path / "session.key"
    first = Sessions.for_store(store, None)
    assert key.exists() and (key.stat().st_mode & 0o777) == 0o600
    assert Sessions.for_store(store, None).read(first.start("ada")).name == "ada"  # the same key after a restart


def test_a_refusal_is_shown_with_its_reasons(web, examples_01):
    csrf = _sign_in(web, "erin")
    recorded = web.post("/cases", data={"csrf": csrf, "transaction": examples_01}, follow_redirects=False)
    assert recorded.status_code == 303
    case_url = recorded.headers["location"]
    drafted = web.post(f"{case_url}/applications", data={"csrf": csrf, "licence_type": "single"}, follow_redirects=False)
    app_url = drafted.headers["location"]
    refused = web.post(f"{app_url}/action", data={"csrf": csrf, "action": "submit"})
    assert refused.status_code == 409
    assert "lacks required documents" in refused.text and "end_user_certificate (Regs Art. 16)" in refused.text
    assert web.get("/cases/424242").status_code == 404


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_store_pages_in_every_language(web, lang):
    _sign_in(web, "ada")
    web.cookies.set(i18n.COOKIE, lang)
    t = i18n.Translator(lang)
    for path, key in zip(PAGES, ("cases.title", "apps.title", "licences.title", "audit.title")):
        page = web.get(path)
        assert page.status_code == 200 and f"<h1>{t(key)}</h1>" in page.text, (lang, path)


def test_without_a_store_the_store_pages_are_absent(runtime):
    web = TestClient(create_app(Settings(), runtime=runtime), raise_server_exceptions=False)
    assert 'href="/cases"' not in web.get("/check").text
    assert web.get("/cases").status_code == 404


@pytest.fixture(scope="module")
def examples_01() -> str:
    from pathlib import Path

    return (Path(__file__).resolve().parents[3] / "examples" / "transactions" / "01-jp-civil-samarium-oxide.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ("zh", "ja"))
def test_a_refusal_and_the_audit_log_speak_the_users_language(web, examples_01, lang):
    csrf = _sign_in(web, "erin")
    web.cookies.set(i18n.COOKIE, lang)
    t = i18n.Translator(lang)
    case_url = web.post("/cases", data={"csrf": csrf, "transaction": examples_01}, follow_redirects=False).headers["location"]
    app_url = web.post(f"{case_url}/applications", data={"csrf": csrf, "licence_type": "single"}, follow_redirects=False).headers["location"]
    refused = web.post(f"{app_url}/action", data={"csrf": csrf, "action": "submit"})
    assert refused.status_code == 409
    assert t("refused.kind.state") in refused.text and t("refused.kind.state") != i18n.Translator("en")("refused.kind.state")
    assert "lacks required documents" in refused.text  # the service's own words stay beside
    assert f"{t('doc.end_user_certificate')} (Regs Art. 16) · end_user_certificate" in refused.text
    _sign_in(web, "ada")
    web.cookies.set(i18n.COOKIE, lang)
    audit = web.get("/audit").text
    for action in ("case.add", "application.create"):
        assert t(f"audit_action.{action}") in audit and f"<code>{action}</code>" in audit
    assert t("entity.case") in audit
