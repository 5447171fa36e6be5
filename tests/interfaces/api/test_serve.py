"""`dualuse serve` refuses an address it cannot listen on, in one line, before loading anything."""

from __future__ import annotations

import socket

import pytest

from dualuse.errors import InputError
from dualuse.interfaces.cli.serve import serve


def test_a_busy_port_is_bad_input():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError) as refused:
            serve(host="127.0.0.1", port=port)
    assert refused.value.field == "--port"
    assert f"127.0.0.1:{port}" in refused.value.message


def test_the_first_run_creates_the_database_and_says_how_to_sign_in(tmp_path, monkeypatch, capsys):
    import uvicorn

    from dualuse.interfaces.api.runtime import Runtime
    from dualuse.services import users
    from dualuse.storage.database import Store

    database = tmp_path / "new" / "dualuse.sqlite"
    url = f"sqlite:///{database}"
    monkeypatch.setenv("DUALUSE_DATABASE_URL", url)
    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: served.append((app, options)))
    monkeypatch.setattr(Runtime, "warm", lambda self: None)
    monkeypatch.setattr(Runtime, "data_version", property(lambda self: "test-data"))
    serve(host="127.0.0.1", port=_free_port())
    printed = capsys.readouterr().out
    assert database.exists() and (database.parent / "session.key").exists()
    assert "no users yet" in printed and "dualuse user add NAME --role admin --password-stdin" in printed
    assert served and served[0][0].state.store is not None
    users.add_user(Store(url), None, "ada", "admin", "pw-for-tests-only")
    serve(host="127.0.0.1", port=_free_port())
    assert "sign in at http://127.0.0.1:" in capsys.readouterr().out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
