"""The organisation network as the measures read it, fast over stores of 100,000 organisations.

``partnerkg analyse`` over the organisations view (unfiltered) needs only part of that view: its nodes in
the view's order with ``type``, ``label`` and ``sector``, and its edges in the view's order with ``weight``
(the number of shared partnerships). :func:`organisation_network` builds exactly that graph: the same nodes,
edges, order and values as :func:`partnerkg.visualise.projections.organisation_graph` with every other
attribute left out, so every measure of :mod:`partnerkg.visualise.analytics` comes out identical.

Over a store it asks Oxigraph a handful of SPARQL queries and reads each answer as one TSV block split in C,
keying everything by strings and integers (no rdflib term per row): the partners of each partnership
grouped in Oxigraph (``GROUP_CONCAT``), so a partnership's IRI is never decoded; the subjects of each
organisation class and of each sector grouped the same way; labels and titles as (subject, text) rows. Only
if a group holds a blank node or a literal, which a string concatenation cannot carry, is that read done
again row by row. In memory the same facts come from rdflib's triple index.

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... @prefix pk: <https://w3id.org/partnerkg/ontology#> .
... @prefix id: <https://w3id.org/partnerkg/id/> .
... id:p a pk:Partnership ; pk:hasPartner id:a , id:b .
... id:q a pk:Partnership ; pk:hasPartner id:a , id:b , id:c .
... id:a a pk:Charity .
... ''')
>>> G = organisation_network(g)
>>> list(G.nodes(data="sector")), G.edges["https://w3id.org/partnerkg/id/a", "https://w3id.org/partnerkg/id/b"]
([('https://w3id.org/partnerkg/id/a', 'voluntary'), ('https://w3id.org/partnerkg/id/b', None), \
('https://w3id.org/partnerkg/id/c', None)], {'weight': 2})
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple, Protocol

import networkx as nx
import numpy as np
import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from rdflib.term import Node

from partnerkg.namespaces import PK
from partnerkg.store.oxigraph import oxigraph_of
from partnerkg.visualise.entities import _SECTOR_CLASSES, _local_name, _ontology_hierarchy, class_ancestors
from partnerkg.visualise.projections import View
from partnerkg.visualise.styles import SECTORS
from partnerkg.visualise.triples import OxigraphSource

__all__ = ["NETWORK_READS", "Text", "organisation_network"]

#: How many reads :func:`organisation_network` reports as "reading" progress.
NETWORK_READS = 6

_IRI, _BNODE, _LITERAL = 0, 1, 2
_SECTOR_OF_CLASS = {str(cls): SECTORS[sector].key for cls, sector in _SECTOR_CLASSES.items()}
_SECTOR_KEYS = {str(iri): sector.key for iri, sector in SECTORS.items()}


class Text(NamedTuple):
    """One value of a label or title, as much of the RDF term as picking a text needs."""

    kind: int  # 0 IRI, 1 blank node, 2 literal
    text: str  # str() of the rdflib term: the IRI, the blank node id, the lexical form
    language: str | None = None
    datatype: str | None = None


class _Facts(Protocol):
    """What the network is made of, keyed by node keys (IRI, ``_:id`` or a literal's lexical form)."""

    kinds: dict[str, int]  # the keys that are not IRIs: blank nodes and literals

    def ancestors(self) -> dict[URIRef, frozenset[URIRef]]: ...
    def classes(self) -> set[str]: ...
    def typed(self, classes: list[str]) -> dict[str, list[str]]: ...
    def sectors(self) -> dict[str, list[str]]: ...
    def members(self) -> list[list[str]]: ...
    def texts(self, predicate: URIRef) -> dict[str, list[object]]: ...
    def text(self, value: object) -> Text: ...


# ---- in memory (rdflib) --------------------------------------------------------------------------------


class _GraphFacts:
    """The facts from rdflib's API over an in-memory graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.kinds: dict[str, int] = {}

    def key(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return str(node)
        if isinstance(node, BNode):
            key = f"_:{node}"
            self.kinds[key] = _BNODE
            return key
        self.kinds.setdefault(str(node), _LITERAL)
        return str(node)

    def ancestors(self) -> dict[URIRef, frozenset[URIRef]]:
        return class_ancestors(self.graph)

    def classes(self) -> set[str]:
        return {str(o) for o in self.graph.objects(None, RDF.type) if isinstance(o, URIRef)}

    def typed(self, classes: list[str]) -> dict[str, list[str]]:
        return {c: [self.key(s) for s in self.graph.subjects(RDF.type, URIRef(c))] for c in classes}

    def sectors(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for s, o in self.graph.subject_objects(PK.sector):
            out[str(o) if isinstance(o, URIRef) else ""].append(self.key(s))
        return out

    def members(self) -> list[list[str]]:
        groups: dict[Node, set[str]] = defaultdict(set)
        for p, o in self.graph.subject_objects(PK.hasPartner):
            groups[p].add(self.key(o))
        for o, p in self.graph.subject_objects(PK.partnerIn):
            groups[p].add(self.key(o))
        return [list(m) for m in groups.values()]

    def texts(self, predicate: URIRef) -> dict[str, list[object]]:
        """The objects of ``predicate`` by subject key (read as Text by :meth:`text` when needed)."""
        out: dict[str, list[object]] = defaultdict(list)
        for s, o in self.graph.subject_objects(predicate):
            out[self.key(s)].append(o)
        return out

    def text(self, value: object) -> Text:
        if isinstance(value, Literal):
            return Text(_LITERAL, str(value), value.language, str(value.datatype) if value.datatype else None)
        return Text(_IRI if isinstance(value, URIRef) else _BNODE, str(value))


# ---- over a store (Oxigraph SPARQL, TSV blocks) ---------------------------------------------------------

_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPED = {"t": "\t", "n": "\n", "r": "\r", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_XSD = "http://www.w3.org/2001/XMLSchema#"


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)) if (m[1] or m[2]) else _ESCAPED.get(m[3], m[3]), text)


def _tsv_text(token: str) -> Text:
    """The :class:`Text` of one term written in SPARQL TSV (N-Triples syntax, numbers and booleans bare)."""
    if token.startswith("<"):
        return Text(_IRI, token[1:-1])
    if token.startswith("_:"):
        return Text(_BNODE, token[2:])
    if token.startswith('"'):
        end = token.rindex('"')
        lexical, rest = _unescape(token[1:end]), token[end + 1:]
        if rest.startswith("@"):
            return Text(_LITERAL, lexical, rest[1:])
        if rest.startswith("^^"):
            return Text(_LITERAL, lexical, None, rest[3:-1])
        return Text(_LITERAL, lexical)  # xsd:string: a plain literal, as to_rdflib makes it
    if token in ("true", "false"):
        return Text(_LITERAL, token, None, _XSD + "boolean")
    return Text(_LITERAL, token, None, _XSD + ("decimal" if "." in token else "integer"))


class _StoreFacts:
    """The facts from a pyoxigraph store: one SPARQL query each, answers read as TSV blocks."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        named = list(store.named_graphs())
        self._default = [ox.DefaultGraph(), *named] if named else ox.DefaultGraph()
        self._named = named
        self.kinds: dict[str, int] = {}

    def _rows(self, text: str) -> list[list[str]]:
        answer = self.store.query(text, default_graph=self._default, named_graphs=self._named)
        lines = answer.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8").split("\n")
        return [line.split("\t") for line in lines[1:] if line]

    def key(self, token: str) -> str:
        if token.startswith("<"):
            return token[1:-1]
        if token.startswith("_:"):
            self.kinds[token] = _BNODE
            return token
        value = _tsv_text(token).text
        self.kinds.setdefault(value, _LITERAL)
        return value

    def _grouped(self, pattern: str, by: str, item: str) -> tuple[list[tuple[str, list[str]]], bool]:
        """``(group token, item IRIs)`` per value of ``by``; False when a group holds a non-IRI item."""
        rows = self._rows(f"SELECT ?{by} (GROUP_CONCAT(DISTINCT STR(?{item}); separator=' ') AS ?m) "
                          f"(MIN(isIRI(?{item})) AS ?all) WHERE {{ {pattern} }} GROUP BY ?{by}")
        if any(row[2] != "true" for row in rows):
            return [], False
        return [(row[0], row[1][1:-1].split(" ")) for row in rows], True

    def ancestors(self) -> dict[URIRef, frozenset[URIRef]]:
        return class_ancestors(OxigraphSource(self.store))

    def classes(self) -> set[str]:
        rows = self._rows(f"SELECT DISTINCT ?c WHERE {{ ?s <{RDF.type}> ?c }}")
        return {row[0][1:-1] for row in rows if row[0].startswith("<")}

    def typed(self, classes: list[str]) -> dict[str, list[str]]:
        if not classes:
            return {}
        values = " ".join(f"<{c}>" for c in classes)
        pattern = f"VALUES ?c {{ {values} }} ?s <{RDF.type}> ?c"
        groups, whole = self._grouped(pattern, "c", "s")
        if whole:
            return {c[1:-1]: members for c, members in groups}
        out: dict[str, list[str]] = defaultdict(list)
        for s, c in self._rows(f"SELECT ?s ?c WHERE {{ {pattern} }}"):
            out[c[1:-1]].append(self.key(s))
        return out

    def sectors(self) -> dict[str, list[str]]:
        pattern = f"?s <{PK.sector}> ?o"
        groups, whole = self._grouped(pattern, "o", "s")
        out: dict[str, list[str]] = defaultdict(list)
        if whole:
            for o, members in groups:
                out[o[1:-1] if o.startswith("<") else ""] += members
            return out
        for s, o in self._rows(f"SELECT ?s ?o WHERE {{ {pattern} }}"):
            out[o[1:-1] if o.startswith("<") else ""].append(self.key(s))
        return out

    def members(self) -> list[list[str]]:
        pattern = f"{{ ?p <{PK.hasPartner}> ?o }} UNION {{ ?o <{PK.partnerIn}> ?p }}"
        rows = self._rows(f"SELECT (GROUP_CONCAT(DISTINCT STR(?o); separator=' ') AS ?m) "
                          f"(MIN(isIRI(?o)) AS ?all) WHERE {{ {pattern} }} GROUP BY ?p")
        if all(row[1] == "true" for row in rows):
            return [row[0][1:-1].split(" ") for row in rows]
        groups: dict[str, set[str]] = defaultdict(set)
        for p, o in self._rows(f"SELECT ?p ?o WHERE {{ {pattern} }}"):
            groups[p].add(self.key(o))
        return [list(m) for m in groups.values()]

    def texts(self, predicate: URIRef) -> dict[str, list[object]]:
        """The objects of ``predicate`` (TSV tokens) by subject key (read as Text by :meth:`text` when needed)."""
        out: dict[str, list[object]] = defaultdict(list)
        key = self.key
        for s, o in self._rows(f"SELECT ?s ?o WHERE {{ ?s <{predicate}> ?o }}"):
            out[s[1:-1] if s.startswith("<") else key(s)].append(o)
        return out

    def text(self, value: object) -> Text:
        return _tsv_text(str(value))


# ---- the network -----------------------------------------------------------------------------------------


def _pick(values: set[Text] | None) -> str:
    """One text out of several, as :func:`partnerkg.visualise.entities._pick_text` picks it."""
    if not values:
        return ""
    if len(values) == 1:
        return next(iter(values)).text
    literals = [v for v in values if v.kind == _LITERAL]
    for accept in (lambda v: v.language == "en", lambda v: v.language is None, lambda v: True):
        chosen = sorted(v.text for v in literals if accept(v))
        if chosen:
            return chosen[0]
    others = sorted(v.text for v in values if v.kind == _IRI)
    return others[0] if others else ""


def _facts(graph: Graph) -> _Facts:
    store = oxigraph_of(graph)
    return _StoreFacts(store) if store is not None else _GraphFacts(graph)


def organisation_network(graph: Graph, progress: Callable[[str, int, int | None], None] | None = None) -> nx.Graph:
    """The organisations view of ``graph`` with only ``type``, ``label``, ``sector`` and edge ``weight``.

    Equal, on those attributes, to ``project(read_knowledge(graph), "organisations")``: the same nodes and
    edges in the same order. ``progress("reading", reads done, NETWORK_READS)`` follows the reads.
    """
    def step(done: int) -> None:
        if progress is not None:
            progress("reading", done, NETWORK_READS)

    facts = _facts(graph)
    # Oxigraph answers without holding the GIL: over a store, two queries run at once while Python reads
    # the answers (in memory, rdflib holds the GIL, so one thread does it all).
    with ThreadPoolExecutor(max_workers=2 if isinstance(facts, _StoreFacts) else 1) as pool:
        members_read = pool.submit(facts.members)
        labels_read = pool.submit(facts.texts, RDFS.label)
        sectors_read = pool.submit(facts.sectors)
        titles_read = pool.submit(facts.texts, DCTERMS.title)
        ancestors = facts.ancestors()
        below = [c for c in sorted(facts.classes())
                 if c == str(PK.Organisation) or PK.Organisation in ancestors.get(URIRef(c), ())]
        step(1)
        typed = facts.typed(below)
        step(2)
        sectors = sectors_read.result()
        step(3)
        members = members_read.result()
        step(4)
        labels = labels_read.result()
        step(5)
        titles = titles_read.result()
        step(6)

    classes_of: dict[str, list[str]] = defaultdict(list)
    for cls, subjects in typed.items():
        for s in subjects:
            classes_of[s].append(cls)
    stated: dict[str, list[str]] = defaultdict(list)
    for sector_iri, subjects in sectors.items():
        key = _SECTOR_KEYS.get(sector_iri)
        for s in subjects:
            if key is not None:
                stated[s].append(key)
            else:
                stated.setdefault(s, [])
    organisations = set(classes_of) | set(stated)
    for group in members:
        organisations.update(group)
    kinds = facts.kinds
    nodes = sorted(organisations, key=lambda k: (kinds.get(k) == _BNODE, k))

    implied_by: dict[str, set[str]] = {}
    for cls in below:
        up = ancestors.get(URIRef(cls), frozenset())
        implied_by[cls] = {key for sc, key in _SECTOR_OF_CLASS.items() if cls == sc or URIRef(sc) in up}

    def sector(node: str) -> str | None:
        said = stated.get(node)
        if said:
            return min(said)
        implied = set().union(*(implied_by[c] for c in classes_of.get(node, ())))
        return implied.pop() if len(implied) == 1 else None

    _classes, ontology_labels = _ontology_hierarchy()
    named = {str(iri): text for iri, text in ontology_labels.items()}

    def values(found: list[object] | None) -> set[Text] | None:
        return {facts.text(v) for v in found} if found else None

    def label(node: str) -> str:
        kind = kinds.get(node, _IRI)
        text = _pick(values(labels.get(node))) or _pick(values(titles.get(node)))
        if not text and kind == _IRI:
            text = named.get(node, "")
        if kind == _BNODE:
            fallback = _local_name(BNode(node[2:]))
        else:
            fallback = _local_name(URIRef(node) if kind == _IRI else Literal(node))
        return " ".join(text.split()) or fallback

    G = nx.Graph(view=View.ORGANISATIONS.value, title=View.ORGANISATIONS.title)
    G.add_nodes_from((n, {"type": "organisation", "label": label(n), "sector": sector(n)}) for n in nodes)
    G.add_edges_from(_ties(nodes, members))
    return G


def _ties(nodes: list[str], members: Iterable[list[str]]) -> list[tuple[str, str, dict[str, int]]]:
    """Edges ``(a, b, {"weight": shared partnerships})`` with ``a < b``, sorted, as organisation_graph adds them."""
    ordered = sorted(nodes)
    rank = {key: i for i, key in enumerate(ordered)}
    n = len(ordered)
    by_size: dict[int, list[list[int]]] = defaultdict(list)  # partner sets (distinct, sorted) by size
    for group in members:
        ids = sorted({rank[k] for k in group})
        if len(ids) > 1:
            by_size[len(ids)].append(ids)
    chunks = []
    for size, groups in by_size.items():  # every pair (a < b) of each set, one size at a time
        first, second = np.triu_indices(size, 1)
        table = np.array(groups, dtype=np.int64)
        chunks.append((table[:, first] * n + table[:, second]).ravel())
    if not chunks:
        return []
    found, counts = np.unique(np.concatenate(chunks), return_counts=True)
    return [(ordered[a], ordered[b], {"weight": w})
            for a, b, w in zip((found // n).tolist(), (found % n).tolist(), counts.tolist(), strict=True)]
