"""The ``template`` and ``import`` commands: thin shells over :func:`partnerkg.write_templates` and
:func:`partnerkg.import_spreadsheets`.

Exit codes: 0 success; 1 a row has a problem (a bad value, a formula, SHACL violations); 2 a file cannot be used
(missing, wrong format, usage error).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

import partnerkg
from partnerkg.cli.options import data_option, err_console, no_shipped_option, stage_bar
from partnerkg.rdf_files import RDFFormat, format_for

__all__ = ["import_command", "template_command"]


@click.command("template")
@click.option("--output", "-o", type=click.Path(path_type=Path), required=True, metavar="DIR",
              help="Folder to write the templates into (created if missing).")
@click.option("--force", is_flag=True, help="Overwrite template files already in DIR.")
def template_command(output: Path, force: bool) -> None:
    """Write blank spreadsheet templates: organisations.csv, partnerships.csv, partnerkg-template.xlsx (both
    tables, with drop-down lists) and guide.txt (every column and its allowed values)."""
    paths = partnerkg.write_templates(output, force=force)
    click.echo(f"wrote {', '.join(p.name for p in paths)} to {output}")


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
    shapes. Partners may name organisations of the shipped graph (and of --data files) by label; with
    --no-shipped and no --data, only the ontology's terms."""
    fmt = RDFFormat.TURTLE if str(output) == "-" else format_for(output)
    with stage_bar("reading") as update:
        # rows may name what the reference graph holds: --no-shipped alone leaves the ontology only
        reference = None if no_shipped and not data else partnerkg.open(data, shipped=not no_shipped).graph
        result = partnerkg.import_spreadsheets(files, reference=reference, skip_invalid=skip_invalid,
                                               encoding=encoding, progress=update)
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
        result.triples.write(sys.stdout.buffer, fmt)
        sys.stdout.flush()
    else:
        with err_console.status(f"writing {output}"):
            result.triples.write(output, fmt)
    matched = f", {len(result.matched)} matched to the graph" if result.matched else ""
    regions = f", {len(result.new_regions)} new region(s)" if result.new_regions else ""
    extra = "".join(f", {n} {what}" for n, what in ((result.memberships, "membership(s)"),
                                                    (result.identifiers, "identifier(s)")) if n)
    click.echo(f"imported {result.organisations} organisation(s) and {result.partnerships} partnership(s){matched}"
               f"{regions}{extra}: {result.triples.count} triples"
               + ("" if str(output) == "-" else f" written to {output}"), err=str(output) == "-")
