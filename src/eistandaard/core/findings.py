"""Findings: one nonconformity of a message, with its codes, texts and location."""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

__all__ = ["Finding", "Level", "Location", "Severity"]


class Level(enum.IntEnum):
    """The five control levels of the Vektis STB (table 5-1), used for every family.

    iStandaarden number their levels differently (1 = XSD, 2 = XSLT, 3 = cross-message,
    4 = external source); :data:`ISTANDAARDEN_LEVEL` maps theirs onto these.
    """

    UNREADABLE = 1
    """Onleesbaar: the bytes are not a readable message (size, ZIP, encoding, XML syntax)."""
    STRUCTURE = 2
    """Structuur en elementen: the XSD."""
    RELATION = 3
    """Verbandcontroles: relations between elements (RBC rules run as XSLT)."""
    REFERENTIAL = 4
    """Referentiële controles: values against external, dated code lists."""
    INTERNAL = 5
    """Interne controles: checks against the receiver's own systems (plug-ins)."""


ISTANDAARDEN_LEVEL: dict[int, Level] = {
    1: Level.STRUCTURE,
    2: Level.RELATION,
    3: Level.INTERNAL,
    4: Level.REFERENTIAL,
}
"""iStandaarden control level (1 XSD, 2 XSLT, 3 cross-message, 4 external source) -> ours."""


class Severity(enum.StrEnum):
    """How much a finding weighs: only ``error`` rejects a message."""

    ERROR = "error"
    """The message breaks a rule: the verdict is ``rejected`` (retourcode in the answer)."""
    WARNING = "warning"
    """A rule the receiver may apply (a signaal) or a doubt: shown, never rejects."""
    INFO = "info"
    """A note on how a check ran (a rule not run, a source missing): shown, never rejects."""


@attrs.frozen
class Location:
    """Where a finding applies.

    ``xpath`` is a path of local names from the root, with ``[n]`` only where same-named
    siblings repeat, as the iStandaarden rapport writes it
    (``/Bericht/Declaratie/Clienten/Client[2]/Bsn``). ``line`` and ``column`` are 1-based and
    ``None`` when unknown (for instance for input that is not XML).
    """

    xpath: str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = self.xpath or "-"
        if self.line is not None:
            where += f" (line {self.line}" + (
                f", column {self.column})" if self.column is not None else ")"
            )
        return where


def _locations(value: Iterable[Location]) -> tuple[Location, ...]:
    return tuple(value)


@attrs.frozen
class Finding:
    """One nonconformity.

    :param level: the control level that found it.
    :param code: the rule id (``TR101``, ``CS002``) or, for levels 1-2, a stable eistandaard code
        (``EI101`` ...).
    :param text_nl: the Dutch text.
    :param text_en: the English text.
    :param retourcode: the code that goes into the return message (WJ001 for iWmo/iJw, COD954
        for Vektis), when the rule has one.
    :param vecozo_code: VECOZO's own code (BRS.., CC.., IB..) where one applies.
    :param severity: only ``error`` rejects.
    :param locations: one or more places; the first is the main one.
    :param message_class: the class of the message the finding belongs to (``Header``,
        ``Declaratie``, ``Client``, ``Prestatie`` ...), which decides where its retourcode goes
        in the return message.
    :param details: free text from the check (the value found, the schema's own message ...),
        in English or language-neutral (values, paths, an engine's own message).
    :param details_nl: the same details in Dutch, where the check words them (level 1:
        ``rbc/common/level1.toml``); ``None`` when ``details`` serves every language.
    """

    level: Level = attrs.field(converter=Level)
    code: str
    text_nl: str
    text_en: str
    retourcode: str | None = None
    vecozo_code: str | None = None
    severity: Severity = attrs.field(default=Severity.ERROR, converter=Severity)
    locations: tuple[Location, ...] = attrs.field(default=(), converter=_locations)
    message_class: str | None = None
    details: str | None = None
    details_nl: str | None = None

    @property
    def location(self) -> Location:
        """The main location (an empty one when the finding has none)."""
        return self.locations[0] if self.locations else Location()

    @property
    def xpath(self) -> str | None:
        """XPath of the main location."""
        return self.location.xpath

    @property
    def line(self) -> int | None:
        """Line of the main location."""
        return self.location.line

    @property
    def stops_answer(self) -> bool:
        """Whether an answer can carry this finding at all: ``True`` means no answer is written.

        An error of level 1 or 2 (no return message: IV028 / IV032, STB 5.3), and a code-list
        finding of eistandaard's own level 4 (EI4nn) that carries no retourcode: in the
        iStandaarden the code lists are enumerations of the schema, so a code that a newer list
        (``--codelist``) no longer holds fails the receiver's schema, and no class can carry it.
        """
        if self.severity is not Severity.ERROR:
            return False
        if self.level <= Level.STRUCTURE:
            return True
        return (
            self.level == Level.REFERENTIAL
            and self.retourcode is None
            and self.code.startswith("EI4")
        )

    def text(self, lang: str = "nl") -> str:
        """The text in ``lang`` (``nl`` or ``en``)."""
        return self.text_en if lang == "en" else self.text_nl

    def detail(self, lang: str = "nl") -> str | None:
        """The details in ``lang``.

        Dutch: :attr:`details_nl` where there is one; else :attr:`details` (values and engine
        messages are kept as they are).
        """
        if lang != "en" and self.details_nl is not None:
            return self.details_nl
        return self.details

    def with_locations(self, locations: tuple[Location, ...]) -> Finding:
        """A copy with other locations."""
        return attrs.evolve(self, locations=locations)
