"""HermiT finds the shipped graph consistent and catches contradictions; OWL RL classifies by sector."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from partnerkg.namespaces import ORG, PK
from partnerkg.ontology import load_ontology
from partnerkg.ontology.reasoning import check_consistency, entailed, unsatisfiable_classes

EX = "http://example.org/"


def test_shipped_graph_is_consistent(java, shipped):
    result = check_consistency(shipped)
    assert result.consistent, result.message


def test_ontology_has_no_unsatisfiable_classes(java):
    assert unsatisfiable_classes(load_ontology()) == []


def test_organisation_in_two_sectors_is_inconsistent(java):
    g = load_ontology()
    x = URIRef(EX + "two-sector-org")
    g.add((x, RDF.type, PK.Organisation))
    g.add((x, RDFS.label, Literal("Two sector org", lang="en")))
    g.add((x, PK.sector, PK.StatutorySector))
    g.add((x, PK.sector, PK.VoluntaryCommunitySector))
    result = check_consistency(g)
    assert not result.consistent
    assert any("two-sector-org is in two sectors" in s for s in result.suspects)


def test_policy_that_is_also_a_partnership_is_inconsistent(java):
    g = load_ontology()
    x = URIRef(EX + "both")
    g.add((x, RDF.type, PK.Policy))
    g.add((x, RDF.type, PK.Partnership))
    assert not check_consistency(g).consistent


def test_owl_rl_classifies_by_sector_alone():
    g = load_ontology()
    x = URIRef(EX + "only-a-sector")
    g.add((x, PK.sector, PK.VoluntaryCommunitySector))
    closure = entailed(g, "owlrl")
    types = set(closure.objects(x, RDF.type))
    assert PK.VoluntaryCommunityOrganisation in types
    assert ORG.Organization in types
    assert PK.StatutoryOrganisation not in types
    assert (x, RDF.type, PK.VoluntaryCommunityOrganisation) not in g  # the input is left alone


def test_rdfs_closure_types_subclass_instances():
    g = load_ontology()
    x = URIRef(EX + "trust")
    g.add((x, RDF.type, PK.MentalHealthTrust))
    closure = entailed(g, "rdfs")
    assert (x, RDF.type, PK.Organisation) in closure
    assert (x, RDF.type, PK.StatutoryOrganisation) in closure


def test_a_consortium_can_be_both_organisation_and_partnership(java):
    g = load_ontology()
    x = URIRef(EX + "consortium")
    g.add((x, RDF.type, PK.Consortium))
    g.add((x, RDF.type, PK.Partnership))
    g.add((x, PK.sector, PK.VoluntaryCommunitySector))
    assert check_consistency(g).consistent
