"""Faults a newcomer found by trying `ei` as billing vendors, municipalities and insurers would.

Each test reads a fixture of fixtures/breaker11/ and its sidecar (``*.expected.toml``), which says
what the command must give. Each fault is one instance of a kind; the tests cover the kind in every
language and output format that can meet it.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from eistandaard.cli.main import main

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "breaker11"


def _sidecar(name: str) -> dict[str, Any]:
    return tomllib.loads((HERE / f"{name}.expected.toml").read_text(encoding="utf-8"))


# --- an answer of another request: its problems are true and shown without repr -------------


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_gds802_of_another_gds801(lang: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A GDS802 of another GDS801: the unknown Verzekerde in words, no false totals problem."""
    expected = _sidecar("gds802-of-another-gds801")
    request = HERE / expected["request"]
    answer = HERE / "gds802-of-another-gds801.xml"
    code = main(["diff", "--lang", lang, "--format", fmt, str(request), str(answer)])
    out = capsys.readouterr().out
    assert code == expected["exit"]
    if fmt == "json":
        problems = json.loads(out)["problems"]
        assert expected[lang] in problems
        out = "\n".join(problems)
    assert expected[lang] in out.replace("&#x27;", "'").replace("&#39;", "'")
    for absent in expected[f"absent_{lang}"]:
        assert absent not in out


def test_worded_values_never_repr() -> None:
    """A tuple or list given as a field of a problem text is joined in words, never repr'd."""
    from eistandaard.standards.wording import worded

    text = worded("gds-unknown-verzekerde", key=("999990019", "4499", "", ""))
    assert text == "the GDS802 names a Verzekerde the GDS801 lacks: 999990019, 4499"
    assert "('" not in text.text("nl")


# --- one language per run: usage lines and failed writes ------------------------------------


def _usage_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = _sidecar("wmo323-usage-lines")["case"]
    return cases


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("case", _usage_cases(), ids=lambda c: " ".join(c["args"][:3]))
def test_usage_and_failure_lines_in_the_language_of_the_run(
    case: dict[str, Any],
    lang: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Every usage line and failed write: one line, in --lang only (no English under nl)."""
    monkeypatch.chdir(tmp_path)
    message = str(HERE / "wmo323-usage-lines.xml")
    out = "/proc/eistandaard-out.xml"  # a folder that exists, where no file can be made
    if not Path("/proc").is_dir():
        pytest.skip("no /proc here")
    args = [a.format(msg=message, out=out) for a in case["args"]]
    assert main([*args, "--lang", lang]) == case["exit"]
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert case[lang].format(out=out) in err
    if lang == "nl":
        words = _sidecar("wmo323-usage-lines")["english_words"]
        assert [w for w in words if w in err.replace(message, "").replace(out, "")] == []


# --- lazy imports: every public name of every package, through dir() and getattr ------------


def test_every_public_name_of_every_package_is_listed_and_resolves() -> None:
    """``__all__`` of each package: every name resolves and is in ``dir()`` (lazy ones too).

    ``eistandaard.answers`` imported ``build_return`` on first use but left it out of
    ``dir()`` (Tab completion, ``help()``), unlike ``eistandaard`` and ``eistandaard.vecozo``.
    """
    import importlib
    import pkgutil

    import eistandaard

    packages = ["eistandaard"] + [
        info.name
        for info in pkgutil.walk_packages(eistandaard.__path__, "eistandaard.")
        if info.ispkg
    ]
    missing = []
    for name in packages:
        module = importlib.import_module(name)
        for public in getattr(module, "__all__", ()):
            assert getattr(module, public) is not None
            if public not in dir(module):
                missing.append(f"{name}.{public}")
    assert missing == []


# --- ei serve: a form upload is the message, not XML that is not well-formed ----------------


def test_serve_takes_a_form_upload_as_the_message() -> None:
    """/validatie and /return with multipart/form-data: the part is the message (not EI1xx)."""
    import httpx
    from lxml import etree
    from tests.serve_helpers import running_server

    expected = _sidecar("serve-form-upload")
    body = (HERE / "serve-form-upload.xml").read_bytes()
    with running_server(workers=1) as base:
        checked = httpx.post(base + "/validatie", files={"message": ("d.xml", body)}, timeout=60)
        other_name = httpx.post(base + "/validatie", files={"file": ("d.xml", body)}, timeout=60)
        answered = httpx.post(base + "/return", files={"request": ("d.xml", body)}, timeout=60)
        two = httpx.post(
            base + "/validatie", files=[("a", ("a.xml", body)), ("b", ("b.xml", body))], timeout=60
        )
    assert checked.status_code == expected["validatie_status"]
    assert checked.headers["x-verdict"] == expected["verdict"]
    assert other_name.headers["x-verdict"] == expected["verdict"]
    assert answered.status_code == expected["return_status"]
    assert etree.QName(etree.fromstring(answered.content)).localname == expected["return_root"]
    assert two.status_code == expected["two_parts_status"]
    assert "message" in two.json()["detail"]


# --- standard input redirected from the output file: never overwritten -----------------------


@pytest.mark.parametrize(
    "case", _sidecar("wmo323-stdin-is-output")["case"], ids=lambda c: str(c["args"][0])
)
def test_output_that_is_the_file_standard_input_reads_is_refused(
    case: dict[str, Any], tmp_path: Path
) -> None:
    """``ei return - -o F --force < F``: refused (exit 2), F unchanged, in every command."""
    import os
    import shutil
    import subprocess
    import sys

    expected = _sidecar("wmo323-stdin-is-output")
    source = HERE / "wmo323-stdin-is-output.xml"
    target = tmp_path / "mine.xml"
    shutil.copyfile(source, target)
    answer = tmp_path / "answer.xml"
    assert main(["return", str(source), "-o", str(answer), "--as-of", "2024-04-10"]) == 0
    args = [a.format(file=target, answer=answer) for a in case["args"]]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    with target.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "eistandaard", *args],
            stdin=stdin,
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
    assert done.returncode == expected["exit"], done.stderr
    assert expected["nl"] in done.stderr
    assert target.read_bytes() == source.read_bytes()


# --- the rule set's name: an identifier, shown in every language as it is --------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_rule_set_name_has_no_words_of_one_language(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The GDS rule set's name in the HTML/JSON report: an identifier, no English under nl."""
    from eistandaard.standards.catalog import default_catalog

    expected = _sidecar("gds801-v2-rule-set-name")
    message = HERE / "gds801-v2-rule-set-name.xml"
    assert (
        main(
            ["validate", "--lang", lang, "--as-of", "2026-11-23", "--format", "json", str(message)]
        )
        == 0
    )
    (report,) = json.loads(capsys.readouterr().out)["reports"]
    assert report["verdict"] == expected["verdict"]
    assert report["rules_version"] == expected["rules_version"]
    assert (
        main(
            ["validate", "--lang", lang, "--as-of", "2026-11-23", "--format", "html", str(message)]
        )
        == 0
    )
    page = capsys.readouterr().out
    assert expected["rules_version"] in page
    names = {spec.release.rules_version or "" for spec in default_catalog()}
    found = [w for w in expected["english"] for name in names if w in name]
    assert found == []


# --- an insurer's GDS802 that lacks a class of the GDS801 says so ----------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(
    "case", _sidecar("gds802-lacks-a-class")["case"], ids=lambda c: str(c["answer"])
)
def test_gds802_that_lacks_a_class_names_it(
    case: dict[str, Any], lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A prestatie or Verzekerde the insurer's GDS802 lacks is a problem, in text and JSON."""
    expected = _sidecar("gds802-lacks-a-class")
    request = HERE / expected["request"]
    answer = HERE / case["answer"]
    assert main(["diff", "--lang", lang, str(request), str(answer)]) == expected["exit"]
    assert case[lang] in capsys.readouterr().out
    assert main(["diff", "--lang", lang, "--format", "json", str(request), str(answer)]) == 1
    explained = json.loads(capsys.readouterr().out)
    assert explained["consistent"] is False
    assert any(case[lang] in problem for problem in explained["problems"])


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_reader_that_quits_early_is_said_in_the_language_of_the_run(
    lang: str, tmp_path: Path
) -> None:
    """``ei validate BIG --format json | head -c 10``: exit 3, the broken pipe said in --lang.

    With ``PYTHONUNBUFFERED=1`` the report was written through a raw file that wrote a part and
    dropped the rest without an error: exit 1 (the verdict), nothing on standard error.
    """
    import os
    import shutil
    import subprocess
    import sys

    expected = _sidecar("wmo323-usage-lines")["broken_pipe"]
    for n in range(expected["copies"]):
        shutil.copyfile(HERE / "wmo323-usage-lines.xml", tmp_path / f"{n:02}.xml")
    read_end, write_end = os.pipe()
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = dict(os.environ, PYTHONPATH=src, PYTHONUNBUFFERED="1")  # as in many containers
    args = ["validate", "--lang", lang, "--jobs", "1", "--format", "json", str(tmp_path)]
    process = subprocess.Popen(
        [sys.executable, "-m", "eistandaard", *args],
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(write_end)
    assert os.read(read_end, 10)  # the first bytes, then the reader quits
    os.close(read_end)
    _, err = process.communicate(timeout=300)
    assert process.returncode == expected["exit"]
    assert expected[lang] in err.decode("utf-8")
