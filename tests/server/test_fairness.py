"""One client cannot starve the others: a client's slow queries take at most its share of the workers and of
the queue (503 with Retry-After beyond it, and beyond the queue's bound), and cheap queries — an ASK, a
small lookup — go before queued slow work on a worker that slow work may not take.

Clients are told apart by their IP address; each test client sends from its own loopback address
(127.0.0.0/8 is all this machine). The assertions are about order (the cheap answer came while the slow
ones were still waiting), not about seconds."""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from collections.abc import Iterator

import pytest

from partnerkg.server.app import RunningServer, Settings, start_server

from .conftest import SLOW_QUERY, Answer

TIMEOUT = 2.0
CLIENT_WAITING = 2
MAX_WAITING = 4
HOSTILE, CHEAP, OTHER = "127.0.0.2", "127.0.0.3", "127.0.0.4"


@pytest.fixture(scope="module")
def fair_server(served_graph) -> Iterator[RunningServer]:
    settings = Settings(timeout=TIMEOUT, workers=2, client_waiting=CLIENT_WAITING, max_waiting=MAX_WAITING,
                        max_memory=1024)
    with start_server(served_graph, settings) as running:
        yield running


def ask_from(server: RunningServer, source: str, query: str) -> Answer:
    """POST ``query`` to ``server`` from the loopback address ``source``."""
    parts = urllib.parse.urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120, source_address=(source, 0))
    try:
        conn.request("POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query"})
        response = conn.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        conn.close()


class Flood:
    """``count`` slow queries from ``source`` at once, in threads; ``answers`` in the order they came."""

    def __init__(self, server: RunningServer, source: str, count: int) -> None:
        self.answers: list[Answer] = []
        self.lock = threading.Lock()
        # different texts, so no answer is a repeat of another (each one's own cross join)
        self.threads = [threading.Thread(target=self._one, args=(server, source, f"{SLOW_QUERY} # {source} {i}"))
                        for i in range(count)]
        for t in self.threads:
            t.start()

    def _one(self, server: RunningServer, source: str, query: str) -> None:
        answer = ask_from(server, source, query)
        with self.lock:
            self.answers.append(answer)

    def done(self) -> int:
        with self.lock:
            return len(self.answers)

    def join(self) -> list[Answer]:
        for t in self.threads:
            t.join(120)
        return self.answers


def settle(server: RunningServer) -> None:
    """Wait until both workers are back and nothing is queued (the previous test's slow queries are gone)."""
    pool = server.app.state.pool
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (len(pool.pids()) < 2 or pool._waiting or pool._clients):
        time.sleep(0.05)


@pytest.mark.parametrize("cheap_source", [CHEAP, HOSTILE], ids=["another-client", "the-same-address"])
def test_a_cheap_query_is_answered_while_one_client_floods_slow_queries(fair_server, cheap_source):
    settle(fair_server)
    flood = Flood(fair_server, HOSTILE, 3)  # 1 runs, 2 wait (its share of the queue)
    time.sleep(0.5)
    for query in ("ASK {}", "SELECT ?label WHERE { <https://w3id.org/partnerkg/id/organisation/mind> "
                            "<http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 5"):
        answer = ask_from(fair_server, cheap_source, query)
        assert answer.status == 200, answer.text
        assert flood.done() == 0, "the cheap query waited for the slow ones"
    answers = flood.join()
    assert [a.status for a in answers] == [503, 503, 503]  # each slow query ran until the time limit
    assert all("longer than this endpoint's limit" in a.text for a in answers)


def test_a_client_over_its_share_of_the_queue_gets_503_with_retry_after(fair_server):
    settle(fair_server)
    flood = Flood(fair_server, HOSTILE, 1 + CLIENT_WAITING + 2)  # 1 runs, 2 wait, 2 over the share
    time.sleep(1.0)
    refused = list(flood.answers)
    assert len(refused) == 2, "only the requests over the share are answered at once"
    for answer in refused:
        assert answer.status == 503
        assert answer.headers["Retry-After"] == "5"
        assert answer.text == (f"the server is busy: this client already has {CLIENT_WAITING} requests waiting for "
                               "a query worker (its share of the queue); try again when some are answered\n")
    # another client still gets in line, and is answered in turn
    other = ask_from(fair_server, OTHER, "ASK { ?s ?p ?o }")
    assert other.status == 200
    assert [a.status for a in flood.join()] == [503] * 5


def test_the_queue_bound_is_503_with_retry_after(fair_server):
    settle(fair_server)
    first = Flood(fair_server, HOSTILE, 1 + CLIENT_WAITING)  # 1 runs, 2 wait
    time.sleep(0.5)
    second = Flood(fair_server, OTHER, CLIENT_WAITING)  # 2 wait: the queue is full
    time.sleep(0.5)
    late = ask_from(fair_server, CHEAP, SLOW_QUERY + " # late")
    assert late.status == 503
    assert late.headers["Retry-After"] == "5"
    assert late.text == (f"the server is busy: {MAX_WAITING} requests are already waiting for a query worker; try "
                         "again shortly\n")
    assert first.done() == 0 and second.done() == 0
    first.join()
    second.join()
