"""Dataset selection from Python (``run_query(..., dataset=...)``, ``FROM``/``FROM NAMED``) and the order of
``SELECT *``, the same on both engines: rdflib in memory and Oxigraph over a store loaded with the same TriG file."""

from __future__ import annotations

import doctest

import pytest
from rdflib import Graph, URIRef

import partnerkg.queries.dataset
from partnerkg.errors import QueryError
from partnerkg.queries.dataset import DatasetSelection, held_graphs
from partnerkg.queries.runner import run_query
from partnerkg.store.graphs import open_graph
from partnerkg.store.load import load

TRIG = """
<urn:x:g1> { <urn:x:a> <urn:x:p> <urn:x:b> . }
<urn:x:g2> { <urn:x:c> <urn:x:p> <urn:x:d> . }
<urn:x:e> <urn:x:p> <urn:x:f> .
"""
A, B, C, D, E, F, P = (URIRef(f"urn:x:{n}") for n in "abcdefp")
G1, G2 = URIRef("urn:x:g1"), URIRef("urn:x:g2")


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Graph]:
    folder = tmp_path_factory.mktemp("dataset")
    (folder / "data.trig").write_text(TRIG, encoding="utf-8")
    load([folder / "data.trig"], folder / "store", shipped=False)
    return {"memory": open_graph([folder / "data.trig"], shipped=False), "store": open_graph(store=folder / "store")}


ENGINES = ("memory", "store")
SUBJECTS = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
CASES = [
    ("no dataset: the union", SUBJECTS, None, [A, C, E]),
    ("FROM one graph", "SELECT ?s FROM <urn:x:g1> WHERE { ?s ?p ?o }", None, [A]),
    ("FROM two graphs: their merge", "SELECT ?s FROM <urn:x:g1> FROM <urn:x:g2> WHERE { ?s ?p ?o } ORDER BY ?s", None,
     [A, C]),
    ("FROM NAMED alone: an empty default graph", "SELECT ?s FROM NAMED <urn:x:g1> WHERE { ?s ?p ?o }", None, []),
    ("FROM a graph not held", "SELECT ?s FROM <urn:x:nothing> WHERE { ?s ?p ?o }", None, []),
    ("a selection overrides FROM", "SELECT ?s FROM <urn:x:g1> WHERE { ?s ?p ?o }", DatasetSelection(("urn:x:g2",)),
     [C]),
    ("a selection of named graphs only", SUBJECTS, DatasetSelection((), ("urn:x:g1",)), []),
    ("an empty selection: nothing", SUBJECTS, DatasetSelection(), []),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("name", "text", "dataset", "subjects"), CASES, ids=[c[0] for c in CASES])
def test_the_default_graph_a_dataset_selects(engine: str, name: str, text: str, dataset: DatasetSelection | None,
                                             subjects: list[URIRef], graphs: dict[str, Graph]) -> None:
    assert [row[0] for row in run_query(text, None, graphs[engine], dataset=dataset).rows] == subjects


NAMED = "SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"


@pytest.mark.parametrize("engine", ENGINES)
def test_the_named_graphs_a_dataset_selects(engine: str, graphs: dict[str, Graph]) -> None:
    graph = graphs[engine]
    assert run_query(NAMED, None, graph).rows == [(G1, A), (G2, C)]
    assert run_query(NAMED, None, graph, dataset=DatasetSelection((), ("urn:x:g2",))).rows == [(G2, C)]
    assert run_query(NAMED, None, graph, dataset=DatasetSelection(("urn:x:g1",))).rows == []  # FROM only: none
    assert run_query("SELECT ?g ?s FROM NAMED <urn:x:g1> FROM NAMED <urn:x:zz> WHERE { GRAPH ?g { ?s ?p ?o } }",
                     None, graph).rows == [(G1, A)]
    both = run_query("ASK { ?s ?p <urn:x:d> GRAPH <urn:x:g1> { ?a ?p ?b } }", None, graph,
                     dataset=DatasetSelection(("urn:x:g2",), ("urn:x:g1",)))
    assert both.askAnswer is True


@pytest.mark.parametrize("engine", ENGINES)
def test_construct_and_describe_read_the_selected_graphs(engine: str, graphs: dict[str, Graph]) -> None:
    graph = graphs[engine]
    assert set(run_query("CONSTRUCT WHERE { ?s ?p ?o }", None, graph, dataset=DatasetSelection(("urn:x:g2",))).graph
               ) == {(C, P, D)}
    assert set(run_query("DESCRIBE <urn:x:a> FROM <urn:x:g1>", None, graph).graph) == {(A, P, B)}
    assert set(run_query("DESCRIBE <urn:x:a> FROM <urn:x:g2>", None, graph).graph) == set()


def test_held_graphs_are_the_named_graphs(graphs: dict[str, Graph]) -> None:
    for engine in ENGINES:
        assert sorted(held_graphs(graphs[engine])) == ["urn:x:g1", "urn:x:g2"]
    assert held_graphs(Graph()) == {}


def test_a_selection_names_graphs_by_absolute_iris() -> None:
    with pytest.raises(QueryError, match=r"^<g1> is not an absolute IRI"):
        DatasetSelection(("g1",))
    with pytest.raises(QueryError, match=r"^<urn:x:a b> is not an absolute IRI"):
        DatasetSelection((), ("urn:x:a b",))
    assert DatasetSelection.of(["urn:x:a", "urn:x:a"], ["urn:x:b"]) == DatasetSelection(("urn:x:a",), ("urn:x:b",))


STAR = {
    "a triple pattern": ("SELECT * WHERE { ?s ?p ?o }", ["s", "p", "o"]),
    "reversed names": ("SELECT * WHERE { ?zebra ?apple ?mango }", ["zebra", "apple", "mango"]),
    "optional, bind and values": ("SELECT * WHERE { ?o ?p ?s OPTIONAL { ?s ?q ?x } BIND(1 AS ?b) } VALUES ?v { 1 }",
                                  ["o", "p", "s", "q", "x", "b", "v"]),
    "graph": ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", ["g", "s", "p", "o"]),
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", list(STAR))
def test_select_star_lists_variables_in_order_of_first_appearance(engine: str, name: str,
                                                                   graphs: dict[str, Graph]) -> None:
    text, names = STAR[name]
    result = run_query(text, None, graphs[engine])
    assert result.vars == tuple(names)
    if name == "a triple pattern":  # the columns moved with their names
        assert sorted(result.rows) == sorted([(A, P, B), (C, P, D), (E, P, F)])


def test_examples() -> None:
    assert doctest.testmod(partnerkg.queries.dataset).failed == 0
