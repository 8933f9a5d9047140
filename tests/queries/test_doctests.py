"""The examples in the query modules' docstrings run."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["partnerkg.queries", "partnerkg.queries.library", "partnerkg.queries.run", "partnerkg.queries.safety",
           "partnerkg.queries.results", "partnerkg.queries.commands"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
