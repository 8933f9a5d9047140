"""Rich display in notebooks: results as paged tables, analyses as DataFrames and tables, maps as isolated
iframes; every value escaped."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

import partnerkg
from partnerkg.display import SANDBOX, Cell, paged_table

HOSTILE = "<img src=x onerror=alert(1)></td></table><script>alert(2)</script>"
DATA = f"""\
@prefix pk: <https://w3id.org/partnerkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:x:a> a pk:Charity ; rdfs:label "{HOSTILE}"@en ; pk:sector pk:VoluntaryCommunitySector .
<urn:x:b> a pk:LocalAuthority ; rdfs:label "Beta &amp; \\"Council\\""@en .
<urn:x:p> a pk:Partnership ; rdfs:label "P" ; pk:hasPartner <urn:x:a>, <urn:x:b> .
"""


class _Collect(HTMLParser):
    """Every start tag and its attributes, and all text, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(markup: str) -> _Collect:
    p = _Collect()
    p.feed(markup)
    p.close()
    return p


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> partnerkg.KnowledgeGraph:
    path = tmp_path_factory.mktemp("display") / "hostile.ttl"
    path.write_text(DATA, encoding="utf-8")
    return partnerkg.open([path], shipped=False)


def test_a_result_is_a_table_of_escaped_text(kg: partnerkg.KnowledgeGraph) -> None:
    r = kg.query_text("SELECT ?o ?label ?none WHERE { ?o rdfs:label ?label OPTIONAL { ?o <urn:x:none> ?none } } "
                      "ORDER BY ?o")
    markup = r._repr_html_()
    p = parsed(markup)
    assert [t for t, _a in p.tags] == ["div", "style", "p", "table", "thead", "tr", "th", "th", "th", "th", "tbody",
                                       *["tr", "td", "td", "td", "td"] * 3]
    assert "<script>" not in markup and "<img" not in markup
    cells = [d for d in p.text if d.strip()]
    assert f"{HOSTILE} @en" in cells and 'Beta &amp; "Council" @en' in cells
    assert "SELECT · 3 rows × 3 columns" in cells
    assert ("td", {"title": "urn:x:a"}) not in p.tags  # no prefix applies: shown as <urn:x:a>, no tooltip
    assert markup == r.to_html()  # the same result, the same HTML (ids come from the content)


def test_tables_page_without_javascript() -> None:
    rows = [(Cell(str(i)),) for i in range(60)]
    markup = paged_table(("n",), rows, caption="60 rows", page_rows=25)
    p = parsed(markup)
    radios = [a for t, a in p.tags if t == "input"]
    assert [a["id"].rsplit("-", 1)[1] for a in radios] == ["p1", "p2", "p3"] and "checked" in radios[0]
    assert [a.get("class") for t, a in p.tags if t == "tbody"] == ["pk-page pk-p1", "pk-page pk-p2", "pk-page pk-p3"]
    assert "<script" not in markup
    ident = re.search(r'id="(pk-[0-9a-f]{12})"', markup).group(1)
    assert f"#{ident}-p3:checked~table .pk-p3{{display:table-row-group}}" in markup
    assert markup.count("<tr>") == 61  # header and every row: 25, 25 and 10
    capped = parsed(paged_table(("n",), rows, caption="60 rows", page_rows=25, max_rows=30))
    assert "60 rows — the first 30 shown" in capped.text


def test_ask_and_construct_results_show_too(kg: partnerkg.KnowledgeGraph) -> None:
    assert kg.query_text("ASK { ?s ?p ?o }")._repr_html_() == '<p class="pk-ask">ASK · <strong>true</strong></p>'
    built = kg.query_text("CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }")._repr_html_()
    assert "CONSTRUCT · 3 triples" in built and "<img" not in built


def test_an_analysis_is_a_dataframe_and_a_table(kg: partnerkg.KnowledgeGraph) -> None:
    a = kg.analyse()
    df = a.to_dataframe()
    assert {c: str(t) for c, t in df.dtypes.items()} == {
        "node": "string", "label": "string", "type": "string", "sector": "string", "degree": "int64",
        "betweenness": "float64", "brokerage": "int64", "component": "int64", "community": "int64"}
    from_csv = pd.read_csv(io.StringIO(a.report("csv")), dtype={"node": "string", "label": "string",
                                                                 "type": "string", "sector": "string"})
    pd.testing.assert_frame_equal(df, from_csv, check_dtype=False)
    assert df.attrs["summary"] == a.summary.as_dict() and df.attrs["view"] == "organisations"
    markup = a._repr_html_()
    assert "<img" not in markup and "organisations · 2 nodes · 1 edges" in markup


def test_a_map_is_an_isolated_self_contained_iframe(kg: partnerkg.KnowledgeGraph) -> None:
    m = kg.map()
    markup = m._repr_html_()
    p = parsed(markup)
    assert [t for t, _a in p.tags] == ["iframe"]
    attrs = p.tags[0][1]
    assert attrs["srcdoc"] == m.html  # the page, exactly, once unescaped
    assert attrs["sandbox"] == SANDBOX == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
    assert "allow-same-origin" not in markup and attrs["referrerpolicy"] == "no-referrer"
    assert markup.count("<") == 2  # <iframe …></iframe>: everything inside srcdoc is escaped
    assert m.to_iframe(height=300).endswith('style="width:100%;height:300px;border:1px solid #d0d0d0"></iframe>')


def test_dataframes_of_an_analysis_need_pandas(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; sys.modules['pandas'] = None\nimport partnerkg\n"
            "try:\n    partnerkg.open().analyse('policies').to_dataframe()\n"
            "except ImportError as err:\n    print(err)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.endswith("pip install 'partnerkg[notebook]'\n")
