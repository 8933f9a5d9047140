"""The views read from an on-disk Oxigraph store (SPARQL in Oxigraph) equal the views read in memory (rdflib)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from partnerkg.store.graphs import open_graph
from partnerkg.store.load import load
from partnerkg.visualise.analytics import analyse
from partnerkg.visualise.entities import READS, read_knowledge
from partnerkg.visualise.projections import View, project
from partnerkg.visualise.triples import OxigraphSource, triple_source

from .conftest import FIXTURE_TTL


def snapshot(G: nx.Graph) -> tuple[object, ...]:
    """Everything a view holds, in its order: graph attributes, nodes and edges with their attributes."""
    return dict(G.graph), list(G.nodes(data=True)), list(G.edges(data=True))


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fixture") / "fixture.ttl"
    path.write_text(FIXTURE_TTL, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small generated country: national organisations, branches, regions, policies, barriers."""
    from partnerkg.graph.synthetic import generate

    path = tmp_path_factory.mktemp("country") / "country.nt"
    generate(path, 60, 70, seed=5)
    return path


@pytest.mark.parametrize("view", list(View))
def test_fixture_views_from_a_store_equal_the_views_in_memory(fixture_file: Path, tmp_path: Path,
                                                              view: View) -> None:
    load([fixture_file], tmp_path / "store", shipped=False)
    stored = open_graph(store=tmp_path / "store")
    assert isinstance(triple_source(stored), OxigraphSource)
    in_memory = open_graph([fixture_file], shipped=False)
    assert snapshot(project(read_knowledge(stored), view)) == snapshot(project(read_knowledge(in_memory), view))


def test_country_with_the_shipped_graph_from_a_store_equals_it_in_memory(country: Path, tmp_path: Path) -> None:
    load([country], tmp_path / "store")
    from_store = read_knowledge(open_graph(store=tmp_path / "store"))
    from_memory = read_knowledge(open_graph([country]))
    for view in View:
        a, b = project(from_store, view), project(from_memory, view)
        assert a.number_of_nodes() > 0
        assert snapshot(a) == snapshot(b), view
    G = project(from_store, View.ORGANISATIONS)
    assert G.number_of_edges() > 50
    assert analyse(G, k=20, seed=3) == analyse(project(from_memory, View.ORGANISATIONS), k=20, seed=3)


def test_reading_reports_progress_up_to_its_total(fixture_file: Path) -> None:
    seen: list[tuple[str, int, int | None]] = []
    read_knowledge(open_graph([fixture_file], shipped=False), progress=lambda *step: seen.append(step))
    assert {phase for phase, _done, _total in seen} == {"reading"}
    assert [done for _phase, done, _total in seen] == sorted(done for _phase, done, _total in seen)
    assert seen[-1] == ("reading", READS, READS)
    assert len(seen) == READS + 1  # one step per predicate read, then the end
