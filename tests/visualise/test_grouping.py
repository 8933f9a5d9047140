"""Groups the page folds nodes into, wrapped labels and label importance, and what a map above its caps does."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from rdflib import Graph

from partnerkg.errors import TooManyNodesError
from partnerkg.visualise.grouping import Grouping, group_table, group_tables
from partnerkg.visualise.html import importance
from partnerkg.visualise.maps import prepare_map, render
from partnerkg.visualise.projections import View, project
from partnerkg.visualise.styles import wrap_label

ID = "https://w3id.org/partnerkg/id/"


def named(G: nx.Graph, by: str) -> dict[str, str]:
    table = group_table(G, by)
    return {G.nodes[n]["label"]: table.labels[i] for n, i in table.of.items()}


def page_data(page: str) -> dict:
    return json.loads(re.search(r'id="map-data">(.*?)</script>', page, re.S).group(1))


def test_groups_by_sector_kind_region_and_model_say_what_the_data_says(timed_graph: Graph) -> None:
    G = project(timed_graph, View.ORGANISATIONS)
    assert named(G, "sector") == {"Council A": "Statutory", "Trust C": "Statutory", "Charity B":
                                  "Voluntary and community", "Charity E": "Voluntary and community",
                                  "Firm D": "Private"}
    assert named(G, "kind") == {"Council A": "Local authority", "Charity B": "Charity", "Charity E": "Charity",
                                "Trust C": "NHS trust", "Firm D": "Private company"}
    assert named(G, "region") == {"Council A": "North Region", "Charity B": "North Region",
                                  "Trust C": "South Region", "Firm D": "Region not stated",
                                  "Charity E": "Region not stated"}
    # Charity B is in a co-location partnership and a steering group: "Several models", never one of them
    assert named(G, "model") == {"Council A": "Co-location", "Charity B": "Several models",
                                 "Trust C": "Steering group", "Firm D": "Model not stated",
                                 "Charity E": "Model not stated"}


def test_groups_are_numbered_largest_first(timed_graph: Graph) -> None:
    table = group_table(project(timed_graph, View.ORGANISATIONS), "region")
    assert table.labels == ("North Region", "Region not stated", "South Region")  # 2, 2 (by name), 1


def test_community_groups_are_louvain_communities_named_after_their_best_connected(fixture_graph: Graph) -> None:
    G = project(fixture_graph, View.ORGANISATIONS)
    assert named(G, "community") == {
        "Alpha Council": "Around Alpha Council", "Beta Trust": "Around Alpha Council",
        "Charity C": "Around Alpha Council", "Delta Ltd": "Around Alpha Council",
        "Echo Group": "Around Echo Group", "local services (unnamed)": "Around Echo Group",
        "Golf Research Centre": "Unlinked nodes", "Department of Fixtures": "Unlinked nodes"}


def test_other_nodes_group_by_their_type_when_grouped_by_sector(fixture_graph: Graph) -> None:
    G = project(fixture_graph, View.PARTNERSHIPS)
    groups = named(G, "sector")
    assert groups["Partnership One"] == "Partnership" and groups["Alpha Council"] == "Statutory"


def test_only_groupings_that_divide_the_view_are_offered(fixture_graph: Graph, timed_graph: Graph) -> None:
    # no organisation states a region, and the eight organisations are of eight kinds
    assert [t.by for t in group_tables(project(fixture_graph, View.ORGANISATIONS))] == [
        Grouping.SECTOR, Grouping.MODEL, Grouping.COMMUNITY]
    assert [t.by for t in group_tables(project(timed_graph, View.ORGANISATIONS))] == list(Grouping)
    assert group_tables(nx.Graph()) == []


def test_the_page_carries_each_nodes_group_and_the_groupings(timed_graph: Graph) -> None:
    data = page_data(render(prepare_map(timed_graph, View.ORGANISATIONS)).decode("utf-8"))
    assert [g["key"] for g in data["groupings"]] == ["sector", "kind", "region", "model", "community"]
    region = data["groupings"][2]
    assert region["values"] == ["North Region", "Region not stated", "South Region"]
    assert region["lines"] == [["North Region"], ["Region not stated"], ["South Region"]]
    trust = next(n for n in data["nodes"] if n["info"]["title"] == "Trust C")
    assert trust["g"][2] == 2 and data["group"] == ""


def test_labels_are_wrapped_whole_words_and_kept_whole_in_the_panel(fixture_graph: Graph) -> None:
    g = Graph().parse(format="turtle", data="""
        @prefix pk: <https://w3id.org/partnerkg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:x:a> a pk:UnnamedOrganisation ; rdfs:label "a number of local and health authorities (unnamed)"@en .
        <urn:x:b> a pk:ServiceTeam ; rdfs:label "West Midlands Early Intervention Service 1 (anonymised)"@en .
        <urn:x:p> a pk:Partnership ; pk:hasPartner <urn:x:a> , <urn:x:b> .""")
    data = page_data(render(prepare_map(g, View.ORGANISATIONS)).decode("utf-8"))
    lines = {n["info"]["title"]: n["lines"] for n in data["nodes"]}
    assert lines == {
        "a number of local and health authorities (unnamed)": ["a number of local", "and health", "authorities",
                                                               "(unnamed)"],
        "West Midlands Early Intervention Service 1 (anonymised)": ["West Midlands Early", "Intervention Service",
                                                                    "1 (anonymised)"],
    }
    for title, wrapped in lines.items():
        assert " ".join(wrapped) == title  # every word, whole, in order


@pytest.mark.parametrize("label", [
    "Department of Health",
    "An exceptionally-long-hyphenated-organisation-name-that-never-breaks Limited",
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen",
    "  spaced\tout \n name  ",
])
def test_a_wrapped_label_never_cuts_a_word(label: str) -> None:
    lines = wrap_label(label)
    words = label.split()
    drawn = " ".join(lines).removesuffix(" …").split()
    assert drawn == words[: len(drawn)]  # whole words, in order; only the end may be left out
    assert len(lines) <= 4


def test_importance_ranks_hubs_and_bridges_first() -> None:
    G = nx.barbell_graph(4, 1)  # two cliques of four joined through node 4
    # percentile ranks: degree 3 -> 0.4375, 4 -> 0.9375, 2 -> 0; betweenness 0 -> 0.3125, the gates 0.8125,
    # the bridge 1: the gates (hub and bridge) first, then the bridge, then the cliques' other members
    assert importance(G) == {0: 0.375, 1: 0.375, 2: 0.375, 3: 0.875, 4: 0.5, 5: 0.875, 6: 0.375, 7: 0.375,
                             8: 0.375}


def test_node_ranks_follow_importance(fixture_graph: Graph) -> None:
    data = page_data(render(prepare_map(fixture_graph, View.ORGANISATIONS)).decode("utf-8"))
    by_rank = [n["info"]["title"] for n in sorted(data["nodes"], key=lambda n: n["rank"])]
    assert by_rank[:3] == ["Alpha Council", "Charity C", "Echo Group"]  # the three bridges
    assert sorted(n["rank"] for n in data["nodes"]) == list(range(8))
    assert all(11 <= n["font"] <= 14 for n in data["nodes"])


def test_above_the_cap_the_page_opens_grouped_with_every_node(fixture_graph: Graph) -> None:
    prepared = prepare_map(fixture_graph, View.ORGANISATIONS, max_nodes=5)
    assert prepared.graph.number_of_nodes() == 8 and prepared.group == "community"
    data = page_data(prepared.html)
    assert data["group"] == "community" and len(data["nodes"]) == 8
    assert prepared.notice.startswith("This view has 8 nodes, more than the cap of 5, so it opens grouped by "
                                      "Louvain community (3 groups)")
    # eight organisations of eight kinds: grouping by kind would change nothing, so the page says what it does
    kind = prepare_map(fixture_graph, View.ORGANISATIONS, max_nodes=5, aggregate_by="kind")
    assert kind.group == "sector" and "so it opens grouped by sector (4 groups)" in kind.notice


def test_a_picture_of_a_view_that_opens_grouped_draws_the_groups(fixture_graph: Graph) -> None:
    svg = prepare_map(fixture_graph, View.ORGANISATIONS, max_nodes=5).render("svg").decode("utf-8")
    assert "Alpha Council +3" in svg and "Beta Trust" not in svg


def test_above_what_one_page_carries_the_groups_are_fixed(fixture_graph: Graph) -> None:
    prepared = prepare_map(fixture_graph, View.ORGANISATIONS, max_nodes=5, page_max_nodes=6)
    assert sorted(prepared.graph.nodes(data="members")) == [("group-1", 4), ("group-2", 2), ("group-3", 2)]
    assert prepared.group == "" and prepared.groupings == []
    assert prepared.notice.startswith("This view has 8 nodes, more than one page can carry (6), so each circle "
                                      "is a fixed group of nodes by Louvain community (3 groups), which does not "
                                      "open.")
    with pytest.raises(TooManyNodesError, match="more than max_nodes=5"):
        prepare_map(fixture_graph, View.ORGANISATIONS, max_nodes=5, aggregate_by="off")


def test_a_page_of_any_size_can_open_grouped(timed_graph: Graph, fixture_graph: Graph) -> None:
    assert prepare_map(timed_graph, View.ORGANISATIONS, group_by="region").group == "region"
    assert page_data(prepare_map(timed_graph, View.ORGANISATIONS, group_by="region").html)["group"] == "region"
    assert prepare_map(fixture_graph, View.ORGANISATIONS, group_by="region").group == ""  # no region is stated
