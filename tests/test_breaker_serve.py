"""``ei serve``'s problem documents follow ``?lang=`` and unknown query parameters are refused.

A real server on 127.0.0.1 (tests/serve_helpers.py). Each case of
fixtures/breaker/serve-problems.expected.toml is sent without ``lang`` (Dutch, the default), with
``lang=nl`` and with ``lang=en``; its problem's title and detail must be in that language only.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.serve_helpers import running_server

httpx = pytest.importorskip("httpx")

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "breaker"
SIDECAR: dict[str, Any] = tomllib.loads(
    (HERE / "serve-problems.expected.toml").read_text(encoding="utf-8")
)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """One service (Dutch by default, a fixed peildatum) for every case."""
    with running_server(workers=1, as_of=dt.date(2026, 11, 23)) as base:
        yield base


def _send(url: str, case: dict[str, Any], lang: str | None) -> httpx.Response:
    query = "&".join(part for part in (case["query"], f"lang={lang}" if lang else "") if part)
    target = f"{url}{case['path']}" + (f"?{query}" if query else "")
    if case["method"] == "GET":
        return httpx.get(target, timeout=120)
    body = (HERE / case["body"]).read_bytes() if "body" in case else case["text"].encode()
    return httpx.post(target, content=body, headers=case.get("headers", {}), timeout=120)


def _problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    document: dict[str, Any] = json.loads(response.content)
    assert document["status"] == status
    assert "Traceback" not in response.text
    return document


@pytest.mark.parametrize("lang", [None, "nl", "en"])
@pytest.mark.parametrize("case", SIDECAR["case"], ids=lambda c: str(c["name"]))
def test_every_problem_follows_lang(url: str, case: dict[str, Any], lang: str | None) -> None:
    """Title and detail in ?lang= (Dutch without it); the other language's words absent."""
    document = _problem(_send(url, case, lang), case["status"])
    said = lang or "nl"
    other = "en" if said == "nl" else "nl"
    assert document["title"] == case[f"title_{said}"]
    assert case[said] in document["detail"]
    assert case[other] not in document["detail"]
    for words in case.get("absent", []):  # another library's own (English) message
        assert words not in document["detail"]


@pytest.mark.parametrize("value", SIDECAR["unknown_lang"]["values"])
@pytest.mark.parametrize("path", ["/return", "/validatie", "/explain", "/status"])
def test_an_unknown_lang_is_a_400(url: str, path: str, value: str) -> None:
    """?lang=fr (or empty, or EN): a 400 naming it, in the service's own language."""
    expected = SIDECAR["unknown_lang"]
    method = "GET" if path == "/status" else "POST"
    case = {"method": method, "path": path, "query": f"lang={value}", "text": "<x/>"}
    document = _problem(_send(url, case, None), expected["status"])
    assert document["title"] == expected["title"]
    assert f'lang "{value}" {expected["detail"]}' in document["detail"]


def test_a_fixed_peildatum_before_the_request_is_a_400_in_lang() -> None:
    """`ei serve --as-of` before the request's date: /return is a 400, as `ei return` refuses."""
    expected = SIDECAR["serve_as_of_before_request"]
    body = (HERE / expected["body"]).read_bytes()
    with running_server(workers=1, as_of=expected["as_of"]) as base:
        said = {
            lang: _problem(
                httpx.post(f"{base}/return?lang={lang}", content=body, timeout=120),
                expected["status"],
            )
            for lang in ("nl", "en")
        }
    for lang in ("nl", "en"):
        assert said[lang]["title"] == expected[f"title_{lang}"]
        assert expected[lang] in said[lang]["detail"]
