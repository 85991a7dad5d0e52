"""Which code-list names the checks use, so that a misspelled ``--codelist NAME`` is refused.

A list is known when a release's data names it (``list = "..."`` in ``referential.toml``,
``retourcode_list`` in ``classes.toml``, any table of ``rbc/``) or when a
file of that name is bundled (``rbc/<family>/<release>/codelists/NAME.csv``,
``rbc/common/codelists/NAME.csv``). An override for a name that nothing uses would be silently
unused; :func:`check_overrides` refuses it instead, and reads every override file once so that a
file that does not parse is refused before any message is checked.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eistandaard.core.errors import DataError, InputError
from eistandaard.standards.codelists import load_codelist
from eistandaard.standards.inheritance import load_release_toml, release_data
from eistandaard.standards.resources import data_dir, load_toml
from eistandaard.standards.wording import Worded, said_error

__all__ = ["check_overrides", "known_names"]

_NAME_KEYS = frozenset({"list", "lists", "retourcode_list", "codelist"})


def _names_in(value: Any, key: str = "") -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for child_key, child in value.items():
            found |= _names_in(child, str(child_key))
    elif isinstance(value, list):
        for child in value:
            found |= _names_in(child, key)
    elif isinstance(value, str) and key in _NAME_KEYS and value.strip():
        found.add(value.strip())
    return found


@functools.cache
def known_names(root: Path | None = None) -> Mapping[str, frozenset[str]]:
    """``family/release`` -> the list names its checks use or its folders bundle.

    Lists of ``rbc/common/codelists`` count for every release. ``root`` is the ``rbc`` folder
    (default: the bundled one).
    """
    rbc = root or data_dir("rbc")
    common = {p.stem for p in rbc.joinpath("common", "codelists").glob("*.csv")}
    known: dict[str, frozenset[str]] = {}
    for family in sorted(p for p in rbc.iterdir() if p.is_dir() and p.name != "common"):
        for release in sorted(p for p in family.iterdir() if p.is_dir()):
            names = set(common)
            try:
                chain = release_data(family.name, release.name, root).folders
            except DataError:
                chain = (release,)  # the loader of the release reports it where it is used
            for folder in chain:
                names |= {p.stem for p in folder.joinpath("codelists").glob("*.csv")}
                for table in folder.rglob("*.toml"):
                    try:
                        names |= _names_in(_substituted(table, family.name, release.name, root))
                    except (DataError, OSError):
                        continue  # the loader of that table reports it where it is used
            known[f"{family.name}/{release.name}"] = frozenset(names)
    return known


def _substituted(table: Path, family: str, release: str, root: Path | None) -> Mapping[str, Any]:
    """A TOML file of the release's chain as the release reads it (variables filled in)."""
    found = load_release_toml(family, release, table.name, root)
    return found[0] if found is not None and table.parent.name != "codelists" else load_toml(table)


def check_overrides(overrides: Mapping[str, Path], *, root: Path | None = None) -> None:
    """Refuse overrides that name no list in use, or whose file does not parse.

    :param overrides: ``NAME`` or ``family/release/NAME`` -> file.
    :raises InputError: for the first bad override, naming it (and the closest known names);
        the text starts with the override's key (a CLI puts its option name before it).
    """
    known = known_names(root)
    every = sorted(set().union(*known.values())) if known else []
    for key, path in overrides.items():
        scope, _, name = key.rpartition("/")
        if scope:
            if scope not in known:
                raise InputError(
                    said_error(
                        "codelist-no-release", key=key, scope=scope, known=", ".join(sorted(known))
                    )
                )
            names = sorted(known[scope])
        else:
            names = every
        if name not in names:
            close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
            dutch = " of ".join((", ".join(close[:-1]), close[-1]) if len(close) > 1 else close)
            maybe = Worded(" or ".join(close), dutch)
            hint = said_error("codelist-did-you-mean", names=maybe) if close else ""
            raise InputError(said_error("codelist-unused", key=key, hint=hint))
        try:
            load_codelist(path, name=name)
        except DataError as exc:
            raise InputError(said_error("codelist-in-option", key=key, exc=exc)) from exc
