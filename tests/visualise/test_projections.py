"""Projections of the RDF graph into the four views, on the hand-checked fixture (see conftest.py)."""

from __future__ import annotations

import networkx as nx
import pytest
from rdflib import Graph

from partnerkg.visualise.entities import read_knowledge
from partnerkg.visualise.filters import filter_graph, resolve_filters, visible
from partnerkg.visualise.projections import (
    View,
    barrier_graph,
    organisation_graph,
    partnership_graph,
    policy_graph,
    project,
)

ID = "https://w3id.org/partnerkg/id/"


def labels(G: nx.Graph, nodes=None) -> set[str]:
    return {G.nodes[n]["label"] for n in (G if nodes is None else nodes)}


def edge_labels(G: nx.Graph, edges=None) -> set[tuple[str, str]]:
    return {tuple(sorted((G.nodes[u]["label"], G.nodes[v]["label"]))) for u, v in (G.edges if edges is None else edges)}


def test_organisation_view_links_organisations_that_share_a_partnership(fixture_graph: Graph) -> None:
    G = organisation_graph(fixture_graph)
    assert labels(G) == {"Alpha Council", "Beta Trust", "Charity C", "Delta Ltd", "Echo Group",
                         "local services (unnamed)", "Golf Research Centre", "Department of Fixtures"}
    assert edge_labels(G) == {("Alpha Council", "Beta Trust"), ("Alpha Council", "Charity C"),
                              ("Beta Trust", "Charity C"), ("Charity C", "Delta Ltd"),
                              ("Alpha Council", "Echo Group"), ("Echo Group", "local services (unnamed)")}
    tie = G.edges[ID + "org-a", ID + "org-b"]
    assert tie == {
        "weight": 1,
        "partnerships": ("Partnership One",),
        "models": ("co-location",),
        "stages": ("delivery",),
        "formality": ("formal",),
        "facets": {"model": ("co-location",), "stage": ("delivery",), "policy": (ID + "policy-x",)},
        "spans": (),
        "undated": 1,
        "partnership_years": (None,),
    }


def test_sector_and_kind_come_from_the_most_specific_class_without_materialised_superclasses(
        fixture_graph: Graph) -> None:
    G = organisation_graph(fixture_graph)
    found = {G.nodes[n]["label"]: (G.nodes[n]["sector"], G.nodes[n]["kind"], G.nodes[n]["shape"]) for n in G}
    assert found == {
        "Alpha Council": ("statutory", "Local authority", "local"),
        "Beta Trust": ("statutory", "Mental health trust", "nhs"),  # MentalHealthTrust ⊑ NHSTrust ⊑ … Statutory
        "Charity C": ("voluntary", "Charity", "other"),
        "Delta Ltd": ("private", "Private company", "other"),
        "Echo Group": ("voluntary", "Organisation", "other"),  # from pk:sector only
        "local services (unnamed)": (None, "Unnamed organisation", "other"),
        "Golf Research Centre": (None, "University or research unit", "research"),
        "Department of Fixtures": ("statutory", "Government department", "government"),
    }
    assert G.nodes[ID + "org-f"]["unnamed"] is True
    assert G.nodes[ID + "org-a"]["unnamed"] is False


def test_description_sources_quote_and_website_travel_with_the_node(fixture_graph: Graph) -> None:
    G = organisation_graph(fixture_graph)
    alpha = G.nodes[ID + "org-a"]
    assert alpha["description"] == "A council in the fixture."
    assert alpha["sources"] == ("Fixture source (999_fixture.txt)",)
    quote = "Alpha Council works with Beta Trust and Charity C"
    assert alpha["quotes"] == ((quote, "Fixture source (999_fixture.txt)"),)
    assert G.nodes[ID + "org-c"]["website"] == "https://charity-c.example.org/"


def test_partner_in_alone_makes_a_partnership(fixture_graph: Graph) -> None:
    G = organisation_graph(fixture_graph)
    assert G.has_edge(ID + "org-e", ID + "org-f")
    assert G.edges[ID + "org-e", ID + "org-f"]["partnerships"] == ("Partnership Three",)


def test_partnership_view_is_bipartite(fixture_graph: Graph) -> None:
    G = partnership_graph(fixture_graph)
    tops = {n for n, d in G.nodes(data=True) if d["bipartite"] == 1}
    assert labels(G, tops) == {"Partnership One", "Partnership Two", "Partnership Three", "Partnership Four"}
    assert nx.is_bipartite(G) and nx.bipartite.is_bipartite_node_set(G, tops)
    assert G.number_of_edges() == 9  # 3 + 2 + 2 + 2 memberships
    assert "Golf Research Centre" not in labels(G)  # partnered organisations only
    one = G.nodes[ID + "p1"]
    assert (one["models"], one["stages"], one["formal"]) == (("co-location",), ("delivery",), True)
    assert one["partners"] == ("Alpha Council", "Beta Trust", "Charity C")


def test_policy_view_follows_requirements_issuers_and_kinds(fixture_graph: Graph) -> None:
    G = policy_graph(fixture_graph)
    assert G.is_directed()
    relations = {(G.nodes[u]["label"], d["relation"], G.nodes[v]["label"]) for u, v, d in G.edges(data=True)}
    assert relations == {
        ("Fixture Act", "requires", "Partnership One"),
        ("Department of Fixtures", "issued", "Fixture Act"),
        ("Fixture Guidance", "encourages", "Kind K partnerships"),
        ("Partnership Four", "of-kind", "Kind K partnerships"),
    }
    assert {d["type"] for _n, d in G.nodes(data=True)} == {"policy", "partnership", "organisation", "partnership-kind"}
    assert G.nodes[ID + "policy-x"]["kind"] == "Act"
    # a policy's filters reach through what it requires: the Act bears on p1's partners' sectors
    assert G.nodes[ID + "policy-x"]["facets"]["sector"] == ("statutory", "voluntary")


def test_barrier_view_ties_concepts_to_partnerships_models_stages_and_categories(fixture_graph: Graph) -> None:
    G = barrier_graph(fixture_graph)
    relations = {(G.nodes[u]["label"], d["relation"], G.nodes[v]["label"]) for u, v, d in G.edges(data=True)}
    assert {(a, r, b) if a < b else (b, r, a) for a, r, b in relations} == {
        ("Barrier One", "faces-barrier", "Partnership One"),
        ("Facilitator One", "facilitated-by", "Partnership Two"),
        ("Barrier One", "relates-to-model", "Co-location"),
        ("Facilitator One", "relates-to-stage", "Programme delivery"),
        ("Barrier One", "category", "funding"),  # category labels come from the ontology
        ("Facilitator One", "category", "cultural"),
    }
    assert G.nodes[ID + "barrier-1"]["type"] == "barrier"
    assert G.nodes[ID + "facilitator-1"]["type"] == "facilitator"


def test_project_builds_every_view_from_one_reading(fixture_graph: Graph) -> None:
    kb = read_knowledge(fixture_graph)
    sizes = {view: (project(kb, view).number_of_nodes(), project(kb, view).number_of_edges()) for view in View}
    assert sizes == {View.ORGANISATIONS: (8, 6), View.PARTNERSHIPS: (10, 9), View.POLICIES: (6, 4),
                     View.BARRIERS: (8, 6)}


def test_node_order_does_not_depend_on_triple_order(fixture_graph: Graph) -> None:
    reversed_graph = Graph()
    for triple in sorted(fixture_graph, reverse=True):
        reversed_graph.add(triple)
    for view in View:
        assert list(project(fixture_graph, view)) == list(project(reversed_graph, view))


@pytest.mark.parametrize(("spec", "expected"), [
    ("sector=voluntary", {"sector": "voluntary"}),
    ("sector=Voluntary and community", {"sector": "voluntary"}),
    ("model=colocation", {"model": "co-location"}),
    ("model=CoLocationModel", {"model": "co-location"}),
    ("stage=delivery", {"stage": "delivery"}),
    ("policy=Fixture Act", {"policy": ID + "policy-x"}),
    ("policy=https://w3id.org/partnerkg/id/policy-y", {"policy": ID + "policy-y"}),
])
def test_filters_accept_keys_labels_and_local_names(fixture_graph: Graph, spec: str, expected: dict) -> None:
    assert resolve_filters(organisation_graph(fixture_graph), [spec]) == expected


@pytest.mark.parametrize(("spec", "message"), [
    ("colour=red", "FACET one of sector, model, stage, policy"),
    ("sector", "FACET=VALUE"),
    ("sector=plural", "matches none"),
    ("policy=Fixture", "matches several"),
])
def test_bad_filters_say_what_is_accepted(fixture_graph: Graph, spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        resolve_filters(organisation_graph(fixture_graph), [spec])


def test_sector_filter_keeps_matching_organisations_and_their_ties(fixture_graph: Graph) -> None:
    G = organisation_graph(fixture_graph)
    nodes, edges = visible(G, {"sector": "statutory"})
    assert labels(G, nodes) == {"Alpha Council", "Beta Trust", "Department of Fixtures"}
    assert edge_labels(G, edges) == {("Alpha Council", "Beta Trust")}


def test_model_filter_keeps_ties_of_that_model_only(fixture_graph: Graph) -> None:
    G = organisation_graph(fixture_graph)
    nodes, edges = visible(G, {"model": "steering-group"})
    assert labels(G, nodes) == {"Charity C", "Delta Ltd"}
    assert edge_labels(G, edges) == {("Charity C", "Delta Ltd")}


def test_nodes_without_the_facet_show_when_linked_to_a_kept_node(fixture_graph: Graph) -> None:
    G = barrier_graph(fixture_graph)
    nodes, _edges = visible(G, {"stage": "delivery"})
    # p1 and the facilitator are in delivery; the barrier through p1; categories and the model carry no
    # stage but hang on kept nodes
    assert labels(G, nodes) == {"Partnership One", "Barrier One", "funding", "Co-location", "Facilitator One",
                                "Programme delivery", "cultural"}
    assert "Partnership Two" not in labels(G, nodes)


def test_filter_graph_is_the_visible_subgraph(fixture_graph: Graph) -> None:
    G = partnership_graph(fixture_graph)
    H = filter_graph(G, {"stage": "pre-partnership"})
    assert labels(H) == {"Partnership Three", "Echo Group", "local services (unnamed)"}
    assert H.number_of_edges() == 2
    assert H.graph["filters"] == {"stage": "pre-partnership"}


def test_the_shipped_graph_projects_into_every_view(shipped: Graph) -> None:
    kb = read_knowledge(shipped)
    for view in View:
        G = project(kb, view)
        assert G.number_of_nodes() > 0, view
    assert nx.is_bipartite(project(kb, View.PARTNERSHIPS))
