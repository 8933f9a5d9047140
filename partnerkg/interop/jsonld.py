"""A deterministic JSON-LD writer: flattened node objects, compacted with partnerkg's published context.

rdflib's JSON-LD serializer drops the description of a blank node that is the value of a term declared
``"@type": "@id"`` (it writes the reference and never the node), so partnerkg writes JSON-LD itself. The
output is flattened — one node object per subject, sorted, every value a string or a value object (no
native JSON numbers or booleans, whose datatypes would depend on the reader) — and every term is used only
where the context's coercion gives back exactly the same RDF term; anything else is written as an explicit
``{"@id": …}`` or ``{"@value": …, "@type"/"@language": …}`` object.

>>> from rdflib import Graph
>>> g = Graph().parse(data='@prefix pk: <https://w3id.org/partnerkg/ontology#> . '
...     '<https://w3id.org/partnerkg/id/partnership/p> pk:hasPartner _:b .  _:b a pk:Organisation .',
...     format="turtle")
>>> doc = to_jsonld(g, {"pk": "https://w3id.org/partnerkg/ontology#", "id": "https://w3id.org/partnerkg/id/",
...                     "hasPartner": {"@id": "pk:hasPartner", "@type": "@id"}})
>>> [sorted(n) for n in doc["@graph"]]
[['@id', '@type'], ['@id', 'hasPartner']]
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

__all__ = ["jsonld_bytes", "to_jsonld"]


class _Compactor:
    def __init__(self, context: Mapping[str, Any]) -> None:
        self.prefixes = sorted(((name, ns) for name, ns in context.items() if isinstance(ns, str)),
                               key=lambda item: -len(item[1]))
        self.terms: dict[str, tuple[str, str | None]] = {}  # property IRI -> (term, coercion as full IRI or @id)
        for name, definition in sorted(context.items()):
            if isinstance(definition, dict) and "@id" in definition:
                iri = self.expand(definition["@id"])
                coercion = definition.get("@type")
                self.terms.setdefault(iri, (name, coercion if coercion in (None, "@id") else self.expand(coercion)))

    def expand(self, value: str) -> str:
        prefix, sep, rest = value.partition(":")
        if sep and not rest.startswith("//"):
            for name, ns in self.prefixes:
                if name == prefix:
                    return ns + rest
        return value

    def shrink(self, node: Node) -> str:
        if isinstance(node, BNode):
            return f"_:{node}"
        iri = str(node)
        for name, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                return f"{name}:{iri[len(ns):]}"
        return iri

    def value(self, obj: Node, coercion: str | None) -> Any:
        if isinstance(obj, Literal):
            if obj.language:
                return {"@value": str(obj), "@language": obj.language}
            datatype = str(obj.datatype) if obj.datatype is not None else None
            if datatype == str(XSD.string):
                datatype = None
            if coercion is None and datatype is None:
                return str(obj)
            if coercion is not None and coercion != "@id" and datatype == coercion:
                return str(obj)
            if datatype is None:
                return {"@value": str(obj)}
            return {"@value": str(obj), "@type": self.shrink(URIRef(datatype))}
        if coercion == "@id":
            return self.shrink(obj)
        return {"@id": self.shrink(obj)}


def _sort_key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _nodes(graph: Graph, c: _Compactor) -> list[dict[str, Any]]:
    nodes: dict[str, dict[str, list[Any]]] = {}
    for s, p, o in graph.triples((None, None, None)):
        node = nodes.setdefault(c.shrink(s), {})
        if p == RDF.type and isinstance(o, (URIRef, BNode)):
            node.setdefault("@type", []).append(c.shrink(o))
            continue
        term, coercion = c.terms.get(str(p), (c.shrink(p), None))
        node.setdefault(term, []).append(c.value(o, coercion))
    out = []
    for node_id in sorted(nodes):
        node: dict[str, Any] = {"@id": node_id}
        for k, values in nodes[node_id].items():
            values = sorted(values, key=_sort_key)
            node[k] = values[0] if len(values) == 1 else values
        out.append(node)
    return out


def to_jsonld(graph: Graph, context: Mapping[str, Any]) -> dict[str, Any]:
    """``graph`` as a flattened JSON-LD document with ``context`` (the value of ``@context``).

    A Dataset's named graphs become graph objects (``{"@id": name, "@graph": [...]}``) after the default
    graph's nodes.
    """
    c = _Compactor(context)
    if isinstance(graph, Dataset):
        items = _nodes(graph.default_graph, c)
        by_id = {n["@id"]: n for n in items}
        for g in sorted(graph.graphs(), key=lambda g: str(g.identifier)):
            if g.identifier == graph.default_graph.identifier or len(g) == 0:
                continue
            name = c.shrink(g.identifier)
            holder = by_id.get(name)
            if holder is None:
                holder = by_id[name] = {"@id": name}
                items.append(holder)
            holder["@graph"] = _nodes(g, c)
        items.sort(key=lambda n: n["@id"])
    else:
        items = _nodes(graph, c)
    return {"@context": dict(context), "@graph": items}


def jsonld_bytes(graph: Graph, context: Mapping[str, Any]) -> bytes:
    """:func:`to_jsonld` as UTF-8 JSON with sorted keys and a one-space indent, ending in a newline."""
    return (json.dumps(to_jsonld(graph, context), ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()
