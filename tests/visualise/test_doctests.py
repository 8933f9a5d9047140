"""The examples in the docstrings of partnerkg.visualise run and hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import partnerkg.visualise
import pytest

MODULES = sorted(m.name for m in pkgutil.iter_modules(partnerkg.visualise.__path__, "partnerkg.visualise."))


def test_every_module_is_listed() -> None:
    assert {"partnerkg.visualise.projections", "partnerkg.visualise.analytics", "partnerkg.visualise.layout",
            "partnerkg.visualise.html", "partnerkg.visualise.static", "partnerkg.visualise.commands"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__, f"{name} has no module docstring"
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    failures, _tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
