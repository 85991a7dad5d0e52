"""The types of ``ei``'s path arguments and options: a name no file or folder can have is usage.

An empty path (``ei validate ""``, an empty ``$FILES`` in CI) is the working directory to
``pathlib`` and ``os.walk``: a check of every file below it, or "is a directory" for a message
or output file. A name the system refuses (too long: ``ENAMETOOLONG``) was an internal error.
Both are one usage line (exit 2) where the argument or option is read, in the run's ``--lang``.
"""

from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING, Any

import click

from eistandaard.cli.usage import said
from eistandaard.standards.wording import Worded, os_reason

SHOWN = 60
"""How many characters of an unusable name the usage line shows (a name too long is long)."""


def unusable_path(value: str) -> Worded | None:
    """Why ``value`` can name no file or folder at all, or ``None`` when it can.

    ``""`` (empty), or a name the system refuses before looking for it (too long, a NUL
    byte); only the name is looked at (``lstat``): nothing is opened, and a name that does not
    exist (yet) is fine here.
    """
    if value == "":
        return said("empty-path")
    try:
        os.lstat(value)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            return said("unusable-path", path=shown(value), reason=os_reason(exc))
    except ValueError:  # a NUL byte ("embedded null byte": the system's English)
        return said("unusable-path", path=shown(value), reason=said("path-nul-byte"))
    return None


def shown(value: str) -> str:
    """``value`` cut to :data:`SHOWN` characters (``…`` and the length behind a longer one)."""
    if len(value) <= SHOWN:
        return value
    return f"{value[:SHOWN]}… ({len(value)})"


class PathValue(click.Path):
    """:class:`click.Path` that refuses an empty name and a name too long, worded (exit 2).

    ``-`` stays standard input or output where ``allow_dash`` says so.
    """

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The path as :class:`click.Path` gives it, after :func:`unusable_path` let it through."""
        if isinstance(value, str) and not (self.allow_dash and value == "-"):
            problem = unusable_path(value)
            if problem is not None:
                self.fail(problem, param, ctx)
        return super().convert(value, param, ctx)


if TYPE_CHECKING:  # generic from click 8.2 on; pyproject allows 8.1
    _TypeOfText = click.ParamType[str]
else:
    _TypeOfText = click.ParamType


class _PathText(_TypeOfText):
    """A path argument kept as the text given (``-``, a file or a folder), refused as above."""

    name = "path"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = os.fsdecode(value) if isinstance(value, bytes) else str(value)
        problem = None if text == "-" else unusable_path(text)
        if problem is not None:
            self.fail(problem, param, ctx)
        return text


PATH_TEXT = _PathText()
"""The type of a path argument taken as text: ``ei validate PATHS``, ``ei return REQUEST``."""
