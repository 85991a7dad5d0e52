"""The retourcodes of a Vektis answer (GDS802, BM802) against COD954, as WJ001 for iStandaarden.

Every ``Feedback/Retourcode`` of the answer, wherever its class, is looked up in the release's
retourcode list (``retourcode_list`` of the catalog: COD954-VEKT) on the answer's Verzenddatum:
a code the list lacks (only a list that says it is complete can prove that), or one not valid
on that date, is a problem of the answer, worded in ``rbc/common/problems.toml``. The list is the
bundled one of ``rbc/<family>/<release>/codelists`` (or ``rbc/common/codelists``) or the one the
caller supplies (``CodeLists(overrides={"COD954-VEKT": path})``). Vektis does not publish
COD954 with the messages' specifications, so no list is bundled today: without one the check
finds nothing, and :func:`retourcode_list` says so (``None``).

The codes eistandaard gives provisionally (``Pnnn``, a rule whose COD954 code is not known yet:
``provisional = true`` in the release's ``rules.toml``) are the project's own placeholders, never
in COD954: they are not problems.

:func:`feedback_code_problems` runs in the self-check of every Vektis answer before a builder
returns it (``ei return``, :func:`eistandaard.conventions.istandaarden.selfcheck.check_answer`);
a GDS802 is also checked at level 4 (``rbc/gds/1.0/referential.toml``, check ``retourcode``).
The explanation of an answer against its request (``ei diff``, :func:`eistandaard.explain`) runs it
too (``conventions/vektis/explain.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from lxml import etree

from eistandaard.conventions.vektis.feedback import FEEDBACK, feedback_in
from eistandaard.core.errors import DataError
from eistandaard.core.xml import local_name
from eistandaard.standards.catalog import MessageSpec
from eistandaard.standards.codelists import CodeList, CodeLists, CodeStatus
from eistandaard.standards.registry import load_registry
from eistandaard.standards.wording import Worded, worded

__all__ = ["feedback_code_problems", "feedback_codes", "retourcode_list"]


def retourcode_list(spec: MessageSpec, codelists: CodeLists | None = None) -> CodeList | None:
    """The release's retourcode list (COD954-VEKT), bundled or supplied; ``None`` without one."""
    name = spec.release.retourcode_list
    if not name:
        return None
    return (codelists or CodeLists()).get(name, family=spec.family, release=spec.release.release)


def feedback_codes(root: etree._Element) -> Iterator[tuple[str, str]]:
    """Every (Retourcode, class) of the answer's Feedback, in document order.

    Each class's Feedback is read by :func:`~eistandaard.conventions.vektis.feedback.feedback_in`,
    the reader every Vektis return policy uses.
    """
    done: set[int] = set()
    for item in root.iter("{*}" + FEEDBACK):
        parent = item.getparent()
        if parent is None or id(parent) in done:
            continue
        done.add(id(parent))
        where = local_name(parent)
        for feedback in feedback_in(parent):
            yield feedback.retourcode, where


def _provisional(family: str, release: str) -> frozenset[str]:
    """The release's provisional retourcodes (eistandaard's placeholders, not COD954 codes)."""
    try:
        rules = load_registry(family, release)
    except DataError:
        return frozenset()
    return frozenset(r.retourcode for r in rules.values() if r.provisional and r.retourcode)


def feedback_code_problems(
    root: etree._Element,
    spec: MessageSpec,
    codelists: CodeLists | None = None,
    *,
    on: dt.date | None = None,
) -> tuple[Worded, ...]:
    """The answer's retourcodes that its retourcode list refuses, one problem per code and class.

    :param root: the answer's root element (GDS802, BM802).
    :param spec: the answer's message (its release names the list).
    :param on: the answer's Verzenddatum (``None``: existence only).
    :returns: problems ``vektis-unknown-code`` (not in a complete list) and
        ``vektis-code-not-valid`` (not yet valid or expired on ``on``); none without a list, and
        none for the release's provisional codes.
    """
    listing = retourcode_list(spec, codelists)
    if listing is None:
        return ()
    own = _provisional(spec.family, spec.release.release)
    found: dict[tuple[str, str], Worded] = {}
    for code, where in feedback_codes(root):
        status = listing.status(code, on)
        if (code, where) in found or status is CodeStatus.VALID or code in own:
            continue
        if status is CodeStatus.UNKNOWN:
            if listing.complete:
                found[code, where] = worded(
                    "vektis-unknown-code", code=code, where=where, list=listing.name
                )
            continue
        found[code, where] = worded(
            "vektis-code-not-valid",
            code=code,
            where=where,
            list=listing.name,
            date=on.isoformat() if on else "-",
        )
    return tuple(found.values())
