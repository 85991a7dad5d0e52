"""Every public function refuses an argument of the wrong kind with an ``EIError``.

As python-stdnum's robustness test runs over every module, this sweep runs over every public
function of eistandaard (the names in ``__all__`` of the top level, :mod:`eistandaard.render`,
:mod:`eistandaard.models.api`, :mod:`eistandaard.vecozo`, :mod:`eistandaard.vecozo.ledger`,
:mod:`eistandaard.vecozo.transport`, :mod:`eistandaard.answers` and the Vektis conventions
``gds`` and ``bm``). Each function has a call with valid arguments built from bundled fixtures
(:data:`BASES`); the sweep replaces one argument at a time, positional ones too, with odd values.
Each call returns or raises an ``EIError`` (whose reason names the argument), never an
``AttributeError``, ``TypeError``, ``ValueError`` or ``KeyError`` from deep inside the engine.

The identifier modules keep python-stdnum's protocol: for any text only its documented
exceptions (``ValidationError``), for anything else an ``InputError``.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import random
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from stdnum.exceptions import ValidationError

import eistandaard
from eistandaard import answers, identifiers, render, vecozo
from eistandaard.conventions.vektis import bm, gds
from eistandaard.core.errors import EIError, InputError
from eistandaard.core.findings import Finding, Level, Location
from eistandaard.models import api as models
from eistandaard.standards.catalog import default_catalog
from eistandaard.vecozo import ledger, transport

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
WMO = ROOT / "breaker" / "wmo323-answered.xml"
GDS801 = ROOT / "gds" / "1.0" / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
GDS_DECISIONS = ROOT / "gds" / "1.0" / "decisions" / "ggz-partly-granted.toml"
BM801 = ROOT / "bm" / "2.0" / "BM801" / "valid" / "two-orders-debet-and-credit.xml"
BM_DECISIONS = ROOT / "answers" / "decisions" / "bm-reject-bo-0002.toml"
CHAIN = ROOT / "bm" / "2.0" / "chain" / "flow7-accepted.xml"
AS_OF = dt.date(2026, 11, 23)
SIDECAR: dict[str, Any] = tomllib.loads(
    (ROOT / "breaker" / "api-robustness.expected.toml").read_text(encoding="utf-8")
)

ODD: tuple[object, ...] = (
    5,
    -1,
    3.5,
    "",
    "x",
    b"x",
    ["x"],
    {"x": 1},
    object(),
    dt.datetime(2026, 1, 1),
    None,
)
"""What a caller may pass by mistake: numbers, texts, bytes, containers, an object, a datetime."""


@functools.cache
def _report(path: Path = WMO) -> eistandaard.Report:
    return eistandaard.validate(path, as_of=AS_OF)


@functools.cache
def _answer(path: Path = WMO) -> bytes:
    message = eistandaard.build_return(path, _report(path), check=False).message
    assert message is not None
    return message


@functools.cache
def _parsed() -> Any:
    return vecozo.parse_payload(WMO.read_bytes())


@functools.cache
def _envelope() -> vecozo.Envelope:
    return vecozo.build_request(_parsed())


@functools.cache
def _chain() -> Any:
    return bm.simulate_chain(CHAIN, as_of=AS_OF)


class _Refusing:
    """An HTTP double that answers every request with 400: no network, a final refusal."""

    def send(self, request: transport.HttpRequest) -> transport.HttpResponse:
        return transport.HttpResponse(status=400)


def _zip() -> bytes:
    return vecozo.payload_zip(WMO.read_bytes())[1]


def _structure_error() -> Finding:
    return Finding(
        level=Level.STRUCTURE,
        code="EI201",
        text_nl="x",
        text_en="x",
        locations=(Location(xpath="/Bericht", line=1),),
    )


def _tree(data: bytes) -> Any:
    return etree.ElementTree(etree.fromstring(data))


Call = tuple[tuple[Any, ...], dict[str, Any]]


def _here(name: str) -> Path:
    """A path in the current folder: each test runs in its own empty one (``tmp_path``)."""
    return Path.cwd() / name


BASES: dict[str, tuple[Callable[..., Any], Callable[[], Call]]] = {
    # the top level
    "validate": (eistandaard.validate, lambda: ((WMO,), {"as_of": AS_OF, "levels": (1, 2)})),
    "explain": (eistandaard.explain, lambda: ((WMO, _answer()), {"reasons": False})),
    "diff": (eistandaard.diff, lambda: ((WMO, _answer()), {"reasons": False})),
    "read_message": (eistandaard.read_message, lambda: ((WMO,), {})),
    "build_return": (eistandaard.build_return, lambda: ((WMO, _report()), {"check": False})),
    "validate_batch": (eistandaard.validate_batch, lambda: (([WMO],), {"as_of": AS_OF})),
    # render
    "render.render_plain": (
        render.render_plain,
        lambda: (([_report()], render.RenderOptions()), {}),
    ),
    "render.render_reports": (render.render_reports, lambda: (([_report()],), {})),
    "render.render_shared_notes": (
        render.render_shared_notes,
        lambda: (({"note": [1, 2]}, 2), {}),
    ),
    "render.render_text": (render.render_text, lambda: ((_report(),), {})),
    "render.report_to_dict": (render.report_to_dict, lambda: ((_report(),), {})),
    "render.report_to_rapport": (render.report_to_rapport, lambda: ((_report(),), {})),
    "render.reporter": (render.reporter, lambda: (("json",), {})),
    "render.reports_to_json": (render.reports_to_json, lambda: (([_report()],), {})),
    "render.summary_line": (render.summary_line, lambda: (([_report()],), {})),
    "render.text_notes": (render.text_notes, lambda: ((_report(),), {})),
    # models.api
    "models.claim_statuses": (
        models.claim_statuses,
        lambda: ((models.parse(WMO), models.parse(_answer())), {}),
    ),
    "models.fill_totals": (models.fill_totals, lambda: ((models.parse(WMO),), {})),
    "models.header": (
        models.header,
        lambda: (
            (type(models.parse(WMO)),),
            {
                "identificatie": "ID-1",
                "dagtekening": dt.date(2024, 4, 5),
                "afzender": "99001234",
                "ontvanger": "0363",
            },
        ),
    ),
    "models.model_class": (
        models.model_class,
        lambda: ((models.spec_of(models.parse(WMO)),), {}),
    ),
    "models.parse": (models.parse, lambda: ((WMO,), {})),
    "models.parse_tree": (models.parse_tree, lambda: ((_tree(WMO.read_bytes()),), {})),
    "models.serialize": (models.serialize, lambda: ((models.parse(WMO),), {})),
    "models.spec_of": (models.spec_of, lambda: ((models.parse(WMO),), {})),
    # vecozo
    "vecozo.build_answer": (
        vecozo.build_answer,
        lambda: ((vecozo.parse_payload(_answer()), _envelope()), {}),
    ),
    "vecozo.build_envelope": (vecozo.build_envelope, lambda: ((_parsed(),), {})),
    "vecozo.build_request": (vecozo.build_request, lambda: ((_parsed(),), {})),
    "vecozo.check_envelope": (vecozo.check_envelope, lambda: ((_envelope(),), {})),
    "vecozo.inspect_container": (vecozo.inspect_container, lambda: ((WMO.read_bytes(),), {})),
    "vecozo.is_uuid4": (vecozo.is_uuid4, lambda: (("x",), {})),
    "vecozo.parse_payload": (vecozo.parse_payload, lambda: ((WMO.read_bytes(),), {})),
    "vecozo.payload_zip": (vecozo.payload_zip, lambda: ((WMO.read_bytes(),), {})),
    # vecozo.ledger
    "ledger.open_ledger": (
        ledger.open_ledger,
        lambda: ((f"sqlite:///{_here('ledger.db')}",), {}),
    ),
    "ledger.record_for": (
        ledger.record_for,
        lambda: (
            (_parsed().spec, _parsed().root, _parsed().data, _envelope()),
            {"sent_on": AS_OF},
        ),
    ),
    "ledger.record_of": (
        ledger.record_of,
        lambda: ((_parsed(), _envelope()), {"sent_on": AS_OF}),
    ),
    # vecozo.transport
    "transport.client_context": (transport.client_context, lambda: ((), {})),
    "transport.VecozoClient": (
        transport.VecozoClient,
        lambda: ((_Refusing(),), {"environment": "tst"}),
    ),
    "transport.deliver": (
        transport.deliver,
        lambda: (
            (transport.VecozoClient(_Refusing(), environment="tst"), _envelope(), _zip()),
            {"clock": transport.VirtualClock()},
        ),
    ),
    # answers
    "answers.answer_findings": (answers.answer_findings, lambda: ((_report(), "receiver"), {})),
    "answers.build_return": (answers.build_return, lambda: ((WMO, _report()), {"check": False})),
    "answers.explain": (answers.explain, lambda: ((WMO, _answer()), {"reasons": False})),
    "answers.identify_pair": (
        answers.identify_pair,
        lambda: ((_tree(WMO.read_bytes()), _tree(_answer()), default_catalog()), {}),
    ),
    "answers.load_decisions": (
        answers.load_decisions,
        lambda: ((GDS_DECISIONS, _report(GDS801)), {}),
    ),
    # Vektis GDS
    "gds.build_gds802": (
        gds.build_gds802,
        lambda: (
            (GDS801.read_bytes(), []),
            {"responder": "receiver", "verzenddatum": AS_OF, "as_of": AS_OF, "check": False},
        ),
    ),
    "gds.diff_gds": (gds.diff_gds, lambda: ((GDS801, _answer(GDS801)), {})),
    "gds.load_decisions": (gds.load_decisions, lambda: ((GDS_DECISIONS,), {})),
    "gds.parse_gds802": (gds.parse_gds802, lambda: ((_answer(GDS801),), {})),
    "gds.serialize_gds801": (gds.serialize_gds801, lambda: ((models.parse(GDS801),), {})),
    # Vektis BM
    "bm.build_bm802": (
        bm.build_bm802,
        lambda: (
            (BM801.read_bytes(), []),
            {"responder": "receiver", "verzenddatum": AS_OF, "as_of": AS_OF, "check": False},
        ),
    ),
    "bm.build_foutbericht": (
        bm.build_foutbericht,
        lambda: ((_report(BM801), [_structure_error()]), {"datum": AS_OF}),
    ),
    "bm.diff_bm": (bm.diff_bm, lambda: ((BM801, _answer(BM801)), {})),
    "bm.load_decisions": (bm.load_decisions, lambda: ((BM_DECISIONS,), {})),
    "bm.parse_bm801": (bm.parse_bm801, lambda: ((BM801,), {})),
    "bm.parse_bm802": (bm.parse_bm802, lambda: ((_answer(BM801),), {})),
    "bm.serialize_bm801": (bm.serialize_bm801, lambda: ((bm.parse_bm801(BM801),), {})),
    "bm.simulate_chain": (bm.simulate_chain, lambda: ((CHAIN,), {"as_of": AS_OF})),
    "bm.write_messages": (bm.write_messages, lambda: ((_chain(), _here("out")), {})),
}
"""Each public function with a call of valid arguments, made from bundled fixtures."""


def _parameters(function: Callable[..., Any]) -> list[tuple[str, int | None]]:
    """Each named parameter with its position (``None``: keyword only)."""
    found: list[tuple[str, int | None]] = []
    for index, (name, parameter) in enumerate(inspect.signature(function).parameters.items()):
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        position = None if parameter.kind is parameter.KEYWORD_ONLY else index
        found.append((name, position))
    return found


SWEEP = [(name, *parameter) for name, (f, _) in BASES.items() for parameter in _parameters(f)]


def _call(name: str, parameter: str, position: int | None, value: object) -> None:
    function, base = BASES[name]
    args, kwargs = base()
    if position is not None and position < len(args):
        args = (*args[:position], value, *args[position + 1 :])
    else:
        kwargs = {**kwargs, parameter: value}
    function(*args, **kwargs)


@pytest.mark.parametrize(
    ("name", "parameter", "position"), SWEEP, ids=[f"{n}-{p}" for n, p, _ in SWEEP]
)
def test_every_argument_given_odd_values_returns_or_raises_an_ei_error(
    name: str, parameter: str, position: int | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each odd value of each argument returns or raises an EIError, nothing else escapes.

    Run in an empty folder: a text such as ``"x"`` is a valid relative path (``write_messages``
    writes into it).
    """
    monkeypatch.chdir(tmp_path)
    escaped: list[str] = []
    for value in ODD:
        try:
            _call(name, parameter, position, value)
        except EIError:
            continue
        except Exception as error:  # why: what escapes is what is tested
            escaped.append(f"{value!r}: {type(error).__name__}: {error}")
    assert not escaped, "\n".join(escaped)


IDENTIFIERS = {"agb": identifiers.agb, "uzovi": identifiers.uzovi}
IDENTIFIERS |= {"gemeentecode": identifiers.gemeentecode, "bsn": identifiers.bsn}
OWN = ("agb", "uzovi", "gemeentecode")
"""The identifier modules of eistandaard itself (``bsn`` is python-stdnum's own module)."""

_LETTERS = "0123456789 -.GMgm\u00b2\u0663\u2165\u00a0\t\n\x00xé"
TEXTS: tuple[str, ...] = (
    "",
    " ",
    "GM",
    "GM0363",
    "0363",
    "99000001",
    "00000001",
    "99-000001",
    "\u00b2\u00b3\u2074\u2075",  # superscript digits: str.isdigit, yet no int
    "\u0661\u0662\u0663\u0664",  # Arabic-Indic digits
    "GM\u00b2\u00b3\u2074\u2075",
    "\ud800",  # a lone surrogate (a file name that is not UTF-8)
    "1" * 10_000,
    *(
        "".join(random.Random(n).choices(_LETTERS, k=random.Random(-n).randint(0, 12)))
        for n in range(200)
    ),
)
"""Texts a caller may hand an identifier function: odd digits, separators, controls, noise."""


def _functions(module: Any) -> list[str]:
    return [
        name
        for name in ("compact", "validate", "is_valid", "format", "zorgsoort")
        if hasattr(module, name)
    ]


@pytest.mark.parametrize(
    ("module", "function"),
    [(m, f) for m in IDENTIFIERS for f in _functions(IDENTIFIERS[m])],
)
def test_an_identifier_function_given_any_text_raises_only_its_documented_errors(
    module: str, function: str
) -> None:
    """For any str: a result (``is_valid``: a bool), or python-stdnum's ValidationError."""
    call = getattr(IDENTIFIERS[module], function)
    escaped: list[str] = []
    for text in TEXTS:
        if module == "bsn" and len(text) > 4300:
            # python-stdnum's own bsn.validate reads the whole text with int(): past Python's
            # 4300-digit limit a ValueError. eistandaard re-exports that module unchanged.
            continue
        try:
            result = call(text)
        except ValidationError:
            continue
        except Exception as error:  # why: what escapes is what is tested
            escaped.append(f"{text[:20]!r}: {type(error).__name__}: {error}")
            continue
        if function == "is_valid":
            assert isinstance(result, bool), (text, result)
        else:
            assert isinstance(result, str), (text, result)
    assert not escaped, "\n".join(escaped)


@pytest.mark.parametrize(
    ("module", "function"), [(m, f) for m in OWN for f in _functions(IDENTIFIERS[m])]
)
def test_an_identifier_function_given_no_text_says_so(module: str, function: str) -> None:
    """A number, None, bytes, a list ...: InvalidFormat (is_valid: False), never a result."""
    call = getattr(IDENTIFIERS[module], function)
    for value in (99000001, None, b"99000001", ["9", "9"], 3.5, object(), dt.date(2026, 1, 1)):
        if function == "is_valid":
            assert call(value) is False, value
        else:
            with pytest.raises(ValidationError):
                call(value)


@pytest.mark.parametrize(
    "case", SIDECAR["case"], ids=[f"{c['function']}-{c['argument']}" for c in SIDECAR["case"]]
)
def test_an_argument_of_the_wrong_kind_is_refused_with_the_sidecar_reason(
    case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sidecar's reason, whole, in English and Dutch: argument, what it takes, what came."""
    monkeypatch.chdir(tmp_path)
    function = BASES[case["function"]][0]
    position = dict(_parameters(function))[case["argument"]]
    with pytest.raises(InputError) as caught:
        _call(case["function"], case["argument"], position, case["value"])
    assert str(caught.value) == case["en"]
    assert caught.value.text("nl") == case["nl"]


def test_more_json_parts_than_reports_is_an_input_error() -> None:
    """reports_to_json with a part for a report that is not there: said, in both languages."""
    with pytest.raises(InputError) as caught:
        render.reports_to_json([], parts=[None])
    assert str(caught.value) == "1 JSON parts for 0 reports: at most one part per report"
    assert (
        caught.value.text("nl") == "1 JSON-delen voor 0 rapporten: hoogstens één deel per rapport"
    )


def test_a_refusal_names_the_argument_in_both_languages() -> None:
    """An argument of the wrong kind is named with what it takes and what was given."""
    with pytest.raises(InputError) as caught:
        vecozo.check_envelope(_envelope(), spec="WMO323")  # type: ignore[arg-type]  # why: misuse
    assert str(caught.value) == (
        "spec must be a MessageSpec (eistandaard.standards.catalog), not str"
    )
    assert caught.value.text("nl") == (
        "spec moet een MessageSpec (eistandaard.standards.catalog) zijn, geen str"
    )
    with pytest.raises(InputError) as listed:
        render.summary_line([_report(), "verzoek.xml"])  # type: ignore[list-item]  # why: misuse
    assert (
        str(listed.value) == "reports must be a list or tuple of Reports (eistandaard); given: str"
    )
    assert listed.value.text("nl") == (
        "reports moet een lijst of tuple van Reports (eistandaard) zijn; gegeven: str"
    )


def test_an_unknown_format_is_an_input_error_and_still_a_key_error() -> None:
    """reporter("yaml"): an InputError (an EIError) that callers catching KeyError still catch."""
    with pytest.raises(InputError) as caught:
        render.reporter("yaml")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value).startswith('unknown format "yaml"; known: ')
    assert caught.value.text("nl").startswith('onbekend formaat "yaml"; bekend: ')


def test_the_right_kinds_still_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each base call of the sweep returns: the checks refuse only misuse."""
    monkeypatch.chdir(tmp_path)
    for name, (function, base) in BASES.items():
        args, kwargs = base()
        function(*args, **kwargs)  # raises if a valid call were refused
        assert name
