"""The REST API (FastAPI): `create_app()` builds it, `dualuse serve` runs it with uvicorn."""

from dualuse.interfaces.api.app import create_app

__all__ = ["create_app"]
