"""Locating and loading the ontology's package files with importlib.resources."""

from __future__ import annotations

from functools import cache
from importlib import resources

from rdflib import Graph

from partnerkg.namespaces import bind_prefixes

__all__ = ["CONTEXT_FILE", "ONTOLOGY_FILE", "SHAPES_FILE", "load_ontology", "load_shapes", "package_file"]

ONTOLOGY_FILE = "partnerkg.ttl"
SHAPES_FILE = "shapes.ttl"
CONTEXT_FILE = "context.jsonld"


def package_file(name: str) -> bytes:
    """Return the bytes of a file shipped in ``partnerkg.ontology``."""
    return resources.files("partnerkg.ontology").joinpath(name).read_bytes()


@cache
def _parsed(name: str) -> Graph:
    g = Graph()
    bind_prefixes(g)
    g.parse(data=package_file(name), format="turtle")
    return g


def _copy(src: Graph) -> Graph:
    g = Graph()
    bind_prefixes(g)
    for t in src:
        g.add(t)
    return g


def load_ontology() -> Graph:
    """Return a fresh copy of the ontology graph (callers may modify it)."""
    return _copy(_parsed(ONTOLOGY_FILE))


def load_shapes() -> Graph:
    """Return a fresh copy of the SHACL shapes graph."""
    return _copy(_parsed(SHAPES_FILE))
