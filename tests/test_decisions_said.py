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
from eistandaard.core.errors import DecisionError, InputError

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


@pytest.mark.parametrize(
    ("name", "text", "nl", "en"),
    [
        (
            "bad.toml",
            "x = = 1",
            "geen geldige TOML (regel 1, kolom 5)",
            "not valid TOML (line 1, column 5)",
        ),
        ("bad.json", '{"a":', "geen JSON (regel 1, kolom 6)", "not JSON (line 1, column 6)"),
        (
            "bad.txt",
            "x = = 1",
            "geen geldige TOML (regel 1, kolom 5)",
            "not valid TOML (line 1, column 5)",
        ),
    ],
)
@pytest.mark.parametrize("request_file", [W, GDS801, BM801])
def test_a_decisions_file_that_does_not_parse_is_said_alike_in_the_run_language(
    request_file: Path,
    name: str,
    text: str,
    nl: str,
    en: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """JSON or TOML, every family: one wording, the parser's place in --lang (no English)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    for lang, said in (
        ("nl", f"{path}: kan de beslissingen niet lezen: {nl}"),
        ("en", f"{path}: cannot read decisions: {en}"),
    ):
        out = tmp_path / "x.xml"
        code = main(
            ["return", str(request_file), "--decisions", str(path), "-o", str(out), "--lang", lang]
        )
        err = capsys.readouterr().err
        assert code == 2
        assert said in err
        assert "Invalid" not in err
        assert "Expecting" not in err


def test_toml_data_files_word_their_place_too(tmp_path: Path) -> None:
    """Every TOML read through ``load_toml`` (--references, batch files ...) words its place."""
    from eistandaard.core.errors import DataError
    from eistandaard.standards.resources import load_toml

    path = tmp_path / "x.toml"
    path.write_text("x = = 1", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_toml(path)
    assert caught.value.text("nl") == f"{path} is geen geldige TOML (regel 1, kolom 5)"
    assert str(caught.value) == f"{path} is not valid TOML (line 1, column 5)"


TABLES_TOML = '[prestatie."WMO-2024-0302"]\nretourcodes = ["0611"]\n'
TABLES_JSON = '{"prestatie": {"WMO-2024-0302": {"retourcodes": ["0611"]}}}'


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("wd.txt", TABLES_TOML),
        ("wd", TABLES_TOML),
        ("wd.txt", TABLES_JSON),
        ("wd.toml", TABLES_TOML),
    ],
)
def test_one_reader_for_every_family_chooses_the_syntax_alike(
    name: str, text: str, tmp_path: Path, report: eistandaard.Report
) -> None:
    """A name without .toml/.json is read by its first character, the same for WMO and GDS."""
    from eistandaard.answers.returns import load_decisions

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    wmo = load_decisions(path, report)
    assert wmo.prestaties == {"WMO-2024-0302": ("0611",)}
    gds = load_decisions(path, eistandaard.validate(GDS801))
    assert gds.prestaties["WMO-2024-0302"].retourcodes == ("0611",)
    with pytest.raises(DecisionError, match="prestatie; expected betaalopdracht"):
        load_decisions(path, eistandaard.validate(BM801))  # read alike, its own table only


def test_a_blank_decisions_file_without_extension_is_refused_as_empty(
    tmp_path: Path, report: eistandaard.Report
) -> None:
    """A blank file is never read as no decisions when its name does not say TOML."""
    from eistandaard.answers.returns import load_decisions

    path = tmp_path / "d.txt"
    path.write_text("  \n", encoding="utf-8")
    with pytest.raises(DecisionError, match="the file is empty"):
        load_decisions(path, report)


@pytest.mark.parametrize(
    ("tables", "said"),
    [
        (
            {"client": {"123456782": {"retourcodes": ["8187"]}}},
            "decisions: client.123456782: no client with Bsn 123456782",
        ),
        (
            {"client": {"999900031": {"retourcodes": ["9999"]}}},
            "decisions: client.999900031.retourcodes: retourcode 9999 is not in code list WJ001",
        ),
        (
            {"prestatie": {"WMO-2024-0302": {"retourcodes": ["0001"]}}},
            "decisions: prestatie.WMO-2024-0302.retourcodes: retourcode 0001 has a fixed role",
        ),
        (
            {"header": {"retourcodes": ["0200"]}},
            "decisions: header.retourcodes: retourcode 0200 has a fixed role",
        ),
        ({"prestatie": {"X": {"retourcodes": ["0611"]}}}, "decisions: prestatie.X: no prestatie"),
    ],
)
def test_decision_errors_name_the_keys_as_the_table_format_writes_them(
    tables: dict[str, object], said: str, report: eistandaard.Report
) -> None:
    """``client.123456782``, never the internal ``clienten 123456782``."""
    with pytest.raises(DecisionError) as caught:
        eistandaard.build_return(W, report, decisions=tables)
    assert said in str(caught.value)
    assert "clienten" not in str(caught.value)
    assert "prestaties" not in str(caught.value)


def test_an_unknown_key_lists_the_table_format_and_the_older_lists_once(
    report: eistandaard.Report,
) -> None:
    """The API's mapping and the CLI's file list the same keys: the table format's first."""
    with pytest.raises(DecisionError) as caught:
        eistandaard.build_return(W, report, decisions={"x": 1})
    assert str(caught.value) == (
        "decisions: unknown key(s) x; expected header, declaratie, client, prestatie "
        "(or, in the older lists format, header, declaratie, clienten, prestaties)"
    )


def test_bm_code_checks_name_the_retourcodes_as_written() -> None:
    """A BM code the COD954 list lacks: ``betaalopdracht.BO-0001.retourcodes``."""
    from eistandaard.conventions.vektis.bm.decisions import CakDecisions

    decisions = CakDecisions({"BO-0001": ("ZZZZ",)})
    assert decisions.keyed_codes() == [("ZZZZ", "betaalopdracht.BO-0001.retourcodes")]


def test_iv032_code_checks_name_the_retourcodes_as_written() -> None:
    """Per-class decisions (301-319) name ``Class.key.retourcodes``, as the table writes it."""
    from eistandaard.conventions.istandaarden.decisions import ClassDecisions

    decisions = ClassDecisions.from_tables(
        {"Header": {"retourcodes": ["9056"]}, "Client": {"999900006": {"retourcodes": ["8187"]}}},
        ["Header", "Client"],
    )
    assert decisions.keyed_codes() == [
        ("9056", "Header.retourcodes"),
        ("8187", "Client.999900006.retourcodes"),
    ]


REJECTED_CLIENT = {"999900031": {"retourcodes": ["8187"]}}
ITS_PRESTATIE = {"WMO-2024-0302": {"retourcodes": ["0611"]}}


@pytest.mark.parametrize(
    ("decisions", "said"),
    [
        (
            {"client": REJECTED_CLIENT, "prestatie": ITS_PRESTATIE},
            "decisions: prestatie.WMO-2024-0302: not carried by the answer: client 999900031 is "
            "rejected (8187) and its prestaties are then not assessed (IV028); leave out",
        ),
        (
            {"header": {"retourcodes": ["9056"]}, "declaratie": {"retourcodes": ["9333"]}},
            "decisions: declaratie: not carried by the answer: the Header is rejected (9056) and "
            "the answer is the Header only; leave out",
        ),
        (
            {"declaratie": {"retourcodes": ["9333"]}, "client": REJECTED_CLIENT},
            "decisions: client.999900031: not carried by the answer: the Declaratie is rejected "
            "(9333) and then no client or prestatie is assessed; leave out",
        ),
        (
            {
                "header": {"retourcodes": ["9056"]},
                "client": REJECTED_CLIENT,
                "prestatie": ITS_PRESTATIE,
            },
            "decisions: client.999900031, prestatie.WMO-2024-0302: not carried by the answer",
        ),
    ],
)
def test_a_decision_the_answer_cannot_carry_is_refused_never_dropped(
    decisions: dict[str, object], said: str, report: eistandaard.Report
) -> None:
    """IV028 answers a rejected Header, Declaratie or client without what lies below: said so."""
    with pytest.raises(DecisionError) as caught:
        eistandaard.build_return(W, report, decisions=decisions)
    assert said in str(caught.value)


def test_a_decision_under_a_technical_rejection_is_refused() -> None:
    """A request rejected technically (0001) is answered by its Header only: no decision fits."""
    rejected = FIXTURES / "iwmo/3.2/WMO323/invalid/tr101-same-bsn.xml"
    with pytest.raises(DecisionError, match=r"rejected technically \(0001\)"):
        eistandaard.build_return(
            rejected,
            eistandaard.validate(rejected),
            decisions={"header": {"retourcodes": ["9056"]}},
        )


def test_the_cli_says_a_dropped_decision_in_dutch_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ei return`` exit 2, one line in --lang, no answer written."""
    path = tmp_path / "cp.toml"
    path.write_text(
        '[client."999900031"]\nretourcodes = ["8187"]\n'
        '[prestatie."WMO-2024-0302"]\nretourcodes = ["0611"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "x.xml"
    code = main(["return", str(W), "--decisions", str(path), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert (
        "prestatie.WMO-2024-0302: past niet in het antwoord: cliënt 999900031 wordt afgewezen"
        in err
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("request_file", "decisions", "said"),
    [
        (
            FIXTURES / "bm/2.0/BM801/invalid/berichtcode-538.xml",
            {"betaalopdracht": {"BO-0001": {"retourcodes": ["P013"]}}},
            "decisions: betaalopdracht.BO-0001: not carried by the answer: the Header is rejected "
            "(P001) and the answer then stops at the classes always returned (short circuit)",
        ),
        (
            FIXTURES / "gds/1.0/GDS801/invalid/rc003-9302-verzenderrol-unknown.xml",
            {"prestatie": {"P0001": {"retourcodes": ["8001"]}}},
            "decisions: prestatie.P0001: not carried by the answer: the Header is rejected",
        ),
        (
            FIXTURES / "gds/1.0/GDS801/invalid/rc003-9302-verzenderrol-unknown.xml",
            {"prestatie": {"P0001": {"berekend": "1.00"}}},
            "decisions: prestatie.P0001: not carried by the answer: the Header is rejected",
        ),
        (
            FIXTURES / "gds/1.0/GDS801/invalid/rc019-9334-prestatiecodelijst-unknown.xml",
            {"prestatie": {"P0001": {"toegekend": "1.00"}}},
            "decisions: prestatie.P0001: not carried by the answer: the prestatie is rejected "
            "(9425) and is then granted no amount",
        ),
    ],
)
def test_a_vektis_decision_the_answer_cannot_carry_is_refused(
    request_file: Path, decisions: dict[str, object], said: str
) -> None:
    """GDS and BM: a decision below a short circuit or on a rejected prestatie is said."""
    report = eistandaard.validate(request_file)
    with pytest.raises(DecisionError) as caught:
        eistandaard.build_return(request_file, report, decisions=decisions)
    assert said in str(caught.value)


def test_a_vektis_decision_on_an_accepted_request_is_still_carried() -> None:
    """The check refuses only what is lost: a granted amount on a clean GDS801 is written."""
    report = eistandaard.validate(GDS801)
    built = eistandaard.build_return(
        GDS801, report, decisions={"prestatie": {"P0001": {"retourcodes": ["8001"]}}}
    )
    assert built.message is not None


WMO301 = FIXTURES / "iwmo/3.2/WMO301/valid/basis.xml"
WMO301_TECHNICAL = FIXTURES / "iwmo/3.2/WMO301/invalid/cd005-postcode-without-landcode.xml"


@pytest.mark.parametrize(
    ("request_file", "decisions", "said"),
    [
        (
            WMO301,
            {
                "Header": {"retourcodes": ["9056"]},
                "ToegewezenProduct": {"5002": {"retourcodes": ["9332"]}},
            },
            "decisions: ToegewezenProduct.5002: not carried by the answer: the Header is rejected "
            "(9056) and the answer is the Header only",
        ),
        (
            WMO301_TECHNICAL,
            {"ToegewezenProduct": {"5002": {"retourcodes": ["9332"]}}},
            "decisions: ToegewezenProduct.5002: not carried by the answer: the request is "
            "rejected technically (0001)",
        ),
    ],
)
def test_an_iv032_decision_the_retour_cannot_carry_is_refused(
    request_file: Path, decisions: dict[str, object], said: str
) -> None:
    """A retour that is the Header only (0001, a rejected Header) carries no decision below."""
    report = eistandaard.validate(request_file, as_of="2026-11-30")
    with pytest.raises(DecisionError) as caught:
        eistandaard.build_return(request_file, report, decisions=decisions, as_of="2026-11-30")
    assert said in str(caught.value)
