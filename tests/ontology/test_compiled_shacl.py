"""The compiled SHACL engine's handling of SPARQL targets and constraints: which it answers from the index,
which it can show to have no solution, and that a store is made only when one may select something."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS

from partnerkg.namespaces import ID, ORG, PK
from partnerkg.ontology import load_ontology, load_shapes
from partnerkg.ontology.compiled_shacl import (
    Index,
    SparqlQuery,
    check,
    compile_shapes,
    constraint_results,
    focus_nodes,
    key,
)

LABEL_TARGET = """SELECT DISTINCT ?this WHERE {
  { SELECT DISTINCT ?this WHERE { ?this ?p ?o } }
  FILTER(STRSTARTS(STR(?this), "https://w3id.org/partnerkg/id/"))
}"""


def test_a_target_of_subjects_by_iri_prefix_is_read_off_the_index() -> None:
    assert SparqlQuery.of(LABEL_TARGET).prefix == "https://w3id.org/partnerkg/id/"
    assert SparqlQuery.of(LABEL_TARGET).required == ()
    flat = 'SELECT ?this WHERE { ?this ?p ?o FILTER(STRSTARTS(STR(?this), "urn:x:")) }'
    assert SparqlQuery.of(flat).prefix == "urn:x:"


@pytest.mark.parametrize("query", [
    'SELECT ?this WHERE { ?this <urn:p> ?o FILTER(STRSTARTS(STR(?this), "urn:x:")) }',  # a bound predicate
    'SELECT ?this WHERE { ?this ?p ?o FILTER(STRSTARTS(STR(?this), "urn:x:"@en)) }',  # a language tag
    'SELECT ?this WHERE { ?this ?p ?p FILTER(STRSTARTS(STR(?this), "urn:x:")) }',  # object = predicate
    'SELECT ?this WHERE { ?this ?p ?o FILTER(STRSTARTS(STR(?o), "urn:x:")) }',  # not the subject
    'SELECT ?this WHERE { ?this ?p ?o . ?o ?q ?r FILTER(STRSTARTS(STR(?this), "urn:x:")) }',  # two patterns
    'SELECT ?this WHERE { ?this ?p ?o FILTER(STRENDS(STR(?this), "urn:x:")) }',
])
def test_other_targets_are_not_taken_for_prefix_targets(query: str) -> None:
    assert SparqlQuery.of(query).prefix is None


def test_the_patterns_every_solution_needs() -> None:
    quoted = """PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX pk: <https://w3id.org/partnerkg/ontology#>
        SELECT DISTINCT ?this WHERE { ?this prov:wasDerivedFrom ?src . ?src a pk:SourceDocument .
          MINUS { ?this prov:qualifiedDerivation ?d . ?d prov:entity ?src ; pk:quote ?q . } }"""
    assert sorted(SparqlQuery.of(quoted).required) == [
        (str(RDF.type), str(PK.SourceDocument)), (str(PROV.wasDerivedFrom), None)]
    # OPTIONAL, UNION, literal objects and paths need nothing for certain; an aggregate answers a row over nothing
    loose = """SELECT ?this WHERE { ?this <urn:a> "x" . OPTIONAL { ?this <urn:b> ?b }
        { ?this <urn:c> ?c } UNION { ?this <urn:d> ?d } ?this <urn:e>/<urn:f> ?g . FILTER(?b != 1) }"""
    assert SparqlQuery.of(loose).required == (("urn:a", None),)
    assert SparqlQuery.of("SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:a> ?o }").required == ()
    assert SparqlQuery.of("SELECT ?this WHERE { ?this <urn:a> ?o } LIMIT 5").required == (("urn:a", None),)


def test_a_query_rdflib_cannot_read_always_runs() -> None:
    odd = SparqlQuery.of("SELECT ?this WHERE { ?this <urn:a> ?o } GROUP BY ?this HAVING")
    assert (odd.required, odd.prefix) == ((), None)
    assert odd.possible(lambda p, o: False)


MEMBER = ID["organisation/member"]
PARTNERSHIP = ID["partnership/p"]


def _organisation(more: list) -> list:
    """An imported organisation with its provenance (which conforms), and ``more``."""
    source = ID["spreadsheet/s"]
    derivation = BNode("d1")
    return [
        *more, (MEMBER, RDF.type, PK.Organisation), (MEMBER, RDFS.label, Literal("Member", lang="en")),
        (MEMBER, PROV.wasDerivedFrom, source), (MEMBER, PROV.qualifiedDerivation, derivation),
        (derivation, RDF.type, PROV.Derivation), (derivation, PROV.entity, source),
        (source, RDF.type, PK.Spreadsheet), (source, RDFS.label, Literal("s.csv", lang="en")),
        (source, PK.fileName, Literal("s.csv"))]


def _run(triples: list) -> tuple[list[str], list[tuple[str, str]], int]:
    """(components of the core failures, (focus, message) of SPARQL constraint rows, stores made)."""
    shapes = load_shapes()
    compiled = compile_shapes(shapes)
    index = Index(triples)
    index.add(load_ontology())
    made: list[ox.Store] = []

    def store() -> ox.Store:
        if not made:
            data = Graph()
            for t in [*triples, *load_ontology()]:
                data.add(t)
            made.append(ox.Store())
            made[0].extend(ox.parse(data.serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES))
        return made[0]

    among = [key(t[0]) for t in triples]
    foci = focus_nodes(index, compiled, among, store)
    core = sorted(f[3] for f in check(index, compiled, foci=foci))
    rows = sorted((str(r[0]), r[2]) for r in constraint_results(compiled, foci, store, index.has))
    return core, rows, len(made)


def test_no_store_is_made_when_no_sparql_part_can_select_anything() -> None:
    assert _run(_organisation([])) == ([], [], 0)
    # a resource under …/id/ that only the prefix target selects: its missing label is found without a store
    assert _run(_organisation([(ID["thing/t"], RDFS.comment, Literal("unlabelled"))])) == (
        ["MinCountConstraintComponent"], [], 0)


def test_a_constraint_that_may_fail_runs_on_a_store() -> None:
    membership = ID["membership/m"]
    triples = _organisation([(membership, RDF.type, ORG.Membership),
                             (membership, RDFS.label, Literal("M", lang="en")),
                             (membership, ORG.member, MEMBER), (membership, ORG.organization, PARTNERSHIP),
                             (PARTNERSHIP, RDF.type, PK.Partnership)])
    core, rows, made = _run(triples)
    assert made == 1
    assert [focus for focus, _message in rows] == [str(membership)]
    assert "pk:hasPartner" in rows[0][1]
    # the membership lacks its provenance: the core checks say so, found by the class target
    assert "MinCountConstraintComponent" in core


def test_an_index_on_a_base_reads_it_and_leaves_it_unchanged() -> None:
    base = Index([(PK.Partnership, RDFS.subClassOf, ORG.Organization), (MEMBER, RDFS.label, Literal("M"))])
    index = Index([(PARTNERSHIP, RDF.type, PK.Partnership), (MEMBER, RDFS.comment, Literal("c"))], base=base)
    assert index.classes(key(PARTNERSHIP)) == {str(PK.Partnership), str(ORG.Organization)}
    assert set(index.spo[key(MEMBER)]) == {str(RDFS.label), str(RDFS.comment)}
    assert set(base.spo[key(MEMBER)]) == {str(RDFS.label)} and key(PARTNERSHIP) not in base.spo
    index.add([(ORG.Organization, RDFS.subClassOf, PK.Agent)])  # a new superclass is followed
    assert str(PK.Agent) in index.classes(key(PARTNERSHIP))
    assert base.superclasses()[str(PK.Partnership)] == {str(PK.Partnership), str(ORG.Organization)}
