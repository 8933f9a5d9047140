"""The query page: served with a strict CSP, no inline script or handler, nothing from elsewhere; and in a
real browser (Debian's headless Chromium, the page's CSP in force): the library runs with one click, results
show as a table, downloads work, and hostile text from the graph, a query or an error message stays text.
The editor's own features (highlighting, errors in place, completion, format, address, history, large
results) are tested in test_editor_page.py."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect

from partnerkg.queries import list_queries
from partnerkg.server.app import PAGE_CSP

from .browsing import editor_text, open_page, set_editor
from .conftest import IMG, SCRIPT, call


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inline_scripts = 0
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        self.handlers += [name for name in names if name.startswith("on")]
        self.urls += [v for k, v in attrs if k in ("src", "href") and v]
        self._in_script = tag == "script"
        if tag == "script" and "src" not in names:
            self.inline_scripts += 1
        if tag == "style":
            self.inline_scripts += 1

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def test_the_page_has_no_inline_code_and_loads_only_its_own_files(server):
    page = call(server.url, "GET", "/")
    assert page.status == 200
    assert page.type == "text/html"
    markup = _Markup()
    markup.feed(page.text)
    assert markup.inline_scripts == 0
    assert markup.handlers == []
    assert sorted(markup.urls) == ["/assets/app.css", "/assets/app.js", "/assets/editor-licenses.txt",
                                   "/assets/editor.js", "/assets/format.js", "/assets/icon.svg", "/assets/table.js",
                                   "/diagnose"]
    assert ' style="' not in page.text
    for url, media in (("/assets/app.css", "text/css"), ("/assets/app.js", "text/javascript"),
                       ("/assets/editor.js", "text/javascript"), ("/assets/format.js", "text/javascript"),
                       ("/assets/table.js", "text/javascript"), ("/assets/icon.svg", "image/svg+xml"),
                       ("/assets/editor-licenses.txt", "text/plain")):
        answer = call(server.url, "GET", url)
        assert answer.status == 200
        assert answer.type == media
        assert "http://" not in answer.text.replace("http://www.w3.org", "").replace("http://purl.org", "") \
            .replace("http://xmlns.com", ""), url


@pytest.mark.parametrize("name", ["app.js", "format.js", "table.js", "editor.js"])
def test_the_scripts_never_write_markup_or_evaluate_text(server, name):
    script = call(server.url, "GET", f"/assets/{name}").text
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "setAttribute(\"on", "javascript:"):
        assert sink not in script, sink


def test_each_page_response_has_its_own_style_nonce(server):
    first, second = call(server.url, "GET", "/"), call(server.url, "GET", "/")
    nonces = []
    for answer in (first, second):
        nonce = re.search(r'<script src="/assets/app.js" nonce="([A-Za-z0-9_-]{24})" defer>', answer.text).group(1)
        assert answer.headers["Content-Security-Policy"] == PAGE_CSP.format(nonce=nonce)
        assert answer.headers["Cache-Control"] == "no-store"
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_assets_are_revalidated_by_etag(server):
    answer = call(server.url, "GET", "/assets/editor.js")
    tag = answer.headers["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', tag)
    again = call(server.url, "GET", "/assets/editor.js", headers={"If-None-Match": tag})
    assert again.status == 304
    assert again.body == b""


def test_unknown_assets_are_404(server):
    assert call(server.url, "GET", "/assets/../server.py").status == 404
    assert call(server.url, "GET", "/assets/index.html").status == 404


def test_the_library_listing(server):
    answer = call(server.url, "GET", "/queries")
    assert answer.type == "application/json"
    listing = json.loads(answer.body)
    assert [q["name"] for q in listing] == [q.name for q in list_queries()]
    ego = next(q for q in listing if q["name"] == "ego-network")
    assert ego["params"] == [{"name": "org", "type": "entity", "default": "Turning Point", "optional": False,
                              "description": "the organisation at the centre, by label or <IRI>"}]
    assert ego["text"].startswith("# Title: An organisation's ego network")


# ---- in a browser ---------------------------------------------------------------------------------------


@pytest.fixture
def page(browser, server):
    tab = open_page(browser, server.url)
    yield tab
    tab.context.close()


def run_editor(page, text: str) -> None:
    set_editor(page, text)
    page.click("#run")
    expect(page.locator("#status")).to_have_text(re.compile(r"ms$"))


def test_a_library_query_runs_with_one_click(page, server):
    assert page.locator("#library-list button.query").count() == len(list_queries())
    page.click("button.query[data-name='partnerships-by-model']")
    page.wait_for_selector("#results:not([hidden]) tbody tr")
    assert page.text_content("#query-title") == "Partnerships by model"
    assert page.locator("#results thead th").all_text_contents() == [
        "formalityRank", "model", "modelLabel", "partnership", "partnershipLabel"]
    assert re.fullmatch(r"\d+ rows? in \d+ ms", page.text_content("#status"))
    assert editor_text(page).startswith("# Title: Partnerships by model")
    assert page.locator("#download-buttons button").all_text_contents() == ["JSON", "XML", "CSV", "TSV"]
    assert all(url.startswith(server.url) for url in page.requests)
    assert page.problems == []


def test_parameters_change_the_answer(page):
    page.click("button.query[data-name='ego-network']")
    page.wait_for_selector("#results:not([hidden]) tbody tr")
    assert page.input_value("#param-org") == "Turning Point"
    assert "triple" in page.text_content("#status")
    page.fill("#param-org", "nobody of that name")
    page.click("#run-library")
    page.wait_for_selector("#error:not([hidden])")
    assert "no resource is labelled 'nobody of that name'" in page.text_content("#error")


def test_hostile_labels_stay_text(page):
    page.click("button.query[data-name='search']")
    page.wait_for_selector("#results:not([hidden]) tbody tr")
    page.fill("#param-text", "hostile")
    page.click("#run-library")
    expect(page.locator("#results tbody tr")).to_have_count(2)
    cells = page.locator("#results tbody td .lexical").all_text_contents()
    assert sorted(cells) == sorted([f"Hostile {IMG}", f"Hostile {SCRIPT}"])
    assert page.locator("#results img").count() == 0
    assert page.evaluate("window.__pwned === undefined")
    assert page.dialogs == []


def test_hostile_query_text_and_errors_stay_text(page, server):
    run_editor(page, f'SELECT ?x ?i WHERE {{ BIND("{IMG}"@en AS ?x) BIND(IRI("javascript:window.__pwned=1") AS ?i) }}')
    assert page.locator("#results tbody td .lexical").all_text_contents() == [IMG]
    page.click("#results button.iri")  # describes the IRI inside the page; never navigates to it
    page.wait_for_selector("#error:not([hidden]), #results:not([hidden])")
    set_editor(page, f"SELECT * WHERE {{ {SCRIPT} }}")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert SCRIPT in page.text_content("#error")
    assert "400" in page.text_content("#error")
    assert not page.is_visible("#downloads") and not page.is_visible("#results")
    assert page.locator("#error *").count() == 0
    assert page.evaluate("window.__pwned === undefined")
    assert page.dialogs == []
    assert page.evaluate("location.origin + location.pathname") == server.url  # never navigated elsewhere
    assert page.locator("#check *").count() == 0


def test_construct_results_and_downloads(page, tmp_path):
    run_editor(page, "PREFIX pk: <https://w3id.org/partnerkg/ontology#>\n"
                     "CONSTRUCT { ?m pk:formalityRank ?r } WHERE { ?m pk:formalityRank ?r }")
    assert page.text_content("#status").startswith("4 triples")
    assert page.locator("#results thead th").all_text_contents() == ["subject", "predicate", "object"]
    assert page.locator("#download-buttons button").all_text_contents() == ["Turtle", "N-Triples", "JSON-LD",
                                                                             "RDF/XML"]
    with page.expect_download() as info:
        page.click("#download-buttons button[data-ext='nt']")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "results.nt"
    lines = saved.read_text().splitlines()
    assert len(lines) == 4
    assert all(line.endswith(" .") and "formalityRank" in line for line in lines)
    assert page.problems == []


def test_ask_answers_show_as_a_boolean(page):
    run_editor(page, "ASK { ?s ?p ?o }")
    assert page.text_content("#answer") == "ASK: true"
    assert page.locator("#download-buttons button").all_text_contents() == ["JSON", "XML"]
