"""Keeping rdflib's SPARQL engine from reading what a query names: ``FROM <file:///…>`` or ``FROM <http://…>``.

rdflib's engine loads the graphs a query's dataset clauses name into the dataset it evaluates over, files and
URLs alike, unless ``rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS`` is false (measured here: it read
``FROM <file:///etc/hostname>``; see ``../shared/spec/measured.md``). partnerkg's gate refuses such clauses
already; :func:`apply` turns the loading off as well, so that a query reaching the engine by another path still
reads nothing. :func:`partnerkg.queries.engine.execute` calls it before rdflib evaluates anything, not at import.

>>> apply()
>>> import rdflib.plugins.sparql
>>> rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS
False
"""

from __future__ import annotations

import rdflib.plugins.sparql

__all__ = ["apply"]


def apply() -> None:
    """Make rdflib's engine never load graphs named in a query (idempotent)."""
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
