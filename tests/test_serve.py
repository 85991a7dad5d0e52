"""``ei serve`` against a real server on 127.0.0.1: DVS-style requests, limits, problems."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import sys
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, ROOT
from tests.serve_helpers import running_server

import eistandaard
from eistandaard.render import report_to_rapport

httpx = pytest.importorskip("httpx")

AS_OF = dt.date(2026, 11, 23)
INVALID = FIXTURES / "iwmo/3.2/WMO323/invalid/cs337-two-months.xml"
VALID = FIXTURES / "iwmo/3.2/WMO323/valid/basis.xml"
MIXED = (
    INVALID,
    VALID,
    FIXTURES / "iwmo/3.2/WMO323/invalid/missing-bsn.xml",
    FIXTURES / "ijw/3.2/JW323/invalid/tr101-same-bsn.xml",
    FIXTURES / "gds/1.0/GDS801/invalid/rc003-9302-verzenderrol-unknown.xml",
    FIXTURES / "bm/2.0/BM801/valid/net-credit-total.xml",
)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """A service with the default limits (25 MB) and a fixed peildatum."""
    with running_server(workers=2, as_of=AS_OF) as base:
        yield base


def _post(url: str, path: str, body: bytes, **headers: str) -> httpx.Response:
    return httpx.post(url + path, content=body, headers=headers, timeout=120)


def _is_problem(response: httpx.Response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    document = json.loads(response.content)
    assert document["status"] == status
    assert "Traceback" not in response.text
    return document


def test_validatie_answers_the_rapport_as_the_cli_writes_it(url: str) -> None:
    """DVS style: the XML as the body, the iStandaarden rapport (same bytes as the CLI) back."""
    response = _post(url, "/validatie", INVALID.read_bytes())
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/xml"
    assert response.headers["x-verdict"] == "rejected"
    expected = report_to_rapport(eistandaard.validate(INVALID, as_of=AS_OF))
    assert response.content == expected


def test_validatie_accept_json_gives_the_json_report(url: str) -> None:
    """Accept: application/json gives the project's JSON report with the same findings."""
    response = _post(url, "/validatie", INVALID.read_bytes(), Accept="application/json")
    assert response.headers["content-type"] == "application/json"
    report = response.json()["reports"][0]
    assert report["verdict"] == "rejected"
    assert [f["code"] for f in report["findings"]] == ["CS337"]


def test_version_override_is_honoured_or_refused(url: str) -> None:
    """X-Version-Override: a release we have is used; another is a 400 problem."""
    ok = _post(url, "/validatie", VALID.read_bytes(), **{"X-Version-Override": "3.2"})
    assert ok.status_code == 200
    assert ok.headers["x-verdict"] == "accepted"
    unknown = _post(url, "/validatie", VALID.read_bytes(), **{"X-Version-Override": "3.2.99"})
    assert "3.2" in _is_problem(unknown, 400)["available"]
    other = _post(url, "/validatie", VALID.read_bytes(), **{"X-Version-Override": "gds/1.0"})
    assert "iwmo/3.2" in _is_problem(other, 400)["detail"]


def test_body_over_25_mb_is_413(url: str) -> None:
    """A body one byte over 25 MB is refused with 413 and a problem document."""
    body = b"<" + b" " * (25 * 1024 * 1024)
    _is_problem(_post(url, "/validatie", body), 413)


def test_chunked_body_over_the_limit_is_413_too() -> None:
    """Without a Content-Length the body is counted as it streams in."""
    with running_server(workers=1, max_body=1000) as base:

        def chunks() -> Iterator[bytes]:
            for _ in range(20):
                yield b"x" * 100

        response = httpx.post(base + "/validatie", content=chunks(), timeout=60)
        _is_problem(response, 413)


def _empty_zip() -> bytes:
    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    return buffer.getvalue()


DEGENERATE = {
    "0 bytes": b"",
    "white space": b"  \n\t\r\n",
    "a BOM only": b"\xef\xbb\xbf",
    "a ZIP with nothing inside": _empty_zip(),
}
"""Bodies that hold no message: each is a message that fails level 1, never a bad request."""


@pytest.mark.parametrize("body", list(DEGENERATE.values()), ids=list(DEGENERATE))
def test_a_degenerate_body_gets_the_verdict_the_cli_gives(
    url: str, body: bytes, tmp_path: Path
) -> None:
    """/validatie: 200, a JSON report with the CLI's level-1 codes and verdict (EI100 ...)."""
    from eistandaard.cli.main import main

    path = tmp_path / ("bericht.zip" if body.startswith(b"PK") else "bericht.xml")
    path.write_bytes(body)
    out = tmp_path / "report.json"
    assert main(["validate", "--format", "json", "-o", str(out), str(path)]) == 1
    cli = json.loads(out.read_bytes())["reports"][0]
    response = _post(url, "/validatie", body, Accept="application/json")
    assert response.status_code == 200, response.text
    assert response.headers["X-Verdict"] == "rejected"
    served = json.loads(response.content)["reports"][0]
    assert served["verdict"] == cli["verdict"] == "rejected"
    codes = [f["code"] for f in served["findings"]]
    assert codes == [f["code"] for f in cli["findings"]]
    assert codes[-1] in ("EI100", "EI114")


@pytest.mark.parametrize("body", list(DEGENERATE.values()), ids=list(DEGENERATE))
def test_a_degenerate_request_gets_no_answer_as_in_the_cli(url: str, body: bytes) -> None:
    """/return: 422 with the level-1 report (`ei return`: no answer, exit 1), never 400."""
    document = _is_problem(_post(url, "/return", body), 422)
    assert document["report"]["verdict"] == "rejected"
    assert document["report"]["findings"][0]["level"] == 1


def test_zip_body_is_checked_like_its_message(url: str) -> None:
    """A ZIP holding one message gives the findings of that message."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("bericht.xml", INVALID.read_bytes())
    response = _post(url, "/validatie", buffer.getvalue(), Accept="application/json")
    assert response.status_code == 200
    codes = [f["code"] for f in response.json()["reports"][0]["findings"]]
    assert codes == ["CS337"]


def test_garbage_body_is_a_level_1_finding_not_a_500(url: str) -> None:
    """Bytes that are no XML get a rapport with a level-1 finding, status 200, no traceback."""
    response = _post(url, "/validatie", b"\x00\xffnot xml at all", Accept="application/json")
    assert response.status_code == 200
    report = response.json()["reports"][0]
    assert report["verdict"] == "rejected"
    assert report["findings"][0]["level"] == 1


def test_malformed_multipart_is_400(url: str) -> None:
    """/explain with a broken multipart body, or a part missing, is a 400 problem."""
    broken = _post(
        url, "/explain", b"garbage--xx", **{"Content-Type": "multipart/form-data; boundary=xx"}
    )
    _is_problem(broken, 400)
    only_one = httpx.post(url + "/explain", files={"request": INVALID.read_bytes()}, timeout=60)
    assert "answer" in _is_problem(only_one, 400)["detail"]
    not_multipart = _post(url, "/explain", b"<x/>", **{"Content-Type": "application/xml"})
    _is_problem(not_multipart, 400)


def test_return_and_explain(url: str) -> None:
    """/return answers a WMO323 with a WMO325; /explain finds that answer consistent."""
    answer = _post(url, "/return", INVALID.read_bytes())
    assert answer.status_code == 200
    assert b"wmo325" in answer.content
    assert eistandaard.validate(answer.content, levels=()).accepted
    files = {"request": INVALID.read_bytes(), "answer": answer.content}
    explained = httpx.post(url + "/explain?format=json", files=files, timeout=60)
    assert explained.status_code == 200
    assert explained.headers["x-consistent"] == "true"
    assert explained.json()["consistent"] is True


def test_return_of_an_xsd_invalid_message_is_422_with_the_report(url: str) -> None:
    """No answer for a message that fails level 2: 422 with the report's findings."""
    response = _post(url, "/return", MIXED[2].read_bytes())
    document = _is_problem(response, 422)
    assert [f["code"] for f in document["report"]["findings"]] == ["EI201"]


def test_status_and_health(url: str) -> None:
    """/status lists version, releases and rule sets, limits and uptime; /health is ok."""
    status = httpx.get(url + "/status", timeout=30).json()
    assert status["version"] == eistandaard.__version__
    keys = {f"{r['family']}/{r['release']}" for r in status["releases"]}
    assert {"iwmo/3.2", "ijw/3.2", "gds/1.0", "bm/2.0"} <= keys
    assert all(r["rules_version"] for r in status["releases"])
    assert status["limits"]["max_body_bytes"] == 25 * 1024 * 1024
    assert status["uptime_seconds"] >= 0
    health = httpx.get(url + "/health", timeout=30)
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "workers": 2}


def test_unknown_route_and_method_are_problems(url: str) -> None:
    """404 and 405 are problem documents as well; a bad query value is a 400."""
    _is_problem(httpx.get(url + "/nope", timeout=30), 404)
    _is_problem(httpx.get(url + "/validatie", timeout=30), 405)
    _is_problem(_post(url, "/validatie?format=yaml", VALID.read_bytes()), 400)
    _is_problem(_post(url, "/validatie?lang=de", VALID.read_bytes()), 400)


def test_concurrent_requests_give_the_cli_results(url: str) -> None:
    """24 requests at once over six messages: each answer is what the CLI writes for it."""
    expected = {path: report_to_rapport(eistandaard.validate(path, as_of=AS_OF)) for path in MIXED}
    jobs = [MIXED[i % len(MIXED)] for i in range(24)]
    with ThreadPoolExecutor(max_workers=12) as pool:
        answers = list(pool.map(lambda p: _post(url, "/validatie", p.read_bytes()), jobs))
    for path, response in zip(jobs, answers, strict=True):
        assert response.status_code == 200
        assert response.content == expected[path], path.name


def test_a_message_past_the_time_limit_is_504_and_the_worker_is_replaced() -> None:
    """A check that takes too long gets 504; the service then answers the next request."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate_declaratie import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    big = generate(3000).encode("utf-8")
    with running_server(workers=1, timeout=0.3, as_of=AS_OF) as base:
        _is_problem(_post(base, "/validatie", big), 504)
        after = _post(base, "/validatie", VALID.read_bytes())
        assert after.status_code == 200
        assert after.headers["x-verdict"] == "accepted"
        status = httpx.get(base + "/status", timeout=30).json()
        assert status["workers_replaced"] == 1
        assert status["workers_alive"] == 1


def test_no_payload_reaches_the_log(url: str, caplog: pytest.LogCaptureFixture) -> None:
    """A marker inside a message (valid, invalid or broken multipart) never appears in a log."""
    marker = "GEHEIM-4711"
    caplog.set_level(logging.DEBUG)
    message = INVALID.read_bytes().replace(b"FIX0001", marker.encode())
    _post(url, "/validatie", message)
    _post(url, "/validatie", marker.encode())
    _post(
        url,
        "/explain",
        marker.encode(),
        **{"Content-Type": "multipart/form-data; boundary=xx"},
    )
    assert caplog.records, "the server logged nothing at all: the test would prove nothing"
    assert marker not in caplog.text


def test_upload_page_is_served_with_a_strict_policy(url: str) -> None:
    """GET / is the upload page; scripts only from the service itself."""
    page = httpx.get(url + "/", timeout=30)
    assert page.status_code == 200
    assert 'id="file"' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    script = httpx.get(url + "/page.js", timeout=30)
    assert "/validatie" in script.text


def test_ei_serve_without_the_extra_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without uvicorn installed, ``ei serve`` says which extra to install (exit 2)."""
    from eistandaard.cli.main import main

    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main(["serve", "--port", "0"]) == 2


def test_serve_settings_reach_the_service() -> None:
    """--max-body style limits are reported by /status as configured."""
    with running_server(workers=1, max_body=1234, timeout=5.0) as base:
        limits = httpx.get(base + "/status", timeout=30).json()["limits"]
    assert limits == {
        "max_body_bytes": 1234,
        "timeout_seconds": 5.0,
        "workers": 1,
        "queue_timeout_seconds": 30.0,
    }


def test_no_free_worker_in_time_is_503_with_retry_after() -> None:
    """Concurrency limit: with one busy worker, a request that cannot get it in time gets 503."""
    import threading

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate_declaratie import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    big = generate(3000).encode("utf-8")
    with running_server(workers=1, queue_timeout=0.2, as_of=AS_OF) as base:
        results: list[int] = []
        slow = threading.Thread(
            target=lambda: results.append(_post(base, "/validatie", big).status_code)
        )
        slow.start()
        import time

        deadline = time.monotonic() + 60
        while httpx.get(base + "/status", timeout=30).json()["workers_busy"] < 1:
            assert time.monotonic() < deadline, "the big message never reached the worker"
            time.sleep(0.02)
        busy = _post(base, "/validatie", VALID.read_bytes())
        slow.join(timeout=120)
    _is_problem(busy, 503)
    assert busy.headers["retry-after"] == "5"
    assert results == [200]


def test_a_worker_killed_mid_check_gives_no_verdict_and_is_replaced() -> None:
    """Fail closed: a worker that dies during a check raises WorkerDied (HTTP 500), never a pass."""
    import asyncio

    from eistandaard.serve.tasks import ValidateTask
    from eistandaard.serve.workers import WorkerDied, WorkerPool

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate_declaratie import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    big = generate(3000).encode("utf-8")

    async def scenario() -> tuple[bool, str]:
        pool = WorkerPool(1, timeout=120, queue_timeout=120)
        await pool.start()
        try:
            running = asyncio.ensure_future(pool.run(ValidateTask(big, "big.xml", "json")))
            while pool.busy() < 1:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.2)
            for worker in list(pool._all):
                worker.process.kill()
            died = False
            try:
                await running
            except WorkerDied:
                died = True
            after = await pool.run(ValidateTask(VALID.read_bytes(), "basis.xml", "json"))
            return died, json.loads(after.body)["reports"][0]["verdict"]
        finally:
            await pool.stop()

    died, verdict = asyncio.run(scenario())
    assert died
    assert verdict == "accepted"


JUNK = (
    b"<x/>",
    b"garbage",
    b"\xff\xfe\x00<",
    b"PK\x03\x04broken zip",
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
)


@pytest.mark.parametrize("body", JUNK, ids=["other-xml", "text", "bom-junk", "zip", "doctype"])
def test_junk_on_every_endpoint_is_never_a_500(url: str, body: bytes) -> None:
    """Junk bodies and junk multipart parts get a report or a 4xx problem, never a 5xx."""
    for path in ("/validatie", "/return"):
        response = _post(url, path, body, Accept="application/json")
        assert response.status_code < 500, (path, response.text)
        assert "Traceback" not in response.text
    pairs = ((body, VALID.read_bytes()), (VALID.read_bytes(), body), (MIXED[4].read_bytes(), body))
    for request, answer in pairs:
        files = {"request": request, "answer": answer}
        response = httpx.post(url + "/explain?format=json", files=files, timeout=60)
        assert 400 <= response.status_code < 500, response.text
        assert response.headers["content-type"] == "application/problem+json"


def test_ei_serve_on_a_port_in_use_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A port that is taken gives one usage line and exit 2, before any worker starts."""
    import socket

    from eistandaard.cli.main import main

    pytest.importorskip("uvicorn")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert "kan niet luisteren op 127.0.0.1" in capsys.readouterr().err


def test_x_filename_is_percent_decoded_utf8(url: str) -> None:
    """X-Filename carries any name as percent-encoded UTF-8 (what the upload page sends)."""
    from urllib.parse import quote

    name = "declaratie-één-✓.xml"
    response = _post(
        url,
        "/validatie",
        INVALID.read_bytes(),
        Accept="application/json",
        **{"X-Filename": quote(name)},
    )
    assert response.status_code == 200
    assert response.json()["reports"][0]["source"] == name
    plain = _post(url, "/validatie", INVALID.read_bytes(), Accept="application/json")
    assert plain.json()["reports"][0]["source"] == "bericht.xml"


def test_zip_body_html_report_quotes_the_members_lines(url: str) -> None:
    """The HTML report of a posted ZIP shows the offending lines of the message inside it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("bericht.xml", INVALID.read_bytes())
    response = _post(url, "/validatie", buffer.getvalue(), Accept="text/html")
    assert response.status_code == 200
    assert "bericht.xml!bericht.xml" in response.text
    assert '<span class="hit"><span class="no">60</span>' in response.text


def test_a_worker_keeps_message_files_in_its_own_folder_removed_when_it_stops() -> None:
    """A worker's temporary files go to its own folder, removed when it stops or is replaced.

    The rule engine it starts inherits that folder; leftovers of a killed task go with it.
    """
    import multiprocessing

    from eistandaard.serve.workers import _Worker

    environ = Path("/proc/self/environ")
    if not environ.exists():
        pytest.skip("no /proc: the worker's environment cannot be read")
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    worker = _Worker(context)
    scratch = Path(worker.scratch)
    try:
        assert scratch.is_dir()
        psutil = pytest.importorskip("psutil")
        engines = psutil.Process(worker.process.pid).children()
        assert engines, "the worker started no rule engine: nothing to look at"
        for engine in engines:  # its SaxonC process: started with the worker's environment
            variables = Path(f"/proc/{engine.pid}/environ").read_bytes().split(b"\0")
            assert f"TMPDIR={scratch}".encode() in variables
        (scratch / "eistandaard-x").mkdir()
        (scratch / "eistandaard-x" / "message.xml").write_bytes(b"<GEHEIM/>")  # a killed task's
        worker.process.kill()
    finally:
        worker.stop()
    assert not scratch.exists()


def test_ci_formats_from_the_service_name_no_folder_of_the_server(url: str) -> None:
    """?format=sarif / github: the upload's name as given, no folder of the server in the answer.

    The CI formats give a local file's path relative to the workspace, with SARIF's
    ``originalUriBaseIds`` saying where that is; a service's upload is no file of the server, so
    its answer says nothing of the server's folders, and a name that happens to be a file of the
    server (``/etc/hostname``) is never read back to quote lines from.
    """
    body = INVALID.read_bytes()
    sarif = _post(url, "/validatie?format=sarif", body, **{"X-Filename": "uitbox/decl.xml"})
    assert sarif.status_code == 200
    run = sarif.json()["runs"][0]
    assert "originalUriBaseIds" not in run
    locations = [r["locations"][0]["physicalLocation"] for r in run["results"]]
    assert locations
    assert {loc["artifactLocation"]["uri"] for loc in locations} == {"uitbox/decl.xml"}
    assert str(Path.cwd()) not in sarif.text
    github = _post(url, "/validatie?format=github", body, **{"X-Filename": "decl.xml"})
    assert "file=decl.xml" in github.text
    assert str(Path.cwd()) not in github.text
    html = _post(url, "/validatie?format=html", body, **{"X-Filename": "/etc/hostname"})
    hostname = Path("/etc/hostname")
    if hostname.is_file() and hostname.read_text(encoding="utf-8", errors="replace").strip():
        assert hostname.read_text(encoding="utf-8", errors="replace").strip() not in html.text
