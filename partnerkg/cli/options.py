"""What the commands share: the options that choose the graph, the stderr console, progress bars.

:func:`graph_options` adds ``--data``/``--no-shipped`` (and ``--store`` where a command can read a store) to a
command and hands it the :class:`~partnerkg.KnowledgeGraph` they choose, so the rules of combining them are
written once, in :func:`partnerkg.open`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

import partnerkg
from partnerkg.errors import OptionError

__all__ = ["counting_bar", "data_option", "err_console", "graph_options", "in_memory_option", "no_shipped_option",
           "store_option"]

#: Progress, spinners and messages go to stderr; stdout carries results only.
err_console = Console(stderr=True, highlight=False)

data_option = click.option(
    "--data", "data", multiple=True, type=click.Path(path_type=Path),
    help="An RDF file ADDED to the shipped graph (repeatable; .ttl .nt .nq .trig .jsonld .rdf).",
)
no_shipped_option = click.option(
    "--no-shipped", is_flag=True, help="REPLACE the shipped graph: use only the --data files.",
)
store_option = click.option(
    "--store", "store", type=click.Path(path_type=Path, file_okay=False), default=None,
    help="Use the on-disk Oxigraph store in DIR (made by 'partnerkg load FILE --store DIR') instead of the "
         "in-memory graph; fast at millions of triples. Not combinable with --data or --no-shipped.",
    metavar="DIR",
)
in_memory_option = click.option(
    "--in-memory", is_flag=True,
    help="Hold the data in an in-memory Oxigraph store (a copy of --store DIR, or the --data files and the "
         "shipped graph): Oxigraph's engine, rows read several times faster; the data must fit in memory.",
)


def graph_options(*, store: bool = True, endpoint: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Add ``--data``, ``--no-shipped`` (and ``--store``, ``--endpoint``) to a command, which receives ``kg``,
    a :class:`~partnerkg.KnowledgeGraph`, instead (files are read when ``kg`` is first used)."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            kg = partnerkg.open(kwargs.pop("data"), shipped=not kwargs.pop("no_shipped"),
                                store=kwargs.pop("store") if store else None,
                                in_memory=kwargs.pop("in_memory") if store else False,
                                endpoint=kwargs.pop("endpoint") if endpoint else None)
            try:
                return command(*args, kg=kg, **kwargs)
            except OptionError as err:  # shown as click shows a bad option value, naming the flag
                raise click.BadParameter(str(err), param_hint="--" + err.option.replace("_", "-")) from err

        decorated = data_option(no_shipped_option(wrapper))
        if store:
            decorated = in_memory_option(store_option(decorated))
        if endpoint:
            decorated = click.option(
                "--endpoint", metavar="URL", default=None,
                help="Run the query on this remote SPARQL endpoint instead of the local graph (labels are looked "
                     "up there; ?default-graph-uri=… in the URL is kept). Not combinable with --data, --store, "
                     "--reason.")(decorated)
        return decorated

    return decorate


@contextmanager
def stage_bar(first: str) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on stderr for work in stages; yields ``update(stage, done, total)``. Off when stderr is
    not a terminal."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True, disable=not err_console.is_terminal) as bar:
        task = bar.add_task(first, total=None)
        yield lambda stage, done, total: bar.update(task, description=stage, completed=done, total=total)


@contextmanager
def counting_bar(description: str, *, total: int | None = None, bytes_: bool = False,
                 disable: bool = False) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on stderr; yields ``update(done, total)``. Off when stderr is not a terminal."""
    from rich.progress import DownloadColumn

    count = DownloadColumn() if bytes_ else MofNCompleteColumn()
    columns = (TextColumn(description), BarColumn(), count, TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True,
                  disable=disable or not err_console.is_terminal) as bar:
        task = bar.add_task(description, total=total)
        yield lambda done, all_=None: bar.update(task, completed=done, total=all_)
