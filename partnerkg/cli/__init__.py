"""The ``partnerkg`` command: a thin layer over the Python API.

Exit codes: 0 success; 1 the input was read but is invalid; 2 the input cannot be used at all.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from partnerkg import __version__
from partnerkg.cli.options import data_option, err_console, no_shipped_option
from partnerkg.errors import Audience, PartnerKGError, speaking_to

__all__ = ["cli", "data_option", "err_console", "main", "no_shipped_option"]

class _OneLineWarnings(logging.Handler):
    """Libraries' log warnings (rdflib, pySHACL…) as one line each on stderr, never with a traceback.

    Without a handler Python prints them whole, and rdflib attaches a traceback to every ill-typed literal
    it meets (``STRDT("abc", xsd:integer)`` in a query, for one); ``--debug`` restores that.
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            lines = record.getMessage().strip().splitlines()
        except Exception:  # a library's malformed log call must not break the command
            lines = [str(record.msg)]
        msg = lines[0] if lines else ""
        if msg.startswith("Failed to convert Literal lexical form to value"):
            datatype = msg.partition("Datatype=")[2].partition(",")[0]
            msg = f"a value is not a valid <{datatype}> (an ill-typed literal); it is kept as text"
        click.echo(f"warning: {msg[:300]}", err=True)


_LOG_HANDLER = _OneLineWarnings(logging.WARNING)
#: Libraries whose log warnings are shortened (not the root logger: ``serve`` configures its own log).
_LIBRARIES = ("rdflib", "pyshacl", "owlrl")


def _library_logging(debug: bool) -> None:
    """One-line library warnings on stderr; with ``debug``, Python's default (whole records, tracebacks)."""
    for name in _LIBRARIES:
        logger = logging.getLogger(name)
        if debug:
            logger.removeHandler(_LOG_HANDLER)
        elif _LOG_HANDLER not in logger.handlers:
            logger.addHandler(_LOG_HANDLER)


class _Group(click.Group):
    """Turns partnerkg errors into a one-screen message and their exit code; tracebacks only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            with speaking_to(Audience.CLI):  # messages name command-line flags
                return super().invoke(ctx)
        except PartnerKGError as err:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(f"error: {err}", err=True)
            ctx.exit(err.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt):
            raise
        except MemoryError:
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo("error: out of memory — the input is too big to hold in memory; load it into an on-disk "
                       "store with 'partnerkg load FILE --store DIR' and use --store DIR", err=True)
            ctx.exit(2)
        except Exception as err:  # an unexpected failure is a bug: say so briefly
            if ctx.obj and ctx.obj.get("debug"):
                traceback.print_exc()
            click.echo(f"error: internal error ({type(err).__name__}: {err}); rerun with --debug for details", err=True)
            ctx.exit(2)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="partnerkg")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """partnerkg: a knowledge graph of partnerships in UK health, social care, criminal justice and the
    voluntary and community sector."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    _library_logging(debug)


@cli.command()
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Folder to write into (replaced whole, atomically; refused if it holds anything but an earlier "
                   "build, unless --force).")
@data_option
@no_shipped_option
@click.option("--no-owl", is_flag=True, help="Skip the HermiT consistency check.")
@click.option("--no-maps", is_flag=True, help="Do not write the HTML maps.")
@click.option("--force", is_flag=True, help="Replace the output folder even if it holds other files.")
@click.option("--store", "store", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="DIR",
              help="Build from the on-disk Oxigraph store in DIR (made by 'partnerkg load'): SHACL in chunks, "
                   "HermiT on the shipped graph. Not combinable with --data or --no-shipped.")
def build(output: Path, data: tuple[Path, ...], no_shipped: bool, no_owl: bool, no_maps: bool, force: bool,
          store: Path | None) -> None:
    """Assemble the graph, validate it (SHACL and HermiT) and write DIR/ontology.ttl, DIR/partnerkg.ttl…"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from partnerkg.build import build as run_build

    if store is None:
        with err_console.status("building") as status:
            result = run_build(output, data, shipped=not no_shipped, owl=not no_owl, maps=not no_maps,
                               force=force, step=lambda msg: status.update(msg))
    else:
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=err_console, transient=True) as bar:
            task = bar.add_task("building", total=None)
            result = run_build(output, data, shipped=not no_shipped, owl=not no_owl, maps=not no_maps,
                               store=store, force=force, step=lambda msg: bar.update(task, description=msg),
                               progress=lambda done, total: bar.update(task, completed=done, total=total))
    maps = [f for f in result.files if f.startswith("maps/")]
    plain = [f for f in result.files if not f.startswith("maps/")]
    click.echo(f"wrote {', '.join(plain)}{f' and {len(maps)} map files' if maps else ''} to {result.output} "
               f"({result.triples} triples)")
    width = max(len(k) for k in result.counts)
    for name, n in result.counts.items():
        click.echo(f"  {name:<{width}}  {n:>5}")
    click.echo(result.report.text().splitlines()[-1] if result.report.hermit else "HermiT: skipped")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-owl", is_flag=True, help="Skip the HermiT consistency check.")
@click.option("--with-shipped", is_flag=True, help="Validate the files together with the shipped graph.")
def validate(files: tuple[Path, ...], no_owl: bool, with_shipped: bool) -> None:
    """Validate RDF FILES with SHACL and HermiT together with the ontology; list every violation."""
    from partnerkg.ontology.validation import validate as run_validate
    from partnerkg.store.graphs import open_graph

    with err_console.status("validating"):
        graph = open_graph(files, shipped=with_shipped)
        report = run_validate(graph, owl=not no_owl)
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)


def _register() -> None:
    # Imported here, after the shared options above exist: the command modules import them from this module.
    from partnerkg.cli.interop import export_command, import_command, push_command, template_command
    from partnerkg.cli.maps import analyse_command, map_command
    from partnerkg.cli.query import query
    from partnerkg.cli.serve import serve_command
    from partnerkg.cli.store import generate_command, load_command

    for command in (query, map_command, analyse_command, serve_command, template_command, import_command,
                    export_command, push_command, load_command, generate_command):
        cli.add_command(command)


_register()


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="partnerkg")


if __name__ == "__main__":  # pragma: no cover
    main()
