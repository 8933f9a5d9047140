"""Evidence from 004_e2b55c30f96c6e11.txt, "Working with partner services and groups" (course text), on the
typology individuals of the ontology, in graph/data/partnership-typology.yaml."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDFS

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
    # The course text names no organisation, partnership or policy: only the typology draws on it.
    assert set(g.subjects(PROV.wasDerivedFrom, SOURCE)) == set(EXPECTED)
