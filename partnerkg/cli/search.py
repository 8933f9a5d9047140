"""The ``search`` command: ranked full-text search, a thin shell over :meth:`partnerkg.KnowledgeGraph.search`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from partnerkg.cli.options import err_console, graph_options
from partnerkg.errors import OptionError
from partnerkg.queries.fulltext import MAX_LIMIT, search_index_current

if TYPE_CHECKING:
    from partnerkg.knowledge_graph import KnowledgeGraph

__all__ = ["search_command"]


@click.command("search")
@click.argument("text")
@graph_options()
@click.option("--kind", default=None, metavar="KIND",
              help="Only instances of this ontology class and its subclasses: organisation, partnership, policy, "
                   "barrier, facilitator, study, nhs-trust…; class or property for the vocabulary itself.")
@click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=10, show_default=True, help="Most hits shown.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table (one hit a line: label, kind, where the words were found, IRI) or json (as the "
                   "endpoint's GET /search).")
def search_command(text: str, kg: KnowledgeGraph, kind: str | None, limit: int, fmt: str) -> None:
    """Find resources by the words of TEXT in their labels, alternative labels, descriptions and quotes, ranked
    best first. Case and accents do not count; the last word may be the start of a longer one ('turning poi');
    a substring of a label ('urnin') finds the rest."""
    store = kg.store if kg.store is not None and not kg.in_memory else None
    if store is not None and not search_index_current(store):
        # the first search over a store builds its index: say so, it takes 5 s at 1M triples and 100 s at 10M
        click.echo(f"building the search index of {store} (once, by the first search over this store)…", err=True)
    try:
        with err_console.status("searching"):
            hits = kg.search(text, kind=kind, limit=limit)
    except OptionError as err:
        if err.option != "text":
            raise
        raise click.BadParameter(f"{text!r}: give at least one word (letters or digits) to search for",
                                 param_hint="'TEXT'") from err
    if fmt == "json":
        body = {"text": text, "kind": kind, "limit": limit, "hits": [hit.as_json() for hit in hits]}
        click.echo(json.dumps(body, ensure_ascii=False, indent=1))
        return
    if not hits:
        click.echo(f"no match for {text!r}", err=True)
        return
    for hit in hits:
        click.echo(f"{hit.label}\t{hit.kind or '-'}\t{hit.field}: {hit.text}\t{hit.iri}")
