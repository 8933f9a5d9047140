"""Shared fixtures of the query tests: graphs (built once per session), the CLI, a loopback listener."""

from __future__ import annotations

import importlib.util
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph

from partnerkg.cli import cli
from partnerkg.ontology import load_ontology
from partnerkg.queries.engine import default_graph
from tests.interop.servers import run, store_server  # noqa: F401  (the remote-query tests)
from tests.reliability.listener import Listener

HERE = Path(__file__).parent
FIXTURE = HERE / "fixture.ttl"


def load_sibling(name: str) -> ModuleType:
    """Import ``tests/queries/NAME.py`` (pytest's importlib mode puts no test folder on sys.path)."""
    module_name = f"partnerkg_query_tests_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, HERE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection except to loopback fails the test."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else None
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"a query test tried to connect to {address!r}")
        real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def expected() -> dict:
    """Expected results of every library query on the fixture graph, from ``expected.py``."""
    return load_sibling("expected").EXPECTED


@pytest.fixture(scope="session")
def shipped() -> Graph:
    """The shipped graph, the one queries run on by default (built once)."""
    return default_graph()


@pytest.fixture(scope="session")
def fixture_graph() -> Graph:
    """The partnerkg ontology plus the hand-written fixture data."""
    g = load_ontology()
    g.parse(FIXTURE, format="turtle")
    return g


@pytest.fixture
def invoke() -> Callable[..., Result]:
    """Run ``partnerkg ARGS…`` in-process."""
    runner = CliRunner()

    def call(*args: str, input: str | None = None) -> Result:
        return runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    return call


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()
