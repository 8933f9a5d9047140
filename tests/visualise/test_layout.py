"""Positions computed in Python: seeded, complete, spread out, with components packed apart; and grouping."""

from __future__ import annotations

import math
import random
import time

import networkx as nx
import numpy as np
import pytest

from partnerkg.visualise.aggregate import aggregate, groups
from partnerkg.visualise.layout import EDGE_LENGTH, force_directed, layout, pack


def clustered(n: int, edges: int, regions: int, seed: int = 1) -> nx.Graph:
    """A graph with regional clusters, like partnership networks (85 % of ties within a region)."""
    rng = random.Random(seed)
    G = nx.Graph()
    G.add_nodes_from(range(n))
    region = [rng.randrange(regions) for _ in range(n)]
    members: dict[int, list[int]] = {}
    for i, r in enumerate(region):
        members.setdefault(r, []).append(i)
    ties: set[tuple[int, int]] = set()
    while len(ties) < edges:
        a = rng.randrange(n)
        b = rng.choice(members[region[a]]) if rng.random() < 0.85 else rng.randrange(n)
        if a != b:
            ties.add((min(a, b), max(a, b)))
    G.add_edges_from(sorted(ties))
    nx.set_node_attributes(G, dict(enumerate(region)), "region")
    return G


def test_same_graph_same_positions_and_every_node_placed() -> None:
    G = clustered(300, 600, 6)
    first = layout(G)
    assert first == layout(G)
    assert list(first) == list(G)
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())
    assert layout(G, seed=2) != first


def test_small_components_keep_nodes_apart() -> None:
    G = nx.Graph([(0, i) for i in range(1, 25)])  # a star: leaves share the same neighbourhood
    pos = np.array(list(layout(G).values()))
    gaps = np.sqrt(((pos[:, None, :] - pos[None, :, :]) ** 2).sum(axis=2)) + np.eye(len(pos)) * 1e9
    assert gaps.min() > 0.35 * EDGE_LENGTH


def test_linked_nodes_are_closer_than_unlinked_ones() -> None:
    G = clustered(200, 400, 4)
    pos = layout(G)
    linked = np.mean([math.dist(pos[u], pos[v]) for u, v in G.edges])
    rng = random.Random(0)
    pairs = [(rng.randrange(200), rng.randrange(200)) for _ in range(400)]
    unlinked = np.mean([math.dist(pos[u], pos[v]) for u, v in pairs if u != v and not G.has_edge(u, v)])
    assert linked < 0.5 * unlinked


def test_components_do_not_overlap() -> None:
    G = nx.disjoint_union_all([nx.cycle_graph(12), nx.complete_graph(6), nx.path_graph(4), nx.empty_graph(5)])
    pos = layout(G)
    boxes = []
    for comp in nx.connected_components(G):
        xs = [pos[n][0] for n in comp]
        ys = [pos[n][1] for n in comp]
        boxes.append((min(xs), max(xs), min(ys), max(ys)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[1] < b[0] or b[1] < a[0] or a[3] < b[2] or b[3] < a[2], (a, b)


def test_communities_of_a_big_component_are_laid_out_apart() -> None:
    G = clustered(1200, 2600, 8)  # above SPLIT_ABOVE: laid out community by community
    pos = layout(G)
    centres = {}
    for r in range(8):
        members = [n for n, d in G.nodes(data=True) if d["region"] == r]
        centres[r] = np.mean([pos[n] for n in members], axis=0)
    spread = np.mean([math.dist(pos[u], pos[v]) for u, v in G.edges if G.nodes[u]["region"] == G.nodes[v]["region"]])
    between = np.mean([math.dist(centres[a], centres[b]) for a in range(8) for b in range(a + 1, 8)])
    assert between > 2 * spread


@pytest.mark.slow
def test_five_thousand_nodes_lay_out_quickly() -> None:
    G = clustered(5000, 10000, 40)
    start = time.perf_counter()
    pos = layout(G)
    elapsed = time.perf_counter() - start
    assert len(pos) == 5000
    assert elapsed < 15, f"layout of 5,000 nodes took {elapsed:.1f} s"  # nx.spring_layout: about 47 s


def test_force_directed_settles_an_edge_near_unit_length() -> None:
    p = force_directed(2, [(0, 1)], seed=3)
    assert 0.6 < math.dist(p[0], p[1]) < 1.4
    assert np.allclose(p.mean(axis=0), 0.0)


def test_pack_puts_small_blocks_under_a_dominant_one() -> None:
    big = np.array([[0.0, 0.0], [10.0, 6.0]])
    dots = [np.zeros((1, 2)) for _ in range(5)]
    placed = pack([big, *dots])
    assert all(d[0, 1] > placed[0][:, 1].max() for d in placed[1:])
    assert len({tuple(d[0]) for d in placed[1:]}) == 5


def test_community_groups_count_their_ties() -> None:
    G = nx.barbell_graph(4, 0)
    G.add_node("alone")
    nx.set_node_attributes(G, "organisation", "type")
    nx.set_node_attributes(G, "statutory", "sector")
    nx.set_node_attributes(G, {n: str(n) for n in G}, "label")
    A = aggregate(G, "community")
    assert sorted(A.nodes(data="members")) == [("group-1", 4), ("group-2", 4), ("group-3", 1)]
    assert list(A.edges(data="weight")) == [("group-1", "group-2", 1)]
    assert A.nodes["group-1"]["sectors"] == {"statutory": 4}
    assert A.graph["original_nodes"] == 9


def test_unlinked_nodes_form_one_group() -> None:
    G = nx.Graph([(1, 2)])
    G.add_nodes_from([3, 4, 5])
    assert groups(G, "community") == [[3, 4, 5], [1, 2]]


def test_kind_groups_split_by_type_kind_and_sector() -> None:
    G = nx.Graph()
    G.add_node(1, type="organisation", kind="Charity", sector="voluntary")
    G.add_node(2, type="organisation", kind="Charity", sector="voluntary")
    G.add_node(3, type="organisation", kind="Local authority", sector="statutory")
    G.add_edge(1, 3)
    G.add_edge(2, 3)
    A = aggregate(G, "kind")
    assert [A.nodes[n]["label"] for n in A] == ["Charity, voluntary", "Local authority, statutory"]
    assert A.edges["group-1", "group-2"]["weight"] == 2
