"""THE pairing of a request with its answer, over the class model, for every family.

Which class instance of the answer answers which class instance of the request, read from the
class model (:mod:`eistandaard.standards.classmodel`: the classes, their parents and paths, the
elements that identify an instance, where the codes go) and nothing else: this module names no
element of any message. One result type, :class:`Pairing`, for the 325 (IV028/IV087), the IV032
retour messages, GDS802 and BM802; the conventions read it and keep only their policy (what a
code means, what a missing class says, the amounts).

How instances pair, top down and in document order:

* the top-level classes of the two messages pair first, then the classes below each pair;
  a class that only groups others (``container``: the GDS Prestatie) is not paired itself, its
  classes pair below its parent;
* an answer instance pairs with the first unpaired request instance of the same class and the
  same identifying values below the same parent pair (a class without identifying elements
  pairs by position);
* a request instance left over is **missing**, an answer instance left over is **added** (the
  instances below a missing or added one are missing or added too); a missing and an added
  instance of one class below one parent pair, in order, are a **changed** pair (an identifying
  value changed: "another instance at its place");
* identifying values that name several request instances below one parent pair, of which the
  answer returns another number, are **ambiguous** (a match in document order cannot say which
  one it means).

>>> from eistandaard.core.xml import parse
>>> from eistandaard.standards.classmodel import parse_class_model
>>> model = parse_class_model({"format": 2, "messages": {"R": {"codes": "Codes"}},
...     "class": [{"name": "Item", "key": ["Id"]}]}, "example").message("R")
>>> request = parse(b"<R><Item><Id>1</Id></Item><Item><Id>2</Id></Item></R>").getroot()
>>> answer = parse(b"<A><Item><Id>2</Id><Codes><C>X</C></Codes></Item>"
...     b"<Item><Id>3</Id></Item></A>").getroot()
>>> found = pair(request, answer, model)
>>> [(i.key, (found.answer_of(i) or i).key) for i in found.requested]
[('1', '1'), ('2', '2')]
>>> [i.key for i in found.missing], [i.key for i in found.added]
(['1'], ['3'])
>>> [(mine.key, theirs.key) for mine, theirs in found.changed.items()]
[('1', '3')]
>>> [code.text for code in found.codes_of(found.answer_of(found.requested[1]))]
['X']
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Collection, Iterator, Mapping

import attrs
from lxml import etree

from eistandaard.core import xml
from eistandaard.standards.classmodel import ClassSpec, MessageModel

__all__ = [
    "Ambiguous",
    "Instance",
    "Pairing",
    "class_instances",
    "differences",
    "first_difference",
    "owner",
    "pair",
    "same_data",
]


@attrs.frozen(eq=False)
class Instance:
    """One class instance of a message: its class, element, identifying values, parent.

    :param key: the identifying values joined by ``/`` (``None``: the class has no identifying
        elements, an instance is known by its position).
    :param position: 1-based among the instances of its class below its parent.
    :param values: the identifying values one by one, stripped (``""`` for an absent one), in
        the order the class model names the elements.
    """

    spec: ClassSpec
    element: etree._Element
    key: str | None
    position: int
    parent: Instance | None
    values: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The class label (``ToegewezenProduct``)."""
        return self.spec.label

    @property
    def name(self) -> str:
        """The instance as decisions and explanations name it: its key, else ``#position``."""
        return self.key if self.key is not None else f"#{self.position}"

    @property
    def qualified(self) -> str:
        """The names of the keyed ancestors and itself: ``999900006/1234567``."""
        parts = [self.name]
        node = self.parent
        while node is not None:
            if node.spec.parent or node.key is not None:
                parts.append(node.name)
            node = node.parent
        return "/".join(reversed(parts))


def _identity(spec: ClassSpec) -> tuple[tuple[str, ...], ...]:
    """The local-name paths of the elements that identify an instance of ``spec``."""
    return spec.key or tuple((name,) for name in spec.identifying)


def _any(name: str) -> str:
    """The lxml tag of a local name in any namespace (iterated in C, not by Python tests)."""
    return "{*}" + name


def _descend(element: etree._Element, path: tuple[str, ...]) -> list[etree._Element]:
    found = [element]
    for step in path:
        tag = _any(step)
        found = [kid for node in found for kid in node.iterchildren(tag)]
    return found


def _values(element: etree._Element, tags: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """The stripped string values at the identifying paths (``tags``: lxml tags per step)."""
    values = []
    for path in tags:
        target: etree._Element | None = element
        for tag in path:
            target = next(target.iterchildren(tag), None) if target is not None else None
        values.append("" if target is None else _string(target))
    return tuple(values)


def _string(element: etree._Element) -> str:
    """The stripped string value of an identifying element (a leaf: its text)."""
    if len(element):  # why: elements or comments inside: the string value, every text node
        return xml.value_of(element).strip()
    return (element.text or "").strip()


@attrs.frozen
class _Plan:
    """How the classes below one class are read: one pass when each is one child step."""

    specs: tuple[tuple[ClassSpec, str], ...]
    tags: tuple[str, ...] | None
    """The children's lxml tags when every class is one child step (one C-level pass)."""
    by_name: Mapping[str, tuple[ClassSpec, str]]


def _plans(
    model: MessageModel,
    paths: Mapping[str, tuple[str, ...]] | None,
    labels: Collection[str] | None,
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[tuple[str, ...], ...]], dict[str, _Plan]]:
    """Per class: its path, its identifying tags, and how the classes below it are read."""
    wanted: set[str] | None = None
    if labels is not None:
        wanted = set()
        for label in labels:
            spec: ClassSpec | None = model.get(label)
            while spec is not None and spec.label not in wanted:
                wanted.add(spec.label)
                spec = model.get(spec.parent) if spec.parent else None
    moved = paths or {}
    path_of = {spec.label: moved.get(spec.label, spec.path) for spec in model.classes}
    identity_of = {
        spec.label: tuple(tuple(_any(step) for step in path) for path in _identity(spec))
        for spec in model.classes
    }
    plans: dict[str, _Plan] = {}
    for parent_label in ("", *path_of):
        kids = tuple(
            (c, c.label)
            for c in model.children(parent_label)
            if wanted is None or c.label in wanted
        )
        by_name = {path_of[label][0]: (c, label) for c, label in kids if len(path_of[label]) == 1}
        fast = len(by_name) == len(kids)
        plans[parent_label] = _Plan(
            kids, tuple(_any(name) for name in by_name) if fast else None, by_name
        )
    return path_of, identity_of, plans


def class_instances(
    root: etree._Element,
    model: MessageModel,
    *,
    paths: Mapping[str, tuple[str, ...]] | None = None,
    labels: Collection[str] | None = None,
) -> list[Instance]:
    """Every class instance of a message, in document order (parents before children).

    A ``container`` class makes no instance: the instances of its classes have its parent's
    instance as their parent (their position counts below the container's element).

    :param paths: a class's path where the message names it otherwise than the class model
        (the answer of a layout that renames a class: label -> local names below the parent).
    :param labels: read only these classes (and the classes above them); ``None``: every class.
    """
    path_of, identity_of, plans = _plans(model, paths, labels)
    found: list[Instance] = []

    def add(
        spec: ClassSpec, label: str, element: etree._Element, position: int, parent: Instance | None
    ) -> None:
        plan = plans[label]
        if spec.container:  # only groups its classes: they are instances below ``parent``
            below(element, plan, parent)
            return
        identity = identity_of[label]
        if not identity:
            instance = Instance(spec, element, None, position, parent, ())
        elif len(identity) == 1 and len(identity[0]) == 1:  # one identifying child: inline
            target = next(element.iterchildren(identity[0][0]), None)
            value = "" if target is None else _string(target)
            instance = Instance(spec, element, value, position, parent, (value,))
        else:
            values = _values(element, identity)
            instance = Instance(spec, element, "/".join(values), position, parent, values)
        found.append(instance)
        if plan.specs:
            below(element, plan, instance)

    def below(base: etree._Element, plan: _Plan, parent: Instance | None) -> None:
        if plan.tags is not None:  # one C-level pass over the parent's children, in order
            if len(plan.specs) == 1:
                spec, label = plan.specs[0]
                for position, element in enumerate(base.iterchildren(*plan.tags), start=1):
                    add(spec, label, element, position, parent)
                return
            counts = dict.fromkeys(plan.by_name, 0)
            for element in base.iterchildren(*plan.tags):
                name = element.tag.rpartition("}")[2]  # elements only: the tags are given
                counts[name] += 1
                spec, label = plan.by_name[name]
                add(spec, label, element, counts[name], parent)
            return
        # The instances of every child class of one parent, in document order: ordered by the
        # parent's child element they lie in, then by their own order (linear per parent).
        slot = {element: n for n, element in enumerate(base)}
        here: list[tuple[int, int, ClassSpec, str, etree._Element, int]] = []
        for rank, (spec, label) in enumerate(plan.specs):
            path = path_of[label]
            for position, element in enumerate(_descend(base, path), start=1):
                top: etree._Element | None = element
                for _ in path[1:]:
                    top = top.getparent() if top is not None else None
                here.append(
                    (
                        slot.get(top, 0) if top is not None else 0,
                        rank,
                        spec,
                        label,
                        element,
                        position,
                    )
                )
        here.sort(key=lambda item: (item[0], item[1]))  # stable: document order kept within
        for _slot, _rank, spec, label, element, position in here:
            add(spec, label, element, position, parent)

    below(root, plans[""], None)
    return found


@attrs.frozen(eq=False)
class Ambiguous:
    """Identifying values naming several request instances, another number returned.

    Below one parent pair; matched in document order, the answer cannot say which it means.

    :param parent: the request instance the classes lie below (``None``: the message).
    :param answer_parent: its answer instance.
    """

    label: str
    key: str | None
    values: tuple[str, ...]
    requested: int
    returned: int
    parent: Instance | None
    answer_parent: Instance | None


@attrs.frozen(eq=False)
class Pairing:
    """The request's class instances with the answer's: THE result of :func:`pair`.

    Every mapping is keyed by the request's :class:`Instance` (identity, not value).
    """

    model: MessageModel
    requested: tuple[Instance, ...]
    """Every request instance, in document order (a ``container`` class makes none)."""
    returned: tuple[Instance, ...]
    """Every answer instance, in document order."""
    answers: Mapping[Instance, Instance]
    """Request instance -> the answer instance with its class and identifying values."""
    missing: tuple[Instance, ...]
    """Request instances no answer instance has the identity of, in document order."""
    added: tuple[Instance, ...]
    """Answer instances no request instance explains, in document order."""
    changed: Mapping[Instance, Instance]
    """A missing request instance -> the added answer instance at its place (same class, same
    parent pair): an identifying value changed."""
    ambiguous: tuple[Ambiguous, ...]
    """Identifying values that name several request instances, another number returned; in
    the order the answer first names them, parents before children."""
    _below: Mapping[Instance | None, tuple[Instance, ...]] = attrs.field(alias="below")
    _added_below: Mapping[Instance | None, tuple[Instance, ...]] = attrs.field(alias="added_below")
    _requests: dict[int, Instance] = attrs.field(factory=dict, init=False)

    def answer_of(self, instance: Instance) -> Instance | None:
        """The answer instance of a request instance (``None``: missing)."""
        return self.answers.get(instance)

    def request_of(self, answer: Instance) -> Instance | None:
        """The request instance an answer instance answers (``None``: added)."""
        if not self._requests:
            self._requests.update({id(theirs): mine for mine, theirs in self.answers.items()})
        return self._requests.get(id(answer))

    def differs(self, instance: Instance) -> etree._Element | None:
        """The first leaf of a paired request instance its answer instance does not repeat.

        The codes are left out; ``None``: the same data, or no answer instance. The check
        of "the answer repeats the class unchanged" (IV028: a returned prestatie carries the
        request's data; IV032: every class mirrored).
        """
        theirs = self.answers.get(instance)
        if theirs is None:
            return None
        return same_data(instance.element, theirs.element, self.model.codes)

    def codes_of(self, answer: Instance | None) -> etree._Element | None:
        """Where an answer instance carries its codes (``RetourCodes``, the first ``Feedback``)."""
        return xml.child(answer.element, self.model.codes) if answer is not None else None

    def code_holders(self, answer: Instance | None) -> list[etree._Element]:
        """Every element of an answer instance that carries codes (``Feedback`` repeats)."""
        return list(xml.children(answer.element, self.model.codes)) if answer is not None else []

    def below(self, parent: Instance | None, label: str | None = None) -> tuple[Instance, ...]:
        """The request instances paired below ``parent`` (``None``: the top), of ``label``."""
        found = self._below.get(parent, ())
        return found if label is None else tuple(i for i in found if i.label == label)

    def added_below(self, answer_parent: Instance | None) -> tuple[Instance, ...]:
        """The added answer instances directly below a paired answer instance, in order.

        ``None``: at the top of the answer.
        """
        return self._added_below.get(answer_parent, ())

    def ambiguous_below(self, parent: Instance | None) -> tuple[Ambiguous, ...]:
        """The ambiguous values below a request instance (``None``: at the top)."""
        return tuple(a for a in self.ambiguous if a.parent is parent)


def _group(instances: list[Instance]) -> dict[Instance | None, list[Instance]]:
    found: dict[Instance | None, list[Instance]] = {}
    for instance in instances:
        found.setdefault(instance.parent, []).append(instance)
    return found


def pair(
    request: etree._Element,
    answer: etree._Element,
    model: MessageModel,
    *,
    answer_paths: Mapping[str, tuple[str, ...]] | None = None,
    labels: Collection[str] | None = None,
) -> Pairing:
    """Pair the class instances of ``request`` with those of its ``answer`` (module docstring).

    :param answer_paths: a class's path in the answer where the answer's layout names it
        otherwise (the 325's ``DeclaratieAntwoord``): label -> local names below the parent.
    :param labels: pair only these classes (and those above them); ``None``: every class.
    :returns: one :class:`Pairing`; linear in the number of instances.
    """
    requested = class_instances(request, model, labels=labels)
    returned = class_instances(answer, model, paths=answer_paths, labels=labels)
    mine_below, theirs_below = _group(requested), _group(returned)
    answers: dict[Instance, Instance] = {}
    changed: dict[Instance, Instance] = {}
    ambiguous: list[Ambiguous] = []
    added_below: dict[Instance | None, list[Instance]] = {}
    paired_answers: set[int] = set()
    levels: deque[tuple[Instance | None, Instance | None]] = deque([(None, None)])
    while levels:
        mine_parent, theirs_parent = levels.popleft()
        mine = mine_below.get(mine_parent, [])
        theirs = theirs_below.get(theirs_parent, [])
        # Keyed by the class's identity (id of its ClassSpec: one object per class of the model).
        waiting: dict[tuple[int, str | None], deque[Instance]] = {}
        for instance in theirs:
            waiting.setdefault((id(instance.spec), instance.key), deque()).append(instance)
        counts: dict[tuple[int, str | None], int] = {}
        for instance in mine:
            place = (id(instance.spec), instance.key)
            counts[place] = counts.get(place, 0) + 1
        for place, queue in waiting.items():
            if 1 < counts.get(place, 0) != len(queue):
                ambiguous.append(
                    Ambiguous(
                        queue[0].label,
                        queue[0].key,
                        queue[0].values,
                        counts[place],
                        len(queue),
                        mine_parent,
                        theirs_parent,
                    )
                )
        left_mine: dict[int, list[Instance]] = {}
        for instance in mine:
            same = waiting.get((id(instance.spec), instance.key))
            if same:
                found = same.popleft()
                answers[instance] = found
                paired_answers.add(id(found))
                if instance in mine_below or found in theirs_below:  # classes below either
                    levels.append((instance, found))
            else:
                left_mine.setdefault(id(instance.spec), []).append(instance)
        left_theirs: dict[int, list[Instance]] = {}
        for instance in theirs:
            if id(instance) not in paired_answers:
                left_theirs.setdefault(id(instance.spec), []).append(instance)
                added_below.setdefault(theirs_parent, []).append(instance)
        for spec_id, rest in left_mine.items():
            for one, other in zip(rest, left_theirs.get(spec_id, ()), strict=False):
                changed[one] = other
    answers = {i: answers[i] for i in requested if i in answers}  # document order
    changed = {i: changed[i] for i in requested if i in changed}
    missing = tuple(i for i in requested if i not in answers)
    added = tuple(i for i in returned if id(i) not in paired_answers)
    return Pairing(
        model=model,
        requested=tuple(requested),
        returned=tuple(returned),
        answers=answers,
        missing=missing,
        added=added,
        changed=changed,
        ambiguous=tuple(ambiguous),
        below={k: tuple(v) for k, v in mine_below.items()},
        added_below={k: tuple(v) for k, v in added_below.items()},
    )


# -- the data of a pair ---------------------------------------------------------------------------


def _is_leaf(node: etree._Element) -> bool:
    """An element without element children (a comment or PI inside does not make it a class)."""
    return not len(node) or not any(isinstance(kid.tag, str) for kid in node)


def _value(leaf: etree._Element) -> str:
    """A leaf's string value: every text node (a comment inside does not cut it)."""
    return (leaf.text or "") if not len(leaf) else (xml.string_value(leaf) or "")


def _leaves(element: etree._Element, holder: str) -> Iterator[etree._Element]:
    """The leaf elements of a subtree in document order, the codes (``holder``) left out."""
    suffix = "}" + holder
    for node in element.iter():
        tag = node.tag
        if not isinstance(tag, str) or not _is_leaf(node) or tag.endswith(suffix) or tag == holder:
            continue
        parent = node.getparent()
        if parent is not None and (parent.tag.endswith(suffix) or parent.tag == holder):
            continue  # a code inside the holder
        yield node


def same_data(mine: etree._Element, theirs: etree._Element, holder: str) -> etree._Element | None:
    """The first leaf of ``mine`` whose name or value ``theirs`` does not repeat (``None``: same).

    One pass over both subtrees; the codes (``holder``, the class model's ``codes``) are skipped.
    """
    missing = etree.Element("missing")
    for asked, given in itertools.zip_longest(
        _leaves(mine, holder), _leaves(theirs, holder), fillvalue=missing
    ):
        if asked is missing:
            return mine
        if (
            given is missing
            or xml.local_name(asked) != xml.local_name(given)
            or _value(asked) != _value(given)
        ):
            return asked
    return None


def first_difference(
    request: etree._Element, answer: etree._Element, header: etree._Element, holder: str
) -> etree._Element | None:
    """The first element of the request the answer does not repeat (``None``: it mirrors it).

    The request's first child (its Header) and the answer's own ``header`` are left out.
    """
    return next(differences(request, answer, header, holder), None)


def differences(
    request: etree._Element, answer: etree._Element, header: etree._Element, holder: str
) -> Iterator[etree._Element]:
    """Every element of the request the answer does not repeat, in document order.

    The Header (the request's first child, the answer's ``header``) is left out, and so are the
    codes (``holder``). Within each top-level element the leaves are compared pairwise: another
    value is one difference and the walk goes on; another element name (or one side ending
    first) is one difference and the rest of that element is not compared, since every later
    leaf would be misaligned. A top-level element the answer lacks is one difference.

    >>> from eistandaard.core.xml import parse
    >>> req = parse(b"<M><H/><K><A>1</A><B>2</B></K><K><A>3</A></K></M>", kind="data").getroot()
    >>> ans = parse(b"<M><H/><K><A>1</A><B>9</B></K><K><A>4</A></K></M>", kind="data").getroot()
    >>> [e.text for e in differences(req, ans, ans[0], "C")]
    ['2', '3']
    """
    asked = [c for c in request if isinstance(c.tag, str)][1:]
    given = [c for c in answer if isinstance(c.tag, str) and c is not header]
    missing = etree.Element("missing")
    for mine, theirs in itertools.zip_longest(asked, given):
        if mine is None:
            yield request
            return
        if theirs is None:
            yield mine
            continue
        for leaf, other in itertools.zip_longest(
            _leaves(mine, holder), _leaves(theirs, holder), fillvalue=missing
        ):
            if leaf is missing:
                yield mine
                break
            if other is missing or xml.local_name(leaf) != xml.local_name(other):
                yield leaf
                break
            if _value(leaf) != _value(other):
                yield leaf


def owner(element: etree._Element, instances: Collection[Instance]) -> Instance | None:
    """The class instance around ``element`` among ``instances`` (``None``: none)."""
    by_element = {i.element: i for i in instances}
    node: etree._Element | None = element
    while node is not None:
        if node in by_element:
            return by_element[node]
        node = node.getparent()
    return None
