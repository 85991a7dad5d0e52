"""Uniqueness across the messages of one batch (control level 5, *berichtoverstijgend*).

Some rules say that a value must be unique for a sender over all its messages: the
BerichtIdentificatie per message type (iStandaarden TR056, retourcode 9056; VECOZO BRS20), the
DeclaratieNummer (TR333, 9333) and the ReferentieNummer of a Prestatie (TR314, 8021) for
iWmo/iJw, the Header Referentienummer and the prestatie Referentienummer for the Vektis
messages. eistandaard does not know the messages a receiver got before, but it does know the
other messages of one run: :class:`BatchContext` remembers the values of every message it saw,
and a later message that repeats one gets a finding naming the file (and line) of the first.

Which element is unique within which scope is data: ``rbc/<family>/<release>/uniqueness.toml``
(see the comments there). A duplicate's finding takes its code, class, retourcode and texts from
the rule registry (``rules.toml``) when the entry names a ``rule``, else from eistandaard's own
codes (``rbc/common/level5.toml``, entry ``code``).

:func:`validate_batch` checks several messages as one batch; ``validate(..., batch=context)``
does the same one message at a time (the ``ei validate`` command uses that to show progress).
A plain :func:`~eistandaard.pipeline.validate` uses a context of its own, so duplicates inside
one message (TR314) are found there too.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from lxml import etree

from eistandaard.core.arguments import expect_items
from eistandaard.core.errors import DataError, InputError
from eistandaard.core.findings import Finding, Location
from eistandaard.core.paths import PathCache, local_name
from eistandaard.core.text import quoted
from eistandaard.standards import codes
from eistandaard.standards.catalog import MessageSpec
from eistandaard.standards.inheritance import load_release_toml
from eistandaard.standards.registry import load_registry
from eistandaard.standards.resources import load_toml
from eistandaard.standards.wording import said_error, texts_in

if TYPE_CHECKING:  # pragma: no cover - imports for annotations only
    from eistandaard.core.report import Report
    from eistandaard.pipeline import Source

__all__ = ["BatchContext", "Candidate", "UniqueRule", "candidates", "rules_for", "validate_batch"]


@attrs.frozen
class UniqueRule:
    """One ``[[unique]]`` entry of a ``uniqueness.toml``.

    :param rule: the registry rule a duplicate violates (``TR056``), or ``None``.
    :param code: eistandaard's own finding code (``EI501``) when there is no registry rule.
    :param messages: the messages it applies to (``WMO323``).
    :param select: local-name paths below the root of the elements that must be unique.
    :param scope: local-name paths whose values (with the family) make the scope.
    :param message_class: the class of the finding (with ``code``; ``rule`` has its own).
    :param within_message: a repeat inside one message is a duplicate too.
    :param vecozo: VECOZO's code for the same check.
    """

    messages: frozenset[str]
    select: tuple[str, ...]
    scope: tuple[str, ...]
    rule: str | None = None
    code: str | None = None
    message_class: str | None = None
    within_message: bool = False
    vecozo: str | None = None

    @property
    def id(self) -> str:
        """The finding code of a duplicate."""
        return self.rule or self.code or ""


def _unique(entry: Mapping[str, Any]) -> UniqueRule:
    rule = UniqueRule(
        messages=frozenset(str(m).upper() for m in entry["messages"]),
        select=tuple(str(s) for s in entry["select"]),
        scope=tuple(str(s) for s in entry.get("scope", ())),
        rule=entry.get("rule"),
        code=entry.get("code"),
        message_class=entry.get("class"),
        within_message=bool(entry.get("within_message", False)),
        vecozo=entry.get("vecozo"),
    )
    if (rule.rule is None) == (rule.code is None):
        raise ValueError("an entry names exactly one of rule and code")
    if not rule.select:
        raise ValueError(f"{rule.id}: select is empty")
    return rule


@functools.cache
def _load(family: str, release: str) -> tuple[UniqueRule, ...]:
    found = load_release_toml(family, release, "uniqueness.toml")
    return _parse(*found) if found is not None else ()


def _load_file(path: Path) -> tuple[UniqueRule, ...]:
    return _parse(load_toml(path), path)


def _parse(data: Mapping[str, Any], path: Path) -> tuple[UniqueRule, ...]:
    if data.get("format") != 1:
        raise DataError(f"{path}: expected format = 1")
    try:
        return tuple(_unique(entry) for entry in data.get("unique", ()))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise DataError(f"{path}: malformed entry: {exc}") from exc


def rules_for(spec: MessageSpec) -> tuple[UniqueRule, ...]:
    """The uniqueness rules of the message ``spec`` (empty when its release has none).

    :raises DataError: the release's ``uniqueness.toml`` is malformed.
    """
    rules = _load(spec.release.family, spec.release.release)
    return tuple(rule for rule in rules if spec.name.upper() in rule.messages)


@attrs.frozen
class _Seen:
    source: str
    line: int | None
    message: int
    """Which message of the batch (0, 1, ...): two files may carry one name (``a.xml ./a.xml``)."""


class BatchContext:
    """What the messages of one batch held so far, for the cross-message uniqueness rules.

    Use one context for all messages of a batch, in order: ``validate(m, batch=context)``.
    A message is remembered only when it reached level 5 (XSD-valid, levels 3-5 asked for).
    Not thread-safe: one context per batch and thread.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[str, ...], _Seen] = {}
        self.messages = 0
        """How many messages were checked against (and added to) this context."""

    def check(self, spec: MessageSpec, tree: etree._ElementTree, source: str) -> list[Finding]:
        """Check one message against the batch so far, then remember its values.

        :param spec: the message (from the catalog).
        :param tree: the parsed, XSD-valid message.
        :param source: how reports name the message (a file name), used in the findings.
        :returns: one finding per value that an earlier message of the batch (or, for rules
            with ``within_message``, this message) already held.
        :raises DataError: the release's ``uniqueness.toml`` or a registry rule it names is
            missing or malformed.
        """
        paths = PathCache()
        selected = list(_select(spec, tree))
        found = [candidate for candidate, _ in selected]

        def locate(number: int) -> str | None:  # a path only for a duplicate: linear, and rare
            return paths.path(selected[number][1])

        return self.merge(found, source, locate)

    def merge(
        self,
        found: Sequence[Candidate],
        source: str,
        locate: Callable[[int], str | None] | None = None,
    ) -> list[Finding]:
        """:meth:`check` for values already taken from a message by :func:`candidates`.

        Lets worker processes read the messages while one process keeps the batch: the
        findings are the same as :meth:`check` gives, provided the messages are merged in
        batch order.

        :param locate: the path of candidate ``n`` when ``found`` was taken without paths.
        :raises DataError: a registry rule a uniqueness entry names is missing.
        """
        findings: list[Finding] = []
        mine: dict[tuple[str, ...], _Seen] = {}
        for number, candidate in enumerate(found):
            earlier = self._seen.get(candidate.key)
            if earlier is None and candidate.rule.within_message:
                earlier = mine.get(candidate.key)
            if earlier is not None:
                if locate is not None:
                    candidate = attrs.evolve(candidate, xpath=locate(number))
                findings.append(_finding(candidate, earlier, source, self.messages))
                continue
            mine.setdefault(candidate.key, _Seen(source, candidate.line, self.messages))
        for key, seen in mine.items():
            self._seen.setdefault(key, seen)
        self.messages += 1
        return findings


@attrs.frozen
class Candidate:
    """One value a uniqueness rule selects in a message, with where it stands (picklable).

    :param family: the message's family; :param release: its release.
    :param rule: the rule that selected it.
    :param key: family, rule, scope values and the value: equal keys are duplicates.
    :param value: the trimmed string value; :param scope: the scope values.
    :param line: its line; :param xpath: its path; :param name: its element's local name.
    """

    family: str
    release: str
    rule: UniqueRule
    key: tuple[str, ...]
    value: str
    scope: tuple[str, ...]
    line: int | None
    xpath: str | None
    name: str


def candidates(spec: MessageSpec, tree: etree._ElementTree) -> list[Candidate]:
    """Every value the uniqueness rules of ``spec`` select in ``tree``, in document order.

    Each with its path, so that :meth:`BatchContext.merge` needs no tree.

    :raises DataError: the release's ``uniqueness.toml`` is malformed.
    """
    return [candidate for candidate, _ in _select(spec, tree, with_paths=True)]


def _select(
    spec: MessageSpec, tree: etree._ElementTree, *, with_paths: bool = False
) -> Iterator[tuple[Candidate, etree._Element]]:
    """The candidates of ``tree`` with their elements; ``with_paths``: each with its xpath.

    The paths are those :class:`~eistandaard.core.paths.PathCache` gives, built while the
    selection walks down (no second pass over every parent's children).
    """
    root = tree.getroot()
    top = "/" + local_name(root)
    for rule in rules_for(spec):
        scope = tuple(_value(next(_walk(root, path), None)) for path in rule.scope)
        if with_paths:
            selected: Iterator[tuple[etree._Element, str | None]] = (
                found for path in rule.select for found in _walk_paths(root, path, top)
            )
        else:
            selected = ((e, None) for path in rule.select for e in _walk(root, path))
        for element, xpath in selected:
            value = _value(element)
            if not value:
                continue
            line = element.sourceline if isinstance(element.sourceline, int) else None
            candidate = Candidate(
                family=spec.release.family,
                release=spec.release.release,
                rule=rule,
                key=(spec.family, rule.id, *scope, value),
                value=value,
                scope=scope,
                line=line,
                xpath=xpath,
                name=local_name(element),
            )
            yield candidate, element


_WORDS = "words/batch.toml"
"""The details of a duplicate under ``rbc/common`` in both languages (``details_nl``)."""


def _duplicate_details(
    candidate: Candidate, earlier: _Seen, source: str, message: int, lang: str
) -> str:
    """Where the value occurred before, worded in ``lang`` (``en`` or ``nl``)."""
    words = texts_in(_WORDS, lang)
    if earlier.message == message:
        where = words["same"]
    elif earlier.source == source:  # another file of the batch with the same name
        where = words["same-name"].format(source=earlier.source)
    else:
        where = words["other"].format(source=earlier.source)
    if earlier.line is not None:
        where += words["line"].format(line=earlier.line)
    rule = candidate.rule
    within = ", ".join(
        f"{path.rpartition('/')[2]} {part}"
        for path, part in zip(rule.scope, candidate.scope, strict=True)
    )
    return words["details"].format(
        name=candidate.name,
        value=quoted(candidate.value),
        within=f" ({within})" if within else "",
        where=where,
    )


def _finding(candidate: Candidate, earlier: _Seen, source: str, message: int) -> Finding:
    rule = candidate.rule
    location = Location(xpath=candidate.xpath, line=candidate.line)
    details = _duplicate_details(candidate, earlier, source, message, "en")
    details_nl = _duplicate_details(candidate, earlier, source, message, "nl")
    if rule.rule is not None:
        registry = load_registry(candidate.family, candidate.release)
        definition = registry.get(rule.rule)
        if definition is None:
            raise DataError(f"uniqueness rule {rule.rule} is not in the rule registry")
        made = definition.finding(
            locations=(location,),
            retourcode=definition.answer_code,
            vecozo_code=rule.vecozo,
            details=details,
        )
        return attrs.evolve(made, details_nl=details_nl)
    made = codes.finding(
        rule.code or "",
        details=details,
        locations=(location,),
        message_class=rule.message_class,
    )
    return attrs.evolve(made, vecozo_code=rule.vecozo or made.vecozo_code, details_nl=details_nl)


def _walk(start: etree._Element, path: str) -> Iterator[etree._Element]:
    steps = [s for s in path.split("/") if s]
    if not steps:
        yield start
        return
    head, rest = steps[0], "/".join(steps[1:])
    for child in start:
        if isinstance(child.tag, str) and local_name(child) == head:
            yield from _walk(child, rest)


def _walk_paths(
    start: etree._Element, path: str, prefix: str
) -> Iterator[tuple[etree._Element, str]]:
    """:func:`_walk` with each element's path (``prefix`` is the path of ``start``).

    A step gets ``[n]`` when its parent has more than one child element of that local name,
    as :class:`~eistandaard.core.paths.PathCache` writes it.
    """
    steps = [s for s in path.split("/") if s]
    if not steps:
        yield start, prefix
        return
    head, rest = steps[0], "/".join(steps[1:])
    matches = [c for c in start if isinstance(c.tag, str) and local_name(c) == head]
    for number, child in enumerate(matches, 1):
        step = f"{head}[{number}]" if len(matches) > 1 else head
        yield from _walk_paths(child, rest, f"{prefix}/{step}")


def _value(element: etree._Element | None) -> str:
    """The string value of ``element`` (XPath ``string()``: comments and PIs left out), trimmed."""
    if element is None:
        return ""
    return str(element.xpath("string()")).strip()


def validate_batch(sources: Sequence[Source], **options: Any) -> list[Report]:
    """Check several messages as one batch and return one report per source, in order.

    Every message is checked as :func:`~eistandaard.pipeline.validate` would (``options`` are
    its keyword arguments, ``name`` excepted), and the uniqueness rules run across the batch:
    a later message that repeats an identification of an earlier one (same sender, same scope)
    is rejected with a finding naming the earlier file.

    :param sources: the messages (bytes, paths or binary streams), in batch order.
    :raises EIError: as :func:`~eistandaard.pipeline.validate` (misuse of the API); an
        ``InputError`` when ``sources`` is no list or tuple.

    >>> [r.verdict.value for r in validate_batch([b"", b""])]
    ['rejected', 'rejected']
    """
    from eistandaard.pipeline import validate  # the pipeline imports this module

    if "name" in options or "batch" in options:
        raise InputError(said_error("batch-name-and-batch"))
    expect_items("sources", sources, lambda _: True, "messages")
    context = BatchContext()
    return [validate(source, batch=context, **options) for source in sources]
