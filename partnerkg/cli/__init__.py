"""The ``partnerkg`` command: a thin shell over the Python API (:mod:`partnerkg`).

Each command parses its options and calls one API function; errors are partnerkg exceptions, turned here into
a one-line message and their exit code (tracebacks only with ``--debug``). Exit codes: 0 success; 1 the input
was read but is invalid; 2 the input cannot be used at all.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from typing import Any

import click

from partnerkg import __version__
from partnerkg.errors import Audience, PartnerKGError, speaking_to

__all__ = ["COMMANDS", "cli", "main"]

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


#: Each command and where it is defined (``module:function`` under partnerkg.cli), imported when it is run or
#: listed: ``partnerkg query`` then loads what a query needs, not the maps, spreadsheets and endpoint too.
COMMANDS = {
    "analyse": "maps:analyse_command", "build": "build:build_command", "diagnose": "diagnose:diagnose_command",
    "docs": "interop:docs_command", "dump": "interop:dump_command", "export": "interop:export_command",
    "generate": "store:generate_command", "import": "spreadsheets:import_command", "load": "store:load_command",
    "map": "maps:map_command", "push": "interop:push_command", "query": "query:query",
    "search": "search:search_command", "serve": "serve:serve_command", "template": "spreadsheets:template_command",
    "validate": "build:validate_command",
}


class _Group(click.Group):
    """Turns partnerkg errors into a one-screen message and their exit code; tracebacks only with --debug.
    Commands are imported when first asked for (:data:`COMMANDS`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, name = COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(f"partnerkg.cli.{module}"), name), cmd_name)
        return self.commands.get(cmd_name)

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


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="partnerkg")


if __name__ == "__main__":  # pragma: no cover
    main()
