"""Who is calling, and may they? The FastAPI dependencies every route uses.

The dependencies are `async`: an anonymous read does no I/O and so never hops to a worker
thread. An authenticator that queries a database says so (`blocking = True`) and is called
through `starlette.concurrency.run_in_threadpool`, as is the lookup of a web session's user.

- `reader`: reads that change nothing (/check, /screen, /regime/*, /health and the web pages)
  are open on a local install and need a valid bearer token when `DUALUSE_REQUIRE_AUTH=1`.
- `signed_in`: the store's routes need a user of the store (a token of `dualuse user token`, or
  the signed web session); the route passes the user's name and the *service* checks the role
  against `storage/rules.yaml`, in the transaction that makes the change.
- `require_permission(Permission.LICENCE_ISSUE)`: a route-level check against the same table, for
  routes that have no service to check it.

Tokens are checked in one place, `Authenticator.authenticate`: with a store, `create_app` uses
`StoreAuthenticator` (the users' tokens) chained with `EnvTokenAuthenticator` (the read-only
tokens of `DUALUSE_API_TOKENS`); without one, only the latter.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from collections.abc import Awaitable, Callable
from typing import Protocol

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from dualuse.interfaces.api.errors import ApiError
from dualuse.storage.vocabulary import Permission

SESSION_COOKIE = "dualuse_token"
"""Without a store, the web app keeps the token a person signed in with in this HttpOnly cookie."""
USER_SESSION_COOKIE = "dualuse_session"
"""With a store, a person signs in with name and password; this cookie names the server-side session."""


@dataclass(frozen=True)
class Principal:
    """An authenticated caller; `role` is None for a token that only reads (no user behind it)."""

    name: str
    role: str | None = None


class Authenticator(Protocol):
    def authenticate(self, token: str) -> Principal | None:
        """The caller a token belongs to, or None when the token is not valid."""
        ...


class PermissionPolicy(Protocol):
    def allows(self, principal: Principal, permission: Permission) -> bool:
        """Whether the principal's role grants `permission` (a key of rules.yaml `permissions`)."""
        ...


class EnvTokenAuthenticator:
    """Tokens from `DUALUSE_API_TOKENS`; each authenticates a read-only caller `api-token-N`."""

    def __init__(self, tokens: tuple[str, ...]):
        self._tokens = tuple(t.encode("utf-8") for t in tokens)

    def authenticate(self, token: str) -> Principal | None:
        given = token.encode("utf-8")
        found = None
        for number, known in enumerate(self._tokens, start=1):
            if hmac.compare_digest(given, known) and found is None:
                found = Principal(f"api-token-{number}")
        return found


class RolePolicy:
    """Permissions by role, from the store's rules table (`dualuse.storage.rules`)."""

    def allows(self, principal: Principal, permission: Permission) -> bool:
        if principal.role is None:
            return False
        from dualuse.storage.rules import rules

        allowed = rules().permissions.get(permission)
        return allowed is not None and principal.role in {str(role) for role in allowed}


def bearer_token(request: Request) -> str | None:
    """The token of `Authorization: Bearer ...`, else the web session cookie, else None."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if header and scheme.lower() != "bearer":
        raise ApiError(401, "unauthorized", "use `Authorization: Bearer <token>`", "Authorization", _challenge())
    if value.strip():
        return value.strip()
    return request.cookies.get(SESSION_COOKIE) or None


async def current_principal(request: Request) -> Principal | None:
    """The caller: a bearer token, else the signed web session, else the token cookie; None when
    nothing was presented. A presented token that is not valid is refused."""
    header = request.headers.get("authorization", "")
    token = bearer_token(request) if header else None
    if token is None:
        sessions = getattr(request.app.state, "sessions", None)
        cookie = request.cookies.get(USER_SESSION_COOKIE)
        session = await run_in_threadpool(sessions.read, cookie) if sessions is not None and cookie else None
        if session is not None:
            check_cookie_request(request)
            return await run_in_threadpool(request.app.state.store_authenticator.user, session.name)
        token = request.cookies.get(SESSION_COOKIE) or None
        if token is not None:
            check_cookie_request(request)
    if token is None:
        return None
    authenticator = request.app.state.authenticator
    if getattr(authenticator, "blocking", False):
        principal = await run_in_threadpool(authenticator.authenticate, token)
    else:
        principal = authenticator.authenticate(token)
    if principal is None:
        raise ApiError(401, "unauthorized", "the token is not valid", "Authorization", _challenge("invalid_token"))
    return principal


CSRF_COOKIE = "dualuse_csrf"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def check_cookie_request(request: Request) -> None:
    """A cookie-authenticated unsafe request to the API: refused from a foreign origin, and
    refused without the browser's CSRF token in `X-CSRF-Token` (same-origin script reads it from
    `GET /api/v1/me`). The web forms outside /api carry the token in the form instead."""
    if request.method not in UNSAFE_METHODS or not request.url.path.startswith("/api/"):
        return
    origin = request.headers.get("origin") or _origin_of(request.headers.get("referer", ""))
    own = f"{request.url.scheme}://{request.url.netloc}"
    if origin and origin.lower() != own.lower():
        raise ApiError(403, "csrf", f"a cookie-authenticated {request.method} from another origin ({origin[:100]}) is refused")
    expected = request.cookies.get(CSRF_COOKIE) or ""
    given = request.headers.get(CSRF_HEADER, "")
    if not expected or not hmac.compare_digest(expected.encode(), given.encode()):
        raise ApiError(403, "csrf", f"a cookie-authenticated {request.method} needs the {CSRF_HEADER} header (from GET /api/v1/me)",
                       CSRF_HEADER)


def _origin_of(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


async def reader(request: Request, principal: Principal | None = Depends(current_principal)) -> Principal | None:
    """Open reads, unless the install requires authentication."""
    if principal is None and request.app.state.settings.require_auth:
        raise ApiError(401, "unauthorized", "a bearer token is required (DUALUSE_REQUIRE_AUTH=1)", "Authorization", _challenge())
    return principal


async def signed_in(principal: Principal | None = Depends(current_principal)) -> Principal:
    """A user of the store (token or web session). What the user may do is the service's call."""
    if principal is None:
        raise ApiError(401, "unauthorized", "sign in: a user's bearer token or a web session is required", "Authorization", _challenge())
    if principal.role is None:
        raise ApiError(403, "forbidden", f"{principal.name} is a read-only token, not a user of the store")
    return principal


def require_permission(permission: Permission) -> Callable[..., Awaitable[Principal]]:
    """A dependency for a write: a known caller whose role grants `permission`, else 401/403."""

    async def dependency(request: Request, principal: Principal | None = Depends(current_principal)) -> Principal:
        if principal is None:
            raise ApiError(401, "unauthorized", f"sign in to {permission}", "Authorization", _challenge())
        if not request.app.state.policy.allows(principal, permission):
            role = principal.role or "no role"
            raise ApiError(403, "forbidden", f"{principal.name} ({role}) may not {permission}")
        return principal

    dependency.__name__ = f"require_{permission.replace('.', '_')}"
    return dependency


def _challenge(error: str | None = None) -> dict[str, str]:
    value = 'Bearer realm="dualuse"' + (f', error="{error}"' if error else "")
    return {"WWW-Authenticate": value}
