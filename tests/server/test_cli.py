"""``partnerkg serve``: its options in-process (CliRunner), and the real process: it starts, answers, logs
one line per query and stops cleanly (exit code 0, workers gone) on SIGTERM and on Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from partnerkg.cli import cli


@pytest.fixture
def invoke():
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_help_names_every_option(invoke):
    result = invoke("serve", "--help")
    assert result.exit_code == 0
    for option in ("--host", "--port", "--data", "--no-shipped", "--store", "--timeout", "--max-results",
                   "--max-body", "--workers", "--cors-origin", "/sparql", "SIGTERM"):
        assert option in result.output


@pytest.mark.parametrize(("args", "message"), [
    (["--timeout", "0"], "Invalid value for '--timeout'"),
    (["--max-results", "0"], "Invalid value for '--max-results'"),
    (["--max-body", "-1"], "Invalid value for '--max-body'"),
    (["--port", "70000"], "Invalid value for '--port'"),
    (["--no-shipped"], "--no-shipped needs at least one --data file"),
    (["--cors-origin", "none", "--cors-origin", "https://a.example"], "'none' cannot be combined"),
    (["--cors-origin", "a.example"], "not '*' or an origin"),
    (["--store", "somewhere", "--no-shipped"], "--store somewhere cannot be combined"),
])
def test_usage_errors_exit_2(invoke, args, message):
    result = invoke("serve", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_a_missing_data_file_exits_2_naming_it(invoke, tmp_path):
    result = invoke("serve", "--data", str(tmp_path / "absent.ttl"))
    assert result.exit_code == 2
    assert "absent.ttl" in result.output
    assert "Traceback" not in result.output


def test_a_port_in_use_exits_2_saying_what_to_do(invoke):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = invoke("serve", "--port", str(port), "--no-shipped", "--data", str(_tiny_data()))
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "--port 0" in result.output


def _tiny_data() -> Path:
    path = Path(__file__).parent / "tiny.ttl"
    assert path.is_file()
    return path


@pytest.fixture
def process() -> Iterator[tuple[subprocess.Popen[str], int]]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "partnerkg", "serve", "--port", str(port), "--workers", "1", "--no-shipped",
         "--data", str(_tiny_data())],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def wait_until_ready(proc: subprocess.Popen[str], port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else "exited"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError("the server did not become ready")


def workers_of(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in children.read_text().split()] if children.exists() else []


def running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_the_real_process_answers_and_stops_cleanly(process, sig):
    proc, port = process
    wait_until_ready(proc, port)
    query = urllib.parse.quote("SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?query={query}", timeout=30) as answer:
        rows = json.loads(answer.read())["results"]["bindings"]
    assert [r["l"]["value"] for r in rows] == ["Tiny Trust"]
    workers = workers_of(proc.pid)
    assert len(workers) == 1 and running(workers[0])

    started = time.monotonic()
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 0, err
    assert time.monotonic() - started < 5
    assert not running(workers[0])
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert f"http://127.0.0.1:{port}/sparql (SPARQL endpoint); 1 triples, 1 worker" in err
    log_lines = [line for line in err.splitlines() if " /sparql " in line]
    assert len(log_lines) == 1
    assert re.search(r' GET /sparql SELECT 200 \d+ms 1 "SELECT \?l WHERE', log_lines[0])
    assert out == ""


def test_killing_the_server_takes_its_workers_with_it(process):
    proc, port = process
    wait_until_ready(proc, port)
    workers = workers_of(proc.pid)
    assert workers
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    deadline = time.monotonic() + 5
    while any(running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(running(w) for w in workers)


def test_workers_that_cannot_start_stop_serve_with_exit_2():
    # 20 MiB of heap cannot hold the shipped graph: the worker says so and exits, and so does serve
    done = subprocess.run([sys.executable, "-m", "partnerkg", "serve", "--port", "0", "--workers", "1",
                           "--max-memory", "20"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "the graph does not fit in a query worker's memory limit (--max-memory)" in done.stderr
    assert "error: the server did not start: a query worker could not start: it exited with code 3" in done.stderr
    assert "Traceback" not in done.stderr


def test_start_server_says_why_it_did_not_start(served_graph):
    from partnerkg.server.app import Settings, start_server

    with pytest.raises(RuntimeError, match="a query worker could not start: it exited with code 3"):
        start_server(served_graph, Settings(workers=1, max_memory=20)).stop()
