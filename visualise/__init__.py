"""Network views of the knowledge graph: networkx projections and measures, and self-contained maps.

>>> from rdflib import Graph
>>> from partnerkg.visualise import project
>>> G = project(Graph(), "organisations")
>>> G.number_of_nodes()
0

Modules: ``entities`` (reading the RDF), ``projections`` (RDF → networkx), ``filters`` (and periods of years),
``analytics`` (degree, betweenness, brokerage, components, communities), ``network`` (the organisation
network as the measures read it, fast over stores), ``indexed`` (a graph as integer arrays for the measures),
``layout`` (seeded positions),
``aggregate`` (folding views too big for one page into fixed groups), ``grouping`` (the groups a page folds
and opens), ``styles`` (colours, shapes, legend), ``html`` and
``static`` (rendering), ``maps`` (the whole pipeline to a :class:`Map`), ``analysis`` (the measures of a view)
and ``report`` (writing them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnerkg._exports import lazy_exports

__all__ = [
    "Grouping",
    "Map",
    "MapFormat",
    "Period",
    "View",
    "barrier_graph",
    "betweenness",
    "communities",
    "components",
    "cross_sector_brokerage",
    "degree",
    "filter_graph",
    "group_tables",
    "in_period",
    "layout",
    "node_measures",
    "organisation_graph",
    "partnership_graph",
    "policy_graph",
    "prepare_map",
    "project",
    "render",
    "resolve_filters",
    "summarise",
    "visible",
    "write_all_maps",
    "write_map",
]

_EXPORTS = {
    "Grouping": "partnerkg.visualise.grouping",
    "Map": "partnerkg.visualise.maps",
    "MapFormat": "partnerkg.visualise.maps",
    "Period": "partnerkg.visualise.filters",
    "View": "partnerkg.visualise.projections",
    "barrier_graph": "partnerkg.visualise.projections",
    "betweenness": "partnerkg.visualise.analytics",
    "communities": "partnerkg.visualise.analytics",
    "components": "partnerkg.visualise.analytics",
    "cross_sector_brokerage": "partnerkg.visualise.analytics",
    "degree": "partnerkg.visualise.analytics",
    "filter_graph": "partnerkg.visualise.filters",
    "group_tables": "partnerkg.visualise.grouping",
    "in_period": "partnerkg.visualise.filters",
    "layout": "partnerkg.visualise.layout",
    "node_measures": "partnerkg.visualise.analytics",
    "organisation_graph": "partnerkg.visualise.projections",
    "partnership_graph": "partnerkg.visualise.projections",
    "policy_graph": "partnerkg.visualise.projections",
    "prepare_map": "partnerkg.visualise.maps",
    "project": "partnerkg.visualise.projections",
    "render": "partnerkg.visualise.maps",
    "resolve_filters": "partnerkg.visualise.filters",
    "summarise": "partnerkg.visualise.analytics",
    "visible": "partnerkg.visualise.filters",
    "write_all_maps": "partnerkg.visualise.maps",
    "write_map": "partnerkg.visualise.maps",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from partnerkg.visualise.analytics import (
    betweenness,
    communities,
    components,
    cross_sector_brokerage,
    degree,
    node_measures,
    summarise,
)
    from partnerkg.visualise.filters import Period, filter_graph, in_period, resolve_filters, visible
    from partnerkg.visualise.grouping import Grouping, group_tables
    from partnerkg.visualise.layout import layout
    from partnerkg.visualise.maps import Map, MapFormat, prepare_map, render, write_all_maps, write_map
    from partnerkg.visualise.projections import (
    View,
    barrier_graph,
    organisation_graph,
    partnership_graph,
    policy_graph,
    project,
)
