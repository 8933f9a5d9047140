"""A top-level ORDER BY with its LIMIT/OFFSET done in DuckDB by the columnar engine: the order is rdflib's
(the reference, in memory) over IRIs, string literals with and without language tags, unbound values and
integers and booleans of the data, computed counts, ascending and descending, and consecutive pages are the
ordered answer cut in pieces. A sort column SQL cannot order as rdflib does (a blank node, a date, integers
mixed with strings or booleans) is sorted in Python."""

from __future__ import annotations

import pytest
from rdflib import BNode, Dataset, URIRef

from partnerkg.queries import columnar
from partnerkg.queries.columnar import Engine
from partnerkg.queries.runner import run_query
from partnerkg.store.graphs import open_graph
from partnerkg.store.load import load

pytest.importorskip("duckdb", reason="the columnar extra: pip install 'partnerkg[columnar]'")

DATA = r"""
@prefix x: <urn:x:> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
x:B x:l "b", "B"@en .
x:a x:l "a"@en, "é", "z"@en-gb, "\U0001F600" .
x:ä x:l "a", "Zebra" .
x:c x:l x:Z, "a"@en .
x:d x:m x:c .
x:n1 x:n 3, 10 .
x:n2 x:n "2024"^^xsd:gYear .
x:b1 x:r [ x:q "blank" ] .
x:k1 x:k 10, -5 .
x:k2 x:k 3 .
x:k3 x:k x:Z .
x:t1 x:t true .
x:t2 x:t false .
"""
PREFIX = "PREFIX x: <urn:x:>\n"


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Dataset]:
    folder = tmp_path_factory.mktemp("order")
    (folder / "data.ttl").write_text(DATA, encoding="utf-8")
    load([folder / "data.ttl"], folder / "store", shipped=False)
    memory = Dataset()
    memory.parse(data=DATA, format="turtle")
    return {"store": open_graph(store=folder / "store"), "memory": memory}


@pytest.fixture()
def python_sorts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many answers the columnar engine sorted in Python (SQL could not order a key as rdflib does)."""
    calls: list[int] = []
    original = columnar._python_sorted

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(columnar, "_python_sorted", counted)
    return calls


Rows = list[tuple[object, ...]]


def _columnar_and_rdflib(graphs: dict[str, Dataset], text: str) -> tuple[Rows, Rows]:
    got = run_query(PREFIX + text, {}, graphs["store"], engine=Engine.COLUMNAR)
    assert got.engine == "columnar"
    reference = run_query(PREFIX + text, {}, graphs["memory"])
    oxigraph = run_query(PREFIX + text, {}, graphs["store"], engine=Engine.OXIGRAPH)
    assert oxigraph.rows == reference.rows
    return got.rows, reference.rows


@pytest.mark.parametrize("text", [
    "SELECT ?s ?l WHERE { ?s x:l ?l } ORDER BY ?l ?s",
    "SELECT ?s ?l WHERE { ?s x:l ?l } ORDER BY DESC(?l) ?s",
    "SELECT ?s ?l WHERE { ?s x:l ?l } ORDER BY ?s DESC(?l) LIMIT 4 OFFSET 2",
    "SELECT ?s ?l WHERE { ?s x:l ?l } ORDER BY DESC(?s) ?l LIMIT 3",
    "SELECT ?s ?l WHERE { ?s ?p ?o OPTIONAL { ?s x:l ?l } FILTER(?p != x:q) } ORDER BY ?l ?s OFFSET 1",
    "SELECT DISTINCT ?s ?l WHERE { ?s ?p ?o OPTIONAL { ?s x:l ?l } FILTER(?p != x:q) } ORDER BY DESC(?l) DESC(?s)",
    "SELECT ?s (COUNT(?l) AS ?n) WHERE { ?s x:l ?l } GROUP BY ?s ORDER BY DESC(?n) ?s",
    "SELECT ?s (COUNT(?l) AS ?n) WHERE { ?s x:l ?l } GROUP BY ?s ORDER BY ?n DESC(?s) LIMIT 2 OFFSET 1",
    "SELECT ?s ?v WHERE { ?s x:k ?v } ORDER BY ?v ?s",  # an IRI, then integers by value
    "SELECT ?s ?v WHERE { ?s x:k ?v } ORDER BY DESC(?v) ?s",
    "SELECT ?s ?v WHERE { ?s x:t ?v } ORDER BY ?v",
    "SELECT ?s ?v WHERE { ?s x:t ?v } ORDER BY DESC(?v) LIMIT 1",
    "SELECT ?s ?v WHERE { ?s ?p ?o OPTIONAL { ?s x:k ?v } FILTER(?p != x:q) } ORDER BY DESC(?v) ?s",
])
def test_sql_orders_as_rdflib_does(graphs: dict[str, Dataset], python_sorts: list[int], text: str) -> None:
    got, reference = _columnar_and_rdflib(graphs, text)
    assert got == reference
    assert python_sorts == []


def test_keys_sql_cannot_order_are_sorted_in_python(graphs: dict[str, Dataset], python_sorts: list[int]) -> None:
    got, reference = _columnar_and_rdflib(graphs, "SELECT ?s ?v WHERE { ?s x:n ?v } ORDER BY ?v ?s")  # numbers, a gYear
    assert got == reference
    assert python_sorts == [1]
    text = PREFIX + "SELECT ?s ?o WHERE { ?s x:r ?o } ORDER BY ?o"  # a blank node: each engine labels its own
    (s, o), = run_query(text, {}, graphs["store"], engine=Engine.COLUMNAR).rows
    assert (s, type(o)) == (URIRef("urn:x:b1"), BNode)
    assert python_sorts == [1, 1]
    for mixed in ("{ ?s x:k ?v } UNION { ?s x:t ?v }", "{ ?s x:k ?v } UNION { ?s x:l ?v }"):
        got, reference = _columnar_and_rdflib(graphs, f"SELECT ?s ?v WHERE {{ {mixed} }} ORDER BY ?v ?s")
        assert got == reference
    assert python_sorts == [1, 1, 1, 1]


def test_pages_cut_the_ordered_answer_in_pieces_even_among_ties(graphs: dict[str, Dataset]) -> None:
    """Rows equal on every key are ordered by their values, so page after page reads every row once."""
    text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p"
    whole = run_query(PREFIX + text, {}, graphs["store"], engine=Engine.COLUMNAR).rows
    pages = [run_query(PREFIX + text + f" LIMIT 3 OFFSET {start}", {}, graphs["store"], engine=Engine.COLUMNAR).rows
             for start in range(0, len(whole) + 3, 3)]
    assert [row for page in pages for row in page] == whole
    assert len(whole) == len(set(whole)) == 22
    assert [row[1] for row in whole] == sorted(row[1] for row in whole)


def test_a_streamed_answer_is_ordered_and_sliced_as_a_whole_one(graphs: dict[str, Dataset],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columnar, "STREAM_BATCHES", (1, 2))
    text = PREFIX + "SELECT ?s ?l WHERE { ?s x:l ?l } ORDER BY DESC(?l) ?s LIMIT 7 OFFSET 1"
    streamed = run_query(text, {}, graphs["store"], engine=Engine.COLUMNAR, lazy=True)
    assert streamed.engine == "columnar"
    assert list(streamed) == run_query(text, {}, graphs["memory"]).rows
