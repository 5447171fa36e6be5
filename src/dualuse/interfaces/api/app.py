"""The FastAPI application: the REST API under /api/v1 and the web app, over the same services."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import AsyncIterator

from fastapi import Depends, FastAPI
from fastapi.responses import JSONResponse

from dualuse.interfaces.api.batch_jobs import BatchJobs, jobs_root
from dualuse.interfaces.api.auth import Authenticator, EnvTokenAuthenticator, PermissionPolicy, Principal, RolePolicy, reader
from dualuse.interfaces.api.hardening import Hardening
from dualuse.interfaces.api.batch_routes import router as batch_router
from dualuse.interfaces.api.impact_routes import router as impact_router
from dualuse.interfaces.api.errors import install_error_handlers
from dualuse.interfaces.api.limits import BodySizeLimit
from dualuse.interfaces.api.routes import router
from dualuse.interfaces.api.runtime import Runtime
from dualuse.interfaces.api.settings import UPLOAD_PATHS, Settings
from dualuse.interfaces.api.throttle import LoginThrottle
from dualuse.interfaces.api.store import ChainAuthenticator, Sessions, StoreAuthenticator
from dualuse.interfaces.api.store_routes import open_router as classify_router, router as store_router
from dualuse.storage.database import Store

DESCRIPTION = """\
China's dual-use export controls as data: decide a shipment as of a date (`PROHIBITED`,
`LICENCE_REQUIRED`, `REVIEW`, `NO_LICENCE_REQUIRED`) with every reason and the provision it
rests on, screen names across scripts against the China lists, and ask what is in force.

Cases, licence applications, licences and the audit chain are kept in the store; every write
needs a user (`Authorization: Bearer <token>` from `dualuse token create`, or a web session) and
the user's role is checked by the service. Errors always have the body
`{"error": {"code", "message", "field"}}`. Reads that change nothing (check, screen, classify,
regime, health) are open on a local install; with `DUALUSE_REQUIRE_AUTH=1` they need a token.
"""


def create_app(
    settings: Settings | None = None,
    *,
    runtime: Runtime | None = None,
    authenticator: Authenticator | None = None,
    policy: PermissionPolicy | None = None,
    web: bool = True,
    warm: bool = False,
    store: Store | None = None,
) -> FastAPI:
    """The app. `warm=True` loads the regime, engine and screening index at start-up.

    The store is `store`, else the database of `DUALUSE_DATABASE_URL` when set, else none (the
    store endpoints answer 503). With a store, its users' tokens and web sessions authenticate.
    """
    settings = settings or Settings.from_env()
    runtime = runtime or Runtime()
    if store is None and settings.database_url:
        store = Store(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if warm:
            runtime.warm()
        yield
        app.state.batch_jobs.close()  # queued batch jobs are dropped; a running one finishes its chunk loop

    app = FastAPI(
        title="dualuse",
        version=runtime.version,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None if settings.require_auth else "/openapi.json",
    )
    if settings.require_auth:  # the schema lists every route: behind the same door as the reads

        @app.get("/openapi.json", include_in_schema=False)
        def openapi(_: Principal | None = Depends(reader)) -> JSONResponse:
            return JSONResponse(app.openapi())

    app.state.settings = settings
    app.state.runtime = runtime
    env_tokens = EnvTokenAuthenticator(settings.api_tokens)
    app.state.store = store
    app.state.store_authenticator = StoreAuthenticator(store) if store is not None else None
    app.state.sessions = Sessions.for_store(store, settings.session_secret, settings.session_hours, settings.session_idle_minutes) if store is not None else None
    if authenticator is None:
        authenticator = ChainAuthenticator(app.state.store_authenticator, env_tokens) if store is not None else env_tokens
    app.state.authenticator = authenticator
    app.state.policy = policy or RolePolicy()
    app.state.login_throttle = LoginThrottle(
        settings.login_max_failures, settings.login_max_failures_per_address, settings.login_window_minutes * 60
    )
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, upload_bytes=settings.max_upload_bytes,
                       upload_paths=UPLOAD_PATHS)
    app.add_middleware(Hardening, allowed_hosts=settings.allowed_hosts)  # outermost: every response has nosniff
    app.state.batch_jobs = BatchJobs(jobs_root(settings, store), runtime, keep_days=settings.jobs_keep_days,
                                     max_active_per_user=settings.jobs_max_active_per_user,
                                     max_bytes_per_user=settings.jobs_max_bytes_per_user)
    app.include_router(router)
    app.include_router(classify_router)
    app.include_router(store_router)
    app.include_router(batch_router)
    app.include_router(impact_router)
    html_errors = None
    if web:
        from dualuse.interfaces.web import install_web

        html_errors = install_web(app)
    install_error_handlers(app, html_errors=html_errors)
    return app
