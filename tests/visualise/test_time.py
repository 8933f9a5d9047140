"""Years of partnerships and policies: read as the data states them, shown as it stood in a span of years,
and "years not stated" where the data says nothing (never dropped silently, never guessed)."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from partnerkg.visualise.entities import read_knowledge, year_of
from partnerkg.visualise.filters import Period, in_period, visible
from partnerkg.visualise.maps import prepare_map, render
from partnerkg.visualise.projections import View, project

ID = "https://w3id.org/partnerkg/id/"


def labels(G: nx.Graph, nodes) -> set[str]:
    return {G.nodes[n]["label"] for n in nodes}


def ties(G: nx.Graph, edges) -> set[tuple[str, str]]:
    return {tuple(sorted((G.nodes[u]["label"], G.nodes[v]["label"]))) for u, v in edges}


def page_data(page: str) -> dict:
    return json.loads(re.search(r'id="map-data">(.*?)</script>', page, re.S).group(1))


@pytest.mark.parametrize(("value", "year"), [
    (Literal("2004", datatype=XSD.gYear), 2004),
    (Literal("2004Z", datatype=XSD.gYear), 2004),
    (Literal("-0044", datatype=XSD.gYear), -44),
    (Literal("2006-03-01", datatype=XSD.date), 2006),
    (Literal(1996), 1996),
    (Literal("circa 2004"), None),
    (Literal("04"), None),
    (URIRef("urn:year:2004"), None),
])
def test_a_year_is_read_only_where_a_literal_states_one(value, year) -> None:
    assert year_of(value) == year


def test_entities_carry_start_end_and_issued_years(timed_graph: Graph) -> None:
    kb = read_knowledge(timed_graph)
    years = {kb.entities[n].label: (kb.entities[n].start, kb.entities[n].end, kb.entities[n].issued)
             for n in kb.entities}
    assert years["Early partnership"] == (2001, 2004, None)
    assert years["Open-ended partnership"] == (2006, None, None)
    assert years["Ended partnership"] == (None, 2003, None)
    assert years["Undated partnership"] == (None, None, None)
    assert years["Dated Act"] == (None, None, 2005)
    assert years["Charity B"] == (1996, None, None)


def test_two_stated_starts_give_the_earliest_and_two_ends_the_latest() -> None:
    g = Graph().parse(format="turtle", data="""
        @prefix pk: <https://w3id.org/partnerkg/ontology#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <urn:p> a pk:Partnership ; pk:startYear "2003"^^xsd:gYear , "2001"^^xsd:gYear ;
            pk:endYear "2005"^^xsd:gYear , "2007"^^xsd:gYear .""")
    entity = read_knowledge(g).entities[URIRef("urn:p")]
    assert (entity.start, entity.end) == (2001, 2007)


def test_ties_carry_the_spans_of_their_partnerships(timed_graph: Graph) -> None:
    G = project(timed_graph, View.ORGANISATIONS)
    tie = G.edges[ID + "a", ID + "b"]
    assert tie["spans"] == ((2001, 2004), (2008, 2009)) and tie["undated"] == 0
    assert tie["partnerships"] == ("Early partnership", "Renewed partnership")
    assert tie["partnership_years"] == ((2001, 2004), (2008, 2009))
    undated = G.edges[ID + "a", ID + "c"]
    assert undated["spans"] == () and undated["undated"] == 1
    assert G.nodes[ID + "b"]["years"] == (1996, None)  # an organisation's own years: shown, not filtered


def test_policies_take_their_issued_year(timed_graph: Graph) -> None:
    G = project(timed_graph, View.POLICIES)
    assert G.nodes[ID + "x"]["years"] == (2005, None)
    assert G.nodes[ID + "y"]["years"] is None
    assert G.nodes[ID + "p2"]["years"] == (2006, None)


@pytest.mark.parametrize(("period", "kept"), [
    (None, {("Charity B", "Council A"), ("Council A", "Trust C"), ("Charity B", "Trust C"), ("Firm D", "Trust C"),
            ("Charity E", "Firm D")}),
    (Period(2005, 2007), {("Charity B", "Trust C"), ("Council A", "Trust C")}),
    (Period(2005, 2007, undated=False), {("Charity B", "Trust C")}),
    (Period(2003, 2003), {("Charity B", "Council A"), ("Firm D", "Trust C"), ("Council A", "Trust C")}),
    (Period(2010, 2010, undated=False), {("Charity B", "Trust C"), ("Charity E", "Firm D")}),
    (Period(1990, 1999, undated=False), {("Firm D", "Trust C")}),  # "until 2003": open before 2003
])
def test_the_organisations_view_as_it_stood(timed_graph: Graph, period: Period | None, kept) -> None:
    G = project(timed_graph, View.ORGANISATIONS)
    nodes, edges = in_period(G, period)
    assert len(nodes) == 5  # organisations are not dated: they all stay
    assert ties(G, edges) == kept


def test_the_partnerships_view_as_it_stood(timed_graph: Graph) -> None:
    G = project(timed_graph, View.PARTNERSHIPS)
    nodes, edges = in_period(G, Period(2005, 2007))
    assert labels(G, nodes) == {"Council A", "Charity B", "Trust C", "Firm D", "Charity E",
                                "Open-ended partnership", "Undated partnership"}
    assert len(edges) == 4  # b and c in the open-ended one, a and c in the undated one
    nodes, _edges = in_period(G, Period(2005, 2007, undated=False))
    assert "Undated partnership" not in labels(G, nodes)


def test_a_period_applies_before_the_filters(timed_graph: Graph) -> None:
    G = project(timed_graph, View.ORGANISATIONS)
    nodes, edges = visible(G, {"model": "co-location"}, Period(2005, 2007))
    assert labels(G, nodes) == {"Council A", "Charity B"}  # in co-location partnerships, though not then
    assert edges == set()


def test_prepare_map_shows_a_view_as_it_stood_and_says_so(timed_graph: Graph) -> None:
    prepared = prepare_map(timed_graph, View.ORGANISATIONS, period=Period(2005, 2007, undated=False))
    assert ties(prepared.graph, prepared.graph.edges) == {("Charity B", "Trust C")}
    assert prepared.summary.endswith("· as it stood 2005–2007 (years not stated: hidden).")


def test_the_page_carries_years_and_the_time_range(timed_graph: Graph) -> None:
    page = render(prepare_map(timed_graph, View.ORGANISATIONS)).decode("utf-8")
    data = page_data(page)
    assert data["time"] == {"min": 2001, "max": 2010}
    titles = {n["id"]: n["info"]["title"] for n in data["nodes"]}
    by_title = {f"{titles[e['from']]} — {titles[e['to']]}": e for e in data["edges"]}
    assert by_title["Council A — Charity B"]["t"] == [[2001, 2004], [2008, 2009]]
    assert by_title["Council A — Trust C"]["t"] == [] and by_title["Council A — Trust C"]["u"] == 1
    rows = dict(by_title["Council A — Charity B"]["info"]["rows"])
    assert rows["Shared partnerships"] == ["Early partnership (2001–2004)", "Renewed partnership (2008–2009)"]
    assert dict(by_title["Council A — Trust C"]["info"]["rows"])["Shared partnerships"] == [
        "Undated partnership (years not stated)"]
    assert 'id="time-from" type="range" min="2001" max="2010"' in page
    assert ("Years are stated for 4 of 5 links (shared partnerships); 1 is shown as "
            "&#34;years not stated&#34; unless the box is cleared.") in page


def test_partnership_and_policy_panels_state_their_years(timed_graph: Graph) -> None:
    data = page_data(render(prepare_map(timed_graph, View.POLICIES)).decode("utf-8"))
    rows = {n["info"]["title"]: dict(n["info"]["rows"]) for n in data["nodes"]}
    assert rows["Dated Act"]["Issued"] == ["2005"]
    assert rows["Undated Guidance"]["Issued"] == ["year not stated"]
    assert rows["Open-ended partnership"]["Years"] == ["from 2006"]
    assert rows["Undated partnership"]["Years"] == ["years not stated"]
    nodes = {n["info"]["title"]: n for n in data["nodes"]}
    assert nodes["Dated Act"]["t"] == [2005, None] and "u" not in nodes["Dated Act"]
    assert nodes["Undated Guidance"]["u"] == 1 and "t" not in nodes["Undated Guidance"]
    orgs = {n["info"]["title"]: n for n in page_data(render(prepare_map(timed_graph, View.ORGANISATIONS))
                                                     .decode("utf-8"))["nodes"]}
    assert "t" not in orgs["Charity B"] and "u" not in orgs["Charity B"]  # organisations are not timed
    assert dict(orgs["Charity B"]["info"]["rows"])["Years"] == ["from 1996"]  # but their years are shown


def test_a_view_whose_partnerships_state_no_years_says_so(fixture_graph: Graph) -> None:
    page = render(prepare_map(fixture_graph, View.PARTNERSHIPS)).decode("utf-8")
    assert page_data(page)["time"] is None
    assert 'id="time-from"' not in page
    assert ("No partnership or policy in this view states its years: all 4 partnerships are "
            "&#34;years not stated&#34;, so the map cannot be shown by year.") in page


def test_a_view_without_partnerships_or_policies_has_no_time_card(fixture_graph: Graph) -> None:
    G = project(fixture_graph, View.BARRIERS)
    assert {d["type"] for _n, d in G.nodes(data=True)} >= {"partnership"}  # the barriers view has some
    page = render(prepare_map(Graph(), View.ORGANISATIONS)).decode("utf-8")
    assert 'id="time-heading"' not in page
