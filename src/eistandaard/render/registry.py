"""Reporters by name: every output format of ``ei validate`` (and ``ei serve``) is one entry here.

A reporter turns the reports of one run into the bytes of one document. Adding a format is
writing one module with a render function and naming it in :data:`REPORTERS` (the built-in
formats are a static table below; :func:`register` adds others); the CLI and the service list
and call the formats through this table only.

The table names each built-in format's module and function: a module is imported when its
format renders, not when the table is read, so ``ei validate --format json`` (or ``--help``,
which lists every name and description) does not import the HTML, SARIF or text renderers, nor
``rich`` behind the text one.
"""

from __future__ import annotations

import importlib
import io
import os
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import attrs

from eistandaard.core.errors import InputError
from eistandaard.core.findings import Finding, Location
from eistandaard.core.report import Report
from eistandaard.core.text import quoted
from eistandaard.render.safe import xml_text
from eistandaard.standards.wording import said_error

__all__ = [
    "REPORTERS",
    "RenderOptions",
    "Reporter",
    "UnknownFormatError",
    "clean_text",
    "line_location",
    "register",
    "reporter",
    "source_bytes",
    "source_file",
    "workspace_file",
    "workspace_root",
]

MAX_SOURCE_BYTES = 64 * 1024 * 1024
"""Largest source file a reporter reads back to show its lines (the HTML report)."""


def clean_text(text: str) -> str:
    """``text`` with what XML 1.0 cannot carry (controls, lone surrogates) escaped.

    As the text output shows it: backslash, ``x1b`` for an ESC; backslash, ``xff`` for a byte of
    a file name that is not UTF-8 (:func:`eistandaard.render.safe.xml_text`). These were
    replaced by U+FFFD, which lost them: two names that differ only there became one.
    """
    return xml_text(text)


def line_location(finding: Finding) -> Location:
    """Where a reporter points for ``finding``: its first location that has a line number.

    A finding's main location may lack a line (a rule that names the class element, say
    ``/Bericht/Header``, before the element it is about); the line of a later location is then
    the place to show. Without any line: the main location (an empty one when there is none).
    """
    return next((loc for loc in finding.locations if loc.line is not None), finding.location)


@attrs.frozen
class RenderOptions:
    """What a reporter may need besides the reports.

    :param lang: ``nl`` or ``en``: the language of finding texts and labels.
    :param sources: the bytes of each checked message by :attr:`Report.source`, for reporters
        that quote the offending lines. A source not in the mapping is read back from the file
        system when it names a file (or ``archive.zip!member`` in a ZIP); otherwise no lines are
        shown.
    :param title: a heading for reporters that have one (HTML).
    :param root: the folder the CI formats (``github``, ``sarif``) give file paths relative to;
        ``None``: ``$GITHUB_WORKSPACE`` when set, else the current directory
        (:func:`workspace_root`).
    :param uploads: the reports' names are names a client gave (``ei serve``), not files of this
        machine: no file is read back for them, and the CI formats name them as given, without
        any folder of this machine (no SARIF ``originalUriBaseIds``).
    """

    lang: str = "nl"
    sources: Mapping[str, bytes] = attrs.field(factory=dict)
    title: str = "eistandaard"
    root: str | None = None
    uploads: bool = False


RenderFunction = Callable[[Sequence[Report], RenderOptions], bytes]


@attrs.frozen
class Reporter:
    """One output format.

    :param name: the ``--format`` value.
    :param render: reports and options -> the document as bytes.
    :param media_type: the HTTP content type of the document.
    :param suffix: the usual file name suffix (``.xml``, ``.sarif`` ...).
    :param description: one line for ``--help``.
    """

    name: str
    render: RenderFunction
    media_type: str
    suffix: str
    description: str


@attrs.frozen
class _Deferred:
    """A render function imported from ``module`` when it is first called."""

    module: str
    function: str

    def __call__(self, reports: Sequence[Report], options: RenderOptions) -> bytes:
        render: RenderFunction = getattr(importlib.import_module(self.module), self.function)
        return render(reports, options)


def _built_in(
    name: str, target: str, media_type: str, suffix: str, description: str
) -> tuple[str, Reporter]:
    module, _, function = target.partition(":")
    deferred = _Deferred(f"eistandaard.render.{module}", function)
    return name, Reporter(name, deferred, media_type, suffix, description)


_TEXT = "text/plain; charset=utf-8"

REPORTERS: dict[str, Reporter] = dict(
    [
        _built_in("text", "text:render_plain", _TEXT, ".txt", "readable text"),
        _built_in(
            "github",
            "github:render_github",
            _TEXT,
            ".txt",
            "GitHub Actions workflow commands: an inline annotation per finding",
        ),
        _built_in(
            "html",
            "html:render_html",
            "text/html; charset=utf-8",
            ".html",
            "one self-contained HTML page: summary, findings by message and class, lines",
        ),
        _built_in(
            "junit",
            "junit:render_junit",
            "application/xml",
            ".junit.xml",
            "JUnit XML: a testcase per file, a failure per finding (CI test reports)",
        ),
        _built_in(
            "sarif",
            "sarif:render_sarif",
            "application/sarif+json",
            ".sarif",
            "SARIF 2.1.0: a result per finding (GitHub code scanning)",
        ),
        _built_in(
            "json",
            "json_report:render_json",
            "application/json",
            ".json",
            "the versioned JSON report (docs/json-format.md)",
        ),
        _built_in(
            "rapport",
            "rapport:render_rapport",
            "application/xml",
            ".rapport.xml",
            "the iStandaarden validation rapport XML (one message)",
        ),
    ]
)
"""Every reporter by name, in registration order: the built-in ones, then those
:func:`register` added. A built-in reporter's module is imported when it first renders."""


def register(item: Reporter) -> Reporter:
    """Add (or replace) a reporter in :data:`REPORTERS`; returns it."""
    REPORTERS[item.name] = item
    return item


class UnknownFormatError(InputError, KeyError):
    """No reporter has the name asked for: an ``InputError``, and a ``KeyError`` as before."""

    __str__ = Exception.__str__  # the reason as given, not a KeyError's quoted repr


def reporter(name: str) -> Reporter:
    """The reporter called ``name``.

    :raises UnknownFormatError: (an ``InputError`` and a ``KeyError``) for an unknown name or
        one that is no text (the reason lists the known ones).
    """
    found = REPORTERS.get(name) if isinstance(name, str) else None
    if found is None:
        known = ", ".join(REPORTERS)
        raise UnknownFormatError(
            said_error("render-unknown-format", name=quoted(name), known=known)
        )
    return found


def source_file(source: str) -> str:
    """The file a report's source names: itself, or the archive of ``archive!member``.

    A source that names an existing file is that file, even when its name holds a ``!``
    (``c!d.xml``, ``a!b/x.xml``); otherwise the part before the last ``!`` is the archive
    (``uitbox/x.zip!m.xml`` -> ``uitbox/x.zip``, ``<stdin>!m.xml`` -> ``<stdin>``).
    """
    if "!" not in source:
        return source
    try:
        if Path(source).exists():
            return source
    except (OSError, ValueError):  # a name the file system cannot take: not a file
        pass
    return source.rpartition("!")[0] or source


def workspace_root(options: RenderOptions) -> str:
    """The absolute folder of :attr:`RenderOptions.root`: given, ``$GITHUB_WORKSPACE``, or here.

    GitHub places an annotation or a code-scanning result by a path relative to the checkout,
    which is ``$GITHUB_WORKSPACE`` in a workflow (the step may run in another directory).
    """
    root = options.root or os.environ.get("GITHUB_WORKSPACE") or Path.cwd()
    return os.path.normpath(Path(root).absolute())  # no symbolic link resolved: as it was given


def workspace_file(source: str, options: RenderOptions) -> tuple[str, bool]:
    """The file of ``source`` (:func:`source_file`) relative to :func:`workspace_root`.

    A relative name is taken from the current directory, as the user gave it. Returns the path
    with ``/`` separators and ``True``; a file outside the root (or on another drive) is its
    absolute path and ``False``; a name that is not a path (``<stdin>``, ``upload``) is itself
    and ``False``.
    """
    file = source_file(source)
    if not file or file.startswith("<") or options.uploads:  # stdin, an upload: no file here
        return file, False
    try:
        absolute = os.path.normpath(Path(file).absolute())
        root = workspace_root(options)
        relative = os.path.relpath(absolute, root)
        if _outside(relative):
            # The root, or the way to the file, through a symbolic link (GITHUB_WORKSPACE=/w
            # where /w links to /srv/w, and the current directory is /srv/w): the same folders
            # once both are resolved. The file's own name is not resolved: a link in the
            # checkout to a file elsewhere is annotated where it lies in the checkout.
            folder, name = os.path.split(absolute)
            real = str(Path(os.path.realpath(folder)) / name)
            relative = os.path.relpath(real, os.path.realpath(root))
    except (ValueError, OSError):  # another drive (Windows), a name the system cannot take
        return file, False
    if _outside(relative):
        return absolute, False
    return relative.replace(os.sep, "/"), True


def _outside(relative: str) -> bool:
    return relative == os.pardir or relative.startswith(os.pardir + os.sep)


def source_bytes(report: Report, options: RenderOptions) -> bytes | None:
    """The bytes of the message behind ``report``, or ``None`` when they cannot be had.

    Looked up in ``options.sources`` first (a ZIP given there as bytes, such as one read from
    standard input or posted to ``ei serve``, gives its member: ``<stdin>!m.xml``), then read
    from the file (or ZIP member, ``a.zip!m.xml``) that :attr:`Report.source` names; files and
    members larger than :data:`MAX_SOURCE_BYTES` are not read. Never raises.
    """
    source = report.source
    if source in options.sources:
        return options.sources[source]
    for name, data in options.sources.items():
        if source.startswith(name + "!"):
            return _member(data, source[len(name) + 1 :])
    if options.uploads:  # a name a client gave: never a file of this machine
        return None
    try:
        whole = Path(source)
        if whole.is_file():
            return _file(whole)
        for archive, _, member in (source.rpartition("!"), source.partition("!")):
            path = Path(archive)
            if member and path.is_file():
                content = _file(path)
                return None if content is None else _member(content, member)
    except (OSError, ValueError):
        return None
    return None


def _file(path: Path) -> bytes | None:
    if path.stat().st_size > MAX_SOURCE_BYTES:
        return None
    return path.read_bytes()


def _member(archive: bytes, member: str) -> bytes | None:
    """The bytes of ``member`` of the ZIP ``archive`` (``None`` if absent, too large, broken)."""
    try:
        with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
            info = bundle.getinfo(member)
            if info.file_size > MAX_SOURCE_BYTES:
                return None
            return bundle.read(info)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, RuntimeError, EOFError):
        return None
