"""Request size limit: a body larger than the limit is refused with 413 before a route sees it.

Upload routes (`upload_paths`, matched as a path or a path prefix) have their own, larger limit."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodySizeLimit:
    """Pure ASGI middleware: checks Content-Length up front and counts streamed bytes as they come."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_bytes: int | None = None, upload_paths: tuple[str, ...] = ()):
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = upload_bytes or max_bytes
        self.upload_paths = upload_paths

    def limit(self, path: str) -> int:
        if any(path == p or path.startswith(p + "/") for p in self.upload_paths):
            return max(self.upload_bytes, self.max_bytes)
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope.get("path", ""))
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await self._refuse(send, 400, "bad_request", "Content-Length is not a number")
                    return
                if declared > limit:
                    await self._refuse(send, 413, "payload_too_large", self._message(limit))
                    return
        received = 0
        started = False  # the app has begun its response
        refused = False  # this middleware has answered 413; whatever the app sends is dropped

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    if not started:
                        refused = True
                        await self._refuse(send, 413, "payload_too_large", self._message(limit))
                    # The app sees a client that went away and stops reading.
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counting_receive, guarded_send)

    def _message(self, limit: int) -> str:
        return f"request body larger than {limit} bytes"

    @staticmethod
    async def _refuse(send: Send, status: int, code: str, message: str) -> None:
        body = json.dumps({"error": {"code": code, "message": message, "field": None}}).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), (b"connection", b"close"),
        ]})
        await send({"type": "http.response.body", "body": body})
