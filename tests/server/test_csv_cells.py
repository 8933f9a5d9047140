"""Formula injection: names that a spreadsheet program would run as formulas (``=…``, ``+…``, ``-…``, ``@…``,
and a leading tab that import strips into ``=…``) are stored exactly, and come out of every CSV writer —
the endpoint's ``text/csv``, ``partnerkg query --format csv`` and ``analyse --format csv`` — with a leading
apostrophe (OWASP), which :func:`partnerkg.interop.cells.restore` removes again."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDFS

from partnerkg.interop.cells import neutralise, restore
from partnerkg.interop.export import write_rdf
from partnerkg.iri import mint_iri
from partnerkg.queries.formats import format_result
from partnerkg.queries.runner import run_query
from partnerkg.server.app import Settings, start_server
from partnerkg.spreadsheets.importer import import_spreadsheets
from partnerkg.store.graphs import open_graph
from partnerkg.visualise.analytics import NodeMeasures
from partnerkg.visualise.report import to_csv

from .conftest import get_query

#: Cells as typed into the spreadsheet, and the names import stores (only outer whitespace is removed).
TYPED = ["=1+1", "\t=2+2", "+SUM(A1:A9)", "-3+cmd|' /C calc'!A0", "@SUM(1+1)", "'=quoted already", "-5",
         "Smith; Jones", "Plain Name"]
STORED = [t.strip() for t in TYPED]
QUERY = ("PREFIX pk: <https://w3id.org/partnerkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
         "SELECT ?name WHERE { ?o a pk:Organisation ; rdfs:label ?name } ORDER BY ?name")
#: The CSV the endpoint and `query --format csv` write: an apostrophe before each formula-like name.
EXPECTED_CSV = ("name\r\n"
                "''=quoted already\r\n"
                "'+SUM(A1:A9)\r\n"
                "'-3+cmd|' /C calc'!A0\r\n"
                "-5\r\n"
                "'=1+1\r\n"
                "'=2+2\r\n"
                "'@SUM(1+1)\r\n"
                "Plain Name\r\n"
                '"Smith; Jones"\r\n')


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("formulas")
    sheet = folder / "organisations.csv"
    out = io.StringIO()
    csv.writer(out).writerows([["name", "sector"], *[[t, "private"] for t in TYPED]])
    sheet.write_text(out.getvalue(), encoding="utf-8", newline="")
    result = import_spreadsheets([sheet], reference=None)
    ttl = folder / "formulas.ttl"
    write_rdf(result.graph, ttl)
    return ttl


def test_import_stores_the_names_exactly(imported: Path) -> None:
    graph = open_graph([imported], shipped=False)
    for name in STORED:
        assert list(graph.objects(mint_iri("organisation", name), RDFS.label)) == [Literal(name, lang="en")]


def test_the_endpoints_csv_neutralises_formulas_and_json_keeps_the_values(imported: Path) -> None:
    with start_server(open_graph([imported], shipped=False), Settings(workers=1)) as server:
        as_csv = get_query(server.url, QUERY, "text/csv")
        as_json = get_query(server.url, QUERY, "application/sparql-results+json")
    assert as_csv.status == 200 and as_csv.type == "text/csv"
    assert as_csv.text == EXPECTED_CSV
    values = [b["name"]["value"] for b in json.loads(as_json.body)["results"]["bindings"]]
    assert sorted(values) == sorted(STORED)  # the stored values, exactly
    # read back: restore() gives exactly the stored values (decisions.md: the same lexical values)
    rows = list(csv.reader(io.StringIO(as_csv.text, newline="")))
    assert [restore(r[0]) for r in rows[1:]] == values


def test_query_format_csv_writes_the_same(imported: Path) -> None:
    result = run_query(QUERY, None, open_graph([imported], shipped=False), origin="query")
    assert format_result(result, "csv").decode("utf-8") == EXPECTED_CSV


def test_analyse_csv_neutralises_labels() -> None:
    rows = [NodeMeasures("id:a", "=HYPERLINK(\"https://evil.example\")", "organisation", "statutory", 1, 0.0, 0, 0, 0),
            NodeMeasures("id:b", "-1", "organisation", "", 0, 0.0, 0, 0, 0)]
    lines = to_csv(rows).splitlines()
    assert lines[1] == 'id:a,"\'=HYPERLINK(""https://evil.example"")",organisation,statutory,1,0.0,0,0,0'
    assert lines[2] == "id:b,-1,organisation,,0,0.0,0,0,0"


@pytest.mark.parametrize(("value", "cell"), [
    ("=1+1", "'=1+1"), ("+1", "+1"), ("+1+1", "'+1+1"), ("-", "'-"), ("@", "'@"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("'=1", "''=1"), ("''+2", "''+2"), ("''+x", "'''+x"), ("'", "'"), ("'a", "'a"),
    ("-1.5e3", "-1.5e3"), ("'-5", "'-5"), ("", ""), ("a=b", "a=b"), (" =1", " =1"),
])
def test_neutralise_and_restore(value: str, cell: str) -> None:
    assert neutralise(value) == cell
    assert restore(cell) == value


def test_template_lists_are_text_cells(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import openpyxl

    from partnerkg.spreadsheets.blanks import template_vocabularies, template_xlsx
    from partnerkg.spreadsheets.values import Vocabulary

    vocabularies = dict(template_vocabularies())
    vocabularies["organisation"] = Vocabulary("organisation", {mint_iri("organisation", "x"): "=1+1"})
    path = tmp_path / "t.xlsx"
    path.write_bytes(template_xlsx(vocabularies))
    lists = openpyxl.load_workbook(path)["lists"]
    cells = [c for row in lists.iter_rows() for c in row if c.value == "=1+1"]
    assert [(c.value, c.data_type) for c in cells] == [("=1+1", "s")]
