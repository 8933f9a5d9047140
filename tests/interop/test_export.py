"""Export: every format round-trips (isomorphic), bytes are deterministic, prefixes and the published JSON-LD
context are there, and independent implementations (pyoxigraph, owlready2) read the output."""

from __future__ import annotations

import json
import os
from io import BytesIO
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, XSD

from partnerkg.interop.context import build_context, context_json, context_path
from partnerkg.interop.export import serialise, stable_bnodes
from partnerkg.namespaces import ID, PK
from partnerkg.rdf_files import RDFFormat, read_rdf_bytes

TRICKY = [
    'quotes " and \' and """ triple',
    "back\\slash and a tab\there",
    "line one\nline two\r\nline three",
    "עברית ומילים בעברית",  # right-to-left
    "مؤسسة النور",
    "emoji 🌈🏳️‍🌈 and a flag",
    "Cafe\u0301 (NFD)",
    "Caf\u00e9 (NFC)",
    "<b>bold</b> & <i>markup</i>",
    "</script><script>alert(1)</script>",
    "{{7*7}} ${x} %s",
    "\u200f\u202e reversed",
    "zero\u200bwidth",
    "trailing space ",
    "",
]

OX_FORMATS = {RDFFormat.TURTLE: ox.RdfFormat.TURTLE, RDFFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
              RDFFormat.NQUADS: ox.RdfFormat.N_QUADS, RDFFormat.TRIG: ox.RdfFormat.TRIG,
              RDFFormat.RDFXML: ox.RdfFormat.RDF_XML, RDFFormat.JSONLD: ox.RdfFormat.JSON_LD}


def tricky_graph() -> Graph:
    g = Graph()
    org = ID["organisation/tricky"]
    for i, text in enumerate(TRICKY):
        node = ID[f"organisation/t{i}"]
        g.add((node, RDF.type, PK.Organisation))
        g.add((node, RDFS.label, Literal(text, lang="en")))
        g.add((node, PK.theme, Literal(text)))
        d = BNode()
        g.add((node, URIRef("http://www.w3.org/ns/prov#qualifiedDerivation"), d))
        g.add((d, PK.row, Literal(i + 1, datatype=XSD.positiveInteger)))
    g.add((org, PK.startYear, Literal("2004", datatype=XSD.gYear)))
    g.add((org, PK.startYear, Literal("2005")))  # a plain string where the context coerces to gYear
    g.add((org, PK.hasPartner, BNode("anonymous")))  # a blank node as the value of an "@type": "@id" term
    g.add((BNode("anonymous"), RDFS.label, Literal("nameless", lang="en-GB")))
    g.add((org, PK.isFormal, Literal(True)))
    g.add((org, PK.responseRate, Literal("53.0", datatype=XSD.decimal)))
    g.add((org, PK.formalityRank, Literal(4)))
    g.add((org, PK.region, Literal("not an IRI")))  # an object property with a literal
    g.add((org, URIRef("http://example.org/x"), Literal("unprefixed")))
    head = BNode()
    g.add((org, OWL.oneOf, head))  # an RDF list
    g.add((head, RDF.first, Literal(1)))
    g.add((head, RDF.rest, RDF.nil))
    return g


def _read(data: bytes, fmt: RDFFormat) -> Graph:
    parsed = read_rdf_bytes(data, fmt, f"export.{fmt.name}")
    g = Graph()
    for t in parsed.triples((None, None, None)):
        g.add(t)
    return g


@pytest.mark.parametrize("fmt", list(RDFFormat), ids=lambda f: f.name)
def test_tricky_literals_and_blank_nodes_round_trip(fmt: RDFFormat) -> None:
    g = tricky_graph()
    data = serialise(g, fmt)
    back = _read(data, fmt)
    assert isomorphic(back, g)
    assert serialise(g, fmt) == data  # deterministic
    labels = {str(o) for o in back.objects(None, RDFS.label)}
    assert "Cafe\u0301 (NFD)" in labels and "Caf\u00e9 (NFC)" in labels  # neither normalised


@pytest.mark.parametrize("fmt", list(RDFFormat), ids=lambda f: f.name)
def test_independent_reader_pyoxigraph_agrees(fmt: RDFFormat) -> None:
    g = tricky_graph()
    store = ox.Store()
    store.load(serialise(g, fmt), OX_FORMATS[fmt])
    assert len(store) == len(g)


@pytest.fixture(scope="module")
def shipped_exports(shipped: Graph) -> dict[RDFFormat, bytes]:
    return {fmt: serialise(shipped, fmt) for fmt in RDFFormat}


@pytest.mark.parametrize("fmt", list(RDFFormat), ids=lambda f: f.name)
def test_the_shipped_graph_round_trips(shipped: Graph, shipped_exports: dict[RDFFormat, bytes],
                                       fmt: RDFFormat) -> None:
    back = _read(shipped_exports[fmt], fmt)
    assert len(back) == len(shipped)
    assert set(stable_bnodes(back)) == set(stable_bnodes(shipped))  # rdflib.compare would take minutes here


@pytest.mark.parametrize("fmt", list(RDFFormat), ids=lambda f: f.name)
def test_pyoxigraph_loads_the_shipped_export_with_the_same_count(shipped: Graph,
                                                                 shipped_exports: dict[RDFFormat, bytes],
                                                                 fmt: RDFFormat) -> None:
    store = ox.Store()
    store.load(shipped_exports[fmt], OX_FORMATS[fmt])
    assert len(store) == len(shipped)


def test_owlready2_loads_the_exported_ontology(shipped_exports: dict[RDFFormat, bytes]) -> None:
    import owlready2

    from partnerkg.ontology import load_ontology

    onto_graph = load_ontology()
    onto_graph.remove((None, OWL.imports, None))  # owlready2 would follow imports over the network
    data = serialise(onto_graph, RDFFormat.RDFXML)
    world = owlready2.World()
    onto = world.get_ontology("https://w3id.org/partnerkg/ontology").load(fileobj=BytesIO(data), format="rdfxml")
    names = {c.name for c in onto.classes()}
    assert {"Organisation", "Partnership", "PartnershipModel", "LifeCycleStage", "Spreadsheet"} <= names
    assert onto.Partnership is not None and onto.hasPartner.domain == [onto.Partnership]
    world.close()


def test_prefixes_are_declared(shipped_exports: dict[RDFFormat, bytes]) -> None:
    turtle = shipped_exports[RDFFormat.TURTLE].decode()
    for prefix in ("pk", "org", "prov", "skos", "dcterms", "foaf", "owl", "rdfs", "xsd"):
        assert f"@prefix {prefix}: <" in turtle  # (id: is not: Turtle local names cannot hold a bare '/')
    assert 'xmlns:pk="https://w3id.org/partnerkg/ontology#"' in shipped_exports[RDFFormat.RDFXML].decode()
    doc = json.loads(shipped_exports[RDFFormat.JSONLD])
    assert doc["@context"] == json.loads(context_path().read_text())["@context"]
    mind = next(n for n in doc["@graph"] if n["@id"] == "id:organisation/mind")
    assert mind["sector"] == "pk:VoluntaryCommunitySector" and mind["rdfs:label"] == {"@language": "en",
                                                                                      "@value": "Mind"}


def test_named_graphs_are_kept(tmp_path: Path) -> None:
    ds = Dataset()
    ds.graph(URIRef("https://example.org/g1")).add((ID["organisation/a"], RDFS.label, Literal("A")))
    ds.graph(URIRef("https://example.org/g2")).add((ID["organisation/b"], RDFS.label, Literal("B")))
    ds.default_graph.add((ID["organisation/c"], RDFS.label, Literal("C")))
    for fmt in (RDFFormat.NQUADS, RDFFormat.TRIG, RDFFormat.JSONLD):
        back = read_rdf_bytes(serialise(ds, fmt), fmt, "x")
        assert isinstance(back, Dataset)
        names = {str(c.identifier) for c in back.graphs() if len(c)}
        assert {"https://example.org/g1", "https://example.org/g2"} <= names, fmt


# ---- the published JSON-LD context ------------------------------------------------------------------------


def test_the_shipped_context_is_the_generated_one() -> None:
    generated = context_json()
    if os.environ.get("PARTNERKG_REGENERATE"):
        from partnerkg.atomic import atomic_write_text

        atomic_write_text(context_path(), generated)
    assert context_path().read_text(encoding="utf-8") == generated, (
        "ontology/context.jsonld is out of date: run 'python -m partnerkg.interop.context --write' "
        "(or PARTNERKG_REGENERATE=1 pytest tests/interop/test_export.py)")


def test_context_terms_follow_the_ontology() -> None:
    ctx = build_context()["@context"]
    assert ctx["pk"] == "https://w3id.org/partnerkg/ontology#" and ctx["id"] == "https://w3id.org/partnerkg/id/"
    assert ctx["hasPartner"] == {"@id": "pk:hasPartner", "@type": "@id"}
    assert ctx["isFormal"] == {"@id": "pk:isFormal", "@type": "xsd:boolean"}
    assert ctx["quote"] == {"@id": "pk:quote"}  # xsd:string: no coercion
    assert ctx["row"] == {"@id": "pk:row", "@type": "xsd:positiveInteger"}
    from partnerkg.ontology import load_ontology

    onto = load_ontology()
    ontology_properties = {p for t in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in onto.subjects(RDF.type, t)
                           if str(p).startswith(str(PK))}
    assert {f"pk:{str(p)[len(str(PK)):]}" for p in ontology_properties} <= {v["@id"] for v in ctx.values()
                                                                           if isinstance(v, dict)}


def test_a_term_that_shadows_a_prefix_is_refused() -> None:
    g = Graph()
    g.add((PK["org"], RDF.type, OWL.ObjectProperty))
    with pytest.raises(ValueError, match="shadow the prefix org:"):
        build_context(g)


def test_the_context_module_writes_and_prints(capsys: pytest.CaptureFixture[str]) -> None:
    from partnerkg.interop.context import main

    assert main([]) == 0
    assert capsys.readouterr().out == context_json()


def test_long_rdf_lists_get_stable_labels_without_recursion() -> None:
    from rdflib import Graph

    from partnerkg.interop.export import stable_bnodes

    items = " ".join(f'"item {i}"' for i in range(5_000))
    text = f"<urn:x:s> <urn:x:items> ( {items} ) ."
    first, second = Graph().parse(data=text, format="turtle"), Graph().parse(data=text, format="turtle")
    assert set(first) != set(second)  # fresh blank nodes per parse
    assert set(stable_bnodes(first)) == set(stable_bnodes(second))
    assert len(stable_bnodes(first)) == 10_001
