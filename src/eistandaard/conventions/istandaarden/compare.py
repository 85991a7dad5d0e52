"""Explain a declaratie-antwoord against its declaration, and check that the two fit together.

:func:`diff` reads which class of the answer answers which class of the request from the one
pairing (:func:`eistandaard.answers.pairing.pair`: by the class model's identifying data, Bsn and
ReferentieNummer), says per client and prestatie whether it was accepted, rejected or not
assessed (with the retourcodes), and checks the answer in the spirit of IV028: it answers this
request, ``0001`` only in the Header and then nothing else, every returned class exists in the
request with unchanged data, every code is in the retourcode list, and the totals add up.

:class:`DiffResult` (with :class:`ClientDiff`, :class:`PrestatieDiff`) is the IV028/IV087
policy's view of that pairing, kept for callers of ``eistandaard.diff``; the explain engine reads
it through :mod:`eistandaard.conventions.istandaarden.explain`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs
from lxml import etree

from eistandaard.answers.explanation import State
from eistandaard.answers.pairing import Ambiguous, Instance, Pairing, pair
from eistandaard.conventions.istandaarden.declaration import (
    ClientItem,
    Declaration,
    PrestatieItem,
    XmlSource,
    child,
    children,
    find,
    parse_xml,
    read_declaration,
    signed_amount,
    text_at,
)
from eistandaard.conventions.istandaarden.model import AnswerModel, model_for
from eistandaard.core import clock
from eistandaard.core.arguments import expect
from eistandaard.core.errors import EIError
from eistandaard.core.findings import Severity
from eistandaard.core.money import Money
from eistandaard.core.paths import local_name, value_of
from eistandaard.core.text import quoted
from eistandaard.standards.catalog import Catalog, MessageSpec, default_catalog
from eistandaard.standards.classmodel import class_model
from eistandaard.standards.codelists import CodeLists
from eistandaard.standards.wording import Worded, prefixed, worded

__all__ = ["ClientDiff", "DiffResult", "PrestatieDiff", "Problem", "Status", "diff"]


Status = State
"""What the answer says about one client or prestatie: the explain engine's :class:`State`
(``accepted``, ``rejected`` or ``not-assessed`` here; the comparison decides no other)."""


@attrs.frozen
class Problem:
    """One inconsistency between the answer and its request.

    :param check: a stable slug (``other-declaration``, ``data-changed`` ...).
    :param reason: a sentence saying what is wrong (its ``str`` value English; a
        :class:`~eistandaard.standards.wording.Worded` also has it in Dutch:
        ``rbc/common/problems.toml``).
    :param where: the location path in the answer, when there is one.
    """

    check: str
    reason: str
    where: str | None = None

    def __str__(self) -> str:
        return str.__str__(self.worded())

    def worded(self) -> Worded:
        """The whole problem (``check: reason (where)``) in both languages."""
        return prefixed(f"{self.check}: ", self.reason, f" ({self.where})" if self.where else "")

    def said(self) -> Worded:
        """The problem as people read it (``reason (where)``), without the internal check slug."""
        return prefixed("", self.reason, f" ({self.where})" if self.where else "")


@attrs.frozen
class PrestatieDiff:
    """One prestatie of the request with its outcome (amounts in signed eurocents)."""

    referentie: str | None
    status: Status
    codes: tuple[str, ...]
    submitted: int | None
    granted: int | None

    @property
    def rejected(self) -> int:
        """The amount rejected (the whole amount when the prestatie is rejected)."""
        return (self.submitted or 0) if self.status is Status.REJECTED else 0

    @property
    def not_assessed(self) -> int:
        """The amount not assessed (its client, declaration or message was rejected)."""
        return (self.submitted or 0) if self.status is Status.NOT_ASSESSED else 0


@attrs.frozen
class ClientDiff:
    """One client of the request with its outcome and its prestaties."""

    bsn: str | None
    status: Status
    codes: tuple[str, ...]
    prestaties: tuple[PrestatieDiff, ...]

    def totals(self) -> tuple[int, int, int, int]:
        """(submitted, granted, rejected, not assessed) of this client's prestaties.

        The first is the sum of the other three.
        """
        return (
            sum(p.submitted or 0 for p in self.prestaties),
            sum(p.granted or 0 for p in self.prestaties),
            sum(p.rejected for p in self.prestaties),
            sum(p.not_assessed for p in self.prestaties),
        )


@attrs.frozen
class DiffResult:
    """The explanation of an answer and its consistency with the request: a view of the pairing.

    Built by :func:`diff` from the one pairing (:mod:`eistandaard.answers.pairing`) and the
    IV028/IV087 policy (0001 short circuit, 0200/0233/8001, totals).

    Amounts are signed eurocents (debit positive, credit negative); ``None`` when absent.
    ``meanings`` maps each code met to its (Dutch, English) meaning.
    """

    request_message: str
    answer_message: str
    request_identificatie: str | None
    answer_identificatie: str | None
    declaratie_nummer: str | None
    header_codes: tuple[str, ...]
    declaratie_codes: tuple[str, ...]
    clients: tuple[ClientDiff, ...]
    submitted: int | None
    granted: int | None
    rejected: int
    problems: tuple[Problem, ...]
    meanings: dict[str, tuple[str | None, str | None]] = attrs.field(factory=dict)
    not_assessed: int = 0
    """Amount not assessed: all of it when the Header is rejected (0001 included), the
    prestaties of rejected clients otherwise. ``submitted = granted + rejected + not_assessed``."""
    technical_reasons: tuple[str, ...] = ()
    """For a 0001 answer: the rule ids the request fails at level 3, found by validating the
    request again on the answer's Dagtekening (empty when not asked for or none found)."""
    reasons_sought: bool = False
    """Whether the request was validated again for ``technical_reasons``."""
    outcome: str = "fully-accepted"
    """What the answer says as a whole, top down: ``technical-rejection`` (0001),
    ``header-rejected``, ``declaration-rejected``, ``partly-rejected``, ``fully-accepted``, or
    ``not-answered`` (the answer belongs to another declaration or is another message)."""

    @property
    def consistent(self) -> bool:
        """True when no check found a problem."""
        return not self.problems

    @property
    def answers_request(self) -> bool:
        """False when the answer belongs to another declaration (only the mismatch counts)."""
        return self.outcome != "not-answered"

    def meaning(self, code: str, lang: str = "nl") -> str | None:
        """Return the meaning of a retourcode (``None`` when the list does not know it)."""
        nl, en = self.meanings.get(code, (None, None))
        return (en or nl) if lang == "en" else nl

    def counts(self) -> dict[str, int]:
        """Return the number of clients and prestaties per status."""
        found: dict[str, int] = {}
        for client in self.clients:
            found[f"clients_{client.status.value}"] = (
                found.get(f"clients_{client.status.value}", 0) + 1
            )
            for prestatie in client.prestaties:
                key = f"prestaties_{prestatie.status.value}"
                found[key] = found.get(key, 0) + 1
        return found


def _codes(element: etree._Element | None, model: AnswerModel) -> tuple[str, ...]:
    holder = child(element, "RetourCodes") if element is not None else None
    if holder is None:
        return ()
    return tuple(value_of(c) for c in children(holder, model.retourcode_element))


def _canonical(element: etree._Element, skip: str = "RetourCodes") -> tuple[object, ...]:
    """Local names and trimmed texts of a subtree, for comparing data across namespaces."""
    kids = [c for c in element if isinstance(c.tag, str) and local_name(c) != skip]
    if not kids:
        return (local_name(element), value_of(element))
    return (local_name(element), tuple(_canonical(k, skip) for k in kids))


def _content(element: etree._Element) -> object:
    """Compare the content of two elements whatever their own names."""
    return _canonical(element, skip="")[1]


class _Checker:
    def __init__(
        self, request: Declaration, answer: Declaration, model: AnswerModel, paired: Pairing
    ) -> None:
        self.req = request
        self.ans = answer
        self.model = model
        self.paired = paired
        self.problems: list[Problem] = []
        self.instances = {i.element: i for i in (*paired.requested, *paired.returned)}
        """The class instance of each client and prestatie element, request and answer."""

    def problem(self, check: str, key: str, where: str | None = None, **values: Any) -> None:
        """Add problem ``check``, worded by ``key`` of ``rbc/common/problems.toml``."""
        self.problems.append(Problem(check, worded(key, **values), where))

    def header(self) -> tuple[str, ...]:
        m = self.model
        ans_h = self.ans.header
        if ans_h is None:
            self.problem("no-header", "ist-no-header")
            return ()
        layout = dict(m.layout["Header"][1])
        for name, how in layout.items():
            if not how.startswith("request:"):
                continue
            mine = find(ans_h, name)
            theirs = find(self.req.root, how.partition(":")[2])
            if mine is None:
                self.problem("header", "ist-header-lacks", name=name)
            elif theirs is None or _content(mine) != _content(theirs):
                check = "other-declaration" if name == "DeclaratieIdentificatie" else "header"
                self.problem(
                    check,
                    "ist-header-mismatch",
                    f"/{local_name(self.ans.root)}/{'/'.join(m.class_def('Header').path)}/{name}",
                    name=name,
                    source=how.partition(":")[2],
                )
        return _codes(ans_h, m)


def diff(
    request: XmlSource,
    answer: XmlSource,
    *,
    catalog: Catalog | None = None,
    codelists: CodeLists | None = None,
    reasons: bool = True,
    as_of: dt.date | str | None = None,
    check_schemas: bool = True,
) -> DiffResult:
    """Compare a declaratie-antwoord with its declaration.

    :param request: the declaration (WMO323 / JW323): bytes, a path or a parsed tree.
    :param answer: the answer (WMO325 / JW325).
    :param reasons: for a technical rejection (0001), validate the request again (level 3, on
        the answer's Dagtekening) to name the rules it fails (``technical_reasons``).
    :param as_of: the peildatum of that validation instead of the answer's Dagtekening: a date
        or ``YYYY-MM-DD`` text.
    :param check_schemas: check both against their XSD, as :func:`eistandaard.explain` does: a
        request that fails it was refused by VECOZO, so nothing answers it (``not-answered``);
        an answer that fails it is a problem (``answer-xsd``).
    :raises InputError: when either is unreadable or no message of the catalog; ``catalog``,
        ``codelists``, ``reasons``, ``as_of`` or ``check_schemas`` of the wrong kind
        (:mod:`eistandaard.core.arguments`).

    The result's ``consistent`` is true only when every check passed; ``problems`` says why not.
    """
    expect("catalog", catalog, Catalog, "catalog")
    expect("codelists", codelists, CodeLists, "codelists")
    expect("reasons", reasons, bool, "bool")
    expect("check_schemas", check_schemas, bool, "bool")
    as_of = clock.peildatum(as_of, "as_of")
    cat = catalog or default_catalog()
    req_tree, ans_tree = parse_xml(request), parse_xml(answer)
    from eistandaard.answers.explain import (  # THE checks of what each one is
        answer_refused_at_reception,
        identify_pair,
        refused_at_reception,
    )

    req_spec, ans_spec = identify_pair(req_tree, ans_tree, cat)
    model = model_for(req_spec, cat)
    req = read_declaration(req_tree, model, answer=False)
    ans = read_declaration(ans_tree, model, answer=True)
    checker = _Checker(req, ans, model, _pairing(req_spec, req_tree, ans_tree, model))
    other = ans_spec.name != model.answer.name or ans_spec.family != req_spec.family
    if other:
        checker.problem(
            "wrong-message",
            "ist-wrong-message",
            request=req_spec.name,
            expected=model.answer.name,
            got=ans_spec.name,
        )
    elif check_schemas:  # the same order as explain: a refused request first, then the answer
        refused = refused_at_reception(req_spec, req_tree, ans_spec)
        other = bool(refused)
        checker.problems.extend(Problem("request-xsd", text, None) for text in refused)
        if not refused:
            answer_xsd = answer_refused_at_reception(ans_spec, ans_tree)
            checker.problems.extend(Problem("answer-xsd", text, None) for text in answer_xsd)
    if other:
        # Another message: read as a 325 its every element would be a problem; only the
        # mismatch says anything (not answered, no statuses or totals).
        return DiffResult(
            request_message=req_spec.name,
            answer_message=ans_spec.name,
            request_identificatie=req_spec.identity(req_tree.getroot()).identificatie,
            answer_identificatie=ans_spec.own_identification(ans_tree.getroot())[0],
            declaratie_nummer=req.nummer,
            header_codes=(),
            declaratie_codes=(),
            clients=(),
            submitted=req.total,
            granted=None,
            rejected=0,
            problems=tuple(checker.problems),
            outcome="not-answered",
        )
    header_codes = checker.header()
    result = _Assessor(checker, codelists, req_spec.name, ans_spec.name).run(header_codes)
    if reasons and result.outcome == "technical-rejection":
        day = (
            as_of.isoformat()
            if as_of is not None
            else text_at(ans.header, "BerichtIdentificatie/" + model.identification_elements[1])
        )
        found = _technical_reasons(req_tree, day, cat)
        result = attrs.evolve(
            result, technical_reasons=found or (), reasons_sought=found is not None
        )
    return result


def _pairing(
    spec: MessageSpec, request: etree._ElementTree, answer: etree._ElementTree, model: AnswerModel
) -> Pairing:
    """The 323's clients and prestaties paired with the 325's (the one pairing).

    IV028: by Bsn, then by ReferentieNummer below the client (the class model's keys); the
    answer's body is where the layout puts it (``DeclaratieAntwoord``).
    """
    classes = class_model(spec.family, spec.release.release).message(spec.name)
    body = model.class_def("Declaratie")
    return pair(
        request.getroot(),
        answer.getroot(),
        classes,
        answer_paths={classes.get(body.name).label: (model.layout[body.name][0],)},
        labels=(model.class_def("Prestatie").name,),
    )


def _technical_reasons(
    tree: etree._ElementTree, day: str | None, catalog: Catalog
) -> tuple[str, ...] | None:
    """The level-3 rule ids a request fails on ``day``; ``None`` when it cannot be checked.

    Empty: it was checked and fails no rule (a 0001 answer then has no ground here).
    """
    from eistandaard.pipeline import validate  # the pipeline imports the answer packages

    try:
        as_of = dt.date.fromisoformat(day) if day else None
    except ValueError:
        as_of = None
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    try:
        report = validate(data, as_of=as_of, levels=(3,), entry_points=False, catalog=catalog)
    except EIError:
        return None
    return tuple(
        dict.fromkeys(
            f.code for f in report.findings if f.severity is Severity.ERROR and f.level == 3
        )
    )


class _Assessor:
    """Walks the answer's DeclaratieAntwoord, clients and prestaties."""

    def __init__(
        self,
        checker: _Checker,
        codelists: CodeLists | None,
        request_name: str,
        answer_name: str,
    ) -> None:
        self.c = checker
        self.m = checker.model
        self.req = checker.req
        self.ans = checker.ans
        self.lists = codelists
        self.request_name = request_name
        self.answer_name = answer_name
        self.all_codes: list[tuple[str, str]] = []
        self.clients_at = {id(r.element): r for r in self.req.clients}

    def run(self, header_codes: tuple[str, ...]) -> DiffResult:
        m, c = self.m, self.c
        ans_root = f"/{local_name(self.ans.root)}"
        header_where = f"{ans_root}/{'/'.join(m.class_def('Header').path)}/RetourCodes"
        self._note(header_codes, header_where)
        if not header_codes:
            c.problem("no-code", "ist-header-no-code", header_where)
        technical = m.technical_rejection in header_codes
        body = self.ans.body
        body_where = f"{ans_root}/{m.layout['Declaratie'][0]}"
        declaratie_codes = _codes(body, m)
        if technical and (len(header_codes) > 1 or body is not None):
            c.problem(
                "0001-not-alone",
                "ist-technical-not-alone",
                header_where,
                code=m.technical_rejection,
            )
        header_rejected = bool(header_codes) and header_codes != (m.no_remark,)
        if header_rejected and not technical and body is not None:
            c.problem(
                "header-rejected-with-body",
                "ist-header-rejected-with-body",
                body_where,
            )
        if not header_rejected and body is None:
            c.problem(
                "no-declaratie-antwoord",
                "ist-no-body",
                code=m.no_remark,
                element=m.layout["Declaratie"][0],
            )
        for code in header_codes:
            if code in (m.not_assessed, m.fully_accepted):
                c.problem("misplaced-code", "ist-code-not-on-header", code=code)

        clients, returned = self._clients(body, declaratie_codes, header_rejected)
        submitted = self.req.total
        granted = self.ans_granted(body)
        if body is not None:
            self._note(declaratie_codes, body_where + "/RetourCodes")
            self._body(body, body_where, declaratie_codes, submitted, granted, returned)
        self._check_codes()
        declaration_rejected = (
            body is not None
            and bool(declaratie_codes)
            and not set(declaratie_codes) <= {m.no_remark, m.fully_accepted}
        )
        if any(p.check in ("other-declaration", "wrong-message") for p in c.problems):
            outcome = "not-answered"
        elif technical:
            outcome = "technical-rejection"
        elif header_rejected:
            outcome = "header-rejected"
        elif declaration_rejected:
            outcome = "declaration-rejected"
        elif any(client.status is not Status.ACCEPTED for client in clients):
            outcome = "partly-rejected"
        else:
            outcome = "fully-accepted"
        total = submitted or 0
        if outcome in ("technical-rejection", "header-rejected"):
            rejected, not_assessed, got = 0, total, 0
        elif outcome == "declaration-rejected":
            rejected, not_assessed, got = total, 0, 0
        else:
            rejected = sum(p.rejected for cl in clients for p in cl.prestaties)
            not_assessed = sum(p.not_assessed for cl in clients for p in cl.prestaties)
            got = granted if granted is not None else 0
        meanings = {
            code: (self.m.meaning(code, "nl", self.lists), self.m.meaning(code, "en", self.lists))
            for code, _ in self.all_codes
        }
        return DiffResult(
            request_message=self.request_name,
            answer_message=self.answer_name,
            request_identificatie=text_at(
                self.req.header, "BerichtIdentificatie/" + m.identification_elements[0]
            ),
            answer_identificatie=text_at(
                self.ans.header, "BerichtIdentificatie/" + m.identification_elements[0]
            ),
            declaratie_nummer=self.req.nummer,
            header_codes=header_codes,
            declaratie_codes=declaratie_codes,
            clients=clients,
            submitted=submitted,
            granted=got,
            rejected=rejected,
            problems=tuple(c.problems),
            meanings=meanings,
            not_assessed=not_assessed,
            outcome=outcome,
        )

    def _note(self, codes: Iterable[str], where: str) -> None:
        for code in codes:
            self.all_codes.append((code, where))
            if code == self.m.technical_rejection and "Header" not in where.split("/"):
                self.c.problem(
                    "0001-misplaced",
                    "ist-code-header-only",
                    where,
                    code=code,
                )

    def _check_codes(self) -> None:
        known = self.m.retourcodes(self.lists)
        for code, where in self.all_codes:
            if code not in known:
                self.c.problem(
                    "unknown-code",
                    "ist-unknown-code",
                    where,
                    code=code,
                    list=known.name,
                )

    def ans_granted(self, body: etree._Element | None) -> int | None:
        if body is None:
            return None
        d = self.m.class_def("Declaratie")
        element = child(body, "TotaalToegekendBedrag")
        return signed_amount(element, d.field("total_value"), d.field("sign"), self.m)

    def _body(
        self,
        body: etree._Element,
        where: str,
        codes: tuple[str, ...],
        submitted: int | None,
        granted: int | None,
        rejected: int,
    ) -> None:
        m, c = self.m, self.c
        nummer = text_at(body, m.class_def("Declaratie").field("number"))
        if nummer != self.req.nummer:
            c.problem(
                "other-declaration",
                "ist-other-nummer",
                where,
                got=quoted(nummer),
                wanted=quoted(self.req.nummer),
            )
        if self.ans.total != submitted:  # the copied total of another declaration
            c.problem(
                "other-declaration",
                "ist-total-differs",
                where,
            )
        if not codes:
            c.problem("no-code", "ist-body-no-code", where)
        if granted is None:
            c.problem("totals", "ist-granted-missing", where)
            return
        own_error = bool(codes) and not set(codes) <= {m.no_remark, m.fully_accepted}
        if m.fully_accepted in codes and (len(codes) > 1 or self.ans.clients):
            c.problem(
                "misplaced-code",
                "ist-fully-accepted-alone",
                where,
                code=m.fully_accepted,
            )
        if codes == (m.no_remark,) and not self.ans.clients:
            c.problem(
                "misplaced-code",
                "ist-no-remark-without-rejection",
                where,
                code=m.no_remark,
            )
        if own_error:
            if self.ans.clients:
                c.problem(
                    "declaratie-rejected-with-clients",
                    "ist-rejected-with-clients",
                    where,
                )
            if granted != 0:
                c.problem(
                    "totals",
                    "ist-rejected-granted-not-zero",
                    where,
                )
            return
        if self.ans.total is not None and self.ans.total - rejected != granted:
            c.problem(
                "totals",
                "ist-totals",
                where,
                total=_fmt(self.ans.total),
                rejected=_fmt(rejected),
                rest=_fmt(self.ans.total - rejected),
                granted=_fmt(granted),
            )

    def _clients(
        self,
        body: etree._Element | None,
        declaratie_codes: tuple[str, ...],
        header_rejected: bool,
    ) -> tuple[tuple[ClientDiff, ...], int]:
        m, c = self.m, self.c
        whole = (
            body is None
            or header_rejected
            or (
                bool(declaratie_codes)
                and not set(declaratie_codes) <= {m.no_remark, m.fully_accepted}
            )
        )
        # The answer's clients paired with the request's by Bsn, in order of appearance.
        clients = m.class_def("Client").name
        paired = c.paired
        for found in paired.ambiguous:
            if found.label == clients:
                _ambiguous(c, found, "client")
        answered_clients = {id(a.element): a for a in self.ans.clients}
        matches: dict[int, ClientItem] = {}  # request client index -> answer client
        for a_client in self.ans.clients:
            mine = paired.request_of(c.instances[a_client.element])
            if mine is None:
                c.problem(
                    "not-in-request",
                    "ist-client-not-in-request",
                    a_client.xpath,
                    bsn=a_client.bsn,
                )
                continue
            theirs = paired.answer_of(mine)
            assert theirs is not None  # paired both ways
            matches[self._request_client(mine).index] = answered_clients[id(theirs.element)]
        rejected_total = 0
        result: list[ClientDiff] = []
        for r_client in self.req.clients:
            answered = matches.get(r_client.index)
            if whole:
                result.append(self._whole(r_client))
                continue
            if answered is None:
                result.append(
                    ClientDiff(
                        bsn=r_client.bsn,
                        status=Status.ACCEPTED,
                        codes=(),
                        prestaties=tuple(
                            PrestatieDiff(p.referentie, Status.ACCEPTED, (), p.amount, p.amount)
                            for p in r_client.prestaties
                        ),
                    )
                )
                continue
            diff_client, amount = self._client(r_client, answered)
            rejected_total += amount
            result.append(diff_client)
        if whole:
            for a_client in self.ans.clients:
                for a_p in a_client.prestaties:
                    rejected_total += a_p.amount or 0
        return tuple(result), rejected_total

    def _request_client(self, instance: Instance) -> ClientItem:
        """The request's client item of a Client instance."""
        return self.clients_at[id(instance.element)]

    def _whole(self, r_client: ClientItem) -> ClientDiff:
        return ClientDiff(
            bsn=r_client.bsn,
            status=Status.NOT_ASSESSED,
            codes=(),
            prestaties=tuple(
                PrestatieDiff(p.referentie, Status.NOT_ASSESSED, (), p.amount, 0)
                for p in r_client.prestaties
            ),
        )

    def _client(self, r_client: ClientItem, a_client: ClientItem) -> tuple[ClientDiff, int]:
        """A client the answer returns: its diff and the amount its returned prestaties reject.

        Its own code other than ``no_remark`` rejects it whole (its prestaties not assessed);
        without one, the prestaties it returns are the rejected ones.
        """
        m, c = self.m, self.c
        codes = self._client_codes(a_client)
        own_error = bool(codes) and codes != (m.no_remark,)
        for ambiguous in c.paired.ambiguous_below(c.instances[r_client.element]):
            _ambiguous(c, ambiguous, "prestatie", bsn=a_client.bsn)
        answered, matched, rejected = self._returned_prestaties(r_client, a_client, own_error)
        if own_error and matched != len(r_client.prestaties):
            c.problem(
                "client-rejected",
                "ist-client-rejected-all",
                a_client.xpath,
                count=len(r_client.prestaties),
            )
        if not own_error and not answered:
            c.problem(
                "misplaced-code",
                "ist-client-no-rejection",
                a_client.xpath,
                code=m.no_remark,
            )
        prestaties = _prestatie_diffs(r_client, answered, own_error)
        status = Status.REJECTED if own_error or answered else Status.ACCEPTED
        return ClientDiff(r_client.bsn, status, codes, prestaties), rejected

    def _client_codes(self, a_client: ClientItem) -> tuple[str, ...]:
        """The retourcodes of a returned client, noted and checked: one at least, none misplaced."""
        m, c = self.m, self.c
        codes = _codes(a_client.element, m)
        self._note(codes, a_client.xpath + "/RetourCodes")
        if not codes:
            c.problem("no-code", "ist-client-no-code", a_client.xpath)
        for code in codes:
            if code in (m.not_assessed, m.fully_accepted):
                c.problem(
                    "misplaced-code",
                    "ist-code-not-on-client",
                    a_client.xpath,
                    code=code,
                )
        return codes

    def _returned_prestaties(
        self, r_client: ClientItem, a_client: ClientItem, own_error: bool
    ) -> tuple[dict[int, tuple[str, ...]], int, int]:
        """The prestaties a returned client returns, paired with the request client's.

        Returns the codes per request prestatie index, how many returned prestaties were
        paired, and the amount they reject; one that the request lacks, or whose data changed,
        is a problem.
        """
        c, paired = self.c, self.c.paired
        request_prestaties = {id(p.element): p for p in r_client.prestaties}
        answered: dict[int, tuple[str, ...]] = {}
        matched = rejected = 0
        for a_p in a_client.prestaties:
            mine = paired.request_of(c.instances[a_p.element])
            found = request_prestaties.get(id(mine.element)) if mine is not None else None
            if mine is None or found is None:
                c.problem(
                    "not-in-request",
                    "ist-prestatie-not-in-request",
                    a_p.xpath,
                    referentie=a_p.referentie,
                    bsn=a_client.bsn,
                )
                continue
            matched += 1
            if paired.differs(mine) is not None:
                c.problem(
                    "data-changed",
                    "ist-prestatie-changed",
                    a_p.xpath,
                    referentie=a_p.referentie,
                )
            answered[found.index] = self._prestatie_codes(a_p, own_error)
            rejected += a_p.amount or 0
        return answered, matched, rejected

    def _prestatie_codes(self, a_p: PrestatieItem, own_error: bool) -> tuple[str, ...]:
        """The retourcodes of a returned prestatie, noted and checked against its client's.

        Below a rejected client each must be ``not_assessed`` alone; below an accepted one
        they are the prestatie's own rejection, so none of the codes that say otherwise.
        """
        m, c = self.m, self.c
        p_codes = _codes(a_p.element, m)
        self._note(p_codes, a_p.xpath + "/RetourCodes")
        if not p_codes:
            c.problem("no-code", "ist-prestatie-no-code", a_p.xpath)
        if own_error and p_codes != (m.not_assessed,):
            c.problem(
                "client-rejected",
                "ist-client-rejected-codes",
                a_p.xpath,
                code=m.not_assessed,
            )
        if not own_error:
            for code in p_codes:
                if code in (m.no_remark, m.not_assessed, m.fully_accepted):
                    c.problem(
                        "misplaced-code",
                        "ist-code-not-on-rejected-prestatie",
                        a_p.xpath,
                        code=code,
                    )
        return p_codes


def _prestatie_diffs(
    r_client: ClientItem, answered: dict[int, tuple[str, ...]], own_error: bool
) -> tuple[PrestatieDiff, ...]:
    """The request client's prestaties, each with its outcome.

    Those the answer returns are rejected (not assessed when the client itself is rejected);
    the others are accepted in full.
    """
    status = Status.NOT_ASSESSED if own_error else Status.REJECTED
    return tuple(
        PrestatieDiff(p.referentie, status, answered[p.index], p.amount, 0)
        if p.index in answered
        else PrestatieDiff(p.referentie, Status.ACCEPTED, (), p.amount, p.amount)
        for p in r_client.prestaties
    )


def _ambiguous(checker: _Checker, found: Ambiguous, what: str, **values: Any) -> None:
    """Add a problem for a value that names several request classes, only some returned.

    Matching is in document order, so such an answer cannot say which class it means.
    """
    checker.problem(
        "ambiguous",
        f"ist-ambiguous-{what}",
        value=found.key or None,  # as the declaration reads it: an empty value is none
        wanted=found.requested,
        got=found.returned,
        **values,
    )


def _fmt(cents: int) -> Money:
    return Money.from_cents(cents)  # worded() shows it in each language
