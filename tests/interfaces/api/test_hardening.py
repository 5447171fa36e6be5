"""Issue 15 item 13 over HTTP: the trusted-host allow-list (DNS rebinding), nosniff on API
responses, /openapi.json behind auth when auth is required, no token hash in the audit log."""

from __future__ import annotations

import pytest

from dualuse.interfaces.api.settings import Settings

from .helpers import TestClient, assert_error
from .store_helpers import StoreApi

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_an_untrusted_host_is_refused(runtime):
    from dualuse.interfaces.api import create_app

    settings = Settings.from_env({})  # the default: loopback names only
    assert settings.allowed_hosts == ("localhost", "127.0.0.1", "::1")
    app = create_app(settings, runtime=runtime)
    local = TestClient(app, base_url="http://127.0.0.1:8000")
    assert local.get("/api/v1/health").status_code == 200
    assert TestClient(app, base_url="http://localhost").get("/api/v1/health").status_code == 200
    assert TestClient(app, base_url="http://[::1]:8000").get("/api/v1/health").status_code == 200
    rebound = TestClient(app, base_url="http://attacker.example:8000", raise_server_exceptions=False)
    answer = rebound.get("/api/v1/regime/status")
    assert_error(answer, 400, "untrusted_host", "Host")
    assert rebound.post("/api/v1/check", json={}).status_code == 400
    named = create_app(Settings.from_env({"DUALUSE_ALLOWED_HOSTS": "dualuse.example.org"}), runtime=runtime)
    assert TestClient(named, base_url="https://dualuse.example.org").get("/api/v1/health").status_code == 200
    assert TestClient(named, base_url="http://127.0.0.1").get("/api/v1/health").status_code == 400


def test_api_responses_say_nosniff(runtime, tmp_path):
    api = StoreApi.create(runtime, tmp_path)
    for answer in (api.anonymous.get("/api/v1/health"), api.anonymous.get("/openapi.json"), api.get("auditor", "/api/v1/cases"),
                   api.anonymous.get("/api/v1/cases"), api.anonymous.get("/api/v1/nowhere"),
                   api.anonymous.post("/api/v1/check", content=b"x" * (2 << 20))):
        assert answer.headers.get("x-content-type-options") == "nosniff", (answer.request.url, answer.status_code)


def test_openapi_needs_a_token_when_auth_is_required(runtime, tmp_path):
    api = StoreApi.create(runtime, tmp_path, require_auth=True)
    assert_error(api.anonymous.get("/openapi.json"), 401, "unauthorized")
    shown = api.get("auditor", "/openapi.json")
    assert shown.status_code == 200 and "/api/v1/cases" in shown.json()["paths"]
    (tmp_path / "open").mkdir()
    assert StoreApi.create(runtime, tmp_path / "open").anonymous.get("/openapi.json").status_code == 200


def test_the_audit_log_shows_no_token_hash(runtime, tmp_path):
    api = StoreApi.create(runtime, tmp_path)  # its people were given tokens: token.create entries
    entries = api.get("auditor", "/api/v1/audit/log", params={"entity": "token"}).json()
    assert entries and all(e["action"] == "token.create" for e in entries)
    assert "token_hash" not in str(entries)
    assert api.get("auditor", "/api/v1/audit/verify").json()["ok"] is True
