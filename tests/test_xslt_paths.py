"""Locations written by the 3.2 stylesheets (``ei:path``) equal the Python paths (``xpath_of``).

``ei:path`` numbers an element's same-named siblings in one of two ways: under a parent of at
most ``ei:few`` (32) element children it counts them there, under a larger one it looks the
number up in ``ei:positions``, built once per message. Both must give what ``xpath_of`` gives,
also for repeats that are not adjacent (a message no schema admits) and on both sides of the
bound.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import ROOT

from eistandaard.core.paths import xpath_of
from eistandaard.levels.relations.saxon import transform

CORE = ROOT / "xslt" / "common" / "istandaarden-3.2-core.xsl"


def _ei_namespace() -> str:
    return str(etree.fromstring(CORE.read_bytes()).nsmap["ei"])


def _document(children: int) -> bytes:
    """A root with a small parent (repeats apart) and a parent of ``children`` children."""
    names = ["X", "Y", "X", "Z", "Y"] + [("X", "Y", "W")[i % 3] for i in range(children - 5)]
    large = "".join(f"<p:{name}><p:Leaf>{i}</p:Leaf></p:{name}>" for i, name in enumerate(names))
    small = "<p:A>1</p:A><p:B/><p:A>2</p:A><p:C><p:D/><p:D/></p:C>"
    return (
        f'<p:Bericht xmlns:p="urn:x"><p:Header>{small}</p:Header>'
        f"<p:Lijst>{large}</p:Lijst><p:Lijst><p:X/></p:Lijst></p:Bericht>"
    ).encode()


def _stylesheet(tmp_path: Path) -> Path:
    stylesheet = tmp_path / "paths.xsl"
    stylesheet.write_text(
        f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
            xmlns:ei="{_ei_namespace()}">
          <xsl:import href="{CORE.as_uri()}"/>
          <xsl:template name="ei:rules"/>
          <xsl:template match="/" priority="10">
            <out><xsl:value-of separator="&#10;" select="for $e in //* return ei:path($e)"/></out>
          </xsl:template>
        </xsl:stylesheet>""",
        encoding="utf-8",
    )
    return stylesheet


@pytest.mark.parametrize("children", [6, 32, 33, 80])
def test_stylesheet_paths_equal_python_paths(children: int, tmp_path: Path) -> None:
    """Every element's ei:path is its xpath_of, below, at and above the bound of 32 children."""
    payload = _document(children)
    output = transform(_stylesheet(tmp_path), payload, {})
    got = (etree.fromstring(output.encode()).text or "").split("\n")
    want = [xpath_of(element) for element in etree.fromstring(payload).iter()]
    assert got == want
    assert "/Bericht/Header/A[2]" in got  # repeats apart are numbered
    assert "/Bericht/Lijst[1]/Z/Leaf" in got  # a lone name under a large parent is not
