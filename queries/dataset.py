"""Which graphs a query reads: the RDF dataset chosen by ``FROM``/``FROM NAMED`` in the query, or by the SPARQL
Protocol's ``default-graph-uri``/``named-graph-uri`` parameters, which take precedence over the query's own.

A selection only ever picks among the graphs the served data already holds (named graphs of ``--data``
TriG/N-Quads files, or of a store): an IRI that names no held graph selects an empty graph, as Oxigraph does,
and nothing is ever fetched, opened or contacted, on either engine. rdflib's engine would read a ``FROM``
IRI from the web or the disk when the dataset lacks it; it never sees the clause: :func:`dataset_for` builds
the dataset from the held graphs and the engine evaluates over that (and ``SPARQL_LOAD_GRAPHS`` is off besides).
Oxigraph receives the selection as its ``default_graph`` and ``named_graphs`` arguments, which override any
clause of the text.

Without a selection a query reads the default dataset: the union of every graph as its default graph, and
each named graph by name (``sd:UnionDefaultGraph``). With one, the default graph is the merge of the
``FROM`` (or ``default-graph-uri``) graphs — empty when there are none — and the named graphs are the ``FROM
NAMED`` (or ``named-graph-uri``) graphs only.

>>> from partnerkg.queries.safety import parse_checked
>>> selection_of(parse_checked("SELECT * FROM <urn:x:a> FROM NAMED <urn:x:b> WHERE { ?s ?p ?o }"))
DatasetSelection(default=('urn:x:a',), named=('urn:x:b',))
>>> selection_of(parse_checked("ASK {}")) is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pyparsing import ParseResults
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql.algebra import translatePrologue
from rdflib.plugins.sparql.parserutils import CompValue

from partnerkg.errors import QueryError
from partnerkg.namespaces import PREFIXES

__all__ = ["DatasetSelection", "dataset_for", "held_graphs", "selection_of"]

#: An absolute IRI: a scheme, then no character an IRI cannot hold (RFC 3987).
_ABSOLUTE_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>"{}|^`\\]*$')


@dataclass(frozen=True)
class DatasetSelection:
    """The graphs a query reads: IRIs of the graphs merged into its default graph, and of its named graphs."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for iri in (*self.default, *self.named):
            if not _ABSOLUTE_IRI.match(iri):
                raise QueryError(f"<{iri[:200]}> is not an absolute IRI, so it names no graph: write it in full, "
                                 "such as <https://example.org/graph>")

    @classmethod
    def of(cls, default: Iterable[str] = (), named: Iterable[str] = ()) -> DatasetSelection:
        """A selection with each IRI once, in the order given."""
        return cls(tuple(dict.fromkeys(default)), tuple(dict.fromkeys(named)))


def selection_of(tree: ParseResults, origin: str = "query") -> DatasetSelection | None:
    """The dataset the query's ``FROM`` and ``FROM NAMED`` clauses select (IRIs resolved against its ``BASE``
    and prefixes, partnerkg's included), or None when it has none."""
    query = tree[1]
    if "datasetClause" not in query:  # CompValue.get(k) returns k itself when k is absent
        return None
    prologue = translatePrologue(tree[0], None, initNs=PREFIXES)
    default: list[str] = []
    named: list[str] = []
    for clause in query["datasetClause"] or []:
        kind, into, keyword = ("named", named, "FROM NAMED") if "named" in clause else ("default", default, "FROM")
        term = clause[kind]
        try:
            iri = str(prologue.absolutize(term))
        except Exception:  # an undeclared prefix
            prefix = term.get("prefix") or "" if isinstance(term, CompValue) else ""
            raise QueryError(f"{origin}: {keyword} {prefix}:… uses the undefined prefix {prefix}: — declare it "
                             f"with PREFIX {prefix}: <…>") from None
        if not _ABSOLUTE_IRI.match(iri):
            raise QueryError(f"{origin}: {keyword} <{iri[:200]}> is not an absolute IRI, so it names no graph: write "
                             "it in full (such as <https://example.org/graph>) or declare a BASE")
        into.append(iri)
    return DatasetSelection.of(default, named)


def held_graphs(graph: Graph) -> dict[str, Graph]:
    """The named graphs ``graph`` holds, by IRI (none for a plain Graph); the default graph has no name."""
    if not isinstance(graph, Dataset):
        return {}
    return {str(g.identifier): g for g in graph.graphs()
            if isinstance(g.identifier, URIRef) and g.identifier != DATASET_DEFAULT_GRAPH_ID}


def dataset_for(graph: Graph, selection: DatasetSelection) -> tuple[Graph, Dataset]:
    """The default graph and the named graphs ``selection`` picks among the graphs ``graph`` holds, as copies
    for rdflib's engine: an IRI that names no held graph gives an empty graph; nothing is read from elsewhere."""
    held = held_graphs(graph)
    default = Graph()
    for iri in selection.default:
        if iri in held:
            default += held[iri]
    named = Dataset(default_union=False)
    for iri in selection.named:
        target = named.graph(URIRef(iri))
        if iri in held:
            target += held[iri]
    return default, named
