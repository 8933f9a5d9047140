"""The ``map`` and ``analyse`` commands: thin shells over :meth:`partnerkg.KnowledgeGraph.map` and
:meth:`~partnerkg.KnowledgeGraph.analyse`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from partnerkg.atomic import atomic_write_bytes
from partnerkg.cli.options import err_console, graph_options
from partnerkg.visualise.aggregate import Aggregation
from partnerkg.visualise.defaults import DEFAULT_MAX_NODES, SEED
from partnerkg.visualise.maps import MapFormat, format_for_path
from partnerkg.visualise.progress import phase_bars
from partnerkg.visualise.projections import View
from partnerkg.visualise.report import ReportFormat
from partnerkg.visualise.styles import FACETS

if TYPE_CHECKING:
    from partnerkg.knowledge_graph import KnowledgeGraph

__all__ = ["analyse_command", "map_command"]

view_option = click.option("--view", type=click.Choice([v.value for v in View]), default=View.ORGANISATIONS.value,
                           show_default=True, help="Which network view.")
filter_option = click.option(
    "--filter", "filters", multiple=True, metavar="FACET=VALUE",
    help=f"Keep only what matches (repeatable; FACET is one of {', '.join(FACETS)}; VALUE a key or "
         "label, e.g. sector=voluntary, model=co-location, stage=delivery, policy='National Compact').",
)
seed_option = click.option("--seed", type=int, default=SEED, show_default=True,
                           help="Seed of the layout, the communities and sampled betweenness.")


@click.command("map")
@view_option
@graph_options()
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (default: partnerkg-VIEW.html, .png, .svg, .gexf, .graphml or .xlsx in the "
                   "current folder; - for standard output).")
@filter_option
@click.option("--format", "fmt", type=click.Choice([f.value for f in MapFormat]), default=None,
              help="html (interactive, self-contained), png or svg (static), or the network for other tools: "
                   "gexf (Gephi, GEXF 1.3), graphml, kumu (an XLSX workbook for Kumu). Default: from --output's "
                   "suffix (.xlsx: kumu), else html.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=DEFAULT_MAX_NODES, show_default=True,
              help="Above this many nodes, group them (see --aggregate).")
@click.option("--aggregate", "aggregate_by", type=click.Choice([a.value for a in Aggregation]),
              default=Aggregation.COMMUNITY.value, show_default=True,
              help="How to group a view above --max-nodes: by Louvain community, by kind, or off (refuse and "
                   "ask for a filter).")
@seed_option
@click.option("--diagnose-url", metavar="URL", default="",
              help="The http(s) base of a 'partnerkg serve' endpoint, e.g. http://127.0.0.1:8000/: each "
                   "partnership's details panel (html) links its diagnosis there. Default: no link, fully offline.")
def map_command(view: str, kg: KnowledgeGraph, output: Path | None, filters: tuple[str, ...], fmt: str | None,
                max_nodes: int, aggregate_by: str, seed: int, diagnose_url: str) -> None:
    """Draw a network view as one self-contained HTML page (offline, no network requests) or a PNG/SVG, or
    write its network for Gephi (GEXF 1.3), any GraphML tool or Kumu (an XLSX workbook).

    Views: organisations (linked by shared partnerships), partnerships (organisations and partnerships),
    policies (what they require, encourage or fund), barriers (barriers and facilitators).
    """
    chosen = fmt or format_for_path(output).value
    drawn = kg.map(view, filter=filters, max_nodes=max_nodes, aggregate=aggregate_by, seed=seed,
                   diagnose_url=diagnose_url)
    if drawn.notice:
        click.echo(f"note: {drawn.notice}", err=True)
    blob = drawn.render(chosen)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(blob)
        sys.stdout.flush()
        return
    target = output if output is not None else Path(f"partnerkg-{view}{MapFormat(chosen).suffix}")
    atomic_write_bytes(target, blob)
    G = drawn.graph
    click.echo(f"wrote {target} ({G.number_of_nodes():,} nodes, {G.number_of_edges():,} links)", err=True)


@click.command("analyse")
@view_option
@graph_options()
@filter_option
@click.option("--format", "fmt", type=click.Choice([f.value for f in ReportFormat]), default="table", show_default=True,
              help="table (aligned text), csv (one row per node) or json.")
@click.option("--top", type=click.IntRange(min=0), default=0, show_default=True,
              help="Only the N most connected nodes (0: all).")
@click.option("--samples", type=click.IntRange(min=1), default=None,
              help="Estimate betweenness from this many source nodes (default: exact up to 1,000 nodes, else 200).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@seed_option
def analyse_command(view: str, kg: KnowledgeGraph, filters: tuple[str, ...], fmt: str, top: int,
                    samples: int | None, quiet: bool, seed: int) -> None:
    """Print network measures of a view: degree, betweenness, statutory–voluntary brokerage, component and
    Louvain community of every node, and a whole-graph summary.

    Progress bars (standard error, when it is a terminal) follow each phase: reading, building the view,
    degree, betweenness sources, brokerage, components, communities.
    """
    with phase_bars(err_console, disable=quiet or not err_console.is_terminal) as step:
        result = kg.analyse(view, filter=filters, seed=seed, samples=samples, progress=step)
    click.echo(result.report(fmt, top=top), nl=False)
