"""The self-contained HTML page of a map, and the index page that links several.

The page is our own Jinja2 template with autoescape on. vis-network's JavaScript and CSS are inlined from
the copy vendored in ``visualise/vendor/vis-network/`` (9.1.2; its README names origin, hashes and licence;
no CDN, no Bootstrap); the graph travels as JSON in a
``<script type="application/json">`` element, escaped by Jinja's ``tojson`` so that ``</script>`` in a
label is inert, and read with ``JSON.parse``. A Content-Security-Policy of ``default-src 'none'`` allows
exactly the inline scripts and styles by their SHA-256 hashes, so even a payload that slipped into the
markup could neither run nor load anything. Node ids in the page are opaque (``n0``, ``n1``…).

The output is deterministic: nodes and edges keep the graph's (sorted) order, JSON keys are sorted and
nothing depends on the clock.

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_node("x", type="organisation", label="<b>bold</b>", sector="private", shape="other")
>>> page = render_map(G, {"x": (0.0, 0.0)}, title="T", summary="S")
>>> "<b>bold</b>" in page, "\\\\u003cb\\\\u003ebold" in page
(False, True)
"""

from __future__ import annotations

import base64
import hashlib
import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import jinja2
import networkx as nx
from markupsafe import Markup, escape

from partnerkg.visualise.analytics import degree
from partnerkg.visualise.appearance import LegendItem, darker, edge_look, label_size, legend, node_look
from partnerkg.visualise.filters import facet_values
from partnerkg.visualise.styles import (
    FACETS,
    MODEL_KEYS,
    NODE_TYPES,
    RELATIONS,
    SECTOR_KEYS,
    STAGE_KEYS,
    UNKNOWN_SECTOR,
    short_label,
)

__all__ = ["BIG_GRAPH", "IndexEntry", "csp_hash", "map_payload", "render_index", "render_map", "vis_assets"]

#: Above this many nodes the page hides edges while dragging or zooming, to stay fluid.
BIG_GRAPH = 1000
_VIS = ("vendor", "vis-network")
_MAX_QUOTES = 4


@dataclass(frozen=True)
class IndexEntry:
    """One map listed on the index page."""

    file: str
    name: str
    title: str
    summary: str


def csp_hash(text: str) -> str:
    """The CSP source expression allowing an inline script or style with exactly this text.

    >>> csp_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's minified JavaScript and its CSS, read from the vendored copy in the package."""
    folder = resources.files("partnerkg.visualise").joinpath(*_VIS)
    js = folder.joinpath("vis-network.min.js").read_text(encoding="utf-8")
    css = folder.joinpath("vis-network.min.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # would end the inline element early
        raise RuntimeError("vis-network's files contain a closing tag and cannot be inlined")
    return js, css


@lru_cache(maxsize=1)
def _package_files() -> dict[str, str]:
    """Our templates, script and stylesheets, read from the package."""
    folder = resources.files("partnerkg.visualise").joinpath("templates")
    return {name: folder.joinpath(name).read_text(encoding="utf-8")
            for name in ("map.html.j2", "index.html.j2", "map.js", "map.css", "index.css")}


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.DictLoader(_package_files()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.globals["shape_svg"] = _shape_svg
    return env


def _points(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in points)


def _star() -> str:
    pts = []
    for i in range(10):
        r = 8.5 if i % 2 == 0 else 3.6
        a = math.pi / 2 + i * math.pi / 5
        pts.append((round(10 - r * math.cos(a), 2), round(10.5 - r * math.sin(a), 2)))
    return _points(pts)


def _hexagon() -> str:
    return _points([(round(10 + 8 * math.cos(math.pi / 6 + i * math.pi / 3), 2),
                     round(10 + 8 * math.sin(math.pi / 6 + i * math.pi / 3), 2)) for i in range(6)])


_SHAPES = {
    "dot": '<circle cx="10" cy="10" r="7"',
    "square": '<rect x="3" y="3" width="14" height="14"',
    "diamond": f'<polygon points="{_points([(10, 1.5), (18.5, 10), (10, 18.5), (1.5, 10)])}"',
    "triangle": f'<polygon points="{_points([(10, 2), (18, 17), (2, 17)])}"',
    "triangleDown": f'<polygon points="{_points([(2, 3), (18, 3), (10, 18)])}"',
    "hexagon": f'<polygon points="{_hexagon()}"',
    "star": f'<polygon points="{_star()}"',
}


def _shape_svg(item: LegendItem) -> Markup:
    """An SVG shape for a legend swatch (colours are escaped; geometry is ours)."""
    start = _SHAPES.get(item.shape, _SHAPES["dot"])
    fill = item.colour
    stroke = darker(item.colour, 0.6 if item.dashed else 0.72)
    dash = ' stroke-dasharray="3 2"' if item.dashed else ""
    return Markup(f'{start} fill="{escape(fill)}" stroke="{escape(stroke)}" stroke-width="1.3"{dash}/>')  # noqa: S704


def _labels(keys: Sequence[str], table: Mapping[str, Any]) -> list[str]:
    return [table[k].label if k in table else k for k in keys]


def _node_info(G: nx.Graph, n: Hashable, policy_labels: Mapping[str, str]) -> dict[str, Any]:
    d = G.nodes[n]
    node_type = d.get("type", "organisation")
    rows: list[tuple[str, list[str]]] = []
    if node_type == "organisation":
        sector = SECTOR_KEYS.get(d.get("sector") or "unknown", UNKNOWN_SECTOR).label
        meta = f"{d.get('kind', 'Organisation')} · {sector}"
    elif node_type == "group":
        meta = f"{d.get('kind', 'Group')} · {d.get('group_type', '')}s".rstrip(" ·s")
    elif node_type == "partnership":
        formal = d.get("formal")
        meta = "Partnership" + ("" if formal is None else " · formal" if formal else " · informal")
    else:
        kind = str(d.get("kind") or NODE_TYPES.get(node_type, NODE_TYPES["organisation"]).label)
        meta = kind
    if d.get("regions"):
        rows.append(("Region", list(d["regions"])))
    if d.get("models"):
        rows.append(("Model", _labels(d["models"], MODEL_KEYS)))
    if d.get("stages"):
        rows.append(("Stage", _labels(d["stages"], STAGE_KEYS)))
    if d.get("partners"):
        rows.append(("Partners", list(d["partners"])))
    if d.get("partnerships"):
        rows.append(("Partnerships", list(d["partnerships"])))
    if node_type == "group":
        rows.append(("Members", [str(d.get("members", 0))]))
        if d.get("sectors"):
            rows.append(("Sectors", [f"{SECTOR_KEYS.get(k, UNKNOWN_SECTOR).label}: {v}"
                                     for k, v in d["sectors"].items()]))
        if d.get("kinds"):
            rows.append(("Kinds", list(d["kinds"])))
        if d.get("top_members"):
            rows.append(("Best connected", list(d["top_members"])))
    policies = d.get("facets", {}).get("policy", ())
    if policies and node_type != "policy":
        rows.append(("Policies bearing on it", sorted({policy_labels.get(p, p) for p in policies})))
    key = str(n)
    info = {
        "title": str(d.get("label", n)),
        "meta": meta,
        "description": str(d.get("description") or ""),
        "rows": rows,
        "website": str(d.get("website") or ""),
        "sources": list(d.get("sources") or ()),
        "quotes": [list(q) for q in (d.get("quotes") or ())[:_MAX_QUOTES]],
        "iri": key if key.startswith(("http://", "https://", "urn:")) else "",
    }
    return {k: v for k, v in info.items() if v}


def _edge_info(G: nx.Graph, u: Hashable, v: Hashable) -> dict[str, Any]:
    """What the tooltip and panel say about an edge; the page makes its title from the two ends' labels."""
    d = G.edges[u, v]
    relation = d.get("relation")
    rows: list[tuple[str, list[str]]] = []
    verb = ""
    if relation is None:
        rows.append(("Shared partnerships", list(d.get("partnerships", ()))))
        if d.get("models"):
            rows.append(("Model", _labels(d["models"], MODEL_KEYS)))
        if d.get("stages"):
            rows.append(("Stage", _labels(d["stages"], STAGE_KEYS)))
        if d.get("formality"):
            rows.append(("Formality", list(d["formality"])))
        weight = d.get("weight", 1)
        meta = f"{weight} shared partnership" + ("s" if weight != 1 else "")
    elif relation == "ties":
        meta = f"{d.get('weight', 1)} ties between the two groups"
    else:
        style = RELATIONS.get(relation, RELATIONS["ties"])
        meta = style.label
        verb = "" if relation == "partner" else style.label.lower()
    info = {"meta": meta, "verb": verb, "rows": rows}
    return {k: v for k, v in info.items() if v}


def map_payload(
    G: nx.Graph, positions: Mapping[Hashable, tuple[float, float]], *, physics: bool = False
) -> dict[str, Any]:
    """The JSON the page draws: nodes and edges with opaque ids, looks, facets and panel texts."""
    deg = degree(G)
    ids = {n: f"n{i}" for i, n in enumerate(G)}
    policy_labels = facet_values(G)["policy"]
    policy_codes = {p: f"p{i}" for i, p in enumerate(policy_labels)}

    def facets(raw: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
        out = {}
        for facet, values in raw.items():
            if facet in FACETS:
                out[facet] = [policy_codes.get(v, v) for v in values] if facet == "policy" else list(values)
        return out

    nodes = []
    for n, d in G.nodes(data=True):
        look = node_look(G, n, deg[n])
        x, y = positions.get(n, (0.0, 0.0))
        nodes.append({
            "id": ids[n],
            "label": short_label(str(d.get("label", n)), 36),
            "font": label_size(deg[n]),
            "x": x,
            "y": y,
            "size": look.size,
            "shape": look.shape,
            "colour": look.colour,
            "border": look.border,
            "f": facets(d.get("facets", {})),
            "info": _node_info(G, n, policy_labels),
        })
        if look.dashed:
            nodes[-1]["dashed"] = True
    edges = []
    for u, v in G.edges():
        look = edge_look(G, u, v)
        edge: dict[str, Any] = {"from": ids[u], "to": ids[v], "colour": look.colour, "width": look.width,
                                "f": facets(G.edges[u, v].get("facets", {})), "info": _edge_info(G, u, v)}
        if look.dashes:
            edge["dashes"] = list(look.dashes)
        if look.arrow:
            edge["arrow"] = True
        edges.append(edge)
    return {"view": G.graph.get("view", ""), "physics": physics, "big": G.number_of_nodes() > BIG_GRAPH,
            "nodes": nodes, "edges": edges}


def _facet_controls(G: nx.Graph) -> list[dict[str, Any]]:
    labels = facet_values(G)
    policy_codes = {p: f"p{i}" for i, p in enumerate(labels["policy"])}
    counts: dict[str, Counter[str]] = {f: Counter() for f in FACETS}
    for _n, d in G.nodes(data=True):
        for facet, values in d.get("facets", {}).items():
            if facet in counts:
                counts[facet].update(values)
    controls = []
    for facet, title in FACETS.items():
        values = [{"key": policy_codes.get(k, k), "label": label, "count": counts[facet][k]}
                  for k, label in labels[facet].items() if counts[facet][k]]
        if values:
            controls.append({"key": facet, "label": title, "values": values})
    return controls


def render_map(
    G: nx.Graph,
    positions: Mapping[Hashable, tuple[float, float]],
    *,
    title: str,
    summary: str,
    notice: str = "",
    physics: bool = False,
    view_label: str = "",
) -> str:
    """The complete HTML page of a map of ``G`` drawn at ``positions``."""
    env = _environment()
    files = _package_files()
    vis_js, vis_css = vis_assets()
    app_js, app_css = files["map.js"], files["map.css"]
    csp = "; ".join([
        "default-src 'none'",
        f"script-src {csp_hash(vis_js)} {csp_hash(app_js)}",
        f"style-src {csp_hash(vis_css)} {csp_hash(app_css)}",
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    grouped = G.graph.get("aggregated_by")
    return env.get_template("map.html.j2").render(
        csp=csp,
        title=title,
        summary=summary,
        notice=notice,
        view_label=view_label or str(G.graph.get("view", "")),
        facets=_facet_controls(G),
        legend=legend(G),
        size_note=("Circle size grows with the number of members." if grouped
                   else "Size grows with the number of links (degree)."),
        node_count=G.number_of_nodes(),
        edge_count=G.number_of_edges(),
        filtered=bool(G.graph.get("filters")),
        data=map_payload(G, positions, physics=physics),
        vis_js=Markup(vis_js),  # noqa: S704 - the vendored vis-network file, allowed by its hash
        vis_css=Markup(vis_css),  # noqa: S704
        app_js=Markup(app_js),  # noqa: S704 - our own file, allowed by its hash
        app_css=Markup(app_css),  # noqa: S704
    )


def render_index(entries: Sequence[IndexEntry], *, title: str = "Maps of the knowledge graph",
                 lead: str = "") -> str:
    """An index page linking the given maps (relative links)."""
    env = _environment()
    css = _package_files()["index.css"]
    csp = f"default-src 'none'; style-src {csp_hash(css)}; base-uri 'none'; form-action 'none'"
    return env.get_template("index.html.j2").render(
        csp=csp, css=Markup(css), title=title, lead=lead, entries=list(entries))  # noqa: S704
