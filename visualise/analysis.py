"""What ``analyse`` computes for a view: the measures of every node and of the whole graph, as one value.

>>> from rdflib import Graph
>>> result = analyse_view(Graph(), "organisations")
>>> result.summary.nodes, result.report("csv").splitlines()[0]
(0, 'node,label,type,sector,degree,betweenness,brokerage,component,community')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from rdflib import Graph

from partnerkg.extras import import_extra
from partnerkg.visualise.analytics import SEED, GraphSummary, NodeMeasures, Progress, analyse
from partnerkg.visualise.entities import read_knowledge
from partnerkg.visualise.filters import filter_graph, resolve_filters
from partnerkg.visualise.maps import frozen_heap
from partnerkg.visualise.network import organisation_network
from partnerkg.visualise.projections import View, project
from partnerkg.visualise.report import ReportFormat, report

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FRAME_DTYPES", "Analysis", "analyse_view"]

#: The dtypes of :meth:`Analysis.to_dataframe`, column by column (the fields of NodeMeasures).
FRAME_DTYPES = {"node": "string", "label": "string", "type": "string", "sector": "string", "degree": "int64",
                "betweenness": "float64", "brokerage": "int64", "component": "int64", "community": "int64"}


@dataclass(frozen=True)
class Analysis:
    """The measures of a view: one :class:`NodeMeasures` per node (``rows``, most connected first) and a
    :class:`GraphSummary`; ``filters`` are the facets it was narrowed to."""

    view: str
    rows: list[NodeMeasures]
    summary: GraphSummary
    filters: dict[str, str] = field(default_factory=dict)

    def report(self, fmt: ReportFormat | str = ReportFormat.TABLE, top: int = 0) -> str:
        """The measures as a text table, CSV (one row per node) or JSON; ``top`` keeps the N first rows."""
        rows = self.rows[:top] if top else self.rows
        return report(rows, self.summary, fmt, view=self.view, filters=self.filters)

    def to_dataframe(self) -> pd.DataFrame:
        """The measures as a pandas DataFrame: one row per node (most connected first), the columns of the CSV
        report (node, label, type, sector, degree, betweenness, brokerage, component, community), typed; the
        whole-graph summary in ``.attrs["summary"]``. Needs ``pip install 'partnerkg[notebook]'``."""
        pd = import_extra("pandas", extra="notebook", purpose="DataFrames")
        names = [f.name for f in fields(NodeMeasures)]
        data = {name: pd.array([getattr(r, name) for r in self.rows],
                               dtype=pd.StringDtype() if FRAME_DTYPES[name] == "string" else FRAME_DTYPES[name])
                for name in names}
        frame = pd.DataFrame(data, columns=names, index=pd.RangeIndex(len(self.rows)))
        frame.attrs["summary"] = self.summary.as_dict()
        frame.attrs["view"] = self.view
        return frame

    def to_html(self, *, page_rows: int = 25, max_rows: int = 1000) -> str:
        """The summary and the measures as a paged HTML table, as notebooks show them."""
        from partnerkg.display import Cell, paged_table

        s = self.summary
        caption = (f"{self.view} · {s.nodes:,} nodes · {s.edges:,} edges · {s.components:,} components · "
                   f"{s.communities:,} communities (modularity {s.modularity:.3f}) · betweenness {s.betweenness}")
        rows = [(Cell(r.label, title=r.node), Cell(r.type), Cell(r.sector), Cell(str(r.degree), css="pk-num"),
                 Cell(f"{r.betweenness:.4f}", css="pk-num"), Cell(str(r.brokerage), css="pk-num"),
                 Cell(str(r.component), css="pk-num"), Cell(str(r.community), css="pk-num")) for r in self.rows]
        header = ("label", "type", "sector", "degree", "betweenness", "brokerage", "component", "community")
        return paged_table(header, rows, caption=caption, page_rows=page_rows, max_rows=max_rows)

    def _repr_html_(self) -> str:
        """What Jupyter shows for an analysis: :meth:`to_html`."""
        return self.to_html()


def analyse_view(graph: Graph, view: View | str = View.ORGANISATIONS, *,
                 filters: Mapping[str, str] | Iterable[str] = (), seed: int = SEED, samples: int | None = None,
                 progress: Progress | None = None) -> Analysis:
    """Project ``view`` from ``graph``, apply ``filters`` (``facet=value`` strings or a resolved dict) and
    measure it (see :func:`partnerkg.visualise.analytics.analyse`). ``progress(phase, done, total)`` follows
    reading, projecting and each measure. Raises OptionError for a filter that matches no value.

    The unfiltered organisations view is read by :func:`~partnerkg.visualise.network.organisation_network`,
    which reads only what the measures need (the same values, much faster over a store).
    """
    view = View(view)
    step = progress or (lambda _phase, _done, _total: None)
    chosen: dict[str, str] = {}
    with frozen_heap():
        if view is View.ORGANISATIONS and not filters:
            G = organisation_network(graph, progress=step)
        else:
            G = project(read_knowledge(graph, progress=step), view)
            chosen = dict(filters) if isinstance(filters, Mapping) else resolve_filters(G, list(filters))
            if chosen:
                G = filter_graph(G, chosen)
        step("projecting", 1, 1)
        rows, summary = analyse(G, seed=seed, k=samples, progress=step)
    return Analysis(view.value, rows, summary, chosen)
