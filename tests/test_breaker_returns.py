"""Faults a tester found in building return messages (round 13), each fixed as a kind.

Every test reads the requests of fixtures/breaker/ and the sidecar ``build-return.expected.toml``,
which says what each call must give, for every family: iWmo 323 -> 325, iWmo 301 -> 302 (IV032),
GDS801 -> GDS802 and BM801 -> BM802.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from pathlib import Path
from typing import Any

import pytest

import eistandaard
from eistandaard.core.errors import DecisionError, EIError, InputError

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "breaker"
SIDECAR: dict[str, Any] = tomllib.loads(
    (HERE / "build-return.expected.toml").read_text(encoding="utf-8")
)
AS_OF: dt.date = SIDECAR["as_of"]
REQUESTS: list[dict[str, Any]] = SIDECAR["request"]
ERRORS = {"InputError": InputError, "DecisionError": DecisionError}


@functools.cache
def _report(name: str) -> eistandaard.Report:
    return eistandaard.validate(HERE / name, as_of=AS_OF)


def _ids(case: dict[str, Any]) -> str:
    return str(case.get("answer") or f"{case['keyword']}={case['value']!r}")


# --- 3: every keyword of the wrong kind is a clear error, never AttributeError/TypeError ------


@pytest.mark.parametrize("case", SIDECAR["wrong_kind"], ids=_ids)
@pytest.mark.parametrize("request_case", REQUESTS, ids=_ids)
def test_a_keyword_of_the_wrong_kind_is_an_input_error(
    request_case: dict[str, Any], case: dict[str, Any]
) -> None:
    """build_return(..., keyword=wrong): the sidecar's error class and reason in nl and en."""
    report = _report(request_case["file"])
    assert report.accepted, report.codes
    with pytest.raises(EIError) as caught:
        eistandaard.build_return(report.message, report, **{case["keyword"]: case["value"]})
    error = caught.value
    assert isinstance(error, ERRORS[case["error"]]), repr(error)
    assert not isinstance(error, AttributeError)
    assert case["en"] in str(error)
    assert case["nl"] in error.text("nl")


@pytest.mark.parametrize("request_case", REQUESTS, ids=_ids)
def test_decisions_of_another_family_are_a_decision_error(request_case: dict[str, Any]) -> None:
    """A decisions object of another family (or any other object) is a DecisionError naming both."""
    from eistandaard.conventions.istandaarden import Decisions
    from eistandaard.conventions.vektis.bm import CakDecisions

    report = _report(request_case["file"])
    other = CakDecisions({}) if request_case["answer"] != "BM802" else Decisions()
    for wrong in (other, object()):
        with pytest.raises(DecisionError) as caught:
            eistandaard.build_return(report.message, report, decisions=wrong)
        assert "decisions for a" in str(caught.value)
        assert type(wrong).__name__ in str(caught.value)
        assert "beslissingen voor een" in caught.value.text("nl")


@pytest.mark.parametrize("request_case", REQUESTS, ids=_ids)
def test_decisions_as_a_mapping_are_read_as_a_decisions_file(request_case: dict[str, Any]) -> None:
    """An empty mapping is an empty decisions file: the same answer as no decisions at all."""
    report = _report(request_case["file"])
    day = request_case["created"]
    plain = eistandaard.build_return(report.message, report, date=day, identificatie=None)
    mapped = eistandaard.build_return(report.message, report, date=day, decisions={})
    assert mapped.outcome is plain.outcome
    assert mapped.answer_name == plain.answer_name == request_case["answer"]


# --- 1: an answer is never dated before the request it answers --------------------------------


@pytest.mark.parametrize("keyword", ["date", "dagtekening"])
@pytest.mark.parametrize("request_case", REQUESTS, ids=_ids)
def test_an_answer_dated_before_its_request_is_refused(
    request_case: dict[str, Any], keyword: str
) -> None:
    """The day before the request's own date: InputError, both languages; on its date: built."""
    expected = SIDECAR["before_request"]
    report = _report(request_case["file"])
    created: dt.date = request_case["created"]
    day = created - dt.timedelta(days=1)
    for given in (day, day.isoformat()):
        with pytest.raises(ERRORS[expected["error"]]) as caught:
            eistandaard.build_return(report.message, report, **{keyword: given})
        fields = {"date": day.isoformat(), "created": created.isoformat()}
        assert str(caught.value) == expected["en"].format(**fields)
        assert caught.value.text("nl") == expected["nl"].format(**fields)
    result = eistandaard.build_return(report.message, report, **{keyword: created})
    assert result.answer_name == request_case["answer"]
    assert result.dagtekening == created.isoformat()


def test_the_conventions_builder_refuses_a_dagtekening_before_the_request_too() -> None:
    """The iStandaarden builder of the 325 (public too) keeps the same rule."""
    from eistandaard.conventions.istandaarden.build import build_return

    (first, *_) = REQUESTS
    report = _report(first["file"])
    day = first["created"] - dt.timedelta(days=1)
    with pytest.raises(InputError, match="before its request's"):
        build_return(HERE / first["file"], report, dagtekening=day)


# --- 2: the report of another message (same kind, same identification) is refused ------------


def _identification(name: str) -> str:
    report = _report(name)
    assert report.identity is not None
    assert report.identity.identificatie is not None
    return report.identity.identificatie


def _given_as(kind: str, name: str) -> Any:
    """The request ``name`` given as ``kind``: its report's Message, bytes, a path or a tree."""
    from lxml import etree

    path = HERE / name
    return {
        "message": lambda: _report(name).message,
        "bytes": path.read_bytes,
        "path": lambda: path,
        "tree": lambda: etree.parse(str(path)),
    }[kind]()


@pytest.mark.parametrize("kind", ["message", "bytes", "path", "tree"])
@pytest.mark.parametrize("request_case", REQUESTS, ids=_ids)
def test_the_report_of_another_message_with_the_same_identification_is_refused(
    request_case: dict[str, Any], kind: str
) -> None:
    """build_return(request, report of its twin): InputError 'does not belong', nl and en."""
    expected = SIDECAR["other_report"]
    twin = _report(request_case["twin"])
    assert twin.identity == _report(request_case["file"]).identity  # same kind, same id
    request = _given_as(kind, request_case["file"])
    with pytest.raises(ERRORS[expected["error"]]) as caught:
        eistandaard.build_return(request, twin)
    fields = {
        "message": request_case["file"].split("-")[0].upper(),
        "identificatie": _identification(request_case["file"]),
    }
    assert str(caught.value).startswith(expected["en"].format(**fields))
    assert caught.value.text("nl").startswith(expected["nl"].format(**fields))


@pytest.mark.parametrize("kind", ["message", "bytes", "path", "tree"])
@pytest.mark.parametrize("request_case", REQUESTS, ids=_ids)
def test_the_report_of_the_request_itself_is_taken(request_case: dict[str, Any], kind: str) -> None:
    """The request's own report, however the request is given: the answer is built."""
    report = _report(request_case["file"])
    request = _given_as(kind, request_case["file"])
    result = eistandaard.build_return(request, report, date=request_case["created"])
    assert result.answer_name == request_case["answer"]
    assert result.message is not None


@pytest.mark.parametrize("request_case", REQUESTS, ids=_ids)
def test_a_comment_added_to_the_request_changes_nothing(request_case: dict[str, Any]) -> None:
    """A comment in the request's bytes is removed by level 1: the same content, the same digest."""
    data = (HERE / request_case["file"]).read_bytes()
    commented = data.replace(b"?>", b"?><!-- a comment -->", 1)
    assert commented != data
    report = _report(request_case["file"])
    result = eistandaard.build_return(commented, report, date=request_case["created"])
    assert result.answer_name == request_case["answer"]


def test_a_pickled_report_keeps_its_digest() -> None:
    """A report sent between processes (ei serve, --jobs) still knows which content it is of."""
    import pickle

    (first, *_) = REQUESTS
    twin = pickle.loads(pickle.dumps(_report(first["twin"])))
    assert twin.message is None
    assert twin.digest == _report(first["twin"]).digest is not None
    with pytest.raises(InputError, match="does not belong"):
        eistandaard.build_return((HERE / first["file"]).read_bytes(), twin)


# --- 4: a peildatum before the request's own date is refused ----------------------------------


def _days_before(created: dt.date) -> list[dt.date]:
    return [created - dt.timedelta(days=1), dt.date(1900, 1, 1)]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("request_case", REQUESTS, ids=_ids)
def test_ei_return_as_of_before_the_request_is_a_usage_error(
    request_case: dict[str, Any],
    lang: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`ei return --as-of DAY` (DAY before the request): exit 2, one line in --lang, no file."""
    from eistandaard.cli.main import main

    expected = SIDECAR["as_of_before_request"]
    created: dt.date = request_case["created"]
    out = tmp_path / "answer.xml"
    for day in _days_before(created):
        argv = ["return", str(HERE / request_case["file"]), "-o", str(out), "--lang", lang]
        assert main([*argv, "--as-of", day.isoformat()]) == expected["exit"]
        captured = capsys.readouterr()
        assert not out.exists()
        assert captured.out == ""
        assert captured.err.strip().count("\n") == 0
        fields = {"peildatum": day.isoformat(), "created": created.isoformat()}
        assert expected[lang].format(**fields) in captured.err
    assert main([*argv, "--as-of", created.isoformat()]) == 0
    capsys.readouterr()
    assert out.exists()
    assert created.isoformat().encode() in out.read_bytes()


@pytest.mark.parametrize("request_case", REQUESTS, ids=_ids)
def test_build_return_as_of_before_the_request_is_an_input_error(
    request_case: dict[str, Any],
) -> None:
    """build_return(..., as_of=DAY) before the request's date: InputError, nl and en."""
    expected = SIDECAR["as_of_before_request"]
    report = _report(request_case["file"])
    created: dt.date = request_case["created"]
    for day in _days_before(created):
        with pytest.raises(ERRORS[expected["error"]]) as caught:
            eistandaard.build_return(report.message, report, as_of=day)
        fields = {"peildatum": day.isoformat(), "created": created.isoformat()}
        for lang in ("nl", "en"):
            text = expected[lang].format(**fields).removeprefix("--as-of: ")
            assert caught.value.text(lang).startswith(text)
