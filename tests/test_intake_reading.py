"""One reading of the bytes: cleaning, Saxon's parser limits, ZIP layout, misuse, escaping.

Issue 9, items 1, 3 and 10: a value is its string value for every reader; level 1 sees what the
parsers see; misuse of the library raises typed EIErrors; input never drives the terminal.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import FIXTURES, need_shared

import eistandaard
from eistandaard.cli.main import main
from eistandaard.conventions.vektis.bm import parse_bm801
from eistandaard.conventions.vektis.gds import diff_gds, parse_gds802
from eistandaard.core.errors import (
    DataError,
    EIError,
    InputError,
    SourceError,
    SourceNotFoundError,
    SourceTypeError,
    UnreadableError,
)
from eistandaard.core.paths import string_value, value_of
from eistandaard.levels.intake import read_bytes, read_document, read_path
from eistandaard.levels.intake.reading import parser_limits
from eistandaard.levels.references import check_references
from eistandaard.render import render_text
from eistandaard.render.safe import json_safe, printable, terminal_safe
from eistandaard.standards.catalog import default_catalog
from eistandaard.standards.resources import load_toml

AS_OF = dt.date(2026, 11, 23)
WMO323 = FIXTURES / "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"
BM801 = FIXTURES / "bm/2.0/BM801/valid/two-orders-debet-and-credit.xml"
GDS801 = FIXTURES / "gds/1.0/GDS801/valid/ggz-debet-and-credit.xml"
GDS802 = FIXTURES / "gds/1.0/GDS802/valid/insurer-partly-granted.xml"


def codes(payload: object) -> list[str]:
    """The codes of a payload's findings."""
    return [f.code for f in getattr(payload, "findings", ())]


# ----------------------------------------------------------------------------- cleaning


def test_comments_and_pis_are_removed_from_tree_and_bytes() -> None:
    """The cleaned tree and bytes hold no comment or PI; text around them is joined."""
    data = (
        b'<?xml version="1.0"?>\n<!--p--><?pi x?>\n<a>\n  <b>0<!--x-->9<?y z?></b>\n</a>\n<!--e-->'
    )
    payload = read_bytes(data)
    assert payload.readable
    assert payload.tree is not None
    assert payload.data is not None
    b = payload.tree.getroot()[0]
    assert b.text == "09"
    assert b.sourceline == 4  # the line in the file the user gave
    assert b"<!--" not in payload.data
    assert b"<?y" not in payload.data
    assert b"<?pi" not in payload.data
    assert etree.fromstring(payload.data)[0].text == "09"


def test_untouched_document_keeps_its_bytes() -> None:
    """Without comments or PIs the bytes Saxon reads are the input itself."""
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n<a><b>09</b></a>\n'
    assert read_bytes(data).data == data


def test_string_value_helpers_skip_comments_and_pis() -> None:
    """string_value/value_of read what the XSD reads, even on a tree that still has comments."""
    element = etree.fromstring(b"<c> <!--x-->0<?p q?>9 </c>")
    assert element.text == " "
    assert string_value(element) == " 09 "
    assert value_of(element) == "09"
    assert string_value(None) is None
    assert value_of(None) == ""


def test_readers_are_right_on_a_tree_with_comments() -> None:
    """Defence in depth: catalog, level 4 and the BM model read string values from a raw tree."""
    raw = WMO323.read_bytes().replace(b"<Dagtekening>", b"<Dagtekening><!--x-->")
    raw = raw.replace(b"<BerichtVersie>", b"<BerichtVersie><?x y?>")
    parser = etree.XMLParser(remove_comments=False, remove_pis=False)
    tree = etree.fromstring(raw, parser).getroottree()
    clean = etree.fromstring(WMO323.read_bytes()).getroottree()
    spec = default_catalog().identify(tree.getroot())
    assert spec is not None
    assert spec == default_catalog().identify(clean.getroot())
    later = dt.date(2000, 1, 1)  # every date lies after it: TR135 must fire in both
    got = check_references(spec, tree, as_of=later)
    want = check_references(spec, clean, as_of=later)
    assert [f.code for f in got] == [f.code for f in want]
    assert "TR135" in [f.code for f in want]
    bm = BM801.read_bytes().replace(b"<Categorie>", b"<Categorie><!--x-->")
    bm_tree = etree.fromstring(bm, parser)
    assert parse_bm801(bm_tree) == parse_bm801(BM801.read_bytes())


def test_field_case_comment_hides_value_is_rejected_like_its_control() -> None:
    """fc06: the BM801 with <!--x--> before its Categorie gets the control file's findings."""
    folder = need_shared("field-cases", "fc06-comment-hides-value")
    commented = eistandaard.validate(folder / "f01-bm801-unknown-categorie-comment.xml")
    control = eistandaard.validate(folder / "f01-bm801-unknown-categorie.control.xml")
    assert commented.verdict is eistandaard.Verdict.REJECTED
    assert [(f.code, f.xpath, f.line) for f in commented.findings] == [
        (f.code, f.xpath, f.line) for f in control.findings
    ]
    wmo = eistandaard.validate(folder / "f01-wmo323-tr135-dagtekening-comment.xml", as_of=AS_OF)
    assert "TR135" in wmo.codes


# ----------------------------------------------------------------------------- one reading


def _saxon_parses(data: bytes) -> bool:
    from saxonche import PySaxonProcessor

    processor = PySaxonProcessor(license=False)
    try:
        return processor.parse_xml(xml_text=data.decode("utf-8")) is not None
    except Exception:
        return False


SAXON_CASES = {
    "200 attributes": b"<a " + b" ".join(b'a%d="1"' % i for i in range(200)) + b"/>",
    "201 attributes": b"<a " + b" ".join(b'a%d="1"' % i for i in range(201)) + b"/>",
    "201 namespaces": b"<a " + b" ".join(b'xmlns:p%d="u:%d"' % (i, i) for i in range(201)) + b"/>",
    "prefix 1000": b"<a xmlns:" + b"p" * 1000 + b'="u"/>',
    "prefix 1001": b"<a xmlns:" + b"p" * 1001 + b'="u"/>',
    "element name 1001": b"<" + b"e" * 1001 + b"/>",
    "attribute name 1001": b"<a " + b"e" * 1001 + b'="1"/>',
    "namespace uri 1001": b'<a xmlns:x="' + b"u" * 1001 + b'"/>',
    "depth 100": b"<a>" * 100 + b"</a>" * 100,
    "depth 101": b"<a>" * 101 + b"</a>" * 101,
    "version 1.1": b'<?xml version="1.1"?><a>x</a>',
    "version 1.5": b'<?xml version="1.5"?><a/>',
    "1.1 with C1": b'<?xml version="1.1"?><a>\xc2\x80</a>',
    "1.0 with C1": b'<?xml version="1.0"?><a>\xc2\x80</a>',
    "1.1 with C1 reference and comment": b'<?xml version="1.1"?><a>&#x85;<!--x--></a>',
    "name U+0132": "<a\u0132/>".encode(),
    "name U+00E9": "<\u00e9/>".encode(),
    "name U+4E00": "<\u4e00/>".encode(),
    "attribute U+0132 after >": '<a b=">" \u0132="1"/>'.encode(),
    "text U+0132": "<a>\u0132</a>".encode(),
    "100000 references": b"<a>" + b"&amp;" * 100_000 + b"</a>",
    "100001 references": b"<a>" + b"&lt;" * 100_001 + b"</a>",
    "comment and 201": b"<a><!--x--><b "
    + b" ".join(b'a%d="1"' % i for i in range(201))
    + b"/></a>",
}


@pytest.mark.parametrize("name", sorted(SAXON_CASES))
def test_level1_accepts_exactly_what_saxon_parses(name: str) -> None:
    """A document passes level 1 if and only if Saxon's parser takes the bytes it is handed."""
    payload = read_bytes(SAXON_CASES[name])
    if payload.readable:
        assert payload.data is not None, name
        assert _saxon_parses(payload.data), name
    else:
        assert set(codes(payload)) <= {"EI131", "EI132"}, (name, codes(payload))
        assert not _saxon_parses(SAXON_CASES[name]), name


def test_parser_limits_are_data() -> None:
    """The limits come from rbc/common/intake/parser-limits.toml, as found by experiment."""
    limits = parser_limits()
    assert (limits.max_depth, limits.max_attributes, limits.max_name_length) == (100, 200, 1000)
    assert limits.versions == ("1.0", "1.1")


def test_field_case_saxon_limits_is_a_finding_not_an_engine_error() -> None:
    """fc10: 201 namespace declarations is rejected at level 1, never verdict error."""
    path = need_shared("field-cases", "fc10-saxon-parser-limits", "f05-ns-201-declarations.xml")
    report = eistandaard.validate(path)
    assert report.verdict is eistandaard.Verdict.REJECTED
    assert report.engine_errors == ()
    assert report.codes == ["EI132"]


def test_field_case_late_encoding_declaration() -> None:
    """fc09: an encoding declaration after 600 spaces is checked like an early one (EI105)."""
    path = need_shared(
        "field-cases", "fc09-late-encoding-declaration", "f04-decl-latin1-beyond-512.xml"
    )
    assert codes(read_path(path)) == ["EI105"]


def test_field_case_concatenated_zip() -> None:
    """fc08: two ZIP archives in one file is one level-1 finding (EI130), never a verdict."""
    path = need_shared("field-cases", "fc08-zip-concatenated", "f03-zip-concat-bad-then-good.zip")
    assert codes(read_path(path)) == ["EI130"]


def _zip(**options: object) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bericht.xml", b"<a>x</a>")
        archive.comment = bytes(options.get("comment", b""))  # type: ignore[arg-type]
    return buffer.getvalue()


class _Unseekable(io.RawIOBase):
    """A write-only stream: zipfile writes data descriptors (flag bit 3) to it."""

    def __init__(self) -> None:
        self.data = b""

    def writable(self) -> bool:
        return True

    def write(self, chunk: object) -> int:
        self.data += bytes(chunk)  # type: ignore[call-overload]
        return len(bytes(chunk))  # type: ignore[call-overload]


def test_ordinary_zips_pass_the_layout_check() -> None:
    """A plain archive, one with a comment and one with data descriptors are one archive each."""
    stream = _Unseekable()
    with (
        zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("bericht.xml", "w") as member,
    ):
        member.write(b"<a>" + b"x" * 5000 + b"</a>")
    for data in (_zip(), _zip(comment=b"een opmerking"), stream.data):
        assert codes(read_bytes(data)) == [], data[:8]


def test_zip_with_data_around_it_is_ei130() -> None:
    """Data before, after or between archives is EI130, whatever the name."""
    good = _zip()
    for data in (good + b"x", b"x" + good, good + good, good + b"\0" * 100):
        assert codes(read_bytes(data, name="a.zip")) == ["EI130"]


# ----------------------------------------------------------------------------- one intake


def test_parse_functions_go_through_level1() -> None:
    """The GDS parse/diff APIs refuse what validate refuses, with the level-1 finding attached."""
    doctype = b'<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "http://example.invalid/x">\n<x/>'
    with pytest.raises(UnreadableError) as caught:
        parse_gds802(doctype)
    assert [f.code for f in caught.value.findings] == ["EI106"]  # type: ignore[attr-defined]
    many = b"<a " + b" ".join(b'xmlns:p%d="u:%d"' % (i, i) for i in range(201)) + b"/>"
    with pytest.raises(UnreadableError, match="EI132"):
        diff_gds(many, GDS802)
    with pytest.raises(UnreadableError, match="EI101"):
        read_document(b"<a>" + b" " * 2000 + b"</a>", limits=eistandaard_limits(1000))


def eistandaard_limits(size: int) -> object:
    """Limits with a small ``max_bytes``."""
    from eistandaard.levels.intake import Limits

    return Limits(max_bytes=size)


def test_parse_functions_take_a_path(tmp_path: Path) -> None:
    """parse_gds802 and diff_gds take paths as well as bytes, and give the same."""
    assert parse_gds802(GDS802) == parse_gds802(GDS802.read_bytes())
    assert repr(diff_gds(GDS801, GDS802)) == repr(
        diff_gds(GDS801.read_bytes(), GDS802.read_bytes())
    )
    with pytest.raises(SourceNotFoundError):
        parse_gds802(tmp_path / "missing.xml")


def test_cli_diff_refuses_a_doctype_with_a_usage_error(tmp_path: Path) -> None:
    """`ei diff` reads through level 1: a DOCTYPE in the answer is exit 2, one line."""
    answer = tmp_path / "answer.xml"
    answer.write_bytes(GDS802.read_bytes().replace(b"?>", b'?>\n<!DOCTYPE x SYSTEM "x.dtd">', 1))
    assert main(["diff", str(GDS801), str(answer)]) == 2


# ----------------------------------------------------------------------------- misuse


def test_validate_misuse_raises_typed_errors(tmp_path: Path) -> None:
    """XML as str, a missing path and a text-mode stream raise EIErrors, not a report."""
    with pytest.raises(SourceError, match="XML given as str"):
        eistandaard.validate("<Bericht/>")
    with pytest.raises(SourceError):
        eistandaard.validate('<?xml version="1.0"?>\n<Bericht/>')
    with pytest.raises(SourceNotFoundError):
        eistandaard.validate(tmp_path / "missing.xml")
    with pytest.raises(SourceNotFoundError):
        eistandaard.validate(str(tmp_path / "missing.xml"))
    with pytest.raises(SourceTypeError):
        eistandaard.validate(io.StringIO("<Bericht/>"))  # type: ignore[arg-type]
    for error in (SourceError, SourceNotFoundError, SourceTypeError, UnreadableError):
        assert issubclass(error, EIError)
    assert issubclass(SourceTypeError, InputError)
    assert issubclass(SourceTypeError, TypeError)


def test_cli_maps_a_missing_file_to_usage() -> None:
    """`ei validate` on a path that does not exist is exit 2."""
    assert main(["validate", "/nonexistent/bericht.xml"]) == 2


def test_bundled_data_that_does_not_decode_is_a_data_error(tmp_path: Path) -> None:
    """A data file with bytes that are not UTF-8 raises DataError, not UnicodeDecodeError."""
    broken = tmp_path / "broken.toml"
    broken.write_bytes(b'name = "\xff\xfe"\n')
    with pytest.raises(DataError, match="not UTF-8"):
        load_toml(broken)


# ----------------------------------------------------------------------------- escaping


def test_printable_escapes_every_control_character() -> None:
    """ESC, CR, C1 controls, bidi overrides and line breaks become visible escapes."""
    assert printable("a\x1b[31mb") == "a\\x1b[31mb"
    assert printable("x\ry\n\u202e\x9b") == "x\\x0dy\\x0a\\u202e\\x9b"
    assert printable("Jérôme 一 €") == "Jérôme 一 €"
    assert terminal_safe("a\nb\x07") == "a\nb\\x07"


def test_text_report_escapes_names_and_values(tmp_path: Path) -> None:
    """A file name and a ZIP member name with terminal controls never reach the output raw."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil\x1b]0;title\x07.xml", b"<a>")
    report = eistandaard.validate(buffer.getvalue(), name="in\x1b[2J.zip")
    from rich.console import Console

    console = Console(record=True, width=200, color_system=None)
    console.print(render_text(report))
    shown = console.export_text()
    assert "\x1b" not in shown
    assert "\x07" not in shown
    assert "\\x1b[2J" in shown
    assert "\\x1b]0;title\\x07" in shown


def test_cli_output_has_no_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ei validate` on a file whose name holds ESC prints it escaped."""
    path = tmp_path / "bad\x1b[31mname.xml"
    path.write_bytes(b"<a")
    assert main(["validate", str(path)]) == 1
    shown = capsys.readouterr()
    assert "\x1b" not in shown.out + shown.err
    assert "\\x1b[31m" in shown.out


def test_json_output_escapes_what_json_leaves_raw() -> None:
    """C1 controls and bidi overrides in a JSON report are escaped; the value is unchanged."""
    import json

    from eistandaard.render import reports_to_json

    assert json_safe('{"a": "x\u009by\u202e"}') == '{"a": "x\\u009by\\u202e"}'
    report = eistandaard.validate(b"<a", name="in\u009b[2J\u202e.xml")
    document = reports_to_json([report])
    assert "\u009b" not in document
    assert "\u202e" not in document
    assert json.loads(document)["reports"][0]["source"] == "in\u009b[2J\u202e.xml"


@pytest.mark.parametrize(
    ("fixture", "code"),
    [
        ("iwmo/3.2/WMO323/invalid/bsn-eight-digits.xml", "EI202"),
        ("iwmo/3.2/WMO323/invalid/tr358-total-off.xml", "TR358"),
        ("iwmo/3.2/WMO323/invalid/dagtekening-after-peildatum.xml", "TR135"),
    ],
)
def test_lines_point_into_the_file_given(fixture: str, code: str) -> None:
    """Multi-line comments and PIs removed at intake do not shift the lines of findings."""
    data = (FIXTURES / fixture).read_bytes()
    root_tag = data.index(b">", data.index(b"<", data.index(b"?>") + 2)) + 1
    extra = b"\n<!--\n one\n two\n-->\n<?x\n y?>"  # six more lines, right after the root tag
    shifted = data[:root_tag] + extra + data[root_tag:]
    before = eistandaard.validate(data, as_of=AS_OF)
    after = eistandaard.validate(shifted, as_of=AS_OF)
    want = [(f.code, f.xpath, (f.line or 0) + 6) for f in before.findings if f.code == code]
    got = [(f.code, f.xpath, f.line or 0) for f in after.findings if f.code == code]
    assert want
    assert got == want
    assert all(line > 6 for _, _, line in got)


def test_rapport_output_holds_no_terminal_controls() -> None:
    """The rapport writes C1 controls as character references and never fails on C0 ones."""
    from eistandaard.core.findings import Finding, Level
    from eistandaard.render import report_to_rapport

    report = eistandaard.validate(b"<a")
    odd = Finding(
        level=Level.UNREADABLE,
        code="EI108",
        text_nl="x",
        text_en="x",
        details="value \u009b[2J and \x1b[31m",
    )
    document = report_to_rapport(attrs_evolve(report, findings=(odd,), engine_errors=("e\x07",)))
    assert b"\x1b" not in document
    assert "\u009b".encode() not in document
    assert b"&#x9B;" in document
    assert etree.fromstring(document) is not None


def attrs_evolve(report: eistandaard.Report, **changes: object) -> eistandaard.Report:
    """A copy of ``report`` with ``changes``."""
    import attrs

    return attrs.evolve(report, **changes)  # type: ignore[arg-type]


def test_chain_reads_a_path_like_bytes(tmp_path: Path) -> None:
    """simulate_chain takes a path (read at most up to the size limit) as it takes bytes."""
    from eistandaard.conventions.vektis.bm import simulate_chain

    by_path = simulate_chain(BM801, as_of=AS_OF)
    by_bytes = simulate_chain(BM801.read_bytes(), as_of=AS_OF)
    assert by_path.path == by_bytes.path
    assert [m.data for m in by_path.messages] == [m.data for m in by_bytes.messages]
    with pytest.raises(SourceNotFoundError):
        simulate_chain(tmp_path / "missing.xml", as_of=AS_OF)


def test_a_parser_refusal_at_level3_is_a_level1_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Defence in depth: a Saxon parse refusal the intake did not foresee is EI132, not error."""
    import attrs

    from eistandaard.levels.intake import reading as intake_reading

    lenient = attrs.evolve(intake_reading.parser_limits(), max_attributes=10_000)
    monkeypatch.setattr(intake_reading, "parser_limits", lambda: lenient)
    data = WMO323.read_bytes()
    declarations = b" ".join(b'xmlns:n%d="urn:x:%d"' % (i, i) for i in range(201))
    start = data.index(b"<", data.index(b"?>")) + 1
    name_end = data.index(b" ", start)
    data = data[:name_end] + b" " + declarations + data[name_end:]
    report = eistandaard.validate(data, as_of=AS_OF)
    assert report.engine_errors == ()
    assert report.verdict is eistandaard.Verdict.REJECTED
    assert "EI132" in report.codes
