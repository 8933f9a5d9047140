"""Facts encoded from 000_ecf9cfcfcd6731a9.txt ("Partnership working between Early Intervention Services and
the voluntary and community sector in the West Midlands", Health and Social Care in the Community post-print)
in graph/data/eden-plus.yaml: the EDEN PLUS study, its figures and Box 1 stage counts, the twelve anonymised
West Midlands Early Intervention Services and their partnerships, the facilitators and barriers, the policies
the Introduction cites and the Lowndes & Skelcher (1998) life-cycle stages."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from partnerkg.graph import shipped_data
from partnerkg.namespaces import ID, ORG, PK

SOURCE = ID["source/eis-voluntary-sector-partnerships"]
STUDY = ID["study/eden-plus"]
WEST_MIDLANDS = ID["region/west-midlands"]
EIS_KIND = ID["partnership-kind/early-intervention-service-and-voluntary-sector-partnerships"]
NATIONAL = ID["organisation/larger-national-voluntary-organisations-eden-plus"]
RESPITE_PCT = ID["organisation/primary-care-trust-funding-respite-units-west-midlands-eis-04"]


@pytest.fixture(scope="module")
def g() -> Graph:
    return shipped_data()


def label(g: Graph, node: URIRef) -> str:
    return str(g.value(node, RDFS.label))


def eis(n: int) -> URIRef:
    return ID[f"organisation/west-midlands-eis-{n:02d}"]


def partnership(n: int) -> URIRef:
    return ID[f"partnership/west-midlands-eis-{n:02d}-voluntary-sector"]


def quotes(g: Graph, node: URIRef) -> list[str]:
    return [
        str(g.value(d, PK.quote)) for d in g.objects(node, PROV.qualifiedDerivation) if (d, PROV.entity, SOURCE) in g
    ]


def one(g: Graph, s: URIRef, p: URIRef) -> Literal:
    values = list(g.objects(s, p))
    assert len(values) == 1, (p, values)
    return values[0]


# ---- the study ------------------------------------------------------------------------------------------


def test_study_identity_funder_region_and_years(g: Graph) -> None:
    # Methods: "The EDEN PLUS study, funded by the National Institute for Health Research Service Delivery &
    # Organisation Programme in 2004, was carried out in the West Midlands region of England (population 5.3
    # million) between 2004 and 2006."
    assert (STUDY, RDF.type, PK.Study) in g
    assert label(g, STUDY) == "EDEN PLUS study"
    assert (SOURCE, PK.reports, STUDY) in g
    funder = one(g, STUDY, PK.fundedBy)
    assert label(g, funder) == "National Institute for Health Research Service Delivery and Organisation Programme"
    assert (funder, RDF.type, PK.ResearchFunder) in g
    assert one(g, STUDY, PK.region) == WEST_MIDLANDS
    assert one(g, STUDY, PK.startYear) == Literal("2004", datatype=XSD.gYear)
    assert one(g, STUDY, PK.endYear) == Literal("2006", datatype=XSD.gYear)
    # "Data were collected during a 12-month period between May 2005 and April 2006."
    assert str(one(g, STUDY, PK.dataCollectionPeriod)) == "May 2005 to April 2006 (12 months)"
    assert "semi-structured interviews" in str(one(g, STUDY, PK.studyDesign))
    assert "West Midlands region population 5.3 million" in {str(x) for x in g.objects(STUDY, PK.statedFigure)}


def test_study_figures(g: Graph) -> None:
    # Managers of "the 12 active Early Intervention Services"; Results: "nominated 68 voluntary and community
    # sector organisations"; "Forty-seven of the 53 eligible ... who responded (89%) agreed to be interviewed";
    # "Forty-two of the 62 (68%) ... agreed to be interviewed"; "Focus groups were held with 10 of the 12 Early
    # Intervention Services (83%), and included 60 team members".
    expected = {
        PK.sitesStudied: 12,
        PK.organisationsNominated: 68,
        PK.voluntarySectorLeadsInterviewed: 47,
        PK.voluntarySectorLeadsEligible: 53,
        PK.commissionersInvited: 62,
        PK.commissionersInterviewed: 42,
        PK.focusGroups: 10,
        PK.focusGroupParticipants: 60,
    }
    for prop, value in expected.items():
        assert one(g, STUDY, prop).toPython() == value, prop
    assert one(g, STUDY, PK.responseRate).toPython() == Decimal(89)
    assert (STUDY, PK.interviewees, None) not in g  # the text states no total


def test_stated_figures_keep_what_the_text_says(g: Graph) -> None:
    # The invitations (4 SHAs + 30 PCT commissioners + 12 chief executives) and the "62" disagree; both are
    # kept as stated. Table 1 totals 60.
    figures = {str(x) for x in g.objects(STUDY, PK.statedFigure)}
    assert len(figures) == 17
    assert any("four Strategic Health Authorities, the 30 Primary Care Trust" in f for f in figures)
    assert any(f.startswith("42 of the 62 (68%)") for f in figures)
    assert any("10 of the 12 Early Intervention Services (83%)" in f for f in figures)
    assert any("community psychiatric nurse 34" in f and "total 60" in f for f in figures)
    assert any(f.startswith("only 5 of the 42 commissioners") for f in figures)


def test_box_1_stage_counts(g: Graph) -> None:
    # Box 1 (Lowndes & Skelcher's model ... from the Early Intervention Service perspective in the West
    # Midlands): 8 / 3 / 1 / 0; the abstract: "eight ... 'pre-partnership collaboration', three at
    # 'partnership creation and consolidation' and one at 'partnership programme delivery'".
    counts = {}
    for node in g.objects(STUDY, PK.reportedStageCount):
        assert (node, RDF.type, PK.StageCount) in g
        counts[one(g, node, PK.countedStage)] = one(g, node, PK["count"]).toPython()
    assert counts == {
        PK.PrePartnershipCollaboration: 8,
        PK.PartnershipCreationAndConsolidation: 3,
        PK.PartnershipProgrammeDelivery: 1,
        PK.PartnershipTerminationOrSuccession: 0,
    }


# ---- the twelve services and their partnerships -------------------------------------------------------


def test_twelve_anonymised_services(g: Graph) -> None:
    # "Managers of the 12 active Early Intervention Services in the West Midlands region"; "As a statutory
    # mental health service".
    services = {s for s in g.subjects(RDF.type, PK.EarlyInterventionService) if (s, PK.region, WEST_MIDLANDS) in g}
    assert services == {eis(n) for n in range(1, 13)}
    for n in range(1, 13):
        s = eis(n)
        assert label(g, s) == f"West Midlands Early Intervention Service {n} (anonymised)"
        assert (s, RDF.type, PK.UnnamedOrganisation) in g
        assert one(g, s, PK.sector) == PK.StatutorySector
        assert (s, RDF.type, PK.StatutoryOrganisation) in g
        assert any(q.startswith("As a statutory mental health service") for q in quotes(g, s))


def test_twelve_partnerships_formality_and_stage(g: Graph) -> None:
    # Extent and type of partnership working: "Only four of the 12 Early Intervention Services had any form of
    # formal partnership"; one legal agreement (programme delivery), three with integrated staff (creation
    # and consolidation), "the remaining eight ... more informal partnerships" (pre-partnership collaboration).
    observed = set(g.subjects(PK.observedIn, STUDY))
    assert observed == {partnership(n) for n in range(1, 13)}
    formal = {p for p in observed if one(g, p, PK.isFormal).toPython() is True}
    assert formal == {partnership(n) for n in range(1, 5)}
    stages = {n: one(g, partnership(n), PK.lifeCycleStage) for n in range(1, 13)}
    assert stages[1] == PK.PartnershipProgrammeDelivery
    assert {stages[n] for n in (2, 3, 4)} == {PK.PartnershipCreationAndConsolidation}
    assert {stages[n] for n in range(5, 13)} == {PK.PrePartnershipCollaboration}
    for p in observed:
        assert (p, PK.ofKind, EIS_KIND) in g
        assert (p, PK.partnershipModel, None) not in g  # the text gives no Audit Commission model
    # the Box 1 counts agree with the partnerships
    by_stage: dict[URIRef, int] = {}
    for st in stages.values():
        by_stage[st] = by_stage.get(st, 0) + 1
    assert by_stage == {
        PK.PrePartnershipCollaboration: 8,
        PK.PartnershipCreationAndConsolidation: 3,
        PK.PartnershipProgrammeDelivery: 1,
    }


def test_partners_of_each_partnership(g: Graph) -> None:
    expected_partner = {
        1: "voluntary and community sector organisation in a legal partnership agreement with West Midlands "
        "Early Intervention Service 1 (anonymised)",
        2: "voluntary and community sector organisation with staff integrated into West Midlands Early "
        "Intervention Service 2 (anonymised)",
        3: "voluntary and community sector organisation with staff integrated into West Midlands Early "
        "Intervention Service 3 (anonymised)",
        4: "voluntary and community sector organisation with staff integrated into and co-located with West "
        "Midlands Early Intervention Service 4 (anonymised)",
    }
    for n in range(5, 13):
        expected_partner[n] = (
            "voluntary and community sector organisations in informal partnerships with West Midlands Early "
            f"Intervention Service {n} (anonymised)"
        )
    for n in range(1, 13):
        partners = set(g.objects(partnership(n), PK.hasPartner))
        assert len(partners) == 2
        assert eis(n) in partners
        (vcs,) = partners - {eis(n)}
        assert label(g, vcs) == expected_partner[n]
        assert (vcs, RDF.type, PK.UnnamedOrganisation) in g
        assert one(g, vcs, PK.sector) == PK.VoluntaryCommunitySector
        assert (vcs, PK.partnerIn, partnership(n)) in g


def test_formal_partners_are_branches_of_larger_national_organisations(g: Graph) -> None:
    # "The voluntary and community organisations involved were also branches of larger national
    # organisations for whom finding sustainable funding was less problematic"
    branches = set(g.subjects(ORG.subOrganizationOf, NATIONAL))
    assert len(branches) == 4
    assert all((b, RDF.type, PK.LocalVoluntaryOrganisation) in g for b in branches)
    assert branches == {o for n in range(1, 5) for o in g.objects(partnership(n), PK.hasPartner)} - {
        eis(n) for n in range(1, 5)
    }
    assert (NATIONAL, RDF.type, PK.NationalVoluntaryOrganisation) in g


def test_co_located_partnership_and_primary_care_trust_respite_units(g: Graph) -> None:
    # "geographical co-location in one case. The Early Intervention Service in this case benefited from
    # respite units provided by the voluntary and community sector, and funded by the Primary Care Trust."
    # The trust funded the respite units, not the partnership: no pk:fundedBy on the partnership.
    assert list(g.objects(partnership(4), PK.fundedBy)) == []
    assert any("respite units" in q for q in quotes(g, RESPITE_PCT))
    assert (RESPITE_PCT, RDF.type, PK.PrimaryCareTrust) in g
    assert (RESPITE_PCT, RDF.type, PK.UnnamedOrganisation) in g
    assert any("respite units" in q for q in quotes(g, partnership(4)))


# ---- facilitators and barriers ----------------------------------------------------------------------------

FACILITATORS = {
    # "Facilitators to developing partnership working": the three issues ...
    "Coincidence of agenda",
    "Complementary skills",
    "Joint training initiatives",
    # ... and the others the Results, Discussion and Conclusion name
    "Information-sharing protocols",
    "Community development posts",
    "Capacity to seek out relevant potential partner organisations",
    "Informal personal relationships",
    "Experience of working together informally",
    "Pilot projects of more formal arrangements",
    "Sustainable funding",
    "Supportive policy framework",
    # Conclusion: "a better understanding of the complexity of the issues at a commissioner level"
    "A better understanding of the complexity of the issues at commissioner level",
}

BARRIERS = {
    # "There were five major barriers": Cultural differences, Investing in the partnership, Amateur status,
    # Economies of scale, Funding issues ...
    "Cultural differences between statutory and non-statutory services",
    "Time and resources required to make and maintain partnerships",
    "Amateur status and independence from the statutory sector",
    "Advantages of remaining a small and flexible organisation",
    "Funding issues and commissioners' lack of understanding of partnership working",
    # ... and, from the Discussion, "vulnerable to short-term funding and staff turnover"
    "Staff turnover",
    # Funding issues: "two commissioners felt that their efforts to engage the voluntary and community sector
    # were largely 'tokenistic'"
    "Tokenistic engagement of the voluntary and community sector by commissioners",
}


def reported(g: Graph, cls: URIRef) -> set[str]:
    return {label(g, s) for s in g.subjects(PK.reportedBy, STUDY) if (s, RDF.type, cls) in g}


def test_facilitators_exact(g: Graph) -> None:
    assert reported(g, PK.Facilitator) == FACILITATORS


def test_barriers_exact(g: Graph) -> None:
    assert reported(g, PK.Barrier) == BARRIERS
    # the five headings of "Barriers to partnership working" are kept as alternative labels
    headings = {str(a) for s in g.subjects(PK.reportedBy, STUDY) for a in g.objects(s, SKOS.altLabel)}
    five = {
        "Cultural differences",
        "Investing in the partnership",
        "Amateur status",
        "Economies of scale",
        "Funding issues",
    }
    assert five <= headings


def test_competition_is_a_model_prediction_not_a_finding(g: Graph) -> None:
    # "such tensions were not yet in evidence": the life-cycle model's competition for funding is tied to the
    # programme delivery stage but not reported by the study.
    b = ID["barrier/eden-plus-competition-for-funding"]
    assert label(g, b) == "Competition for funding between partnerships"
    assert (b, PK.reportedBy, STUDY) not in g
    assert set(g.objects(b, PK.relatesToStage)) == {PK.PartnershipProgrammeDelivery}


def test_categories(g: Graph) -> None:
    def cat(kind: str, name: str) -> set[URIRef]:
        return set(g.objects(ID[f"{kind}/eden-plus-{name}"], PK.category))

    assert cat("facilitator", "coincidence-of-agenda") == {PK.CategoryGoals}
    assert cat("facilitator", "joint-training-initiatives") == {PK.CategoryRelationships}
    assert cat("facilitator", "information-sharing-protocols") == {PK.CategoryCommunication}
    assert cat("barrier", "cultural-differences") == {PK.CategoryCulture}
    assert cat("barrier", "investing-in-the-partnership") == {PK.CategoryResourcesAndTime}
    assert cat("barrier", "funding-issues") == {PK.CategoryFunding}
    assert cat("barrier", "staff-turnover") == {PK.CategoryReorganisation}
    for s in g.subjects(PK.reportedBy, STUDY):
        assert len(set(g.objects(s, PK.category))) == 1, s


def test_stage_ties(g: Graph) -> None:
    # Discussion, "The life-cycle of partnership working".
    def stage_of(kind: str, name: str) -> set[URIRef]:
        return set(g.objects(ID[f"{kind}/eden-plus-{name}"], PK.relatesToStage))

    assert stage_of("facilitator", "coincidence-of-agenda") == {PK.PrePartnershipCollaboration}
    assert stage_of("facilitator", "informal-personal-relationships") == {PK.PrePartnershipCollaboration}
    assert stage_of("facilitator", "joint-training-initiatives") == {PK.PartnershipCreationAndConsolidation}
    assert stage_of("facilitator", "pilot-projects") == {PK.PartnershipCreationAndConsolidation}
    assert stage_of("barrier", "staff-turnover") == {PK.PrePartnershipCollaboration}
    assert stage_of("barrier", "cultural-differences") == {PK.PartnershipCreationAndConsolidation}


def test_facilitators_and_barriers_tied_to_partnerships(g: Graph) -> None:
    # "Each of these four more formal partnerships was built on the organisations' experience of working
    # together informally"; branches of national organisations with sustainable funding; "For these
    # organisations, the policy framework has provided support". The informal (stage 1) partnerships "were,
    # in practice, vulnerable to short-term funding and staff turnover, and took time to build and maintain".
    formal = {
        "Experience of working together informally",
        "Sustainable funding",
        "Supportive policy framework",
    }
    for n in range(1, 5):
        assert {label(g, f) for f in g.objects(partnership(n), PK.facilitatedBy)} == formal
        assert (partnership(n), PK.facesBarrier, None) not in g
    for n in range(5, 13):
        assert {label(g, f) for f in g.objects(partnership(n), PK.facilitatedBy)} == {
            "Coincidence of agenda",
            "Informal personal relationships",
        }
        assert {label(g, b) for b in g.objects(partnership(n), PK.facesBarrier)} == {
            "Time and resources required to make and maintain partnerships",
            "Funding issues and commissioners' lack of understanding of partnership working",
            "Staff turnover",
        }


def test_benefits(g: Graph) -> None:
    assert reported(g, PK.Benefit) == {
        "A lower stigma setting more conducive to service engagement",
        "Access to vocational and educational resources for clients",
    }


# ---- policies, organisations, stages ----------------------------------------------------------------------


def test_policies(g: Graph) -> None:
    # Introduction: the National Plan for the NHS (Department of Health 2000), 50 services by 2004, and
    # "strongly encouraged to develop partnerships with the voluntary and community sector"; ODPM 2004;
    # Department of Health 2004, p.7.
    dh = ID["organisation/department-of-health"]
    plan = ID["policy/nhs-plan"]
    assert label(g, plan) == "The NHS Plan"
    assert (plan, PK.issuedBy, dh) in g
    assert "2000" in {str(y) for y in g.objects(plan, DCTERMS.issued)}
    assert (plan, PK.encourages, EIS_KIND) in g
    assert any("50 Early Intervention Services" in str(f) for f in g.objects(plan, PK.statedFigure))
    assert any("strongly encouraged" in q for q in quotes(g, plan))

    odpm_report = ID["policy/social-exclusion-unit-report-on-mental-health"]
    assert (odpm_report, PK.issuedBy, ID["organisation/office-of-the-deputy-prime-minister"]) in g
    assert {str(y) for y in g.objects(odpm_report, DCTERMS.issued)} == {"2004"}
    kind = ID["partnership-kind/mental-health-services-strategic-partnerships-with-social-care-and-voluntary-sector"]
    assert (odpm_report, PK.encourages, kind) in g

    dh2004 = ID["policy/department-of-health-2004-voluntary-sector-in-mainstream-service-provision"]
    assert (dh2004, PK.issuedBy, dh) in g
    assert (dh2004, PK.encourages, ID["partnership-kind/health-and-voluntary-sector-partnerships"]) in g
    assert any("mainstream service provision" in q for q in quotes(g, dh2004))


def test_regional_statutory_bodies(g: Graph) -> None:
    # "senior managers in each of the four Strategic Health Authorities, the 30 Primary Care Trust mental
    # health commissioners and 12 Mental Health Trust and Social Care Trust Chief Executives in the region"
    bodies = {
        "organisation/west-midlands-strategic-health-authorities": (
            "four Strategic Health Authorities in the West Midlands (unnamed)",
            PK.StrategicHealthAuthority,
        ),
        "organisation/west-midlands-primary-care-trusts": (
            "Primary Care Trusts in the West Midlands (unnamed)",
            PK.PrimaryCareTrust,
        ),
        "organisation/west-midlands-mental-health-and-social-care-trusts": (
            "Mental Health Trusts and Social Care Trusts in the West Midlands (unnamed)",
            PK.MentalHealthTrust,
        ),
    }
    for ident, (text, cls) in bodies.items():
        node = ID[ident]
        assert label(g, node) == text
        assert (node, RDF.type, cls) in g
        assert (node, RDF.type, PK.UnnamedOrganisation) in g
        assert one(g, node, PK.sector) == PK.StatutorySector
        assert one(g, node, PK.region) == WEST_MIDLANDS


def test_life_cycle_stage_descriptions(g: Graph) -> None:
    # "The life-cycle of partnership working": each stage is described and quoted, never relabelled here.
    for stage, phrase in {
        PK.PrePartnershipCollaboration: "‘ideal type’ network relationship",
        PK.PartnershipCreationAndConsolidation: "formalisation of procedures",
        PK.PartnershipProgrammeDelivery: "formal contracts which theoretically introduce competition",
        PK.PartnershipTerminationOrSuccession: "exit or succession strategy",
    }.items():
        assert (stage, DCTERMS.description, None) in g
        assert any(phrase in q for q in quotes(g, stage)), stage
        assert (stage, RDFS.label, None) not in g


def test_everything_from_this_source_is_quoted(g: Graph) -> None:
    for s in set(g.subjects(PROV.wasDerivedFrom, SOURCE)):
        assert quotes(g, s), s
        assert all(len(q) >= 20 for q in quotes(g, s)), s
