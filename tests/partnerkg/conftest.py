"""The shared CLI and triple-store fixtures (tests/interop/servers.py)."""

from tests.interop.servers import run, store_server  # noqa: F401
