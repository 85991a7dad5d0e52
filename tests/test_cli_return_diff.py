"""`ei return` and `ei diff`: files, summaries, exit codes, no overwrite without --force."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from lxml import etree
from tests.answer_helpers import WMO323, own_schema_errors

from eistandaard.cli.main import main


def test_return_writes_the_answer_and_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei return` writes a valid WMO325 and prints counts and amounts; exit 0."""
    out = tmp_path / "answer.xml"
    argv = ["return", str(WMO323), "--as-of", "2024-05-10", "--id", "R-7", "-o", str(out)]
    code = main([*argv, "--lang", "en"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert own_schema_errors(out.read_bytes(), "iwmo", "WMO325") == []
    assert "WMO325 R-7" in printed
    assert "lines 3 granted" in printed
    assert "Totals: submitted 562.00 D = granted 562.00 D" in printed


def test_return_with_decisions_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--decisions rejects a prestatie; the summary and `ei diff` agree with the answer."""
    decisions = tmp_path / "d.json"
    decisions.write_text(json.dumps({"prestaties": {"WMO-2024-0302": ["0611"]}}), "utf-8")
    out = tmp_path / "answer.xml"
    code = main(
        [
            "return",
            str(WMO323),
            "--as-of",
            "2024-05-10",
            "--decisions",
            str(decisions),
            "-o",
            str(out),
            "--lang",
            "en",
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "lines 2 granted, 1 rejected" in printed
    assert "generated BerichtIdentificatie" in printed
    assert main(["diff", str(WMO323), str(out), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["consistent"] is True
    assert data["totals"]["granted"] == "412.00"  # signed Decimal string (JSON v1)


def test_return_with_unknown_decision_code_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A decision code outside WJ001: exit 2, nothing written, the reason on stderr."""
    decisions = tmp_path / "d.json"
    decisions.write_text(json.dumps({"clienten": {"999900031": ["1234"]}}), "utf-8")
    out = tmp_path / "answer.xml"
    assert main(["return", str(WMO323), "--decisions", str(decisions), "-o", str(out)]) == 2
    assert "1234" in capsys.readouterr().err
    assert not out.exists()


def test_return_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing output file is refused and left byte for byte and mtime untouched."""
    out = tmp_path / "answer.xml"
    out.write_bytes(b"keep me")
    os.utime(out, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = (out.read_bytes(), out.stat().st_mtime_ns)
    assert main(["return", str(WMO323), "-o", str(out)]) == 2
    assert "bestaat al" in capsys.readouterr().err
    assert (out.read_bytes(), out.stat().st_mtime_ns) == before
    assert main(["return", str(WMO323), "-o", str(out), "--force"]) == 0
    assert out.read_bytes().startswith(b"<?xml")


def test_return_of_an_xsd_invalid_message_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A message that fails the XSD: no 325, the error report printed, exit 1."""
    root = etree.parse(str(WMO323)).getroot()
    bsn = root.xpath("//*[local-name()='Bsn']")[0]
    bsn.text = "12AB"
    broken = tmp_path / "broken.xml"
    broken.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    out = tmp_path / "answer.xml"
    assert main(["return", str(broken), "-o", str(out)]) == 1
    captured = capsys.readouterr()
    assert "geen antwoord geschreven" in captured.err  # --lang nl, the default
    assert "EI2" in captured.out
    assert not out.exists()


def test_diff_exit_codes_and_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ei diff`: exit 0 when consistent, 1 with the reason when not; html is one page."""
    out = tmp_path / "answer.xml"
    assert main(["return", str(WMO323), "--id", "R-1", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["diff", str(WMO323), str(out), "--lang", "en"]) == 0
    assert "Consistent" in capsys.readouterr().out
    page = tmp_path / "diff.html"
    assert main(["diff", str(WMO323), str(out), "--format", "html", "-o", str(page)]) == 0
    assert page.read_text("utf-8").startswith("<!DOCTYPE html>")
    other = out.read_bytes().replace(b"W323-2404-01", b"W323-OTHER")
    wrong = tmp_path / "wrong.xml"
    wrong.write_bytes(other)
    capsys.readouterr()
    assert main(["diff", str(WMO323), str(wrong), "--lang", "en"]) == 1
    said = capsys.readouterr().out
    assert "Header/DeclaratieIdentificatie of the answer does not match" in said
    assert "other-declaration" not in said  # an internal check slug, never shown


def test_diff_of_unreadable_input_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A return that is not XML: exit 2 with a message, no traceback."""
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"<nope")
    assert main(["diff", str(WMO323), str(junk)]) == 2
    assert "Traceback" not in capsys.readouterr().err


BM_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bm" / "2.0"


def test_return_and_diff_for_a_bm801(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ei return` answers a BM801 with a BM802 that `ei diff` explains as consistent."""
    request = BM_FIXTURES / "chain" / "flow3-every-rejection.xml"
    answer = tmp_path / "bm802.xml"
    assert main(["return", str(request), "-o", str(answer), "--as-of", "2026-11-23"]) == 0
    assert b"betaalopdracht538" in answer.read_bytes()
    capsys.readouterr()
    assert main(["diff", "--lang", "en", str(request), str(answer)]) == 0
    out = capsys.readouterr().out
    assert "rejected" in out
    assert "Consistent" in out
    assert main(["diff", "--format", "json", str(request), str(answer)]) == 0
    assert '"consistent": true' in capsys.readouterr().out


def test_vecozo_forwards_an_accepted_bm801(tmp_path: Path) -> None:
    """VECOZO writes no BM802 for an order it does not reject (flow 4)."""
    request = BM_FIXTURES / "BM801" / "valid" / "net-credit-total.xml"
    answer = tmp_path / "bm802.xml"
    argv = ["return", str(request), "-o", str(answer), "--responder", "vecozo"]
    assert main([*argv, "--as-of", "2026-11-23"]) == 0
    assert not answer.exists()


def test_bm_diff_reports_a_foreign_answer(tmp_path: Path) -> None:
    """A BM802 with another Referentienummer is reported inconsistent (exit 1)."""
    request = BM_FIXTURES / "chain" / "flow3-every-rejection.xml"
    answer = tmp_path / "bm802.xml"
    assert main(["return", str(request), "-o", str(answer), "--as-of", "2026-11-23"]) == 0
    data = answer.read_bytes()
    root = etree.fromstring(data)
    reference = next(e for e in root.iter() if etree.QName(e).localname == "Referentienummer")
    reference.text = "SOMETHING-ELSE"
    answer.write_bytes(etree.tostring(root))
    assert main(["diff", str(request), str(answer)]) == 1


GDS_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gds" / "1.0"


def test_return_and_diff_for_a_gds801_with_insurer_decisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An insurer's GDS802 with decisions: written, then explained as consistent with amounts."""
    request = GDS_FIXTURES / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
    decisions = GDS_FIXTURES / "decisions" / "ggz-partly-granted.toml"
    answer = tmp_path / "gds802.xml"
    argv = ["return", str(request), "-o", str(answer), "--decisions", str(decisions)]
    assert main([*argv, "--as-of", "2026-11-23"]) == 0
    capsys.readouterr()
    assert main(["diff", "--lang", "en", str(request), str(answer)]) == 0
    out = capsys.readouterr().out
    assert "granted 79.50 D" in out
    assert "20.50 C" in out


def test_vecozo_gds802_for_a_rejected_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """VECOZO answers a header error with a GDS802 that grants nothing."""
    request = GDS_FIXTURES / "GDS801" / "invalid" / "rc003-9302-verzenderrol-unknown.xml"
    answer = tmp_path / "gds802.xml"
    argv = ["return", str(request), "-o", str(answer), "--responder", "vecozo"]
    assert main([*argv, "--as-of", "2026-11-23"]) == 0
    capsys.readouterr()
    assert main(["diff", "--format", "json", str(request), str(answer)]) == 0
    out = capsys.readouterr().out
    assert '"consistent": true' in out
    assert '"state": "not-assessed"' in out


def test_decisions_are_refused_for_a_vecozo_answer(tmp_path: Path) -> None:
    """VECOZO makes no receiver decisions: --decisions with --responder vecozo is a usage error."""
    request = GDS_FIXTURES / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
    decisions = GDS_FIXTURES / "decisions" / "ggz-partly-granted.toml"
    argv = ["return", str(request), "-o", str(tmp_path / "x.xml"), "--responder", "vecozo"]
    assert main([*argv, "--decisions", str(decisions)]) == 2
    assert not (tmp_path / "x.xml").exists()


def test_codelist_option_replaces_a_bundled_list(tmp_path: Path) -> None:
    """--codelist NAME=FILE takes a newer list; a missing file is a usage error."""
    from tests.messages import valid_fixture

    message = str(valid_fixture("iwmo", "WMO323"))
    bundled = Path(__file__).resolve().parents[1] / "rbc" / "iwmo" / "3.2" / "codelists"
    wmo020 = next(bundled.glob("WMO020*.csv"))
    lines = wmo020.read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#") or line.startswith("code,")]
    emptied = tmp_path / "WMO020.csv"
    emptied.write_text("\n".join(header) + "\n", encoding="utf-8")
    assert main(["validate", "--as-of", "2026-11-23", message]) == 0
    assert main(["validate", "--codelist", f"{wmo020.stem}={emptied}", message]) == 1
    assert main(["validate", "--codelist", "WMO020=/no/such.csv", message]) == 2
    assert main(["validate", "--codelist", "no-equals-sign", message]) == 2


def test_decision_with_a_malformed_code_writes_no_answer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A decision code that is no COD954 code (4 characters) is a usage error; nothing written."""
    request = GDS_FIXTURES / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
    decisions = tmp_path / "decisions.toml"
    decisions.write_text('[prestatie.P0001]\nretourcodes = ["not-a-code"]\n', encoding="utf-8")
    answer = tmp_path / "gds802.xml"
    argv = ["return", str(request), "-o", str(answer), "--decisions", str(decisions)]
    assert main([*argv, "--as-of", "2026-11-23", "--lang", "en"]) == 2
    assert not answer.exists()
    assert "no COD954 retourcode" in capsys.readouterr().err


def test_an_answer_that_fails_its_schema_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """If a builder ever produced a schema-invalid answer, its self-check refuses it (exit 3).

    The check lives in the library (build_gds802), so the fault is injected inside the builder.
    """
    from eistandaard.conventions.vektis.gds import returns

    real = returns.build_return

    def broken(*args: object, **kwargs: object) -> etree._Element:
        root = real(*args, **kwargs)  # type: ignore[arg-type]  # passed through unchanged
        next(root.iter("{*}Berichtcode")).text = "57X"
        return root

    monkeypatch.setattr(returns, "build_return", broken)
    request = GDS_FIXTURES / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
    answer = tmp_path / "gds802.xml"
    assert main(["return", str(request), "-o", str(answer), "--as-of", "2026-11-23"]) == 3
    assert not answer.exists()
    err = capsys.readouterr().err
    assert "komt niet door zijn eigen validatie" in err  # Dutch by default (--lang nl)
    assert "fails its own validation" not in err
    assert "57X" in err
    assert (
        main(["return", str(request), "-o", str(answer), "--as-of", "2026-11-23", "--lang", "en"])
        == 3
    )
    err = capsys.readouterr().err
    assert "fails its own validation" in err
    assert "57X" in err


_FIX = Path(__file__).resolve().parents[1] / "fixtures"
_TWO_OF_A_KIND = [
    # (REQUEST, ANSWER, the words of the one usage line)
    (
        "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml",
        "iwmo/3.2/WMO301/valid/basis.xml",
        "ANSWER {answer} is a WMO301, a request, not an answer (a WMO323 is answered by a WMO325)",
    ),
    (
        "iwmo/3.2/WMO301/valid/basis.xml",
        "iwmo/3.2/WMO301/valid/basis.xml",
        "ANSWER {answer} is a WMO301, a request, not an answer (a WMO301 is answered by a WMO302)",
    ),
    (
        "bm/2.0/BM801/valid/net-credit-total.xml",
        "gds/1.0/GDS801/valid/dji-forensische-zorg.xml",
        "ANSWER {answer} is a GDS801, a request, not an answer (a BM801 is answered by a BM802)",
    ),
    (
        "golden/two-clients-with-credit.WMO325.xml",
        "answers/retour/wmo301-accepted.answer.xml",
        "REQUEST {request} is a WMO325, an answer, not a request (a WMO325 answers a WMO323)",
    ),
    (
        "gds/1.0/GDS802/valid/insurer-partly-granted.xml",
        "bm/2.0/BM802/valid/cak-fully-accepted.xml",
        "REQUEST {request} is a GDS802, an answer, not a request (a GDS802 answers a GDS801)",
    ),
]


@pytest.mark.parametrize(
    ("request_name", "answer_name", "words"),
    _TWO_OF_A_KIND,
    ids=["323-301", "301-301", "bm801-gds801", "325-302", "gds802-bm802"],
)
def test_diff_of_two_requests_or_two_answers_names_what_each_is(
    request_name: str, answer_name: str, words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei diff` of two requests (or two answers): one usage line naming the file and message.

    Not "the answer is no return message of the catalog" / "no declaration message".
    """
    request, answer = str(_FIX / request_name), str(_FIX / answer_name)
    assert main(["diff", request, answer, "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0, err
    assert words.format(request=request, answer=answer) in err
    assert "catalog" not in err
    assert main(["diff", request, answer]) == 2  # Dutch by default: the whole line
    err = capsys.readouterr().err.strip()
    assert err.startswith("ei diff: fout: "), err
    assert (" een heenbericht en geen antwoord " in err) or (
        " een antwoord en geen heenbericht " in err
    )
    assert " is a " not in err
