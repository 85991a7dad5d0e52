"""``ei serve``: every route with or without a trailing slash, and X-Version-Override on each route.

Issue 15: ``POST /validatie/`` got Starlette's 307 redirect (a DVS client does not post its body
again), and ``/return`` and ``/explain`` ignored ``X-Version-Override``. A real service on
127.0.0.1, its language English (``--lang en``), so that a problem in the service's language is
told apart from the Dutch default.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from tests.conftest import FIXTURES
from tests.serve_helpers import running_server

httpx = pytest.importorskip("httpx")

AS_OF = dt.date(2026, 11, 23)
VALID = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
REQUEST = FIXTURES / "pairing" / "wmo323.request.xml"
ANSWER = FIXTURES / "pairing" / "wmo323.answer.xml"


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """One service in English with a fixed peildatum."""
    with running_server(workers=1, as_of=AS_OF, lang="en") as base:
        yield base


def _problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    document = json.loads(response.content)
    assert document["status"] == status
    return document


def _explain(url: str, path: str, **headers: str) -> httpx.Response:
    files = {"request": REQUEST.read_bytes(), "answer": ANSWER.read_bytes()}
    return httpx.post(url + path, files=files, headers=headers, timeout=120)


def test_a_post_with_a_trailing_slash_gets_the_same_answer(url: str) -> None:
    """``POST /validatie/``: the rapport without the slash, byte for byte; ``/return/``: an answer.

    Both were a 307 redirect, which a DVS client does not follow with its body.
    """
    body = VALID.read_bytes()
    plain = httpx.post(url + "/validatie", content=body, timeout=120)
    slashed = httpx.post(url + "/validatie/", content=body, timeout=120)
    assert plain.status_code == 200
    assert slashed.status_code == 200, slashed.headers
    assert slashed.headers["content-type"] == plain.headers["content-type"]
    assert slashed.headers["x-verdict"] == plain.headers["x-verdict"] == "accepted"
    assert slashed.content == plain.content
    answer = httpx.post(url + "/return/", content=body, timeout=120)
    assert answer.status_code == 200, answer.headers
    assert answer.headers["content-type"] == "application/xml"
    assert b"wmo325" in answer.content  # its own new identification: not byte for byte


def test_explain_and_the_gets_with_a_trailing_slash_answer_as_without(url: str) -> None:
    """``/explain/``, ``/status/``, ``/health/`` and ``/page.js/`` answer as without the slash."""
    plain, slashed = _explain(url, "/explain?format=json"), _explain(url, "/explain/?format=json")
    assert (slashed.status_code, slashed.json()) == (200, plain.json())
    for path in ("/status", "/health", "/page.js"):
        plain = httpx.get(url + path, timeout=30)
        slashed = httpx.get(url + path + "/", timeout=30)
        assert slashed.status_code == plain.status_code == 200, path
        assert slashed.headers["content-type"] == plain.headers["content-type"]
    assert httpx.get(url + "/health/", timeout=30).json() == {"status": "ok", "workers": 1}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/validatie/"),
        ("PUT", "/return/"),
        ("POST", "/status/"),
        ("GET", "/validatie//"),
        ("POST", "//"),
        ("GET", "/nope/"),
        ("POST", "/validatie/extra"),
        ("GET", "/index.html"),
    ],
)
def test_no_redirect_and_no_plain_text_error_anywhere(url: str, method: str, path: str) -> None:
    """A path or method the service does not have: a 404 or 405 problem in English, never a 3xx."""
    response = httpx.request(method, url + path, content=b"<x/>", timeout=30)
    assert not 300 <= response.status_code < 400, response.headers
    document = _problem(response, response.status_code)
    assert response.status_code in (404, 405)
    assert document["title"] in ("not found", "method not allowed")


def test_an_unknown_path_is_a_problem_in_the_service_language(url: str) -> None:
    """``--lang en``: English; ``?lang=nl`` on the request: Dutch."""
    english = _problem(httpx.post(url + "/validatie/x", content=b"<x/>", timeout=30), 404)
    assert english["title"] == "not found"
    assert english["detail"] == 'this service has no "/validatie/x"'
    dutch = _problem(httpx.get(url + "/nope/?lang=nl", timeout=30), 404)
    assert dutch["title"] == "niet gevonden"


def test_a_trailing_slash_route_takes_the_same_query_parameters(url: str) -> None:
    """``/validatie/?format=json`` is the JSON report; an unknown parameter is still a 400."""
    ok = httpx.post(url + "/validatie/?format=json", content=VALID.read_bytes(), timeout=120)
    assert ok.status_code == 200
    assert ok.json()["reports"][0]["verdict"] == "accepted"
    bad = httpx.post(url + "/return/?format=json", content=VALID.read_bytes(), timeout=120)
    assert "format" in _problem(bad, 400)["detail"]


@pytest.mark.parametrize("release", ["3.2", "iwmo/3.2"])
def test_return_and_explain_take_the_request_release(url: str, release: str) -> None:
    """X-Version-Override naming the request's own release: the answer as without it."""
    headers = {"X-Version-Override": release}
    answer = httpx.post(url + "/return", content=VALID.read_bytes(), headers=headers, timeout=120)
    assert answer.status_code == 200
    assert b"wmo325" in answer.content
    explained = _explain(url, "/explain?format=json", **headers)
    assert explained.status_code == 200
    assert explained.json() == _explain(url, "/explain?format=json").json()


def test_return_and_explain_refuse_another_release(url: str) -> None:
    """A release the service has, but not the request's: 400 naming both, as /validatie does."""
    headers = {"X-Version-Override": "ijw/3.2"}
    refused = {
        "/validatie": httpx.post(
            url + "/validatie", content=VALID.read_bytes(), headers=headers, timeout=120
        ),
        "/return": httpx.post(
            url + "/return", content=VALID.read_bytes(), headers=headers, timeout=120
        ),
        "/explain": _explain(url, "/explain", **headers),
    }
    for path, response in refused.items():
        document = _problem(response, 400)
        assert document["title"] == "version not available", path
        assert "ijw/3.2" in document["detail"], path
        assert "iwmo/3.2" in document["detail"], path
        assert document["available"] == ["iwmo/3.2"], path


@pytest.mark.parametrize("path", ["/return", "/explain"])
def test_return_and_explain_refuse_an_unknown_release_in_the_service_language(
    url: str, path: str
) -> None:
    """A release the service does not have, or two: 400 listing the available ones, in --lang."""
    unknown = _explain(url, path, **{"X-Version-Override": "3.2.99"})
    document = _problem(unknown, 400)
    assert document["title"] == "version not available"
    assert '"3.2.99"' in document["detail"]
    assert "iwmo/3.2" in document["available"]
    dutch = _explain(url, path + "?lang=nl", **{"X-Version-Override": "3.2.99"})
    assert _problem(dutch, 400)["title"] == "versie niet beschikbaar"
    twice = httpx.post(
        url + path,
        content=VALID.read_bytes(),
        headers=[("X-Version-Override", "iwmo/3.2"), ("X-Version-Override", "ijw/3.2")],
        timeout=120,
    )
    assert "2" in _problem(twice, 400)["detail"]


def test_an_explain_pair_that_cannot_be_read_says_why_with_a_release_too() -> None:
    """With X-Version-Override, an unreadable answer is refused in explain's own words."""
    from eistandaard.serve.tasks import ExplainTask, run_task

    without = run_task(ExplainTask(REQUEST.read_bytes(), b"junk", "json", "en"))
    with_release = run_task(ExplainTask(REQUEST.read_bytes(), b"junk", "json", "en", "ijw/3.2"))
    assert without.status == with_release.status == 400
    assert with_release.body == without.body
