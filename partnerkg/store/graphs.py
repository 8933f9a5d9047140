"""Where triples live. Every command gets its graph from :func:`open_graph`, so the choice of store is made
in this one place: rdflib in memory (the shipped graph plus ``--data`` files, zero set-up), or an on-disk
Oxigraph store (``--store DIR``, filled by ``partnerkg load``; see :mod:`partnerkg.store.oxigraph`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph

from partnerkg.errors import InputError
from partnerkg.graph import shipped_data
from partnerkg.namespaces import bind_prefixes
from partnerkg.ontology import load_ontology
from partnerkg.rdf_files import read_rdf
from partnerkg.store.oxigraph import open_store, store_dataset

__all__ = ["open_graph", "shipped_graph", "shipped_triples"]


@lru_cache(maxsize=1)
def _shipped() -> Graph:
    g = load_ontology()
    for t in shipped_data():
        g.add(t)
    return g


def shipped_triples() -> Graph:
    """The shipped graph shared by this process (ontology and compiled data); never modify it."""
    return _shipped()


def shipped_graph() -> Graph:
    """The shipped graph: the ontology plus the compiled instance data (a fresh copy)."""
    g = Graph()
    bind_prefixes(g)
    for t in _shipped():
        g.add(t)
    return g


def open_graph(data: Sequence[str | Path] = (), *, shipped: bool = True, store: str | Path | None = None) -> Dataset:
    """An in-memory Dataset (default graph = union) holding the shipped graph and the ``data`` files.

    ``shipped=False`` uses only the given files. TriG and N-Quads files keep their named graphs; triples
    of other formats go to the default graph. Raises InputError when a file cannot be read.

    With ``store=DIR`` the Dataset is the on-disk Oxigraph store in DIR, opened read-only: it holds what
    ``partnerkg load`` put there (the shipped graph included unless it was loaded with ``--no-shipped``), so
    ``data`` and ``shipped`` must be left at their defaults (InputError otherwise: load the files instead).
    """
    if store is not None:
        if data or not shipped:
            raise InputError(f"--store {store} cannot be combined with --data or --no-shipped: add files to the "
                             f"store with 'partnerkg load FILE --store {store}'")

        return store_dataset(open_store(store), folder=store)
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    if data:
        read_rdf(data, into=ds)
    if shipped:
        ds.default_graph.addN((s, p, o, ds.default_graph) for s, p, o in _shipped())
    return ds
