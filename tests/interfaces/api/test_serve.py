"""`dualuse serve` refuses an address it cannot listen on, in one line, before loading anything."""

from __future__ import annotations

import socket

import pytest

from dualuse.errors import InputError
from dualuse.interfaces.cli_serve import serve


def test_a_busy_port_is_bad_input():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError) as refused:
            serve(host="127.0.0.1", port=port)
    assert refused.value.field == "--port"
    assert f"127.0.0.1:{port}" in refused.value.message
