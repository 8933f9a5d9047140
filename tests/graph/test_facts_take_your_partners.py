"""Facts encoded from 002_e3684543160d23d5.txt, "Take your partners" (Community Care; Martin Willis,
Des Kelly, Andrew McCulloch), in graph/data/take-your-partners.yaml."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from partnerkg.graph import shipped_data
from partnerkg.namespaces import ID, PK

SOURCE = ID["source/take-your-partners"]
LHMII = ID["partnership/london-homeless-mentally-ill-initiative"]
STUDY = ID["study/somerset-mental-health-partnership-evaluation"]


@pytest.fixture(scope="module")
def g() -> Graph:
    return shipped_data()


def label(g: Graph, node: URIRef) -> str:
    return str(g.value(node, RDFS.label))


def from_source(g: Graph, cls: URIRef) -> set[URIRef]:
    """Instances of ``cls`` derived from this article."""
    return {s for s in g.subjects(RDF.type, cls) if (s, PROV.wasDerivedFrom, SOURCE) in g}


def test_top_tips(g: Graph) -> None:
    # The "Top tips" box: four bullets, each a facilitator.
    tips = {
        label(g, s)
        for s in from_source(g, PK.Facilitator)
        if (s, SKOS.note, Literal("One of the article's top tips.", lang="en")) in g
    }
    assert tips == {
        "Involve service users right at the start of partnership working",
        "Co-locating staff helps relationship building",
        "Not all partners come from the same field: sometimes difference is a strength",
        "Have an agreed partnership agreement defining who does what",
    }


def test_rubbish_tips(g: Graph) -> None:
    # The "Rubbish tips" box: four bullets, each a misconception; the article has no other misconception.
    assert {label(g, s) for s in from_source(g, PK.Misconception)} == {
        "A good partnership is demonstrated by regular, well-attended meetings",
        "Partnerships will go the way of all government fads and fashions",
        "Working in partnership involves sharing everything on a 50/50 basis",
        "Go for as many partners as you can get",
    }


def test_lhmii_partners(g: Graph) -> None:
    # "When I was... chairing the steering committee for the London Homeless Mentally Ill Initiative ...
    # Those involved included the then Tory government, a number of Labour local authorities, several health
    # authorities, a number of homelessness charities and the Housing Corporation."
    partners = set(g.objects(LHMII, PK.hasPartner))
    assert {label(g, p) for p in partners} == {
        "Tory government",
        "a number of Labour local authorities (unnamed)",
        "several health authorities (unnamed)",
        "a number of homelessness charities (unnamed)",
        "Housing Corporation",
    }
    unnamed = {label(g, p) for p in partners if (p, RDF.type, PK.UnnamedOrganisation) in g}
    assert unnamed == {
        "a number of Labour local authorities (unnamed)",
        "several health authorities (unnamed)",
        "a number of homelessness charities (unnamed)",
    }
    for p in partners:
        assert (p, PK.partnerIn, LHMII) in g
    assert (ID["organisation/lhmii-labour-local-authorities"], RDF.type, PK.LocalAuthority) in g
    assert (ID["organisation/lhmii-health-authorities"], RDF.type, PK.HealthAuthority) in g
    assert (ID["organisation/lhmii-homelessness-charities"], RDF.type, PK.Charity) in g
    assert (ID["organisation/housing-corporation"], PK.sector, PK.StatutorySector) in g


def test_lhmii_facts_and_facilitators(g: Graph) -> None:
    # "Patience, the mutually shared goal of getting vulnerable people off the street, resources – £25m was
    # available, and mutual understanding over time all played key roles." and the ministers' willingness.
    assert label(g, LHMII) == "London Homeless Mentally Ill Initiative"
    assert set(g.objects(LHMII, PK.region)) == {ID["region/london"]}
    assert set(g.objects(LHMII, PK.statedFigure)) == {Literal("£25m was available")}
    assert {label(g, f) for f in g.objects(LHMII, PK.facilitatedBy)} == {
        "Patience",
        "Shared aims",
        "Available resources",
        "Mutual understanding over time",
        "Ministers' willingness to make it work",
    }
    assert set(g.objects(LHMII, PK.facesBarrier)) == set()
    # No model, stage or formality: the box does not state them.
    for p in (PK.partnershipModel, PK.lifeCycleStage, PK.isFormal):
        assert g.value(LHMII, p) is None


def test_people(g: Graph) -> None:
    # The authors (closing line) and the two ministers of the LHMII box.
    people = {label(g, s) for s in from_source(g, PK.Person)}
    # Footnote 1 and the running text: "Alison O'Sullivan has written about her experience ..."
    assert people == {"Martin Willis", "Des Kelly", "Andrew McCulloch", "Tim Yeo", "John Bowis", "Alison O'Sullivan"}
    assert Literal("chief executive, Mental Health Foundation") in set(
        g.objects(ID["person/andrew-mcculloch"], PK.role)
    )


def test_organisations(g: Graph) -> None:
    # The authors' organisations and the LHMII partners; nothing from the reference list.
    assert {label(g, s) for s in from_source(g, PK.Organisation)} == {
        "Birmingham University",
        "Inlogov",
        "Bupa Care Homes",
        "Mental Health Foundation",
        "Tory government",
        "a number of Labour local authorities (unnamed)",
        "several health authorities (unnamed)",
        "a number of homelessness charities (unnamed)",
        "Housing Corporation",
        # "Partnership and collaboration have been watchwords of the New Labour programme."
        "New Labour",
    }
    assert (
        ID["organisation/inlogov"],
        URIRef("http://www.w3.org/ns/org#subOrganizationOf"),
        ID["organisation/birmingham-university"],
    ) in g


STAFF_MORALE = "Reduction in staff job satisfaction, morale and role clarity in the first year of a partnership"
ENDLESS_MEETINGS = "Endless rounds of partnership meetings and processes dampening enthusiasm for joint working"

BARRIERS = {
    # "Partnerships often fail. The reasons for failing include a lack of purpose or communication. ..."
    "Lack of purpose": PK.CategoryGoals,
    "Lack of communication": PK.CategoryCommunication,
    "Crucial personnel moving on": PK.CategoryReorganisation,
    "Lack of a clear agreement about the partnership": PK.CategoryStructure,
    "Failure to sort out resources": PK.CategoryResourcesAndTime,
    "Different accountabilities pulling partners in different directions": PK.CategoryGovernance,
    "Failing to engage the commitment of front-line staff": PK.CategoryLeadership,
    STAFF_MORALE: PK.CategoryLeadership,
    # "...partners to drift apart. So too will a lack of mutual confidence and a lack of understanding..."
    "Lack of an agreed focus on the outcomes": PK.CategoryGoals,
    "Lack of mutual confidence": PK.CategoryCulture,
    "Lack of understanding of what partners can contribute": PK.CategoryRelationships,
    # "conflicting drivers particularly performance indicators and star ratings"; "Financial imperatives..."
    "Conflicting drivers such as performance indicators and star ratings": PK.CategoryGovernance,
    "Financial imperatives": PK.CategoryFunding,
    # cultures (O'Sullivan; the two organisations), sharing power, the "endless round of meetings"
    "Different cultures of partner agencies": PK.CategoryCulture,
    "Tensions from sharing power and compromise": PK.CategoryPower,
    ENDLESS_MEETINGS: PK.CategoryResourcesAndTime,
}


def test_barriers_and_categories(g: Graph) -> None:
    barriers = from_source(g, PK.Barrier)
    assert {label(g, b) for b in barriers} == set(BARRIERS)
    for b in barriers:
        assert set(g.objects(b, PK.category)) == {BARRIERS[label(g, b)]}


def test_facilitators(g: Graph) -> None:
    assert len(from_source(g, PK.Facilitator)) == 13
    for f in from_source(g, PK.Facilitator):
        assert len(set(g.objects(f, PK.category))) == 1


def test_somerset_study(g: Graph) -> None:
    # "One study found a reduction in job satisfaction, morale and role clarity during the first year of a
    # mental health partnership with some staff members." (footnote 2: Peck, Gulliver and Towell 2002)
    assert label(g, STUDY) == "Somerset mental health partnership evaluation"
    assert (SOURCE, PK.reports, STUDY) in g
    assert {label(g, b) for b in g.subjects(PK.reportedBy, STUDY)} == {STAFF_MORALE}


def test_policies_kinds_and_reasons(g: Graph) -> None:
    # "From children's and young people's partnerships to the section 31 partnership flexibilities ..."
    assert {label(g, s) for s in from_source(g, PK.PartnershipKind)} == {"Children's and young people's partnerships"}
    assert {label(g, s) for s in from_source(g, PK.Policy)} == {
        "Section 31 partnership flexibilities",
        # "despite the national service framework": the text does not say which (once labelled "for children")
        "National service framework",
        "The New Labour programme",
    }
    # "So why work in partnerships? The first answer ... the second reason ..."
    assert {label(g, s) for s in from_source(g, PK.ReasonForPartnership)} == {
        'The "must dos" of government policy',
        "More effective care for users",
    }


def test_every_entity_quoted(g: Graph) -> None:
    for s in set(g.subjects(PROV.wasDerivedFrom, SOURCE)):
        quotes = [g.value(d, PK.quote) for d in g.objects(s, PROV.qualifiedDerivation) if (d, PROV.entity, SOURCE) in g]
        assert any(q is not None and len(str(q)) >= 20 for q in quotes), s
