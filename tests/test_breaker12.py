"""Faults found by trying `ei` as a CI vendor, a municipality and an analyst would (round 12).

Each test names the fault it guards against: a run that checks nothing passing, a file skipped
for the name of a folder above it, words of another language than ``--lang``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import FIXTURES

from eistandaard.cli.inputs import collect, named_path
from eistandaard.cli.main import main

REJECTED = FIXTURES / "iwmo" / "3.2" / "WMO323" / "invalid" / "missing-bsn.xml"
GOLDEN_325 = FIXTURES / "golden" / "two-clients-with-credit.WMO325.xml"
WMO323 = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "two-clients-with-credit.xml"


# --- --exclude never makes a rejected file pass unseen ------------------------------------


def test_exclude_is_not_tried_on_the_folders_above_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--exclude tmp /tmp/.../x.xml` run elsewhere: the file is checked (exit 1), not skipped."""
    inbox = tmp_path / "builds" / "inbox"
    inbox.mkdir(parents=True)
    message = inbox / "declaratie.xml"
    shutil.copyfile(REJECTED, message)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert main(["validate", "--exclude", "builds", "--exclude", "b*", str(message)]) == 1
    assert "afgekeurd" in capsys.readouterr().out
    assert str(named_path(message)) == "declaratie.xml"


def test_exclude_still_matches_the_path_below_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a pre-commit hook passes staged paths: `--exclude archief archief/x.xml` skips it.

    The glob is tried on the path as it was named: named absolutely, only the file's name is
    matched (the folders of an absolute path are the user's way to the file, whatever the
    working directory; with `/` as working directory they were all "below" it).
    """
    (tmp_path / "archief").mkdir()
    old, new = tmp_path / "archief" / "x.xml", tmp_path / "y.xml"
    shutil.copyfile(REJECTED, old)
    shutil.copyfile(REJECTED, new)
    monkeypatch.chdir(tmp_path)
    assert collect(["archief/x.xml", "y.xml"], exclude=["archief"]) == [Path("y.xml")]
    assert collect(["./archief/x.xml", "y.xml"], exclude=["archief/*"]) == [Path("y.xml")]
    assert collect([str(old), str(new)], exclude=["archief"]) == [old, new]  # absolute: names
    assert collect([str(old), str(new)], exclude=["x.*"]) == [new]


@pytest.mark.parametrize(
    ("lang", "words"),
    [("nl", "niets om te controleren"), ("en", "nothing to check")],
)
@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
def test_a_run_whose_every_file_is_excluded_is_a_usage_error(
    lang: str, words: str, fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every named file excluded: exit 2 with one line, never exit 0 with an empty report."""
    message = tmp_path / "declaratie.xml"
    shutil.copyfile(REJECTED, message)
    args = ["validate", "--lang", lang, "--format", fmt, "--exclude", "*.xml", str(message)]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert words in captured.err
    assert captured.err.strip().count("\n") == 0


# --- the progress bar speaks the language of the run --------------------------------------


@pytest.mark.parametrize(
    ("lang", "label", "foreign"),
    [("nl", "controleren", "checking"), ("en", "checking", "controleren")],
)
def test_progress_bar_is_labelled_in_the_language_of_the_run(
    lang: str, label: str, foreign: str, tmp_path: Path
) -> None:
    """On a terminal the bar says "controleren" under nl and "checking" under en, never both."""
    from tests.test_batch_mode import _stderr_on_a_terminal

    for number in range(2):
        shutil.copyfile(REJECTED, tmp_path / f"{number}.xml")
    code, terminal = _stderr_on_a_terminal("validate", "--lang", lang, "--jobs", "1", str(tmp_path))
    assert code == 1
    assert label in terminal
    assert foreign not in terminal


# --- the run's own output is never read back as a message ---------------------------------


def test_junit_output_inside_the_checked_folder_is_not_checked_on_the_next_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o DIR/junit.xml --force DIR` twice: each run checks the one message (exit 1).

    The second run used to find its own output in DIR and refuse it as an input (exit 2).
    """
    import xml.etree.ElementTree as ET

    shutil.copyfile(REJECTED, tmp_path / "declaratie.xml")
    report = tmp_path / "junit.xml"
    args = ["validate", "--format", "junit", "-o", str(report), "--force", str(tmp_path)]
    for _ in range(2):
        assert main(args) == 1
        cases = ET.parse(report).getroot().iter("testcase")
        assert [case.get("name") for case in cases] == [str(tmp_path / "declaratie.xml")]
    capsys.readouterr()
    named = ["validate", "--format", "junit", "-o", str(report), "--force", str(report)]
    assert main(named) == 2  # named on the command line, it is still refused as an input
    assert "junit.xml" in capsys.readouterr().err


# --- ei serve: a worker that died while idle costs no request a 500 -----------------------


def test_a_worker_killed_while_idle_is_replaced_without_failing_the_next_request() -> None:
    """A worker killed between requests (the OOM killer): the next request is checked (accepted).

    It used to be sent to the dead worker and answered 500 (WorkerDied); /health stayed 503.
    """
    import asyncio
    import json

    from eistandaard.serve.tasks import ValidateTask
    from eistandaard.serve.workers import WorkerPool

    accepted = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "basis.xml"

    async def scenario() -> tuple[str, int, int]:
        pool = WorkerPool(1, timeout=120, queue_timeout=300)
        await pool.start()
        try:
            for worker in list(pool._all):
                worker.process.kill()
                worker.process.join(timeout=10)
            assert pool.alive() == 0
            outcome = await pool.run(ValidateTask(accepted.read_bytes(), "basis.xml", "json"))
            verdict = json.loads(outcome.body)["reports"][0]["verdict"]
            return verdict, pool.alive(), pool.replaced
        finally:
            await pool.stop()

    verdict, alive, replaced = asyncio.run(scenario())
    assert verdict == "accepted"
    assert alive == 1
    assert replaced == 1


# --- the upload page of ei serve says its own words in the language chosen ----------------

_PAGE_HARNESS = r"""
const fs = require("fs");
const elements = {};
function element(id) {
  if (!elements[id]) {
    elements[id] = {
      id, value: "", textContent: "", disabled: false, dataset: {}, files: [], handlers: {},
      classList: { add() {}, remove() {} },
      addEventListener(kind, handler) { this.handlers[kind] = handler; },
    };
  }
  return elements[id];
}
global.document = { getElementById: element, createElement: () => element("a") };
global.fetch = async (url) => ({
  ok: true,
  headers: { get: (name) => (name === "X-Verdict" ? "rejected" : "true") },
  text: async () => "<html></html>",
  url,
});
const [script, lang] = process.argv.slice(2);
eval(fs.readFileSync(script, "utf8"));
element("lang").value = lang;
(async () => {
  const seen = [];
  element("file").handlers.change({ target: { files: [{ name: "d.xml" }] } });
  seen.push(element("status").textContent);
  await element("run").handlers.click();
  seen.push(element("status").textContent);
  element("request").files = [{ name: "r.xml" }];
  element("answer").files = [{ name: "a.xml" }];
  await element("run-compare").handlers.click();
  seen.push(element("status").textContent);
  console.log(JSON.stringify(seen));
})();
"""


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nl", ["Gekozen: d.xml", "d.xml: afgekeurd", "Antwoord past bij het verzoek"]),
        ("en", ["Chosen: d.xml", "d.xml: rejected", "The answer fits the request"]),
    ],
)
def test_upload_page_status_follows_the_report_language(
    lang: str, expected: list[str], tmp_path: Path
) -> None:
    """The page's own status lines are in the language chosen for the report, not always Dutch.

    page.js runs in node against a stand-in DOM and fetch (skipped without node).
    """
    import json
    import subprocess

    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    harness = tmp_path / "harness.js"
    harness.write_text(_PAGE_HARNESS, encoding="utf-8")
    page = Path(__file__).resolve().parents[1] / "src" / "eistandaard" / "serve" / "page.js"
    done = subprocess.run(
        [node, str(harness), str(page), lang],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected


# --- SARIF: a file name is never read as a URI scheme --------------------------------------


@pytest.mark.parametrize(
    ("name", "uri"),
    [
        ("x:y.xml", "./x:y.xml"),
        ("C:\\berichten\\a b.xml", "file:///C:/berichten/a%20b.xml"),
        ("/builds/berichten/a.xml", "file:///builds/berichten/a.xml"),
        ("berichten/a.xml", "berichten/a.xml"),
        ("a.zip!b.xml", "a.zip"),
    ],
)
def test_sarif_artifact_uri_names_the_file_it_was_given(name: str, uri: str) -> None:
    """A colon in the first segment (x:y.xml, C:/...) would be a scheme: ./ or file:/// instead.

    Code scanning and other SARIF readers then find the file; a relative name stays relative.
    """
    import json
    from urllib.parse import urlsplit

    import attrs

    from eistandaard import validate
    from eistandaard.render.registry import RenderOptions
    from eistandaard.render.sarif import render_sarif

    named = attrs.evolve(validate(REJECTED.read_bytes()), source=name)
    log = json.loads(render_sarif([named], RenderOptions(lang="en")))
    found = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert found["uri"] == uri
    assert urlsplit(found["uri"]).scheme in ("", "file")


# --- ei serve: a form field carries the message's bytes, not a re-encoded text ------------


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """A real `ei serve` on 127.0.0.1 with one worker, for the multipart tests."""
    from tests.serve_helpers import running_server

    with running_server(workers=1, timeout=120, queue_timeout=120) as base:
        yield base


def _not_utf8() -> bytes:
    """WMO323 two-clients-with-credit with a Latin-1 é in a comment: no UTF-8 (EI104)."""
    data = WMO323.read_bytes()
    return data.replace(b"<wmo323:Header>", b"<!-- caf\xe9 --><wmo323:Header>", 1)


@pytest.mark.parametrize("as_file", [True, False], ids=["file-part", "field-part"])
def test_a_message_that_is_no_utf8_is_rejected_however_it_is_uploaded(
    served: str, as_file: bool, tmp_path: Path
) -> None:
    """EI104 for bytes that are no UTF-8, as `ei validate` gives, sent as a file or a field.

    A field (a part without a file name: `curl -F 'message=<x.xml'`) used to be decoded and
    re-encoded as UTF-8 by the multipart parser, and the message was accepted.
    """
    import httpx

    data = _not_utf8()
    (tmp_path / "x.xml").write_bytes(data)
    assert main(["validate", str(tmp_path / "x.xml")]) == 1  # the command line's verdict
    part = ("x.xml", data, "application/xml") if as_file else (None, data)
    answer = httpx.post(f"{served}/validatie?format=json", files={"message": part}, timeout=120)
    assert answer.status_code == 200
    assert answer.headers["x-verdict"] == "rejected"
    codes = [f["code"] for f in answer.json()["reports"][0]["findings"]]
    assert codes == ["EI104"]


def test_explain_parts_sent_as_fields_are_read_as_sent(served: str) -> None:
    """POST /explain with fields (no file names): read as sent, never as re-encoded text.

    The pair is explained (consistent); a request with bytes that are no UTF-8 is a 400.
    """
    import httpx

    answer = GOLDEN_325.read_bytes()
    good = httpx.post(
        f"{served}/explain?format=json",
        files={"request": (None, WMO323.read_bytes()), "answer": (None, answer)},
        timeout=120,
    )
    assert good.status_code == 200
    assert good.json()["consistent"] is True
    bad = httpx.post(
        f"{served}/explain?format=json",
        files={"request": (None, _not_utf8()), "answer": (None, answer)},
        timeout=120,
    )
    assert bad.status_code == 400
    assert "EI104" in bad.json()["detail"]


# --- --check finds a plug-in next to the user, as python -m eistandaard does ----------------


def test_check_module_in_the_working_directory_is_found_by_ei(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei validate --check mymod:check` with mymod.py in the working directory: it runs.

    The `ei` script has no working directory on sys.path (unlike `python -m eistandaard`), so
    the documented plug-in example failed with "No module named" under `ei`.
    """
    import sys

    plugin = tmp_path / "breaker12_nearby_check.py"
    plugin.write_text(
        "from eistandaard.core.findings import Finding, Severity\n"
        "def check(message):\n"
        "    return [Finding(level=5, code='OWN1', severity=Severity.ERROR,\n"
        "                    text_nl='eigen controle', text_en='own check')]\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p not in ("", str(tmp_path))])
    monkeypatch.chdir(tmp_path)
    accepted = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "basis.xml"
    code = main(
        ["validate", "--lang", "en", "--check", "breaker12_nearby_check:check", str(accepted)]
    )
    out = capsys.readouterr()
    assert "cannot be imported" not in out.err
    assert code == 1
    assert "OWN1" in out.out
