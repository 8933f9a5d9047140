"""Network measures of a view: degree, betweenness, cross-sector brokerage, components, communities.

Plain functions over a networkx graph, in the style of networkx itself. Directed graphs (the policy view)
are measured as undirected: influence is a tie either way for who-connects-whom questions. Results are
deterministic: components and communities come sorted (largest first, ties by smallest node), Louvain
runs with a fixed seed, and sampled betweenness with a fixed seed.

Algorithms. Betweenness is Brandes' (exact up to EXACT_BETWEENNESS_LIMIT nodes, else estimated from k
sources drawn with the seed, Brandes and Pich's estimator, as ``nx.betweenness_centrality(k=, seed=)``);
above COMPILED_ABOVE nodes the same estimator runs vectorised (:mod:`partnerkg.visualise.centrality`), with
the same sources and the same values. Communities are Louvain's (Blondel et al. 2008, edge ``weight``,
resolution 1): networkx's ``louvain_communities(seed=)`` up to COMPILED_ABOVE nodes, igraph's C
implementation (``community_multilevel``, random order from ``random.Random(seed)``) above it, where
networkx's would take minutes. Each is deterministic for a seed; the two Louvain implementations visit nodes
in different random orders, so they may return different (equally valid) partitions of the same graph.
:func:`analyse` computes every measure once and reports progress phase by phase.

>>> import networkx as nx
>>> G = nx.path_graph(["a", "b", "c"])
>>> nx.set_node_attributes(G, {"a": "statutory", "b": "private", "c": "voluntary"}, "sector")
>>> cross_sector_brokerage(G)
{'a': 0, 'b': 1, 'c': 0}
>>> betweenness(G)
{'a': 0.0, 'b': 1.0, 'c': 0.0}
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx
import numpy as np

from partnerkg.visualise.centrality import sampled_betweenness
from partnerkg.visualise.defaults import SEED
from partnerkg.visualise.indexed import IndexedGraph

__all__ = [
    "BETWEENNESS_SAMPLES",
    "COMPILED_ABOVE",
    "EXACT_BETWEENNESS_LIMIT",
    "SEED",
    "GraphSummary",
    "NodeMeasures",
    "Progress",
    "analyse",
    "betweenness",
    "communities",
    "components",
    "cross_sector_brokerage",
    "degree",
    "membership",
    "node_measures",
    "samples",
    "summarise",
    "undirected",
]

#: Exact betweenness up to this many nodes; above it, sampled from BETWEENNESS_SAMPLES sources.
EXACT_BETWEENNESS_LIMIT = 1000
BETWEENNESS_SAMPLES = 200
#: Above this many nodes, sampled betweenness runs vectorised and Louvain runs in igraph (see above).
COMPILED_ABOVE = 5000

#: ``progress(phase, done, total)``: called as a phase advances (total None when unknown).
Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class NodeMeasures:
    """The measures of one node."""

    node: str
    label: str
    type: str
    sector: str
    degree: int
    betweenness: float
    brokerage: int
    component: int
    community: int

    def as_dict(self) -> dict[str, Any]:
        """The measures as a plain dict (for CSV and JSON)."""
        return asdict(self)


@dataclass(frozen=True)
class GraphSummary:
    """Whole-graph figures."""

    nodes: int
    edges: int
    density: float
    components: int
    largest_component: int
    isolates: int
    communities: int
    modularity: float
    betweenness: str

    def as_dict(self) -> dict[str, Any]:
        """The summary as a plain dict."""
        return asdict(self)


def undirected(G: nx.Graph) -> nx.Graph:
    """``G`` itself, or an undirected view of it when it is directed."""
    return G.to_undirected(as_view=True) if G.is_directed() else G


def degree(G: nx.Graph) -> dict[Hashable, int]:
    """Number of neighbours of each node (in and out together for a directed graph).

    >>> degree(nx.star_graph(3))
    {0: 3, 1: 1, 2: 1, 3: 1}
    """
    H = undirected(G)
    return {n: H.degree(n) for n in G}


def samples(G: nx.Graph, k: int | None = None, exact_limit: int = EXACT_BETWEENNESS_LIMIT) -> int | None:
    """How many sources :func:`betweenness` samples for ``G`` (None: exact, every node).

    >>> samples(nx.path_graph(5000)), samples(nx.path_graph(50)), samples(nx.path_graph(50), 10)
    (200, None, 10)
    """
    n = G.number_of_nodes()
    if k is None and n > exact_limit:
        k = BETWEENNESS_SAMPLES
    return None if k is not None and k >= n else k


def betweenness(
    G: nx.Graph, *, k: int | None = None, seed: int = SEED, exact_limit: int = EXACT_BETWEENNESS_LIMIT,
    progress: Progress | None = None, indexed: IndexedGraph | None = None,
) -> dict[Hashable, float]:
    """Normalised betweenness centrality, rounded to 6 places; sampled for large graphs.

    Exact when ``G`` has at most ``exact_limit`` nodes and ``k`` is None; otherwise estimated from
    ``k`` (default BETWEENNESS_SAMPLES) source nodes drawn with ``seed``, so repeated runs agree.
    ``progress("betweenness", sources done, k)`` follows the sampled sources above COMPILED_ABOVE nodes.
    ``indexed`` is ``IndexedGraph.of(G)`` when the caller has it already.

    >>> betweenness(nx.star_graph(3))
    {0: 1.0, 1: 0.0, 2: 0.0, 3: 0.0}
    """
    H = undirected(G)
    k = samples(H, k, exact_limit)
    if k is not None and H.number_of_nodes() > COMPILED_ABOVE:
        step = None if progress is None else (lambda done, total: progress("betweenness", done, total))
        ig = indexed if indexed is not None else IndexedGraph.of(H)
        values = sampled_betweenness(H, k=k, seed=seed, progress=step, adjacency=(ig.nodes, ig.indptr, ig.indices))
    else:
        values = nx.betweenness_centrality(H, k=k, seed=seed if k is not None else None, normalized=True)
    return {node: round(values[node], 6) for node in G}


def cross_sector_brokerage(
    G: nx.Graph, first: str = "statutory", second: str = "voluntary", attribute: str = "sector",
    *, indexed: IndexedGraph | None = None,
) -> dict[Hashable, int]:
    """How many pairs of otherwise unconnected partners, one ``first`` and one ``second``, each node links.

    For node v: the number of pairs {u, w} of v's neighbours with ``G.nodes[u][attribute] == first``,
    ``G.nodes[w][attribute] == second`` and no edge u–w, i.e. the open statutory–voluntary triads v
    brokers (Gould and Fernandez's brokerage, counted over all roles). Nodes of any sector can broker.
    With ``first == second`` it counts unlinked pairs of neighbours within that one group.

    >>> G = nx.Graph([("s", "x"), ("x", "v"), ("s", "y"), ("y", "v"), ("s", "v")])
    >>> nx.set_node_attributes(G, {"s": "statutory", "v": "voluntary", "x": "private", "y": "private"}, "sector")
    >>> cross_sector_brokerage(G)
    {'s': 0, 'x': 0, 'v': 0, 'y': 0}
    """
    ig = indexed if indexed is not None else IndexedGraph.of(G)
    n = len(ig.nodes)
    group = np.array([0 if d.get(attribute) == first else 1 if d.get(attribute) == second else 2
                      for d in (G.nodes[v] for v in ig.nodes)], dtype=np.int64).reshape(n)
    rows = np.repeat(np.arange(n), np.diff(ig.indptr))
    neighbour = group[ig.indices]
    firsts = np.bincount(rows[neighbour == 0], minlength=n)
    seconds = firsts if first == second else np.bincount(rows[neighbour == 1], minlength=n)
    # A linked pair {u, w} of v's neighbours (one first, one second) is a triangle v-u-w: count them in C.
    triangles = _triangles(ig)
    linked = np.zeros(n, dtype=np.int64)
    want = (0, 0) if first == second else (0, 1)
    for v, a, b in ((0, 1, 2), (1, 2, 0), (2, 0, 1)):
        ga, gb = group[triangles[:, a]], group[triangles[:, b]]
        hit = ((ga == want[0]) & (gb == want[1])) | ((ga == want[1]) & (gb == want[0]))
        linked += np.bincount(triangles[hit, v], minlength=n)
    # with first == second: unordered pairs within one group
    counts = firsts * (firsts - 1) // 2 - linked if first == second else firsts * seconds - linked
    by_node = dict(zip(ig.nodes, counts.tolist(), strict=True))
    return {v: by_node[v] for v in G}


def _ordered(parts: Iterable[Iterable[Hashable]]) -> list[set[Hashable]]:
    sets = [set(p) for p in parts]
    return sorted(sets, key=lambda s: (-len(s), min(str(n) for n in s)))


def components(G: nx.Graph) -> list[set[Hashable]]:
    """Connected components (weak ones for a directed graph), largest first.

    >>> components(nx.Graph([(1, 2), (3, 4), (4, 5)]))
    [{3, 4, 5}, {1, 2}]
    """
    return _components(G, None)


# Up to COMPILED_ABOVE nodes triangles and components are found in Python: importing igraph reads ~/.igraphrc
# and imports matplotlib (which may scan the system's fonts), a cost and a reach outside the data that a small
# graph does not need.

def _triangles(ig: IndexedGraph) -> np.ndarray:
    """Each triangle of ``ig`` once, as rows of three node indices."""
    if len(ig.nodes) > COMPILED_ABOVE:
        return np.array(ig.simple.list_triangles(), dtype=np.int64).reshape(-1, 3)
    near: list[set[int]] = [set() for _ in ig.nodes]
    for a, b in ig.edges.tolist():
        if a != b:
            near[a].add(b)
            near[b].add(a)
    found = [(a, b, c) for a in range(len(near)) for b in near[a] if b > a for c in near[a] & near[b] if c > b]
    return np.array(found, dtype=np.int64).reshape(-1, 3)


def _components(G: nx.Graph, ig: IndexedGraph | None) -> list[set[Hashable]]:
    """:func:`components`; ``ig`` is ``IndexedGraph.of(G)`` when the caller has it already."""
    if G.number_of_nodes() <= COMPILED_ABOVE:
        return _ordered(nx.connected_components(undirected(G)))
    ig = ig if ig is not None else IndexedGraph.of(G)
    return ig.parts(np.array(ig.igraph.connected_components().membership, dtype=np.int64))


def communities(G: nx.Graph, *, seed: int = SEED, resolution: float = 1.0,
                indexed: IndexedGraph | None = None) -> list[set[Hashable]]:
    """Louvain communities (edge ``weight`` counts), with a fixed seed, largest first.

    networkx's implementation up to COMPILED_ABOVE nodes, igraph's above (see the module docstring).

    >>> communities(nx.barbell_graph(3, 0))
    [{0, 1, 2}, {3, 4, 5}]
    """
    H = undirected(G)
    if H.number_of_nodes() == 0:
        return []
    if H.number_of_nodes() > COMPILED_ABOVE:
        ig = indexed if indexed is not None else IndexedGraph.of(H)
        return ig.parts(_igraph_louvain(ig, seed=seed, resolution=resolution))
    return _ordered(nx.community.louvain_communities(H, weight="weight", resolution=resolution, seed=seed))


def _igraph_louvain(ig: IndexedGraph, *, seed: int, resolution: float) -> np.ndarray:
    """Louvain in igraph's C code (the membership of each node), nodes visited in an order drawn from
    ``random.Random(seed)``.

    igraph draws from one process-wide generator: it is set to a seeded ``random.Random`` for the call and
    restored to Python's ``random`` module (igraph's default) afterwards.
    """
    import igraph

    igraph.set_random_number_generator(random.Random(seed))  # noqa: S311 - a reproducible order, not secrets
    try:
        parts = ig.igraph.community_multilevel(weights=ig.weights.tolist(), resolution=resolution)
    finally:
        igraph.set_random_number_generator(random)
    return np.array(parts.membership, dtype=np.int64)


def membership(parts: Iterable[Iterable[Hashable]]) -> dict[Hashable, int]:
    """Map each node to the index of the part holding it.

    >>> membership([{"a", "b"}, {"c"}])["c"]
    1
    """
    return {n: i for i, part in enumerate(parts) for n in part}


def _rows(G: nx.Graph, deg: dict, btw: dict, brk: dict, comps: list, comms: list) -> list[NodeMeasures]:
    comp, comm = membership(comps), membership(comms)
    rows = [
        NodeMeasures(
            node=str(n),
            label=str(d.get("label", n)),
            type=str(d.get("type", "")),
            sector=str(d.get("sector") or ""),
            degree=deg[n],
            betweenness=btw[n],
            brokerage=brk[n],
            component=comp[n],
            community=comm[n],
        )
        for n, d in G.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-r.degree, -r.betweenness, r.label.casefold(), r.node))
    return rows


def node_measures(
    G: nx.Graph, *, seed: int = SEED, k: int | None = None
) -> list[NodeMeasures]:
    """Every measure of every node, most connected first (then by betweenness, then by label)."""
    return analyse(G, seed=seed, k=k)[0]


def _modularity(H: nx.Graph, comms: list, ig: IndexedGraph | None) -> float:
    if not H.number_of_edges():
        return 0.0
    if H.number_of_nodes() <= COMPILED_ABOVE:
        return nx.community.modularity(H, comms, weight="weight")
    ig = ig if ig is not None else IndexedGraph.of(H)
    part = membership(comms)
    return ig.igraph.modularity([part[n] for n in ig.nodes], weights=ig.weights.tolist())


def _summary(G: nx.Graph, comps: list, comms: list, k: int | None, seed: int,
             ig: IndexedGraph | None = None) -> GraphSummary:
    H = undirected(G)
    n = H.number_of_nodes()
    modularity = _modularity(H, comms, ig)
    return GraphSummary(
        nodes=n,
        edges=H.number_of_edges(),
        density=round(nx.density(H), 6) if n > 1 else 0.0,
        components=len(comps),
        largest_component=len(comps[0]) if comps else 0,
        isolates=nx.number_of_isolates(H),
        communities=len(comms),
        modularity=round(modularity, 6),
        betweenness="exact" if k is None else f"sampled from {k} sources (seed {seed})",
    )


def summarise(G: nx.Graph, *, seed: int = SEED, k: int | None = None) -> GraphSummary:
    """Whole-graph figures: size, density, components, isolates, Louvain communities and their modularity.

    ``betweenness`` says how :func:`betweenness` measures ``G`` with ``k`` samples asked (None: the default).

    >>> summarise(nx.barbell_graph(3, 0)).communities
    2
    """
    return _summary(G, components(G), communities(G, seed=seed), samples(G, k), seed)


def analyse(
    G: nx.Graph, *, seed: int = SEED, k: int | None = None, progress: Progress | None = None
) -> tuple[list[NodeMeasures], GraphSummary]:
    """:func:`node_measures` and :func:`summarise` together, each measure computed once.

    ``progress(phase, done, total)`` is called as each phase ends ("degree", "brokerage", "components",
    "communities") and after each sampled source of "betweenness" on large graphs.

    >>> rows, summary = analyse(nx.barbell_graph(3, 0))
    >>> rows[0].degree, summary.communities
    (3, 2)
    """
    def done(phase: str) -> None:
        if progress is not None:
            progress(phase, 1, 1)

    ig = IndexedGraph.of(G)
    deg = degree(G)
    done("degree")
    btw = betweenness(G, k=k, seed=seed, progress=progress, indexed=ig)
    done("betweenness")
    brk = cross_sector_brokerage(G, indexed=ig)
    done("brokerage")
    comps = _components(G, ig)
    done("components")
    comms = communities(G, seed=seed, indexed=ig)
    done("communities")
    return _rows(G, deg, btw, brk, comps, comms), _summary(G, comps, comms, samples(G, k), seed, ig)
