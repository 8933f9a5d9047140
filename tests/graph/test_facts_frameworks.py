"""Facts from the frameworks and boxes of guidance in 001_81855d3f69df9148.txt.

The source is "Partnership working between the NHS, social services and the voluntary sector in mental
health". These tests pin graph/data/audit-commission-frameworks.yaml against it: Table 1 (Audit
Commission, 1998) read column by column, the Audit Commission's five reasons for partnership, Box 2
(benefits), Box 4 (obstacles), Box 5 (working arrangements), Box 6 (governance principles, National Audit
Office 2001), Box 7 (set-up questions, National Audit Office 2001), and the barriers and facilitators of
the running text. Each test names the passage it checks.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from partnerkg.graph import shipped_data
from partnerkg.namespaces import ID, PK
from partnerkg.ontology import load_ontology

SOURCE_FILE = "001_81855d3f69df9148.txt"
AC_1998 = ID["policy/audit-commission-paper-on-partnership-working"]
NAO_2001 = ID["policy/national-audit-office-guidance-on-accountability"]
AC_2005 = ID["policy/audit-commission-advice-on-governance-of-partnerships"]
AUDIT_COMMISSION = ID["organisation/audit-commission"]
NAO = ID["organisation/national-audit-office"]


@pytest.fixture(scope="module")
def g() -> Graph:
    return shipped_data()


@pytest.fixture(scope="module")
def source(g: Graph) -> URIRef:
    found = list(g.subjects(DCTERMS.identifier, Literal(SOURCE_FILE)))
    assert len(found) == 1
    return found[0]


def label(g: Graph, node: URIRef) -> str:
    labels = list(g.objects(node, RDFS.label))
    assert len(labels) == 1, f"{node} has {len(labels)} labels"
    assert labels[0].language == "en"
    return str(labels[0])


def labels_of(g: Graph, nodes) -> set[str]:
    return {label(g, n) for n in nodes}


def quotes_from(g: Graph, node: URIRef, source: URIRef) -> list[str]:
    return [
        str(g.value(d, PK.quote))
        for d in g.objects(node, PROV.qualifiedDerivation)
        if g.value(d, PROV.entity) == source and g.value(d, PK.quote) is not None
    ]


def box_items(g: Graph, box: int) -> dict[int, URIRef]:
    """Items whose skos:notation is "Box N.i", keyed by position i."""
    out: dict[int, URIRef] = {}
    for s, n in g.subject_objects(SKOS.notation):
        text = str(n)
        if text.startswith(f"Box {box}."):
            position = int(text.split(".", 1)[1])
            assert position not in out, f"two items at {text}"
            out[position] = s
    return out


# --------------------------------------------------------------------------------------------------
# Table 1 "Models of partnership (Audit Commission, 1998)", read column by column
# --------------------------------------------------------------------------------------------------
TABLE_1 = {
    PK.SeparateOrganisationModel: (
        {
            "Strong identity",
            "Greater credibility",
            "Achieves more than two or more organisations working separately",
            "Dedicated partnership staff",
            "Reduced risk of dominance of single partner",
            "Legal status clarifies accountability and responsibilities",
        },
        {
            "Legal formalities unsuitable for smaller community organisations not used to working in this way",
            "Partners risk becoming detached from original remit, with staff moving away from originally "
            "agreed objectives",
        },
    ),
    PK.VirtualOrganisationModel: (
        {"Distinctive identity without having to address complex legal issues"},
        {
            "Responsibility and accountability potentially unclear",
            "Risk that partner with employment and management responsibilities dominates partnership",
        },
    ),
    PK.CoLocationModel: (
        {"Suited to partnerships where strong separate identities are unnecessary"},
        {
            "Working within informal partnership requires trust between partners",
            "Risk of confused staff loyalties",
        },
    ),
    PK.SteeringGroupModel: (
        set(),
        {
            "Unsuitable for long-term partnership objectives or where separate identity is needed by partners "
            "to provide motivation to meet aims or establish external credibility"
        },
    ),
}


@pytest.mark.parametrize(
    ("model", "n_adv", "n_dis"),
    [
        (PK.SeparateOrganisationModel, 6, 2),
        (PK.VirtualOrganisationModel, 1, 2),
        (PK.CoLocationModel, 1, 2),
        (PK.SteeringGroupModel, 0, 1),
    ],
)
def test_table_1_advantages_and_disadvantages(g: Graph, model: URIRef, n_adv: int, n_dis: int) -> None:
    """Table 1: separate organisation 6/2, virtual organisation 1/2, co-location 1/2, steering group 0/1."""
    advantages = set(g.objects(model, PK.hasAdvantage))
    disadvantages = set(g.objects(model, PK.hasDisadvantage))
    assert (len(advantages), len(disadvantages)) == (n_adv, n_dis)
    assert labels_of(g, advantages) == TABLE_1[model][0]
    assert labels_of(g, disadvantages) == TABLE_1[model][1]
    for a in advantages:
        assert (a, RDF.type, PK.ModelAdvantage) in g
    for d in disadvantages:
        assert (d, RDF.type, PK.ModelDisadvantage) in g


def test_table_1_items_are_quoted_and_belong_to_one_model(g: Graph, source: URIRef) -> None:
    """Every Table 1 cell is its own resource, quoted from the table, under exactly one model."""
    cells = list(g.subjects(RDF.type, PK.ModelAdvantage)) + list(g.subjects(RDF.type, PK.ModelDisadvantage))
    assert len(cells) == 8 + 7
    for cell in cells:
        owners = set(g.subjects(PK.hasAdvantage, cell)) | set(g.subjects(PK.hasDisadvantage, cell))
        assert len(owners) == 1, cell
        assert quotes_from(g, cell, source), cell
        assert (cell, DCTERMS.isPartOf, AC_1998) in g


def test_models_are_described_not_relabelled(g: Graph, source: URIRef) -> None:
    """The four-model list ("four main models") and Table 1 rows: quoted, described, never labelled here."""
    for model in TABLE_1:
        assert (model, RDFS.label, None) not in g
        assert g.value(model, DCTERMS.description) is not None
        assert len(quotes_from(g, model, source)) >= 2
    assert "separate organisation with its own legal identity" in quotes_from(g, PK.SeparateOrganisationModel, source)
    assert "Steering group model: the least formal arrangement." in quotes_from(g, PK.SteeringGroupModel, source)


def test_formality_ranks(g: Graph) -> None:
    """Table 1 orders the models from separate organisation to "the least formal arrangement"."""
    expected = {
        PK.SteeringGroupModel: 1,
        PK.CoLocationModel: 2,
        PK.VirtualOrganisationModel: 3,
        PK.SeparateOrganisationModel: 4,
    }
    onto = load_ontology()
    for model, rank in expected.items():
        assert set(g.objects(model, PK.formalityRank)) == {Literal(rank, datatype=XSD.integer)}
        assert set(onto.objects(model, PK.formalityRank)) == {Literal(rank, datatype=XSD.integer)}


# --------------------------------------------------------------------------------------------------
# "Why choose partnership working?": the Audit Commission's (1998) five main reasons
# --------------------------------------------------------------------------------------------------
def test_five_reasons(g: Graph) -> None:
    """ "The Audit Commission (1998) identified five main reasons ..." — in order."""
    listed = {int(str(n).split()[1]): s for s, n in g.subject_objects(SKOS.notation) if str(n).startswith("Reason ")}
    assert {i: label(g, s) for i, s in listed.items()} == {
        1: "Delivering coordinated services",
        2: "Tackling 'wicked issues'",
        3: "Reducing the fragmentation of local service delivery",
        4: "Bidding for new resources",
        5: "Meeting statutory partnership working requirements",
    }
    for s in listed.values():
        assert (s, RDF.type, PK.ReasonForPartnership) in g
        assert (s, SKOS.inScheme, PK.ReasonScheme) in g
        assert (s, DCTERMS.isPartOf, AC_1998) in g


def test_reason_from_running_text(g: Graph) -> None:
    """ "Effect on the voluntary sector": one more reason attributed to the Audit Commission (1998)."""
    reasons = {s for s in g.subjects(DCTERMS.isPartOf, AC_1998) if (s, RDF.type, PK.ReasonForPartnership) in g}
    assert len(reasons) == 6
    extra = ID["reason/access-to-care-for-groups-outside-mainstream-provision"]
    assert extra in reasons
    assert g.value(extra, SKOS.notation) is None


# --------------------------------------------------------------------------------------------------
# The boxes
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("box", "cls", "scheme", "count"),
    [
        (2, PK.Benefit, PK.BenefitScheme, 8),
        (4, PK.Barrier, PK.BarrierScheme, 10),
        (5, PK.WorkingArrangement, PK.WorkingArrangementScheme, 5),
        (6, PK.GovernancePrinciple, PK.GovernancePrincipleScheme, 7),
        (7, PK.SetUpQuestion, PK.SetUpQuestionScheme, 6),
    ],
)
def test_box_item_counts(g: Graph, source: URIRef, box: int, cls: URIRef, scheme: URIRef, count: int) -> None:
    """Box 2: 8 benefits; Box 4: 10 obstacles; Box 5: 5 arrangements; Box 6: 7 principles; Box 7: 6 questions."""
    items = box_items(g, box)
    assert sorted(items) == list(range(1, count + 1))
    for item in items.values():
        assert set(g.objects(item, RDF.type)) & {cls}
        assert (item, SKOS.inScheme, scheme) in g
        assert quotes_from(g, item, source)


def test_box_2_benefits(g: Graph) -> None:
    """Box 2 "The potential benefits of voluntary sector involvement in mental health"."""
    items = box_items(g, 2)
    assert label(g, items[1]) == "Complements the skills of the statutory mental health sector"
    assert label(g, items[5]) == "Recognised for its ability to reach hard-to-engage individuals"
    assert label(g, items[8]) == "Often provides services that are user-led or managed by service users themselves"


def test_box_4_obstacles_and_categories(g: Graph) -> None:
    """Box 4 "Obstacles hindering the development of partnership working" (Improvement Network, 2006)."""
    items = box_items(g, 4)
    got = {i: (label(g, s), set(g.objects(s, PK.category))) for i, s in items.items()}
    assert got == {
        1: ("No clear goal or target", {PK.CategoryGoals}),
        2: ("Competition between partners", {PK.CategoryPower}),
        3: ("Inequality between partners", {PK.CategoryPower}),
        4: ("Too frequent partnership meetings", {PK.CategoryResourcesAndTime}),
        5: ("Poor communication", {PK.CategoryCommunication}),
        6: ("Short-term funding", {PK.CategoryFunding}),
        7: ("Full costs of partnership working not recognised", {PK.CategoryResourcesAndTime}),
        8: ("Difference in standards between organisations", {PK.CategoryGovernance}),
        9: ("Tokenistic partnership working by the statutory sector", {PK.CategoryPower}),
        10: ("Over-prescriptive funding", {PK.CategoryFunding}),
    }
    for s in items.values():
        assert "Improvement Network (2006)" in str(g.value(s, SKOS.note))


def test_box_5_working_arrangements(g: Graph) -> None:
    """Box 5 "Designing working arrangements": not barriers or facilitators (decisions.md)."""
    items = box_items(g, 5)
    assert [label(g, items[i]) for i in sorted(items)] == [
        "Establish formal protocols for sharing service user information",
        "Establish how partner responsibilities will be shared or divided",
        "Identify CPA responsibilities for individuals and agencies involved in the partnership",
        "Agree on how to deal with staff recruitment, management and disciplinary matters",
        "Recognise difficulties in establishing accountability structures when multiple organisations are involved",
    ]
    for s in items.values():
        assert (s, RDF.type, PK.Barrier) not in g
        assert (s, RDF.type, PK.Facilitator) not in g


def test_box_6_governance_principles(g: Graph) -> None:
    """Box 6 "Key principles of governance arrangements" (National Audit Office, 2001)."""
    items = box_items(g, 6)
    assert [label(g, items[i]) for i in sorted(items)] == [
        "Clear definition of the roles and responsibilities of each organisation",
        "Unambiguous targets and performance measures",
        "Clear statement of those intended to benefit from the initiative",
        "Provision of reliable information on performance and progress",
        "Clear understanding of who is responsible for taking remedial action if progress is unsatisfactory",
        "Audited financial statements on expenditure",
        "Periodic independent evaluations to assess achievement of planned benefits",
    ]
    for s in items.values():
        assert (s, DCTERMS.isPartOf, NAO_2001) in g


def test_box_7_set_up_questions(g: Graph) -> None:
    """Box 7 "Working in partnership with other agencies" (National Audit Office, 2001)."""
    items = box_items(g, 7)
    assert [label(g, items[i]) for i in sorted(items)] == [
        "Who needs to be involved in the partnership?",
        "What incentives are needed to reinforce partnership working?",
        "What support is needed to improve the capacity of organisations to work in partnership?",
        "How are initiatives to support partnership working to be funded?",
        "How long should the partnership last?",
        "Which accountability and regulatory frameworks will best support partnership working and are they in place?",
    ]
    for s in items.values():
        assert (s, DCTERMS.isPartOf, NAO_2001) in g


# --------------------------------------------------------------------------------------------------
# Barriers and facilitators of the running text
# --------------------------------------------------------------------------------------------------
RUNNING_TEXT_BARRIERS = {
    # "Confidentiality and information-sharing"
    "barrier/confidentiality-and-information-sharing": PK.CategoryCommunication,
    # "Governing partnerships to improve accountability" (Audit Commission, 2005)
    "barrier/accountability-challenges": PK.CategoryGovernance,
    "barrier/insufficient-risk-management": PK.CategoryGovernance,
    # "New Ways of Working and the role of consultant psychiatrists"
    "barrier/confusion-over-psychiatrists-accountability": PK.CategoryGovernance,
    # "Continuous reorganisation"
    "barrier/continuous-reorganisation": PK.CategoryReorganisation,
    # "Effect on the statutory sector"
    "barrier/attitudinal-and-cultural-barriers": PK.CategoryCulture,
    "barrier/role-ambiguity": PK.CategoryStructure,
    "barrier/voluntary-sector-seen-as-cheap-option": PK.CategoryCulture,
    "barrier/resources-moving-away-from-nhs-provision": PK.CategoryResourcesAndTime,
    # "Effect on the voluntary sector"
    "barrier/over-rigid-contracts": PK.CategoryFunding,
    "barrier/loss-of-voluntary-sector-independence": PK.CategoryPower,
}

RUNNING_TEXT_FACILITATORS = {
    # "Confidentiality and information-sharing"
    "facilitator/agreements-on-extent-of-information-sharing": PK.CategoryCommunication,
    "facilitator/jointly-agreed-information-sharing-protocols": PK.CategoryCommunication,
    # "Setting up policies and procedures"; "Shared and independent domains within partnerships"
    "facilitator/agreed-joint-policies-and-procedures": PK.CategoryStructure,
    "facilitator/agreed-shared-and-independent-domains": PK.CategoryStructure,
    # "Governing partnerships to improve accountability"
    "facilitator/careful-consideration-of-governance": PK.CategoryGovernance,
    # "New Ways of Working and the role of consultant psychiatrists"
    "facilitator/effective-leadership-and-local-champions": PK.CategoryLeadership,
    "facilitator/consultant-psychiatrists-strategic-and-leadership-role": PK.CategoryLeadership,
    "facilitator/clear-boundaries-of-responsibility-and-accountability": PK.CategoryGovernance,
    # "Effect on the statutory sector" and MCQ 5a (true): joint training
    "facilitator/multi-agency-and-joint-training": PK.CategoryRelationships,
    "facilitator/good-communication-between-sectors": PK.CategoryCommunication,
    # "Effect on the voluntary sector"
    "facilitator/voluntary-sector-involvement-in-planning": PK.CategoryStructure,
    # "Putting partnership working into practice"
    "facilitator/partnership-assessment-tools-and-guidance": PK.CategoryStructure,
}


@pytest.mark.parametrize(
    ("cls", "expected"),
    [(PK.Barrier, RUNNING_TEXT_BARRIERS), (PK.Facilitator, RUNNING_TEXT_FACILITATORS)],
)
def test_running_text_barriers_and_facilitators(g: Graph, source: URIRef, cls: URIRef, expected: dict) -> None:
    """Barriers and facilitators the article discusses outside the boxes, each with its category and quote."""
    for local, category in expected.items():
        node = ID[local]
        assert (node, RDF.type, cls) in g, local
        assert set(g.objects(node, PK.category)) == {category}, local
        assert g.value(node, SKOS.notation) is None, local
        assert quotes_from(g, node, source), local


def test_confidentiality_barrier_quote(g: Graph, source: URIRef) -> None:
    """ "The dilemma of disseminating information across agencies has been well documented as a barrier"."""
    quotes = quotes_from(g, ID["barrier/confidentiality-and-information-sharing"], source)
    assert any("well documented as a barrier to partnership working" in q for q in quotes)


def test_misconceptions(g: Graph) -> None:
    """Beliefs the text rejects: structures alone make staff work together (MCQ 3c false); 'unskilled amateurs'."""
    assert {
        local
        for local in (
            "misconception/structures-alone-make-staff-work-well-together",
            "misconception/voluntary-sector-staffed-by-unskilled-amateurs",
        )
        if (ID[local], RDF.type, PK.Misconception) in g
    } == {
        "misconception/structures-alone-make-staff-work-well-together",
        "misconception/voluntary-sector-staffed-by-unskilled-amateurs",
    }


# --------------------------------------------------------------------------------------------------
# The bodies and the documents the frameworks come from
# --------------------------------------------------------------------------------------------------
def test_audit_bodies(g: Graph, source: URIRef) -> None:
    """The Audit Commission and the National Audit Office act in the text (models, reasons, Boxes 6 and 7)."""
    assert label(g, AUDIT_COMMISSION) == "Audit Commission"
    assert label(g, NAO) == "National Audit Office"
    for body in (AUDIT_COMMISSION, NAO):
        assert (body, RDF.type, PK.InspectorateOrAuditBody) in g
        assert (body, PK.sector, PK.StatutorySector) in g
        assert quotes_from(g, body, source)


@pytest.mark.parametrize(
    ("policy", "cls", "issuer", "year"),
    [
        # "in its paper on partnership working the Audit Commission (1998) identifies four main models"
        (AC_1998, PK.Report, AUDIT_COMMISSION, "1998"),
        # "The National Audit Office's (2001) guidance on establishing clear lines of accountability"
        (NAO_2001, PK.Guidance, NAO, "2001"),
        # "the Audit Commission's (2005) advice on improving the governance of partnerships"
        (AC_2005, PK.Guidance, AUDIT_COMMISSION, "2005"),
    ],
)
def test_framework_documents(g: Graph, source: URIRef, policy: URIRef, cls: URIRef, issuer: URIRef, year: str) -> None:
    assert (policy, RDF.type, cls) in g
    assert (policy, RDF.type, PK.Policy) in g
    assert set(g.objects(policy, PK.issuedBy)) == {issuer}
    issued = list(g.objects(policy, DCTERMS.issued))
    assert [str(i) for i in issued] == [year]
    assert issued[0].datatype == XSD.gYear, "dcterms:issued must be typed xsd:gYear (vocabulary.md)"
    assert any(f"({year})" in q for q in quotes_from(g, policy, source))
