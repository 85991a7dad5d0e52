"""Keyword arguments of the public API, checked: a value of the wrong kind is an ``InputError``.

A Python caller who passes ``codelists="WJ001.csv"`` or ``levels=3`` gets one reason in Dutch and
English (``rbc/common/errors.toml``: ``argument-kind``, ``argument-items``) naming the keyword, what
it takes and the type given, never an ``AttributeError`` or ``TypeError`` from deep inside the
engine. :func:`eistandaard.validate`, :func:`eistandaard.explain` and the answer builders
(:mod:`eistandaard.conventions.arguments`) check their keywords with these.

>>> expect("reasons", "no", bool, "bool")
Traceback (most recent call last):
...
eistandaard.core.errors.InputError: reasons must be True or False, not str
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import NoReturn

from eistandaard.core.errors import InputError
from eistandaard.standards.wording import said_error

__all__ = ["expect", "expect_collection", "expect_items"]


def expect(
    keyword: str,
    value: object,
    kinds: type | tuple[type, ...],
    expected: str,
    *,
    optional: bool = True,
) -> None:
    """Refuse ``value`` unless it is of one of ``kinds`` (or ``None``, when ``optional``).

    :param keyword: the keyword's name, as the caller wrote it (``codelists``).
    :param expected: what it takes: the name of a text ``kind-<expected>`` of
        ``rbc/common/errors.toml`` (``codelists``: "a CodeLists (...)", ``bool``: "True or False").
    :param optional: ``None`` is allowed (the keyword's default).
    :raises InputError: ``argument-kind``, naming the keyword, ``expected`` and the type given.
        ``True`` and ``False`` are no whole number here, though Python's ``bool`` is an ``int``.
    """
    if (optional and value is None) or (
        isinstance(value, kinds) and not _bool_for_number(value, kinds)
    ):
        return
    raise InputError(
        said_error(
            "argument-kind",
            keyword=keyword,
            expected=said_error(f"kind-{expected}"),
            type=type(value).__name__,
        )
    )


def _bool_for_number(value: object, kinds: type | tuple[type, ...]) -> bool:
    """``value`` is a bool where only numbers are taken (``bool`` is a subclass of ``int``)."""
    taken = kinds if isinstance(kinds, tuple) else (kinds,)
    return isinstance(value, bool) and not any(
        issubclass(bool, kind) and kind is not int for kind in taken
    )


def expect_items(
    keyword: str,
    value: object,
    accepts: Callable[[object], bool],
    expected: str,
    *,
    count: int | None = None,
) -> None:
    """Refuse ``value`` unless it is a list or tuple (or set) whose every item ``accepts``.

    A text or bytes is no sequence of items here (``rules="a.xsl"`` would be read as letters).

    :param expected: what each item is: the name of a text ``kind-<expected>`` (``levels``).
    :param count: how many items it must have, when that is fixed.
    :raises InputError: ``argument-items``, naming the keyword, ``expected`` and what was given
        (the type, or the type of the first item that does not fit).
    """
    if isinstance(value, list | tuple | set | frozenset):
        wrong = [item for item in value if not accepts(item)]
        if not wrong and (count is None or len(value) == count):
            return
        given = type(wrong[0]).__name__ if wrong else f"{len(value)} x {type(value).__name__}"
    else:
        given = type(value).__name__
    _refuse_items(keyword, expected, given)


def expect_collection(
    keyword: str, value: object, accepts: Callable[[object], bool], expected: str
) -> None:
    """Refuse ``value`` unless it is a collection (or mapping) whose every item ``accepts``.

    For what is only looked in (``omit_notes``: a list, a set, or the mapping of shared notes to
    the files that hold them). A text or bytes is refused, as by :func:`expect_items`.

    :raises InputError: ``argument-items``, as :func:`expect_items`.
    """
    if isinstance(value, Collection) and not isinstance(value, str | bytes | bytearray):
        wrong = [item for item in value if not accepts(item)]
        if not wrong:
            return
        given = type(wrong[0]).__name__
    else:
        given = type(value).__name__
    _refuse_items(keyword, expected, given)


def _refuse_items(keyword: str, expected: str, given: str) -> NoReturn:
    raise InputError(
        said_error(
            "argument-items", keyword=keyword, expected=said_error(f"kind-{expected}"), type=given
        )
    )
