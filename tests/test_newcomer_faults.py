"""Faults a newcomer found by trying `ei` as billing vendors and municipalities would.

Each test reads a fixture of fixtures/newcomer/ and its sidecar (``*.expected.toml``), which says
what the command must give. Each fault is one instance of a kind; the tests cover the kind in
every output format and command that can meet it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest
from lxml import etree

from eistandaard.cli.main import main
from eistandaard.core.errors import InputError
from eistandaard.render.safe import json_safe, printable, terminal_safe, xml_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NEWCOMER = FIXTURES / "newcomer"


def _sidecar(name: str) -> dict[str, Any]:
    return tomllib.loads((NEWCOMER / f"{name}.expected.toml").read_text(encoding="utf-8"))


# --- a file name that is not UTF-8 ------------------------------------------------------------

NOT_UTF8 = os.fsdecode(b"decl\xff\xfe.xml")
WITH_ESC = "esc\x1b[31mred.xml"


def _two_names(tmp_path: Path) -> Path:
    """The fixture under a name that is not UTF-8 and under a name with an ESC, in one folder."""
    folder = tmp_path / "batch"
    folder.mkdir()
    source = NEWCOMER / "wmo323-file-name-not-utf8.xml"
    shutil.copyfile(source, folder / NOT_UTF8)
    shutil.copyfile(source, folder / WITH_ESC)
    return folder


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "sarif", "github", "html"])
def test_file_name_not_utf8_every_format(
    fmt: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """A name that is not UTF-8: every format prints it escaped, with the verdicts, never exit 3."""
    expected = _sidecar("wmo323-file-name-not-utf8")
    folder = _two_names(tmp_path)
    code = main(["validate", "--lang", "nl", "--format", fmt, str(folder)])
    captured = capsysbinary.readouterr()
    assert code == expected["exit"], captured.err
    out = captured.out.decode("utf-8")  # the output is UTF-8 throughout
    assert "\x1b" not in out
    for wanted in expected["codes"]:
        assert wanted in out
    if fmt in ("text", "json"):
        assert expected["escaped"] in out.replace("\\\\", "\\")
    if fmt == "json":
        verdicts = [report["verdict"] for report in json.loads(out)["reports"]]
        assert verdicts == expected["verdicts"]


def test_file_name_not_utf8_rapport_output_dir(tmp_path: Path) -> None:
    """The rapport set of a batch quoting a name that is not UTF-8 is written, the name escaped."""
    expected = _sidecar("wmo323-file-name-not-utf8")
    folder = _two_names(tmp_path)
    out = tmp_path / "rapports"
    out.mkdir()
    code = main(["validate", "--format", "rapport", "--output-dir", str(out), str(folder)])
    assert code == expected["exit"]
    texts = [etree.fromstring(path.read_bytes()) for path in sorted(out.iterdir())]
    assert len(texts) == 2
    assert any(expected["escaped"] in "".join(root.itertext()) for root in texts)


def test_file_name_not_utf8_foutbericht(tmp_path: Path) -> None:
    """`ei chain` on a ZIP of two messages named not in UTF-8: a foutbericht naming it escaped."""
    archive = tmp_path / os.fsdecode(b"two\xff.zip")
    with zipfile.ZipFile(archive, "w") as two:
        two.write(NEWCOMER / "wmo323-file-name-not-utf8.xml", "first.xml")
        two.writestr("second.xml", b"<a/>")
    out = tmp_path / "chain"
    out.mkdir()
    assert main(["chain", str(archive), "-o", str(out)]) == 1
    (written,) = out.iterdir()
    bron = etree.fromstring(written.read_bytes()).findtext("{*}Bron")
    assert bron == "two\\xff.zip"


def test_usage_line_escapes_the_file_name(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file named with an ESC and a byte that is not UTF-8: one escaped usage line."""
    name = os.fsdecode(b"/nonexistent/esc\x1b[31mx\xff.xml")
    assert main(["validate", name]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "esc\\x1b[31mx\\xff.xml" in err


def test_safe_helpers_escape_lone_surrogates() -> None:
    """Every escaping helper turns a surrogate-escaped byte into the text backslash-x-NN."""
    name = os.fsdecode(b"a\xffb")
    assert printable(name) == "a\\xffb"
    assert terminal_safe(name + "\n") == "a\\xffb\n"
    assert xml_text(name) == "a\\xffb"
    document = json_safe(json.dumps({"source": name}, ensure_ascii=False))
    document.encode("utf-8")  # encodable: no surrogate left
    assert json.loads(document) == {"source": "a\\xffb"}


# --- one file named twice in one batch --------------------------------------------------------


@pytest.mark.parametrize("how", ["file-twice", "folder-and-file", "symlink", "jobs-2"])
def test_one_file_named_twice_is_checked_once(
    how: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same file given twice is one message, not a batch that repeats its own identifiers."""
    expected = _sidecar("wmo323-named-twice")
    folder = tmp_path / "outbox"
    folder.mkdir()
    message = folder / "declaratie.xml"
    shutil.copyfile(NEWCOMER / "wmo323-named-twice.xml", message)
    args = {
        "file-twice": [str(message), str(message)],
        "folder-and-file": [str(folder), str(message)],
        "symlink": [str(message), str(tmp_path / "link.xml")],
        "jobs-2": ["--jobs", "2", str(message), str(folder)],
    }[how]
    (tmp_path / "link.xml").symlink_to(message)
    code = main(["validate", "--format", "json", *args])
    document = json.loads(capsys.readouterr().out)
    assert code == expected["exit"]
    assert len(document["reports"]) == expected["reports"]
    assert document["reports"][0]["verdict"] == expected["verdict"]


def test_stdin_twice_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei validate - -`: one usage line, not an empty second message read from spent stdin."""
    expected = _sidecar("wmo323-named-twice")
    data = (NEWCOMER / "wmo323-named-twice.xml").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["validate", "-", "-"]) == expected["stdin_twice_exit"]
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "standaardinvoer" in captured.err  # --lang nl (the default): Dutch


# --- ei serve: a body that never arrives, two release overrides -------------------------------


@pytest.mark.parametrize("path", ["/validatie", "/return", "/explain"])
def test_serve_body_that_stalls_is_408(path: str) -> None:
    """A client that announces a body and stops sending gets 408, not a connection held for ever.

    The 408 says it stopped ("no part of the body arrived"), not that it sent too slowly.
    """
    from tests.serve_helpers import running_server

    expected = _sidecar("serve-slow-body")
    body = (NEWCOMER / "serve-slow-body.xml").read_bytes()
    with running_server(workers=1, timeout=expected["timeout"]) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as stalled:
            head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n\r\n"
            stalled.sendall(head.encode("ascii") + body[: expected["sent_bytes"]])
            other = httpx.post(base + "/validatie", content=body, timeout=30)
            assert other.status_code == 200  # the stalled client blocks no one else
            raw = stalled.recv(65536)
            while b"}" not in raw.partition(b"\r\n\r\n")[2]:  # the problem's JSON, whole
                more = stalled.recv(65536)
                if not more:
                    break
                raw += more
            answer = raw.decode("utf-8", "replace")
    status_line, _, rest = answer.partition("\r\n")
    assert status_line.split()[1] == str(expected["status"])
    assert "application/problem+json" in rest
    assert "Traceback" not in rest
    assert expected["stall_detail_nl"] in rest  # it stopped sending: not "too slowly"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_serve_body_dripped_byte_by_byte_is_408(lang: str) -> None:
    """A body sent one byte at a time, never pausing a whole timeout, still ends in 408."""
    from tests.serve_helpers import running_server

    expected = _sidecar("serve-slow-body")
    body = (NEWCOMER / "serve-slow-body.xml").read_bytes()
    with running_server(workers=1, timeout=expected["timeout"]) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as dripping:
            head = f"POST /validatie?lang={lang} HTTP/1.1\r\nHost: x\r\n"
            head += f"Content-Length: {len(body)}\r\n\r\n"
            dripping.sendall(head.encode("ascii"))
            dripping.settimeout(expected["drip_seconds"])
            answer = b""
            for byte in body:  # stops when the server answers (and closes)
                try:
                    dripping.sendall(bytes([byte]))
                    answer = dripping.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if answer:
                    break
            assert answer, "the server waited for the whole dripped body"
            dripping.settimeout(10)
            while b"}" not in answer.partition(b"\r\n\r\n")[2]:  # the problem's JSON, whole
                more = dripping.recv(65536)
                if not more:
                    break
                answer += more
    status_line, _, rest = answer.decode("utf-8", "replace").partition("\r\n")
    assert status_line.split()[1] == str(expected["status"])
    assert expected[f"drip_detail_{lang}"] in rest


def test_serve_two_different_version_overrides_are_400() -> None:
    """Two X-Version-Override headers naming different releases: 400, no release picked."""
    from tests.serve_helpers import running_server

    expected = _sidecar("serve-two-version-overrides")
    body = (NEWCOMER / "serve-two-version-overrides.xml").read_bytes()
    with running_server(workers=1) as base:
        two = [("X-Version-Override", value) for value in expected["headers"]]
        response = httpx.post(base + "/validatie", content=body, headers=two, timeout=60)
        same = [("X-Version-Override", value) for value in expected["same_headers"]]
        agreed = httpx.post(base + "/validatie", content=body, headers=same, timeout=60)
        alike = [("X-Version-Override", value) for value in expected["alike_headers"]]
        alike_answer = httpx.post(base + "/validatie", content=body, headers=alike, timeout=60)
    assert response.status_code == expected["status"]
    assert alike_answer.status_code == expected["alike_status"], alike_answer.text
    problem = response.json()
    assert all(value in problem["detail"] for value in expected["headers"])
    assert "3.2" in problem["available"]
    assert agreed.status_code == expected["same_status"]


# --- shell completion -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    _sidecar("shell-completion")["case"],
    ids=lambda case: f"{case['instruction']}:{case.get('words', '')}",
)
def test_shell_completion_is_quiet_and_exits_0(case: dict[str, str]) -> None:
    """Completion prints its script or candidates, exit 0, no "internal error" on stderr."""
    env = dict(
        os.environ,
        PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"),
        _EI_COMPLETE=case["instruction"],
        COMP_WORDS=case.get("words", ""),
        COMP_CWORD=case.get("cword", ""),
    )
    done = subprocess.run(
        [sys.executable, "-m", "eistandaard"], capture_output=True, env=env, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    assert case["stdout_has"] in done.stdout.decode("utf-8")


# --- the library given a peildatum of the wrong type ------------------------------------------


def test_api_peildatum_as_text_is_that_date() -> None:
    """validate/read_message/build_return read an as_of of YYYY-MM-DD text as that date."""
    import eistandaard

    expected = _sidecar("api-peildatum")
    source = NEWCOMER / "api-peildatum.xml"
    as_text = expected["as_of_text"]
    report = eistandaard.validate(source, as_of=as_text)
    assert report.verdict.value == expected["verdict"]
    assert report.as_of == dt.date.fromisoformat(as_text)
    assert eistandaard.read_message(source, as_of=as_text).as_of == report.as_of
    result = eistandaard.build_return(source, report, as_of=as_text)
    assert result.outcome.value == expected["outcome"]


@pytest.mark.parametrize("entry", ["validate", "validate_batch", "read_message", "build_return"])
def test_api_peildatum_of_another_type_raises(entry: str) -> None:
    """Another text, a number or a datetime as as_of: InputError, never an error verdict."""
    import eistandaard

    expected = _sidecar("api-peildatum")
    source = NEWCOMER / "api-peildatum.xml"
    report = eistandaard.validate(source, as_of=dt.date(2024, 4, 10))
    calls = {
        "validate": lambda value: eistandaard.validate(source, as_of=value),
        "validate_batch": lambda value: eistandaard.validate_batch([source], as_of=value),
        "read_message": lambda value: eistandaard.read_message(source, as_of=value),
        "build_return": lambda value: eistandaard.build_return(source, report, as_of=value),
    }
    wrong = [*expected["refused"], expected["refused_number"], dt.datetime(2024, 4, 10, 12)]
    for value in wrong:
        with pytest.raises(eistandaard.EIError, match="as_of"):
            calls[entry](value)


# --- envelope arguments swapped ---------------------------------------------------------------


def test_envelope_metadata_swapped_with_the_message_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A ZIP or XML where META.json belongs: the usage line asks whether the two are swapped."""
    expected = _sidecar("envelope-swapped")
    message = NEWCOMER / "envelope-swapped.xml"
    meta, archive = tmp_path / "META.json", tmp_path / "OUT.zip"
    code = main(["envelope", "build", str(message), "-o", str(meta), "--zip", str(archive)])
    assert code == 0
    capsys.readouterr()
    assert main(["envelope", "check", str(meta), str(archive)]) == expected["exit"]
    assert expected["zip_hint"] in capsys.readouterr().err
    assert main(["validate", str(archive), "--envelope", str(message)]) == expected["exit"]
    assert expected["xml_hint"] in capsys.readouterr().err
    assert main(["envelope", "check", str(archive), str(meta)]) == 0  # the right order passes


# --- a --ledger that is no database -----------------------------------------------------------


@pytest.mark.parametrize("command", ["show", "unanswered", "validate"])
def test_ledger_naming_a_message_is_a_usage_error(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--ledger sqlite:///MESSAGE.xml`: exit 2 naming the file, which is unchanged."""
    expected = _sidecar("ledger-not-a-database")
    message = tmp_path / "declaratie.xml"
    shutil.copyfile(NEWCOMER / "ledger-not-a-database.xml", message)
    meta, archive = tmp_path / "META.json", tmp_path / "OUT.zip"
    assert main(["envelope", "build", str(message), "-o", str(meta), "--zip", str(archive)]) == 0
    before = message.read_bytes()
    url = f"sqlite:///{message}"
    if command == "validate":
        args = ["validate", str(archive), "--envelope", str(meta), "--ledger", url]
    else:
        args = ["ledger", "--ledger", url, command]
    capsys.readouterr()
    assert main(args) == expected["exit"]
    assert expected["text"] in capsys.readouterr().err
    assert message.read_bytes() == before
    fresh = f"sqlite:///{tmp_path / 'new.db'}"  # a new file is still created
    assert main(["ledger", "--ledger", fresh, "add", str(archive), str(meta)]) == 0


# --- the rapport of standard input ------------------------------------------------------------


def test_rapport_of_stdin_is_named_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--output-dir` with `-`: the rapport is stdin.rapport.xml, no < > in the file name."""
    expected = _sidecar("rapport-of-stdin")
    data = (NEWCOMER / "rapport-of-stdin.xml").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    out = tmp_path / "rapporten"
    out.mkdir()
    assert (
        main(["validate", "--format", "rapport", "--output-dir", str(out), "-"]) == expected["exit"]
    )
    assert sorted(path.name for path in out.iterdir()) == expected["files"]


def test_serve_accept_follows_q_values() -> None:
    """POST /validatie answers the media type the Accept header rates highest; q=0 refuses."""
    from tests.serve_helpers import running_server

    cases = _sidecar("serve-accept-q")["case"]
    body = (NEWCOMER / "serve-accept-q.xml").read_bytes()
    with running_server(workers=1) as base:
        got = [
            httpx.post(
                base + "/validatie", content=body, headers={"Accept": case["accept"]}, timeout=60
            ).headers["content-type"]
            for case in cases
        ]
    assert got == [case["content_type"] for case in cases]


# --- ei return --id ---------------------------------------------------------------------------


def test_return_id_with_a_control_character_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--id with a control character: exit 2 with the rule, not an internal error; no file."""
    expected = _sidecar("return-id")
    out = tmp_path / "WMO325.xml"
    for ident in expected["control"]:
        request = str(NEWCOMER / "return-id-wmo323.xml")
        assert main(["return", request, "-o", str(out), "--id", ident]) == expected["exit"]
        err = capsys.readouterr().err
        assert expected["control_text"] in err
        assert "\x1b" not in err
        assert not out.exists()


@pytest.mark.parametrize("responder", ["receiver", "vecozo"])
def test_return_id_for_a_vektis_answer_is_a_usage_error(
    responder: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--id for a GDS802 (which has no BerichtIdentificatie) is refused, not silently unused."""
    expected = _sidecar("return-id")
    out = tmp_path / "GDS802.xml"
    request = str(NEWCOMER / "return-id-gds801.xml")
    code = main(["return", request, "-o", str(out), "--id", "X1", "--responder", responder])
    assert code == expected["exit"]
    assert expected["vektis_text"] in capsys.readouterr().err
    assert not out.exists()


# --- standard input for every command that reads a message ------------------------------------


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_chain_reads_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`ei chain - -o DIR` with a BM801 on standard input writes the flows a file gives."""
    expected = _sidecar("stdin")
    _stdin(monkeypatch, (NEWCOMER / "stdin-bm801.xml").read_bytes())
    out = tmp_path / "flows"
    out.mkdir()
    assert main(["chain", "-", "-o", str(out)]) == expected["chain_exit"]
    assert sorted(path.name for path in out.iterdir()) == expected["chain_files"]


def test_envelope_build_and_check_read_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei envelope build -` and `ei envelope check - META.json` read standard input."""
    expected = _sidecar("stdin")
    meta, archive = tmp_path / "META.json", tmp_path / "OUT.zip"
    message = (NEWCOMER / "stdin-wmo323.xml").read_bytes()
    _stdin(monkeypatch, message)
    assert main(["envelope", "build", "-", "-o", str(meta), "--zip", str(archive)]) == 0
    _stdin(monkeypatch, archive.read_bytes())
    capsys.readouterr()
    assert main(["envelope", "check", "-", str(meta), "--format", "json"]) == expected["check_exit"]
    assert json.loads(capsys.readouterr().out)["reports"][0]["verdict"] == "accepted"
    _stdin(monkeypatch, message)  # the XML itself, not its ZIP: CC01 as for a file
    assert main(["envelope", "check", "-", str(meta), "--format", "json"]) == 1
    codes = [f["code"] for f in json.loads(capsys.readouterr().out)["reports"][0]["findings"]]
    assert expected["check_not_zip_code"] in codes


# --- the library given arguments of the wrong kind --------------------------------------------


def test_api_unknown_level_raises_instead_of_skipping_levels() -> None:
    """validate(levels=[9]) raises InputError; it never reads as a pass with levels 3-5 skipped."""
    import eistandaard

    expected = _sidecar("api-misuse")
    source = NEWCOMER / "api-misuse.xml"
    for levels in expected["unknown_levels"]:
        with pytest.raises(eistandaard.EIError, match="levels"):
            eistandaard.validate(source, levels=levels)
    ran = eistandaard.validate(source, levels=[3, 4, 5], as_of=dt.date(2024, 4, 10))
    assert ran.verdict.value == expected["verdict_with_levels_3_to_5"]


def test_api_build_return_arguments_of_the_wrong_kind_raise() -> None:
    """build_return with a report that is no Report, or decisions that are a number: EIError."""
    import eistandaard

    source = NEWCOMER / "api-misuse.xml"
    report = eistandaard.validate(source, as_of=dt.date(2024, 4, 10))
    with pytest.raises(eistandaard.EIError, match="Report"):
        eistandaard.build_return(source, "report")  # type: ignore[arg-type]  # the misuse tested
    for decisions in (123, b"x", ["prestatie"]):
        with pytest.raises(eistandaard.EIError, match="decisions"):
            eistandaard.build_return(source, report, decisions=decisions)


# --- one language per run in SARIF ------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_sarif_rule_texts_follow_lang(lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Every rule description and result message of a SARIF log is in the --lang language."""
    expected = _sidecar("sarif-one-language")
    source = NEWCOMER / "sarif-one-language.xml"
    assert main(["validate", "--format", "sarif", "--lang", lang, str(source)]) == 1
    run = json.loads(capsys.readouterr().out)["runs"][0]
    (rule,) = run["tool"]["driver"]["rules"]
    assert rule["id"] == expected["code"]
    assert rule["shortDescription"]["text"] == expected[lang]
    assert rule["fullDescription"]["text"] == expected[lang]
    assert run["results"][0]["message"]["text"].startswith(expected[lang])


@pytest.mark.parametrize(
    ("request_path", "report_of"),
    [
        (
            "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml",
            "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml",
        ),
        (
            "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml",
            "bm/2.0/BM801/valid/net-credit-total.xml",
        ),
    ],
)
def test_build_return_refuses_the_report_of_another_message(
    request_path: str, report_of: str
) -> None:
    """`build_return(request, report)` with another message's report names both messages."""
    import eistandaard

    report = eistandaard.validate(FIXTURES / report_of)
    with pytest.raises(InputError) as caught:
        eistandaard.build_return(FIXTURES / request_path, report)
    said = str(caught.value)
    assert report.identity is not None
    assert f"report is of a {report.identity.message}" in said
    assert "(none)" not in said


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_serve_body_never_started_is_408_stalled_not_too_slow(lang: str) -> None:
    """A body announced and not one byte of it sent: 408 saying nothing arrived.

    It said the body "arrives too slowly" (the moment the average rate is missed was a hair
    before the end of the idle pause, so that reason was picked).
    """
    from tests.serve_helpers import running_server

    expected = _sidecar("serve-slow-body")
    with running_server(workers=1, timeout=expected["timeout"], lang=lang) as base:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as stalled:
            stalled.sendall(b"POST /validatie HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
            raw = b""
            while b"}" not in raw.partition(b"\r\n\r\n")[2]:
                more = stalled.recv(65536)
                if not more:
                    break
                raw += more
    document = json.loads(raw.partition(b"\r\n\r\n")[2])
    assert document["status"] == 408
    assert document["detail"] == expected[f"never_detail_{lang}"]
