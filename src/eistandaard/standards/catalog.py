"""The message catalog: which standard, release and message a document is.

The catalog is data: every ``schemas/<family>/<release>/catalog.toml`` describes one release of
one family (its header conventions, its messages with their root namespace, berichtcode, schema
and rule stylesheet). Adding a release or a family is adding such a folder.

A catalog also *recognises* documents it does not check (:meth:`Catalog.recognise`): a message
of another release of a family (its root namespace follows the family's ``namespace_template``)
and the retired messages a release lists under ``[[retired]]`` (the iWmo/iJw 303/304, replaced
by the 323/325 in release 3.0). Those get their own level-1 finding instead of "no supported
standard".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

from eistandaard.core.errors import CatalogError
from eistandaard.core.findings import Finding
from eistandaard.core.report import MessageIdentity
from eistandaard.core.text import quoted
from eistandaard.core.xml import local_name, namespace_of, text_at
from eistandaard.standards.resources import data_dir, load_toml
from eistandaard.standards.wording import Worded, said_error

__all__ = [
    "Catalog",
    "MessageSpec",
    "Recognition",
    "ReleaseSpec",
    "RetiredMessage",
    "default_catalog",
]


@attrs.frozen
class RetiredMessage:
    """A message a release no longer has (``WMO303``), as ``[[retired]]`` in a catalog lists it."""

    message: str
    """The message name (``WMO303``)."""
    berichtcodes: tuple[str, ...]
    """Its BerichtCodes (COD002-VEKT), e.g. ``("416", "448")``."""
    title: str
    """What it was (``declaratie/factuur``)."""
    phased_out: str
    """ISO date from which it is no longer used (``2020-12-31``)."""
    replaced_by: str
    """The message to send instead (``WMO323``)."""
    replaced_in: str
    """The release that replaced it (``3.0``)."""
    send: str
    """What the sender should send instead (``WMO323``: the declaratie, also for a 304)."""


@attrs.frozen
class ReleaseSpec:
    """One release of one family (``iwmo`` 3.2), as its ``catalog.toml`` describes it."""

    family: str
    release: str
    standard: str
    convention: str
    """``istandaarden`` or ``vektis``: which header and return-message conventions apply."""
    folder: Path
    header: Mapping[str, str]
    """Header field -> local-name path below the root (``code`` -> ``Header/BerichtCode``)."""
    retourcode_list: str | None = None
    rules_version: str | None = None
    vecozo: Mapping[str, str] = attrs.field(factory=dict)
    """Finding code -> VECOZO code where this family's VECOZO service uses another code."""
    berichtversies: tuple[str, ...] = ()
    """Header versions this release takes (``versie`` path); empty: any. Decides between
    releases that share a namespace (GDS 1.0 and 2.0)."""
    namespace_template: str | None = None
    """Root namespace of any release of the family, with ``{release}`` (``3_1``) and
    ``{message}`` (``wmo301``) as placeholders; used to recognise other releases."""
    retired: tuple[RetiredMessage, ...] = ()
    """Messages the family no longer has; recognised in any release, never checked."""
    extra: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def key(self) -> str:
        """``family/release``, as reports name it."""
        return f"{self.family}/{self.release}"


@attrs.frozen
class MessageSpec:
    """One message of a release (``WMO323``)."""

    name: str
    berichtcode: str
    namespace: str
    direction: str
    """``heen`` (request) or ``retour`` (answer)."""
    schema: str
    """File name of the XSD in the release folder."""
    release: ReleaseSpec
    root: str = "Bericht"
    rules: str | None = None
    """File name of the level-3 stylesheet in ``xslt/<family>/<release>/``, if any."""
    answer: str | None = None
    """The message that answers this one (``WMO325`` for ``WMO323``)."""
    request: str | None = None
    """The message this one answers."""
    refers: Mapping[str, str] = attrs.field(factory=dict)
    """For an answer: where it names the request it answers (``identificatie``, ``dagtekening``:
    paths below the root, as ``[header]``). Empty: the release's Header paths (IV032 copies the
    request's Header); WMO325: ``Header/DeclaratieIdentificatie/...``; GDS802/BM802:
    ``Header/Referentienummer`` (their Verzenddatum is their own)."""

    @property
    def family(self) -> str:
        """The family (``iwmo``)."""
        return self.release.family

    def named(self, role: str) -> dict[str, str]:
        """This message's name and release as wording values for ``role``.

        ``{role: "WMO325", f"{role}_release": "3.2"}``: a text naming two messages
        (an answer and its request) takes one of these for each.
        """
        return {role: self.name, f"{role}_release": self.release.release}

    @property
    def schema_path(self) -> Path:
        """The bundled XSD of this message."""
        return self.release.folder / self.schema

    own: Mapping[str, str] = attrs.field(factory=dict)
    """For an answer whose Header carries a copy of the request's identification (IV032): where
    its own identification is (``identificatie``, ``dagtekening``). Empty: the Header's."""

    def own_identification(self, root: etree._Element) -> tuple[str | None, str | None]:
        """(identificatie, dagtekening) of this message itself (:attr:`own`, else the Header)."""
        paths = self.own or {
            k: v for k, v in self.release.header.items() if k in ("identificatie", "dagtekening")
        }
        found = {k: _read_path(root, v) for k, v in paths.items()}
        return found.get("identificatie"), found.get("dagtekening")

    def answered(self, root: etree._Element) -> tuple[str | None, str | None]:
        """(identificatie, dagtekening) of the request this answer names (``None``: not named).

        Read at :attr:`refers`, else at the release's Header paths.
        """
        paths = self.refers or {
            k: v for k, v in self.release.header.items() if k in ("identificatie", "dagtekening")
        }
        found = {k: _read_path(root, v) for k, v in paths.items()}
        return found.get("identificatie"), found.get("dagtekening")

    def identity(self, root: etree._Element | None = None) -> MessageIdentity:
        """This message's identity, with the header values read from ``root`` when given."""
        values: dict[str, str | None] = {}
        if root is not None:
            for field_name, path in self.release.header.items():
                values[field_name] = _read_path(root, path)
        return MessageIdentity(
            family=self.release.family,
            release=self.release.release,
            message=self.name,
            direction=self.direction,
            namespace=self.namespace,
            berichtcode=self.berichtcode,
            header_code=values.get("code"),
            header_versie=values.get("versie"),
            header_subversie=values.get("subversie"),
            identificatie=values.get("identificatie"),
            dagtekening=values.get("dagtekening"),
        )


_read_path = text_at


@attrs.frozen
class Recognition:
    """A document the catalog recognises but does not check, and the level-1 finding it gets."""

    code: str
    """``EI121`` (a retired message) or ``EI122`` (another release than the one checked)."""
    standard: str
    """The standard (``iWmo``)."""
    message: str
    """The message as the document names it (``WMO303``, ``JW301``)."""
    release: str | None
    """The document's release from its namespace (``3.1``); ``None`` when only its
    BerichtCode told what it is."""
    wording: str
    """The wording of the finding's details (``rbc/common/level1.toml``): what it is and what
    to do instead."""
    values: Mapping[str, object] = attrs.field(factory=dict)
    """The values of that wording."""

    def finding(self) -> Finding:
        """The level-1 finding (EI121/EI122) with its details in Dutch and English."""
        from eistandaard.standards import codes  # late: codes loads data the catalog does not

        return codes.finding(self.code, detail=self.wording, values=self.values)

    @property
    def details(self) -> str:
        """What it is and what to do instead, in English."""
        return self.finding().details or ""


_RELEASE = r"(?P<release>[0-9]+(?:_[0-9]+)*)"
_MESSAGE = r"(?P<message>[A-Za-z]+[0-9]+[A-Za-z]?)"


def _namespace_pattern(template: str) -> re.Pattern[str]:
    """The regular expression of a ``namespace_template`` (placeholders as named groups)."""
    parts = re.split(r"(\{release\}|\{message\})", template)
    body = "".join(
        _RELEASE if part == "{release}" else _MESSAGE if part == "{message}" else re.escape(part)
        for part in parts
    )
    return re.compile(body + r"\Z")


class Catalog:
    """All releases found below a schemas folder, indexed by root namespace and by name."""

    def __init__(self, releases: list[ReleaseSpec], messages: list[MessageSpec]) -> None:
        self.releases = tuple(releases)
        self.messages = tuple(messages)
        self._by_namespace: dict[str, list[MessageSpec]] = {}
        self._by_name: dict[str, list[MessageSpec]] = {}
        for spec in messages:
            self._by_namespace.setdefault(spec.namespace, []).append(spec)
            self._by_name.setdefault(spec.name.upper(), []).append(spec)

    @classmethod
    def load(cls, schemas_root: Path | None = None) -> Catalog:
        """Read every ``<family>/<release>/catalog.toml`` below ``schemas_root``."""
        root = schemas_root or data_dir("schemas")
        releases: list[ReleaseSpec] = []
        messages: list[MessageSpec] = []
        for path in sorted(root.glob("*/*/catalog.toml")):
            release, specs = _load_release(path)
            releases.append(release)
            messages.extend(specs)
        if not messages:
            raise CatalogError(said_error("catalog-none", root=root))
        return cls(releases, messages)

    def __iter__(self) -> Iterator[MessageSpec]:
        return iter(self.messages)

    def pairs(self) -> list[tuple[str, str]]:
        """Every (request, answer) pair of message names the catalog knows, in catalog order.

        A pair that several releases share is listed once (``("GDS801", "GDS802")``), so the help
        of ``ei return`` and ``ei diff`` names what the data holds, not what code lists.

        >>> ("WMO323", "WMO325") in default_catalog().pairs()
        True
        """
        found: dict[tuple[str, str], None] = {}
        for spec in self.messages:
            if spec.answer is not None:
                found.setdefault((spec.name, spec.answer), None)
        return list(found)

    def by_namespace(
        self, namespace: str, root_name: str = "Bericht", versie: str | None = None
    ) -> MessageSpec | None:
        """The message whose root element is ``{namespace}root_name``, if the catalog has it.

        When several releases share the namespace, ``versie`` (the Header's version) picks the
        release that declares it in ``berichtversies``; without a match the newest release is
        taken, whose schema then reports the version.
        """
        candidates = [s for s in self._by_namespace.get(namespace, ()) if s.root == root_name]
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        for spec in candidates:
            if versie is not None and versie in spec.release.berichtversies:
                return spec
        return max(candidates, key=lambda spec: _release_key(spec.release.release))

    def get(self, name: str, family: str | None = None, release: str | None = None) -> MessageSpec:
        """A message by name (``WMO323``); ``family``/``release`` pick one of several."""
        candidates = [
            spec
            for spec in self._by_name.get(name.upper(), ())
            if (family is None or spec.family == family)
            and (release is None or spec.release.release == release)
        ]
        if not candidates:
            raise CatalogError(said_error("catalog-no-message", name=quoted(name)))
        return candidates[-1]

    def identify(self, root: etree._Element) -> MessageSpec | None:
        """The spec of a parsed document, from its root namespace and name."""
        namespace, name = namespace_of(root), local_name(root)
        if not namespace:
            return None
        candidates = [s for s in self._by_namespace.get(namespace, ()) if s.root == name]
        versie = None
        if len(candidates) > 1 and "versie" in candidates[0].release.header:
            versie = _read_path(root, candidates[0].release.header["versie"])
        return self.by_namespace(namespace, name, versie)

    def recognise(self, root: etree._Element) -> Recognition | None:
        """What a document is that :meth:`identify` does not take, if a release can tell.

        A root namespace that follows a family's ``namespace_template`` names a release and a
        message: a retired message (``[[retired]]``, matched on the message number) is
        ``EI121`` in any release; any other message of a release the catalog does not hold is
        ``EI122``, naming the document's release and the one checked. A root ``Bericht``
        whose Header BerichtCode is one of a retired message is ``EI121`` whatever its
        namespace. Returns ``None`` for anything else (no supported standard, ``EI120``).
        """
        namespace = namespace_of(root)
        for release in self._newest_first():
            if release.namespace_template is None:
                continue
            match = _namespace_pattern(release.namespace_template).match(namespace)
            if match is None:
                continue
            found = match.group("release").replace("_", ".")
            named = match.group("message").upper()
            retired = _retired_named(release, named)
            if retired is not None:
                return _retired_recognition(release, retired, named, found, namespace)
            if any(r.family == release.family and r.release == found for r in self.releases):
                return None  # a release we hold: an unknown message of it is EI120
            checked = release.namespace_template.format(
                release=release.release.replace(".", "_"), message=named.lower()
            )
            return Recognition(
                code="EI122",
                standard=release.standard,
                message=named,
                release=found,
                wording="release",
                values={
                    "message": named,
                    "standard": release.standard,
                    "found": found,
                    "namespace": namespace,
                    "release": release.release,
                    "checked": checked,
                },
            )
        if local_name(root) != "Bericht" or not self.releases:
            return None
        code = _read_path(root, "Header/BerichtCode")
        for release in self._newest_first():
            for retired in release.retired:
                if code is not None and code in retired.berichtcodes:
                    return _retired_recognition(release, retired, retired.message, None, namespace)
        return None

    def why_not(self, root: etree._Element) -> str:
        """One line saying why ``root`` is not checked: its :meth:`recognise` details, if any."""
        recognised = self.recognise(root)
        if recognised is not None:
            found = recognised.finding()
            return Worded(found.details or "", found.detail("nl") or "")
        return said_error("catalog-unknown-root", root=root.tag)

    def _newest_first(self) -> list[ReleaseSpec]:
        return sorted(self.releases, key=lambda r: _release_key(r.release), reverse=True)


def _retired_named(release: ReleaseSpec, named: str) -> RetiredMessage | None:
    """The retired message ``named`` (``WMO303``, ``WMO303D``) is, by its number."""
    digits = re.sub(r"[^0-9]", "", named)
    for retired in release.retired:
        if re.sub(r"[^0-9]", "", retired.message) == digits:
            return retired
    return None


def _retired_recognition(
    release: ReleaseSpec, retired: RetiredMessage, named: str, found: str | None, namespace: str
) -> Recognition:
    return Recognition(
        code="EI121",
        standard=release.standard,
        message=named,
        release=found,
        wording=("retired" if found else "retired-code") + ("" if namespace else "-bare"),
        values={
            "message": named,
            "title": retired.title,
            "standard": release.standard,
            "found": found,
            "codes": "/".join(retired.berichtcodes),
            "namespace": namespace,
            "phased_out": retired.phased_out,
            "replaced_by": retired.replaced_by,
            "replaced_in": retired.replaced_in,
            "send": retired.send,
            "release": release.release,
        },
    )


def _release_key(release: str) -> tuple[int, ...]:
    """``"2.0"`` -> ``(2, 0)``, for ordering releases (non-numbers count as 0)."""
    return tuple(int(part) if part.isdigit() else 0 for part in release.split("."))


def _load_release(path: Path) -> tuple[ReleaseSpec, list[MessageSpec]]:
    data = load_toml(path)
    try:
        release = ReleaseSpec(
            family=str(data["family"]),
            release=str(data["release"]),
            standard=str(data["standard"]),
            convention=str(data["convention"]),
            folder=path.parent,
            header=dict(data["header"]),
            retourcode_list=data.get("retourcode_list"),
            rules_version=data.get("rules_version"),
            vecozo={str(k): str(v) for k, v in data.get("vecozo", {}).items()},
            berichtversies=tuple(str(v) for v in data.get("berichtversies", ())),
            extra={
                k: v
                for k, v in data.items()
                if k
                not in {
                    "family",
                    "release",
                    "standard",
                    "convention",
                    "header",
                    "retourcode_list",
                    "rules_version",
                    "messages",
                    "vecozo",
                    "berichtversies",
                    "namespace_template",
                    "retired",
                }
            },
            namespace_template=data.get("namespace_template"),
            retired=tuple(
                RetiredMessage(
                    message=str(r["message"]),
                    berichtcodes=tuple(str(c) for c in r["berichtcodes"]),
                    title=str(r["title"]),
                    phased_out=str(r["phased_out"]),
                    replaced_by=str(r["replaced_by"]),
                    replaced_in=str(r["replaced_in"]),
                    send=str(r["send"]),
                )
                for r in data.get("retired", ())
            ),
        )
        specs = [
            MessageSpec(
                name=str(m["name"]),
                berichtcode=str(m["berichtcode"]),
                namespace=str(m["namespace"]),
                direction=str(m["direction"]),
                schema=str(m["schema"]),
                release=release,
                root=str(m.get("root", "Bericht")),
                rules=m.get("rules"),
                answer=m.get("answer"),
                request=m.get("request"),
                refers={str(k): str(v) for k, v in m.get("refers", {}).items()},
                own={str(k): str(v) for k, v in m.get("own", {}).items()},
            )
            for m in data["messages"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogError(said_error("catalog-malformed", path=path, exc=exc)) from exc
    for spec in specs:
        if spec.direction not in {"heen", "retour"}:
            raise CatalogError(
                said_error(
                    "catalog-direction",
                    path=path,
                    spec_name=spec.name,
                    spec_direction=quoted(spec.direction),
                )
            )
    return release, specs


@functools.cache
def default_catalog() -> Catalog:
    """The catalog of the bundled schemas, loaded once per process."""
    return Catalog.load()
