"""The public API refuses a keyword of the wrong kind with one clear reason, in both languages.

``eistandaard.validate`` and ``eistandaard.explain`` check their keywords first
(:mod:`eistandaard.core.arguments`); the answer builders do the same
(tests/test_breaker_returns.py, tests/test_builder_arguments.py). The cases and their reasons are
in ``fixtures/breaker/api-arguments.expected.toml``; tests/test_api_robustness.py sweeps every
argument of every public function with odd values.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from pathlib import Path
from typing import Any

import pytest

import eistandaard
from eistandaard.core.errors import InputError

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "breaker"
SIDECAR: dict[str, Any] = tomllib.loads(
    (HERE / "api-arguments.expected.toml").read_text(encoding="utf-8")
)
REQUEST = HERE / "wmo323-answered.xml"
AS_OF = dt.date(2026, 11, 23)


@functools.cache
def _answer() -> bytes:
    report = eistandaard.validate(REQUEST, as_of=AS_OF)
    message = eistandaard.build_return(REQUEST, report).message
    assert message is not None
    return message


def _id(case: dict[str, Any]) -> str:
    return f"{case['keyword']}={case['value']!r}"


@pytest.mark.parametrize("case", SIDECAR["validate"], ids=_id)
def test_validate_refuses_a_keyword_of_the_wrong_kind(case: dict[str, Any]) -> None:
    """validate(..., keyword=wrong): the sidecar's reason, whole, in English and Dutch."""
    with pytest.raises(InputError) as caught:
        eistandaard.validate(REQUEST, as_of=AS_OF, **{case["keyword"]: case["value"]})
    assert str(caught.value) == case["en"]
    assert caught.value.text("nl") == case["nl"]


@pytest.mark.parametrize("case", SIDECAR["explain"], ids=_id)
def test_explain_refuses_a_keyword_of_the_wrong_kind(case: dict[str, Any]) -> None:
    """explain(..., keyword=wrong): the sidecar's reason, before either message is read."""
    with pytest.raises(InputError) as caught:
        eistandaard.explain(REQUEST, _answer(), **{case["keyword"]: case["value"]})
    assert str(caught.value) == case["en"]
    assert caught.value.text("nl") == case["nl"]


@pytest.mark.parametrize("sources", [5, None, REQUEST], ids=["int", "None", "a path"])
def test_validate_batch_refuses_sources_that_are_no_list(sources: object) -> None:
    """validate_batch(one path) would read a path as its letters: an InputError names it."""
    with pytest.raises(InputError, match="sources must be a list or tuple of messages"):
        eistandaard.validate_batch(sources)  # type: ignore[arg-type]  # why: the misuse tested


def test_the_right_kinds_still_pass() -> None:
    """Lists, tuples and paths of the right kind are taken: the checks refuse only misuse."""
    report = eistandaard.validate(
        REQUEST, as_of=AS_OF, levels=[1, 2, 3], rules=(), checks=[], name="verzoek.xml"
    )
    assert report.accepted, report.codes
    assert report.source == "verzoek.xml"
    explained = eistandaard.explain(REQUEST, _answer(), labels=["verzoek", "antwoord"])
    assert explained.request_message == "WMO323"


@pytest.mark.parametrize("kind", ["file", "bytesio"])
def test_a_closed_stream_is_the_callers_mistake_not_an_unreadable_message(
    kind: str, tmp_path: Path
) -> None:
    """`validate(closed_file)` raises SourceTypeError in both languages; it is no EI109 report."""
    import io

    from eistandaard.core.errors import SourceTypeError

    path = tmp_path / "m.xml"
    path.write_bytes(b"<a/>")
    stream = path.open("rb") if kind == "file" else io.BytesIO(b"<a/>")
    stream.close()
    with pytest.raises(SourceTypeError) as raised:
        eistandaard.validate(stream)
    assert "the stream is closed already" in str(raised.value)
    assert "de stroom is al gesloten" in raised.value.text("nl")
