"""Result formats read back by rdflib's independent result parsers equal the table they were written from."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.query import Result

from partnerkg.errors import QueryError
from partnerkg.queries import QueryResult, format_result, list_queries, run, run_text
from partnerkg.queries.formats import to_csv, to_table, to_tsv

HARD_TEXT = 'He said "partners, all"\nthen left\tearly\r\\ café 😀 <b>&amp;</b> ]]>'
CRAFTED = QueryResult("SELECT", ("iri", "text", "typed", "blank", "maybe"), [
    (URIRef("https://w3id.org/partnerkg/id/organisation/x?a=1&b=2"), Literal(HARD_TEXT, lang="en-GB"),
     Literal("2004", datatype=XSD.gYear), BNode("d0abc"), None),
    (URIRef("urn:x:y"), Literal("plain"), Literal("x", datatype=XSD.string), BNode("weird-label_1"),
     Literal("  spaced  ")),
    (None, Literal(""), Literal(True), BNode("d0abc"), Literal("1.50", datatype=XSD.decimal)),
])
SELECTS = [q.name for q in list_queries() if parseQuery(q.text)[1].name == "SelectQuery"]


def _read(data: bytes, fmt: str) -> Result:
    return Result.parse(io.BytesIO(data), format=fmt)


def _same_terms(result: QueryResult, back: Result) -> None:
    """Rows equal term by term (type, datatype, language); blank nodes equal up to a consistent renaming."""
    assert [str(v) for v in back.vars] == list(result.vars)
    got = [tuple(row) for row in back]
    assert len(got) == len(result.rows)
    names: dict[BNode, BNode] = {}
    for want_row, got_row in zip(result.rows, got, strict=True):
        for want, have in zip(want_row, got_row, strict=True):
            if isinstance(want, BNode):
                assert isinstance(have, BNode) and names.setdefault(want, have) == have
            else:
                assert have == want and type(have) is type(want)
                if isinstance(want, Literal):
                    assert (have.datatype, have.language) == (want.datatype, want.language)
    assert len(set(names.values())) == len(names)


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv"])
def test_exact_formats_read_back_to_the_same_terms(fmt: str) -> None:
    _same_terms(CRAFTED, _read(format_result(CRAFTED, fmt), fmt))


def _csv_text(term: object) -> str:
    """What CSV holds for a term: the IRI, the lexical form, ``_:label``; empty when unbound."""
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _raw(term: object) -> str:
    """The field text rdflib's CSV parser read (it keeps ``_:`` in blank-node labels)."""
    return "" if term is None else str(term)


def test_csv_reads_back_to_the_same_lexical_values() -> None:
    back = _read(to_csv(CRAFTED), "csv")
    assert [str(v) for v in back.vars] == list(CRAFTED.vars)
    got = [[_raw(t) for t in row] for row in back]
    want = [[_csv_text(t) for t in row] for row in CRAFTED.rows]
    # blank-node labels that are not valid everywhere are renamed consistently
    assert [row[:3] + row[4:] for row in got] == [row[:3] + row[4:] for row in want]
    assert got[0][3] == got[2][3] == "_:d0abc" and got[1][3].startswith("_:")


@pytest.mark.parametrize("name", SELECTS)
def test_every_library_select_round_trips(name: str, fixture_graph: Graph, expected: dict) -> None:
    result = run(name, fixture_graph, **expected[name][0].params)
    for fmt in ("json", "xml", "tsv"):
        _same_terms(result, _read(format_result(result, fmt), fmt))
    back = _read(format_result(result, "csv"), "csv")
    assert [[_raw(t) for t in row] for row in back] == [[_csv_text(t) for t in row] for row in result.rows]


def test_json_and_xml_follow_the_specifications() -> None:
    doc = json.loads(format_result(CRAFTED, "json"))
    assert doc["head"] == {"vars": list(CRAFTED.vars)}
    first = doc["results"]["bindings"][0]
    assert first["text"] == {"type": "literal", "value": HARD_TEXT, "xml:lang": "en-GB"}
    assert first["typed"] == {"type": "literal", "value": "2004", "datatype": str(XSD.gYear)}
    assert first["blank"]["type"] == "bnode" and "maybe" not in first
    root = ET.fromstring(format_result(CRAFTED, "xml"))
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == list(CRAFTED.vars)
    literal = root.find("r:results/r:result/r:binding[@name='text']/r:literal", ns)
    assert literal is not None and literal.text == HARD_TEXT
    assert literal.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"


def test_csv_and_tsv_lines_and_escapes() -> None:
    csv_text = to_csv(CRAFTED).decode("utf-8")
    assert csv_text.startswith("iri,text,typed,blank,maybe\r\n") and csv_text.endswith("\r\n")
    assert '"He said ""partners, all""\nthen' in csv_text
    tsv_text = to_tsv(CRAFTED).decode("utf-8")
    assert tsv_text.splitlines()[0] == "?iri\t?text\t?typed\t?blank\t?maybe"
    assert '"He said \\"partners, all\\"\\nthen left\\tearly\\r\\\\ café' in tsv_text
    assert len(tsv_text.split("\n")) == 5  # header, three rows, final newline


def test_ask_results() -> None:
    for answer in (True, False):
        result = QueryResult("ASK", askAnswer=answer)
        assert _read(format_result(result, "json"), "json").askAnswer is answer
        assert _read(format_result(result, "xml"), "xml").askAnswer is answer
        assert format_result(result, "table") == (b"true\n" if answer else b"false\n")
        for fmt in ("csv", "tsv", "turtle"):
            with pytest.raises(QueryError):
                format_result(result, fmt)


def test_graph_results_are_rdf(fixture_graph: Graph) -> None:
    result = run("describe-entity", fixture_graph, entity="Example Study")
    assert result.graph is not None
    formats = (("turtle", "turtle"), ("ntriples", "nt"), ("json", "json-ld"), ("xml", "xml"), (None, "turtle"))
    for fmt, parser in formats:
        back = Graph().parse(data=format_result(result, fmt), format=parser)
        assert isomorphic(back, result.graph), fmt
    for fmt in ("csv", "tsv"):
        with pytest.raises(QueryError, match="is RDF"):
            format_result(result, fmt)
    table = format_result(result, "table").decode()
    assert "pk:reportedStageCount" in table and table.endswith(f"({len(result.graph)} triples)\n")


def test_select_results_refuse_rdf_formats(fixture_graph: Graph) -> None:
    with pytest.raises(QueryError, match="table of solutions"):
        format_result(run("life-cycle", fixture_graph), "turtle")


def test_the_table_is_plain_safe_text() -> None:
    rows = [(Literal("[bold]x[/bold] :smile: \x1b[31mred"),), (URIRef(str(XSD.gYear)),)]
    result = QueryResult("SELECT", ("x",), rows)
    table = to_table(result)
    assert "[bold]x[/bold] :smile: \\x1b[31mred" in table and "\x1b" not in table
    assert "xsd:gYear" in table and table.endswith("(2 rows)\n")
    assert to_table(result, width=20).count("\n") > table.count("\n") - 1


def test_xml_refuses_what_xml_cannot_carry() -> None:
    with pytest.raises(QueryError, match="U\\+0001"):
        format_result(QueryResult("SELECT", ("x",), [(Literal("a\x01b"),)]), "xml")
    assert json.loads(format_result(QueryResult("SELECT", ("x",), [(Literal("a\x01b"),)]), "json"))


def test_shipped_results_round_trip(shipped: Graph) -> None:
    result = run_text("SELECT ?s ?d ?q WHERE { ?s prov:qualifiedDerivation ?d . ?d pk:quote ?q } ORDER BY ?q ?s",
                      shipped)
    assert any(isinstance(row[1], BNode) for row in result.rows)
    for fmt in ("json", "xml", "tsv"):
        _same_terms(result, _read(format_result(result, fmt), fmt))
