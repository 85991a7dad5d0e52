"""The public builders of each convention refuse the misuse eistandaard.build_return refuses.

:func:`eistandaard.build_return` calls a builder per convention, and those are public too:
``conventions.istandaarden.build_return`` (323 -> 325), ``build_gds802`` and ``build_bm802``.
Each checks its arguments through :mod:`eistandaard.conventions.arguments`, so a value of the
wrong kind is the same ``InputError`` / ``DecisionError`` with the same reason in Dutch and
English, never an ``AttributeError`` or ``TypeError``. The requests and what each call must
give are in ``fixtures/breaker/build-return.expected.toml`` (``builder_wrong_kind``).
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import eistandaard
from eistandaard.conventions.arguments import answer_builder
from eistandaard.conventions.istandaarden import build_return as build_325
from eistandaard.conventions.vektis.bm.builder import build_bm802
from eistandaard.conventions.vektis.gds import build_gds802
from eistandaard.core.errors import DecisionError, EIError, InputError

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "breaker"
SIDECAR: dict[str, Any] = tomllib.loads(
    (HERE / "build-return.expected.toml").read_text(encoding="utf-8")
)
AS_OF: dt.date = SIDECAR["as_of"]
FILES = {
    "istandaarden": "wmo323-answered.xml",
    "gds": "gds801-answered.xml",
    "bm": "bm801-answered.xml",
}
CREATED = {r["file"]: r["created"] for r in SIDECAR["request"]}
ERRORS = {"InputError": InputError, "DecisionError": DecisionError}


@functools.cache
def _report(name: str) -> eistandaard.Report:
    return eistandaard.validate(HERE / name, as_of=AS_OF)


def _call(builder: str, **keywords: Any) -> Any:
    """The builder on its request, with the defaults a caller would give and ``keywords``."""
    name = FILES[builder]
    report = _report(name)
    assert report.accepted, report.codes
    if builder == "istandaarden":
        return build_325(HERE / name, report, **keywords)
    build: Callable[..., bytes] = build_gds802 if builder == "gds" else build_bm802
    given = {"responder": "receiver", "verzenddatum": AS_OF, **keywords}
    return build(HERE / name, report.findings, **given)


CASES = [(b, case) for case in SIDECAR["builder_wrong_kind"] for b in case["builders"]]


@pytest.mark.parametrize(
    ("builder", "case"), CASES, ids=[f"{b}-{c['keyword']}={c['value']!r}" for b, c in CASES]
)
def test_a_builder_refuses_an_argument_of_the_wrong_kind(
    builder: str, case: dict[str, Any]
) -> None:
    """builder(..., keyword=wrong): the sidecar's error class and reason, in both languages."""
    with pytest.raises(EIError) as caught:
        _call(builder, **{case["keyword"]: case["value"]})
    error = caught.value
    assert isinstance(error, ERRORS[case["error"]]), repr(error)
    assert not isinstance(error, AttributeError | TypeError)
    assert case["en"] in str(error)
    assert error.text("nl") != str(error)  # worded in Dutch too, not the English again


@pytest.mark.parametrize("builder", sorted(FILES))
def test_a_builder_refuses_a_peildatum_before_the_request(builder: str) -> None:
    """as_of before the request's own date: the answer would be dated after its peildatum."""
    before = CREATED[FILES[builder]] - dt.timedelta(days=1)
    with pytest.raises(InputError, match="lies before the request's own date"):
        _call(builder, as_of=before)


@pytest.mark.parametrize("builder", ["gds", "bm"])
def test_with_a_peildatum_a_verzenddatum_before_the_request_is_refused(builder: str) -> None:
    """With as_of, a Verzenddatum before the request's is refused as build_return refuses it."""
    created = CREATED[FILES[builder]]
    with pytest.raises(InputError, match="is before its request's"):
        _call(builder, verzenddatum=created - dt.timedelta(days=1), as_of=AS_OF)
    assert _call(builder, verzenddatum=created, as_of=AS_OF).startswith(b"<?xml")


@pytest.mark.parametrize("builder", ["gds", "bm"])
def test_a_builder_reads_decisions_given_as_a_mapping(builder: str) -> None:
    """An empty decisions mapping is the empty decisions object: the same answer as none."""
    assert _call(builder, decisions={}) == _call(builder)


def test_the_325_builder_refuses_the_report_of_another_message() -> None:
    """The twin (same identification, other content): its report is not this request's."""
    report = _report("wmo323-answered-twin.xml")
    with pytest.raises(InputError, match="it is the report of another message") as caught:
        build_325(HERE / FILES["istandaarden"], report)
    assert "rapport van een ander bericht" in caught.value.text("nl")
    assert build_325(HERE / FILES["istandaarden"], _report(FILES["istandaarden"])).message


def test_answer_builder_checks_the_shared_keywords_before_the_builder_runs() -> None:
    """A decorated builder: a wrong shared keyword is refused first, its own defaults pass."""
    ran: list[object] = []

    @answer_builder
    def build(request: object, *, check: bool = True, environment: str = "P") -> object:
        ran.append(request)
        return request

    assert build("x") == "x"
    assert build("y", check=False, environment="T") == "y"
    with pytest.raises(InputError, match="check"):
        build("z", check="no")  # type: ignore[arg-type]  # why: the misuse tested
    with pytest.raises(InputError):
        build("z", environment="Q")
    assert ran == ["x", "y"]


def test_every_public_builder_is_an_answer_builder() -> None:
    """The four entry points carry the decorator (the one check of their shared keywords)."""
    checked = answer_builder(lambda *, check=True: check).__code__
    builders = (eistandaard.build_return, build_325, build_gds802, build_bm802)
    for builder in builders:
        assert builder.__code__ is checked, builder.__qualname__
