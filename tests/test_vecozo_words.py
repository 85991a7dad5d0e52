"""Text lines of ``ei ledger`` and the transport commands say their tokens as words of ``--lang``.

JSON keeps the stable tokens (``sent``, ``alsAntwoordOp``); a text line says ``verzonden`` /
``sent`` and ``verwijzing in de payload`` / ``payload reference``, from ``words/vecozo.toml``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from tests.conftest import FIXTURES

from eistandaard.cli.main import cli
from eistandaard.cli.vecozo_options import VECOZO_WORDS, said_counts, token_word
from eistandaard.standards.wording import bilingual_texts
from eistandaard.vecozo.ledger import STATES
from eistandaard.vecozo.transport.retry import State

WMO323 = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
WMO325 = FIXTURES / "iwmo/3.2/WMO325/valid/basis.xml"
SRC = Path(__file__).resolve().parents[1] / "src" / "eistandaard"


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(
        cli, [str(a) for a in args], standalone_mode=False, catch_exceptions=False
    )


@pytest.fixture
def ledger(tmp_path: Path) -> tuple[str, str]:
    """A ledger with a 323 (state ``sent``) and its 325, linked: ``(url, the 323's traceerId)``."""
    url = f"sqlite:///{tmp_path / 'ledger.db'}"
    req, ans = tmp_path / "323.json", tmp_path / "325.json"
    assert _run("envelope", "build", WMO323, "-o", req).return_value == 0
    assert _run("envelope", "build", WMO325, "--answer-to", req, "-o", ans).return_value == 0
    assert (
        _run("ledger", "--ledger", url, "add", WMO323, req, "--on", "2025-04-02").return_value == 0
    )
    assert (
        _run("ledger", "--ledger", url, "add", WMO325, ans, "--state", "received").return_value == 0
    )
    trace = json.loads(req.read_text("utf-8"))["referentiegegevens"]["traceerId"]
    return url, trace


@pytest.mark.parametrize(
    ("lang", "state", "received", "other"),
    [("nl", "verzonden", "ontvangen", " sent "), ("en", "sent", "received", "verzonden")],
)
def test_ledger_show_says_states_in_the_language_of_the_run(
    ledger: tuple[str, str], lang: str, state: str, received: str, other: str
) -> None:
    """``ei ledger show``: the state is a word of ``--lang``; before, ``sent`` under nl too."""
    url, _trace = ledger
    lines = _run("ledger", "--ledger", url, "--lang", lang, "show").stdout.splitlines()
    assert f"  {state}  " in lines[0]
    assert f"  {received}  " in lines[1]
    assert other not in lines[0]


def test_ledger_state_says_the_new_state_in_dutch(ledger: tuple[str, str]) -> None:
    """``ei ledger state X accepted`` under nl: ``X is nu geaccepteerd`` (the argument a token)."""
    url, trace = ledger
    said = _run("ledger", "--ledger", url, "state", trace, "accepted").stdout
    assert said.strip() == f"{trace} is nu geaccepteerd"
    english = _run("ledger", "--ledger", url, "--lang", "en", "state", trace, "rejected").stdout
    assert english.strip() == f"{trace} is rejected"


def test_ledger_show_json_keeps_the_tokens(ledger: tuple[str, str]) -> None:
    """``--format json`` under nl: ``sent``, ``received``, ``alsAntwoordOp`` as they are stored."""
    url, trace = ledger
    rows = json.loads(_run("ledger", "--ledger", url, "show", "--format", "json").stdout)
    assert [r["state"] for r in rows] == ["sent", "received"]
    assert rows[1]["link_method"] == "alsAntwoordOp"
    assert rows[1]["answer_to"] == trace


def test_every_token_has_words_in_both_languages() -> None:
    """Every ledger state, outbox state, link method, alarm kind and count the code makes.

    The tokens are found in the source, so a new one without words fails here.
    """
    words = bilingual_texts(VECOZO_WORDS)
    tokens = {f"ledger-state:{s}" for s in STATES} | {f"state:{s}" for s in State}
    tokens |= {f"count:{s}" for s in State}
    tokens |= {f"link:{m}" for m in ("alsAntwoordOp", "reference", "conversatie")}
    outbox = (SRC / "vecozo" / "transport" / "outbox.py").read_text("utf-8")
    tokens |= {f"alarm:{k}" for k in re.findall(r'Alarm\(\s*"([a-z-]+)"', outbox)}
    tokens |= {f"count:{k}" for k in re.findall(r'counts\["([a-z-]+)"\]', outbox)}
    tokens |= {f"count:{k}" for k in re.findall(r'bump\("([a-z-]+)"\)', outbox)}
    tokens |= {f"count:{k}" for k in re.findall(r'return "([a-z-]+)"', outbox)}
    sql = (SRC / "vecozo" / "ledger" / "sql.py").read_text("utf-8")
    assert set(re.findall(r'Link\(answer\.traceer_id, str\(row\[0\]\), "(\w+)"\)', sql)) == {
        "alsAntwoordOp",
        "reference",
        "conversatie",
    }
    assert len(tokens) > 25
    assert sorted(t for t in tokens if t not in words) == []


def test_counts_and_unknown_tokens() -> None:
    """A run's counts are words of the language; a token without words is shown as it is."""
    counts = {"changed": 1, "asked": 3}
    assert said_counts(counts, "nl") == "gevraagd=3 gewijzigd=1"
    assert said_counts(counts, "en") == "asked=3 changed=1"
    assert said_counts({}, "nl") == ""
    assert token_word("ledger-state", "archived", "nl") == "archived"
    assert token_word("link", None, "en") == "-"
    assert token_word("link", "reference", "nl") == "verwijzing in de payload"


def test_send_status_pull_speak_dutch_by_default(tmp_path: Path) -> None:
    """Under nl (the default): ``verzonden``, ``gewijzigd=1``, ``opgeslagen=1``, the link's words.

    Before, ``ei status`` said ``changed=1`` and ``ei pull`` ``stored=1`` in a Dutch run.
    """
    from tests.transport_helpers import gds801, world

    claim = tmp_path / "gds801.xml"
    claim.write_bytes(gds801(1).replace(b"<Berichtsoort>P<", b"<Berichtsoort>T<"))
    url = f"sqlite:///{tmp_path / 'l.db'}"
    with world(environment="T") as w:
        common = ["--environment", "tst", "--url", w.fake.base_url, "--ledger", url]
        common += ["--timeout", "10"]
        sent = CliRunner().invoke(cli, ["send", str(claim), *common])
        assert sent.exit_code == 0, sent.output
        assert sent.output.strip().endswith(" verzonden")
        trace = sent.output.strip().split()[-2]
        w.clock.advance(300)
        status = CliRunner().invoke(cli, ["status", *common])
        assert "gewijzigd=1" in status.output
        assert "changed" not in status.output
        pulled = CliRunner().invoke(cli, ["pull", *common])
        assert pulled.exit_code == 0, pulled.output
        assert f"GDS802 beantwoordt {trace} (alsAntwoordOp)" in pulled.output
        assert pulled.output.strip().endswith("opgeslagen=1")


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("nl", "  stroom 2: foutbericht VECOZO -> zorgkantoor"),
        ("en", "  flow 2: error report (foutbericht) VECOZO -> care office (zorgkantoor)"),
    ],
)
def test_chain_names_its_message_kinds_and_parties_in_the_language(lang: str, line: str) -> None:
    """``ei chain --lang en``: before, "foutbericht VECOZO -> zorgkantoor" in an English line."""
    message = FIXTURES / "bm/2.0/chain/flow2-missing-bankgegevens.xml"
    out = _run("chain", "--lang", lang, "--as-of", "2026-11-23", message).stdout
    assert line in out.splitlines()
