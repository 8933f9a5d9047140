"""Where triples live. Every command gets its graph from :func:`open_graph`, so the choice of store
(rdflib in memory today; an on-disk Oxigraph store with ``--store``) is made in this one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from rdflib import Dataset, Graph

from partnerkg.graph import shipped_data
from partnerkg.namespaces import bind_prefixes
from partnerkg.ontology import load_ontology
from partnerkg.rdf_files import read_rdf

__all__ = ["open_graph", "shipped_graph"]


@lru_cache(maxsize=1)
def _shipped() -> Graph:
    g = load_ontology()
    for t in shipped_data():
        g.add(t)
    return g


def shipped_graph() -> Graph:
    """The shipped graph: the ontology plus the compiled instance data (a fresh copy)."""
    g = Graph()
    bind_prefixes(g)
    for t in _shipped():
        g.add(t)
    return g


def open_graph(data: Sequence[str | Path] = (), *, shipped: bool = True) -> Dataset:
    """An in-memory Dataset (default graph = union) holding the shipped graph and the ``data`` files.

    ``shipped=False`` uses only the given files. TriG and N-Quads files keep their named graphs; triples
    of other formats go to the default graph. Raises InputError when a file cannot be read.
    """
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    if data:
        read_rdf(data, into=ds)
    if shipped:
        ds.default_graph.addN((s, p, o, ds.default_graph) for s, p, o in _shipped())
    return ds
