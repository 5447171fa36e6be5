"""The web app: server-rendered pages (Jinja2) over the same services as the API and the CLI.

`install_web(app)` adds the pages and /static to a FastAPI app and returns the renderer of
error pages for paths outside /api.
"""

from __future__ import annotations

from typing import Callable

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles


def install_web(app: FastAPI) -> Callable:
    from dualuse.interfaces.web.pages import html_errors, router
    from dualuse.interfaces.web.store_pages import router as store_router
    from dualuse.interfaces.web.tool_pages import router as tool_router

    static = StaticFiles(packages=[("dualuse.interfaces.web", "static")])
    app.mount("/static", static, name="static")
    app.include_router(router)
    app.include_router(store_router)
    app.include_router(tool_router)
    return html_errors
