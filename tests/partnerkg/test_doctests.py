"""Every module of partnerkg has a docstring and ``__all__``, and the examples in its docstrings run and hold."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import partnerkg
import partnerkg.graph
import partnerkg.ontology
import partnerkg.queries
import partnerkg.visualise

#: Run as programs (``python -m``), not imported as libraries.
PROGRAMS = {"partnerkg.__main__", "partnerkg.graph.__main__"}


def _modules() -> list[str]:
    names: set[str] = set()
    for package in (partnerkg, partnerkg.ontology, partnerkg.graph, partnerkg.queries, partnerkg.visualise):
        names.add(package.__name__)
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            names.add(info.name)
    return sorted(names - PROGRAMS)


MODULES = _modules()


def test_the_walk_finds_every_package() -> None:
    assert {"partnerkg.cli.maps", "partnerkg.server.app", "partnerkg.store.oxigraph", "partnerkg.queries.safety",
            "partnerkg.visualise.html", "partnerkg.spreadsheets.rows", "partnerkg.interop.push",
            "partnerkg.graph.compiler", "partnerkg.ontology.validation"} <= set(MODULES)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__, f"{name} has no module docstring"
    assert hasattr(module, "__all__"), f"{name} has no __all__"
    failures, _tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0


def test_no_public_name_is_shadowed_by_a_submodule() -> None:
    # importing partnerkg.X sets the package's attribute X to that module, so a public function X would turn
    # into a module as soon as anything imported it (partnerkg.build did, once partnerkg.BuildResult was read)
    submodules = {info.name.rsplit(".", 1)[-1] for info in pkgutil.iter_modules(partnerkg.__path__)}
    assert submodules & set(partnerkg.__all__) == set()
    for name in partnerkg.__all__:
        getattr(partnerkg, name)
    assert callable(partnerkg.build) and callable(partnerkg.open) and callable(partnerkg.load)
