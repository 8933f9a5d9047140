"""Streamed answers: a SELECT longer than ``stream_after`` rows goes out with chunked transfer encoding as its
rows come, with the same bytes as the whole answer; one that passes the row cap or the time limit on the way
is cut, and every real client (http.client, httpx, SPARQLWrapper) reports it as incomplete instead of taking
the rows so far for the answer. The worker of a cut answer is released (cap) or replaced (time, a client that
left), and the fairness lanes still hold while a stream holds a worker.

Two real servers over the session's graph: ``streaming`` (row cap 3,000, streams after 50 rows) and
``unbounded`` (no practical row cap, a short time limit)."""

from __future__ import annotations

import csv
import http.client
import io
import json
import logging
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper

from partnerkg.queries import list_queries
from partnerkg.queries.formats import format_result
from partnerkg.server.app import RunningServer, Settings, start_server

from .conftest import get_query
from .test_limits import running, wait_for

STREAM_AFTER = 50
CAP = 3000
TIMEOUT = 3.0
ORDERED = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 2000"
EVERYTHING = "SELECT * WHERE { ?s ?p ?o }"  # over 12,000 rows: over the cap
ENDLESS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # 150 million rows: streams until the time limit
FORMATS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
           "tsv": "text/tab-separated-values"}


@pytest.fixture(scope="module")
def streaming(served_graph) -> Iterator[RunningServer]:
    settings = Settings(timeout=TIMEOUT, max_results=CAP, stream_after=STREAM_AFTER, workers=2, max_memory=1024)
    with start_server(served_graph, settings) as running_server:
        yield running_server


@pytest.fixture(scope="module")
def unbounded(served_graph) -> Iterator[RunningServer]:
    settings = Settings(timeout=TIMEOUT, max_results=10**9, stream_after=STREAM_AFTER, workers=2, max_memory=1024)
    with start_server(served_graph, settings) as running_server:
        yield running_server


def _connection(server: RunningServer, timeout: float = 60.0) -> http.client.HTTPConnection:
    parts = urllib.parse.urlsplit(server.url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)


def _get(server: RunningServer, query: str, accept: str) -> http.client.HTTPResponse:
    conn = _connection(server)
    conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    return conn.getresponse()


def _settled(server: RunningServer) -> bool:
    """Every worker ready and idle, nothing counted as running: a stream gave back what it held."""
    pool = server.app.state.pool
    return len(pool.pids()) == 2 and pool._running == 0 and pool._expensive == 0 and not pool._clients


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_long_answer_is_streamed_with_the_bytes_of_the_whole_answer(streaming, local, fmt):
    response = _get(streaming, ORDERED, FORMATS[fmt])
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    assert response.getheader("Content-Length") is None
    assert response.read() == format_result(local(ORDERED), fmt)
    assert wait_for(lambda: _settled(streaming), 10)


def test_a_short_answer_is_sent_whole(streaming, local):
    query = "SELECT ?s WHERE { ?s a ?c } ORDER BY ?s LIMIT 10"
    response = _get(streaming, query, FORMATS["json"])
    assert response.getheader("Transfer-Encoding") is None
    body = response.read()
    assert int(response.getheader("Content-Length")) == len(body)
    assert body == format_result(local(query), "json")


def test_library_queries_stream_their_answers(streaming, served_graph):
    from partnerkg.queries.runner import run

    long = [q.name for q in list_queries() if STREAM_AFTER < len(run(q.name, served_graph).rows) <= CAP
            if run(q.name, served_graph).type == "SELECT"][:2]
    assert long, "the shipped graph has library queries longer than the streaming threshold"
    for name in long:
        conn = _connection(streaming)
        conn.request("GET", f"/queries/{name}", headers={"Accept": "text/csv"})
        response = conn.getresponse()
        assert response.getheader("Transfer-Encoding") == "chunked", name
        assert response.read() == format_result(run(name, served_graph), "csv"), name


def test_a_stream_over_the_row_cap_is_cut_and_every_client_says_so(streaming, caplog):
    pool = streaming.app.state.pool
    assert wait_for(lambda: _settled(streaming), 10)
    before = set(pool.pids())
    caplog.set_level(logging.INFO, logger="partnerkg.server.app")

    response = _get(streaming, EVERYTHING, FORMATS["json"])
    assert response.status == 200
    with pytest.raises(http.client.IncompleteRead) as cut:
        response.read()
    partial = cut.value.partial
    assert partial.count(b'"type":') >= CAP, "the rows up to the cap were sent"
    with pytest.raises(json.JSONDecodeError):
        json.loads(partial)  # an unterminated document: no parser takes it for a whole answer

    with httpx.Client(timeout=60) as client, pytest.raises(httpx.RemoteProtocolError):
        client.get(streaming.sparql_url, params={"query": EVERYTHING}, headers={"Accept": "text/csv"}).read()

    for fmt in (JSON, CSV):
        sparql = SPARQLWrapper(streaming.sparql_url)
        sparql.setQuery(EVERYTHING)
        sparql.setReturnFormat(fmt)
        sparql.setMethod(POST)
        with pytest.raises(http.client.IncompleteRead):
            sparql.query().convert()

    assert any("200-cut" in r.getMessage() and "over this endpoint's limit of 3000" in r.getMessage()
               for r in caplog.records), "the log line says the answer was cut, and why"
    assert wait_for(lambda: _settled(streaming), 10)
    assert set(pool.pids()) == before, "a worker that finished its answer at the cap is kept"
    assert get_query(streaming.url, "ASK {}").status == 200


def test_sparqlwrapper_reads_a_whole_streamed_answer(streaming, local):
    sparql = SPARQLWrapper(streaming.sparql_url)
    sparql.setQuery(ORDERED)
    sparql.setReturnFormat(JSON)
    got = sparql.query().convert()
    assert got == json.loads(format_result(local(ORDERED), "json"))
    sparql.setReturnFormat(CSV)
    rows = list(csv.reader(io.StringIO(sparql.query().convert().decode("utf-8"))))
    assert len(rows) == 2001 and rows[0] == ["s", "p", "o"]


def test_a_stream_is_cut_at_the_time_limit_and_its_first_rows_came_at_once(unbounded):
    pool = unbounded.app.state.pool
    assert wait_for(lambda: _settled(unbounded), 30)
    before = set(pool.pids())
    started = time.monotonic()
    response = _get(unbounded, ENDLESS, FORMATS["tsv"])
    first = response.readline()
    first_seconds = time.monotonic() - started
    assert first == b"?a\t?b\t?c\t?d\t?e\t?f\n"
    assert first_seconds < 1.0, "the first bytes wait for the whole answer"
    with pytest.raises(http.client.IncompleteRead):
        response.read()
    assert TIMEOUT - 0.5 <= time.monotonic() - started < TIMEOUT + 5
    killed = before - set(pool.pids())
    assert len(killed) == 1, "the streaming worker was stopped at the limit"
    (pid,) = killed  # read once: the condition below is polled, and under load more than once
    assert wait_for(lambda: not running(pid), 5)
    assert wait_for(lambda: _settled(unbounded), 30), "and replaced"


def test_a_client_that_leaves_mid_stream_frees_its_worker_at_once(unbounded):
    pool = unbounded.app.state.pool
    assert wait_for(lambda: _settled(unbounded), 30)
    before = set(pool.pids())
    port = int(urllib.parse.urlsplit(unbounded.url).port or 0)
    query = urllib.parse.urlencode({"query": ENDLESS})
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(f"GET /sparql?{query} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/csv\r\n\r\n".encode())
        assert b"chunked" in sock.recv(65536).lower()
    left = time.monotonic()
    assert wait_for(lambda: not before <= set(pool.pids()), TIMEOUT - 1), "the abandoned stream's worker goes"
    assert time.monotonic() - left < TIMEOUT - 1
    assert wait_for(lambda: _settled(unbounded), 30)


def test_a_cheap_query_is_answered_while_a_slow_reader_holds_a_stream(unbounded):
    """The stream holds its worker (the client reads nothing, so the worker waits on the full pipe); the
    other worker, kept for cheap work, answers another client's ASK at once."""
    assert wait_for(lambda: _settled(unbounded), 30)
    response = _get(unbounded, ENDLESS, FORMATS["csv"])
    response.readline()  # the stream has begun; now read nothing more
    answers: dict[str, object] = {}

    def ask() -> None:
        started = time.monotonic()
        parts = urllib.parse.urlsplit(unbounded.url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60, source_address=("127.0.0.5", 0))
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}))
        answers["status"] = conn.getresponse().status
        answers["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=ask)
    thread.start()
    thread.join(TIMEOUT + 10)
    assert answers["status"] == 200
    assert answers["seconds"] < TIMEOUT - 1, "the ASK waited for the stream"
    response.close()
    assert wait_for(lambda: _settled(unbounded), 30)


# ---- graphs over a store ----------------------------------------------------------------------------------

GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) }"  # compared as sets
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
               "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def store_folder(tmp_path_factory):
    from partnerkg.store.load import load

    from .test_store import TINY

    folder = tmp_path_factory.mktemp("stream") / "store"
    load([TINY], folder, shipped=True)
    return folder


@pytest.fixture(scope="module")
def store_streaming(store_folder) -> Iterator[RunningServer]:
    settings = Settings(timeout=TIMEOUT, max_results=100_000, stream_after=STREAM_AFTER, workers=2, max_memory=1024)
    with start_server(store=store_folder, settings=settings) as running_server:
        yield running_server


@pytest.mark.parametrize("media", sorted(GRAPH_TYPES))
def test_a_long_graph_over_a_store_is_streamed_and_reads_back_as_the_whole_graph(store_streaming, store_folder,
                                                                                media):
    from rdflib import Graph

    from partnerkg.queries.runner import run_query
    from partnerkg.store.graphs import open_graph

    response = _get(store_streaming, GRAPH, media)
    assert response.status == 200
    assert response.getheader("Transfer-Encoding") == "chunked"
    got = Graph().parse(data=response.read(), format=GRAPH_TYPES[media])
    expected = run_query(GRAPH, None, open_graph(store=store_folder)).graph
    assert len(got) == len(expected) > STREAM_AFTER
    assert set(got) == set(expected)


def test_a_short_graph_is_written_whole_as_before(store_streaming, store_folder):
    from partnerkg.queries.runner import run_query
    from partnerkg.store.graphs import open_graph

    query = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5"
    response = _get(store_streaming, query, "text/turtle")
    assert response.getheader("Transfer-Encoding") is None
    assert response.read() == format_result(run_query(query, None, open_graph(store=store_folder)), "turtle")


def test_a_graph_over_the_cap_is_cut(store_folder):
    settings = Settings(timeout=TIMEOUT, max_results=200, stream_after=STREAM_AFTER, workers=1, max_memory=1024)
    with start_server(store=store_folder, settings=settings) as server:
        response = _get(server, GRAPH, "application/n-triples")
        assert response.status == 200
        with pytest.raises(http.client.IncompleteRead) as cut:
            response.read()
        assert cut.value.partial.count(b" .\n") == 200
