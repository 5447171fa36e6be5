"""One error body for every failure: `{"error": {"code", "message", "field"}}`.

Bad input is always a 4xx naming the field; an unexpected failure is a 500 with the same
shape and no traceback. Routes raise `ApiError` (or let `InputError` from a service through).
"""

from __future__ import annotations

import logging
from typing import Any, Sequence

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from dualuse.errors import DualuseError, InputError
from dualuse.storage.errors import NotFoundError, PermissionRefused, RefusedError, SchemaVersionError, StateConflict

log = logging.getLogger("dualuse.api")

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    409: "conflict",
    422: "invalid_input",
    429: "too_many_requests",
    503: "unavailable",
}

# The one table from an error's type to (HTTP status, code). The first entry the error is an
# instance of wins, so a subclass is listed before its base (NotFoundError is an InputError).
ERROR_STATUS: tuple[tuple[type[Exception], int, str], ...] = (
    (PermissionRefused, 403, "forbidden"),
    (StateConflict, 409, "refused"),
    (RefusedError, 409, "refused"),  # an untyped refusal (code older than the two kinds)
    (NotFoundError, 404, "not_found"),
    (InputError, 422, "invalid_input"),
    (SchemaVersionError, 503, "schema_version"),
)


def status_of(exc: Exception) -> tuple[int, str]:
    """The HTTP status and code of a service's typed error (500 `internal_error` for another)."""
    for kind, status, code in ERROR_STATUS:
        if isinstance(exc, kind):
            return status, code
    return 500, "internal_error"


class ApiError(Exception):
    """An error a route reports to the client as it is."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.field, self.headers = status, code, message, field, headers


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code, e.g. invalid_input, malformed_json, payload_too_large.")
    message: str = Field(description="What is wrong, in one line.")
    field: str | None = Field(None, description="The offending field as a path such as `items[0].control_code`, or null.")
    text: str | None = Field(None, description="An invalid input in plain words in the language asked (`?lang=zh|ja|en` or "
                                               "Accept-Language zh/ja): the field as the form names it and what to enter.")


class ErrorBody(BaseModel):
    error: ErrorDetail

    model_config = {"json_schema_extra": {"examples": [
        {"error": {"code": "invalid_input", "message": "unknown country 'XX': expected an ISO 3166-1 alpha-2 code such as CN, JP or US", "field": "destination"}}
    ]}}


def error_response(status: int, code: str, message: str, field: str | None = None, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "field": field}}, status_code=status, headers=headers)


def field_path(loc: Sequence[Any]) -> str | None:
    """`("body", "items", 0, "control_code")` -> `items[0].control_code` (the CLI's notation)."""
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        source, parts = parts[0], parts[1:]
        if not parts:
            return None if source == "body" else str(source)
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


def asked_language(request: Request) -> str | None:
    """The language a request asks its texts in: `?lang=`, else Accept-Language when it asks for
    a language other than English (English stays the API's default)."""
    from dualuse import i18n

    chosen = request.query_params.get("lang")
    if chosen in i18n.LANGUAGES:
        return chosen
    asked = i18n.language(request.headers.get("accept-language"))
    return asked if asked and asked != i18n.DEFAULT_LANGUAGE else None


def plain_words(lang: str, error: dict, message: str, field: str | None) -> str:
    """An input error for a person: the field as the form labels it, then what to enter."""
    from dualuse.interfaces.web.forms import error_words
    from dualuse.interfaces.web.i18n import Translator

    t = Translator(lang)
    key, values = error_words(error)
    said = t(key, **values) if key else message
    return f"{t.path(field)}: {said}" if field else said


def validation_error_response(exc: RequestValidationError, lang: str | None = None) -> JSONResponse:
    errors = exc.errors()
    first = errors[0] if errors else {"loc": (), "msg": "invalid request", "type": "value_error"}
    kind = first.get("type", "")
    if kind == "json_invalid":
        ctx = first.get("ctx") or {}
        detail = ctx.get("error") or "the body is not valid JSON"
        return error_response(400, "malformed_json", f"malformed JSON: {detail}")
    message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    if kind == "missing":
        message = "required field is missing"
    loc = first.get("loc", ())
    if tuple(loc) == ("body",):
        message = "a JSON body is required" if kind == "missing" else "the body must be a JSON object (Content-Type: application/json)"
    response = error_response(422, "invalid_input", message, field_path(loc))
    if lang is not None and tuple(loc) != ("body",):
        body = {"error": {"code": "invalid_input", "message": message, "field": field_path(loc),
                          "text": plain_words(lang, dict(first), message, field_path(loc))}}
        return JSONResponse(body, status_code=422, headers={"Content-Language": lang})
    return response


def install_error_handlers(app: FastAPI, *, html_errors: Any = None) -> None:
    """Uniform JSON errors; `html_errors(request, status, code, message)` renders pages outside /api."""

    def wants_html(request: Request) -> bool:
        return html_errors is not None and not request.url.path.startswith("/api/") and request.url.path != "/openapi.json"

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_error_response(exc, asked_language(request))

    @app.exception_handler(DualuseError)
    async def _typed(request: Request, exc: DualuseError) -> JSONResponse:
        status, code = status_of(exc)
        if status == 500:
            log.error("untyped error on %s %s: %s", request.method, request.url.path, exc)
            return error_response(500, "internal_error", f"internal error ({type(exc).__name__}); the request was not processed")
        if isinstance(exc, InputError):
            lang = asked_language(request)
            if lang is not None and exc.field:
                text = plain_words(lang, {"type": "value_error", "loc": tuple(exc.field.replace("[", ".").replace("]", "").split("."))},
                                   exc.message, exc.field)
                body = {"error": {"code": code, "message": exc.message, "field": exc.field, "text": text}}
                return JSONResponse(body, status_code=status, headers={"Content-Language": lang})
            return error_response(status, code, exc.message, exc.field)
        return error_response(status, code, str(exc))

    from sqlalchemy.exc import IntegrityError

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        log.warning("integrity error on %s %s: %s", request.method, request.url.path, exc.orig)
        return error_response(409, "conflict", "the record conflicts with one already stored (e.g. a licence number in use)")

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError):
        if wants_html(request):
            return html_errors(request, exc.status, exc.code, exc.message)
        return error_response(exc.status, exc.code, exc.message, exc.field, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        code = _STATUS_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404:
            message = f"no such resource: {request.url.path}"
        elif exc.status_code == 405:
            message = f"method {request.method} is not allowed on {request.url.path}"
        if wants_html(request):
            return html_errors(request, exc.status_code, code, message)
        return error_response(exc.status_code, code, message, None, getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", f"internal error ({type(exc).__name__}); the request was not processed")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed JSON."},
    401: {"model": ErrorBody, "description": "A bearer token is required (DUALUSE_REQUIRE_AUTH=1) or the one given is not valid."},
    413: {"model": ErrorBody, "description": "The request body is larger than the limit."},
    422: {"model": ErrorBody, "description": "The body or a parameter does not meet its contract; `field` names it."},
}


STORE_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Sign in: a user's bearer token or a web session."},
    403: {"model": ErrorBody, "description": "The user's role does not allow this (checked by the service, `rules.yaml`)."},
    404: {"model": ErrorBody, "description": "No such case, application or licence."},
    409: {"model": ErrorBody, "description": "The rules refuse it in the record's present state; the message lists every reason."},
    503: {"model": ErrorBody, "description": "No database, or one at another schema revision (`dualuse db upgrade`)."},
}
