"""Filters of a view: which values each filter offers, reading ``facet=value``, and what a filter keeps.

Every node and edge of a view carries ``facets``: for each filter it answers (sector, model, stage,
policy), the sorted keys it matches. :func:`visible` is the rule the page's filter controls apply too, so
the counts the page shows are the counts networkx gives.

>>> import networkx as nx
>>> G = nx.Graph([("a", "b"), ("b", "c")])
>>> nx.set_node_attributes(G, {"a": {"sector": ("statutory",)}, "b": {"sector": ("voluntary",)}, "c": {}}, "facets")
>>> sorted(visible(G, {"sector": "voluntary"})[0])
['b', 'c']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from partnerkg.errors import OptionError
from partnerkg.visualise.styles import FACETS, MODEL_KEYS, SECTOR_KEYS, STAGE_KEYS

__all__ = ["TIMED_TYPES", "Period", "facet_values", "filter_graph", "in_period", "resolve_filters", "visible"]


def facet_values(G: nx.Graph) -> dict[str, dict[str, str]]:
    """Every filter value of a view, as ``{facet: {key: label}}``, in display order.

    Sectors, models and stages list the whole vocabulary; policies list the graph's policies.

    >>> list(facet_values(nx.Graph())["stage"])
    ['pre-partnership', 'creation', 'delivery', 'termination']
    """
    policies = G.graph.get("facet_labels", {}).get("policy", {})
    return {
        "sector": {k: t.label for k, t in SECTOR_KEYS.items()},
        "model": {k: t.label for k, t in sorted(MODEL_KEYS.items(), key=lambda kv: -kv[1].rank)},
        "stage": {k: t.label for k, t in STAGE_KEYS.items()},
        "policy": dict(sorted(policies.items(), key=lambda kv: (kv[1].casefold(), kv[0]))),
    }


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


#: Other names of the fixed filter values: the local names of their IRIs (e.g. CoLocationModel).
_ALIASES: dict[str, set[str]] = {
    t.key: {_norm(str(t.iri).rsplit("#", 1)[-1])} for t in [*SECTOR_KEYS.values(), *MODEL_KEYS.values(),
                                                           *STAGE_KEYS.values()]
}


def resolve_filters(G: nx.Graph, specs: Iterable[str]) -> dict[str, str]:
    """Turn ``facet=value`` strings into ``{facet: key}``, matching keys, labels or IRIs loosely.

    Raises OptionError (a ValueError) naming the accepted facets or values.

    >>> resolve_filters(nx.Graph(), ["sector=Voluntary and community", "model=colocation"])
    {'sector': 'voluntary', 'model': 'co-location'}
    """
    known = facet_values(G)
    out: dict[str, str] = {}
    for spec in specs:
        facet, sep, value = spec.partition("=")
        facet = facet.strip().casefold()
        if not sep or facet not in FACETS:
            raise OptionError(f"bad filter {spec!r}: write FACET=VALUE with FACET one of {', '.join(FACETS)}",
                              "filter")
        choices = known[facet]
        wanted = _norm(value)
        exact = [k for k, label in choices.items()
                 if wanted in {_norm(k), _norm(label), _norm(k.rsplit("/", 1)[-1]), *_ALIASES.get(k, ())}]
        loose = [k for k, label in choices.items() if wanted and (wanted in _norm(label) or wanted in _norm(k))]
        found = exact or loose
        if len(found) != 1:
            listed = "; ".join(f"{label}" if facet == "policy" else k for k, label in choices.items()) or "none"
            why = "matches several" if found else "matches none"
            raise OptionError(f"filter {facet}={value!r} {why} of the {facet} values: {listed}", "filter")
        out[facet] = found[0]
    return out


#: Node types a period applies to: partnerships (``pk:startYear``/``pk:endYear``) and policies (issued).
TIMED_TYPES = frozenset({"partnership", "policy"})


@dataclass(frozen=True)
class Period:
    """A span of years to show a view as it stood in: ``start`` to ``end`` inclusive (None: open).

    A partnership or policy is in the period when its years overlap it: a stated start and no stated end
    is read as "from start on", an end alone as "until end". Whether items whose years are not stated
    at all are shown is ``undated`` (the page's "years not stated" box).

    >>> Period(2004, 2006).overlaps((2005, None)), Period(2004, 2006).overlaps((None, 2003))
    (True, False)
    """

    start: int | None = None
    end: int | None = None
    undated: bool = True

    def overlaps(self, span: tuple[int | None, int | None]) -> bool:
        """Whether a ``(start, end)`` span (either None: open) shares a year with the period."""
        first, last = span
        return ((first is None or self.end is None or first <= self.end)
                and (last is None or self.start is None or last >= self.start))

    @property
    def text(self) -> str:
        """The period in words, for summaries.

        >>> Period(2004, 2006).text, Period(2004, None, undated=False).text
        ('2004–2006 (years not stated: shown)', 'from 2004 (years not stated: hidden)')
        """
        if self.start is not None and self.end is not None:
            span = str(self.start) if self.start == self.end else f"{self.start}–{self.end}"
        elif self.start is not None:
            span = f"from {self.start}"
        elif self.end is not None:
            span = f"until {self.end}"
        else:
            span = "every year"
        return f"{span} (years not stated: {'shown' if self.undated else 'hidden'})"


def in_period(G: nx.Graph, period: Period | None) -> tuple[set[Any], set[tuple[Any, Any]]]:
    """The nodes and edges of ``G`` in ``period`` (the same rule as the page's time slider).

    A partnership or policy node is kept when its ``years`` overlap the period, or when it has no years
    and ``period.undated``; every other node is kept. A tie that stands for partnerships (``spans``,
    ``undated``) is kept when one of its dated partnerships overlaps the period, or it stands for an
    undated one and ``period.undated``. Every edge also needs both its ends kept.
    """
    if period is None:
        return set(G.nodes), set(G.edges)
    nodes = set()
    for n, d in G.nodes(data=True):
        if d.get("type") not in TIMED_TYPES:
            nodes.add(n)
        elif d.get("years") is None:
            if period.undated:
                nodes.add(n)
        elif period.overlaps(d["years"]):
            nodes.add(n)
    edges = set()
    for u, v, d in G.edges(data=True):
        if u not in nodes or v not in nodes:
            continue
        if "spans" in d and not (any(period.overlaps(s) for s in d["spans"])
                                 or (d.get("undated", 0) and period.undated)):
            continue
        edges.add((u, v))
    return nodes, edges


def visible(G: nx.Graph, filters: Mapping[str, str],
            period: Period | None = None) -> tuple[set[Any], set[tuple[Any, Any]]]:
    """The nodes and edges the filters keep, within ``period`` if one is given (the same rule as the page).

    The period applies first (:func:`in_period`), then the filters to what it kept. A node is kept when,
    for every filter whose facet it carries, its facet holds the chosen value; a node that carries none
    of some filter's facet (a category, a person) is kept when it is linked to a kept node by a kept
    edge. An edge is kept when both ends are kept and its own facets match.
    """
    timed_nodes, timed_edges = in_period(G, period)
    if not filters:
        return timed_nodes, timed_edges
    status: dict[Any, str] = {}
    for n, data in G.nodes(data=True):
        if n not in timed_nodes:
            continue
        facets = data.get("facets", {})
        state = "in"
        for facet, value in filters.items():
            if facet not in facets:
                state = "maybe"
            elif value not in facets[facet]:
                state = "out"
                break
        status[n] = state

    def edge_ok(data: Mapping[str, Any]) -> bool:
        facets = data.get("facets", {})
        return all(value in facets[f] for f, value in filters.items() if f in facets)

    passing = [(u, v) for u, v, d in G.edges(data=True)
               if (u, v) in timed_edges and edge_ok(d) and "out" not in (status[u], status[v])]
    nodes = {n for n, s in status.items() if s == "in"}
    for u, v in passing:
        if status[u] == "in" and status[v] == "maybe":
            nodes.add(v)
        elif status[v] == "in" and status[u] == "maybe":
            nodes.add(u)
    edges = {(u, v) for u, v in passing if u in nodes and v in nodes}
    return nodes, edges


def filter_graph(G: nx.Graph, filters: Mapping[str, str], period: Period | None = None) -> nx.Graph:
    """A copy of ``G`` with only what :func:`visible` keeps."""
    nodes, edges = visible(G, filters, period)
    H = G.__class__()
    H.graph.update(G.graph, filters=dict(filters))
    if period is not None:
        H.graph["period"] = period
    H.add_nodes_from((n, G.nodes[n]) for n in G if n in nodes)
    H.add_edges_from((u, v, G.edges[u, v]) for u, v in G.edges if (u, v) in edges)
    return H
