"""Resolvable IRIs: ``GET /ontology`` and ``GET /id/…`` with content negotiation — HTML for browsers (the
ontology's reference, an instance's facts with their quotes and sources), Turtle, JSON-LD, N-Triples and RDF/XML
for RDF clients — with a configurable base IRI; and both pages in a real headless Chromium, offline: nothing
is requested from another origin, nothing hostile runs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from partnerkg.errors import OptionError
from partnerkg.namespaces import PK
from partnerkg.ontology import load_ontology
from partnerkg.ontology.reference import reference_csp
from partnerkg.server.app import Settings, start_server

from .conftest import IMG, SCRIPT, call

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TP = URIRef("https://w3id.org/partnerkg/id/organisation/turning-point")
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def quotes_of(graph: Graph, subject: URIRef) -> list[str]:
    return sorted(str(graph.value(d, PK.quote)) for d in graph.objects(subject, PROV.qualifiedDerivation)
                  if graph.value(d, PK.quote) is not None)


@pytest.mark.parametrize(("accept", "media", "rdflib_format"), [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_the_ontology_for_rdf_clients(server, accept: str, media: str, rdflib_format: str) -> None:
    answer = call(server.url, "GET", "/ontology", headers={"Accept": accept})
    assert answer.status == 200 and answer.type == media
    assert answer.headers["Vary"] == "Accept"
    got = Graph().parse(data=answer.body, format=rdflib_format)
    assert len(got) == len(load_ontology())
    assert (PK.Organisation, RDFS.label, Literal("Organisation", lang="en")) in got


def test_the_ontology_for_browsers_is_its_reference_page(server) -> None:
    answer = call(server.url, "GET", "/ontology", headers={"Accept": BROWSER_ACCEPT})
    assert answer.status == 200 and answer.type == "text/html"
    assert answer.headers["Content-Security-Policy"] == reference_csp()
    text = answer.text
    for anchor in ("Organisation", "hasPartner", "StatutorySector", "CharityCommissionNumber", "org:Membership",
                   "org:identifier"):
        assert f'id="{anchor}"' in text, anchor
    # examples come from the served graph and link to this server's pages
    assert 'href="/id/organisation/' in text
    assert "<img" not in text and "<script" not in text
    assert call(server.url, "GET", "/ontology?format=ttl").type == "text/turtle"
    refused = call(server.url, "GET", "/ontology", headers={"Accept": "image/png"})
    assert refused.status == 406 and "text/turtle" in refused.text


@pytest.mark.parametrize(("accept", "media", "rdflib_format"), [
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
])
def test_an_instance_for_rdf_clients(server, served_graph: Dataset, accept: str, media: str,
                                     rdflib_format: str) -> None:
    answer = call(server.url, "GET", "/id/organisation/turning-point", headers={"Accept": accept})
    assert answer.status == 200 and answer.type == media
    assert answer.headers["Link"] == f"<{TP}>; rel=\"canonical\""
    got = Graph().parse(data=answer.body, format=rdflib_format)
    def facts(g: Graph) -> set:
        return {(p, o) for p, o in g.predicate_objects(TP) if not isinstance(o, BNode)}

    assert facts(got) == facts(served_graph)
    assert len(list(got.objects(TP, PROV.qualifiedDerivation))) == len(
        list(served_graph.objects(TP, PROV.qualifiedDerivation)))
    assert quotes_of(got, TP) == quotes_of(served_graph, TP) and quotes_of(got, TP)
    incoming = set(served_graph.subject_predicates(TP))
    assert set(got.subject_predicates(TP)) == incoming
    assert got.value(PK.Charity, RDFS.label) == Literal("Charity", lang="en")  # the labels of what it names


def test_an_instance_for_browsers_shows_its_facts_quotes_and_sources(server, served_graph: Dataset) -> None:
    answer = call(server.url, "GET", "/id/organisation/turning-point", headers={"Accept": BROWSER_ACCEPT})
    assert answer.status == 200 and answer.type == "text/html"
    assert answer.headers["Content-Security-Policy"] == reference_csp()
    text = answer.text
    assert "<h1>Turning Point</h1>" in text
    for quote in quotes_of(served_graph, TP):
        assert f'<blockquote class="quote">{quote}</blockquote>' in text.replace("&#39;", "'").replace(
            "&quot;", '"').replace("&amp;", "&")
    source = served_graph.value(next(served_graph.objects(TP, PROV.qualifiedDerivation)), PROV.entity)
    assert f'href="/id/{str(source).split("/id/", 1)[1]}"' in text
    assert 'href="/ontology#Charity"' in text and 'href="/ontology#sector"' in text
    assert 'href="/id/organisation/turning-point?format=ttl"' in text


def test_unknown_and_malformed_instances(server) -> None:
    html = call(server.url, "GET", "/id/organisation/no-such-thing", headers={"Accept": "text/html"})
    assert html.status == 404 and html.type == "text/html"
    assert "nothing is known about &lt;https://w3id.org/partnerkg/id/organisation/no-such-thing&gt;" in html.text
    turtle = call(server.url, "GET", "/id/organisation/no-such-thing", headers={"Accept": "text/turtle"})
    assert turtle.status == 404 and turtle.type == "text/plain"
    for path in ("/id/a%3Cb%3E", "/id/a%22%7D%20UNION", "/id/"):
        answer = call(server.url, "GET", path, headers={"Accept": "text/turtle"})
        assert answer.status == 404, path


def test_hostile_labels_are_text_on_instance_pages(server) -> None:
    answer = call(server.url, "GET", "/id/organisation/hostile-one", headers={"Accept": "text/html"})
    assert answer.status == 200
    assert "<img src=x" not in answer.text
    assert "<h1>Hostile &lt;img src=x onerror=window.__pwned=1&gt;</h1>" in answer.text
    two = call(server.url, "GET", "/id/organisation/hostile-two", headers={"Accept": "text/html"}).text
    assert "</script><script>" not in two and "&lt;/script&gt;&lt;script&gt;" in two


def test_the_base_iri_is_configurable(tmp_path: Path) -> None:
    with pytest.raises(OptionError, match="base_iri=ftp://x/: must be an absolute http"):
        Settings(base_iri="ftp://x/")
    with pytest.raises(OptionError, match="ending with '/'"):
        Settings(base_iri="https://kg.example.org/kg")
    g = Graph().parse(data="""
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <https://kg.example.org/id/thing/1> a <https://w3id.org/partnerkg/ontology#Organisation> ;
            rdfs:label "Thing one"@en .""", format="turtle")
    with start_server(g, Settings(base_iri="https://kg.example.org/", workers=1)) as other:
        ours = call(other.url, "GET", "/id/thing/1", headers={"Accept": "application/n-triples"})
        assert ours.status == 200
        assert ('<https://kg.example.org/id/thing/1> <http://www.w3.org/2000/01/rdf-schema#label> "Thing one"@en .'
                in ours.text)
        assert call(other.url, "GET", "/id/organisation/turning-point").status == 404


# ---- in a browser -----------------------------------------------------------------------------------------


@pytest.fixture
def tab(browser) -> Iterator[object]:
    context = browser.new_context()
    page = context.new_page()
    page.problems = []
    page.requests = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    yield page
    context.close()


def test_the_ontology_page_in_a_browser(tab, server) -> None:
    tab.goto(server.url + "ontology#hasPartner")
    assert tab.evaluate("document.querySelector(':target').id") == "hasPartner"
    assert tab.locator("#hasPartner h3").inner_text().startswith("has partner")
    assert tab.locator("#hasPartner").is_visible()
    tab.click("#Organisation a[href='#UnnamedOrganisation']")
    assert tab.evaluate("location.hash") == "#UnnamedOrganisation"
    assert tab.evaluate("document.querySelector(':target').id") == "UnnamedOrganisation"
    assert tab.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")  # the style applies
    assert tab.requests == [server.url + "ontology"]  # the page only: its style is inline
    assert tab.problems == []


def test_an_instance_page_in_a_browser(tab, server, served_graph: Dataset) -> None:
    tab.goto(server.url + "id/organisation/turning-point")
    assert tab.inner_text("h1") == "Turning Point"
    shown = tab.locator("blockquote.quote").all_inner_texts()
    expected = sorted(" ".join(q.split()) for q in quotes_of(served_graph, TP))
    assert sorted(" ".join(q.split()) for q in shown) == expected
    tab.click("header >> text=Charity")
    tab.wait_for_url(re.compile(r"/ontology#Charity$"))
    assert tab.evaluate("document.querySelector(':target').id") == "Charity"
    assert all(url.startswith(server.url) for url in tab.requests)
    assert tab.problems == []


def test_hostile_labels_stay_text_in_a_browser(tab, server) -> None:
    tab.goto(server.url + "id/organisation/hostile-one")
    assert tab.inner_text("h1") == f"Hostile {IMG}"
    tab.goto(server.url + "id/organisation/hostile-two")
    assert tab.inner_text("h1") == f"Hostile {SCRIPT}"
    assert tab.evaluate("window.__pwned") is None
    assert tab.locator("img").count() == 0
    assert all(url.startswith(server.url) for url in tab.requests)
    assert tab.problems == []


def test_every_rdf_answer_is_valid_json_ld(server) -> None:
    answer = call(server.url, "GET", "/id/organisation/turning-point", headers={"Accept": "application/ld+json"})
    document = json.loads(answer.body)
    assert "@context" in document
    assert any(node.get("@id") in (str(TP), "id:organisation/turning-point") for node in document["@graph"])
    assert (TP, RDF.type, PK.Charity) in Graph().parse(data=answer.body, format="json-ld")
