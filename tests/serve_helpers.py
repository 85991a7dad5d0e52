"""A real ``ei serve`` on 127.0.0.1 (an ephemeral port) in a thread, for the service tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


@contextmanager
def running_server(max_connections: int | None = 256, **settings: object) -> Iterator[str]:
    """Start the service with ``settings``; yields its base URL; stops it afterwards.

    ``max_connections``: as ``ei serve --max-connections`` (its default).
    """
    uvicorn = pytest.importorskip("uvicorn")
    pytest.importorskip("starlette")
    pytest.importorskip("multipart")
    from eistandaard.serve import ServeSettings, create_app
    from eistandaard.serve.protocol import server_options

    service = ServeSettings(**settings)  # type: ignore[arg-type]
    app = create_app(service)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        log_level="info",
        lifespan="on",
        access_log=True,
        **server_options(service.lang, max_connections),  # as `ei serve` runs it
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def raw_exchange(url: str, data: bytes, wait: float = 30.0) -> tuple[bytes, float]:
    """All the server sends until it closes, and how long it took (s), for ``data`` sent raw.

    A new connection to ``url``: for requests an HTTP client would not send (bad framing).
    """
    host, port = url.removeprefix("http://").split(":")
    received = b""
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(data)
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except ConnectionResetError:  # closed with unread bytes after the answer was sent
            pass
    return received, time.monotonic() - started
