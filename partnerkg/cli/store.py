"""The ``load`` and ``generate`` commands: thin shells over :func:`partnerkg.load` and :func:`partnerkg.generate`."""

from __future__ import annotations

from pathlib import Path

import click

import partnerkg
from partnerkg.cli.options import counting_bar
from partnerkg.graph.synthetic import MIN_PARTNERS, output_format

__all__ = ["generate_command", "load_command"]

@click.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--store", "store", required=True, metavar="DIR",
              type=click.Path(path_type=Path, file_okay=False),
              help="The store folder (created if missing, with the shipped graph unless --no-shipped).")
@click.option("--no-shipped", is_flag=True, help="Create a new store without the shipped graph.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def load_command(files: tuple[Path, ...], store: Path, no_shipped: bool, quiet: bool) -> None:
    """Bulk-load RDF FILES (.nt .nq .ttl .trig fast; .rdf .jsonld too) into an on-disk store, all or nothing.

    The files go into a staging copy of the store, swapped in only when every file loaded: a syntax error
    (reported with file, line and column), Ctrl-C or a killed process leave the store exactly as it was.
    Exit codes: 0 loaded; 2 a file or the store cannot be used (nothing changed).
    """
    with counting_bar("loading", bytes_=True, disable=quiet) as step:
        result = partnerkg.load(files, store, shipped=not no_shipped, progress=step)
    click.echo(f"loaded {len(result.files)} file{'s' if len(result.files) != 1 else ''} into {result.store}: "
               f"{result.added:,} quads added, {result.quads_after:,} in the store ({result.seconds:.1f} s)")


@click.command("generate")
@click.option("--organisations", "-n", type=click.IntRange(min=1), required=True,
              help="How many organisations (at least 1; 2 when partnerships are asked for).")
@click.option("--partnerships", "-m", type=click.IntRange(min=0), required=True,
              help="How many partnerships (2–8 partners each, heavy-tailed per organisation).")
@click.option("--seed", "-s", type=int, default=0, show_default=True, help="The same seed gives the same bytes.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="File to write: .nt (N-Triples) or .ttl (Turtle); written atomically.")
def generate_command(organisations: int, partnerships: int, seed: int, output: Path) -> None:
    """Write a synthetic country: regions, organisations of every sector and kind with national bodies and
    their branches, partnerships, models, stages, policies, barriers and facilitators, all derived from a
    pk:SyntheticSource. Valid against the SHACL shapes; deterministic for a seed; streamed, so millions of
    triples need little memory. Exit codes: 0 written; 2 bad arguments."""
    try:
        output_format(output)
    except Exception as err:
        raise click.BadParameter(str(err), param_hint="--output") from err
    if partnerships and organisations < MIN_PARTNERS:
        raise click.BadParameter(f"partnerships need at least {MIN_PARTNERS} organisations",
                                 param_hint="--organisations")
    result = partnerkg.generate(output, organisations, partnerships, seed)
    click.echo(f"wrote {result.path}: {result.triples:,} triples ({result.organisations:,} organisations, "
               f"{result.partnerships:,} partnerships, {result.regions:,} regions, {result.policies:,} policies, "
               f"{result.concepts:,} barriers and facilitators; seed {seed})")
