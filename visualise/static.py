"""Static maps for reports: PNG or SVG drawn with networkx and matplotlib, same looks as the HTML map.

Output is deterministic: SVG ids are salted with a fixed string and no date or software version is
written into either format.

>>> import networkx as nx
>>> G = nx.Graph([("a", "b")])
>>> nx.set_node_attributes(G, {"a": "A", "b": "B"}, "label")
>>> render_static(G, {"a": (0.0, 0.0), "b": (100.0, 0.0)}, title="T", summary="S", fmt="svg")[:5]
b'<?xml'
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Hashable, Mapping

import networkx as nx

from partnerkg.visualise.analytics import degree
from partnerkg.visualise.styles import edge_look, legend, node_look, wrap_label

__all__ = ["LABEL_ALL_BELOW", "LABEL_TOP", "render_static"]

#: Graphs with fewer nodes get every label; bigger ones only the LABEL_TOP best connected.
LABEL_ALL_BELOW = 120
LABEL_TOP = 30
_DASH_SCALE = 0.6


def _linestyle(dashes: tuple[int, ...]) -> str | tuple[float, tuple[float, ...]]:
    return (0.0, tuple(d * _DASH_SCALE for d in dashes)) if dashes else "solid"


def _draw_edges(ax, G: nx.Graph, xy: Mapping[Hashable, tuple[float, float]]) -> None:
    from matplotlib.collections import LineCollection

    groups: dict[tuple, list[tuple[tuple[float, float], tuple[float, float]]]] = defaultdict(list)
    for u, v in G.edges():
        look = edge_look(G, u, v)
        groups[look.colour, look.width, look.dashes].append((xy[u], xy[v]))
    for (colour, width, dashes), segments in sorted(groups.items(), key=lambda kv: (kv[0][1], str(kv[0]))):
        ax.add_collection(LineCollection(segments, colors=colour, linewidths=width * 0.6,
                                         linestyles=[_linestyle(dashes)], alpha=0.85, zorder=1))


def _draw_nodes(ax, G: nx.Graph, xy: Mapping[Hashable, tuple[float, float]], deg: Mapping[Hashable, int],
                points_per_unit: float) -> dict:
    looks = {v: node_look(G, v, deg[v]) for v in G}

    def area(v: Hashable) -> float:  # the HTML map's radius, in points, kept between 3 and 28 points across
        return min(28.0, max(3.0, 2 * looks[v].size * points_per_unit)) ** 2

    by_marker: dict[tuple[str, bool], list[Hashable]] = defaultdict(list)
    for v in G:
        by_marker[looks[v].marker, looks[v].dashed].append(v)
    for (marker, dashed), members in sorted(by_marker.items()):
        ax.scatter([xy[v][0] for v in members], [xy[v][1] for v in members],
                   s=[area(v) for v in members],
                   c=[looks[v].colour for v in members], edgecolors=[looks[v].border for v in members],
                   linewidths=0.8 if dashed else 0.5, linestyle="--" if dashed else "-", marker=marker, zorder=2)
    return looks


def _draw_labels(ax, G: nx.Graph, xy: Mapping[Hashable, tuple[float, float]], deg: Mapping[Hashable, int],
                 looks: Mapping[Hashable, object]) -> None:
    n = G.number_of_nodes()
    ranked = sorted(G, key=lambda v: (-deg[v], str(G.nodes[v].get("label", v))))
    halo = {"boxstyle": "round,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.75}  # text stays text
    # Unlinked nodes sit in rows closer than their labels are wide: put every other label above.
    isolates = sorted((v for v in G if deg[v] == 0), key=lambda v: (xy[v][1], xy[v][0]))
    above = set(isolates[1::2])
    for v in ranked if n < LABEL_ALL_BELOW else ranked[:LABEL_TOP]:
        size = looks[v].size  # type: ignore[attr-defined]
        offset = 4 + size * 0.45
        ax.annotate("\n".join(wrap_label(str(G.nodes[v].get("label", v)))), xy[v],
                    xytext=(0, offset if v in above else -offset), textcoords="offset points", ha="center",
                    va="bottom" if v in above else "top", fontsize=5.5 if n < 60 else 4.8, color="#1f2933",
                    bbox=halo, zorder=3, annotation_clip=False)


def _draw_legend(fig, G: nx.Graph) -> None:
    from matplotlib.lines import Line2D

    markers = {"dot": "o", "square": "s", "diamond": "D", "triangle": "^", "triangleDown": "v", "hexagon": "h",
               "star": "*"}
    handles, labels, headers = [], [], set()
    for section in legend(G):
        headers.add(len(handles))
        handles.append(Line2D([], [], linestyle="none"))
        labels.append(section.title)
        for item in section.items:
            if item.kind == "edge":
                handles.append(Line2D([], [], color=item.colour, linewidth=item.width * 0.8,
                                      linestyle=_linestyle(item.dashes)))
            else:
                handles.append(Line2D([], [], linestyle="none", marker=markers.get(item.shape, "o"), markersize=7,
                                      markerfacecolor=item.colour, markeredgecolor="#4b5563", markeredgewidth=0.6))
            labels.append(item.label)
    if handles:
        leg = fig.legend(handles, labels, loc="upper left", bbox_to_anchor=(0.765, 0.88), frameon=False,
                         fontsize=7, handlelength=2.4, borderaxespad=0.0)
        for i, text in enumerate(leg.get_texts()):
            if i in headers:
                text.set_fontweight("bold")


def render_static(
    G: nx.Graph,
    positions: Mapping[Hashable, tuple[float, float]],
    *,
    title: str,
    summary: str,
    notice: str = "",
    fmt: str = "png",
    dpi: int = 150,
) -> bytes:
    """Draw ``G`` at ``positions`` (screen coordinates, y down) and return PNG or SVG bytes."""
    import matplotlib
    from matplotlib.figure import Figure

    if fmt not in {"png", "svg"}:
        raise ValueError(f"unknown static format {fmt!r}: use png or svg")
    deg = degree(G)
    xy = {v: (float(x), -float(y)) for v, (x, y) in positions.items()}
    width = 13.0 if G.number_of_nodes() > 60 else 11.0
    rc = {"svg.hashsalt": "partnerkg", "svg.fonttype": "none", "font.family": "DejaVu Sans"}
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(width, width * 0.62))
        ax = fig.add_axes((0.01, 0.01, 0.74, 0.86))
        ax.set_axis_off()
        fig.text(0.01, 0.965, title, ha="left", va="top", fontsize=14, fontweight="bold", color="#1f2933")
        fig.text(0.01, 0.915, summary + (f"\n{notice}" if notice else ""), ha="left", va="top", fontsize=8.5,
                 color="#52606d", wrap=True)
        xs = [p[0] for p in xy.values()] or [0.0]
        ys = [p[1] for p in xy.values()] or [0.0]
        axes_w, axes_h = 0.74 * width * 72, 0.86 * width * 0.62 * 72
        span_x, span_y = max(xs) - min(xs) + 1.0, max(ys) - min(ys) + 1.0
        points_per_unit = min(axes_w / span_x, axes_h / span_y)
        for _ in range(2):  # leave room for half a label each side and a label below (in points)
            pad_x, pad_y = 80.0 / points_per_unit, 16.0 / points_per_unit
            points_per_unit = min(axes_w / (span_x + 2 * pad_x), axes_h / (span_y + 2 * pad_y))
        ax.set_xlim(min(xs) - pad_x, max(xs) + pad_x)
        ax.set_ylim(min(ys) - pad_y, max(ys) + pad_y)
        ax.set_aspect("equal", adjustable="box", anchor="NW")
        _draw_edges(ax, G, xy)
        looks = _draw_nodes(ax, G, xy, deg, points_per_unit)
        _draw_labels(ax, G, xy, deg, looks)
        _draw_legend(fig, G)
        buffer = io.BytesIO()
        metadata = {"Date": None, "Creator": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, dpi=dpi, metadata=metadata, facecolor="white")
    return buffer.getvalue()
