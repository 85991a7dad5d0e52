"""Locations: rapport-style paths from elements, elements from paths and from libxml2 errors."""

from __future__ import annotations

from lxml import etree

from eistandaard.core.paths import LocationIndex, xpath_of

DOC = b"""<p:Bericht xmlns:p="urn:x">
  <p:Header><p:Code>1</p:Code></p:Header>
  <p:Clienten>
    <p:Client><p:Bsn>1</p:Bsn></p:Client>
    <p:Client><p:Bsn>2</p:Bsn><p:Bsn>3</p:Bsn></p:Client>
  </p:Clienten>
</p:Bericht>"""


def _tree() -> etree._ElementTree:
    return etree.fromstring(DOC).getroottree()


def test_index_only_where_same_named_siblings_repeat() -> None:
    """Client gets [n] (two of them), Header and a lone Bsn do not."""
    tree = _tree()
    bsns = tree.getroot().findall(".//{urn:x}Bsn")
    assert xpath_of(bsns[0]) == "/Bericht/Clienten/Client[1]/Bsn"
    assert xpath_of(bsns[2]) == "/Bericht/Clienten/Client[2]/Bsn[2]"
    assert xpath_of(tree.getroot().find("{urn:x}Header")) == "/Bericht/Header"


def test_paths_resolve_back_to_elements_with_lines() -> None:
    """A path gives its element and the element's line; a wrong path gives no element."""
    index = LocationIndex(_tree())
    element = index.element("/Bericht/Clienten/Client[2]/Bsn[2]")
    assert element is not None
    assert element.text == "3"
    assert index.locate("/Bericht/Clienten/Client[2]/Bsn[2]").line == 5
    assert index.element("/Bericht/Clienten/Client[3]") is None
    assert index.element("/Other") is None
    assert index.locate("/Bericht/Nothing").line is None


def test_libxml_paths_with_prefixes_and_default_namespaces() -> None:
    """libxml2's error paths, prefixed or with * steps, map onto rapport paths."""
    index = LocationIndex(_tree())
    loc = index.from_libxml("/p:Bericht/p:Clienten/p:Client[2]/p:Bsn[1]", 5)
    assert loc.xpath == "/Bericht/Clienten/Client[2]/Bsn[1]"
    assert loc.line == 5
    default = etree.fromstring(b'<B xmlns="urn:t"><C><D>1</D></C>\n<C><D>2</D></C></B>')
    loc = LocationIndex(default.getroottree()).from_libxml("/*/*[2]/*", 2)
    assert (loc.xpath, loc.line) == ("/B/C[2]/D", 2)


def test_path_cache_gives_the_same_paths_as_xpath_of() -> None:
    """PathCache (linear over many elements) agrees with xpath_of on every element."""
    from eistandaard.core.paths import PathCache

    root = _tree().getroot()
    cache = PathCache()
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    assert [cache.path(e) for e in elements] == [xpath_of(e) for e in elements]
    assert cache.path(elements[-1]) == "/Bericht/Clienten/Client[2]/Bsn[2]"
