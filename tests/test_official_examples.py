"""`ei validate` on every official iWmo/iJw 3.2 example message gives the official XSD verdict.

The examples under ../shared/reference/istandaarden/jaapjunior/.../berichten/ are identified as
their message (never "no supported standard"), and level 2 says valid/invalid exactly as the
official XSD does: the invalid JW315 and JW318 examples stay invalid, with the same libxml2
error lines, with our schemas and with the official ones passed as ``--schemas``. What levels 3
and 4 say about the XSD-valid ones is the rule set's business (tests of the rules).

Skipped when ../shared is absent.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tests.conftest import JAAPJUNIOR

import eistandaard
from eistandaard.cli.main import main

if not JAAPJUNIOR.is_dir():
    pytest.skip("../shared is not available", allow_module_level=True)

pytestmark = pytest.mark.shared

AS_OF = dt.date(2026, 11, 23)
EXAMPLES = sorted(JAAPJUNIOR.glob("wmo/bronnen/berichten/*.xml")) + sorted(
    JAAPJUNIOR.glob("jw/bronnen/berichten/*.xml")
)


def _xsd_folder(path: Path) -> Path:
    return path.parents[1] / "xsd"


class _AnyCaseResolver(etree.Resolver):
    """The official message XSDs import ``basisschema.xsd``; the file is ``Basisschema.xsd``."""

    def resolve(self, system_url: str, public_id: str | None, context: Any) -> Any:
        wanted = Path(system_url)
        for candidate in wanted.parent.iterdir():
            if candidate.name.lower() == wanted.name.lower():
                return self.resolve_filename(str(candidate), context)
        return None


def _official_errors(path: Path) -> list[int]:
    """Lines of the official XSD's errors on the example (empty: valid)."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_AnyCaseResolver())
    schema = etree.XMLSchema(etree.parse(str(_xsd_folder(path) / f"{path.stem}.xsd"), parser))
    schema.validate(etree.parse(str(path)))
    return [entry.line for entry in schema.error_log]


def test_every_message_type_has_an_example() -> None:
    """All 14 iJw and the 7 published iWmo heen examples are there (a glob is not empty)."""
    names = {p.stem for p in EXAMPLES}
    assert len(names) == 21
    assert {"JW315", "JW318", "WMO301", "WMO319"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("official", [False, True], ids=["our-xsd", "official-xsd"])
def test_example_gets_the_official_xsd_verdict(path: Path, official: bool) -> None:
    """Identified as its message; level-2 errors exactly where the official XSD has them."""
    schemas = _xsd_folder(path) if official else None
    report = eistandaard.validate(path, as_of=AS_OF, schemas=schemas)
    assert report.engine_errors == ()
    assert report.identity is not None
    assert report.identity.message == path.stem
    assert not [f for f in report.findings if f.level == 1]
    expected = _official_errors(path)
    level2 = [f for f in report.findings if f.level == 2]
    assert sorted(f.line for f in level2) == sorted(expected)
    if expected:
        assert report.verdict is eistandaard.Verdict.REJECTED
        assert 3 not in report.levels_run


def test_the_invalid_examples_stay_invalid(capsys: pytest.CaptureFixture[str]) -> None:
    """`ei validate` on JW315 and JW318: exit 1 with a level-2 finding (EI202 and EI201)."""
    folder = JAAPJUNIOR / "jw/bronnen/berichten"
    for name, code in (("JW315", "EI202"), ("JW318", "EI201")):
        assert main(["validate", "--as-of", "2026-11-23", str(folder / f"{name}.xml")]) == 1
        assert code in capsys.readouterr().out


def test_cli_never_calls_an_example_unsupported(capsys: pytest.CaptureFixture[str]) -> None:
    """`ei validate` over both example folders: no EI120 and no engine error (exit 0 or 1)."""
    code = main(["validate", "--as-of", "2026-11-23", *(str(p) for p in EXAMPLES)])
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert "EI120" not in out
