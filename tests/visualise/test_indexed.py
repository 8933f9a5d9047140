"""IndexedGraph reads a networkx graph into arrays in networkx's own order; the compiled measures built on it
(components, modularity, brokerage) agree with networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from partnerkg.visualise.analytics import _modularity, communities, components, cross_sector_brokerage
from partnerkg.visualise.indexed import IndexedGraph

from .test_analytics import random_network


def test_edges_follow_networkx_order_with_self_loops_and_weights() -> None:
    G = nx.Graph()
    G.add_nodes_from(["c", "a", "b", "lonely"])
    G.add_edge("b", "a", weight=3)
    G.add_edge("c", "c")
    G.add_edge("c", "b", weight=0.5)
    ig = IndexedGraph.of(G)
    expected = [(ig.nodes.index(u), ig.nodes.index(v), w) for u, v, w in G.edges(data="weight", default=1)]
    assert [(u, v, w) for (u, v), w in zip(ig.edges.tolist(), ig.weights.tolist(), strict=True)] == expected
    assert ig.indptr.tolist() == [0, 1, 2, 4, 4]  # c: b (its self-loop is no neighbour); a: b; b: a, c
    assert ig.simple.ecount() == 2 and ig.igraph.ecount() == 3


def test_a_directed_graph_is_read_as_its_undirected_view() -> None:
    D = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c")])
    ig = IndexedGraph.of(D)
    assert ig.edges.tolist() == [[0, 1], [1, 2]]
    H = D.to_undirected(as_view=True)
    assert ig.indices.tolist() == [ig.nodes.index(m) for n in H for m in H.adj[n]]


def test_parts_largest_first_then_by_smallest_node() -> None:
    ig = IndexedGraph.of(nx.Graph([("z", "y"), ("b", "x"), ("m", "n"), ("n", "o")]))
    assert ig.parts(np.array([0, 0, 1, 1, 2, 2, 2])) == [{"m", "n", "o"}, {"b", "x"}, {"y", "z"}]
    assert components(nx.Graph([("z", "y"), ("b", "x")])) == [{"b", "x"}, {"y", "z"}]


def test_compiled_modularity_equals_networkx(monkeypatch: pytest.MonkeyPatch) -> None:
    import partnerkg.visualise.analytics as analytics

    G = random_network(300, 700)
    nx.set_edge_attributes(G, {e: 1 + i % 3 for i, e in enumerate(G.edges)}, "weight")
    parts = communities(G, seed=3)
    reference = _modularity(G, parts, None)
    monkeypatch.setattr(analytics, "COMPILED_ABOVE", 10)
    assert _modularity(G, parts, None) == pytest.approx(reference, abs=1e-12)
    assert reference == pytest.approx(nx.community.modularity(G, parts), abs=1e-12)


def test_brokerage_ignores_self_loops_and_counts_directed_views() -> None:
    G = nx.Graph([("s", "x"), ("x", "v"), ("x", "x"), ("s2", "x"), ("s2", "v")])
    nx.set_node_attributes(G, {"s": "statutory", "s2": "statutory", "v": "voluntary", "x": "private"}, "sector")
    assert cross_sector_brokerage(G) == {"s": 0, "x": 1, "v": 0, "s2": 0}
    D = nx.DiGraph(G)
    assert cross_sector_brokerage(D) == cross_sector_brokerage(G)
