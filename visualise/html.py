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
import re
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import jinja2
import networkx as nx
from markupsafe import Markup, escape

from partnerkg.errors import OptionError, option
from partnerkg.visualise.analytics import SEED, degree, samples, undirected
from partnerkg.visualise.centrality import sampled_betweenness
from partnerkg.visualise.filters import TIMED_TYPES, facet_values
from partnerkg.visualise.grouping import GroupTable
from partnerkg.visualise.styles import (
    FACETS,
    MODEL_KEYS,
    NODE_TYPES,
    RELATIONS,
    SECTOR_KEYS,
    STAGE_KEYS,
    UNKNOWN_SECTOR,
    LegendItem,
    darker,
    edge_look,
    legend,
    node_look,
    wrap_label,
)

__all__ = ["BIG_GRAPH", "SCRIPT_PARTS", "IndexEntry", "csp_hash", "diagnose_base", "importance", "map_payload",
           "render_index", "render_map", "span_text", "vis_assets"]

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


def diagnose_base(url: str) -> str:
    """The base address of the endpoint whose ``/diagnose`` page a partnership's details panel links to ("" for
    none: the page links nowhere), ending in a slash; anything but an http(s) address is refused.

    >>> diagnose_base("http://127.0.0.1:8000/"), diagnose_base("https://kg.example.org/kg"), diagnose_base("")
    ('http://127.0.0.1:8000/', 'https://kg.example.org/kg/', '')
    >>> diagnose_base("javascript:alert(1)")
    Traceback (most recent call last):
    ...
    partnerkg.errors.OptionError: diagnose_url='javascript:alert(1)': not the http(s) address of an endpoint \
(give its base, e.g. http://127.0.0.1:8000/ where 'partnerkg serve' answers /diagnose)
    """
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:
        parts, port_ok = None, False
    if (parts is None or not port_ok or parts.scheme.lower() not in {"http", "https"} or not parts.hostname
            or parts.username is not None or parts.query or parts.fragment or "\\" in url
            or any(c.isspace() or not c.isprintable() for c in url)):
        raise OptionError(f"{option('diagnose_url', repr(url))}: not the http(s) address of an endpoint (give its "
                          "base, e.g. http://127.0.0.1:8000/ where 'partnerkg serve' answers /diagnose)",
                          "diagnose_url")
    return url if url.endswith("/") else url + "/"


_REPORT_HREF = re.compile(r"^(?:\.\./)?(?:[A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.html$")


def report_links(reports: Mapping[str, str]) -> dict[str, str]:
    """Partnership IRI → the relative address of its offline diagnosis report, each checked to be a plain
    relative path to an HTML file (at most one leading ``../``, no scheme, query or fragment), so the page can
    link it as it is; anything else is refused.

    >>> report_links({"https://w3id.org/partnerkg/id/partnership/on-track": "../diagnoses/on-track.html"})
    {'https://w3id.org/partnerkg/id/partnership/on-track': '../diagnoses/on-track.html'}
    >>> report_links({"urn:x": "javascript:alert(1)//.html"})
    Traceback (most recent call last):
    ...
    partnerkg.errors.OptionError: reports='javascript:alert(1)//.html': not the relative address of a report \
file (such as ../diagnoses/on-track.html)
    """
    for href in reports.values():
        if not _REPORT_HREF.match(href):
            raise OptionError(f"{option('reports', repr(href))}: not the relative address of a report file (such "
                              "as ../diagnoses/on-track.html)", "reports")
    return dict(reports)


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


#: The sections of the page's script, joined in this order inside one function (see map-base.js).
SCRIPT_PARTS = ("map-base.js", "map-labels.js", "map-view.js", "map-groups.js", "map-export.js", "map-start.js")


@lru_cache(maxsize=1)
def _package_files() -> dict[str, str]:
    """Our templates, script and stylesheets, read from the package; ``map.js`` is the joined script."""
    folder = resources.files("partnerkg.visualise").joinpath("templates")
    files = {name: folder.joinpath(name).read_text(encoding="utf-8")
             for name in ("map.html.j2", "index.html.j2", "map.css", "index.css", *SCRIPT_PARTS)}
    body = "\n".join(files.pop(name) for name in SCRIPT_PARTS)
    files["map.js"] = f'(function () {{\n"use strict";\n{body}\n}})();\n'
    if "</script" in files["map.js"].lower():
        raise RuntimeError("the map script contains a closing tag and cannot be inlined")
    return files


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
    years = d.get("years")
    if node_type == "policy":
        rows.append(("Issued", [str(years[0]) if years and years[0] is not None else "year not stated"]))
    elif node_type in TIMED_TYPES or years:
        rows.append(("Years", [span_text(years)]))
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


def span_text(span: tuple[int | None, int | None] | None) -> str:
    """A span of years in words, as the panels show it.

    >>> span_text((2004, 2006)), span_text((1996, None)), span_text((None, 2006)), span_text(None)
    ('2004–2006', 'from 1996', 'until 2006', 'years not stated')
    """
    if span is None or span == (None, None):
        return "years not stated"
    start, end = span
    if start is not None and end is not None:
        return str(start) if start == end else f"{start}–{end}"
    return f"from {start}" if start is not None else f"until {end}"


def importance(G: nx.Graph) -> dict[Hashable, float]:
    """How prominent each node's label is, from 0 to 1: the mean of its percentile ranks by degree and by
    betweenness, so hubs and bridges both come first. Betweenness is exact up to 1,000 nodes, else
    estimated from 200 seeded sources, as ``partnerkg analyse`` does (with the vectorised estimator of
    :mod:`partnerkg.visualise.centrality` at every size: the same values, seconds faster).

    >>> importance(nx.path_graph(3))
    {0: 0.25, 1: 1.0, 2: 0.25}
    """
    n = G.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return dict.fromkeys(G, 1.0)

    def percentile(values: Mapping[Hashable, float]) -> dict[Hashable, float]:
        ordered = sorted(values.values())
        first: dict[float, int] = {}
        last: dict[float, int] = {}
        for i, v in enumerate(ordered):
            first.setdefault(v, i)
            last[v] = i
        return {k: (first[v] + last[v]) / 2 / (n - 1) for k, v in values.items()}  # ties share their mean rank

    H = undirected(G)
    k = samples(H)
    between = nx.betweenness_centrality(H) if k is None else sampled_betweenness(H, k=k, seed=SEED)
    by_degree = percentile({k: float(v) for k, v in degree(G).items()})
    by_betweenness = percentile({k: round(v, 6) for k, v in between.items()})
    return {k: round((by_degree[k] + by_betweenness[k]) / 2, 4) for k in G}


def _edge_info(G: nx.Graph, u: Hashable, v: Hashable) -> dict[str, Any]:
    """What the tooltip and panel say about an edge; the page makes its title from the two ends' labels."""
    d = G.edges[u, v]
    relation = d.get("relation")
    rows: list[tuple[str, list[str]]] = []
    verb = ""
    if relation is None:
        names = list(d.get("partnerships", ()))
        if "partnership_years" in d:
            names = [f"{name} ({span_text(span)})" for name, span in zip(names, d["partnership_years"], strict=True)]
        rows.append(("Shared partnerships", names))
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


def _timing(d: Mapping[str, Any], node_type: str) -> dict[str, Any]:
    """The page's time fields of a node: ``t`` its (start, end) when stated, ``u`` 1 when not."""
    if node_type not in TIMED_TYPES:
        return {}
    years = d.get("years")
    return {"t": list(years)} if years is not None else {"u": 1}


def map_payload(
    G: nx.Graph, positions: Mapping[Hashable, tuple[float, float]], *, physics: bool = False,
    groupings: Sequence[GroupTable] = (), group: str = "", diagnose_url: str = "",
    reports: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The JSON the page draws: nodes and edges with opaque ids, looks, facets, groups, years and panel texts.

    Each node carries its label as wrapped ``lines``, a label ``font`` size and ``rank`` (0 = most
    important, see :func:`importance`) that decide which labels the page draws first, and ``g``: its group
    in each of ``groupings``. Partnerships and policies carry ``t`` (their years) or ``u`` (years not
    stated); a tie of the organisations view carries ``t`` (the spans of its dated partnerships) and ``u``
    (how many of its partnerships state no years). With ``diagnose_url`` (see :func:`diagnose_base`) the data
    carries it as ``diagnose`` and each partnership's panel text ``diagnose``: the panel links its diagnosis.
    With ``reports`` (see :func:`report_links`) a partnership's panel text carries ``report``, the relative
    address of its offline report, which the panel links too.
    """
    diagnose_url = diagnose_base(diagnose_url)
    reports = report_links(reports or {})
    deg = degree(G)
    weight = importance(G)
    order = sorted(G, key=lambda n: (-weight[n], -deg[n], str(G.nodes[n].get("label", n)).casefold(), str(n)))
    rank = {n: i for i, n in enumerate(order)}
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
        node = {
            "id": ids[n],
            "lines": list(wrap_label(str(d.get("label", n)))),
            "font": 11 + round(3 * weight[n]),
            "rank": rank[n],
            "x": x,
            "y": y,
            "size": look.size,
            "shape": look.shape,
            "colour": look.colour,
            "border": look.border,
            "f": facets(d.get("facets", {})),
            "info": _node_info(G, n, policy_labels),
            **_timing(d, str(d.get("type", "organisation"))),
        }
        if groupings:
            node["g"] = [table.of[n] for table in groupings]
        if diagnose_url and d.get("type") == "partnership" and node["info"].get("iri"):
            node["info"]["diagnose"] = True
        if d.get("type") == "partnership" and node["info"].get("iri") in reports:
            node["info"]["report"] = reports[node["info"]["iri"]]
        if look.dashed:
            node["dashed"] = True
        nodes.append(node)
    edges = []
    for u, v, d in G.edges(data=True):
        look = edge_look(G, u, v)
        edge: dict[str, Any] = {"from": ids[u], "to": ids[v], "colour": look.colour, "width": look.width,
                                "f": facets(d.get("facets", {})), "info": _edge_info(G, u, v)}
        if "spans" in d:
            edge["t"] = [list(span) for span in d["spans"]]
            edge["u"] = int(d.get("undated", 0))
        if look.dashes:
            edge["dashes"] = list(look.dashes)
        if look.arrow:
            edge["arrow"] = True
        edges.append(edge)
    payload = {
        "view": G.graph.get("view", ""), "physics": physics, "big": G.number_of_nodes() > BIG_GRAPH,
        "nodes": nodes, "edges": edges,
        "policies": {code: iri for iri, code in policy_codes.items()},
        "groupings": [{"key": t.by.value, "label": t.by.label, "values": list(t.labels),
                       "lines": [list(wrap_label(label)) for label in t.labels]} for t in groupings],
        "group": group,
        "time": _time_range(G),
    }
    if diagnose_url:
        payload["diagnose"] = diagnose_url
    return payload


def _time_range(G: nx.Graph) -> dict[str, int] | None:
    """The first and last year any partnership or policy of ``G`` states (None: none states one)."""
    years = [y for _n, d in G.nodes(data=True) if d.get("type") in TIMED_TYPES
             for y in (d.get("years") or ()) if y is not None]
    years += [y for _u, _v, d in G.edges(data=True) for span in d.get("spans", ()) for y in span if y is not None]
    return {"min": min(years), "max": max(years)} if years else None


def _time_note(counts: Sequence[Mapping[str, Any]], dated: bool) -> str:
    """The time card's statement of what states its years and what does not.

    >>> _time_note([{"noun": "partnerships", "dated": 2, "undated": 3}], True)
    'Years are stated for 2 of 5 partnerships; 3 are shown as "years not stated" unless the box is cleared.'
    >>> print(_time_note([{"noun": "partnerships", "dated": 0, "undated": 3}], False))
    No partnership or policy in this view states its years: all 3 partnerships are "years not stated", so the \
map cannot be shown by year.
    """
    if not dated:
        listed = " and ".join(f"{c['undated']:,} {c['noun']}" for c in counts)
        return (f"No partnership or policy in this view states its years: all {listed} are \"years not stated\", "
                "so the map cannot be shown by year.")
    stated = "; ".join(f"{c['dated']:,} of {c['dated'] + c['undated']:,} {c['noun']}" for c in counts)
    undated = sum(c["undated"] for c in counts)
    if not undated:
        return f"Years are stated for {stated}."
    return (f"Years are stated for {stated}; {undated:,} {'is' if undated == 1 else 'are'} shown as "
            "\"years not stated\" unless the box is cleared.")


def _time_counts(G: nx.Graph) -> list[dict[str, Any]]:
    """What the time card says: for links, partnerships and policies, how many state years and how many not."""
    rows = []
    ties = [d for _u, _v, d in G.edges(data=True) if "spans" in d]
    if ties:
        rows.append({"noun": "links (shared partnerships)", "dated": sum(1 for d in ties if d["spans"]),
                     "undated": sum(1 for d in ties if not d["spans"])})
    for node_type, noun in (("partnership", "partnerships"), ("policy", "policies")):
        items = [d for _n, d in G.nodes(data=True) if d.get("type") == node_type]
        if items:
            dated = sum(1 for d in items if d.get("years") is not None)
            rows.append({"noun": noun, "dated": dated, "undated": len(items) - dated})
    return rows


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
    groupings: Sequence[GroupTable] = (),
    group: str = "",
    diagnose_url: str = "",
    reports: Mapping[str, str] | None = None,
) -> str:
    """The complete HTML page of a map of ``G`` drawn at ``positions``; the page offers ``groupings`` and
    opens grouped by ``group`` (a :class:`~partnerkg.visualise.grouping.Grouping` value) when one is given.

    With ``diagnose_url``, the http(s) base of an endpoint (``http://127.0.0.1:8000/``), a partnership's
    details panel links its report there (``diagnose?partnership=<IRI>&format=html``); a link is only
    followed when clicked, so the page still loads nothing. Without it the page links no endpoint. With
    ``reports`` (partnership IRI → relative address, see :func:`report_links`) the panel links the
    partnership's offline report file, such as a build's ``../diagnoses/on-track.html``."""
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
    payload = map_payload(G, positions, physics=physics, groupings=groupings, group=group,
                          diagnose_url=diagnose_url, reports=reports)
    counts = _time_counts(G)
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
        data=payload,
        time=payload["time"],
        time_counts=counts,
        time_note=_time_note(counts, payload["time"] is not None),
        groupings=list(groupings),
        group=group,
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
