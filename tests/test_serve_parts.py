"""``ei serve``: a multipart part given twice, or one a route does not take, is a 400 naming it.

As with query parameters (docs/serve.md): never ignored. Before, ``/validatie`` and ``/return``
took the last of two parts of one name and ignored any part beside theirs, so a form with two
messages got the report of one of them; ``/explain`` refused a third part without naming it.
A real server on 127.0.0.1 (tests/serve_helpers.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.serve_helpers import running_server

httpx = pytest.importorskip("httpx")

ROOT = Path(__file__).resolve().parents[1]
VALID = (ROOT / "fixtures/iwmo/3.2/WMO323/valid/basis.xml").read_bytes()
INVALID = (ROOT / "fixtures/iwmo/3.2/WMO323/invalid/bsn-eight-digits.xml").read_bytes()


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """One service, Dutch by default."""
    with running_server(workers=1) as base:
        yield base


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    document: dict[str, Any] = json.loads(response.content)
    assert document["status"] == status
    return document


@pytest.mark.parametrize(
    ("path", "parts", "detail_en", "detail_nl"),
    [
        (
            "/validatie",
            [("message", VALID), ("message", INVALID)],
            'the multipart part "message" is given 2 times; give it once',
            'het multipart-deel "message" is 2 keer gegeven; geef het één keer',
        ),
        (
            "/return",
            [("request", VALID), ("request", INVALID)],
            'the multipart part "request" is given 2 times; give it once',
            'het multipart-deel "request" is 2 keer gegeven; geef het één keer',
        ),
        (
            "/explain",
            [("request", VALID), ("request", INVALID), ("answer", VALID)],
            'the multipart part "request" is given 2 times; give it once',
            'het multipart-deel "request" is 2 keer gegeven; geef het één keer',
        ),
        (
            "/validatie",
            [("message", VALID), ("other", INVALID)],
            'unknown multipart part "other": "/validatie" takes message',
            'onbekend multipart-deel "other": "/validatie" neemt message',
        ),
        (
            "/return",
            [("request", VALID), ("answer", INVALID)],
            'unknown multipart part "answer": "/return" takes request',
            'onbekend multipart-deel "answer": "/return" neemt request',
        ),
        (
            "/explain",
            [("request", VALID), ("answer", VALID), ("extra", INVALID)],
            'unknown multipart part "extra": "/explain" takes request, answer',
            'onbekend multipart-deel "extra": "/explain" neemt request, answer',
        ),
    ],
    ids=[
        "validatie-twice",
        "return-twice",
        "explain-twice",
        "validatie-extra",
        "return-extra",
        "explain-extra",
    ],
)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_part_twice_or_unknown_is_a_400_naming_it(
    url: str,
    path: str,
    parts: list[tuple[str, bytes]],
    detail_en: str,
    detail_nl: str,
    lang: str,
) -> None:
    """The problem names the part, in the request's language; no report of either message."""
    files = [(name, (f"{index}.xml", data)) for index, (name, data) in enumerate(parts)]
    response = httpx.post(f"{url}{path}?lang={lang}", files=files, timeout=120)
    document = _problem(response, 400)
    assert document["detail"] == (detail_en if lang == "en" else detail_nl)
    assert document["title"] == ("bad request" if lang == "en" else "ongeldig verzoek")


def test_one_part_of_any_name_is_still_the_message(url: str) -> None:
    """A form with one part (whatever its name) is still checked, as docs/serve.md says."""
    response = httpx.post(
        f"{url}/validatie",
        files=[("file", ("x.xml", INVALID))],
        headers={"Accept": "application/json"},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    assert response.headers["x-verdict"] == "rejected"
    assert json.loads(response.content)["reports"][0]["source"] == "x.xml"


def test_an_x_filename_byte_that_is_no_utf8_is_escaped_not_replaced(url: str) -> None:
    r"""``X-Filename: a%ff.xml`` is named ``a\xff.xml`` (as ``ei validate`` names such a file).

    It was ``a\ufffd.xml``: two uploads whose names differ in that byte got one name.
    """
    response = httpx.post(
        f"{url}/validatie?format=json",
        content=INVALID,
        headers={"X-Filename": "a%ff%fe.xml"},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    assert json.loads(response.content)["reports"][0]["source"] == "a\\xff\\xfe.xml"
    assert "\ufffd" not in response.text


@pytest.mark.parametrize(
    ("request_part", "answer_part", "nl", "en"),
    [
        (
            VALID,
            b"hello",
            "het antwoord kan niet worden gelezen: EI108",
            "the answer cannot be read: EI108",
        ),
        (
            b"hello",
            VALID,
            "het heenbericht kan niet worden gelezen: EI108",
            "the request cannot be read: EI108",
        ),
    ],
    ids=["answer-unreadable", "request-unreadable"],
)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_explain_names_the_part_it_cannot_read(
    url: str, request_part: bytes, answer_part: bytes, nl: str, en: str, lang: str
) -> None:
    """``/explain`` says which part is unreadable, as ``ei diff`` names REQUEST or ANSWER.

    Both were "the message cannot be read", and the caller had to guess which of the two.
    """
    files = [("request", ("r.xml", request_part)), ("answer", ("a.xml", answer_part))]
    response = httpx.post(f"{url}/explain?lang={lang}", files=files, timeout=120)
    document = _problem(response, 400)
    assert document["detail"].startswith(nl if lang == "nl" else en), document["detail"]
