"""The words the query page's editor completes: partnerkg's prefixes, the ontology's terms and the terms the
served data uses. Everything comes from this package and the served graph; no outside service (prefix.cc,
LOV) is consulted.

:func:`vocabulary` builds the document ``GET /vocabulary`` serves::

    {"prefixes": [{"prefix": "pk", "namespace": "https://w3id.org/partnerkg/ontology#"}, …],
     "terms": [{"iri": "https://w3id.org/partnerkg/ontology#Partnership", "curie": "pk:Partnership",
                "kind": "class", "label": "Partnership", "description": "Two or more parties …",
                "ontology": true, "uses": 120}, …],
     "data": true}

``kind`` is ``class``, ``property`` or ``individual``; ``label`` and ``description`` (``skos:definition``
or ``rdfs:comment``) come from the ontology (``null`` elsewhere); ``ontology`` says whether
``ontology/partnerkg.ttl`` declares the term; ``uses`` counts the triples of the served data that use it
(as predicate, or as the class in ``?s a ?class``; ``null`` when the data was not asked); ``curie`` is
``null`` when no partnerkg prefix abbreviates the IRI. ``data`` is false when only the ontology is listed
(counting the data's terms failed or took too long). At most :data:`MAX_DATA_TERMS` properties and as many
classes are taken from the data, the most used first.

>>> doc = vocabulary()
>>> doc["prefixes"][0]
{'prefix': 'pk', 'namespace': 'https://w3id.org/partnerkg/ontology#'}
>>> next(t for t in doc["terms"] if t["curie"] == "pk:hasPartner")["kind"]
'property'
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from partnerkg.namespaces import PREFIXES
from partnerkg.ontology import load_ontology
from partnerkg.queries.runner import run_query

__all__ = ["MAX_DATA_TERMS", "curie", "data_terms", "ontology_terms", "vocabulary"]

#: Most properties, and most classes, taken from the served data.
MAX_DATA_TERMS = 2000

_KINDS = {OWL.Class: "class", RDFS.Class: "class", OWL.ObjectProperty: "property",
          OWL.DatatypeProperty: "property", OWL.AnnotationProperty: "property", RDF.Property: "property",
          OWL.NamedIndividual: "individual"}
# PN_LOCAL, simplified: what can follow "prefix:" without escapes
_LOCAL = re.compile(r"[A-Za-z0-9_\u00C0-\uFFFF](?:[\w\-.\u00B7\u00C0-\uFFFF]*[\w\-\u00B7\u00C0-\uFFFF])?")


def curie(iri: str) -> str | None:
    """``iri`` as ``prefix:local`` with partnerkg's prefixes, or None.

    >>> curie("http://www.w3.org/2000/01/rdf-schema#label"), curie("urn:x")
    ('rdfs:label', None)
    """
    best: tuple[str, str] | None = None
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]) and (best is None or len(ns) > len(best[1])):
            best = (prefix, ns)
    return None if best is None else f"{best[0]}:{iri[len(best[1]):]}"


def _text(graph: Graph, subject: URIRef, *predicates: URIRef) -> str | None:
    """The English (or untagged) value of the first of ``predicates`` that ``subject`` has."""
    for predicate in predicates:
        values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
        for wanted in ("en", None):
            for value in values:
                if value.language == wanted or (wanted == "en" and (value.language or "").startswith("en-")):
                    return str(value)
        if values:
            return str(values[0])
    return None


def ontology_terms() -> list[dict[str, Any]]:
    """The classes, properties and named individuals that ``ontology/partnerkg.ttl`` declares, by IRI."""
    graph = load_ontology()
    terms: dict[tuple[str, str], dict[str, Any]] = {}
    for kind_iri, kind in _KINDS.items():
        for subject in graph.subjects(RDF.type, kind_iri):
            if not isinstance(subject, URIRef) or (str(subject), kind) in terms:
                continue
            if kind == "individual" and any(t in _KINDS and _KINDS[t] != "individual"
                                            for t in graph.objects(subject, RDF.type)):
                continue
            terms[(str(subject), kind)] = {
                "iri": str(subject), "curie": curie(str(subject)), "kind": kind,
                "label": _text(graph, subject, RDFS.label, SKOS.prefLabel),
                "description": _text(graph, subject, SKOS.definition, RDFS.comment),
                "ontology": True, "uses": None,
            }
    return [terms[key] for key in sorted(terms)]


_DATA_QUERIES = {
    "property": "SELECT ?t (COUNT(*) AS ?n) WHERE { ?s ?t ?o } GROUP BY ?t ORDER BY DESC(?n) ?t LIMIT {limit}",
    "class": "SELECT ?t (COUNT(*) AS ?n) WHERE { ?s a ?t } GROUP BY ?t ORDER BY DESC(?n) ?t LIMIT {limit}",
}


def data_terms(graph: Graph, limit: int = MAX_DATA_TERMS) -> dict[tuple[str, str], int]:
    """How many triples of ``graph`` use each property, and each class (``?s a ?class``), the most used
    ``limit`` of each: ``{(iri, kind): count}``. The queries pass the same gate and engine as any query."""
    counts: dict[tuple[str, str], int] = {}
    for kind, text in _DATA_QUERIES.items():
        result = run_query(text.replace("{limit}", str(int(limit))), None, graph, origin="vocabulary")
        for term, n in result.rows:
            if isinstance(term, URIRef) and n is not None:
                counts[(str(term), kind)] = int(n.toPython())
    return counts


def vocabulary(graph: Graph | None = None, limit: int = MAX_DATA_TERMS) -> dict[str, Any]:
    """The completion vocabulary (see the module's text): the ontology's terms, and with ``graph`` the data's
    terms and how often each is used."""
    terms = {(t["iri"], t["kind"]): t for t in ontology_terms()}
    if graph is not None:
        for key, n in data_terms(graph, limit).items():
            if key not in terms:
                terms[key] = {"iri": key[0], "curie": curie(key[0]), "kind": key[1], "label": None,
                              "description": None, "ontology": False, "uses": 0}
            terms[key]["uses"] = n
        for term in terms.values():
            if term["uses"] is None:
                term["uses"] = 0
    return {
        "prefixes": [{"prefix": prefix, "namespace": str(ns)} for prefix, ns in PREFIXES.items()],
        "terms": [terms[key] for key in sorted(terms)],
        "data": graph is not None,
    }
