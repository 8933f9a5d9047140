"""Parameters: labels and IRIs resolve to entities, typed values become literals, nothing is pasted."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from partnerkg.errors import QueryError, UnknownEntityError
from partnerkg.namespaces import ID, PK
from partnerkg.queries import resolve_label, run, run_text
from partnerkg.queries.labels import normalise_label

INJECTION = '"} ; DROP ALL ; {"'
ECHO = "SELECT ?value WHERE { BIND(?v AS ?value) }"
ECHO_IN_SUBQUERY = "SELECT ?value WHERE { { SELECT ?value WHERE { BIND(?v AS ?value) } } }"


@pytest.mark.parametrize("text", ["Alpha Trust", "  alpha   TRUST ", "ALPHA\tTrust", "<https://w3id.org/partnerkg/id/organisation/alpha-trust>"])
def test_labels_and_iris_resolve(text: str, fixture_graph: Graph) -> None:
    assert resolve_label(fixture_graph, text) == ID["organisation/alpha-trust"]


def test_alternative_labels_resolve_with_whitespace_collapsed(fixture_graph: Graph) -> None:
    assert resolve_label(fixture_graph, "delta borough council") == ID["organisation/delta-council"]


def test_labels_compare_in_nfc(fixture_graph: Graph) -> None:
    g = Graph()
    for t in fixture_graph:
        g.add(t)
    g.add((ID["organisation/cafe"], RDFS.label, Literal("Café Ltd", lang="en")))
    decomposed = unicodedata.normalize("NFD", "CAFÉ LTD")
    assert decomposed != "CAFÉ LTD"
    assert resolve_label(g, decomposed) == ID["organisation/cafe"]
    assert normalise_label(decomposed) == normalise_label("café ltd")


def test_an_unknown_label_suggests_the_closest(fixture_graph: Graph) -> None:
    with pytest.raises(UnknownEntityError, match=r"no resource is labelled 'Alpha Trusts' — did you mean 'Alpha Trust"):
        run("ego-network", fixture_graph, org="Alpha Trusts")


def test_an_unknown_iri_is_refused_with_a_suggestion(fixture_graph: Graph) -> None:
    with pytest.raises(UnknownEntityError, match=r"does not occur in the graph — did you mean <.*alpha-trust>"):
        run("ego-network", fixture_graph, org="<https://w3id.org/partnerkg/id/organisation/alpha-trusts>")


def test_an_ambiguous_label_asks_for_an_iri(fixture_graph: Graph) -> None:
    g = Graph()
    for t in fixture_graph:
        g.add(t)
    g.add((ID["organisation/alpha-2"], URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal("alpha trust")))
    with pytest.raises(QueryError, match="is the label of 2 resources"):
        run("ego-network", g, org="Alpha Trust")


def test_an_injection_attempt_is_an_unknown_label_and_changes_nothing(fixture_graph: Graph) -> None:
    before = set(fixture_graph)
    with pytest.raises(UnknownEntityError, match="no resource is labelled"):
        run("ego-network", fixture_graph, org=INJECTION)
    assert set(fixture_graph) == before


def test_an_injection_attempt_is_a_plain_string_where_text_is_expected(fixture_graph: Graph) -> None:
    before = set(fixture_graph)
    assert run("search", fixture_graph, text=INJECTION).rows == []
    assert run_text(ECHO, fixture_graph, v=Literal(INJECTION)).rows == [(Literal(INJECTION),)]
    assert set(fixture_graph) == before


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
       | st.sampled_from([INJECTION, '"', "} }", "#", "\t", "a\tb\\t"]))
def test_a_bound_value_never_changes_the_query(fixture_graph: Graph, value: str) -> None:
    """Whatever the text, the query answers exactly one row holding exactly that text, also where the value
    is written into the query text (a subquery mentions the parameter)."""
    assert run_text(ECHO, fixture_graph, v=Literal(value)).rows == [(Literal(value),)]
    assert run_text(ECHO_IN_SUBQUERY, fixture_graph, v=Literal(value)).rows == [(Literal(value),)]


def test_typed_parameters_become_literals(fixture_graph: Graph) -> None:
    rows = run("policies-by-year", fixture_graph, year=2004).rows
    assert {r[0] for r in rows} == {Literal("2004", datatype=XSD.gYear)}
    assert [r[1] for r in run("partnerships-by-formality", fixture_graph, formal=True).rows] == [
        ID["partnership/alpha-beta"]]


@pytest.mark.parametrize(("name", "params", "message"), [
    ("policies-by-year", {"year": "twenty"}, "expected a year"),
    ("partnerships-by-formality", {"formal": "maybe"}, "expected true or false"),
    ("ego-network", {"organisation": "Alpha Trust"}, "no parameter 'organisation' — its parameters: org"),
])
def test_bad_parameters_are_refused(name: str, params: dict, message: str, fixture_graph: Graph) -> None:
    with pytest.raises(QueryError, match=message):
        run(name, fixture_graph, **params)


def test_text_queries_bind_only_their_own_variables(fixture_graph: Graph) -> None:
    with pytest.raises(QueryError, match=r"no variable \?x to bind"):
        run_text(ECHO, fixture_graph, x="Alpha Trust")


def test_a_header_in_query_text_declares_types_and_defaults(fixture_graph: Graph) -> None:
    text = "# Param: y (year) = 1999 — a year\nSELECT ?p WHERE { ?p dcterms:issued ?y } ORDER BY ?p"
    assert run_text(text, fixture_graph).rows == [(ID["policy/example-act"],)]
    assert len(run_text(text, fixture_graph, y="2004").rows) == 2


def test_defaults_apply_and_rdflib_terms_pass_through(fixture_graph: Graph, shipped: Graph) -> None:
    network = run("ego-network", shipped).graph
    assert network is not None
    assert (ID["organisation/turning-point"], None, None) in network
    rows = run("partnerships-by-model", fixture_graph, model=PK.SteeringGroupModel).rows
    assert [r[3] for r in rows] == [ID["partnership/beta-gamma-delta"]]
