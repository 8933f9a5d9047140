"""The namespaces partnerkg publishes and the ones it aligns to."""

from __future__ import annotations

from typing import Any

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, NamespaceManager

__all__ = [
    "DCTERMS",
    "FOAF",
    "ID",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PK",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SH",
    "SKOS",
    "TIME",
    "VANN",
    "XSD",
    "bind_prefixes",
    "made_once",
]

PK = Namespace("https://w3id.org/partnerkg/ontology#")
ID = Namespace("https://w3id.org/partnerkg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
TIME = Namespace("http://www.w3.org/2006/time#")
SCHEMA = Namespace("https://schema.org/")
ONTOLOGY_IRI = "https://w3id.org/partnerkg/ontology"

#: Prefixes declared in every file partnerkg writes, in this order.
PREFIXES: dict[str, Namespace] = {
    "pk": PK,
    "id": ID,
    "org": ORG,
    "prov": PROV,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "vann": VANN,
    "time": TIME,
    "schema": SCHEMA,
}


def bind_prefixes(manager_or_graph) -> None:
    """Bind the partnerkg prefixes on a graph or namespace manager, replacing rdflib's defaults."""
    nm: NamespaceManager = getattr(manager_or_graph, "namespace_manager", manager_or_graph)
    for prefix, ns in PREFIXES.items():
        nm.bind(prefix, ns, override=True, replace=True)


class _MadeOnce:
    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        made: URIRef = getattr(self._namespace, name)
        setattr(self, name, made)  # later reads find it in the instance, without calling __getattr__
        return made


def made_once(namespace: object) -> Any:
    """``namespace`` with each term made on first use and kept: rdflib's namespaces make (and check) a new
    URIRef on every attribute read, which costs an import of 100,000 rows seconds.

    >>> made_once(PK).Partnership == PK.Partnership
    True
    """
    return _MadeOnce(namespace)
