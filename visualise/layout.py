"""Seeded, fast node positions computed in Python, so the browser only has to draw.

``nx.spring_layout`` takes about 47 s on a 5,000-node graph here (and wants scipy above 500 nodes), and
vis-network's own physics about 15 s. :func:`layout` is hierarchical instead:

1. each connected component is laid out on its own;
2. a component above ``split_above`` nodes is cut into Louvain communities; the graph of communities is
   laid out by force, each community is laid out by force inside its own disc, and overlapping discs are
   pushed apart;
3. components are packed in rows, largest first, so islands and isolates sit in a tidy block instead of
   being flung to the edges.

The force layout is Fruchterman-Reingold in numpy with edge-list attraction and row-chunked repulsion,
so memory stays linear in the number of edges. Everything is seeded, and nodes and edges are put in a
canonical order first: the same graph gives the same positions, whatever order it was built in.

>>> import networkx as nx
>>> pos = layout(nx.path_graph(3))
>>> sorted(pos) == [0, 1, 2] and pos == layout(nx.path_graph(3))
True
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import networkx as nx
import numpy as np

from partnerkg.visualise.analytics import SEED, communities, components, undirected

__all__ = ["EDGE_LENGTH", "SPLIT_ABOVE", "force_directed", "layout", "pack"]

#: Components larger than this are laid out community by community.
SPLIT_ABOVE = 400
#: Target length of an edge, in drawing units (vis-network pixels at zoom 1).
EDGE_LENGTH = 110.0
_CHUNK = 512
#: Nodes closer than this (in edge lengths) are pushed apart, in pieces of up to _SPREAD_LIMIT nodes.
_MIN_GAP = 0.42
_SPREAD_LIMIT = 1500


def force_directed(
    n: int,
    edges: Sequence[tuple[int, int]] | np.ndarray,
    *,
    weights: Sequence[float] | np.ndarray | None = None,
    radii: np.ndarray | None = None,
    iterations: int = 80,
    seed: int = SEED,
    initial: np.ndarray | None = None,
    gravity: float = 0.8,
) -> np.ndarray:
    """Fruchterman-Reingold positions (n × 2, ideal edge length 1, centred on the origin).

    ``edges`` index nodes 0..n-1. ``radii`` (optional) make big nodes (such as communities) repel as
    discs of that radius. ``gravity`` pulls every node towards the centre (force ``gravity × distance``),
    so unlinked nodes settle at the rim of a disc of radius about ``sqrt(n / gravity)`` instead of
    drifting away. Repulsion is computed in row chunks, so a 5,000-node call needs ~20 MB.

    >>> p = force_directed(2, [(0, 1)])
    >>> 0.5 < float(np.hypot(*(p[0] - p[1]))) < 1.5
    True
    """
    rng = np.random.default_rng(seed)
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    side = math.sqrt(n)
    pos = initial.copy() if initial is not None else rng.uniform(-side / 2, side / 2, size=(n, 2))
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    w = np.ones(len(e)) if weights is None else np.asarray(weights, dtype=float)
    w = 1.0 + np.log(w)  # a tie of many partnerships pulls harder, but not linearly
    r = np.zeros(n) if radii is None else np.asarray(radii, dtype=float)
    temperature = side / 8 + float(r.max(initial=0.0))
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        disp = _repulsion(pos, r)
        if len(e):
            delta = pos[e[:, 0]] - pos[e[:, 1]]
            dist = np.maximum(np.sqrt((delta**2).sum(axis=1)), 0.01)
            rest = r[e[:, 0]] + r[e[:, 1]]
            pull = (w * np.maximum(dist - rest, 0.0) ** 2 / dist)[:, None] * delta  # (d - rest)² along delta
            np.add.at(disp, e[:, 0], -pull)
            np.add.at(disp, e[:, 1], pull)
        disp -= pos * gravity
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature = max(temperature - cooling, 0.02)
    return pos - pos.mean(axis=0)


def _repulsion(pos: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Sum over j of (p_i - p_j) / (gap_ij · d_ij): force 1/gap along each pair, in row chunks.

    Written as ``p_i · Σ_j w_ij - (W p)_i`` so the inner sums are matrix products.
    """
    n = len(pos)
    x, y = pos[:, 0], pos[:, 1]
    discs = bool(r.any())
    disp = np.empty_like(pos)
    for start in range(0, n, _CHUNK):
        stop = min(n, start + _CHUNK)
        dx = x[start:stop, None] - x[None, :]
        dy = y[start:stop, None] - y[None, :]
        dist = np.sqrt(dx * dx + dy * dy)
        np.maximum(dist, 0.01, out=dist)
        if discs:
            gap = np.maximum(dist - r[start:stop, None] - r[None, :], 0.01)
            push = 1.0 / (gap * dist)
        else:
            push = 1.0 / (dist * dist)
        push[np.arange(stop - start), np.arange(start, stop)] = 0.0
        disp[start:stop] = pos[start:stop] * push.sum(axis=1)[:, None] - push @ pos
    return disp


def _separate(centres: np.ndarray, radii: np.ndarray, rounds: int = 60) -> np.ndarray:
    """Push discs apart until no two overlap (within a small margin)."""
    pos = centres.copy()
    n = len(pos)
    if n < 2:
        return pos
    reach = (radii[:, None] + radii[None, :]) * 1.08
    np.fill_diagonal(reach, 0.0)
    for _ in range(rounds):
        x, y = pos[:, 0], pos[:, 1]
        dx = x[:, None] - x[None, :]
        dy = y[:, None] - y[None, :]
        dist = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-6)
        overlap = np.maximum(reach - dist, 0.0)
        if not overlap.any():
            break
        share = overlap * 0.5 / dist  # move each of a pair half the overlap, along their joining line
        pos = pos + np.stack([(share * dx).sum(axis=1), (share * dy).sum(axis=1)], axis=1)
    return pos


def _compact(centres: np.ndarray, radii: np.ndarray, rounds: int = 25) -> np.ndarray:
    """Pull discs towards their centre and push overlapping ones apart, in turns: a tight packing that
    keeps the force layout's arrangement (which communities sit next to which)."""
    pos = centres - centres.mean(axis=0)
    for _ in range(rounds):
        pos = _separate(pos * 0.8, radii, rounds=15)
    return pos


def _local(H: nx.Graph, nodes: list[Hashable], seed: int, iterations: int) -> np.ndarray:
    index = {n: i for i, n in enumerate(nodes)}
    sub = H.subgraph(nodes)
    # in index order: a subgraph view of a few nodes iterates its node set, whose order follows the hash seed,
    # and force sums in another order round a node a unit away (seen in the policies map)
    ties = sorted((min(index[u], index[v]), max(index[u], index[v]), d.get("weight", 1))
                  for u, v, d in sub.edges(data=True) if u != v)
    edges = [(a, b) for a, b, _ in ties]
    weights = [w for _, _, w in ties]
    pos = force_directed(len(nodes), edges, weights=weights, seed=seed, iterations=iterations)
    if len(nodes) <= _SPREAD_LIMIT:  # nodes with the same neighbours settle on top of each other
        pos = _separate(pos, np.full(len(nodes), _MIN_GAP / 2), rounds=30)
    return pos


def _radius(pos: np.ndarray) -> float:
    return float(np.sqrt((pos**2).sum(axis=1)).max(initial=0.0)) + 0.6


def _component(H: nx.Graph, nodes: list[Hashable], seed: int, split_above: int) -> np.ndarray:
    """Positions of one connected component, in edge-length units, centred."""
    if len(nodes) <= split_above:
        return _local(H, nodes, seed, iterations=120 if len(nodes) <= 200 else 80)
    sub = H.subgraph(nodes)
    order = {n: i for i, n in enumerate(nodes)}
    parts = [sorted(p, key=order.__getitem__) for p in communities(sub, seed=seed)]
    if len(parts) < 2:
        return _local(H, nodes, seed, iterations=60)
    inner = [_local(H, part, seed + i, iterations=80) for i, part in enumerate(parts)]
    radii = np.array([_radius(p) for p in inner])
    owner = {n: i for i, part in enumerate(parts) for n in part}
    ties: dict[tuple[int, int], float] = {}
    for u, v, d in sub.edges(data=True):
        a, b = owner[u], owner[v]
        if a != b:
            key = (min(a, b), max(a, b))
            ties[key] = ties.get(key, 0.0) + float(d.get("weight", 1))
    keys = sorted(ties)
    centres = force_directed(len(parts), keys, weights=[ties[k] for k in keys], radii=radii * 0.9,
                             seed=seed, iterations=150)
    centres = _separate(_compact(centres, radii), radii)
    out = np.zeros((len(nodes), 2))
    for part, p, centre in zip(parts, inner, centres, strict=True):
        for n, xy in zip(part, p, strict=True):
            out[order[n]] = xy + centre
    return out - out.mean(axis=0)


def pack(blocks: Sequence[np.ndarray], gap: float = 1.0, aspect: float = 1.6) -> list[np.ndarray]:
    """Place point sets side by side in rows (largest first, as given), returning moved copies.

    Rows are as wide as the widest set, or as a block of the total area with the given ``aspect`` (width
    over height, a screen's shape) if that is wider; so a dominant component takes the first row and the
    small ones line up underneath (y grows downwards, as on screen).

    >>> a, b = pack([np.array([[0.0, 0.0], [4.0, 0.0]]), np.array([[0.0, 0.0]])])
    >>> float(b[0, 1]) > float(a[:, 1].max())
    True
    """
    if not blocks:
        return []
    sizes = [(p.max(axis=0) - p.min(axis=0)) + gap if len(p) else np.array([gap, gap]) for p in blocks]
    area = sum(float(s[0] * s[1]) for s in sizes)
    width = max(max(float(s[0]) for s in sizes), math.sqrt(area * aspect))
    placed: list[np.ndarray] = []
    x = y = row_height = 0.0
    for p, size in zip(blocks, sizes, strict=True):
        if x > 0 and (x + size[0] > width or size[1] < row_height / 3):  # full, or much smaller: next row
            x, y, row_height = 0.0, y + row_height, 0.0
        offset = np.array([x, y]) - (p.min(axis=0) if len(p) else 0.0)
        placed.append(p + offset)
        x += float(size[0])
        row_height = max(row_height, float(size[1]))
    return placed


def layout(
    G: nx.Graph, *, seed: int = SEED, split_above: int = SPLIT_ABOVE, edge_length: float = EDGE_LENGTH
) -> dict[Hashable, tuple[float, float]]:
    """Positions for every node of ``G`` (in drawing units, whole numbers), seeded and deterministic."""
    # Rebuild the graph in a canonical order: force sums over edges in a different order differ in the
    # last bits, and rounding can then move a node by a unit between runs with other hash seeds.
    source = undirected(G)
    H = nx.Graph()
    H.add_nodes_from(sorted(source.nodes(data=True), key=lambda item: str(item[0])))
    H.add_edges_from(sorted(((u, v, d) if str(u) <= str(v) else (v, u, d) for u, v, d in source.edges(data=True)),
                            key=lambda e: (str(e[0]), str(e[1]))))
    order = {n: i for i, n in enumerate(H)}
    parts = [sorted(c, key=order.__getitem__) for c in components(H)]
    blocks = [_component(H, part, seed + i, split_above) for i, part in enumerate(parts)]
    placed = pack(blocks)
    pos: dict[Hashable, tuple[float, float]] = {}
    for part, p in zip(parts, placed, strict=True):
        for n, (x, y) in zip(part, p, strict=True):
            pos[n] = (round(float(x) * edge_length), round(float(y) * edge_length))
    return {n: pos[n] for n in G}
