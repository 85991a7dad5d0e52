"""Our iWmo/iJw 3.2 schemas give the same verdict as the official XSDs on every message.

The bundled ``schemas/{iwmo,ijw}/3.2`` files are eistandaard's own rendering of the published
facts. This module compiles them next to the official release in ../shared and validates with
both: the published example messages, the 300 conformance messages, our fixtures and a few
thousand generated single mutations of a valid message of each type. On every message both must
say valid/invalid alike, and report the same schema errors (libxml2 error type and line), so the
level-2 findings do not depend on which of the two schema sets is used.

Skipped when ../shared is absent.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from tests.conftest import CONFORMANCE, FIXTURES, JAAPJUNIOR, REFERENCE, ROOT, SHARED

if not JAAPJUNIOR.is_dir():
    pytest.skip("../shared is not available", allow_module_level=True)

pytestmark = pytest.mark.shared

NUMBERS = ("301", "302", "305", "306", "307", "308", "315", "316", "317", "318", "319", "320")
NUMBERS += ("323", "325")
# message -> (our folder, official folder); the iWmo retour messages without a public XSD are
# compared with their iJw sibling moved to iWmo (see _sibling_reference).
FOLDERS = {
    **{f"WMO{n}": (ROOT / "schemas/iwmo/3.2", JAAPJUNIOR / "wmo/bronnen/xsd") for n in NUMBERS},
    **{f"JW{n}": (ROOT / "schemas/ijw/3.2", JAAPJUNIOR / "jw/bronnen/xsd") for n in NUMBERS},
}
NAMESPACE_TO_MESSAGE = {
    f"http://www.istandaarden.nl/{'iwmo' if name.startswith('WMO') else 'ijw'}/3_2/"
    f"{name.lower()}/schema": name
    for name in FOLDERS
}
# COD002-VEKT berichtcodes of the iWmo messages, for the sibling reference's fixed header value.
WMO_CODES = {"302": "415", "306": "419", "308": "421", "316": "445", "318": "481", "320": "483"}
JW_CODES = {"302": "437", "306": "439", "308": "441", "316": "447", "318": "487", "320": "489"}
# The heen message each retour message copies.
REQUEST_OF = {"302": "301", "306": "305", "308": "307", "316": "315", "318": "317", "320": "319"}

# Valid messages the mutations start from: (message, fixture file below fixtures/).
MUTATION_BASES = [
    ("WMO323", "iwmo/3.2/WMO323/valid/two-clients-with-credit.xml"),
    ("WMO325", "iwmo/3.2/WMO325/valid/default-namespace-one-prestatie-rejected.xml"),
    ("JW323", "ijw/3.2/JW323/valid/two-clients-with-credit.xml"),
    ("JW325", "ijw/3.2/JW325/valid/one-prestatie-rejected.xml"),
    ("JW325", "ijw/3.2/JW325/valid/default-namespace-header-only-0001.xml"),
]
MUTATION_BASES += [
    (f"{prefix}{n}", f"{family}/3.2/{prefix}{n}/valid/complete.xml")
    for family, prefix in (("iwmo", "WMO"), ("ijw", "JW"))
    for n in NUMBERS[:-2]
]

# Replacement texts for every leaf: empty, too long, wrong type, edge numbers and dates,
# whitespace, the codes and lengths the schemas care about.
PROBES: dict[str, Callable[[str], str]] = {
    "empty": lambda _: "",
    "300-chars": lambda _: "x" * 300,
    "letters": lambda _: "abc",
    "negative": lambda _: "-1",
    "huge": lambda _: "99999999999999999999",
    "2027-06-31": lambda _: "2027-06-31",
    "2023-02-29": lambda _: "2023-02-29",
    "2024-02-29": lambda _: "2024-02-29",
    "date-with-zone": lambda _: "2024-02-29Z",
    "date-with-offset": lambda _: "2024-02-29+01:00",
    "leading-space": lambda v: " " + v,
    "trailing-space": lambda v: v + " ",
    "zero": lambda _: "0",
    "eight-zeros": lambda _: "00000000",
    "leading-zero": lambda v: "0" + v,
    "plus-sign": lambda v: "+" + v,
    "decimal": lambda _: "12.50",
    "D": lambda _: "D",
    "C": lambda _: "C",
    "X": lambda _: "X",
    "9-digits": lambda _: "999900006",
    "8-digits": lambda _: "99887766",
    "10-digits": lambda _: "1234567890",
    "4-digits": lambda _: "0384",
    "category-01": lambda _: "01",
    "category-45": lambda _: "45",
    "retourcode-S300": lambda _: "S300",
    "retourcode-9999": lambda _: "9999",
    "version": lambda _: "1.0.0",
    "version-leading-zero": lambda _: "01.0.0",
    "berichtcode-484": lambda _: "484",
    "berichtcode-491": lambda _: "491",
    "berichtcode-414": lambda _: "414",
    "berichtcode-437": lambda _: "437",
    "time": lambda _: "09:30:00",
    "time-24": lambda _: "24:00:00",
    "time-with-zone": lambda _: "09:30:00Z",
    "time-with-offset": lambda _: "09:30:00+01:00",
    "time-with-fraction": lambda _: "09:30:00.5",
    "country-NL": lambda _: "NL",
    "country-lowercase": lambda _: "nl",
    "postcode": lambda _: "1234AB",
    "email": lambda _: "a@b.nl",
    "email-without-at": lambda _: "a.b.nl",
    "1-digit": lambda _: "1",
    "2-digit": lambda _: "2",
    "two-digit-01": lambda _: "01",
    "two-digit-38": lambda _: "38",
    "two-digit-99": lambda _: "99",
}
# Length and range boundaries: maxLength 3/5/8/9/12/20 and maxInclusive 99 ... 999999999999.
PROBES.update({f"{n}-letters": (lambda _, n=n: "A" * n) for n in range(1, 22)})
PROBES.update({f"{n}-nines": (lambda _, n=n: "9" * n) for n in range(1, 14)})
PROBES.update({f"1e{n}": (lambda _, n=n: "1" + "0" * n) for n in (2, 8, 9, 12)})


class _AnyCaseResolver(etree.Resolver):
    """Finds an imported schema in the same folder whatever the case of its file name."""

    def resolve(self, system_url: str, public_id: str | None, context: Any) -> Any:
        wanted = Path(system_url)
        for candidate in wanted.parent.iterdir():
            if candidate.name.lower() == wanted.name.lower():
                return self.resolve_filename(str(candidate), context)
        return None


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_AnyCaseResolver())
    return parser


def _compile(folder: Path, message: str) -> etree.XMLSchema:
    path = folder / f"{message}.xsd"
    if not path.is_file() and message.startswith("WMO"):
        return _sibling_reference(message)
    return etree.XMLSchema(etree.parse(str(path), _parser()))


def _sibling_reference(message: str) -> etree.XMLSchema:
    """The reference for an iWmo retour message with no public XSD: its official iJw sibling.

    The JW file is moved to iWmo mechanically: the ``ijw``/``jwNNN`` namespaces become
    ``iwmo``/``wmoNNN``, the BerichtCode becomes the iWmo one, the imported basisschema is the
    official iWmo one, and the elements that only the iJw heen message has (absent from the
    official iWmo heen message, e.g. ``GezagsdragerBekend``, ``Woonplaatsbeginsel``) are dropped.
    """
    number = message[-3:]
    jw = JAAPJUNIOR / "jw/bronnen/xsd"
    wmo = JAAPJUNIOR / "wmo/bronnen/xsd"
    text = (jw / f"JW{number}.xsd").read_text(encoding="utf-8")
    text = text.replace("/ijw/3_2/basisschema/", "/iwmo/3_2/basisschema/")
    text = text.replace(f"/ijw/3_2/jw{number}/", f"/iwmo/3_2/wmo{number}/")
    text = text.replace(
        f'<xs:pattern value="{JW_CODES[number]}"/>', f'<xs:pattern value="{WMO_CODES[number]}"/>'
    )
    root = etree.fromstring(text.encode("utf-8"), base_url=str(wmo / f"{message}.xsd"))
    xs = "{http://www.w3.org/2001/XMLSchema}"

    def element_names(path: Path) -> set[str]:
        return {e.get("name", "") for e in etree.parse(str(path)).iter(f"{xs}element")}

    request = REQUEST_OF[number]
    only_ijw = element_names(jw / f"JW{request}.xsd") - element_names(wmo / f"WMO{request}.xsd")
    for element in list(root.iter(f"{xs}element")):
        if element.get("name") in only_ijw:
            element.getparent().remove(element)  # type: ignore[union-attr]
    tree = etree.ElementTree(root)
    parsed = etree.fromstring(etree.tostring(tree), _parser(), base_url=str(wmo / f"{message}.xsd"))
    return etree.XMLSchema(parsed)


@pytest.fixture(scope="module")
def schemas() -> dict[str, tuple[etree.XMLSchema, etree.XMLSchema]]:
    """Our schema and the official one of each message, compiled once for the module."""
    return {
        name: (_compile(ours, name), _compile(off, name)) for name, (ours, off) in FOLDERS.items()
    }


def _errors(
    schema: etree.XMLSchema, doc: etree._ElementTree | etree._Element
) -> list[tuple[str, int]]:
    schema.validate(doc)
    return [(entry.type_name, entry.line) for entry in schema.error_log]


def _outcome(
    pair: tuple[etree.XMLSchema, etree.XMLSchema], doc: etree._ElementTree | etree._Element
) -> tuple[tuple[bool, list[tuple[str, int]]], tuple[bool, list[tuple[str, int]]]]:
    ours, official = pair
    return (
        (ours.validate(doc), _errors(ours, doc)),
        (official.validate(doc), _errors(official, doc)),
    )


def _message_of(path: Path) -> str | None:
    root = etree.parse(str(path)).getroot()
    return NAMESPACE_TO_MESSAGE.get(etree.QName(root).namespace or "")


def _messages() -> list[Path]:
    found = sorted((JAAPJUNIOR / "wmo/bronnen/berichten").glob("*.xml"))
    found += sorted((JAAPJUNIOR / "jw/bronnen/berichten").glob("*.xml"))
    found += sorted((REFERENCE / "_generated/iwmo32").glob("*.xml"))
    found += sorted((CONFORMANCE / "iwmo32").glob("*.xml"))
    found += sorted((CONFORMANCE / "ijw32").glob("*.xml"))
    found += sorted(p for p in FIXTURES.rglob("*.xml") if "3.2" in p.parts)
    return [p for p in found if not p.name.endswith(".rapport.xml") and _message_of(p)]


MESSAGES = _messages()


def _id(path: Path) -> str:
    for base in (SHARED, ROOT):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return path.name


def test_the_message_set_is_complete() -> None:
    """All 300 corpus messages, the examples of each type and our fixtures are in the set."""
    names = [p.name for p in MESSAGES]
    assert sum(1 for p in MESSAGES if p.is_relative_to(CONFORMANCE)) == 300
    for example in ("WMO323.xml", "JW323.xml", "JW325.xml", "WMO325_derived_from_JW325.xml"):
        assert example in names
    examples = {_message_of(p) for p in MESSAGES if "berichten" in p.parts}
    assert {f"JW{n}" for n in NUMBERS} <= examples
    assert {"WMO301", "WMO305", "WMO307", "WMO315", "WMO317", "WMO319", "WMO323"} <= examples
    kinds = {_message_of(p) for p in MESSAGES if p.is_relative_to(FIXTURES)}
    assert kinds == set(FOLDERS)


@pytest.mark.parametrize("path", MESSAGES, ids=_id)
def test_same_verdict_on_message(path: Path, schemas: dict[str, Any]) -> None:
    """Our schema and the official one agree on a published, corpus or fixture message."""
    message = _message_of(path)
    assert message is not None
    doc = etree.parse(str(path))
    ours, official = _outcome(schemas[message], doc)
    assert ours == official


def _level2_codes(path: Path) -> set[str]:
    """Return the level-2 codes (EI2nn) a fixture's sidecar expects; none for valid ones."""
    sidecar = path.with_name(path.stem + ".expected.toml")
    if "valid" in path.parts or not sidecar.is_file():
        return set()
    codes = tomllib.loads(sidecar.read_text(encoding="utf-8")).get("codes", [])
    return {code for code in codes if code.startswith("EI2")}


def test_fixtures_pass_the_schema_unless_their_sidecar_expects_level_2(
    schemas: dict[str, Any],
) -> None:
    """A fixture fails the official schema exactly when its sidecar lists a level-2 code.

    Valid fixtures and fixtures for later levels must be XSD-valid; fixtures that expect
    EI200-EI203 must not be.
    """
    checked = 0
    for path in MESSAGES:
        if not path.is_relative_to(FIXTURES):
            continue
        message = _message_of(path)
        assert message is not None
        official = schemas[message][1]
        schema_valid = bool(official.validate(etree.parse(str(path))))
        assert schema_valid is not bool(_level2_codes(path)), path
        checked += 1
    assert checked >= 24


# ---- mutations -----------------------------------------------------------------------------


def _path_of(element: etree._Element) -> str:
    """Give a readable location: local names, with [n] where same-named siblings repeat."""
    steps = []
    node: etree._Element | None = element
    while node is not None:
        name = etree.QName(node).localname
        parent = node.getparent()
        if parent is not None:
            same = [c for c in parent if isinstance(c.tag, str) and c.tag == node.tag]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        steps.append(name)
        node = parent
    return "/" + "/".join(reversed(steps))


def _elements(root: etree._Element) -> Iterator[etree._Element]:
    return (e for e in root.iter() if isinstance(e.tag, str))


def _mutation_cases() -> list[tuple[str, str, str, int, str]]:
    """(message, base fixture, mutation kind, element number, location) per mutation group."""
    cases = []
    for message, base in MUTATION_BASES:
        root = etree.parse(str(FIXTURES / base)).getroot()
        for number, element in enumerate(_elements(root)):
            where = _path_of(element)
            if element is not root:
                cases.append((message, base, "drop", number, where))
                cases.append((message, base, "duplicate", number, where))
                if element.getnext() is not None:
                    cases.append((message, base, "swap-with-next", number, where))
            if len(element) == 0:
                cases.append((message, base, "probe-values", number, where))
    return cases


MUTATION_CASES = _mutation_cases()


_BASE_TREES: dict[str, etree._Element] = {}


def _mutants(base: str, kind: str, number: int) -> Iterator[tuple[str, etree._Element]]:
    """Yield the named mutants of one group (element ``number`` in document order)."""
    if base not in _BASE_TREES:
        _BASE_TREES[base] = etree.parse(str(FIXTURES / base)).getroot()
    original = _BASE_TREES[base]

    def fresh() -> tuple[etree._Element, etree._Element]:
        root = copy.deepcopy(original)
        for index, element in enumerate(_elements(root)):
            if index == number:
                return root, element
        raise AssertionError(f"{base} has no element number {number}")

    if kind == "drop":
        root, target = fresh()
        target.getparent().remove(target)  # type: ignore[union-attr]
        yield "drop", root
    elif kind == "duplicate":
        root, target = fresh()
        target.addnext(copy.deepcopy(target))
        yield "duplicate", root
    elif kind == "swap-with-next":
        root, target = fresh()
        following = target.getnext()
        assert following is not None
        following.addnext(target)
        yield "swap-with-next", root
    else:
        for probe, make in PROBES.items():
            root, target = fresh()
            target.text = make(target.text or "")
            yield probe, root


def test_there_are_hundreds_of_mutations_per_message() -> None:
    """The mutation set is not accidentally empty or tiny: several hundred per message type."""
    per_message: dict[str, int] = {}
    for message, _, kind, _, _ in MUTATION_CASES:
        size = len(PROBES) if kind == "probe-values" else 1
        per_message[message] = per_message.get(message, 0) + size
    assert set(per_message) == set(FOLDERS)
    assert min(per_message.values()) >= 300, per_message


@pytest.mark.parametrize(
    ("message", "base", "kind", "number", "where"),
    MUTATION_CASES,
    ids=[f"{message}:{Path(b).stem}:{k}:{w}" for message, b, k, _, w in MUTATION_CASES],
)
def test_same_verdict_on_mutant(
    message: str, base: str, kind: str, number: int, where: str, schemas: dict[str, Any]
) -> None:
    """Both schemas agree on every single mutation of a valid message at this location.

    For probe values the group holds one mutant per probe; the failure message names each
    probe on which the two schemas disagree.
    """
    disagreements = []
    for name, mutant in _mutants(base, kind, number):
        ours, official = _outcome(schemas[message], mutant)
        if ours != official:
            disagreements.append(f"{name}: ours={ours} official={official}")
    assert disagreements == [], f"{message} {base} {kind} {where}"


def test_mutations_reach_the_schema(schemas: dict[str, Any]) -> None:
    """Most mutants are invalid and some stay valid, so the agreement above is not vacuous."""
    verdicts = []
    for message, base, kind, number, _ in MUTATION_CASES[::7]:
        official = schemas[message][1]
        verdicts += [bool(official.validate(m)) for _, m in _mutants(base, kind, number)]
    assert verdicts.count(False) > len(verdicts) // 2
    assert verdicts.count(True) > 0
