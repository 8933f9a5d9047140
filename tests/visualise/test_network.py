"""The organisation network the measures read (``organisation_network``) equals the organisations view on every
attribute the measures use — read in memory with rdflib and from a store with Oxigraph's TSV answers."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from partnerkg.store.graphs import open_graph
from partnerkg.store.load import load
from partnerkg.visualise.analytics import analyse
from partnerkg.visualise.entities import read_knowledge
from partnerkg.visualise.network import NETWORK_READS, Text, _tsv_text, organisation_network
from partnerkg.visualise.projections import organisation_graph

from .conftest import FIXTURE_TTL, PREFIXES

# Blank-node and untyped partners, labels that need escapes or a language choice, a title instead of a label,
# a sector only through a class the data declares, and a partner reached only through pk:partnerIn.
AWKWARD_TTL = PREFIXES + """
@prefix ex: <https://example.org/> .
ex:LocalCharity rdfs:subClassOf pk:Charity .
id:p5 a pk:Partnership ; pk:hasPartner id:org-a , id:org-x , [ rdfs:label "Anonymous\\tpartner"@en ] ,
    [ dcterms:title "Titled blank" ] .
id:p6 pk:hasPartner id:org-x , id:org-y , id:org-z .
id:org-w pk:partnerIn id:p6 .
id:org-x a ex:LocalCharity ; rdfs:label "Zed \\"quoted\\" \\\\ back"@en , "Ça va"@fr , "plain  spaced" .
id:org-y rdfs:label "Yankee"@fr , "Alpha"@fr ; pk:sector pk:PrivateSector , pk:StatutorySector .
id:org-z dcterms:title "Zulu title" .
id:org-v a pk:Organisation ; rdfs:label "é☃ unicode"@en .
"""


def lean(G: nx.Graph) -> tuple[object, ...]:
    """What the measures read of a view: nodes with type, label and sector, edges with weight, in order."""
    return ([(n, {k: d[k] for k in ("type", "label", "sector")}) for n, d in G.nodes(data=True)],
            [(a, b, {"weight": w}) for a, b, w in G.edges(data="weight")])


def snapshot(G: nx.Graph) -> tuple[object, ...]:
    return list(G.nodes(data=True)), list(G.edges(data=True))


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from partnerkg.graph.synthetic import generate

    folder = tmp_path_factory.mktemp("network")
    (folder / "fixture.ttl").write_text(FIXTURE_TTL, encoding="utf-8")
    (folder / "awkward.ttl").write_text(FIXTURE_TTL + AWKWARD_TTL, encoding="utf-8")
    generate(folder / "country.nt", 80, 90, seed=11)
    return {"fixture": folder / "fixture.ttl", "awkward": folder / "awkward.ttl", "country": folder / "country.nt"}


@pytest.mark.parametrize(("name", "shipped"), [("fixture", False), ("awkward", False), ("country", True)])
def test_network_equals_the_organisations_view_in_memory_and_from_a_store(files: dict[str, Path], tmp_path: Path,
                                                                         name: str, shipped: bool) -> None:
    load([files[name]], tmp_path / "store", shipped=shipped)
    in_memory = open_graph([files[name]], shipped=shipped)
    view = organisation_graph(read_knowledge(in_memory))
    assert view.number_of_edges() > 0
    from_memory = organisation_network(in_memory)
    from_store = organisation_network(open_graph(store=tmp_path / "store"))
    assert snapshot(from_memory) == lean(view)
    if name != "awkward":  # blank nodes get other labels in a store, so their keys (and order) differ
        assert snapshot(from_store) == lean(view)
        assert analyse(from_store, k=10, seed=2) == analyse(view, k=10, seed=2)
    else:
        stored = organisation_graph(read_knowledge(open_graph(store=tmp_path / "store")))
        assert snapshot(from_store) == lean(stored)
    assert analyse(from_memory, k=10, seed=2) == analyse(view, k=10, seed=2)


def test_awkward_labels_and_sectors(files: dict[str, Path], tmp_path: Path) -> None:
    load([files["awkward"]], tmp_path / "store", shipped=False)
    G = organisation_network(open_graph(store=tmp_path / "store"))
    org = "https://w3id.org/partnerkg/id/org-"
    assert G.nodes[org + "x"] == {"type": "organisation", "label": 'Zed "quoted" \\ back', "sector": "voluntary"}
    assert G.nodes[org + "y"] == {"type": "organisation", "label": "Alpha", "sector": "private"}
    assert G.nodes[org + "z"]["label"] == "Zulu title"
    assert G.nodes[org + "v"]["label"] == "é☃ unicode"
    blanks = sorted(d["label"] for n, d in G.nodes(data=True) if n.startswith("_:"))
    assert blanks == ["Anonymous partner", "Titled blank"]
    assert G.edges[org + "w", org + "x"] == {"weight": 1}
    assert G.edges[org + "a", org + "x"] == {"weight": 1}


def test_tsv_terms() -> None:
    assert _tsv_text("<urn:a>") == Text(0, "urn:a")
    assert _tsv_text("_:b1") == Text(1, "b1")
    assert _tsv_text('"a\\tb\\"c\\\\d\\u00e9"@en-gb') == Text(2, 'a\tb"c\\dé', "en-gb")
    assert _tsv_text('"x"^^<urn:dt>') == Text(2, "x", None, "urn:dt")
    assert _tsv_text('"plain"') == Text(2, "plain")
    assert _tsv_text("12") == Text(2, "12", None, "http://www.w3.org/2001/XMLSchema#integer")
    assert _tsv_text("true") == Text(2, "true", None, "http://www.w3.org/2001/XMLSchema#boolean")


def test_reading_reports_progress_up_to_its_total(files: dict[str, Path], tmp_path: Path) -> None:
    load([files["fixture"]], tmp_path / "store", shipped=False)
    for graph in (open_graph([files["fixture"]], shipped=False), open_graph(store=tmp_path / "store")):
        seen: list[tuple[str, int, int | None]] = []
        organisation_network(graph, progress=lambda *step, into=seen: into.append(step))
        assert seen == [("reading", i, NETWORK_READS) for i in range(1, NETWORK_READS + 1)]


def test_empty_graph_gives_an_empty_network(tmp_path: Path) -> None:
    from rdflib import Graph

    assert organisation_network(Graph()).number_of_nodes() == 0


def test_analyse_from_a_store_prints_what_it_prints_in_memory(files: dict[str, Path], tmp_path: Path) -> None:
    from partnerkg.cli import cli

    runner = CliRunner()
    assert runner.invoke(cli, ["load", str(files["country"]), "--store", str(tmp_path / "store")]).exit_code == 0
    for fmt in ("csv", "json"):
        stored = runner.invoke(cli, ["analyse", "--store", str(tmp_path / "store"), "--format", fmt, "-q"])
        in_memory = runner.invoke(cli, ["analyse", "--data", str(files["country"]), "--format", fmt, "-q"])
        assert stored.exit_code == 0, stored.output
        assert stored.output == in_memory.output
        assert stored.output.count("/organisation/synthetic-") == 80  # every generated organisation
