"""Data inheritance between releases of ``rbc/``: a release holds only what differs from its base.

A release folder ``rbc/<family>/<release>/`` may hold a ``release.toml``::

    extends = "istandaarden/3.2"      # the base folder below rbc/ (which may extend another)

    [variables]                       # ${name} in the base's TOML files becomes this value
    prefix = "WMO"

    [drop]                            # entries of the base left out, per file
    "rules.toml" = ["VC172-9798"]

When the data of a release is loaded, the chain own folder -> base -> base's base is resolved:

* a file (a code list ``codelists/NAME.csv``, say) is the first one found along the chain;
* a TOML table file is the base's, with the variables filled in, overlaid by each folder's own
  file of that name: a top-level key of the overlay replaces the base's (a rule table ``[TR101]``
  as a whole), and an array of tables (``[[check]]``, ``[[class]]``) is merged by each item's
  ``id`` (else ``name``): an item with the id of a base item replaces it, others are appended;
* a table of the overlay that holds ``extend`` (the file itself, a keyed table such as a rule,
  or an item with the id of a base item) is merged into the base's instead of replacing it: its
  other keys replace the base's, and each list under ``extend`` is appended to the base's list of
  that key (an entry the base has already is not repeated)::

      [extend]                          # the file: append to the base's top-level list
      classes = ["Woonplaatsbeginsel"]

      [[check]]                         # the base's check of this id, one more path
      id = "wj001-301-320"
      extend = { select = ["Antwoord/Woonplaatsbeginsel/RetourCodes/RetourCode"] }

* keys and item ids listed under ``drop`` for that file are left out.

Releases without ``release.toml`` are read as they are. Nothing here knows a family: iWmo and
iJw extend ``istandaarden/3.2`` and GDS 2.0 extends GDS 1.0 purely by data.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from eistandaard.core.errors import DataError
from eistandaard.standards.resources import data_dir, load_toml, parse_toml, read_text

__all__ = [
    "RELEASE_FILE",
    "ReleaseData",
    "has_release_file",
    "load_release_toml",
    "release_data",
    "release_file",
    "release_files",
]

RELEASE_FILE = "release.toml"
"""The file that names a release's base, its variables and what it drops."""

_MAX_DEPTH = 8


@attrs.frozen
class ReleaseData:
    """The resolved chain of one release.

    :param key: ``family/release`` as asked.
    :param folders: the release's own folder first, then its bases.
    :param variables: the values for ``${name}`` in the bases' TOML files.
    :param drop: file name -> the keys or item ids left out of it.
    """

    key: str
    folders: tuple[Path, ...]
    variables: Mapping[str, str]
    drop: Mapping[str, frozenset[str]]


@functools.cache
def release_data(family: str, release: str, root: Path | None = None) -> ReleaseData:
    """The chain of ``family``/``release`` below ``root`` (default: the bundled ``rbc``).

    :raises DataError: a ``release.toml`` is malformed, names a missing base or a cycle.
    """
    rbc = root or data_dir("rbc")
    key = f"{family}/{release}"
    folders: list[Path] = []
    variables: dict[str, str] = {}
    drop: dict[str, set[str]] = {}
    current: str | None = key
    while current is not None:
        folder = rbc / current
        if folder in folders or len(folders) >= _MAX_DEPTH:
            raise DataError(f"rbc/{key}: the chain of 'extends' loops or is too deep")
        if folders and not folder.is_dir():
            raise DataError(f"rbc/{key}: base release {current} does not exist")
        folders.append(folder)
        current = _read_release(folder, variables, drop)
    return ReleaseData(
        key=key,
        folders=tuple(folders),
        variables=variables,
        drop={name: frozenset(keys) for name, keys in drop.items()},
    )


def _read_release(folder: Path, variables: dict[str, str], drop: dict[str, set[str]]) -> str | None:
    """Fold ``folder/release.toml`` into ``variables`` and ``drop``; its base, if any."""
    path = folder / RELEASE_FILE
    if not path.is_file():
        return None
    data = load_toml(path)
    extends = data.get("extends")
    own = data.get("variables", {})
    dropped = data.get("drop", {})
    if extends is not None and not isinstance(extends, str):
        raise DataError(f"{path}: extends must be a string like 'istandaarden/3.2'")
    if not isinstance(own, dict) or not all(isinstance(v, str) for v in own.values()):
        raise DataError(f"{path}: [variables] must map names to strings")
    if not isinstance(dropped, dict) or not all(isinstance(v, list) for v in dropped.values()):
        raise DataError(f"{path}: [drop] must map file names to lists of keys")
    for name, value in own.items():
        variables.setdefault(name, value)  # the release nearest to the one asked wins
    for name, keys in dropped.items():
        drop.setdefault(name, set()).update(str(k) for k in keys)
    return extends


def release_file(family: str, release: str, name: str, root: Path | None = None) -> Path | None:
    """The file ``name`` (``codelists/WJ001.csv``) of a release: the first along its chain."""
    for folder in release_data(family, release, root).folders:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def has_release_file(family: str, release: str, name: str, root: Path | None = None) -> bool:
    """Whether the release or one of its bases holds ``name``."""
    try:
        return release_file(family, release, name, root) is not None
    except DataError:
        return False


def release_files(
    family: str, release: str, folder: str, pattern: str, root: Path | None = None
) -> dict[str, Path]:
    """Files matching ``pattern`` in ``folder`` (``codelists``) along the chain, by stem."""
    found: dict[str, Path] = {}
    for base in release_data(family, release, root).folders:
        for path in sorted((base / folder).glob(pattern)):
            found.setdefault(path.stem, path)
    return found


@functools.cache
def _merged(family: str, release: str, name: str, root: Path | None) -> tuple[Any, Path] | None:
    chain = release_data(family, release, root)
    layers = [folder / name for folder in reversed(chain.folders) if (folder / name).is_file()]
    if not layers:
        return None
    own_folder = chain.folders[0]
    merged: dict[str, Any] = {}
    for layer in layers:
        data = _load_layer(layer, chain.variables, substitute=layer.parent != own_folder)
        merged = _overlay(merged, data, layer) if merged else data
    dropped = chain.drop.get(name, frozenset())
    if dropped:
        merged = _without(merged, dropped)
    return merged, layers[-1]


def load_release_toml(
    family: str, release: str, name: str, root: Path | None = None
) -> tuple[Mapping[str, Any], Path] | None:
    """The TOML table file ``name`` of a release with its bases resolved (see the module).

    :returns: the merged data (shared: do not change it) and the path of the nearest layer
        (for messages), or ``None`` when no folder of the chain has the file.
    :raises DataError: a layer is malformed or uses a variable the release does not define.
    """
    return _merged(family, release, name, root)


def _load_layer(path: Path, variables: Mapping[str, str], *, substitute: bool) -> dict[str, Any]:
    if not substitute:
        return load_toml(path)
    template = string.Template(read_text(path))
    try:
        text = template.substitute(variables)
    except KeyError as exc:
        raise DataError(f"{path}: variable {exc} is not defined by the release") from exc
    except ValueError as exc:  # a ``$`` that starts no variable
        raise DataError(f"cannot read {path}: {exc}") from exc
    return parse_toml(text, path)


def _item_key(item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    key = item.get("id", item.get("name"))
    return str(key) if key is not None else None


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


_EXTEND = "extend"
"""The key of an overlay table whose lists are appended to the base's (see the module)."""


def _overlay(base: dict[str, Any], over: Mapping[str, Any], path: Path) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if key == _EXTEND:
            continue
        below = merged.get(key)
        if isinstance(below, list) and _is_table_array(value) and _is_table_array(below):
            merged[key] = _merge_items(below, value, path)
        elif isinstance(value, dict) and _EXTEND in value:
            if not isinstance(below, dict):
                raise DataError(f"{path}: extend in {key}, which the base does not have")
            merged[key] = _overlay(below, value, path)
        else:
            merged[key] = value
    if _EXTEND in over:
        merged = _extended(merged, over[_EXTEND], path)
    return merged


def _extended(base: dict[str, Any], extend: Any, path: Path) -> dict[str, Any]:
    """``base`` with each list of ``extend`` appended to its list of that key.

    :raises DataError: ``extend`` is no table of lists, or names a key that is no list below.
    """
    if not isinstance(extend, dict) or not all(isinstance(v, list) for v in extend.values()):
        raise DataError(f"{path}: extend must map keys to lists")
    extended = dict(base)
    for key, values in extend.items():
        below = extended.get(key)
        if not isinstance(below, list):
            raise DataError(f"{path}: extend names {key}, which is no list in the base")
        extended[key] = [*below, *(v for v in values if v not in below)]
    return extended


def _merge_items(
    base: list[dict[str, Any]], over: list[dict[str, Any]], path: Path
) -> list[dict[str, Any]]:
    result = list(base)
    positions = {key: n for n, item in enumerate(base) if (key := _item_key(item)) is not None}
    for item in over:
        key = _item_key(item)
        if key is not None and key in positions:
            at = positions[key]
            result[at] = _overlay(result[at], item, path) if _EXTEND in item else item
        elif _EXTEND in item:
            raise DataError(f"{path}: extend in {key or 'an item'}, which the base does not have")
        else:
            result.append(item)
    return result


def _without(data: dict[str, Any], dropped: frozenset[str]) -> dict[str, Any]:
    kept = {key: value for key, value in data.items() if key not in dropped}
    for key, value in kept.items():
        if _is_table_array(value):
            kept[key] = [item for item in value if _item_key(item) not in dropped]
    return kept
