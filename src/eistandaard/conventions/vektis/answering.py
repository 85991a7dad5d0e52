"""The steps every Vektis answer (BM802, GDS802) takes around the return engine.

Before the engine (:meth:`Answerable.open`): the arguments refused that no answer can take, the
request read, the answer's Verzenddatum and the peildatum settled (the Verzenddatum never after
the peildatum the request was checked on), the release's class model and the registry's retourcodes
loaded, the receiver's decisions read (and refused for VECOZO). After it
(:meth:`AnswerFrame.finish`): the answer serialised and, unless asked not to, checked as VECOZO
would check it (:func:`~eistandaard.conventions.istandaarden.selfcheck.check_answer`).
What differs per message (decisions, amounts, totals) stays with its builder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import attrs
from lxml import etree

from eistandaard.conventions.arguments import (
    answer_day,
    decisions_object,
    refuse_unknown_responder,
    refuse_wrong_findings,
)
from eistandaard.conventions.istandaarden.selfcheck import check_answer
from eistandaard.conventions.vektis.classes import ClassModel
from eistandaard.conventions.vektis.feedback import Feedback
from eistandaard.conventions.vektis.request import request_root
from eistandaard.conventions.vektis.returns import (
    ReturnRequest,
    assign_feedback,
    rejected_top_classes,
    select_feedback,
)
from eistandaard.conventions.vektis.roles import Responder
from eistandaard.core.arguments import expect
from eistandaard.core.clock import answer_date, not_after_peildatum
from eistandaard.core.errors import DecisionError, InputError
from eistandaard.core.findings import Finding, Severity
from eistandaard.core.xml import local_name
from eistandaard.standards.catalog import MessageSpec, default_catalog
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.registry import load_registry
from eistandaard.standards.wording import said_error

__all__ = ["AnswerFrame", "Answerable", "Decided"]


_D = TypeVar("_D", bound="Decided")


@attrs.frozen
class AnswerFrame(Generic[_D]):
    """A Vektis request made ready to be answered (:meth:`Answerable.open`)."""

    request: etree._Element
    """The request's root (BM801, GDS801)."""
    responder: Responder
    verzenddatum: dt.date
    """The answer's Verzenddatum."""
    peildatum: dt.date
    """The day the request was checked on (``as_of``, else the Verzenddatum)."""
    release: str
    model: ClassModel
    """The release's class model (``rbc/<family>/<release>/classes.toml``)."""
    retourcodes: Mapping[str, str]
    """Rule id -> retourcode, from the release's registry, for findings without their own."""
    decisions: _D | None
    """The receiver's decisions (``None``: none given)."""

    def return_request(
        self,
        namespace: str,
        answer_code: str,
        *,
        version: tuple[str, str] | None = None,
        totals: Mapping[str, Decimal] | None = None,
    ) -> ReturnRequest:
        """The engine's :class:`ReturnRequest` for this frame's party, day and retourcodes.

        :param namespace: the answer's namespace; ``answer_code``: its BerichtCode.
        :param version: Berichtversie and Berichtsubversie (``None``: the request's).
        :param totals: the ``return_extra`` totals, signed (``None``: the engine's own).
        """
        return ReturnRequest(
            namespace,
            answer_code,
            self.responder,
            self.verzenddatum,
            self.retourcodes,
            version,
            totals,
        )

    def carried(self, findings: Iterable[Finding]) -> dict[etree._Element, list[Feedback]]:
        """The Feedback per class element that the answer carries, of the rejecting findings.

        At the receiver nothing below a rejected class is carried
        (:func:`~eistandaard.conventions.vektis.returns.select_feedback`).

        :raises InputError: a rejecting finding has no retourcode or cannot be placed.
        """
        placed = assign_feedback(self.request, findings, self.model, self.retourcodes)
        return select_feedback(placed, self.model, self.responder)

    def finish(
        self,
        answer: etree._Element,
        *,
        check: bool,
        codelists: CodeLists | None,
        environment: str,
        problems: Callable[[bytes], Iterable[object]],
    ) -> bytes:
        """The answer as UTF-8 XML, checked first when ``check`` is true.

        :param problems: the family's ``ei diff`` of the request against the serialised answer.
        :raises AnswerCheckError: (an ``EngineError``) the answer fails its own check.
        """
        data = etree.tostring(answer, xml_declaration=True, encoding="UTF-8", pretty_print=True)
        if check:
            check_answer(
                data,
                as_of=self.peildatum,
                codelists=codelists,
                environment=environment,
                problems=lambda: problems(data),
                echo_classes=rejected_top_classes(answer, self.model),
            )
        return data


class Decided(Protocol):
    """A family's receiver decisions.

    :class:`~eistandaard.conventions.vektis.bm.decisions.CakDecisions` and
    :class:`~eistandaard.conventions.vektis.gds.decisions.InsurerDecisions` are.
    """

    @property
    def decides(self) -> bool:
        """True when it holds a decision only the receiver can make (refused for VECOZO)."""
        ...  # pragma: no cover  # a protocol member has no body


@attrs.frozen
class Answerable(Generic[_D]):
    """A Vektis request message as its answer is built, with its family's decisions reader.

    :param family: the catalog's family (``bm``, ``gds``): its class model and registry apply.
    :param message: the request's name; another message is refused.
    :param decisions: the family's decisions class; ``load`` reads a decisions file,
        ``from_data`` a file's parsed content
        (:func:`~eistandaard.conventions.arguments.decisions_object`).
    :param optional_release: whether the builder's ``release`` may be ``None`` (the request's).
    """

    family: str
    message: str
    decisions: type[_D]
    load: Callable[[Path], _D]
    from_data: Callable[[Any, str], _D]
    optional_release: bool = True

    def _request_spec(self, root: etree._Element) -> MessageSpec:
        """The catalog's spec of the request, which must be a :attr:`message`.

        :raises InputError: another message, or none the catalog knows.
        """
        spec = default_catalog().identify(root)
        if spec is None or spec.name != self.message:
            found = spec.name if spec is not None else local_name(root)
            raise InputError(said_error("return-not-request", message=self.message, found=found))
        return spec

    def open(
        self,
        request: bytes | Path | etree._Element,
        findings: Sequence[Finding],
        responder: Responder | str,
        verzenddatum: object,
        decisions: object,
        as_of: object,
        release: str | None,
        namespace: str,
    ) -> AnswerFrame[_D]:
        """Refuse what no answer can take, read the request and its decisions, settle the day.

        :param verzenddatum: the answer's Verzenddatum (a date or ``YYYY-MM-DD``).
        :param decisions: ``None``, a :attr:`decisions` object, a path to a decisions file or a
            mapping holding what such a file holds.
        :param as_of: the peildatum the request was checked on (``None``: the Verzenddatum).
        :param release: the release to answer in, which must be the request's (``None``: it).
        :raises InputError: an unknown ``responder``, findings that are not findings, an
            argument of the wrong kind, no request of :attr:`message` (another message, or another
            release than ``release``), a Verzenddatum after the peildatum
            (:func:`~eistandaard.conventions.arguments.answer_day`,
            :func:`~eistandaard.core.clock.not_after_peildatum`), a Verzenddatum before the
            request's own while no finding rejects the request (field case fc02: an answer is
            never dated before its request; only a post-dated request, rejected for it, is
            answered on an earlier day), or VECOZO with nothing to reject (it forwards it).
        :raises DecisionError: unreadable or malformed decisions, or decisions for VECOZO, which
            makes none.
        """
        refuse_unknown_responder(responder)
        refuse_wrong_findings(findings)
        expect("release", release, str, "text", optional=self.optional_release)
        expect("namespace", namespace, str, "text", optional=False)
        root = request_root(request, self.message)
        spec = self._request_spec(root)
        day, given = answer_day(root, verzenddatum, name="verzenddatum", as_of=as_of)
        chosen = decisions_object(
            decisions, self.decisions, self.message, load=self.load, from_data=self.from_data
        )
        if release and release != spec.release.release:
            raise InputError(
                said_error("return-release-of-other", **spec.named("request"), release=release)
            )
        release = spec.release.release
        peildatum = given or day
        not_after_peildatum(day, peildatum, "Verzenddatum")
        rejects = any(finding.severity is Severity.ERROR for finding in findings)
        registry = load_registry(self.family, release)
        who = Responder(responder)
        if who is Responder.VECOZO and chosen is not None and chosen.decides:
            raise DecisionError(said_error("decisions-for-vecozo"))
        if who is Responder.VECOZO and not rejects:
            raise InputError(
                said_error("return-vecozo-forwards", message=spec.name, answer=spec.answer)
            )
        if given is None and not rejects:  # fc02: only a rejected (post-dated) request is later
            answer_date(spec.identity(root).dagtekening, day, refuse_earlier=True)
        return AnswerFrame(
            request=root,
            responder=who,
            verzenddatum=day,
            peildatum=peildatum,
            release=release,
            model=ClassModel.for_release(self.family, release),
            retourcodes={rule.id: rule.retourcode for rule in registry.values() if rule.retourcode},
            decisions=chosen,
        )
