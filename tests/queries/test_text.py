"""Binding parameters into query text for remote endpoints gives the same answers as binding them locally."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from partnerkg.errors import QueryError
from partnerkg.interop.export import stable_bnodes
from partnerkg.namespaces import PK, PREFIXES
from partnerkg.ontology import load_ontology
from partnerkg.queries.catalogue import Header, list_queries, load_query
from partnerkg.queries.labels import graph_lookup
from partnerkg.queries.params import bindings as bind
from partnerkg.queries.runner import run, run_query
from partnerkg.queries.safety import parse_checked
from partnerkg.queries.text import bind_variables, declare_prefixes, tokens

FIXTURE = Path(__file__).parent.parent / "queries" / "fixture.ttl"

#: A value for each library parameter that names something in the query tests' fixture graph.
SAMPLES = {
    "model": "co-location model", "kind": "Barrier", "stage": "partnership programme delivery",
    "study": "Example Study", "category": "funding", "sector": "third sector",
    "partnership": "Alpha and Beta partnership", "region": "England",
    "mode": "multi-agency working", "issuer": "Department of Examples", "year": "1999", "formal": "true",
    "anonymised": "false", "relation": "requires", "text": "partnership", "entity": "Alpha Trust", "org": "Alpha Trust",
    "org1": "Alpha Trust", "org2": "Delta Council", "parent": "Epsilon National", "concept": "Different cultures",
    "policy": "Example Act 1999", "within": "<https://w3id.org/partnerkg/ontology#VoluntaryCommunityOrganisation>",
    # the evidence queries of issue 18
    "evidence": "Example & Other (2005)", "finding": "Different cultures", "of": "Example Fund",
    "provisionType": "requirement", "source": "Fixture source one", "work": "Example & Other (2005)",
    "list": "Example box", "term": "joint working",
}
OVERRIDES = {("partnership-kinds", "kind"): "example partnerships"}


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = load_ontology()
    g.parse(FIXTURE, format="turtle")
    return g


def _answer(result: object) -> object:
    if result.type == "SELECT":  # type: ignore[attr-defined]
        return result.vars, result.rows  # type: ignore[attr-defined]
    if result.type == "ASK":  # type: ignore[attr-defined]
        return result.askAnswer  # type: ignore[attr-defined]
    return set(stable_bnodes(result.graph))  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [q.name for q in list_queries() if q.params])
def test_text_binding_answers_like_local_binding(graph: Graph, name: str) -> None:
    q = load_query(name)
    params = {p.name: OVERRIDES.get((name, p.name), SAMPLES[p.name]) for p in q.params}
    local = run(name, graph, **params)
    assert local.rows or local.askAnswer or local.graph  # the samples name things of the fixture graph
    bindings = bind(parse_checked(q.text, q.origin), q.header, params, q.origin, True, graph_lookup(graph))
    sent = declare_prefixes(bind_variables(q.text, bindings, PREFIXES), PREFIXES)
    rewritten = run_query(sent, {}, graph, origin="rewritten", header=Header())  # no defaults: all is in the text
    assert _answer(rewritten) == _answer(local)


def test_projection_group_order_values_and_bound() -> None:
    text = """SELECT ?x ?n (COUNT(?y) AS ?c) WHERE {
  VALUES (?x ?k) { (<urn:a> 1) (<urn:b> 2) (UNDEF 3) }
  ?y <urn:p> ?x . FILTER(!BOUND(?x) || ?x != <urn:z>)
  OPTIONAL { ?x <urn:q> "?x in a string" } # ?x in a comment
} GROUP BY ?x ?n ORDER BY DESC(?x) ?x"""
    assert bind_variables(text, {"x": URIRef("urn:a")}) == """SELECT ?x ?n (COUNT(?y) AS ?c) WHERE {
  VALUES (?k) { (1) (3) }
  ?y <urn:p> <urn:a> . FILTER(!true || <urn:a> != <urn:z>)
  OPTIONAL { <urn:a> <urn:q> "?x in a string" } # ?x in a comment
} GROUP BY (<urn:a> AS ?x) ?n ORDER BY DESC(<urn:a>) (<urn:a>)"""


def test_values_rows_are_matched_as_rdf_terms() -> None:
    text = 'PREFIX ex: <urn:ex#> SELECT ?s WHERE { VALUES ?v { ex:a "2004"^^xsd:gYear \'x\' } ?s ?p ?v }'
    year = Literal("2004", datatype=XSD.gYear)
    assert "VALUES" not in bind_variables(text, {"v": year}, PREFIXES)
    assert "VALUES" not in bind_variables(text, {"v": URIRef("urn:ex#a")}, PREFIXES)
    assert "VALUES ?_pkNoMatch { }" in bind_variables(text, {"v": Literal("y")}, PREFIXES)
    assert "VALUES" not in bind_variables(text, {"v": Literal("x")}, PREFIXES)


@pytest.mark.parametrize(("text", "message"), [
    ("SELECT * WHERE { ?x ?p ?o }", "SELECT \\* cannot take parameters"),
    ("SELECT ?y WHERE { BIND(1 AS ?x) ?y ?p ?x }", "assigns \\?x itself"),
    ("SELECT (1 AS ?x) WHERE { ?y ?p ?o }", "assigns \\?x itself"),
])
def test_queries_that_assign_the_variable_are_refused(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        bind_variables(text, {"x": URIRef("urn:a")})


def test_literals_are_escaped_in_the_text(graph: Graph) -> None:
    hostile = Literal('"} ; DROP ALL ; { "\n')
    text = bind_variables('SELECT ?s WHERE { ?s <urn:p> ?v }', {"v": hostile})
    tree = parse_checked(text)
    assert tree is not None and run_query(text, {}, graph).rows == []


def test_declare_prefixes_adds_only_missing_used_ones() -> None:
    text = "PREFIX pk: <https://w3id.org/partnerkg/ontology#>\nSELECT ?s WHERE { ?s pk:x ?o ; org:y ?z }"
    assert declare_prefixes(text, PREFIXES) == f"PREFIX org: <{PREFIXES['org']}>\n" + text
    assert str(PK) in declare_prefixes("SELECT ?s { ?s a pk:Partnership }", PREFIXES)


def test_tokens_round_trip() -> None:
    text = 'SELECT ?x { ?x <urn:a#b> """long "quoted" ?y""", \'single\' ; :p $z } # end'
    assert "".join(t.text for t in tokens(text)) == text
    assert [t.text for t in tokens(text) if t.kind == "var"] == ["?x", "?x", "$z"]
