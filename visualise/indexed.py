"""A networkx graph as integer arrays, built once and shared by the measures of large graphs.

The measures of :mod:`partnerkg.visualise.analytics` walk the same adjacency several times (betweenness,
brokerage, components, communities, modularity). On a 100,000-node graph each walk through networkx's dicts
costs seconds, so :class:`IndexedGraph` reads the graph once into numpy arrays: nodes in the graph's order,
the CSR adjacency (self-loops left out, neighbours in networkx's order) and the edge list exactly as
``G.edges(data="weight", default=1)`` yields it (same order, self-loops included), plus an igraph
:class:`~igraph.Graph` of that edge list for the algorithms that run in C.

>>> import networkx as nx
>>> ig = IndexedGraph.of(nx.Graph([("a", "b"), ("b", "c")]))
>>> ig.nodes, ig.indptr.tolist(), ig.indices.tolist(), ig.edges.tolist()
(['a', 'b', 'c'], [0, 1, 3, 4], [1, 0, 2, 1], [[0, 1], [1, 2]])
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import networkx as nx
import numpy as np

if TYPE_CHECKING:
    import igraph

__all__ = ["IndexedGraph"]


@dataclass(frozen=True, eq=False)
class IndexedGraph:
    """Integer form of an undirected graph (a directed graph is read as its undirected view)."""

    nodes: list[Hashable]
    #: CSR adjacency without self-loops: the neighbours of node i are ``indices[indptr[i]:indptr[i + 1]]``
    indptr: np.ndarray
    indices: np.ndarray
    #: every edge as networkx iterates them, ``(i, j)`` with ``i <= j``, and its ``weight`` (default 1)
    edges: np.ndarray
    weights: np.ndarray

    @classmethod
    def of(cls, G: nx.Graph) -> IndexedGraph:
        """Read ``G`` (its undirected view when directed) into arrays."""
        H = G.to_undirected(as_view=True) if G.is_directed() else G
        nodes = list(H)
        index = {n: i for i, n in enumerate(nodes)}
        counts = np.zeros(len(nodes), dtype=np.int64)
        flat: list[int] = []
        weights: list[float] = []
        for i, n in enumerate(nodes):
            adjacent = H.adj[n]
            counts[i] = len(adjacent)
            flat += map(index.__getitem__, adjacent)
            weights += (d.get("weight", 1) for d in adjacent.values())
        cols = np.array(flat, dtype=np.int64)
        rows = np.repeat(np.arange(len(nodes), dtype=np.int64), counts)
        keep = cols != rows
        indptr = np.zeros(len(nodes) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows[keep], minlength=len(nodes)), out=indptr[1:])
        forward = cols >= rows  # networkx yields each edge once, from the endpoint it meets first
        edges = np.column_stack([rows[forward], cols[forward]]) if cols.size else np.zeros((0, 2), dtype=np.int64)
        return cls(nodes, indptr, cols[keep], edges, np.array(weights, dtype=np.float64)[forward])

    @cached_property
    def igraph(self) -> igraph.Graph:
        """The igraph graph of :attr:`edges` (vertex i = ``nodes[i]``, edge order kept)."""
        import igraph  # here, not at import: igraph reads ~/.igraphrc and probes matplotlib when imported

        return igraph.Graph(n=len(self.nodes), edges=self.edges.tolist())

    @cached_property
    def simple(self) -> igraph.Graph:
        """:attr:`igraph` without self-loops."""
        if not np.any(self.edges[:, 0] == self.edges[:, 1]):
            return self.igraph
        import igraph

        return igraph.Graph(n=len(self.nodes), edges=self.edges[self.edges[:, 0] != self.edges[:, 1]].tolist())

    @cached_property
    def key_rank(self) -> np.ndarray:
        """Each node's position when nodes are sorted by ``str``."""
        order = sorted(range(len(self.nodes)), key=lambda i: str(self.nodes[i]))
        rank = np.empty(len(self.nodes), dtype=np.int64)
        rank[order] = np.arange(len(self.nodes))
        return rank

    def parts(self, membership: np.ndarray) -> list[set[Hashable]]:
        """The parts of a membership vector, largest first, ties by their smallest node as a string."""
        membership = np.asarray(membership, dtype=np.int64)
        if membership.size == 0:
            return []
        count = int(membership.max()) + 1
        sizes = np.bincount(membership, minlength=count)
        smallest = np.full(count, np.iinfo(np.int64).max)
        np.minimum.at(smallest, membership, self.key_rank)
        order = np.lexsort((smallest, -sizes))
        by_part: list[list[Hashable]] = [[] for _ in range(count)]
        for node, part in zip(self.nodes, membership.tolist(), strict=True):
            by_part[part].append(node)
        return [set(by_part[p]) for p in order.tolist() if sizes[p]]
