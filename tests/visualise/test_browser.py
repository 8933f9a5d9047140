"""The maps in a real browser: Debian's headless Chromium, pages opened from file://.

Pages are opened with their Content-Security-Policy in force (no ``bypass_csp``), so a CSP violation
would show up as a console error; the hostile-label test runs once more with the CSP bypassed, to show
that escaping alone already keeps the payloads inert.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from partnerkg.visualise.entities import read_knowledge
from partnerkg.visualise.filters import visible
from partnerkg.visualise.maps import prepare_map, write_map
from partnerkg.visualise.projections import View

from .conftest import IMG, JS_URL, SCRIPT, SVG, TEMPLATE, Opened, assert_clean

ID = "https://w3id.org/partnerkg/id/"


def write_views(graph: Graph, folder: Path) -> dict[View, tuple[Path, nx.Graph]]:
    kb = read_knowledge(graph)
    out = {}
    for view in View:
        prepared = prepare_map(kb, view)
        path = folder / f"{view.value}.html"
        write_map(prepared, path)
        out[view] = (path, prepared.graph)
    return out


@pytest.fixture(scope="module")
def fixture_maps(tmp_path_factory: pytest.TempPathFactory, fixture_graph: Graph):
    return write_views(fixture_graph, tmp_path_factory.mktemp("fixture-maps"))


@pytest.fixture(scope="module")
def shipped_maps(tmp_path_factory: pytest.TempPathFactory, shipped: Graph):
    return write_views(shipped, tmp_path_factory.mktemp("shipped-maps"))


@pytest.fixture(scope="module")
def hostile_maps(tmp_path_factory: pytest.TempPathFactory, hostile_graph: Graph):
    return write_views(hostile_graph, tmp_path_factory.mktemp("hostile-maps"))


def assert_counts(opened: Opened, G: nx.Graph) -> None:
    assert (opened.count("nodes"), opened.count("edges")) == (G.number_of_nodes(), G.number_of_edges())
    drawn = opened.page.evaluate("[window.partnerkgMap.nodes.length, window.partnerkgMap.edges.length]")
    assert drawn == [G.number_of_nodes(), G.number_of_edges()]
    on_canvas = opened.page.evaluate(
        "[window.partnerkgMap.network.body.nodeIndices.length, window.partnerkgMap.network.body.edgeIndices.length]")
    assert on_canvas == [G.number_of_nodes(), G.number_of_edges()]


@pytest.mark.parametrize("view", list(View))
def test_every_view_opens_offline_drawn_as_networkx_says(view: View, fixture_maps, open_map,
                                                        tmp_path: Path) -> None:
    path, G = fixture_maps[view]
    opened = open_map(path)
    assert_clean(opened)
    assert_counts(opened, G)
    assert opened.page.evaluate("document.scripts.length") == 3  # the data, vis-network, the map
    shot = tmp_path / f"{view.value}.png"
    opened.page.screenshot(path=str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 30_000


# A node of each view, the first line of its tooltip, and what its details say.
PROBES = {
    View.ORGANISATIONS: ("Alpha Council", "Local authority · Statutory",
                         ["A council in the fixture.", "Alpha Council works with Beta Trust and Charity C",
                          "Fixture source (999_fixture.txt)", ID + "org-a"]),
    View.PARTNERSHIPS: ("Partnership One", "Partnership · formal",
                        ["Co-location", "Programme delivery", "Alpha Council", "Fixture Act"]),
    View.POLICIES: ("Fixture Act", "Act", ["Partnership One", "Department of Fixtures", ID + "policy-x"]),
    View.BARRIERS: ("Barrier One", "Barrier", ["Partnership One", "Co-location", "funding"]),
}


@pytest.mark.parametrize("view", list(View))
def test_hover_shows_a_tooltip_and_a_click_opens_the_details(view: View, fixture_maps, open_map) -> None:
    title, meta, details = PROBES[view]
    opened = open_map(fixture_maps[view][0])
    assert opened.hover(title) == title
    assert opened.page.text_content("#tooltip .meta") == meta
    opened.select(title)
    assert opened.page.text_content("#panel-body h2") == title
    panel = opened.page.text_content("#panel-body")
    for text in details:
        assert text in panel, text
    assert opened.page.evaluate("window.partnerkgMap.network.getSelectedNodes()") == [opened.node_id(title)]
    opened.page.click("#panel-close")
    assert opened.page.is_hidden("#panel")
    assert_clean(opened)


FILTERS = {
    View.ORGANISATIONS: ("sector", "statutory"),
    View.PARTNERSHIPS: ("model", "co-location"),
    View.POLICIES: ("policy", ID + "policy-y"),
    View.BARRIERS: ("stage", "delivery"),
}


@pytest.mark.parametrize("view", list(View))
def test_filters_change_the_counts_as_networkx_says(view: View, fixture_maps, open_map) -> None:
    path, G = fixture_maps[view]
    facet, key = FILTERS[view]
    nodes, edges = visible(G, {facet: key})
    assert (len(nodes), len(edges)) != (G.number_of_nodes(), G.number_of_edges())
    opened = open_map(path)
    data = json.loads(opened.page.text_content("#map-data"))
    value = key
    if facet == "policy":  # the page names policies by opaque codes: find the one labelled "Fixture Guidance"
        value = opened.page.eval_on_selector(
            "#filter-policy", "(s) => Array.from(s.options).find((o) => o.text.startsWith('Fixture Guidance')).value")
    opened.page.select_option(f"#filter-{facet}", value)
    assert (opened.count("nodes"), opened.count("edges")) == (len(nodes), len(edges))
    shown = opened.page.evaluate("window.partnerkgMap.network.body.nodeIndices")
    titles = {n["id"]: n["info"]["title"] for n in data["nodes"]}
    assert {titles[i] for i in shown} == {G.nodes[n]["label"] for n in nodes}
    opened.page.click("#clear-filters")
    assert (opened.count("nodes"), opened.count("edges")) == (G.number_of_nodes(), G.number_of_edges())
    assert_clean(opened)


def test_search_focuses_the_node(fixture_maps, open_map) -> None:
    opened = open_map(fixture_maps[View.ORGANISATIONS][0])
    opened.page.fill("#search", "echo")
    assert opened.page.text_content("#search-results button") == "Echo GroupOrganisation · Voluntary and community"
    opened.page.press("#search", "Enter")
    opened.page.wait_for_selector("#panel:not([hidden])")
    assert opened.page.text_content("#panel-body h2") == "Echo Group"
    assert opened.page.evaluate("window.partnerkgMap.network.getSelectedNodes()") == [opened.node_id("Echo Group")]
    opened.page.fill("#search", "no such organisation")
    assert opened.page.text_content("#search-results") == "No match"


def test_the_find_box_ranks_as_the_full_text_search(fixture_maps, open_map) -> None:
    """Case and accents do not count; an equal label, then labels starting with the text, then labels holding
    every word (the last as a prefix), then labels holding the text anywhere; shorter labels first in each."""
    opened = open_map(fixture_maps[View.ORGANISATIONS][0])

    def found(text: str) -> list[str]:
        opened.page.fill("#search", text)
        return opened.page.locator("#search-results button").evaluate_all(
            "(buttons) => buttons.map((b) => b.firstChild.textContent)")

    assert found("C") == ["Charity C", "Alpha Council", "Golf Research Centre", "Echo Group",
                          "local services (unnamed)"]
    assert found("gÓlf  CENT") == ["Golf Research Centre"]
    assert found("charity c") == ["Charity C"]
    assert found("search") == ["Golf Research Centre"]
    opened.page.press("#search", "Enter")
    opened.page.wait_for_selector("#panel:not([hidden])")
    assert opened.page.text_content("#panel-body h2") == "Golf Research Centre"
    assert_clean(opened)


def test_positions_are_the_same_on_every_load(fixture_maps, open_map) -> None:
    path = fixture_maps[View.ORGANISATIONS][0]
    positions = [open_map(path).page.evaluate("window.partnerkgMap.network.getPositions()") for _ in range(2)]
    assert positions[0] == positions[1]


def test_physics_has_stopped_once_ready(fixture_maps, open_map) -> None:
    opened = open_map(fixture_maps[View.BARRIERS][0])
    before = opened.page.evaluate("window.partnerkgMap.network.getPositions()")
    opened.page.wait_for_timeout(700)
    assert opened.page.evaluate("window.partnerkgMap.network.getPositions()") == before
    assert opened.page.evaluate("window.partnerkgMap.network.physics.options.enabled") is False


@pytest.mark.parametrize("view", list(View))
def test_shipped_views_in_the_browser(view: View, shipped_maps, open_map) -> None:
    path, G = shipped_maps[view]
    opened = open_map(path)
    assert_clean(opened)
    assert_counts(opened, G)


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_labels_show_literally_and_run_nothing(bypass_csp: bool, hostile_maps, open_map) -> None:
    opened = open_map(hostile_maps[View.ORGANISATIONS][0], bypass_csp=bypass_csp)
    page = opened.page
    for label in (IMG, SCRIPT, TEMPLATE):
        assert opened.hover(label) == label
        opened.select(label)
        assert page.text_content("#panel-body h2") == label
    opened.select(IMG)
    panel = page.text_content("#panel-body")
    assert f"{SCRIPT} described" in panel
    assert f"<b>quoted</b> {IMG} in a quote" in panel
    assert JS_URL in panel
    assert page.locator("#panel-body a").count() == 0  # a javascript: website is text, never a link
    assert f"{TEMPLATE} {IMG} partnership" in panel  # the partnership, listed as text
    page.fill("#search", "<img")
    assert page.text_content("#search-results button").startswith(IMG)
    page.press("#search", "Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img, svg:not(.swatch), iframe, b').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert opened.dialogs == []
    assert opened.console_errors == [] and opened.failed_requests == []


def test_hostile_policy_names_in_the_filter_menu(hostile_maps, open_map) -> None:
    path, G = hostile_maps[View.POLICIES]
    opened = open_map(path)
    options = opened.page.eval_on_selector("#filter-policy", "(s) => Array.from(s.options).map((o) => o.text)")
    assert options == ["All", f"{SVG} (2)"]
    opened.page.select_option("#filter-policy", index=1)
    assert opened.count("nodes") == G.number_of_nodes()
    assert opened.hover(SVG) == SVG
    assert opened.page.evaluate("typeof window.__pwned") == "undefined"
    assert opened.dialogs == [] and opened.console_errors == []


def load_benchmark_generator():
    """The synthetic-graph generator of benchmarks/maps.py."""
    import importlib.util

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "maps.py"
    spec = importlib.util.spec_from_file_location("maps_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def test_a_large_map_arrives_laid_out_and_filters(tmp_path: Path, open_map) -> None:
    data = tmp_path / "synthetic.nt"
    load_benchmark_generator()(data, organisations=1500, edges=3000, seed=5)
    prepared = prepare_map(Graph().parse(data, format="nt"), View.ORGANISATIONS)
    assert prepared.physics is False  # above PHYSICS_MAX_NODES: positions come from Python, physics off
    path = tmp_path / "large.html"
    write_map(prepared, path)
    opened = open_map(path)
    assert_clean(opened)
    assert opened.page.text_content("#count-nodes") == "1,500"
    assert_counts(opened, prepared.graph)
    assert opened.page.evaluate("window.partnerkgMap.network.physics.options.enabled") is False
    drawn = opened.page.evaluate("window.partnerkgMap.network.getPositions()")
    data_nodes = json.loads(opened.page.text_content("#map-data"))["nodes"]
    assert all(drawn[n["id"]] == {"x": n["x"], "y": n["y"]} for n in data_nodes)  # exactly where Python put them
    nodes, edges = visible(prepared.graph, {"sector": "private"})
    opened.page.select_option("#filter-sector", "private")
    assert (opened.count("nodes"), opened.count("edges")) == (len(nodes), len(edges))
