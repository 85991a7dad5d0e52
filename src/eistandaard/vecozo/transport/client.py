"""Typed operations on VECOZO's REST contracts: push, berichtstatus v2/v3, pull.

The contracts are VECOZO's VSP-Koppeling OpenAPI documents (push v1, pull v1, berichtstatus
v2 and v3); base paths per environment are data (:data:`BASE_URLS`). A 400/422 answer is
``ValidationProblemDetails``: every BRS/CC/IB code found in it (``detail``, ``errors``,
extension members) becomes a :class:`~eistandaard.core.findings.Finding` with its text.
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from eistandaard.core.arguments import expect
from eistandaard.core.errors import EIError, InputError
from eistandaard.core.findings import Finding, Level, Severity
from eistandaard.core.text import quoted
from eistandaard.standards.wording import said_error
from eistandaard.vecozo.data import reported_codes, vecozo_codes, vecozo_finding
from eistandaard.vecozo.envelope import Envelope
from eistandaard.vecozo.transport.http import HttpClient, HttpRequest, HttpResponse

__all__ = [
    "BASE_URLS",
    "Berichtstatus",
    "ChecksumMismatch",
    "PayloadGone",
    "Problem",
    "PullMessage",
    "PushResult",
    "StatusRecord",
    "StatusValue",
    "UnexpectedResponse",
    "VecozoClient",
    "problem_findings",
]

BASE_URLS: Mapping[str, str] = {
    "prod": "https://api.vecozo.nl",
    "acc": "https://tst-api.vecozo.nl/acc",
    "tst": "https://tst-api.vecozo.nl/tst",
}
"""The REST hosts per environment (push/pull/berichtstatus specs, servers)."""

PUSH = "/berichtenservice/berichten/rest-push/v1"
PULL = "/berichtenservice/berichten/rest-pull/v1"
STATUS = "/berichtenservice/berichtstatus/rest-pull/v{version}"
COV = "/cov/vz801802/v1/soap11"

_CODE = re.compile(r"\b(BRS\d{2,3}|CC\d{2}|IB\d{3})\b")


class UnexpectedResponse(EIError):
    """VECOZO answered with a status or body the contract does not describe."""

    def __init__(self, message: str, status: int, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class ChecksumMismatch(EIError):
    """A downloaded payload's size or SHA-256 differs from what the list announced."""


class PayloadGone(EIError):
    """The payload is unknown or no longer available (pull 404: expired or acknowledged)."""


class Berichtstatus(enum.Enum):
    """One status enum for berichtstatus v2 and v3 (v2 ``Aangeboden`` = v3 ``WordtAangeboden``)."""

    ONTVANGEN = "Ontvangen"
    DEELS_ONTVANGEN = "DeelsOntvangen"
    DEELBERICHT_AANLEVERING_AFGEKEURD = "DeelberichtAanleveringAfgekeurd"
    WORDT_VERWERKT = "WordtVerwerkt"
    AFGEKEURD_DOOR_DIENST = "AfgekeurdDoorDienst"
    VERWERKING_VOLTOOID = "VerwerkingVoltooid"
    WORDT_AANGEBODEN = "WordtAangeboden"
    BEZORGD = "Bezorgd"
    AANBIEDEN_MISLUKT = "AanbiedenMislukt"
    BEZORGING_AFGEBROKEN = "BezorgingAfgebroken"

    @property
    def rejected(self) -> bool:
        """VECOZO refused the message (it is not forwarded)."""
        return self in (
            Berichtstatus.AFGEKEURD_DOOR_DIENST,
            Berichtstatus.DEELBERICHT_AANLEVERING_AFGEKEURD,
        )

    @property
    def terminal(self) -> bool:
        """No further status change is expected (NOTES §1.4: rejected, delivered, aborted)."""
        return self.rejected or self in (
            Berichtstatus.BEZORGD,
            Berichtstatus.BEZORGING_AFGEBROKEN,
        )


_ALIASES = {"Aangeboden": Berichtstatus.WORDT_AANGEBODEN}


@attrs.frozen
class StatusValue:
    """A status as VECOZO sent it: ``known`` is ``None`` for a value this version does not know."""

    raw: str
    known: Berichtstatus | None

    @classmethod
    def parse(cls, raw: object) -> StatusValue:
        """Any value, never an exception (unknown values are kept as ``raw``)."""
        text = str(raw) if raw is not None else ""
        try:
            return cls(text, _ALIASES.get(text) or Berichtstatus(text))
        except ValueError:
            return cls(text, None)


@attrs.frozen
class Melding:
    """One (fout)melding of a rejected message: ``code``, ``omschrijving``, ``toelichting``."""

    code: str
    omschrijving: str
    toelichting: str | None = None


@attrs.frozen
class StatusRecord:
    """One ``BerichtstatusGegevens``: a message (or an answer to it) and its status."""

    traceer_id: str
    conversatie_id: str | None
    als_antwoord_op: str | None
    status: StatusValue
    changed_at: str | None
    meldingen: tuple[Melding, ...] = ()
    berichtsubtype: str | None = None

    def findings(self) -> list[Finding]:
        """The meldingen as findings (VECOZO's texts; known codes with eistandaard's too)."""
        return [_code_finding(m.code, m.omschrijving, m.toelichting) for m in self.meldingen]


@attrs.frozen
class Problem:
    """A 400/422 ``ValidationProblemDetails`` and the findings read from it."""

    status: int
    title: str | None
    detail: str | None
    findings: tuple[Finding, ...]


@attrs.frozen
class PushResult:
    """The answer to a push: ``accepted`` (204) or the :class:`Problem` (400/422)."""

    status: int
    problem: Problem | None = None

    @property
    def accepted(self) -> bool:
        """VECOZO received the message (204)."""
        return self.status == 204


@attrs.frozen
class PullMessage:
    """One message ready for you (pull list): its envelope and where/what its payload is."""

    envelope: Envelope
    url: str
    size: int
    algorithm: str
    checksum: str
    received_at: str | None
    problem: str | None = None
    """Why the entry cannot be fetched (a missing traceerId or size); ``None`` when fine."""

    @property
    def traceer_id(self) -> str:
        """The message's traceerId."""
        return self.envelope.referenties.traceer_id or ""


def _code_finding(code: str, text: str, details: str | None = None) -> Finding:
    if code in vecozo_codes():
        finding = vecozo_finding(code, details="; ".join(x for x in (text, details) if x))
        return attrs.evolve(finding, level=Level.UNREADABLE)
    known = reported_codes().get(code)
    if known is not None:  # a published code eistandaard does not check: its text, VECOZO's words
        return Finding(
            level=Level.UNREADABLE,
            code=code,
            text_nl=known[0],
            text_en=known[1],
            vecozo_code=code,
            severity=Severity.ERROR,
            details="; ".join(x for x in (text, details) if x and x != code) or None,
        )
    return Finding(
        level=Level.UNREADABLE,
        code=code,
        text_nl=text or code,
        text_en=text or code,
        vecozo_code=code,
        severity=Severity.ERROR,
        details=details,
    )


def problem_findings(body: object) -> list[Finding]:
    """The BRS/CC/IB codes of a problem-details body as findings (``detail``, ``errors``, rest).

    A body without a code gives one finding ``VECOZO-<status>`` with its title and detail.
    """
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, Mapping):
            for key, item in value.items():
                if key not in ("type", "instance"):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(body)
    found: dict[str, Finding] = {}
    for text in texts:
        for code in _CODE.findall(text):
            if code not in found:
                found[code] = _code_finding(code, text.strip())
    if found:
        return list(found.values())
    data = body if isinstance(body, Mapping) else {}
    status = data.get("status", "?")
    text = " ".join(str(data.get(k)) for k in ("title", "detail") if data.get(k)) or said_error(
        "transport-no-details"
    )
    return [_code_finding(f"VECOZO-{status}", text)]


def parse_problem(response: HttpResponse) -> Problem:
    """A 400/422 response as a :class:`Problem` (a body that is no JSON still gives a finding)."""
    try:
        body: object = json.loads(response.content or b"{}")
    except ValueError:
        body = {"status": response.status, "detail": "the body is no JSON"}
    data = body if isinstance(body, Mapping) else {}
    title = data.get("title")
    detail = data.get("detail")
    return Problem(
        status=response.status,
        title=str(title) if title is not None else None,
        detail=str(detail) if detail is not None else None,
        findings=tuple(problem_findings(body if isinstance(body, Mapping) else {})),
    )


class VecozoClient:
    """VECOZO's REST operations over an :class:`~eistandaard.vecozo.transport.http.HttpClient`.

    :param http: the wire (the default adapter or a test double).
    :param environment: ``tst``, ``acc`` or ``prod``: which VECOZO this client talks to.
    :param base_url: the host part (default: :data:`BASE_URLS` of ``environment``); the fake
        VECOZO's URL in tests.
    :param status_version: berichtstatus API version, 2 or 3.
    :raises InputError: for an unknown environment or status version, or a ``base_url`` that
        is no text.
    """

    def __init__(
        self,
        http: HttpClient,
        *,
        environment: str = "tst",
        base_url: str | None = None,
        status_version: int = 3,
    ) -> None:
        expect("base_url", base_url, str, "text")
        if not isinstance(environment, str) or environment not in BASE_URLS:
            raise InputError(said_error("transport-environment", environment=quoted(environment)))
        if status_version not in (2, 3):
            raise InputError(said_error("transport-status-version"))
        self.http = http
        self.environment = environment
        self.base_url = (base_url or BASE_URLS[environment]).rstrip("/")
        self.status_version = status_version

    # -- push ----------------------------------------------------------------------------

    def push_request(self, envelope: Envelope, payload: bytes) -> HttpRequest:
        """The multipart request of a push (``berichtMetadata`` JSON + ``payload`` bytes)."""
        name = (envelope.referenties.traceer_id or "payload") + ".zip"
        return HttpRequest(
            "POST",
            self.base_url + PUSH + "/berichten",
            headers={"accept": "application/problem+json, application/json"},
            files={
                "berichtMetadata": (
                    "berichtMetadata.json",
                    envelope.dumps().encode(),
                    "application/json",
                ),
                "payload": (name, payload, "application/octet-stream"),
            },
        )

    def push(self, envelope: Envelope, payload: bytes) -> PushResult:
        """Submit one message.

        :returns: 204 accepted, or 400/422 with the :class:`Problem`.
        :raises UnexpectedResponse: any other status (5xx, 429 ...; ``status`` says which).
        :raises NotSent, OutcomeUnknown: from the HTTP layer.
        """
        response = self.http.send(self.push_request(envelope, payload))
        if 200 <= response.status < 300:  # the contract says 204; any success is a success
            return PushResult(204)
        if response.status in (400, 422):
            return PushResult(response.status, parse_problem(response))
        raise _unexpected("push", response)

    # -- berichtstatus ---------------------------------------------------------------------

    def berichtstatus(
        self, *, traceer_id: str | None = None, conversatie_id: str | None = None
    ) -> list[StatusRecord]:
        """The statuses of a message and its answers (by traceerId) or of a conversation.

        :raises InputError: unless exactly one of the two ids is given.
        :raises UnexpectedResponse: for a status other than 200 (404 gives ``[]``).
        """
        if (traceer_id is None) == (conversatie_id is None):
            raise InputError(said_error("transport-status-which"))
        params = {"traceerId": traceer_id} if traceer_id else {"conversatieId": str(conversatie_id)}
        url = self.base_url + STATUS.format(version=self.status_version) + "/berichtstatussen"
        response = self.http.send(
            HttpRequest("GET", url, headers={"accept": "application/json"}, params=params)
        )
        if response.status == 404:
            return []
        if response.status != 200:
            raise _unexpected("berichtstatus", response)
        body = _json_array(response, "berichtstatus")
        return [_status_record(item) for item in body if isinstance(item, Mapping)]

    # -- pull ------------------------------------------------------------------------------

    def pull_list(self, limit: int = 250) -> list[PullMessage]:
        """The oldest ready messages (at most ``limit``, 1-250).

        :raises InputError: for a limit outside 1-250.
        """
        if not 1 <= limit <= 250:
            raise InputError(said_error("transport-pull-limit"))
        response = self.http.send(
            HttpRequest(
                "GET",
                self.base_url + PULL + "/berichten",
                headers={"accept": "application/json"},
                params={"limit": str(limit)},
            )
        )
        if response.status != 200:
            raise _unexpected("pull", response)
        return [_pull_message(item) for item in _json_array(response, "pull")]

    def download(self, message: PullMessage) -> bytes:
        """The payload, checked against the announced size and checksum.

        :raises PayloadGone: 404 (expired, or acknowledged already).
        :raises ChecksumMismatch: size or SHA-256 differ (the payload is not stored).
        """
        url = message.url
        if not url.startswith(("http://", "https://")):
            url = self.base_url + PULL + "/berichten/" + message.traceer_id + "/payload"
        response = self.http.send(
            HttpRequest("GET", url, headers={"accept": "application/octet-stream"})
        )
        if response.status == 404:
            raise PayloadGone(said_error("transport-payload-gone", trace=message.traceer_id))
        if response.status != 200:
            raise _unexpected("download", response)
        data = response.content
        if len(data) != message.size:
            raise ChecksumMismatch(
                said_error(
                    "transport-payload-size",
                    trace=message.traceer_id,
                    size=len(data),
                    announced=message.size,
                )
            )
        if message.algorithm.upper().replace("-", "") != "SHA256":
            raise ChecksumMismatch(
                said_error(
                    "transport-payload-algorithm",
                    trace=message.traceer_id,
                    algorithm=quoted(message.algorithm),
                )
            )
        if hashlib.sha256(data).hexdigest() != message.checksum.lower():
            raise ChecksumMismatch(said_error("transport-payload-sha", trace=message.traceer_id))
        return data

    def acknowledge(self, traceer_id: str) -> bool:
        """Confirm receipt (the message leaves the list); ``False`` when VECOZO knows it not (404).

        :raises UnexpectedResponse: for another status than 202/404.
        """
        response = self.http.send(
            HttpRequest("DELETE", self.base_url + PULL + "/berichten/" + traceer_id)
        )
        if response.status in (200, 202, 204):
            return True
        if response.status == 404:
            return False
        raise _unexpected("acknowledge", response)

    # -- COV -------------------------------------------------------------------------------

    def cov_call(self, body: bytes) -> bytes:
        """POST one SOAP 1.1 VZ801 envelope; the VZ802 envelope (see :mod:`..cov`).

        :raises UnexpectedResponse: a status other than 200 (a SOAP fault comes with 500 and
            is returned as the body for the caller to read).
        """
        response = self.http.send(
            HttpRequest(
                "POST",
                self.base_url + COV,
                headers={
                    "content-type": "text/xml; charset=utf-8",
                    "soapaction": '"http://schemas.vecozo.nl/VZ801802/v1/Controleer"',
                },
                content=body,
            )
        )
        if response.status in (200, 500) and response.content.lstrip().startswith(b"<"):
            return response.content
        raise _unexpected("COV", response)


def retry_after(response_headers: Mapping[str, str]) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds only), else ``None``."""
    value = response_headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value.strip()))
    except ValueError:
        return None


def _unexpected(what: str, response: HttpResponse) -> UnexpectedResponse:
    return UnexpectedResponse(
        said_error("transport-vecozo-answered", what=what, status=response.status),
        response.status,
        retry_after(response.headers),
    )


def _json_array(response: HttpResponse, what: str) -> list[Any]:
    """The body of a response that holds a JSON array (``what``: the operation, for the text).

    :raises UnexpectedResponse: a body that is no JSON, or JSON other than an array.
    """
    try:
        body = json.loads(response.content)
    except ValueError as exc:
        raise UnexpectedResponse(
            said_error("transport-body-no-json", what=what), response.status
        ) from exc
    if not isinstance(body, list):
        raise UnexpectedResponse(said_error("transport-body-no-array", what=what), response.status)
    return body


def _status_record(item: Mapping[str, Any]) -> StatusRecord:
    refs = _mapping(item.get("referentiegegevens"))
    stroom = _mapping(item.get("berichtstroom"))
    found = item.get("meldingen")
    meldingen: Sequence[Any] = found if isinstance(found, list) else []
    return StatusRecord(
        traceer_id=str(refs.get("traceerId") or ""),
        conversatie_id=_text(refs.get("conversatieId")),
        als_antwoord_op=_text(refs.get("alsAntwoordOp")),
        status=StatusValue.parse(item.get("berichtstatus")),
        changed_at=_text(item.get("berichtstatusGewijzigdOp")),
        meldingen=tuple(
            Melding(str(m.get("code", "")), str(m.get("omschrijving", "")), m.get("toelichting"))
            for m in meldingen
            if isinstance(m, Mapping)
        ),
        berichtsubtype=_text(stroom.get("berichtsubtype")),
    )


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _pull_message(item: object) -> PullMessage:
    """One list entry; an entry that cannot be read gets ``problem`` (it never stops the page)."""
    if not isinstance(item, Mapping):
        return PullMessage(
            Envelope.from_json({}), "", 0, "", "", None, said_error("transport-entry-no-object")
        )
    basis = item.get("basisgegevens") or {}
    payload = basis.get("payload") or {} if isinstance(basis, Mapping) else {}
    checksum = payload.get("checksum") or {} if isinstance(payload, Mapping) else {}
    meta = {k: v for k, v in item.items() if k != "basisgegevens"}
    envelope = Envelope.from_json(dict(meta))
    problem = None
    try:
        size = int(payload["grootte"])
    except (KeyError, TypeError, ValueError):
        size, problem = 0, said_error("transport-entry-no-size")
    if not envelope.referenties.traceer_id:
        problem = said_error("transport-entry-no-traceerid")
    return PullMessage(
        envelope=envelope,
        url=str(payload.get("url", "")) if isinstance(payload, Mapping) else "",
        size=size,
        algorithm=str(checksum.get("algoritme", "")) if isinstance(checksum, Mapping) else "",
        checksum=str(checksum.get("waarde", "")) if isinstance(checksum, Mapping) else "",
        received_at=basis.get("ontvangenOp") if isinstance(basis, Mapping) else None,
        problem=problem,
    )


def codes_of(findings: Iterable[Finding]) -> set[str]:
    """The codes of some findings."""
    return {f.code for f in findings}
