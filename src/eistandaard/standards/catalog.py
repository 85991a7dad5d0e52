"""The message catalog: which standard, release and message a document is.

The catalog is data: every ``schemas/<family>/<release>/catalog.toml`` describes one release of
one family (its header conventions, its messages with their root namespace, berichtcode, schema
and rule stylesheet). Adding a release or a family is adding such a folder.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
from lxml import etree

from eistandaard.core.errors import CatalogError
from eistandaard.core.report import MessageIdentity
from eistandaard.standards.resources import data_dir, load_toml

__all__ = ["Catalog", "MessageSpec", "ReleaseSpec", "default_catalog"]


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

    @property
    def family(self) -> str:
        """The family (``iwmo``)."""
        return self.release.family

    @property
    def schema_path(self) -> Path:
        """The bundled XSD of this message."""
        return self.release.folder / self.schema

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


def _read_path(root: etree._Element, path: str) -> str | None:
    """Text of the first element on a local-name path below ``root`` (``Header/BerichtCode``)."""
    node: etree._Element | None = root
    for step in path.split("/"):
        if node is None:
            return None
        node = next(
            (c for c in node if isinstance(c.tag, str) and etree.QName(c).localname == step),
            None,
        )
    if node is None or node.text is None:
        return None
    return node.text.strip()


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
            raise CatalogError(f"no catalog.toml with messages found below {root}")
        return cls(releases, messages)

    def __iter__(self) -> Iterator[MessageSpec]:
        return iter(self.messages)

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
            raise CatalogError(f"no message {name!r} in the catalog")
        return candidates[-1]

    def identify(self, root: etree._Element) -> MessageSpec | None:
        """The spec of a parsed document, from its root namespace and name."""
        qname = etree.QName(root)
        if qname.namespace is None:
            return None
        candidates = [
            s for s in self._by_namespace.get(qname.namespace, ()) if s.root == qname.localname
        ]
        versie = None
        if len(candidates) > 1 and "versie" in candidates[0].release.header:
            versie = _read_path(root, candidates[0].release.header["versie"])
        return self.by_namespace(qname.namespace, qname.localname, versie)


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
                }
            },
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
            )
            for m in data["messages"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise CatalogError(f"{path}: missing or malformed entry {exc}") from exc
    for spec in specs:
        if spec.direction not in {"heen", "retour"}:
            raise CatalogError(f"{path}: {spec.name} has direction {spec.direction!r}")
    return release, specs


@functools.cache
def default_catalog() -> Catalog:
    """The catalog of the bundled schemas, loaded once per process."""
    return Catalog.load()
