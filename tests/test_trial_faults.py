"""Faults a demanding newcomer found trying ``ei`` and the library as their users would.

Each case is a message authored in ``fixtures/trial/`` with a sidecar ``*.expected.toml`` that
says what it must produce; the test docstring names the kind of fault it guards.
"""

from __future__ import annotations

import errno
import shutil
import tomllib
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.cli.main import main
from eistandaard.core.errors import InputError
from eistandaard.standards.wording import Worded, in_lang, os_reason

CASES = FIXTURES / "trial"


def _expected(stem: str) -> dict[str, object]:
    return tomllib.loads((CASES / f"{stem}.expected.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_unreadable_file_in_a_folder_is_said_in_the_language_of_the_run(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """EI109 of an entry that cannot be read: the OS reason in the language of --lang.

    Before, ``--lang nl`` printed "lezen mislukt: FileNotFoundError: No such file or directory":
    two languages on one line.
    """
    expected = _expected("wmo323-unreadable-in-folder")
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(CASES / "wmo323-unreadable-in-folder.xml", folder / "a.xml")
    (folder / "gone.xml").symlink_to(tmp_path / "does-not-exist.xml")
    code = main(["validate", "--lang", lang, str(folder)])
    printed = capsys.readouterr().out
    assert code == expected["exit"]
    details = expected["link_details"]
    assert isinstance(details, dict)
    assert details[lang] in printed
    other = details["en" if lang == "nl" else "nl"]
    assert other not in printed
    assert str(expected["code"]) in printed


def test_every_os_reason_the_tables_know_is_worded_in_both_languages() -> None:
    """os_reason: a known errno is Worded (nl differs from en); an unknown one its own words."""
    for number in (errno.ENOENT, errno.EACCES, errno.ENOSPC, errno.EISDIR):
        reason = os_reason(OSError(number, "system words"))
        assert isinstance(reason, Worded)
        assert in_lang(reason, "nl") != in_lang(reason, "en")
    assert os_reason(OSError(errno.EXDEV, "Invalid cross-device link")) == (
        "Invalid cross-device link"
    )
    assert os_reason(ValueError("embedded null byte")) == "embedded null byte"


@pytest.mark.parametrize("swapped", [False, True], ids=["rejected-request", "accepted-request"])
def test_the_report_of_another_message_of_the_same_kind_never_answers_a_request(
    swapped: bool,
) -> None:
    """build_return refuses a report of another WMO323 with the same identification.

    Before, the report of an accepted declaration answered a rejected one "fully accepted" (fail
    open) because only message, release and BerichtIdentificatie were compared.
    """
    expected = _expected("wmo323-same-identificatie-rejected")
    rejected = CASES / "wmo323-same-identificatie-rejected.xml"
    accepted = FIXTURES / str(expected["other"])
    request, other = (accepted, rejected) if swapped else (rejected, accepted)
    with pytest.raises(InputError) as caught:
        eistandaard.build_return(request, eistandaard.validate(other))
    refusal = expected["refusal"]
    assert isinstance(refusal, dict)
    assert refusal["en"] in str(caught.value)
    assert refusal["nl"] in caught.value.text("nl")


def test_its_own_report_answers_the_request_however_it_is_given() -> None:
    """The same message as a path, bytes, a ZIP or the report's Message: the answer is built."""
    expected = _expected("wmo323-same-identificatie-rejected")
    request = CASES / "wmo323-same-identificatie-rejected.xml"
    report = eistandaard.validate(request)
    assert report.verdict.value == expected["verdict"]
    assert [f.code for f in report.findings] == expected["codes"]
    assert report.message is not None
    for given in (request, request.read_bytes(), report.message):
        assert eistandaard.build_return(given, report).outcome == expected["outcome"]


def test_a_vektis_report_of_another_message_with_the_same_referentienummer_is_refused() -> None:
    """Every family: a GDS801 report of another GDS801 (same Referentienummer) is refused."""
    accepted = FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml"
    rejected = FIXTURES / "gds/1.0/GDS801/invalid/vc016-0150-total-off-by-a-cent.xml"
    with pytest.raises(InputError, match="report of another message"):
        eistandaard.build_return(rejected, eistandaard.validate(accepted))


def _date_case() -> dict[str, object]:
    return _expected("date-forms")


def _listed(key: str) -> list[str]:
    values = _date_case()[key]
    assert isinstance(values, list)
    return [str(value) for value in values]


@pytest.mark.parametrize("text", _listed("refused"))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_date_option_is_yyyy_mm_dd_and_nothing_else(
    text: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--as-of and --dagtekening refuse week dates and 8-digit dates: usage error, exit 2."""
    case = _date_case()
    refusal = case["refusal"]
    assert isinstance(refusal, dict)
    request = FIXTURES / _listed("requests")[0]
    out = tmp_path / "answer.xml"
    for argv in (
        ["validate", "--lang", lang, "--as-of", text, str(request)],
        ["return", "--lang", lang, "--dagtekening", text, str(request), "-o", str(out)],
    ):
        assert main(argv) == 2
        assert refusal[lang] in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("request_name", _listed("requests"))
def test_build_return_refuses_a_date_that_is_not_yyyy_mm_dd_in_every_family(
    request_name: str,
) -> None:
    """date= and as_of= that are no YYYY-MM-DD: InputError in both languages, never ValueError."""
    case = _date_case()
    request = FIXTURES / request_name
    report = eistandaard.validate(request, as_of=str(case["as_of"]))
    for text in _listed("refused"):
        with pytest.raises(InputError) as caught:
            eistandaard.build_return(request, report, date=text)
        assert caught.value.text("nl") != str(caught.value)
        with pytest.raises(InputError):
            eistandaard.validate(request, as_of=text)
    assert eistandaard.build_return(request, report, date=str(case["as_of"])).outcome


def test_diff_of_a_pair_without_a_declaratie_antwoord_says_so_in_both_languages() -> None:
    """eistandaard.diff of BM, GDS or a 301/302 pair: worded, never "answers a (none)"."""
    pairs = _expected("diff-no-declaratie-antwoord")["pairs"]
    assert isinstance(pairs, list)
    for pair in pairs:
        with pytest.raises(InputError) as caught:
            eistandaard.diff(FIXTURES / pair["request"], FIXTURES / pair["answer"])
        assert str(caught.value).startswith(pair["en"])
        assert caught.value.text("nl").startswith(pair["nl"])
        assert "(none)" not in str(caught.value)
        assert "eistandaard.explain" in str(caught.value)


def test_a_source_of_the_wrong_type_is_named_as_a_value_of_that_type() -> None:
    """validate(5) / explain(None, ...): "a value of type int", never "a int", in nl and en."""
    expected = _expected("source-type")
    with pytest.raises(InputError) as caught:
        eistandaard.validate(5)  # type: ignore[arg-type]  # the misuse under test
    assert str(expected["validate_en"]) in str(caught.value)
    assert str(expected["validate_nl"]) in caught.value.text("nl")
    answer = FIXTURES / "iwmo/3.2/WMO325/valid/basis.xml"
    with pytest.raises(InputError) as caught:
        eistandaard.explain(None, answer)  # type: ignore[arg-type]  # the misuse under test
    assert str(expected["read_en"]) in str(caught.value)
    assert str(expected["read_nl"]) in caught.value.text("nl")
