"""The ``serve`` command: a thin shell over :meth:`partnerkg.KnowledgeGraph.serve`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from partnerkg.cli.options import graph_options

if TYPE_CHECKING:
    from partnerkg.knowledge_graph import KnowledgeGraph

__all__ = ["serve_command"]

_EPILOG = """\b
Serves, until SIGTERM or Ctrl-C (exit code 0):
  /sparql           the SPARQL 1.1 Protocol: GET ?query=, POST form or application/sparql-query;
                    without a query, the SPARQL Service Description (Turtle)
  /                 a query page (works offline): the query library, an editor, tables, downloads
  /queries          the query library as JSON; /queries/NAME?PARAM=VALUE runs one query
\b
Read-only and local: updates are refused (403); SERVICE, FROM, FROM NAMED, default-graph-uri and
named-graph-uri are refused (400) before anything runs, so nothing outside the data is ever read or
contacted. A query over --timeout is cancelled (503) while other queries go on; results over
--max-results are refused (422); bodies over --max-body are refused (413).
\b
CORS: by default any web page may read results (Access-Control-Allow-Origin: *, never with
credentials). Any page open in your browser can then query this server: with private --data, name the
origins you trust with --cors-origin (repeatable), or --cors-origin none.
\b
Logs one line per query to stderr: client, method, path, query form, status, milliseconds, results.
Exit codes: 0 stopped by SIGTERM or Ctrl-C; 2 unusable input (a --data file, the address in use).
See docs/endpoint.md.
"""


def _origins(values: tuple[str, ...]) -> tuple[str, ...]:
    if not values:
        return ("*",)
    if "none" in values:
        if len(values) > 1:
            raise click.BadParameter("'none' cannot be combined with other origins", param_hint="--cors-origin")
        return ()
    return tuple(v.rstrip("/") for v in values)


@click.command("serve", epilog=_EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but a loopback address exposes the data to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port; the URL is printed).")
@graph_options()
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True, metavar="SECONDS",
              help="Longest a query may run; a slower one is cancelled (503).")
@click.option("--max-results", type=click.IntRange(min=1), default=10_000, show_default=True, metavar="N",
              help="Most rows (SELECT) or triples (CONSTRUCT, DESCRIBE) a result may have (422 beyond).")
@click.option("--max-body", type=click.IntRange(min=1), default=1_000_000, show_default=True, metavar="BYTES",
              help="Largest request body, or query in a GET URL (413/414 beyond).")
@click.option("--workers", type=click.IntRange(min=1, max=64), default=2, show_default=True, metavar="N",
              help="Query worker processes (each runs one query at a time).")
@click.option("--max-memory", type=click.IntRange(min=0), default=4096, show_default=True, metavar="MIB",
              help="Heap limit of each query worker in MiB (0: none); a query over it is refused (503).")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="A web origin allowed to read results, e.g. https://yasgui.example.org (repeatable); "
                   "'none' sends no CORS headers. Default: any origin (*).")
@click.option("--stream-after", type=click.IntRange(min=1), default=10_000, show_default=True, metavar="N",
              help="Rows (or triples) of an answer read before it is streamed: a shorter answer, or one over "
                   "--max-results within them, is sent whole with its exact status; a longer one goes out as its "
                   "rows come, cut if it passes --max-results or --timeout later.")
@click.option("--base-iri", default="https://w3id.org/partnerkg/", show_default=True, metavar="IRI",
              help="The IRI that / of this server stands for: GET /id/PATH describes BASE-IRI + id/PATH, with "
                   "content negotiation (point a w3id redirect here).")
def serve_command(host: str, port: int, kg: KnowledgeGraph, timeout: float, max_results: int, max_body: int,
                  workers: int, max_memory: int, cors_origins: tuple[str, ...], stream_after: int,
                  base_iri: str) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page; /ontology and /id/… resolve the
    ontology's and the instances' IRIs (HTML for browsers, Turtle, JSON-LD, N-Triples or RDF/XML for RDF
    clients)."""
    kg.serve(host=host, port=port, announce=lambda line: click.echo(line, err=True), timeout=timeout,
             max_results=max_results, max_body=max_body, workers=workers, max_memory=max_memory,
             cors_origins=_origins(cors_origins), stream_after=stream_after, base_iri=base_iri)
