"""Fixtures of the scale tests: a small generated country, and stores loaded from it."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def country(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic country (80 organisations, 100 partnerships) as N-Triples."""
    from partnerkg.graph.synthetic import generate

    path = tmp_path_factory.mktemp("country") / "country.nt"
    generate(path, 80, 100, seed=3)
    return path


@pytest.fixture(scope="session")
def country_store(tmp_path_factory: pytest.TempPathFactory, country: Path) -> Path:
    """An Oxigraph store holding the shipped graph and the small country."""
    from partnerkg.store.load import load

    folder = tmp_path_factory.mktemp("stores") / "country"
    load([country], folder)
    return folder
