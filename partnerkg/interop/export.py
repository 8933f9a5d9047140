"""Deterministic serialisation: the same graph gives the same bytes in every format.

Blank nodes are relabelled canonically (rdflib.compare) so their labels, and hence the order of
output, do not depend on parse order or hash seeds; line-based formats are sorted.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from partnerkg.atomic import atomic_write_bytes
from partnerkg.errors import OutputError
from partnerkg.interop.jsonld import jsonld_bytes
from partnerkg.namespaces import bind_prefixes
from partnerkg.ontology.files import CONTEXT_FILE, package_file
from partnerkg.rdf_files import RDFFormat
from partnerkg.store.oxigraph import dump, oxigraph_of

__all__ = ["canonical", "check_writable", "serialise", "write_rdf"]

CONTEXT_URL = "https://w3id.org/partnerkg/context.jsonld"


def canonical(graph: Graph) -> Graph:
    """A copy of ``graph`` (triples only) with content-derived blank-node labels and partnerkg's prefixes."""
    plain = Graph()
    for t in graph.triples((None, None, None)):
        plain.add(t)
    relabelled = stable_bnodes(plain)
    # rdflib's RDF/XML and JSON-LD writers follow the store's insertion order: insert in sorted order.
    out = Graph()
    for t in sorted(relabelled, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3())):
        out.add(t)
    bind_prefixes(out)
    return out


class _Cycle(Exception):
    """A blank node reaches itself: content hashing is not well-defined."""


def _memoised(start: BNode, children: Callable[[BNode], list[BNode]], combine: Callable[[BNode], str],
              memo: dict[BNode, str]) -> str:
    """``memo[start]``, computing every node below it first, children before parents, without recursion
    (RDF lists are chains of thousands of blank nodes). Raises _Cycle when a node is its own descendant."""
    stack: list[tuple[BNode, bool]] = [(start, False)]
    path: set[BNode] = set()  # started, not finished: in this order of work, the current path
    while stack:
        node, children_done = stack.pop()
        if children_done:
            path.discard(node)
            memo[node] = combine(node)
            continue
        if node in memo:
            continue
        path.add(node)
        stack.append((node, True))
        for child in children(node):
            if child in path:
                raise _Cycle
            if child not in memo:
                stack.append((child, False))
    return memo[start]


def stable_bnodes(graph: Graph) -> Graph:
    """Relabel blank nodes by a hash of their content, so the labels do not depend on parse order.

    A blank node's label hashes its outgoing triples (recursively through blank-node objects) and where it
    hangs (recursively through the blank nodes that point at it). This is linear, unlike full
    canonicalisation (rdflib.compare: minutes for the shipped graph's thousands of quote derivations).
    Graphs with blank-node cycles, where the recursion is not well-defined, fall back to
    rdflib.compare.to_canonical_graph.
    """
    out_edges: dict[BNode, list[tuple[Node, Node]]] = defaultdict(list)
    in_edges: dict[BNode, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o in graph:
        if isinstance(s, BNode):
            out_edges[s].append((p, o))
        if isinstance(o, BNode):
            in_edges[o].append((s, p))
    if not out_edges and not in_edges:
        return graph
    memo: dict[BNode, str] = {}
    contexts: dict[BNode, str] = {}

    def content(b: BNode) -> str:
        """A hash of the node's outgoing triples, recursively through blank-node objects."""
        def combine(n: BNode) -> str:
            parts = sorted(f"{p.n3()} {memo[o] if isinstance(o, BNode) else o.n3()}" for p, o in out_edges[n])
            return hashlib.sha256("\n".join(parts).encode()).hexdigest()

        return _memoised(b, lambda n: [o for _, o in out_edges[n] if isinstance(o, BNode)], combine, memo)

    def context(b: BNode) -> str:
        """The content plus, recursively, where the node hangs: which subjects point at it, by what."""
        def combine(n: BNode) -> str:
            incoming = sorted(f"{contexts[s] if isinstance(s, BNode) else s.n3()} {p.n3()}" for s, p in in_edges[n])
            return hashlib.sha256((content(n) + "\n" + "\n".join(incoming)).encode()).hexdigest()

        return _memoised(b, lambda n: [s for s, _ in in_edges[n] if isinstance(s, BNode)], combine, contexts)

    try:
        labels = {b: context(b)[:20] for b in set(out_edges) | set(in_edges)}
    except _Cycle:
        canon = Graph()
        for t in to_canonical_graph(graph):
            canon.add(t)
        return canon
    # Blank nodes with equal labels look the same in both directions all the way out; numbering them in
    # the order of their (equal) labels gives the same output for any such assignment.
    seen: dict[str, int] = {}
    final: dict[BNode, BNode] = {}
    for b in sorted(labels, key=lambda n: labels[n]):
        n = seen.get(labels[b], 0)
        seen[labels[b]] = n + 1
        final[b] = BNode(f"b{labels[b]}{'' if n == 0 else f'x{n}'}")
    out = Graph()
    for s, p, o in graph:
        out.add((final.get(s, s), p, final.get(o, o)))  # type: ignore[arg-type]
    return out


def _sorted_lines(text: str) -> bytes:
    # split on line feeds only: str.splitlines() also breaks at U+0085, U+2028, form feeds… inside literals
    lines = sorted({line for line in text.split("\n") if line.strip()})
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _store_bytes(graph: Graph, fmt: RDFFormat) -> bytes | None:
    """The bytes of Oxigraph's own writer when ``graph`` lives in an on-disk store (None otherwise).

    rdflib's writers would convert every term of millions of triples; Oxigraph writes the same store as the
    same bytes. Triple formats are used only when the store has no named graphs (the default graph is then
    the whole store); JSON-LD is written expanded. RDF/XML has no Oxigraph writer here and goes through rdflib.
    """
    store = oxigraph_of(graph)
    if store is None or fmt is RDFFormat.RDFXML:
        return None
    if fmt in (RDFFormat.NQUADS, RDFFormat.TRIG):
        return dump(store, "nquads" if fmt is RDFFormat.NQUADS else "trig")
    if any(True for _ in store.named_graphs()):
        return None
    return dump(store, {RDFFormat.NTRIPLES: "nt", RDFFormat.TURTLE: "turtle", RDFFormat.JSONLD: "jsonld"}[fmt])


#: Characters an IRI cannot hold (RFC 3987), as rdflib and the SPARQL grammar judge them.
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
#: Characters no RDF text format can carry: lone surrogates (UTF-8 cannot encode them).
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Characters XML 1.0 cannot carry, not even as character references: C0 controls but tab, LF and CR,
#: U+FFFE, U+FFFF and lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _texts(term: Node) -> tuple[str, ...]:
    """The strings a writer puts out for ``term``: its text, and a literal's datatype or language tag."""
    if isinstance(term, Literal):
        return (str(term), str(term.datatype or ""), term.language or "")
    return (str(term),)


def _show(triple: tuple[Node, Node, Node]) -> str:
    text = " ".join(repr(str(t)) if isinstance(t, Literal) else f"<{t}>" if isinstance(t, URIRef) else f"_:{t}"
                    for t in triple)
    return text if len(text) <= 200 else text[:200] + "…"


def check_writable(graph: Graph, fmt: RDFFormat) -> None:
    """Refuse (OutputError, exit 2) what ``fmt`` cannot carry, instead of writing a file no reader accepts.

    No format carries a lone surrogate or an invalid IRI (rdflib would write ``?`` or fail half-way); RDF/XML
    (XML 1.0) carries no C0 control character but tab, line feed and carriage return, and neither U+FFFE nor
    U+FFFF, not even escaped. The message names the triple and the formats that can carry it.
    """
    pattern = _NOT_XML if fmt is RDFFormat.RDFXML else _SURROGATE
    for triple in graph.triples((None, None, None)):
        for term in triple:
            if isinstance(term, URIRef) and _IRI_UNSAFE.search(term):
                raise OutputError(f"the triple {_show(triple)} holds an invalid IRI, which no RDF format can "
                                  "write: correct or remove it")
            for text in _texts(term):
                bad = pattern.search(text)
                if bad is None:
                    continue
                code = ord(bad.group(0))
                if 0xD800 <= code <= 0xDFFF:
                    raise OutputError(f"the triple {_show(triple)} holds a lone surrogate (U+{code:04X}), which is "
                                      "not a character and which no RDF format can carry: remove it")
                raise OutputError(f"RDF/XML cannot carry U+{code:04X} (XML 1.0 forbids it even as a character "
                                  f"reference), which the triple {_show(triple)} holds: write Turtle, N-Triples or "
                                  "JSON-LD instead, or remove the character")


def _rdfxml(graph: Graph) -> bytes:
    """rdflib's RDF/XML writer, with its failures said plainly: a predicate RDF/XML cannot write as an
    element name (one ending in ``/`` or a digit after ``:``) is an OutputError naming it."""
    try:
        return graph.serialize(format="xml").encode("utf-8")
    except ValueError as err:  # "Can't split …", "… no valid way to shorten …"
        predicate = next((p for p in sorted(set(graph.predicates())) if str(p) in str(err)), None)
        shown = f"the predicate <{predicate}>" if predicate is not None else "a predicate"
        raise OutputError(f"RDF/XML cannot write {shown}: an RDF/XML property must end in an XML name (a letter or "
                          "underscore, then letters, digits, '-', '.' or '_') — write Turtle, N-Triples or JSON-LD "
                          "instead") from err


def serialise(graph: Graph, fmt: RDFFormat | str = RDFFormat.TURTLE) -> bytes:
    """Serialise ``graph`` deterministically. Datasets keep named graphs in N-Quads, TriG and JSON-LD.

    A graph held in an on-disk Oxigraph store is written by Oxigraph (see :func:`_store_bytes`): the same
    store gives the same bytes, but the layout differs from rdflib's (unsorted lines, expanded JSON-LD).
    What a format cannot carry is refused before anything is written (:func:`check_writable`).
    """
    fmt = RDFFormat(fmt)
    fast = _store_bytes(graph, fmt)
    if fast is not None:
        return fast
    check_writable(graph, fmt)
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
    if fmt is RDFFormat.RDFXML:
        return _rdfxml(g)
    return g.serialize(format=fmt.value).encode("utf-8")


def _jsonld(graph: Graph) -> bytes:
    """JSON-LD compacted with partnerkg's published context (shipped in ``partnerkg.ontology``)."""
    # partnerkg's own writer: rdflib's drops blank nodes that are values of "@type": "@id" terms

    return jsonld_bytes(graph, json.loads(package_file(CONTEXT_FILE))["@context"])


def write_rdf(graph: Graph, path: str | Path, fmt: RDFFormat | str = RDFFormat.TURTLE) -> None:
    """Serialise ``graph`` and write it to ``path`` atomically."""
    atomic_write_bytes(path, serialise(graph, fmt))
