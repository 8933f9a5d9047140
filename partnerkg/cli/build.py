"""The ``build`` and ``validate`` commands: thin shells over :func:`partnerkg.build` and
:meth:`partnerkg.KnowledgeGraph.validate`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

import partnerkg
from partnerkg.cli.options import counting_bar, data_option, err_console, no_shipped_option

__all__ = ["build_command", "validate_command"]


@click.command("build")
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("partnerkg-build"), show_default=True,
              help="Folder to write into (replaced whole, atomically; files of yours in it are kept, folders "
                   "of yours refused, unless --force).")
@data_option
@no_shipped_option
@click.option("--no-owl", is_flag=True, help="Skip the HermiT consistency check.")
@click.option("--no-maps", is_flag=True, help="Do not write the HTML maps (nor the diagnosis reports they link).")
@click.option("--no-diagnoses", is_flag=True,
              help="Do not write each partnership's offline diagnosis report into DIR/diagnoses/ (which the maps "
                   "link from a partnership's details panel).")
@click.option("--diagnose-url", metavar="URL", default="",
              help="The http(s) base of a 'partnerkg serve' endpoint, e.g. http://127.0.0.1:8000/: the maps also "
                   "link each partnership's diagnosis there. Default: only the offline reports.")
@click.option("--force", is_flag=True, help="Replace the output folder even if it holds other files.")
@click.option("--store", "store", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="DIR",
              help="Build from the on-disk Oxigraph store in DIR (made by 'partnerkg load'): SHACL in chunks, "
                   "HermiT on the shipped graph. Not combinable with --data or --no-shipped.")
def build_command(output: Path, data: tuple[Path, ...], no_shipped: bool, no_owl: bool, no_maps: bool,
                  no_diagnoses: bool, diagnose_url: str, force: bool, store: Path | None) -> None:
    """Assemble the graph, validate it (SHACL and HermiT) and write DIR/ontology.ttl, DIR/partnerkg.ttl…"""
    options = {"shipped": not no_shipped, "owl": not no_owl, "maps": not no_maps, "force": force,
               "diagnoses": not no_diagnoses, "diagnose_url": diagnose_url}
    if store is None:
        with err_console.status("building") as status:
            result = partnerkg.build(output, data, **options, step=lambda msg: status.update(msg))
    else:
        with counting_bar("validating in chunks") as update:
            result = partnerkg.build(output, data, **options, store=store, progress=update)
    maps = [f for f in result.files if f.startswith("maps/")]
    reports = [f for f in result.files if f.startswith("diagnoses/") and f != "diagnoses/index.html"]
    plain = [f for f in result.files if not f.startswith(("maps/", "docs/", "diagnoses/"))]
    maps_text = f" and {len(maps)} map files" if maps else ""
    maps_text += f", with {len(reports)} diagnosis reports in diagnoses/ that they link," if reports else ""
    click.echo(f"wrote {', '.join(plain)}, the ontology reference in docs/{maps_text} to {result.output} "
               f"({result.triples} triples)")
    width = max(len(k) for k in result.counts)
    for name, n in result.counts.items():
        click.echo(f"  {name:<{width}}  {n:>5}")
    click.echo(result.report.text().splitlines()[-1] if result.report.hermit else "HermiT: skipped")


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--no-owl", is_flag=True, help="Skip the HermiT consistency check.")
@click.option("--with-shipped", is_flag=True, help="Validate the files together with the shipped graph.")
def validate_command(files: tuple[Path, ...], no_owl: bool, with_shipped: bool) -> None:
    """Validate RDF FILES with SHACL and HermiT together with the ontology; list every violation."""
    with err_console.status("validating"):
        report = partnerkg.open(files, shipped=with_shipped).validate(owl=not no_owl)
    click.echo(report.text())
    if not report.conforms:
        sys.exit(1)
