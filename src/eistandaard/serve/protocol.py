"""The HTTP/1.1 connection of ``ei serve``: uvicorn's h11 protocol, its own answers as problems.

uvicorn answers two things itself, before the application sees a request: a request that is no
valid HTTP (a header larger than h11 buffers, two ``Content-Length`` headers, a negative one, a
request line with bytes that are no ASCII) gets ``400`` with the plain text ``Invalid HTTP request
received.``, and a request over its concurrency limit gets ``503`` with ``Service Unavailable``.
Every other answer of the service is an ``application/problem+json`` document in the service's
language (docs/serve.md); these two were not. Here they are problem documents too, in the
service's ``--lang`` (the request's ``?lang=`` cannot be read from a request that is no HTTP).
"""

from __future__ import annotations

from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from eistandaard.serve.tasks import Outcome, problem, said

__all__ = ["send_closing", "server_options"]


def server_options(lang: str, max_connections: int | None) -> dict[str, Any]:
    """The keywords of ``uvicorn.run``/``uvicorn.Config`` that make its own answers problems.

    :param lang: the service's language (``nl``/``en``): the language of these answers.
    :param max_connections: open connections at once; a request that arrives while more are
        open gets ``503`` (``None``: no limit).
    """
    return {"http": _protocol(lang, max_connections), "limit_concurrency": None}


def _protocol(lang: str, max_connections: int | None) -> type[H11Protocol]:
    class ProblemH11Protocol(H11Protocol):
        """uvicorn's h11 protocol whose own 400 and 503 are problem documents in ``lang``."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.app = _limited(self.app, self, lang, max_connections)

        def send_400_response(self, msg: str) -> None:
            del msg  # uvicorn's English text; ours is in the service's language
            outcome = problem(400, said(lang, "title-bad-request"), said(lang, "not-http"))
            headers = [
                (b"content-type", outcome.media_type.encode("ascii")),
                (b"content-length", str(len(outcome.body)).encode("ascii")),
                (b"connection", b"close"),
            ]
            self.transport.write(
                self.conn.send(
                    h11.Response(status_code=400, headers=headers, reason=b"Bad Request")
                )
            )
            self.transport.write(self.conn.send(h11.Data(data=outcome.body)))
            self.transport.write(self.conn.send(h11.EndOfMessage()))
            self.transport.close()

    return ProblemH11Protocol


def _limited(app: Any, connection: H11Protocol, lang: str, limit: int | None) -> Any:
    """``app``, answering ``503`` (a problem) while ``limit`` connections or requests are open.

    The test uvicorn makes with ``limit_concurrency``, made here at the start of the request:
    the request's own task is already counted then, its connection was already counted before.
    """
    if limit is None:
        return app

    async def limited(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and (
            len(connection.connections) >= limit or len(connection.tasks) > limit
        ):
            outcome = problem(503, said(lang, "title-busy"), said(lang, "too-many-connections"))
            await send_closing(send, outcome, (b"retry-after", b"5"))
            return
        await app(scope, receive, send)

    return limited


async def send_closing(send: Any, outcome: Outcome, *more: tuple[bytes, bytes]) -> None:
    """Send ``outcome`` straight on the ASGI channel, then close the connection.

    For the answers given before any route runs (too many connections, a body whose framing
    is ambiguous): ``Content-Type``, ``Content-Length``, the ``more`` headers, ``Connection:
    close``.
    """
    headers = [
        (b"content-type", outcome.media_type.encode("ascii")),
        (b"content-length", str(len(outcome.body)).encode("ascii")),
        *more,
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": outcome.status, "headers": headers})
    await send({"type": "http.response.body", "body": outcome.body})
