"""Fixtures of the import/export/push/remote tests: the CLI, a real HTTP triple store, and a private Virtuoso.

Imported by the conftest of each test folder that uses them."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from partnerkg.cli import cli
from tests.conftest import need
from tests.interop.store_server import StoreServer


@pytest.fixture
def run() -> Callable[..., Result]:
    """Invoke ``partnerkg ARGS`` in-process; stdout and stderr separate."""
    runner = CliRunner()

    def invoke(*args: str | Path, input: str | bytes | None = None) -> Result:
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def store_server() -> Iterator[Callable[..., StoreServer]]:
    """Start real loopback triple-store servers (see store_server.py); all are stopped afterwards."""
    started: list[StoreServer] = []

    def start(**options: object) -> StoreServer:
        server = StoreServer(**options).start()  # type: ignore[arg-type]
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


# ---- a private Virtuoso, as measured.md describes ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}, {d}/loadable
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@dataclass(frozen=True)
class Virtuoso:
    """A running private Virtuoso: its HTTP base URL, its SQL port, and a folder its bulk loader may read
    (listed in ``DirsAllowed``)."""

    base: str
    sql_port: int
    loadable: Path

    def isql(self, *statements: str, timeout: float = 600) -> str:
        """Run SQL statements with ``isql-vt`` as dba; the output, or a test failure naming the error."""
        exe = shutil.which("isql-vt") or shutil.which("isql")
        need(exe is not None, "isql-vt is not installed (apt-get install virtuoso-opensource)")
        script = "".join(s.rstrip().rstrip(";") + ";\n" for s in statements)
        done = subprocess.run([exe, f"127.0.0.1:{self.sql_port}", "dba", "dba", "VERBOSE=OFF", "BANNER=OFF",
                               "PROMPT=OFF", "ECHO=OFF", "ERRORS=STDOUT"], input=script, capture_output=True,
                              text=True, timeout=timeout, check=False)
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            pytest.fail(f"isql failed ({done.returncode}): {output[-3000:]}")
        return output


@pytest.fixture(scope="session")
def virtuoso(virtuoso_instance: Virtuoso) -> str:
    """The base URL (http://127.0.0.1:PORT) of the private Virtuoso."""
    return virtuoso_instance.base


@pytest.fixture(scope="session")
def virtuoso_instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Virtuoso]:
    """A private Virtuoso on loopback with a temporary database (see :class:`Virtuoso`)."""
    exe = shutil.which("virtuoso-t")
    need(exe is not None, "virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    (folder / "loadable").mkdir()
    http_port, sql_port = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(_INI.format(d=folder, sql=sql_port, http=http_port))
    log = (folder / "console.log").open("wb")
    proc = subprocess.Popen([exe, "+foreground", "+configfile", str(folder / "virtuoso.ini")], cwd=folder,
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ})
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"virtuoso-t exited with {proc.returncode}: {(folder / 'console.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("virtuoso-t did not answer within 60 s")
            time.sleep(0.3)
        yield Virtuoso(base, sql_port, folder / "loadable")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
