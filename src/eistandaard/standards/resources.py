"""Locate the data folders of the standards (schemas/, xslt/, rbc/) and load TOML from them.

In an installed wheel the folders live in ``eistandaard/_data``; in a source checkout they are
the top-level folders of the repository. Both are read through :mod:`importlib.resources`
(or the file system for the checkout) and nothing here is loaded before it is asked for.
"""

from __future__ import annotations

import contextlib
import functools
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from eistandaard.core.errors import DataError
from eistandaard.core.files import read_regular
from eistandaard.core.text import quoted

__all__ = ["data_dir", "load_toml", "parse_toml", "read_text"]

_DATA_FOLDERS = ("schemas", "xslt", "rbc")


@functools.cache
def data_dir(name: str) -> Path:
    """The folder of data ``name`` (``schemas``, ``xslt`` or ``rbc``) as a real path."""
    if name not in _DATA_FOLDERS:
        raise DataError(f"unknown data folder {quoted(name)}; expected one of {_DATA_FOLDERS}")
    # A source checkout (or an editable install of one) reads the folders in place, so that
    # edits are seen at once; an installed wheel reads its own copy.
    top = Path(__file__).resolve().parents[3]
    if (top / "pyproject.toml").is_file() and (top / name).is_dir():
        return top / name
    packaged = resources.files("eistandaard") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    raise DataError(f"data folder {quoted(name)} not found in the package or the source checkout")


def load_toml(path: Path) -> dict[str, Any]:
    """Read a TOML data file, turning every failure into :class:`DataError`.

    :raises DataError: the file cannot be read, is no regular file (a FIFO, device or folder is
        refused before it is opened: never a hang), is not UTF-8 or is not valid TOML.
    """
    with _reading(path):
        text = read_regular(path, DataError).decode("utf-8")
    return parse_toml(text, path)


def parse_toml(text: str, path: Path) -> dict[str, Any]:
    """The table of ``text``, the TOML of data file ``path`` (read by the caller).

    :raises DataError: the text is not valid TOML.
    """
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:  # its place in the run's language, as for JSON
        raise DataError(
            _said("file-not-toml", f"{path} is not valid TOML ({exc})", path=path, place=exc)
        ) from exc


def read_text(path: Path) -> str:
    """The text of a UTF-8 data file.

    :raises DataError: the file cannot be read, is no regular file, or is not UTF-8.
    """
    with _reading(path):
        text = read_regular(path, DataError).decode("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[None]:
    """The one wording of a data file that cannot be read or is not UTF-8, as :class:`DataError`."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or exc
        raise DataError(
            _said("file-unreadable", f"cannot read {path}: {reason}", path=path, reason=reason)
        ) from exc
    except UnicodeDecodeError as exc:
        raise DataError(
            _said("file-not-utf8", f"{path} is not UTF-8: {exc}", path=path, exc=exc)
        ) from exc


_saying: set[str] = set()
"""The keys being worded now: the texts are read through this module, so a failing read of
``errors.toml`` itself is said in English, never worded again (no endless recursion)."""


def _said(key: str, english: str, /, **values: Any) -> str:
    """``english`` in both languages (``rbc/common/errors.toml``) when its texts can be read."""
    if key in _saying:
        return english
    from eistandaard.standards.wording import (
        said_error,  # wording reads through this module
        toml_place,
    )

    _saying.add(key)
    try:  # a TOML error given as a place: where tomllib stopped, worded
        return said_error(
            key,
            **{
                name: toml_place(v) if isinstance(v, tomllib.TOMLDecodeError) else v
                for name, v in values.items()
            },
        )
    except DataError:  # the texts themselves cannot be read: the English reason alone
        return english
    finally:
        _saying.discard(key)
