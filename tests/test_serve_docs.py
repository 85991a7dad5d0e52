"""docs/serve.md: the ``curl`` examples run as written against a real ``ei serve``.

Each ``$ curl ...`` line of the document is run with curl (skipped when curl is missing) in a
folder holding the files it names (``declaratie.xml``, ``declaratie.zip``, ``antwoord.xml``),
with the documented address ``http://127.0.0.1:8080`` replaced by the test server's. Each must
get a ``200`` and the kind of answer the document promises.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, ROOT
from tests.serve_helpers import running_server

DOC = ROOT / "docs" / "serve.md"
REQUEST = FIXTURES / "pairing" / "wmo323.request.xml"
ANSWER = FIXTURES / "pairing" / "wmo323.answer.xml"
DOCUMENTED = "http://127.0.0.1:8080"


def _examples() -> list[str]:
    return re.findall(r"^\$ (curl .*)$", DOC.read_text(encoding="utf-8"), re.M)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """One service with a fixed peildatum."""
    with running_server(workers=1, as_of=dt.date(2026, 11, 23)) as base:
        yield base


def test_the_document_has_curl_examples_for_each_route() -> None:
    """The examples post to /validatie (XML, JSON, a version override) and /explain."""
    examples = _examples()
    assert len(examples) >= 4
    assert any("/validatie" in e and "Accept: application/json" in e for e in examples)
    assert any("X-Version-Override" in e for e in examples)
    assert any("/explain" in e for e in examples)


def test_every_curl_example_runs_as_written(url: str, tmp_path: Path) -> None:
    """Each example gets 200 and a rapport, a JSON report or a JSON explanation."""
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed")
    shutil.copy(REQUEST, tmp_path / "declaratie.xml")
    shutil.copy(ANSWER, tmp_path / "antwoord.xml")
    with zipfile.ZipFile(tmp_path / "declaratie.zip", "w") as bundle:
        bundle.write(REQUEST, "declaratie.xml")
    for example in _examples():
        words = [word.replace(DOCUMENTED, url) for word in shlex.split(example)]
        assert words[0] == "curl"
        done = subprocess.run(
            [curl, "-sS", "-w", "\n%{http_code}", *words[1:]],
            cwd=tmp_path,
            capture_output=True,
            timeout=120,
            check=False,
        )
        body, _, status = done.stdout.decode("utf-8").rpartition("\n")
        assert done.returncode == 0, (example, done.stderr)
        assert status == "200", (example, body)
        if "application/json" in example or "format=json" in example:
            json.loads(body)
        else:
            assert "<r:Rapport" in body, (example, body[:200])
