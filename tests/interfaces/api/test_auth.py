"""Reads are open by default and need a bearer token with DUALUSE_REQUIRE_AUTH=1; writes need a role."""

from __future__ import annotations

import pytest
from fastapi import Depends

from dualuse.interfaces.api import create_app
from dualuse.interfaces.api.auth import EnvTokenAuthenticator, Principal, require_permission
from dualuse.interfaces.api.settings import Settings

from .helpers import TestClient, assert_error, client

READS = [
    ("get", "/api/v1/health", None),
    ("get", "/api/v1/regime/status", None),
    ("get", "/api/v1/regime/timeline", None),
    ("post", "/api/v1/screen", {"names": [{"name": "陸上自衛隊"}]}),
]


@pytest.mark.parametrize("method, url, body", READS)
def test_reads_are_open_by_default(runtime, method, url, body):
    api = client(runtime)
    assert getattr(api, method)(url, **({"json": body} if body else {})).status_code == 200


@pytest.mark.parametrize("method, url, body", READS)
def test_reads_need_a_token_when_auth_is_required(runtime, method, url, body):
    api = client(runtime, require_auth=True, api_tokens=("s3cret-token",))
    kwargs = {"json": body} if body else {}
    response = getattr(api, method)(url, **kwargs)
    assert_error(response, 401, "unauthorized", "Authorization")
    assert response.headers["www-authenticate"].startswith("Bearer")
    wrong = getattr(api, method)(url, headers={"Authorization": "Bearer nope"}, **kwargs)
    assert_error(wrong, 401, "unauthorized", "Authorization")
    assert 'error="invalid_token"' in wrong.headers["www-authenticate"]
    ok = getattr(api, method)(url, headers={"Authorization": "Bearer s3cret-token"}, **kwargs)
    assert ok.status_code == 200


def test_check_needs_a_token_when_auth_is_required(runtime, jp_military):
    api = client(runtime, require_auth=True, api_tokens=("a", "b"))
    assert_error(api.post("/api/v1/check", json=jp_military), 401, "unauthorized")
    assert api.post("/api/v1/check", json=jp_military, headers={"Authorization": "Bearer b"}).json()["outcome"] == "PROHIBITED"


def test_other_schemes_are_refused(runtime):
    api = client(runtime, require_auth=True, api_tokens=("a",))
    assert_error(api.get("/api/v1/health", headers={"Authorization": "Basic YTph"}), 401, "unauthorized", "Authorization")


def test_an_invalid_token_is_refused_even_when_reads_are_open(runtime):
    api = client(runtime, api_tokens=("a",))
    assert_error(api.get("/api/v1/health", headers={"Authorization": "Bearer z"}), 401, "unauthorized")
    assert api.get("/api/v1/health", headers={"Authorization": "Bearer a"}).status_code == 200


def test_auth_required_with_no_tokens_configured_refuses_everyone(runtime):
    api = client(runtime, require_auth=True)
    assert_error(api.get("/api/v1/health"), 401, "unauthorized")
    assert_error(api.get("/api/v1/health", headers={"Authorization": "Bearer "}), 401, "unauthorized")


def test_settings_from_the_environment():
    settings = Settings.from_env({"DUALUSE_REQUIRE_AUTH": "1", "DUALUSE_API_TOKENS": " t1, ,t2 ", "DUALUSE_MAX_BODY_BYTES": "2048"})
    assert settings.require_auth and settings.api_tokens == ("t1", "t2") and settings.max_body_bytes == 2048
    assert not Settings.from_env({}).require_auth
    assert Settings.from_env({"DUALUSE_MAX_BODY_BYTES": "lots"}).max_body_bytes == Settings().max_body_bytes
    assert "t1" not in repr(settings)


def test_env_tokens_authenticate_read_only_callers():
    tokens = EnvTokenAuthenticator(("t1", "t2"))
    assert tokens.authenticate("t2") == Principal("api-token-2")
    assert tokens.authenticate("t3") is None
    assert tokens.authenticate("") is None


class _Users:
    """An authenticator as the store will provide: tokens of users with roles."""

    def authenticate(self, token: str) -> Principal | None:
        return {"rev": Principal("rita", "reviewer"), "exp": Principal("emil", "exporter")}.get(token)


def test_the_role_check_dependency(runtime):
    app = create_app(Settings(), runtime=runtime, authenticator=_Users(), web=False)

    @app.post("/api/v1/licences/{number}/issue")
    def issue(number: str, who: Principal = Depends(require_permission("licence.issue"))) -> dict:
        return {"issued": number, "by": who.name}

    api = TestClient(app, raise_server_exceptions=False)
    assert api.post("/api/v1/licences/L1/issue", headers={"Authorization": "Bearer rev"}).json() == {"issued": "L1", "by": "rita"}
    refused = assert_error(api.post("/api/v1/licences/L1/issue", headers={"Authorization": "Bearer exp"}), 403, "forbidden")
    assert "emil (exporter) may not licence.issue" == refused["message"]
    assert_error(api.post("/api/v1/licences/L1/issue"), 401, "unauthorized")
    assert_error(api.post("/api/v1/licences/L1/issue", headers={"Authorization": "Bearer who"}), 401, "unauthorized")


def test_env_tokens_cannot_write(runtime):
    app = create_app(Settings(api_tokens=("t",)), runtime=runtime, web=False)

    @app.post("/api/v1/test-only-write")
    def add_case(who: Principal = Depends(require_permission("case.add"))) -> dict:
        return {}

    api = TestClient(app, raise_server_exceptions=False)
    assert_error(api.post("/api/v1/test-only-write", headers={"Authorization": "Bearer t"}), 403, "forbidden")
