"""Fixtures of the endpoint tests: one real server on a free loopback port for the whole session (the
shipped graph plus a few hostile labels), a raw HTTP helper, and a loopback listener that records any
connection."""

from __future__ import annotations

import http.client
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from rdflib import Dataset, Graph

from partnerkg.queries.result import QueryResult
from partnerkg.queries.runner import run_query
from partnerkg.server.app import RunningServer, Settings, start_server
from partnerkg.store.graphs import open_graph
from tests.reliability.listener import Listener

#: Limits of the session's server: short enough to test, long enough for every library query.
TIMEOUT = 2.5
MAX_RESULTS = 1000
MAX_BODY = 64 * 1024
MAX_MEMORY = 1024  # MiB per worker
REQUEST_TIMEOUT = 2.0  # seconds to send a request's head, and its body

IMG = "<img src=x onerror=window.__pwned=1>"
SCRIPT = "</script><script>window.__pwned=1</script>"
HOSTILE_TTL = f"""
@prefix pk: <https://w3id.org/partnerkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/partnerkg/id/organisation/hostile-one> a pk:Organisation ; rdfs:label "Hostile {IMG}"@en .
<https://w3id.org/partnerkg/id/organisation/hostile-two> a pk:Organisation ; rdfs:label "Hostile {SCRIPT}"@en .
"""

SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="session")
def served_graph() -> Dataset:
    """What the session's server serves: the shipped graph and two organisations with hostile labels."""
    graph = open_graph()
    extra = Graph().parse(data=HOSTILE_TTL, format="turtle")
    graph.default_graph.addN((s, p, o, graph.default_graph) for s, p, o in extra)
    return graph


@pytest.fixture(scope="session")
def server(served_graph: Dataset) -> Iterator[RunningServer]:
    """A real server (uvicorn in a background thread, two worker processes) on a free loopback port."""
    settings = Settings(timeout=TIMEOUT, max_results=MAX_RESULTS, max_body=MAX_BODY, max_memory=MAX_MEMORY, workers=2,
                        request_timeout=REQUEST_TIMEOUT)
    running = start_server(served_graph, settings)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def local(served_graph: Dataset):
    """Run a query locally, in this process, over the same graph: the answer the server must give."""

    def run(text: str) -> QueryResult:
        return run_query(text, None, served_graph, origin="query")

    return run


@dataclass
class Answer:
    """An HTTP response as read by http.client."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()


def call(base: str, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
         timeout: float = 60.0) -> Answer:
    """One HTTP request on a fresh connection; ``base`` is the server's URL."""
    parts = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        conn.close()


def get_query(base: str, query: str, accept: str | None = None, **params: str) -> Answer:
    """GET /sparql?query=…"""
    qs = urllib.parse.urlencode({"query": query, **params})
    return call(base, "GET", f"/sparql?{qs}", headers={"Accept": accept} if accept else {})


def post_query(base: str, query: str, accept: str | None = None) -> Answer:
    """POST /sparql with an application/sparql-query body."""
    headers = {"Content-Type": "application/sparql-query"}
    if accept:
        headers["Accept"] = accept
    return call(base, "POST", "/sparql", query.encode("utf-8"), headers)


def post_form(base: str, fields: list[tuple[str, str]], accept: str | None = None) -> Answer:
    """POST /sparql with an application/x-www-form-urlencoded body."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return call(base, "POST", "/sparql", urllib.parse.urlencode(fields).encode("ascii"), headers)


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()
