"""Property-based run of the whole published OpenAPI description against an app bound to a
temporary SQLite store, as an admin (so the store operations reach their services): generated
requests, valid and not, never get a server error, and every answer matches the schema it
documents. Stateful operations may answer 4xx (no such record, refused in its state)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import warnings
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance,
)

from dualuse.interfaces.api import create_app
from dualuse.interfaces.api.runtime import Runtime
from dualuse.interfaces.api.settings import Settings

from .store_helpers import fresh_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    _folder = Path(tempfile.mkdtemp(prefix="dualuse-schemathesis-"))
    atexit.register(shutil.rmtree, _folder, True)
    _store, _tokens = fresh_store(_folder)
    _app = create_app(Settings(session_secret="s" * 32), runtime=Runtime(), web=False, store=_store)
    schema = schemathesis.openapi.from_asgi("/openapi.json", _app)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ADMIN = {"Authorization": f"Bearer {_tokens['admin']}"}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_openapi_contract(case):
    case.call_and_validate(checks=CHECKS, headers=ADMIN)
