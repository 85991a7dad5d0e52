"""The Vektis view of the one class model (:mod:`eistandaard.standards.classmodel`).

``rbc/<family>/<release>/classes.toml`` (format 2) is read by the one loader; this module gives
the Vektis return builders their view of it: a class by its element's local name, its parent
class (empty: the root ``Bericht``), identifying elements (copied into a return message when the
class is returned), whether it is always returned (Header, Overzicht). See the comments in
``rbc/bm/2.0/classes.toml`` for the Vektis fields.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

from eistandaard.core.errors import DataError
from eistandaard.core.paths import local_name
from eistandaard.standards.classmodel import ClassSpec, parse_class_model
from eistandaard.standards.inheritance import load_release_toml
from eistandaard.standards.resources import load_toml

__all__ = ["ClassDef", "ClassModel"]


ClassDef = ClassSpec
"""One class of the message: the one class model's class (:class:`.classmodel.ClassSpec`).

The Vektis builders read ``name`` (the element's local name), ``parent``, ``identifying``,
``always``, ``return_extra`` (amount classes {Bedrag, DebetCreditCode} only the return has:
granted totals) and ``amounts`` (plain amounts only the return has, written after the
subclasses: GDS802 per prestatie).
"""


@attrs.frozen
class ClassModel:
    """All classes of one release, with the element whose amount a return grants."""

    family: str
    release: str
    classes: Mapping[str, ClassDef]
    amount_class: str | None = None
    amount: str | None = None

    @classmethod
    def load(cls, path: Path) -> ClassModel:
        """Read a ``classes.toml``; anything malformed raises :class:`DataError`."""
        return cls.from_data(load_toml(path), path)

    @classmethod
    def from_data(cls, data: Mapping[str, Any], path: Path) -> ClassModel:
        """The Vektis view of a loaded ``classes.toml`` (format 2, ``path`` names it in errors).

        :raises DataError: malformed (:func:`eistandaard.standards.classmodel.parse_class_model`),
            or not exactly one request message.
        """
        parsed = parse_class_model(data, path)
        if len(parsed.messages) != 1:
            raise DataError(f"{path}: a Vektis class model describes one request message")
        message = next(iter(parsed.messages.values()))
        classes = {spec.name: spec for spec in message.classes}
        amount_class = message.fields.get("amount_class")
        amount = message.fields.get("amount")
        return cls(
            family=str(parsed.fields.get("family", "")),
            release=str(parsed.fields.get("release", "")),
            classes=classes,
            amount_class=str(amount_class) if amount_class is not None else None,
            amount=str(amount) if amount is not None else None,
        )

    @classmethod
    def for_release(cls, family: str, release: str) -> ClassModel:
        """The bundled class model of ``family``/``release``."""
        return _bundled(family, release)

    def __contains__(self, name: object) -> bool:
        return name in self.classes

    def children(self, name: str) -> tuple[ClassDef, ...]:
        """The classes whose parent is ``name`` (``""``: the top-level classes)."""
        return tuple(c for c in self.classes.values() if c.parent == name)

    @property
    def always(self) -> tuple[ClassDef, ...]:
        """The classes every return message carries (Header, Overzicht)."""
        return tuple(c for c in self.classes.values() if c.always)

    def in_always(self, element: etree._Element) -> bool:
        """Whether ``element`` is an always-returned class or lies inside one."""
        always = {c.name for c in self.always}
        node: etree._Element | None = element
        while node is not None:
            if isinstance(node.tag, str) and local_name(node) in always:
                return True
            node = node.getparent()
        return False


@functools.cache
def _bundled(family: str, release: str) -> ClassModel:
    found = load_release_toml(family, release, "classes.toml")
    if found is None:
        raise DataError(f"no class model for {family}/{release} (classes.toml missing)")
    return ClassModel.from_data(*found)
