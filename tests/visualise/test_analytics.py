"""Measures on the fixture's organisation view, with values worked out by hand.

The view: a-b, a-c, b-c (Partnership One), c-d (Two), e-f (Three), a-e (Four); g and gov unlinked.
Shortest paths through a: b-e, b-f, c-e, c-f, d-e, d-f (6); through c: a-d, b-d, d-e, d-f (4); through e:
a-f, b-f, c-f, d-f (4). Normalised for 8 nodes by 2 / (7 × 6): a = 6/21, c = e = 4/21.
"""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph

from partnerkg.visualise.analytics import (
    betweenness,
    communities,
    components,
    cross_sector_brokerage,
    degree,
    node_measures,
    summarise,
)
from partnerkg.visualise.projections import organisation_graph, policy_graph

ID = "https://w3id.org/partnerkg/id/"


@pytest.fixture(scope="module")
def G(fixture_graph: Graph) -> nx.Graph:
    return organisation_graph(fixture_graph)


def by_label(G: nx.Graph, values: dict) -> dict[str, object]:
    return {G.nodes[n]["label"]: v for n, v in values.items()}


def test_degree(G: nx.Graph) -> None:
    assert by_label(G, degree(G)) == {"Alpha Council": 3, "Beta Trust": 2, "Charity C": 3, "Delta Ltd": 1,
                                      "Echo Group": 2, "local services (unnamed)": 1, "Golf Research Centre": 0,
                                      "Department of Fixtures": 0}


def test_betweenness_exact(G: nx.Graph) -> None:
    values = by_label(G, betweenness(G))
    assert values["Alpha Council"] == pytest.approx(6 / 21, abs=1e-6)
    assert values["Charity C"] == pytest.approx(4 / 21, abs=1e-6)
    assert values["Echo Group"] == pytest.approx(4 / 21, abs=1e-6)
    assert {k for k, v in values.items() if v == 0} == {"Beta Trust", "Delta Ltd", "local services (unnamed)",
                                                        "Golf Research Centre", "Department of Fixtures"}


def test_sampled_betweenness_is_seeded_and_finds_the_bridge() -> None:
    H = nx.barbell_graph(40, 3)  # two 40-cliques joined by a 3-node path: 40, 41, 42
    first = betweenness(H, k=30, seed=7)
    assert first == betweenness(H, k=30, seed=7)
    assert first != betweenness(H, k=30, seed=8)
    assert max(first, key=first.get) in {40, 41, 42}
    assert betweenness(H)[41] == max(betweenness(H).values())


def test_large_graphs_are_sampled_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    real = nx.betweenness_centrality

    def spy(H, k=None, **kwargs):
        calls.append(k)
        return real(H, k=k, **kwargs)

    monkeypatch.setattr(nx, "betweenness_centrality", spy)
    betweenness(nx.path_graph(30), exact_limit=20)
    betweenness(nx.path_graph(10), exact_limit=20)
    assert calls == [None, None]  # 30 nodes but only 200 samples asked: exact is cheaper
    betweenness(nx.path_graph(300), exact_limit=20)
    assert calls[-1] == 200


def test_cross_sector_brokerage_counts_open_statutory_voluntary_pairs(G: nx.Graph) -> None:
    # Alpha Council's neighbours: Beta Trust (statutory), Charity C and Echo Group (voluntary).
    # Beta–Charity are linked themselves; Beta–Echo are not: one brokered pair.
    assert by_label(G, cross_sector_brokerage(G)) == {
        "Alpha Council": 1, "Beta Trust": 0, "Charity C": 0, "Delta Ltd": 0, "Echo Group": 0,
        "local services (unnamed)": 0, "Golf Research Centre": 0, "Department of Fixtures": 0}


def test_brokerage_on_a_star() -> None:
    star = nx.star_graph(4)  # hub 0; leaves 1, 2 statutory; 3, 4 voluntary
    nx.set_node_attributes(star, {0: "private", 1: "statutory", 2: "statutory", 3: "voluntary", 4: "voluntary"},
                           "sector")
    assert cross_sector_brokerage(star)[0] == 4
    star.add_edge(1, 3)
    assert cross_sector_brokerage(star)[0] == 3
    assert cross_sector_brokerage(star, "statutory", "statutory")[0] == 1  # the 1–2 pair


def test_components_largest_first(G: nx.Graph) -> None:
    found = [{G.nodes[n]["label"] for n in c} for c in components(G)]
    assert found == [
        {"Alpha Council", "Beta Trust", "Charity C", "Delta Ltd", "Echo Group", "local services (unnamed)"},
        {"Golf Research Centre"},  # ties by size are ordered by the smallest IRI: …/org-g before …/org-gov
        {"Department of Fixtures"},
    ]


def test_louvain_communities_with_fixed_seed(G: nx.Graph) -> None:
    found = [{G.nodes[n]["label"] for n in c} for c in communities(G)]
    assert found == [{"Alpha Council", "Beta Trust", "Charity C", "Delta Ltd"},
                     {"Echo Group", "local services (unnamed)"},
                     {"Golf Research Centre"},
                     {"Department of Fixtures"}]
    assert communities(G, seed=42) == communities(G, seed=42)


def test_summary(G: nx.Graph) -> None:
    s = summarise(G)
    # modularity of {a,b,c,d}, {e,f}: (4/6 − (9/12)²) + (1/6 − (3/12)²) = 0.208333
    assert s.as_dict() == {"nodes": 8, "edges": 6, "density": round(6 / 28, 6), "components": 3,
                           "largest_component": 6, "isolates": 2, "communities": 4, "modularity": 0.208333,
                           "betweenness": "exact"}


def test_node_measures_rows(G: nx.Graph) -> None:
    rows = node_measures(G)
    assert [r.label for r in rows[:3]] == ["Alpha Council", "Charity C", "Echo Group"]  # degree, betweenness
    alpha = rows[0]
    assert (alpha.node, alpha.type, alpha.sector, alpha.degree, alpha.brokerage, alpha.component,
            alpha.community) == (ID + "org-a", "organisation", "statutory", 3, 1, 0, 0)
    assert alpha.betweenness == pytest.approx(0.285714)


def test_directed_views_are_measured_as_undirected(fixture_graph: Graph) -> None:
    P = policy_graph(fixture_graph)
    assert by_label(P, degree(P))["Fixture Act"] == 2  # requires p1, issued by the department
    assert len(components(P)) == 2


# ---- large graphs: vectorised sampled betweenness, igraph's Louvain, one pass for every measure -----------


def random_network(n: int = 400, m: int = 900, seed: int = 4) -> nx.Graph:
    G = nx.gnm_random_graph(n, m, seed=seed)
    G.add_nodes_from(range(n, n + 10))  # some isolates
    G = nx.relabel_nodes(G, {i: f"org-{(i * 37) % (n + 10):04d}" for i in G})  # node order ≠ sorted order
    sectors = ("statutory", "voluntary", "private")
    nx.set_node_attributes(G, {v: sectors[i % 3] for i, v in enumerate(G)}, "sector")
    return G


@pytest.mark.parametrize("k", [None, 2, 25])
def test_vectorised_betweenness_equals_networkx(k: int | None) -> None:
    from partnerkg.visualise.centrality import sampled_betweenness

    G = random_network()
    expected = nx.betweenness_centrality(G, k=k, seed=9)
    found = sampled_betweenness(G, k=k, seed=9)
    assert list(found) == list(expected)
    assert max(abs(found[v] - expected[v]) for v in G) < 1e-12


def test_large_graphs_use_the_vectorised_betweenness_with_the_same_values(monkeypatch: pytest.MonkeyPatch) -> None:
    import partnerkg.visualise.analytics as analytics

    G = random_network()
    reference = betweenness(G, k=30, seed=2)
    monkeypatch.setattr(analytics, "COMPILED_ABOVE", 100)
    steps: list[tuple[str, int, int | None]] = []
    assert betweenness(G, k=30, seed=2, progress=lambda *s: steps.append(s)) == reference
    assert steps == [("betweenness", i, 30) for i in range(1, 31)]


def test_igraph_louvain_is_seeded_and_finds_planted_communities(monkeypatch: pytest.MonkeyPatch) -> None:
    import partnerkg.visualise.analytics as analytics

    ring = nx.ring_of_cliques(12, 6)  # 12 cliques of 6, each joined to the next by one edge
    monkeypatch.setattr(analytics, "COMPILED_ABOVE", 10)
    found = communities(ring, seed=5)
    assert found == communities(ring, seed=5)
    assert sorted(map(sorted, found)) == [list(range(i, i + 6)) for i in range(0, 72, 6)]
    G = random_network()
    parts = communities(G, seed=1)
    assert sorted(n for p in parts for n in p) == sorted(G)
    compiled = nx.community.modularity(G, parts)
    monkeypatch.setattr(analytics, "COMPILED_ABOVE", 10_000)
    reference = nx.community.modularity(G, communities(G, seed=1))
    assert compiled == pytest.approx(reference, abs=0.03)


def test_brokerage_matches_its_definition_on_a_random_graph() -> None:
    G = random_network(120, 400)
    sector = nx.get_node_attributes(G, "sector")
    for first, second in (("statutory", "voluntary"), ("private", "private")):
        expected = {}
        for v in G:
            pairs = {frozenset((u, w)) for u in G[v] for w in G[v]
                     if u != w and sector[u] == first and sector[w] == second and not G.has_edge(u, w)}
            expected[v] = len(pairs)
        assert cross_sector_brokerage(G, first, second) == expected


def test_analyse_computes_what_node_measures_and_summarise_do(G: nx.Graph) -> None:
    from partnerkg.visualise.analytics import analyse

    phases: list[str] = []
    rows, summary = analyse(G, progress=lambda phase, done, total: phases.append(phase))
    assert rows == node_measures(G)
    assert summary == summarise(G)
    assert phases == ["degree", "betweenness", "brokerage", "components", "communities"]
    assert summarise(random_network(1200, 2000), k=50).betweenness == "sampled from 50 sources (seed 42)"
