"""The shared CLI, triple-store and Virtuoso fixtures (tests/interop/servers.py)."""

from tests.interop.servers import run, store_server, virtuoso, virtuoso_instance  # noqa: F401
