"""The SPARQL 1.1 Protocol over raw HTTP: the three ways to send a query, content negotiation, the service
description, and the status code of every failure."""

from __future__ import annotations

import json
import urllib.parse

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, VOID

from partnerkg.queries.formats import format_result

from .conftest import MAX_BODY, call, get_query, post_form, post_query

SELECT = """PREFIX pk: <https://w3id.org/partnerkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?model ?label ?rank WHERE { ?model a pk:PartnershipModel ; rdfs:label ?label ; pk:formalityRank ?rank }
ORDER BY ?rank"""
ASK = "PREFIX pk: <https://w3id.org/partnerkg/ontology#> ASK { pk:SteeringGroupModel pk:formalityRank 1 }"
CONSTRUCT = """PREFIX pk: <https://w3id.org/partnerkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?model rdfs:label ?label } WHERE { ?model a pk:PartnershipModel ; rdfs:label ?label }"""
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def test_get_form_and_direct_post_give_the_same_answer(server, local):
    expected = format_result(local(SELECT), "json")
    answers = [get_query(server.url, SELECT), post_form(server.url, [("query", SELECT)]),
               post_query(server.url, SELECT)]
    for answer in answers:
        assert answer.status == 200
        assert answer.type == "application/sparql-results+json"
        assert answer.body == expected
    rows = json.loads(expected)["results"]["bindings"]
    assert [r["rank"]["value"] for r in rows] == ["1", "2", "3", "4"]


@pytest.mark.parametrize(("accept", "media", "fmt"), [
    (None, "application/sparql-results+json", "json"),
    ("*/*", "application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "application/sparql-results+xml", "xml"),
    ("application/xml", "application/sparql-results+xml", "xml"),
    ("text/csv", "text/csv", "csv"),
    ("text/tab-separated-values", "text/tab-separated-values", "tsv"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", "xml"),
    ("text/*, application/json;q=0.9", "text/csv", "csv"),
    ("application/sparql-results+xml, application/rdf+xml, */*", "application/sparql-results+xml", "xml"),
    ("text/turtle, */*;q=0.1", "application/sparql-results+json", "json"),
])
def test_select_results_are_negotiated(server, local, accept, media, fmt):
    answer = get_query(server.url, SELECT, accept)
    assert answer.status == 200
    assert answer.type == media
    assert answer.headers["Vary"] == "Accept"
    assert answer.body == format_result(local(SELECT), fmt)


@pytest.mark.parametrize(("accept", "media", "fmt"), [
    (None, "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "ntriples"),
    ("application/ld+json", "application/ld+json", "json"),
    ("application/json", "application/ld+json", "json"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("text/csv;q=1, application/n-triples;q=0.2", "application/n-triples", "ntriples"),
])
def test_construct_results_are_negotiated(server, local, accept, media, fmt):
    answer = post_query(server.url, CONSTRUCT, accept)
    assert answer.status == 200
    assert answer.type == media
    if fmt != "xml":  # rdflib's RDF/XML writer orders by hash, which differs from process to process
        assert answer.body == format_result(local(CONSTRUCT), fmt)
    parsed = Graph().parse(data=answer.body, format={"turtle": "turtle", "ntriples": "nt", "json": "json-ld",
                                                      "xml": "xml"}[fmt])
    assert isomorphic(parsed, local(CONSTRUCT).graph)
    assert len(parsed) == 4


@pytest.mark.parametrize(("query", "accept"), [
    (SELECT, "image/png"),
    (SELECT, "text/turtle"),          # a table is not a graph
    (ASK, "text/csv"),                # the CSV and TSV formats cannot carry a boolean
    (ASK, "text/tab-separated-values"),
    (CONSTRUCT, "text/csv"),          # a graph is not a table
    (CONSTRUCT, "application/sparql-results+json"),
    (SELECT, "application/sparql-results+json;q=0"),
])
def test_406_when_no_acceptable_format_fits(server, query, accept):
    answer = get_query(server.url, query, accept)
    assert answer.status == 406
    assert answer.type == "text/plain"
    assert "ask for one of" in answer.text


def test_ask_answers_in_json_and_xml(server):
    assert json.loads(get_query(server.url, ASK).body) == {"head": {}, "boolean": True}
    xml = get_query(server.url, ASK, "application/sparql-results+xml")
    assert xml.type == "application/sparql-results+xml"
    assert "<boolean>true</boolean>" in xml.text


def test_malformed_query_is_400_with_the_parsers_message(server):
    answer = get_query(server.url, "SELECT ?s WHERE { ?s ?p }\n")
    assert answer.status == 400
    assert answer.type == "text/plain"
    assert answer.text.startswith("query:1:")
    assert "SPARQL syntax error" in answer.text
    assert "SELECT ?s WHERE { ?s ?p }" in answer.text  # the offending line, with a caret under it
    assert "Traceback" not in answer.text


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "multipart/form-data; boundary=x"])
def test_415_for_an_unsupported_body_type(server, content_type):
    answer = call(server.url, "POST", "/sparql", SELECT.encode(), {"Content-Type": content_type})
    assert answer.status == 415
    assert "application/sparql-query" in answer.text


@pytest.mark.parametrize("body", [SELECT.encode(), urllib.parse.urlencode({"query": SELECT}).encode()])
def test_400_for_a_post_without_a_content_type(server, body):
    answer = call(server.url, "POST", "/sparql", body)
    assert (answer.status, answer.text) == (400, "a POST needs a Content-Type: application/sparql-query with the "
                                                 "query as the body, or application/x-www-form-urlencoded with "
                                                 "query=… (SPARQL 1.1 Protocol)\n")


def test_400_for_several_query_parameters(server):
    """Two queries in a GET, in a form, or one in the form body and one in the URL."""
    qs = urllib.parse.urlencode([("query", SELECT), ("query", "ASK {}")])
    for answer, where in (
            (call(server.url, "GET", f"/sparql?{qs}"), "the query string"),
            (post_form(server.url, [("query", SELECT), ("query", "ASK {}")]), "the request"),
            (call(server.url, "POST", "/sparql?query=ASK%20%7B%7D", urllib.parse.urlencode({"query": SELECT}).encode(),
                  {"Content-Type": "application/x-www-form-urlencoded"}), "the request")):
        assert (answer.status, answer.text) == (400, f"{where} has 2 'query' parameters; send exactly one\n")


def test_415_for_a_charset_other_than_utf8(server):
    answer = call(server.url, "POST", "/sparql", SELECT.encode("utf-16"),
                  {"Content-Type": "application/sparql-query; charset=utf-16"})
    assert answer.status == 415


@pytest.mark.parametrize(("path", "body", "content_type", "message"), [
    ("/sparql?query=ASK%7B%7D&query=ASK%7B%7D", None, None, "2 'query' parameters"),
    ("/sparql?query=", None, None, "the query is empty"),
    ("/sparql", b"query=%FF%FE", "application/x-www-form-urlencoded", "not UTF-8"),
    ("/sparql", b"\xff\xfeSELECT", "application/sparql-query", "not UTF-8"),
    ("/sparql", b"format=json", "application/x-www-form-urlencoded", "no 'query' parameter"),
    ("/sparql?query=ASK%7B%7D", b"ASK {}", "application/sparql-query", "must not also be in the URL"),
])
def test_400_for_malformed_requests(server, path, body, content_type, message):
    headers = {"Content-Type": content_type} if content_type else {}
    answer = call(server.url, "POST" if body is not None else "GET", path, body, headers)
    assert answer.status == 400
    assert message in answer.text


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_naming_no_held_graph_select_an_empty_one(server, local, param):
    """The served data holds no named graph: any graph a request names is empty (the default graph, too, when
    only named-graph-uri is given)."""
    everything = "SELECT ?s WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } } LIMIT 3"
    assert len(local(everything).rows) == 3
    for answer in (get_query(server.url, everything, **{param: "https://w3id.org/partnerkg/id/graph"}),
                   post_form(server.url, [("query", everything), (param, "https://w3id.org/partnerkg/id/graph")]),
                   call(server.url, "POST", f"/sparql?{param}=urn%3Ax", everything.encode(),
                        {"Content-Type": "application/sparql-query"})):
        assert answer.status == 200, answer.text
        assert json.loads(answer.body)["results"]["bindings"] == []


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_a_dataset_parameter_must_be_an_absolute_iri(server, param):
    answer = get_query(server.url, SELECT, **{param: "graph one"})
    assert (answer.status, answer.text) == (400, f"{param}=graph one is not an absolute IRI, so it names no graph: "
                                                 "give the graph's IRI in full, percent-encoded\n")


@pytest.mark.parametrize("param", ["using-graph-uri", "using-named-graph-uri"])
def test_update_dataset_parameters_are_400(server, param):
    answer = get_query(server.url, SELECT, **{param: "urn:x:g"})
    assert (answer.status, answer.text) == (400, f"{param} is a parameter of SPARQL updates, which this read-only "
                                                 "endpoint refuses; a query selects graphs with default-graph-uri "
                                                 "and named-graph-uri\n")


def test_select_star_lists_variables_in_order_of_first_appearance(server):
    answer = get_query(server.url, "SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?z } BIND(1 AS ?a) } LIMIT 1")
    assert json.loads(answer.body)["head"]["vars"] == ["s", "p", "o", "q", "z", "a"]
    csv = get_query(server.url, "SELECT * WHERE { ?zebra ?apple ?mango } LIMIT 1", "text/csv")
    assert csv.text.splitlines()[0] == "zebra,apple,mango"


def test_parameters_the_protocol_does_not_define_are_ignored(server, local):
    # SPARQLWrapper and others add format/output/results; they must not change or break anything
    answer = get_query(server.url, SELECT, None, format="json", output="xml", results="csv")
    assert answer.status == 200
    assert answer.body == format_result(local(SELECT), "json")


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_are_405(server, method):
    answer = call(server.url, method, "/sparql", b"", {"Content-Type": "application/sparql-query"})
    assert answer.status == 405
    assert answer.headers["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_options_without_cors_lists_the_methods(server):
    answer = call(server.url, "OPTIONS", "/sparql")
    assert answer.status == 204
    assert answer.headers["Allow"] == "GET, HEAD, POST, OPTIONS"


def test_unknown_paths_are_404_in_plain_text(server):
    answer = call(server.url, "GET", "/nothing<script>")
    assert answer.status == 404
    assert answer.type == "text/plain"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_service_description(server, served_graph):
    answer = call(server.url, "GET", "/sparql")
    assert answer.status == 200
    assert answer.type == "text/turtle"
    g = Graph().parse(data=answer.body, format="turtle")
    endpoint = URIRef(server.url + "sparql")
    assert (endpoint, RDF.type, SD.Service) in g
    assert (endpoint, SD.endpoint, endpoint) in g
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Update) not in g
    assert (endpoint, SD.feature, SD.UnionDefaultGraph) in g
    formats = {str(o).rsplit("/", 1)[1] for o in g.objects(endpoint, SD.resultFormat)}
    assert formats == {"SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                       "Turtle", "N-Triples", "JSON-LD", "RDF_XML"}
    default = g.value(g.value(endpoint, SD.defaultDataset), SD.defaultGraph)
    assert g.value(default, VOID.triples).toPython() == len(set(served_graph.triples((None, None, None))))


def test_service_description_in_other_rdf_formats(server):
    answer = call(server.url, "GET", "/sparql", headers={"Accept": "application/n-triples"})
    assert answer.type == "application/n-triples"
    assert f"<{server.url}sparql> <{SD}endpoint> <{server.url}sparql> ." in answer.text
    assert call(server.url, "GET", "/sparql", headers={"Accept": "text/csv"}).status == 406


def test_head_runs_the_query_without_a_body(server):
    qs = urllib.parse.urlencode({"query": ASK})
    answer = call(server.url, "HEAD", f"/sparql?{qs}")
    assert answer.status == 200
    assert answer.body == b""
    assert answer.type == "application/sparql-results+json"


def test_get_query_over_the_size_limit_is_414(server):
    long_query = "ASK {} #" + "x" * MAX_BODY
    answer = get_query(server.url, long_query)
    assert answer.status == 414
    assert f"over the limit of {MAX_BODY} bytes" in answer.text


def test_query_text_in_an_error_is_never_html(server):
    markup = "<script>window.__pwned=1</script>"
    answer = get_query(server.url, f"SELECT * WHERE {{ {markup} }}", "text/html,*/*;q=0.8")
    assert answer.status == 400
    assert answer.type == "text/plain"  # never HTML, whatever the client prefers
    assert answer.headers["X-Content-Type-Options"] == "nosniff"  # so no browser sniffs it into HTML
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")  # and nothing would run
    assert markup in answer.text  # shown as written, as text
