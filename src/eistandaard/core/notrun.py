"""Which rules of a message did not run, and why (the report's ``not_run`` and notes).

A release's rule registry (``rules.toml``) lists rules no stylesheet implements, each with what
it ``needs`` (earlier messages, the receiver's toewijzingen, the declaration an answer belongs
to, a contract ...). Some of them another engine runs after all: the level-4 checks of
``referential.toml`` (TR135, TR378, TR381: unless their optional list is missing) and the batch
uniqueness of ``uniqueness.toml`` (TR056, TR314, TR333: across the batch only, a partial run).
Everything else that applies to the message on the peildatum did not run; so did every level-4
check whose list is neither bundled nor supplied (for GDS: every code-list rule of that list).
The reasons' texts are data: ``rbc/common/not-run.toml``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

from eistandaard import batch
from eistandaard.core.errors import DataError
from eistandaard.core.report import NotRun
from eistandaard.core.text import quoted
from eistandaard.levels.references import rules_for as referential_rules
from eistandaard.standards.catalog import MessageSpec
from eistandaard.standards.registry import RuleDef, load_registry
from eistandaard.standards.resources import data_dir
from eistandaard.standards.wording import bilingual_texts

__all__ = ["not_run", "notes", "reason_text"]


def _reasons() -> Mapping[str, Mapping[str, str]]:
    """Every reason of ``rbc/common/not-run.toml`` with its ``nl`` and ``en`` text (cached)."""
    return bilingual_texts("not-run.toml")


def reason_text(reason: str, *, lang: str = "en", **values: str) -> str:
    """The words for reason ``reason`` (``{list}`` filled from ``values``).

    :raises DataError: the reason is not in ``rbc/common/not-run.toml``.
    """
    entry = _reasons().get(reason)
    if entry is None:
        raise DataError(f"reason {quoted(reason)} is not in rbc/common/not-run.toml")
    return str(entry[lang]).format(**values)


def localize_note(note: str, *, lang: str) -> str:
    """``note`` in ``lang`` when it is the English text of a reason of ``not-run.toml``.

    For the notes a report keeps as English sentences (the Vektis short circuit): the renderers
    show them in the run's language. Any other note is returned unchanged.

    :raises DataError: ``rbc/common/not-run.toml`` cannot be read.
    """
    if lang == "en":
        return note
    for entry in _reasons().values():
        english, wanted = str(entry.get("en", "")), entry.get(lang)
        if wanted is None or not english:
            continue
        head, brace, tail = english.partition("{list}")
        if not brace:
            if note == english:
                return str(wanted)
            continue
        if note.startswith(head) and note.endswith(tail) and len(note) > len(head) + len(tail):
            return str(wanted).format(list=note[len(head) : len(note) - len(tail)])
    return note


def not_run(
    spec: MessageSpec,
    *,
    as_of: dt.date,
    levels_run: Collection[int],
    missing_lists: Iterable[str] = (),
    covered: Collection[str] = (),
) -> tuple[NotRun, ...]:
    """The rules of ``spec`` that did not run (or ran only across the batch), in rule order.

    :param spec: the message (from the catalog).
    :param as_of: the peildatum: a rule dated out of force on it is not listed.
    :param levels_run: the levels that ran; rules of other levels are not listed (the levels
        say enough).
    :param missing_lists: the optional code lists level 4 asked for and did not find.
    :param covered: rule ids that a level-5 plug-in of this run declares it runs
        (:func:`covered_rules`); they are not listed.
    :raises DataError: a data file (registry, referential or uniqueness rules, reasons) is
        missing or malformed.
    """
    missing = set(missing_lists)
    found: dict[str, NotRun] = {}

    def add(rule: str, level: int, reason: str, list: str | None = None) -> None:
        if level in levels_run and rule not in found:
            text = reason_text(reason, list=list or "")
            found[rule] = NotRun(rule, level, reason, text, codelist=list)

    level4 = referential_rules(spec)
    checks = level4.for_message(spec.name) if level4 is not None else ()
    by_code = {check.code: check for check in checks if check.code}
    per_retourcode = sorted(
        (check for check in checks if check.per_retourcode and check.list in missing),
        key=lambda check: check.list or "",
    )
    for check in checks:
        if check.per_retourcode:
            if check is next(iter(per_retourcode), None):
                for each in per_retourcode:  # one note per list, in list order
                    for code in each.codes():
                        add(code, 4, "codelist", list=each.list)
        elif check.kind == "codelist" and check.list in missing:
            reason = check.needs or "codelist"
            add(check.code or check.id, 4, reason, list=check.list)
    unique = {rule.id: rule for rule in batch.rules_for(spec)}
    registry = _registry(spec)
    for rule in registry.values():
        if rule.needs is None or not rule.applies_to(spec.name, as_of) or rule.id in covered:
            continue
        if rule.id in unique:
            add(rule.id, int(rule.level), "batch")
        elif rule.id in by_code:
            continue  # a level-4 check runs it; a missing list was named above
        else:
            add(rule.id, int(rule.level), rule.needs)
    for code in unique:
        if code not in registry:
            add(code, 5, "batch")
    return tuple(found.values())


def notes(items: Iterable[NotRun], *, lang: str = "en") -> list[str]:
    """One line per reason: ``TR304, TR307: not run: needs ...``, in order of first use.

    :param lang: ``en`` (the report's notes) or ``nl``.
    :raises DataError: a reason is not in ``rbc/common/not-run.toml``.
    """
    grouped: dict[str, list[str]] = {}
    for item in items:
        text = reason_text(item.reason, lang=lang, list=item.codelist or "")
        grouped.setdefault(text, []).append(item.rule)
    return [f"{', '.join(rules)}: {text}" for text, rules in grouped.items()]


def covered_rules(checks: Iterable[object]) -> frozenset[str]:
    """The registry rules that level-5 checks declare they run.

    A check (plug-in) may carry an attribute ``rules``: the ids of the registry rules it
    implements (the CAK's example checks do). Such a rule is then not named as not run when the
    check runs.
    """
    found: set[str] = set()
    for check in checks:
        rules = getattr(check, "rules", ())
        if isinstance(rules, str):
            rules = (rules,)
        if isinstance(rules, tuple | list | set | frozenset):
            found.update(rule for rule in rules if isinstance(rule, str))
    return frozenset(found)


def _registry(spec: MessageSpec) -> Mapping[str, RuleDef]:
    try:
        return load_registry(spec.release.family, spec.release.release)
    except DataError:
        if (data_dir("rbc") / spec.release.family / spec.release.release).is_dir():
            raise
        return {}  # a release without a registry has no rules to name
