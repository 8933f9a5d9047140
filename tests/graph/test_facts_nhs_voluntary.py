"""Facts from "Partnership working between the NHS, social services and the voluntary sector in mental health"
(``001_81855d3f69df9148.txt``), encoded in ``graph/data/nhs-voluntary-sector.yaml``: its organisations,
policies and partnerships.

Each test names the passage it pins. Table 1, the five reasons and Boxes 2, 4, 5, 6 and 7 are pinned elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from partnerkg.graph import shipped_data
from partnerkg.graph.compiler import compile_sources, shipped_sources
from partnerkg.graph.quotes import check_quotes
from partnerkg.namespaces import ID, ORG, PK

SOURCE = ID["source/nhs-voluntary-sector-mental-health"]
DATA_FILE = "nhs-voluntary-sector.yaml"
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def g() -> Graph:
    return shipped_data()


@pytest.fixture(scope="module")
def own() -> Graph:
    """This file compiled alone, with sources.yaml and regions.yaml only."""
    keep = ("/sources.yaml", "/regions.yaml", "/" + DATA_FILE)
    return compile_sources([s for s in shipped_sources() if s[0].endswith(keep)])


def i(local: str) -> URIRef:
    return ID[local]


def label(g: Graph, node: URIRef) -> str:
    labels = list(g.objects(node, RDFS.label))
    assert len(labels) == 1, f"{node} has {len(labels)} labels"
    return str(labels[0])


def labels(g: Graph, nodes) -> set[str]:
    return {label(g, n) for n in nodes}


def partner_labels(g: Graph, partnership: URIRef) -> set[str]:
    return labels(g, g.objects(partnership, PK.hasPartner))


# ---------------------------------------------------------------------------------------------
# Box 1: Policy on the role of the voluntary sector in public service delivery
# ---------------------------------------------------------------------------------------------
BOX_1 = {
    # id: (label, class, year or None, issuers)
    "policy/developing-partnerships-in-mental-health": (
        "Developing Partnerships in Mental Health",
        PK.GreenPaper,
        "1997",
        {"Department of Health"},
    ),
    "policy/national-compact": ("National Compact", PK.AgreementOrCompact, None, set()),
    "policy/making-partnership-work-for-patients-carers-and-service-users": (
        "Making Partnership Work for Patients, Carers and Service Users",
        PK.AgreementOrCompact,
        "2004",
        {"Department of Health"},
    ),
    # No issuer: the text names none (an HM Treasury web address is not a statement of who issued it).
    "policy/2002-cross-cutting-review": ("2002 Cross-Cutting Review", PK.Review, "2002", set()),
    "policy/futurebuilders-england": ("Futurebuilders England", PK.FundingProgramme, None, set()),
    "policy/changeup": ("ChangeUp", PK.FundingProgramme, None, set()),
}


@pytest.mark.parametrize("local", sorted(BOX_1))
def test_box_1_policy_label_class_year_and_issuer(g: Graph, local: str) -> None:
    """Box 1: "Developing Partnerships in Mental Health (Department of Health, 1997)", "The National Compact",
    "Making Partnership Work for Patients, Carers and Service Users (Department of Health, 2004a)", "The 2002
    Cross-Cutting Review (http://www.hmtreasury.gov.uk/...)", "Futurebuilders England", "ChangeUp"."""
    name, cls, year, issuers = BOX_1[local]
    node = i(local)
    assert label(g, node) == name
    assert (node, RDF.type, cls) in g
    assert (node, RDF.type, PK.Policy) in g
    years = list(g.objects(node, DCTERMS.issued))
    assert years == ([Literal(year, datatype=XSD.gYear)] if year else [])
    assert labels(g, g.objects(node, PK.issuedBy)) == issuers
    assert (node, PROV.wasDerivedFrom, SOURCE) in g


def test_box_1_strategic_partnership_agreement(g: Graph) -> None:
    """Box 1: "This 'Strategic Partnership Agreement' details how the voluntary sector should be involved ... by
    encouraging primary care trusts to develop creative ways of working in partnership with the voluntary sector"."""
    spa = i("policy/making-partnership-work-for-patients-carers-and-service-users")
    assert {str(a) for a in g.objects(spa, SKOS.altLabel)} >= {"Strategic Partnership Agreement"}
    assert labels(g, g.objects(spa, PK.encourages)) == {
        "Partnerships between primary care trusts and the voluntary sector"
    }
    assert (i("partnership-kind/primary-care-trust-voluntary-sector-partnerships"), RDF.type, PK.PartnershipKind) in g
    assert list(g.objects(spa, PK.constitutes)) == [
        i("partnership/strategic-agreement-department-of-health-nhs-voluntary-sector")
    ]


def test_box_1_cross_cutting_review_led_to_futurebuilders_and_changeup(g: Graph) -> None:
    """Box 1: "The review led to increased public expenditure through the Future builders and Change Up initiatives."
    Futurebuilders: "A governmentfunded voluntary sector investment programme"."""
    review = i("policy/2002-cross-cutting-review")
    assert labels(g, g.objects(review, PK.ledTo)) == {"Futurebuilders England", "ChangeUp"}
    assert labels(g, g.objects(i("policy/futurebuilders-england"), PK.fundedBy)) == {"UK Government"}


def test_box_1_national_compact_encourages_government_voluntary_sector_partnership(g: Graph) -> None:
    """Box 1: "Sets out a framework agreement for improving partnership working between government and the
    voluntary sector." A whole sector is never a partner, so the compact encourages a kind, not a partnership."""
    compact = i("policy/national-compact")
    assert labels(g, g.objects(compact, PK.encourages)) == {
        "Partnership working between government and the voluntary sector"
    }
    assert list(g.objects(compact, PK.constitutes)) == []


def test_box_1_charity_and_third_sector_finance_unit_is_an_organisation(g: Graph) -> None:
    """Box 1: "The Charity and Third Sector Finance Unit ... Responsible for strategic policy development across
    HM Treasury on thirdsector ... issues and, in partnership with the Cabinet Office, for conducting a policy
    review on the future role of the voluntary and community sector in support of the 2007 Comprehensive Spending
    Review." The only Box 1 entry that is an organisation."""
    unit = i("organisation/charity-and-third-sector-finance-unit")
    assert label(g, unit) == "Charity and Third Sector Finance Unit"
    assert (unit, RDF.type, PK.GovernmentUnit) in g
    assert (unit, RDF.type, PK.Policy) not in g
    assert (unit, PK.sector, PK.StatutorySector) in g
    assert list(g.objects(unit, ORG.subOrganizationOf)) == [i("organisation/hm-treasury")]
    partnership = i("partnership/charity-and-third-sector-finance-unit-cabinet-office")
    assert partner_labels(g, partnership) == {"Charity and Third Sector Finance Unit", "Cabinet Office"}
    review = i("policy/policy-review-on-the-future-role-of-the-voluntary-and-community-sector")
    assert labels(g, g.objects(review, PK.issuedBy)) == {"Charity and Third Sector Finance Unit", "Cabinet Office"}
    csr = i("policy/2007-comprehensive-spending-review")
    assert label(g, csr) == "2007 Comprehensive Spending Review"
    assert list(g.objects(csr, DCTERMS.issued)) == [Literal("2007", datatype=XSD.gYear)]


# ---------------------------------------------------------------------------------------------
# Box 3: Good practice examples (six entries)
# ---------------------------------------------------------------------------------------------
BOX_3_PARTNERSHIPS = {
    # second entry: "an early intervention service in southwest England was able to coordinate services with a
    # voluntary sector organisation located in the same building"
    "partnership/south-west-england-early-intervention-service-co-location": {
        "early intervention service in south-west England (unnamed)",
        "voluntary sector organisation in the same building (unnamed)",
    },
    # third entry: "in Walsall, the local NHS, local social services and Rethink formed a partnership"
    "partnership/walsall-employment-and-accommodation-partnership": {
        "local NHS in Walsall (unnamed)",
        "local social services in Walsall (unnamed)",
        "Rethink",
    },
    # fourth entry: "in Avon and West Wiltshire, the NHS works in partnership with local voluntary sector
    # organisations, including colleges, and with service users" (service users are never partners)
    "partnership/avon-and-west-wiltshire-employment-partnership": {
        "NHS in Avon and West Wiltshire (unnamed)",
        "local voluntary sector organisations, including colleges, in Avon and West Wiltshire (unnamed)",
    },
    # fifth entry: "The Black African and Caribbean Mental Health Consortium set up in Brent, London, involves
    # primary and secondary healthcare, the local authority and local voluntary sector organisations."
    "organisation/black-african-and-caribbean-mental-health-consortium": {
        "primary and secondary healthcare in Brent (unnamed)",
        "local authority in Brent (unnamed)",
        "local voluntary sector organisations in Brent (unnamed)",
    },
}
# first entry (Turning Point) and sixth entry (Impact) are organisations, not partnerships
BOX_3_ORGANISATIONS = {"organisation/turning-point", "organisation/impact"}


def test_box_3_has_six_entries(g: Graph) -> None:
    """Box 3 "Good practice examples": Turning Point, the south-west England early intervention service,
    Walsall, Avon and West Wiltshire, the Brent consortium, Impact."""
    examples = set(g.subjects(PK.exampleIn, SOURCE))
    assert examples == {i(x) for x in BOX_3_PARTNERSHIPS} | {i(x) for x in BOX_3_ORGANISATIONS}
    assert {e for e in examples if (e, RDF.type, PK.Partnership) in g} == {i(x) for x in BOX_3_PARTNERSHIPS}


@pytest.mark.parametrize("local", sorted(BOX_3_PARTNERSHIPS))
def test_box_3_partnership_partners(g: Graph, local: str) -> None:
    node = i(local)
    assert (node, RDF.type, PK.Partnership) in g
    assert partner_labels(g, node) == BOX_3_PARTNERSHIPS[local]
    for partner in g.objects(node, PK.hasPartner):
        assert (partner, RDF.type, PK.Organisation) in g
        if label(g, partner).endswith("(unnamed)"):
            assert (partner, RDF.type, PK.UnnamedOrganisation) in g


def test_box_3_turning_point_and_impact_are_organisations(g: Graph) -> None:
    """Box 3: "Turning Point began as an alcohol project in southeast London ..."; "Impact, an assertive
    outreach team in the London borough of Hammersmith and Fulham ... is based in the voluntary sector and was
    set up in 1996"."""
    tp, impact = i("organisation/turning-point"), i("organisation/impact")
    for org in (tp, impact):
        assert (org, RDF.type, PK.Organisation) in g
        assert (org, RDF.type, PK.Partnership) not in g
        assert (org, PK.sector, PK.VoluntaryCommunitySector) in g
    assert label(g, tp) == "Turning Point"
    assert label(g, impact) == "Impact"
    assert (impact, RDF.type, PK.ServiceTeam) in g
    assert list(g.objects(impact, PK.startYear)) == [Literal("1996", datatype=XSD.gYear)]
    assert list(g.objects(impact, PK.region)) == [i("region/hammersmith-and-fulham")]


def test_box_3_models_and_formality(g: Graph) -> None:
    """Box 3: only the early intervention service "located in the same building" supports a model
    (co-location); the Brent consortium "was the first voluntary organisation to enter into a compact agreement
    with the local mental health trust" (formal, a policy constituting a partnership)."""
    modelled = {(s, o) for s, o in g.subject_objects(PK.partnershipModel) if (s, PK.exampleIn, SOURCE) in g}
    assert modelled == {
        (i("partnership/south-west-england-early-intervention-service-co-location"), PK.CoLocationModel)
    }
    consortium = i("organisation/black-african-and-caribbean-mental-health-consortium")
    for cls in (PK.Consortium, PK.Partnership, PK.Organisation, PK.VoluntaryCommunityOrganisation):
        assert (consortium, RDF.type, cls) in g
    compact = i("partnership/brent-consortium-local-mental-health-trust")
    assert partner_labels(g, compact) == {
        "Black African and Caribbean Mental Health Consortium",
        "local mental health trust in Brent (unnamed)",
    }
    assert list(g.objects(compact, PK.isFormal)) == [Literal(True)]
    assert list(g.subjects(PK.constitutes, compact)) == [i("policy/brent-consortium-compact-agreement")]


# ---------------------------------------------------------------------------------------------
# Recent policy context: the NSPF and the Strategic Agreement
# ---------------------------------------------------------------------------------------------
def test_nspf_and_strategic_agreement(g: Graph) -> None:
    """Passage (Recent policy context): "Following a government consultation exercise, a National Strategic
    Partnership Forum (NSPF) was set up to review the progress of the Strategic Agreement between the Department
    of Health, the NHS and the voluntary sector." The voluntary sector is a whole sector, never a partner."""
    nspf = i("partnership/national-strategic-partnership-forum")
    assert label(g, nspf) == "National Strategic Partnership Forum"
    assert Literal("NSPF", lang="en") in set(g.objects(nspf, SKOS.altLabel))
    # The text names no members: the forum is a partnership body (an organisation), with no partners.
    assert (nspf, RDF.type, PK.PartnershipBody) in g and (nspf, RDF.type, PK.Organisation) in g
    assert (nspf, RDF.type, PK.Partnership) not in g
    assert list(g.objects(nspf, PK.hasPartner)) == []
    agreement = i("partnership/strategic-agreement-department-of-health-nhs-voluntary-sector")
    assert label(g, agreement) == (
        "Strategic Agreement between the Department of Health, the NHS and the voluntary sector"
    )
    assert partner_labels(g, agreement) == {"Department of Health", "National Health Service"}
    assert list(g.objects(agreement, PK.isFormal)) == [Literal(True)]
    assert list(g.subjects(PK.constitutes, agreement)) == [
        i("policy/making-partnership-work-for-patients-carers-and-service-users")
    ]


# ---------------------------------------------------------------------------------------------
# Other partnerships the text describes
# ---------------------------------------------------------------------------------------------
def test_leeds_north_east_pct_and_community_links(g: Graph) -> None:
    """Passage: "Leeds North East NHS Primary Care Trust is working in partnership with a voluntary agency,
    Community Links ... in the provision of early intervention services", one of the initiatives "that reflect
    the national policy direction set out by the Department of Health (2004a)"."""
    p = i("partnership/leeds-north-east-pct-community-links")
    assert partner_labels(g, p) == {"Leeds North East NHS Primary Care Trust", "Community Links"}
    assert list(g.objects(p, PK.ofKind)) == [i("partnership-kind/primary-care-trust-voluntary-sector-partnerships")]
    assert (i("organisation/leeds-north-east-nhs-primary-care-trust"), RDF.type, PK.PrimaryCareTrust) in g
    assert (i("organisation/community-links"), PK.sector, PK.VoluntaryCommunitySector) in g


def test_early_intervention_services_collaborations(g: Graph) -> None:
    """Passage: "early intervention services for young people with firstepisode psychosis typically collaborate with
    voluntary organisations such as Turning Point (Box 3) for substance use support, and with large national
    organisations such as the Prince's Trust for employment and training support". What they "typically" do is a
    kind of partnership with example organisations, not two specific partnerships."""
    for old in ("partnership/early-intervention-services-turning-point",
                "partnership/early-intervention-services-princes-trust"):
        assert (i(old), None, None) not in g
    kinds = {
        "partnership-kind/early-intervention-services-and-voluntary-organisations-for-substance-use-support":
            "Turning Point",
        "partnership-kind/early-intervention-services-and-national-organisations-for-employment-and-training":
            "The Prince's Trust",
    }
    for kind, example in kinds.items():
        assert (i(kind), RDF.type, PK.PartnershipKind) in g
        assert labels(g, g.objects(i(kind), PK.exampleOrganisation)) == {example}
        assert labels(g, g.objects(i(kind), PK.supportedBy)) == {"Lester et al (2006)"}
    assert (i("organisation/princes-trust"), RDF.type, PK.NationalVoluntaryOrganisation) in g
    # "As a statutory mental health service" (000_ecf9cfcfcd6731a9.txt)
    assert (i("organisation/early-intervention-services"), PK.sector, PK.StatutorySector) in g


def test_new_ways_of_working_is_a_policy_and_a_partnership(g: Graph) -> None:
    """Passage: "The New Ways of Working programme, involving the Royal College of Psychiatrists, the
    Department of Health and NHS mental health trusts (e.g. Avon and Wiltshire Mental Health Partnership NHS
    Trust)"; "the New Ways of Working for Psychiatrists initiative (Department of Health, 2005b)"."""
    policy = i("policy/new-ways-of-working-for-psychiatrists")
    assert label(g, policy) == "New Ways of Working for Psychiatrists"
    assert labels(g, g.objects(policy, PK.issuedBy)) == {"Department of Health"}
    assert list(g.objects(policy, DCTERMS.issued)) == [Literal("2005", datatype=XSD.gYear)]
    partnership = i("partnership/new-ways-of-working")
    assert list(g.objects(policy, PK.constitutes)) == [partnership]
    assert partner_labels(g, partnership) == {
        "Royal College of Psychiatrists",
        "Department of Health",
        "NHS mental health trusts (unnamed)",
        "Avon and Wiltshire Mental Health Partnership NHS Trust",
    }


# ---------------------------------------------------------------------------------------------
# Other policy and guidance the text cites
# ---------------------------------------------------------------------------------------------
OTHER_POLICIES = {
    # "the NHS Plan (Department of Health, 2000) requires engagement with service users"
    "policy/nhs-plan": ("The NHS Plan", "2000", {"Department of Health"}),
    # "the national mental health policy governing the CPA (Department of Health, 1999a)"
    "policy/care-programme-approach-policy": (
        "National mental health policy governing the Care Programme Approach",
        "1999",
        {"Department of Health"},
    ),
    # "national minimum standards for providers of public and voluntary sector healthcare (Department of Health, 2002)"
    "policy/national-minimum-standards-for-providers-of-healthcare": (
        "National minimum standards for providers of public and voluntary sector healthcare",
        "2002",
        {"Department of Health"},
    ),
    # "the Audit Commission's (2005) advice on improving the governance of partnerships"
    "policy/audit-commission-advice-on-governance-of-partnerships": (
        "Audit Commission advice on improving the governance of partnerships",
        "2005",
        {"Audit Commission"},
    ),
    # "primary care trusts will be expected to fund community development workers ... (Department of Health, 2004b)"
    "policy/community-development-workers-for-black-and-minority-ethnic-communities": (
        "Community development workers for Black and minority ethnic communities",
        "2004",
        {"Department of Health"},
    ),
    # "the major restructuring of the NHS in recent planned reforms (Department of Health, 2005a)"
    "policy/nhs-restructuring-reforms-2005": (
        "Planned NHS reforms reducing the number of primary care trusts",
        "2005",
        {"Department of Health"},
    ),
    # "duties under the Mental Health Act 1983"
    "policy/mental-health-act-1983": ("Mental Health Act 1983", "1983", set()),
    # "The Social Exclusion Unit has suggested ... (Office of the Deputy Prime Minister, 2004)"
    "policy/social-exclusion-unit-report-on-mental-health": (
        "Social Exclusion Unit report on the social exclusion of people with mental illness",
        "2004",
        {"Social Exclusion Unit", "Office of the Deputy Prime Minister"},
    ),
    # "The Government's modernisation agenda for the NHS"
    "policy/nhs-modernisation-agenda": ("NHS modernisation agenda", None, {"UK Government"}),
}


@pytest.mark.parametrize("local", sorted(OTHER_POLICIES))
def test_other_cited_policies(g: Graph, local: str) -> None:
    name, year, issuers = OTHER_POLICIES[local]
    node = i(local)
    assert label(g, node) == name
    assert (node, RDF.type, PK.Policy) in g
    assert list(g.objects(node, DCTERMS.issued)) == ([Literal(year, datatype=XSD.gYear)] if year else [])
    assert labels(g, g.objects(node, PK.issuedBy)) == issuers


# ---------------------------------------------------------------------------------------------
# The file on its own: every entity quoted from this source, every quote verbatim
# ---------------------------------------------------------------------------------------------
QUOTED = (PK.Organisation, PK.Partnership, PK.Policy, PK.PartnershipKind)


def test_own_file_counts(own: Graph) -> None:
    def count(cls: URIRef) -> int:
        return len(set(own.subjects(RDF.type, cls)))

    # The National Strategic Partnership Forum is an organisation (a partnership body), not a partnership, and
    # what early intervention services "typically collaborate" with is two partnership kinds, not two partnerships.
    assert count(PK.Organisation) == 33
    assert count(PK.UnnamedOrganisation) == 12
    assert count(PK.Partnership) == 9
    assert count(PK.Policy) == 19
    assert count(PK.PartnershipKind) == 4


def test_own_file_every_entity_is_quoted_from_this_source(own: Graph) -> None:
    for cls in QUOTED:
        for node in set(own.subjects(RDF.type, cls)):
            derivations = [d for d in own.objects(node, PROV.qualifiedDerivation) if (d, PROV.entity, SOURCE) in own]
            assert derivations, f"{node} has no quote from 001_81855d3f69df9148.txt"


def test_own_file_partnerships_have_two_organisation_partners(own: Graph) -> None:
    for p in set(own.subjects(RDF.type, PK.Partnership)):
        partners = set(own.objects(p, PK.hasPartner))
        assert len(partners) >= 2, p
        assert all((o, RDF.type, PK.Organisation) in own for o in partners), p


@pytest.mark.skipif(not SEEDS.is_dir(), reason="source texts not available")
def test_own_file_quotes_are_verbatim(own: Graph) -> None:
    assert check_quotes(own, SEEDS) == []
