"""``ei status|pull|cov|chain|ledger`` under odd input, as a vendor or zorgkantoor would try it.

Every command runs offline: against nothing listening on loopback, a loopback socket that never
answers, or the fake VECOZO of ``tests/transport_helpers``.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import FIXTURES
from tests.transport_helpers import gds801, world

from eistandaard.cli.main import main

WMO323 = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
TRACE = "4fc833d1-d97b-4885-b06c-1e1c0a112c51"


def _free_port() -> int:
    """A loopback port where nothing listens (connections are refused)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = int(probe.getsockname()[1])
    probe.close()
    return port


def _ledger(tmp_path: Path) -> str:
    """A ledger with one recorded WMO323 (``ei envelope build`` + ``ei ledger add``)."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    meta = tmp_path / "323.json"
    assert main(["envelope", "build", str(WMO323), "-o", str(meta)]) == 0
    assert main(["ledger", "--ledger", url, "add", str(WMO323), str(meta)]) == 0
    return url


@pytest.mark.parametrize(
    "where",
    [
        ["ledger", "--ledger", "{url}", "--lang", "en", "show", "nope"],
        ["ledger", "--ledger", "{url}", "show", "--lang", "en", "nope"],
        ["ledger", "show", "nope", "--lang", "en", "--ledger", "{url}"],
        ["--lang", "en", "ledger", "--ledger", "{url}", "show", "nope"],
    ],
)
def test_lang_is_taken_before_and_after_a_ledger_command(
    where: list[str], tmp_path: Path, capsys: Any
) -> None:
    """``--lang en`` (and ``--ledger``) on ``ei``, on ``ei ledger`` or after its command: English.

    Before, ``ei ledger show --lang en`` was "onbekende optie: --lang" (exit 2), and so was
    ``--ledger`` after the command.
    """
    url = _ledger(tmp_path)
    capsys.readouterr()
    assert main([a.replace("{url}", url) for a in where]) == 2
    err = capsys.readouterr().err
    assert err == "ei ledger show: error: no message with traceerId nope in the ledger " + (
        "(see ei ledger show -h)\n"
    )


def test_lang_after_the_command_wins_over_the_group(tmp_path: Path, capsys: Any) -> None:
    """``ei ledger --lang en show --lang nl``: the command's own ``--lang`` (nl) is the run's."""
    url = _ledger(tmp_path)
    capsys.readouterr()
    assert main(["ledger", "--ledger", url, "--lang", "en", "show", "--lang", "nl", "nope"]) == 2
    assert "geen bericht met traceerId nope" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args",
    [
        ["cov", "--lang", "en", "check", "--environment", "tst", "--agb", "1"],
        ["--lang", "en", "cov", "check", "--environment", "tst", "--agb", "1"],
        ["envelope", "--lang", "en", "build", "{missing}"],
        ["--lang", "en", "chain", "{missing}"],
    ],
)
def test_lang_is_taken_on_every_group(args: list[str], tmp_path: Path, capsys: Any) -> None:
    """``ei cov --lang en check``, ``ei envelope --lang en build``, ``ei --lang en chain``.

    Before, a group other than ``ei ledger`` knew no ``--lang`` ("No such option"), nor ``ei``.
    """
    missing = str(tmp_path / "missing.xml")
    assert main([a.replace("{missing}", missing) for a in args]) == 2
    err = capsys.readouterr().err
    assert ": error: " in err
    assert "fout" not in err
    assert "No such option" not in err


def test_a_ledger_command_has_help_without_a_ledger(capsys: Any) -> None:
    """``ei ledger show -h`` shows the help; before, it asked for ``--ledger`` first (exit 2)."""
    assert main(["ledger", "show", "-h"]) == 0
    assert "--ledger URL" in capsys.readouterr().out


def test_a_ledger_command_without_any_ledger_is_one_dutch_usage_line(capsys: Any) -> None:
    """No ``--ledger`` before or after the command (nor $EISTANDAARD_LEDGER): one line, exit 2."""
    assert main(["ledger", "show"]) == 2
    assert capsys.readouterr().err == (
        "ei ledger show: fout: optie '--ledger' ontbreekt (zie ei ledger show -h)\n"
    )


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["ledger", "--ledger", "sqlite:///x.db"], "ei ledger"),
        (["cov", "--lang", "nl"], "ei cov"),
        (["--lang", "nl"], "ei"),
    ],
)
def test_a_missing_command_is_said_in_dutch(args: list[str], where: str, capsys: Any) -> None:
    """A group without its command: "opdracht ontbreekt"; before, click's "Missing command."."""
    assert main(args) == 2
    assert capsys.readouterr().err == f"{where}: fout: opdracht ontbreekt (zie {where} -h)\n"


def test_a_transport_failure_names_the_command_that_failed(tmp_path: Path, capsys: Any) -> None:
    """VECOZO unreachable: "ei status: fout: ..." (exit 3); before, the line began "ei: fout:"."""
    url = _ledger(tmp_path)
    capsys.readouterr()
    here = f"http://127.0.0.1:{_free_port()}/tst"
    args = ["status", TRACE, "--environment", "tst", "--url", here, "--ledger", url]
    assert main(args) == 3
    err = capsys.readouterr().err
    assert err.startswith(f"ei status: fout: berichtstatus {TRACE}: ")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["ledger", "--ledger", "{url}", "add", str(WMO323), "{meta}"],
        ["pull", "--environment", "tst", "--url", "{here}", "--ledger", "{url}"],
        ["send", "{claim}", "--environment", "tst", "--url", "{here}", "--ledger", "{url}"],
    ],
)
def test_a_new_ledger_in_a_missing_folder_is_a_usage_error(
    args: list[str], tmp_path: Path, capsys: Any
) -> None:
    """``--ledger sqlite:///no/such/folder/l.db`` for a command that creates it: exit 2, one line.

    Before, SQLite's English "unable to open database file" came as an engine failure (exit 3).
    """
    meta = tmp_path / "323.json"
    assert main(["envelope", "build", str(WMO323), "-o", str(meta)]) == 0
    capsys.readouterr()
    url = f"sqlite:///{tmp_path / 'no' / 'l.db'}"
    here = f"http://127.0.0.1:{_free_port()}/tst"
    claim = tmp_path / "gds801.xml"  # a test claim that tst takes
    claim.write_bytes(gds801(1).replace(b"<Berichtsoort>P<", b"<Berichtsoort>T<"))
    values = {"{url}": url, "{meta}": str(meta), "{here}": here, "{claim}": str(claim)}
    assert main([values.get(a, a) for a in args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert f"er is geen ledger op {tmp_path / 'no' / 'l.db'}, en {tmp_path / 'no'} is geen" in err
    assert not (tmp_path / "no").exists()


def test_a_ledger_locked_by_another_process_is_said_so(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process holds the ledger: exit 3 and "bezet", not SQLite's "database is locked"."""
    import sqlite3

    from eistandaard.vecozo.ledger import sqlite as ledger_sqlite

    url = _ledger(tmp_path)
    capsys.readouterr()
    monkeypatch.setattr(ledger_sqlite, "BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(tmp_path / "ledger.db", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        assert main(["ledger", "--ledger", url, "show"]) == 3
    finally:
        holder.close()
    err = capsys.readouterr().err
    assert err.startswith("ei ledger show: fout: de ledger ")
    assert "is bezet: een ander proces houdt hem vast" in err
    assert "database is locked" not in err


NOT_UTF8 = b"\xff".decode("utf-8", "surrogateescape")
"""An argument whose bytes are not UTF-8, as Python hands it to ``ei``."""


@pytest.mark.parametrize(
    "args",
    [
        ["ledger", "--ledger", "{url}", "link", NOT_UTF8],
        ["ledger", "--ledger", "{url}", "show", NOT_UTF8],
        ["ledger", "--ledger", "{url}", "state", NOT_UTF8, "sent"],
        ["status", "a\nb", "--environment", "tst", "--ledger", "{url}"],
        ["cov", "check", "--environment", "tst", "--agb", NOT_UTF8, "--birth-date", "1980-01-01"],
        ["cov", "check", "--environment", "tst", "--agb", "12345678", "--birth-date", "1980-01-01",
         "--postcode", "1234\x01AB", "--house-number", "1"],
        ["cov", "check", "--environment", "tst", "--agb", "12345678", "--birth-date", "1980-01-01",
         "--insured-number", NOT_UTF8],
        ["envelope", "build", str(WMO323), "--referentie-id", NOT_UTF8],
        ["envelope", "build", str(WMO323), "--afzender-rol", "Instelling\x1b[2J"],
        ["validate", str(WMO323), "--indiener", NOT_UTF8],
    ],
)  # fmt: skip
def test_a_value_that_is_no_text_is_one_usage_line(
    args: list[str], tmp_path: Path, capsys: Any
) -> None:
    """Bytes that are not UTF-8 or control characters in an id, code or role: exit 2, one line.

    Before, ``ei ledger link``/``show``/``state`` and ``ei cov check`` ended in "interne fout:
    UnicodeEncodeError" or lxml's ValueError (exit 3), and ``ei envelope build`` wrote a lone
    surrogate into META.json (exit 0).
    """
    url = _ledger(tmp_path)
    capsys.readouterr()
    assert main([a.replace("{url}", url) for a in args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "is geen tekst op één regel" in err
    assert "\x1b" not in err


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("agb", "١٢٣٤٥٦٧٨"),
        ("bsn", "٩٩٩٩٩٠٠١٩"),
        ("postcode", "1234\x00AB"),
        ("referentie", "\udcff"),
    ],
)
def test_cov_refuses_what_cov_cannot_take_before_building_the_request(
    field: str, value: str
) -> None:
    """The library refuses digits of another script and text XML cannot hold (CovPreconditionError).

    Before, Arabic-Indic digits passed as an AGB or BSN and went to COV, and a control
    character made lxml raise ValueError while building the VZ801.
    """
    import datetime as dt

    from eistandaard.vecozo.cov import CovPreconditionError, CovRequest, Zoekopdracht

    day = dt.date(2026, 1, 5)
    search = {"bsn": "999990019"} if field != "bsn" else {}
    if field == "postcode":
        search = {"postcode": value, "huisnummer": 1}
    elif field != "agb":
        search[field] = value
    request = CovRequest(
        value if field == "agb" else "12345678",
        (Zoekopdracht(1, dt.date(1980, 1, 1), day, **search),),  # type: ignore[arg-type]
    )
    with pytest.raises(CovPreconditionError):
        request.check(day)


@pytest.mark.parametrize(("fmt", "stream"), [("text", "out"), ("json", "err")])
def test_status_of_a_message_vecozo_does_not_know_is_said_and_not_a_success(
    fmt: str, stream: str, tmp_path: Path, capsys: Any
) -> None:
    """``ei status TRACE`` that VECOZO has no record of: one line, exit 1.

    Before, it printed nothing (or ``[]``) and exited 0, as if all were well. Under
    ``--format json`` the line goes to standard error, so that the JSON stays whole.
    """
    url = _ledger(tmp_path)
    capsys.readouterr()
    with world(environment="T") as w:
        args = ["status", TRACE, "--environment", "tst", "--url", w.fake.base_url, "--ledger", url]
        assert main([*args, "--format", fmt, "--lang", "en"]) == 1
    said = capsys.readouterr()
    line = f"{TRACE}: VECOZO knows no status of this message"
    assert line in (said.out if stream == "out" else said.err)
    if fmt == "json":
        assert said.out.strip() == "[]"


WMO325 = FIXTURES / "iwmo/3.2/WMO325/valid/basis.xml"
REGISTRY = FIXTURES / "vecozo/registry/acceptatie.toml"
"""Its test whitelist lets a WMO message go to tst."""


@pytest.mark.parametrize("command", ["ledger", "send"])
def test_the_envelope_of_another_message_is_refused(
    command: str, tmp_path: Path, capsys: Any
) -> None:
    """A WMO325 with the WMO323's META.json (``ei ledger add``, ``ei send --envelope``): exit 2.

    Before, ``ei ledger add`` recorded the 325 under the 323's traceerId (exit 0), so the
    request itself could no longer be recorded; nothing is recorded or sent now.
    """
    meta = tmp_path / "323.json"
    assert main(["envelope", "build", str(WMO323), "-o", str(meta)]) == 0
    url = f"sqlite:///{tmp_path / 'l.db'}"
    capsys.readouterr()
    with world(environment="T") as w:
        if command == "ledger":
            args = ["ledger", "--ledger", url, "add", str(WMO325), str(meta)]
        else:
            args = ["send", str(WMO325), "--envelope", str(meta), "--environment", "tst",
                    "--url", w.fake.base_url, "--ledger", url, "--registry", str(REGISTRY),
                    "--as-of", "2026-11-23"]  # fmt: skip
        assert main(args) == 2
        assert w.requests_sent() == 0
    err = capsys.readouterr().err
    assert f'{meta} is de envelop van een "WMO323", niet van deze WMO325 (BRS24)' in err
    assert err.count("\n") == 1
    assert main(["ledger", "--ledger", url, "add", str(WMO323), str(meta)]) == 0


BM801 = FIXTURES / "bm/2.0/chain/flow7-accepted.xml"


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("nl", 'ei chain: fout: controle "nomod:fn" kan niet worden geïmporteerd: '),
        ("en", 'ei chain: error: check "nomod:fn" cannot be imported: '),
    ],
)
def test_a_cak_check_that_cannot_be_imported_is_a_framed_usage_line(
    lang: str, line: str, capsys: Any
) -> None:
    """``ei chain --cak-checks nomod:fn``: the usage frame of every command, "(zie ei chain -h)".

    Before, it was a line of its own ("ei chain: controle ..."), without "fout:" or the hint,
    unlike ``ei validate --check nomod:fn``.
    """
    assert main(["chain", str(BM801), "--cak-checks", "nomod:fn", "--lang", lang]) == 2
    err = capsys.readouterr().err
    assert err.startswith(line)
    assert err.rstrip().endswith("ei chain -h)")


def _sent_claim(tmp_path: Path, url: str) -> None:
    """Send one test claim through the fake VECOZO, so that the ledger has a message to follow."""
    claim = tmp_path / "claim.xml"
    claim.write_bytes(gds801(2).replace(b"<Berichtsoort>P<", b"<Berichtsoort>T<"))
    with world(environment="T") as w:
        args = ["send", str(claim), "--environment", "tst", "--url", w.fake.base_url]
        assert main([*args, "--ledger", url]) == 0


@pytest.mark.parametrize(
    ("command", "line"),
    [
        ("status", "ei status: error: berichtstatus "),
        ("pull", "ei pull: error: pull (the list of ready messages): GET "),
    ],
)
def test_unreachable_vecozo_during_status_or_pull_is_exit_3_with_the_reason(
    command: str, line: str, tmp_path: Path, capsys: Any
) -> None:
    """Nothing listening: exit 3 and why, on standard error.

    Before, ``ei status`` printed "asked=1 failed=1" and exited 0 (as if all were well), and
    ``ei pull`` printed "list-failed=1" (exit 3) without saying what failed.
    """
    url = f"sqlite:///{tmp_path / 'l.db'}"
    _sent_claim(tmp_path, url)
    capsys.readouterr()
    here = f"http://127.0.0.1:{_free_port()}/tst"
    args = [command, "--environment", "tst", "--url", here, "--ledger", url, "--lang", "en"]
    assert main(args) == 3
    err = capsys.readouterr().err
    assert line in err
    assert "no connection (ConnectError)" in err


def test_a_slow_vecozo_is_a_time_out_not_a_hang(tmp_path: Path, capsys: Any) -> None:
    """A loopback server that never answers: ``--timeout 0.5`` ends ``ei status`` (exit 3)."""
    url = f"sqlite:///{tmp_path / 'l.db'}"
    _sent_claim(tmp_path, url)
    capsys.readouterr()
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        here = f"http://127.0.0.1:{silent.getsockname()[1]}/tst"
        args = [
            "status",
            "--environment",
            "tst",
            "--url",
            here,
            "--ledger",
            url,
            "--timeout",
            "0.5",
        ]
        assert main(args) == 3
    err = capsys.readouterr().err
    assert "geen antwoord binnen de time-out (ReadTimeout)" in err


def test_send_of_a_file_that_does_not_exist_is_a_usage_error(tmp_path: Path, capsys: Any) -> None:
    """``ei send missing.xml``: one usage line, exit 2.

    Before, "interne fout: SourceNotFoundError" (exit 3): only InputError was caught.
    """
    url = f"sqlite:///{tmp_path / 'l.db'}"
    here = f"http://127.0.0.1:{_free_port()}/tst"
    missing = tmp_path / "missing.xml"
    args = ["send", str(missing), "--environment", "tst", "--url", here, "--ledger", url]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("ei send: fout: ")
    assert "bestaat niet" in err
    assert "interne fout" not in err


@pytest.mark.parametrize("command", ["send", "ledger"])
def test_send_and_ledger_add_read_a_message_from_standard_input(
    command: str, tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ei send -`` and ``ei ledger add - META.json`` read the message from standard input.

    As ``ei chain -`` and ``ei envelope build -`` do; before, "'-' bestaat niet" or, for
    ``ei send -``, "interne fout" (exit 3).
    """
    import io
    import sys

    url = f"sqlite:///{tmp_path / 'l.db'}"
    meta = tmp_path / "323.json"
    assert main(["envelope", "build", str(WMO323), "-o", str(meta)]) == 0
    claim = gds801(5).replace(b"<Berichtsoort>P<", b"<Berichtsoort>T<")
    data = claim if command == "send" else WMO323.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    capsys.readouterr()
    with world(environment="T") as w:
        if command == "send":
            args = ["send", "-", "--environment", "tst", "--url", w.fake.base_url, "--ledger", url]
        else:
            args = ["ledger", "--ledger", url, "add", "-", str(meta)]
        assert main(args) == 0
    out = capsys.readouterr().out
    assert ("<stdin>: " if command == "send" else "vastgelegd ") in out


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["pull", "--environment", "tst", "--ledger", "sqlite:///x.db", "--lang"], "ei pull"),
        (["ledger", "--ledger", "sqlite:///x.db", "show", "--format"], "ei ledger show"),
        (["cov", "check", "--agb"], "ei cov check"),
        (["validate", "x.xml", "--format"], "ei validate"),
        (["--lang"], "ei"),
    ],
)
def test_an_option_without_its_value_names_the_command(
    args: list[str], where: str, capsys: Any
) -> None:
    """An option at the end without its value: the usage line names the command being parsed.

    Before, it was "ei: fout: optie '--lang' vraagt een waarde (zie ei -h)" for every command:
    click gives that error no context.
    """
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{where}: fout: optie '")
    assert err.rstrip().endswith(f"(zie {where} -h)")


HOSTILE = "Bezorgd\x1b]0;x\x07\x1b[2J\u202e"
"""A status value with terminal controls and a bidi override, as a broken server might send."""


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_what_vecozo_answers_never_drives_the_terminal(
    fmt: str, tmp_path: Path, capsys: Any
) -> None:
    """``ei status TRACE`` and ``ei status``: VECOZO's values are shown escaped, never raw.

    Before, a status value with ESC sequences went to the terminal as it came (text and JSON,
    and in the alarm lines).
    """
    from eistandaard.vecozo.testing import Fault

    url = f"sqlite:///{tmp_path / 'l.db'}"
    claim = tmp_path / "claim.xml"
    claim.write_bytes(gds801(6).replace(b"<Berichtsoort>P<", b"<Berichtsoort>T<"))
    with world(environment="T") as w:
        common = ["--environment", "tst", "--url", w.fake.base_url, "--ledger", url]
        assert main(["send", str(claim), *common]) == 0
        trace = capsys.readouterr().out.split()[1]
        w.fake.inject(Fault.UNKNOWN_STATUS, op="status", value=HOSTILE, count=5)
        main(["status", trace, *common, "--format", fmt])
        main(["status", *common])
    said = capsys.readouterr()
    for stream in (said.out, said.err):
        assert "\x1b" not in stream
        assert "\u202e" not in stream
    assert "Bezorgd" in said.out


@pytest.mark.parametrize("command", ["ledger", "status"])
def test_a_damaged_ledger_is_said_so_and_left_alone(
    command: str, tmp_path: Path, capsys: Any
) -> None:
    """A ledger cut short (a copy broken off): exit 3, "beschadigd", the file unchanged.

    Before, the line was "kan de ledger ... niet openen: database disk image is malformed",
    SQLite's English inside a Dutch line.
    """
    url = _ledger(tmp_path)
    db = tmp_path / "ledger.db"
    with db.open("r+b") as opened:
        opened.truncate(6000)
    before = db.read_bytes()
    capsys.readouterr()
    if command == "ledger":
        args = ["ledger", "--ledger", url, "show"]
    else:
        here = f"http://127.0.0.1:{_free_port()}/tst"
        args = ["status", "--environment", "tst", "--url", here, "--ledger", url]
    assert main(args) == 3
    err = capsys.readouterr().err
    assert "is beschadigd (SQLite: " in err
    assert err.startswith(f"ei {'ledger show' if command == 'ledger' else 'status'}: fout: ")
    assert db.read_bytes() == before


def test_pull_out_never_overwrites_and_says_so(tmp_path: Path, capsys: Any) -> None:
    """``ei pull --out DIR`` with DIR/<traceerId>.zip there already: kept as it was, one line.

    Before, the answer was silently not written: the user could not tell a kept file of theirs
    from the answer.
    """
    url = f"sqlite:///{tmp_path / 'l.db'}"
    claim = tmp_path / "claim.xml"
    claim.write_bytes(gds801(7).replace(b"<Berichtsoort>P<", b"<Berichtsoort>T<"))
    out = tmp_path / "in"
    out.mkdir()
    with world(environment="T") as w:
        common = ["--environment", "tst", "--url", w.fake.base_url, "--ledger", url]
        assert main(["send", str(claim), *common]) == 0
        w.clock.advance(300)
        (ready,) = w.client.pull_list()
        mine = out / f"{ready.traceer_id}.zip"
        mine.write_bytes(b"mine")
        capsys.readouterr()
        assert main(["pull", *common, "--out", str(out), "--lang", "en"]) == 0
    assert mine.read_bytes() == b"mine"
    assert f"{mine} exists: not overwritten" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["nan", "inf", "1e400"])
@pytest.mark.parametrize(
    "args",
    [
        ["status", "--environment", "tst", "--ledger", "sqlite:///x.db", "--timeout"],
        ["pull", "--environment", "tst", "--ledger", "sqlite:///x.db", "--timeout"],
        ["cov", "check", "--environment", "tst", "--agb", "12345678", "--timeout"],
        ["chain", str(FIXTURES / "bm/2.0/chain/flow7-accepted.xml"), "--timeout"],
        ["serve", "--port", "0", "--timeout"],
        ["fake-vecozo", "--seconds"],
    ],
)
def test_a_number_that_is_not_finite_is_a_usage_error(
    args: list[str], value: str, tmp_path: Path, capsys: Any
) -> None:
    """``--timeout nan`` / ``inf`` / ``1e400``: one usage line, exit 2, before anything runs.

    Before, ``ei status --timeout nan`` ended in "interne fout: ValueError" (``inf``:
    OverflowError), ``ei serve --timeout nan`` started serving, and ``ei chain --timeout nan``
    gave an English-only line in a Dutch run.
    """
    assert main([*args, value]) == 2
    err = capsys.readouterr().err
    assert f'"{value}" is geen eindig getal' in err or "ligt niet in het bereik" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("on", ["2023-06-01", "9999-12-31", "0001-01-01"])
def test_a_request_outside_the_holiday_calendar_is_said_not_an_internal_error(
    on: str, tmp_path: Path, capsys: Any
) -> None:
    """A request recorded ``--on`` a year the holiday calendar does not cover.

    ``ei ledger unanswered`` is one Dutch usage line (exit 2) when the request lies before the
    day asked (its deadline must be judged), and ``ei status`` says why it cannot judge
    deadlines (exit 3). A request sent after the day asked is not due on it, so it does not block
    the list (exit 0). Before, 9999-12-31 was "interne fout: OverflowError", and a 2023 request
    made every ``ei status`` end in "interne fout: DataError" with English words.
    """
    url = f"sqlite:///{tmp_path / 'l.db'}"
    meta = tmp_path / "323.json"
    assert main(["envelope", "build", str(WMO323), "-o", str(meta)]) == 0
    assert main(["ledger", "--ledger", url, "add", str(WMO323), str(meta), "--on", on]) == 0
    capsys.readouterr()
    asked = ["ledger", "--ledger", url, "unanswered", "--as-of", "2026-01-05"]
    here = f"http://127.0.0.1:{_free_port()}/tst"
    status = ["status", "--environment", "tst", "--url", here, "--ledger", url]
    if on > "2026-01-05":  # ei status judges deadlines on today (2026): not due either
        assert main(asked) == 0
        assert capsys.readouterr().err == ""
        assert main(status) == 0
        assert "interne fout" not in capsys.readouterr().err
        return
    assert main(asked) == 2
    err = capsys.readouterr().err
    assert err.startswith("ei ledger unanswered: fout: de feestdagenkalender loopt van ")
    assert main(status) == 3
    err = capsys.readouterr().err
    assert err.startswith("ei status: fout: de feestdagenkalender loopt van ")
    assert "interne fout" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["ledger", "--ledger", "sqlite:///{fifo}", "show"],
        ["ledger", "--ledger", "sqlite:///{fifo}", "add", str(WMO323), "{meta}"],
        ["pull", "--environment", "tst", "--url", "{here}", "--ledger", "sqlite:///{fifo}"],
        ["ledger", "--ledger", "sqlite:///{tmp}/l.db", "add", str(WMO323), "{fifo}"],
        ["ledger", "--ledger", "sqlite:///{tmp}/l.db", "add", "{fifo}", "{meta}"],
    ],
)
def test_a_fifo_as_ledger_metadata_or_message_is_refused_without_blocking(
    args: list[str], tmp_path: Path, capsys: Any
) -> None:
    """A FIFO named as the ledger, the META.json or the message: exit 2, "is een FIFO".

    Before, ``--ledger sqlite:///FIFO`` hung for ever (the header was read with a blocking
    open), and a FIFO as META.json or message gave "kan f niet lezen: f is a FIFO, not a file",
    English inside the Dutch line.
    """
    import os

    fifo = tmp_path / "f.fifo"
    os.mkfifo(fifo)
    meta = tmp_path / "323.json"
    assert main(["envelope", "build", str(WMO323), "-o", str(meta)]) == 0
    capsys.readouterr()
    here = f"http://127.0.0.1:{_free_port()}/tst"
    values = {"{fifo}": str(fifo), "{meta}": str(meta), "{here}": here, "{tmp}": str(tmp_path)}
    for key, value in values.items():
        args = [a.replace(key, value) for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert f"{fifo} is een FIFO, geen bestand (zie ei " in err


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--environment", "tst", "--ledger", "sqlite:///x.db", "--cafile", "{fifo}"],
        ["pull", "--environment", "tst", "--ledger", "sqlite:///x.db", "--certificate", "{fifo}"],
        ["cov", "check", "--environment", "tst", "--agb", "12345678", "--pkcs12", "{fifo}"],
        ["send", str(WMO323), "--environment", "tst", "--ledger", "sqlite:///x.db",
         "--registry", "{fifo}"],
        ["validate", str(WMO323), "--registry", "{fifo}"],
        ["fake-vecozo", "--tls-cert", "{fifo}", "--seconds", "1"],
    ],
)  # fmt: skip
def test_a_fifo_as_certificate_or_registry_is_refused_without_blocking(
    args: list[str], tmp_path: Path, capsys: Any
) -> None:
    """A FIFO given as --cafile, --certificate, --pkcs12, --registry or --tls-cert: exit 2.

    Before, ``ssl`` or the TOML reader opened it blocking and the command hung for ever.
    """
    import os

    fifo = tmp_path / "f.fifo"
    os.mkfifo(fifo)
    assert main([a.replace("{fifo}", str(fifo)) for a in args]) == 2
    assert f"{fifo} is een FIFO, geen bestand" in capsys.readouterr().err


def test_the_library_refuses_a_fifo_as_registry(tmp_path: Path) -> None:
    """``Registry.load(FIFO)`` is an InputError at once; before, it blocked reading the FIFO."""
    import os

    from eistandaard.core.errors import InputError
    from eistandaard.vecozo.registry import Registry

    fifo = tmp_path / "f.fifo"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="is a FIFO, not a file"):
        Registry.load(fifo)


LONG = "a" * 300
"""A file name longer than any file system takes (ENAMETOOLONG)."""


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["ledger", "--ledger", "sqlite:///{tmp}/" + LONG, "show"], "kan niet worden gebruikt"),
        (["ledger", "--ledger", "sqlite:///{tmp}/" + LONG, "add", str(WMO323), "{meta}"],
         "kan niet worden gebruikt"),
        (["chain", str(FIXTURES / "bm/2.0/chain/flow7-accepted.xml"), "-o", "{tmp}/" + LONG],
         "onbruikbaar pad"),
        (["pull", "--environment", "tst", "--ledger", "sqlite:///x.db", "--out", "{tmp}/" + LONG],
         "onbruikbaar pad"),
        (["envelope", "build", str(WMO323), "-o", "{tmp}/" + LONG + "/meta.json"],
         "onbruikbaar pad"),
    ],
)  # fmt: skip
def test_a_name_too_long_is_one_usage_line(
    args: list[str], words: str, tmp_path: Path, capsys: Any
) -> None:
    """A ledger or output folder whose name is too long: exit 2, "bestandsnaam te lang".

    Before, ``--ledger``, ``ei chain -o`` and ``ei pull --out`` ended in "interne fout:
    OSError: [Errno 36] File name too long" (exit 3).
    """
    meta = tmp_path / "323.json"
    assert main(["envelope", "build", str(WMO323), "-o", str(meta)]) == 0
    capsys.readouterr()
    values = {"{tmp}": str(tmp_path), "{meta}": str(meta)}
    for key, value in values.items():
        args = [a.replace(key, value) for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert words in err
    assert "bestandsnaam te lang" in err
    assert "interne fout" not in err


@pytest.mark.parametrize("option", ["--cafile", "--certificate"])
def test_a_missing_certificate_file_is_said_in_dutch(
    option: str, tmp_path: Path, capsys: Any
) -> None:
    """``--cafile``/``--certificate`` naming no file: the system's reason in Dutch too.

    Before, the Dutch line ended in "[Errno 2] No such file or directory".
    """
    missing = tmp_path / "missing.pem"
    args = ["cov", "check", "--environment", "tst", "--agb", "12345678", "--bsn", "999990019",
            "--birth-date", "1980-01-01", option, str(missing)]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "map of bestand bestaat niet" in err
    assert "No such file" not in err
