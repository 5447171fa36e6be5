"""`dualuse serve`: the REST API and the web app together, served by uvicorn.

    dualuse serve [--host 127.0.0.1] [--port 8000]

The store is `DUALUSE_DATABASE_URL`, else the SQLite file in dualuse's data directory; an empty
or missing database is created and migrated on start. The first run prints how to add the
first administrator (`dualuse user add NAME --role admin --password-stdin`): there is no
web page that creates users, so nobody who reaches the port can make themself an admin.
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
    from dualuse.services import users
    from dualuse.storage.database import Store

    _check_free(host, port)
    store = Store()  # DUALUSE_DATABASE_URL, else the default SQLite file; created and migrated when new
    runtime = Runtime()
    runtime.warm()  # load the regime, engine and screening index before the first request
    settings = _settings(host)
    app = create_app(settings, runtime=runtime, store=store)
    shown = f"[{host}]" if ":" in host else host
    print(f"dualuse {runtime.version} serving regime data {runtime.data_version}", flush=True)
    print(f"  web app   http://{shown}:{port}/", flush=True)
    print(f"  REST API  http://{shown}:{port}/api/v1  (OpenAPI: http://{shown}:{port}/openapi.json)", flush=True)
    print(f"  database  {_shown_url(store.url)}", flush=True)
    if not _has_users(store, users):
        print("  no users yet: create the first administrator, then sign in at /login:", flush=True)
        print("      dualuse user add NAME --role admin --password-stdin", flush=True)
        print("  (further users: dualuse user add NAME --role exporter|reviewer|auditor --password-stdin --user ADMIN)", flush=True)
    else:
        print(f"  sign in at http://{shown}:{port}/login; API tokens: dualuse user token NAME", flush=True)
    if "*" not in settings.allowed_hosts:
        print(f"  answers to host names: {', '.join(settings.allowed_hosts)} (DUALUSE_ALLOWED_HOSTS)", flush=True)
    if app.state.settings.require_auth:
        print("  authentication required (DUALUSE_REQUIRE_AUTH=1): Authorization: Bearer <token>", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)


def _settings(host: str):
    """The environment's settings; without DUALUSE_ALLOWED_HOSTS the address listened on (when it
    is one address, not all) is a trusted host next to the loopback names."""
    import dataclasses
    import os

    from dualuse.interfaces.api.settings import Settings

    settings = Settings.from_env()
    wildcard = host in ("0.0.0.0", "::", "")
    if not os.environ.get("DUALUSE_ALLOWED_HOSTS", "").strip() and not wildcard and host.lower() not in settings.allowed_hosts:
        settings = dataclasses.replace(settings, allowed_hosts=(*settings.allowed_hosts, host.lower()))
    return settings


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


def _has_users(store, users) -> bool:
    """Whether anyone can sign in yet: the first user needs no actor, so an empty table means a first run."""
    from sqlalchemy import func, select

    from dualuse.storage.models import User

    with store.reading() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def _shown_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
