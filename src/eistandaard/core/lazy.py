"""Public names of a package imported on first use (PEP 562), for every package that needs it.

``import eistandaard.cli.main`` or a worker process should load only the modules its command
uses; a package's ``__init__`` therefore names where each public name lives and imports it when
it is first looked up:

>>> import types
>>> package = types.ModuleType("demo")
>>> get, names = lazy_exports(package.__dict__, {"sqrt": "math", "dumps": "json"})
>>> get("sqrt")(9.0), "sqrt" in package.__dict__, {"dumps", "sqrt"} <= set(names())
(3.0, True, True)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    namespace: MutableMapping[str, Any], homes: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's module ``__getattr__`` and ``__dir__`` for names imported on first use.

    :param namespace: the package's ``globals()``; a name, once imported, is stored there so
        that later look-ups do not come back here.
    :param homes: public name -> the module that defines it: absolute (``eistandaard.pipeline``)
        or, starting with a dot, relative to the package (``.registry``).
    :returns: ``(__getattr__, __dir__)`` to assign at the package's top level.
    :raises AttributeError: (from ``__getattr__``) for a name the package does not export.
    """
    package = str(namespace.get("__name__", ""))

    def __getattr__(name: str) -> Any:  # PEP 562's name
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module '{package}' has no attribute '{name}'")
        value = getattr(importlib.import_module(home, package), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # PEP 562's name
        return sorted({*namespace, *homes})

    return __getattr__, __dir__
