"""The instance graph of the five sources, compiled from the YAML files in ``graph/data/``.

>>> from partnerkg.graph import shipped_data
>>> g = shipped_data()
>>> len(g) > 0
True
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from partnerkg.graph.compiler import Entity, compile_sources, iter_quotes, read_source_file, shipped_sources

__all__ = ["Entity", "compile_sources", "iter_quotes", "read_source_file", "shipped_data", "shipped_sources"]


@lru_cache(maxsize=1)
def _shipped() -> Graph:
    return compile_sources()


def shipped_data() -> Graph:
    """The compiled instance data of the shipped graph (without the ontology); a fresh copy."""
    g = Graph(namespace_manager=_shipped().namespace_manager)
    for t in _shipped():
        g.add(t)
    return g
