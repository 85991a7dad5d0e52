"""Reading the generated Vektis return models (GDS802, BM802) by element name.

The answers' classes are the xsdata bindings of ``eistandaard.models.gds10``/``gds20``/``bm20``
(generated from ``schemas/``); this module is the thin view the explain engines need on top of
them, with no knowledge of the schemas of its own: a value by its element name (the name is in
each generated field's metadata), an amount as :class:`~eistandaard.core.money.Money`, and the
Feedback of a class (and of the classes below it) as
:class:`~eistandaard.conventions.vektis.feedback.Feedback`.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from eistandaard.conventions.vektis.feedback import BetrokkenElement, Feedback
from eistandaard.core.money import Money

__all__ = ["classes_of", "element", "feedback_of", "feedback_paths", "money", "text"]

FEEDBACK = "Feedback"
"""The element name of a return's Feedback class."""


_NAMES: dict[type[Any], dict[str, str]] = {}


def _names(cls: type[Any]) -> dict[str, str]:
    """Element name -> field name of a generated class (``{}`` for what is none)."""
    found = _NAMES.get(cls)
    if found is None:
        fields = dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else ()
        found = _NAMES[cls] = {f.metadata.get("name", f.name): f.name for f in fields}
    return found


def element(obj: object, name: str) -> Any:
    """The value of the element ``name`` of a generated class instance.

    :returns: the field's value (a list for a repeated element), ``None`` when the class has
        no such element or ``obj`` is ``None``.
    """
    if obj is None:
        return None
    field = _names(type(obj)).get(name)
    return None if field is None else getattr(obj, field)


def text(obj: object, name: str) -> str | None:
    """The stripped text of the simple element ``name`` (an enum's code), ``None`` when absent."""
    value = element(obj, name)
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        value = value.value
    return str(value).strip()


def money(obj: object) -> Money | None:
    """A generated ``{Bedrag, DebetCreditCode}`` class as Money (``None`` for ``None``).

    The code is kept as written (only ``C`` counts as credit); a missing code is ``D``.
    """
    if obj is None:
        return None
    bedrag = element(obj, "Bedrag")
    code = text(obj, "DebetCreditCode") or "D"
    return Money(bedrag if isinstance(bedrag, Decimal) else Decimal(str(bedrag)), code)


def feedback_of(obj: object) -> tuple[Feedback, ...]:
    """The Feedback a class of a return carries itself, in document order."""
    found = element(obj, FEEDBACK) or ()
    return tuple(
        Feedback(
            (text(item, "Retourcode") or ""),
            tuple(
                BetrokkenElement(text(pair, "Elementnaam") or "", text(pair, "Elementwaarde") or "")
                for pair in element(item, "BetrokkenElement") or ()
            ),
        )
        for item in found
    )


def feedback_paths(obj: object, name: str, path: str = "") -> Iterator[tuple[str, Feedback]]:
    """(class path, Feedback) of ``obj`` (the class ``name``) and of every class below it.

    The path is the element names from ``obj`` down, after ``path``:
    ``DebetPrestatie/Verwijzing/Verwijzer``. ``obj``'s own Feedback comes first, then that of
    its classes in schema (= document) order.
    """
    here = f"{path}/{name}" if path else name
    for feedback in feedback_of(obj):
        yield here, feedback
    for child_name, child in classes_of(obj):
        yield from feedback_paths(child, child_name, here)


def classes_of(obj: object) -> Iterator[tuple[str, Any]]:
    """(element name, instance) of the classes directly below ``obj`` (Feedback left out)."""
    for child_name, field in _names(type(obj)).items():
        if child_name == FEEDBACK:
            continue
        value = getattr(obj, field)
        for item in value if isinstance(value, list) else (value,):
            if dataclasses.is_dataclass(item) and not isinstance(item, type):
                yield child_name, item
