"""Property-based run of the published OpenAPI description: generated requests, valid and not,
never get a server error, and every answer matches the schema it documents."""

from __future__ import annotations

import warnings

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

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    _runtime = Runtime()
    _app = create_app(Settings(), runtime=_runtime, web=False)
    schema = schemathesis.openapi.from_asgi("/openapi.json", _app)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_openapi_contract(case):
    case.call_and_validate(checks=CHECKS)
