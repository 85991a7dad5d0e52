"""``ei serve``: a report names an uploaded file by its file name; an empty /explain part is a 400.

A form upload (``curl -F message=@x.xml``, a browser form) names the file in its part; the report
used to call every such message ``bericht.xml`` (``request.xml`` on /return). X-Filename, what the
upload page sends, still comes first. Names are never cut.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from tests.conftest import FIXTURES
from tests.serve_helpers import running_server

httpx = pytest.importorskip("httpx")

REJECTED = FIXTURES / "iwmo/3.2/WMO323/invalid/cs337-two-months.xml"
XSD_INVALID = FIXTURES / "iwmo/3.2/WMO323/invalid/missing-bsn.xml"
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """A service with one worker and a fixed peildatum."""
    with running_server(workers=1, as_of=AS_OF) as base:
        yield base


def _source(response: httpx.Response) -> str:
    assert response.status_code == 200, response.text
    source: str = response.json()["reports"][0]["source"]
    return source


def test_form_upload_is_named_by_its_file_name(url: str) -> None:
    """/validatie with a file part: the report's source is the part's file name, folders off."""
    files = {"message": ("declaratie april.xml", REJECTED.read_bytes(), "application/xml")}
    sent = httpx.post(url + "/validatie?format=json", files=files, timeout=60)
    assert _source(sent) == "declaratie april.xml"
    windows = {"message": ("C:\\fakepath\\maart.xml", REJECTED.read_bytes(), "text/xml")}
    sent = httpx.post(url + "/validatie?format=json", files=windows, timeout=60)
    assert _source(sent) == "maart.xml"


def test_x_filename_comes_first_and_a_long_name_is_not_cut(url: str) -> None:
    """X-Filename wins over the part's name; a name of 300 characters comes back whole."""
    long_name = "d" * 296 + ".xml"
    files = {"message": ("part.xml", REJECTED.read_bytes(), "application/xml")}
    sent = httpx.post(
        url + "/validatie?format=json", files=files, headers={"X-Filename": long_name}, timeout=60
    )
    assert _source(sent) == long_name


def test_return_report_names_the_uploaded_request(url: str) -> None:
    """/return of a message that fails level 2: the 422 report names the uploaded file."""
    files = {"request": ("mijn-323.xml", XSD_INVALID.read_bytes(), "application/xml")}
    response = httpx.post(url + "/return", files=files, timeout=60)
    assert response.status_code == 422, response.text
    assert response.json()["report"]["source"] == "mijn-323.xml"


@pytest.mark.parametrize("empty", ["request", "answer"])
def test_explain_with_an_empty_part_is_a_400_problem(url: str, empty: str) -> None:
    """/explain with a part of 0 bytes: 400 problem+json naming the part, no check run."""
    files = {"request": REJECTED.read_bytes(), "answer": REJECTED.read_bytes()}
    files[empty] = b""
    response = httpx.post(url + "/explain?format=json", files=files, timeout=60)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400
    assert empty in problem["detail"]
