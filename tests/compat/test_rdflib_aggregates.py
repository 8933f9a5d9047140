"""partnerkg._compat.rdflib_aggregates: a GROUP BY over no solutions has no groups, in rdflib as in Oxigraph."""

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from partnerkg._compat import rdflib_aggregates as rdflib_fixes
from partnerkg.namespaces import PK
from partnerkg.queries.runner import run

DATA = "<urn:a> <urn:p> <urn:b> .\n<urn:a> <urn:p> <urn:c> .\n<urn:d> <urn:p> <urn:b> .\n"
ONE = Literal(1)


@pytest.fixture(autouse=True)
def _corrected() -> None:
    rdflib_fixes.apply()  # partnerkg applies it on its first rdflib evaluation; these tests query rdflib directly


def _rows(query: str) -> list[tuple]:
    result = Graph().parse(data=DATA, format="nt").query(query)
    return sorted((tuple(row.get(v) for v in result.vars) for row in result.bindings), key=repr)


def _oxigraph_rows(query: str) -> list[tuple]:
    store = ox.Store()
    store.load(DATA.encode(), ox.RdfFormat.N_TRIPLES)
    answer = store.query(query)
    names = [v.value for v in answer.variables]
    return sorted((tuple(None if s[n] is None else s[n].value for n in names) for s in answer), key=repr)


def test_the_installed_rdflib_is_corrected() -> None:
    assert rdflib_fixes.apply()  # applied already (fixture); applying again is harmless
    assert not rdflib_fixes.rdflib_groups_nothing_as_one_row()


def test_a_group_by_over_nothing_has_no_rows_inside_a_query_either() -> None:
    query = ("SELECT ?s ?n ?o WHERE { { SELECT ?s (COUNT(?x) AS ?n) WHERE { ?s <urn:none> ?x } GROUP BY ?s } "
             "OPTIONAL { ?s <urn:p> ?o } }")
    assert _rows(query) == [] == _oxigraph_rows(query)  # rdflib alone listed every ?s <urn:p> ?o here


def test_an_aggregate_without_group_by_still_answers_one_row_over_nothing() -> None:
    assert _rows("SELECT (COUNT(?x) AS ?n) WHERE { ?s <urn:none> ?x }") == [(Literal(0),)]


def test_groups_with_solutions_are_unchanged() -> None:
    query = "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s <urn:p> ?o } GROUP BY ?s"
    assert _rows(query) == [(URIRef("urn:a"), Literal(2)), (URIRef("urn:d"), ONE)]
    # a group whose key is unbound in every solution is a group: its row stays
    query = "SELECT ?k (COUNT(*) AS ?n) WHERE { ?s <urn:p> ?o OPTIONAL { ?s <urn:none> ?k } } GROUP BY ?k"
    assert _rows(query) == [(None, Literal(3))]
    assert _oxigraph_rows(query) == [(None, "3")]


def test_sector_bridging_for_a_sector_without_bridges_is_empty_in_memory_as_on_a_store() -> None:
    # the shipped graph's private organisations share no partnership with another sector; rdflib listed 563
    # labelled resources without counts before the correction
    assert run("sector-bridging-organisations", sector=f"<{PK.PrivateSector}>").rows == []
