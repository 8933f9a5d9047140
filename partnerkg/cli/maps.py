"""The ``map`` and ``analyse`` commands, to register on the ``partnerkg`` group with ``cli.add_command``.

Also re-exports :func:`write_all_maps`, which ``partnerkg build`` calls to write every view into
``DIR/maps/`` with an ``index.html``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from partnerkg.cli.options import data_option, no_shipped_option
from partnerkg.cli.store import store_option
from partnerkg.errors import TooManyNodesError
from partnerkg.visualise.aggregate import Aggregation
from partnerkg.visualise.analytics import SEED, analyse
from partnerkg.visualise.entities import read_knowledge
from partnerkg.visualise.filters import filter_graph, resolve_filters
from partnerkg.visualise.maps import DEFAULT_MAX_NODES, MapFormat, frozen_heap, prepare_map, render, write_all_maps
from partnerkg.visualise.network import organisation_network
from partnerkg.visualise.progress import phase_bars
from partnerkg.visualise.projections import View, project
from partnerkg.visualise.report import ReportFormat, report
from partnerkg.visualise.styles import FACETS

__all__ = ["analyse_command", "map_command", "write_all_maps"]

_VIEWS = click.Choice([v.value for v in View])
view_option = click.option("--view", type=_VIEWS, default=View.ORGANISATIONS.value, show_default=True,
                           help="Which network view.")
filter_option = click.option(
    "--filter", "filters", multiple=True, metavar="FACET=VALUE",
    help=f"Keep only what matches (repeatable; FACET is one of {', '.join(FACETS)}; VALUE a key or "
         "label, e.g. sector=voluntary, model=co-location, stage=delivery, policy='National Compact').",
)
seed_option = click.option("--seed", type=int, default=SEED, show_default=True,
                           help="Seed of the layout, the communities and sampled betweenness.")


def _graph(data: tuple[Path, ...], no_shipped: bool, store: Path | None = None):
    from partnerkg.store.graphs import open_graph

    if no_shipped and not data:
        raise click.UsageError("--no-shipped needs at least one --data file")
    return open_graph(data, shipped=not no_shipped, store=store)


def _format(fmt: str | None, output: Path | None) -> MapFormat:
    if fmt:
        return MapFormat(fmt)
    suffix = output.suffix.lower().lstrip(".") if output is not None and str(output) != "-" else ""
    return MapFormat(suffix) if suffix in {f.value for f in MapFormat} else MapFormat.HTML


@click.command("map")
@view_option
@data_option
@no_shipped_option
@store_option
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (default: partnerkg-VIEW.html, .png or .svg in the current folder; - for "
                   "standard output).")
@filter_option
@click.option("--format", "fmt", type=click.Choice([f.value for f in MapFormat]), default=None,
              help="html (interactive, self-contained), png or svg (static). Default: from --output's suffix, "
                   "else html.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=DEFAULT_MAX_NODES, show_default=True,
              help="Above this many nodes, group them (see --aggregate).")
@click.option("--aggregate", "aggregate_by", type=click.Choice([a.value for a in Aggregation]),
              default=Aggregation.COMMUNITY.value, show_default=True,
              help="How to group a view above --max-nodes: by Louvain community, by kind, or off (refuse and "
                   "ask for a filter).")
@seed_option
def map_command(view: str, data: tuple[Path, ...], no_shipped: bool, store: Path | None, output: Path | None,
                filters: tuple[str, ...], fmt: str | None, max_nodes: int, aggregate_by: str, seed: int) -> None:
    """Draw a network view as one self-contained HTML page (offline, no network requests) or a PNG/SVG.

    Views: organisations (linked by shared partnerships), partnerships (organisations and partnerships),
    policies (what they require, encourage or fund), barriers (barriers and facilitators).
    """
    chosen = _format(fmt, output)
    graph = _graph(data, no_shipped, store)
    with frozen_heap():
        try:
            prepared = prepare_map(graph, view, filters=filters, max_nodes=max_nodes, aggregate_by=aggregate_by,
                                   seed=seed)
        except TooManyNodesError:
            raise
        except ValueError as err:  # a filter that names no value
            raise click.BadParameter(str(err), param_hint="--filter") from err
        if prepared.notice:
            click.echo(f"note: {prepared.notice}", err=True)
        blob = render(prepared, chosen)
    if output is not None and str(output) == "-":
        sys.stdout.buffer.write(blob)
        sys.stdout.flush()
        return
    from partnerkg.atomic import atomic_write_bytes

    target = output if output is not None else Path(f"partnerkg-{view}.{chosen.value}")
    atomic_write_bytes(target, blob)
    G = prepared.graph
    click.echo(f"wrote {target} ({G.number_of_nodes():,} nodes, {G.number_of_edges():,} links)", err=True)


@click.command("analyse")
@view_option
@data_option
@no_shipped_option
@store_option
@filter_option
@click.option("--format", "fmt", type=click.Choice([f.value for f in ReportFormat]), default="table",
              show_default=True, help="table (aligned text), csv (one row per node) or json.")
@click.option("--top", type=click.IntRange(min=0), default=0, show_default=True,
              help="Only the N most connected nodes (0: all).")
@click.option("--samples", type=click.IntRange(min=1), default=None,
              help="Estimate betweenness from this many source nodes (default: exact up to 1,000 nodes, else 200).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars.")
@seed_option
def analyse_command(view: str, data: tuple[Path, ...], no_shipped: bool, store: Path | None,
                    filters: tuple[str, ...], fmt: str, top: int, samples: int | None, quiet: bool,
                    seed: int) -> None:
    """Print network measures of a view: degree, betweenness, statutory–voluntary brokerage, component and
    Louvain community of every node, and a whole-graph summary.

    Progress bars (standard error, when it is a terminal) follow each phase: reading, building the view,
    degree, betweenness sources, brokerage, components, communities.
    """
    from partnerkg.cli.options import err_console

    graph = _graph(data, no_shipped, store)
    chosen: dict[str, str] = {}
    with frozen_heap(), phase_bars(err_console, disable=quiet or not err_console.is_terminal) as step:
        if view == View.ORGANISATIONS and not filters:  # only what the measures read (same values, faster)
            G = organisation_network(graph, progress=step)
            step("projecting", 1, 1)
        else:
            G = project(read_knowledge(graph, progress=step), view)
            step("projecting", 1, 1)
            try:
                chosen = resolve_filters(G, filters)
            except ValueError as err:
                raise click.BadParameter(str(err), param_hint="--filter") from err
            if chosen:
                G = filter_graph(G, chosen)
        rows, summary = analyse(G, seed=seed, k=samples, progress=step)
    click.echo(report(rows[:top] if top else rows, summary, fmt, view=view, filters=chosen), nl=False)
