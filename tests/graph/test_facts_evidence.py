"""The evidence of the five texts as entities (``graph/data/*-evidence.yaml``): figures as typed numbers, cited works
and the findings that rest on them, lists with their items, definitions, policy provisions, and the corrections of
issue 18 (nothing beyond the sources). Each test names the passage it pins.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from partnerkg.graph import shipped_data
from partnerkg.namespaces import ID, PK

ORG_MEMBER_OF = URIRef("http://www.w3.org/ns/org#memberOf")


@pytest.fixture(scope="module")
def g() -> Graph:
    return shipped_data()


def i(local: str) -> URIRef:
    return ID[local]


def label(g: Graph, node: URIRef) -> str:
    [value] = list(g.objects(node, RDFS.label))
    return str(value)


def value(g: Graph, figure: URIRef) -> Decimal | int:
    [v] = list(g.objects(figure, PK.figureValue))
    return v.toPython()


def figures_of(g: Graph, of: URIRef, cls: URIRef = PK.Figure) -> dict[str, Decimal | int]:
    return {str(g.value(f, PK.measures)): value(g, f) for f in g.subjects(PK.figureOf, of) if (f, RDF.type, cls) in g}


def source_files(g: Graph, node: URIRef) -> set[str]:
    derivations = g.objects(node, PROV.qualifiedDerivation)
    return {str(g.value(g.value(d, PROV.entity), DCTERMS.identifier)) for d in derivations}


# ---------------------------------------------------------------------------------------------
# Figures: typed numbers, with what they count, of what population, for which study
# ---------------------------------------------------------------------------------------------
def test_every_figure_has_one_typed_value(g: Graph) -> None:
    figures = set(g.subjects(RDF.type, PK.Figure))
    assert len(figures) == 96
    for f in figures:
        [v] = list(g.objects(f, PK.figureValue))
        stated = list(g.objects(f, PK.countValue)) + list(g.objects(f, PK.decimalValue))
        assert stated == [v], f
        assert v.datatype in (XSD.integer, XSD.decimal), f
        assert (v.datatype == XSD.integer) == ((f, PK.countValue, v) in g), f
        assert g.value(f, PK.measures) is not None and g.value(f, PK.unit) is not None, f
        assert g.value(f, PK.figureOf) is not None, f


def test_eden_plus_samples(g: Graph) -> None:
    # "Data were collected from 12 Early Intervention Services and through semi-structured interviews with 47
    # voluntary and community sector leads and 42 commissioners"; "Focus groups were held with 10 of the 12 ...
    # and included 60 team members"
    samples = figures_of(g, i("study/eden-plus"), PK.SampleSize)
    assert sorted(samples.values()) == [10, 12, 42, 47, 60]
    leads = i("figure/eden-plus-voluntary-sector-leads-interviewed")
    assert g.value(leads, PK.countValue) == Literal(47) and g.value(leads, PK.outOf) == Literal(47 + 6)
    assert str(g.value(leads, PK.population)) == (
        "the 53 eligible voluntary and community sector professionals who responded")
    rate = i("figure/eden-plus-voluntary-sector-response-rate")
    assert g.value(rate, PK.decimalValue) == Literal("89.0", datatype=XSD.decimal)
    # "Forty-two of the 62 (68%)", though the invitations add up to 4 + 30 + 12 = 46: both as stated
    invited = [value(g, i(f"figure/eden-plus-{x}")) for x in (
        "strategic-health-authorities-invited", "primary-care-trust-commissioners-invited", "chief-executives-invited")]
    assert invited == [4, 30, 12] and value(g, i("figure/eden-plus-commissioners-invited")) == 62


def test_eden_plus_nominations_and_ranges(g: Graph) -> None:
    # "nominated 68 ... Four organisations replied that they were statutory in nature, one no longer existed, 10 did
    # not respond and six did not wish to participate. Forty-seven of the 53 eligible ..." (68 - 4 - 1 - 10 = 53)
    parts = [value(g, i(f"figure/eden-plus-nominated-{x}"))
             for x in ("statutory", "no-longer-existing", "not-responding")]
    assert value(g, i("figure/eden-plus-organisations-nominated")) - sum(parts) == 53
    # "The number of full-time paid staff ranged from 0.75 to 368 (median = 15)"
    assert value(g, i("figure/eden-plus-staff-minimum")) == Decimal("0.75")
    assert [value(g, i(f"figure/eden-plus-staff-{x}")) for x in ("maximum", "median")] == [368, 15]
    assert [value(g, i(f"figure/eden-plus-referrals-{x}")) for x in ("minimum", "maximum", "median")] == [5, 70000, 475]


TOTALS = """
PREFIX pk: <https://w3id.org/partnerkg/ontology#>
SELECT (SUM(?v) AS ?sum) (COUNT(?f) AS ?n) WHERE { ?list pk:hasItem ?f . ?f pk:figureValue ?v . FILTER(?f != ?total) }
"""


@pytest.mark.parametrize(("lst", "total", "expected"), [
    # Table 1 of 000: nine professional backgrounds, "Total 60"
    ("list/eden-plus-table-1", "figure/eden-plus-focus-group-participants", (60, 9)),
    # Box 1 of 000: 8 + 3 + 1 + 0 partnerships, one per Early Intervention Service of the 12
    ("list/eden-plus-box-1", None, (12, 4)),
    # Phase 1 of the On Track evaluation: "ten partners including four educationalists; two ...; one parent"
    ("list/on-track-phase-1-sample", None, (10, 6)),
])
def test_figures_sum_to_the_totals_the_texts_state(g: Graph, lst: str, total: str | None, expected) -> None:
    [row] = g.query(TOTALS, initBindings={"list": i(lst), "total": i(total) if total else URIRef("urn:none")})
    assert (row.sum.toPython(), row.n.toPython()) == expected
    if total:
        assert value(g, i(total)) == expected[0]


def test_on_track_phases_and_response_rate(g: Graph) -> None:
    # "There were four phases to the aspect of the research that studied partnership working"
    phases = {int(g.value(p, PK.phaseNumber)): p for p in g.subjects(PK.phaseOf, i("study/on-track-evaluation"))}
    assert sorted(phases) == [1, 2, 3, 4]
    assert all((p, RDF.type, PK.Study) in g for p in phases.values())
    samples = {n: sorted(figures_of(g, p, PK.SampleSize).values()) for n, p in phases.items()}
    assert samples == {1: [6, 6, 10], 2: [134], 3: [15, 19], 4: [16]}
    # "A response rate of 53% (134 out of 253 questionnaires that were distributed)"
    returned = i("figure/on-track-phase-2-questionnaires-returned")
    assert (value(g, returned), g.value(returned, PK.outOf).toPython()) == (134, 253)
    assert value(g, i("figure/on-track-phase-2-response-rate")) == Decimal("53")
    assert round(Decimal(134) / 253 * 100) == 53
    assert value(g, i("figure/on-track-areas")) == 24


def test_money_and_shares(g: Graph) -> None:
    # "resources – £25m was available"
    money = i("figure/lhmii-resources")
    assert g.value(money, PK.countValue) == Literal(25_000_000)
    assert str(g.value(money, PK.unit)) == "pounds sterling"
    assert g.value(money, PK.figureOf) == i("partnership/london-homeless-mentally-ill-initiative")
    # "In London, roughly onethird of assertive outreach teams are managed by the voluntary sector (Wright et al, 2003)"
    share = i("figure/london-assertive-outreach-teams-managed-by-voluntary-sector")
    assert value(g, share) == Decimal("0.33") and g.value(share, PK.isApproximate) == Literal(True)
    assert g.value(share, PK.supportedBy) == i("work/wright-et-al-2003")
    assert str(g.value(share, PK.statedFigure)) == "roughly onethird"


# ---------------------------------------------------------------------------------------------
# Cited works and the findings that rest on them
# ---------------------------------------------------------------------------------------------
def test_every_cited_work_is_cited_for_something_in_a_year(g: Graph) -> None:
    works = set(g.subjects(RDF.type, PK.CitedWork))
    assert len(works) == 52
    for w in works:
        assert g.value(w, PK.citedFor) is not None and g.value(w, DCTERMS.issued) is not None, w
        assert set(g.objects(w, PK.citedIn)) and source_files(g, w), w


def test_larkin_and_callaghan_survey(g: Graph) -> None:
    # "a survey study of 244 community mental health team (CMHT) professionals working in east London explored
    # their perception of interprofessional working within their teams (Larkin & Callaghan, 2005)"
    work, study = i("work/larkin-callaghan-2005"), i("study/larkin-callaghan-cmht-survey")
    assert g.value(work, DCTERMS.issued) == Literal("2005", datatype=XSD.gYear)
    assert g.value(work, PK.reports) == study
    [(measures, n)] = figures_of(g, study, PK.SampleSize).items()
    assert n == 244 and measures.startswith("community mental health team (CMHT) professionals surveyed")
    assert g.value(study, PK.region) == i("region/east-london")
    assert (i("barrier/role-ambiguity"), PK.reportedBy, study) in g
    assert (work, PK.supports, i("barrier/role-ambiguity")) in g  # materialised inverse


def test_previous_work_the_eden_plus_findings_rest_on(g: Graph) -> None:
    # "Glendinning (2002) ... found that shared priorities and principles were important ...; Harris et al. (2004)
    # highlighted a lack of time and resources ...; Coid et al. (2003) and Alcock et al. (2004) both identified
    # short-term non-sustainable funding as a key hindrance"
    rests = {label(g, f): sorted(label(g, w) for w in g.objects(f, PK.supportedBy))
             for f in g.subjects(PK.reportedBy, i("study/eden-plus")) if (f, PK.supportedBy, None) in g}
    assert rests == {
        "Coincidence of agenda": ["Glendinning (2002)"],
        "Time and resources required to make and maintain partnerships": ["Harris et al. (2004)"],
        "Funding issues and commissioners' lack of understanding of partnership working":
            ["Alcock et al. (2004)", "Coid et al. (2003)"],
    }


def test_huxham_and_vangen_definition_in_two_texts(g: Graph) -> None:
    d = i("definition/huxham-vangen-partnership")
    assert (d, RDF.type, PK.Definition) in g
    assert source_files(g, d) == {"000_ecf9cfcfcd6731a9.txt", "001_81855d3f69df9148.txt"}
    assert g.value(d, PK.supportedBy) == i("work/huxham-vangen-2005")
    assert set(g.objects(i("work/huxham-vangen-2005"), PK.citedIn)) == {
        i("source/eis-voluntary-sector-partnerships"), i("source/nhs-voluntary-sector-mental-health")}


def test_lowndes_and_skelcher_as_a_work(g: Graph) -> None:
    work = i("work/lowndes-skelcher-1998")
    assert g.value(work, DCTERMS.issued) == Literal("1998", datatype=XSD.gYear)
    assert set(g.objects(work, PK.supports)) >= {
        PK.PrePartnershipCollaboration, PK.PartnershipCreationAndConsolidation, PK.PartnershipProgrammeDelivery,
        PK.PartnershipTerminationOrSuccession, i("list/eden-plus-box-1")}


@pytest.mark.parametrize(("work", "year", "supports"), [
    ("work/crawford-1997", "1997", {"reason/holistic-approach-to-social-problems"}),
    ("work/booker-2006", "2006", {"barrier/professional-identity-in-integrated-childrens-services"}),
    ("work/chauhan-2007", "2007", set()),
    ("work/osullivan-2001", "2001", {"barrier/different-cultures-of-partner-agencies"}),
    ("work/huxham-1996", "1996", {"barrier/partnership-is-time-consuming"}),
])
def test_named_works(g: Graph, work: str, year: str, supports: set[str]) -> None:
    w = i(work)
    assert g.value(w, DCTERMS.issued) == Literal(year, datatype=XSD.gYear)
    assert {str(s).removeprefix(str(ID)) for s in g.objects(w, PK.supports)} == supports


def test_crossing_the_cultural_divide(g: Graph) -> None:
    # "1 A O'Sullivan, "Crossing the cultural divide", Community Care, 8 November 2001"
    w = i("work/osullivan-2001")
    assert g.value(w, DCTERMS.title) == Literal("Crossing the cultural divide", lang="en")
    assert g.value(w, DCTERMS.date) == Literal("8 November 2001")
    assert g.value(w, PROV.wasAttributedTo) == i("person/alison-osullivan")


def test_studies_are_reported_by_works(g: Graph) -> None:
    reported = {label(g, s): label(g, w) for w, s in g.subject_objects(PK.reports) if (w, RDF.type, PK.CitedWork) in g}
    assert reported == {
        "Larkin & Callaghan survey of community mental health team professionals": "Larkin & Callaghan (2005)",
        "On Track evaluation": "Noaks, Moreton & Williamson (2004), On Track Thematic Report: Partnership Working",
        "On Track impact research":
            "Atkinson, Kinder & Doherty (2003), On Track: A Qualitative Study of the Early Impacts of Services",
        "Somerset mental health partnership evaluation": "Peck, Gulliver & Towell (2002), Modernising Partnerships",
    }


# ---------------------------------------------------------------------------------------------
# Lists with their items
# ---------------------------------------------------------------------------------------------
def test_stated_counts_match_the_items(g: Graph) -> None:
    stated = {label(g, s): (int(n), len(set(g.objects(s, PK.hasItem))))
              for s, n in g.subject_objects(PK.statedItemCount)}
    assert len(stated) == 12
    assert {k: v for k, v in stated.items() if v[0] != v[1]} == {}


def test_every_item_knows_its_list(g: Graph) -> None:
    for lst, item in g.subject_objects(PK.hasItem):
        assert (item, PK.itemOf, lst) in g
        assert (item, RDF.type, None) in g or str(item).startswith(str(PK)), item


def test_six_benefits_of_service_user_involvement(g: Graph) -> None:
    # "The benefits of service user involvement in mental health services are significant (Tait & Lester, 2005):"
    lst = i("list/nhs-voluntary-user-involvement-benefits")
    items = set(g.objects(lst, PK.hasItem))
    assert len(items) == 6 and all((b, RDF.type, PK.Benefit) in g for b in items)
    assert all((b, PK.supportedBy, i("work/tait-lester-2005")) in g for b in items)


def test_top_tips_and_rubbish_tips(g: Graph) -> None:
    top = {label(g, x) for x in g.objects(i("list/take-your-partners-top-tips"), PK.hasItem)}
    rubbish = {label(g, x) for x in g.objects(i("list/take-your-partners-rubbish-tips"), PK.hasItem)}
    assert top == {"Involve service users right at the start of partnership working",
                   "Co-locating staff helps relationship building",
                   "Not all partners come from the same field: sometimes difference is a strength",
                   "Have an agreed partnership agreement defining who does what"}
    assert len(rubbish) == 4
    rubbish_items = g.objects(i("list/take-your-partners-rubbish-tips"), PK.hasItem)
    assert all((x, RDF.type, PK.Misconception) in g for x in rubbish_items)


def test_the_twelve_lessons_are_a_class_of_their_own(g: Graph) -> None:
    lessons = set(g.subjects(RDF.type, PK.Lesson))
    numerals = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
    assert {int(g.value(x, PK.lessonNumber)): str(g.value(x, SKOS.notation)) for x in lessons} == dict(
        enumerate(numerals, start=1))
    assert all((x, RDF.type, PK.Facilitator) in g for x in lessons)
    assert set(g.objects(i("list/on-track-lessons"), PK.hasItem)) == lessons


def test_recommendations(g: Graph) -> None:
    recs = {label(g, r) for r in g.subjects(RDF.type, PK.Recommendation)}
    assert recs == {"Laming Report Recommendation 8", "Laming Report Recommendation 15",
                    "On Track evaluation recommendation: money for the appointment of programme co-ordinators at an"
                    " earlier stage"}


# ---------------------------------------------------------------------------------------------
# What the policies require, encourage or fund
# ---------------------------------------------------------------------------------------------
PROVISION_LINKS = {PK.Requirement: PK.requires, PK.Encouragement: PK.encourages, PK.Funding: PK.funds}


def test_every_provision_states_its_plain_link(g: Graph) -> None:
    provisions = set(g.subjects(RDF.type, PK.Provision))
    assert len(provisions) == 16
    for p in provisions:
        link = PROVISION_LINKS[g.value(p, PK.provisionType)]
        assert (g.value(p, PK.provisionOf), link, g.value(p, PK.appliesTo)) in g, p


@pytest.mark.parametrize(("policy", "link", "targets"), [
    ("policy/every-child-matters", PK.encourages, {"Multi-agency collaboration in services for children and families"}),
    ("policy/children-act-2004", PK.encourages, {"Multi-agency collaboration in services for children and families"}),
    ("policy/identification-referral-and-tracking", PK.encourages,
     {"Multi-agency collaboration in services for children and families"}),
    ("policy/laming-recommendation-8", PK.requires, {"Management Board for Services to Children and Families"}),
    ("policy/laming-recommendation-15", PK.requires,
     {"Local Management Board for Services to Children and Families", "the government inspectorates (unnamed)"}),
    ("policy/developing-partnerships-in-mental-health", PK.encourages,
     {"Voluntary sector partnerships with community mental health teams"}),
    ("policy/changeup", PK.funds, {"Partnership working with the voluntary and community sector"}),
    ("policy/crime-and-disorder-act-1998", PK.requires, {"Community Safety Partnerships", "Youth Offending Teams"}),
])
def test_what_each_policy_requires_or_encourages(g: Graph, policy: str, link: URIRef, targets: set[str]) -> None:
    assert {label(g, t) for t in g.objects(i(policy), link)} == targets


def test_every_child_matters_preceded_the_children_act(g: Graph) -> None:
    # "The Green Paper Every Child Matters (HMSO, 2003), which preceded the 2004 Children Act"
    assert list(g.objects(i("policy/every-child-matters"), PK.precedes)) == [i("policy/children-act-2004")]


def test_partnership_kinds_named_in_passing(g: Graph) -> None:
    # "This included urban regeneration schemes; youth offending teams; community safety strategies and early years
    # partnerships."
    items = {label(g, x) for x in g.objects(i("list/on-track-joint-working-initiatives"), PK.hasItem)}
    assert items == {"Urban regeneration schemes", "Youth Offending Teams", "Community safety strategies",
                     "Early years partnerships"}


# ---------------------------------------------------------------------------------------------
# Box 3's cases, smaller items, sectors
# ---------------------------------------------------------------------------------------------
def test_box_3_partnerships_carry_what_the_text_ties_to_them(g: Graph) -> None:
    co_location = i("partnership/south-west-england-early-intervention-service-co-location")
    assert list(g.objects(co_location, PK.facilitatedBy)) == [i("facilitator/co-location-in-the-same-building")]
    assert len(set(g.objects(co_location, PK.producedBenefit))) == 3
    assert list(g.objects(co_location, PK.partnershipModel)) == [PK.CoLocationModel]
    for p in ("walsall-employment-and-accommodation-partnership", "avon-and-west-wiltshire-employment-partnership"):
        assert len(set(g.objects(i(f"partnership/{p}"), PK.producedBenefit))) == 1
        assert list(g.objects(i(f"partnership/{p}"), PK.partnershipModel)) == []  # the text gives no model
        assert g.value(i(f"partnership/{p}"), PK.supportedBy) == i("work/department-of-health-1999b")


def test_smaller_items(g: Graph) -> None:
    # "working effectively in partnership ... was also an important tool for achieving enhanced staff morale"
    assert (i("benefit/on-track-enhanced-staff-morale"), PK.reportedBy, i("study/on-track-evaluation")) in g
    assert (i("partnership/on-track"), PK.producedBenefit, i("benefit/on-track-enhanced-staff-morale")) in g
    for b in ("fragmented-services", "tokenistic-user-involvement", "eden-plus-tokenistic-engagement"):
        b = f"barrier/{b}"
        assert (i(b), RDF.type, PK.Barrier) in g
    # "there's a new information-sharing protocol set up between the local voluntary and statutory sector"
    protocol = i("policy/eden-plus-local-information-sharing-protocol")
    assert g.value(protocol, PK.exemplifies) == i("facilitator/eden-plus-information-sharing-protocols")
    board = i("organisation/management-board-for-services-to-children-and-families")
    assert (board, RDF.type, PK.Organisation) in g and (i("policy/laming-recommendation-8"), PK.requires, board) in g


def test_sectors_the_texts_or_public_status_give(g: Graph) -> None:
    assert g.value(i("organisation/royal-college-of-psychiatrists"), PK.sector) == PK.VoluntaryCommunitySector
    assert g.value(i("organisation/brent-primary-and-secondary-healthcare"), PK.sector) == PK.StatutorySector
    assert g.value(i("organisation/early-intervention-services"), PK.sector) == PK.StatutorySector


def test_authors_posts(g: Graph) -> None:
    posts = {label(g, p): label(g, o) for p, o in g.subject_objects(ORG_MEMBER_OF)}
    assert posts == {"Martin Willis": "Inlogov", "Des Kelly": "Bupa Care Homes",
                     "Andrew McCulloch": "Mental Health Foundation",
                     "Lesley Noaks": "Cardiff School of Social Sciences"}


# ---------------------------------------------------------------------------------------------
# Nothing beyond the sources: regions and possible duplicates
# ---------------------------------------------------------------------------------------------
def test_stated_containment_only_is_transitive(g: Graph) -> None:
    stated = {(label(g, a), label(g, b)) for a, b in g.subject_objects(PK.withinRegion)}
    assert stated == {("West Midlands", "England"), ("South-west England", "England"), ("Brent", "London"),
                      ("Hammersmith and Fulham", "London"), ("East London", "London")}
    known = {(label(g, a), label(g, b)) for a, b in g.subject_objects(PK.knownWithinRegion)}
    assert known == {("England", "United Kingdom"), ("Wales", "United Kingdom"), ("Scotland", "United Kingdom"),
                     ("London", "England"), ("Walsall", "West Midlands"), ("Leeds", "England"),
                     ("Avon and West Wiltshire", "South-west England"), ("Somerset", "South-west England")}
    # every region is named in a source, with a quote
    for r in g.subjects(RDF.type, PK.Region):
        assert source_files(g, r), r
    # a West Midlands query following pk:withinRegion sees only the EDEN PLUS study's places, not Walsall's
    rows = g.query("""PREFIX pk: <https://w3id.org/partnerkg/ontology#>
        SELECT DISTINCT ?r WHERE { ?r pk:withinRegion* <https://w3id.org/partnerkg/id/region/west-midlands> }""")
    assert {r for (r,) in rows} == {i("region/west-midlands")}


def test_two_department_of_health_2004_citations_are_possibly_the_same(g: Graph) -> None:
    a = i("policy/department-of-health-2004-voluntary-sector-in-mainstream-service-provision")
    b = i("policy/making-partnership-work-for-patients-carers-and-service-users")
    assert (a, PK.possiblySameAs, b) in g and (b, PK.possiblySameAs, a) in g
    assert (a, URIRef("http://www.w3.org/2002/07/owl#sameAs"), b) not in g
    assert source_files(g, a) == {"000_ecf9cfcfcd6731a9.txt"}
