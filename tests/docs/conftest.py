"""Fixtures of the documentation tests: the headless Chromium of the map tests."""

from tests.visualise.conftest import browser  # noqa: F401
