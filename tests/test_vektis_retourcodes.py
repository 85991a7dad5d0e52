"""The retourcodes of a GDS802 or BM802 are checked against COD954-VEKT, as WJ001 for the 325.

``ei return`` checks every answer at level 4 before writing it (check ``retourcode`` of the
GDS and BM referential data), and :func:`feedback_code_problems` gives the same check to the
comparison of an answer with its request. COD954 is not bundled (Vektis does not publish it
with the specifications): the check runs with the list an integrator supplies. The lists here
are fictitious test lists (fixtures/answers/codelists).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES

from eistandaard.cli.main import main
from eistandaard.conventions.vektis.selfcheck import (
    feedback_code_problems,
    feedback_codes,
    retourcode_list,
)
from eistandaard.standards.catalog import default_catalog
from eistandaard.standards.codelists import CodeLists

LISTS = FIXTURES / "answers" / "codelists"
COMPLETE = CodeLists(overrides={"COD954-VEKT": LISTS / "COD954-VEKT-complete.csv"})
INCOMPLETE = CodeLists(overrides={"COD954-VEKT": LISTS / "COD954-VEKT.csv"})
BM_CAK = FIXTURES / "golden" / "answers" / "bm-cak.answer.xml"  # Betaalopdracht P013
GDS = FIXTURES / "golden" / "answers" / "gds-insurer.answer.xml"
DAY = dt.date(2026, 11, 23)


def _answer(path: Path) -> tuple[etree._Element, object]:
    root = etree.parse(str(path)).getroot()
    spec = default_catalog().get("BM802" if "bm-" in path.name else "GDS802")
    return root, spec


def test_every_feedback_code_is_found_with_its_class() -> None:
    """The golden CAK BM802 has one Feedback, on its Betaalopdracht: P013."""
    root, _ = _answer(BM_CAK)
    assert list(feedback_codes(root)) == [("P013", "Betaalopdracht")]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_code_a_complete_list_lacks_is_a_problem(lang: str) -> None:
    """P013 is not in the (complete) test list: one problem naming code, class and list."""
    root, spec = _answer(BM_CAK)
    (problem,) = feedback_code_problems(root, spec, COMPLETE, on=DAY)  # type: ignore[arg-type]
    said = problem.text(lang)
    assert "P013" in said
    assert "Betaalopdracht" in said
    assert "COD954-VEKT" in said
    assert ("staat niet in codelijst" if lang == "nl" else "is not in code list") in said


def test_a_known_code_or_an_incomplete_list_or_no_list_gives_no_problem() -> None:
    """P013 in the incomplete test list: fine; the complete list cannot miss 8001; no list: none."""
    root, spec = _answer(BM_CAK)
    assert feedback_code_problems(root, spec, INCOMPLETE, on=DAY) == ()  # type: ignore[arg-type]
    assert retourcode_list(spec, None) is None  # type: ignore[arg-type]  # not bundled
    assert feedback_code_problems(root, spec, None, on=DAY) == ()  # type: ignore[arg-type]


def test_an_expired_code_is_a_problem_on_the_verzenddatum(tmp_path: Path) -> None:
    """8002 expired in 2020 (test list): a BM802 carrying it in 2026 is refused, naming the date."""
    root, spec = _answer(BM_CAK)
    text = etree.tostring(root).replace(b">P013<", b">8002<")
    (problem,) = feedback_code_problems(
        etree.fromstring(text),
        spec,  # type: ignore[arg-type]
        COMPLETE,
        on=DAY,
    )
    assert "8002" in problem.text("nl")
    assert "2026-11-23" in problem.text("nl")
    assert "niet geldig" in problem.text("nl")


@pytest.mark.parametrize(
    "request_name", ["berichtsoort-test-in-production.xml", "bic-country-not-iban-country.xml"]
)
def test_ei_return_refuses_a_bm802_whose_codes_the_list_lacks(
    request_name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """VECOZO's BM802 with a code the (complete) list lacks: never written, exit 3, code named."""
    request = FIXTURES / "bm" / "2.0" / "BM801" / "invalid" / request_name
    out = tmp_path / "bm802.xml"
    argv = ["return", str(request), "-o", str(out), "--responder", "vecozo"]
    argv += ["--as-of", "2026-11-23"]
    listing = f"COD954-VEKT={LISTS / 'COD954-VEKT-complete.csv'}"
    assert main([*argv, "--codelist", listing, "--lang", "en"]) == 3
    err = capsys.readouterr().err
    assert "Feedback" in err
    assert "COD954-VEKT" in err
    assert ".:" not in err  # the finding's text and its details read as one sentence
    assert not out.exists()
    assert main(argv) == 0  # without the list: written
    assert out.is_file()
