"""`dualuse serve`: the REST API and the web app together, served by uvicorn.

    dualuse serve [--host 127.0.0.1] [--port 8000]

The lead registers it with `app.command("serve")(serve)`. Bad options are input errors (exit 2).
"""

from __future__ import annotations

import ipaddress
import socket

import typer

from dualuse.errors import InputError


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
) -> None:
    """Start the REST API (/api/v1, OpenAPI at /openapi.json) and the web app; prints the address."""
    import uvicorn

    from dualuse.interfaces.api import create_app
    from dualuse.interfaces.api.runtime import Runtime

    _check_free(host, port)
    runtime = Runtime()
    runtime.warm()  # load the regime, engine and screening index before the first request
    app = create_app(runtime=runtime)
    shown = f"[{host}]" if ":" in host else host
    print(f"dualuse {runtime.version} serving regime data {runtime.data_version}", flush=True)
    print(f"  web app   http://{shown}:{port}/", flush=True)
    print(f"  REST API  http://{shown}:{port}/api/v1  (OpenAPI: http://{shown}:{port}/openapi.json)", flush=True)
    if app.state.settings.require_auth:
        print("  authentication required (DUALUSE_REQUIRE_AUTH=1): Authorization: Bearer <token>", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)


def _check_free(host: str, port: int) -> None:
    """Fail with one line, before loading anything, when the address cannot be bound."""
    try:
        family = socket.AF_INET6 if isinstance(ipaddress.ip_address(host), ipaddress.IPv6Address) else socket.AF_INET
    except ValueError:
        family = socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise InputError(f"cannot listen on {host}:{port}: {error.strerror or error}", field="--port") from None
