"""What every command module shares: the options ``--data``/``--no-shipped`` and the stderr console.

Kept apart from :mod:`partnerkg.cli` so that command modules (``partnerkg.cli.maps``…) can be
imported on their own: ``partnerkg.cli`` imports them to register them, and they must not import it back.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

__all__ = ["data_option", "err_console", "no_shipped_option"]

#: Progress, spinners and messages go to stderr; stdout carries results only.
err_console = Console(stderr=True, highlight=False)

data_option = click.option(
    "--data", "data", multiple=True, type=click.Path(path_type=Path),
    help="An RDF file to add to the shipped graph (repeatable; .ttl .nt .nq .trig .jsonld .rdf).",
)
no_shipped_option = click.option(
    "--no-shipped", is_flag=True, help="Use only the --data files, not the shipped graph.",
)
