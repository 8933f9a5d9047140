"""Running library queries on a remote SPARQL endpoint (a real loopback Oxigraph store)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from email.message import Message
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result
from rdflib import BNode, Graph, Literal, URIRef

from partnerkg.errors import EndpointError, QueryError, UnknownEntityError
from partnerkg.interop.export import serialise, stable_bnodes
from partnerkg.interop.http import Response
from partnerkg.ontology import load_ontology
from partnerkg.queries.remote import RemoteEndpoint, _read_results, run_remote, run_remote_library
from partnerkg.queries.runner import run
from tests.interop.store_server import StoreServer

FIXTURE = Path(__file__).parent.parent / "queries" / "fixture.ttl"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[tuple[str, Graph]]:
    """A store holding the ontology and the query tests' fixture graph; yields (query URL, same graph locally)."""
    g = load_ontology()
    g.parse(FIXTURE, format="turtle")
    server = StoreServer().start()
    server.store.load(serialise(g, "nt"), ox.RdfFormat.N_TRIPLES)
    yield f"{server.url}/query", g
    server.stop()


@pytest.mark.parametrize(("name", "params"), [
    ("organisations-by-sector", {}),
    ("organisations-by-sector", {"sector": "third sector"}),
    ("partnerships-by-model", {"model": "co-location model"}),
    ("partnership-partners", {"partnership": "Alpha and Beta partnership"}),
    ("policies-by-year", {"year": "1999"}),
    ("how-connected", {"org1": "Alpha Trust", "org2": "Delta Council"}),
    ("search", {"text": "partnership"}),
    ("organisations-by-kind", {"within": "<https://w3id.org/partnerkg/ontology#VoluntaryCommunityOrganisation>"}),
])
def test_remote_rows_equal_local_rows(endpoint: tuple[str, Graph], name: str, params: dict[str, str]) -> None:
    url, g = endpoint
    remote, local = run_remote_library(name, url, **params), run(name, g, **params)
    assert remote.vars == local.vars
    assert remote.rows == local.rows and remote.rows  # same rows, same order (both engines follow ORDER BY)


def test_ask_and_construct(endpoint: tuple[str, Graph]) -> None:
    url, g = endpoint
    assert run_remote_library("organisations-connected", url, org1="Alpha Trust", org2="Delta Council").askAnswer is \
        run("organisations-connected", g, org1="Alpha Trust", org2="Delta Council").askAnswer
    remote = run_remote_library("ego-network", url, org="Alpha Trust")
    local = run("ego-network", g, org="Alpha Trust")
    assert remote.type == "CONSTRUCT" and set(stable_bnodes(remote.graph)) == set(stable_bnodes(local.graph))


def test_labels_are_resolved_on_the_endpoint(endpoint: tuple[str, Graph]) -> None:
    url, _ = endpoint
    with pytest.raises(UnknownEntityError, match="no resource is labelled 'Alfa Trust' — did you mean 'Alpha Trust'"):
        run_remote_library("ego-network", url, org="Alfa Trust")
    with pytest.raises(UnknownEntityError, match="does not occur at"):
        run_remote_library("ego-network", url, org="<https://example.org/nothing>")


def test_the_safety_gate_applies(endpoint: tuple[str, Graph]) -> None:
    url, _ = endpoint
    with pytest.raises(QueryError, match="SERVICE"):
        run_remote("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", {}, url)


def test_plain_strings_come_back_plain(endpoint: tuple[str, Graph]) -> None:
    url, _ = endpoint
    rows = run_remote('SELECT ?x WHERE { BIND("plain" AS ?x) }', {}, url).rows
    assert rows == [(Literal("plain"),)] and rows[0][0].datatype is None


@pytest.mark.parametrize("results", ["XML", "TSV"])
def test_xml_and_tsv_answers_are_read(store_server: Callable[..., StoreServer], results: str) -> None:
    g = load_ontology()
    g.parse(FIXTURE, format="turtle")
    server = store_server(results=results)
    server.store.load(serialise(g, "nt"), ox.RdfFormat.N_TRIPLES)
    url = f"{server.url}/query"
    for name, params in [("organisations-by-sector", {}), ("partnership-partners", {})]:
        remote, local = run_remote_library(name, url, **params), run(name, g, **params)
        assert (remote.vars, remote.rows) == (local.vars, local.rows) and remote.rows
    assert run_remote_library("organisations-connected", url, org1="Alpha Trust", org2="Delta Council").askAnswer \
        is run("organisations-connected", g, org1="Alpha Trust", org2="Delta Council").askAnswer


def test_csv_answers_are_refused(store_server: Callable[..., StoreServer]) -> None:
    server = store_server(results="CSV")
    with pytest.raises(EndpointError, match=r"the answer is CSV results \(text/csv\), which do not say which values "
                                            r"are IRIs"):
        run_remote("SELECT * WHERE { ?s ?p ?o }", {}, f"{server.url}/query")


def test_malformed_answers_name_the_endpoint() -> None:
    headers = Message()
    headers["Content-Type"] = "application/sparql-results+json"
    for body in (b"<html>busy</html>", b'{"head": {"vars": ["x"]}}', b'{"head": {"vars": ["x"]}, "results": '
                                                                       b'{"bindings": [{"x": {"type": "weird"}}]}}'):
        with pytest.raises(EndpointError, match=r"^http://e/sparql \(q\): the answer is not SPARQL Results in JSON "
                                                r"\(application/sparql-results\+json: "):
            _read_results(Response(200, "OK", headers, body), "http://e/sparql (q)")


def test_virtuoso_style_json_is_read() -> None:
    """Virtuoso's own JSON: typed-literal, xsd:string typed, lower-case language tags, nodeID:// blank nodes
    (which Oxigraph's reader refuses, so rdflib's reads them), and its one-row answer to ASK."""
    headers = Message()
    headers["Content-Type"] = "application/sparql-results+json"
    body = b"""{ "head": { "link": [], "vars": ["o", "l"] },
      "results": { "distinct": false, "ordered": true, "bindings": [
        { "o": { "type": "bnode", "value": "nodeID://b10000" }, "l": { "type": "literal", "xml:lang": "en-gb",
          "value": "x" }},
        { "o": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "3" }},
        { "o": { "type": "literal", "value": "s" }},
        { "o": { "type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#string", "value": "t" }},
        { "o": { "type": "uri", "value": "urn:x" }} ] } }"""
    result = _read_results(Response(200, "OK", headers, body), "v")
    assert result.vars == ("o", "l")
    assert result.rows == [(BNode("nodeID://b10000"), Literal("x", lang="en-gb")), (Literal(3), None),
                           (Literal("s"), None), (Literal("t"), None), (URIRef("urn:x"), None)]
    assert all(isinstance(t, Literal) and t.datatype is None for t in (result.rows[2][0], result.rows[3][0]))
    ask = (b'{ "head": { "link": [], "vars": ["__ASK_RETVAL"] }, "results": { "distinct": false, "ordered": true, '
           b'"bindings": [ { "__ASK_RETVAL": { "type": "typed-literal", "datatype": '
           b'"http://www.w3.org/2001/XMLSchema#integer", "value": "1" }} ] } }')
    assert _read_results(Response(200, "OK", headers, ask), "v").rows == [(Literal(1),)]


def test_truncated_answers_are_reported(store_server: Callable[..., StoreServer]) -> None:
    server = store_server(max_rows=2)
    server.store.load(b"<urn:a> <urn:p> 1 . <urn:b> <urn:p> 2 . <urn:c> <urn:p> 3 .", ox.RdfFormat.TURTLE)
    warnings: list[str] = []
    result = RemoteEndpoint(f"{server.url}/query", warn=warnings.append).select("SELECT * WHERE { ?s ?p ?o }", "q")
    assert len(result.rows) == 2
    assert warnings == [f"{server.url}/query: the endpoint cut the answer to q at 2 rows (X-SPARQL-MaxRows); "
                        "raise its row limit for complete results"]


def test_query_command_with_endpoint(endpoint: tuple[str, Graph], run: Callable[..., Result]) -> None:
    url, _ = endpoint
    result = run("query", "partnerships-by-model", "--endpoint", url, "--param", "model=co-location model", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("formalityRank,model,modelLabel")
    assert "Alpha and Beta partnership" in result.stdout
    refused = run("query", "partnerships-by-model", "--endpoint", url, "--data", str(FIXTURE))
    assert refused.exit_code == 2 and "--endpoint runs the query remotely" in refused.stderr
    down = run("query", "search", "--endpoint", "http://127.0.0.1:9/sparql")
    assert down.exit_code == 2 and "cannot connect" in down.stderr and "Traceback" not in down.stderr
