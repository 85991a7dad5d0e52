"""The HTTP layer: a one-method protocol and its default adapter on httpx.

Everything above this module speaks :class:`HttpRequest` / :class:`HttpResponse` through an
:class:`HttpClient` (``send(request) -> response``), so tests and integrators can replace the
wire. Failures are sorted by what they mean for delivery:

- :class:`NotSent`: the request never left (refused connection, TLS handshake, DNS): a retry
  cannot deliver twice.
- :class:`OutcomeUnknown`: the request may have reached VECOZO (a read time-out, a reset after
  the body): the retry layer asks berichtstatus before it sends again.

Payloads and BSNs are never logged here: only method, path and status.
"""

from __future__ import annotations

import contextlib
import logging
import os
import ssl
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import attrs

from eistandaard.core.arguments import expect
from eistandaard.core.errors import EIError, InputError
from eistandaard.core.files import read_regular, refuse_not_regular
from eistandaard.standards.wording import bilingual_texts, os_reason, said_error

__all__ = [
    "HttpClient",
    "HttpRequest",
    "HttpResponse",
    "HttpxClient",
    "NotSent",
    "OutcomeUnknown",
    "Timeouts",
    "TransportError",
    "client_context",
]

log = logging.getLogger("eistandaard.vecozo.transport")


class TransportError(EIError):
    """The HTTP exchange failed; see :class:`NotSent` and :class:`OutcomeUnknown`."""


class NotSent(TransportError):
    """The request certainly did not reach the server (connection refused, TLS, DNS)."""


class OutcomeUnknown(TransportError):
    """The request may have reached the server: time-out after sending, reset, broken reply."""


@attrs.frozen
class HttpRequest:
    """One HTTP request.

    :param files: multipart parts ``name -> (filename, bytes, content type)``; with ``files``
        the body is ``multipart/form-data`` and ``content`` must be empty.
    """

    method: str
    url: str
    headers: Mapping[str, str] = attrs.field(factory=dict)
    params: Mapping[str, str] = attrs.field(factory=dict)
    content: bytes = b""
    files: Mapping[str, tuple[str, bytes, str]] = attrs.field(factory=dict)


@attrs.frozen
class HttpResponse:
    """One HTTP response; ``headers`` with lower-case names."""

    status: int
    headers: Mapping[str, str] = attrs.field(factory=dict)
    content: bytes = b""

    def header(self, name: str) -> str | None:
        """A header's value (case-insensitive name), or ``None``."""
        return self.headers.get(name.lower())


class HttpClient(Protocol):
    """The one method the VECOZO client needs from an HTTP library."""

    def send(self, request: HttpRequest) -> HttpResponse:
        """Send ``request`` and return the response.

        :raises NotSent: when the request certainly did not leave.
        :raises OutcomeUnknown: when it may have reached the server.
        """
        ...


def _positive_seconds(_instance: object, attribute: attrs.Attribute[float], value: object) -> None:
    """The attrs validator of a time-out: a positive number of seconds (never ``None``)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise InputError(said_error("transport-timeout", name=attribute.name))


@attrs.frozen
class Timeouts:
    """Seconds per phase; none may be ``None`` (a hang is never allowed)."""

    connect: float = attrs.field(default=10.0, validator=_positive_seconds)
    read: float = attrs.field(default=60.0, validator=_positive_seconds)
    write: float = attrs.field(default=60.0, validator=_positive_seconds)
    pool: float = attrs.field(default=10.0, validator=_positive_seconds)


def client_context(
    *,
    certificate: Path | None = None,
    key: Path | None = None,
    password: str | None = None,
    pkcs12: Path | None = None,
    cafile: Path | None = None,
) -> ssl.SSLContext:
    """A TLS 1.2+ client context on the system trust store, with the client certificate.

    :param certificate: PEM file with the system certificate (and its key, unless ``key``).
    :param pkcs12: a ``.p12``/``.pfx`` file instead (needs ``cryptography``: extra
        ``eistandaard[pkcs12]``); ``password`` opens it (or an encrypted PEM key).
    :param cafile: extra trust anchors (the fake's test CA); the system store stays trusted.
    :raises InputError: for an unreadable certificate or key, PKCS#12 without cryptography, or
        an argument of the wrong kind (a path is a ``str`` or ``pathlib.Path``).
    """
    for keyword, path in (
        ("certificate", certificate),
        ("key", key),
        ("pkcs12", pkcs12),
        ("cafile", cafile),
    ):
        expect(keyword, path, (str, os.PathLike), "path")
    expect("password", password, str, "text")
    for path in (certificate, key, pkcs12, cafile):
        if path is not None:
            _refuse_not_regular(path)
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if cafile is not None:
        try:
            context.load_verify_locations(cafile=str(cafile))
        except (OSError, ssl.SSLError) as exc:
            raise InputError(
                said_error("transport-cafile-unreadable", cafile=cafile, exc=_file_reason(exc))
            ) from exc
    if pkcs12 is not None:
        _load_pkcs12(context, Path(pkcs12), password)
    elif certificate is not None:
        try:
            context.load_cert_chain(str(certificate), str(key) if key else None, password=password)
        except (OSError, ssl.SSLError) as exc:
            raise InputError(
                said_error(
                    "transport-certificate-unreadable",
                    certificate=certificate,
                    exc=_file_reason(exc),
                )
            ) from exc
    return context


def _refuse_not_regular(path: str | os.PathLike[str]) -> None:
    """Refuse a certificate, key or CA file that is a FIFO, device or folder: never opened.

    ``ssl`` opens its files blocking, so a FIFO named by mistake would hang the caller. A path
    that is not there is left to the reader, which says so with the file's role.

    :raises InputError: ``X is een FIFO, geen bestand`` in both languages.
    """
    with contextlib.suppress(OSError):
        refuse_not_regular(path)


def _worded_kind(kind: str) -> str:
    """An httpx failure by name ("ConnectError"), with its meaning in both languages.

    "geen verbinding (ConnectError)" where ``rbc/common/errors.toml`` has it; else the name.
    """
    key = f"transport-kind-{kind}"
    return said_error(key, kind=kind) if key in bilingual_texts("errors.toml") else kind


def _file_reason(exc: Exception) -> str:
    """Why a certificate file could not be read, in both languages where the system says it.

    A missing file or no permission: the system's reason, worded; a PEM the TLS library
    cannot parse: its own words.
    """
    if isinstance(exc, OSError) and not isinstance(exc, ssl.SSLError):
        return os_reason(exc)
    return str(exc)


def _load_pkcs12(context: ssl.SSLContext, path: Path, password: str | None) -> None:
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.serialization import pkcs12
    except ImportError as exc:  # the optional extra is missing
        raise InputError(said_error("transport-needs-cryptography")) from exc
    import os
    import tempfile

    try:
        key, cert, extra = pkcs12.load_key_and_certificates(
            read_regular(path), password.encode() if password else None
        )
    except (OSError, ValueError) as exc:
        raise InputError(
            said_error("transport-pkcs12-unreadable", path=path, exc=_file_reason(exc))
        ) from exc
    if key is None or cert is None:
        raise InputError(said_error("transport-no-certificate", path=path))
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ) + b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (cert, *(extra or [])))
    # ssl loads chains from files only: a private temporary file, removed at once.
    handle, name = tempfile.mkstemp(suffix=".pem")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pem)
        context.load_cert_chain(name)
    finally:
        Path(name).unlink(missing_ok=True)


class HttpxClient:
    """The default :class:`HttpClient` on httpx: separate time-outs, TLS 1.2+, mTLS.

    :param context: the TLS context (:func:`client_context`, or the caller's own
        :class:`ssl.SSLContext`: one that allows less than TLS 1.2 is raised to TLS 1.2);
        default: system trust, no client certificate.
    :param timeouts: per-phase time-outs (never none).
    """

    def __init__(
        self, *, context: ssl.SSLContext | None = None, timeouts: Timeouts | None = None
    ) -> None:
        import httpx

        self._httpx = httpx
        t = timeouts or Timeouts()
        if context is None:
            context = client_context()
        elif context.minimum_version in (
            ssl.TLSVersion.MINIMUM_SUPPORTED,
            ssl.TLSVersion.SSLv3,
            ssl.TLSVersion.TLSv1,
            ssl.TLSVersion.TLSv1_1,
        ):
            context.minimum_version = ssl.TLSVersion.TLSv1_2  # never below TLS 1.2
        self._client = httpx.Client(
            verify=context,
            timeout=httpx.Timeout(connect=t.connect, read=t.read, write=t.write, pool=t.pool),
            follow_redirects=False,
            trust_env=False,
        )

    def send(self, request: HttpRequest) -> HttpResponse:
        """Send one request; failures are sorted into :class:`NotSent` / :class:`OutcomeUnknown`."""
        httpx = self._httpx
        try:
            response = self._client.request(
                request.method,
                request.url,
                headers=dict(request.headers),
                params=dict(request.params) or None,
                content=request.content or None,
                files=dict(request.files) or None,
            )
        except httpx.TransportError as exc:
            # not connected: nothing was sent; a read/write time-out, reset or protocol error
            # after that: whether VECOZO took the request is unknown
            unsent = isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)
            kind = type(exc).__name__
            outcome = "not sent" if unsent else "outcome unknown"
            path = _path(request.url)
            log.info("%s %s: %s (%s)", request.method, path, outcome, kind)
            method = request.method
            said_kind = _worded_kind(kind)
            reason = said_error(
                "transport-request-failed", method=method, path=path, kind=said_kind
            )
            raise (NotSent if unsent else OutcomeUnknown)(reason) from exc
        log.info("%s %s: %d", request.method, _path(request.url), response.status_code)
        return HttpResponse(
            status=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            content=response.content,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()


def _path(url: str) -> str:
    """The URL without query (a query may carry ids, never a payload or a BSN)."""
    return url.split("?", 1)[0]
