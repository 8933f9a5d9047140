"""Hostile values (issue 25, items 7-9): each gets a clear error or a correct answer, never invalid output or an
internal error, on every engine where it applies — in memory, over an on-disk store, and through the endpoint
(a real server over each of the two).

* a literal holding a control character XML cannot carry (U+0001): RDF/XML is refused with a message naming
  the triple and the formats that carry it, from ``export`` and from the endpoint; every other format writes it
  and reads back the same graph;
* ``CONSTRUCT`` of ``IRI("urn:a b>")``: the triple is not RDF and is left out of the graph, as the SPARQL spec
  says and Oxigraph does; lone surrogates (``"\\ud800"``) in a query or a data file are refused with file, line
  and column; deeply nested JSON-LD and a 5,000-digit JSON number are refused naming the file; ``nan`` and
  ``inf`` time limits are refused naming the setting; a syntax error at the end of an N-Triples file gives
  line and column in memory as over a store;
* ``CONSTRUCT WHERE { … }`` with ``LIMIT`` or ``ORDER BY`` answers as it does without them.
"""

from __future__ import annotations

import math
import xml.dom.minidom
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

from partnerkg.cli import cli
from partnerkg.errors import OptionError, QueryError
from partnerkg.queries import run_text
from partnerkg.queries.formats import format_result
from partnerkg.queries.limits import within
from partnerkg.server.app import RunningServer, Settings, start_server
from partnerkg.store.graphs import open_graph
from partnerkg.store.load import load
from tests.reliability.workbooks import MAIN, raw_workbook
from tests.server.conftest import post_query

CONTROL = "a\u0001b"
DATA = (
    '<urn:x:a> <urn:x:label> "a\\u0001b" .\n'
    "<urn:x:a> <urn:x:next> <urn:x:b> .\n"
    "<urn:x:b> <urn:x:next> <urn:x:c> .\n"
    "<urn:x:c> <urn:x:next> <urn:x:d> .\n"
)
CHAIN = [(URIRef("urn:x:a"), URIRef("urn:x:next"), URIRef("urn:x:b")),
         (URIRef("urn:x:b"), URIRef("urn:x:next"), URIRef("urn:x:c")),
         (URIRef("urn:x:c"), URIRef("urn:x:next"), URIRef("urn:x:d"))]
ENGINES = ("memory", "store")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-values")
    (folder / "data.nt").write_text(DATA, encoding="utf-8")
    load([folder / "data.nt"], folder / "store", shipped=False)
    return folder


@pytest.fixture(scope="module")
def graphs(files: Path) -> dict[str, Graph]:
    return {"memory": open_graph([files / "data.nt"], shipped=False), "store": open_graph(store=files / "store")}


@pytest.fixture(scope="module")
def servers(files: Path) -> Iterator[dict[str, RunningServer]]:
    settings = Settings(workers=1, timeout=20.0)
    with start_server(open_graph([files / "data.nt"], shipped=False), settings) as memory, \
            start_server(store=files / "store", settings=settings) as store:
        yield {"memory": memory, "store": store}


# ---- 7: a control character RDF/XML cannot carry ---------------------------------------------------------------

CONSTRUCT_CONTROL = "CONSTRUCT { ?s <urn:x:label> ?l } WHERE { ?s <urn:x:label> ?l }"
XML_REFUSAL = ("RDF/XML cannot carry U+0001 (XML 1.0 forbids it even as a character reference), which the triple "
               "<urn:x:a> <urn:x:label> 'a\\x01b' holds: write Turtle, N-Triples or JSON-LD instead, or remove the "
               "character")


@pytest.mark.parametrize("engine", ENGINES)
def test_rdfxml_export_refuses_a_control_character(engine: str, files: Path, tmp_path: Path) -> None:
    source = ["--store", str(files / "store")] if engine == "store" else ["--data", str(files / "data.nt"),
                                                                            "--no-shipped"]
    out = tmp_path / "out.rdf"
    result = CliRunner().invoke(cli, ["export", *source, "--format", "rdfxml", "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert result.output == f"error: {XML_REFUSAL}\n"
    assert not out.exists()
    for fmt, rdflib_format in (("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")):
        written = tmp_path / f"out.{fmt}"
        result = CliRunner().invoke(cli, ["export", *source, "--format", fmt, "--output", str(written)])
        assert result.exit_code == 0, result.output
        back = Graph().parse(written, format=rdflib_format)
        assert Literal(CONTROL) in set(back.objects(URIRef("urn:x:a"), URIRef("urn:x:label")))


@pytest.mark.parametrize("engine", ENGINES)
def test_construct_in_rdfxml_refuses_a_control_character(engine: str, graphs: dict[str, Graph],
                                                         servers: dict[str, RunningServer]) -> None:
    result = run_text(CONSTRUCT_CONTROL, graphs[engine])
    with pytest.raises(QueryError) as info:
        format_result(result, "xml")
    assert str(info.value) == XML_REFUSAL
    answer = post_query(servers[engine].url, CONSTRUCT_CONTROL, "application/rdf+xml")
    assert (answer.status, answer.text) == (406, XML_REFUSAL + "\n")
    turtle = post_query(servers[engine].url, CONSTRUCT_CONTROL, "text/turtle")
    assert turtle.status == 200
    assert set(Graph().parse(data=turtle.body, format="turtle")) == {
        (URIRef("urn:x:a"), URIRef("urn:x:label"), Literal(CONTROL))}


def test_rdfxml_that_is_written_always_parses(graphs: dict[str, Graph]) -> None:
    """Control: without the control character the same writer gives XML that parses."""
    result = run_text("CONSTRUCT WHERE { ?s <urn:x:next> ?o }", graphs["memory"])
    xml.dom.minidom.parseString(format_result(result, "xml"))
    assert set(Graph().parse(data=format_result(result, "xml"), format="xml")) == set(CHAIN)


@pytest.mark.parametrize("predicate", ["http://example.org/", "urn:x:1"])
def test_rdfxml_names_a_predicate_it_cannot_write(predicate: str, graphs: dict[str, Graph],
                                                  servers: dict[str, RunningServer]) -> None:
    query = f"CONSTRUCT {{ <urn:x:a> <{predicate}> 1 }} WHERE {{}}"
    expected = (f"RDF/XML cannot write the predicate <{predicate}>: an RDF/XML property must end in an XML name "
                "(a letter or underscore, then letters, digits, '-', '.' or '_') — write Turtle, N-Triples or "
                "JSON-LD instead")
    with pytest.raises(QueryError) as info:
        format_result(run_text(query, graphs["memory"]), "xml")
    assert str(info.value) == expected
    answer = post_query(servers["store"].url, query, "application/rdf+xml")
    assert (answer.status, answer.text) == (406, expected + "\n")


# ---- 8: invalid IRIs, lone surrogates, hostile JSON, time limits, end-of-file errors ---------------------------

BAD_IRI = ('CONSTRUCT { ?bad <urn:x:p> 1 . <urn:x:good> <urn:x:p> 2 } WHERE { BIND(IRI("urn:a b>") AS ?bad) }')
GOOD_ONLY = {(URIRef("urn:x:good"), URIRef("urn:x:p"), Literal(2))}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_constructed_invalid_iri_is_left_out(engine: str, graphs: dict[str, Graph],
                                               servers: dict[str, RunningServer]) -> None:
    result = run_text(BAD_IRI, graphs[engine])
    assert set(result.graph) == GOOD_ONLY
    for media, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                       ("application/rdf+xml", "xml")):
        answer = post_query(servers[engine].url, BAD_IRI, media)
        assert answer.status == 200, answer.text
        assert set(Graph().parse(data=answer.body, format=fmt)) == GOOD_ONLY


def test_a_literal_in_subject_position_is_left_out(graphs: dict[str, Graph]) -> None:
    query = "CONSTRUCT { ?l <urn:x:p> ?s . ?s <urn:x:p> ?l } WHERE { ?s <urn:x:label> ?l }"
    for engine in ENGINES:
        assert set(run_text(query, graphs[engine]).graph) == {
            (URIRef("urn:x:a"), URIRef("urn:x:p"), Literal(CONTROL))}


SURROGATE_QUERIES = {
    "escape": 'SELECT ?x WHERE { BIND("\\ud800" AS ?x) }',
    "eight-digit escape": 'SELECT ?x WHERE { BIND("\\U0000DFFF" AS ?x) }',
    "escaped pair": 'SELECT ?x WHERE { BIND("\\uD83D\\uDE00" AS ?x) }',
}


@pytest.mark.parametrize("name", list(SURROGATE_QUERIES))
@pytest.mark.parametrize("engine", ENGINES)
def test_a_surrogate_escape_in_a_query_is_refused(name: str, engine: str, graphs: dict[str, Graph],
                                                  servers: dict[str, RunningServer]) -> None:
    text = SURROGATE_QUERIES[name]
    escape = text[text.index("\\"):text.index("\\") + (10 if text[text.index("\\") + 1] == "U" else 6)]
    expected = (f"query:1:25: the escape {escape} names a surrogate (U+{int(escape[2:], 16):04X}), not a character, "
                "and no result format can carry it; write the character itself (a character beyond U+FFFF is one "
                "\\U escape of eight digits, such as \\U0001F600, not a pair of \\u escapes)")
    with pytest.raises(QueryError) as info:
        run_text(text, graphs[engine])
    assert str(info.value) == expected
    for accept in ("application/sparql-results+json", "text/csv", "text/tab-separated-values"):
        answer = post_query(servers[engine].url, text, accept)
        assert (answer.status, answer.text) == (400, expected + "\n")


def test_a_surrogate_from_python_is_refused_by_every_writer(graphs: dict[str, Graph]) -> None:
    result = run_text("SELECT ?x WHERE {}", graphs["memory"], x=Literal("a\ud800"))
    for fmt in ("json", "csv", "tsv", "xml", "table"):
        with pytest.raises(QueryError, match=r"^the result holds a lone surrogate \(U\+D800\), which is not a "
                                             r"character and which no result format can carry$"):
            format_result(result, fmt)
    graph = run_text("CONSTRUCT { <urn:x:a> <urn:x:p> ?x } WHERE {}", graphs["memory"], x=Literal("a\ud800"))
    for fmt in ("turtle", "ntriples", "json", "xml"):  # Turtle wrote "?" in its place
        with pytest.raises(QueryError, match=r"holds a lone surrogate \(U\+D800\)"):
            format_result(graph, fmt)
    with pytest.raises(QueryError, match=r"^query:1:15: the text holds a lone surrogate \(U\+D800\)"):
        run_text('ASK { ?s ?p "a\ud800" }', graphs["memory"])


HOSTILE_FILES = {
    "surrogate.nt": ('<urn:x:a> <urn:x:p> "a\\uD800b" .\n',
                     "{path}:1:23: N-Triples syntax error: The escape sequence '\\uD800' is encoding D800 that is not "
                     "a valid unicode character — write the character itself"),
    "surrogate.ttl": ('<urn:x:a> <urn:x:p> "\\U0000DC00" .\n',
                      "{path}:1:22: Turtle syntax error: The escape sequence '\\U0000DC00' is encoding DC00"),
    "surrogate.jsonld": ('{"@id": "urn:x:a", "urn:x:p": "a\\ud800b"}\n',
                         "{path}:1:33: JSON-LD syntax error: the escape \\ud800 is a lone surrogate, not a character"),
    "deep.jsonld": ("[" * 100_000 + "]" * 100_000, "{path}: JSON-LD nested too deeply for the parser — flatten"),
    "number.jsonld": ('{"@id": "urn:x:a",\n "urn:x:p": ' + "9" * 5000 + "}\n",
                      "{path}:2:13: a JSON-LD number of 5000 digits is too long to read (the limit is 4300 digits) — "
                      "write it as a string with a datatype"),
    "unterminated.nt": ('<urn:x:a> <urn:x:p> "a" .\n<urn:x:a> <urn:x:p> "abc\n',
                        "{path}:2:21: N-Triples syntax error: Unexpected end of file — correct the file there"),
    "unterminated-long.nt": ('<urn:x:a> <urn:x:p> """abc\n\n',
                             "{path}:1:23: N-Triples syntax error: Unexpected end of file — correct the file there"),
    "unterminated.nq": ('<urn:x:a> <urn:x:p> """abc\n\n',
                        "{path}:1:23: N-Quads syntax error: Unexpected end of file — correct the file there"),
}
LOAD_WORDING = {  # `load` streams N-Triples through Oxigraph, which words a syntax error its own way
    "surrogate.nt": "{path}:1:23: syntax error: The escape sequence '\\uD800' is encoding D800",
    "surrogate.ttl": "{path}:1:22: syntax error: The escape sequence '\\U0000DC00' is encoding DC00",
    "unterminated.nt": "{path}:2:21: syntax error: Unexpected end of file — correct the file there and load again",
    "unterminated-long.nt": "{path}:1:23: syntax error: Unexpected end of file — correct the file there",
    "unterminated.nq": "{path}:1:23: syntax error: Unexpected end of file — correct the file there",
}


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
@pytest.mark.parametrize("command", ["export", "load"])
def test_a_hostile_data_file_is_refused_naming_the_file(name: str, command: str, tmp_path: Path) -> None:
    text, message = HOSTILE_FILES[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if command == "export":
        args = ["export", "--data", str(path), "--no-shipped", "--output", str(tmp_path / "out.nt"),
                "--format", "ntriples"]
    else:
        args = ["load", str(path), "--store", str(tmp_path / "store"), "--no-shipped", "--quiet"]
        message = LOAD_WORDING.get(name, message)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert result.output.startswith("error: " + message.format(path=path)), result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_valid_surrogate_pair_in_json_ld_is_one_character(tmp_path: Path) -> None:
    path = tmp_path / "emoji.jsonld"
    path.write_text('{"@id": "urn:x:a", "urn:x:p": "a\\ud83d\\ude00b"}\n', encoding="utf-8")
    read = open_graph([path], shipped=False)
    assert set(read.triples((None, None, None))) == {(URIRef("urn:x:a"), URIRef("urn:x:p"), Literal("a😀b"))}


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_a_time_limit_must_be_a_finite_number(value: float) -> None:
    with pytest.raises(OptionError) as info:
        Settings(timeout=value)
    assert (info.value.option, str(info.value)) == ("timeout", f"timeout={value}: must be a positive number of seconds")
    with pytest.raises(OptionError) as info:
        Settings(queue_timeout=value)
    assert info.value.option == "queue_timeout"
    with pytest.raises(OptionError) as info:
        within(value, lambda: 1)
    assert (info.value.option, str(info.value)) == (
        "timeout", f"timeout={value}: the time limit must be a finite number of seconds (0 for none)")


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_serve_names_the_time_limit_it_refuses(value: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "--port", "0", "--timeout", value])
    assert result.exit_code == 2, result.output
    assert "--timeout" in result.output and "--cors-origin" not in result.output


@pytest.mark.parametrize("value", ["nan", "inf"])
def test_query_refuses_a_time_limit_that_is_not_finite(value: str, tmp_path: Path) -> None:
    (tmp_path / "ask.rq").write_text("ASK {}\n")
    result = CliRunner().invoke(cli, ["query", str(tmp_path / "ask.rq"), "--timeout", value])
    assert result.exit_code == 2, result.output
    assert f"--timeout {value}: the time limit must be a finite number of seconds (0 for none)" in result.output
    assert "Traceback" not in result.output


# ---- 9: CONSTRUCT WHERE with solution modifiers ----------------------------------------------------------------

CONSTRUCT_WHERE = {
    "LIMIT 2 after ORDER BY": ("CONSTRUCT WHERE { ?s <urn:x:next> ?o } ORDER BY ?s LIMIT 2", CHAIN[:2]),
    "ORDER BY DESC": ("CONSTRUCT WHERE { ?s <urn:x:next> ?o } ORDER BY DESC(?o)", CHAIN),
    "OFFSET": ("CONSTRUCT WHERE { ?s <urn:x:next> ?o } ORDER BY ?s OFFSET 1", CHAIN[1:]),
    "LIMIT 0": ("CONSTRUCT WHERE { ?s <urn:x:next> ?o } LIMIT 0", []),
    "LIMIT over the size": ("CONSTRUCT WHERE { ?s <urn:x:next> ?o } LIMIT 10", CHAIN),
}


@pytest.mark.parametrize("name", list(CONSTRUCT_WHERE))
@pytest.mark.parametrize("engine", ENGINES)
def test_construct_where_with_solution_modifiers(name: str, engine: str, graphs: dict[str, Graph],
                                                 servers: dict[str, RunningServer]) -> None:
    text, triples = CONSTRUCT_WHERE[name]
    assert set(run_text(text, graphs[engine]).graph) == set(triples)
    answer = post_query(servers[engine].url, text, "application/n-triples")
    assert answer.status == 200, answer.text
    assert set(Graph().parse(data=answer.body, format="nt")) == set(triples)


def test_construct_where_limit_2_keeps_two_of_the_solutions(graphs: dict[str, Graph]) -> None:
    for engine in ENGINES:
        got = set(run_text("CONSTRUCT WHERE { ?s <urn:x:next> ?o } LIMIT 2", graphs[engine]).graph)
        assert len(got) == 2 and got <= set(CHAIN)


# ---- 8: an XLSX cell reference beyond the last column (the reader of item 5 refuses it; this pins it) -----------


def _workbook_with_cell(path: Path, ref: str) -> None:
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{MAIN}"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>sector</t></is></c></row>'
             f'<row r="2"><c r="{ref}" t="inlineStr"><is><t>Foo Trust</t></is></c>'
             '<c r="B2" t="inlineStr"><is><t>private</t></is></c></row></sheetData></worksheet>')
    raw_workbook(path, sheet)


def test_an_xlsx_cell_beyond_the_last_column_is_a_clear_error(tmp_path: Path) -> None:
    book = tmp_path / "wide.xlsx"
    _workbook_with_cell(book, "ZZZZZZ2")
    result = CliRunner().invoke(cli, ["import", str(book), "--no-shipped", "--output", str(tmp_path / "out.ttl")])
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: {book}[organisations]: damaged cell 'ZZZZZZ2' ("), result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["wide.xlsx"]
