"""Expected results of every library query on the fixture graph (``fixture.ttl`` with the partnerkg ontology).

One or more :class:`Case` per query: the parameters it runs with and its exact result (variables and rows
in order for SELECT, the answer for ASK, the triples for CONSTRUCT, compared as isomorphic graphs). Every
``.rq`` file of the library must have an entry; ``test_library.py`` fails for one that has none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Literal
from rdflib.namespace import ORG, PROV, RDF, RDFS, XSD

from partnerkg.namespaces import ID, PK


@dataclass(frozen=True)
class Case:
    """Parameters for one run and its expected result."""

    params: dict[str, Any]
    vars: tuple[str, ...] = ()
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    ask: bool | None = None
    triples: list[tuple[Any, Any, Any]] | None = None


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def s(text: str) -> Literal:
    return Literal(text)


def n(value: int) -> Literal:
    return Literal(value)


def nn(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.nonNegativeInteger)


def year(text: str) -> Literal:
    return Literal(text, datatype=XSD.gYear)


def dec(text: str) -> Literal:
    return Literal(text, datatype=XSD.decimal)


T = Literal(True)
F = Literal(False)

WORK, WORK_LABEL = ID["work/example-work"], en("Example & Other (2005)")
CITED_FOR = s("a survey of staff of the example services")
STUDY, STUDY_LABEL = ID["study/example-study"], en("Example Study")
PHASE, PHASE_LABEL = ID["study/example-study-phase-1"], en("Example Study, phase 1")
INTERVIEWEES, INTERVIEWEES_LABEL = ID["figure/example-interviewees"], en("Example Study: 30 people interviewed")
QUESTIONNAIRES = ID["figure/example-questionnaires"]
QUESTIONNAIRES_LABEL = en("Example Study, phase 1: 12 questionnaires returned")
RATE, RATE_LABEL = ID["figure/example-response-rate"], en("Example Study, phase 1: a response rate of 60%")
EVIDENCE_VARS = ("finding", "findingLabel", "findingKind", "link", "evidence", "evidenceLabel", "year", "study",
                 "studyLabel", "sampleSize", "sampleOf")
FIGURES_BY_STUDY_VARS = ("study", "studyLabel", "of", "ofLabel", "phase", "figure", "figureLabel", "value", "unit",
                         "measures", "population", "outOf", "statistic", "isSampleSize", "statedFigure")
PROVISION_VARS = ("policy", "policyLabel", "year", "provisionType", "provisionTypeLabel", "target", "targetLabel",
                  "targetType", "statement", "fileName", "quote")


EXPECTED: dict[str, list[Case]] = {
    "barrier-and-facilitator-partnerships": [
        Case(
            {},
            vars=(
                "partnership",
                "partnershipLabel",
                "relation",
                "concept",
                "conceptLabel",
                "category",
                "categoryLabel",
            ),
            rows=[
                (
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    PK.facesBarrier,
                    ID["barrier/different-cultures"],
                    en("Different cultures"),
                    PK.CategoryCulture,
                    en("cultural"),
                ),
                (
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    PK.facilitatedBy,
                    ID["facilitator/shared-aims"],
                    en("Shared aims"),
                    PK.CategoryGoals,
                    en("shared goals and purpose"),
                ),
                (
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    PK.facesBarrier,
                    ID["barrier/short-term-funding"],
                    en("Short-term funding"),
                    PK.CategoryFunding,
                    en("funding"),
                ),
            ],
        ),
    ],
    "barriers-and-facilitators-by-category": [
        Case(
            {},
            vars=("category", "categoryLabel", "kind", "concept", "conceptLabel"),
            rows=[
                (
                    PK.CategoryCulture,
                    en("cultural"),
                    PK.Barrier,
                    ID["barrier/different-cultures"],
                    en("Different cultures"),
                ),
                (
                    PK.CategoryFunding,
                    en("funding"),
                    PK.Barrier,
                    ID["barrier/short-term-funding"],
                    en("Short-term funding"),
                ),
                (
                    PK.CategoryRelationships,
                    en("relationships and joint working"),
                    PK.Facilitator,
                    ID["facilitator/co-location"],
                    en("Co-location of staff"),
                ),
                (
                    PK.CategoryGoals,
                    en("shared goals and purpose"),
                    PK.Facilitator,
                    ID["facilitator/shared-aims"],
                    en("Shared aims"),
                ),
            ],
        ),
        Case(
            {"kind": "Facilitator"},
            vars=("category", "categoryLabel", "kind", "concept", "conceptLabel"),
            rows=[
                (
                    PK.CategoryRelationships,
                    en("relationships and joint working"),
                    PK.Facilitator,
                    ID["facilitator/co-location"],
                    en("Co-location of staff"),
                ),
                (
                    PK.CategoryGoals,
                    en("shared goals and purpose"),
                    PK.Facilitator,
                    ID["facilitator/shared-aims"],
                    en("Shared aims"),
                ),
            ],
        ),
    ],
    "barriers-and-facilitators-by-model": [
        Case(
            {},
            vars=("formalityRank", "model", "modelLabel", "kind", "concept", "conceptLabel", "link"),
            rows=[
                (
                    n(1),
                    PK.SteeringGroupModel,
                    en("steering group model"),
                    PK.Barrier,
                    ID["barrier/short-term-funding"],
                    en("Short-term funding"),
                    s("tied to a partnership of this model"),
                ),
                (
                    n(2),
                    PK.CoLocationModel,
                    en("co-location model"),
                    PK.Barrier,
                    ID["barrier/different-cultures"],
                    en("Different cultures"),
                    s("related to the model"),
                ),
                (
                    n(2),
                    PK.CoLocationModel,
                    en("co-location model"),
                    PK.Barrier,
                    ID["barrier/different-cultures"],
                    en("Different cultures"),
                    s("tied to a partnership of this model"),
                ),
                (
                    n(2),
                    PK.CoLocationModel,
                    en("co-location model"),
                    PK.Facilitator,
                    ID["facilitator/co-location"],
                    en("Co-location of staff"),
                    s("related to the model"),
                ),
                (
                    n(2),
                    PK.CoLocationModel,
                    en("co-location model"),
                    PK.Facilitator,
                    ID["facilitator/shared-aims"],
                    en("Shared aims"),
                    s("tied to a partnership of this model"),
                ),
            ],
        ),
    ],
    "barriers-and-facilitators-by-stage": [
        Case(
            {},
            vars=("position", "stage", "stageLabel", "kind", "concept", "conceptLabel", "link"),
            rows=[
                (
                    n(1),
                    PK.PrePartnershipCollaboration,
                    en("pre-partnership collaboration"),
                    PK.Barrier,
                    ID["barrier/different-cultures"],
                    en("Different cultures"),
                    s("related to the stage"),
                ),
                (
                    n(1),
                    PK.PrePartnershipCollaboration,
                    en("pre-partnership collaboration"),
                    PK.Barrier,
                    ID["barrier/short-term-funding"],
                    en("Short-term funding"),
                    s("tied to a partnership at this stage"),
                ),
                (
                    n(3),
                    PK.PartnershipProgrammeDelivery,
                    en("partnership programme delivery"),
                    PK.Barrier,
                    ID["barrier/different-cultures"],
                    en("Different cultures"),
                    s("tied to a partnership at this stage"),
                ),
                (
                    n(3),
                    PK.PartnershipProgrammeDelivery,
                    en("partnership programme delivery"),
                    PK.Facilitator,
                    ID["facilitator/shared-aims"],
                    en("Shared aims"),
                    s("tied to a partnership at this stage"),
                ),
            ],
        ),
        Case(
            {"stage": "partnership programme delivery"},
            vars=("position", "stage", "stageLabel", "kind", "concept", "conceptLabel", "link"),
            rows=[
                (
                    n(3),
                    PK.PartnershipProgrammeDelivery,
                    en("partnership programme delivery"),
                    PK.Barrier,
                    ID["barrier/different-cultures"],
                    en("Different cultures"),
                    s("tied to a partnership at this stage"),
                ),
                (
                    n(3),
                    PK.PartnershipProgrammeDelivery,
                    en("partnership programme delivery"),
                    PK.Facilitator,
                    ID["facilitator/shared-aims"],
                    en("Shared aims"),
                    s("tied to a partnership at this stage"),
                ),
            ],
        ),
    ],
    "barriers-and-facilitators-by-study": [
        Case(
            {},
            vars=("study", "studyLabel", "kind", "concept", "conceptLabel", "link"),
            rows=[
                (
                    ID["study/example-study"],
                    en("Example Study"),
                    PK.Barrier,
                    ID["barrier/different-cultures"],
                    en("Different cultures"),
                    s("reported by the study"),
                ),
                (
                    ID["study/example-study"],
                    en("Example Study"),
                    PK.Barrier,
                    ID["barrier/different-cultures"],
                    en("Different cultures"),
                    s("tied to a partnership the study observed"),
                ),
                (
                    ID["study/example-study"],
                    en("Example Study"),
                    PK.Facilitator,
                    ID["facilitator/shared-aims"],
                    en("Shared aims"),
                    s("reported by the study"),
                ),
                (
                    ID["study/example-study"],
                    en("Example Study"),
                    PK.Facilitator,
                    ID["facilitator/shared-aims"],
                    en("Shared aims"),
                    s("tied to a partnership the study observed"),
                ),
            ],
        ),
    ],
    "cross-sector-partnerships": [
        Case(
            {},
            vars=("partnership", "partnershipLabel", "sectorCount", "sectors"),
            rows=[
                (
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    n(3),
                    s("private sector | statutory sector | voluntary and community sector"),
                ),
                (
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    n(2),
                    s("statutory sector | voluntary and community sector"),
                ),
                (
                    ID["partnership/service-01"],
                    en("Fixture Service 1 partnership (anonymised)"),
                    n(2),
                    s("statutory sector | voluntary and community sector"),
                ),
            ],
        ),
    ],
    "describe-entity": [
        Case(
            {"entity": "Example Study"},
            triples=[
                (BNode("b1"), RDF.type, PK.StageCount),
                (BNode("b1"), PK["count"], nn(2)),
                (BNode("b1"), PK.countedStage, PK.PrePartnershipCollaboration),
                (BNode("b2"), RDF.type, PK.StageCount),
                (BNode("b2"), PK["count"], nn(1)),
                (BNode("b2"), PK.countedStage, PK.PartnershipProgrammeDelivery),
                (ID["study/example-study"], RDF.type, PK.Study),
                (ID["study/example-study"], RDFS.label, en("Example Study")),
                (ID["study/example-study"], PROV.wasDerivedFrom, ID["source/fixture-one"]),
                (ID["study/example-study"], PROV.wasDerivedFrom, ID["source/fixture-two"]),
                (ID["study/example-study"], PK.dataCollectionPeriod, s("May 2005 to April 2006")),
                (ID["study/example-study"], PK.interviewees, nn(30)),
                (ID["study/example-study"], PK.reportedStageCount, BNode("b1")),
                (ID["study/example-study"], PK.reportedStageCount, BNode("b2")),
                (ID["study/example-study"], PK.sitesStudied, nn(12)),
                (ID["study/example-study"], PK.statedFigure, s("£1m was available")),
            ],
        ),
    ],
    "ego-network": [
        Case(
            {"org": "Beta Charity"},
            triples=[
                (ID["organisation/alpha-trust"], RDF.type, PK.NHSTrust),
                (ID["organisation/alpha-trust"], RDFS.label, en("Alpha Trust")),
                (ID["organisation/beta-charity"], RDF.type, PK.Charity),
                (ID["organisation/beta-charity"], RDFS.label, en("Beta Charity")),
                (ID["organisation/beta-charity"], PK.sector, PK.VoluntaryCommunitySector),
                (ID["organisation/delta-council"], RDF.type, PK.LocalAuthority),
                (ID["organisation/delta-council"], RDFS.label, en("Delta Council")),
                (ID["organisation/gamma-ltd"], RDF.type, PK.PrivateCompany),
                (ID["organisation/gamma-ltd"], RDFS.label, en("Gamma Ltd")),
                (ID["partnership/alpha-beta"], RDF.type, PK.Partnership),
                (ID["partnership/alpha-beta"], RDFS.label, en("Alpha and Beta partnership")),
                (ID["partnership/alpha-beta"], PK.hasPartner, ID["organisation/alpha-trust"]),
                (ID["partnership/alpha-beta"], PK.hasPartner, ID["organisation/beta-charity"]),
                (ID["partnership/beta-gamma-delta"], RDF.type, PK.Partnership),
                (ID["partnership/beta-gamma-delta"], RDFS.label, en("Beta, Gamma and Delta partnership")),
                (ID["partnership/beta-gamma-delta"], PK.hasPartner, ID["organisation/beta-charity"]),
                (ID["partnership/beta-gamma-delta"], PK.hasPartner, ID["organisation/delta-council"]),
                (ID["partnership/beta-gamma-delta"], PK.hasPartner, ID["organisation/gamma-ltd"]),
            ],
        ),
        Case(
            {"org": "Epsilon National"},
            triples=[
                (ID["organisation/epsilon-leeds"], RDF.type, PK.LocalVoluntaryOrganisation),
                (ID["organisation/epsilon-leeds"], RDFS.label, en("Epsilon Leeds")),
                (ID["organisation/epsilon-leeds"], ORG.subOrganizationOf, ID["organisation/epsilon-national"]),
                (ID["organisation/epsilon-national"], RDF.type, PK.NationalVoluntaryOrganisation),
                (ID["organisation/epsilon-national"], RDFS.label, en("Epsilon National")),
                (ID["organisation/epsilon-york"], RDF.type, PK.LocalVoluntaryOrganisation),
                (ID["organisation/epsilon-york"], RDFS.label, en("Epsilon York")),
                (ID["organisation/epsilon-york"], ORG.subOrganizationOf, ID["organisation/epsilon-national"]),
            ],
        ),
    ],
    "evidence": [
        Case(
            {"entity": "Beta Charity"},
            vars=("source", "sourceLabel", "fileName", "quote", "row"),
            rows=[
                (
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                    s("000_fixture.txt"),
                    s("Beta Charity began as a drop-in centre"),
                    None,
                ),
                (
                    ID["source/fixture-two"],
                    en("Fixture source two"),
                    s("001_fixture.txt"),
                    s('He said "partners, all"\nthen left\tearly\r\\ café 😀'),
                    None,
                ),
            ],
        ),
        Case(
            {"entity": "Gamma Ltd"},
            vars=("source", "sourceLabel", "fileName", "quote", "row"),
            rows=[
                (ID["source/partners-sheet"], en("Partners spreadsheet"), s("partners.xlsx"), None, n(3)),
            ],
        ),
        Case(
            {"entity": "Delta Council"},
            vars=("source", "sourceLabel", "fileName", "quote", "row"),
            rows=[
                (ID["source/fixture-one"], en("Fixture source one"), s("000_fixture.txt"), None, None),
            ],
        ),
    ],
    "how-connected": [
        Case(
            {"org1": "Alpha Trust", "org2": "Gamma Ltd"},
            vars=("hops", "connection", "via", "viaLabel", "through", "throughLabel", "via2", "via2Label"),
            rows=[
                (
                    n(2),
                    s("partners of a common partner"),
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    ID["organisation/beta-charity"],
                    en("Beta Charity"),
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                ),
                (
                    n(2),
                    s("partners of a common partner"),
                    ID["partnership/alpha-delta"],
                    en("Alpha and Delta partnership"),
                    ID["organisation/delta-council"],
                    en("Delta Council"),
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                ),
                (None, s("connected through a chain of partnerships"), None, None, None, None, None, None),
            ],
        ),
        Case(
            {"org1": "Epsilon Leeds", "org2": "Epsilon National"},
            vars=("hops", "connection", "via", "viaLabel", "through", "throughLabel", "via2", "via2Label"),
            rows=[
                (n(1), s("the first is part of the second"), None, None, None, None, None, None),
            ],
        ),
        Case(
            {"org1": "Department of Examples", "org2": "Beta Charity"},
            vars=("hops", "connection", "via", "viaLabel", "through", "throughLabel", "via2", "via2Label"),
            rows=[
                (
                    n(1),
                    s("the first issued a policy that funds the other"),
                    ID["policy/example-strategy"],
                    en("Example Strategy"),
                    None,
                    None,
                    None,
                    None,
                ),
                (
                    n(2),
                    s("the first issued a policy that encourages a partnership of the other"),
                    ID["policy/example-strategy"],
                    en("Example Strategy"),
                    None,
                    None,
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                ),
            ],
        ),
    ],
    "life-cycle": [
        Case(
            {},
            vars=("position", "stage", "stageLabel", "nextStage", "nextStageLabel", "partnerships"),
            rows=[
                (
                    n(1),
                    PK.PrePartnershipCollaboration,
                    en("pre-partnership collaboration"),
                    PK.PartnershipCreationAndConsolidation,
                    en("partnership creation and consolidation"),
                    n(2),
                ),
                (
                    n(2),
                    PK.PartnershipCreationAndConsolidation,
                    en("partnership creation and consolidation"),
                    PK.PartnershipProgrammeDelivery,
                    en("partnership programme delivery"),
                    n(0),
                ),
                (
                    n(3),
                    PK.PartnershipProgrammeDelivery,
                    en("partnership programme delivery"),
                    PK.PartnershipTerminationOrSuccession,
                    en("partnership termination or succession"),
                    n(1),
                ),
                (
                    n(4),
                    PK.PartnershipTerminationOrSuccession,
                    en("partnership termination or succession"),
                    None,
                    None,
                    n(0),
                ),
            ],
        ),
    ],
    "model-advantages-disadvantages": [
        Case(
            {},
            vars=(
                "formalityRank",
                "model",
                "modelLabel",
                "advantageCount",
                "advantages",
                "disadvantageCount",
                "disadvantages",
            ),
            rows=[
                (
                    n(1),
                    PK.SteeringGroupModel,
                    en("steering group model"),
                    n(0),
                    None,
                    n(1),
                    s("Unsuitable for long-term partnership"),
                ),
                (
                    n(2),
                    PK.CoLocationModel,
                    en("co-location model"),
                    n(2),
                    s("Cheap to set up | Shared premises"),
                    n(1),
                    s("Risk of confused staff loyalties"),
                ),
                (n(3), PK.VirtualOrganisationModel, en("virtual organisation model"), n(0), None, n(0), None),
                (n(4), PK.SeparateOrganisationModel, en("separate organisation model"), n(0), None, n(0), None),
            ],
        ),
        Case(
            {"model": "co-location model"},
            vars=(
                "formalityRank",
                "model",
                "modelLabel",
                "advantageCount",
                "advantages",
                "disadvantageCount",
                "disadvantages",
            ),
            rows=[
                (
                    n(2),
                    PK.CoLocationModel,
                    en("co-location model"),
                    n(2),
                    s("Cheap to set up | Shared premises"),
                    n(1),
                    s("Risk of confused staff loyalties"),
                ),
            ],
        ),
    ],
    "national-organisations-and-branches": [
        Case(
            {},
            vars=("parent", "parentLabel", "national", "branch", "branchLabel", "region", "regionLabel"),
            rows=[
                (
                    ID["organisation/epsilon-national"],
                    en("Epsilon National"),
                    T,
                    ID["organisation/epsilon-leeds"],
                    en("Epsilon Leeds"),
                    ID["region/leeds"],
                    en("Leeds"),
                ),
                (
                    ID["organisation/epsilon-national"],
                    en("Epsilon National"),
                    T,
                    ID["organisation/epsilon-york"],
                    en("Epsilon York"),
                    None,
                    None,
                ),
                (ID["organisation/zeta-national"], en("Zeta National"), T, None, None, None, None),
            ],
        ),
    ],
    "organisation-fact-gaps": [
        Case(
            {},
            vars=("organisation", "organisationLabel", "gaps", "sector", "region", "partnership", "twoSources"),
            rows=[
                (ID["organisation/eta-consortium"], en("Eta Consortium"), n(4), F, F, F, F),
                (ID["organisation/department-of-examples"], en("Department of Examples"), n(3), T, F, F, F),
                (ID["organisation/epsilon-national"], en("Epsilon National"), n(3), T, F, F, F),
                (ID["organisation/epsilon-york"], en("Epsilon York"), n(3), T, F, F, F),
                (ID["organisation/delta-council"], en("Delta Council"), n(2), T, F, T, F),
                (ID["organisation/epsilon-leeds"], en("Epsilon Leeds"), n(2), T, T, F, F),
                (ID["organisation/service-01"], en("Fixture Service 1 (anonymised)"), n(2), T, F, T, F),
                (ID["organisation/gamma-ltd"], en("Gamma Ltd"), n(2), T, F, T, F),
                (ID["organisation/zeta-national"], en("Zeta National"), n(2), T, F, T, F),
                (ID["organisation/gp-practices-unnamed"], en("two local GP practices (unnamed)"), n(2), T, F, T, F),
                (ID["organisation/alpha-trust"], en("Alpha Trust"), n(1), T, T, T, F),
                (ID["organisation/beta-charity"], en("Beta Charity"), n(1), T, F, T, T),
            ],
        ),
    ],
    "organisations-by-kind": [
        Case(
            {},
            vars=("kind", "kindLabel", "organisation", "organisationLabel"),
            rows=[
                (PK.Charity, en("Charity"), ID["organisation/beta-charity"], en("Beta Charity")),
                (PK.Consortium, en("Consortium"), ID["organisation/eta-consortium"], en("Eta Consortium")),
                (
                    PK.GovernmentDepartment,
                    en("Government department"),
                    ID["organisation/department-of-examples"],
                    en("Department of Examples"),
                ),
                (PK.LocalAuthority, en("Local authority"), ID["organisation/delta-council"], en("Delta Council")),
                (
                    PK.LocalVoluntaryOrganisation,
                    en("Local voluntary organisation"),
                    ID["organisation/epsilon-leeds"],
                    en("Epsilon Leeds"),
                ),
                (
                    PK.LocalVoluntaryOrganisation,
                    en("Local voluntary organisation"),
                    ID["organisation/epsilon-york"],
                    en("Epsilon York"),
                ),
                (PK.NHSTrust, en("NHS trust"), ID["organisation/alpha-trust"], en("Alpha Trust")),
                (
                    PK.NationalVoluntaryOrganisation,
                    en("National voluntary organisation"),
                    ID["organisation/epsilon-national"],
                    en("Epsilon National"),
                ),
                (
                    PK.NationalVoluntaryOrganisation,
                    en("National voluntary organisation"),
                    ID["organisation/zeta-national"],
                    en("Zeta National"),
                ),
                (PK.PrivateCompany, en("Private company"), ID["organisation/gamma-ltd"], en("Gamma Ltd")),
                (
                    PK.ServiceTeam,
                    en("Service team"),
                    ID["organisation/service-01"],
                    en("Fixture Service 1 (anonymised)"),
                ),
                (
                    PK.StatutoryOrganisation,
                    en("Statutory organisation"),
                    ID["organisation/gp-practices-unnamed"],
                    en("two local GP practices (unnamed)"),
                ),
                (
                    PK.UnnamedOrganisation,
                    en("Unnamed organisation"),
                    ID["organisation/service-01"],
                    en("Fixture Service 1 (anonymised)"),
                ),
                (
                    PK.UnnamedOrganisation,
                    en("Unnamed organisation"),
                    ID["organisation/gp-practices-unnamed"],
                    en("two local GP practices (unnamed)"),
                ),
            ],
        ),
        Case(
            {"within": "NHS body"},
            vars=("kind", "kindLabel", "organisation", "organisationLabel"),
            rows=[
                (PK.NHSTrust, en("NHS trust"), ID["organisation/alpha-trust"], en("Alpha Trust")),
            ],
        ),
    ],
    "organisations-by-sector": [
        Case(
            {},
            vars=("sector", "sectorLabel", "organisation", "organisationLabel"),
            rows=[
                (PK.PrivateSector, en("private sector"), ID["organisation/gamma-ltd"], en("Gamma Ltd")),
                (PK.StatutorySector, en("statutory sector"), ID["organisation/alpha-trust"], en("Alpha Trust")),
                (PK.StatutorySector, en("statutory sector"), ID["organisation/delta-council"], en("Delta Council")),
                (
                    PK.StatutorySector,
                    en("statutory sector"),
                    ID["organisation/department-of-examples"],
                    en("Department of Examples"),
                ),
                (
                    PK.StatutorySector,
                    en("statutory sector"),
                    ID["organisation/gp-practices-unnamed"],
                    en("two local GP practices (unnamed)"),
                ),
                (
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    ID["organisation/beta-charity"],
                    en("Beta Charity"),
                ),
                (
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    ID["organisation/epsilon-leeds"],
                    en("Epsilon Leeds"),
                ),
                (
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    ID["organisation/epsilon-national"],
                    en("Epsilon National"),
                ),
                (
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    ID["organisation/epsilon-york"],
                    en("Epsilon York"),
                ),
                (
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    ID["organisation/service-01"],
                    en("Fixture Service 1 (anonymised)"),
                ),
                (
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    ID["organisation/zeta-national"],
                    en("Zeta National"),
                ),
            ],
        ),
        Case(
            {"sector": "third sector"},
            vars=("sector", "sectorLabel", "organisation", "organisationLabel"),
            rows=[
                (
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    ID["organisation/beta-charity"],
                    en("Beta Charity"),
                ),
                (
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    ID["organisation/epsilon-leeds"],
                    en("Epsilon Leeds"),
                ),
                (
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    ID["organisation/epsilon-national"],
                    en("Epsilon National"),
                ),
                (
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    ID["organisation/epsilon-york"],
                    en("Epsilon York"),
                ),
                (
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    ID["organisation/service-01"],
                    en("Fixture Service 1 (anonymised)"),
                ),
                (
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    ID["organisation/zeta-national"],
                    en("Zeta National"),
                ),
            ],
        ),
    ],
    "organisations-connected": [
        Case({"org1": "Alpha Trust", "org2": "Gamma Ltd"}, ask=True),
        Case({"org1": "Alpha Trust", "org2": "Epsilon National"}, ask=False),
    ],
    "organisations-in-most-partnerships": [
        Case(
            {},
            vars=("organisation", "organisationLabel", "partnerships"),
            rows=[
                (ID["organisation/alpha-trust"], en("Alpha Trust"), n(2)),
                (ID["organisation/beta-charity"], en("Beta Charity"), n(2)),
                (ID["organisation/delta-council"], en("Delta Council"), n(2)),
                (ID["organisation/service-01"], en("Fixture Service 1 (anonymised)"), n(1)),
                (ID["organisation/gamma-ltd"], en("Gamma Ltd"), n(1)),
                (ID["organisation/zeta-national"], en("Zeta National"), n(1)),
                (ID["organisation/gp-practices-unnamed"], en("two local GP practices (unnamed)"), n(1)),
            ],
        ),
    ],
    "partnership-fact-gaps": [
        Case(
            {},
            vars=(
                "partnership",
                "partnershipLabel",
                "gaps",
                "model",
                "stage",
                "formality",
                "workingMode",
                "study",
                "twoPartners",
                "twoSources",
            ),
            rows=[
                (ID["partnership/zeta-alone"], en("Zeta partnership"), n(7), F, F, F, F, F, F, F),
                (ID["partnership/alpha-delta"], en("Alpha and Delta partnership"), n(5), F, F, F, F, F, T, T),
                (
                    ID["partnership/service-01"],
                    en("Fixture Service 1 partnership (anonymised)"),
                    n(4),
                    F,
                    T,
                    F,
                    F,
                    T,
                    T,
                    F,
                ),
                (
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    n(3),
                    T,
                    T,
                    T,
                    F,
                    F,
                    T,
                    F,
                ),
                (ID["partnership/alpha-beta"], en("Alpha and Beta partnership"), n(1), T, T, T, T, T, T, F),
            ],
        ),
    ],
    "partnership-kinds": [
        Case(
            {},
            vars=("kind", "kindLabel", "link", "related", "relatedLabel"),
            rows=[
                (
                    ID["partnership-kind/example-partnerships"],
                    en("example partnerships"),
                    s("funded by"),
                    ID["policy/example-fund"],
                    en("Example Fund"),
                ),
                (
                    ID["partnership-kind/example-partnerships"],
                    en("example partnerships"),
                    s("partnership of this kind"),
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                ),
                (
                    ID["partnership-kind/example-partnerships"],
                    en("example partnerships"),
                    s("required by"),
                    ID["policy/example-act"],
                    en("Example Act 1999"),
                ),
                (ID["partnership-kind/unused-kind"], en("unused kind"), None, None, None),
            ],
        ),
    ],
    "partnership-overview": [
        Case(
            {},
            vars=(
                "partnership",
                "partnershipLabel",
                "partners",
                "modelLabel",
                "stageLabel",
                "formal",
                "modeLabel",
                "studyLabel",
            ),
            rows=[
                (
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    n(2),
                    en("co-location model"),
                    en("partnership programme delivery"),
                    T,
                    en("multi-agency working"),
                    en("Example Study"),
                ),
                (ID["partnership/alpha-delta"], en("Alpha and Delta partnership"), n(2), None, None, None, None, None),
                (
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    n(3),
                    en("steering group model"),
                    en("pre-partnership collaboration"),
                    F,
                    None,
                    None,
                ),
                (
                    ID["partnership/service-01"],
                    en("Fixture Service 1 partnership (anonymised)"),
                    n(2),
                    None,
                    en("pre-partnership collaboration"),
                    None,
                    None,
                    en("Example Study"),
                ),
                (ID["partnership/zeta-alone"], en("Zeta partnership"), n(1), None, None, None, None, None),
            ],
        ),
    ],
    "partnership-partners": [
        Case(
            {},
            vars=("partnership", "partnershipLabel", "partner", "partnerLabel", "sector", "sectorLabel"),
            rows=[
                (
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    ID["organisation/alpha-trust"],
                    en("Alpha Trust"),
                    PK.StatutorySector,
                    en("statutory sector"),
                ),
                (
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    ID["organisation/beta-charity"],
                    en("Beta Charity"),
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                ),
                (
                    ID["partnership/alpha-delta"],
                    en("Alpha and Delta partnership"),
                    ID["organisation/alpha-trust"],
                    en("Alpha Trust"),
                    PK.StatutorySector,
                    en("statutory sector"),
                ),
                (
                    ID["partnership/alpha-delta"],
                    en("Alpha and Delta partnership"),
                    ID["organisation/delta-council"],
                    en("Delta Council"),
                    PK.StatutorySector,
                    en("statutory sector"),
                ),
                (
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    ID["organisation/beta-charity"],
                    en("Beta Charity"),
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                ),
                (
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    ID["organisation/delta-council"],
                    en("Delta Council"),
                    PK.StatutorySector,
                    en("statutory sector"),
                ),
                (
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    ID["organisation/gamma-ltd"],
                    en("Gamma Ltd"),
                    PK.PrivateSector,
                    en("private sector"),
                ),
                (
                    ID["partnership/service-01"],
                    en("Fixture Service 1 partnership (anonymised)"),
                    ID["organisation/service-01"],
                    en("Fixture Service 1 (anonymised)"),
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                ),
                (
                    ID["partnership/service-01"],
                    en("Fixture Service 1 partnership (anonymised)"),
                    ID["organisation/gp-practices-unnamed"],
                    en("two local GP practices (unnamed)"),
                    PK.StatutorySector,
                    en("statutory sector"),
                ),
                (
                    ID["partnership/zeta-alone"],
                    en("Zeta partnership"),
                    ID["organisation/zeta-national"],
                    en("Zeta National"),
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                ),
            ],
        ),
    ],
    "partnerships-by-formality": [
        Case(
            {},
            vars=("formal", "partnership", "partnershipLabel", "model", "modelLabel", "formalityRank"),
            rows=[
                (
                    T,
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    PK.CoLocationModel,
                    en("co-location model"),
                    n(2),
                ),
                (
                    F,
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    PK.SteeringGroupModel,
                    en("steering group model"),
                    n(1),
                ),
            ],
        ),
        Case(
            {"formal": "false"},
            vars=("formal", "partnership", "partnershipLabel", "model", "modelLabel", "formalityRank"),
            rows=[
                (
                    F,
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    PK.SteeringGroupModel,
                    en("steering group model"),
                    n(1),
                ),
            ],
        ),
    ],
    "partnerships-by-model": [
        Case(
            {},
            vars=("formalityRank", "model", "modelLabel", "partnership", "partnershipLabel"),
            rows=[
                (
                    n(1),
                    PK.SteeringGroupModel,
                    en("steering group model"),
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                ),
                (
                    n(2),
                    PK.CoLocationModel,
                    en("co-location model"),
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                ),
                (n(3), PK.VirtualOrganisationModel, en("virtual organisation model"), None, None),
                (n(4), PK.SeparateOrganisationModel, en("separate organisation model"), None, None),
            ],
        ),
        Case(
            {"model": "co-location model"},
            vars=("formalityRank", "model", "modelLabel", "partnership", "partnershipLabel"),
            rows=[
                (
                    n(2),
                    PK.CoLocationModel,
                    en("co-location model"),
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                ),
            ],
        ),
    ],
    "partnerships-by-region": [
        Case(
            {},
            vars=("region", "regionLabel", "partnership", "partnershipLabel", "statedRegion", "statedRegionLabel"),
            rows=[
                (
                    ID["region/england"],
                    en("England"),
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    ID["region/leeds"],
                    en("Leeds"),
                ),
                (
                    ID["region/england"],
                    en("England"),
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    ID["region/england"],
                    en("England"),
                ),
                (
                    ID["region/leeds"],
                    en("Leeds"),
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    ID["region/leeds"],
                    en("Leeds"),
                ),
                (
                    ID["region/uk"],
                    en("United Kingdom"),
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    ID["region/leeds"],
                    en("Leeds"),
                ),
                (
                    ID["region/uk"],
                    en("United Kingdom"),
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    ID["region/england"],
                    en("England"),
                ),
            ],
        ),
    ],
    "partnerships-by-stage": [
        Case(
            {},
            vars=("position", "stage", "stageLabel", "partnership", "partnershipLabel"),
            rows=[
                (
                    n(1),
                    PK.PrePartnershipCollaboration,
                    en("pre-partnership collaboration"),
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                ),
                (
                    n(1),
                    PK.PrePartnershipCollaboration,
                    en("pre-partnership collaboration"),
                    ID["partnership/service-01"],
                    en("Fixture Service 1 partnership (anonymised)"),
                ),
                (
                    n(2),
                    PK.PartnershipCreationAndConsolidation,
                    en("partnership creation and consolidation"),
                    None,
                    None,
                ),
                (
                    n(3),
                    PK.PartnershipProgrammeDelivery,
                    en("partnership programme delivery"),
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                ),
                (n(4), PK.PartnershipTerminationOrSuccession, en("partnership termination or succession"), None, None),
            ],
        ),
        Case(
            {"stage": "pre-partnership collaboration"},
            vars=("position", "stage", "stageLabel", "partnership", "partnershipLabel"),
            rows=[
                (
                    n(1),
                    PK.PrePartnershipCollaboration,
                    en("pre-partnership collaboration"),
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                ),
                (
                    n(1),
                    PK.PrePartnershipCollaboration,
                    en("pre-partnership collaboration"),
                    ID["partnership/service-01"],
                    en("Fixture Service 1 partnership (anonymised)"),
                ),
            ],
        ),
    ],
    "partnerships-by-working-mode": [
        Case(
            {},
            vars=("mode", "modeLabel", "partnership", "partnershipLabel"),
            rows=[
                (PK.InterAgencyWorking, en("inter-agency working"), None, None),
                (
                    PK.MultiAgencyWorking,
                    en("multi-agency working"),
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                ),
                (PK.MultiDisciplinaryWorking, en("multi-disciplinary working"), None, None),
            ],
        ),
    ],
    "partnerships-without-model": [
        Case(
            {},
            vars=("partnership", "partnershipLabel", "formal", "stage", "stageLabel", "partners"),
            rows=[
                (ID["partnership/alpha-delta"], en("Alpha and Delta partnership"), None, None, None, n(2)),
                (
                    ID["partnership/service-01"],
                    en("Fixture Service 1 partnership (anonymised)"),
                    None,
                    PK.PrePartnershipCollaboration,
                    en("pre-partnership collaboration"),
                    n(2),
                ),
                (ID["partnership/zeta-alone"], en("Zeta partnership"), None, None, None, n(1)),
            ],
        ),
    ],
    "policies-by-issuer": [
        Case(
            {},
            vars=("issuer", "issuerLabel", "year", "policy", "policyLabel"),
            rows=[
                (
                    ID["organisation/beta-charity"],
                    en("Beta Charity"),
                    None,
                    ID["policy/example-compact"],
                    en("Example Compact"),
                ),
                (
                    ID["organisation/department-of-examples"],
                    en("Department of Examples"),
                    None,
                    ID["policy/example-compact"],
                    en("Example Compact"),
                ),
                (
                    ID["organisation/department-of-examples"],
                    en("Department of Examples"),
                    year("1999"),
                    ID["policy/example-act"],
                    en("Example Act 1999"),
                ),
                (
                    ID["organisation/department-of-examples"],
                    en("Department of Examples"),
                    year("2004"),
                    ID["policy/example-strategy"],
                    en("Example Strategy"),
                ),
            ],
        ),
    ],
    "policies-by-year": [
        Case(
            {},
            vars=("year", "policy", "policyLabel", "issuer", "issuerLabel"),
            rows=[
                (
                    year("1999"),
                    ID["policy/example-act"],
                    en("Example Act 1999"),
                    ID["organisation/department-of-examples"],
                    en("Department of Examples"),
                ),
                (year("2004"), ID["policy/example-fund"], en("Example Fund"), None, None),
                (
                    year("2004"),
                    ID["policy/example-strategy"],
                    en("Example Strategy"),
                    ID["organisation/department-of-examples"],
                    en("Department of Examples"),
                ),
            ],
        ),
        Case(
            {"year": "2004"},
            vars=("year", "policy", "policyLabel", "issuer", "issuerLabel"),
            rows=[
                (year("2004"), ID["policy/example-fund"], en("Example Fund"), None, None),
                (
                    year("2004"),
                    ID["policy/example-strategy"],
                    en("Example Strategy"),
                    ID["organisation/department-of-examples"],
                    en("Department of Examples"),
                ),
            ],
        ),
    ],
    "policy-partnerships": [
        Case(
            {},
            vars=("policy", "policyLabel", "partnership", "partnershipLabel", "partner", "partnerLabel"),
            rows=[
                (
                    ID["policy/example-compact"],
                    en("Example Compact"),
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    ID["organisation/beta-charity"],
                    en("Beta Charity"),
                ),
                (
                    ID["policy/example-compact"],
                    en("Example Compact"),
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    ID["organisation/delta-council"],
                    en("Delta Council"),
                ),
                (
                    ID["policy/example-compact"],
                    en("Example Compact"),
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    ID["organisation/gamma-ltd"],
                    en("Gamma Ltd"),
                ),
            ],
        ),
    ],
    "policy-requirements": [
        Case(
            {},
            vars=("policy", "policyLabel", "relation", "target", "targetLabel", "targetType"),
            rows=[
                (
                    ID["policy/example-act"],
                    en("Example Act 1999"),
                    PK.requires,
                    ID["partnership-kind/example-partnerships"],
                    en("example partnerships"),
                    s("partnership kind"),
                ),
                (
                    ID["policy/example-fund"],
                    en("Example Fund"),
                    PK.funds,
                    ID["partnership-kind/example-partnerships"],
                    en("example partnerships"),
                    s("partnership kind"),
                ),
                (
                    ID["policy/example-strategy"],
                    en("Example Strategy"),
                    PK.encourages,
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    s("partnership"),
                ),
                (
                    ID["policy/example-strategy"],
                    en("Example Strategy"),
                    PK.funds,
                    ID["organisation/beta-charity"],
                    en("Beta Charity"),
                    s("organisation"),
                ),
            ],
        ),
    ],
    "policy-timeline": [
        Case(
            {},
            vars=("year", "policy", "policyLabel", "kind", "kindLabel", "ledTo", "ledToLabel"),
            rows=[
                (
                    year("1999"),
                    ID["policy/example-act"],
                    en("Example Act 1999"),
                    PK.Act,
                    en("Act"),
                    ID["policy/example-strategy"],
                    en("Example Strategy"),
                ),
                (
                    year("2004"),
                    ID["policy/example-fund"],
                    en("Example Fund"),
                    PK.FundingProgramme,
                    en("Funding programme"),
                    None,
                    None,
                ),
                (
                    year("2004"),
                    ID["policy/example-strategy"],
                    en("Example Strategy"),
                    PK.StrategyOrPlan,
                    en("Strategy or plan"),
                    None,
                    None,
                ),
            ],
        ),
    ],
    "search": [
        Case(
            {"text": "partnership"},
            vars=("entity", "label"),
            rows=[
                (ID["partnership/alpha-beta"], en("Alpha and Beta partnership")),
                (ID["partnership/alpha-delta"], en("Alpha and Delta partnership")),
                (ID["partnership/beta-gamma-delta"], en("Beta, Gamma and Delta partnership")),
                (ID["partnership/service-01"], en("Fixture Service 1 partnership (anonymised)")),
                (PK.Partnership, en("Partnership")),
                (PK.PartnershipBody, en("Partnership body")),
                (PK.PartnershipConcept, en("Partnership concept")),
                (PK.PartnershipDimensionValue, en("Partnership dimension value")),
                (PK.PartnershipFeature, en("Partnership feature")),
                (PK.PartnershipKind, en("Partnership kind")),
                (PK.PartnershipModel, en("Partnership model")),
                (PK.PartnershipOutcome, en("Partnership outcome")),
                (PK.ReasonForPartnership, en("Reason for partnership")),
                (ID["disadvantage/unsuitable-long-term"], en("Unsuitable for long-term partnership")),
                (ID["partnership/zeta-alone"], en("Zeta partnership")),
                (PK.FormalAgreementFeature, en("a partnership agreement")),  # its alternative label
                (PK.BarrierScheme, en("barriers to partnership working")),
                (PK.BenefitScheme, en("benefits of partnership working")),
                (ID["partnership-kind/example-partnerships"], en("example partnerships")),
                (PK.FacilitatorScheme, en("facilitators of partnership working")),
                (PK.MisconceptionScheme, en("misconceptions about partnership")),
                (PK.partnership, en("partnership")),
                (PK.PartnershipCreationAndConsolidation, en("partnership creation and consolidation")),
                (PK.PartnershipFeatureScheme, en("partnership features")),
                (PK.partnershipModel, en("partnership model")),
                (PK.PartnershipProgrammeDelivery, en("partnership programme delivery")),
                (PK.PartnershipTerminationOrSuccession, en("partnership termination or succession")),
                (PK.PartnershipTypology, en("partnership typology")),
                (PK.PrePartnershipCollaboration, en("pre-partnership collaboration")),
                (PK.ReasonScheme, en("reasons for partnership working")),
            ],
        ),
        Case({"text": '"} ; DROP ALL ; {"'}, vars=("entity", "label"), rows=[]),
    ],
    "sector-bridging-organisations": [
        Case(
            {},
            vars=(
                "organisation",
                "organisationLabel",
                "sector",
                "sectorLabel",
                "otherSectors",
                "crossSectorPartnerships",
            ),
            rows=[
                (
                    ID["organisation/beta-charity"],
                    en("Beta Charity"),
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    n(2),
                    n(2),
                ),
                (
                    ID["organisation/delta-council"],
                    en("Delta Council"),
                    PK.StatutorySector,
                    en("statutory sector"),
                    n(2),
                    n(1),
                ),
                (ID["organisation/gamma-ltd"], en("Gamma Ltd"), PK.PrivateSector, en("private sector"), n(2), n(1)),
                (
                    ID["organisation/alpha-trust"],
                    en("Alpha Trust"),
                    PK.StatutorySector,
                    en("statutory sector"),
                    n(1),
                    n(1),
                ),
                (
                    ID["organisation/service-01"],
                    en("Fixture Service 1 (anonymised)"),
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    n(1),
                    n(1),
                ),
                (
                    ID["organisation/gp-practices-unnamed"],
                    en("two local GP practices (unnamed)"),
                    PK.StatutorySector,
                    en("statutory sector"),
                    n(1),
                    n(1),
                ),
            ],
        ),
        Case(
            {"sector": "<https://w3id.org/partnerkg/ontology#StatutorySector>"},
            vars=(
                "organisation",
                "organisationLabel",
                "sector",
                "sectorLabel",
                "otherSectors",
                "crossSectorPartnerships",
            ),
            rows=[
                (
                    ID["organisation/delta-council"],
                    en("Delta Council"),
                    PK.StatutorySector,
                    en("statutory sector"),
                    n(2),
                    n(1),
                ),
                (
                    ID["organisation/alpha-trust"],
                    en("Alpha Trust"),
                    PK.StatutorySector,
                    en("statutory sector"),
                    n(1),
                    n(1),
                ),
                (
                    ID["organisation/gp-practices-unnamed"],
                    en("two local GP practices (unnamed)"),
                    PK.StatutorySector,
                    en("statutory sector"),
                    n(1),
                    n(1),
                ),
            ],
        ),
    ],
    "shared-partnerships": [
        Case(
            {},
            vars=("organisation", "organisationLabel", "other", "otherLabel", "sharedPartnerships"),
            rows=[
                (ID["organisation/alpha-trust"], en("Alpha Trust"), ID["organisation/beta-charity"],
                 en("Beta Charity"), n(1)),
                (ID["organisation/alpha-trust"], en("Alpha Trust"), ID["organisation/delta-council"],
                 en("Delta Council"), n(1)),
                (ID["organisation/beta-charity"], en("Beta Charity"), ID["organisation/delta-council"],
                 en("Delta Council"), n(1)),
                (ID["organisation/beta-charity"], en("Beta Charity"), ID["organisation/gamma-ltd"], en("Gamma Ltd"),
                 n(1)),
                (ID["organisation/delta-council"], en("Delta Council"), ID["organisation/gamma-ltd"], en("Gamma Ltd"),
                 n(1)),
                (ID["organisation/gp-practices-unnamed"], en("two local GP practices (unnamed)"),
                 ID["organisation/service-01"], en("Fixture Service 1 (anonymised)"), n(1)),
            ],
        ),
    ],
    "single-source-entities": [
        Case(
            {},
            vars=("kind", "entity", "entityLabel", "sources", "source", "sourceLabel"),
            rows=[
                (
                    PK.Barrier,
                    ID["barrier/short-term-funding"],
                    en("Short-term funding"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Facilitator,
                    ID["facilitator/co-location"],
                    en("Co-location of staff"),
                    n(1),
                    ID["source/fixture-two"],
                    en("Fixture source two"),
                ),
                (
                    PK.Facilitator,
                    ID["facilitator/shared-aims"],
                    en("Shared aims"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Organisation,
                    ID["organisation/alpha-trust"],
                    en("Alpha Trust"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Organisation,
                    ID["organisation/delta-council"],
                    en("Delta Council"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Organisation,
                    ID["organisation/department-of-examples"],
                    en("Department of Examples"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Organisation,
                    ID["organisation/epsilon-leeds"],
                    en("Epsilon Leeds"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Organisation,
                    ID["organisation/epsilon-national"],
                    en("Epsilon National"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Organisation,
                    ID["organisation/epsilon-york"],
                    en("Epsilon York"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (PK.Organisation, ID["organisation/eta-consortium"], en("Eta Consortium"), n(0), None, None),
                (
                    PK.Organisation,
                    ID["organisation/service-01"],
                    en("Fixture Service 1 (anonymised)"),
                    n(1),
                    ID["source/fixture-two"],
                    en("Fixture source two"),
                ),
                (
                    PK.Organisation,
                    ID["organisation/gamma-ltd"],
                    en("Gamma Ltd"),
                    n(1),
                    ID["source/partners-sheet"],
                    en("Partners spreadsheet"),
                ),
                (
                    PK.Organisation,
                    ID["organisation/zeta-national"],
                    en("Zeta National"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Organisation,
                    ID["organisation/gp-practices-unnamed"],
                    en("two local GP practices (unnamed)"),
                    n(1),
                    ID["source/fixture-two"],
                    en("Fixture source two"),
                ),
                (
                    PK.Partnership,
                    ID["partnership/alpha-beta"],
                    en("Alpha and Beta partnership"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Partnership,
                    ID["partnership/beta-gamma-delta"],
                    en("Beta, Gamma and Delta partnership"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Partnership,
                    ID["partnership/service-01"],
                    en("Fixture Service 1 partnership (anonymised)"),
                    n(1),
                    ID["source/fixture-two"],
                    en("Fixture source two"),
                ),
                (PK.Partnership, ID["partnership/zeta-alone"], en("Zeta partnership"), n(0), None, None),
                (
                    PK.Policy,
                    ID["policy/example-act"],
                    en("Example Act 1999"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Policy,
                    ID["policy/example-compact"],
                    en("Example Compact"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Policy,
                    ID["policy/example-fund"],
                    en("Example Fund"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                (
                    PK.Policy,
                    ID["policy/example-strategy"],
                    en("Example Strategy"),
                    n(1),
                    ID["source/fixture-one"],
                    en("Fixture source one"),
                ),
                # a study phase is a study; the fixture's one is derived from no source
                (PK.Study, ID["study/example-study-phase-1"], en("Example Study, phase 1"), n(0), None, None),
            ],
        ),
    ],
    "source-documents": [
        Case(
            {},
            vars=("source", "fileName", "sourceLabel", "entities", "quotes"),
            rows=[
                # the cited work and the list add two entities, the provision and a barrier's quote (issue 23)
                # quotes to source one; the definition a quote to source two (it has a qualified derivation only)
                (ID["source/fixture-one"], s("000_fixture.txt"), en("Fixture source one"), n(21), n(4)),
                (ID["source/fixture-two"], s("001_fixture.txt"), en("Fixture source two"), n(8), n(2)),
            ],
        ),
    ],
    "stage-counts": [
        Case(
            {},
            vars=("study", "studyLabel", "position", "stage", "stageLabel", "reported", "modelled"),
            rows=[
                (
                    ID["study/example-study"],
                    en("Example Study"),
                    n(1),
                    PK.PrePartnershipCollaboration,
                    en("pre-partnership collaboration"),
                    nn(2),
                    n(1),
                ),
                (
                    ID["study/example-study"],
                    en("Example Study"),
                    n(3),
                    PK.PartnershipProgrammeDelivery,
                    en("partnership programme delivery"),
                    nn(1),
                    n(1),
                ),
            ],
        ),
        Case(
            {"study": "Example Study"},
            vars=("study", "studyLabel", "position", "stage", "stageLabel", "reported", "modelled"),
            rows=[
                (
                    ID["study/example-study"],
                    en("Example Study"),
                    n(1),
                    PK.PrePartnershipCollaboration,
                    en("pre-partnership collaboration"),
                    nn(2),
                    n(1),
                ),
                (
                    ID["study/example-study"],
                    en("Example Study"),
                    n(3),
                    PK.PartnershipProgrammeDelivery,
                    en("partnership programme delivery"),
                    nn(1),
                    n(1),
                ),
            ],
        ),
    ],
    "study-figures": [
        Case(
            {},
            vars=("study", "studyLabel", "property", "propertyLabel", "value"),
            rows=[
                (
                    ID["study/example-study"],
                    en("Example Study"),
                    PK.dataCollectionPeriod,
                    en("data collection period"),
                    s("May 2005 to April 2006"),
                ),
                (ID["study/example-study"], en("Example Study"), PK.interviewees, en("interviewees"), nn(30)),
                (ID["study/example-study"], en("Example Study"), PK.sitesStudied, en("sites studied"), nn(12)),
                (
                    ID["study/example-study"],
                    en("Example Study"),
                    PK.statedFigure,
                    en("stated figure"),
                    s("£1m was available"),
                ),
            ],
        ),
    ],
    "unnamed-parties": [
        Case(
            {},
            vars=("organisation", "organisationLabel", "isAnonymised", "sector", "sectorLabel", "partnerships"),
            rows=[
                (
                    ID["organisation/gp-practices-unnamed"],
                    en("two local GP practices (unnamed)"),
                    F,
                    PK.StatutorySector,
                    en("statutory sector"),
                    n(1),
                ),
                (
                    ID["organisation/service-01"],
                    en("Fixture Service 1 (anonymised)"),
                    T,
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    n(1),
                ),
            ],
        ),
        Case(
            {"anonymised": "true"},
            vars=("organisation", "organisationLabel", "isAnonymised", "sector", "sectorLabel", "partnerships"),
            rows=[
                (
                    ID["organisation/service-01"],
                    en("Fixture Service 1 (anonymised)"),
                    T,
                    PK.VoluntaryCommunitySector,
                    en("voluntary and community sector"),
                    n(1),
                ),
            ],
        ),
    ],
    # ---- issue 18: cited works, figures, lists, definitions, provisions ------------------------------------------
    "cited-works": [
        Case(
            {},
            vars=("work", "workLabel", "authors", "year", "source", "fileName", "citedFor", "relation", "about",
                  "aboutLabel"),
            rows=[
                (WORK, WORK_LABEL, s("Example & Other"), year("2005"), ID["source/fixture-one"], s("000_fixture.txt"),
                 CITED_FOR, PK.reports, ID["study/example-study"], en("Example Study")),
                # stated as pk:supportedBy on the finding (user data: the inverse is not materialised)
                (WORK, WORK_LABEL, s("Example & Other"), year("2005"), ID["source/fixture-one"], s("000_fixture.txt"),
                 CITED_FOR, PK.supports, ID["barrier/different-cultures"], en("Different cultures")),
                (WORK, WORK_LABEL, s("Example & Other"), year("2005"), ID["source/fixture-one"], s("000_fixture.txt"),
                 CITED_FOR, PK.supports, ID["definition/example-definition"], en("Example definition")),
            ],
        ),
        Case({"source": "Fixture source two"},
             vars=("work", "workLabel", "authors", "year", "source", "fileName", "citedFor", "relation", "about",
                   "aboutLabel"),
             rows=[]),
    ],
    "definitions": [
        Case(
            {},
            vars=("term", "definition", "definitionLabel", "text", "defines", "work", "workLabel", "fileName"),
            rows=[
                (s("joint working"), ID["definition/example-definition"], en("Example definition"),
                 s("Agencies working together."), None, WORK, WORK_LABEL, s("001_fixture.txt")),
            ],
        ),
        Case({"term": "partnership"},
             vars=("term", "definition", "definitionLabel", "text", "defines", "work", "workLabel", "fileName"),
             rows=[]),
    ],
    "evidence-by-study": [
        Case(
            {},
            vars=EVIDENCE_VARS,
            rows=[
                # the cited work reports the study, so its findings carry the study's samples (its own and its
                # phase's), in the work's year
                *[(ID[f], en(lab), s(kind), s("cited for it"), WORK, WORK_LABEL, year("2005"), STUDY, STUDY_LABEL,
                   size, s(what))
                  for f, lab, kind in (("barrier/different-cultures", "Different cultures", "barrier"),
                                       ("definition/example-definition", "Example definition", "definition"))
                  for size, what in ((n(30), "people interviewed"), (n(12), "questionnaires returned"))],
                # the study's own findings: the year is that of the work that reports the study
                *[(ID[f], en(lab), s(kind), s("reported by the study"), STUDY, STUDY_LABEL, year("2005"), STUDY,
                   STUDY_LABEL, size, s(what))
                  for f, lab, kind in (("barrier/different-cultures", "Different cultures", "barrier"),
                                       ("facilitator/shared-aims", "Shared aims", "facilitator"))
                  for size, what in ((n(30), "people interviewed"), (n(12), "questionnaires returned"))],
            ],
        ),
        Case(
            {"finding": "Shared aims"},
            vars=EVIDENCE_VARS,
            rows=[(ID["facilitator/shared-aims"], en("Shared aims"), s("facilitator"), s("reported by the study"),
                   STUDY, STUDY_LABEL, year("2005"), STUDY, STUDY_LABEL, size, s(what))
                  for size, what in ((n(30), "people interviewed"), (n(12), "questionnaires returned"))],
        ),
    ],
    "figures": [
        Case(
            {},
            vars=("of", "ofLabel", "figure", "figureLabel", "value", "unit", "measures", "population", "outOf",
                  "statistic", "approximate", "statedFigure"),
            rows=[
                (ID["policy/example-fund"], en("Example Fund"), ID["figure/example-fund-amount"],
                 en("Example Fund: about £1m"), n(1000000), s("pounds sterling"), s("money available"), None, None,
                 None, T, None),
                (STUDY, STUDY_LABEL, INTERVIEWEES, INTERVIEWEES_LABEL, n(30), s("people"), s("people interviewed"),
                 s("staff of the example services"), None, s("count"), None, None),
                (PHASE, PHASE_LABEL, QUESTIONNAIRES, QUESTIONNAIRES_LABEL, n(12), s("questionnaires"),
                 s("questionnaires returned"), None, n(20), None, None, None),
                (PHASE, PHASE_LABEL, RATE, RATE_LABEL, dec("60.0"), s("per cent"), s("response rate"), None, None,
                 s("percentage"), None, s("60%")),
            ],
        ),
        Case(
            {"of": "Example Fund"},
            vars=("of", "ofLabel", "figure", "figureLabel", "value", "unit", "measures", "population", "outOf",
                  "statistic", "approximate", "statedFigure"),
            rows=[(ID["policy/example-fund"], en("Example Fund"), ID["figure/example-fund-amount"],
                   en("Example Fund: about £1m"), n(1000000), s("pounds sterling"), s("money available"), None, None,
                   None, T, None)],
        ),
    ],
    "figures-by-study": [
        Case(
            {"study": "Example Study"},
            vars=FIGURES_BY_STUDY_VARS,
            rows=[
                (STUDY, STUDY_LABEL, STUDY, STUDY_LABEL, None, INTERVIEWEES, INTERVIEWEES_LABEL, n(30), s("people"),
                 s("people interviewed"), s("staff of the example services"), None, s("count"), T, None),
                # the phase's figures belong to the study, through the phase
                (STUDY, STUDY_LABEL, PHASE, PHASE_LABEL, n(1), QUESTIONNAIRES, QUESTIONNAIRES_LABEL, n(12),
                 s("questionnaires"), s("questionnaires returned"), None, n(20), None, T, None),
                (STUDY, STUDY_LABEL, PHASE, PHASE_LABEL, n(1), RATE, RATE_LABEL, dec("60.0"), s("per cent"),
                 s("response rate"), None, None, s("percentage"), F, s("60%")),
            ],
        ),
        # a phase is not a study of its own here: its figures are listed under the study it is a phase of
        Case({"study": "Example Study, phase 1"}, vars=FIGURES_BY_STUDY_VARS, rows=[]),
    ],
    "policy-provisions": [
        Case(
            {},
            vars=PROVISION_VARS,
            rows=[
                (ID["policy/example-act"], en("Example Act 1999"), year("1999"), PK.Requirement, en("requirement"),
                 ID["partnership-kind/example-partnerships"], en("example partnerships"), s("partnership kind"),
                 en("Every area must set one up."), s("000_fixture.txt"),
                 s("every area must set up an example partnership")),
            ],
        ),
        Case({"provisionType": "encouragement"}, vars=PROVISION_VARS, rows=[]),
    ],
    "source-lists": [
        Case(
            {"list": "Example box"},
            vars=("source", "fileName", "list", "listLabel", "listKindLabel", "notation", "statedItemCount", "item",
                  "itemLabel"),
            rows=[
                (ID["source/fixture-one"], s("000_fixture.txt"), ID["list/example-box"], en("Example box"),
                 en("box"), s("Box 1"), n(2), ID[item], en(lab))
                for item, lab in (("barrier/different-cultures", "Different cultures"),
                                  ("facilitator/shared-aims", "Shared aims"))
            ],
        ),
        Case({"source": "Fixture source two"},
             vars=("source", "fileName", "list", "listLabel", "listKindLabel", "notation", "statedItemCount", "item",
                   "itemLabel"),
             rows=[]),
    ],
    # ---- the diagnostics (issue 23): Beta, Gamma and Delta has a feature, lacks one and is constituted by a
    # compact; Alpha and Beta has a kind, a model with Table 1 style items, a barrier with a quote and a study;
    # a phase is no study of its own for diagnosis-samples
    "diagnosis-barriers": [
        Case(
            {"partnership": "Beta, Gamma and Delta partnership"},
            vars=("rank", "barrier", "barrierLabel", "reason", "via", "viaLabel", "fileName", "quote", "evidence",
                  "evidenceLabel"),
            rows=[
                (n(1), ID["barrier/short-term-funding"], en("Short-term funding"), s("faced by this partnership"),
                 ID["partnership/beta-gamma-delta"], en("Beta, Gamma and Delta partnership"), None, None, None, None),
                (n(3), ID["barrier/different-cultures"], en("Different cultures"),
                 s("tied by a source to its life-cycle stage"), PK.PrePartnershipCollaboration,
                 en("pre-partnership collaboration"), s("000_fixture.txt"), s("the two cultures never met"), None,
                 None),
                (n(3), ID["barrier/different-cultures"], en("Different cultures"),
                 s("tied by a source to its life-cycle stage"), PK.PrePartnershipCollaboration,
                 en("pre-partnership collaboration"), None, None, ID["work/example-work"],
                 en("Example & Other (2005)")),
                (n(3), ID["barrier/different-cultures"], en("Different cultures"),
                 s("tied by a source to its life-cycle stage"), PK.PrePartnershipCollaboration,
                 en("pre-partnership collaboration"), None, None, ID["study/example-study"], en("Example Study")),
                (n(4), ID["barrier/short-term-funding"], en("Short-term funding"),
                 s("met by partnerships with a feature it has"), PK.ShortTermFundingFeature, en("short-term funding"),
                 None, None, None, None),
            ],
        ),
        Case(
            {"partnership": "Alpha and Beta partnership"},
            vars=("rank", "barrier", "barrierLabel", "reason", "via", "viaLabel", "fileName", "quote", "evidence",
                  "evidenceLabel"),
            rows=[
                (n(1), ID["barrier/different-cultures"], en("Different cultures"), s("faced by this partnership"),
                 ID["partnership/alpha-beta"], en("Alpha and Beta partnership"), s("000_fixture.txt"),
                 s("the two cultures never met"), None, None),
                (n(1), ID["barrier/different-cultures"], en("Different cultures"), s("faced by this partnership"),
                 ID["partnership/alpha-beta"], en("Alpha and Beta partnership"), None, None, ID["work/example-work"],
                 en("Example & Other (2005)")),
                (n(1), ID["barrier/different-cultures"], en("Different cultures"), s("faced by this partnership"),
                 ID["partnership/alpha-beta"], en("Alpha and Beta partnership"), None, None, ID["study/example-study"],
                 en("Example Study")),
                (n(3), ID["barrier/different-cultures"], en("Different cultures"),
                 s("tied by a source to its partnership model"), PK.CoLocationModel, en("co-location model"),
                 s("000_fixture.txt"), s("the two cultures never met"), None, None),
                (n(3), ID["barrier/different-cultures"], en("Different cultures"),
                 s("tied by a source to its partnership model"), PK.CoLocationModel, en("co-location model"), None,
                 None, ID["work/example-work"], en("Example & Other (2005)")),
                (n(3), ID["barrier/different-cultures"], en("Different cultures"),
                 s("tied by a source to its partnership model"), PK.CoLocationModel, en("co-location model"), None,
                 None, ID["study/example-study"], en("Example Study")),
            ],
        ),
    ],
    "diagnosis-facilitators": [
        Case(
            {"partnership": "Beta, Gamma and Delta partnership"},
            vars=("rank", "facilitator", "facilitatorLabel", "reason", "via", "viaLabel", "fileName", "quote",
                  "evidence", "evidenceLabel"),
            rows=[
                (n(4), ID["facilitator/co-location"], en("Co-location of staff"), s("comes with a feature it lacks"),
                 PK.SharedBaseFeature, en("a shared base"), None, None, None, None),
            ],
        ),
        Case(
            {"partnership": "Alpha and Beta partnership"},
            vars=("rank", "facilitator", "facilitatorLabel", "reason", "via", "viaLabel", "fileName", "quote",
                  "evidence", "evidenceLabel"),
            rows=[
                (n(3), ID["facilitator/co-location"], en("Co-location of staff"),
                 s("tied by a source to its partnership model"), PK.CoLocationModel, en("co-location model"), None,
                 None, None, None),
            ],
        ),
    ],
    "diagnosis-model": [
        Case(
            {"partnership": "Beta, Gamma and Delta partnership"},
            vars=("model", "modelLabel", "formalityRank", "aspect", "item", "itemLabel", "fileName", "quote",
                  "evidence", "evidenceLabel"),
            rows=[
                (PK.SteeringGroupModel, en("steering group model"), n(1), s("disadvantage"),
                 ID["disadvantage/unsuitable-long-term"], en("Unsuitable for long-term partnership"), None, None, None,
                 None),
                (PK.SteeringGroupModel, en("steering group model"), n(1), s("model"), PK.SteeringGroupModel,
                 en("steering group model"), None, None, None, None),
            ],
        ),
        Case(
            {"partnership": "Alpha and Beta partnership"},
            vars=("model", "modelLabel", "formalityRank", "aspect", "item", "itemLabel", "fileName", "quote",
                  "evidence", "evidenceLabel"),
            rows=[
                (PK.CoLocationModel, en("co-location model"), n(2), s("advantage"), ID["advantage/cheap-to-set-up"],
                 en("Cheap to set up"), None, None, None, None),
                (PK.CoLocationModel, en("co-location model"), n(2), s("advantage"), ID["advantage/shared-premises"],
                 en("Shared premises"), None, None, None, None),
                (PK.CoLocationModel, en("co-location model"), n(2), s("disadvantage"),
                 ID["disadvantage/confused-loyalties"], en("Risk of confused staff loyalties"), None, None, None, None),
                (PK.CoLocationModel, en("co-location model"), n(2), s("model"), PK.CoLocationModel,
                 en("co-location model"), None, None, None, None),
            ],
        ),
    ],
    "diagnosis-partnership": [
        Case(
            {"partnership": "Beta, Gamma and Delta partnership"},
            vars=("aspect", "value", "valueLabel", "sector", "sectorLabel", "fileName", "quote", "row", "study",
                  "studyLabel"),
            rows=[
                (s("formal"), F, None, None, None, None, None, None, None, None),
                (s("has feature"), PK.ShortTermFundingFeature, en("short-term funding"), None, None, None, None, None,
                 None, None),
                (s("lacks feature"), PK.SharedBaseFeature, en("a shared base"), None, None, None, None, None, None,
                 None),
                (s("model"), PK.SteeringGroupModel, en("steering group model"), None, None, None, None, None, None,
                 None),
                (s("partner"), ID["organisation/beta-charity"], en("Beta Charity"), PK.VoluntaryCommunitySector,
                 en("voluntary and community sector"), None, None, None, None, None),
                (s("partner"), ID["organisation/delta-council"], en("Delta Council"), PK.StatutorySector,
                 en("statutory sector"), None, None, None, None, None),
                (s("partner"), ID["organisation/gamma-ltd"], en("Gamma Ltd"), PK.PrivateSector, en("private sector"),
                 None, None, None, None, None),
                (s("region"), ID["region/england"], en("England"), None, None, None, None, None, None, None),
                (s("sector mix"), s("statutory + voluntary and community + private"), None, None, None, None, None,
                 None, None, None),
                (s("stage"), PK.PrePartnershipCollaboration, en("pre-partnership collaboration"), None, None, None,
                 None, None, None, None),
                (s("type"), PK.Partnership, en("Partnership"), None, None, None, None, None, None, None),
            ],
        ),
        Case(
            {"partnership": "Alpha and Beta partnership"},
            vars=("aspect", "value", "valueLabel", "sector", "sectorLabel", "fileName", "quote", "row", "study",
                  "studyLabel"),
            rows=[
                (s("formal"), T, None, None, None, None, None, None, ID["study/example-study"], en("Example Study")),
                (s("kind"), ID["partnership-kind/example-partnerships"], en("example partnerships"), None, None, None,
                 None, None, ID["study/example-study"], en("Example Study")),
                (s("model"), PK.CoLocationModel, en("co-location model"), None, None, None, None, None,
                 ID["study/example-study"], en("Example Study")),
                (s("observed in"), ID["study/example-study"], en("Example Study"), None, None, None, None, None,
                 ID["study/example-study"], en("Example Study")),
                (s("partner"), ID["organisation/alpha-trust"], en("Alpha Trust"), PK.StatutorySector,
                 en("statutory sector"), None, None, None, ID["study/example-study"], en("Example Study")),
                (s("partner"), ID["organisation/beta-charity"], en("Beta Charity"), PK.VoluntaryCommunitySector,
                 en("voluntary and community sector"), None, None, None, ID["study/example-study"],
                 en("Example Study")),
                (s("region"), ID["region/leeds"], en("Leeds"), None, None, None, None, None,
                 ID["study/example-study"], en("Example Study")),
                (s("sector mix"), s("statutory + voluntary and community"), None, None, None, None, None, None,
                 ID["study/example-study"], en("Example Study")),
                (s("stage"), PK.PartnershipProgrammeDelivery, en("partnership programme delivery"), None, None, None,
                 None, None, ID["study/example-study"], en("Example Study")),
                (s("type"), PK.Partnership, en("Partnership"), None, None, None, None, None,
                 ID["study/example-study"], en("Example Study")),
            ],
        ),
    ],
    "diagnosis-policies": [
        Case(
            {"partnership": "Beta, Gamma and Delta partnership"},
            vars=("policy", "policyLabel", "year", "relation", "relationLabel", "target", "targetLabel", "fileName",
                  "quote"),
            rows=[
                (ID["policy/example-compact"], en("Example Compact"), None, PK.constitutedBy, en("constituted by"),
                 ID["partnership/beta-gamma-delta"], en("Beta, Gamma and Delta partnership"), None, None),
            ],
        ),
        Case(
            {"partnership": "Alpha and Beta partnership"},
            vars=("policy", "policyLabel", "year", "relation", "relationLabel", "target", "targetLabel", "fileName",
                  "quote"),
            rows=[
                (ID["policy/example-strategy"], en("Example Strategy"), year("2004"), PK.Encouragement,
                 en("encouragement"), ID["partnership/alpha-beta"], en("Alpha and Beta partnership"), None, None),
                (ID["policy/example-fund"], en("Example Fund"), year("2004"), PK.Funding, en("funding or investment"),
                 ID["partnership-kind/example-partnerships"], en("example partnerships"), None, None),
                (ID["policy/example-act"], en("Example Act 1999"), year("1999"), PK.Requirement, en("requirement"),
                 ID["partnership-kind/example-partnerships"], en("example partnerships"), s("000_fixture.txt"),
                 s("every area must set up an example partnership")),
            ],
        ),
    ],
    "diagnosis-similar": [
        Case(
            {"partnership": "Beta, Gamma and Delta partnership"},
            vars=("shared", "other", "otherLabel", "sameModel", "sameStage", "sameMix", "sameKind", "sameFormality",
                  "aspect", "item", "itemLabel", "fileName", "quote", "row", "study", "studyLabel"),
            rows=[
                (n(1), ID["partnership/service-01"], en("Fixture Service 1 partnership (anonymised)"), None, T, F,
                 None, None, None, None, None, None, None, None, None, None),
            ],
        ),
        Case(
            {"partnership": "Alpha and Beta partnership"},
            vars=("shared", "other", "otherLabel", "sameModel", "sameStage", "sameMix", "sameKind", "sameFormality",
                  "aspect", "item", "itemLabel", "fileName", "quote", "row", "study", "studyLabel"),
            rows=[
                (n(1), ID["partnership/service-01"], en("Fixture Service 1 partnership (anonymised)"), None, F, T,
                 None, None, None, None, None, None, None, None, None, None),
            ],
        ),
    ],
    "diagnosis-stage": [
        Case(
            {"partnership": "Beta, Gamma and Delta partnership"},
            vars=("position", "stage", "stageLabel", "stageNumber", "aspect", "item", "itemLabel", "value", "fileName",
                  "quote", "evidence", "evidenceLabel"),
            rows=[
                (s("this stage"), PK.PrePartnershipCollaboration, en("pre-partnership collaboration"), n(1),
                 s("barrier"), ID["barrier/different-cultures"], en("Different cultures"), None, s("000_fixture.txt"),
                 s("the two cultures never met"), None, None),
                (s("this stage"), PK.PrePartnershipCollaboration, en("pre-partnership collaboration"), n(1),
                 s("barrier"), ID["barrier/different-cultures"], en("Different cultures"), None, None, None,
                 ID["work/example-work"], en("Example & Other (2005)")),
                (s("this stage"), PK.PrePartnershipCollaboration, en("pre-partnership collaboration"), n(1),
                 s("barrier"), ID["barrier/different-cultures"], en("Different cultures"), None, None, None,
                 ID["study/example-study"], en("Example Study")),
                (s("this stage"), PK.PrePartnershipCollaboration, en("pre-partnership collaboration"), n(1),
                 s("figure"), ID["figure/example-questionnaires"],
                 en("Example Study, phase 1: 12 questionnaires returned"), n(12), None, None,
                 ID["study/example-study-phase-1"], en("Example Study, phase 1")),
                (s("this stage"), PK.PrePartnershipCollaboration, en("pre-partnership collaboration"), n(1), s("stage"),
                 PK.PrePartnershipCollaboration, en("pre-partnership collaboration"), None, None, None, None, None),
                (s("next stage"), PK.PartnershipCreationAndConsolidation, en("partnership creation and consolidation"),
                 n(2), s("stage"), PK.PartnershipCreationAndConsolidation, en("partnership creation and consolidation"),
                 None, None, None, None, None),
            ],
        ),
        Case(
            {"partnership": "Alpha and Beta partnership"},
            vars=("position", "stage", "stageLabel", "stageNumber", "aspect", "item", "itemLabel", "value", "fileName",
                  "quote", "evidence", "evidenceLabel"),
            rows=[
                (s("this stage"), PK.PartnershipProgrammeDelivery, en("partnership programme delivery"), n(3),
                 s("stage"), PK.PartnershipProgrammeDelivery, en("partnership programme delivery"), None, None, None,
                 None, None),
                (s("next stage"), PK.PartnershipTerminationOrSuccession, en("partnership termination or succession"),
                 n(4), s("stage"), PK.PartnershipTerminationOrSuccession, en("partnership termination or succession"),
                 None, None, None, None, None),
            ],
        ),
    ],
    "diagnosis-samples": [
        Case(
            {},
            vars=("study", "studyLabel", "of", "ofLabel", "sample", "sampleLabel", "value", "unit", "measures",
                  "fileName", "quote"),
            rows=[
                (ID["study/example-study"], en("Example Study"), ID["study/example-study"], en("Example Study"),
                 ID["figure/example-interviewees"], en("Example Study: 30 people interviewed"), n(30), s("people"),
                 s("people interviewed"), None, None),
                (ID["study/example-study"], en("Example Study"), ID["study/example-study-phase-1"],
                 en("Example Study, phase 1"), ID["figure/example-questionnaires"],
                 en("Example Study, phase 1: 12 questionnaires returned"), n(12), s("questionnaires"),
                 s("questionnaires returned"), None, None),
            ],
        ),
        Case(
            {"study": "Example Study, phase 1"},
            vars=("study", "studyLabel", "of", "ofLabel", "sample", "sampleLabel", "value", "unit", "measures",
                  "fileName", "quote"),
            rows=[
            ],
        ),
        Case(
            {"study": "Example Study"},
            vars=("study", "studyLabel", "of", "ofLabel", "sample", "sampleLabel", "value", "unit", "measures",
                  "fileName", "quote"),
            rows=[
                (ID["study/example-study"], en("Example Study"), ID["study/example-study"], en("Example Study"),
                 ID["figure/example-interviewees"], en("Example Study: 30 people interviewed"), n(30), s("people"),
                 s("people interviewed"), None, None),
                (ID["study/example-study"], en("Example Study"), ID["study/example-study-phase-1"],
                 en("Example Study, phase 1"), ID["figure/example-questionnaires"],
                 en("Example Study, phase 1: 12 questionnaires returned"), n(12), s("questionnaires"),
                 s("questionnaires returned"), None, None),
            ],
        ),
    ],
}
