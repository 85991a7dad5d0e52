"""``ei serve`` at the connection: the server's own answers, clients that leave, unexpected errors.

A real server on 127.0.0.1 (tests/serve_helpers.py, configured as ``ei serve`` configures
uvicorn), spoken to over raw sockets: the requests here are ones an HTTP client library will not
send (no valid HTTP, a body cut off).
"""

from __future__ import annotations

import json
import logging
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from tests.serve_helpers import raw_exchange, running_server

httpx = pytest.importorskip("httpx")


def _problem(raw: bytes, status: int) -> dict[str, Any]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    assert lines[0].startswith(f"HTTP/1.1 {status} ".encode()), raw[:300]
    headers = {
        k.strip().lower(): v.strip() for k, _, v in (line.partition(b":") for line in lines[1:])
    }
    assert headers[b"content-type"] == b"application/problem+json", raw[:300]
    document: dict[str, Any] = json.loads(body)
    assert document["status"] == status
    return document


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def log() -> Iterator[_Records]:
    """Every record of uvicorn's error logger (where a failing application is logged)."""
    handler = _Records()
    logger = logging.getLogger("uvicorn.error")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@pytest.fixture(scope="module")
def english() -> Iterator[str]:
    """A service whose language is English, at most 2 open connections."""
    with running_server(max_connections=2, workers=1, lang="en") as base:
        yield base


@pytest.mark.parametrize(
    "head",
    [
        b"POST /validatie HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4",
        b"POST /validatie HTTP/1.1\r\nHost: x\r\nContent-Length: -1",
        b"GET /status HTTP/1.1\r\nHost: x\r\nX-Filename: " + b"a" * 1_000_000,
        b"GET /st\xffatus HTTP/1.1\r\nHost: x",
        b"GET /status HTTP/1.1",
    ],
    ids=["two-content-lengths", "negative-length", "header-of-1-MB", "byte-in-path", "no-host"],
)
def test_a_request_that_is_no_http_gets_a_problem_document(english: str, head: bytes) -> None:
    """The server's own 400 was uvicorn's plain text "Invalid HTTP request received.".

    In the service's language (a request that is no HTTP has no ``?lang=`` to read).
    """
    document = _problem(raw_exchange(english, head + b"\r\n\r\nabc", 15.0)[0], 400)
    assert document["title"] == "bad request"
    assert "no valid HTTP/1.1" in document["detail"]


def test_over_the_connection_limit_is_a_503_problem(english: str) -> None:
    """The server's own 503 (``--max-connections``) was uvicorn's plain "Service Unavailable"."""
    host, port = english.removeprefix("http://").split(":")
    idle = [socket.create_connection((host, int(port))) for _ in range(2)]
    try:
        time.sleep(0.5)  # both accepted and counted
        raw, _ = raw_exchange(
            english, b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 15.0
        )
    finally:
        for sock in idle:
            sock.close()
    document = _problem(raw, 503)
    assert document["title"] == "busy"
    assert b"\r\nretry-after: 5\r\n" in raw.lower()
    time.sleep(0.5)  # the idle ones closed: the service answers again
    assert httpx.get(f"{english}/health", timeout=60).status_code == 200


def test_a_client_that_leaves_mid_body_logs_no_traceback(english: str, log: _Records) -> None:
    """A body cut off (the client closes) raised ClientDisconnect, logged with its traceback."""
    host, port = english.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(b"POST /validatie HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n<Ber")
        time.sleep(0.5)
    time.sleep(1.0)  # the server notices
    assert httpx.get(f"{english}/health", timeout=60).status_code == 200
    assert not [r for r in log.records if r.exc_info or r.levelno >= logging.ERROR]


def test_an_unexpected_error_is_logged_without_its_message(
    english: str, log: _Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An exception no handler takes: a 500 problem, and one log line with its type only.

    Its message (which may quote the payload, as a parser's message quotes the bytes it met)
    and its traceback were logged by the server.
    """
    from eistandaard.serve import app

    def broken(*_args: object, **_kwargs: object) -> str:
        raise ValueError("PAYLOAD-BYTES-<Bsn>123456782</Bsn>")

    monkeypatch.setattr(app, "_filename", broken)
    response = httpx.post(f"{english}/validatie", content=b"<Bericht/>", timeout=60)
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "PAYLOAD" not in response.text
    deadline = time.monotonic() + 10  # logged after the 500 is sent: it may come a moment later
    while not log.records and time.monotonic() < deadline:
        time.sleep(0.05)
    said = [r.getMessage() for r in log.records]
    assert not [r for r in log.records if r.exc_info]
    assert not [text for text in said if "PAYLOAD" in text or "Bsn" in text]
    assert "unexpected ValueError in POST /validatie" in said
