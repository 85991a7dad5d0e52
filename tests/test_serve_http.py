"""``ei serve`` at HTTP: content negotiation, releases, late bodies, codings and framing.

A newcomer found: ``Accept: application/xml;q=0`` (and every offered type at ``q=0``) answered
the rapport, ``Accept: text/plain`` the rapport instead of the text; an iWmo 3.0 message with
``X-Version-Override: 3.2`` got 200 with EI122; with ``--timeout 1`` a stalled body's 408 came,
but the connection was held 5 s more, and it said "for 1 seconds"; a gzip body was checked as
the message, and ``Transfer-Encoding`` with ``Content-Length`` was taken. A real service on
127.0.0.1 (tests/serve_helpers.py), its language English (``--lang en``).
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest
from tests.conftest import FIXTURES
from tests.serve_helpers import raw_exchange, running_server

httpx = pytest.importorskip("httpx")

AS_OF = dt.date(2026, 11, 23)
VALID = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
REQUEST = FIXTURES / "pairing" / "wmo323.request.xml"
ANSWER = FIXTURES / "pairing" / "wmo323.answer.xml"
EVERY_TYPE = (
    "application/xml",
    "text/xml",
    "application/json",
    "text/html",
    "application/sarif+json",
    "text/plain",
)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """One service in English with a fixed peildatum."""
    with running_server(workers=1, as_of=AS_OF, lang="en") as base:
        yield base


def _post(url: str, path: str, body: bytes, **headers: str) -> httpx.Response:
    return httpx.post(url + path, content=body, headers=headers, timeout=120)


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    document: dict[str, Any] = json.loads(response.content)
    assert document["status"] == status
    return document


def _raw_problem(raw: bytes, status: int) -> tuple[dict[str, Any], bytes]:
    """The problem document of a raw answer, and its head (lower case)."""
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(f"HTTP/1.1 {status} ".encode()), raw[:300]
    assert b"\r\ncontent-type: application/problem+json" in head.lower()
    document: dict[str, Any] = json.loads(body)
    assert document["status"] == status
    return document, head.lower()


# --- 1. Accept ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "application/xml"),
        ("*/*", "application/xml"),
        ("application/*", "application/xml"),
        ("application/xml;q=0, */*", "application/json"),
        ("application/xml;q=0, text/xml;q=0.5", "text/xml; charset=utf-8"),
        ("text/xml", "text/xml; charset=utf-8"),
        ("text/plain", "text/plain; charset=utf-8"),
        ("TEXT/PLAIN;Q=0.9, application/json;q=0.8", "text/plain; charset=utf-8"),
        ("text/*;q=0.5, application/json;q=0.4", "text/html; charset=utf-8"),
        ("application/json;q=0.5, application/*;q=0", "application/json"),
        ("application/json;q=0.5, application/xml;q=0.50", "application/xml"),
        ("text/html;charset=utf-8;q=0.2, text/*;q=0", "text/html; charset=utf-8"),
    ],
)
def test_accept_picks_by_q_specificity_and_wildcards(
    url: str, accept: str | None, media_type: str
) -> None:
    """The type rated highest (its most specific range's q) is served; on a tie the rapport.

    ``Accept: application/xml;q=0, */*`` answered the rapport (XML) although XML was refused;
    ``text/plain`` answered the rapport although the text format is ``text/plain``.
    """
    headers = {} if accept is None else {"Accept": accept}
    response = _post(url, "/validatie", VALID.read_bytes(), **headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    assert response.headers["x-verdict"] == "accepted"


def test_accept_text_plain_is_the_text_format(url: str) -> None:
    """``Accept: text/plain`` gives what ``?format=text`` gives, byte for byte."""
    asked = _post(url, "/validatie", VALID.read_bytes(), Accept="text/plain")
    named = _post(url, "/validatie?format=text", VALID.read_bytes())
    assert asked.status_code == named.status_code == 200
    assert asked.content == named.content
    assert asked.headers["content-type"] == named.headers["content-type"]


@pytest.mark.parametrize(
    "accept",
    [
        "application/xml;q=0",
        ", ".join(f"{media_type};q=0" for media_type in EVERY_TYPE),
        "*/*;q=0",
        "image/png",
        "application/xml;q=2",  # no qvalue: accepts nothing
        "application/xml;q=high",
        "text/html;level=1",  # asks for a parameter the HTML has not
    ],
)
def test_nothing_acceptable_is_406_in_the_request_language(url: str, accept: str) -> None:
    """A refused type is never served: 406 naming what the route answers with, no check run.

    Each of these answered 200 with the rapport.
    """
    english = _problem(_post(url, "/validatie", VALID.read_bytes(), Accept=accept), 406)
    assert english["title"] == "not acceptable"
    assert "application/xml" in english["detail"]
    assert english["acceptable"] == [
        "application/xml",
        "application/json",
        "text/html",
        "application/sarif+json",
        "text/plain",
        "text/xml",
    ]
    dutch = _problem(_post(url, "/validatie?lang=nl", VALID.read_bytes(), Accept=accept), 406)
    assert dutch["title"] == "niet aanvaardbaar"
    assert "Accept-header" in dutch["detail"]


def test_format_in_the_query_names_the_answer_whatever_accept_says(url: str) -> None:
    """``?format=json`` is the JSON report, even beside ``Accept: application/json;q=0``."""
    response = _post(
        url, "/validatie?format=json", VALID.read_bytes(), Accept="application/json;q=0"
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"


def test_explain_and_return_negotiate_their_own_types(url: str) -> None:
    """``/explain``: HTML, JSON or text by Accept; ``/return``: the XML answer or a 406."""
    files = {"request": REQUEST.read_bytes(), "answer": ANSWER.read_bytes()}
    explained = httpx.post(
        url + "/explain", files=files, headers={"Accept": "application/json"}, timeout=120
    )
    assert explained.status_code == 200
    assert explained.headers["content-type"] == "application/json"
    assert explained.json() == httpx.post(url + "/explain?format=json", files=files).json()
    refused = httpx.post(url + "/explain", files=files, headers={"Accept": "image/*"})
    assert _problem(refused, 406)["acceptable"] == ["text/html", "application/json", "text/plain"]
    answer = _post(url, "/return", VALID.read_bytes(), Accept="text/xml")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/xml")
    assert b"wmo325" in answer.content
    no_json = _problem(_post(url, "/return", VALID.read_bytes(), Accept="application/json"), 406)
    assert no_json["acceptable"] == ["application/xml", "text/xml"]


# --- 2. X-Version-Override on a message of an older release ------------------------------------


def _release_3_0() -> bytes:
    """The valid WMO323 in the iWmo 3.0 namespace: a message of a release not checked (EI122)."""
    data = VALID.read_bytes()
    assert b"/iwmo/3_2/" in data
    return data.replace(b"/iwmo/3_2/", b"/iwmo/3_0/")


def test_an_older_release_without_the_header_gets_its_report(url: str) -> None:
    """Without X-Version-Override, the 3.0 message gets its rapport: rejected with EI122."""
    response = _post(url, "/validatie", _release_3_0(), Accept="application/json")
    assert response.status_code == 200
    report = response.json()["reports"][0]
    assert report["verdict"] == "rejected"
    assert [f["code"] for f in report["findings"]] == ["EI122"]


@pytest.mark.parametrize("release", ["3.2", "iwmo/3.2"])
@pytest.mark.parametrize("path", ["/validatie", "/return"])
def test_an_older_release_with_the_header_is_400_naming_both(
    url: str, release: str, path: str
) -> None:
    """An iWmo 3.0 message with ``X-Version-Override: 3.2``: 400 naming both releases.

    It was answered 200 with EI122, as if it had been checked against the release asked; the
    DVS answers 400 for a release it cannot apply to the message.
    """
    headers = {"X-Version-Override": release}
    english = _problem(_post(url, path, _release_3_0(), **headers), 400)
    assert english["title"] == "version not available"
    assert english["detail"] == f"X-Version-Override asks for {release}, the message is iwmo/3.0"
    assert english["available"] == ["iwmo/3.2"]
    dutch = _problem(_post(url, path + "?lang=nl", _release_3_0(), **headers), 400)
    assert dutch["detail"] == f"X-Version-Override vraagt om {release}, het bericht is iwmo/3.0"


def test_a_message_of_no_release_with_the_header_gets_its_report(url: str) -> None:
    """A document whose release cannot be told (EI120) gets its report, header or not."""
    response = _post(
        url, "/validatie", b"<other/>", Accept="application/json", **{"X-Version-Override": "3.2"}
    )
    assert response.status_code == 200
    assert [f["code"] for f in response.json()["reports"][0]["findings"]] == ["EI120"]


# --- 3. a body that stalls --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "detail"),
    [
        ("en", "no part of the body arrived within 1 s"),
        ("nl", "binnen 1 s kwam er geen deel van de body aan"),
    ],
)
def test_a_stalled_body_is_408_within_the_timeout_and_closed(lang: str, detail: str) -> None:
    """``--timeout 1``: the 408 arrives and the connection closes about 1 s after the request.

    The connection was held 5 s more (the server's keep-alive, waiting for the rest of the
    body): 6 s in all. Its detail said "for 1 seconds".
    """
    with running_server(workers=1, timeout=1, lang=lang) as base:
        head = b"POST /validatie HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n<Ber"
        raw, elapsed = raw_exchange(base, head)
    document, headers = _raw_problem(raw, 408)
    assert document["detail"] == detail
    assert b"\r\nconnection: close" in headers
    assert 0.9 <= elapsed < 3.0, elapsed


def test_an_answer_before_the_body_is_read_closes_the_connection(url: str) -> None:
    """A 413 for a declared size (and any answer before the body's end) closes at once."""
    raw, elapsed = raw_exchange(
        url, b"POST /validatie HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999\r\n\r\n<Ber"
    )
    _, headers = _raw_problem(raw, 413)
    assert b"\r\nconnection: close" in headers
    assert elapsed < 3.0, elapsed


def test_a_whole_body_keeps_the_connection_open(url: str) -> None:
    """A request whose body was read keeps its connection (keep-alive): two on one."""
    with httpx.Client(timeout=120) as client:
        first = client.post(url + "/validatie", content=VALID.read_bytes())
        second = client.post(url + "/validatie?format=json", content=VALID.read_bytes())
    assert first.status_code == second.status_code == 200
    assert "connection" not in first.headers


# --- 4. content codings and framing ------------------------------------------------------------


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "identity, gzip", "GZIP"])
def test_a_coded_body_is_415(url: str, coding: str) -> None:
    """``Content-Encoding: gzip``: 415 saying only ``identity`` is taken, never a report.

    The gzip bytes were checked as the message: 200, rejected.
    """
    body = gzip.compress(VALID.read_bytes())
    for path in ("/validatie", "/return"):
        response = _post(url, path, body, **{"Content-Encoding": coding})
        document = _problem(response, 415)
        assert document["title"] == "unsupported media type"
        assert coding.split(", ")[-1].lower() in document["detail"]
        assert response.headers["accept-encoding"] == "identity"
        assert "x-verdict" not in response.headers
    files = {"request": REQUEST.read_bytes(), "answer": ANSWER.read_bytes()}
    coded = httpx.post(url + "/explain?lang=nl", files=files, headers={"Content-Encoding": coding})
    assert _problem(coded, 415)["title"] == "niet ondersteund mediatype"


def test_identity_coding_is_the_body_as_sent(url: str) -> None:
    """``Content-Encoding: identity`` is no coding: the message is checked as without it."""
    response = _post(url, "/validatie", VALID.read_bytes(), **{"Content-Encoding": "identity"})
    assert response.status_code == 200
    assert response.headers["x-verdict"] == "accepted"


@pytest.mark.parametrize(("lang", "title"), [("", "bad request"), ("?lang=nl", "ongeldig verzoek")])
def test_transfer_encoding_with_content_length_is_400_and_closed(
    url: str, lang: str, title: str
) -> None:
    """Both framings: 400 and the connection closed, the request inside the body not answered.

    It was read by its chunks and answered 200 (a proxy that reads the Content-Length sees
    another request in the body: request smuggling).
    """
    body = VALID.read_bytes()
    smuggled = b"GET /status HTTP/1.1\r\nHost: x\r\n\r\n"
    request = (
        (
            f"POST /validatie{lang} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            f"Content-Length: {len(body)}\r\n\r\n{len(body):x}\r\n"
        ).encode()
        + body
        + b"\r\n0\r\n\r\n"
        + smuggled
    )
    raw, _ = raw_exchange(url, request)
    document, headers = _raw_problem(raw, 400)
    assert document["title"] == title
    assert "Transfer-Encoding" in document["detail"]
    assert "Content-Length" in document["detail"]
    assert b"\r\nconnection: close" in headers
    assert raw.count(b"HTTP/1.1 ") == 1  # the smuggled GET was not answered
