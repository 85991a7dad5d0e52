"""The suite cannot reach any address but loopback (pytest-socket, pyproject addopts)."""

from __future__ import annotations

import socket

import pytest


@pytest.mark.filterwarnings("ignore:A test tried to use socket")  # pytest-socket's own notice
def test_non_loopback_connection_is_blocked() -> None:
    """Connecting to a public address fails inside the suite, before any packet leaves."""
    pytest_socket = pytest.importorskip("pytest_socket")
    with (
        pytest.raises(pytest_socket.SocketConnectBlockedError),
        socket.create_connection(("192.0.2.1", 443), timeout=0.5),
    ):
        pass


def test_loopback_is_allowed() -> None:
    """127.0.0.1 stays reachable (the fake VECOZO lives there)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        with socket.create_connection(server.getsockname(), timeout=2):
            pass
    finally:
        server.close()
