"""Running queries: a library query by name, SPARQL text or a query file, over the shipped graph, files or
a store.

Parameters are bound before evaluation, as rdflib's ``initBindings`` binds them (the variable takes the
value wherever it occurs, subqueries included): rdflib's engine receives them as bindings; Oxigraph substitutes
them where its substitution means the same, and otherwise each occurrence of the variable is written into the
text as one RDF term token (never pasted as text: a value such as ``"} ; DROP ALL ; {"`` stays one string), and
that text passes the safety gate again. In memory the term is written into the text only when a subquery
mentions the parameter (rdflib's ``initBindings`` do not reach into subqueries). A parameter given as text is
a label, resolved to the one IRI whose ``rdfs:label`` or ``skos:altLabel`` equals it after NFC, casefold and
whitespace collapse, unless it is written as ``<IRI>`` (:mod:`partnerkg.queries.labels`); typed library
parameters (``string``, ``integer``, ``year``, ``boolean``) become literals (:mod:`partnerkg.queries.params`).

>>> from rdflib import Graph
>>> g = Graph().parse(data='<urn:x:tp> <http://www.w3.org/2000/01/rdf-schema#label> "Turning  Point" .',
...                   format="nt")
>>> run_text("SELECT ?s WHERE { ?s ?p ?o }", g, s="turning point").rows
[(rdflib.term.URIRef('urn:x:tp'),)]
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, overload

from rdflib import Dataset, Graph

from partnerkg.ontology import load_ontology
from partnerkg.ontology.reasoning import Reasoning, entailed
from partnerkg.queries.catalogue import Header, load_query, parse_header, read_query_file
from partnerkg.queries.columnar import Engine
from partnerkg.queries.dataset import DatasetSelection
from partnerkg.queries.engine import default_graph, execute, quiet, tree_for
from partnerkg.queries.labels import graph_lookup
from partnerkg.queries.params import bindings
from partnerkg.queries.result import QueryResult, RowStream, TripleStream

__all__ = ["reasoned", "run", "run_file", "run_query", "run_text"]


@overload
def run_query(text: str, params: Mapping[str, Any] | None = None, graph: Graph | None = None, *,
              origin: str = "query", header: Header | None = None, strict: bool = False,
              dataset: DatasetSelection | None = None, base: str | None = None,
              lazy: Literal[False] = False, engine: Engine | str = Engine.AUTO) -> QueryResult: ...


@overload
def run_query(text: str, params: Mapping[str, Any] | None = None, graph: Graph | None = None, *,
              origin: str = "query", header: Header | None = None, strict: bool = False,
              dataset: DatasetSelection | None = None, base: str | None = None,
              lazy: bool, engine: Engine | str = Engine.AUTO) -> QueryResult | RowStream | TripleStream: ...


def run_query(text: str, params: Mapping[str, Any] | None = None, graph: Graph | None = None, *,
              origin: str = "query", header: Header | None = None, strict: bool = False,
              dataset: DatasetSelection | None = None, base: str | None = None,
              lazy: bool = False, engine: Engine | str = Engine.AUTO) -> QueryResult | RowStream | TripleStream:
    """Check, bind and run query ``text``; the common path of :func:`run`, :func:`run_text` and :func:`run_file`.

    ``origin`` names the query in messages; ``header`` overrides the one read from the text; ``strict``
    accepts only declared parameters; ``dataset`` selects the graphs the query reads in place of its own
    ``FROM`` and ``FROM NAMED`` (as the SPARQL Protocol's ``default-graph-uri`` and ``named-graph-uri`` do);
    ``base`` resolves relative IRIs of a query that declares no ``BASE``; ``lazy`` answers a SELECT with a
    :class:`~partnerkg.queries.result.RowStream` read as it is consumed (see :func:`~partnerkg.queries.engine.execute`);
    ``engine`` picks who answers over a store (:class:`~partnerkg.queries.columnar.Engine`).
    """
    target = default_graph() if graph is None else graph
    tree = tree_for(target, text, origin)
    header = header if header is not None else parse_header(text, origin)
    bound = bindings(tree, header, params or {}, origin, strict, graph_lookup(target))
    return execute(target, tree, bound, text=text, origin=origin, dataset=dataset, base=base, lazy=lazy,
                   engine=engine)


def run(name: str, /, graph: Graph | None = None, **params: Any) -> QueryResult:
    """Run the library query ``name`` over ``graph`` (default: the shipped graph).

    ``params`` bind the query's declared parameters; declared defaults fill the rest. Raises QueryError
    for an unknown name (suggesting the closest) or parameter, UnknownEntityError for an unknown label.
    """
    q = load_query(name)
    return run_query(q.text, params, graph, origin=q.origin, header=q.header, strict=True)


def run_text(query: str, /, graph: Graph | None = None, **params: Any) -> QueryResult:
    """Run SPARQL ``query`` text over ``graph`` (default: the shipped graph).

    ``params`` bind variables of the query (a header in the text may declare types and defaults, as in
    the library). Refused and malformed queries raise QueryError with the parser's line and column.
    """
    return run_query(query, params, graph)


def run_file(path: str | Path, /, graph: Graph | None = None, **params: Any) -> QueryResult:
    """Run the query in file ``path``; messages name the file. See :func:`run_text`."""
    return run_query(read_query_file(path), params, graph, origin=str(path))


def reasoned(graph: Graph, regime: str) -> Graph:
    """``graph`` with the partnerkg ontology, closed under ``"rdfs"`` or ``"owlrl"`` entailment.

    The ontology is added because its axioms are what a reasoner applies (also with ``--no-shipped``);
    named graphs are merged into one. ``"none"`` returns ``graph`` unchanged.
    """
    mode = Reasoning(regime)
    if mode is Reasoning.NONE:
        return graph
    plain = load_ontology()
    with quiet():
        for t in graph.triples((None, None, None)) if isinstance(graph, Dataset) else graph:
            plain.add(t)
    return entailed(plain, mode)

