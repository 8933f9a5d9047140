"""Folding a view that is too big to draw into groups: by Louvain community or by kind.

Each group becomes one node (``type="group"``) carrying how many members it has, their sectors, its
best-connected members, and the union of its members' filter facets, so the page's filters still work.
Edges between groups count the ties they stand for (``weight``, ``relation="ties"``).

>>> import networkx as nx
>>> G = nx.barbell_graph(3, 0)
>>> nx.set_node_attributes(G, "organisation", "type")
>>> A = aggregate(G, "community")
>>> A.number_of_nodes(), A.number_of_edges(), A.edges["group-1", "group-2"]["weight"]
(2, 1, 1)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable
from enum import StrEnum

import networkx as nx

from partnerkg.visualise.analytics import SEED, communities, degree, undirected

__all__ = ["Aggregation", "aggregate", "groups"]

_TOP = 12


class Aggregation(StrEnum):
    """How ``map`` folds a view above the node cap."""

    COMMUNITY = "community"
    KIND = "kind"
    OFF = "off"


def groups(G: nx.Graph, by: Aggregation | str, *, seed: int = SEED) -> list[list[Hashable]]:
    """The groups of ``G``'s nodes, largest first, each in ``G``'s node order.

    ``community``: Louvain communities, with all unlinked nodes in one group; ``kind``: nodes of the same
    type and kind (for organisations, also the same sector).

    >>> G = nx.Graph()
    >>> G.add_nodes_from([(1, {"type": "policy", "kind": "Act"}), (2, {"type": "policy", "kind": "Act"})])
    >>> groups(G, "kind")
    [[1, 2]]
    """
    order = {n: i for i, n in enumerate(G)}
    if Aggregation(by) is Aggregation.COMMUNITY:
        H = undirected(G)
        unlinked = [n for n in G if H.degree(n) == 0]
        parts = [list(p) for p in communities(H.subgraph(n for n in G if H.degree(n)), seed=seed)]
        if unlinked:  # every isolate is a community of its own: fold them into one group
            parts.append(unlinked)
    else:
        keyed: dict[tuple[str, str, str], list[Hashable]] = defaultdict(list)
        for n, d in G.nodes(data=True):
            keyed[str(d.get("type", "")), str(d.get("kind", "")), str(d.get("sector") or "")].append(n)
        parts = list(keyed.values())
    parts = [sorted(p, key=order.__getitem__) for p in parts]
    parts.sort(key=lambda p: (-len(p), order[p[0]]))
    return parts


def aggregate(G: nx.Graph, by: Aggregation | str = Aggregation.COMMUNITY, *, seed: int = SEED) -> nx.Graph:
    """A graph of groups of ``G`` (see :func:`groups`); node keys are ``group-1``, ``group-2``…"""
    parts = groups(G, by, seed=seed)
    deg = degree(G)
    A = nx.Graph()
    A.graph.update(G.graph, aggregated_by=Aggregation(by).value, original_nodes=G.number_of_nodes(),
                   original_edges=G.number_of_edges())
    owner: dict[Hashable, str] = {}
    for i, part in enumerate(parts, start=1):
        key = f"group-{i}"
        for n in part:
            owner[n] = key
        top = sorted(part, key=lambda n: (-deg[n], str(G.nodes[n].get("label", n)).casefold()))
        types = Counter(str(G.nodes[n].get("type", "")) for n in part)
        sectors = Counter(G.nodes[n].get("sector") or "unknown" for n in part
                          if G.nodes[n].get("type", "organisation") == "organisation")
        facets: dict[str, set[str]] = defaultdict(set)
        for n in part:
            for facet, values in G.nodes[n].get("facets", {}).items():
                facets[facet].update(values)
        lead = str(G.nodes[top[0]].get("label", top[0]))
        if Aggregation(by) is Aggregation.COMMUNITY and len(part) > 1 and deg[top[0]] == 0:
            label = f"{len(part)} unlinked nodes"
        elif Aggregation(by) is Aggregation.KIND:
            name = str(G.nodes[top[0]].get("kind") or G.nodes[top[0]].get("type") or "Group")
            sector = G.nodes[top[0]].get("sector")
            label = f"{name}, {sector}" if sector else name
        else:
            label = lead if len(part) == 1 else f"{lead} +{len(part) - 1}"
        kind_counts = Counter(str(G.nodes[n].get("kind", "")) for n in part)
        A.add_node(
            key,
            type="group",
            label=label,
            kind=f"Group of {len(part)}",
            members=len(part),
            group_type=types.most_common(1)[0][0],
            sectors=dict(sorted(sectors.items())),
            kinds=tuple(f"{k} ({c})" for k, c in sorted(kind_counts.items(), key=lambda kv: (-kv[1], kv[0]))[:8]),
            top_members=tuple(str(G.nodes[n].get("label", n)) for n in top[:_TOP]),
            description=(f"{len(part)} nodes grouped by {'Louvain community' if by == 'community' else 'kind'}; "
                         f"the best connected are listed below."),
            facets={f: tuple(sorted(v)) for f, v in sorted(facets.items())},
            website="",
            regions=(),
            sources=(),
            quotes=(),
        )
    weights: Counter[tuple[str, str]] = Counter()
    for u, v in undirected(G).edges():
        a, b = owner[u], owner[v]
        if a != b:
            weights[min(a, b, key=_num), max(a, b, key=_num)] += 1
    for (a, b), w in sorted(weights.items(), key=lambda kv: (_num(kv[0][0]), _num(kv[0][1]))):
        A.add_edge(a, b, weight=w, relation="ties", facets={})
    return A


def _num(key: str) -> int:
    return int(key.rsplit("-", 1)[1])
