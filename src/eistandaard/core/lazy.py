"""Public names of a package imported on first use (PEP 562), for every package that needs it.

``import eistandaard.cli.main`` or a worker process should load only the modules its command
uses; a package's ``__init__`` therefore names, per module, the public names that live there, and
imports a module when one of its names is first looked up:

>>> import types
>>> package = types.ModuleType("demo")
>>> get, names, public = lazy_exports(package.__dict__, {"math": "sqrt pi", "json": "dumps"})
>>> get("sqrt")(9.0), "sqrt" in package.__dict__, public
(3.0, True, ['dumps', 'pi', 'sqrt'])
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    namespace: MutableMapping[str, Any],
    homes: Mapping[str, str],
    *,
    eager: Iterable[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``__getattr__``, ``__dir__`` and ``__all__`` of a package that imports names on first use.

    :param namespace: the package's ``globals()``; a name, once imported, is stored there so
        that later look-ups do not come back here.
    :param homes: module -> the public names it defines, separated by white space; the module
        absolute (``eistandaard.pipeline``) or, starting with a dot, relative to the package
        (``.registry``).
    :param eager: public names the package imports itself (they are in ``namespace``
        already) and that belong in ``__all__`` too.
    :returns: ``(__getattr__, __dir__, __all__)`` to assign at the package's top level;
        ``__all__`` sorted.
    :raises AttributeError: (from ``__getattr__``) for a name the package does not export.
    :raises ValueError: when two modules claim the same name (a mistake in the table).
    """
    package = str(namespace.get("__name__", ""))
    where: dict[str, str] = {}
    for module, names in homes.items():
        for name in names.split():
            if where.setdefault(name, module) != module:
                raise ValueError(f"{package}: {name} listed for {where[name]} and {module}")

    def __getattr__(name: str) -> Any:  # PEP 562's name
        home = where.get(name)
        if home is None:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        value = getattr(importlib.import_module(home, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # PEP 562's name
        return sorted({*namespace, *where})

    return __getattr__, __dir__, sorted({*where, *eager})
