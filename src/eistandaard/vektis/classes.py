"""The class model of a Vektis message as data: ``rbc/<family>/<release>/classes.toml``.

A class has a parent class (empty: the root ``Bericht``), identifying elements (copied into a
return message when the class is returned), and says whether it is always returned (Header,
Overzicht). See the comments in ``rbc/bm/2.0/classes.toml`` for the format.
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
from eistandaard.standards.inheritance import load_release_toml
from eistandaard.standards.resources import load_toml

__all__ = ["ClassDef", "ClassModel"]


@attrs.frozen
class ClassDef:
    """One class of the message."""

    name: str
    parent: str = ""
    identifying: tuple[str, ...] = ()
    always: bool = False
    return_extra: tuple[str, ...] = ()
    """Amount classes ({Bedrag, DebetCreditCode}) only the return has (granted totals)."""
    amounts: tuple[str, ...] = ()
    """Plain amounts only the return has, written after the subclasses (GDS802 per prestatie)."""


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
        """The class model of a loaded ``classes.toml`` (``path`` names it in errors)."""
        if data.get("format") != 1:
            raise DataError(f"{path}: expected format = 1")
        try:
            classes = {entry["name"]: _class(entry) for entry in data["class"]}
            model = cls(
                family=str(data["family"]),
                release=str(data["release"]),
                classes=classes,
                amount_class=data.get("amount_class"),
                amount=data.get("amount"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"{path}: malformed class model: {exc}") from exc
        for definition in classes.values():
            if definition.parent and definition.parent not in classes:
                raise DataError(f"{path}: {definition.name} has unknown parent {definition.parent}")
        return model

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


def _class(entry: Mapping[str, Any]) -> ClassDef:
    return ClassDef(
        name=str(entry["name"]),
        parent=str(entry.get("parent", "")),
        identifying=tuple(str(e) for e in entry.get("identifying", ())),
        always=bool(entry.get("always", False)),
        return_extra=tuple(str(e) for e in entry.get("return_extra", ())),
        amounts=tuple(str(e) for e in entry.get("amounts", ())),
    )


@functools.cache
def _bundled(family: str, release: str) -> ClassModel:
    found = load_release_toml(family, release, "classes.toml")
    if found is None:
        raise DataError(f"no class model for {family}/{release} (classes.toml missing)")
    return ClassModel.from_data(*found)
