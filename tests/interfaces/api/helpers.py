"""Building apps and clients for the API tests."""

from __future__ import annotations

import warnings

from dualuse.interfaces.api import create_app
from dualuse.interfaces.api.runtime import Runtime
from dualuse.interfaces.api.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's notice about its httpx-based client
    from fastapi.testclient import TestClient


def client(runtime: Runtime, **settings: object) -> TestClient:
    return TestClient(create_app(Settings(**settings), runtime=runtime), raise_server_exceptions=False)


def assert_error(response, status: int, code: str, field: str | None = ...) -> dict:
    """The uniform error body, with the status and code expected (and the field, when given)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    if field is not ...:
        assert body["error"]["field"] == field
    return body["error"]
