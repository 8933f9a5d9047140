"""Validating an on-disk Oxigraph store in chunks: SHACL per group of subjects, HermiT on the shipped graph.

pySHACL holds its data graph in rdflib; a store of millions of triples does not fit that comfortably (about
1.8 GB per million triples) and one pass would run for many minutes without a sign of life. Every shape of
``shapes.ttl`` looks at a focus node, its own triples, the blank nodes under it (derivations, stage counts)
and the types of the resources it points to (``sh:class``), so the store is validated subject by subject:
each chunk graph holds, for ``chunk`` subjects, their concise bounded description (their triples, recursively
through blank nodes) plus the ``rdf:type`` triples of every IRI they point to. Results whose focus node is
not one of the chunk's own nodes are dropped: those nodes are validated in their own chunk, with all their
triples. The union of the chunk reports is the report of the whole store.

At scale HermiT runs on the ontology plus the shipped graph (``decisions.md``): OWL reasoning over millions
of generated individuals adds nothing the shapes do not check, and would not finish.

>>> from partnerkg.store.validation import validate_store  # doctest: +SKIP
>>> validate_store("./country-store").conforms                      # doctest: +SKIP
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from partnerkg.namespaces import bind_prefixes
from partnerkg.ontology.files import load_ontology
from partnerkg.ontology.reasoning import check_consistency
from partnerkg.ontology.terms import term_index
from partnerkg.ontology.validation import ValidationReport, shacl_results
from partnerkg.rdf_files import check_literals
from partnerkg.store.graphs import shipped_graph
from partnerkg.store.oxigraph import open_store
from partnerkg.store.terms import to_rdflib

__all__ = ["CHUNK_SUBJECTS", "chunk_graphs", "validate_store"]

#: Subjects per SHACL run; about 10 triples each in generated data.
CHUNK_SUBJECTS = 5_000

_INTEGER_SUBTYPES = {XSD.nonNegativeInteger, XSD.positiveInteger}
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

#: Called with (subjects validated so far, subjects in all).
Progress = Callable[[int, int], None]


def _top_subjects(store: ox.Store) -> list[ox.NamedNode | ox.BlankNode]:
    """Every IRI subject, and every blank subject that nothing points to (sorted: stable chunks)."""
    answer = store.query(
        "SELECT DISTINCT ?s WHERE { { ?s ?p ?o FILTER(isIRI(?s)) } UNION "
        "{ ?s ?p ?o FILTER(isBlank(?s)) FILTER NOT EXISTS { ?x ?q ?s } } }",
        default_graph=[ox.DefaultGraph(), *store.named_graphs()],
    )
    subjects = [solution[0] for solution in answer]
    return sorted(subjects, key=lambda t: (isinstance(t, ox.BlankNode), t.value))


def _describe(store: ox.Store, subject: ox.NamedNode | ox.BlankNode, into: list[ox.Triple],
              own: set[ox.NamedNode | ox.BlankNode], types_of: set[ox.NamedNode]) -> None:
    """Add the concise bounded description of ``subject`` to ``into`` (blank nodes followed, once each)."""
    stack = [subject]
    while stack:
        node = stack.pop()
        for quad in store.quads_for_pattern(node, None, None, None):
            into.append(ox.Triple(quad.subject, quad.predicate, quad.object))
            obj = quad.object
            if isinstance(obj, ox.BlankNode):
                if obj not in own:
                    own.add(obj)
                    stack.append(obj)
            elif isinstance(obj, ox.NamedNode):
                types_of.add(obj)


def _integer_subtypes() -> dict[ox.NamedNode, URIRef]:
    """Properties whose declared range is an integer subtype such as ``xsd:nonNegativeInteger``."""
    return {ox.NamedNode(str(p)): dt for p, dt in term_index().datatype_range.items() if dt in _INTEGER_SUBTYPES}


def _retyped(triple: ox.Triple, subtypes: dict[ox.NamedNode, URIRef]) -> Node:
    """The object as rdflib term, with the integer subtype of the property's range where Oxigraph dropped it.

    Oxigraph stores every integer-derived literal as ``xsd:integer``, so ``"12"^^xsd:nonNegativeInteger``
    reads back as ``"12"^^xsd:integer``; a value that fits the declared range gets that datatype back (a
    negative value cannot have been a valid ``nonNegativeInteger`` and stays ``xsd:integer``).
    """
    obj = to_rdflib(triple.object)
    dt = subtypes.get(triple.predicate)
    if dt is not None and isinstance(obj, Literal) and obj.datatype == XSD.integer:
        value = obj.toPython()
        if isinstance(value, int) and (value >= 0 if dt == XSD.nonNegativeInteger else value > 0):
            return Literal(obj, datatype=dt)
    return obj


def chunk_graphs(store: ox.Store, chunk: int = CHUNK_SUBJECTS,
                 progress: Progress | None = None) -> Iterator[tuple[Graph, set[Node]]]:
    """Yield (chunk graph, the chunk's own nodes) for every group of ``chunk`` subjects of ``store``.

    The graph holds the concise bounded descriptions of the subjects and the ``rdf:type`` triples of every
    IRI they point to; the set holds the subjects and their blank nodes, as rdflib terms. Integer literals get
    back the subtype (``xsd:nonNegativeInteger``…) of their property's range that Oxigraph dropped.
    """
    subjects = _top_subjects(store)
    subtypes = _integer_subtypes()
    for start in range(0, len(subjects), chunk):
        triples: list[ox.Triple] = []
        own: set[ox.NamedNode | ox.BlankNode] = set(subjects[start:start + chunk])
        types_of: set[ox.NamedNode] = set()
        for subject in subjects[start:start + chunk]:
            _describe(store, subject, triples, own, types_of)
        for node in types_of - own:
            for quad in store.quads_for_pattern(node, _RDF_TYPE, None, None):
                triples.append(ox.Triple(quad.subject, quad.predicate, quad.object))
        graph = Graph()
        bind_prefixes(graph)
        graph.addN((to_rdflib(t.subject), to_rdflib(t.predicate), _retyped(t, subtypes), graph) for t in triples)
        yield graph, {to_rdflib(n) for n in own}
        if progress is not None:
            progress(min(start + chunk, len(subjects)), len(subjects))


def validate_store(store: str | Path | ox.Store, *, shacl: bool = True, owl: bool = True,
                   chunk: int = CHUNK_SUBJECTS, progress: Progress | None = None) -> ValidationReport:
    """Validate the Oxigraph store (a folder or an open store) against partnerkg's rules, in chunks.

    The same verdict and the same violations as :func:`partnerkg.ontology.validation.validate` on the store's
    triples (SHACL), with HermiT run on the ontology plus the shipped graph when ``owl``. Ill-typed literals
    raise InvalidDataError, naming the first chunk's offenders. ``progress`` is called after each chunk.
    """
    st = store if isinstance(store, ox.Store) else open_store(store)
    report = ValidationReport(shacl_run=shacl)
    if shacl:
        found = set()
        for graph, own in chunk_graphs(st, chunk, progress):
            check_literals(graph, "store")
            found.update(v for focus, v in shacl_results(graph) if focus in own)
        report.violations = sorted(found)
    if owl:
        report.hermit = check_consistency(load_ontology() + shipped_graph())
    return report
