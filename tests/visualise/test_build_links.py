"""The build's maps and its offline diagnosis reports (#23): each shipped partnership's report is written into the
build folder, equal to what ``partnerkg diagnose`` writes, and a partnership's details panel links it with a
relative address that a browser follows from file:// (the map's CSP kept, nothing else loaded)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph

import partnerkg
from partnerkg.diagnose.offline import report_files
from partnerkg.errors import OptionError
from partnerkg.knowledge_graph import KnowledgeGraph
from partnerkg.visualise.maps import prepare_map
from partnerkg.visualise.projections import View

from .conftest import Opened, assert_clean

ID = "https://w3id.org/partnerkg/id/partnership/"
OFFLINE = "What the evidence says about this partnership (offline report)"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "out"
    partnerkg.build(out, owl=False)
    return out


def payload(page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    return json.loads(re.search(r'id="map-data">(.*?)</script>', text, re.S)[1])


def report_links(opened: Opened) -> list[dict]:
    return opened.page.evaluate(
        """(text) => Array.from(document.querySelectorAll('#panel-body a'))
             .filter((a) => a.textContent === text)
             .map((a) => ({href: a.getAttribute('href'), rel: a.rel, target: a.target}))""", OFFLINE)


def select_by_search(opened: Opened, title: str) -> None:
    opened.page.fill("#search", title)
    opened.page.press("#search", "Enter")
    opened.page.wait_for_function("(t) => document.querySelector('#panel-body h2')?.textContent === t", arg=title)


def test_the_build_writes_every_partnership_report_as_diagnose_does(built: Path) -> None:
    kg = partnerkg.open()
    iris = [str(row[0]) for row in kg.query_text("SELECT ?p WHERE { ?p a pk:Partnership }").rows]
    files = report_files(iris)
    assert len(files) == 24
    assert sorted(p.name for p in (built / "diagnoses").iterdir()) == sorted([*files.values(), "index.html"])
    for name in ("on-track", "west-midlands-eis-05-voluntary-sector",
                 "south-west-england-early-intervention-service-co-location"):
        page = (built / "diagnoses" / f"{name}.html").read_text(encoding="utf-8")
        assert page == kg.diagnose(name).report("html"), name
    index = (built / "diagnoses" / "index.html").read_text(encoding="utf-8")
    assert index.count('<li><a href="') == 24 and '<a href="on-track.html">On Track partnership</a>' in index
    assert '<a href="../maps/index.html">Maps</a>' in index and "/diagnose?" not in index


def test_every_partnership_of_the_build_maps_links_its_report(built: Path) -> None:
    linked = 0
    for page in sorted((built / "maps").glob("*.html")):
        if page.name == "index.html":
            continue
        data = payload(page)
        assert "diagnose" not in data  # no endpoint unless --diagnose-url
        for node in data["nodes"]:
            info = node["info"]
            if "report" in info:
                assert info["report"] == f"../diagnoses/{info['iri'].rsplit('/', 1)[1]}.html"
                assert (page.parent / info["report"]).is_file()
                linked += 1
    assert linked >= 24


def test_a_partnership_panel_opens_its_offline_report(built: Path, open_map) -> None:
    opened = open_map(built / "maps" / "partnerships.html")
    select_by_search(opened, "On Track partnership")
    assert report_links(opened) == [
        {"href": "../diagnoses/on-track.html", "rel": "noopener noreferrer", "target": "_blank"}]
    assert opened.page.evaluate("document.querySelectorAll('#panel-body a').length") == 1  # no endpoint link
    assert_clean(opened)  # shown, not followed
    with opened.page.context.expect_page() as new_page:
        opened.page.click(f"#panel-body a:text-is('{OFFLINE}')")
    report = new_page.value
    report.wait_for_load_state()
    assert report.url == (built / "diagnoses" / "on-track.html").resolve().as_uri()
    assert report.text_content("h1") == "Diagnosis: On Track partnership"
    assert report.locator("blockquote").count() > 20


def test_the_build_can_link_an_endpoint_too(tmp_path: Path, open_map) -> None:
    out = tmp_path / "out"
    partnerkg.build(out, owl=False, diagnose_url="http://127.0.0.1:8000/")
    opened = open_map(out / "maps" / "partnerships.html")
    select_by_search(opened, "On Track partnership")
    hrefs = opened.page.evaluate("Array.from(document.querySelectorAll('#panel-body a')).map((a) => a.href)")
    assert hrefs == [(out / "diagnoses" / "on-track.html").resolve().as_uri(),
                     "http://127.0.0.1:8000/diagnose?partnership=%3Chttps%3A%2F%2Fw3id.org%2Fpartnerkg%2Fid%2F"
                     "partnership%2Fon-track%3E&format=html"]
    assert_clean(opened)


def test_a_report_address_must_be_a_plain_relative_path(fixture_graph: Graph) -> None:
    for bad in ("javascript:alert(1)//.html", "https://evil.example/x.html", "/etc/x.html", "../../x.html",
                "a/../../x.html", "x.html?q=1", "x.html#top", "x\".html", "x.htm"):
        with pytest.raises(OptionError, match="not the relative address of a report file"):
            prepare_map(fixture_graph, View.PARTNERSHIPS, reports={f"{ID}p1": bad})


def test_reports_need_a_small_graph(tmp_path: Path) -> None:
    from partnerkg.diagnose.offline import write_reports

    said: list[str] = []
    kg: KnowledgeGraph = partnerkg.open()
    assert write_reports(kg.graph, tmp_path / "d", limit=23, step=said.append) == {}
    assert not (tmp_path / "d").exists()
    assert said == ["24 partnerships, more than 23: no diagnosis reports written ('partnerkg serve' answers "
                    "/diagnose for each; --diagnose-url links the maps to it)"]
