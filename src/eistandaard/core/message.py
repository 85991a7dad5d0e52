"""The Message: one EI message read, cleaned, parsed and identified ONCE.

:func:`eistandaard.validate` makes a :class:`Message` after level 1 and the catalog lookup, and
hands it to every later step: level 2 (the tree), level 3 (the cleaned bytes, which Saxon parses
once per stylesheet, in its worker), level 4, level-5 plug-ins, and after validation the
return builder, explain and the chain (``Report.message``). Nothing after intake reads the
source again or parses it with lxml again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from typing import TYPE_CHECKING, Any

import attrs
from lxml import etree

from eistandaard.core.paths import LocationIndex
from eistandaard.core.report import MessageIdentity

if TYPE_CHECKING:  # the ground floor only names the type; standards/ builds it
    from eistandaard.standards.catalog import MessageSpec

__all__ = ["Message", "digest_of"]


def digest_of(data: bytes) -> str:
    """The digest that names a message's content: SHA-256 of its cleaned bytes, hex.

    :attr:`Message.digest` and :attr:`~eistandaard.core.report.Report.digest`; the return
    engine compares them, so that a report answers for the very message it was made of.
    """
    return hashlib.sha256(data).hexdigest()


@attrs.frozen(eq=False)
class Message:
    """One identified EI message, parsed once.

    :param spec: the catalog entry (family, release, message, schema, rules, convention).
    :param identity: who and what the message says it is (Header values).
    :param tree: the lxml tree of :attr:`data`, line numbers kept.
    :param data: the cleaned bytes after level 1 (unzipped, no byte order mark, comments and
        processing instructions removed): what Saxon reads at level 3.
    :param as_of: the peildatum of the run (the date rules compare with "today").
    :param name: how reports name the source (``a.xml``, ``batch.zip!b.xml``, ``<stdin>``).

    Messages compare by identity (the tree is mutable); they are never part of a report's
    equality or JSON.
    """

    spec: MessageSpec
    identity: MessageIdentity
    tree: etree._ElementTree = attrs.field(repr=False)
    data: bytes = attrs.field(repr=False)
    as_of: dt.date
    name: str = "<bytes>"
    _cache: dict[str, Any] = attrs.field(factory=dict, repr=False, alias="_cache")
    _lock: threading.Lock = attrs.field(factory=threading.Lock, repr=False, alias="_lock")

    @property
    def root(self) -> etree._Element:
        """The root element (``Bericht``)."""
        return self.tree.getroot()

    @property
    def family(self) -> str:
        """The family of the catalog entry (``iwmo``, ``gds``, ``bm`` ...)."""
        return self.identity.family

    @property
    def index(self) -> LocationIndex:
        """Paths to elements and lines of this message (built on first use, then kept)."""
        with self._lock:
            index = self._cache.get("index")
            if not isinstance(index, LocationIndex):
                index = self._cache["index"] = LocationIndex(self.tree)
        return index

    @property
    def digest(self) -> str:
        """SHA-256 (hex) of :attr:`data` (:func:`digest_of`), computed on first use, then kept.

        Two messages with one identification but other content differ in it.
        """
        with self._lock:
            found = self._cache.get("digest")
            if not isinstance(found, str):
                found = self._cache["digest"] = digest_of(self.data)
        return found

    def with_as_of(self, as_of: dt.date) -> Message:
        """The same parsed message with another peildatum (the tree is shared, not copied)."""
        return attrs.evolve(self, as_of=as_of)
