"""``ei envelope build|check`` and ``ei ledger ...``: the worked example and bad input."""

from __future__ import annotations

import io
import json
import tomllib
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from tests.conftest import FIXTURES

from eistandaard.cli.main import cli, main
from eistandaard.vecozo import is_uuid4

WMO323 = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
WMO325 = FIXTURES / "iwmo/3.2/WMO325/valid/basis.xml"
REGISTRY = FIXTURES / "vecozo/registry/acceptatie.toml"


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(
        cli, [str(a) for a in args], standalone_mode=False, catch_exceptions=False
    )


def test_worked_example_build_record_answer_link_unanswered(tmp_path: Path) -> None:
    """The docs' example: build a 323's envelope, record it, answer it, link, list unanswered."""
    ledger = f"sqlite:///{tmp_path / 'ledger.db'}"
    req, ans, payload = tmp_path / "323.json", tmp_path / "325.json", tmp_path / "323.zip"
    assert _run("envelope", "build", WMO323, "-o", req, "--zip", payload).return_value == 0
    meta = json.loads(req.read_text("utf-8"))
    trace = meta["referentiegegevens"]["traceerId"]
    assert is_uuid4(trace)
    assert meta["referentiegegevens"]["conversatieId"] == trace
    checked = _run("envelope", "check", payload, req, "--as-of", "2025-04-03", "--format", "json")
    assert checked.return_value == 0, checked.stdout
    added = _run("ledger", "--ledger", ledger, "add", WMO323, req, "--on", "2025-04-02")
    assert added.return_value == 0
    assert f"vastgelegd {trace} WMO323 FIX0001" in added.stdout  # --lang nl, the default
    overdue = _run("ledger", "--ledger", ledger, "unanswered", "--as-of", "2025-04-10")
    assert overdue.return_value == 1
    assert "te laat sinds 2025-04-07" in overdue.stdout
    argv = ["ledger", "--ledger", ledger, "--lang", "en", "unanswered", "--as-of", "2025-04-10"]
    assert "overdue since 2025-04-07" in _run(*argv).stdout
    assert _run("envelope", "build", WMO325, "--answer-to", req, "-o", ans).return_value == 0
    answer = json.loads(ans.read_text("utf-8"))
    assert answer["referentiegegevens"]["alsAntwoordOp"] == trace
    recorded = _run(
        "ledger", "--ledger", ledger, "add", WMO325, ans, "--on", "2025-04-04", "--no-link"
    )
    assert recorded.return_value == 0
    linked = _run("ledger", "--ledger", ledger, "link", answer["referentiegegevens"]["traceerId"])
    assert linked.return_value == 0
    assert f"-> {trace} via alsAntwoordOp" in linked.stdout
    assert _run("ledger", "--ledger", ledger, "unanswered", "--as-of", "2025-04-10").stdout == ""
    shown = _run("ledger", "--ledger", ledger, "show", "--format", "json")
    rows = json.loads(shown.stdout)
    assert [r["message"] for r in rows] == ["WMO323", "WMO325"]
    assert rows[1]["answer_to"] == trace


def test_a_second_add_of_the_same_message_is_refused_with_exit_1(tmp_path: Path) -> None:
    """Recording the same envelope twice prints the code and exits 1; the ledger keeps one."""
    ledger = f"sqlite:///{tmp_path / 'l.db'}"
    req = tmp_path / "req.json"
    _run("envelope", "build", WMO323, "-o", req)
    assert _run("ledger", "--ledger", ledger, "add", WMO323, req).return_value == 0
    again = _run("ledger", "--ledger", ledger, "add", WMO323, req)
    assert again.return_value == 1
    assert "CC08" in again.stdout
    listed = _run("ledger", "--ledger", ledger, "show").stdout.strip().splitlines()
    assert len(listed) == 1


@pytest.mark.parametrize(
    ("lang", "words", "other"),
    [
        ("nl", ("geweigerd ", "is al bekend"), "is known"),
        ("en", ("refused ", "is known"), "bekend"),
    ],
)
def test_a_refusal_is_worded_in_the_language_of_the_run(
    tmp_path: Path, lang: str, words: tuple[str, ...], other: str
) -> None:
    """`ei ledger --lang`: the refusal line and the ledger's details in that language only."""
    ledger = f"sqlite:///{tmp_path / 'l.db'}"
    req = tmp_path / "req.json"
    _run("envelope", "build", WMO323, "-o", req)
    assert _run("ledger", "--ledger", ledger, "add", WMO323, req).return_value == 0
    again = _run("ledger", "--ledger", ledger, "--lang", lang, "add", WMO323, req)
    assert again.return_value == 1
    for word in words:
        assert word in again.stdout
    assert other not in again.stdout


def test_validate_with_envelope_registry_and_ledger_together(tmp_path: Path) -> None:
    """``ei validate --envelope --registry --ledger`` runs levels 1, 4 and 5 of VECOZO's side."""
    ledger = f"sqlite:///{tmp_path / 'l.db'}"
    req = tmp_path / "req.json"
    _run("envelope", "build", WMO323, "-o", req)
    _run("ledger", "--ledger", ledger, "add", WMO323, req)
    result = _run(
        "validate", WMO323, "--envelope", req, "--registry", REGISTRY, "--ledger", ledger,
        "--as-of", "2025-04-10", "--format", "json", "--no-plugins",
    )  # fmt: skip
    findings = json.loads(result.stdout)["reports"][0]["findings"]
    assert {(f["code"], f["level"]) for f in findings} == {
        ("CC08", 5),
        ("BRS20", 5),
        ("TR333", 5),
    }
    assert result.return_value == 1


def _ledger_codes(*args: str | Path) -> set[str]:
    result = _run(*args, "--as-of", "2025-04-10", "--format", "json", "--no-plugins")
    return {f["code"] for f in json.loads(result.stdout)["reports"][0]["findings"]}


def test_validate_with_a_ledger_refuses_each_reuse_with_its_own_code(tmp_path: Path) -> None:
    """Through ``ei validate --ledger`` each reuse gives its own code, not all codes at once.

    A used BerichtIdentificatie under a new envelope is BRS20 (and TR333 for its DeclaratieNummer)
    without CC08; a second answer to one 323 is CC11 alone.
    """
    ledger = f"sqlite:///{tmp_path / 'l.db'}"
    req, req2 = tmp_path / "req.json", tmp_path / "req2.json"
    ans, ans2 = tmp_path / "ans.json", tmp_path / "ans2.json"
    _run("envelope", "build", WMO323, "-o", req)
    _run("envelope", "build", WMO323, "-o", req2)
    _run("ledger", "--ledger", ledger, "add", WMO323, req, "--on", "2025-04-02")
    assert _ledger_codes("validate", WMO323, "--envelope", req2, "--ledger", ledger) == {
        "BRS20",
        "TR333",
    }
    second = tmp_path / "second-325.xml"  # another answer (its own Identificatie) to the same 323
    second.write_bytes(WMO325.read_bytes().replace(b">ANT0001<", b">ANT0002<"))
    _run("envelope", "build", WMO325, "--answer-to", req, "-o", ans)
    _run("envelope", "build", second, "--answer-to", req, "-o", ans2)
    assert _ledger_codes("validate", WMO325, "--envelope", ans, "--ledger", ledger) == set()
    assert _run("ledger", "--ledger", ledger, "add", WMO325, ans).return_value == 0
    assert _ledger_codes("validate", second, "--envelope", ans2, "--ledger", ledger) == {"CC11"}


def test_envelope_check_of_a_bare_xml_payload_is_cc01(tmp_path: Path) -> None:
    """What is sent must be a ZIP: ``ei envelope check`` of a bare XML gives CC01."""
    req = tmp_path / "req.json"
    _run("envelope", "build", WMO323, "-o", req)
    result = _run("envelope", "check", WMO323, req, "--as-of", "2025-04-10", "--format", "json")
    codes = [f["code"] for f in json.loads(result.stdout)["reports"][0]["findings"]]
    assert codes == ["CC01"]
    assert result.return_value == 1


def test_built_zip_holds_the_message_unchanged(tmp_path: Path) -> None:
    """``--zip`` writes one member <uuid>.xml with the message's exact bytes."""
    archive_path = tmp_path / "p.zip"
    _run("envelope", "build", WMO323, "--zip", archive_path)
    with zipfile.ZipFile(io.BytesIO(archive_path.read_bytes())) as archive:
        (name,) = archive.namelist()
        assert archive.read(name) == WMO323.read_bytes()
    assert is_uuid4(name.removesuffix(".xml"))


def test_outputs_are_never_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing -o file stays untouched (exit 2, one line); --force replaces it."""
    out = tmp_path / "meta.json"
    out.write_text("mine", encoding="utf-8")
    assert main(["envelope", "build", str(WMO323), "-o", str(out)]) == 2
    assert out.read_text("utf-8") == "mine"
    assert "Traceback" not in capsys.readouterr().err
    assert main(["envelope", "build", str(WMO323), "-o", str(out), "--force"]) == 0
    assert json.loads(out.read_text("utf-8"))["referentiegegevens"]["traceerId"]


@pytest.mark.parametrize(
    "args",
    [
        ["envelope", "build", "{copy}", "-o", "{copy}", "--force"],
        ["envelope", "build", "{copy}", "-o", "{link}", "--force"],
        ["envelope", "build", "{copy}", "--zip", "{copy}", "--force"],
        ["envelope", "build", "{copy}", "-o", "{meta}", "--answer-to", "{meta}", "--force"],
        ["envelope", "build", "{copy}", "-o", "{tmp}/out", "--zip", "{tmp}/./out"],
        ["validate", "{copy}", "--envelope", "{meta}", "--format", "json", "-o", "{meta}"],
    ],
)
def test_an_output_is_never_one_of_the_inputs(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o / --zip naming the message, its hard link, the META.json read, or each other: exit 2.

    Refused before anything is read or written; every input stays as it was.
    """
    copy = tmp_path / "message.xml"
    copy.write_bytes(WMO323.read_bytes())
    link = tmp_path / "hard-link.xml"
    link.hardlink_to(copy)
    meta = tmp_path / "meta.json"
    _run("envelope", "build", WMO323, "-o", meta)
    before = meta.read_bytes()
    filled = [a.format(copy=copy, link=link, meta=meta, tmp=tmp_path) for a in args]
    capsys.readouterr()
    assert main(filled) == 2
    err = capsys.readouterr().err
    assert "geweigerd" in err
    assert "Traceback" not in err
    assert copy.read_bytes() == WMO323.read_bytes()
    assert meta.read_bytes() == before
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["validate", str(WMO323), "--envelope", "{missing}"],
        ["validate", str(WMO323), "--envelope", "{garbage}"],
        ["validate", str(WMO323), "--ledger", "sqlite:///x.db"],
        ["validate", str(WMO323), str(WMO325), "--envelope", "{meta}"],
        ["validate", str(WMO323), "--envelope", "{meta}", "--registry", "{garbage}"],
        ["validate", str(WMO323), "--envelope", "{meta}", "--ledger", "mysql://x"],
        ["envelope", "build", "{garbage}"],
        ["envelope", "build", str(WMO325), "--answer-to", "{garbage}"],
        ["envelope", "build", str(WMO325)],
        ["envelope", "build", str(WMO323), "--application-version", "x.y"],
        ["ledger", "--ledger", "nonsense", "show"],
        ["ledger", "--ledger", "sqlite:///{tmp}/l.db", "link", "unknown"],
        ["ledger", "--ledger", "sqlite:///{tmp}/l.db", "show", "unknown"],
        ["ledger", "--ledger", "sqlite:///{tmp}/l.db", "add", "{garbage}", "{meta}"],
    ],
)
def test_bad_input_is_one_usage_line_and_exit_2(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Wrong files, URLs or combinations: exit 2, a message, never a traceback."""
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json", encoding="utf-8")
    meta = tmp_path / "meta.json"
    _run("envelope", "build", WMO323, "-o", meta)
    filled = [
        a.format(missing=tmp_path / "none.json", garbage=garbage, meta=meta, tmp=tmp_path)
        for a in args
    ]
    capsys.readouterr()
    assert main(filled) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.strip()


def test_an_unreachable_postgresql_ledger_is_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    """A ledger server that cannot be reached is an engine failure: exit 3, one line."""
    pytest.importorskip("psycopg")
    code = main(
        ["ledger", "--ledger", "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", "show"]
    )
    assert code == 3
    assert "Traceback" not in capsys.readouterr().err


def test_ledger_state_rejected_frees_the_request_for_another_answer(tmp_path: Path) -> None:
    """``ei ledger state ID rejected``: the next answer to the same request is accepted."""
    ledger = f"sqlite:///{tmp_path / 'l.db'}"
    req, first, second = tmp_path / "r.json", tmp_path / "a1.json", tmp_path / "a2.json"
    _run("envelope", "build", WMO323, "-o", req)
    _run("ledger", "--ledger", ledger, "add", WMO323, req)
    _run("envelope", "build", WMO325, "--answer-to", req, "-o", first)
    _run("envelope", "build", WMO325, "--answer-to", req, "-o", second)
    assert _run("ledger", "--ledger", ledger, "add", WMO325, first).return_value == 0
    other = tmp_path / "325b.xml"
    other.write_bytes(WMO325.read_bytes().replace(b"ANT0001", b"ANT0002"))
    refused = _run("ledger", "--ledger", ledger, "add", other, second)
    assert refused.return_value == 1
    assert "CC11" in refused.stdout
    first_id = json.loads(first.read_text("utf-8"))["referentiegegevens"]["traceerId"]
    assert _run("ledger", "--ledger", ledger, "state", first_id, "rejected").return_value == 0
    assert _run("ledger", "--ledger", ledger, "add", other, second).return_value == 0


@pytest.mark.parametrize(
    "args",
    [
        ["ledger", "--ledger", "sqlite:///{db}", "show"],
        ["ledger", "--ledger", "sqlite:///{db}", "unanswered"],
        ["validate", str(WMO323), "--envelope", "{meta}", "--ledger", "sqlite:///{db}"],
    ],
)
def test_reading_commands_never_create_a_ledger(args: list[str], tmp_path: Path) -> None:
    """Only ``ei ledger add`` creates a ledger file; reading commands refuse a missing one."""
    meta = tmp_path / "meta.json"
    _run("envelope", "build", WMO323, "-o", meta)
    db = tmp_path / "missing.db"
    assert main([a.format(db=db, meta=meta) for a in args]) == 2
    assert not db.exists()


def test_ledger_text_output_escapes_control_characters_of_the_message(tmp_path: Path) -> None:
    """Identificatie values with a C1 control and a bidi override are printed escaped.

    ``ledger add``, ``show`` and ``unanswered`` print values of the user's message; none of the
    raw characters of the sidecar may reach the terminal (issue 9 item 10).
    """
    message = FIXTURES / "vecozo/ledger/controls-in-identificatie.xml"
    expected = tomllib.loads(
        message.with_name("controls-in-identificatie.expected.toml").read_text("utf-8")
    )
    ledger = f"sqlite:///{tmp_path / 'ledger.db'}"
    meta = tmp_path / "meta.json"
    assert _run("envelope", "build", message, "-o", meta).return_value == 0
    outputs = [
        _run("ledger", "--ledger", ledger, "add", message, meta, "--on", "2025-04-02"),
        _run("ledger", "--ledger", ledger, "show"),
        _run("ledger", "--ledger", ledger, "unanswered", "--as-of", "2025-05-01"),
    ]
    for result in outputs:
        assert expected["identificatie_printed"] in result.stdout, result.stdout
        for raw in expected["raw"]:
            assert raw not in result.stdout


def test_ledger_state_with_an_unknown_state_names_the_argument(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``ei ledger state ID bogus``: one usage line naming STATE, not the list of choices twice.

    The argument had no name of its own, so click called it
    ``'{recorded|sent|received|accepted|rejected}'`` in the error.
    """
    from eistandaard.vecozo.ledger.model import STATES

    ledger = f"sqlite:///{tmp_path / 'l.db'}"
    code = main(["ledger", "--ledger", ledger, "state", "some-id", "bogus"])
    assert code == 2
    err = capsys.readouterr().err
    assert "ongeldige waarde voor 'STATE': 'bogus'" in err  # --lang nl (the default): Dutch
    assert "'{recorded" not in err
    helptext = _run("ledger", "--ledger", ledger, "state", "-h").stdout
    assert "TRACEER_ID STATE" in helptext
    assert all(state in helptext for state in STATES)


@pytest.mark.parametrize("url", ["sqlite://", "sqlite://:memory:", "sqlite:///:memory:"])
@pytest.mark.parametrize(
    "args",
    [
        ["ledger", "--ledger", "{url}", "add", str(WMO323), "{meta}"],
        ["ledger", "--ledger", "{url}", "show"],
        ["validate", str(WMO323), "--envelope", "{meta}", "--ledger", "{url}"],
        ["envelope", "check", str(WMO323), "{meta}", "--ledger", "{url}"],
        ["send", "{claim}", "--environment", "tst", "--url", "http://127.0.0.1:9/tst",
         "--ledger", "{url}"],
        ["pull", "--environment", "tst", "--url", "http://127.0.0.1:9/tst", "--ledger", "{url}"],
    ],
)  # fmt: skip
def test_a_ledger_in_memory_is_refused_by_every_command(
    args: list[str], url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A memory ledger ends with the run: ``ei send`` twice would send the message twice.

    Every command that takes ``--ledger`` refuses it as a usage error (exit 2), in the run's
    language, before anything is recorded or sent (port 9 would refuse a connection: exit 3).
    """
    meta = tmp_path / "meta.json"
    _run("envelope", "build", WMO323, "-o", meta)
    claim = tmp_path / "claim.xml"  # a claim for the test environment (Berichtsoort T)
    gds801 = (FIXTURES / "gds/2.0/GDS801/valid/paramedisch.xml").read_bytes()
    claim.write_bytes(gds801.replace(b"<Berichtsoort>P<", b"<Berichtsoort>T<"))
    capsys.readouterr()
    assert main([a.format(url=url, meta=meta, claim=claim) for a in args]) == 2
    err = capsys.readouterr().err
    assert "ledger in het geheugen" in err
    assert "Traceback" not in err
