"""Pushing to a real loopback triple store through the Graph Store Protocol: batches, blank nodes, auth, failures."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from partnerkg.errors import EndpointError, InputError
from partnerkg.interop.http import Credentials, EndpointClient, server_message
from partnerkg.interop.push import batches, push_graph
from partnerkg.namespaces import PK

from .store_server import PASSWORD, USER, StoreServer

GRAPH = "https://example.org/partnerkg"


def derivation_graph(n: int = 30) -> Graph:
    """n organisations, each with a blank-node derivation of three triples, and labels."""
    g = Graph()
    for i in range(n):
        org = URIRef(f"https://w3id.org/partnerkg/id/organisation/o{i}")
        d = BNode()
        g.add((org, RDFS.label, Literal(f"Organisation {i} — “quoted” 🌈", lang="en")))
        g.add((org, URIRef("http://www.w3.org/ns/prov#qualifiedDerivation"), d))
        g.add((d, RDF.type, URIRef("http://www.w3.org/ns/prov#Derivation")))
        g.add((d, PK.row, Literal(i + 2)))
    return g


def _count(server: StoreServer) -> int:
    return len(server.store)


def test_batches_keep_blank_node_groups_whole() -> None:
    g = derivation_graph(30)
    parts = list(batches(g, batch_size=7))
    assert sum(n for _, n in parts) == len(g) == 120
    for body, n in parts:
        parsed = Graph().parse(data=body, format="nt")
        assert len(parsed) == n <= 7
        for d in {o for o in parsed.objects() if isinstance(o, BNode)}:
            assert len(list(parsed.predicate_objects(d))) == 2  # the derivation's own triples travel with it
    assert [b for b, _ in parts] == [b for b, _ in batches(g, batch_size=7)]  # deterministic
    with pytest.raises(InputError, match="at least 1"):
        list(batches(g, batch_size=0))


def test_a_blank_node_group_larger_than_a_batch_travels_alone() -> None:
    g = Graph()
    head = BNode()
    for i in range(5):
        g.add((head, PK.row, Literal(i)))
    g.add((URIRef("urn:x"), PK.row, Literal(9)))
    assert sorted(n for _, n in batches(g, batch_size=2)) == [1, 5]


@pytest.mark.parametrize("auth", ["none", "basic", "digest"])
def test_push_replaces_then_adds_and_verifies(store_server: Callable[..., StoreServer], auth: str) -> None:
    server = store_server(auth=auth)
    credentials = Credentials(USER, PASSWORD) if auth != "none" else None
    stale = ox.Quad(ox.NamedNode("urn:old"), ox.NamedNode("urn:p"), ox.Literal("stale"), ox.NamedNode(GRAPH))
    server.store.add(stale)
    g = derivation_graph(30)
    progress: list[int] = []
    result = push_graph(g, f"{server.url}/store", graph_iri=GRAPH, credentials=credentials, batch_size=40,
                        progress=progress.append)
    assert (result.triples, result.batches, result.remote_triples) == (120, 3, 120)
    assert progress == [40, 40, 40]
    assert stale not in server.store  # the first batch replaced the graph
    assert _count(server) == 120
    uploads = [m for m, _, ok in server.requests if m in ("PUT", "POST") and ok]
    assert uploads == ["PUT", "POST", "POST"]
    blank = list(server.store.quads_for_pattern(None, ox.NamedNode(str(PK.row)), None))
    assert len({q.subject for q in blank}) == 30  # every derivation arrived once, whole
    if auth != "none":
        # the scheme is learnt with an empty HEAD; no upload body is ever sent unauthenticated
        assert [(m, ok) for m, _, ok in server.requests[:2]] == [("HEAD", False), ("HEAD", True)]
        assert all(ok for m, _, ok in server.requests if m in ("PUT", "POST"))
        assert len(server.bodies) == 3


def test_push_appends(store_server: Callable[..., StoreServer]) -> None:
    server = store_server()
    server.store.add(ox.Quad(ox.NamedNode("urn:old"), ox.NamedNode("urn:p"), ox.Literal("kept"),
                             ox.NamedNode(GRAPH)))
    result = push_graph(derivation_graph(5), f"{server.url}/store", graph_iri=GRAPH, append=True)
    assert result.remote_triples == 21


def test_push_to_the_default_graph(store_server: Callable[..., StoreServer]) -> None:
    server = store_server()
    result = push_graph(derivation_graph(3), f"{server.url}/store")
    assert result.graph is None and result.remote_triples == 12
    assert server.requests[0][1].endswith("/store?default")


def test_wrong_password_is_refused_before_any_data_is_sent(store_server: Callable[..., StoreServer]) -> None:
    server = store_server(auth="digest")
    with pytest.raises(EndpointError, match="HTTP 401 Unauthorized — the user name or password was refused"):
        push_graph(derivation_graph(3), f"{server.url}/store", graph_iri=GRAPH, credentials=Credentials(USER, "x"))
    assert server.bodies == []


def test_missing_credentials(store_server: Callable[..., StoreServer]) -> None:
    server = store_server(auth="basic")
    with pytest.raises(EndpointError, match=r"HTTP 401 Unauthorized — the endpoint needs a user name and password"):
        push_graph(derivation_graph(3), f"{server.url}/store", graph_iri=GRAPH)


def test_failure_names_status_and_server_message(store_server: Callable[..., StoreServer]) -> None:
    server = store_server(fail_with=500)
    with pytest.raises(EndpointError) as err:
        push_graph(derivation_graph(3), f"{server.url}/store", graph_iri=GRAPH)
    assert str(err.value) == (
        f"uploading batch 1 (12 triples) at {server.url}/store?graph=https%3A%2F%2Fexample.org%2Fpartnerkg: "
        "HTTP 500 Internal Server Error — the server says: Request Failed Error 42: the store is read-only & full")


def test_verification_catches_lost_triples(store_server: Callable[..., StoreServer]) -> None:
    server = store_server(drop=1)
    with pytest.raises(EndpointError, match="holds 11 triples after the upload, but 12 were sent"):
        push_graph(derivation_graph(3), f"{server.url}/store", graph_iri=GRAPH)


def test_a_truncated_read_back_is_not_taken_for_a_count(store_server: Callable[..., StoreServer]) -> None:
    server = store_server(max_rows=10)
    with pytest.raises(EndpointError, match=r"cut its answer at 10 rows \(X-SPARQL-MaxRows\)"):
        push_graph(derivation_graph(3), f"{server.url}/store", graph_iri=GRAPH)
    result = push_graph(derivation_graph(3), f"{server.url}/store", graph_iri=GRAPH,
                        query_endpoint=f"{server.url}/query")
    assert result.remote_triples == 12


def test_unreachable_endpoint_and_bad_arguments(store_server: Callable[..., StoreServer]) -> None:
    server = store_server()
    port = int(server.url.rsplit(":", 1)[1])
    server.stop()
    with pytest.raises(EndpointError, match=r"cannot connect \(Connection refused\)"):
        push_graph(derivation_graph(1), f"http://127.0.0.1:{port}/store", graph_iri=GRAPH)
    with pytest.raises(EndpointError, match="not an http\\(s\\) endpoint URL"):
        push_graph(derivation_graph(1), "file:///etc/passwd")
    with pytest.raises(InputError, match="not an absolute IRI"):
        push_graph(derivation_graph(1), "http://127.0.0.1:1/store", graph_iri="not an iri")
    with pytest.raises(InputError, match="the graph is empty"):
        push_graph(Graph(), "http://127.0.0.1:1/store")


def test_redirects_are_reported_not_followed(store_server: Callable[..., StoreServer]) -> None:
    server = store_server()
    client = EndpointClient(f"{server.url}/moved")
    moved = f"HTTP 301 Moved Permanently — the endpoint redirects to {server.url}/store;"
    with pytest.raises(EndpointError, match=moved):
        client.request("GET", client.url)
    with pytest.raises(EndpointError, match="HTTP 404 Not Found — the server says: no such endpoint"):
        client.request("GET", f"{server.url}/nowhere")


def test_credentials_in_the_url(store_server: Callable[..., StoreServer]) -> None:
    server = store_server(auth="digest")
    host = server.url.removeprefix("http://")
    result = push_graph(derivation_graph(2), f"http://{USER}:{PASSWORD}@{host}/store", graph_iri=GRAPH)
    assert result.remote_triples == 8 and "@" not in result.endpoint


def test_server_message_strips_markup() -> None:
    from email.message import Message

    from partnerkg.interop.http import Response

    headers = Message()
    headers["Content-Type"] = "text/html"
    page = b"<html><script>var x=1;</script><body><h1>Error</h1>\n<p>a &lt;b&gt; c</p></body></html>"
    assert server_message(Response(500, "x", headers, page)) == "Error a <b> c"
