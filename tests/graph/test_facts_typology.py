"""Evidence from 004_e2b55c30f96c6e11.txt, "Working with partner services and groups" (course text), on the
typology individuals of the ontology, in graph/data/partnership-typology.yaml."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from partnerkg.graph import shipped_data
from partnerkg.namespaces import ID, PK

SOURCE = ID["source/working-with-partner-services"]

# Each individual with a passage of section 4.1 that supports it.
EXPECTED = {
    # "In some cases, people have specific ideas about the differences between these different terms."
    PK.InterAgencyWorking: "Inter-agency working usually refers to arrangements between two or more agencies",
    PK.MultiAgencyWorking: "Multi-agency working refers to representatives from a number of agencies",
    PK.MultiDisciplinaryWorking: "Multi-disciplinary working refers to teams made up of people from a range",
    # "Different types of partnerships exist. They may be based on:" - the themes and breadth of focus
    PK.SpecificFocus: "partnerships with a very specific focus, for example drugs and substance misuse",
    PK.BroadFocus: "a much broader set of issues, for example regenerating a town or an estate",
    # - the range and nature of the partners involved
    PK.SingleSectorPartners: "statutory, voluntary/third-sector and/or private sector organisations",
    PK.CrossSectorPartners: "statutory, voluntary/third-sector and/or private sector organisations",
    PK.WithCommunityRepresentatives: "whether other community representatives are also involved",
    # - the time span
    PK.ShortTerm: "one-off, short-term projects",
    PK.LongTerm: "longer-term plans for working together",
    # - the impetus for partnership working
    PK.BottomUp: "a response to needs and issues identified locally",
    PK.TopDown: "in which case engagement might be compulsory rather than voluntary",
    # - planned collaboration / evolved relationship
    PK.Planned: "arise because people have a specific outcome in mind",
    PK.Evolved: "might evolve over a period of time and as relationships develop",
    PK.PartnershipTypology: "Different types of partnerships exist.",
}


@pytest.fixture(scope="module")
def g() -> Graph:
    return shipped_data()


def quotes_from_004(g: Graph, node: URIRef) -> list[str]:
    return [
        str(g.value(d, PK.quote)) for d in g.objects(node, PROV.qualifiedDerivation) if (d, PROV.entity, SOURCE) in g
    ]


@pytest.mark.parametrize("node", sorted(EXPECTED), ids=lambda n: str(n).split("#")[-1])
def test_typology_individual_quoted(g: Graph, node: URIRef) -> None:
    quotes = quotes_from_004(g, node)
    assert any(EXPECTED[node] in q for q in quotes), quotes
    assert (node, PROV.wasDerivedFrom, SOURCE) in g
    # Labelled in the ontology only: the data adds no label.
    assert g.value(node, RDFS.label) is None


def test_only_typology_from_004(g: Graph) -> None:
    # The course text names no organisation, partnership or policy: the typology, its definitions, its two
    # bulleted lists and the one work it cites (Chauhan, 2007, and its author) draw on it.
    others = {ID[f"definition/{d}"] for d in ("course-partnership-working", "partnership-working-range-of-arrangements",
                                               "inter-agency-working", "multi-agency-working",
                                               "multi-disciplinary-working")}
    others |= {ID["list/course-working-mode-terms"], ID["list/course-partnership-dimensions"],
               ID["work/chauhan-2007"], ID["person/vipin-chauhan"]}
    assert set(g.subjects(PROV.wasDerivedFrom, SOURCE)) == set(EXPECTED) | others
    for cls in (PK.Organisation, PK.Partnership, PK.Policy):
        assert not any((s, RDF.type, cls) in g for s in g.subjects(PROV.wasDerivedFrom, SOURCE))
