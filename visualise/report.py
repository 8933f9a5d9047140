"""Writing the measures of a view as a text table, CSV or JSON (what ``partnerkg analyse`` prints).

>>> from partnerkg.visualise.analytics import GraphSummary, NodeMeasures
>>> row = NodeMeasures("id:a", "A", "organisation", "statutory", 1, 0.0, 0, 0, 0)
>>> print(to_csv([row]), end="")
node,label,type,sector,degree,betweenness,brokerage,component,community
id:a,A,organisation,statutory,1,0.0,0,0,0
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import fields
from enum import StrEnum

from partnerkg.interop.cells import neutralise
from partnerkg.visualise.analytics import GraphSummary, NodeMeasures

__all__ = ["ReportFormat", "report", "to_csv", "to_json", "to_table"]

_COLUMNS = [f.name for f in fields(NodeMeasures)]


class ReportFormat(StrEnum):
    """Output formats of ``analyse``."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"


def to_csv(rows: Sequence[NodeMeasures]) -> str:
    """One CSV row per node, with a header. A label that a spreadsheet program would run as a formula (``=…``,
    ``+…``, ``-…``, ``@…``) gets a leading apostrophe (:func:`partnerkg.interop.cells.neutralise`)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: neutralise(v) if isinstance(v, str) else v for k, v in row.as_dict().items()})
    return out.getvalue()


def to_json(rows: Sequence[NodeMeasures], summary: GraphSummary, *, view: str = "",
            filters: Mapping[str, str] | None = None) -> str:
    """A JSON document: the view, its filters, the whole-graph summary and one object per node."""
    doc = {"view": view, "filters": dict(filters or {}), "summary": summary.as_dict(),
           "nodes": [row.as_dict() for row in rows]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def to_table(rows: Sequence[NodeMeasures], summary: GraphSummary, *, view: str = "",
             filters: Mapping[str, str] | None = None) -> str:
    """A plain-text report: summary lines, then an aligned table (labels cut to 48 characters).

    >>> from partnerkg.visualise.analytics import GraphSummary
    >>> s = GraphSummary(0, 0, 0.0, 0, 0, 0, 0, 0.0, "exact")
    >>> to_table([], s, view="organisations").splitlines()[0]
    'organisations: 0 nodes, 0 edges, density 0.0'
    """
    head = [f"{view or 'view'}: {summary.nodes:,} nodes, {summary.edges:,} edges, density {summary.density}"]
    if filters:
        head.append("filters: " + ", ".join(f"{k}={v}" for k, v in filters.items()))
    head.append(f"components: {summary.components:,} (largest {summary.largest_component:,}, "
                f"isolates {summary.isolates:,})")
    head.append(f"communities (Louvain): {summary.communities:,}, modularity {summary.modularity}")
    head.append(f"betweenness: {summary.betweenness}; brokerage: statutory–voluntary pairs a node links")
    table = [["label", "type", "sector", "degree", "betweenness", "brokerage", "component", "community"]]
    for r in rows:
        table.append([_clip(r.label, 48), r.type, r.sector or "-", str(r.degree), f"{r.betweenness:.4f}",
                      str(r.brokerage), str(r.component), str(r.community)])
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    numeric = {3, 4, 5, 6, 7}
    lines = []
    for k, line in enumerate(table):
        cells = [cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i]) for i, cell in enumerate(line)]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join([*head, "", *lines]) + "\n"


def report(rows: Sequence[NodeMeasures], summary: GraphSummary, fmt: ReportFormat | str, *, view: str = "",
           filters: Mapping[str, str] | None = None) -> str:
    """The measures in ``fmt`` (table, csv or json)."""
    fmt = ReportFormat(fmt)
    if fmt is ReportFormat.CSV:
        return to_csv(rows)
    if fmt is ReportFormat.JSON:
        return to_json(rows, summary, view=view, filters=filters)
    return to_table(rows, summary, view=view, filters=filters)
