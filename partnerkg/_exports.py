"""Public names of a package imported on first use (PEP 562), so that importing the package stays cheap.

A command such as ``partnerkg --help`` imports ``partnerkg`` and the command modules only; rdflib, pyoxigraph,
networkx and the rest are imported when a command first needs them.

>>> getattr_, dir_ = lazy_exports("partnerkg", {"QueryError": "partnerkg.errors"})
>>> getattr_("QueryError").__name__
'QueryError'
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``, whose name ``N`` lives in module ``exports[N]``."""

    def getattr_(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        setattr(sys.modules[package], name, value)  # the next lookup finds it directly
        return value

    def dir_() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(exports))

    return getattr_, dir_
