"""The HTML page as text: self-contained, strictly confined by its CSP, escaped, deterministic."""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from rdflib import Graph

from partnerkg.errors import OptionError
from partnerkg.visualise.html import IndexEntry, csp_hash, render_index
from partnerkg.visualise.maps import prepare_map, render, write_all_maps
from partnerkg.visualise.projections import View

from .conftest import FIXTURE_TTL, HOSTILE_LABELS, IMG, JS_URL, SCRIPT, SVG

INLINE = re.compile(r"<(script|style)([^>]*)>(.*?)</\1>", re.S)


def markup(page: str) -> str:
    """The page without the bodies of its script and style elements (vis-network, our code, the data)."""
    return INLINE.sub(r"<\1\2></\1>", page)


def page_for(graph: Graph, view: View | str = View.ORGANISATIONS) -> str:
    return render(prepare_map(graph, view)).decode("utf-8")


def data_of(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', page, re.S)
    assert match is not None
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def page(fixture_graph: Graph) -> str:
    return page_for(fixture_graph)


VENDORED = {  # as visualise/vendor/vis-network/README.md records them
    "vis-network.min.js": "6e30a2350474cdf92a0932c6d55b8adcb91929066817ed3eec7b87907a4612f3",
    "vis-network.min.css": "2e82d445ad5878ea881652470ce632601f8f55f1b99e6ebecdff8614600e6d0e",
    "LICENSE-APACHE-2.0": "1509904280a272780fd69c04b858f512cf216f8e3464a0dd98d8f34416feced9",
    "LICENSE-MIT": "1f65085e54c036645082257618db2c7b787e68c3b02485e214ecd09e0834ee8f",
}


def test_the_vendored_vis_network_is_the_recorded_one() -> None:
    vis = resources.files("partnerkg.visualise").joinpath("vendor", "vis-network")
    readme = vis.joinpath("README.md").read_text(encoding="utf-8")
    for name, sha in VENDORED.items():
        assert hashlib.sha256(vis.joinpath(name).read_bytes()).hexdigest() == sha, name
        assert f"| `{name}` |" in readme and f"`{sha}`" in readme
    assert "@version 9.1.2" in vis.joinpath("vis-network.min.js").read_text(encoding="utf-8")[:400]


def test_vis_network_is_inlined_from_the_vendored_copy_and_nothing_is_fetched(page: str) -> None:
    vis = resources.files("partnerkg.visualise").joinpath("vendor", "vis-network")
    assert vis.joinpath("vis-network.min.js").read_text(encoding="utf-8") in page
    assert vis.joinpath("vis-network.min.css").read_text(encoding="utf-8") in page
    tags = re.findall(r"<(?:script|link|img|iframe|object|embed|source)\b[^>]*>", page)
    assert not [t for t in tags if re.search(r"\b(src|href)=", t)]
    assert not re.search(r"https?://", markup(page))
    assert "bootstrap" not in page.lower()


def test_csp_allows_exactly_the_inline_scripts_and_styles(page: str) -> None:
    csp = html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))
    rules = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert rules["default-src"] == "'none'"
    executable = [(tag, body) for tag, attrs, body in INLINE.findall(page) if "application/json" not in attrs]
    scripts = [csp_hash(body) for tag, body in executable if tag == "script"]
    styles = [csp_hash(body) for tag, body in executable if tag == "style"]
    assert (len(scripts), len(styles)) == (2, 2)
    assert rules["script-src"].split() == scripts
    assert rules["style-src"].split() == styles
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "style=" not in markup(page)  # the CSP would block an inline style attribute


def test_node_ids_are_opaque(page: str) -> None:
    data = data_of(page)
    assert [n["id"] for n in data["nodes"]] == [f"n{i}" for i in range(len(data["nodes"]))]
    assert all(e["from"].startswith("n") and e["to"].startswith("n") for e in data["edges"])


def test_page_counts_and_texts_match_the_view(page: str, fixture_graph: Graph) -> None:
    data = data_of(page)
    assert (len(data["nodes"]), len(data["edges"])) == (8, 6)
    alpha = next(n for n in data["nodes"] if n["info"]["title"] == "Alpha Council")
    assert alpha["info"]["meta"] == "Local authority · Statutory"
    assert alpha["info"]["sources"] == ["Fixture source (999_fixture.txt)"]
    assert alpha["info"]["quotes"] == [["Alpha Council works with Beta Trust and Charity C",
                                        "Fixture source (999_fixture.txt)"]]
    assert alpha["colour"] == "#0072b2" and alpha["shape"] == "triangle"
    assert "Alpha Council" in page and "8 organisations" in page


def test_hostile_text_never_reaches_the_markup(hostile_graph: Graph) -> None:
    for view in View:
        page = page_for(hostile_graph, view)
        outside_data = markup(page)
        for payload in (IMG, SCRIPT, SVG, "<b>quoted</b>"):
            assert payload not in page, (view, payload)
        assert not re.search(r"<[^>]*\son\w+\s*=", outside_data)  # no element carries an event handler
        assert "<img" not in outside_data
        assert all(tag.startswith('<svg class="swatch') for tag in re.findall(r"<svg\b[^>]*>", outside_data))
        body = re.search(r'id="map-data">(.*?)</script>', page, re.S).group(1)
        assert "<" not in body and ">" not in body  # tojson escapes them as \\u003c and \\u003e
        data = json.loads(body)
        titles = {n["info"]["title"] for n in data["nodes"]}
        assert titles & set(HOSTILE_LABELS) or view is View.POLICIES or view is View.BARRIERS
    policy_page = page_for(hostile_graph, View.POLICIES)
    assert re.search(r"&lt;svg onload=alert\(1\)&gt; \(2\)</option>", policy_page)  # the policy and p: escaped


def test_a_javascript_website_is_data_not_a_link(hostile_graph: Graph) -> None:
    data = data_of(page_for(hostile_graph))
    h1 = next(n for n in data["nodes"] if n["info"]["title"] == IMG)
    assert h1["info"]["website"] == JS_URL
    assert "javascript:" not in page_for(hostile_graph).split('id="map-data"')[0]


def test_same_input_gives_the_same_bytes(fixture_graph: Graph) -> None:
    first = render(prepare_map(fixture_graph, View.BARRIERS))
    reread = Graph().parse(data=FIXTURE_TTL, format="turtle")  # fresh blank nodes, fresh parse order
    assert render(prepare_map(reread, View.BARRIERS)) == first


def test_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    script = (
        "import sys; from rdflib import Graph; from partnerkg.visualise.maps import write_all_maps; "
        "g = Graph().parse(sys.argv[1], format='turtle'); write_all_maps(g, sys.argv[2])"
    )
    data = tmp_path / "fixture.ttl"
    data.write_text(FIXTURE_TTL, encoding="utf-8")
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"maps-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(data), str(out)], check=True, env=env, cwd=tmp_path)
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outputs[0] == outputs[1]
    assert sorted(outputs[0]) == ["barriers.html", "index.html", "organisations.html", "partnerships.html",
                                  "policies.html"]


def test_write_all_maps_links_every_view_from_the_index(tmp_path: Path, fixture_graph: Graph) -> None:
    written = write_all_maps(fixture_graph, tmp_path / "maps")
    assert written == ["index.html", "organisations.html", "partnerships.html", "policies.html", "barriers.html"]
    index = (tmp_path / "maps" / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'href="([^"]+)"', index) == written[1:]
    assert "default-src &#39;none&#39;" in index
    assert not [p.name for p in (tmp_path / "maps").iterdir() if p.name not in written]  # no temporary left


def test_index_escapes_its_entries() -> None:
    page = render_index([IndexEntry("a.html", IMG, SCRIPT, "{{7*7}}")])
    assert IMG not in page and SCRIPT not in page and "{{7*7}}" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_small_maps_run_physics_briefly_and_big_ones_arrive_laid_out(fixture_graph: Graph) -> None:
    assert data_of(page_for(fixture_graph))["physics"] is True
    big = prepare_map(fixture_graph, View.ORGANISATIONS)
    big.physics = False
    assert data_of(render(big).decode("utf-8"))["physics"] is False


# ---------- the link to an endpoint's diagnosis of a partnership ----------

ENDPOINT = "http://127.0.0.1:8000/"


def test_the_diagnosis_base_reaches_the_data_and_marks_only_partnerships(fixture_graph: Graph) -> None:
    linked = render(prepare_map(fixture_graph, View.PARTNERSHIPS, diagnose_url=ENDPOINT)).decode("utf-8")
    data = data_of(linked)
    assert data["diagnose"] == ENDPOINT
    marked = {n["info"]["title"] for n in data["nodes"] if n["info"].get("diagnose")}
    assert marked == {"Partnership One", "Partnership Two", "Partnership Three", "Partnership Four"}
    assert all(n["info"]["iri"].startswith("https://w3id.org/partnerkg/id/p") for n in data["nodes"]
               if n["info"].get("diagnose"))
    plain = page_for(fixture_graph, View.PARTNERSHIPS)
    assert "diagnose" not in data_of(plain) and not any("diagnose" in n["info"] for n in data_of(plain)["nodes"])
    csp = re.compile(r'http-equiv="Content-Security-Policy" content="([^"]+)"')
    assert csp.search(linked).group(1) == csp.search(plain).group(1)  # no new source: a link, not a fetch
    assert not re.search(r"https?://", markup(linked))
    with_path = prepare_map(fixture_graph, View.PARTNERSHIPS, diagnose_url="https://kg.example.org/kg")
    assert with_path.diagnose_url == "https://kg.example.org/kg/"  # a base: new URL("diagnose", base) stays under it


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc", "data:text/html,x", "ftp://example.org/",
                                 "http://", "http://127.0.0.1:8000/?x=1", "http://127.0.0.1:8000/#x",
                                 "http://user:pw@127.0.0.1:8000/", "http://127.0.0.1:8000/ x"])
def test_a_diagnosis_base_that_is_not_http_is_refused_naming_the_option(fixture_graph: Graph, url: str) -> None:
    with pytest.raises(OptionError, match=r"^diagnose_url=.*not the http\(s\) address") as refused:
        prepare_map(fixture_graph, View.PARTNERSHIPS, diagnose_url=url)
    assert refused.value.option == "diagnose_url"
    assert repr(url) in str(refused.value)
