"""The answer model of a release: how a declaratie (323) is answered by its 325 (IV028/IV087).

Every fact of the standard that building or reading the answer needs lives in the one class
model (:mod:`eistandaard.standards.classmodel`, ``rbc/istandaarden/3.2/classes.toml`` with the
family's variables): the classes of the 323 with their paths and identifying elements
(``[[class]]``), and the layout ``iv028`` (the retourcodes with a fixed meaning, the named amount
elements of a class, the elements of the answer in schema order, namespaces and prefixes).
Which message answers which one comes from the catalog.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from eistandaard.core.errors import DataError, InputError
from eistandaard.core.text import quoted
from eistandaard.standards.catalog import Catalog, MessageSpec, default_catalog
from eistandaard.standards.classmodel import MessageModel, class_model
from eistandaard.standards.codelists import CodeList, CodeLists
from eistandaard.standards.inheritance import release_file
from eistandaard.standards.resources import load_toml
from eistandaard.standards.wording import said_error

__all__ = ["AnswerModel", "ClassDef", "answer_model", "model_for"]

_LAYOUT = "iv028"
"""The class-model layout of the declaratie-antwoord (325)."""


@attrs.frozen
class ClassDef:
    """One class of the request message (``Client``): where it is and what identifies it."""

    name: str
    path: tuple[str, ...]
    """Local names below the root (``Declaratie``, ``Clienten``, ``Client``)."""
    key: tuple[str, ...] = ()
    """Local-name path of the identifying element inside the class (``Bsn``); empty: singleton."""
    fields: Mapping[str, str] = attrs.field(factory=dict)
    """Other named elements of the class (``amount``, ``sign``, ``number`` ...)."""

    def field(self, name: str) -> str:
        """Return a named element of this class, or :class:`DataError` when the model lacks it."""
        try:
            return self.fields[name]
        except KeyError as exc:
            raise DataError(f"answer model: class {self.name} has no {quoted(name)}") from exc


@attrs.frozen
class AnswerModel:
    """How one release answers its declaration message."""

    request: MessageSpec
    answer: MessageSpec
    prefix: str
    basisschema_namespace: str
    basisschema_prefix: str
    xslt_versie: str
    xsd_versie: Mapping[str, str]
    identification_elements: tuple[str, str]
    codes: Mapping[str, str]
    amounts: Mapping[str, str]
    classes: Mapping[str, ClassDef]
    layout: Mapping[str, tuple[str, tuple[tuple[str, str], ...]]]
    """Request class -> (answer element, ((child element, source), ...)) in schema order."""
    retourcode_element: str
    retourcode_list: str
    meanings_en: Mapping[str, str]

    @property
    def technical_rejection(self) -> str:
        """The code of a technical rejection of the whole message (``0001``)."""
        return self.codes["technical_rejection"]

    @property
    def no_remark(self) -> str:
        """The code of a class without an error of its own (``0200``)."""
        return self.codes["no_remark"]

    @property
    def not_assessed(self) -> str:
        """The code of a class that was not assessed (``0233``)."""
        return self.codes["not_assessed"]

    @property
    def fully_accepted(self) -> str:
        """The code of a fully granted declaration (``8001``)."""
        return self.codes["fully_accepted"]

    @property
    def reserved_codes(self) -> frozenset[str]:
        """Codes with a fixed role in the answer, which no finding or decision may give."""
        return frozenset(self.codes.values())

    def class_def(self, name: str) -> ClassDef:
        """Return a class of the request by name."""
        try:
            return self.classes[name]
        except KeyError as exc:
            raise DataError(f"answer model: no class {quoted(name)}") from exc

    def retourcodes(self, lists: CodeLists | None = None) -> CodeList:
        """Return the retourcode list (WJ001) of this release."""
        return (lists or CodeLists()).require(
            self.retourcode_list, family=self.request.family, release=self.request.release.release
        )

    def meaning(self, code: str, lang: str = "nl", lists: CodeLists | None = None) -> str | None:
        """Return the meaning of a retourcode in Dutch or English; ``None`` if unknown."""
        if lang == "en" and code in self.meanings_en:
            return self.meanings_en[code]
        entry = self.retourcodes(lists).entry(code)
        return entry.omschrijving if entry is not None else None


def _split(path: str) -> tuple[str, ...]:
    return tuple(step for step in path.split("/") if step)


def _load(request: MessageSpec, answer: MessageSpec) -> AnswerModel:
    family, release = request.family, request.release.release
    where = f"rbc/{family}/{release}/classes.toml"
    model = class_model(family, release)
    message = model.message(request.name)
    data = model.layout(message.layout or "")
    try:
        fields = data.get("fields", {})
        classes: dict[str, ClassDef] = {}
        for spec in message.classes:
            classes[spec.label] = ClassDef(
                name=spec.label,
                path=_path(message, spec.label),
                key=spec.key[0] if spec.key else (),
                fields={str(k): str(v) for k, v in fields.get(spec.label, {}).items()},
            )
        layout: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {}
        for name, entry in data["answer"].items():
            if name == "RetourCodes":
                continue
            content = tuple((str(child), str(source)) for child, source in entry["content"])
            layout[name] = (str(entry["element"]), content)
        meanings: dict[str, str] = {}
        if data.get("meanings_en"):
            found = release_file(family, release, data["meanings_en"])
            if found is None:
                raise DataError(f"{where}: {data['meanings_en']} is missing")
            meanings = {str(k): str(v) for k, v in load_toml(found).items()}
        built = AnswerModel(
            request=request,
            answer=answer,
            prefix=str(data["prefix"]),
            basisschema_namespace=str(data["basisschema_namespace"]),
            basisschema_prefix=str(data["basisschema_prefix"]),
            xslt_versie=str(data["xslt_versie"]),
            xsd_versie={str(k): str(v) for k, v in data["xsd_versie"].items()},
            identification_elements=(
                str(data["identification_elements"][0]),
                str(data["identification_elements"][1]),
            ),
            codes={str(k): str(v) for k, v in data["codes"].items()},
            amounts={str(k): str(v) for k, v in data["amounts"].items()},
            classes=classes,
            layout=layout,
            retourcode_element=str(data["answer"]["RetourCodes"]["element"]),
            retourcode_list=str(data["retourcode_list"]),
            meanings_en=meanings,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"{where}: missing or malformed entry {exc}") from exc
    for needed in ("technical_rejection", "no_remark", "not_assessed", "fully_accepted"):
        if needed not in built.codes:
            raise DataError(f"{where}: [layouts.{message.layout}.codes] lacks {needed}")
    for needed in ("Header", "Declaratie", "Client", "Prestatie"):
        if needed not in built.classes or needed not in built.layout:
            raise DataError(f"{where}: class {needed} is not described")
    return built


def _path(message: MessageModel, label: str) -> tuple[str, ...]:
    """Local names from the root to the element of class ``label``."""
    spec = message.get(label)
    above = _path(message, spec.parent) if spec.parent else ()
    return above + spec.path


_models: dict[tuple[str, str, str, str], AnswerModel] = {}


def _cached(request: MessageSpec, answer: MessageSpec) -> AnswerModel:
    key = (request.family, request.release.release, request.name, answer.name)
    model = _models.get(key)
    if model is None:
        model = _models[key] = _load(request, answer)
    return model


def answer_model(request: MessageSpec, catalog: Catalog | None = None) -> AnswerModel:
    """Return the answer model of a declaratie (``WMO323``): its ``iv028`` class-model layout.

    :raises InputError: when the catalog names no answer for this message, or its answer is
        not a 325 (the IV032 retour messages are
        :mod:`eistandaard.conventions.istandaarden.retour`).
    :raises DataError: when the release has no (valid) class model.
    """
    if request.direction != "heen" or request.answer is None:
        raise InputError(said_error("return-not-answered-by-return", request_name=request.name))
    answer = (catalog or default_catalog()).get(
        request.answer, family=request.family, release=request.release.release
    )
    model = class_model(request.family, request.release.release)
    message = model.messages.get(request.name)
    if message is None or message.layout != _LAYOUT:
        modelled = [m.request for m in model.messages.values() if m.layout == _LAYOUT]
        names = {
            "answer_name": answer.name,
            "request_name": request.name,
            "request_release_standard": request.release.standard,
            "request_release_release": request.release.release,
        }
        if not modelled:  # a family without one (BM, GDS): never "answers a (none)"
            raise InputError(said_error("return-no-declaratie-antwoord", **names))
        raise InputError(
            said_error("return-not-declaratie-antwoord", modelled=", ".join(modelled), **names)
        )
    return _cached(request, answer)


def model_for(spec: MessageSpec, catalog: Catalog | None = None) -> AnswerModel:
    """Return the answer model for a request spec or an answer spec (via its request)."""
    if spec.direction == "retour":
        if spec.request is None:
            raise InputError(said_error("return-no-request-in-catalog", spec_name=spec.name))
        request = (catalog or default_catalog()).get(
            spec.request, family=spec.family, release=spec.release.release
        )
        return answer_model(request, catalog)
    return answer_model(spec, catalog)
