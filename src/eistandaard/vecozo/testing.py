"""A fake VECOZO for tests and for trying the client by hand (``ei fake-vecozo``).

:class:`FakeVecozo` serves the REST push, pull and berichtstatus (v2 and v3) contracts and COV
SOAP on 127.0.0.1 (an ephemeral port; loopback only), over plain HTTP or mutual TLS. It decides
as VECOZO would for what this project knows: the reception checks (the envelope checks, the
party registry when one is given, CC08/BRS114 for a known traceerId) answer 204 or 422; the
chain check (XSD) rejects with ``AfgekeurdDoorDienst``; statuses move over a
:class:`~eistandaard.vecozo.transport.retry.VirtualClock`; at delivery the addressee's answer is
built with the project's own return builders (GDS802, WMO325/JW325) and queued for pull.

Faults are injected on demand (:meth:`FakeVecozo.inject`, :class:`Fault`); every request loop
is bounded (stalls wait at most ``stall_seconds``; the server stops with :meth:`close`).

This is a simulation: its 204/422 are not VECOZO's verdict.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.parser
import email.policy
import enum
import hashlib
import json
import random
import socket
import ssl
import struct
import threading
import uuid
from collections.abc import Iterable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs

from eistandaard.core.errors import EIError
from eistandaard.core.findings import Finding, Level
from eistandaard.core.report import Report
from eistandaard.vecozo.build import build_answer, parse_payload
from eistandaard.vecozo.cov import CovRequest, CovResponse, Zoekresultaat, cov_data
from eistandaard.vecozo.data import pull_retention, vecozo_codes
from eistandaard.vecozo.envelope import Envelope, new_uuid, payload_zip
from eistandaard.vecozo.ledger.sql import uuid_code
from eistandaard.vecozo.registry import Registry, RegistryCheck
from eistandaard.vecozo.transport.client import COV, PULL, PUSH, _code_finding
from eistandaard.vecozo.transport.retry import Clock, VirtualClock

__all__ = ["FakeVecozo", "Fault", "Stored", "Timeline"]

MAX_BODY = 30_000_000
"""The largest request body the fake reads (above CC03's 25,000,000 bytes)."""


class Fault(enum.StrEnum):
    """What the fake can do wrong, on purpose."""

    REFUSE = "refuse"
    """The port is closed (connection refused) until the virtual clock passes ``seconds``."""
    STALL_BEFORE = "stall-before"
    """Read the request, store nothing, answer nothing for ``stall_seconds``, close."""
    STALL_AFTER = "stall-after"
    """Store the message, then answer nothing for ``stall_seconds``, close."""
    RESET_BEFORE = "reset-before"
    """Reset the connection (TCP RST) before storing."""
    RESET_AFTER = "reset-after"
    """Store the message, then reset the connection instead of answering."""
    SERVER_ERROR = "5xx"
    """Answer ``status`` (default 503) without storing."""
    SERVER_ERROR_AFTER = "5xx-after"
    """Store, then answer ``status`` (default 500)."""
    THROTTLE = "429"
    """Answer 429 with ``Retry-After: seconds``."""
    BAD_REQUEST = "400"
    """Answer 400 with problem details carrying ``codes``."""
    UNPROCESSABLE = "422"
    """Answer 422 with problem details carrying ``codes``."""
    DUPLICATE = "duplicate"
    """Refuse the traceerId as known (CC08/BRS114) though it is new."""
    CHECKSUM = "checksum"
    """Download: bytes that differ from the announced checksum."""
    EXPIRED = "expired"
    """Download: 404, the payload is gone."""
    UNKNOWN_STATUS = "unknown-status"
    """Berichtstatus: a status value no version of the contract knows."""


_BEFORE_RECEPTION = (Fault.STALL_BEFORE, Fault.SERVER_ERROR)
"""Push faults that happen before the fake receives the message."""
_AFTER_RECEPTION = (Fault.STALL_AFTER, Fault.RESET_AFTER, Fault.SERVER_ERROR_AFTER)
"""Push faults after the fake received (and recorded) it: the answer is lost."""
_SERVER_ERRORS = {
    Fault.SERVER_ERROR: (503, "Service Unavailable"),
    Fault.SERVER_ERROR_AFTER: (500, "Internal Server Error"),
}
"""The default status and title of each server-error fault."""

WIRE_FAULTS = frozenset(
    {
        Fault.STALL_BEFORE,
        Fault.STALL_AFTER,
        Fault.RESET_BEFORE,
        Fault.RESET_AFTER,
        Fault.SERVER_ERROR,
        Fault.SERVER_ERROR_AFTER,
        Fault.THROTTLE,
    }
)
"""Faults any operation can suffer (status, list, download, ack, cov)."""

PUSH_FAULTS = WIRE_FAULTS | {Fault.REFUSE, Fault.BAD_REQUEST, Fault.UNPROCESSABLE, Fault.DUPLICATE}
"""Faults a push can suffer: those of the wire, and VECOZO's refusals."""


@attrs.frozen
class _Injected:
    fault: Fault
    op: str
    params: Mapping[str, Any]


@attrs.frozen
class Timeline:
    """Seconds after reception at which a message's status moves (virtual time)."""

    processing: float = 30.0
    checked: float = 60.0
    offered: float = 90.0
    delivered: float = 120.0


@attrs.define
class Stored:
    """A message the fake received (or produced as an answer)."""

    envelope: Envelope
    payload: bytes
    received_at: dt.datetime
    report: Report | None = None
    rejected: tuple[Finding, ...] = ()
    answered: bool = False
    status_override: str | None = None
    is_answer: bool = False


@attrs.define
class _Ready:
    envelope: Envelope
    payload: bytes
    received_at: dt.datetime
    first_download: dt.datetime | None = None
    family: str | None = None


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class FakeVecozo:
    """A fake VECOZO on 127.0.0.1.

    :param registry: the party registry the reception check uses (``None``: no BRS01-05).
    :param clock: the virtual clock of statuses and retention (a new one by default).
    :param tls: a server :class:`ssl.SSLContext` (mutual TLS: ``verify_mode=CERT_REQUIRED``).
    :param environment: the Vektis environment marker the chain check expects (``P``/``T``).
    :param as_of: the peildatum of its checks (default: the clock's date).
    :param stall_seconds: how long a stall lasts (real seconds; keep it short in tests).
    :param check_answers: let the return builders check each answer they write (slower).
    :param prefix: the environment path (``/tst``), so the client's base URL is
        ``http://127.0.0.1:PORT/tst``.
    """

    def __init__(
        self,
        *,
        registry: Registry | None = None,
        clock: Clock | None = None,
        tls: ssl.SSLContext | None = None,
        environment: str = "P",
        as_of: dt.date | None = None,
        stall_seconds: float = 1.0,
        timeline: Timeline | None = None,
        prefix: str = "/tst",
        answer: bool = True,
        check_answers: bool = True,
    ) -> None:
        self.registry = registry
        self.clock: Clock = clock or VirtualClock()
        self.tls = tls
        self.environment = environment
        self.as_of = as_of
        self.stall_seconds = stall_seconds
        self.timeline = timeline or Timeline()
        self.prefix = prefix.rstrip("/")
        self.answer = answer
        self.check_answers = check_answers
        self.lock = threading.RLock()
        self.messages: dict[str, Stored] = {}
        self._pending: dict[str, Stored] = {}
        self._answers: dict[str, list[str]] = {}
        self.ready: dict[str, _Ready] = {}
        self.cov_answers: dict[str, Zoekresultaat] = {}
        self.cov_fault: str | None = None
        self.requests: list[tuple[str, str]] = []
        self.pushes: dict[str, int] = {}
        """Push attempts per traceerId (every request that reached the handler)."""
        self._faults: list[_Injected] = []
        self._rate: tuple[float, random.Random, tuple[Fault, ...]] | None = None
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._reopen_at: dt.datetime | None = None
        self.port = 0
        self.contract_log: list[tuple[str, str, int, bytes]] = []
        """(method, path, status, body) of every response (for contract tests)."""
        if isinstance(self.clock, VirtualClock):
            self.clock.on_advance(self._on_advance)

    # -- life cycle --------------------------------------------------------------------------

    def start(self) -> FakeVecozo:
        """Listen on 127.0.0.1 (an ephemeral port the first time, the same port after)."""
        server = _Server(("127.0.0.1", self.port), _Handler)
        server.fake = self
        if self.tls is not None:
            server.socket = self.tls.wrap_socket(
                server.socket, server_side=True, do_handshake_on_connect=False
            )
        self.port = server.server_address[1]
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def _halt(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def close(self) -> None:
        """Stop serving and release every stalled request."""
        self._stop.set()
        self._halt()

    def __enter__(self) -> FakeVecozo:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def base_url(self) -> str:
        """The URL a :class:`~eistandaard.vecozo.transport.client.VecozoClient` takes."""
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}{self.prefix}"

    # -- faults ------------------------------------------------------------------------------

    def inject(
        self, fault: Fault | str, *, op: str = "push", count: int = 1, **params: Any
    ) -> None:
        """Let the next ``count`` requests of ``op`` (push, status, list, download, ack, cov) fail.

        Parameters per fault: ``seconds`` (REFUSE, THROTTLE), ``status`` (5xx), ``codes``
        (400/422). REFUSE takes effect at once.
        """
        fault = Fault(fault)
        if fault is Fault.REFUSE:
            self.refuse(float(params.get("seconds", 5.0)))
            return
        with self.lock:
            self._faults.extend(_Injected(fault, op, dict(params)) for _ in range(count))

    def fault_rate(
        self, rate: float, rng: random.Random, faults: Iterable[Fault] = tuple(PUSH_FAULTS)
    ) -> None:
        """Give each push a fault with probability ``rate`` (drawn from ``faults``)."""
        self._rate = (rate, rng, tuple(sorted(faults)))

    def refuse(self, seconds: float) -> None:
        """Close the port until the virtual clock has moved ``seconds`` on."""
        with self.lock:
            self._reopen_at = self.clock.now() + dt.timedelta(seconds=seconds)
        self._halt()

    def _on_advance(self, now: dt.datetime) -> None:
        with self.lock:
            due = self._reopen_at is not None and now >= self._reopen_at
            if due:
                self._reopen_at = None
        if due:
            if self._thread is not None and self._thread is not threading.current_thread():
                self._halt()
            self.start()

    def _take_fault(self, op: str, kinds: frozenset[Fault] | None = None) -> _Injected | None:
        with self.lock:
            for i, injected in enumerate(self._faults):
                if injected.op == op and (kinds is None or injected.fault in kinds):
                    return self._faults.pop(i)
            if op == "push" and self._rate is not None:
                rate, rng, faults = self._rate
                if rng.random() < rate:
                    fault = rng.choice(faults)
                    params: dict[str, Any] = {}
                    if fault in (Fault.BAD_REQUEST, Fault.UNPROCESSABLE):
                        params["codes"] = ("BRS04",)
                    return _Injected(fault, op, params)
        return None

    # -- state -------------------------------------------------------------------------------

    def today(self) -> dt.date:
        """The peildatum of the fake's checks."""
        return self.as_of or self.clock.now().date()

    def process(self) -> None:
        """Move every message's status to the virtual now; deliver answers that are due."""
        now = self.clock.now()
        with self.lock:
            for trace, stored in list(self._pending.items()):
                due = stored.received_at + dt.timedelta(seconds=self.timeline.delivered)
                if now < due:
                    continue
                del self._pending[trace]
                if stored.answered or _chain_rejected(stored):
                    continue
                stored.answered = True
                if self.answer:
                    self._answer(trace, stored, due)
            # retention and the 24 h after the first download
            for trace, ready in list(self.ready.items()):
                keep, after_download = pull_retention(ready.family)
                gone = now >= ready.received_at + keep or (
                    ready.first_download is not None
                    and now >= ready.first_download + after_download
                )
                if gone:
                    del self.ready[trace]

    def status_of(self, stored: Stored) -> tuple[str, dt.datetime]:
        """The status of a message now, and since when."""
        if stored.status_override:
            return stored.status_override, stored.received_at
        t = self.timeline
        elapsed = (self.clock.now() - stored.received_at).total_seconds()
        at = stored.received_at
        if stored.is_answer:
            return "Bezorgd" if stored.answered else "WordtAangeboden", at
        if elapsed < t.processing:
            return "Ontvangen", at
        if elapsed < t.checked:
            return "WordtVerwerkt", at + dt.timedelta(seconds=t.processing)
        if _chain_rejected(stored):
            return "AfgekeurdDoorDienst", at + dt.timedelta(seconds=t.checked)
        if elapsed < t.offered:
            return "VerwerkingVoltooid", at + dt.timedelta(seconds=t.checked)
        if elapsed < t.delivered:
            return "WordtAangeboden", at + dt.timedelta(seconds=t.offered)
        return "Bezorgd", at + dt.timedelta(seconds=t.delivered)

    def queue(self, envelope: Envelope, payload: bytes, *, at: dt.datetime | None = None) -> str:
        """Put a message in the pull queue directly (for pull tests: 251+ messages ...)."""
        trace = envelope.referenties.traceer_id or new_uuid()
        with self.lock:
            self.ready[trace] = _Ready(
                envelope, payload, at or self.clock.now(), family=_family(envelope)
            )
        return trace

    def _answer(self, trace: str, stored: Stored, at: dt.datetime) -> None:
        try:
            xml = _answer_xml(stored, self.today(), self.environment, self.check_answers)
        except EIError:
            return  # no builder for this message: nothing is answered (documented)
        if xml is None:
            return
        parsed = parse_payload(xml)
        envelope = build_answer(parsed, stored.envelope)
        _, data = payload_zip(xml)
        answer_trace = envelope.referenties.traceer_id or new_uuid()
        self.messages[answer_trace] = Stored(envelope, data, at, is_answer=True)
        self._answers.setdefault(trace, []).append(answer_trace)
        self.ready[answer_trace] = _Ready(envelope, data, at, family=parsed.spec.family)

    # -- operations (called by the handler, under no lock) ------------------------------------

    def receive(self, metadata: bytes, payload: bytes) -> tuple[int, dict[str, Any] | None]:
        """The reception check of one push: ``(204, None)`` or ``(422, problem)``."""
        try:
            envelope = Envelope.loads(metadata)
        except EIError as exc:
            return 400, _problem(
                400, "berichtMetadata is unreadable", {"berichtMetadata": [str(exc)]}
            )
        trace = envelope.referenties.traceer_id or ""
        with self.lock:
            known = trace in self.messages
        family = _family(envelope)
        if known:
            code = uuid_code(family or "")
            return 422, _problem(422, f"{code}: traceerId {trace} is niet uniek", {})
        findings, report = self._check(envelope, payload)
        if findings:
            errors = {f.code: [f"{f.code}: {f.text_nl}"] for f in findings}
            return 422, _problem(422, "De ontvangst faalt", errors)
        with self.lock:
            if trace in self.messages:  # a concurrent push of the same traceerId lost
                code = uuid_code(family or "")
                return 422, _problem(422, f"{code}: traceerId {trace} is niet uniek", {})
            stored = Stored(envelope, payload, self.clock.now(), report=report)
            self.messages[trace] = stored
            self._pending[trace] = stored
        return 204, None

    def _check(self, envelope: Envelope, payload: bytes) -> tuple[list[Finding], Report | None]:
        """One validation: the reception findings (refused at once) and the full report."""
        from eistandaard.pipeline import validate
        from eistandaard.vecozo.checks import inspect_container, not_a_zip

        checks = [RegistryCheck(self.registry)] if self.registry is not None else []
        try:
            report = validate(
                payload,
                envelope=envelope,
                vecozo_checks=checks,
                as_of=self.today(),
                environment=self.environment,
            )
        except EIError as exc:
            return [_code_finding("BRS14", str(exc))], None
        codes = vecozo_codes()
        found = [
            f
            for f in report.findings
            if f.severity == "error" and (f.level == Level.UNREADABLE or f.code in codes)
        ]
        if not inspect_container(payload).is_zip:
            found.insert(0, not_a_zip(envelope, _family(envelope)))
        return found, report

    def berichtstatus(self, params: Mapping[str, list[str]], version: int) -> list[dict[str, Any]]:
        """``BerichtstatusGegevens`` of a traceerId (with its answers) or a conversatieId."""
        self.process()
        trace = params.get("traceerId", [None])[0]
        conversation = params.get("conversatieId", [None])[0]
        injected = self._take_fault("status")
        out: list[dict[str, Any]] = []
        with self.lock:
            if trace is not None:
                keys = [k for k in (trace, *self._answers.get(trace, ())) if k in self.messages]
            else:
                keys = list(self.messages)
            for key in keys:
                stored = self.messages[key]
                refs = stored.envelope.referenties
                if conversation is not None and refs.conversatie_id != conversation:
                    continue
                status, since = self.status_of(stored)
                if injected is not None and injected.fault is Fault.UNKNOWN_STATUS:
                    status = str(injected.params.get("value", "WordtGeteleportéerd"))
                elif version == 2:
                    if status == "WordtAangeboden":
                        status = "Aangeboden"
                    elif status in ("AanbiedenMislukt", "BezorgingAfgebroken"):
                        status = "AfgekeurdDoorDienst"
                item: dict[str, Any] = {
                    "referentiegegevens": stored.envelope.referenties.to_json(),
                    "berichtstroom": stored.envelope.berichtstroom.to_json(),
                    "berichtstatus": status,
                    "berichtstatusGewijzigdOp": _iso(since),
                    "berichtOntvangenOp": _iso(stored.received_at),
                }
                if status == "AfgekeurdDoorDienst":
                    item["meldingen"] = _meldingen(stored)
                out.append(item)
                if len(out) >= 250:
                    break
        return out

    def pull_list(self, limit: int, base: str) -> list[dict[str, Any]]:
        """The oldest ready messages (at most ``limit``)."""
        self.process()
        with self.lock:
            ready = sorted(self.ready.items(), key=lambda kv: (kv[1].received_at, kv[0]))[:limit]
            out = []
            for trace, entry in ready:
                item = entry.envelope.to_json()
                item["basisgegevens"] = {
                    "ontvangenOp": _iso(entry.received_at),
                    "payload": {
                        "url": f"{base}{PULL}/berichten/{trace}/payload",
                        "grootte": len(entry.payload),
                        "checksum": {
                            "algoritme": "SHA256",
                            "waarde": hashlib.sha256(entry.payload).hexdigest(),
                        },
                    },
                }
                out.append(item)
        return out

    def download(self, trace: str) -> bytes | None:
        """A ready payload (``None``: unknown or expired)."""
        self.process()
        injected = self._take_fault("download")
        with self.lock:
            entry = self.ready.get(trace)
            if entry is None or (injected is not None and injected.fault is Fault.EXPIRED):
                return None
            if entry.first_download is None:
                entry.first_download = self.clock.now()
            data = entry.payload
        if injected is not None and injected.fault is Fault.CHECKSUM:
            return data[:-1] + bytes([data[-1] ^ 0xFF]) if data else b"x"
        return data

    def acknowledge(self, trace: str) -> bool:
        """Remove a message from the pull list (``False``: not there)."""
        with self.lock:
            entry = self.ready.pop(trace, None)
            if entry is None:
                return False
            stored = self.messages.get(trace)
            if stored is not None:
                stored.answered = True
        return True

    def cov(self, body: bytes) -> tuple[int, bytes]:
        """Answer one VZ801 from :attr:`cov_answers` (keyed by BSN or insured number)."""
        injected = self._take_fault("cov")
        if self.cov_fault is not None or injected is not None:
            text = self.cov_fault or "niet geautoriseerd"
            return 500, CovResponse("Fault", fault=text).to_xml()
        try:
            request = CovRequest.from_xml(body)
        except EIError as exc:
            return 500, CovResponse("Fault", fault=str(exc)).to_xml()
        count = len(request.zoekopdrachten)
        if count == 0:
            return 200, CovResponse("GeenZoekopdrachten").to_xml()
        if count > int(cov_data()["max_searches"]):
            return 200, CovResponse("MeerDan20Zoekopdrachten").to_xml()
        results = []
        for search in request.zoekopdrachten:
            problems = search.problems(self.today())
            key = search.bsn or search.verzekerdennummer or f"{search.postcode}{search.huisnummer}"
            if len(search.paths()) > 1:
                code = "MeerdereZoekpadenOpgegeven"
            elif not search.paths():
                code = "GeenGeldigZoekpad"
            elif search.bsn is not None and problems and "11-test" in " ".join(problems):
                code = "BsnVoldoetNietAanElfProef"
            elif any("Peildatum2JaarOfOuder" in p for p in problems):
                code = "Peildatum2JaarOfOuder"
            else:
                known = self.cov_answers.get(key)
                if known is None:
                    code = "NietGevonden"
                else:
                    results.append(
                        attrs.evolve(
                            known, volgnummer=search.volgnummer, referentie=search.referentie
                        )
                    )
                    continue
            results.append(Zoekresultaat(search.volgnummer, code, search.referentie))
        return 200, CovResponse("VerzoekAkkoord", results).to_xml()


def _chain_rejected(stored: Stored) -> bool:
    report = stored.report
    if report is None:
        return True
    return any(f.level == Level.STRUCTURE and f.severity == "error" for f in report.findings)


def _meldingen(stored: Stored) -> list[dict[str, str]]:
    report = stored.report
    found = (
        []
        if report is None
        else [f for f in report.findings if f.level == Level.STRUCTURE and f.severity == "error"]
    )
    if not found:
        return [{"code": "BRS13", "omschrijving": "Het bericht kan niet worden verwerkt"}]
    return [
        {
            "code": "BRS13",
            "omschrijving": "Het bericht voldoet niet aan het XSD",
            "toelichting": f"{f.code}: {f.text_nl}"[:250],
        }
        for f in found[:100]
    ]


def _family(envelope: Envelope) -> str | None:
    subtype = envelope.berichtstroom.berichtsubtype or envelope.berichtstroom.berichttype or ""
    for prefix, family in (("WMO", "iwmo"), ("JW", "ijw"), ("GDS", "gds"), ("BM", "bm")):
        if subtype.upper().startswith(prefix):
            return family
    return None


def _answer_xml(
    stored: Stored, today: dt.date, environment: str, check: bool = True
) -> bytes | None:
    """The addressee's answer, built with the project's own return builders."""
    report = stored.report
    if report is None or report.identity is None:
        return None
    parsed = parse_payload(stored.payload)
    name = parsed.spec.name
    findings = [f for f in report.findings if f.level >= Level.RELATION]
    if name == "GDS801":
        from eistandaard.conventions.vektis.gds.returns import build_gds802

        return build_gds802(
            parsed.data,
            findings,
            responder="receiver",
            verzenddatum=today,
            as_of=today,
            environment=environment,
            check=check,
        )
    if name in ("WMO323", "JW323"):
        from eistandaard.conventions.istandaarden import build_return

        result = build_return(parsed.data, report, as_of=today, check=check)
        return result.message
    return None


def _problem(status: int, detail: str, errors: Mapping[str, list[str]]) -> dict[str, Any]:
    return {
        "type": "https://tools.ietf.org/html/rfc4918#section-11.2"
        if status == 422
        else "https://tools.ietf.org/html/rfc7231#section-6.5.1",
        "title": "Een of meer validatiefouten zijn opgetreden." if status == 422 else "Bad Request",
        "status": status,
        "detail": detail,
        "instance": f"/berichten/{uuid.uuid4()}",
        "errors": dict(errors),
    }


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeVecozo

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name="fake-vecozo-handler",
            daemon=True,
        )
        thread.start()

    def handle_error(self, request: Any, client_address: Any) -> None:  # noqa: ARG002  # socketserver's signature
        return  # a client that went away mid-request: nothing to print (the library never prints)

    def finish_request(self, request: Any, client_address: Any) -> None:
        if isinstance(request, ssl.SSLSocket):
            request.settimeout(5)
            try:
                request.do_handshake()
            except (OSError, ssl.SSLError):
                return  # no client certificate or a bad one: the handshake fails, as VECOZO's
        super().finish_request(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"  # one request per connection: a refused port is refused
    timeout = 10

    def log_message(self, format: str, *args: Any) -> None:  # noqa: ARG002  # the base's signature
        return  # never log requests (they carry ids and payloads)

    @property
    def fake(self) -> FakeVecozo:
        return self.server.fake

    def _send(
        self,
        status: int,
        body: bytes = b"",
        content_type: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        with self.fake.lock:  # logged before the answer leaves: a test reads it right after
            self.fake.contract_log.append((self.command, self.path, status, body))
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, value: object, content_type: str = "application/json") -> None:
        self._send(status, json.dumps(value).encode(), content_type)

    def _fail(self, status: int, problem: object | None = None, title: str = "") -> None:
        """An ``application/problem+json`` answer: ``problem``, or just ``status`` and ``title``."""
        document = problem if problem is not None else {"status": status, "title": title}
        self._json(status, document, "application/problem+json")

    def _connection_fault(self, fault: Fault, injected: Any) -> None:
        """Stall, reset, or answer a server error (its ``status`` param, else the default)."""
        if fault in (Fault.STALL_BEFORE, Fault.STALL_AFTER):
            self._stall()
        elif fault is Fault.RESET_AFTER:
            self._reset()
        else:
            default, title = _SERVER_ERRORS[fault]
            status = int(injected.params.get("status", default)) if injected else default
            self._fail(status, title=title)

    def _reset(self) -> None:
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.close()
        self.wfile = _Sink()  # type: ignore[assignment]  # the socket is gone: drop writes

    def _stall(self) -> None:
        self.fake._stop.wait(self.fake.stall_seconds)
        self._reset()

    def _generic(self, op: str) -> bool:
        """A wire fault injected for a non-push operation; ``True`` when it answered."""
        injected = self.fake._take_fault(op, WIRE_FAULTS)
        if injected is None:
            return False
        if injected.fault in (Fault.STALL_BEFORE, Fault.STALL_AFTER):
            self._stall()
        elif injected.fault in (Fault.RESET_BEFORE, Fault.RESET_AFTER):
            self._reset()
        elif injected.fault is Fault.THROTTLE:
            self._send(429, b"", None, {"Retry-After": str(int(injected.params.get("seconds", 5)))})
        else:
            status = int(injected.params.get("status", 503))
            self._fail(status, title="Service Unavailable")
        return True

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise ValueError("body too large")
        return self.rfile.read(length)

    def _route(self) -> tuple[str, str]:
        path = urlsplit(self.path).path
        prefix = self.fake.prefix
        if prefix and path.startswith(prefix):
            path = path[len(prefix) :]
        return path, urlsplit(self.path).query

    def do_POST(self) -> None:  # http.server's naming
        path, _ = self._route()
        with self.fake.lock:
            self.fake.requests.append(("POST", path))
        if path == PUSH + "/berichten":
            self._push()
        elif path == COV:
            if self._generic("cov"):
                return
            status, body = self.fake.cov(self._body())
            self._send(status, body, "text/xml; charset=utf-8")
        else:
            self._fail(404, title="Not Found")

    def _push(self) -> None:
        fake = self.fake
        injected = fake._take_fault("push")
        fault = injected.fault if injected else None
        if fault is Fault.RESET_BEFORE:
            self._reset()
            return
        try:
            body = self._body()
        except (OSError, ValueError):
            self._reset()
            return
        metadata, payload = _multipart(self.headers.get("Content-Type", ""), body)
        try:
            trace = str(
                json.loads(metadata or b"{}").get("referentiegegevens", {}).get("traceerId")
            )
        except (ValueError, AttributeError):
            trace = "?"
        with fake.lock:
            fake.pushes[trace] = fake.pushes.get(trace, 0) + 1
        if fault is Fault.REFUSE:  # the random mix: reset now, refuse the next connections
            fake.refuse(1.0)
            self._reset()
            return
        if fault in _BEFORE_RECEPTION:
            self._connection_fault(fault, injected)
            return
        if fault is Fault.THROTTLE:
            seconds = injected.params.get("seconds", 5) if injected else 5
            self._send(429, b"", None, {"Retry-After": str(int(seconds))})
            return
        if fault in (Fault.BAD_REQUEST, Fault.UNPROCESSABLE):
            status = 400 if fault is Fault.BAD_REQUEST else 422
            codes = injected.params.get("codes", ("BRS04",)) if injected else ("BRS04",)
            errors = {
                c: [f"{c}: {vecozo_codes()[c].text_nl if c in vecozo_codes() else c}"]
                for c in codes
            }
            self._fail(status, _problem(status, "De ontvangst faalt", errors))
            return
        if fault is Fault.DUPLICATE:
            env_family = None
            with contextlib.suppress(EIError):
                env_family = _family(Envelope.loads(metadata or b"{}"))
            code = uuid_code(env_family or "")
            self._fail(422, _problem(422, f"{code}: traceerId {trace} is niet uniek", {}))
            return
        if metadata is None or payload is None:
            self._fail(
                400,
                _problem(
                    400,
                    "berichtMetadata en payload zijn verplicht",
                    {"request": ["multipart/form-data met twee delen"]},
                ),
            )
            return
        status, problem = fake.receive(metadata, payload)
        if fault in _AFTER_RECEPTION:  # received, but the answer never arrives whole
            self._connection_fault(fault, injected)
            return
        if status == 204:
            self._send(204)
        else:
            self._fail(status, problem)

    def do_GET(self) -> None:  # http.server's naming
        fake = self.fake
        path, query = self._route()
        with fake.lock:
            fake.requests.append(("GET", path))
        params = parse_qs(query)
        op = (
            "status"
            if "berichtstatus" in path
            else "download"
            if path.endswith("/payload")
            else "list"
        )
        if self._generic(op):
            return
        for version in (2, 3):
            if path == f"/berichtenservice/berichtstatus/rest-pull/v{version}/berichtstatussen":
                if ("traceerId" in params) == ("conversatieId" in params):
                    self._fail(400, _problem(400, "Gebruik traceerId of conversatieId", {}))
                    return
                self._json(200, fake.berichtstatus(params, version))
                return
        if path == PULL + "/berichten":
            try:
                limit = int(params.get("limit", ["250"])[0])
            except ValueError:
                limit = 0
            if not 1 <= limit <= 250:
                self._fail(400, _problem(400, "limit 1-250", {"limit": ["1-250"]}))
                return
            scheme = "https" if fake.tls is not None else "http"
            base = f"{scheme}://127.0.0.1:{fake.port}{fake.prefix}"
            self._json(200, fake.pull_list(limit, base))
            return
        if path.startswith(PULL + "/berichten/") and path.endswith("/payload"):
            trace = path[len(PULL + "/berichten/") : -len("/payload")]
            data = fake.download(trace)
            if data is None:
                self._fail(404, title="Not Found")
            else:
                self._send(200, data, "application/octet-stream")
            return
        self._fail(404, title="Not Found")

    def do_DELETE(self) -> None:  # http.server's naming
        path, _ = self._route()
        with self.fake.lock:
            self.fake.requests.append(("DELETE", path))
        if self._generic("ack"):
            return
        if path.startswith(PULL + "/berichten/"):
            trace = path[len(PULL + "/berichten/") :]
            if self.fake.acknowledge(trace):
                self._send(202)
                return
        self._fail(404, title="Not Found")


class _Sink:
    closed = True

    def write(self, data: bytes) -> int:
        return len(data)

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None


def _multipart(content_type: str, body: bytes) -> tuple[bytes | None, bytes | None]:
    """The ``berichtMetadata`` and ``payload`` parts of a multipart/form-data body."""
    if "multipart/form-data" not in content_type:
        return None, None
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    parts: dict[str, bytes] = {}
    if not message.is_multipart():
        return None, None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(data, bytes):
            parts[name] = data
    return parts.get("berichtMetadata"), parts.get("payload")
