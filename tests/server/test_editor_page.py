"""The query page's editor in a real browser (Debian's headless Chromium, the page's CSP in force): SPARQL
highlighting, errors marked where the server places them as you type, completion of the ontology's and the
data's terms and of prefixes, formatting, a shareable address, a local history, and a 100,000-row result
shown a page at a time; no request leaves the server's origin and the CSP is never violated."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator
from importlib import resources

import pytest
from playwright.sync_api import expect
from rdflib import Graph
from rdflib.plugins.sparql.parser import parseQuery

from partnerkg.queries import list_queries, search
from partnerkg.server.app import RunningServer, Settings, start_server
from partnerkg.server.checking import check_text

from .browsing import VIEW, editor_text, open_page, set_editor
from .conftest import IMG, SCRIPT, call

PK = "PREFIX pk: <https://w3id.org/partnerkg/ontology#>\n"


@pytest.fixture
def page(browser, server):
    tab = open_page(browser, server.url)
    yield tab
    tab.context.close()


def csp_violations(page) -> list[str]:
    return [p for p in page.problems if "Content Security Policy" in p or p.startswith("CSP violation")]


def page_errors(page) -> list[str]:
    """Problems other than the browser's note on an HTTP error status (a refused query is one)."""
    return [p for p in page.problems if not p.startswith("Failed to load resource: the server responded")]


def place_cursor(page, line: int, column: int | None = None) -> None:
    """Put the cursor at a 1-based line and column (default: the line's end) and focus the editor."""
    page.evaluate(f"([l, c]) => {{ const v = {VIEW}; const line = v.state.doc.line(l); "
                  "v.dispatch({ selection: { anchor: c === null ? line.to : line.from + c - 1 } }); v.focus(); }",
                  [line, column])


def marked_line(page) -> tuple[int, str]:
    """The line number and text of the (first) error mark."""
    number, text = page.evaluate(f"() => {{ const v = {VIEW}; const mark = document.querySelector("
                                 "'.cm-lintRange-error'); return [v.state.doc.lineAt(v.posAtDOM(mark)).number, "
                                 "mark.textContent]; }")
    return number, text


def expected_check(text: str) -> str:
    verdict = check_text(text)
    where = f"line {verdict.line}, column {verdict.column}: " if verdict.column else f"line {verdict.line}: "
    return f"✗ {where}{verdict.message}"


def test_sparql_is_highlighted(page):
    set_editor(page, PK + 'SELECT ?s (COUNT(*) AS ?n) WHERE { ?s a pk:Partnership ; pk:year 2001 . '
                     'FILTER(?s != "x"@en) } # note\nLIMIT 5')
    tokens = page.evaluate("[...document.querySelectorAll('.cm-content [class^=tok-]')]"
                           ".map((e) => e.className + ' ' + e.textContent)")
    assert tokens == ["tok-keyword PREFIX", "tok-namespace <https://w3id.org/partnerkg/ontology#>",
                      "tok-keyword SELECT", "tok-variableName ?s", "tok-keyword COUNT", "tok-keyword AS",
                      "tok-variableName ?n", "tok-keyword WHERE", "tok-variableName ?s", "tok-number 2001",
                      "tok-keyword FILTER", "tok-variableName ?s", 'tok-string "x"', "tok-comment # note",
                      "tok-keyword LIMIT", "tok-number 5"]
    colours = page.evaluate("['.tok-keyword', '.tok-variableName', '.tok-string', '.tok-comment']"
                            ".map((s) => getComputedStyle(document.querySelector('.cm-content ' + s)).color)")
    assert len(set(colours)) == 4
    assert csp_violations(page) == []


def test_an_error_typed_is_marked_at_its_line_and_column(page):
    valid = PK + "SELECT ?s WHERE {\n  ?s a pk:Partnership ;\n     pk:year ?y .\n}"
    set_editor(page, valid)
    expect(page.locator("#check")).to_have_text("✓ a SELECT query the endpoint accepts")
    place_cursor(page, 4, 16)  # after "pk:year ?y"
    page.keyboard.type(" ?z")
    broken = editor_text(page)
    assert broken == PK + "SELECT ?s WHERE {\n  ?s a pk:Partnership ;\n     pk:year ?y ?z .\n}"
    expect(page.locator("#check")).to_have_text(expected_check(broken))
    assert page.text_content("#check") == "✗ line 4, column 17: SPARQL syntax error: Expected SelectQuery, found '?'"
    assert marked_line(page) == (4, "?z")
    assert page.locator(".cm-lint-marker-error").count() == 1
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    expect(page.locator("#check")).to_have_text("✓ a SELECT query the endpoint accepts")
    assert page.locator(".cm-lintRange-error").count() == 0
    assert page_errors(page) == []


def test_refusals_are_marked_at_their_keyword(page):
    text = "SELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o }\n}"
    set_editor(page, text)
    expect(page.locator("#check")).to_have_text(expected_check(text))
    assert marked_line(page) == (3, "SERVICE")
    set_editor(page, "# a comment\nDELETE WHERE { ?s ?p ?o }")
    expect(page.locator("#check")).to_have_text("✗ line 2, column 1: DELETE WHERE is refused: queries are read-only "
                                                "(SPARQL updates are not run)")
    assert marked_line(page) == (2, "DELETE")
    assert page_errors(page) == []


def option_labels(page) -> list[str]:
    """The completion popup's options, once it can be answered (CodeMirror ignores Enter for 75 ms after it
    opens, so that a key meant for the text is not taken for a choice)."""
    page.wait_for_selector(".cm-tooltip-autocomplete li[aria-selected]")
    page.wait_for_timeout(150)
    return page.locator(".cm-tooltip-autocomplete li .cm-completionLabel").all_text_contents()


def test_completion_offers_the_ontologys_classes(page, server):
    vocabulary = json.loads(call(server.url, "GET", "/vocabulary").body)
    partnership = next(t for t in vocabulary["terms"] if t["curie"] == "pk:Partnership")
    set_editor(page, PK + "SELECT ?s WHERE {\n  ?s a \n}")
    place_cursor(page, 3)
    page.keyboard.type("pk:Partners")
    labels = option_labels(page)
    assert "pk:Partnership" in labels
    page.locator(".cm-tooltip-autocomplete li", has=page.locator(".cm-completionLabel",
                                                                    has_text=re.compile(r"^pk:Partnership$"))).click()
    assert editor_text(page) == PK + "SELECT ?s WHERE {\n  ?s a pk:Partnership\n}"
    assert partnership["label"] == "Partnership"
    assert partnership["description"].startswith("Two or more parties working together")
    expect(page.locator("#check")).to_have_text("✓ a SELECT query the endpoint accepts")
    assert page.problems == []


def test_completion_shows_what_the_ontology_says(page, server):
    vocabulary = json.loads(call(server.url, "GET", "/vocabulary").body)
    set_editor(page, PK + "SELECT ?s WHERE {\n  ?s \n}")
    place_cursor(page, 3)
    page.keyboard.type("pk:hasPartn")
    assert option_labels(page) == ["pk:hasPartner"]
    has_partner = next(t for t in vocabulary["terms"] if t["curie"] == "pk:hasPartner")
    info = page.locator(".cm-completionInfo")
    expect(info.locator("strong")).to_have_text(has_partner["label"])
    expect(info.locator("p").first).to_have_text(has_partner["description"])
    expect(info.locator("code")).to_have_text("https://w3id.org/partnerkg/ontology#hasPartner")
    page.keyboard.press("Enter")
    assert editor_text(page) == PK + "SELECT ?s WHERE {\n  ?s pk:hasPartner\n}"


def test_completion_of_prefixes_data_terms_and_variables(page):
    set_editor(page, "")
    place_cursor(page, 1)
    page.keyboard.type("PREFIX sko")
    assert option_labels(page) == ["skos:"]
    page.keyboard.press("Enter")
    assert editor_text(page) == "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"
    set_editor(page, "SELECT ?label WHERE { ?thing  }")
    place_cursor(page, 1, 30)
    page.keyboard.type("rdfs:lab")
    assert option_labels(page) == ["rdfs:label"]  # used in the data, declared by no partnerkg ontology term
    page.keyboard.press("Enter")
    page.keyboard.type(" ?la")
    assert option_labels(page) == ["?label"]
    page.keyboard.press("Enter")
    assert editor_text(page) == "SELECT ?label WHERE { ?thing rdfs:label ?label }"


def test_format_reindents_and_keeps_the_meaning(page):
    set_editor(page, "prefix pk: <https://w3id.org/partnerkg/ontology#> select ?s where { ?s a pk:Partnership ; "
                     "pk:year ?y . optional { ?s pk:name ?n } filter(?y > 2000) } order by ?y limit 5")
    page.click("#format")
    formatted = ("PREFIX pk: <https://w3id.org/partnerkg/ontology#>\n"
                 "SELECT ?s WHERE {\n"
                 "  ?s a pk:Partnership ;\n"
                 "      pk:year ?y .\n"
                 "  OPTIONAL { ?s pk:name ?n }\n"
                 "  FILTER(?y > 2000)\n"
                 "}\n"
                 "ORDER BY ?y\n"
                 "LIMIT 5\n")
    assert editor_text(page) == formatted
    page.keyboard.press("Shift+Alt+F")  # the key does what the button does; formatted text stays as it is
    assert editor_text(page) == formatted


def test_format_keeps_every_library_query_the_same_query(page):
    for query in list_queries():
        set_editor(page, query.text)
        page.click("#format")
        once = editor_text(page)
        page.click("#format")
        assert editor_text(page) == once, query.name
        assert str(parseQuery(once)) == str(parseQuery(query.text)), query.name
        assert once.startswith(query.text.split("\n", 1)[0] + "\n"), query.name  # the header is kept
    assert page.problems == []


def test_the_address_holds_the_query_and_restores_it(browser, page, server):
    text = PK + "SELECT ?model ?rank WHERE { ?model pk:formalityRank ?rank } ORDER BY ?rank"
    set_editor(page, text)
    page.click("#run")
    expect(page.locator("#page-info")).to_have_text("rows 1–4 of 4")
    url = page.url
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(url).fragment) == {"query": [text]}
    other = open_page(browser, url)  # another context: nothing shared but the address
    try:
        assert editor_text(other) == text
        expect(other.locator("#page-info")).to_have_text("rows 1–4 of 4")
        assert other.locator("#results tbody td:first-child").all_text_contents() == \
            page.locator("#results tbody td:first-child").all_text_contents()
        assert other.problems == []
    finally:
        other.context.close()


def test_the_address_holds_a_library_query_and_its_parameters(browser, page, server):
    page.click("button.query[data-name='search']")
    page.wait_for_selector("#results:not([hidden]) tbody tr")
    page.fill("#param-text", "hostile")
    page.click("#run-library")
    expect(page.locator("#results tbody tr")).to_have_count(2)
    fragment = urllib.parse.urlsplit(page.url).fragment
    assert urllib.parse.parse_qs(fragment)["library"] == ["search"]
    assert urllib.parse.parse_qs(fragment)["text"] == ["hostile"]
    other = open_page(browser, page.url)
    try:
        assert other.input_value("#param-text") == "hostile"
        expect(other.locator("#results tbody tr")).to_have_count(2)
        assert other.text_content("#query-title") == page.text_content("#query-title")
        assert editor_text(other) == next(q.text for q in list_queries() if q.name == "search")
    finally:
        other.context.close()
    set_editor(page, "ASK { ?s ?p ?o }")  # edited: the link now holds the text, not the library query
    page.click("#share")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).fragment) == {"query": ["ASK { ?s ?p ?o }"]}


def test_history_is_kept_in_this_browser(page):
    first = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"
    second = "# Title: Is there anything?\nASK { ?s ?p ?o }"
    for text in (first, second):
        set_editor(page, text)
        page.click("#run")
        expect(page.locator("#status")).to_have_text(re.compile(r"ms$"))
    titles = page.locator("#history-list button.history .title").all_text_contents()
    assert titles == ["Is there anything?", first]
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator("#history-list button.history .title").all_text_contents() == titles
    page.click("#history-list button.history[data-index='1']")
    assert editor_text(page) == first
    stored = json.loads(page.evaluate("localStorage.getItem('partnerkg.history.v1')"))
    assert [(e["kind"], e["text"]) for e in stored] == [("sparql", second), ("sparql", first)]
    page.click("#history-clear")
    assert page.locator("#history-list li").count() == 0
    assert page.evaluate("localStorage.getItem('partnerkg.history.v1')") is None


def test_no_request_leaves_the_origin(browser, server):
    """Everything the page does, with every request the browser makes intercepted and recorded: all go to the
    server's own origin (anything else would be aborted and fail the test)."""
    context = browser.new_context()
    seen: list[str] = []
    elsewhere: list[str] = []

    def route(r):
        seen.append(r.request.url)
        if r.request.url.startswith(server.url):
            r.continue_()
        else:
            elsewhere.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(m.text) if m.type in ("error", "warning") else None)
    tab.goto(server.url)
    tab.wait_for_selector("body[data-ready=true]")
    set_editor(tab, PK + "SELECT ?s WHERE { ?s a pk:Partnership } LIMIT 3")
    place_cursor(tab, 2, 25)
    # the check is sent once typing pauses: wait for it rather than racing it on a busy machine
    with tab.expect_request(lambda r: urllib.parse.urlsplit(r.url).path == "/sparql/check"):
        tab.keyboard.type(" ; pk:")
    tab.wait_for_selector(".cm-tooltip-autocomplete li")
    tab.keyboard.press("Escape")
    set_editor(tab, PK + "SELECT ?s WHERE { ?s a pk:Partnership } LIMIT 3")
    tab.click("#format")
    tab.click("#run")
    expect(tab.locator("#status")).to_have_text(re.compile(r"ms$"))
    tab.click("#results button.iri")
    tab.wait_for_selector("#results:not([hidden]) tbody tr")
    context.close()
    assert elsewhere == []
    paths = {urllib.parse.urlsplit(url).path for url in seen}
    assert {"/", "/assets/editor.js", "/assets/app.js", "/assets/app.css", "/vocabulary", "/queries",
            "/sparql/check", "/sparql", "/queries/describe-entity"} <= paths


def test_find_shows_the_ranked_full_text_search(page, server, served_graph):
    """The find box asks the server's GET /search (issue 19, section 3) and shows its hits in its order."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/search" in request.url else None)
    page.fill("#find-text", "hostile")
    page.press("#find-text", "Enter")
    hits = search(served_graph, "hostile", limit=200)
    assert sorted(hit.iri for hit in hits) == ["https://w3id.org/partnerkg/id/organisation/hostile-one",
                                               "https://w3id.org/partnerkg/id/organisation/hostile-two"]
    assert sorted(hit.label for hit in hits) == sorted([f"Hostile {IMG}", f"Hostile {SCRIPT}"])
    expect(page.locator("#results tbody tr")).to_have_count(2)
    assert asked == [server.url + "search?text=hostile&limit=200"]
    assert page.locator("#results thead th").all_text_contents() == ["entity", "label", "kind", "score", "field",
                                                                     "match"]
    assert page.locator("#results tbody td .lexical").all_text_contents() == [
        value for hit in hits for value in (hit.label, hit.kind, str(round(hit.score, 6)), hit.field, hit.text)]
    assert page.locator("#results tbody button.iri").all_text_contents() == [
        "id:" + hit.iri.removeprefix("https://w3id.org/partnerkg/id/") for hit in hits]
    assert re.fullmatch(r"2 matches in \d+ ms", page.text_content("#status"))
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).fragment) == {"find": ["hostile"]}
    assert page.locator("#results img").count() == 0
    assert page.evaluate("window.__pwned === undefined")


def test_find_is_accent_and_case_blind_and_takes_a_prefix(page):
    page.fill("#find-text", "TÚRNING poi")
    page.press("#find-text", "Enter")
    expect(page.locator("#results tbody tr").first).to_be_visible()
    first = page.locator("#results tbody tr").first.locator("td .lexical").all_text_contents()
    assert first[:1] == ["Turning Point"]
    assert first[3:] == ["label", "«Turning» «Point»"]
    assert page.locator("#results tbody tr").first.locator("button.iri").text_content() == \
        "id:organisation/turning-point"


def test_a_find_with_no_word_names_the_field(page):
    page.fill("#find-text", "!!!")
    page.press("#find-text", "Enter")
    expect(page.locator("#error")).to_be_visible()
    assert page.text_content("#error").startswith("400 ")
    assert "text" in page.text_content("#error")
    assert page.text_content("#status").startswith("failed after ")


# ---- a large result -------------------------------------------------------------------------------------

ROWS = 100_000
BIG_QUERY = ("SELECT ?a ?b ?c WHERE { VALUES ?a { " + " ".join(map(str, range(100))) + " } VALUES ?b { "
             + " ".join(map(str, range(100))) + " } VALUES ?c { " + " ".join(f'"c{i}"' for i in range(10)) + " } }")


@pytest.fixture(scope="module")
def big_server() -> Iterator[RunningServer]:
    """A server that answers 100,000 rows (an empty graph: the rows come from VALUES)."""
    running = start_server(Graph(), Settings(timeout=120, max_results=ROWS, workers=1, max_memory=2048))
    try:
        yield running
    finally:
        running.stop()


@pytest.mark.slow
def test_a_100000_row_result_is_shown_a_page_at_a_time(browser, big_server):
    tab = open_page(browser, big_server.url)
    try:
        set_editor(tab, BIG_QUERY)
        tab.click("#run")
        expect(tab.locator("#page-info")).to_have_text("rows 1–100 of 100,000", timeout=120_000)
        assert re.fullmatch(r"100,000 rows in \d+ ms", tab.text_content("#status"))
        assert tab.locator("#results tbody tr").count() == 100  # one page in the DOM, not 100,000 rows
        tab.click("#page-next")
        expect(tab.locator("#page-info")).to_have_text("rows 101–200 of 100,000")
        tab.click("#page-last")
        expect(tab.locator("#page-info")).to_have_text("rows 99,901–100,000 of 100,000")
        tab.select_option("#page-size", "1000")
        expect(tab.locator("#page-info")).to_have_text("rows 1–1,000 of 100,000")
        assert tab.locator("#results tbody tr").count() == 1000
        tab.click("#results th:nth-child(1) button.sort")
        tab.click("#results th:nth-child(1) button.sort")
        assert tab.get_attribute("#results th:nth-child(1)", "aria-sort") == "descending"
        firsts = tab.locator("#results tbody tr td:first-child .lexical").all_text_contents()
        assert firsts == ["99"] * 1000  # numbers sort as numbers: 99 before 9
        tab.click("#results th:nth-child(2) button.sort")
        assert tab.locator("#results tbody tr:first-child td .lexical").all_text_contents()[:2] == ["0", "0"]
        tab.fill("#table-filter", "c7")
        expect(tab.locator("#page-info")).to_have_text("rows 1–1,000 of 10,000 (filtered from 100,000)")
        assert set(tab.locator("#results tbody tr td:nth-child(3) .lexical").all_text_contents()) == {"c7"}
        tab.fill("#table-filter", "")
        expect(tab.locator("#page-info")).to_have_text("rows 1–1,000 of 100,000")
        assert tab.problems == []
    finally:
        tab.context.close()


def test_the_editor_component_is_served_as_shipped(server):
    shipped = resources.files("partnerkg.server.page.vendor").joinpath("editor.js").read_bytes()
    assert call(server.url, "GET", "/assets/editor.js").body == shipped
    licences = resources.files("partnerkg.server.page.vendor").joinpath("LICENSES.txt").read_bytes()
    assert call(server.url, "GET", "/assets/editor-licenses.txt").body == licences
