"""An integrator's second trial of ``ei return`` and ``build_return`` (decisions and answers).

Each fault is fixed as a kind, for every family: a decision the answer cannot carry is said, the
decisions file is read one way everywhere, errors name the keys as the user wrote them, and the
API says first that an answer given as the request is an answer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.cli.main import main
from eistandaard.core.errors import InputError

W = FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"
WMO325 = FIXTURES / "golden/two-clients-with-credit.WMO325.xml"
GDS801 = FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml"
BM801 = FIXTURES / "bm/2.0/BM801/valid/net-credit-total.xml"


@pytest.fixture(scope="module")
def report() -> eistandaard.Report:
    """The report of W (build_return wants it)."""
    return eistandaard.validate(W)


def test_an_answer_given_as_the_request_is_said_so_before_the_report_is_compared(
    report: eistandaard.Report,
) -> None:
    """A WMO325 with its WMO323's report: "answer its request", not "the report is of ..."."""
    with pytest.raises(InputError) as caught:
        eistandaard.build_return(WMO325, report)
    assert "is a WMO325, an answer: answer its request (WMO323) instead" in str(caught.value)


@pytest.mark.parametrize(
    "request_file",
    [BM801, GDS801],
)
def test_a_forward_holds_no_report(
    request_file: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """VECOZO forwards what it finds nothing to reject: ``report`` is null, as documented."""
    code = main(
        [
            "return",
            str(request_file),
            "--responder",
            "vecozo",
            "--format",
            "json",
            "-o",
            str(tmp_path / "answer.xml"),
        ]
    )
    document = json.loads(capsys.readouterr().out)
    assert (code, document["outcome"], document["report"]) == (0, "forwarded", None)


def test_an_answer_written_for_a_rejected_request_is_exit_0_as_readme_and_docs_say(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """README, docs/returns.md and the code agree: ``ei return`` exit 0 is "answer written"."""
    rejected = FIXTURES / "iwmo/3.2/WMO323/invalid/tr101-same-bsn.xml"
    code = main(["return", str(rejected), "-o", str(tmp_path / "x.xml"), "--format", "json"])
    assert (code, json.loads(capsys.readouterr().out)["outcome"]) == (0, "technical-rejection")
    root = Path(__file__).resolve().parents[1]
    readme = " ".join((root / "README.md").read_text(encoding="utf-8").split())
    assert "**0** answer written (or VECOZO forwards), whatever it rejects" in readme
    returns = " ".join((root / "docs/returns.md").read_text(encoding="utf-8").split())
    assert "a rejected request answered is exit 0, not 1" in returns
