"""The web forms keep the limits of the CLI and the API (dualuse.limits): a name over the limit, a
non-finite or over-precise amount, is a 422 page naming the input, never a truncation or a 500."""

from __future__ import annotations

import warnings

import pytest

from dualuse import limits
from dualuse.interfaces.api import create_app
from dualuse.interfaces.api.runtime import Runtime
from dualuse.interfaces.api.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

FORM = {
    "date": "2026-03-02", "destination": "JP", "exporter-name": "湖南钨业进出口有限公司", "exporter-country": "CN",
    "parties-0-role": "end_user", "parties-0-name": "Acme K.K.", "parties-0-country": "JP", "parties-0-kind": "company",
    "end_use-category": "civil", "items-0-description": "APT", "items-0-control_code": "1C117.d", "items-0-value": "12000",
}


@pytest.fixture(scope="module")
def web():
    runtime = Runtime()
    runtime.warm()
    return TestClient(create_app(Settings(), runtime=runtime), raise_server_exceptions=False)


def test_screen_form_refuses_a_name_over_the_limit(web):
    name = "x" * (limits.MAX_NAME_CHARS + 1)
    page = web.post("/screen", data={"names": f"Acme\n{name}"})
    assert page.status_code == 422
    assert f"Line 2: a name may have at most {limits.MAX_NAME_CHARS} characters" in page.text
    assert web.post("/screen", data={"names": "x" * limits.MAX_NAME_CHARS}).status_code == 200


@pytest.mark.parametrize("field, path, value", [
    ("parties-0-name", "parties[0].name", "x" * (limits.MAX_NAME_CHARS + 1)),
    ("exporter-name", "exporter.name", "x" * 100_000),
    ("items-0-value", "items[0].value", "1e400"),
    ("items-0-value", "items[0].value", "Infinity"),
    ("items-0-value", "items[0].value", "NaN"),
    ("items-0-value", "items[0].value", "0.00001"),
])
def test_check_form_refuses_what_the_cli_refuses(web, field: str, path: str, value: str):
    page = web.post("/check", data={**FORM, field: value})
    assert page.status_code == 422, page.text[:500]
    assert f'<p class="field-error" id="e-{field}">' in page.text, path  # the error beside its field, in words
    assert f'id="f-{field}" name="{field}" aria-invalid="true"' in page.text
