"""The HTML reference of the ontology (``partnerkg docs``): every class, property, identifier scheme and
individual of ``partnerkg.ttl`` with an anchor, its definition and relations, examples from the graph; one
self-contained page, read offline from ``file://`` in a real headless Chromium with nothing requested but the
page itself, hostile labels in the examples shown as text."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from partnerkg.cli import cli
from partnerkg.namespaces import PK
from partnerkg.ontology import load_ontology
from partnerkg.ontology.reference import reference_csp, reference_html

IMG = "<img src=x onerror=window.__pwned=1>"
HOSTILE = f"""
@prefix pk: <https://w3id.org/partnerkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/partnerkg/id/organisation/a-hostile> a pk:Charity ; rdfs:label "{IMG}"@en ;
    pk:sector pk:VoluntaryCommunitySector .
"""


def test_every_term_of_the_ontology_has_an_entry() -> None:
    onto = load_ontology()
    html = reference_html()
    declared = {s for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                            RDFS.Datatype) for s in onto.subjects(RDF.type, t) if isinstance(s, URIRef)}
    individuals = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(str(PK))}
    anchors = set(re.findall(r'<article class="term" id="([^"]+)">', html))
    for iri in declared | individuals:
        local = str(iri)[len(str(PK)):] if str(iri).startswith(str(PK)) else onto.namespace_manager.normalizeUri(iri)
        assert local in anchors, iri
    assert len(anchors) == len(declared | individuals)
    assert 'id="namespaces"' in html and "https://w3id.org/partnerkg/ontology#" in html


def test_an_entry_has_its_definition_relations_and_examples(shipped) -> None:
    html = reference_html(shipped)
    entry = html[html.index('id="hasPartner"'):]
    entry = entry[:entry.index("</article>")]
    assert "A party to the partnership. Every partnership has at least two." in entry
    assert '<th>domain</th><td><ul class="values"><li><a href="#Partnership"' in entry
    assert '<th>range</th><td><ul class="values"><li><a href="#Organisation"' in entry
    assert '<a href="#partnerIn" title="pk:partnerIn">partner in</a>' in entry
    assert "implied by the chain" in entry and "inverse of organization then member" in entry
    assert "Examples from the graph:" in entry and entry.count("<li><a href=\"https://w3id.org/partnerkg/id/") == 3
    sector = html[html.index('id="StatutoryOrganisation"'):]
    assert "Organisation and sector value statutory sector" in sector[:sector.index("</article>")]
    scheme = html[html.index('id="CharityCommissionNumber"'):]
    scheme = scheme[:scheme.index("</article>")]
    assert "^GB-CHC-[0-9]{6,7}$" in scheme and "GB-CHC-1090095" in scheme and "GB-CHC" in scheme
    individual = html[html.index('id="CoLocationModel"'):]
    individual = individual[:individual.index("</article>")]
    assert '<a href="#PartnershipModel"' in individual and "<th>formality rank</th>" in individual


def test_examples_are_the_first_in_iri_order_whatever_order_the_store_yields() -> None:
    """Regression: examples were the first three of the first 200 the store yielded, so two builds with
    different hash seeds wrote different docs/index.html."""
    data = Graph()
    charities = [URIRef(f"https://w3id.org/partnerkg/id/organisation/charity-{i:03d}") for i in range(300)]
    for iri in reversed(charities):  # the store yields the last IRIs first
        data.add((iri, RDF.type, PK.Charity))
        data.add((iri, RDFS.label, Literal(f"Charity {iri[-3:]}", lang="en")))
        data.add((iri, PK.sector, PK.VoluntaryCommunitySector))
    html = reference_html(data)
    for anchor in ("Charity", "sector"):
        entry = html[html.index(f'id="{anchor}"'):]
        entry = entry[:entry.index("</article>")]
        shown = re.findall(r'href="https://w3id.org/partnerkg/id/organisation/(charity-\d+)"', entry)
        assert shown == ["charity-000", "charity-001", "charity-002"], anchor


@pytest.fixture(scope="module")
def docs_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("data") / "hostile.ttl"
    data.write_text(HOSTILE)
    out = tmp_path_factory.mktemp("docs") / "reference"
    result = CliRunner().invoke(cli, ["docs", "-o", str(out), "--data", str(data), "--no-shipped"])
    assert result.exit_code == 0, result.output
    return out


def test_docs_writes_a_self_contained_page(docs_folder: Path) -> None:
    assert sorted(p.name for p in docs_folder.iterdir()) == [".partnerkg-docs", "index.html", "ontology.ttl"]
    html = (docs_folder / "index.html").read_text()
    csp = escape(reference_csp(meta=True)).replace("&#x27;", "&#39;")  # as Jinja escapes quotes
    assert f'<meta http-equiv="Content-Security-Policy" content="{csp}">' in html
    assert "<script" not in html and "<img" not in html and "<link" not in html
    assert not re.search(r'(src|href)="(?!#|https?://)', html)  # only anchors and links to IRIs
    assert "&lt;img src=x onerror=window.__pwned=1&gt;" in html


def test_docs_keeps_other_files_and_refuses_other_folders(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep")
    (tmp_path / "drafts").mkdir()
    result = CliRunner().invoke(cli, ["docs", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "not part of an earlier partnerkg docs (drafts)" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drafts", "mine.txt"]
    (tmp_path / "drafts").rmdir()
    result = CliRunner().invoke(cli, ["docs", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "mine.txt").read_text() == "keep" and (tmp_path / "index.html").is_file()


def test_the_page_works_offline_in_a_browser(browser, docs_folder: Path) -> None:
    context = browser.new_context(offline=True)  # no network at all: a request elsewhere would fail
    page = context.new_page()
    requests: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    url = (docs_folder / "index.html").as_uri()
    page.goto(url + "#Organisation")
    assert page.evaluate("document.querySelector(':target').id") == "Organisation"
    assert page.locator("#Organisation h3").inner_text().startswith("Organisation")
    page.click("#Organisation a[href='#partnerIn']")
    assert page.evaluate("location.hash") == "#partnerIn"
    assert page.locator("#Charity .examples li").all_inner_texts() == [IMG]  # the hostile label, as text
    assert page.evaluate("window.__pwned") is None and page.locator("img").count() == 0
    assert page.evaluate("getComputedStyle(document.querySelector('.term')).borderTopStyle") == "solid"
    assert requests == [url]
    assert problems == []
    context.close()
