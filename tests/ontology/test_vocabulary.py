"""The public vocabulary (shared/spec/vocabulary.md) exists exactly as published, with its axioms."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from partnerkg.namespaces import DCTERMS, ORG, PK, PROV
from partnerkg.ontology import load_ontology


@pytest.fixture(scope="module")
def onto():
    return load_ontology()


PUBLIC_CLASSES = [
    "Organisation", "StatutoryOrganisation", "VoluntaryCommunityOrganisation", "PrivateOrganisation", "Sector",
    "Partnership", "PartnershipModel", "LifeCycleStage", "Policy", "Barrier", "Facilitator", "Study",
    "SourceDocument", "UnnamedOrganisation", "PartnershipKind", "Spreadsheet", "SyntheticSource",
]
PUBLIC_OBJECT_PROPERTIES = [
    "sector", "hasPartner", "partnerIn", "partnershipModel", "lifeCycleStage", "nextStage", "hasAdvantage",
    "hasDisadvantage", "observedIn", "issuedBy", "requires", "encourages", "ofKind", "category",
    "facesBarrier", "facilitatedBy",
]
PUBLIC_DATATYPE_PROPERTIES = ["formalityRank", "isFormal", "quote"]
MODELS = ["SeparateOrganisationModel", "VirtualOrganisationModel", "CoLocationModel", "SteeringGroupModel"]
STAGES = [
    "PrePartnershipCollaboration", "PartnershipCreationAndConsolidation", "PartnershipProgrammeDelivery",
    "PartnershipTerminationOrSuccession",
]
SECTORS = ["StatutorySector", "VoluntaryCommunitySector", "PrivateSector"]


@pytest.mark.parametrize("name", PUBLIC_CLASSES)
def test_public_class_is_declared(onto, name):
    assert (PK[name], RDF.type, OWL.Class) in onto


@pytest.mark.parametrize("name", PUBLIC_OBJECT_PROPERTIES)
def test_public_object_property_is_declared(onto, name):
    assert (PK[name], RDF.type, OWL.ObjectProperty) in onto


@pytest.mark.parametrize("name", PUBLIC_DATATYPE_PROPERTIES)
def test_public_datatype_property_is_declared(onto, name):
    assert (PK[name], RDF.type, OWL.DatatypeProperty) in onto


@pytest.mark.parametrize(
    ("sub", "sup"),
    [
        (PK.Organisation, ORG.Organization),
        (PK.Partnership, ORG.OrganizationalCollaboration),
        (PK.Barrier, SKOS.Concept),
        (PK.Facilitator, SKOS.Concept),
        (PK.SourceDocument, PROV.Entity),
        (PK.UnnamedOrganisation, PK.Organisation),
        (PK.StatutoryOrganisation, PK.Organisation),
        (PK.VoluntaryCommunityOrganisation, PK.Organisation),
        (PK.PrivateOrganisation, PK.Organisation),
    ],
)
def test_required_superclasses(onto, sub, sup):
    assert sup in set(onto.transitive_objects(sub, RDFS.subClassOf))


def test_sector_classes_are_equivalent_to_sector_restrictions(onto):
    for cls, sector in zip(
        ["StatutoryOrganisation", "VoluntaryCommunityOrganisation", "PrivateOrganisation"], SECTORS, strict=True
    ):
        eq = onto.value(PK[cls], OWL.equivalentClass)
        members = list(Collection(onto, onto.value(eq, OWL.intersectionOf)))
        assert PK.Organisation in members
        restriction = next(m for m in members if m != PK.Organisation)
        assert onto.value(restriction, OWL.onProperty) == PK.sector
        assert onto.value(restriction, OWL.hasValue) == PK[sector]


def _all_different_sets(onto):
    nodes = onto.subjects(RDF.type, OWL.AllDifferent)
    return [set(Collection(onto, onto.value(n, OWL.distinctMembers))) for n in nodes]


def _disjoint_sets(onto):
    return [set(Collection(onto, onto.value(n, OWL.members))) for n in onto.subjects(RDF.type, OWL.AllDisjointClasses)]


def test_sector_classes_pairwise_disjoint(onto):
    assert {PK.StatutoryOrganisation, PK.VoluntaryCommunityOrganisation, PK.PrivateOrganisation} in _disjoint_sets(onto)


def test_policy_disjoint_with_partnership_and_organisation_but_those_not_with_each_other(onto):
    sets = _disjoint_sets(onto)
    assert (PK.Policy, OWL.disjointWith, PK.Partnership) in onto
    assert (PK.Policy, OWL.disjointWith, PK.Organisation) in onto
    # a consortium can be both an organisation and a partnership: no axiom may separate those two
    assert not any({PK.Organisation, PK.Partnership} <= s for s in sets)
    assert (PK.Organisation, OWL.disjointWith, PK.Partnership) not in onto
    assert (PK.Partnership, OWL.disjointWith, PK.Organisation) not in onto


@pytest.mark.parametrize(
    ("names", "cls"), [(SECTORS, PK.Sector), (MODELS, PK.PartnershipModel), (STAGES, PK.LifeCycleStage)]
)
def test_individuals_exist_and_are_all_different(onto, names, cls):
    assert set(onto.subjects(RDF.type, cls)) == {PK[n] for n in names}
    assert {PK[n] for n in names} in _all_different_sets(onto)


def test_sector_is_functional_with_domain_and_range(onto):
    assert (PK.sector, RDF.type, OWL.FunctionalProperty) in onto
    assert onto.value(PK.sector, RDFS.domain) == PK.Organisation
    assert onto.value(PK.sector, RDFS.range) == PK.Sector


@pytest.mark.parametrize(
    ("prop", "domain", "range_"),
    [
        (PK.hasPartner, PK.Partnership, PK.Organisation),
        (PK.partnerIn, PK.Organisation, PK.Partnership),
        (PK.partnershipModel, PK.Partnership, PK.PartnershipModel),
        (PK.lifeCycleStage, PK.Partnership, PK.LifeCycleStage),
        (PK.nextStage, PK.LifeCycleStage, PK.LifeCycleStage),
        (PK.formalityRank, PK.PartnershipModel, XSD.integer),
        (PK.observedIn, PK.Partnership, PK.Study),
    ],
)
def test_domain_and_range_axioms(onto, prop, domain, range_):
    assert onto.value(prop, RDFS.domain) == domain
    assert onto.value(prop, RDFS.range) == range_


def test_has_partner_and_partner_in_are_inverse(onto):
    assert (PK.hasPartner, OWL.inverseOf, PK.partnerIn) in onto


def test_issued_has_no_domain(onto):
    assert onto.value(DCTERMS.issued, RDFS.domain) is None


def test_next_stage_is_exactly_the_three_successions(onto):
    assert set(onto.subject_objects(PK.nextStage)) == {
        (PK.PrePartnershipCollaboration, PK.PartnershipCreationAndConsolidation),
        (PK.PartnershipCreationAndConsolidation, PK.PartnershipProgrammeDelivery),
        (PK.PartnershipProgrammeDelivery, PK.PartnershipTerminationOrSuccession),
    }
    assert (PK.nextStage, RDF.type, OWL.TransitiveProperty) not in onto


def test_formality_ranks(onto):
    ranks = {m: onto.value(PK[m], PK.formalityRank) for m in MODELS}
    assert ranks == {
        "SteeringGroupModel": Literal(1),
        "CoLocationModel": Literal(2),
        "VirtualOrganisationModel": Literal(3),
        "SeparateOrganisationModel": Literal(4),
    }


def test_barriers_and_facilitators_have_concept_schemes(onto):
    assert (PK.BarrierScheme, RDF.type, SKOS.ConceptScheme) in onto
    assert (PK.FacilitatorScheme, RDF.type, SKOS.ConceptScheme) in onto


def test_no_pk_class_is_aligned_with_prov_activity(onto):
    for s in onto.subjects(RDFS.subClassOf, PROV.Activity):
        assert not str(s).startswith(str(PK))


def test_every_pk_term_has_exactly_one_english_label(onto):
    terms = {s for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(str(PK))}
    assert len(terms) > 100
    bad = {}
    for t in sorted(terms):
        labels = list(onto.objects(t, RDFS.label))
        if len(labels) != 1 or not isinstance(labels[0], Literal) or labels[0].language != "en":
            bad[str(t)] = labels
    assert bad == {}


def test_ontology_metadata(onto):
    o = URIRef("https://w3id.org/partnerkg/ontology")
    assert (o, RDF.type, OWL.Ontology) in onto
    assert onto.value(o, OWL.versionIRI) is not None
    assert onto.value(o, OWL.versionInfo) is not None
    assert onto.value(o, DCTERMS.title) is not None
    assert onto.value(o, DCTERMS.description) is not None
    assert onto.value(o, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert str(onto.value(o, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"))) == "pk"


def test_spreadsheet_and_synthetic_sources_are_disjoint_from_source_documents(onto):
    assert {PK.SourceDocument, PK.Spreadsheet, PK.SyntheticSource} in _disjoint_sets(onto)
    for c in (PK.Spreadsheet, PK.SyntheticSource):
        assert (c, RDFS.subClassOf, PROV.Entity) in onto
