"""Large answers: the request parsed once, and the explain page of a 10,000-prestatie declaration.

The explain HTML is opened in headless Chromium (``/usr/bin/chromium``; the test skips without
it: ``apt-get install chromium``) and its first screen is checked: the summary box, in the
colour of its state, fills the top of the page.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest
from benchmarks.generate_declaratie import generate as generate_323
from benchmarks.generate_gds801 import generate as generate_801
from lxml import etree
from tests.conftest import FIXTURES

import eistandaard
from eistandaard.cli.main import main
from eistandaard.conventions.istandaarden import Decisions
from eistandaard.core.xml import count_parses
from eistandaard.render.explain import render_explanation

CHROMIUM = Path("/usr/bin/chromium")


def test_ei_return_parses_the_request_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`ei return` on a GDS801: the request is parsed by lxml once (and by Saxon once).

    Every lxml parse of a message goes through ``eistandaard.core.xml`` (the one hardened
    parser); the parses whose root is in the GDS801 namespace are the request's. validate
    parses it; the return engine, its self-check and the explanation use that tree
    (``Report.message``). 20,000 prestaties, as the issue names: 37 MB, over VECOZO's 25 MB
    limit, so ``--max-size`` lets level 1 read it.
    """
    from eistandaard.core import xml

    request = tmp_path / "gds801.xml"
    data = generate_801(20_000)
    request.write_bytes(data)
    namespace = etree.fromstring(data).nsmap[None]
    parsed: list[str] = []

    class Recording:  # core/xml.py's view of lxml: fromstring records the root's namespace
        def __getattr__(self, name: str) -> Any:
            return getattr(etree, name)

        def fromstring(self, raw: bytes, *args: Any, **kwargs: Any) -> etree._Element:
            root = etree.fromstring(raw, *args, **kwargs)
            parsed.append(etree.QName(root).namespace or "")
            return root

    monkeypatch.setattr(xml, "etree", Recording())
    out = tmp_path / "gds802.xml"
    with count_parses() as parses:
        args = ["-o", str(out), "--as-of", "2026-11-23", "--max-size", str(len(data))]
        code = main(["return", str(request), *args])
    assert code == 0
    assert parsed.count(namespace) == 1
    assert len(parsed) > 1  # the recording sees the other parses (the answer's) too
    assert parses["saxon"] == 2  # the request once, the answer's own check once


def _png_pixels(data: bytes, max_rows: int) -> tuple[int, int, list[bytes]]:
    """Width, height and the first RGB rows of an 8-bit, non-interlaced PNG (Chromium's)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8
            channels = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            chunks += body
        pos += 12 + length
    raw = zlib.decompress(chunks)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(min(height, max_rows)):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + pred) & 255
        rows.append(bytes(line) if channels == 3 else _rgb(bytes(line)))
        previous = line
    return width, height, rows


def _rgb(row: bytes) -> bytes:
    return b"".join(row[i : i + 3] for i in range(0, len(row), 4))


@pytest.fixture(scope="module")
def big_explanation() -> eistandaard.Explanation:
    """A 10,000-prestatie WMO323 with 200 prestaties rejected by decision, answered."""
    data = generate_323(10_000).encode("utf-8")
    references = re.findall(rb"<iwmo:ReferentieNummer>([^<]+)<", data)
    assert len(references) == 10_000
    chosen = {ref.decode(): ["0611"] for ref in references[::50]}
    assert len(chosen) == 200
    report = eistandaard.validate(data, as_of=dt.date(2026, 4, 10), entry_points=False)
    result = eistandaard.build_return(
        data, report, decisions=Decisions(prestaties=chosen), identificatie="BIG1"
    )
    assert result.explanation is not None
    return result.explanation


def test_rejected_only_shows_the_200_rejected_lines(
    big_explanation: eistandaard.Explanation,
) -> None:
    """--rejected-only: 200 line rows in the HTML, 200 lines in the JSON; the counts say so."""
    assert big_explanation.counts()["lines"] == {"accepted": 9800, "rejected": 200}
    page = render_explanation(big_explanation, "html", "nl", rejected_only=True)
    assert page.count('<td class="rejected">') == 200
    full = render_explanation(big_explanation, "html", "nl")
    assert full.count('<tr><td class="key">Prestatie ') == 10_000
    assert full.index('id="summary"') < full.index("<table>")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (apt-get install chromium)")
def test_explain_page_opens_with_its_summary_in_chromium(
    big_explanation: eistandaard.Explanation, tmp_path: Path
) -> None:
    """Headless Chromium's first screen of the 10,000-line page shows the summary box.

    The box's border has the colour of "partly rejected" (#a15c00); it must be drawn within the
    first 300 pixels of the screenshot, above any table.
    """
    page = tmp_path / "explain.html"
    page.write_text(render_explanation(big_explanation, "html", "nl"), encoding="utf-8")
    shot = tmp_path / "shot.png"
    home = tmp_path / "home"
    home.mkdir()
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--user-data-dir={home}",
        f"--screenshot={shot}",
        "--window-size=1000,700",
        page.as_uri(),
    ]
    done = subprocess.run(  # a fixed program and our own file
        command, capture_output=True, timeout=240, check=False, env={"HOME": str(home)}
    )
    if not shot.is_file():
        pytest.skip(f"chromium made no screenshot here: {done.stderr[-300:]!r}")
    width, height, rows = _png_pixels(shot.read_bytes(), max_rows=300)
    assert (width, height) == (1000, 700)
    border = bytes((0xA1, 0x5C, 0x00))
    drawn = [
        y
        for y, row in enumerate(rows)
        if any(row[x : x + 3] == border for x in range(0, len(row), 3))
    ]
    assert drawn, "the summary box is not on the first screen"


def test_ei_return_takes_the_size_limit_of_ei_validate(tmp_path: Path) -> None:
    """``--max-size`` bounds what ``ei return`` reads, as ``ei validate``'s does (EI101, exit 1)."""
    request = FIXTURES / "gds" / "1.0" / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
    out = tmp_path / "gds802.xml"
    args = ["return", str(request), "-o", str(out), "--as-of", "2026-11-23", "--lang", "en"]
    assert main([*args, "--max-size", "1000"]) == 1
    assert not out.exists()
    assert main([*args, "--max-size", str(request.stat().st_size)]) == 0
    assert out.read_bytes().startswith(b"<?xml")


def test_ei_diff_takes_the_size_limit_too(tmp_path: Path) -> None:
    """What ``ei return --max-size`` answers, ``ei diff --max-size`` explains (EI101 below it)."""
    request = FIXTURES / "gds" / "1.0" / "GDS801" / "valid" / "ggz-debet-and-credit.xml"
    out = tmp_path / "gds802.xml"
    assert main(["return", str(request), "-o", str(out), "--as-of", "2026-11-23"]) == 0
    pair = ["diff", str(request), str(out), "--lang", "en"]
    assert main([*pair, "--max-size", "1000"]) == 2
    assert main([*pair, "--max-size", str(request.stat().st_size)]) == 0
