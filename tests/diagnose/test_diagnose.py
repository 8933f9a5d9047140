"""Diagnostics (#23): exact findings for three shipped partnerships and a planned one, every quote verbatim in
its source, the reports escaped and offline, the command line and the API."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDFS

import partnerkg
from partnerkg.cli import cli
from partnerkg.diagnose import Diagnosis, render
from partnerkg.diagnose.render import NO_EVIDENCE, UNCITED
from partnerkg.errors import InvalidDataError, OptionError, UnknownEntityError
from partnerkg.knowledge_graph import KnowledgeGraph
from partnerkg.namespaces import ORG, PK

PLAN_HEADER = "name,partners,model,stage,formal,features,lacks features\n"
PLAN_ROW = (
    "Leeds plan,Turning Point; Department of Health,co-location model,pre-partnership collaboration,no,"
    "short-term funding; a steering group,a shared protocol\n"
)

EIS_05 = (
    "West Midlands Early Intervention Service 5 informal partnerships with the voluntary and community "
    "sector (anonymised)"
)

#: For each partnership: how it is named, its IRI, how many findings each section has, and the findings of
#: the model, stage and policies sections and the most direct barriers and facilitators (rank 1 to 4) as
#: (section, label, reason, via, rank), in report order.
SHIPPED = {
    "south-west": (
        "south-west-england-early-intervention-service-co-location",
        "https://w3id.org/partnerkg/id/partnership/south-west-england-early-intervention-service-co-location",
        {"partnership": 8, "model": 4, "stage": 0, "barriers": 23, "facilitators": 38, "policies": 0, "similar": 131},
        [
            (
                "model",
                "Suited to partnerships where strong separate identities are unnecessary",
                "advantage",
                "co-location model",
                None,
            ),
            ("model", "Risk of confused staff loyalties", "disadvantage", "co-location model", None),
            (
                "model",
                "Working within informal partnership requires trust between partners",
                "disadvantage",
                "co-location model",
                None,
            ),
            ("model", "co-location model", "model", "co-location model", None),
        ],
    ),
    "eis-05": (
        EIS_05,
        "https://w3id.org/partnerkg/id/partnership/west-midlands-eis-05-voluntary-sector",
        {"partnership": 10, "model": 0, "stage": 14, "barriers": 38, "facilitators": 41, "policies": 1, "similar": 130},
        [
            (
                "stage",
                "Funding issues and commissioners' lack of understanding of partnership working",
                "this stage: barrier",
                "pre-partnership collaboration",
                1,
            ),
            ("stage", "Staff turnover", "this stage: barrier", "pre-partnership collaboration", 1),
            (
                "stage",
                "Time and resources required to make and maintain partnerships",
                "this stage: barrier",
                "pre-partnership collaboration",
                1,
            ),
            ("stage", "Coincidence of agenda", "this stage: facilitator", "pre-partnership collaboration", 1),
            ("stage", "Informal personal relationships", "this stage: facilitator", "pre-partnership collaboration", 1),
            (
                "stage",
                "EDEN PLUS: 8 partnerships at the pre-partnership collaboration stage",
                "this stage: figure",
                "pre-partnership collaboration",
                1,
            ),
            ("stage", "pre-partnership collaboration", "this stage: stage", "pre-partnership collaboration", 1),
            (
                "stage",
                "Advantages of remaining a small and flexible organisation",
                "next stage: barrier",
                "partnership creation and consolidation",
                2,
            ),
            (
                "stage",
                "Amateur status and independence from the statutory sector",
                "next stage: barrier",
                "partnership creation and consolidation",
                2,
            ),
            (
                "stage",
                "Cultural differences between statutory and non-statutory services",
                "next stage: barrier",
                "partnership creation and consolidation",
                2,
            ),
            (
                "stage",
                "Joint training initiatives",
                "next stage: facilitator",
                "partnership creation and consolidation",
                2,
            ),
            (
                "stage",
                "Pilot projects of more formal arrangements",
                "next stage: facilitator",
                "partnership creation and consolidation",
                2,
            ),
            (
                "stage",
                "EDEN PLUS: 3 partnerships at the partnership creation and consolidation stage",
                "next stage: figure",
                "partnership creation and consolidation",
                2,
            ),
            (
                "stage",
                "partnership creation and consolidation",
                "next stage: stage",
                "partnership creation and consolidation",
                2,
            ),
            (
                "barriers",
                "Funding issues and commissioners' lack of understanding of partnership working",
                "faced by this partnership",
                EIS_05,
                1,
            ),
            (
                "barriers",
                "Staff turnover",
                "faced by this partnership",
                EIS_05,
                1,
            ),
            (
                "barriers",
                "Time and resources required to make and maintain partnerships",
                "faced by this partnership",
                EIS_05,
                1,
            ),
            (
                "barriers",
                "Funding issues and commissioners' lack of understanding of partnership working",
                "faced by another partnership of the same kind",
                "Early Intervention Service and voluntary and community sector partnerships",
                2,
            ),
            (
                "barriers",
                "Staff turnover",
                "faced by another partnership of the same kind",
                "Early Intervention Service and voluntary and community sector partnerships",
                2,
            ),
            (
                "barriers",
                "Time and resources required to make and maintain partnerships",
                "faced by another partnership of the same kind",
                "Early Intervention Service and voluntary and community sector partnerships",
                2,
            ),
            (
                "barriers",
                "Funding issues and commissioners' lack of understanding of partnership working",
                "tied by a source to its life-cycle stage",
                "pre-partnership collaboration",
                3,
            ),
            (
                "barriers",
                "Staff turnover",
                "tied by a source to its life-cycle stage",
                "pre-partnership collaboration",
                3,
            ),
            (
                "barriers",
                "Time and resources required to make and maintain partnerships",
                "tied by a source to its life-cycle stage",
                "pre-partnership collaboration",
                3,
            ),
            (
                "facilitators",
                "Experience of working together informally",
                "helped another partnership of the same kind",
                "Early Intervention Service and voluntary and community sector partnerships",
                2,
            ),
            (
                "facilitators",
                "Supportive policy framework",
                "helped another partnership of the same kind",
                "Early Intervention Service and voluntary and community sector partnerships",
                2,
            ),
            (
                "facilitators",
                "Sustainable funding",
                "helped another partnership of the same kind",
                "Early Intervention Service and voluntary and community sector partnerships",
                2,
            ),
            (
                "policies",
                "The NHS Plan",
                "encouragement",
                "Early Intervention Service and voluntary and community sector partnerships",
                None,
            ),
        ],
    ),
    "on-track": (
        "<https://w3id.org/partnerkg/id/partnership/on-track>",
        "https://w3id.org/partnerkg/id/partnership/on-track",
        {"partnership": 14, "model": 0, "stage": 0, "barriers": 24, "facilitators": 11, "policies": 2, "similar": 83},
        [
            (
                "barriers",
                "Action plans developed before the co-ordinator was appointed",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Co-ordination reliant on a single individual",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Different professional ethos affecting confidentiality and information sharing",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Governmental rhetoric on partnership without awareness of the practicalities of implementation",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Initial suspicion and wariness between professionals",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Insufficient time for consultation in the initial planning phase",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Insular perspectives, with people fighting their corners over budgets",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Interventions working in isolation rather than as a co-ordinated package",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Lack of community engagement in partnership arrangements",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Lack of organisational infrastructures to support partnership working",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "No local culture of using service level agreements",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            ("barriers", "Overly-large meetings", "faced by this partnership", "On Track partnership", 1),
            (
                "barriers",
                "Partnership working is time-consuming and resource intensive",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Radical shift in working methods and workloads",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Shifts in responsibility and strategic direction",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Staff turnover and difficulty retaining staff",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Strategy not cascading down to operational practice",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "The need to work across professional boundaries",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Unrealistic expectations of when service delivery would begin",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Workload and bureaucracy of co-ordination",
                "faced by this partnership",
                "On Track partnership",
                1,
            ),
            (
                "barriers",
                "Co-ordination reliant on a single individual",
                "met by partnerships with a feature it has",
                "a co-ordinator",
                4,
            ),
            ("policies", "On Track programme", "constituted by", "On Track partnership", None),
            ("policies", "On Track programme", "requirement", "On Track partnership", None),
        ],
    ),
}

PLANNED = (
    "https://w3id.org/partnerkg/id/partnership/leeds-plan-67c46050cf",
    {"partnership": 11, "model": 4, "stage": 14, "barriers": 35, "facilitators": 51, "policies": 0, "similar": 136},
    [
        ("partnership", "false", "formal", None, None),
        ("partnership", "a steering group", "has feature", None, None),
        ("partnership", "short-term funding", "has feature", None, None),
        ("partnership", "a shared protocol", "lacks feature", None, None),
        ("partnership", "co-location model", "model", None, None),
        ("partnership", "Department of Health", "partner", None, None),
        ("partnership", "Turning Point", "partner", None, None),
        ("partnership", "statutory + voluntary and community", "sector mix", None, None),
        ("partnership", "", "described in its sources", None, None),
        ("partnership", "pre-partnership collaboration", "stage", None, None),
        ("partnership", "Partnership", "type", None, None),
        (
            "model",
            "Suited to partnerships where strong separate identities are unnecessary",
            "advantage",
            "co-location model",
            None,
        ),
        ("model", "Risk of confused staff loyalties", "disadvantage", "co-location model", None),
        (
            "model",
            "Working within informal partnership requires trust between partners",
            "disadvantage",
            "co-location model",
            None,
        ),
        ("model", "co-location model", "model", "co-location model", None),
        (
            "stage",
            "Funding issues and commissioners' lack of understanding of partnership working",
            "this stage: barrier",
            "pre-partnership collaboration",
            1,
        ),
        ("stage", "Staff turnover", "this stage: barrier", "pre-partnership collaboration", 1),
        (
            "stage",
            "Time and resources required to make and maintain partnerships",
            "this stage: barrier",
            "pre-partnership collaboration",
            1,
        ),
        ("stage", "Coincidence of agenda", "this stage: facilitator", "pre-partnership collaboration", 1),
        ("stage", "Informal personal relationships", "this stage: facilitator", "pre-partnership collaboration", 1),
        (
            "stage",
            "EDEN PLUS: 8 partnerships at the pre-partnership collaboration stage",
            "this stage: figure",
            "pre-partnership collaboration",
            1,
        ),
        ("stage", "pre-partnership collaboration", "this stage: stage", "pre-partnership collaboration", 1),
        (
            "barriers",
            "Funding issues and commissioners' lack of understanding of partnership working",
            "tied by a source to its life-cycle stage",
            "pre-partnership collaboration",
            3,
        ),
        ("barriers", "Staff turnover", "tied by a source to its life-cycle stage", "pre-partnership collaboration", 3),
        (
            "barriers",
            "Time and resources required to make and maintain partnerships",
            "tied by a source to its life-cycle stage",
            "pre-partnership collaboration",
            3,
        ),
        (
            "barriers",
            "Funding issues and commissioners' lack of understanding of partnership working",
            "met by partnerships with a feature it has",
            "short-term funding",
            4,
        ),
        ("barriers", "Poor communication", "met by partnerships without a feature it lacks", "a shared protocol", 4),
        ("barriers", "Short-term funding", "met by partnerships with a feature it has", "short-term funding", 4),
        (
            "facilitators",
            "Coincidence of agenda",
            "tied by a source to its life-cycle stage",
            "pre-partnership collaboration",
            3,
        ),
        (
            "facilitators",
            "Informal personal relationships",
            "tied by a source to its life-cycle stage",
            "pre-partnership collaboration",
            3,
        ),
        (
            "facilitators",
            "Agreed joint policies and procedures",
            "comes with a feature it lacks",
            "a shared protocol",
            4,
        ),
        ("facilitators", "Information-sharing protocols", "comes with a feature it lacks", "a shared protocol", 4),
        (
            "facilitators",
            "Jointly agreed protocols for information-sharing",
            "comes with a feature it lacks",
            "a shared protocol",
            4,
        ),
        ("facilitators", "Sustainable funding", "comes without a feature it has", "short-term funding", 4),
    ],
)


S0, S1, S3 = "000_ecf9cfcfcd6731a9.txt", "001_81855d3f69df9148.txt", "003_fa0cb96597df18b3.txt"
SOUTH_WEST = (
    "Through working in partnership, an early intervention service in southwest England was able to coordinate "
    "services with a voluntary sector organisation located in the same building."
)
EIGHT_INFORMAL = (
    "Each of the remaining eight Early Intervention Services described a range of more informal partnerships with "
    "the voluntary and community sector."
)
OT_PARTNERS = (
    "As well as the six coordinators the sample consisted of ten partners including four educationalists; two "
    "voluntary organisation staff; one social services worker; one urban regeneration worker; one police officer "
    "and one parent."
)
OT_STUDIES = [(None, None, "On Track evaluation"), (None, None, "On Track impact research")]
PLAN_ROW_CITED = [("plan.csv, row 2", None, None)]

#: For each diagnosis: each fact about the partnership itself that cites its own words, as (label, aspect) →
#: [(source, quote, study)] in report order, and the facts the graph records without words that state them.
CITED = {
    "south-west": (
        {
            ("a shared base", "has feature"): [(S1, SOUTH_WEST, None)],
            ("early intervention service in south-west England (unnamed)", "partner"): [(S1, SOUTH_WEST, None)],
            ("voluntary sector organisation in the same building (unnamed)", "partner"): [(S1, SOUTH_WEST, None)],
        },
        [("co-location model", "model"), ("South-west England", "region"),
         ("statutory + voluntary and community", "sector mix"), ("Partnership", "type")],
    ),
    "eis-05": (
        {
            ("EDEN PLUS study", "observed in"): [(None, None, "EDEN PLUS study")],
            ("West Midlands Early Intervention Service 5 (anonymised)", "partner"): [
                (S0, EIGHT_INFORMAL, None), (None, None, "EDEN PLUS study")],
            ("voluntary and community sector organisations in informal partnerships with West Midlands Early "
             "Intervention Service 5 (anonymised)", "partner"): [(S0, EIGHT_INFORMAL, None),
                                                                 (None, None, "EDEN PLUS study")],
        },
        [("false", "formal"), ("Early Intervention Service and voluntary and community sector partnerships", "kind"),
         ("West Midlands", "region"), ("statutory + voluntary and community", "sector mix"),
         ("pre-partnership collaboration", "stage"), ("Partnership", "type")],
    ),
    "on-track": (
        {
            ("a co-ordinator", "has feature"): [
                (S3, "In all six areas in the original research such an appointment was key to formulating the OT "
                     "identity with possible partner agencies and users.", None), *OT_STUDIES],
            ("a steering group", "has feature"): [
                (S3, "Phase 2 – a survey of steering group and operational group members (eight project areas).",
                 None), *OT_STUDIES],
            ("On Track evaluation", "observed in"): [(None, None, "On Track evaluation")],
            ("On Track impact research", "observed in"): [(None, None, "On Track impact research")],
            **{(f"{party} (unnamed)", "partner"): [(S3, OT_PARTNERS, None), *OT_STUDIES]
               for party in ("education", "police", "social services", "urban regeneration",
                             "voluntary organisations")},
        },
        [("England", "region"), ("Wales", "region"), ("statutory + voluntary and community", "sector mix"),
         ("Partnership", "type")],
    ),
    "planned": (  # a plan's row states each of its facts
        {
            ("false", "formal"): PLAN_ROW_CITED,
            ("a steering group", "has feature"): PLAN_ROW_CITED,
            ("short-term funding", "has feature"): PLAN_ROW_CITED,
            ("a shared protocol", "lacks feature"): PLAN_ROW_CITED,
            ("co-location model", "model"): PLAN_ROW_CITED,
            ("Department of Health", "partner"): PLAN_ROW_CITED,
            ("Turning Point", "partner"): PLAN_ROW_CITED,
            ("pre-partnership collaboration", "stage"): PLAN_ROW_CITED,
        },
        [("statutory + voluntary and community", "sector mix"), ("Partnership", "type")],
    ),
}

#: What happened to two partnerships most like EIS 5, as (label, aspect, item) → [(source, quote, study)].
EIS_06 = (
    "West Midlands Early Intervention Service 6 informal partnerships with the voluntary and community sector "
    "(anonymised)"
)
VULNERABLE = (
    "These informal partnerships are theoretically and were, in practice, vulnerable to short-term funding and "
    "staff turnover, and took time to build and maintain."
)
COINCIDENCE = (
    "Most of the relationships described by Early Intervention Services and voluntary and community sector fell "
    "into this category, underlining the importance of coincidence of agenda and of informal personal "
    "relationships."
)
EDEN = (None, None, "EDEN PLUS study")
SIMILAR_TO_EIS_05 = {
    (EIS_06, "barrier", "Funding issues and commissioners' lack of understanding of partnership working"): [
        (S0, VULNERABLE, None), EDEN],
    (EIS_06, "barrier", "Staff turnover"): [(S0, VULNERABLE, None), EDEN],
    (EIS_06, "barrier", "Time and resources required to make and maintain partnerships"): [(S0, VULNERABLE, None),
                                                                                            EDEN],
    (EIS_06, "facilitator", "Coincidence of agenda"): [(S0, COINCIDENCE, None), EDEN],
    (EIS_06, "facilitator", "Informal personal relationships"): [(S0, COINCIDENCE, None), EDEN],
    ("On Track partnership", "barrier", "Co-ordination reliant on a single individual"): [
        (S3, "In some areas, co-ordinators were isolated, with the future direction of OT overly reliant on a single "
             "individual.", None), (None, None, "On Track evaluation"), (None, None, "On Track impact research")],
}
#: What the sources give On Track only as a lesson or recommendation: in a diagnosis, uncited.
ON_TRACK_UNCITED = [
    ("barrier", "Overly-large meetings"),
    ("facilitator", "A shared On Track base or location"),
    ("facilitator", "Accessible written information, such as service level agreements"),
    ("facilitator", "Avoiding rhetoric"),
    ("facilitator", "Co-ordination teams to deal with allocation of referrals and case reviews"),
    ("facilitator", "Explicit acknowledgement of the increased workload in job descriptions"),
    ("facilitator", "Intervention co-ordinators with designated responsibility for co-ordination of service "
                    "delivery"),
    ("facilitator", "Money for the appointment of programme co-ordinators at an earlier stage"),
    ("facilitator", "More resources and support for community based partnership groupings"),
    ("facilitator", "Multi-agency staff development sessions"),
    ("facilitator", "Resourcing of partnership approaches, including training opportunities"),
    ("facilitator", "Sharing of skills and expertise and a willingness to be honest regarding gaps in knowledge"),
]


def citations(f: object) -> list[tuple[str | None, str | None, str | None]]:
    return [(c.source, c.quote, c.study_label) for c in f.citations]  # type: ignore[attr-defined]


def fact_quotes(g: Graph, partnership: str, aspect: str, value: str) -> list[str]:
    """The quotes on the node of one fact in ``g``: a partner's org:Membership, a feature's pk:FeatureStatement,
    an outcome's pk:PartnershipOutcome (``value`` an IRI, or for an outcome the item's label)."""
    p = URIRef(partnership)
    if aspect == "partner":
        nodes = [m for m in g.subjects(ORG.organization, p) if (m, ORG.member, URIRef(value)) in g]
    elif aspect in ("has feature", "lacks feature"):
        present = Literal(aspect == "has feature")
        nodes = [n for n in g.subjects(PK.partnership, p)
                 if (n, PK.feature, URIRef(value)) in g and (n, PK.featurePresent, present) in g]
    else:
        nodes = [n for n in g.subjects(PK.partnership, p)
                 if any(str(label) == value for item in g.objects(n, PK.outcomeItem)
                        for label in g.objects(item, RDFS.label))]
    return sorted(str(q) for n in nodes for d in g.objects(n, PROV.qualifiedDerivation) for q in g.objects(d, PK.quote))


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return partnerkg.open()


@pytest.fixture(scope="module")
def plan_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "plan.csv"
    path.write_text(PLAN_HEADER + PLAN_ROW, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def diagnoses(kg: KnowledgeGraph, plan_file: Path) -> dict[str, Diagnosis]:
    out = {key: kg.diagnose(name) for key, (name, _iri, _sizes, _direct) in SHIPPED.items()}
    out["planned"] = kg.diagnose(plan=plan_file)
    return out


def direct(d: Diagnosis, stage_ranks: tuple[int, ...] = (1, 2)) -> list[tuple[object, ...]]:
    return [
        (f.section, f.label, f.reason, f.via, f.rank)
        for f in d.findings
        if f.section in ("model", "policies")
        or (f.section == "stage" and f.rank in stage_ranks)
        or (f.section in ("barriers", "facilitators") and f.rank is not None and f.rank <= 4)
    ]


@pytest.mark.parametrize("key", list(SHIPPED))
def test_exact_findings_for_shipped_partnerships(key: str, diagnoses: dict[str, Diagnosis]) -> None:
    _name, iri, sizes, expected = SHIPPED[key]
    d = diagnoses[key]
    assert d.iri == iri and d.planned is None
    assert {s.key: len(s.findings) for s in d.sections} == sizes
    assert direct(d) == expected


def test_exact_findings_for_a_planned_partnership(diagnoses: dict[str, Diagnosis], plan_file: Path) -> None:
    iri, sizes, expected = PLANNED
    d = diagnoses["planned"]
    assert (d.iri, d.label, d.planned) == (iri, "Leeds plan", str(plan_file))
    assert {s.key: len(s.findings) for s in d.sections} == sizes
    assert [(f.section, f.label, f.reason, f.via, f.rank) for f in d.findings if f.section == "partnership"] + direct(
        d, stage_ranks=(1,)
    ) == expected
    row = d.section("partnership").findings[8]
    assert [c.source for c in row.citations] == ["plan.csv, row 2"]


def test_every_quote_in_every_report_is_verbatim_in_its_source(
    diagnoses: dict[str, Diagnosis], seeds_dir: Path
) -> None:
    texts = {p.name: squash(p.read_text(encoding="utf-8")) for p in seeds_dir.glob("*.txt")}
    for key, d in diagnoses.items():
        quotes = d.quotes()
        assert quotes, key
        for source, quote in quotes:
            assert squash(quote) in texts[source], (key, source, quote)
        reports = {fmt: render(d, fmt) for fmt in ("json", "markdown", "html")}
        cited = [
            (c["source"], c["quote"])
            for s in json.loads(reports["json"])["sections"]
            for f in s["findings"]
            for c in f["citations"]
            if c["quote"] is not None
        ]
        assert cited == quotes, key
        page = reports["html"]
        assert page.count(UNCITED) == reports["markdown"].count(UNCITED) == sum(not f.citations for f in d.findings)
        for _source, quote in quotes:  # each quote is in the page as escaped text
            assert (
                quote.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace('"', "&#34;")
                .replace("'", "&#39;")
                in page
            ), (key, quote)


@pytest.mark.parametrize("key", [*SHIPPED, "planned"])
def test_each_fact_of_the_partnership_cites_its_own_words(key: str, diagnoses: dict[str, Diagnosis]) -> None:
    cited, uncited = CITED[key]
    rows = [f for f in diagnoses[key].section("partnership").findings if f.reason != "described in its sources"]
    assert {(f.label, f.reason): citations(f) for f in rows if f.citations} == cited
    assert [(f.label, f.reason) for f in rows if not f.citations] == uncited


def test_what_happened_to_similar_partnerships_cites_the_words_that_say_so(
    diagnoses: dict[str, Diagnosis],
) -> None:
    similar = diagnoses["eis-05"].section("similar").findings
    found = {(f.label, f.reason, f.via): citations(f) for f in similar}
    assert {k: found[k] for k in SIMILAR_TO_EIS_05} == SIMILAR_TO_EIS_05
    on_track = [(f.reason, f.via) for f in similar if f.label == "On Track partnership" and f.reason != "partnership"]
    assert [row for row in on_track if not found[("On Track partnership", *row)]] == ON_TRACK_UNCITED
    assert len(on_track) == 52  # 20 barriers, 29 facilitators, 3 benefits: 40 cited


def test_a_fact_is_cited_by_its_own_quotes_and_no_others(kg: KnowledgeGraph, diagnoses: dict[str, Diagnosis]) -> None:
    """Every partner, feature and outcome row quotes exactly the quotes on that fact's own node — never the
    general quotes of its partnership or item — and a fact whose node holds none is uncited."""
    g = kg.graph
    checked = 0
    for key in SHIPPED:
        d = diagnoses[key]
        for f in d.findings:
            if f.section == "partnership" and f.reason in ("partner", "has feature", "lacks feature"):
                expected = fact_quotes(g, d.iri, f.reason, str(f.item))
            elif f.section == "similar" and f.reason in ("barrier", "facilitator", "benefit"):
                expected = fact_quotes(g, str(f.item), f.reason, str(f.via))
            else:
                continue
            assert sorted(c.quote for c in f.citations if c.quote is not None) == expected, (key, f)
            checked += 1
    assert checked == 296  # the three partnerships' partners and features, the outcomes of those like them


def test_findings_cite_studies_with_their_sample_sizes(diagnoses: dict[str, Diagnosis]) -> None:
    figure = next(
        f
        for f in diagnoses["eis-05"].section("stage").findings
        if f.label == "EDEN PLUS: 8 partnerships at the pre-partnership collaboration stage"
    )
    studies = [c for c in figure.citations if c.study is not None]
    assert [(c.study, c.study_label) for c in studies] == [
        ("https://w3id.org/partnerkg/id/study/eden-plus", "EDEN PLUS study")
    ]
    assert "EDEN PLUS: 12 Early Intervention Services" in studies[0].sample_sizes
    assert all(c.quote is None or c.source is not None for f in figure.citations for c in [f])


def test_a_section_without_evidence_says_so(diagnoses: dict[str, Diagnosis]) -> None:
    d = diagnoses["south-west"]
    assert d.section("stage").findings == [] and d.section("policies").findings == []
    for fmt in ("markdown", "html"):
        assert render(d, fmt).count(NO_EVIDENCE) == 2, fmt
    assert render(diagnoses["on-track"], "markdown").count(NO_EVIDENCE) == 2  # no model, no stage recorded


def test_the_html_report_is_offline_printable_and_escaped(kg: KnowledgeGraph, tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        PLAN_HEADER + '"<script>alert(1)</script> & <b>co</b>",Turning Point; Department of Health,,,,,\n',
        encoding="utf-8",
    )
    d = kg.diagnose(plan=plan)
    page = render(d, "html")
    assert "<script" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;co&lt;/b&gt;" in page
    assert not re.search(r"""(src|href)\s*=|https?://(?!w3id\.org/partnerkg/)""", page)
    assert "@media print" in page
    md = render(d, "markdown")
    assert md.startswith("# Diagnosis: \\<script\\>alert(1)\\</script\\> \\& \\<b\\>co\\</b\\>\n")


def test_to_dataframe_has_a_row_per_citation(diagnoses: dict[str, Diagnosis]) -> None:
    d = diagnoses["on-track"]
    frame = d.to_dataframe()
    assert list(frame.columns) == [
        "section",
        "item",
        "label",
        "reason",
        "via",
        "rank",
        "source",
        "quote",
        "study",
        "study_label",
        "sample_sizes",
    ]
    assert len(frame) == sum(max(1, len(f.citations)) for f in d.findings)
    assert str(frame["rank"].dtype) == "Int64" and str(frame["quote"].dtype) == "string"
    assert frame["quote"].dropna().tolist() == [q for _s, q in d.quotes()]


def test_partnerships_are_named_by_label_iri_or_identifier(kg: KnowledgeGraph) -> None:
    iri = "https://w3id.org/partnerkg/id/partnership/on-track"
    assert {kg.diagnose(n).iri for n in ("On Track partnership", f"<{iri}>", "on-track")} == {iri}
    with pytest.raises(UnknownEntityError, match="'no-such-partnership' is neither the label"):
        kg.diagnose("no-such-partnership")
    with pytest.raises(UnknownEntityError, match="'Turning Point' names something that is not a pk:Partnership"):
        kg.diagnose("Turning Point")
    with pytest.raises(OptionError, match="one of the two"):
        kg.diagnose()


def test_a_plan_must_hold_one_partnership_and_valid_values(kg: KnowledgeGraph, tmp_path: Path) -> None:
    two = tmp_path / "two.csv"
    two.write_text(PLAN_HEADER + PLAN_ROW + PLAN_ROW.replace("Leeds plan", "York plan"), encoding="utf-8")
    with pytest.raises(
        InvalidDataError,
        match=r"two\.csv: a plan holds exactly one row .* found 'Leeds plan', "
        r"'York plan'",
    ):
        kg.diagnose(plan=two)
    bad = tmp_path / "bad.csv"
    bad.write_text(PLAN_HEADER + PLAN_ROW.replace("a shared protocol", "a moat"), encoding="utf-8")
    with pytest.raises(
        InvalidDataError, match=r"bad\.csv:2:G \(lacks features\): 'a moat' — not a known partnership feature"
    ) as err:
        kg.diagnose(plan=bad)
    assert str(err.value).startswith("1 problem(s) in 1 row(s); nothing was imported:\n")  # no rows to skip in a plan


def test_the_command_writes_each_format(plan_file: Path, tmp_path: Path, diagnoses: dict[str, Diagnosis]) -> None:
    runner = CliRunner()
    for name, fmt in (("report.html", "html"), ("report.md", "markdown"), ("report.json", "json")):
        result = runner.invoke(cli, ["diagnose", "on-track", "-o", str(tmp_path / name)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_text(encoding="utf-8") == diagnoses["on-track"].report(fmt)
    result = runner.invoke(cli, ["diagnose", "--plan", str(plan_file), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0 and json.loads(result.stdout) == diagnoses["planned"].as_dict()


def test_the_command_exit_codes(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["diagnose", "no such partnership"]).exit_code == 2
    assert runner.invoke(cli, ["diagnose"]).exit_code == 2
    assert runner.invoke(cli, ["diagnose", "--plan", str(tmp_path / "missing.csv")]).exit_code == 2
    two = tmp_path / "two.csv"
    two.write_text(PLAN_HEADER + PLAN_ROW + PLAN_ROW.replace("Leeds plan", "York plan"), encoding="utf-8")
    result = runner.invoke(cli, ["diagnose", "--plan", str(two)])
    assert result.exit_code == 1 and "two.csv: a plan holds exactly one row" in result.output
    assert runner.invoke(cli, ["diagnose", "--help"]).exit_code == 0


def test_a_plan_in_the_xlsx_template(kg: KnowledgeGraph, tmp_path: Path, diagnoses: dict[str, Diagnosis]) -> None:
    partnerkg.write_templates(tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "partnerkg-template.xlsx")
    header = [c.value for c in wb["partnerships"][1]]
    row = dict(zip(PLAN_HEADER.strip().split(","), next(csv.reader([PLAN_ROW])), strict=True))
    wb["partnerships"].append([row.get(h, "") for h in header])
    wb.save(tmp_path / "plan.xlsx")
    d = kg.diagnose(plan=tmp_path / "plan.xlsx")
    assert d.iri == diagnoses["planned"].iri and d.planned == str(tmp_path / "plan.xlsx")
    # the same findings as the CSV plan; only the spreadsheet row's citation names the other file
    assert [(f.section, f.label, f.reason, f.via, f.rank) for f in d.findings] == [
        (f.section, f.label, f.reason, f.via, f.rank) for f in diagnoses["planned"].findings]
    assert [c.source for c in d.section("partnership").findings[8].citations] == ["plan.xlsx, row 2"]
