"""Uploading a graph to another triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

The graph is sent as N-Triples in batches: the first replaces the target graph (HTTP PUT) unless
``append``, the rest add to it (POST). A batch never splits a group of triples linked through blank nodes
(a quote derivation and the triples around it), because a store reads each request as its own document and
would otherwise mint different blank nodes for the same one. Afterwards the target graph is read back
(GET) — or counted with a SPARQL query on the store's query endpoint, where one is given — and its
triples counted: with replace, the count must equal the number sent; with append, the graph
must hold at least as many triples as were sent. Any failure is an :class:`~partnerkg.interop.http.EndpointError`
naming the HTTP status and the server's message.

The target is ``?graph=IRI``, or the store's default graph (``?default``) when no graph is given.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph
from rdflib.term import Node

from partnerkg.errors import InputError
from partnerkg.interop.export import canonical
from partnerkg.interop.http import Credentials, EndpointClient, EndpointError
from partnerkg.queries.remote import RemoteEndpoint
from partnerkg.rdf_files import RDF_MEDIA_TYPES, read_rdf_bytes
from partnerkg.spreadsheets.values import as_iri

__all__ = ["DEFAULT_BATCH_SIZE", "PushResult", "batches", "count_remote", "push_graph"]

#: Triples per request by default (about 1–2 MB of N-Triples).
DEFAULT_BATCH_SIZE = 10_000

_TRIPLE = tuple[Node, Node, Node]


@dataclass(frozen=True)
class PushResult:
    """What a push did: where, how much, and the count read back."""

    endpoint: str
    graph: str | None
    triples: int
    batches: int
    remote_triples: int
    seconds: float


def _components(triples: list[_TRIPLE]) -> list[list[_TRIPLE]]:
    """Group triples into units: those sharing blank nodes (transitively) together, the rest alone."""
    parent: dict[BNode, BNode] = {}

    def find(b: BNode) -> BNode:
        while parent.setdefault(b, b) != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b

    for t in triples:
        nodes = [n for n in t if isinstance(n, BNode)]
        for other in nodes[1:]:
            parent[find(nodes[0])] = find(other)
    groups: dict[BNode, list[_TRIPLE]] = {}
    units: list[list[_TRIPLE]] = []
    for t in triples:
        nodes = [n for n in t if isinstance(n, BNode)]
        if nodes:
            root = find(nodes[0])
            if root not in groups:
                groups[root] = []
                units.append(groups[root])
            groups[root].append(t)
        else:
            units.append([t])
    return units


def batches(graph: Graph, batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[tuple[bytes, int]]:
    """The graph as N-Triples documents of at most ``batch_size`` triples each (a blank-node group larger
    than that travels alone), with their triple counts; deterministic for the same graph."""
    if batch_size < 1:
        raise InputError(f"--batch-size {batch_size}: must be at least 1")
    g = canonical(graph)
    ordered = sorted(g, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    current: list[_TRIPLE] = []
    for unit in _components(ordered):
        if current and len(current) + len(unit) > batch_size:
            yield _ntriples(current), len(current)
            current = []
        current.extend(unit)
    if current:
        yield _ntriples(current), len(current)


def _ntriples(triples: list[_TRIPLE]) -> bytes:
    g = Graph()
    for t in triples:
        g.add(t)  # type: ignore[arg-type]
    return g.serialize(format="nt", encoding="utf-8")


def _target(client: EndpointClient, graph_iri: str | None) -> str:
    return client.with_params(graph=graph_iri) if graph_iri else client.with_params(default=None)


def count_remote(client: EndpointClient, graph_iri: str | None, query_endpoint: str | None = None) -> int:
    """The number of triples the store holds in the target graph: counted with SPARQL on ``query_endpoint``
    when given, else read back whole with a GSP GET (EndpointError if the store truncates that answer)."""
    if query_endpoint is not None:
        remote = RemoteEndpoint(query_endpoint, client.credentials, client.timeout)
        pattern = f"GRAPH <{graph_iri}> {{ ?s ?p ?o }}" if graph_iri else "?s ?p ?o"
        rows = remote.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", "the triple count").rows
        try:
            return int(str(rows[0][0]))
        except (IndexError, TypeError, ValueError) as err:
            raise EndpointError(f"{query_endpoint}: the triple count came back as {rows!r}") from err
    url = _target(client, graph_iri)
    response = client.request("GET", url, headers={"Accept": "application/n-triples, text/turtle;q=0.9, "
                                                             "application/rdf+xml;q=0.5"}, action="reading back")
    if response.headers.get("X-SPARQL-MaxRows"):
        raise EndpointError(f"reading back {url}: the store cut its answer at {response.headers['X-SPARQL-MaxRows']} "
                            "rows (X-SPARQL-MaxRows), so the upload cannot be verified this way — pass "
                            "--query-endpoint with the store's SPARQL endpoint to count with a query, or raise its "
                            "row limit")
    fmt = RDF_MEDIA_TYPES.get(response.content_type)
    if fmt is None:
        raise EndpointError(f"reading back {url}: the store answered {response.content_type or 'no content type'}, "
                            "not RDF")
    if not response.body.strip():
        return 0
    try:
        parsed = read_rdf_bytes(response.body, fmt, f"the answer of {url}")
    except InputError as err:
        raise EndpointError(f"reading back {url}: {err}") from err
    return len(parsed)


def push_graph(graph: Graph, endpoint: str, *, graph_iri: str | None = None, credentials: Credentials | None = None,
               batch_size: int = DEFAULT_BATCH_SIZE, append: bool = False, query_endpoint: str | None = None,
               progress: Callable[[int], None] | None = None, timeout: float = 120.0) -> PushResult:
    """Upload ``graph`` to the Graph Store Protocol ``endpoint`` and verify the triple count (with a
    SPARQL COUNT on ``query_endpoint`` if given, else by reading the graph back).

    ``progress`` is called with the number of triples of each batch once the store has accepted it.
    """
    if graph_iri is not None and (as_iri(f"<{graph_iri}>") is None or ":" not in graph_iri):
        raise InputError(f"--graph {graph_iri!r}: not an absolute IRI — write e.g. https://example.org/graph")
    total = len(graph)
    if total == 0:
        raise InputError("nothing to push: the graph is empty")
    client = EndpointClient(endpoint, credentials, timeout)
    url = _target(client, graph_iri)
    start = time.monotonic()
    sent = count = 0
    for body, n in batches(graph, batch_size):
        method = "POST" if append or count else "PUT"
        client.request(method, url, body, {"Content-Type": "application/n-triples"},
                       action=f"uploading batch {count + 1} ({n} triples)")
        sent += n
        count += 1
        if progress is not None:
            progress(n)
    remote = count_remote(client, graph_iri, query_endpoint)
    where = f"<{graph_iri}>" if graph_iri else "the default graph"
    if append and remote < total:
        raise EndpointError(f"verification failed: {where} at {client.url} holds {remote} triples after the upload, "
                            f"fewer than the {total} sent")
    if not append and remote != total:
        raise EndpointError(f"verification failed: {where} at {client.url} holds {remote} triples after the upload, "
                            f"but {total} were sent (does the store merge equal literals, or read other graphs "
                            "into this one?)")
    return PushResult(client.url, graph_iri, sent, count, remote, time.monotonic() - start)
