"""``ei send|status|pull|cov check|fake-vecozo`` against the fake VECOZO."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from tests.conftest import FIXTURES
from tests.transport_helpers import WMO323, gds801, world

from eistandaard.cli.main import cli, main
from eistandaard.vecozo.cov import Verzekerde, Verzekering, Zoekresultaat

REGISTRY = FIXTURES / "vecozo/registry/acceptatie.toml"


def _test_claim(tmp_path: Path, number: int = 1) -> Path:
    path = tmp_path / f"gds801-{number}.xml"
    path.write_bytes(gds801(number).replace(b"<Berichtsoort>P<", b"<Berichtsoort>T<"))
    return path


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def test_send_status_pull_round_trip(tmp_path: Path) -> None:
    """Send a test claim, follow its status, pull the GDS802 linked to it (exit 0 each)."""
    ledger = f"sqlite:///{tmp_path / 'l.db'}"
    claim = _test_claim(tmp_path)
    with world(environment="T") as w:
        common = [
            "--lang",
            "en",
            "--environment",
            "tst",
            "--url",
            w.fake.base_url,
            "--ledger",
            ledger,
            "--timeout",
            "10",
        ]
        code, out = _run("send", str(claim), *common)
        assert code == 0, out
        trace = out.strip().split()[-2]
        assert out.strip().endswith("sent")
        assert w.requests_sent() == 1
        w.clock.advance(300)
        code, out = _run("status", trace, *common)
        assert code == 0
        assert f"{trace} Bezorgd (request)" in out
        assert f"answer to {trace}" in out
        code, out = _run("status", *common)
        assert "changed=1" in out
        code, out = _run("status", *common, "--format", "json")  # one document, no text line
        assert code == 0
        document = json.loads(out)
        assert set(document) == {"counts", "alarms"}
        assert document["alarms"] == []
        assert all(isinstance(n, int) for n in document["counts"].values())
        (tmp_path / "in").mkdir()  # an output folder is never created (cli/output.py)
        code, out = _run("pull", *common, "--out", str(tmp_path / "in"))
        assert code == 0
        assert f"GDS802 answers {trace} (alsAntwoordOp)" in out
        assert len(list((tmp_path / "in").glob("*.zip"))) == 1


def test_send_twice_is_refused_by_the_ledger(tmp_path: Path) -> None:
    """The same claim again: the ledger refuses it (BRS20), nothing is pushed, exit 1."""
    ledger = f"sqlite:///{tmp_path / 'l.db'}"
    claim = _test_claim(tmp_path)
    with world(environment="T") as w:
        common = [
            "--lang",
            "en",
            "--environment",
            "tst",
            "--url",
            w.fake.base_url,
            "--ledger",
            ledger,
        ]
        assert _run("send", str(claim), *common)[0] == 0
        code, out = _run("send", str(claim), *common)
        assert code == 1
        assert "BRS20" in out
        assert w.requests_sent() == 1


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [("empty.xml", b"", "EI100"), ("junk.xml", b"\x00\x01 not a message", "EI10")],
)
def test_an_unreadable_message_is_not_sent_and_rejected(
    tmp_path: Path, name: str, data: bytes, code: str
) -> None:
    """An unreadable file is a level-1 finding: not sent, exit 1 (rejected), not a usage error."""
    message = tmp_path / name
    message.write_bytes(data)
    with world(environment="T") as w:
        common = ["--lang", "en", "--environment", "tst", "--url", w.fake.base_url]
        exit_code, out = _run(
            "send", str(message), *common, "--ledger", f"sqlite:///{tmp_path / 'l.db'}"
        )
        assert exit_code == 1, out
        assert f"{message}: not sent, rejected: {code}" in out
        assert w.requests_sent() == 0


def test_production_claim_to_test_is_refused(tmp_path: Path) -> None:
    """A claim with Berichtsoort P is not sent to tst (usage error, nothing pushed)."""
    claim = tmp_path / "p.xml"
    claim.write_bytes(gds801(1))
    with world() as w:
        code = main(
            [
                "send",
                str(claim),
                "--environment",
                "tst",
                "--url",
                w.fake.base_url,
                "--ledger",
                f"sqlite:///{tmp_path / 'l.db'}",
            ]
        )
        assert code == 2
        assert w.fake.pushes == {}


def test_test_claim_to_production_is_refused(tmp_path: Path) -> None:
    """A test claim (Berichtsoort T) is never sent to prod (exit 2, before any connection)."""
    claim = _test_claim(tmp_path)
    code = main(
        ["send", str(claim), "--environment", "prod", "--ledger", f"sqlite:///{tmp_path / 'l.db'}"]
    )
    assert code == 2


def test_url_with_prod_is_refused(tmp_path: Path) -> None:
    """--url is for test hosts: with prod it is a usage error."""
    claim = tmp_path / "p.xml"
    claim.write_bytes(gds801(1))
    code = main(
        [
            "send",
            str(claim),
            "--environment",
            "prod",
            "--url",
            "http://127.0.0.1:9",
            "--ledger",
            f"sqlite:///{tmp_path / 'l.db'}",
        ]
    )
    assert code == 2


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/tst", "127.0.0.1:9/tst", "http://", "tst"])
def test_a_url_that_is_not_http_is_a_usage_error(url: str, tmp_path: Path, capsys: Any) -> None:
    """--url must be an http(s) URL with a host: anything else is exit 2, nothing recorded."""
    db = tmp_path / "l.db"
    code = main(
        [
            "send",
            str(_test_claim(tmp_path)),
            "--environment",
            "tst",
            "--url",
            url,
            "--ledger",
            f"sqlite:///{db}",
        ]
    )
    assert code == 2
    assert "--url" in capsys.readouterr().err
    assert not db.exists()


def test_status_of_something_that_is_no_traceer_id_is_a_usage_error(
    tmp_path: Path, capsys: Any
) -> None:
    """``ei status NOT-A-UUID`` is exit 2 with one usage line, before any call to VECOZO."""
    with world(environment="T") as w:
        code = main(
            [
                "status",
                "FIX0001",
                "--environment",
                "tst",
                "--url",
                w.fake.base_url,
                "--ledger",
                f"sqlite:///{tmp_path / 'l.db'}",
            ]
        )
        assert w.fake.requests == []
    assert code == 2
    err = capsys.readouterr().err
    assert '"FIX0001" is geen traceerId' in err
    assert "Traceback" not in err


def test_status_never_creates_a_ledger(tmp_path: Path, capsys: Any) -> None:
    """``ei status`` only follows what was sent: a missing SQLite ledger is exit 2, not created."""
    db = tmp_path / "missing.db"
    code = main(
        [
            "status",
            "--environment",
            "tst",
            "--url",
            "http://127.0.0.1:9/tst",
            "--ledger",
            f"sqlite:///{db}",
        ]
    )
    assert code == 2
    assert "er is geen ledger op" in capsys.readouterr().err  # Dutch by default
    assert not db.exists()


def test_wmo_to_test_needs_whitelisted_persons(tmp_path: Path) -> None:
    """A WMO323 goes to tst only with a registry whose whitelist has its persons."""
    ledger = f"sqlite:///{tmp_path / 'l.db'}"
    with world() as w:
        common = [
            "--lang",
            "en",
            "--environment",
            "tst",
            "--url",
            w.fake.base_url,
            "--ledger",
            ledger,
        ]
        assert main(["send", str(WMO323), *common]) == 2
        code = main(
            ["send", str(WMO323), *common, "--registry", str(REGISTRY), "--as-of", "2026-11-23"]
        )
        assert code == 0
        assert w.requests_sent() == 1


def test_unreachable_vecozo_is_exit_3(tmp_path: Path) -> None:
    """Nothing listening: the message stays in the outbox and the exit code is 3."""
    import socket

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    code = main(
        [
            "send",
            str(_test_claim(tmp_path)),
            "--environment",
            "tst",
            "--url",
            f"http://127.0.0.1:{port}/tst",
            "--ledger",
            f"sqlite:///{tmp_path / 'l.db'}",
            "--timeout",
            "1",
            "--attempts",
            "1",
        ]
    )
    assert code == 3


def test_cov_check(tmp_path: Path) -> None:
    """Ei cov check: found -> exit 0 with the policy; a bad BSN is refused before calling."""
    with world() as w:
        w.fake.cov_answers["999900006"] = Zoekresultaat(
            1,
            "Gevonden",
            None,
            Verzekerde(
                "ActieveVerzekeringen",
                "999900006",
                verzekeringen=(
                    Verzekering(
                        "Actief", "3311", "123456789", "Basis", ingangsdatum=dt.date(2026, 1, 1)
                    ),
                ),
            ),
        )
        common = ["--lang", "en", "--environment", "tst", "--url", w.fake.base_url]
        code, out = _run(
            "cov",
            "check",
            *common,
            "--agb",
            "01234567",
            "--bsn",
            "999900006",
            "--birth-date",
            "1980-01-01",
        )
        assert code == 0
        assert "UZOVI 3311 Basis 123456789 Actief" in out
        assert (
            main(
                [
                    "cov",
                    "check",
                    *common,
                    "--agb",
                    "01234567",
                    "--bsn",
                    "123456789",
                    "--birth-date",
                    "1980-01-01",
                ]
            )
            == 2
        )
        code, out = _run(
            "cov",
            "check",
            *common,
            "--agb",
            "01234567",
            "--bsn",
            "999900018",
            "--birth-date",
            "1980-01-01",
        )
        assert code == 1
        assert "NietGevonden" in out


def test_fake_vecozo_command_runs_and_stops() -> None:
    """Ei fake-vecozo prints its loopback URL and stops after --seconds."""
    code, out = _run("fake-vecozo", "--seconds", "0.2")
    assert code == 0
    assert "http://127.0.0.1:" in out


def test_a_long_pull_shows_progress(tmp_path: Path, capsys: Any) -> None:
    """``ei pull`` of 120 ready messages says on stderr how far it got, every 50 messages.

    Stdout keeps one line per message and the summary.
    """
    from tests.transport_helpers import message

    ledger = f"sqlite:///{tmp_path / 'l.db'}"
    with world(environment="T") as w:
        for i in range(120):
            envelope, data = message(gds801(i))
            w.fake.queue(envelope, data)
        common = [
            "--lang",
            "en",
            "--environment",
            "tst",
            "--url",
            w.fake.base_url,
            "--ledger",
            ledger,
        ]
        assert main(["pull", *common, "--timeout", "10"]) == 0
        out, err = capsys.readouterr()
        assert "fetched 50 ..." in err
        assert "fetched 100 ..." in err
        assert "fetched 150" not in err
        assert out.strip().endswith("stored=120")


def test_cov_check_by_insured_number_or_postcode_and_one_path_only(capsys: Any) -> None:
    """``ei cov check`` searches by insured number or postcode + house number too.

    No path, two paths, or a postcode without house number are usage errors (exit 2), before
    any call to COV.
    """
    answer = Zoekresultaat(
        1,
        "Gevonden",
        None,
        Verzekerde(
            "ActieveVerzekeringen",
            "999900006",
            verzekeringen=(
                Verzekering(
                    "Actief", "3311", "123456789", "Basis", ingangsdatum=dt.date(2026, 1, 1)
                ),
            ),
        ),
    )
    with world() as w:
        w.fake.cov_answers["123456789"] = answer
        w.fake.cov_answers["1234AB5"] = answer
        base = ["cov", "check", "--environment", "tst", "--url", w.fake.base_url]
        base += ["--agb", "01234567", "--birth-date", "1980-01-01"]
        assert main([*base, "--insured-number", "123456789"]) == 0
        assert main([*base, "--postcode", "1234AB", "--house-number", "5"]) == 0
        assert "UZOVI 3311 Basis 123456789 Actief" in capsys.readouterr().out
        calls = len(w.fake.requests)
        assert calls >= 2  # the two searches above reached the fake
        assert main(base) == 2
        assert "geef precies één zoekpad" in capsys.readouterr().err  # Dutch by default
        assert main([*base, "--lang", "en"]) == 2
        assert "exactly one search path" in capsys.readouterr().err
        assert main([*base, "--bsn", "999900006", "--insured-number", "123456789"]) == 2
        assert main([*base, "--postcode", "1234AB", "--lang", "en"]) == 2
        assert "postcode and house number" in capsys.readouterr().err
        assert len(w.fake.requests) == calls


@pytest.mark.parametrize(
    ("lang", "line"),
    [("nl", "niet verzonden, afgekeurd: EI100"), ("en", "not sent, rejected: EI100")],
)
def test_not_sent_line_is_in_the_language_of_the_run(tmp_path: Path, lang: str, line: str) -> None:
    """`ei send --lang`: the refusal names the verdict in words of the run, not its token."""
    message = tmp_path / "empty.xml"
    message.write_bytes(b"")
    with world(environment="T") as w:
        common = ["--lang", lang, "--environment", "tst", "--url", w.fake.base_url]
        ledger = f"sqlite:///{tmp_path / 'l.db'}"
        exit_code, out = _run("send", str(message), *common, "--ledger", ledger)
    assert exit_code == 1
    assert f"{message}: {line}" in out
    assert ("not sent" in out) is (lang == "en")


def test_pull_refuses_a_missing_out_folder_before_asking_vecozo(tmp_path: Path) -> None:
    """`ei pull --out DIR`: a DIR that does not exist is exit 2, not created, nothing fetched."""
    missing = tmp_path / "answers"
    with world(environment="T") as w:
        common = ["--lang", "en", "--environment", "tst", "--url", w.fake.base_url]
        ledger = f"sqlite:///{tmp_path / 'l.db'}"
        code, out = _run("pull", *common, "--ledger", ledger, "--out", str(missing))
        assert w.requests_sent() == 0
    assert code == 2
    assert "does not exist" in out
    assert not missing.exists()
