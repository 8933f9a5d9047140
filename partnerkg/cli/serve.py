"""The ``partnerkg serve`` command (registered on the CLI group with ``cli.add_command(serve_command)``)."""

from __future__ import annotations

from pathlib import Path

import click

from partnerkg.cli.store import store_option

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
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="An RDF file ADDED to the shipped graph (repeatable; .ttl .nt .nq .trig .jsonld .rdf).")
@click.option("--no-shipped", is_flag=True, help="REPLACE the shipped graph: serve only the --data files.")
@store_option
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
def serve_command(host: str, port: int, data: tuple[Path, ...], no_shipped: bool, store: Path | None,
                  timeout: float, max_results: int, max_body: int, workers: int, max_memory: int,
                  cors_origins: tuple[str, ...]) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page."""
    from partnerkg.server.app import Settings, serve
    from partnerkg.store.graphs import open_graph

    if store is not None and (data or no_shipped):
        raise click.UsageError(f"--store cannot be combined with --data or --no-shipped: add files to the store with "
                               f"'partnerkg load FILE --store {store}'")
    if no_shipped and not data:
        raise click.UsageError("--no-shipped needs at least one --data FILE")
    try:
        settings = Settings(timeout=timeout, max_results=max_results, max_body=max_body, workers=workers,
                            max_memory=max_memory, cors_origins=_origins(cors_origins))
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--cors-origin") from err
    graph = None if store is not None else open_graph(data, shipped=not no_shipped)
    serve(graph, settings, host=host, port=port, store=store, announce=lambda line: click.echo(line, err=True))
