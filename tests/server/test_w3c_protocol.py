"""The W3C SPARQL 1.1 Protocol test suite (w3c/rdf-tests, ``sparql/sparql11/protocol/manifest.ttl``, 34 tests),
against a real ``partnerkg serve`` over each engine: in memory (the shipped graph plus ``protocol.trig``) and an
on-disk store loaded with the same.

``protocol.trig`` holds the suite's three graphs (``data1.nt``, ``data2.nt``, ``data3.nt``, one triple each) as named
graphs under the IRIs the manifest gives them (``http://kasei.us/2009/09/sparql/data/dataN.rdf``). Each case is the
manifest's requests, in order, as raw HTTP (``http.client``: the suite needs requests no client library sends, such
as a POST without a Content-Type), with the manifest's expected status class, result format and boolean, and, since
every answer here is deterministic, the exact status as well. The manifest's paths start with ``/sparql/``, which a
runner replaces with the endpoint's path (``/sparql``).

The endpoint is read-only, so the suite's eight update tests (a 2xx there) must be refused instead: 403, and the
request after each, the suite's check that the update took effect, must find that it did not (its ASK answers
false), and the triple count is unchanged.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from rdflib import Graph

from partnerkg.server.app import RunningServer, Settings, start_server
from partnerkg.store.graphs import open_graph
from partnerkg.store.load import load

KASEI = "http://kasei.us/2009/09/sparql/data/"
PROTOCOL_TRIG = "".join(
    f"<{KASEI}data{n}.rdf> {{ <{KASEI}data{n}.rdf> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<http://xmlns.com/foaf/0.1/Document> . }\n" for n in (1, 2, 3))
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
SPARQL_NS = "{http://www.w3.org/2005/sparql-results#}"
TABULAR = {"application/sparql-results+xml", "application/sparql-results+json", "text/csv",
           "text/tab-separated-values"}
RDF = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}


def q(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def iri(n: int) -> str:
    return q(f"{KASEI}data{n}.rdf")


@dataclass(frozen=True)
class Request:
    """One request of a case and what must come back: the manifest's status class (2 or 4), the exact status
    here, and the manifest's expected format ("boolean", "tabular", "RDF") and boolean."""

    method: str
    path: str
    status: int
    body: bytes | None = None
    content_type: str | None = None
    charset: str = "utf-8"
    format: str | None = None
    boolean: bool | None = None

    @property
    def status_class(self) -> int:
        return self.status // 100


def get(path: str, status: int = 200, **expect: object) -> Request:
    return Request("GET", path, status, **expect)  # type: ignore[arg-type]


def post(path: str, body: str, content_type: str | None, status: int = 200, charset: str = "utf-8",
         **expect: object) -> Request:
    return Request("POST", path, status, body.encode(charset), content_type, charset, **expect)  # type: ignore[arg-type]


def refused_update(path: str, body: str, content_type: str = UPDATE) -> Request:
    """An update request of the suite (2xx there): refused here, 403."""
    return post(path, body, content_type, 403)


def not_written(ask: str) -> Request:
    """The suite's check that an update took effect, which here must find that it did not."""
    return post("/sparql/", ask, DIRECT, format="boolean", boolean=False)


ASK_1_2_DEFAULT = (f"ASK {{ <{KASEI}data1.rdf> a ?type . <{KASEI}data2.rdf> a ?type . }}")
ASK_1_2_NAMED = (f"ASK {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}")
INSERT_3 = (f"INSERT DATA {{\n    GRAPH <{KASEI}data1.rdf> {{ <{KASEI}data1.rdf> a foaf:Document }}\n"
            f"    GRAPH <{KASEI}data2.rdf> {{ <{KASEI}data2.rdf> a foaf:Document }}\n"
            f"    GRAPH <{KASEI}data3.rdf> {{ <{KASEI}data3.rdf> a foaf:Document }}\n}} ;\n")
PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"


def _graphs_test(graph: str) -> str:
    return (f"ASK {{\n    GRAPH <{graph}> {{\n"
            f"        <{KASEI}data1.rdf> a <http://purl.org/dc/terms/BibliographicResource> .\n"
            f"        <{KASEI}data2.rdf> a <http://purl.org/dc/terms/BibliographicResource> .\n    }}\n"
            f"    FILTER NOT EXISTS {{\n        GRAPH <{graph}> {{\n"
            f"            <{KASEI}data3.rdf> a <http://purl.org/dc/terms/BibliographicResource> .\n        }}\n"
            "    }\n}")


#: The manifest's 34 entries, in its order, by its names.
CASES: dict[str, list[Request]] = {
    "query_post_form": [
        post(f"/sparql/?default-graph-uri={q(KASEI + 'data0.rdf')}", "query=ASK%20%7B%7D", FORM, format="boolean",
             boolean=True)],
    "query_dataset_default_graphs_get": [
        get(f"/sparql/?query={q(ASK_1_2_DEFAULT)}&default-graph-uri={iri(1)}&default-graph-uri={iri(2)}",
            format="boolean", boolean=True)],
    "query_dataset_default_graphs_post": [
        post(f"/sparql/?default-graph-uri={iri(1)}&default-graph-uri={iri(2)}", ASK_1_2_DEFAULT, DIRECT,
             format="boolean", boolean=True)],
    "query_dataset_named_graphs_post": [
        post(f"/sparql/?named-graph-uri={iri(1)}&named-graph-uri={iri(2)}", ASK_1_2_NAMED, DIRECT,
             format="boolean", boolean=True)],
    "query_dataset_named_graphs_get": [
        get(f"/sparql/?query={q(ASK_1_2_NAMED)}&named-graph-uri={iri(1)}&named-graph-uri={iri(2)}",
            format="boolean", boolean=True)],
    "query_dataset_full": [
        post(f"/sparql/?default-graph-uri={iri(3)}&named-graph-uri={iri(1)}&named-graph-uri={iri(2)}",
             f"ASK {{\n  <{KASEI}data3.rdf> a ?type\n  GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }}\n"
             f"  GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }}\n}}", DIRECT, format="boolean", boolean=True)],
    "query_multiple_dataset": [
        post(f"/sparql/?named-graph-uri={iri(1)}&named-graph-uri={iri(2)}",
             f"ASK FROM <{KASEI}data3.rdf> {{ GRAPH ?g1 {{ <{KASEI}data1.rdf> a ?type }} "
             f"GRAPH ?g2 {{ <{KASEI}data2.rdf> a ?type }} }}", DIRECT, format="boolean", boolean=True)],
    "query_get": [
        get(f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={q(KASEI + 'data0.rdf')}", format="boolean",
            boolean=True)],
    "query_content_type_select": [
        post(f"/sparql/?default-graph-uri={q(KASEI + 'data0.rdf')}", "SELECT (1 AS ?value) {}", DIRECT,
             format="tabular")],
    "query_content_type_ask": [
        post(f"/sparql/?default-graph-uri={q(KASEI + 'data0.rdf')}", "ASK {}", DIRECT, format="boolean")],
    "query_content_type_describe": [
        post(f"/sparql/?default-graph-uri={q(KASEI + 'data0.rdf')}", "DESCRIBE <http://example.org/>", DIRECT,
             format="RDF")],
    "query_content_type_construct": [
        post(f"/sparql/?default-graph-uri={q(KASEI + 'data0.rdf')}", "CONSTRUCT { <s> <p> 1 } WHERE {}", DIRECT,
             format="RDF")],
    "update_dataset_default_graph": [
        refused_update(f"/sparql/?using-graph-uri={iri(1)}",
                       PREFIXES + f"CLEAR ALL ;\nINSERT DATA {{\n    GRAPH <{KASEI}data1.rdf> {{\n"
                       f"        <{KASEI}data1.rdf> a foaf:Document\n    }}\n}} ;\nINSERT {{\n"
                       "    GRAPH <http://example.org/protocol-update-dataset-test/> {\n"
                       "        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n    ?s a foaf:Document\n}"),
        not_written("ASK {\n    GRAPH <http://example.org/protocol-update-dataset-test/> {\n"
                    f"        <{KASEI}data1.rdf> a <http://purl.org/dc/terms/BibliographicResource>\n    }}\n}}")],
    "update_dataset_default_graphs": [
        refused_update(f"/sparql/?using-graph-uri={iri(1)}&using-graph-uri={iri(2)}",
                       PREFIXES + "DROP ALL ;\n" + INSERT_3 + "INSERT {\n"
                       "    GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {\n"
                       "        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n    ?s a foaf:Document\n}"),
        not_written(_graphs_test("http://example.org/protocol-update-dataset-graphs-test/"))],
    "update_dataset_named_graphs": [
        refused_update(f"/sparql/?using-named-graph-uri={iri(1)}&using-named-graph-uri={iri(2)}",
                       PREFIXES + "DROP ALL ;\n" + INSERT_3 + "INSERT {\n"
                       "    GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {\n"
                       "        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n    GRAPH ?g {\n"
                       "        ?s a foaf:Document\n    }\n}"),
        not_written(_graphs_test("http://example.org/protocol-update-dataset-named-graphs-test/"))],
    "update_dataset_full": [
        refused_update(f"/sparql/?using-graph-uri={iri(1)}&using-named-graph-uri={iri(2)}",
                       PREFIXES + "DROP ALL ;\n" + INSERT_3 + "INSERT {\n"
                       "    GRAPH <http://example.org/protocol-update-dataset-full-test/> {\n"
                       "        ?s <http://example.org/in> ?in\n    }\n}\nWHERE {\n    {\n"
                       "        GRAPH ?g { ?s a foaf:Document }\n        BIND(?g AS ?in)\n    }\n    UNION\n"
                       '    {\n        ?s a foaf:Document .\n        BIND("default" AS ?in)\n    }\n}'),
        not_written("ASK {\n    GRAPH <http://example.org/protocol-update-dataset-full-test/> {\n"
                    f'        <{KASEI}data1.rdf> <http://example.org/in> "default" .\n'
                    f"        <{KASEI}data2.rdf> <http://example.org/in> <{KASEI}data2.rdf> .\n    }}\n"
                    "    FILTER NOT EXISTS {\n        GRAPH <http://example.org/protocol-update-dataset-full-test/> {\n"
                    f"            <{KASEI}data3.rdf> ?p ?o\n        }}\n    }}\n}}")],
    "update_post_form": [refused_update("/sparql/", "update=CLEAR+ALL", FORM)],
    "update_post_direct": [refused_update("/sparql/", "CLEAR ALL")],
    "update_base_uri": [
        refused_update("/sparql/", "CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;\n"
                       "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> "
                       "<http://example.org/p> <test> } }"),
        not_written("ASK {\n    GRAPH <http://example.org/protocol-base-test/> {\n"
                    '        <http://example.org/s> <http://example.org/p> ?o\n        FILTER (isIRI(?o) && STR(?o) '
                    '!= "test")\n    }\n}')],
    "query_post_direct": [post("/sparql/", "ASK {}", DIRECT, format="boolean", boolean=True)],
    "bad_query_method": [
        Request("PUT", f"/sparql/?query=ASK%20%7B%7D&default-graph-uri={q(KASEI + 'data0.rdf')}", 405,
                content_type=FORM)],
    "bad_multiple_queries": [get("/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D", 400)],
    "bad_query_wrong_media_type": [post("/sparql/", "ASK {}", "text/plain", 415)],
    "bad_query_missing_form_type": [post("/sparql/", "query=ASK%20%7B%7D", None, 400)],
    "bad_query_missing_direct_type": [post("/sparql/", "ASK {}", None, 400)],
    "bad_query_non_utf8": [post("/sparql/", "ASK {}", "application/sparql-query; charset=UTF-16", 415,
                                charset="utf-16")],
    "bad_query_syntax": [get("/sparql/?query=ASK%20%7B", 400)],
    "bad_update_get": [get("/sparql/?update=CLEAR%20ALL", 403)],
    "bad_multiple_updates": [post("/sparql/", "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, 403)],
    "bad_update_wrong_media_type": [post("/sparql/", "CLEAR NAMED", "text/plain", 415)],
    "bad_update_missing_form_type": [post("/sparql/", "update=CLEAR%20NAMED", None, 400)],
    "bad_update_non_utf8": [post("/sparql/", "CLEAR NAMED", "application/sparql-update; charset=UTF-16", 403,
                                 charset="utf-16")],
    "bad_update_syntax": [post("/sparql/", "update=CLEAR%20XYZ", FORM, 403)],
    "bad_update_dataset_conflict": [
        post("/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople",
             "PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
             "DELETE { ?person foaf:givenName 'Bill' }\nINSERT { ?person foaf:givenName 'William' }\nWHERE {\n"
             "    ?person foaf:givenName 'Bill'\n}", UPDATE, 403)],
}
#: The manifest's own expectation for each case's first request: 2 (2xx or 3xx) or 4 (4xx); updates are 2 there.
MANIFEST_CLASS = {name: (2 if name.startswith(("query_", "update_")) else 4) for name in CASES}


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes


def send(server: RunningServer, request: Request) -> Answer:
    parts = urllib.parse.urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    headers = {"Content-Type": request.content_type} if request.content_type else {}
    path = request.path.replace("/sparql/", "/sparql", 1)
    try:
        conn.request(request.method, path, body=request.body, headers=headers)
        response = conn.getresponse()
        return Answer(response.status, (response.headers.get("Content-Type") or "").split(";")[0].strip(),
                      response.read())
    finally:
        conn.close()


def boolean_of(answer: Answer) -> bool:
    if answer.content_type == "application/sparql-results+json":
        return json.loads(answer.body)["boolean"]
    assert answer.content_type == "application/sparql-results+xml", answer.content_type
    return ET.fromstring(answer.body).find(f"{SPARQL_NS}boolean").text == "true"


def check(answer: Answer, request: Request) -> None:
    assert answer.status == request.status, answer.body.decode("utf-8", "replace")
    if request.format == "boolean":
        assert answer.content_type in ("application/sparql-results+json", "application/sparql-results+xml")
        if request.boolean is not None:
            assert boolean_of(answer) is request.boolean
    elif request.format == "tabular":
        assert answer.content_type in TABULAR
    elif request.format == "RDF":
        assert answer.content_type in RDF
        Graph().parse(data=answer.body, format=RDF[answer.content_type])
    if answer.status >= 400:
        assert answer.content_type == "text/plain" and answer.body.strip()  # a message, not an empty body


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, RunningServer]]:
    folder = tmp_path_factory.mktemp("w3c-protocol")
    trig = folder / "protocol.trig"
    trig.write_text(PROTOCOL_TRIG, encoding="utf-8")
    load([trig], folder / "store", shipped=True)
    settings = Settings(workers=1, timeout=20.0)
    with start_server(open_graph([trig]), settings) as memory, \
            start_server(store=folder / "store", settings=settings) as store:
        yield {"memory": memory, "store": store}


def count(server: RunningServer) -> int:
    answer = send(server, get(f"/sparql?query={q('SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }')}"))
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


def test_the_suite_has_its_34_cases() -> None:
    assert len(CASES) == 34
    assert sum(name.startswith("update_") or "update" in name for name in CASES) == 14


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("engine", ["memory", "store"])
def test_w3c_protocol(engine: str, name: str, servers: dict[str, RunningServer]) -> None:
    server = servers[engine]
    before = count(server)
    for index, request in enumerate(CASES[name]):
        if index == 0 and not name.startswith("update_"):
            assert request.status_class == MANIFEST_CLASS[name]  # the suite's own expectation holds
        check(send(server, request), request)
    assert count(server) == before == 3


# ---- beyond the suite: the same dataset selection through a real client, and the default dataset --------------


@pytest.mark.parametrize("engine", ["memory", "store"])
def test_sparqlwrapper_selects_graphs_with_the_protocol_parameters(engine: str,
                                                                   servers: dict[str, RunningServer]) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    def ask(text: str, default: tuple[int, ...] = (), named: tuple[int, ...] = ()) -> bool:
        client = SPARQLWrapper(servers[engine].sparql_url)
        client.setReturnFormat(JSON)
        for n in default:
            client.addDefaultGraph(f"{KASEI}data{n}.rdf")
        for n in named:
            client.addNamedGraph(f"{KASEI}data{n}.rdf")
        client.setQuery(text)
        return client.queryAndConvert()["boolean"]

    one = f"ASK {{ <{KASEI}data1.rdf> a ?type }}"
    assert ask(one) is True  # the default graph is the union of every graph
    assert ask(one, default=(1,)) is True
    assert ask(one, default=(2,)) is False
    assert ask(one, named=(1,)) is False  # named graphs only: the default graph is empty
    assert ask(f"ASK {{ GRAPH <{KASEI}data1.rdf> {{ ?s ?p ?o }} }}", named=(1,)) is True
    assert ask(f"ASK {{ GRAPH <{KASEI}data1.rdf> {{ ?s ?p ?o }} }}", named=(2,)) is False
    assert ask(f"ASK FROM <{KASEI}data2.rdf> {{ <{KASEI}data1.rdf> a ?type }}", default=(1,)) is True  # overridden


@pytest.mark.parametrize("engine", ["memory", "store"])
def test_the_shipped_graph_is_the_default_graph_unless_a_dataset_is_given(engine: str,
                                                                           servers: dict[str, RunningServer]) -> None:
    turning_point = "ASK { <https://w3id.org/partnerkg/id/organisation/turning-point> ?p ?o }"
    assert send(servers[engine], get(f"/sparql?query={q(turning_point)}")).body.count(b"true") == 1
    chosen = send(servers[engine], get(f"/sparql?query={q(turning_point)}&default-graph-uri={iri(1)}"))
    assert json.loads(chosen.body)["boolean"] is False
    named = send(servers[engine], get(f"/sparql?query={q('SELECT ?g WHERE { GRAPH ?g {} } ORDER BY ?g')}"))
    assert [b["g"]["value"] for b in json.loads(named.body)["results"]["bindings"]] == [
        f"{KASEI}data{n}.rdf" for n in (1, 2, 3)]
