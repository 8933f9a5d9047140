"""The SPARQL 1.1 Service Description of ``partnerkg serve`` (what ``GET /sparql`` without a query returns).

It states the endpoint, the language (SPARQL 1.1 Query only: no update), the result formats, the default
dataset with its triple counts (the default graph is the union of all graphs), and, in words, the limits
and refusals. Vocabulary: https://www.w3.org/TR/sparql11-service-description/
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from partnerkg import __version__

__all__ = ["SD", "DatasetSummary", "describe_service", "summarise"]

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
ENTAILMENT_SIMPLE = URIRef("http://www.w3.org/ns/entailment/Simple")

_RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                   "Turtle", "N-Triples", "JSON-LD", "RDF_XML")


@dataclass(frozen=True)
class DatasetSummary:
    """What the service description says about the data: triples in the default graph (the union) and per
    named graph (IRIs only; blank-node graph names are counted in the union)."""

    triples: int
    named: tuple[tuple[str, int], ...] = ()


def summarise(graph: Graph) -> DatasetSummary:
    """Count the triples of ``graph`` and of each of its named graphs."""
    if isinstance(graph, Dataset):
        named = []
        for g in graph.graphs():
            if g.identifier == graph.default_graph.identifier or not isinstance(g.identifier, URIRef):
                continue
            if len(g):
                named.append((str(g.identifier), len(g)))
        total = len(set(graph.triples((None, None, None)))) if graph.default_union else len(graph.default_graph)
        return DatasetSummary(total, tuple(sorted(named)))
    return DatasetSummary(len(graph))


def describe_service(endpoint: str, summary: DatasetSummary, *, timeout: float, max_results: int,
                     max_body: int) -> Graph:
    """The service description of the endpoint at IRI ``endpoint`` as an rdflib graph."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("void", VOID)
    g.bind("dcterms", DCTERMS)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in _RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS[name]))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    g.add((service, SD.defaultEntailmentRegime, ENTAILMENT_SIMPLE))
    g.add((service, DCTERMS.title, Literal("partnerkg SPARQL endpoint", lang="en")))
    g.add((service, DCTERMS.hasVersion, Literal(__version__)))
    g.add((service, RDFS.comment, Literal(
        f"Read-only SPARQL 1.1 Query endpoint of partnerkg. Refused: updates (403) and SERVICE (400). FROM, "
        f"FROM NAMED, default-graph-uri and named-graph-uri (which take precedence) select among the named graphs "
        f"the endpoint holds; an IRI naming none selects an empty graph. Nothing outside the served dataset is "
        f"ever read or contacted. Limits: {timeout:g} s per query (503 when exceeded, the query is cancelled), "
        f"{max_results} result rows or triples (422 when exceeded), {max_body} bytes of request body (413).",
        lang="en")))
    dataset = BNode("dataset")
    default = BNode("defaultGraph")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(summary.triples, datatype=XSD.integer)))
    for n, (name, triples) in enumerate(summary.named):
        node, inner = BNode(f"named{n}"), BNode(f"graph{n}")
        g.add((dataset, SD.namedGraph, node))
        g.add((node, RDF.type, SD.NamedGraph))
        g.add((node, SD.name, URIRef(name)))
        g.add((node, SD.graph, inner))
        g.add((inner, RDF.type, SD.Graph))
        g.add((inner, VOID.triples, Literal(triples, datatype=XSD.integer)))
    return g
