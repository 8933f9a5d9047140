"""A map's network for other tools: networkx, GEXF 1.3 (Gephi), GraphML, and a Kumu workbook.

:func:`network` is the graph a map draws with flat, documented attributes (what ``Map.to_networkx()``
returns); the files are written from it, so every format carries the same facts:

nodes
    ``label``, ``type`` (organisation, partnership, policy, barrier…), ``kind`` (its most specific class),
    ``sector``, ``model`` and ``stage`` (labels; an organisation's are those of its partnerships),
    ``policies`` (that bear on it), ``start_year`` and ``end_year`` (as the data states them; a policy's
    ``start_year`` is the year it was issued), ``evidence`` (the source documents), ``quote`` and
    ``quote_source`` (the fullest verbatim quote and where it comes from), ``description``, ``website``,
    ``regions``, ``partners``, ``partnerships``, ``formal``, ``unnamed``, ``members`` (a group), ``x`` and ``y``
    (the map's layout).
edges
    ``relation`` ("Shared partnership", "Requires", "Partner in"…), ``weight``, ``partnerships`` (what a tie
    rests on), ``model``, ``stage``, ``formality``, ``start_year`` and ``end_year`` (the earliest start and the
    latest end its partnerships state).

An attribute is absent where the data says nothing (no empty strings, no guessed years). Several values are
joined with ``"; "`` (``" | "`` in Kumu's workbook, the separator it splits on). Node ids are the IRIs.

* GEXF: networkx's 1.3 writer, made valid GEXF 1.3 (networkx writes the XML Schema instance namespace as
  ``http://w3.org/…``, a ``name`` attribute ``<graph>`` does not have, and today's date as
  ``lastmodifieddate``, which would make the bytes change every day: corrected, removed and left out), with
  Gephi's ``viz`` colour, size and position of every node as the map draws it.
* GraphML: networkx's writer (keys d0, d1… with each attribute's name and type).
* Kumu: an XLSX workbook with the two sheets Kumu imports, ``Elements`` (ID, Label, Type, …) and
  ``Connections`` (ID, From, To, Type, direction, …). Element IDs are readable and stable (the IRI's path under
  ``https://w3id.org/partnerkg/id/`` with ``-`` for ``/``, or its CURIE), so re-importing a newer export updates
  elements instead of duplicating them. Labels come from spreadsheets, so every text cell that starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (and is no plain number) is prefixed with ``'``
  (OWASP's rule against formula injection, :func:`partnerkg.interop.cells.neutralise`): no cell is ever a
  formula.

Every output is deterministic: the same map gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import networkx as nx
from networkx.readwrite.gexf import GEXFWriter

from partnerkg.interop.cells import neutralise
from partnerkg.visualise.analytics import degree
from partnerkg.visualise.styles import (
    MODEL_KEYS,
    NODE_TYPES,
    RELATIONS,
    SECTOR_KEYS,
    STAGE_KEYS,
    UNKNOWN_SECTOR,
    node_look,
)
from partnerkg.workbooks import reproducible_xlsx, source_date

if TYPE_CHECKING:
    from partnerkg.visualise.maps import Map

__all__ = [
    "GEXF_NAMESPACE",
    "KUMU_CONNECTION_COLUMNS",
    "KUMU_ELEMENT_COLUMNS",
    "SEPARATOR",
    "gexf",
    "graphml",
    "kumu",
    "kumu_ids",
    "network",
    "network_bytes",
]

SEPARATOR = "; "
GEXF_NAMESPACE = "http://gexf.net/1.3"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_ID = "https://w3id.org/partnerkg/id/"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _text(value: object) -> str:
    """Text every format can carry: characters XML 1.0 forbids become U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(value))


def _join(values: Iterable[object]) -> str:
    return SEPARATOR.join(_text(v) for v in values)


def _labels(keys: Iterable[str], table: Mapping[str, Any]) -> list[str]:
    return [table[k].label if k in table else k for k in keys]


def _years(span: object) -> dict[str, int]:
    if not isinstance(span, tuple) or len(span) != 2:
        return {}
    start, end = span
    out = {}
    if isinstance(start, int):
        out["start_year"] = start
    if isinstance(end, int):
        out["end_year"] = end
    return out


def _node_attrs(G: nx.Graph, n: Hashable, position: tuple[float, float] | None,
                policy_labels: Mapping[str, str]) -> dict[str, Any]:
    d = G.nodes[n]
    node_type = str(d.get("type", "organisation"))
    facets = d.get("facets") or {}
    attrs: dict[str, Any] = {"label": _text(d.get("label", n)), "type": node_type, "kind": _text(d.get("kind") or
                             NODE_TYPES.get(node_type, NODE_TYPES["other"]).label)}
    if node_type == "organisation":
        attrs["sector"] = SECTOR_KEYS.get(d.get("sector") or "unknown", UNKNOWN_SECTOR).label
    models = d.get("models") or facets.get("model") or ()
    stages = d.get("stages") or facets.get("stage") or ()
    if models:
        attrs["model"] = _join(_labels(models, MODEL_KEYS))
    if stages:
        attrs["stage"] = _join(_labels(stages, STAGE_KEYS))
    policies = [p for p in facets.get("policy", ()) if p != n]
    if policies:
        attrs["policies"] = _join(sorted({policy_labels.get(p, p) for p in policies}))
    attrs.update(_years(d.get("years")))
    if d.get("sources"):
        attrs["evidence"] = _join(d["sources"])
    quotes = d.get("quotes") or ()
    if quotes:
        attrs["quote"] = _text(quotes[0][0])
        if quotes[0][1]:
            attrs["quote_source"] = _text(quotes[0][1])
    for key in ("description", "website"):
        if d.get(key):
            attrs[key] = _text(d[key])
    for key in ("regions", "partners", "partnerships"):
        if d.get(key):
            attrs[key] = _join(d[key])
    if d.get("formal") is not None and node_type == "partnership":
        attrs["formal"] = bool(d["formal"])
    if node_type == "organisation":
        attrs["unnamed"] = bool(d.get("unnamed"))
    if node_type == "group":
        attrs["members"] = int(d.get("members", 0))
    if position is not None:
        attrs["x"], attrs["y"] = float(position[0]), float(position[1])
    return attrs


def _edge_attrs(d: Mapping[str, Any]) -> dict[str, Any]:
    relation = d.get("relation")
    attrs: dict[str, Any] = {"relation": "Shared partnership" if relation is None else
                             RELATIONS[relation].label if relation in RELATIONS else _text(relation)}
    if "weight" in d:
        weight = d["weight"]
        attrs["weight"] = int(weight) if float(weight).is_integer() else float(weight)
    if d.get("partnerships"):
        attrs["partnerships"] = _join(d["partnerships"])
    if d.get("models"):
        attrs["model"] = _join(_labels(d["models"], MODEL_KEYS))
    if d.get("stages"):
        attrs["stage"] = _join(_labels(d["stages"], STAGE_KEYS))
    if d.get("formality"):
        attrs["formality"] = _join(d["formality"])
    spans = [s for s in d.get("spans") or () if isinstance(s, tuple)]
    starts = [s for s, _e in spans if isinstance(s, int)]
    ends = [e for _s, e in spans if isinstance(e, int)]
    if starts:
        attrs["start_year"] = min(starts)
    if ends:
        attrs["end_year"] = max(ends)
    return attrs


def network(prepared: Map) -> nx.Graph:
    """The map's graph with flat attributes (see the module docstring): a new graph, directed for the
    policies view, in the map's node and edge order."""
    G = prepared.graph
    out: nx.Graph = nx.DiGraph() if G.is_directed() else nx.Graph()
    out.graph.update(view=prepared.view.value, title=prepared.title, summary=prepared.summary)
    policy_labels = (G.graph.get("facet_labels") or {}).get("policy", {})
    for n in G:
        out.add_node(n, **_node_attrs(G, n, prepared.positions.get(n), policy_labels))
    for u, v, d in G.edges(data=True):
        out.add_edge(u, v, **_edge_attrs(d))
    return out


# ---- GEXF 1.3 -----------------------------------------------------------------------------------------------


def _rgb(colour: str) -> dict[str, int]:
    text = colour.lstrip("#")
    return {"r": int(text[0:2], 16), "g": int(text[2:4], 16), "b": int(text[4:6], 16)}


def gexf(prepared: Map, *, creator: str = "partnerkg") -> bytes:
    """The map as GEXF 1.3 for Gephi (see the module docstring)."""
    G = network(prepared)
    drawn = prepared.graph
    deg = degree(drawn)
    for n, d in G.nodes(data=True):
        look = node_look(drawn, n, deg[n])
        x, y = d.pop("x", 0.0), d.pop("y", 0.0)
        d["viz"] = {"color": {**_rgb(look.colour), "a": 1.0}, "size": float(look.size),
                    "position": {"x": x, "y": -y, "z": 0.0}}  # GEXF's y grows upwards, the page's downwards
    for _u, _v, d in G.edges(data=True):
        d["label"] = d["relation"]
    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.3")
    writer.add_graph(G)
    root = writer.xml  # networkx names namespaces with plain xmlns attributes
    root.set("xmlns:xsi", _XSI)
    root.set("xsi:schemaLocation", f"{GEXF_NAMESPACE} {GEXF_NAMESPACE}/gexf.xsd")
    meta = root.find("meta")
    if meta is not None:
        meta.attrib.pop("lastmodifieddate", None)
        for child in list(meta):
            meta.remove(child)
        ET.SubElement(meta, "creator").text = creator
        ET.SubElement(meta, "description").text = _text(f"{prepared.title}. {prepared.summary}")
    graph = root.find("graph")
    if graph is not None:
        graph.attrib.pop("name", None)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---- GraphML ------------------------------------------------------------------------------------------------


def graphml(prepared: Map) -> bytes:
    """The map as GraphML (see the module docstring)."""
    out = io.BytesIO()
    nx.write_graphml(network(prepared), out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


# ---- Kumu ---------------------------------------------------------------------------------------------------

#: The workbook's columns: (header, attribute), in order; Kumu wants ID first, then Label (or From, To).
KUMU_ELEMENT_COLUMNS = (
    ("ID", "id"), ("Label", "label"), ("Type", "type_label"), ("Kind", "kind"), ("Description", "description"),
    ("Sector", "sector"), ("Model", "model"), ("Stage", "stage"), ("Policies", "policies"),
    ("Start year", "start_year"), ("End year", "end_year"), ("Regions", "regions"), ("Partners", "partners"),
    ("Partnerships", "partnerships"), ("Formal", "formal"), ("Unnamed", "unnamed"), ("Members", "members"),
    ("Evidence", "evidence"), ("Quote", "quote"), ("Quote source", "quote_source"), ("Website", "website"),
    ("IRI", "iri"),
)
KUMU_CONNECTION_COLUMNS = (
    ("ID", "id"), ("From", "from"), ("To", "to"), ("Type", "relation"), ("direction", "direction"),
    ("Strength", "weight"), ("Partnerships", "partnerships"), ("Model", "model"), ("Stage", "stage"),
    ("Formality", "formality"), ("Start year", "start_year"), ("End year", "end_year"),
)
#: Attributes that hold several values: Kumu splits a cell on "|".
_MULTIPLE = {"model", "stage", "policies", "regions", "partners", "partnerships", "evidence", "formality"}


def kumu_ids(nodes: Iterable[Hashable]) -> dict[Hashable, str]:
    """A stable, readable Kumu ID per node: the IRI's path under partnerkg's ``id/`` namespace with ``-`` for
    ``/`` (``organisation-turning-point-9b7d5bf993``), else its text made of letters, digits, ``.`` and ``-``;
    a short hash of the IRI is added where two would be equal. No underscores (Kumu's search cannot select an
    element whose ID has one)."""
    wanted: dict[Hashable, str] = {}
    for n in nodes:
        key = str(n)
        local = key[len(_ID):] if key.startswith(_ID) else re.sub(r"^[a-z][a-z0-9+.-]*:/*", "", key)
        wanted[n] = re.sub(r"[^A-Za-z0-9.]+", "-", local).strip("-") or "node"
    counts: dict[str, int] = {}
    for value in wanted.values():
        counts[value] = counts.get(value, 0) + 1
    return {n: v if counts[v] == 1 else f"{v}-{hashlib.sha256(str(n).encode()).hexdigest()[:8]}"
            for n, v in wanted.items()}


def _cell(attribute: str, value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return "yes" if value is True else "no" if value is False else None
    if isinstance(value, int | float):
        return value
    text = _text(value)
    if attribute in _MULTIPLE:
        text = " | ".join(part.replace("|", "/") for part in text.split(SEPARATOR))
    return neutralise(text)


def kumu(prepared: Map) -> bytes:
    """The map as a Kumu workbook (see the module docstring)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    G = network(prepared)
    ids = kumu_ids(G)
    wb = Workbook()
    wb.properties.creator = "partnerkg"
    wb.properties.title = _text(prepared.title)
    wb.properties.created = wb.properties.modified = source_date()
    elements = wb.active
    elements.title = "Elements"
    elements.append([header for header, _a in KUMU_ELEMENT_COLUMNS])
    for n, d in G.nodes(data=True):
        row = {**d, "id": ids[n], "iri": str(n) if str(n).startswith(("http://", "https://", "urn:")) else None,
               "type_label": NODE_TYPES.get(d["type"], NODE_TYPES["other"]).label}
        elements.append([_cell(a, row.get(a)) for _h, a in KUMU_ELEMENT_COLUMNS])
    connections = wb.create_sheet("Connections")
    connections.append([header for header, _a in KUMU_CONNECTION_COLUMNS])
    direction = "directed" if G.is_directed() else "undirected"
    for u, v, d in G.edges(data=True):
        row = {**d, "id": f"{ids[u]}--{ids[v]}", "from": ids[u], "to": ids[v], "direction": direction}
        connections.append([_cell(a, row.get(a)) for _h, a in KUMU_CONNECTION_COLUMNS])
    for sheet in (elements, connections):
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return reproducible_xlsx(out.getvalue())


_WRITERS = {"gexf": gexf, "graphml": graphml, "kumu": kumu}


def network_bytes(prepared: Map, fmt: str) -> bytes:
    """The map in the network format ``fmt``: gexf, graphml or kumu."""
    return _WRITERS[fmt](prepared)
