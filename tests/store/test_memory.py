"""An in-memory Oxigraph store (``in_memory=True``, ``--in-memory``) answers what rdflib and a store answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import partnerkg
from partnerkg.cli import cli
from partnerkg.errors import OptionError
from partnerkg.queries.catalogue import list_queries
from partnerkg.store.oxigraph import oxigraph_of

EXTRA = "<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> \"Extra\"@en .\n"


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, partnerkg.KnowledgeGraph]:
    folder = tmp_path_factory.mktemp("memory")
    extra = folder / "extra.nt"
    extra.write_text(EXTRA, encoding="utf-8")
    store = folder / "store"
    partnerkg.load([extra], store)
    return {"rdflib": partnerkg.open([extra]), "files in memory": partnerkg.open([extra], in_memory=True),
            "store in memory": partnerkg.open(store=store, in_memory=True), "store": partnerkg.open(store=store)}


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_library_query_answers_the_same(graphs: dict[str, partnerkg.KnowledgeGraph], name: str) -> None:
    # as Python values: Oxigraph keeps xsd:nonNegativeInteger as xsd:integer (a documented limit)
    answers = {engine: _answer(kg.query(name)) for engine, kg in graphs.items()}
    assert answers["files in memory"] == answers["rdflib"]
    assert answers["store in memory"] == answers["store"] == answers["rdflib"]


def _answer(result: partnerkg.QueryResult) -> object:
    if result.graph is not None:
        return sorted(result.graph)
    return result.askAnswer if result.type == "ASK" else result.to_rows()


def test_the_data_is_an_oxigraph_store_in_memory_with_the_same_triples(graphs) -> None:
    in_memory = graphs["files in memory"]
    assert oxigraph_of(in_memory.graph) is not None
    assert len(in_memory) == len(graphs["rdflib"]) == len(graphs["store in memory"])


def test_a_query_process_inherits_the_store_in_memory(graphs) -> None:
    kg = graphs["store in memory"]
    assert kg.query("partnership-partners", timeout=60).to_rows() == kg.query("partnership-partners").to_rows()


def test_the_command_line_flag(tmp_path: Path) -> None:
    extra = tmp_path / "extra.nt"
    extra.write_text(EXTRA, encoding="utf-8")
    query = "SELECT ?l WHERE { <urn:x:a> rdfs:label ?l }"
    rq = tmp_path / "q.rq"
    rq.write_text(query, encoding="utf-8")
    result = CliRunner().invoke(cli, ["query", str(rq), "--data", str(extra), "--in-memory", "-f", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == b"l\r\nExtra\r\n"


def test_serving_from_memory_is_refused() -> None:
    with pytest.raises(OptionError, match=r"^in_memory=True is for queries in this process"):
        partnerkg.open(in_memory=True).serve(port=0)
