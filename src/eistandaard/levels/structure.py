"""Control level 2: XSD validation with lxml.

Schemas are compiled once per process and kept. Imports are resolved case-insensitively in the
folder of the importing schema, because the official iStandaarden message schemas import
``basisschema.xsd`` while the file is named ``Basisschema.xsd``. An external schema release
(``--schemas DIR``) is searched for the message's schema file by name, case-insensitively.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote, urlparse

from lxml import etree

from eistandaard.core.errors import EngineError, InputError
from eistandaard.core.files import FileVersion, file_version, refuse_not_regular
from eistandaard.core.findings import Finding
from eistandaard.core.paths import LocationIndex
from eistandaard.core.text import quoted
from eistandaard.core.xml import parse_file
from eistandaard.standards import codes
from eistandaard.standards.catalog import MessageSpec
from eistandaard.standards.wording import os_reason, said_error

__all__ = [
    "check_schema_folder",
    "check_structure",
    "compile_schema",
    "find_schema",
    "schema_code",
    "schema_namespaces",
]

MAX_FINDINGS = 1000
"""At most this many level-2 findings are listed; a last one says how many more there were."""

_cache: dict[FileVersion, etree.XMLSchema] = {}
_failed: dict[FileVersion, str] = {}
"""Why a schema version did not compile (its worded reason), so a batch tries it once."""
_lock = threading.Lock()


class _CaseInsensitiveResolver(etree.Resolver):
    """Resolves schema imports and includes by file name, ignoring case."""

    def resolve(  # type: ignore[override]  # lxml-stubs omit the context argument
        self,
        system_url: str,
        public_id: str | None,  # noqa: ARG002  # lxml calls resolve with this signature
        context: Any,
    ) -> Any:
        parsed = urlparse(system_url)
        if parsed.scheme not in ("", "file"):
            return None  # never fetch anything from a network
        wanted = Path(unquote(parsed.path))
        found = _find_case_insensitive(wanted.parent, wanted.name)
        if found is None:
            if wanted.exists():  # a FIFO or device: refused, never left to libxml2 to open
                refuse_not_regular(wanted)
            return None
        return self.resolve_filename(str(found), context)  # type: ignore[attr-defined]  # not in lxml-stubs


def _find_case_insensitive(folder: Path, name: str) -> Path | None:
    exact = folder / name
    if exact.is_file():
        return exact
    if not folder.is_dir():
        return None
    lowered = name.lower()
    for candidate in sorted(folder.iterdir()):
        if candidate.name.lower() == lowered and candidate.is_file():
            return candidate
    return None


def compile_schema(path: Path) -> etree.XMLSchema:
    """Compile the XSD at ``path`` (once per process per file version).

    :raises EngineError: when the file cannot be read or is not a valid schema.
    """
    key = file_version(path, EngineError, "schema-unreadable", path=path)  # a FIFO: refused
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
        failed = _failed.get(key)
        if failed is not None:  # said once per file version, not compiled again per message
            raise EngineError(failed)
        try:
            document = parse_file(
                path.resolve(), kind="schema", resolver=_CaseInsensitiveResolver()
            )
            schema = etree.XMLSchema(document)
        except (etree.XMLSyntaxError, etree.XMLSchemaParseError, OSError) as exc:
            reason = said_error("schema-no-compile", path=path, error=exc)
            _failed[key] = reason
            raise EngineError(reason) from exc
        _cache[key] = schema
        return schema


_folder_cache: dict[tuple[Path, float], dict[str, tuple[Path, ...]]] = {}


SCHEMA_FOLDER_DEPTH = 3
"""How many levels of subfolders below a schema folder are looked in: the folder of a release
(``WMO323.xsd`` in it, or in an ``xsd/`` folder of an unpacked download) and a folder laid out
as the bundled ``schemas/`` (``<family>/<release>/WMO323.xsd``) are found; a folder such as
``/tmp`` or a home folder is never walked whole."""

SCHEMA_FOLDER_ENTRIES = 10_000
"""The most entries (files and folders) looked at within :data:`SCHEMA_FOLDER_DEPTH` levels."""


def _schema_files(schemas_dir: Path) -> dict[str, tuple[Path, ...]]:
    """Every ``*.xsd`` of ``schemas_dir`` by lower-case file name (read once per folder).

    Looked for in the folder and its subfolders up to :data:`SCHEMA_FOLDER_DEPTH` levels deep.
    Symbolic links to folders are not followed; a subfolder that cannot be read is skipped.

    :raises InputError: the folder holds more than :data:`SCHEMA_FOLDER_ENTRIES` entries within
        those levels (it is not a schema folder).
    :raises OSError: ``schemas_dir`` itself cannot be read.
    """
    resolved = schemas_dir.resolve()
    key = (resolved, resolved.stat().st_mtime)
    with _lock:
        cached = _folder_cache.get(key)
    if cached is not None:
        return cached
    found: dict[str, list[Path]] = {}
    seen = 0
    level: list[Path] = [schemas_dir]
    for depth in range(SCHEMA_FOLDER_DEPTH + 1):
        below: list[Path] = []
        for folder in level:
            try:
                entries = sorted(folder.iterdir())
            except OSError:
                if folder is schemas_dir:
                    raise
                continue  # a subfolder that cannot be read holds no schema we can use
            seen += len(entries)
            if seen > SCHEMA_FOLDER_ENTRIES:
                raise InputError(
                    said_error(
                        "schemas-too-many",
                        schemas_dir=schemas_dir,
                        schema_folder_entries=SCHEMA_FOLDER_ENTRIES,
                        schema_folder_depth=SCHEMA_FOLDER_DEPTH,
                    )
                )
            for path in entries:
                if path.is_symlink() and path.is_dir():
                    continue
                if path.is_dir():
                    if depth < SCHEMA_FOLDER_DEPTH:
                        below.append(path)
                elif path.suffix.lower() == ".xsd" and path.exists():
                    # a FIFO or device too: refused by name when it is the schema asked for
                    found.setdefault(path.name.lower(), []).append(path)
        level = below
    index = {name: tuple(sorted(paths)) for name, paths in found.items()}
    with _lock:
        _folder_cache[key] = index
    return index


def _ambiguous(name: str, schemas_dir: Path, matches: Iterable[Path]) -> InputError:
    listed = ", ".join(str(m) for m in matches)
    return InputError(
        said_error("schemas-several", name=name, schemas_dir=schemas_dir, listed=listed)
    )


def check_schema_folder(schemas_dir: Path, names: Iterable[str]) -> dict[str, Path]:
    """Check an external schema folder once, before any message is read.

    :param names: the schema file names of the supported messages (``WMO323.xsd`` ...).
    :returns: file name -> the one schema of that name below the folder (names not found are
        left out; a message of such a type gets an engine error when it is checked).
    :raises InputError: the folder does not exist, holds no schema of any of ``names``, or holds
        a name more than once (all of them are named: one is never picked silently).
    """
    if not schemas_dir.is_dir():
        raise InputError(said_error("schemas-no-folder", schemas_dir=schemas_dir))
    try:
        index = _schema_files(schemas_dir)
    except OSError as exc:
        raise InputError(
            said_error("schemas-unreadable", schemas_dir=schemas_dir, reason=os_reason(exc))
        ) from exc
    wanted = sorted(set(names), key=str.lower)
    for name in wanted:
        matches = index.get(name.lower(), ())
        if len(matches) > 1:
            raise _ambiguous(name, schemas_dir, matches)
    chosen = {n: index[n.lower()][0] for n in wanted if index.get(n.lower())}
    for path in chosen.values():
        _refuse_not_a_schema_file(path, schemas_dir)
    if not chosen:
        raise InputError(
            said_error(
                "schemas-none-supported",
                schemas_dir=schemas_dir,
                wanted=", ".join(wanted),
                schema_folder_depth=SCHEMA_FOLDER_DEPTH,
            )
        )
    return chosen


def find_schema(spec: MessageSpec, schemas_dir: Path | None = None) -> Path:
    """The XSD to use for ``spec``: the bundled one, or the one of that name below ``schemas_dir``.

    :raises InputError: when ``schemas_dir`` does not exist, holds no schema for the message, or
        holds several files of that name (they are named; none is picked).
    """
    if schemas_dir is None:
        return spec.schema_path
    if not schemas_dir.is_dir():
        raise InputError(said_error("schemas-no-folder", schemas_dir=schemas_dir))
    try:
        matches = _schema_files(schemas_dir).get(spec.schema.lower(), ())
    except OSError as exc:
        raise InputError(
            said_error("schemas-unreadable", schemas_dir=schemas_dir, reason=os_reason(exc))
        ) from exc
    if not matches:
        raise InputError(
            said_error(
                "schemas-missing",
                spec_schema=spec.schema,
                schemas_dir=schemas_dir,
                schema_folder_depth=SCHEMA_FOLDER_DEPTH,
            )
        )
    if len(matches) > 1:
        raise _ambiguous(spec.schema, schemas_dir, matches)
    _refuse_not_a_schema_file(matches[0], schemas_dir)
    return matches[0]


def _refuse_not_a_schema_file(path: Path, schemas_dir: Path) -> None:
    """Refuse a schema of the folder that is a FIFO, device or socket (never opened), or no XSD.

    So a broken file of ``--schemas`` is one usage line before any message is read, not an
    engine error for every message that needs it.

    :raises InputError: ``WMO323.xsd is een FIFO, geen bestand``, why it cannot be looked at,
        that it is not XML, or that its root is no ``xs:schema``.
    """
    try:
        refuse_not_regular(path)
    except OSError as exc:
        raise InputError(
            said_error("schemas-unreadable", schemas_dir=schemas_dir, reason=os_reason(exc))
        ) from exc
    try:  # parsed, not compiled (that waits for a message that needs it): a few ms a file
        root = parse_file(path, kind="schema").getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise InputError(said_error("schemas-not-xml", path=path, exc=exc)) from exc
    if root.tag != _XS + "schema":
        raise InputError(said_error("schemas-not-xsd", path=path, root_tag=quoted(root.tag)))


_STRUCTURE_PREFIXES = ("SCHEMAV_ELEMENT_CONTENT", "SCHEMAV_CVC_COMPLEX_TYPE")
_VALUE_MARKERS = (
    "DATATYPE",
    "FACET",
    "PATTERN",
    "ENUMERATION",
    "LENGTH",
    "MININCLUSIVE",
    "MAXINCLUSIVE",
    "MINEXCLUSIVE",
    "MAXEXCLUSIVE",
    "TOTALDIGITS",
    "FRACTIONDIGITS",
    "VALUE",
)


def schema_code(type_name: str) -> str:
    """Our level-2 code for a libxml2 schema error type."""
    if type_name == "SCHEMAV_CVC_ELT_1":
        return "EI203"
    if type_name.startswith(_STRUCTURE_PREFIXES):
        return "EI201"
    if any(marker in type_name for marker in _VALUE_MARKERS):
        return "EI202"
    return "EI200"


def check_structure(
    spec: MessageSpec,
    tree: etree._ElementTree,
    *,
    schemas_dir: Path | None = None,
    index: LocationIndex | None = None,
    vecozo_overrides: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Validate ``tree`` against the schema of ``spec`` and return one finding per schema error.

    :raises EngineError: when the schema cannot be compiled.
    """
    path = find_schema(spec, schemas_dir)
    schema = compile_schema(path)
    if schema.validate(tree):
        return []
    locator = index or LocationIndex(tree)
    entries: list[Any] = list(cast(Iterable[Any], schema.error_log))
    namespaces = schema_namespaces(path) | _document_namespaces(tree) | {spec.namespace}
    findings = list(_findings(entries[:MAX_FINDINGS], locator, vecozo_overrides, namespaces))
    if len(entries) > MAX_FINDINGS:
        findings.append(
            codes.finding(
                "EI200",
                detail="further",
                values={"count": len(entries) - MAX_FINDINGS},
                vecozo_overrides=vecozo_overrides,
            )
        )
    return findings


def _document_namespaces(tree: etree._ElementTree) -> frozenset[str]:
    """The namespace URIs of the document's elements and attributes.

    The distinct tags are gathered first (a message has a few dozen), so a large message costs
    one pass in C plus one XPath query for the namespaced attributes.
    """
    root = tree.getroot()
    names: set[object] = set(map(_TAG, root.iter()))
    attributes = root.xpath("//@*[namespace-uri() != '']")
    if isinstance(attributes, list):
        names.update(getattr(value, "attrname", None) for value in attributes)
    return frozenset(
        name[1 : name.index("}")]
        for name in names
        if isinstance(name, str) and name.startswith("{")
    )


_TAG = operator.attrgetter("tag")


def _findings(
    entries: Iterable[Any],
    locator: LocationIndex,
    overrides: Mapping[str, str] | None,
    namespaces: frozenset[str],
) -> Iterable[Finding]:
    for entry in entries:
        location = locator.from_libxml(getattr(entry, "path", None), entry.line)
        yield codes.finding(
            schema_code(entry.type_name),
            detail="schema",
            values={"problem": _clean_message(entry.message, namespaces)},
            locations=[location],
            vecozo_overrides=overrides,
        )


_XS = "{http://www.w3.org/2001/XMLSchema}"


def _name_start(text: str) -> bool:
    """Whether ``text`` starts with a letter, ``_`` or a character from U+00C0 to U+FFFD.

    The same test as the class ``[A-Za-z_\u00c0-\ufffd]``, without compiling that (5 ms).
    """
    if not text:
        return False
    first = text[0]
    return (first.isascii() and (first.isalpha() or first == "_")) or "\u00c0" <= first <= "\ufffd"


_ns_cache: dict[tuple[Path, float], frozenset[str]] = {}


def schema_namespaces(path: Path) -> frozenset[str]:
    """Every namespace URI declared in the XSD at ``path`` and the schemas it imports or includes.

    Used to recognise ``{uri}Name`` in libxml2's messages. Files that cannot be read are skipped
    (the schema's compilation reports them).
    """
    resolved = path.resolve()
    try:
        key = (resolved, resolved.stat().st_mtime)
    except OSError:
        return frozenset()
    with _lock:
        cached = _ns_cache.get(key)
    if cached is not None:
        return cached
    found: set[str] = set()
    seen: set[Path] = set()
    pending = [resolved]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            root = parse_file(current, kind="schema").getroot()
        except (etree.XMLSyntaxError, OSError):
            continue
        for element in root.iter():
            found.update(uri for uri in element.nsmap.values() if uri)
            if element.tag == _XS + "schema":
                found.add(element.get("targetNamespace") or "")
            if element.tag in (_XS + "import", _XS + "include", _XS + "redefine"):
                location = element.get("schemaLocation")
                target = None
                if location and "://" not in location:
                    wanted = current.parent / unquote(location)
                    target = _find_case_insensitive(wanted.parent, wanted.name)
                if target is not None:
                    pending.append(target.resolve())
    result = frozenset(found - {""})
    with _lock:
        _ns_cache[key] = result
    return result


def _clean_message(message: str, namespaces: frozenset[str] = frozenset()) -> str:
    r"""libxml2's message with only the ``{namespace}`` prefixes of names removed.

    A ``{...}`` is removed only when it holds one of ``namespaces`` (those of the schema and of the
    document) and a name follows, so every other fact between braces stays: a pattern's
    quantifiers (``[0-9]{8}``), character classes (``\p{L}``), an enumeration's set
    (``{'C', 'D'}``) and whatever the message quotes of the value::

        Element '{http://...}DebetCredit': [facet 'enumeration'] The value 'd' is not an
        element of the set {'C', 'D'}.   ->   Element 'DebetCredit': ... the set {'C', 'D'}.
    """
    for uri in sorted(namespaces, key=len, reverse=True):
        marker = "{" + uri + "}"
        if marker not in message:
            continue
        parts = message.split(marker)
        message = parts[0] + "".join(
            part if _name_start(part) else marker + part for part in parts[1:]
        )
    return message.strip()
