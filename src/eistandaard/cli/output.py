"""Writing output files safely, for every ``ei`` command that writes files.

The rules (docs/cli-output.md):

- An output's folder must exist; it is never created.
- An existing output is replaced only with ``--force``, and only when it is a regular file: a
  symbolic link, a device, a FIFO or a folder is never replaced (nor written through).
- An output that is one of the inputs (the same file, also through a symbolic or hard link) is
  refused.
- Files are written through a temporary file and a rename, with the permissions the user's umask
  gives (as any new file), never the 0600 of a temporary file.
- A set of files (``ei validate --output-dir``, ``ei chain -o DIR``) is first written into a
  hidden temporary folder inside the output folder and moved into place when complete; a failure
  or an interrupt leaves none of the set behind.
- Refusals are usage errors (exit 2, checked before any input is read where the command allows);
  a write that fails is an engine error (exit 3).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import click

from eistandaard.cli.exitcodes import CommandFailed
from eistandaard.cli.usage import said
from eistandaard.core.text import printable
from eistandaard.standards.wording import os_reason

__all__ = [
    "RefusedOutput",
    "WriteFailed",
    "check_output_dir",
    "check_output_file",
    "echo_json",
    "echo_line",
    "os_reason",
    "write_new_file",
    "write_set",
]


class RefusedOutput(click.UsageError):
    """An output path that may not be written (exit 2)."""


class WriteFailed(CommandFailed):
    """Writing an output failed (disk full, no permission ...): exit 3, an engine error.

    Its message is a :class:`~eistandaard.standards.wording.Worded` (``ei`` prints it in the
    run's ``--lang``) when it is :func:`~eistandaard.cli.usage.said`.
    """


WRITTEN: list[Path] = []
"""The files this process wrote (``-o``, ``--output-dir``): its output, whatever it printed."""


def _folder(path: Path) -> Path:
    return path.parent if str(path.parent) else Path()


def _same_file(path: Path, other: Path) -> bool:
    try:
        return path.samefile(other)
    except OSError:
        return False


def _is_standard_input(info: os.stat_result) -> bool:
    """Whether standard input is the file ``info`` describes (redirected from it: ``< x.xml``).

    A message read from standard input is an input like any named file, and an output never
    replaces one of its inputs; a pipe or a terminal is never a file that can be written.
    """
    try:
        given = os.fstat(sys.stdin.fileno()) if sys.stdin is not None else None
    except (OSError, ValueError, AttributeError):  # closed, or replaced without a descriptor
        return False
    return (
        given is not None
        and stat.S_ISREG(given.st_mode)
        and (given.st_dev, given.st_ino) == (info.st_dev, info.st_ino)
    )


def _refuse_dash(path: Path) -> None:
    """``-`` is standard input (or output) to every ``ei`` command, so never an output's name."""
    if str(path) == "-":
        raise RefusedOutput(said("output-dash"))


def check_output_file(
    path: Path, *, force: bool = False, inputs: Iterable[Path | str] = ()
) -> None:
    """Refuse an output file that may not be written; nothing is created or changed.

    :raises RefusedOutput: it is ``-`` (standard output elsewhere, never a file named ``-``);
        its folder does not exist; it exists and ``force`` is false; it is a symbolic link,
        device, FIFO or folder (even with ``force``); it is one of ``inputs``, or the file
        standard input is redirected from (even with ``force``).
    """
    _refuse_dash(path)
    _refuse_missing_folder(_folder(path))
    try:
        info = path.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        reason = os_reason(exc)
        raise RefusedOutput(said("output-unexaminable", path=path, reason=reason)) from exc
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise RefusedOutput(said("output-symlink", path=path))
        if not stat.S_ISREG(info.st_mode):
            raise RefusedOutput(said("output-not-regular", path=path))
        for source in inputs:
            if isinstance(source, Path) and _same_file(path, source):
                raise RefusedOutput(said("output-is-input", path=path, source=source))
        if _is_standard_input(info):  # `ei return - -o x.xml --force < x.xml`
            raise RefusedOutput(said("output-is-stdin", path=path))
        if not force:
            raise RefusedOutput(said("output-exists", path=path))


def check_output_dir(folder: Path) -> None:
    """Refuse an output folder that does not exist (it is never created).

    :raises RefusedOutput: ``folder`` is ``-`` or not an existing folder.
    """
    _refuse_dash(folder)
    _refuse_missing_folder(folder)


def _refuse_missing_folder(folder: Path) -> None:
    """Refuse an output folder that is not there, or is something else (a file, a FIFO).

    :raises RefusedOutput: "does not exist" only when nothing is there.
    """
    if _is_folder(folder):
        return
    if folder.exists() or folder.is_symlink():
        raise RefusedOutput(said("output-folder-not-folder", folder=folder))
    raise RefusedOutput(said("output-folder-missing", folder=folder))


def _is_folder(folder: Path) -> bool:
    """Whether ``folder`` is an existing folder.

    :raises RefusedOutput: it cannot be examined (a name too long, a loop of links): one
        usage line, never a traceback.
    """
    try:
        return stat.S_ISDIR(folder.stat().st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except (OSError, ValueError) as exc:
        reason = os_reason(exc)
        raise RefusedOutput(said("output-unexaminable", path=folder, reason=reason)) from exc


def _write_temporary(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to a new hidden file in ``folder`` with umask permissions; return it."""
    for _ in range(100):
        candidate = folder / f".{name}.{os.urandom(6).hex()}.tmp"
        try:
            # 0o666 and the umask: the permissions any new file of the user gets.
            handle = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
        except BaseException:
            candidate.unlink(missing_ok=True)
            raise
        return candidate
    raise FileExistsError(f"no free temporary name in {folder}")


def write_new_file(
    path: Path, data: bytes, force: bool = False, *, inputs: Iterable[Path | str] = ()
) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (see the module rules).

    :raises RefusedOutput: see :func:`check_output_file`; the file is untouched.
    :raises WriteFailed: the write or the rename failed; nothing is left behind.
    """
    check_output_file(path, force=force, inputs=inputs)
    temporary: Path | None = None
    try:
        temporary = _write_temporary(_folder(path), path.name, data)
        check_output_file(path, force=force, inputs=inputs)  # appeared while writing?
        temporary.replace(path)
        temporary = None
        WRITTEN.append(path)
    except OSError as exc:
        raise WriteFailed(said("cannot-write", path=path, reason=os_reason(exc))) from exc
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)


def write_set(
    folder: Path,
    files: Sequence[tuple[str, bytes]],
    *,
    force: bool = False,
    inputs: Iterable[Path | str] = (),
) -> list[Path]:
    """Write several files into ``folder``: all of them, or none.

    They are written into a hidden temporary folder inside ``folder`` first and moved into place
    when every one is written. On a failure or an interrupt (Ctrl-C) while writing, nothing of the
    set is left: files already moved are removed again (a file replaced with ``force`` keeps its
    new content).

    :param files: (file name, content) pairs; names are plain file names.
    :raises RefusedOutput: ``folder`` does not exist, or a target may not be written.
    :raises WriteFailed: a write failed; nothing of the set is left behind.
    """
    check_output_dir(folder)
    inputs = list(inputs)
    targets = [folder / name for name, _ in files]
    for target in targets:
        check_output_file(target, force=force, inputs=inputs)
    moved: list[Path] = []
    stage: Path | None = None
    try:
        stage = Path(tempfile.mkdtemp(prefix=".ei-partial-", dir=folder))
        staged = [_write_temporary(stage, name, data) for name, data in files]
        for target in targets:
            check_output_file(target, force=force, inputs=inputs)
        for source, target in zip(staged, targets, strict=True):
            existed = target.exists()
            source.replace(target)
            if not existed:
                moved.append(target)
        moved = []  # complete: keep them
        WRITTEN.extend(targets)
    except OSError as exc:
        raise WriteFailed(said("cannot-write-into", folder=folder, reason=os_reason(exc))) from exc
    finally:
        for target in moved:
            with contextlib.suppress(OSError):
                target.unlink()
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
    return targets


def echo_line(text: str, *, err: bool = False) -> None:
    """Print one line that holds values of files or of VECOZO's answers, escaped.

    Identifications, traceerIds, conflict details, status values and meldingen come from the
    user's files or from a server: control characters, line breaks and bidi overrides are
    shown as escapes (render/safe.py), so that no value drives the terminal.
    """
    click.echo(printable(text), err=err)


def echo_json(document: str) -> None:
    """Print a JSON document whose strings may hold such values: terminal controls escaped."""
    from eistandaard.render.safe import json_safe

    click.echo(json_safe(document))
