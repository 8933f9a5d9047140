"""The ``diagnose`` command: a thin shell over :meth:`partnerkg.KnowledgeGraph.diagnose`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from partnerkg.atomic import atomic_write_bytes
from partnerkg.cli.options import graph_options
from partnerkg.diagnose.render import REPORT_FORMATS, render
from partnerkg.errors import OptionError

if TYPE_CHECKING:
    from partnerkg.knowledge_graph import KnowledgeGraph

__all__ = ["diagnose_command"]

SUFFIXES = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".json": "json"}


@click.command("diagnose")
@click.argument("partnership", required=False)
@graph_options()
@click.option("--plan", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="A planned partnership instead: a filled-in template ('partnerkg template') whose "
                   "partnerships sheet has one row (partners, model, stage, formal, features, lacks features).")
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default=None,
              help="html (one offline, printable page), markdown or json. Default: from --output's suffix, "
                   "else markdown on standard output.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="File to write (default: standard output).")
def diagnose_command(partnership: str | None, kg: KnowledgeGraph, plan: Path | None, fmt: str | None,
                     output: Path | None) -> None:
    """What the evidence in the graph says about PARTNERSHIP (a label, <IRI> or identifier such as on-track)
    or about a planned one (--plan FILE.csv|xlsx): its model's advantages and disadvantages, its life-cycle
    stage and the next, the barriers research found for partnerships like it, the facilitators it lacks, the
    policies behind it and the most similar partnerships — every item with its source and verbatim quote.
    The rules are the library's diagnosis-* queries ('partnerkg query --list').
    """
    if (partnership is None) == (plan is None):
        raise OptionError("name a PARTNERSHIP or give --plan FILE, one of the two", "plan")
    to_stdout = output is None or str(output) == "-"
    chosen = fmt or (SUFFIXES.get(output.suffix.lower(), "markdown") if not to_stdout and output else "markdown")
    result = kg.diagnose(partnership, plan=plan) if plan is None else kg.diagnose(plan=plan)
    text = render(result, chosen)
    if to_stdout:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    assert output is not None
    atomic_write_bytes(output, text.encode("utf-8"))
    click.echo(f"wrote {output} ({len(result.findings):,} findings, {len(result.quotes()):,} quotes)", err=True)
