"""The ASGI application of ``ei serve`` (Starlette), compatible with the DVS.

DVS: the Decentrale Validatieservice of the iStandaarden.

Routes:

- ``POST /validatie``: the message (XML, or a ZIP with one) as the body; the iStandaarden rapport
  as the answer (``Accept: application/json``: the JSON report; ``text/html``: the HTML report;
  ``application/sarif+json``: SARIF; ``text/plain``: the text report; ``?format=NAME`` for any
  reporter, whatever ``Accept`` says). ``Accept`` is negotiated by q-values and specificity
  (:mod:`eistandaard.serve.negotiation`); nothing of the route's acceptable is a 406.
  ``X-Version-Override`` names the release to check against; a release this service does not
  have, or a message of another release (an iWmo 3.0 one too), is a 400.
  ``X-Filename`` (percent-encoded UTF-8) names the message in the report.
- ``POST /return``: a request message as the body; its answer message (WMO325/JW325, GDS802,
  BM802) as the answer, or 422 with the report when no answer can be built.
- ``POST /explain``: ``multipart/form-data`` with the parts ``request`` and ``answer``; the
  explanation of the answer (``?format=html|json|text``).
- ``X-Version-Override`` on ``/return`` and ``/explain``: the release of the request, refused
  (400) as on ``/validatie``.
- ``GET /status``: version, releases and rule sets, limits, workers, uptime. ``GET /health``.
- ``GET /``: a page to upload a message and read its report, or compare a request with its answer.

Every route answers with or without one trailing slash alike; no answer is a redirect.

Limits: the body size (413 above it), the time per message (504), the messages checked at once
(the worker count; a request that cannot get a worker in time gets 503). A body with a content
coding (``Content-Encoding: gzip``) is a 415, one framed by both ``Transfer-Encoding`` and
``Content-Length`` a 400; an answer sent before the body's end closes the connection.

Every error is an ``application/problem+json`` document whose title and detail are in the
request's language (``?lang=nl|en``, else the service's; texts in
``rbc/common/words/serve.toml``); no traceback and no part of a payload is ever sent, logged or
stored. A query parameter a route does not take (or
one given twice) is a 400 naming it, never ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import time
import urllib.parse
from collections.abc import AsyncIterator, Mapping
from importlib import resources
from pathlib import PureWindowsPath
from typing import Any, TypedDict

import attrs
from starlette.applications import Starlette
from starlette.datastructures import Headers, UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Message, Receive, Scope, Send

from eistandaard import __version__
from eistandaard.core.text import quoted
from eistandaard.levels.intake import Limits
from eistandaard.render import REPORTERS
from eistandaard.serve.negotiation import Offer, negotiate
from eistandaard.serve.protocol import send_closing
from eistandaard.serve.tasks import (
    PROBLEM_JSON,
    ExplainTask,
    Outcome,
    ReturnTask,
    Task,
    ValidateTask,
    problem,
    said,
)
from eistandaard.serve.workers import Busy, TaskTimeout, WorkerDied, WorkerPool
from eistandaard.standards.catalog import default_catalog

__all__ = ["ServeSettings", "create_app"]

MB = 1024 * 1024

for _quiet in ("python_multipart", "multipart"):  # their parse errors quote payload bytes
    logging.getLogger(_quiet).setLevel(logging.CRITICAL)

_VALIDATIE_OFFERS = (
    Offer("application/xml", "rapport"),
    Offer("application/json", "json"),
    Offer("text/html", "html"),
    Offer("application/sarif+json", "sarif"),
    Offer("text/plain", "text"),
    Offer("text/xml", "rapport"),
)
"""What ``POST /validatie`` answers with by ``Accept``, in the order it prefers them: the
rapport first, as the DVS answers (``*/*`` or no header). ``junit`` and ``github``: by
``?format=`` only (their media types are the rapport's and the text's)."""

_EXPLAIN_OFFERS = (
    Offer("text/html", "html"),
    Offer("application/json", "json"),
    Offer("text/plain", "text"),
)
"""What ``POST /explain`` answers with by ``Accept``: the HTML explanation first."""

_RETURN_OFFERS = (Offer("application/xml", "xml"), Offer("text/xml", "xml"))
"""What ``POST /return`` answers with: the answer message (XML) only."""


@attrs.frozen
class ServeSettings:
    """How ``ei serve`` runs.

    :param workers: worker processes = messages checked at once.
    :param max_body: the largest request body in bytes (413 above it); default 25 MB, VECOZO's
        maximum for a Wmo/Jeugdwet message.
    :param timeout: seconds one message may take (504 after it); also the longest pause while
        a request body arrives (408 after it).
    :param queue_timeout: seconds a request may wait for a free worker (503 after it).
    :param as_of: a fixed peildatum (``None``: the day of each request).
    :param lang: the default language of reports (``nl`` or ``en``).
    """

    workers: int = 2
    max_body: int = 25 * MB
    timeout: float = 60.0
    queue_timeout: float = 30.0
    as_of: dt.date | None = None
    lang: str = "nl"


_PARAMETERS: Mapping[str, tuple[str, ...]] = {
    "/validatie": ("format", "lang"),
    "/return": ("responder", "lang"),
    "/explain": ("format", "lang"),
    "/status": ("lang",),
    "/health": ("lang",),
}
"""The query parameters each route takes; any other is a 400 (the page and its script: any)."""


_LOG = logging.getLogger("uvicorn.error")


class _Service(Starlette):
    """The application, whose unexpected failures the server never logs with a traceback.

    Starlette answers an exception no handler took with the ``500`` problem of ``on_error`` and
    then raises it again for the server, which logged it with its traceback: the message of an
    exception may quote the payload (a parser's message quotes the bytes it met), and the log
    must hold no part of a message. A client that leaves while its body is being read
    (``ClientDisconnect``) is no failure at all: nobody is left to answer, nothing is logged.
    Any other is logged as one line naming its type, the method and the path only.

    A request with both ``Transfer-Encoding`` and ``Content-Length`` is refused before any
    route (400); an answer sent before the request's body was read to its end closes the
    connection.

    :param lang: the service's language (``--lang``), of the refusals made before a route.
    """

    def __init__(self, *args: Any, lang: str = "nl", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # the lifespan: its failures stop the server, as before
            await super().__call__(scope, receive, send)
            return
        headers = Headers(scope=scope)
        if "transfer-encoding" in headers and "content-length" in headers:
            await _refuse_framing(scope, send, self.lang)
            return
        receiving, sending = _closing_when_unread(headers, receive, send)
        try:
            await super().__call__(scope, receiving, sending)
        except ClientDisconnect:
            return
        except Exception as exc:  # answered already (500, a problem document): log it short
            _LOG.error("unexpected %s in %s %s", type(exc).__name__, scope["method"], scope["path"])


def _closing_when_unread(headers: Headers, receive: Receive, send: Send) -> tuple[Receive, Send]:
    """``receive`` and ``send``, the answer closing the connection if the body was not all read.

    A route that answers before the body's end (408, 413, 415, 406, an unknown parameter ...)
    left the rest of the body on the connection, and the server then waited its keep-alive
    time for it (a 408 after 1 s was followed by 5 s of silence before the close). The rest
    would be read as the next request: the connection is closed at once instead (RFC 9112 9.6).
    """
    body_read = "transfer-encoding" not in headers and headers.get("content-length") in (
        None,
        "0",
    )

    async def receiving() -> Message:
        nonlocal body_read
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            body_read = True  # its last part, or the client is gone
        return message

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start" and not body_read:
            closing = [*message.get("headers", []), (b"connection", b"close")]
            message = {**message, "headers": closing}
        await send(message)

    return receiving, sending


async def _refuse_framing(scope: Scope, send: Send, default: str) -> None:
    """Answer a request with both ``Transfer-Encoding`` and ``Content-Length``: 400, closed.

    Its body's end is ambiguous (RFC 9112 6.3): a proxy in front may take the other header
    and see another request inside this one (request smuggling). h11 reads it by the
    ``Transfer-Encoding`` and passed it on; it is refused instead, in ``?lang=`` if valid.
    """
    lang = _problem_lang(Request(scope), default)
    outcome = problem(400, said(lang, "title-bad-request"), said(lang, "length-and-chunked"))
    await send_closing(send, outcome, (b"cache-control", b"no-store"))


class _Problem(Exception):
    """A problem document (RFC 9457) in ``lang``: its title and detail are texts of serve.toml.

    :param title: the key of the title; ``detail``: the key of the detail, filled with ``values``.
    :param extra: more members of the document (``available`` releases).
    """

    def __init__(
        self,
        status: int,
        lang: str,
        title: str,
        detail: str,
        extra: Mapping[str, Any] | None = None,
        **values: Any,
    ) -> None:
        text = said(lang, detail, **values)
        super().__init__(text)
        self.outcome = problem(status, said(lang, title), text, **(extra or {}))


def _respond(outcome: Outcome) -> Response:
    headers = dict(outcome.headers)
    headers["Cache-Control"] = "no-store"
    return Response(outcome.body, status_code=outcome.status, media_type=outcome.media_type,
                    headers=headers)  # fmt: skip


def _as_media_type(outcome: Outcome, media_type: str) -> Outcome:
    """``outcome`` sent as ``media_type`` when that is another name of its own type.

    The rapport is XML: ``application/xml`` or ``text/xml``, whichever ``Accept`` took. A
    ``charset`` parameter of the outcome's type is kept.
    """
    own, _, parameters = outcome.media_type.partition(";")
    if own.strip() == media_type:
        return outcome
    kept = f"{media_type};{parameters}" if parameters else media_type
    return attrs.evolve(outcome, media_type=kept)


def _releases() -> list[dict[str, Any]]:
    catalog = default_catalog()
    return [
        {
            "family": release.family,
            "release": release.release,
            "standard": release.standard,
            "rules_version": release.rules_version,
            "messages": sorted(m.name for m in catalog.messages if m.release == release),
        }
        for release in catalog.releases
    ]


def _available_versions() -> set[str]:
    found: set[str] = set()
    for release in default_catalog().releases:
        found.update((release.release, release.key))
    return found


MIN_BODY_RATE = 1024
"""Bytes a second a request body must average once its first ``timeout`` seconds are over."""


async def _body(request: Request, limit: int, idle: float, lang: str) -> bytes:
    """The request body, refused with 413 as soon as it exceeds ``limit`` bytes.

    A client that sends nothing for ``idle`` seconds (a body announced but never sent) gets 408;
    so does one that sends it a few bytes at a time ("slowloris"): after the first ``idle``
    seconds the body must keep coming at :data:`MIN_BODY_RATE` bytes a second on average (a
    25 MB body may take hours at that rate; one byte every few seconds may not). A connection
    never waits for ever on a body.
    """
    _identity_coded(request, lang)
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise _Problem(400, lang, "title-bad-request", "content-length") from None
        if size > limit:
            raise _Problem(413, lang, "title-too-large", "body-too-large", size=size, limit=limit)
    chunks: list[bytes] = []
    total = 0
    stream = request.stream()
    started = last = time.monotonic()
    while True:
        # the latest moment the next part may come: an idle pause after the last part, or the
        # average rate; the one reached first says why (a client that sends nothing at all, or
        # stops, stalled; it was told "too slowly" when the two moments nearly met)
        paused = last + idle
        paced = started + idle + total / MIN_BODY_RATE
        wait = min(paused, paced) - time.monotonic()
        key = "body-stalled" if paused <= paced else "body-too-slow"
        if wait <= 0:
            raise _Problem(
                408, lang, "title-request-timeout", key, idle=f"{idle:g}", rate=MIN_BODY_RATE
            )  # fmt: skip
        try:
            chunk = await asyncio.wait_for(anext(stream), wait)
        except StopAsyncIteration:
            break
        except TimeoutError:
            raise _Problem(
                408, lang, "title-request-timeout", key, idle=f"{idle:g}", rate=MIN_BODY_RATE
            ) from None
        last = time.monotonic()
        total += len(chunk)
        if total > limit:
            raise _Problem(413, lang, "title-too-large", "body-over-limit", limit=limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _identity_coded(request: Request, lang: str) -> None:
    """Refuse a body with a content coding (``Content-Encoding: gzip``) with 415.

    The service reads the bytes as sent: compressed ones were checked as the message (and
    rejected as no XML). Decoding them would need a bound of its own against a small body that
    unpacks to gigabytes; a ZIP is the compressed form a message may take. Only ``identity``
    (or no header) is taken; the 415 says so in ``Accept-Encoding`` (RFC 9110 15.5.16).
    """
    codings = [
        coding.strip().lower()
        for value in request.headers.getlist("content-encoding")
        for coding in value.split(",")
    ]
    refused = [coding for coding in codings if coding not in ("", "identity")]
    if refused:
        refusal = _Problem(
            415, lang, "title-unsupported-media", "content-encoding",
            coding=quoted(", ".join(refused)),
        )  # fmt: skip
        refusal.outcome = attrs.evolve(refusal.outcome, headers=(("Accept-Encoding", "identity"),))
        raise refusal


def _choice(
    value: str | None,
    allowed: Mapping[str, object] | tuple[str, ...],
    what: str,
    lang: str,
) -> None:
    if value is not None and value not in allowed:
        known = ", ".join(allowed)
        raise _Problem(
            400, lang, "title-bad-request", "not-one-of", what=what, value=quoted(value),
            known=known,
        )  # fmt: skip


def _parameters(request: Request, lang: str) -> None:
    """Refuse a query parameter the route does not take, or one given more than once (400).

    A misspelt ``?langu=en`` or ``?responder=`` for another route was ignored silently, and the
    caller got an answer it did not ask for.
    """
    path = request.url.path
    allowed = _PARAMETERS.get(path.removesuffix("/"))  # /validatie/ is /validatie
    if allowed is None:  # the page and its script: a browser may add what it likes
        return
    names = [name for name, _ in request.query_params.multi_items()]
    for name in dict.fromkeys(names):
        if name not in allowed:
            raise _Problem(
                400, lang, "title-bad-request", "unknown-parameter", name=quoted(name),
                path=path, known=", ".join(allowed),
            )  # fmt: skip
        if names.count(name) > 1:
            raise _Problem(
                400, lang, "title-bad-request", "parameter-twice", name=quoted(name),
                count=names.count(name),
            )  # fmt: skip


def _format(
    request: Request, lang: str, offers: tuple[Offer, ...], formats: Mapping[str, object]
) -> Offer:
    """The format of the answer: ``?format=NAME`` outright, else what ``Accept`` rates highest.

    ``?format=`` names the answer itself, so ``Accept`` is not read then (the page asks so);
    the offer returned then has no media type (the format's own is sent).

    :param formats: the names ``?format=`` may give.
    :raises _Problem: an unknown ``?format=`` (400); an ``Accept`` header that none of
        ``offers`` fits (406, naming them).
    """
    asked = request.query_params.get("format")
    if asked is not None:
        _choice(asked, formats, "format", lang)
        return Offer("", asked)
    accept = ", ".join(request.headers.getlist("accept")) if "accept" in request.headers else None
    chosen = negotiate(accept, offers)
    if chosen is None:
        media_types = [offer.media_type for offer in offers]
        raise _Problem(
            406, lang, "title-not-acceptable", "not-acceptable", {"acceptable": media_types},
            accept=quoted(accept or ""), offered=", ".join(media_types),
        )  # fmt: skip
    return chosen


class _Intake(TypedDict):
    """The keywords of every message task that the service's settings give."""

    as_of: dt.date | None
    max_bytes: int


def _filename(header: str, uploaded: str | None = None, default: str = "bericht.xml") -> str:
    """The message's name from ``X-Filename``: percent-encoded UTF-8 (a header is Latin-1 only).

    Without the header, the file name of the uploaded part (``curl -F message=@x.xml``, a form),
    without its folders; else ``default``. Never cut: the server bounds a header's size, the
    body limit a part's.
    """
    # a byte that is no UTF-8 stays that byte (shown as backslash, xff), never U+FFFD
    given = urllib.parse.unquote(header, errors="surrogateescape")
    part = PureWindowsPath(uploaded).name if uploaded else ""  # C:\fakepath\x.xml, a/x.xml
    return given or part or default


def _lang(request: Request, default: str) -> str:
    """The request's language (``?lang=``, else ``default``); then its other parameters checked.

    :raises _Problem: an unknown ``lang`` (in ``default``), or a parameter the route does not
        take (in the request's language).
    """
    lang = request.query_params.get("lang")
    _choice(lang, ("nl", "en"), "lang", default)
    chosen = lang or default
    _parameters(request, chosen)
    return chosen


def _problem_lang(request: Request, default: str) -> str:
    """The language of a problem met outside a route: ``?lang=`` if valid, else ``default``."""
    lang = request.query_params.get("lang")
    return lang if lang in ("nl", "en") else default


def _one_release(asked: list[str]) -> list[str]:
    """The releases ``X-Version-Override`` headers name, the same one once.

    ``3.2`` and ``iwmo/3.2`` name the same release for an iWmo message (a bare release is the
    message's family's): the more precise one is kept. Two that differ stay two (a 400).

    >>> _one_release(["3.2", "iwmo/3.2", "3.2"])
    ['iwmo/3.2']
    >>> _one_release(["iwmo/3.2", "ijw/3.2"])
    ['iwmo/3.2', 'ijw/3.2']
    """
    distinct = list(dict.fromkeys(asked))
    precise = [value for value in distinct if "/" in value]
    bare = {value.split("/", 1)[1] for value in precise}
    return [value for value in distinct if "/" in value or value not in bare]


def create_app(settings: ServeSettings | None = None) -> Starlette:
    """The service as an ASGI application (starts its worker processes on startup).

    Every route answers with or without one trailing slash alike (``POST /validatie/``), never
    with a redirect: a DVS client does not follow a 307 with its body. Any other path is a
    404 problem document.
    """
    routes = _Routes(settings or ServeSettings())
    app = _Service(
        routes=routes.table(),
        exception_handlers={
            _Problem: routes.on_problem,
            HTTPException: routes.on_http,
            Exception: routes.on_error,
        },
        lifespan=routes.lifespan,
        lang=routes.config.lang,
    )
    app.router.redirect_slashes = False  # "/status/" is a route of its own; no 307 anywhere
    return app


class _Routes:
    """The routes of one service and the state they share: settings, workers, releases, start.

    :param config: how the service runs.
    """

    def __init__(self, config: ServeSettings) -> None:
        self.config = config
        self.pool = WorkerPool(
            config.workers, timeout=config.timeout, queue_timeout=config.queue_timeout
        )
        self.started = time.monotonic()
        self.versions = _available_versions()

    def table(self) -> list[Route]:
        """Every route, once as named and once with a trailing slash (the page: ``/`` only)."""
        endpoints = (
            ("/", self.page, "GET"),
            ("/page.js", self.script, "GET"),
            ("/validatie", self.validatie, "POST"),
            ("/return", self.answer, "POST"),
            ("/explain", self.explain, "POST"),
            ("/status", self.status, "GET"),
            ("/health", self.health, "GET"),
        )
        table: list[Route] = []
        for path, endpoint, method in endpoints:
            table.append(Route(path, endpoint, methods=[method]))
            if path != "/":
                table.append(Route(path + "/", endpoint, methods=[method]))
        return table

    async def run(self, task: Task, lang: str, offer: Offer | None = None) -> Response:
        """The task's outcome from a worker; busy (503), too slow (504), a dead worker (500).

        :param offer: the media type ``Accept`` chose; a ``200`` is sent as that type (the
            rapport as ``text/xml`` when only that is acceptable).
        """
        try:
            outcome = await self.pool.run(task)
            if offer is not None and offer.media_type and outcome.status == 200:
                outcome = _as_media_type(outcome, offer.media_type)
            return _respond(outcome)
        except Busy:
            outcome = problem(503, said(lang, "title-busy"), said(lang, "busy"))
            return Response(outcome.body, 503, {"Retry-After": "5"}, PROBLEM_JSON)
        except TaskTimeout:
            detail = said(lang, "check-too-long", seconds=f"{self.config.timeout:g}")
            return _respond(problem(504, said(lang, "title-timeout"), detail))
        except WorkerDied:
            detail = said(lang, "worker-died")
            return _respond(problem(500, said(lang, "title-engine-error"), detail))

    def release(self, request: Request, lang: str) -> str | None:
        """The release ``X-Version-Override`` asks for (``None``: none asked).

        :raises _Problem: two different releases asked, or one this service does not have (400,
            listing the available ones).
        """
        given = request.headers.getlist("x-version-override")
        available = {"available": sorted(self.versions)}
        asked = _one_release([value.strip() for value in given])
        if len(asked) > 1:  # two releases asked (a proxy that adds its own): none is picked
            raise _Problem(
                400, lang, "title-version", "version-twice", available, count=len(given),
                given=quoted(given),
            )  # fmt: skip
        override = asked[0] if asked else None
        if override is not None and override not in self.versions:
            raise _Problem(
                400, lang, "title-version", "version-unknown", available,
                value=quoted(override),
            )  # fmt: skip
        return override

    async def message(
        self, request: Request, lang: str, part: str, default: str
    ) -> tuple[bytes, str]:
        """The message and its name: the body, or its part ``part`` (or only part) of a form upload.

        The name is ``X-Filename``'s, else the uploaded part's file name, else ``default``.
        """
        data = await _body(request, self.config.max_body, self.config.timeout, lang)
        uploaded = None
        if _is_multipart(request):
            data, uploaded = await _one_part(request.scope, data, self.config.max_body, part, lang)
        return data, _filename(request.headers.get("x-filename", ""), uploaded, default)

    @property
    def intake(self) -> _Intake:
        """How every message task reads its message, as the service's settings say.

        The peildatum (``--as-of``) and the size limit of level 1: at least the body limit
        (``--max-body``).
        """
        return {
            "as_of": self.config.as_of,
            "max_bytes": max(self.config.max_body, Limits().max_bytes),
        }

    async def validatie(self, request: Request) -> Response:
        """``POST /validatie``: the message's report (DVS)."""
        lang = _lang(request, self.config.lang)
        offer = _format(request, lang, _VALIDATIE_OFFERS, REPORTERS)
        override = self.release(request, lang)
        # 0 bytes too: level 1 says EI100; a form upload (curl -F): its one part is the message
        data, name = await self.message(request, lang, "message", "bericht.xml")
        task = ValidateTask(data, name, offer.format, lang, override, **self.intake)
        return await self.run(task, lang, offer)

    async def answer(self, request: Request) -> Response:
        """``POST /return``: the answer message of a request message."""
        lang = _lang(request, self.config.lang)
        responder = request.query_params.get("responder", "receiver")
        _choice(responder, ("receiver", "vecozo"), "responder", lang)
        offer = _format(request, lang, _RETURN_OFFERS, {})
        override = self.release(request, lang)
        # 0 bytes: 422 with EI100, as any level 1; as /explain: the part "request" (or the only)
        data, name = await self.message(request, lang, "request", "request.xml")
        task = ReturnTask(data, name, responder, lang, override, **self.intake)
        return await self.run(task, lang, offer)

    async def explain(self, request: Request) -> Response:
        """``POST /explain``: the explanation of an answer against its request."""
        lang = _lang(request, self.config.lang)
        offer = _format(request, lang, _EXPLAIN_OFFERS, dict.fromkeys(("html", "json", "text")))
        override = self.release(request, lang)
        data = await _body(request, self.config.max_body, self.config.timeout, lang)
        if not _is_multipart(request):
            raise _Problem(400, lang, "title-bad-request", "explain-not-multipart")
        parts = await _multipart(request.scope, data, self.config.max_body, lang)
        task = ExplainTask(parts["request"], parts["answer"], offer.format, lang, override)
        return await self.run(task, lang, offer)

    async def status(self, request: Request) -> Response:
        """``GET /status``: version, releases, formats, limits, workers, uptime."""
        _lang(request, self.config.lang)
        config, pool = self.config, self.pool
        document = {
            "name": "eistandaard",
            "version": __version__,
            "releases": _releases(),
            "formats": list(REPORTERS),
            "limits": {
                "max_body_bytes": config.max_body,
                "timeout_seconds": config.timeout,
                "workers": config.workers,
                "queue_timeout_seconds": config.queue_timeout,
            },
            "workers_alive": pool.alive(),
            "workers_busy": pool.busy(),
            "workers_replaced": pool.replaced,
            "uptime_seconds": round(time.monotonic() - self.started, 1),
        }
        return Response(json.dumps(document), media_type="application/json")

    async def health(self, request: Request) -> Response:
        """``GET /health``: ok (200) while every worker is alive, else degraded (503)."""
        _lang(request, self.config.lang)
        ok = self.pool.alive() == self.config.workers
        body = json.dumps({"status": "ok" if ok else "degraded", "workers": self.pool.alive()})
        return Response(body, 200 if ok else 503, media_type="application/json")

    async def page(self, _request: Request) -> Response:
        """``GET /``: the upload page."""
        text = resources.files("eistandaard.serve").joinpath("page.html").read_bytes()
        return Response(text, media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)

    async def script(self, _request: Request) -> Response:
        """``GET /page.js``: the page's script."""
        text = resources.files("eistandaard.serve").joinpath("page.js").read_bytes()
        return Response(text, media_type="text/javascript; charset=utf-8")

    async def on_problem(self, _request: Request, exc: Exception) -> Response:
        """A :class:`_Problem` raised by a route: its document."""
        assert isinstance(exc, _Problem)
        return _respond(exc.outcome)

    async def on_http(self, request: Request, exc: Exception) -> Response:
        """Starlette's own refusals (404, 405) as problem documents in the request's language."""
        assert isinstance(exc, HTTPException)
        lang = _problem_lang(request, self.config.lang)
        path = quoted(request.url.path)
        if exc.status_code == 404:
            title, detail = said(lang, "title-not-found"), said(lang, "no-route", path=path)
        elif exc.status_code == 405:
            allowed = (exc.headers or {}).get("Allow") or said(lang, "none")
            title = said(lang, "title-method")
            detail = said(
                lang, "method-not-allowed", method=request.method, path=path, allowed=allowed
            )
        else:
            title, detail = said(lang, "title-bad-request"), str(exc.detail)
        response = _respond(problem(exc.status_code, title, detail))
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def on_error(self, request: Request, exc: Exception) -> Response:
        """Any other exception: a 500 problem naming its type only."""
        lang = _problem_lang(request, self.config.lang)
        detail = said(lang, "unexpected", name=type(exc).__name__)
        return _respond(problem(500, said(lang, "title-internal-error"), detail))

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        """The worker processes, from startup to shutdown."""
        await self.pool.start()
        try:
            yield
        finally:
            await self.pool.stop()


_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "frame-src 'self' blob:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _is_multipart(request: Request) -> bool:
    """Whether the body is ``multipart/form-data`` (a form upload), by its Content-Type."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return kind == "multipart/form-data"


async def _one_part(
    scope: Scope, body: bytes, limit: int, name: str, lang: str
) -> tuple[bytes, str | None]:
    """The message of a form upload: its part ``name``, else its only part (400 otherwise).

    With the part's file name, ``None`` for a part without one.

    A form sent to ``/validatie`` or ``/return`` (``curl -F message=@x.xml``) was read as
    the message itself, and its multipart framing reported as XML that is not well-formed.
    """
    names: dict[str, str] = {}
    form = await _form(scope, body, limit, lang, max_files=2, max_fields=2, names=names)
    if name in form:
        _only_parts(form, (name,), scope, lang)
    keys = [name] if name in form else list(form)
    values = [form[key] for key in keys]
    if len(values) != 1:
        raise _Problem(400, lang, "title-bad-request", "one-part", name=quoted(name))
    (value,) = values
    return value, names.get(keys[0])


def _only_parts(form: Mapping[str, bytes], known: tuple[str, ...], scope: Scope, lang: str) -> None:
    """Refuse a part the route does not take (400 naming it), as an unknown query parameter.

    A part beside the message (``-F message=@a.xml -F other=@b.xml``) was ignored silently.
    """
    for name in form:
        if name not in known:
            raise _Problem(
                400, lang, "title-bad-request", "part-unknown", name=quoted(name),
                path=quoted(scope["path"]), known=", ".join(known),
            )  # fmt: skip


class _BytesFormParser(MultiPartParser):
    """Starlette's multipart parser, keeping every part as the bytes that were sent.

    A part without a file name (``curl -F 'message=<x.xml'``, a form's text field) is a
    field, which Starlette decodes to text (as UTF-8, else as Latin-1): bytes that are no
    UTF-8 came back re-encoded as valid UTF-8, and a message the command line rejects (EI104)
    was accepted. Its bytes are kept here instead. A file part stays in memory (the body is
    already there): no part of a message is spooled to a temporary file on disk.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spool_max_size = self.max_part_size
        self.parts: list[tuple[str, bytes | UploadFile]] = []
        """Every part in the order sent: a field as its bytes, a file as its upload."""
        self.filenames: dict[str, str] = {}
        """The file name sent with each file part, by part name."""

    def on_part_end(self) -> None:
        """Keep the part: a field's bytes as sent, never decoded."""
        part = self._current_part
        if part.file is None:
            self.parts.append((part.field_name, bytes(part.data)))
        else:
            super().on_part_end()
            self.parts.append((part.field_name, part.file))
            if part.file.filename:
                self.filenames[part.field_name] = part.file.filename


async def _form(
    scope: Scope,
    body: bytes,
    limit: int,
    lang: str,
    *,
    max_files: int,
    max_fields: int,
    names: dict[str, str] | None = None,
) -> dict[str, bytes]:
    """The parts of a multipart body already read, as the bytes sent (400 when it is malformed).

    By name; a name given twice is a 400 (the last part was taken silently). ``names`` gets
    each file part's file name.
    """

    async def replay() -> AsyncIterator[bytes]:
        yield body

    parser = _BytesFormParser(
        Headers(scope=scope),
        replay(),
        max_files=max_files,
        max_fields=max_fields,
        max_part_size=limit,
    )
    try:
        await parser.parse()
        parts: dict[str, bytes] = {}
        for name, value in parser.parts:
            parts[name] = await value.read() if isinstance(value, UploadFile) else value
        sent = [name for name, _ in parser.parts]
        if names is not None:
            names.update(parser.filenames)
    except MultiPartException as exc:
        reason = said(lang, _multipart_reason(exc.message))
        raise _Problem(
            400, lang, "title-malformed-multipart", "multipart-reason", reason=reason
        ) from None
    except Exception:  # python-multipart raises several types for broken bodies
        reason = said(lang, "multipart-broken")
        raise _Problem(
            400, lang, "title-malformed-multipart", "multipart-reason", reason=reason
        ) from None
    finally:
        for _, value in parser.parts:
            if isinstance(value, UploadFile):
                await value.close()
    for name in parts:  # two messages under one name: which one was meant is not known
        if sent.count(name) > 1:
            raise _Problem(
                400, lang, "title-bad-request", "part-twice", name=quoted(name),
                count=sent.count(name),
            )  # fmt: skip
    return parts


_MULTIPART_REASONS = (
    ("Too many files", "multipart-too-many-parts"),
    ("Too many fields", "multipart-too-many-parts"),
    ('The Content-Disposition header field "name"', "multipart-no-name"),
    ("Missing boundary", "multipart-no-boundary"),
)
"""The start of a message of Starlette's multipart parser -> the key of our own reason."""


def _multipart_reason(message: str) -> str:
    """The key (serve.toml) of why a multipart body cannot be read, from the parser's message.

    The parser's message is English whatever ``?lang=`` asks; a problem's detail is in one
    language, so it is never shown: a message this table does not know is ``multipart-broken``.
    """
    for start, key in _MULTIPART_REASONS:
        if message.startswith(start):
            return key
    return "multipart-broken"


async def _multipart(scope: Scope, body: bytes, limit: int, lang: str) -> dict[str, bytes]:
    """The ``request`` and ``answer`` parts of a multipart body already read (400 if bad)."""
    form = await _form(scope, body, limit, lang, max_files=4, max_fields=4)
    _only_parts(form, ("request", "answer"), scope, lang)
    parts: dict[str, bytes] = {}
    for key in ("request", "answer"):
        value = form.get(key)
        if not value:
            raise _Problem(400, lang, "title-bad-request", "part-missing", name=quoted(key))
        parts[key] = value
    return parts
