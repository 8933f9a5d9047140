"""Making maps: project a view, filter it, fold it into groups when it is too big, lay it out, render it.

>>> from rdflib import Graph
>>> prepared = prepare_map(Graph(), "organisations")
>>> prepared.graph.number_of_nodes(), prepared.summary
(0, 'No organisations.')
"""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import networkx as nx
from rdflib import Graph

from partnerkg.atomic import atomic_write_bytes
from partnerkg.errors import TooManyNodesError, option
from partnerkg.visualise.aggregate import Aggregation, aggregate
from partnerkg.visualise.analytics import components
from partnerkg.visualise.defaults import DEFAULT_MAX_NODES, SEED
from partnerkg.visualise.entities import Knowledge, read_knowledge
from partnerkg.visualise.filters import Period, facet_values, filter_graph, resolve_filters
from partnerkg.visualise.grouping import Grouping, GroupTable, group_tables
from partnerkg.visualise.html import IndexEntry, diagnose_base, render_index, render_map, report_links
from partnerkg.visualise.layout import layout
from partnerkg.visualise.projections import View, project
from partnerkg.visualise.styles import FACETS, SECTOR_KEYS

__all__ = [
    "DEFAULT_MAX_NODES",
    "NETWORK_FORMATS",
    "PAGE_MAX_NODES",
    "PHYSICS_MAX_NODES",
    "Map",
    "MapFormat",
    "format_for_path",
    "frozen_heap",
    "prepare_map",
    "render",
    "summary_line",
    "write_all_maps",
    "write_map",
]

#: Above this many nodes a view is too big to carry in one page: it is folded into fixed groups in Python.
#: (benchmarks/maps.py: a page of 10,000 nodes opened grouped drew first in 9 s on a busy 2-core machine, one
#: of 20,000 in 14 s, with 28 MB of page and filter changes of 16-25 s.)
PAGE_MAX_NODES = 10000
#: Up to this many nodes the page runs vis-network physics briefly (from the Python layout), then stops it.
PHYSICS_MAX_NODES = 300

_PLURAL = {
    "organisation": ("organisation", "organisations"),
    "partnership": ("partnership", "partnerships"),
    "partnership-kind": ("kind of partnership", "kinds of partnership"),
    "policy": ("policy", "policies"),
    "person": ("person", "people"),
    "other": ("other node", "other nodes"),
    "barrier": ("barrier", "barriers"),
    "facilitator": ("facilitator", "facilitators"),
    "category": ("category", "categories"),
    "model": ("model", "models"),
    "stage": ("stage", "stages"),
    "group": ("group", "groups"),
}


class MapFormat(StrEnum):
    """Output formats of ``map``: pictures (html, png, svg) and networks for other tools (gexf for Gephi,
    graphml, kumu: an XLSX workbook for Kumu; see :mod:`partnerkg.visualise.exports`)."""

    HTML = "html"
    PNG = "png"
    SVG = "svg"
    GEXF = "gexf"
    GRAPHML = "graphml"
    KUMU = "kumu"

    @property
    def suffix(self) -> str:
        """The file name suffix of the format (``.xlsx`` for kumu)."""
        return ".xlsx" if self is MapFormat.KUMU else f".{self.value}"


#: The network formats, written by :mod:`partnerkg.visualise.exports`.
NETWORK_FORMATS = frozenset({MapFormat.GEXF, MapFormat.GRAPHML, MapFormat.KUMU})


@dataclass
class Map:
    """A view ready to draw: the graph drawn, its positions and its texts (made by :func:`prepare_map`).

    >>> from rdflib import Graph
    >>> page = prepare_map(Graph(), "policies").html
    >>> page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
    True
    """

    view: View
    graph: nx.Graph
    positions: dict
    title: str
    summary: str
    notice: str
    physics: bool
    #: the groupings the page offers, and the one it opens grouped by ("" for none)
    groupings: list[GroupTable] = field(default_factory=list)
    group: str = ""
    seed: int = SEED
    #: the http(s) base of an endpoint a partnership's details panel links its diagnosis to ("" for none)
    diagnose_url: str = ""
    #: partnership IRI → the relative address of its offline diagnosis report (a build's ``../diagnoses/…``)
    reports: dict[str, str] = field(default_factory=dict)

    def render(self, fmt: MapFormat | str = MapFormat.HTML) -> bytes:
        """The map in ``fmt``: html (one self-contained offline page), png or svg (a static drawing)."""
        return render(self, fmt)

    @property
    def html(self) -> str:
        """The self-contained, offline HTML page."""
        return self.render(MapFormat.HTML).decode("utf-8")

    def save(self, path: str | Path, fmt: MapFormat | str | None = None) -> Path:
        """Write the map to ``path`` all or nothing, as ``fmt`` or by the suffix (.html, .png, .svg, .gexf,
        .graphml, .xlsx for Kumu)."""
        return write_map(self, path, fmt if fmt is not None else format_for_path(path))

    # ---- notebooks and network tools (partnerkg.visualise.exports, partnerkg.display) --------------------

    def to_networkx(self) -> nx.Graph:
        """The network drawn, as a new networkx graph with flat attributes (sector, kind, model, stage, years,
        evidence…; see :mod:`partnerkg.visualise.exports`), ready for networkx's algorithms and writers."""
        from partnerkg.visualise.exports import network

        return network(self)

    def _export(self, fmt: MapFormat, path: str | Path | None) -> bytes:
        body = render(self, fmt)
        if path is not None:
            atomic_write_bytes(Path(path), body)
        return body

    def to_gexf(self, path: str | Path | None = None) -> bytes:
        """The network as GEXF 1.3 for Gephi (with the map's colours, sizes and layout); also written to
        ``path``, all or nothing, when given."""
        return self._export(MapFormat.GEXF, path)

    def to_graphml(self, path: str | Path | None = None) -> bytes:
        """The network as GraphML; also written to ``path``, all or nothing, when given."""
        return self._export(MapFormat.GRAPHML, path)

    def to_kumu(self, path: str | Path | None = None) -> bytes:
        """The network as a Kumu workbook (XLSX: Elements and Connections sheets); also written to ``path``,
        all or nothing, when given."""
        return self._export(MapFormat.KUMU, path)

    def to_iframe(self, height: int = 640) -> str:
        """The HTML page in a sandboxed ``<iframe srcdoc>`` ``height`` pixels high, as notebooks show it:
        offline and self-contained, isolated from the notebook (see :mod:`partnerkg.display`)."""
        from partnerkg.display import isolated_frame

        return isolated_frame(self.html, title=self.title, height=height)

    def _repr_html_(self) -> str:
        """What Jupyter shows for a map: :meth:`to_iframe`."""
        return self.to_iframe()


def format_for_path(path: str | Path | None) -> MapFormat:
    """The map format a file name asks for by its suffix; HTML for anything else.

    >>> format_for_path("map.svg"), format_for_path("map"), format_for_path(None), format_for_path("k.xlsx")
    (<MapFormat.SVG: 'svg'>, <MapFormat.HTML: 'html'>, <MapFormat.HTML: 'html'>, <MapFormat.KUMU: 'kumu'>)
    """
    suffix = Path(path).suffix.lower() if path is not None and str(path) != "-" else ""
    return next((f for f in MapFormat if f.suffix == suffix), MapFormat.HTML)


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep the garbage collector off the objects that exist now (a loaded graph) while the block runs.

    An rdflib graph of 80,000 triples is millions of objects; every full collection triggered while the
    views are built would walk them all. Freezing them (``gc.freeze``) cut the 5,000-node map from 12 s to
    4 s of work after reading; they are unfrozen on exit.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _count(n: int, node_type: str) -> str:
    one, many = _PLURAL.get(node_type, (node_type, node_type + "s"))
    return f"{n:,} {one if n == 1 else many}"


def summary_line(G: nx.Graph) -> str:
    """One line that says what a view holds.

    >>> G = nx.Graph([("a", "b")])
    >>> nx.set_node_attributes(G, {"a": "statutory", "b": "voluntary"}, "sector")
    >>> nx.set_node_attributes(G, "organisation", "type")
    >>> summary_line(G)
    '2 organisations (1 statutory, 1 voluntary and community) · 1 link · 1 component.'
    """
    if G.number_of_nodes() == 0:
        return f"No {G.graph.get('view', 'nodes')}."
    types = Counter(d.get("type", "organisation") for _n, d in G.nodes(data=True))
    order = [t for t in _PLURAL if t in types] + sorted(t for t in types if t not in _PLURAL)
    parts = []
    for t in order:
        text = _count(types[t], t)
        if t == "organisation":
            sectors = Counter(d.get("sector") or "unknown" for _n, d in G.nodes(data=True)
                              if d.get("type", "organisation") == "organisation")
            detail = ", ".join(f"{sectors[k]:,} {term.label.lower()}" for k, term in SECTOR_KEYS.items()
                               if sectors[k])
            text += f" ({detail})"
        parts.append(text)
    edges = G.number_of_edges()
    comps = len(components(G))
    line = ", ".join(parts) + f" · {edges:,} link{'s' if edges != 1 else ''} · {comps:,} component"
    return line + ("s." if comps != 1 else ".")


def _filter_text(G: nx.Graph, filters: Mapping[str, str]) -> str:
    labels = facet_values(G)
    return "; ".join(f"{FACETS[f].lower()} = {labels[f].get(v, v)}" for f, v in filters.items())


def prepare_map(
    graph: Graph | Knowledge,
    view: View | str,
    *,
    filters: Iterable[str] | Mapping[str, str] = (),
    max_nodes: int = DEFAULT_MAX_NODES,
    aggregate_by: Aggregation | str = Aggregation.COMMUNITY,
    seed: int = SEED,
    period: Period | None = None,
    page_max_nodes: int = PAGE_MAX_NODES,
    group_by: Grouping | str | None = None,
    diagnose_url: str = "",
    reports: Mapping[str, str] | None = None,
) -> Map:
    """Project ``view`` from ``graph``, apply ``filters`` (``facet=value`` strings or a resolved dict) and
    ``period`` (the view as it stood in those years), and lay it out.

    Above ``max_nodes`` the page opens grouped by ``aggregate_by`` (community or kind): every node is in
    the page, each group a vis-network cluster that opens on a double-click. Above ``page_max_nodes`` the
    view is too big for one page and is folded into fixed groups in Python instead. ``group_by`` (sector,
    kind, region, model or community) makes a page of any size open grouped so, where that divides the view.
    ``diagnose_url`` (the http(s) base of an endpoint, e.g. ``http://127.0.0.1:8000/``) makes each
    partnership's details panel link its diagnosis there; ``reports`` (partnership IRI → the relative address
    of an offline report, such as ``../diagnoses/on-track.html``) links each partnership's own report file.

    Raises OptionError for a filter that matches no value, a ``diagnose_url`` that is not http(s) or a report
    address that is not a plain relative path,
    TooManyNodesError when the view is above ``max_nodes`` and ``aggregate_by`` is ``off`` (or even its fixed
    groups are too many).
    """
    view = View(view)
    diagnose_url = diagnose_base(diagnose_url)
    reports = report_links(reports or {})
    G = project(graph, view)
    chosen = dict(filters) if isinstance(filters, Mapping) else resolve_filters(G, list(filters))
    if chosen or period is not None:
        G = filter_graph(G, chosen, period)
    title = view.title
    summary = summary_line(G)
    if chosen:
        summary = f"{summary[:-1]} · filtered: {_filter_text(G, chosen)}."
    if period is not None:
        summary = f"{summary[:-1]} · as it stood {period.text}."
    notice = ""
    group = ""
    n = G.number_of_nodes()
    if n > max_nodes:
        how = Aggregation(aggregate_by)
        hint = (f"filter the view ({option('filter')} {'=…, '.join(FACETS)}=…) or raise {option('max_nodes')} "
                f"(now {max_nodes:,})")
        if how is Aggregation.OFF:
            raise TooManyNodesError(
                f"the {view.value} view has {n:,} nodes, more than "
                f"{option('max_nodes', f'{max_nodes:,}')}: "
                f"{hint}, or let the map group them with {option('aggregate', 'community')} or "
                f"{option('aggregate', 'kind')}")
        grouping = "Louvain community" if how is Aggregation.COMMUNITY else "kind"
        if n <= page_max_nodes:
            group = how.value
            tables = {t.by.value: t for t in group_tables(G, seed=seed)}
            if group not in tables:  # a view of one community (or one kind) cannot be grouped by it
                group = next(iter(tables), "")
            if group:
                count = len(tables[group].labels)
                grouping = "Louvain community" if group == "community" else group
                notice = (f"This view has {n:,} nodes, more than the cap of {max_nodes:,}, so it opens grouped by "
                          f"{grouping} ({count:,} groups): double-click a group to open it, or choose "
                          f"\u201cNo grouping\u201d to draw every node. To draw fewer, {hint}.")
        if not group:
            full = G
            G = aggregate(full, how, seed=seed)
            if G.number_of_nodes() > max_nodes and how is Aggregation.COMMUNITY:
                how = Aggregation.KIND
                grouping = "kind"
                G = aggregate(full, how, seed=seed)
            if G.number_of_nodes() > max_nodes:
                raise TooManyNodesError(
                    f"the {view.value} view has {n:,} nodes and even grouped by {how.value} "
                    f"{G.number_of_nodes():,}, more than {option('max_nodes', f'{max_nodes:,}')}: {hint}")
            notice = (f"This view has {n:,} nodes, more than one page can carry ({page_max_nodes:,}), so each "
                      f"circle is a fixed group of nodes by {grouping} ({G.number_of_nodes():,} groups), which "
                      f"does not open. To see single nodes, {hint}.")
    positions = layout(G, seed=seed)
    physics = 0 < G.number_of_nodes() <= PHYSICS_MAX_NODES
    tables_offered = [] if G.graph.get("aggregated_by") else group_tables(G, seed=seed)
    if group_by is not None and not group and Grouping(group_by).value in {t.by.value for t in tables_offered}:
        group = Grouping(group_by).value
    return Map(view, G, positions, title, summary, notice, physics, tables_offered, group, seed, diagnose_url,
               reports)


def render(prepared: Map, fmt: MapFormat | str = MapFormat.HTML) -> bytes:
    """The bytes of a prepared map in ``fmt`` (html, png, svg, or a network format: gexf, graphml, kumu)."""
    fmt = MapFormat(fmt)
    if fmt in NETWORK_FORMATS:
        from partnerkg.visualise.exports import network_bytes

        return network_bytes(prepared, fmt.value)
    if fmt is MapFormat.HTML:
        page = render_map(prepared.graph, prepared.positions, title=prepared.title, summary=prepared.summary,
                          notice=prepared.notice, physics=prepared.physics, view_label=prepared.view.value,
                          groupings=prepared.groupings, group=prepared.group,
                          diagnose_url=prepared.diagnose_url, reports=prepared.reports)
        return page.encode("utf-8")
    from partnerkg.visualise.static import render_static

    G, positions = prepared.graph, prepared.positions
    if prepared.group:  # a picture cannot open groups: draw the groups the page opens with
        G = aggregate(G, prepared.group if prepared.group in {a.value for a in Aggregation} else "community",
                      seed=prepared.seed)
        positions = layout(G, seed=prepared.seed)
    return render_static(G, positions, title=prepared.title, summary=prepared.summary, notice=prepared.notice,
                         fmt=fmt.value)


def write_map(prepared: Map, path: str | Path, fmt: MapFormat | str = MapFormat.HTML) -> Path:
    """Render a prepared map and write it to ``path`` atomically."""
    target = Path(path)
    atomic_write_bytes(target, render(prepared, fmt))
    return target


def write_all_maps(graph: Graph | Knowledge, folder: str | Path, *,
                   views: Sequence[View | str] = tuple(View), max_nodes: int = DEFAULT_MAX_NODES,
                   diagnose_url: str = "", reports: Mapping[str, str] | None = None) -> list[str]:
    """Write one HTML map per view into ``folder`` plus an ``index.html`` linking them.

    ``diagnose_url`` and ``reports`` link each partnership's details panel to its diagnosis (see
    :func:`prepare_map`). Returns the file names written, relative to ``folder`` (index first). Every file
    goes through an atomic write; ``partnerkg build`` calls this inside its staged output folder.
    """
    out = Path(folder)
    entries: list[IndexEntry] = []
    written: list[str] = []
    with frozen_heap():
        kb = graph if isinstance(graph, Knowledge) else read_knowledge(graph)
        for view in map(View, views):
            prepared = prepare_map(kb, view, max_nodes=max_nodes, diagnose_url=diagnose_url, reports=reports)
            name = f"{view.value}.html"
            write_map(prepared, out / name)
            summary = prepared.summary + (" Grouped: too many nodes to draw one by one." if prepared.notice else "")
            entries.append(IndexEntry(name, view.value.capitalize(), prepared.title, summary))
            written.append(name)
    lead = "Interactive network views of organisations, partnerships, policies, barriers and facilitators."
    atomic_write_bytes(out / "index.html", render_index(entries, lead=lead).encode("utf-8"))
    return ["index.html", *written]
