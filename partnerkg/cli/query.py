"""The ``partnerkg query`` command (registered on the CLI group with ``cli.add_command(query)``).

Errors are partnerkg exceptions; the CLI group turns them into a one-line message and their exit code.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from partnerkg.atomic import atomic_write_bytes
from partnerkg.cli.options import err_console, graph_options
from partnerkg.errors import InputError
from partnerkg.queries.catalogue import list_queries, load_query, read_query_file
from partnerkg.queries.columnar import Engine
from partnerkg.queries.limits import DEFAULT_MAX_RESULTS, DEFAULT_TIMEOUT
from partnerkg.queries.safety import query_kind

if TYPE_CHECKING:
    from partnerkg.knowledge_graph import KnowledgeGraph

__all__ = ["is_query_file", "query"]

#: Rows a table on a terminal shows unless --limit says otherwise.
TERMINAL_PAGE = 100
_FORMATS = ["table", "csv", "tsv", "json", "xml", "turtle", "ntriples"]
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", re.DOTALL)

_EPILOG = """\b
QUERY is one of:
  NAME      a library query (see --list), e.g. ego-network
  FILE.rq   a query file: any value ending in .rq or .sparql, or containing a /
  -         a query read from standard input
\b
Data: the shipped graph (ontology and compiled data) by default. --data FILE ADDS a file to it (repeat
for several); --no-shipped REPLACES it, so only the --data files are queried. TriG and N-Quads files keep
their named graphs (query them with GRAPH).
\b
Parameters: --param NAME=VALUE binds the query variable ?NAME before evaluation (never by editing the
text). VALUE is a label, matched against rdfs:label and skos:altLabel ignoring case and spacing, unless
written as <IRI>; typed library parameters take text, numbers, years or true/false.
\b
Output (stdout, or --output FILE): SELECT and ASK as a table by default, or csv, tsv, json, xml (the W3C
SPARQL 1.1 result formats); CONSTRUCT and DESCRIBE as turtle by default, or ntriples, json (JSON-LD),
xml (RDF/XML), table.
\b
Limits, as on the endpoint: a query runs in a separate process that is stopped after --timeout seconds
(default 60; with --reason the reasoning counts too), and a result with more than --max-results rows
(SELECT) or triples (CONSTRUCT, DESCRIBE) is refused, not cut short (default 10000: page with LIMIT and
OFFSET). Either way nothing is written. 0 lifts a limit (--timeout 0 runs the query in this process).
\b
Pages: --limit N and --offset N slice a SELECT's rows (the engine stops early where it can). A table on a
terminal shows the first 100 rows and says how many there are; files, pipes and the other formats get
every row.
\b
Refused, whatever the query says: SERVICE, FROM and FROM NAMED, and updates (INSERT, DELETE, LOAD…).
Exit codes: 0 success; 1 the result is over --max-results; 2 unusable input (unknown query, syntax error with
line and column, refused query, unknown label, missing file) or the query ran over --timeout.
"""


def is_query_file(value: str) -> bool:
    """Whether a QUERY argument names a file rather than a library query: it ends in .rq or .sparql, or
    holds a path separator. ``-`` (standard input) is neither.

    >>> is_query_file("ego-network"), is_query_file("my.rq"), is_query_file("./q")
    (False, True, True)
    """
    return value.lower().endswith((".rq", ".sparql")) or "/" in value or (sys.platform == "win32" and "\\" in value)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        m = _PARAM.match(value)
        if m is None:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE (NAME a query variable without '?')",
                                     param_hint="--param")
        if m.group(1) in out:
            raise click.BadParameter(f"{m.group(1)!r} is given twice", param_hint="--param")
        out[m.group(1)] = m.group(2)
    return out


def _list() -> str:
    queries = list_queries()
    width = max(len(q.name) for q in queries)
    return "".join(f"{q.name:<{width}}  {q.title}\n" for q in queries)


def _show(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    return read_query_file(name) if is_query_file(name) else load_query(name).text


def _engine_of(kg: KnowledgeGraph) -> str:
    """Who answers without a store: the remote endpoint, or rdflib's engine in memory."""
    return f"the endpoint {kg.endpoint}" if kg.endpoint is not None else "rdflib (in memory)"


@click.command("query", epilog=_EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("query_ref", metavar="NAME|FILE.rq|-", required=False)
@graph_options(store=True, endpoint=True)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind query variable ?NAME to a label, an <IRI> or a typed value (repeatable).")
@click.option("--format", "-f", "fmt", type=click.Choice(_FORMATS), default=None,
              help="Output format [default: table; turtle for CONSTRUCT and DESCRIBE].")
@click.option("--reason", type=click.Choice(["none", "rdfs", "owlrl"]), default="none", show_default=True,
              help="Query the RDFS or OWL RL closure (with the partnerkg ontology), so that "
                   "'?x a pk:Organisation' finds instances of every subclass.")
@click.option("--list", "list_", is_flag=True, help="List the library queries with their titles and exit.")
@click.option("--show", is_flag=True, help="Print the query text (with its header) instead of running it.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="FILE",
              help="Write the result to FILE (whole, or not at all) instead of standard output.")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
              help="Stop the query after this many seconds (exit 2); 0 = no limit.")
@click.option("--max-results", "--max-rows", "max_results", type=click.IntRange(min=0), default=DEFAULT_MAX_RESULTS,
              show_default=True, metavar="N",
              help="Refuse a result with more rows or triples than this (exit 1); 0 = no limit.")
@click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N",
              help=f"Only N rows of a SELECT (0: all). A table on a terminal shows {TERMINAL_PAGE} by default and "
                   "says how many there are.")
@click.option("--offset", type=click.IntRange(min=0), default=0, metavar="N", help="Skip the first N rows of a SELECT.")
@click.option("--engine", type=click.Choice([e.value for e in Engine]), default=Engine.AUTO.value, show_default=True,
              help="Who answers over a store: the columnar engine (DuckDB over a triple table beside the store) "
                   "for what it answers exactly and Oxigraph for the rest (auto), or only one of them.")
@click.option("--explain", is_flag=True, help="Say on standard error which engine answered, and why not the other.")
def query(query_ref: str | None, kg: KnowledgeGraph, params: tuple[str, ...], fmt: str | None, reason: str,
          list_: bool, show: bool, output: Path | None, timeout: float, max_results: int, limit: int | None,
          offset: int, engine: str, explain: bool) -> None:
    """Run a SPARQL query: a library query by NAME, a FILE.rq, or '-' for standard input."""
    if list_:
        click.echo(_list(), nl=False)
        return
    if query_ref is None:
        raise click.UsageError("name a library query, a FILE.rq or '-' (or use --list)")
    if show:
        click.echo(_show(query_ref), nl=False)
        return
    bound = _params(params)
    if query_ref == "-":
        text, origin = sys.stdin.read(), "<stdin>"
        if not text.strip():
            raise InputError("standard input: no query text was given")
    elif is_query_file(query_ref):
        text, origin = read_query_file(query_ref), query_ref
    else:
        text, origin = load_query(query_ref).text, query_ref
    to_terminal = output is None and sys.stdout.isatty()
    select = query_kind(text, origin) == "SELECT"  # a refused or malformed query stops here, before the data
    paged = limit is None and select and to_terminal and fmt in (None, "table")
    page: dict[str, Any] = {}
    if paged:
        page = {"limit": TERMINAL_PAGE, "offset": offset, "total": True}
    elif limit is not None or offset:  # the API refuses a slice of a CONSTRUCT, ASK or DESCRIBE
        page = {"limit": limit or None, "offset": offset}
    limits = {"reason": reason, "timeout": timeout, "max_results": max_results, "engine": engine, **page}
    if kg.endpoint is None and kg.store is None:  # read here, before the query process starts: it inherits it
        with err_console.status("loading data"):
            _ = kg.graph
    if query_ref == "-" or is_query_file(query_ref):
        result = kg.query_text(text, bound, origin=origin, **limits)
    else:
        result = kg.query(query_ref, bound, **limits)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if explain:
        click.echo(f"engine: {result.engine or _engine_of(kg)}", err=True)
    width = shutil.get_terminal_size().columns if output is None and sys.stdout.isatty() else None
    body = result.serialize(fmt, width=width)
    if output is None or str(output) == "-":
        click.echo(body, nl=False)  # bytes go to the binary stream as they are
    else:
        atomic_write_bytes(output, body)
    if result.total is not None and result.total > len(result.rows):
        first = offset + 1
        click.echo(f"rows {first:,}–{offset + len(result.rows):,} of {result.total:,}: --limit 0 shows them all, "
                   f"--offset {offset + len(result.rows)} the next page, --format csv -o FILE writes every row",
                   err=True)
