"""Turn the PATH arguments of ``ei`` into the list of inputs to check."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase
from pathlib import Path, PurePath
from typing import BinaryIO

import click

from eistandaard.cli.pathtypes import PathValue
from eistandaard.cli.usage import said, usage
from eistandaard.core.errors import InputError
from eistandaard.core.files import refuse_not_regular
from eistandaard.levels.intake import (
    Limits,
    Payload,
    broken_link,
    findings_summary,
    read_path,
    read_raw,
    read_stream,
)
from eistandaard.standards.wording import Worded, os_reason, said_error

SUFFIXES = (".xml", ".zip")
STDIN = "-"

MESSAGE_FILE = PathValue(exists=True, dir_okay=False, allow_dash=True, path_type=Path)
"""A message argument: a file, or ``-`` for standard input (read with :func:`message_bytes`)."""


def is_stdin(path: Path | str) -> bool:
    """True when the argument ``path`` is ``-`` (standard input)."""
    return str(path) == STDIN


def standard_input() -> BinaryIO:
    """The binary stream of standard input, for a message argument ``-``.

    :raises click.UsageError: standard input is closed (``ei validate - <&-``: Python gave
        ``sys.stdin`` ``None``), in both languages; never read as an empty message.
    """
    stream = sys.stdin
    if stream is None:
        raise usage("stdin-closed")
    return stream.buffer


def message_bytes(path: Path) -> tuple[bytes, str]:
    """The bytes of a message argument and the name reports give it.

    ``-`` is standard input (``<stdin>``); at most the level-1 size limit plus one byte is read
    from either, so level 1 reports a message past the limit (EI101) without reading it whole.

    :raises SourceError: the file cannot be read or is no regular file.
    """
    if is_stdin(path):
        return standard_input().read(Limits().max_bytes + 1), "<stdin>"
    return read_raw(path), str(path)


def excluded(path: PurePath, patterns: Sequence[str]) -> bool:
    """True when a glob in ``patterns`` matches ``path`` or a part of it.

    A glob is tried on the ``/`` form of the whole path and on each of its names (the file
    and every folder), so ``--exclude 'archief/*'``, ``--exclude '*.tmp.xml'`` and
    ``--exclude build`` all work.
    """
    text = path.as_posix()
    names = path.parts
    return any(
        fnmatchcase(text, pattern) or any(fnmatchcase(name, pattern) for name in names)
        for pattern in patterns
    )


def _walk(
    top: Path,
    *,
    exclude: Sequence[str],
    hidden: bool,
    outputs: Sequence[Path] = (),
    output_dirs: Sequence[Path] = (),
    spelled: str | None = None,
) -> Iterable[Path]:
    """The message files below ``top``; skipped folders are not descended into at all.

    Globs and the hidden check see only the path below ``top``: the names of ``top`` itself
    (``/home/x/.cache/proj``, every folder when the working directory is ``/``) never exclude.
    ``spelled`` is ``top`` as the command line gave it. A file that is one of ``outputs`` (the
    run's own output files) is not a message to check, and neither is a rapport
    (:func:`_written_rapport`).
    """
    written = _identities(outputs)
    rapport_folders = _folder_identities(output_dirs)
    below = _below_root(top, exclude, spelled)

    def skipped(relative: PurePath) -> bool:
        return excluded(relative, exclude) or any(
            fnmatchcase(relative.as_posix(), rest) for rest in below
        )

    for folder, dirs, files in os.walk(top):
        here = PurePath(os.path.relpath(folder, top))
        dirs[:] = [d for d in dirs if (hidden or not d.startswith(".")) and not skipped(here / d)]
        for name in files:
            relative = here / name
            if (
                PurePath(name).suffix.lower() in SUFFIXES
                and (hidden or not name.startswith("."))
                and not skipped(relative)
                and not (written and _identity(Path(folder) / name) in written)
                and not _written_rapport(Path(folder), name, rapport_folders)
            ):
                yield Path(folder) / name


def _below_root(top: Path, patterns: Sequence[str], spelled: str | None) -> list[str]:
    """The globs of ``patterns`` that name the folder ``top`` first, with that name taken off.

    The path as the report shows it (``uitbox/archief/old.xml`` for ``ei validate uitbox/``,
    below the working directory, or as given) can be excluded by a glob copied from the report,
    ``'uitbox/archief/*'``; the folder's own part is compared as it is spelled, never as a glob,
    so no ``*`` can reach into the folders of ``top`` itself.

    >>> _below_root(Path("uitbox"), ["uitbox/archief/*", "uitbox", "*/archief"], "uitbox/")
    ['archief/*']
    """
    spellings = {named_path(top).as_posix(), Path(top).as_posix()}
    if spelled is not None:
        spellings.add(Path(spelled).as_posix())
    prefixes = {f"{name.rstrip('/')}/" for name in spellings if name not in ("", ".")}
    return [
        pattern[len(prefix) :]
        for pattern in patterns
        for prefix in prefixes
        if pattern.startswith(prefix) and len(pattern) > len(prefix)
    ]


def _identity(path: Path) -> tuple[int, int] | None:
    """The device and inode of a regular file (``None``: no such file, or not a regular one)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat.S_ISREG(info.st_mode) else None


def _identities(paths: Sequence[Path]) -> set[tuple[int, int]]:
    return {found for path in paths if (found := _identity(path)) is not None}


def _folder_identities(folders: Sequence[Path]) -> set[tuple[int, int]]:
    """The device and inode of each folder of ``folders`` that exists."""
    found: set[tuple[int, int]] = set()
    for folder in folders:
        try:
            info = folder.stat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode):
            found.add((info.st_dev, info.st_ino))
    return found


RAPPORT_SUFFIX = ".rapport.xml"
"""How ``ei validate --format rapport --output-dir`` names its files (``x.xml.rapport.xml``)."""


def _written_rapport(folder: Path, name: str, rapport_folders: set[tuple[int, int]]) -> bool:
    """True for a rapport (``*.rapport.xml``) in a folder: output of a check, never a message.

    In the run's own ``--output-dir`` (``rapport_folders``) every ``*.rapport.xml`` is left out;
    elsewhere one whose start holds a ``Rapport`` root of the rapport namespace (the first
    2 KiB of a regular file: nothing else is opened, so a FIFO of that name is still refused
    when read).
    """
    if not name.lower().endswith(RAPPORT_SUFFIX):
        return False
    path = folder / name
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            return False
        if rapport_folders and _folder_identities([folder]) & rapport_folders:
            return True
        with path.open("rb") as handle:
            start = handle.read(2048)
    except OSError:  # read as a message, where level 1 says why it cannot be read
        return False
    from eistandaard.render.rapport import RAPPORT_NAMESPACE  # read only for such a name

    namespace = RAPPORT_NAMESPACE.encode("ascii")
    return namespace in start and b"Rapport" in start.split(namespace)[0]


def collect(
    paths: Iterable[str],
    *,
    exclude: Sequence[str] = (),
    hidden: bool = False,
    outputs: Sequence[Path] = (),
    output_dirs: Sequence[Path] = (),
) -> list[str | Path]:
    """Files as given, directories expanded recursively to their ``*.xml``/``*.zip``, ``-`` kept.

    Inside a directory, hidden files and folders (a name starting with ``.``: ``.git``,
    ``.venv``) are skipped unless ``hidden`` is true, and so is whatever matches a glob of
    ``exclude`` (see :func:`excluded`; matched against the path below the directory given, and
    against that path behind the directory as the report shows it: ``uitbox/archief/*``). Only
    what lies below each directory given is matched: the directory's own folders
    (``/home/x/.cache/proj``, or every folder when the working directory is ``/``) never exclude
    and are never hidden. A file named on the command line is never skipped as hidden; it is
    checked unless an ``exclude`` glob matches it as it was named (:func:`as_named`).

    A file a directory holds that is one of ``outputs`` (``ei validate -o junit.xml .`` run a
    second time) is the run's own output, not a message: it is left out of the directory. Named
    on the command line, it stays, and the output check refuses it. So is a rapport a directory
    holds (``*.rapport.xml`` in one of ``output_dirs``, the run's ``--output-dir``, or one that
    starts as a validation rapport anywhere): the output of a check, not a message.

    A file named twice (directly and through a directory given too, or through a link) is
    checked once, in its first place: one file is never a batch of two that repeats itself
    (TR056 and the other uniqueness rules against its own copy).

    :raises click.UsageError: for a path that does not exist, a directory without messages
        (or whose every message ``exclude`` matches), ``-`` given more than once (standard
        input can be read once), or nothing left to check (every file named was excluded: a
        run that checks nothing never passes), in both languages.
    """
    found: list[str | Path] = []
    for raw in paths:
        if raw == STDIN:
            if STDIN in found:
                raise usage("stdin-more-than-once")
            standard_input()  # closed: said before any file is checked
            found.append(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            # Everything but folders: a FIFO or device named *.xml is refused at level 1 (EI109)
            # by intake.read_path, never silently skipped and never opened blocking.
            members = sorted(
                _walk(
                    path,
                    exclude=exclude,
                    hidden=hidden,
                    outputs=outputs,
                    output_dirs=output_dirs,
                    spelled=raw,
                )
            )
            if not members:
                # there are messages but --exclude took them all: say that, not "none"
                unexcluded = _walk(
                    path, exclude=(), hidden=hidden, outputs=outputs, output_dirs=output_dirs
                )
                if exclude and any(True for _ in unexcluded):
                    raise usage("folder-all-excluded", path=raw, globs=", ".join(exclude))
                raise usage("no-files-in-folder", path=raw)
            found.extend(members)
        elif path.exists():  # named: never skipped as hidden
            if not excluded(as_named(raw), exclude):
                found.append(path)
        else:
            raise click.UsageError(missing(raw, said("no-such-path", path=raw)))
    if not found:  # every path was a file that --exclude dropped
        raise usage("everything-excluded", globs=", ".join(exclude))
    return _once(found)


def named_path(path: Path) -> PurePath:
    """A path as it is shown below the working directory.

    Its path below the working directory (``archief/x.xml`` for ``./archief/x.xml`` or the same
    file named absolutely); for a file outside the working directory, its name alone.

    >>> str(named_path(Path("/nowhere-near/archief/x.xml")))
    'x.xml'
    """
    try:
        below = os.path.relpath(path)  # both made absolute and normalised
    except (OSError, ValueError):  # no working directory, or another drive
        return PurePath(path.name)
    if below == os.pardir or below.startswith(os.pardir + os.sep):
        return PurePath(path.name)
    return PurePath(below)


def as_named(raw: str) -> PurePath:
    """The part of a file named on the command line that ``--exclude`` globs are tried on.

    The path as it was named when that is relative and stays below the working directory
    (``archief/x.xml`` for ``./archief/x.xml``, as a pre-commit hook passes it); for a path
    named absolutely or one that climbs out (``../x.xml``), its name alone: the folders the user
    named to reach the file (``/home``, ``/builds``, ``/tmp``, whatever the working directory)
    are not the user's to exclude.

    >>> str(as_named("./archief/x.xml")), str(as_named("/tmp/archief/x.xml"))
    ('archief/x.xml', 'x.xml')
    """
    path = PurePath(os.path.normpath(raw))
    if path.is_absolute() or (path.parts and path.parts[0] == os.pardir):
        return PurePath(path.name)
    return path


def _once(found: list[str | Path]) -> list[str | Path]:
    """``found`` without a later mention of a file already in it (same device and inode)."""
    seen: set[tuple[int, int]] = set()
    kept: list[str | Path] = []
    for item in found:
        if isinstance(item, Path):
            try:
                info = item.stat()
            except OSError:  # refused at level 1 when it is read (EI109 and the like)
                kept.append(item)
                continue
            if stat.S_ISREG(info.st_mode):
                key = (info.st_dev, info.st_ino)
                if key in seen:
                    continue
                seen.add(key)
        kept.append(item)
    return kept


def not_a_file(raw: str) -> Worded:
    """Why ``raw`` is no message file: ``no such file: X``, or what is there instead.

    For the usage line of a command that takes one message file: a folder or device that
    exists is named as such, never reported as missing. The text knows its Dutch and English
    words (``rbc/common/usage.toml``); its ``str`` is English.
    """
    problem = file_problem(raw)
    return said("cannot-read", path=raw) if problem is None else problem


def file_problem(raw: str | Path) -> Worded | None:
    """Why ``raw`` names no file to read, or ``None`` when it names a regular file.

    The one check of a data path the command line is given (``--codelist``, a message of
    ``ei return``/``ei diff``, ``--rules``): :func:`~eistandaard.core.files.refuse_not_regular`,
    nothing opened, so a FIFO never blocks. ``no such file: X``; ``X is a FIFO, not a file``
    (a folder, device or socket by its kind); or the system's reason it cannot be looked at.
    """
    try:
        refuse_not_regular(Path(raw))
    except FileNotFoundError:
        return missing(raw, said("no-such-file", path=raw))
    except InputError as exc:  # a folder, FIFO, device or socket: named by its kind
        return Worded(exc.text("en"), exc.text("nl"))
    except (OSError, ValueError) as exc:  # no permission on a folder, a name too long
        return missing(raw, said("cannot-read-because", path=raw, reason=os_reason(exc)))
    return None


def missing(raw: str | Path, otherwise: Worded) -> Worded:
    """Why nothing can be read at ``raw``: a loop of links or a dangling link, else ``otherwise``.

    The reason the checks of a folder give such a link (EI109,
    :func:`~eistandaard.levels.intake.broken_link`), as a usage line for a path named.
    """
    link = broken_link(raw)
    if link is None:
        return otherwise
    kind, target = link
    if kind == "link-loop":
        return said("link-loop", path=raw)
    return said("dangling-link", path=raw, target=target)


def read_one(raw: str, role: str, limits: Limits | None = None) -> Payload:
    """One message argument of ``ei return`` / ``ei diff``: a file, a ZIP of one message, ``-``.

    :param limits: level 1's limits (``--max-size``; default: VECOZO's).
    :raises InputError: the file does not exist, or level 1 refuses it (the findings' texts
        and details, in both languages).
    """
    bounds = limits or Limits()
    if raw == STDIN:
        payload = read_stream(standard_input(), limits=bounds)
    else:
        path = Path(raw)
        if not path.is_file():
            raise InputError(said_error("input-not-a-file", role=role, text=not_a_file(raw)))
        payload = read_path(path, limits=bounds)
    if payload.tree is None:
        reasons = findings_summary(payload.findings)
        raise InputError(
            said_error("input-refused", role=role, payload_name=payload.name, reasons=reasons)
        )
    return payload
