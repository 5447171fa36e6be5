"""The FastAPI application: the REST API under /api/v1 and the web app, over the same services."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import FastAPI

from dualuse.interfaces.api.auth import Authenticator, EnvTokenAuthenticator, PermissionPolicy, RolePolicy
from dualuse.interfaces.api.errors import install_error_handlers
from dualuse.interfaces.api.limits import BodySizeLimit
from dualuse.interfaces.api.routes import router
from dualuse.interfaces.api.runtime import Runtime
from dualuse.interfaces.api.settings import Settings

DESCRIPTION = """\
China's dual-use export controls as data: decide a shipment as of a date (`PROHIBITED`,
`LICENCE_REQUIRED`, `REVIEW`, `NO_LICENCE_REQUIRED`) with every reason and the provision it
rests on, screen names across scripts against the China lists, and ask what is in force.

Errors always have the body `{"error": {"code", "message", "field"}}`. Reads are open on a
local install; with `DUALUSE_REQUIRE_AUTH=1` they need `Authorization: Bearer <token>`.
"""


def create_app(
    settings: Settings | None = None,
    *,
    runtime: Runtime | None = None,
    authenticator: Authenticator | None = None,
    policy: PermissionPolicy | None = None,
    web: bool = True,
    warm: bool = False,
) -> FastAPI:
    """The app. `warm=True` loads the regime, engine and screening index at start-up."""
    settings = settings or Settings.from_env()
    runtime = runtime or Runtime()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            runtime.warm()
        yield

    app = FastAPI(
        title="dualuse",
        version=runtime.version,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.runtime = runtime
    app.state.authenticator = authenticator or EnvTokenAuthenticator(settings.api_tokens)
    app.state.policy = policy or RolePolicy()
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.include_router(router)
    html_errors = None
    if web:
        from dualuse.interfaces.web import install_web

        html_errors = install_web(app)
    install_error_handlers(app, html_errors=html_errors)
    return app
