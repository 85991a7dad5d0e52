"""An identifier is never cut silently: every report and explanation names it whole.

The fixture ``gds/1.0/GDS801/invalid/long-identifiers-20.xml`` has Referentienummers of the 20
characters the Vektis ``Kenmerk`` type allows; its sidecar lists them (``identifiers``). The
iStandaarden rapport's ``Identificatie`` holds at most 12 characters (rapport.xsd): there the
rapport stays schema-valid and carries the whole identification in a comment next to it.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, need_shared

from eistandaard.cli.main import main
from eistandaard.render.html import MAX_LINE_CHARS, _excerpt
from eistandaard.render.rapport import RAPPORT_NAMESPACE

MESSAGE = FIXTURES / "gds" / "1.0" / "GDS801" / "invalid" / "long-identifiers-20.xml"
IDENTIFIERS: list[str] = tomllib.loads(
    MESSAGE.with_name(MESSAGE.stem + ".expected.toml").read_text(encoding="utf-8")
)["identifiers"]
FORMATS = ("text", "json", "rapport", "junit", "sarif", "github", "html")


def _cut_ones(output: str) -> list[str]:
    """Each place where an identifier starts but does not go on to its end (a cut one)."""
    cut = []
    for identifier in IDENTIFIERS:
        for match in re.finditer(re.escape(identifier[:8]), output):
            if not output.startswith(identifier, match.start()):
                cut.append(output[match.start() : match.start() + len(identifier) + 10])
    return cut


def _rapport_identificatie_cut(output: str) -> str:
    """The rapport without its Identificatie element (cut by the schema, said in the comment)."""
    return re.sub(r"<r:Identificatie>[^<]*</r:Identificatie>", "", output)


@pytest.mark.parametrize("fmt", FORMATS)
def test_validate_never_cuts_an_identifier(fmt: str, capsysbinary: pytest.CaptureFixture[bytes]):
    """Every `ei validate` format: where an identifier starts, it is there whole."""
    assert main(["validate", "--format", fmt, "--as-of", "2026-11-23", str(MESSAGE)]) == 1
    output = capsysbinary.readouterr().out.decode("utf-8")
    if fmt == "rapport":
        output = _rapport_identificatie_cut(output)
    assert _cut_ones(output) == []
    if fmt in ("json", "html", "rapport"):  # the formats that name the message's identification
        assert IDENTIFIERS[0] in output


def test_rapport_is_schema_valid_and_carries_the_whole_identification(
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    """Identificatie holds 12 characters (rapport.xsd); the comment after it the whole 20."""
    assert main(["validate", "--format", "rapport", "--as-of", "2026-11-23", str(MESSAGE)]) == 1
    document = etree.fromstring(capsysbinary.readouterr().out)
    element = document.find(f".//{{{RAPPORT_NAMESPACE}}}Identificatie")
    assert element is not None
    assert element.text == IDENTIFIERS[0][:12]
    comment = element.getnext()
    assert isinstance(comment, etree._Comment)
    assert comment.text == f' Identificatie="{IDENTIFIERS[0]}" '
    xsd = need_shared(
        "reference", "istandaarden", "iWlz-Xslt", "xslt-validatie", "schema", "1_1", "rapport.xsd"
    )
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    assert schema.validate(document), schema.error_log


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_explanation_never_cuts_an_identifier(
    fmt: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """`ei return` then `ei diff`: the summary and every explain format name both whole."""
    answer = tmp_path / "answer.xml"
    argv = ["return", str(MESSAGE), "-o", str(answer), "--as-of", "2026-11-23"]
    assert main([*argv, "--responder", "vecozo"]) == 0
    printed = capsysbinary.readouterr().out.decode("utf-8")
    assert _cut_ones(printed) == []
    assert main(["diff", "--format", fmt, str(MESSAGE), str(answer)]) == 0
    output = capsysbinary.readouterr().out.decode("utf-8")
    assert _cut_ones(output) == []
    for identifier in IDENTIFIERS:
        assert identifier in output


def test_html_quotes_a_one_line_message_without_cutting_a_value(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """The message on one line: the quoted part starts and ends at tags, the ids stay whole."""
    one_line = tmp_path / "one-line.xml"
    text = MESSAGE.read_text(encoding="utf-8")
    one_line.write_text(re.sub(r">\s+<", "><", text), encoding="utf-8")
    assert main(["validate", "--format", "html", "--as-of", "2026-11-23", str(one_line)]) == 1
    output = capsysbinary.readouterr().out.decode("utf-8")
    assert _cut_ones(output) == []
    assert '<pre class="source">' in output


def test_excerpt_starts_and_ends_at_tags_around_the_column() -> None:
    """A long line is shown around the column, from a '<' to a '>', with … for the rest."""
    line = (
        "<a>" + "<b>value</b>" * 100 + "<Referentienummer>P-2026-LONGPREST-020</Referentienummer>"
    )
    line += "<b>value</b>" * 100 + "</a>"
    column = line.index("P-2026") + 1
    shown = _excerpt(line, column)
    assert shown.startswith("… <")
    assert shown.endswith("> …")
    assert "<Referentienummer>P-2026-LONGPREST-020</Referentienummer>" in shown
    assert len(shown) <= MAX_LINE_CHARS + 2 * len("<b>value</b>") + 4
    assert _excerpt("<a>short</a>", 5) == "<a>short</a>"
