"""Helpers for the return-message tests: reports by hand, schema checks, element lookups."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lxml import etree
from tests.conftest import FIXTURES, JAAPJUNIOR, ROOT, SHARED, need_shared

from eistandaard.core.findings import Finding, Location
from eistandaard.core.report import Report
from eistandaard.levels.structure import compile_schema
from eistandaard.standards.catalog import default_catalog

WMO323 = FIXTURES / "iwmo" / "3.2" / "WMO323" / "valid" / "two-clients-with-credit.xml"
"""Two clients: 999900031 (0301: 61800 D, 0302: 15000 D) and 999900043 (0303: 20600 C)."""
JW323 = FIXTURES / "ijw" / "3.2" / "JW323" / "valid" / "two-clients-with-credit.xml"
PAIR_JW323 = FIXTURES / "ijw" / "3.2" / "pairs" / "JW323-answered-by-example-JW325.xml"
CLIENT1 = "/Bericht/Declaratie/Clienten/Client[1]"
CLIENT2 = "/Bericht/Declaratie/Clienten/Client[2]"


def report_for(path: Path, *findings: Finding, engine_errors: tuple[str, ...] = ()) -> Report:
    """Return a report of the message at ``path`` with hand-made findings."""
    root = etree.parse(str(path)).getroot()
    spec = default_catalog().identify(root)
    assert spec is not None
    return Report(
        source=str(path),
        identity=spec.identity(root),
        findings=findings,
        engine_errors=engine_errors,
    )


def finding(
    level: int,
    xpath: str | None,
    retourcode: str | None = None,
    message_class: str | None = None,
    code: str = "TEST1",
) -> Finding:
    """Return an error finding at ``xpath``."""
    return Finding(
        level=level,
        code=code,
        text_nl="testbevinding",
        text_en="test finding",
        retourcode=retourcode,
        locations=(Location(xpath=xpath),) if xpath else (),
        message_class=message_class,
    )


def own_schema_errors(message: bytes, family: str, name: str) -> list[str]:
    """Return the errors of ``message`` against the bundled schema of ``name``."""
    schema = compile_schema(ROOT / "schemas" / family / "3.2" / f"{name}.xsd")
    schema.validate(etree.fromstring(message))
    return [str(e) for e in schema.error_log]


def official_schema_errors(message: bytes, name: str) -> list[str]:
    """Return the errors against the official XSD in ../shared (the test skips without it)."""
    folder = "wmo" if name.startswith("WMO") else "jw"
    path = need_shared(
        *JAAPJUNIOR.relative_to(SHARED).parts, folder, "bronnen", "xsd", f"{name}.xsd"
    )
    schema = compile_schema(path)
    schema.validate(etree.fromstring(message))
    return [str(e) for e in schema.error_log]


def texts(message: bytes, path: str) -> list[str]:
    """Return the texts of the elements at a local-name path (``//*[local-name()=...]``)."""
    steps = "/".join(f"*[local-name()='{s}']" for s in path.strip("/").split("/"))
    return [e.text or "" for e in etree.fromstring(message).xpath("/" + steps)]


def answer_day(report: Report, day: dt.date) -> dt.date:
    """``day``, or the request's own date when that is later (field case fc02).

    An answer is never dated before its request: a request dated after the day it was checked
    on (the XSLT 1.0 time-zone quirk lets such a GDS801 pass) is answered on its own date.
    """
    assert report.identity is not None
    assert report.identity.dagtekening is not None
    return max(day, dt.date.fromisoformat(report.identity.dagtekening[:10]))
