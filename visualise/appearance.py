"""How each node and edge of a view looks, and the legend that explains it; shared by the HTML and static maps.

Organisations are coloured by sector and shaped by kind; other node types have a colour and shape of
their own. Node size grows with degree. Ties between organisations are coloured by life-cycle stage and
patterned by partnership model (the more formal the model, the more continuous the line); where a tie
stands for several partnerships it shows the latest stage and the most formal model. Policy and barrier
relations each have their own colour and pattern.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("a", type="organisation", sector="voluntary", shape="other")
>>> node_look(G, "a", 0).colour
'#009e73'
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import networkx as nx

from partnerkg.visualise.styles import (
    MODEL_KEYS,
    NO_STAGE_COLOUR,
    NODE_TYPES,
    OTHER_ORGANISATIONS,
    RELATIONS,
    SECTOR_KEYS,
    SHAPE_FAMILIES,
    STAGE_KEYS,
    UNKNOWN_SECTOR,
    node_size,
)

__all__ = ["EdgeLook", "LegendItem", "LegendSection", "NodeLook", "darker", "edge_look", "legend",
           "lighter", "node_look"]

_FAMILIES = {f.key: f for f in (*SHAPE_FAMILIES, OTHER_ORGANISATIONS)}


@dataclass(frozen=True)
class NodeLook:
    """How a node is drawn."""

    colour: str
    border: str
    shape: str
    marker: str
    size: float
    dashed: bool = False


@dataclass(frozen=True)
class EdgeLook:
    """How an edge is drawn."""

    colour: str
    width: float
    dashes: tuple[int, ...] = ()
    arrow: bool = False


@dataclass(frozen=True)
class LegendItem:
    """One swatch of the legend: ``kind`` is "node" or "edge"."""

    label: str
    kind: str
    colour: str
    shape: str = "dot"
    dashes: tuple[int, ...] = ()
    dashed: bool = False
    width: float = 2.0


@dataclass(frozen=True)
class LegendSection:
    """A titled group of swatches."""

    title: str
    items: list[LegendItem] = field(default_factory=list)


def darker(colour: str, factor: float = 0.72) -> str:
    """A darker shade of a ``#rrggbb`` colour (for borders).

    >>> darker("#ffffff", 0.5)
    '#808080'
    """
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c * factor) for c in (r, g, b)))


def lighter(colour: str, share: float = 0.6) -> str:
    """A tint of a ``#rrggbb`` colour: ``share`` of the way to white (fill of unnamed organisations).

    >>> lighter("#000000", 0.5)
    '#808080'
    """
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(round(c + (255 - c) * share) for c in (r, g, b)))


def _group_colour(data: dict) -> str:
    sectors = data.get("sectors") or {}
    if sectors:
        top = sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return SECTOR_KEYS.get(top, UNKNOWN_SECTOR).colour
    return NODE_TYPES.get(data.get("group_type", ""), NODE_TYPES["group"]).colour


def node_look(G: nx.Graph, node: Hashable, degree: int) -> NodeLook:
    """Colour, border, shape and size of ``node`` (``degree`` sets the size)."""
    data = G.nodes[node]
    node_type = data.get("type", "organisation")
    size = node_size(degree)
    if node_type == "organisation":
        family = _FAMILIES.get(data.get("shape", "other"), OTHER_ORGANISATIONS)
        colour = SECTOR_KEYS.get(data.get("sector") or "unknown", UNKNOWN_SECTOR).colour
        if data.get("unnamed"):
            return NodeLook(lighter(colour), darker(colour, 0.85), family.shape, family.marker, size, dashed=True)
        return NodeLook(colour, darker(colour), family.shape, family.marker, size)
    if node_type == "group":
        colour = _group_colour(data)
        members = int(data.get("members", 1))
        return NodeLook(colour, darker(colour), "dot", "o", round(min(60.0, 8.0 + 2.5 * members**0.5), 1))
    style = NODE_TYPES.get(node_type, NODE_TYPES["organisation"])
    if style.dashed_border:
        return NodeLook(lighter(style.colour, 0.3), darker(style.colour, 0.6), style.shape, style.marker, size, True)
    return NodeLook(style.colour, darker(style.colour), style.shape, style.marker, size)


def _latest(keys: tuple[str, ...], table: dict) -> str | None:
    known = [k for k in keys if k in table]
    return max(known, key=lambda k: table[k].rank) if known else None


def edge_look(G: nx.Graph, u: Hashable, v: Hashable) -> EdgeLook:
    """Colour, width, dash pattern and arrow of the edge u–v."""
    data = G.edges[u, v]
    relation = data.get("relation")
    weight = float(data.get("weight", 1))
    if relation is None or relation == "partner":
        stage = _latest(tuple(data.get("stages") or G.nodes[v].get("stages") or G.nodes[u].get("stages") or ()),
                        STAGE_KEYS)
        model = _latest(tuple(data.get("models") or G.nodes[v].get("models") or G.nodes[u].get("models") or ()),
                        MODEL_KEYS)
        colour = STAGE_KEYS[stage].colour if stage else NO_STAGE_COLOUR
        dashes = MODEL_KEYS[model].dashes if model else ()
        return EdgeLook(colour, round(1.2 + 1.3 * min(weight - 1, 4) ** 0.7, 2), dashes)
    style = RELATIONS.get(relation, RELATIONS["ties"])
    width = style.width if relation != "ties" else round(1.0 + min(8.0, weight**0.5), 2)
    return EdgeLook(style.colour, width, style.dashes, style.arrow and G.is_directed())


def legend(G: nx.Graph) -> list[LegendSection]:
    """The legend of ``G``: only the colours, shapes and line styles that occur in it."""
    nodes = list(G.nodes(data=True))
    types = {d.get("type", "organisation") for _n, d in nodes}
    sections: list[LegendSection] = []
    orgs = [d for _n, d in nodes if d.get("type", "organisation") == "organisation"]
    groups = [d for _n, d in nodes if d.get("type") == "group"]
    if orgs or groups:
        present = {d.get("sector") or "unknown" for d in orgs}
        for d in groups:
            present |= set((d.get("sectors") or {}).keys())
        title = "Sector (colour)" if not groups else "Main sector of the group (colour)"
        sections.append(LegendSection(title, [
            LegendItem(t.label, "node", t.colour) for k, t in SECTOR_KEYS.items() if k in present]))
    if orgs:
        shapes = {d.get("shape", "other") for d in orgs}
        items = [LegendItem(f.label, "node", "#6b7280", f.shape) for k, f in _FAMILIES.items() if k in shapes]
        if any(d.get("unnamed") for d in orgs):
            items.append(LegendItem("Unnamed or anonymised (pale, dashed)", "node", "#c9ced6", "dot", dashed=True))
        sections.append(LegendSection("Kind of organisation (shape)", items))
    others = [t for t in NODE_TYPES if t in types and t not in {"organisation", "group"}]
    if others:
        sections.append(LegendSection("Other nodes", [
            LegendItem(NODE_TYPES[t].label, "node", NODE_TYPES[t].colour, NODE_TYPES[t].shape,
                       dashed=NODE_TYPES[t].dashed_border) for t in others]))
    relations = {d.get("relation") for _u, _v, d in G.edges(data=True)}
    if relations & {None, "partner"}:
        stages = {s for _u, _v, d in G.edges(data=True) for s in d.get("stages", ())}
        models = {m for _u, _v, d in G.edges(data=True) for m in d.get("models", ())}
        for _n, d in nodes:
            if d.get("type") == "partnership":
                stages.update(d.get("stages", ()))
                models.update(d.get("models", ()))
        sections.append(LegendSection("Life-cycle stage (line colour)", [
            *(LegendItem(t.label, "edge", t.colour) for k, t in STAGE_KEYS.items() if k in stages),
            LegendItem("Stage not stated", "edge", NO_STAGE_COLOUR)]))
        sections.append(LegendSection("Partnership model (line pattern)", [
            *(LegendItem(t.label, "edge", "#4b5563", dashes=t.dashes) for k, t in MODEL_KEYS.items() if k in models),
            LegendItem("Model not stated", "edge", "#4b5563")]))
    named = [r for r in RELATIONS if r in relations and r != "partner"]
    if named:
        sections.append(LegendSection("Links", [
            LegendItem(RELATIONS[r].label, "edge", RELATIONS[r].colour, dashes=RELATIONS[r].dashes,
                       width=RELATIONS[r].width) for r in named]))
    return sections
