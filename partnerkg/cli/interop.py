"""The ``export`` and ``push`` commands: thin shells over :meth:`partnerkg.KnowledgeGraph.export` and
:meth:`~partnerkg.KnowledgeGraph.push`.

Exit codes: 0 success; 2 the input cannot be used at all (missing file, wrong format, usage error) or the remote
endpoint failed.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from partnerkg.atomic import atomic_write_bytes
from partnerkg.cli.options import counting_bar, err_console, graph_options
from partnerkg.interop.dump import DEFAULT_SPLIT, LICENSE
from partnerkg.interop.http import Credentials
from partnerkg.knowledge_graph import EXPORT_FORMATS
from partnerkg.rdf_files import RDFFormat, format_for

if TYPE_CHECKING:
    from partnerkg.knowledge_graph import KnowledgeGraph

__all__ = ["docs_command", "dump_command", "export_command", "push_command"]


@click.command("export")
@click.option("--format", "-f", "fmt", type=click.Choice(list(EXPORT_FORMATS)), default=None,
              help="RDF format [default: from the --output extension, else turtle].")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, metavar="FILE",
              help="Write to FILE (atomically) instead of standard output.")
@graph_options()
def export_command(fmt: str | None, output: Path | None, kg: KnowledgeGraph) -> None:
    """Write the graph (shipped graph plus --data files) in a standard RDF format: the same graph always gives
    the same bytes, with partnerkg's prefixes declared; JSON-LD uses the published context; N-Quads, TriG and
    JSON-LD keep named graphs."""
    if fmt is None:
        by_suffix = format_for(output) if output is not None and str(output) != "-" else RDFFormat.TURTLE
        fmt = next(name for name, rdf_format in EXPORT_FORMATS.items() if rdf_format is by_suffix)
    with err_console.status("exporting"):
        body = kg.export(fmt)
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return
    atomic_write_bytes(output, body)
    click.echo(f"wrote {len(body):,} bytes of {EXPORT_FORMATS[fmt].name} to {output}", err=True)


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
@graph_options()
def push_command(endpoint: str, graph_iri: str | None, user: str | None, password: str | None, batch_size: int,
                 append: bool, query_endpoint: str | None, kg: KnowledgeGraph) -> None:
    """Upload the graph (shipped graph plus --data files) to another triple store through the SPARQL 1.1 Graph
    Store HTTP Protocol, in batches, then verify the store's triple count."""
    if password is not None and user is None:
        raise click.UsageError("--password needs --user")
    credentials = Credentials(user, password or "") if user is not None else None
    with err_console.status("loading data"):
        total = len(kg.graph)
    with counting_bar("pushing", total=total) as update:
        sent = [0]

        def progress(n: int) -> None:
            sent[0] += n
            update(sent[0], total)

        result = kg.push(endpoint, graph=graph_iri, credentials=credentials, batch_size=batch_size, append=append,
                         query_endpoint=query_endpoint, progress=progress)
    where = f"<{result.graph}>" if result.graph else "the default graph"
    click.echo(f"pushed {result.triples:,} triples in {result.batches} batch(es) to {where} at {result.endpoint} "
               f"({result.seconds:.1f} s); the store holds {result.remote_triples:,} triples there")


@click.command("dump", epilog="""\b
Then: sha256sum -c DIR/SHA256SUMS, and the loader commands in DIR/LOADING.md (Virtuoso ld_dir and
rdf_loader_run, QLever, Jena tdb2.xloader, GraphDB importrdf, the Neptune bulk loader).
\b
Exit codes: 0 written; 2 unusable input, a bad option or a folder holding folders that are not an earlier
dump's.""")
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="The folder to write (replaced whole; files of yours in it are kept, folders of yours "
                   "refused, unless --force).")
@click.option("--split-triples", type=click.IntRange(min=1), default=DEFAULT_SPLIT, show_default=True, metavar="N",
              help="Most triples per part.")
@click.option("--graph", "graph_iri", metavar="IRI", default=None,
              help="Write the default graph's triples into this named graph [default: no graph: the loader's "
                   "default graph].")
@click.option("--license", "license_iri", metavar="IRI", default=LICENSE, show_default=True,
              help="The licence void.ttl states for the data.")
@click.option("--force", is_flag=True, help="Replace a folder that is not an earlier dump.")
@graph_options()
def dump_command(output: Path, split_triples: int, graph_iri: str | None, license_iri: str, force: bool,
                 kg: KnowledgeGraph) -> None:
    """Write the graph (or --store DIR) as a bulk-load kit for other triple stores: deterministic gzip-compressed
    N-Quads parts, a VoID and DCAT description (void.ttl: triples per class and property, parts, byte sizes,
    SHA-256, licence, source), SHA256SUMS and LOADING.md."""
    with counting_bar("dumping", disable=False) as update:
        result = kg.dump(output, split_triples=split_triples, graph=graph_iri, license=license_iri, force=force,
                         progress=lambda n: update(n, None))
    where = f"the default graph in <{result.graph}>" if result.graph else "the default graph without a graph name"
    click.echo(f"wrote {result.triples:,} triples in {len(result.parts)} part(s), {result.size:,} bytes, to "
               f"{result.output} ({where}; {result.seconds:.1f} s); see {result.output / 'LOADING.md'}", err=True)


@click.command("docs")
@click.option("--output", "-o", required=True, type=click.Path(path_type=Path, file_okay=False), metavar="DIR",
              help="The folder to write (replaced whole; files of yours in it are kept, folders of yours "
                   "refused, unless --force).")
@click.option("--force", is_flag=True, help="Replace a folder that holds other files.")
@graph_options()
def docs_command(output: Path, force: bool, kg: KnowledgeGraph) -> None:
    """Write the HTML reference of the ontology: DIR/index.html — every class, property, identifier scheme and
    individual with its definition, super- and subclasses, domain and range, examples from the graph (the
    shipped graph plus --data files, or --store DIR), and the namespaces; one self-contained page that works
    offline — and DIR/ontology.ttl."""
    with err_console.status("writing the ontology reference"):
        folder = kg.docs(output, force=force)
    click.echo(f"wrote {folder / 'index.html'} and {folder / 'ontology.ttl'}", err=True)
