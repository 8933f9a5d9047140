"""Deterministic serialisation: the same graph gives the same bytes in every format.

Blank nodes are relabelled canonically (rdflib.compare) so their labels, and hence the order of
output, do not depend on parse order or hash seeds; line-based formats are sorted.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import BNode, Dataset, Graph
from rdflib.compare import to_canonical_graph

from partnerkg.atomic import atomic_write_bytes
from partnerkg.namespaces import bind_prefixes
from partnerkg.ontology.files import CONTEXT_FILE, package_file
from partnerkg.rdf_files import RDFFormat

__all__ = ["canonical", "serialise", "write_rdf"]

CONTEXT_URL = "https://w3id.org/partnerkg/context.jsonld"


def canonical(graph: Graph) -> Graph:
    """A copy of ``graph`` (triples only) with canonical blank-node labels and partnerkg's prefixes."""
    plain = Graph()
    for t in graph.triples((None, None, None)):
        plain.add(t)
    if any(isinstance(term, BNode) for triple in plain for term in triple):
        out = Graph()
        for t in to_canonical_graph(plain):
            out.add(t)
    else:
        out = plain
    bind_prefixes(out)
    return out


def _sorted_lines(text: str) -> bytes:
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def serialise(graph: Graph, fmt: RDFFormat | str = RDFFormat.TURTLE) -> bytes:
    """Serialise ``graph`` deterministically. Datasets keep named graphs in N-Quads, TriG and JSON-LD."""
    fmt = RDFFormat(fmt)
    if isinstance(graph, Dataset) and fmt.has_graphs:
        ds = Dataset()
        bind_prefixes(ds)
        for ctx in sorted(graph.graphs(), key=lambda c: str(c.identifier)):
            if len(ctx) == 0:
                continue
            target = ds.default_graph if ctx.identifier == graph.default_graph.identifier else ds.graph(ctx.identifier)
            for t in canonical(ctx):
                target.add(t)
        if fmt is RDFFormat.NQUADS:
            return _sorted_lines(ds.serialize(format="nquads"))
        if fmt is RDFFormat.JSONLD:
            return _jsonld(ds)
        return ds.serialize(format="trig").encode("utf-8")
    g = canonical(graph)
    if fmt in (RDFFormat.NTRIPLES, RDFFormat.NQUADS):
        return _sorted_lines(g.serialize(format="nt"))
    if fmt is RDFFormat.JSONLD:
        return _jsonld(g)
    if fmt is RDFFormat.TRIG:
        ds = Dataset()
        bind_prefixes(ds)
        for t in g:
            ds.default_graph.add(t)
        return ds.serialize(format="trig").encode("utf-8")
    return g.serialize(format=fmt.value).encode("utf-8")


def _jsonld(graph: Graph) -> bytes:
    """JSON-LD compacted with partnerkg's published context (shipped in ``partnerkg.ontology``)."""
    context = json.loads(package_file(CONTEXT_FILE))["@context"]
    text = graph.serialize(format="json-ld", context=context, sort_keys=True, indent=1)
    doc = json.loads(text)
    if isinstance(doc, dict):
        doc["@context"] = context
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


def write_rdf(graph: Graph, path: str | Path, fmt: RDFFormat | str = RDFFormat.TURTLE) -> None:
    """Serialise ``graph`` and write it to ``path`` atomically."""
    atomic_write_bytes(path, serialise(graph, fmt))
