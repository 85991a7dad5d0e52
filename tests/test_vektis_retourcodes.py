"""The retourcodes of a GDS802 or BM802 are checked against COD954-VEKT, as WJ001 for the 325.

``ei return`` checks every Vektis answer with :func:`feedback_code_problems` before writing it
(the self-check; a GDS802 also at level 4), and the comparison of an answer with its request can
call the same function. eistandaard's provisional codes (``Pnnn``) are not COD954 codes and are
never problems. COD954 is not bundled (Vektis does not publish it
with the specifications): the check runs with the list an integrator supplies. The lists here
are fictitious test lists (fixtures/answers/codelists).
"""

from __future__ import annotations

import datetime as dt
import json
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
    """8028 is not in the (complete) test list: one problem naming code, class and list."""
    root, spec = _answer(BM_CAK)
    root = etree.fromstring(etree.tostring(root).replace(b">P013<", b">8028<"))
    (problem,) = feedback_code_problems(root, spec, COMPLETE, on=DAY)  # type: ignore[arg-type]
    said = problem.text(lang)
    assert "8028" in said
    assert "Betaalopdracht" in said
    assert "COD954-VEKT" in said
    assert ("staat niet in codelijst" if lang == "nl" else "is not in code list") in said


def test_a_known_code_or_an_incomplete_list_or_no_list_gives_no_problem() -> None:
    """8028 unknown to an incomplete list: no proof; P013 is provisional; no list: nothing."""
    root, spec = _answer(BM_CAK)
    assert feedback_code_problems(root, spec, COMPLETE, on=DAY) == ()  # type: ignore[arg-type]
    other = etree.fromstring(etree.tostring(root).replace(b">P013<", b">8028<"))
    assert feedback_code_problems(other, spec, INCOMPLETE, on=DAY) == ()  # type: ignore[arg-type]
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
    ("request_name", "code", "where"),
    [
        ("berichtsoort-test-in-production.xml", "8028", "Header"),
        ("ontvangerrol-unknown.xml", "9311", "Header"),
    ],
)
def test_ei_return_refuses_a_bm802_whose_codes_the_list_lacks(
    request_name: str, code: str, where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """VECOZO's BM802 with a code the (complete) list lacks: never written, exit 3, code named."""
    request = FIXTURES / "bm" / "2.0" / "BM801" / "invalid" / request_name
    out = tmp_path / "bm802.xml"
    argv = ["return", str(request), "-o", str(out), "--responder", "vecozo"]
    argv += ["--as-of", "2026-11-23"]
    listing = f"COD954-VEKT={LISTS / 'COD954-VEKT-complete.csv'}"
    assert main([*argv, "--codelist", listing, "--lang", "en"]) == 3
    err = capsys.readouterr().err
    assert f"retourcode {code} ({where}) is not in code list COD954-VEKT" in err
    assert not out.exists()
    assert main(argv) == 0  # without the list: written
    assert out.is_file()


def test_a_provisional_code_of_eistandaard_is_no_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """P007 (provisional, rules.toml) is not in COD954: VECOZO's BM802 with it is still written."""
    request = FIXTURES / "bm" / "2.0" / "BM801" / "invalid" / "bic-country-not-iban-country.xml"
    out = tmp_path / "bm802.xml"
    listing = f"COD954-VEKT={LISTS / 'COD954-VEKT-complete.csv'}"
    argv = ["return", str(request), "-o", str(out), "--responder", "vecozo"]
    assert main([*argv, "--as-of", "2026-11-23", "--codelist", listing]) == 0
    assert b"P007" in out.read_bytes()


def test_a_gds802_self_check_line_reads_as_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """VECOZO's GDS802 refused at level 4: "EI401 at ...: <text>: <details>", no ".:"."""
    request = (
        FIXTURES / "gds" / "1.0" / "GDS801" / "invalid" / "rc008-9317-declarant-soort-unknown.xml"
    )
    out = tmp_path / "gds802.xml"
    listing = f"COD954-VEKT={LISTS / 'COD954-VEKT-complete.csv'}"
    argv = ["return", str(request), "-o", str(out), "--responder", "vecozo"]
    argv += ["--as-of", "2026-11-23", "--lang", "en", "--codelist", listing]
    assert main(argv) == 3
    err = capsys.readouterr().err
    assert "EI401" in err
    assert "9317" in err
    assert ".:" not in err
    assert not out.exists()


def test_ei_return_json_names_the_refused_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei return --format json`: outcome error, exit 3, the refused codes in "error"."""
    import json

    request = FIXTURES / "bm" / "2.0" / "BM801" / "invalid" / "ontvangerrol-unknown.xml"
    out = tmp_path / "bm802.xml"
    listing = f"COD954-VEKT={LISTS / 'COD954-VEKT-complete.csv'}"
    argv = ["return", str(request), "-o", str(out), "--responder", "vecozo", "--format", "json"]
    assert main([*argv, "--as-of", "2026-11-23", "--codelist", listing]) == 3
    document = json.loads(capsys.readouterr().out)
    assert document["outcome"] == "error"
    assert document["written"] is None
    assert "retourcode 9311 (Header) staat niet in codelijst COD954-VEKT" in document["error"]
    assert not out.exists()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_ei_diff_names_an_answer_code_the_list_lacks(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei diff` checks the answer's Feedback codes as `ei return` does: 8028 is not in the list.

    The same pair with the golden code (P013, provisional) has no such problem.
    """
    request = FIXTURES / "bm" / "2.0" / "BM801" / "valid" / "net-credit-total.xml"
    listing = f"COD954-VEKT={LISTS / 'COD954-VEKT-complete.csv'}"
    changed = tmp_path / "BM802.xml"
    changed.write_bytes(BM_CAK.read_bytes().replace(b">P013<", b">8028<"))
    argv = ["diff", str(request), "--codelist", listing, "--lang", lang, "--format", "json"]
    main([*argv[:2], str(changed), *argv[2:]])
    document = json.loads(capsys.readouterr().out)
    problems = " ".join(str(p) for p in document["problems"])
    assert "8028" in problems
    assert "COD954-VEKT" in problems
    main([*argv[:2], str(BM_CAK), *argv[2:]])
    clean = json.loads(capsys.readouterr().out)
    assert not any("COD954-VEKT" in str(p) for p in clean["problems"])


def test_ei_diff_as_of_sets_the_day_the_codes_are_checked_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """8002 expired in 2020: refused on the answer's own date, valid with `--as-of 2019-06-01`."""
    request = FIXTURES / "bm" / "2.0" / "BM801" / "valid" / "net-credit-total.xml"
    listing = f"COD954-VEKT={LISTS / 'COD954-VEKT-complete.csv'}"
    changed = tmp_path / "BM802.xml"
    changed.write_bytes(BM_CAK.read_bytes().replace(b">P013<", b">8002<"))
    argv = ["diff", str(request), str(changed), "--codelist", listing, "--format", "json"]
    main(argv)
    on_its_date = json.loads(capsys.readouterr().out)
    assert any("8002" in str(p) for p in on_its_date["problems"])
    main([*argv, "--as-of", "2019-06-01"])
    earlier = json.loads(capsys.readouterr().out)
    assert not any("8002" in str(p) for p in earlier["problems"])
    assert main([*argv, "--as-of", "2019-13-01"]) == 2  # not a date: one usage line


def test_explain_takes_as_of_as_a_date_or_text_and_refuses_other_values() -> None:
    """`eistandaard.explain(..., as_of=...)`: a date or YYYY-MM-DD; anything else is InputError."""
    from eistandaard import explain
    from eistandaard.core.errors import InputError

    request = FIXTURES / "bm" / "2.0" / "BM801" / "valid" / "net-credit-total.xml"
    text = explain(request, BM_CAK, as_of="2026-11-23")
    day = explain(request, BM_CAK, as_of=DAY)
    assert text.outcome == day.outcome
    with pytest.raises(InputError):
        explain(request, BM_CAK, as_of="23-11-2026")
