"""The cost rule of ``--engine auto``: which queries are anchored on constants (and so go to Oxigraph's indexes),
over rdflib's own parse and algebra of each query, the library's included."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

import partnerkg.queries.anchoring
from partnerkg.queries.anchoring import anchored

LIBRARY = Path(partnerkg.queries.anchoring.__file__).parent / "library"
PREFIXES = """PREFIX pk: <https://w3id.org/partnerkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def is_anchored(text: str) -> bool:
    return anchored(prepareQuery(text if text.lstrip().startswith("PREFIX") else PREFIXES + text).algebra)


@pytest.mark.parametrize(("query", "expected"), [
    pytest.param("SELECT ?p WHERE { ?p pk:hasPartner <urn:x:org> }", True, id="constant object"),
    pytest.param("SELECT ?o WHERE { <urn:x:p> pk:hasPartner ?o }", True, id="constant subject"),
    pytest.param("SELECT ?p WHERE { ?p pk:sector 'x' }", True, id="literal object"),
    pytest.param("SELECT ?p ?o WHERE { ?p pk:hasPartner ?o }", False, id="constant predicate only"),
    pytest.param("SELECT * WHERE { ?s ?p ?o }", False, id="no constant"),
    pytest.param("SELECT ?x WHERE { ?x a pk:Partnership }", False, id="class object"),
    pytest.param("SELECT ?x WHERE { ?x a/rdfs:subClassOf* pk:Organisation }", False, id="class path object"),
    pytest.param("SELECT ?x WHERE { pk:Organisation ^rdf:type ?x }", False, id="inverse class path subject"),
    pytest.param("SELECT ?t WHERE { <urn:x:a> a ?t }", True, id="instance subject of rdf:type"),
    pytest.param("SELECT ?x WHERE { ?x pk:partnerIn/a pk:Partnership }", True, id="path not only of class steps"),
    pytest.param("SELECT ?p WHERE { ?p pk:hasPartner|^pk:partnerIn <urn:x:org> }", True, id="alternative path"),
    pytest.param("ASK { <urn:x:a> pk:partnerIn ?p }", True, id="ask"),
    pytest.param("SELECT * WHERE { }", False, id="no triple pattern"),
    pytest.param("SELECT ?o WHERE { BIND(<urn:x:a> AS ?o) }", False, id="bind only"),
    pytest.param("SELECT ?p WHERE { <urn:x:a> pk:partnerIn+ ?p }", False, id="closure of instance steps"),
    pytest.param("SELECT ?o WHERE { <urn:x:a> (pk:partnerIn/pk:hasPartner)* ?o }", False, id="closure of a sequence"),
    pytest.param("SELECT ?o WHERE { ?o ^(org:subOrganizationOf+) <urn:x:a> }", False, id="inverse closure"),
    pytest.param("SELECT ?p WHERE { <urn:x:a> org:subOrganizationOf? ?p }", True, id="zero or one step"),
    pytest.param("SELECT ?c WHERE { <urn:x:a> a/rdfs:subClassOf* ?c }", True, id="closure of class steps"),
])
def test_triple_patterns(query: str, expected: bool) -> None:
    assert is_anchored(query) is expected


@pytest.mark.parametrize(("query", "expected"), [
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p . ?p pk:hasPartner ?m . ?m rdfs:label ?l }", True,
                 id="chain from a constant"),
    pytest.param("SELECT * WHERE { ?m rdfs:label ?l . ?p pk:hasPartner ?m . <urn:x:a> pk:partnerIn ?p }", True,
                 id="chain written in reverse"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p . ?q pk:hasPartner ?m }", False,
                 id="second pattern unreached"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:kind ?k . ?x a ?k }", False, id="bound class does not anchor"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn [ pk:hasPartner ?m ] }", True, id="blank node chain"),
])
def test_basic_graph_patterns(query: str, expected: bool) -> None:
    assert is_anchored(query) is expected


@pytest.mark.parametrize(("query", "expected"), [
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p OPTIONAL { ?p rdfs:label ?l } }", True,
                 id="optional on an anchored variable"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p OPTIONAL { ?q rdfs:label ?l } }", False,
                 id="optional on an unbound variable"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p OPTIONAL { ?p rdfs:label ?l } ?l pk:x ?y }", False,
                 id="optional variable may be unbound"),
    pytest.param("SELECT * WHERE { { <urn:x:a> pk:partnerIn ?p } UNION { ?p pk:hasPartner ?m } }", False,
                 id="union with an unanchored branch"),
    pytest.param("SELECT * WHERE { { <urn:x:a> pk:partnerIn ?p } UNION { ?p pk:hasPartner <urn:x:b> } }", True,
                 id="union of anchored branches"),
    pytest.param("SELECT * WHERE { { <urn:x:a> pk:partnerIn ?p } UNION { <urn:x:b> pk:x ?q } ?p rdfs:label ?l }",
                 False, id="union binds only what every branch binds"),
    pytest.param("SELECT * WHERE { { <urn:x:a> pk:partnerIn ?p } { ?p rdfs:label ?l } }", True, id="join"),
    pytest.param("SELECT * WHERE { { ?p rdfs:label ?l } { <urn:x:a> pk:partnerIn ?p } }", True, id="join reversed"),
    pytest.param("SELECT (COUNT(?p) AS ?n) WHERE { <urn:x:a> pk:partnerIn ?p }", False, id="count"),
    pytest.param("SELECT ?m (COUNT(?p) AS ?n) WHERE { <urn:x:a> pk:partnerIn ?p . ?p pk:hasPartner ?m } GROUP BY ?m",
                 False, id="group by"),
    pytest.param("SELECT * WHERE { VALUES ?o { <urn:x:a> } ?p pk:hasPartner ?o }", True, id="values first"),
    pytest.param("SELECT * WHERE { ?p pk:hasPartner ?o } VALUES ?o { <urn:x:a> }", True, id="values after"),
    pytest.param("SELECT * WHERE { VALUES ?o { <urn:x:a> UNDEF } ?p pk:hasPartner ?o }", False, id="values undef"),
    pytest.param("SELECT * WHERE { BIND(<urn:x:a> AS ?o) ?p pk:hasPartner ?o }", True, id="bind a constant"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p BIND(?p AS ?q) ?q rdfs:label ?l }", True,
                 id="bind a bound variable"),
    pytest.param("SELECT * WHERE { BIND(?z AS ?o) ?p pk:hasPartner ?o }", False, id="bind an unbound variable"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p FILTER(?p != <urn:x:b>) }", True, id="filter"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p FILTER EXISTS { ?p rdfs:label ?l } }", True,
                 id="exists on a bound variable"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p FILTER NOT EXISTS { ?q rdfs:label ?l } }", False,
                 id="not exists unanchored"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p FILTER(BOUND(?p) && EXISTS { ?q pk:x ?y }) }", False,
                 id="exists nested in an expression"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p MINUS { ?p pk:x <urn:x:b> } }", True,
                 id="minus anchored on its own"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p MINUS { ?p pk:x ?y } }", False,
                 id="minus anchored only through the left"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p { SELECT ?p ?l WHERE { ?p rdfs:label ?l } } }", False,
                 id="subquery evaluated on its own"),
    pytest.param("SELECT * WHERE { { SELECT ?p WHERE { <urn:x:a> pk:partnerIn ?p } LIMIT 5 } ?p rdfs:label ?l }",
                 True, id="anchored subquery binds its projection"),
    pytest.param("SELECT DISTINCT ?p WHERE { <urn:x:a> pk:partnerIn ?p } ORDER BY ?p LIMIT 3 OFFSET 1", True,
                 id="solution modifiers"),
    pytest.param("SELECT * WHERE { GRAPH ?g { <urn:x:a> pk:partnerIn ?p } }", True, id="graph"),
    pytest.param("CONSTRUCT { ?p pk:hasPartner <urn:x:a> } WHERE { <urn:x:a> pk:partnerIn ?p }", True,
                 id="construct"),
    pytest.param("DESCRIBE <urn:x:a>", False, id="describe without a pattern"),
    pytest.param("SELECT * WHERE { <urn:x:a> pk:partnerIn ?p } ORDER BY (EXISTS { ?p pk:x ?y })", False,
                 id="exists rdflib leaves untranslated"),
])
def test_operators(query: str, expected: bool) -> None:
    assert is_anchored(query) is expected


def test_ego_network_with_a_constant_organisation() -> None:
    text = (LIBRARY / "ego-network.rq").read_text(encoding="utf-8")
    assert is_anchored(text.replace("?org", "<urn:x:org>")) is True
    assert is_anchored(text) is False


def test_how_connected_reaches_through_a_closure_even_between_constants() -> None:
    text = (LIBRARY / "how-connected.rq").read_text(encoding="utf-8")
    assert is_anchored(text.replace("?org1", "<urn:x:a>").replace("?org2", "<urn:x:b>")) is False


@pytest.mark.parametrize("name", ["shared-partnerships", "partnership-partners", "organisations-by-sector"])
def test_library_scans(name: str) -> None:
    assert is_anchored((LIBRARY / f"{name}.rq").read_text(encoding="utf-8")) is False


def test_does_not_change_the_algebra() -> None:
    query = prepareQuery(PREFIXES + "SELECT * WHERE { <urn:x:a> pk:partnerIn ?p FILTER EXISTS { ?p pk:x ?y } }")
    before = repr(query.algebra)
    assert anchored(query.algebra) is anchored(query.algebra) is True
    assert repr(query.algebra) == before

