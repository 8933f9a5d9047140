"""A server answering queries while ``partnerkg load`` runs keeps answering correctly.

A real ``partnerkg serve --store A`` process (uvicorn, two query workers, a free loopback port) answers a
client thread that sends library queries and a triple count in a loop, while ``partnerkg load big.nt``
(about 215,000 generated triples) runs in another process:

- into another store B: every answer during and after the load equals the answer before it, none fails;
- into A itself: every answer is either the old answer or the answer of the complete new store (computed
  afterwards with ``partnerkg query --store A``), never an error and never a mix. ``partnerkg.store.load`` swaps
  the staging copy in with one ``renameat2(RENAME_EXCHANGE)`` and removes the old folder; a worker keeps the
  read-only store it opened until it sees the folder's inode change, and answers every later query from the
  new version: every query sent after the load ended gets the new answer.
"""

from __future__ import annotations

import gc
import http.client
import json
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from partnerkg.cli import cli
from partnerkg.graph.synthetic import generate
from partnerkg.store.load import load

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
#: name -> (HTTP path of the request, ``partnerkg query`` arguments giving the same answer)
REQUESTS: dict[str, tuple[str, list[str]]] = {
    "policies-by-year": ("/queries/policies-by-year", ["policies-by-year"]),
    "search": ("/queries/search?text=Land", ["search", "--param", "text=Land"]),
    "count": ("/sparql?" + urllib.parse.urlencode({"query": COUNT}), ["-"]),
}


def _bindings(body: str) -> list[str]:
    """An answer's rows, order aside (the order is not what these tests are about)."""
    return sorted(json.dumps(b, sort_keys=True) for b in json.loads(body)["results"]["bindings"])


def _ask(port: int, path: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        answer = conn.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _local(store: Path) -> dict[str, list[str]]:
    """Each request's answer computed in this process from the store as it is now."""
    out = {}
    for name, (_, args) in REQUESTS.items():
        result = CliRunner().invoke(cli, ["query", *args, "--store", str(store), "-f", "json"],
                                    input=COUNT if args == ["-"] else None, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        out[name] = _bindings(result.stdout)
    gc.collect()  # here: pyoxigraph objects in reference cycles must not be freed by the client thread
    return out


def _count(store: Path) -> int:
    """The number of triples in ``store``'s union graph, as ``partnerkg query --store`` counts them."""
    result = CliRunner().invoke(cli, ["query", "-", "--store", str(store), "-f", "json"], input=COUNT,
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    gc.collect()  # as in _local
    return int(json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"])


@dataclass
class Answer:
    name: str
    started: float
    ended: float
    status: int | None
    rows: list[str] | None
    error: str | None


class Client:
    """A thread that sends every request in turn, again and again, and records each answer."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for name, (path, _) in REQUESTS.items():
                started = time.monotonic()
                try:
                    status, body = _ask(self.port, path)
                    rows = _bindings(body) if status == 200 else None
                    self.answers.append(Answer(name, started, time.monotonic(), status, rows,
                                               None if status == 200 else body[:500]))
                except Exception as err:  # a failed request is what these tests look for
                    self.answers.append(Answer(name, started, time.monotonic(), None, None, repr(err)))

    def __enter__(self) -> Client:
        self._thread.start()
        return self

    def rounds_after(self, moment: float, rounds: int = 1, timeout: float = 120) -> None:
        """Wait until every request has been answered ``rounds`` times after ``moment``."""
        deadline = time.monotonic() + timeout
        while min(sum(1 for a in self.answers if a.name == n and a.started > moment) for n in REQUESTS) < rounds:
            assert time.monotonic() < deadline, "the client got no answers"
            time.sleep(0.05)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(130)


@dataclass
class Served:
    port: int
    before: dict[str, list[str]]


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("serve-load")
    generate(root / "small.nt", 80, 100, seed=3)
    generate(root / "big.nt", 8_000, 10_000, seed=1)  # about 215,000 triples
    load([root / "small.nt"], root / "A")  # with the shipped graph: the library queries have answers
    load([root / "small.nt"], root / "B", shipped=False)
    return {"A": root / "A", "B": root / "B", "big": root / "big.nt"}


@pytest.fixture(scope="module")
def served(stores: dict[str, Path]) -> Iterator[Served]:
    """``partnerkg serve --store A`` in its own process; stopped with SIGTERM afterwards."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "partnerkg", "serve", "--store", str(stores["A"]), "--port", "0", "--workers", "2",
         "--timeout", "120", "--max-results", "1000000"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if "partnerkg serve: http://" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        assert ready.wait(120), "".join(lines)[-3000:]
        url = next(line for line in lines if "partnerkg serve: http://" in line).split()[2]
        port = urllib.parse.urlsplit(url).port
        assert port is not None
        before = {}
        for name, (path, _) in REQUESTS.items():
            status, body = _ask(port, path)
            assert status == 200, body
            before[name] = _bindings(body)
        assert before == _local(stores["A"]), "the endpoint and 'partnerkg query --store' disagree"
        assert before["policies-by-year"] and before["search"]
        yield Served(port, before)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            assert proc.wait(timeout=30) == 0, "".join(lines)[-3000:]
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            raise


def _load(big: Path, store: Path) -> tuple[float, float]:
    """Run ``partnerkg load big --store store`` in another process; when it began and ended."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "partnerkg", "load", str(big), "--store", str(store), "--quiet"],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return started, time.monotonic()


def test_loading_another_store_changes_no_answer(stores, served) -> None:
    with Client(served.port) as client:
        client.rounds_after(time.monotonic())
        started, ended = _load(stores["big"], stores["B"])
        client.rounds_after(ended)
    failures = [a for a in client.answers if a.status != 200]
    assert failures == []
    assert [a.name for a in client.answers if a.rows != served.before[a.name]] == []
    during = [a for a in client.answers if a.started >= started and a.ended <= ended]
    assert during, "no query was answered while the load ran"
    assert _count(stores["B"]) > 200_000  # B was loaded


def test_loading_the_served_store_gives_old_or_new_answers_never_an_error(stores, served) -> None:
    with Client(served.port) as client:
        client.rounds_after(time.monotonic())
        started, ended = _load(stores["big"], stores["A"])
        client.rounds_after(ended)
    after = _local(stores["A"])
    assert after["count"] != served.before["count"], "the load changed nothing: the test proves nothing"
    failures = [(a.name, a.status, a.error) for a in client.answers if a.status != 200]
    assert failures == []
    mixed = [a.name for a in client.answers if a.rows not in (served.before[a.name], after[a.name])]
    assert mixed == []
    stale = [a.name for a in client.answers if a.started > ended and a.rows != after[a.name]]
    assert stale == [], "queries sent after the load were answered from the old version"
    assert [a for a in client.answers if a.started > ended]
    assert [a for a in client.answers if a.started >= started and a.ended <= ended], \
        "no query was answered while the load ran"
