"""JSON request bodies read the way `dualuse check` reads a file (dualuse.limits.loads_json).

Numbers are exact decimals (`parse_float=Decimal`): `99999999999999.5` reaches the service as
written, not as the nearest float. `NaN` and `Infinity` become Decimals too, so the field's
own validation refuses them by name (422); `1e400` is a Decimal larger than any bound (422).
A body nested deeper than `limits.MAX_NESTING` is malformed JSON (400), found by a scan of
the text before any recursive parser runs.

Routers opt in with `APIRouter(route_class=ExactJsonRoute)`.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Coroutine

from fastapi import Request, Response
from fastapi.routing import APIRoute

from dualuse import limits


class ExactJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as error:
                raise json.JSONDecodeError("the body is not UTF-8 text", "", error.start) from None
            try:
                self._json = limits.loads_json(text)
            except limits.TooDeep as error:
                raise json.JSONDecodeError(str(error), text, 0) from None
        return self._json


class ExactJsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def exact(request: Request) -> Response:
            return await handler(ExactJsonRequest(request.scope, request.receive))

        return exact
