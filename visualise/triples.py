"""Where the views read their triples from: rdflib's API in memory, Oxigraph's SPARQL engine for a store.

:func:`read_knowledge <partnerkg.visualise.entities.read_knowledge>` asks for the (subject, object) pairs of
one predicate at a time. For an in-memory graph that is rdflib's ``subject_objects``; for a graph made by
:func:`partnerkg.store.oxigraph.store_dataset` (``--store DIR``) it is one SPARQL query per predicate,
``SELECT ?s ?o WHERE { ?s <p> ?o }``, evaluated by Oxigraph over the union of the store's graphs (as
:func:`partnerkg.queries.oxigraph.evaluate` does), with each distinct IRI converted to rdflib once. Routing the
same reads through rdflib's API over the store (oxrdflib) converts every term of every triple through
rdflib's store machinery and took twice as long as reading in memory; see ``benchmarks/analytics.py``.

Terms come back as :func:`partnerkg.store.terms.to_rdflib` makes them, so both paths build the same views.

>>> from rdflib import Graph, URIRef
>>> g = Graph()
>>> g.add((URIRef("urn:a"), URIRef("urn:p"), URIRef("urn:b")))
<Graph identifier=... (<class 'rdflib.graph.Graph'>)>
>>> list(triple_source(g).subject_objects(URIRef("urn:p")))
[(rdflib.term.URIRef('urn:a'), rdflib.term.URIRef('urn:b'))]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Protocol

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from partnerkg.store.oxigraph import oxigraph_of
from partnerkg.store.terms import term_converter

__all__ = ["OxigraphSource", "RdflibSource", "TripleSource", "triple_source"]


class TripleSource(Protocol):
    """The two reads the views make (the subset of rdflib's Graph API they use)."""

    def subject_objects(self, predicate: URIRef) -> Iterable[tuple[Node, Node]]:
        """Every (subject, object) of ``predicate``."""
        ...

    def objects(self, subject: Node, predicate: URIRef) -> Iterable[Node]:
        """Every object of ``subject`` and ``predicate``."""
        ...


class RdflibSource:
    """rdflib's own API over ``graph``; ``progress(predicates read)`` is called as each predicate is asked for."""

    def __init__(self, graph: Graph, progress: Callable[[int], None] | None = None) -> None:
        self.graph = graph
        self.progress = progress
        self._asked = 0

    def subject_objects(self, predicate: URIRef) -> Iterable[tuple[Node, Node]]:
        """Every (subject, object) of ``predicate``: ``graph.subject_objects``."""
        self._asked += 1
        if self.progress is not None:
            self.progress(self._asked)
        return self.graph.subject_objects(predicate)

    def objects(self, subject: Node, predicate: URIRef) -> Iterable[Node]:
        """Every object of ``subject`` and ``predicate``: ``graph.objects``."""
        return self.graph.objects(subject, predicate)


class OxigraphSource:
    """The pairs of each predicate, read from a pyoxigraph store with one SPARQL query and kept.

    ``progress(predicates read)`` is called after each query.
    """

    def __init__(self, store: ox.Store, progress: Callable[[int], None] | None = None) -> None:
        self.store = store
        self.progress = progress
        named = list(store.named_graphs())
        self._default = [ox.DefaultGraph(), *named] if named else ox.DefaultGraph()
        self._named = named
        self._term = term_converter()  # each distinct term made once, for all predicates
        self._pairs: dict[URIRef, list[tuple[Node, Node]]] = {}
        self._index: dict[URIRef, dict[Node, list[Node]]] = {}

    def subject_objects(self, predicate: URIRef) -> list[tuple[Node, Node]]:
        """Every (subject, object) of ``predicate`` in any graph of the store."""
        found = self._pairs.get(predicate)
        if found is None:
            text = f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}"
            term = self._term
            answer = self.store.query(text, default_graph=self._default, named_graphs=self._named)
            found = self._pairs[predicate] = [(term(s), term(o)) for s, o in answer]
            if self.progress is not None:
                self.progress(len(self._pairs))
        return found

    def objects(self, subject: Node, predicate: URIRef) -> list[Node]:
        """Every object of ``subject`` and ``predicate`` (from the predicate's pairs, indexed once)."""
        index = self._index.get(predicate)
        if index is None:
            index = self._index[predicate] = defaultdict(list)
            for s, o in self.subject_objects(predicate):
                index[s].append(o)
        return list(index.get(subject, ()))


def triple_source(graph: Graph, progress: Callable[[int], None] | None = None) -> TripleSource:
    """An :class:`OxigraphSource` for a graph over an Oxigraph store, else an :class:`RdflibSource`."""
    store = oxigraph_of(graph)
    return OxigraphSource(store, progress) if store is not None else RdflibSource(graph, progress)
