"""Facts from 003_fa0cb96597df18b3.txt, Lesley Noaks, "Holistic approaches to early intervention: what works
in delivering effective partnerships", as encoded in graph/data/on-track.yaml.

Each test names the passage of the text that it pins.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from partnerkg.graph import shipped_data
from partnerkg.namespaces import ID, PK

SOURCE = ID["source/holistic-approaches-early-intervention"]
PROGRAMME = ID["policy/on-track-programme"]
ON_TRACK = ID["partnership/on-track"]
EVALUATION = ID["study/on-track-evaluation"]


@pytest.fixture(scope="module")
def g() -> Graph:
    return shipped_data()


def label(g: Graph, node: URIRef) -> str:
    return str(g.value(node, RDFS.label))


def labels(g: Graph, nodes) -> set[str]:
    return {label(g, n) for n in nodes}


def from_source(g: Graph, node: URIRef) -> bool:
    return (node, PROV.wasDerivedFrom, SOURCE) in g


def year(g: Graph, node: URIRef) -> str:
    """The dcterms:issued year, checked to be an xsd:gYear."""
    value = g.value(node, DCTERMS.issued)
    assert value is not None and value.datatype == XSD.gYear
    return str(value)


def quotes(g: Graph, node: URIRef) -> list[str]:
    return [
        str(g.value(d, PK.quote)) for d in g.objects(node, PROV.qualifiedDerivation) if (d, PROV.entity, SOURCE) in g
    ]


# "Lessons learned on creating effective partnerships": "The 12 factors set out below ..." (i) to (xii).
LESSONS = {
    "i": "The role of the co-ordinator and the stage at which they are appointed",
    "ii": "Money for the appointment of programme co-ordinators at an earlier stage",
    "iii": "Acknowledgement of the need for a project start-up phase",
    "iv": "Support networks for co-ordinators",
    "v": "Time spent on devising inter-agency service level agreements",
    "vi": "Task groups for transforming the strategic into operational policy",
    "vii": "More resources and support for community based partnership groupings",
    "viii": "Avoiding rhetoric",
    "ix": "Sharing of skills and expertise and a willingness to be honest regarding gaps in knowledge",
    "x": "Efficiently-run meetings",
    "xi": "Opportunities for communication across agencies and with service users built into the infrastructure",
    "xii": "Location in an accessible and user-friendly base",
}


def lessons(g: Graph) -> dict[str, URIRef]:
    out = {}
    for f in g.subjects(RDF.type, PK.Facilitator):
        notation = g.value(f, SKOS.notation)
        if notation is not None and (f, PK.reportedBy, EVALUATION) in g:
            out[str(notation)] = f
    return out


def test_twelve_lessons_exact_labels(g: Graph) -> None:
    found = lessons(g)
    assert len(found) == 12
    assert {n: label(g, f) for n, f in found.items()} == LESSONS


def test_each_lesson_quotes_its_numbered_heading(g: Graph) -> None:
    # Every lesson carries the verbatim "(i) ...", "(ii) ..." heading of its paragraph.
    for notation, f in lessons(g).items():
        assert any(q.startswith(f"({notation}) ") for q in quotes(g, f)), notation


def test_lessons_facilitate_on_track_and_have_categories(g: Graph) -> None:
    # "the factors that have facilitated implementation of the programme as a collaborative venture"
    for f in lessons(g).values():
        assert (ON_TRACK, PK.facilitatedBy, f) in g
        cats = set(g.objects(f, PK.category))
        assert cats and all(str(c).startswith(str(PK) + "Category") for c in cats)
        assert all((c, SKOS.inScheme, PK.FacilitatorScheme) in g for c in cats)


def test_lesson_categories(g: Graph) -> None:
    found = lessons(g)
    assert set(g.objects(found["i"], PK.category)) == {PK.CategoryLeadership}
    assert set(g.objects(found["ii"], PK.category)) == {PK.CategoryFunding, PK.CategoryStructure}
    assert set(g.objects(found["v"], PK.category)) == {PK.CategoryStructure}
    assert set(g.objects(found["xi"], PK.category)) == {PK.CategoryCommunication}
    assert set(g.objects(found["xii"], PK.category)) == {PK.CategoryUsers}
    # (xii) "received 40% of their referrals directly from members of the community visiting the centre"
    assert "40% of their referrals" in str(g.value(found["xii"], PK.statedFigure))


def test_facilitators_and_barriers_of_on_track(g: Graph) -> None:
    facilitators = set(g.objects(ON_TRACK, PK.facilitatedBy))
    barriers = set(g.objects(ON_TRACK, PK.facesBarrier))
    # twelve lessons + 17 other good-practice factors ("factors that supported best practice", "Evidence of
    # best practice in this regard included:", the Conclusion); 20 barriers and challenges.
    assert len(facilitators) == 29
    assert len(barriers) == 20
    assert all((f, PK.reportedBy, EVALUATION) in g for f in facilitators | barriers)
    assert all(from_source(g, x) for x in facilitators | barriers)
    # "Evidence of best practice in this regard included:" - the five bullets
    assert {
        "Co-ordination teams to deal with allocation of referrals and case reviews",
        "Accessible written information, such as service level agreements",
        "Multi-agency staff development sessions",
        "A shared On Track base or location",
        "Intervention co-ordinators with designated responsibility for co-ordination of service delivery",
    } <= labels(g, facilitators)
    # "The organisational issues highlighted as requiring further attention were:" - the two bullets
    assert {
        "Lack of community engagement in partnership arrangements",
        "Lack of organisational infrastructures to support partnership working",
    } <= labels(g, barriers)


def test_impact_research_reports_interventions_in_isolation(g: Graph) -> None:
    # "fieldwork for the impact research (Atkinson et al., 2003) identified that some providers were unaware ..."
    barrier = ID["barrier/interventions-working-in-isolation"]
    assert set(g.objects(barrier, PK.reportedBy)) == {EVALUATION, ID["study/on-track-impact-research"]}


# ---- Acts, green paper, inquiry reports ------------------------------------------------------------------


def test_crime_and_disorder_act_1998(g: Graph) -> None:
    # Introduction: "The Crime and Disorder Act (1998) ... the requirement in England and Wales for every area to
    # establish a Community Safety Partnership ... the legislation required the establishment of Youth Offending Teams"
    act = ID["policy/crime-and-disorder-act-1998"]
    assert (act, RDF.type, PK.Act) in g
    assert label(g, act) == "Crime and Disorder Act 1998"
    assert year(g, act) == "1998"
    assert labels(g, g.objects(act, PK.requires)) == {"Community Safety Partnerships", "Youth Offending Teams"}
    assert all((k, RDF.type, PK.PartnershipKind) in g for k in g.objects(act, PK.requires))
    assert labels(g, g.objects(act, PK.region)) == {"England", "Wales"}


def test_children_act_2004_and_every_child_matters(g: Graph) -> None:
    # "The Green Paper Every Child Matters (HMSO, 2003), which preceded the 2004 Children Act, also has as one of
    # its stated priorities 'to break down organisational boundaries'"
    act = ID["policy/children-act-2004"]
    assert (act, RDF.type, PK.Act) in g
    assert year(g, act) == "2004"
    # The text states no specific requirement of the 2004 Act, so none is encoded.
    assert set(g.objects(act, PK.requires)) == set()
    ecm = ID["policy/every-child-matters"]
    assert (ecm, RDF.type, PK.GreenPaper) in g
    assert year(g, ecm) == "2003"
    assert any("to break down organisational boundaries" in q for q in quotes(g, ecm))


def test_acts_cited(g: Graph) -> None:
    acts = {a for a in g.subjects(RDF.type, PK.Act) if from_source(g, a)}
    assert {(label(g, a), str(g.value(a, DCTERMS.issued))) for a in acts} == {
        ("Crime and Disorder Act 1998", "1998"),
        ("Children Act 2004", "2004"),
    }


def test_laming_report_and_recommendations(g: Graph) -> None:
    # "The report of Lord Laming's enquiry into the circumstances surrounding the death of Victoria Climbie called for
    # a number of measures ... These include: Recommendation 8 ... (Laming, 2003, p.372) Recommendation 15 ... p.373"
    report = ID["policy/victoria-climbie-inquiry-report"]
    assert (report, RDF.type, PK.InquiryReport) in g
    assert year(g, report) == "2003"
    laming = g.value(report, PK.issuedBy)
    assert laming == ID["person/lord-laming"]
    assert (laming, RDF.type, PK.Person) in g
    assert label(g, laming) == "Lord Laming"
    recs = set(g.subjects(DCTERMS.isPartOf, report))
    assert {int(g.value(r, PK.recommendationNumber)) for r in recs} == {8, 15}
    assert all((r, RDF.type, PK.Recommendation) in g for r in recs)
    assert labels(g, recs) == {"Laming Report Recommendation 8", "Laming Report Recommendation 15"}
    rec8 = ID["policy/laming-recommendation-8"]
    assert any(
        "must appoint a director responsible for ensuring that inter-agency arrangements" in q for q in quotes(g, rec8)
    )


def test_other_cited_policies(g: Graph) -> None:
    # "(DOH 1995; Hallett, 1995; Laming 2003; Bichard - Home Office 2005)"; "The Seebohm reforms of the 1970s";
    # "particularly promotion of Identification, Referral and Tracking"
    bichard = ID["policy/bichard-inquiry-report"]
    assert g.value(bichard, PK.issuedBy) == ID["organisation/home-office"]
    assert year(g, bichard) == "2005"
    guide = ID["policy/challenges-of-partnership-in-child-protection"]
    assert year(g, guide) == "1995"
    ssi = g.value(guide, PK.issuedBy)
    assert (ssi, ORG.subOrganizationOf, ID["organisation/department-of-health"]) in g
    policies = {p for p in g.subjects(RDF.type, PK.Policy) if from_source(g, p)}
    assert labels(g, policies) == {
        "On Track programme",
        "Crime Reduction Programme",
        "Crime and Disorder Act 1998",
        "The Victoria Climbié Inquiry: Report of an Inquiry by Lord Laming",
        "Laming Report Recommendation 8",
        "Laming Report Recommendation 15",
        "Every Child Matters",
        "Children Act 2004",
        "Identification, Referral and Tracking",
        "The Bichard Inquiry Report",
        "The Challenges of Partnership in Child Protection: Practice Guide",
        "Seebohm reforms",
        # Lesson (ii): "Our recommendation would be for money to be made available ..."
        "On Track evaluation recommendation: money for the appointment of programme co-ordinators at an earlier stage",
        # "In relation to health visiting and Sure Start, there were a few problems in their relationships"
        "Sure Start",
    }


# ---- The On Track programme and its partnership ---------------------------------------------------------------


def test_on_track_programme(g: Graph) -> None:
    # "The On Track programme": "It was initially established within the Home Office Crime Reduction Programme ...
    # The programme was established in 24 areas of England and Wales."
    assert (PROGRAMME, RDF.type, PK.FundingProgramme) in g
    assert (PROGRAMME, RDF.type, PK.Programme) in g
    assert g.value(PROGRAMME, PK.issuedBy) == ID["organisation/home-office"]
    assert g.value(PROGRAMME, DCTERMS.isPartOf) == ID["policy/crime-reduction-programme"]
    assert label(g, ID["policy/crime-reduction-programme"]) == "Crime Reduction Programme"
    assert [str(s) for s in g.objects(PROGRAMME, PK.statedFigure)] == ["established in 24 areas of England and Wales"]
    assert any("established in 24 areas of England and Wales" in q for q in quotes(g, PROGRAMME))
    assert labels(g, g.objects(PROGRAMME, PK.region)) == {"England", "Wales"}
    # "a government funded, early intervention programme that required a collaborative approach"
    assert (PROGRAMME, PK.constitutes, ON_TRACK) in g
    assert (PROGRAMME, PK.requires, ON_TRACK) in g


def test_partnership_kinds(g: Graph) -> None:
    # Introduction (Crime and Disorder Act) and "The operational context to partnership working": "youth offending
    # teams; community safety strategies and early years partnerships"
    kinds = {k for k in g.subjects(RDF.type, PK.PartnershipKind) if from_source(g, k)}
    assert labels(g, kinds) == {
        "Community Safety Partnerships",
        "Youth Offending Teams",
        "Early years partnerships",
        # "This included urban regeneration schemes; youth offending teams; community safety strategies ..."
        "Urban regeneration schemes",
        "Community safety strategies",
        # "multi-agency collaboration is seen as the way forward"
        "Multi-agency collaboration in services for children and families",
    }
    assert not any((k, RDF.type, PK.Partnership) in g for k in kinds)


def test_on_track_partnership_structure(g: Graph) -> None:
    # "Phase 1 - Participant-observation in steering group meetings ...", "Phase 2 - a survey of steering group and
    # operational group members", "the formal strategic or operational groupings that supported OT"
    assert (ON_TRACK, RDF.type, PK.Partnership) in g
    assert (ON_TRACK, PK.workingMode, PK.MultiAgencyWorking) in g
    assert (ON_TRACK, PK.impetus, PK.TopDown) in g
    subs = set(g.subjects(ORG.subOrganizationOf, ON_TRACK))
    sub_partnerships = {s for s in subs if (s, RDF.type, PK.Partnership) in g}
    assert labels(g, sub_partnerships) == {"On Track partnership in area H"}
    assert set(g.objects(ON_TRACK, ORG.hasSubOrganization)) == subs
    # The steering groups and operational groups are bodies of the partnership, not partnerships: the text names
    # none of their member agencies (they once had the five agencies of the Phase 1 interviewees as partners).
    for p in ("partnership/on-track-steering-groups", "partnership/on-track-operational-groups"):
        assert (ID[p], RDF.type, PK.PartnershipBody) in g and (ID[p], RDF.type, PK.Partnership) not in g
        assert ID[p] in subs
        assert list(g.objects(ID[p], PK.hasPartner)) == []
    for p in sub_partnerships | {ON_TRACK}:
        assert (p, PK.observedIn, EVALUATION) in g
        partners = set(g.objects(p, PK.hasPartner))
        assert len(partners) >= 2
        assert all((o, RDF.type, PK.Organisation) in g for o in partners)
    # "educationalists", "the education team": not a school
    assert (ID["organisation/on-track-education-unnamed"], RDF.type, PK.School) not in g


def test_on_track_partners(g: Graph) -> None:
    # Phase 1: "ten partners including four educationalists; two voluntary organisation staff; one social services
    # worker; one urban regeneration worker; one police officer and one parent" (the parent is a service user).
    assert labels(g, g.objects(ON_TRACK, PK.hasPartner)) == {
        "education (unnamed)",
        "voluntary organisations (unnamed)",
        "social services (unnamed)",
        "urban regeneration (unnamed)",
        "police (unnamed)",
    }
    assert all((o, RDF.type, PK.UnnamedOrganisation) in g for o in g.objects(ON_TRACK, PK.hasPartner))
    # Conclusion: "(A professional partner representing a voluntary agency in Area H)"
    area_h = ID["partnership/on-track-area-h"]
    assert labels(g, g.objects(area_h, PK.hasPartner)) == {
        "On Track area H (anonymised)",
        "voluntary agency in Area H (unnamed)",
    }


def test_anonymised_areas(g: Graph) -> None:
    # "In the reporting of results all of the project areas are anonymised and referred to as areas A-H."
    # The text singles out area B, area D, Project E and Area H; they keep their letters, never a name.
    areas = {a for a in g.subjects(ORG.subOrganizationOf, ON_TRACK) if (a, RDF.type, PK.UnnamedOrganisation) in g}
    assert labels(g, areas) == {f"On Track area {x} (anonymised)" for x in "BDEH"}
    assert {str(a).rsplit("/", 1)[1] for a in areas} == {f"on-track-area-{x}" for x in "bdeh"}


def test_on_track_evaluation(g: Graph) -> None:
    # "Research methodology": four phases; "A response rate of 53% (134 out of 253 questionnaires ...)";
    # "15 providers and 19 service users across seven of the eight areas"; "the remaining 16 On Track projects";
    # "The evaluation undertaken by the author (Noaks et al., 2004)".
    assert (EVALUATION, RDF.type, PK.Study) in g
    assert label(g, EVALUATION) == "On Track evaluation"
    assert g.value(EVALUATION, PK.evaluates) == PROGRAMME
    assert g.value(EVALUATION, PK.conductedBy) == ID["person/lesley-noaks"]
    assert g.value(EVALUATION, PK.sitesStudied) == Literal(8, datatype=XSD.nonNegativeInteger)
    assert g.value(EVALUATION, PK.responseRate) == Literal("53.0", datatype=XSD.decimal)  # canonical, with a point
    figures = {str(f) for f in g.objects(EVALUATION, PK.statedFigure)}
    assert len(figures) == 5
    assert any("134 out of 253 questionnaires" in f for f in figures)
    assert any("15 providers and 19 service users" in f for f in figures)
    assert any("remaining 16 On Track projects" in f for f in figures)
    assert any("six coordinators and ten partners" in f for f in figures)
    assert set(g.objects(SOURCE, PK.reports)) == {EVALUATION, ID["study/on-track-impact-research"]}
    assert {p for p in g.subjects(PK.observedIn, EVALUATION) if from_source(g, p)} == {
        ON_TRACK,
        ID["partnership/on-track-area-h"],
    }


def test_everything_from_this_source_is_quoted(g: Graph) -> None:
    kinds = (
        PK.Organisation,
        PK.Partnership,
        PK.Policy,
        PK.Barrier,
        PK.Facilitator,
        PK.Study,
        PK.PartnershipKind,
        PK.Person,
    )
    for kind in kinds:
        for node in g.subjects(RDF.type, kind):
            if from_source(g, node):
                assert all(len(q) >= 20 for q in quotes(g, node)), node
                assert quotes(g, node), node
