"""Maps II in a real browser (Debian's headless Chromium, pages from file://, their CSP in force): focus and
context, groups that open and close, the time range, labels, the view in the URL fragment, and the PNG and
SVG a policy team saves. Every test also checks that no request left file:// and nothing logged an error."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

import networkx as nx
import pytest
from defusedxml import ElementTree
from PIL import Image, ImageChops, ImageStat
from rdflib import Graph

from partnerkg.visualise.filters import Period, visible
from partnerkg.visualise.maps import Map, prepare_map, write_map
from partnerkg.visualise.projections import View

from .conftest import IMG, SCRIPT, TEMPLATE, Opened, assert_clean

ID = "https://w3id.org/partnerkg/id/"
SVG_NS = "{http://www.w3.org/2000/svg}"
BLUE = (0, 114, 178)  # statutory
ORANGE = (230, 159, 0)  # private
VEILED_ORANGE = (251, 240, 214)  # orange under the focus veil: 16 % of it over white


@pytest.fixture()
def write(tmp_path: Path) -> Callable[..., tuple[Path, Map]]:
    def writer(graph: Graph, view: View = View.ORGANISATIONS, **options) -> tuple[Path, Map]:
        prepared = prepare_map(graph, view, **options)
        path = tmp_path / f"{view.value}-{len(list(tmp_path.iterdir()))}.html"
        write_map(prepared, path)
        return path, prepared

    return writer


def close_to(colour: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 2) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True))


def titles(opened: Opened, ids) -> set[str]:
    names = opened.page.evaluate(
        "() => Object.fromEntries(JSON.parse(document.getElementById('map-data').textContent)"
        ".nodes.map((n) => [n.id, n.info.title]))")
    return {names[i] for i in ids}


def focused(opened: Opened) -> dict:
    return opened.page.evaluate("window.partnerkgMap.focused()")


def crumbs(opened: Opened) -> list[str]:
    return opened.page.locator("#breadcrumb li").all_inner_texts()


def drawn(opened: Opened) -> list[str]:
    return opened.page.evaluate("window.partnerkgMap.network.body.nodeIndices.slice().sort()")


def canvas_point(opened: Opened, node_id: str) -> tuple[float, float]:
    return tuple(opened.page.evaluate(
        """(id) => { const net = window.partnerkgMap.network; const p = net.canvasToDOM(net.getPositions([id])[id]);
                     const box = document.getElementById('network').getBoundingClientRect();
                     return [p.x + box.left, p.y + box.top]; }""", node_id))


def set_range(opened: Opened, selector: str, steps: int) -> None:
    """Move a range slider with the keyboard, as a person would."""
    opened.page.focus(selector)
    for _ in range(abs(steps)):
        opened.page.keyboard.press("ArrowRight" if steps > 0 else "ArrowLeft")


# ---------- focus and context ----------

def test_a_click_greys_everything_outside_the_neighbourhood(fixture_graph: Graph, write, open_map) -> None:
    path, prepared = write(fixture_graph)
    G = prepared.graph
    opened = open_map(path)
    delta, beta = opened.node_point("Delta Ltd"), opened.node_point("Beta Trust")
    assert opened.pixel(delta) == ORANGE and opened.pixel(beta) == BLUE
    opened.select("Alpha Council")
    state = focused(opened)
    alpha = ID + "org-a"
    assert titles(opened, state["nodes"]) == {G.nodes[n]["label"] for n in nx.ego_graph(G, alpha, radius=1)}
    assert len(state["edges"]) == nx.ego_graph(G, alpha, radius=1).number_of_edges() == 4
    assert opened.pixel(beta) == BLUE  # a neighbour keeps its colour
    assert close_to(opened.pixel(delta), VEILED_ORANGE)  # the rest is greyed
    assert crumbs(opened) == ["Whole network", "Alpha Council"]
    assert opened.page.text_content("#focus-count") == "Neighbourhood: 4 nodes, 4 links; the rest is greyed."

    opened.page.select_option("#focus-depth", "2")
    state = focused(opened)
    assert titles(opened, state["nodes"]) == {G.nodes[n]["label"] for n in nx.ego_graph(G, alpha, radius=2)}
    assert opened.pixel(delta) == ORANGE  # two steps away: in the neighbourhood now

    opened.page.select_option("#focus-depth", "1")
    opened.page.click("#crumb-whole")
    assert focused(opened)["trail"] == [] and opened.page.is_hidden("#focus-bar")
    assert opened.pixel(delta) == ORANGE
    assert_clean(opened)


def test_find_focuses_and_the_breadcrumb_walks_back(fixture_graph: Graph, write, open_map) -> None:
    path, _prepared = write(fixture_graph)
    opened = open_map(path)
    opened.page.fill("#search", "echo")
    opened.page.press("#search", "Enter")
    opened.page.wait_for_selector("#focus-bar:not([hidden])")
    assert crumbs(opened) == ["Whole network", "Echo Group"]
    opened.page.click("#panel-body .links button:text-is('Alpha Council')")
    assert crumbs(opened) == ["Whole network", "Echo Group", "Alpha Council"]
    assert titles(opened, focused(opened)["trail"]) == {"Echo Group", "Alpha Council"}
    opened.page.click("#breadcrumb button:text-is('Echo Group')")
    assert crumbs(opened) == ["Whole network", "Echo Group"]
    assert opened.page.text_content("#panel-body h2") == "Echo Group"
    opened.page.keyboard.press("Escape")
    assert focused(opened)["trail"] == [] and opened.page.is_hidden("#focus-bar")
    assert_clean(opened)


# ---------- the link to an endpoint's diagnosis ----------

DIAGNOSIS = "What the evidence says about this partnership"


def diagnosis_links(opened: Opened) -> list[dict]:
    return opened.page.evaluate(
        """() => Array.from(document.querySelectorAll('#panel-body a'))
             .filter((a) => a.textContent === 'What the evidence says about this partnership')
             .map((a) => ({href: a.getAttribute('href'), rel: a.rel, target: a.target}))""")


def test_a_partnership_links_its_diagnosis_on_the_endpoint(fixture_graph: Graph, write, open_map) -> None:
    path, _prepared = write(fixture_graph, View.PARTNERSHIPS, diagnose_url="http://127.0.0.1:8000/")
    opened = open_map(path)
    opened.select("Partnership One")
    expected = ("http://127.0.0.1:8000/diagnose?partnership=%3Chttps%3A%2F%2Fw3id.org%2Fpartnerkg%2Fid%2Fp1%3E"
                "&format=html")
    assert expected == "http://127.0.0.1:8000/diagnose?" + urlencode(
        {"partnership": f"<{ID}p1>", "format": "html"})
    assert diagnosis_links(opened) == [{"href": expected, "rel": "noopener noreferrer", "target": "_blank"}]
    assert opened.page.locator(f"#panel-body a:text-is('{DIAGNOSIS}')").is_visible()
    opened.page.fill("#search", "Alpha")  # an organisation has no diagnosis
    opened.page.press("#search", "Enter")
    opened.page.wait_for_function("document.querySelector('#panel-body h2')?.textContent === 'Alpha Council'")
    assert diagnosis_links(opened) == []
    opened.select("Partnership Two")
    assert [link["href"] for link in diagnosis_links(opened)] == [expected.replace("p1%3E", "p2%3E")]
    assert_clean(opened)  # shown, not followed: nothing left file://


def test_without_an_endpoint_a_partnership_links_nowhere(fixture_graph: Graph, write, open_map) -> None:
    path, _prepared = write(fixture_graph, View.PARTNERSHIPS)
    opened = open_map(path)
    opened.select("Partnership One")
    assert diagnosis_links(opened) == []
    assert opened.page.evaluate("document.querySelectorAll('#panel-body a').length") == 0
    assert_clean(opened)


# ---------- groups ----------

def test_groups_open_on_a_double_click_and_close_again(fixture_graph: Graph, write, open_map) -> None:
    path, _prepared = write(fixture_graph)
    opened = open_map(path)
    opened.page.select_option("#group-by", "sector")
    groups = ["group:sector:0", "group:sector:1", "group:sector:2", "group:sector:3"]
    assert drawn(opened) == groups  # Statutory 3, Sector not stated 2, Voluntary and community 2, Private 1
    assert opened.page.text_content("#count-groups") == "Grouped into 4 groups."
    assert opened.page.evaluate("window.partnerkgMap.network.body.nodes['group:sector:0'].options.label") is None
    assert opened.count("nodes") == 8  # every node is still in the view, folded
    opened.page.mouse.dblclick(*canvas_point(opened, "group:sector:0"))
    statutory = sorted(opened.node_id(t) for t in ("Alpha Council", "Beta Trust", "Department of Fixtures"))
    assert drawn(opened) == sorted(groups[1:] + statutory)
    assert "group=sector&open=0" in opened.fragment()
    opened.page.mouse.dblclick(*opened.node_point("Beta Trust"))
    assert drawn(opened) == groups
    opened.page.select_option("#group-by", "")
    assert len(drawn(opened)) == 8 and opened.page.is_hidden("#count-groups")
    assert_clean(opened)


def test_the_panel_opens_and_closes_groups_too(fixture_graph: Graph, write, open_map) -> None:
    path, _prepared = write(fixture_graph, group_by="sector")
    opened = open_map(path)
    assert len(drawn(opened)) == 4
    opened.page.mouse.click(*canvas_point(opened, "group:sector:0"))
    opened.page.wait_for_selector("#panel:not([hidden])")
    assert opened.page.text_content("#panel-body h2") == "Statutory"
    assert opened.page.text_content("#panel-body .meta") == "Group of 3 nodes · Sector"
    opened.page.click("#panel-body button:text-is('Open this group')")
    assert len(drawn(opened)) == 3 + 3
    opened.select("Department of Fixtures")
    opened.page.click("#panel-body button:text-is('Close the group “Statutory”')")
    assert len(drawn(opened)) == 4
    assert_clean(opened)


def test_a_double_click_where_the_panel_opens_still_opens_the_group(fixture_graph: Graph, write,
                                                                    open_map) -> None:
    path, _prepared = write(fixture_graph, group_by="sector")
    opened = open_map(path)
    opened.page.evaluate("""() => { const net = window.partnerkgMap.network;
        const at = net.getPositions(['group:sector:0'])['group:sector:0'];
        const width = document.getElementById('network').clientWidth;
        net.moveTo({ position: { x: at.x - (width / 2 - 120) / net.getScale(), y: at.y } }); }""")
    x, _y = canvas_point(opened, "group:sector:0")
    box = opened.page.evaluate("document.getElementById('network').getBoundingClientRect().toJSON()")
    assert x > box["right"] - 200  # where the panel (up to 380 px wide) slides in
    opened.page.mouse.dblclick(*canvas_point(opened, "group:sector:0"))
    assert len(drawn(opened)) == 3 + 3
    opened.page.wait_for_timeout(400)
    assert opened.page.is_hidden("#panel")  # a double-click opens the group, not the panel
    assert_clean(opened)


def test_a_group_reopens_from_the_fragment(fixture_graph: Graph, write, open_map) -> None:
    path, _prepared = write(fixture_graph)
    opened = open_map(path, fragment="group=sector&open=0")
    assert opened.page.eval_on_selector("#group-by", "(s) => s.value") == "sector"
    assert len([i for i in drawn(opened) if i.startswith("group:")]) == 3
    assert_clean(opened)


def test_a_view_above_the_cap_opens_grouped_and_its_groups_open(fixture_graph: Graph, write, open_map) -> None:
    path, prepared = write(fixture_graph, max_nodes=5)
    assert prepared.group == "community"
    opened = open_map(path)
    assert drawn(opened) == ["group:community:0", "group:community:1", "group:community:2"]
    assert opened.page.text_content("#map-notice").startswith("This view has 8 nodes, more than the cap of 5")
    opened.page.hover("#network")
    opened.page.mouse.move(*canvas_point(opened, "group:community:0"))
    opened.page.wait_for_selector("#tooltip:not([hidden])")
    assert opened.page.text_content("#tooltip strong") == "Around Alpha Council"
    opened.page.mouse.dblclick(*canvas_point(opened, "group:community:0"))
    assert len(drawn(opened)) == 2 + 4  # two groups and the four organisations around Alpha Council
    assert opened.fragment() == "open=0"  # the page's own grouping is the default: only what was opened
    assert_clean(opened)


# ---------- time ----------

def test_the_time_range_shows_the_network_as_it_stood(timed_graph: Graph, write, open_map) -> None:
    path, prepared = write(timed_graph)
    G = prepared.graph
    opened = open_map(path)
    assert (opened.count("nodes"), opened.count("edges")) == (5, 5)
    set_range(opened, "#time-from", 4)  # 2001 -> 2005
    set_range(opened, "#time-to", -3)  # 2010 -> 2007
    opened.page.wait_for_timeout(300)
    assert opened.page.text_content("#time-span") == "As it stood from 2005 to 2007"
    nodes, edges = visible(G, {}, Period(2005, 2007))
    assert (opened.count("nodes"), opened.count("edges")) == (len(nodes), len(edges)) == (5, 2)
    opened.page.uncheck("#time-undated")
    opened.page.wait_for_timeout(300)
    nodes, edges = visible(G, {}, Period(2005, 2007, undated=False))
    assert (opened.count("nodes"), opened.count("edges")) == (len(nodes), len(edges)) == (5, 1)
    opened.page.click("#time-all")
    assert (opened.count("nodes"), opened.count("edges")) == (5, 5)
    assert_clean(opened)


def test_the_time_range_hides_partnerships_of_other_years(timed_graph: Graph, write, open_map) -> None:
    path, prepared = write(timed_graph, View.PARTNERSHIPS)
    opened = open_map(path, fragment="from=2009&to=2010")
    nodes, edges = visible(prepared.graph, {}, Period(2009, 2010))
    assert (opened.count("nodes"), opened.count("edges")) == (len(nodes), len(edges))
    shown = opened.page.evaluate("window.partnerkgMap.network.body.nodeIndices")
    assert {t for t in titles(opened, shown) if "partnership" in t} == {
        "Renewed partnership", "Open-ended partnership", "Undated partnership", "One-year partnership"}
    assert_clean(opened)


# ---------- the view in the URL ----------

def test_a_saved_link_reopens_the_same_view(timed_graph: Graph, write, open_map) -> None:
    path, prepared = write(timed_graph)
    opened = open_map(path)
    opened.page.select_option("#filter-sector", "statutory")
    set_range(opened, "#time-from", 4)
    opened.page.uncheck("#time-undated")
    opened.select("Trust C")
    opened.page.select_option("#focus-depth", "2")
    opened.page.mouse.move(700, 700)
    opened.page.mouse.wheel(0, -300)  # zoom in a little
    opened.page.wait_for_timeout(300)
    fragment = opened.fragment()
    assert re.fullmatch(r"sector=statutory&from=2005&to=2010&undated=hide&focus=https%3A%2F%2Fw3id\.org%2F"
                        r"partnerkg%2Fid%2Fc&depth=2&view=-?[\d.]+,-?[\d.]+,[\d.]+", fragment), fragment
    nodes, edges = visible(prepared.graph, {"sector": "statutory"}, Period(2005, 2010, undated=False))
    expected = (opened.count("nodes"), opened.count("edges"))
    assert expected == (len(nodes), len(edges))
    before = {"focus": focused(opened), "camera": opened.page.evaluate(
        "[window.partnerkgMap.network.getViewPosition(), window.partnerkgMap.network.getScale()]")}

    again = open_map(path, fragment=fragment)
    assert again.page.eval_on_selector("#filter-sector", "(s) => s.value") == "statutory"
    assert again.page.eval_on_selector("#time-from", "(s) => s.value") == "2005"
    assert again.page.is_checked("#time-undated") is False
    assert again.page.eval_on_selector("#focus-depth", "(s) => s.value") == "2"
    assert (again.count("nodes"), again.count("edges")) == expected
    assert focused(again) == before["focus"]
    assert crumbs(again) == ["Whole network", "Trust C"]
    assert again.page.text_content("#panel-body h2") == "Trust C"
    position, scale = again.page.evaluate(
        "[window.partnerkgMap.network.getViewPosition(), window.partnerkgMap.network.getScale()]")
    assert abs(position["x"] - before["camera"][0]["x"]) <= 0.05
    assert abs(position["y"] - before["camera"][0]["y"]) <= 0.05
    assert abs(scale - before["camera"][1]) <= 0.0001
    assert again.fragment() == fragment  # and it writes back the same link
    assert_clean(opened)
    assert_clean(again)


def test_a_fragment_that_names_nothing_known_is_ignored(fixture_graph: Graph, write, open_map) -> None:
    path, _prepared = write(fixture_graph)
    hostile = ("sector=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&from=x&focus=javascript%3Aalert(1)"
               "&focus=n999&depth=9&group=nothing&open=-1,a&view=1,2,NaN")
    opened = open_map(path, fragment=hostile)
    assert (opened.count("nodes"), opened.count("edges")) == (8, 6)
    assert focused(opened)["trail"] == [] and opened.page.is_hidden("#focus-bar")
    assert opened.page.eval_on_selector("#filter-sector", "(s) => s.value") == ""
    assert opened.page.evaluate("document.querySelectorAll('img').length") == 0 and opened.dialogs == []
    assert opened.fragment() == ""
    assert_clean(opened)


# ---------- labels ----------

def test_every_label_of_a_small_map_is_drawn_whole(fixture_graph: Graph, write, open_map) -> None:
    path, _prepared = write(fixture_graph)
    opened = open_map(path)
    labels = opened.page.evaluate("window.partnerkgMap.labels()")
    lines = {i: n["lines"] for i, n in ((n["id"], n) for n in opened.page.evaluate(
        "JSON.parse(document.getElementById('map-data').textContent).nodes"))}
    assert sorted(label["id"] for label in labels) == sorted(lines)
    assert all(label["lines"] == lines[label["id"]] for label in labels)
    assert_clean(opened)


def test_labels_of_a_big_map_never_overlap_and_zooming_in_shows_more(tmp_path: Path, write, open_map) -> None:
    from .test_browser import load_benchmark_generator

    data = tmp_path / "synthetic.nt"
    load_benchmark_generator()(data, organisations=1500, edges=3000, seed=5)
    path, _prepared = write(Graph().parse(data, format="nt"))
    opened = open_map(path)
    ranks = opened.page.evaluate("Object.fromEntries(JSON.parse(document.getElementById('map-data').textContent)"
                                 ".nodes.map((n) => [n.id, n.rank]))")
    overview = opened.page.evaluate("window.partnerkgMap.labels()")
    assert 0 < len(overview) < 100  # a few names over 1,500 nodes, not a smear
    assert min(ranks[label["id"]] for label in overview) == 0  # the most important is named first
    for i, a in enumerate(overview):
        for b in overview[i + 1:]:
            apart = (abs(a["x"] - b["x"]) * 2 >= a["w"] + b["w"] or a["y"] + a["h"] <= b["y"]
                     or b["y"] + b["h"] <= a["y"])
            assert apart, (a["lines"], b["lines"])
    opened.page.evaluate("window.partnerkgMap.network.moveTo({scale: window.partnerkgMap.network.getScale() * 6})")
    closer = opened.page.evaluate("window.partnerkgMap.labels()")
    assert max(ranks[label["id"]] for label in closer) > max(ranks[label["id"]] for label in overview)
    assert_clean(opened)


def test_a_big_map_pans_as_a_picture_and_draws_afresh_when_let_go(tmp_path: Path, write, open_map) -> None:
    from .test_browser import load_benchmark_generator

    data = tmp_path / "synthetic.nt"
    load_benchmark_generator()(data, organisations=1500, edges=3000, seed=5)
    path, _prepared = write(Graph().parse(data, format="nt"))
    opened = open_map(path)
    box = opened.page.evaluate("document.getElementById('network').getBoundingClientRect().toJSON()")
    before = canvas_image(opened)
    x, y = box["x"] + 40, box["y"] + box["height"] - 40
    opened.page.mouse.move(x, y)
    opened.page.mouse.down()
    opened.page.mouse.move(x + 100, y - 60, steps=10)
    during = canvas_image(opened)  # the last frame moved whole, links and all (vis-network alone hides them)
    shifted = Image.new("RGB", before.size, (255, 255, 255))
    shifted.paste(before, (100, -60))
    inner = (120, 20, before.size[0] - 20, before.size[1] - 80)
    assert changed(during.crop(inner), shifted.crop(inner)) < 0.001
    opened.page.mouse.up()
    opened.page.mouse.move(5, 5)  # off the map: no node drawn hovered
    after = canvas_image(opened)  # drawn afresh where the drag left it
    camera = opened.page.evaluate(
        "[window.partnerkgMap.network.getViewPosition(), window.partnerkgMap.network.getScale()]")
    assert opened.page.evaluate("window.partnerkgMap.labels().length") > 0
    fresh = open_map(path)  # the same view, drawn from scratch
    fresh.page.evaluate("([at, scale]) => window.partnerkgMap.network.moveTo({ position: at, scale: scale })", camera)
    assert changed(canvas_image(fresh), after) < 0.001
    assert_clean(opened)


# ---------- pictures ----------

def canvas_image(opened: Opened) -> Image.Image:
    """What the canvas shows now, on white, at its own resolution."""
    opened.drawn()
    url = opened.page.evaluate("document.querySelector('#network canvas').toDataURL('image/png')")
    shown = Image.open(io.BytesIO(base64.b64decode(url.split(",", 1)[1]))).convert("RGBA")
    white = Image.new("RGBA", shown.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, shown).convert("RGB")


def changed(a: Image.Image, b: Image.Image) -> float:
    """The share of pixels whose colour differs clearly (by more than 64 in a channel) between two pictures."""
    strong = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 64 else 0)
    return ImageStat.Stat(strong).mean[0] / 255


def test_save_as_png_is_the_current_viewport_at_twice_the_resolution(fixture_graph: Graph, write, open_map,
                                                                     tmp_path: Path) -> None:
    path, _prepared = write(fixture_graph)
    opened = open_map(path)
    overview = canvas_image(opened)
    opened.select("Alpha Council")
    opened.page.mouse.move(*opened.node_point("Alpha Council"))
    opened.page.mouse.wheel(0, -400)  # zoom in towards Alpha Council
    opened.page.mouse.move(5, 5)
    opened.page.wait_for_timeout(300)
    with opened.page.expect_download() as download:
        opened.page.click("#save-png")
    assert download.value.suggested_filename == "partnerkg-organisations.png"
    saved = tmp_path / "saved.png"
    download.value.save_as(saved)
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    picture = Image.open(saved)
    picture.load()
    size = opened.page.evaluate("[document.getElementById('network').clientWidth,"
                                " document.getElementById('network').clientHeight]")
    assert picture.format == "PNG" and picture.size == (2 * size[0], 2 * size[1])
    screen = canvas_image(opened)
    assert screen.size == tuple(size)
    halved = picture.convert("RGB").resize(screen.size, Image.Resampling.BOX)
    same, before = changed(halved, screen), changed(halved, overview)
    assert same < 0.002, same  # the picture the screen shows (but for anti-aliased edges)…
    assert before > 0.004 and before > 10 * same, (same, before)  # …and not the view before the zoom
    x, y = opened.node_point("Alpha Council")
    box = opened.page.evaluate("document.getElementById('network').getBoundingClientRect().toJSON()")
    assert picture.convert("RGB").getpixel((round(2 * (x - box["x"])), round(2 * (y - box["y"])))) == BLUE
    assert picture.convert("RGB").getpixel((2, 2)) == (255, 255, 255)
    assert_clean(opened)


def svg_texts(svg: bytes) -> list[str]:
    return [t.text for t in ElementTree.fromstring(svg).iter(f"{SVG_NS}text")]


def test_save_as_svg_is_the_current_view_with_its_labels(fixture_graph: Graph, write, open_map,
                                                         tmp_path: Path) -> None:
    path, _prepared = write(fixture_graph)
    opened = open_map(path)
    opened.select("Alpha Council")
    with opened.page.expect_download() as download:
        opened.page.click("#save-svg")
    assert download.value.suggested_filename == "partnerkg-organisations.svg"
    saved = tmp_path / "saved.svg"
    download.value.save_as(saved)
    root = ElementTree.fromstring(saved.read_bytes())
    size = opened.page.evaluate("[document.getElementById('network').clientWidth,"
                                " document.getElementById('network').clientHeight]")
    assert (root.get("width"), root.get("height")) == (str(size[0]), str(size[1]))
    assert root.find(f"{SVG_NS}title").text == "Organisations linked by shared partnerships"
    assert root.find(f"{SVG_NS}desc").text.endswith("· Focus: Alpha Council (depth 1)")
    focused_labels = [line for label in opened.page.evaluate("window.partnerkgMap.labels()") for line in label["lines"]]
    assert svg_texts(saved.read_bytes()) == focused_labels
    assert sorted(focused_labels) == ["Alpha Council", "Beta Trust", "Charity C", "Echo Group"]  # greyed: unnamed
    fills = {p.get("fill") for p in root.iter(f"{SVG_NS}path")}
    assert "#0072b2" in fills and "#e69f00" in fills  # the statutory and private organisations' colours
    assert_clean(opened)


def test_hostile_labels_stay_text_in_the_saved_svg(hostile_graph: Graph, write, open_map, tmp_path: Path) -> None:
    path, _prepared = write(hostile_graph)
    opened = open_map(path)
    svg = opened.page.evaluate("window.partnerkgMap.svg()").encode("utf-8")
    texts = svg_texts(svg)
    assert " ".join(texts).count(IMG) == 1 and SCRIPT in texts and TEMPLATE in texts  # wrapped, whole, as text
    assert b"<img" not in svg and b"<script" not in svg and not re.search(rb"\son\w+=", svg)
    assert_clean(opened)
