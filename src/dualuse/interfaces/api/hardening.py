"""Two checks every response passes: the request's Host is one this server answers to, and the
response says `X-Content-Type-Options: nosniff`.

The host allow-list defeats DNS rebinding: a page on another site whose name is made to resolve
to 127.0.0.1 reaches a local install with its own name in `Host`, and is refused here
(`DUALUSE_ALLOWED_HOSTS`, default the loopback names; `*` allows any). A refused host gets the
uniform error body with status 400.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def host_name(header: str) -> str:
    """`example.org:8000` -> `example.org`; `[::1]:8000` -> `::1`."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].split("]", 1)[0]
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


class Hardening:
    """Pure ASGI middleware: refuse untrusted hosts, add nosniff to every response."""

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...] = ("*",)):
        self.app = app
        self.any_host = "*" in allowed_hosts
        self.allowed = {h.strip().lower().strip("[]") for h in allowed_hosts if h.strip()}

    def trusted(self, host: str) -> bool:
        if self.any_host:
            return True
        name = host_name(host)
        return name in self.allowed or any(a.startswith("*.") and name.endswith(a[1:]) for a in self.allowed)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"host"), "")
        if not self.trusted(host):
            body = json.dumps({"error": {"code": "untrusted_host", "field": "Host",
                                         "message": f"this server does not answer to host {host[:100]!r} (DUALUSE_ALLOWED_HOSTS)"}}).encode()
            await send({"type": "http.response.start", "status": 400, "headers": [
                (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                (b"x-content-type-options", b"nosniff")]})
            await send({"type": "http.response.body", "body": body})
            return

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-content-type-options"]
                message = {**message, "headers": [*headers, (b"x-content-type-options", b"nosniff")]}
            await send(message)

        await self.app(scope, receive, send_hardened)
