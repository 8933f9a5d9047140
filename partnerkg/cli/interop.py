"""The ``template``, ``import``, ``export`` and ``push`` commands (register each with ``cli.add_command``).

Exit codes: 0 success; 1 the input was read but is invalid (a bad spreadsheet value, a formula, SHACL
violations); 2 the input cannot be used at all (missing file, wrong format, usage error) or the remote
endpoint failed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from partnerkg.cli.options import data_option, err_console, no_shipped_option
from partnerkg.cli.store import store_option
from partnerkg.rdf_files import RDFFormat

__all__ = ["EXPORT_FORMATS", "export_command", "import_command", "push_command", "template_command"]

#: ``--format`` names of ``export`` and the RDF formats they stand for.
EXPORT_FORMATS: dict[str, RDFFormat] = {
    "turtle": RDFFormat.TURTLE,
    "ntriples": RDFFormat.NTRIPLES,
    "nquads": RDFFormat.NQUADS,
    "trig": RDFFormat.TRIG,
    "jsonld": RDFFormat.JSONLD,
    "rdfxml": RDFFormat.RDFXML,
}


@click.command("template")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True, metavar="DIR",
              help="Folder to write the templates into (created if missing).")
@click.option("--force", is_flag=True, help="Overwrite template files already in DIR.")
def template_command(output: Path, force: bool) -> None:
    """Write blank spreadsheet templates: organisations.csv, partnerships.csv, partnerkg-template.xlsx (both
    tables, with drop-down lists) and guide.txt (every column and its allowed values)."""
    from partnerkg.spreadsheets.blanks import write_templates

    paths = write_templates(output, force=force)
    click.echo(f"wrote {', '.join(p.name for p in paths)} to {output}")


def _rdf_format(path: Path) -> RDFFormat:
    from partnerkg.rdf_files import format_for

    return format_for(path)


@click.command("import", epilog="""\b
Columns, values and rules: 'partnerkg template' writes them to guide.txt; docs/spreadsheets.md has them all.
\b
Exit codes: 0 imported; 1 a row has a problem (each listed as file:row:column: value — problem — what to
write instead; nothing written unless --skip-invalid); 2 a file cannot be used (missing, not CSV/XLSX, NUL
bytes, no header).""")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True, metavar="FILE",
              help="The RDF file to write (.ttl, .nt, .nq, .trig, .jsonld or .rdf; '-' for Turtle on stdout).")
@click.option("--skip-invalid", is_flag=True, help="Import the rows without problems and list the others.")
@click.option("--encoding", metavar="NAME", default=None,
              help="Read CSV files in this encoding (default: UTF-8, else Windows-1252 with a warning).")
@data_option
@no_shipped_option
def import_command(files: tuple[Path, ...], output: Path, skip_invalid: bool, encoding: str | None,
                   data: tuple[Path, ...], no_shipped: bool) -> None:
    """Turn filled-in templates (FILE.csv or FILE.xlsx, several allowed) into RDF validated by the SHACL
    shapes. Partners may name organisations of the shipped graph (and of --data files) by label."""
    from partnerkg.interop.export import serialise
    from partnerkg.spreadsheets.importer import import_spreadsheets

    fmt = RDFFormat.TURTLE if str(output) == "-" else _rdf_format(output)
    with err_console.status("importing"):
        if data or no_shipped:
            from partnerkg.ontology import load_ontology
            from partnerkg.store.graphs import open_graph

            reference = open_graph(data, shipped=not no_shipped)
            if no_shipped:
                for t in load_ontology():
                    reference.add(t)
        else:
            reference = None
        result = import_spreadsheets(files, reference="shipped" if reference is None else reference,
                                     skip_invalid=skip_invalid, encoding=encoding)
        body = serialise(result.graph, fmt)
    for line in result.notes:
        click.echo(f"note: {line}", err=True)
    for line in result.warnings:
        click.echo(f"warning: {line}", err=True)
    if result.skipped:
        rows = result.skipped_rows
        click.echo(f"skipped {len(rows)} row(s) with problems:", err=True)
        for problem in result.skipped[:100]:
            click.echo(f"  {problem}", err=True)
        if len(result.skipped) > 100:
            click.echo(f"  … and {len(result.skipped) - 100} more", err=True)
    if str(output) == "-":
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    else:
        from partnerkg.atomic import atomic_write_bytes

        atomic_write_bytes(output, body)
    matched = f", {len(result.matched)} matched to the graph" if result.matched else ""
    regions = f", {len(result.new_regions)} new region(s)" if result.new_regions else ""
    click.echo(f"imported {result.organisations} organisation(s) and {result.partnerships} partnership(s){matched}"
               f"{regions}: {len(result.graph)} triples"
               + ("" if str(output) == "-" else f" written to {output}"), err=str(output) == "-")


@click.command("export")
@click.option("--format", "-f", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default=None,
              help="RDF format [default: from the --output extension, else turtle].")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Write to FILE (atomically) instead of standard output.")
@data_option
@no_shipped_option
@store_option
def export_command(fmt: str | None, output: Path | None, data: tuple[Path, ...], no_shipped: bool,
                   store: Path | None) -> None:
    """Write the graph (shipped graph plus --data files) in a standard RDF format: the same graph always gives
    the same bytes, with partnerkg's prefixes declared; JSON-LD uses the published context; N-Quads, TriG and
    JSON-LD keep named graphs."""
    from partnerkg.interop.export import serialise
    from partnerkg.store.graphs import open_graph

    if no_shipped and not data:
        raise click.UsageError("--no-shipped needs at least one --data file")
    if fmt is not None:
        rdf_format = EXPORT_FORMATS[fmt]
    elif output is not None and str(output) != "-":
        rdf_format = _rdf_format(output)
    else:
        rdf_format = RDFFormat.TURTLE
    with err_console.status("exporting"):
        graph = open_graph(data, shipped=not no_shipped, store=store)
        body = serialise(graph, rdf_format)
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return
    from partnerkg.atomic import atomic_write_bytes

    atomic_write_bytes(output, body)
    click.echo(f"wrote {len(body):,} bytes of {rdf_format.name} to {output}", err=True)


@click.command("push", epilog="""\b
Virtuoso: --endpoint http://HOST:8890/sparql-graph-crud-auth --graph IRI --user dba --password …
(Digest authentication; Virtuoso has no GSP default graph, so give --graph). Fuseki: .../DATASET/data;
Oxigraph server: .../store; GraphDB: .../repositories/REPO/rdf-graphs/service.
\b
Exit codes: 0 pushed and verified; 2 unusable input, or the endpoint failed (the message names the HTTP
status and the server's own words).""")
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's SPARQL 1.1 Graph Store Protocol endpoint (http or https).")
@click.option("--graph", "graph_iri", metavar="IRI", default=None,
              help="The named graph to write [default: the store's default graph].")
@click.option("--user", default=None, help="User name (HTTP Digest or Basic, as the server asks).")
@click.option("--password", default=None, help="Password (or set PARTNERKG_PASSWORD).",
              envvar="PARTNERKG_PASSWORD", show_envvar=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Triples per request.")
@click.option("--append", is_flag=True, help="Add to the graph instead of replacing its contents.")
@click.option("--query-endpoint", metavar="URL", default=None,
              help="The store's SPARQL query endpoint, to verify the triple count with a COUNT query instead of "
                   "reading the graph back (needed where the store truncates long answers).")
@data_option
@no_shipped_option
@store_option
def push_command(endpoint: str, graph_iri: str | None, user: str | None, password: str | None, batch_size: int,
                 append: bool, query_endpoint: str | None, data: tuple[Path, ...], no_shipped: bool,
                 store: Path | None) -> None:
    """Upload the graph (shipped graph plus --data files) to another triple store through the SPARQL 1.1 Graph
    Store HTTP Protocol, in batches, then verify the store's triple count."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from partnerkg.interop.http import Credentials
    from partnerkg.interop.push import push_graph
    from partnerkg.store.graphs import open_graph

    if no_shipped and not data:
        raise click.UsageError("--no-shipped needs at least one --data file")
    if password is not None and user is None:
        raise click.UsageError("--password needs --user")
    credentials = Credentials(user, password or "") if user is not None else None
    with err_console.status("loading data"):
        graph = open_graph(data, shipped=not no_shipped, store=store)
        total = len(graph)
    columns = (TextColumn("pushing"), BarColumn(), MofNCompleteColumn(), TextColumn("triples"),
               TimeRemainingColumn())
    with Progress(*columns, console=err_console, transient=True, disable=not err_console.is_terminal) as bar:
        task = bar.add_task("push", total=total)
        result = push_graph(graph, endpoint, graph_iri=graph_iri, credentials=credentials, batch_size=batch_size,
                            append=append, query_endpoint=query_endpoint,
                            progress=lambda n: bar.advance(task, n))
    where = f"<{result.graph}>" if result.graph else "the default graph"
    click.echo(f"pushed {result.triples:,} triples in {result.batches} batch(es) to {where} at {result.endpoint} "
               f"({result.seconds:.1f} s); the store holds {result.remote_triples:,} triples there")
