"""An index of the ontology's terms: which IRIs are classes, object or datatype properties, and ranges.

Compilers and importers use it to type values from the schema instead of guessing from the text.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import OWL, RDF, RDFS, XSD, Graph, URIRef

from partnerkg.namespaces import PK
from partnerkg.ontology.files import ONTOLOGY_FILE, _parsed

__all__ = ["TermIndex", "term_index"]


@dataclass(frozen=True)
class TermIndex:
    """Classes, properties and individuals of the ontology, with property kinds and datatype ranges."""

    classes: frozenset[URIRef]
    object_properties: frozenset[URIRef]
    datatype_properties: frozenset[URIRef]
    annotation_properties: frozenset[URIRef]
    individuals: frozenset[URIRef]
    datatype_range: dict[URIRef, URIRef] = field(default_factory=dict)
    functional: frozenset[URIRef] = frozenset()

    @property
    def properties(self) -> frozenset[URIRef]:
        return self.object_properties | self.datatype_properties | self.annotation_properties

    def datatype_of(self, prop: URIRef) -> URIRef:
        """The declared datatype range of a datatype property (xsd:string when none is declared)."""
        return self.datatype_range.get(prop, XSD.string)

    def closest(self, name: str, candidates: frozenset[URIRef], n: int = 3) -> list[str]:
        """Local names among ``candidates`` that look like ``name``, best first."""
        names = sorted({_local(c) for c in candidates})
        return difflib.get_close_matches(name, names, n=n, cutoff=0.6)


def _local(iri: URIRef) -> str:
    s = str(iri)
    for sep in ("#", "/"):
        if sep in s:
            s = s.rsplit(sep, 1)[1]
            break
    return s


def _build(g: Graph) -> TermIndex:
    def typed(t: URIRef) -> frozenset[URIRef]:
        return frozenset(s for s in g.subjects(RDF.type, t) if isinstance(s, URIRef))

    classes = typed(OWL.Class)
    ranges = {}
    dprops = typed(OWL.DatatypeProperty)
    for p in dprops:
        r = g.value(p, RDFS.range)
        if isinstance(r, URIRef):
            ranges[p] = r
    individuals = frozenset(
        s for s in g.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(PK)) and s not in classes
        and not (set(g.objects(s, RDF.type)) & {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                                                 RDFS.Datatype})
    )
    return TermIndex(
        classes=classes,
        object_properties=typed(OWL.ObjectProperty),
        datatype_properties=dprops,
        annotation_properties=typed(OWL.AnnotationProperty),
        individuals=individuals,
        datatype_range=ranges,
        functional=typed(OWL.FunctionalProperty),
    )


@lru_cache(maxsize=1)
def term_index() -> TermIndex:
    """The term index of the shipped ontology (cached)."""
    return _build(_parsed(ONTOLOGY_FILE))
