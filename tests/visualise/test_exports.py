"""A map's network for other tools: networkx attributes, GEXF 1.3 (valid against the GEXF 1.3 grammar, read
back by networkx), GraphML (read back), a Kumu workbook (read back with openpyxl), and ``map --format``."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from lxml import etree
from openpyxl import load_workbook

import partnerkg
from partnerkg.cli import cli
from partnerkg.visualise.exports import kumu_ids

from .conftest import PREFIXES

GRAMMAR = Path(__file__).parent / "gexf-1.3" / "gexf.rng"
ID = "https://w3id.org/partnerkg/id/"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"

FORMULA = '=HYPERLINK("http://evil.example/","click")'
TURTLE_FORMULA = FORMULA.replace('"', '\\"')
DATA = PREFIXES + f"""
id:src a pk:SourceDocument ; rdfs:label "Source A"@en ; dcterms:identifier "a.txt" .
id:org-a a pk:LocalAuthority ; rdfs:label "Alpha Council"@en ; pk:region id:region-n ;
    prov:wasDerivedFrom id:src ;
    prov:qualifiedDerivation [ prov:entity id:src ; pk:quote "Alpha Council and Beta Trust work together" ] .
id:region-n rdfs:label "North"@en .
id:org-b a pk:NHSTrust ; rdfs:label "Beta Trust"@en .
id:org-c a pk:Charity ; rdfs:label "{TURTLE_FORMULA}"@en .
id:org-d a pk:Charity ; rdfs:label "@SUM(A1:A9)"@en ; dcterms:description "-2 partners; +1 | one more"@en .
id:p1 a pk:Partnership ; rdfs:label "Partnership One"@en ; pk:hasPartner id:org-a , id:org-b ;
    pk:partnershipModel pk:CoLocationModel ; pk:lifeCycleStage pk:PartnershipProgrammeDelivery ;
    pk:isFormal true ; pk:startYear "2004"^^xsd:gYear ; pk:endYear "2006"^^xsd:gYear .
id:p2 a pk:Partnership ; rdfs:label "Partnership Two"@en ; pk:hasPartner id:org-b , id:org-c , id:org-d ;
    pk:startYear "1996"^^xsd:gYear .
id:act a pk:Act ; rdfs:label "The Act"@en ; pk:requires id:p1 ; dcterms:issued "2001"^^xsd:gYear .
"""


@pytest.fixture(scope="module")
def kg(tmp_path_factory: pytest.TempPathFactory) -> partnerkg.KnowledgeGraph:
    path = tmp_path_factory.mktemp("exports") / "data.ttl"
    path.write_text(DATA, encoding="utf-8")
    return partnerkg.open([path], shipped=False)


def test_to_networkx_keeps_sector_kind_model_stage_years_and_evidence(kg: partnerkg.KnowledgeGraph) -> None:
    G = kg.map("organisations").to_networkx()
    assert isinstance(G, nx.Graph) and not G.is_directed()
    alpha = dict(G.nodes[ID + "org-a"])
    x, y = alpha.pop("x"), alpha.pop("y")
    assert isinstance(x, float) and isinstance(y, float)
    assert alpha == {
        "label": "Alpha Council", "type": "organisation", "kind": "Local authority", "sector": "Statutory",
        "model": "Co-location", "stage": "Programme delivery", "policies": "The Act",
        "evidence": "Source A (a.txt)", "quote": "Alpha Council and Beta Trust work together",
        "quote_source": "Source A (a.txt)", "regions": "North", "partnerships": "Partnership One",
        "unnamed": False,
    }
    assert G.edges[ID + "org-a", ID + "org-b"] == {
        "relation": "Shared partnership", "weight": 1, "partnerships": "Partnership One", "model": "Co-location",
        "stage": "Programme delivery", "formality": "formal", "start_year": 2004, "end_year": 2006}
    assert G.edges[ID + "org-b", ID + "org-c"] == {
        "relation": "Shared partnership", "weight": 1, "partnerships": "Partnership Two", "start_year": 1996}
    P = kg.map("partnerships").to_networkx()
    one = {k: v for k, v in P.nodes[ID + "p1"].items() if k not in ("x", "y")}
    assert one == {"label": "Partnership One", "type": "partnership", "kind": "Partnership", "model": "Co-location",
                   "stage": "Programme delivery", "policies": "The Act", "start_year": 2004, "end_year": 2006,
                   "partners": "Alpha Council; Beta Trust", "formal": True}
    policies = kg.map("policies").to_networkx()
    assert policies.is_directed()
    assert policies.nodes[ID + "act"]["start_year"] == 2001  # a policy's year is the year it was issued
    assert policies.edges[ID + "act", ID + "p1"]["relation"] == "Requires"


def _valid_gexf_13(blob: bytes) -> tuple[bool, str]:
    doc = etree.fromstring(blob)
    assert doc.get(XSI) == "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"
    del doc.attrib[XSI]  # a hint for XML Schema processors, outside the RELAX NG grammar
    grammar = etree.RelaxNG(etree.parse(str(GRAMMAR)))
    return grammar.validate(doc), str(grammar.error_log)


@pytest.mark.parametrize("view", ["organisations", "partnerships", "policies", "barriers"])
def test_gexf_is_valid_gexf_13_and_reads_back(kg: partnerkg.KnowledgeGraph, view: str, tmp_path: Path) -> None:
    for m in (kg.map(view), partnerkg.open().map(view)):
        blob = m.to_gexf(tmp_path / "map.gexf")
        assert (tmp_path / "map.gexf").read_bytes() == blob
        assert blob.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<gexf ")
        assert _valid_gexf_13(blob) == (True, "")
        root = etree.fromstring(blob)
        viz = {"viz": "http://gexf.net/1.3/viz"} if m.graph.number_of_nodes() else {}  # viz: of the nodes
        assert root.nsmap == {None: "http://gexf.net/1.3", "xsi": "http://www.w3.org/2001/XMLSchema-instance", **viz}
        assert root.get("version") == "1.3" and b"lastmodifieddate" not in blob
        G, H = m.to_networkx(), nx.read_gexf(tmp_path / "map.gexf", version="1.3")
        assert list(H.nodes) == list(G.nodes) and H.is_directed() == G.is_directed()
        assert {tuple(e) for e in H.edges} == {tuple(e) for e in G.edges}
        for n, d in G.nodes(data=True):
            back = dict(H.nodes[n])
            viz = back.pop("viz")
            assert viz["position"] == {"x": d["x"], "y": -d["y"], "z": 0.0}
            assert set(viz) == {"color", "size", "position"}
            assert back == {k: v for k, v in d.items() if k not in ("x", "y")}
        for u, v, d in G.edges(data=True):
            back = dict(H.edges[u, v])
            assert back.pop("label") == d["relation"] and isinstance(back.pop("id"), str)
            assert back == d


def test_networkx_own_gexf_13_is_not_valid_gexf_13(kg: partnerkg.KnowledgeGraph) -> None:
    """Why exports.gexf corrects networkx's output (networkx 3.6: a name attribute on <graph>, the XML Schema
    instance namespace misspelt, today's date)."""
    G = kg.map("organisations").to_networkx()
    for _n, d in G.nodes(data=True):
        del d["x"], d["y"]
    raw = "".join(nx.generate_gexf(G, version="1.3")).encode("utf-8")
    doc = etree.fromstring(raw)
    assert doc.nsmap["xsi"] == "http://w3.org/2001/XMLSchema-instance"
    doc.attrib.pop("{http://w3.org/2001/XMLSchema-instance}schemaLocation")
    grammar = etree.RelaxNG(etree.parse(str(GRAMMAR)))
    assert not grammar.validate(doc)
    assert "Invalid attribute name for element graph" in str(grammar.error_log)


@pytest.mark.parametrize("view", ["organisations", "policies"])
def test_graphml_reads_back_with_every_attribute(kg: partnerkg.KnowledgeGraph, view: str, tmp_path: Path) -> None:
    m = kg.map(view)
    m.to_graphml(tmp_path / "map.graphml")
    G, H = m.to_networkx(), nx.read_graphml(tmp_path / "map.graphml")
    assert list(H.nodes(data=True)) == list(G.nodes(data=True))
    assert sorted(H.edges(data=True)) == sorted(G.edges(data=True))
    assert H.is_directed() == G.is_directed()


def test_kumu_workbook_has_the_sheets_kumu_imports_and_no_formula(kg: partnerkg.KnowledgeGraph,
                                                                   tmp_path: Path) -> None:
    m = kg.map("organisations")
    m.save(tmp_path / "kumu.xlsx")  # .xlsx: the Kumu workbook
    wb = load_workbook(tmp_path / "kumu.xlsx")
    assert wb.sheetnames == ["Elements", "Connections"]
    elements = [[c.value for c in row] for row in wb["Elements"].iter_rows()]
    connections = [[c.value for c in row] for row in wb["Connections"].iter_rows()]
    assert elements[0][:6] == ["ID", "Label", "Type", "Kind", "Description", "Sector"]
    assert connections[0][:6] == ["ID", "From", "To", "Type", "direction", "Strength"]
    rows = {r[1]: dict(zip(elements[0], r, strict=True)) for r in elements[1:]}
    assert set(rows) == {"Alpha Council", "Beta Trust", "'" + FORMULA, "'@SUM(A1:A9)"}
    alpha = rows["Alpha Council"]
    assert (alpha["ID"], alpha["Type"], alpha["Kind"], alpha["Sector"], alpha["Unnamed"], alpha["IRI"]) == (
        "org-a", "Organisation", "Local authority", "Statutory", "no", ID + "org-a")
    assert rows["'@SUM(A1:A9)"]["Description"] == "'-2 partners; +1 | one more"
    assert rows["Beta Trust"]["Partnerships"] == "Partnership One | Partnership Two"  # Kumu's separator
    ids = {r[0] for r in elements[1:]}
    tie = next(r for r in connections[1:] if {r[1], r[2]} == {"org-a", "org-b"})
    assert tie == ["org-a--org-b", "org-a", "org-b", "Shared partnership",
                   "undirected", 1, "Partnership One", "Co-location", "Programme delivery", "formal", 2004, 2006]
    assert all(r[1] in ids and r[2] in ids for r in connections[1:])
    for sheet in wb:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                assert not (isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "\r")))
    policies = load_workbook(io.BytesIO(kg.map("policies").to_kumu()))
    assert {r[4].value for r in policies["Connections"].iter_rows(min_row=2)} == {"directed"}


def test_kumu_ids_are_readable_stable_and_distinct() -> None:
    assert kumu_ids([ID + "organisation/turning-point-9b7d5bf993", "https://w3id.org/partnerkg/ontology#Act",
                     "_:b0", "urn:x:a_b"]) == {
        ID + "organisation/turning-point-9b7d5bf993": "organisation-turning-point-9b7d5bf993",
        "https://w3id.org/partnerkg/ontology#Act": "w3id.org-partnerkg-ontology-Act", "_:b0": "b0",
        "urn:x:a_b": "x-a-b"}
    clash = kumu_ids(["urn:x:a/b", "urn:x:a-b"])
    assert len(set(clash.values())) == 2 and all(v.startswith("x-a-b-") for v in clash.values())


def test_exports_are_the_same_bytes_in_every_process(kg: partnerkg.KnowledgeGraph, tmp_path: Path) -> None:
    code = ("import sys, partnerkg; m = partnerkg.open().map('partnerships'); "
            "sys.stdout.buffer.write(m.to_gexf() + b'\\0' + m.to_graphml() + b'\\0' + m.to_kumu())")
    outs = [subprocess.run([sys.executable, "-c", code], capture_output=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}, cwd=tmp_path).stdout for seed in ("1", "2")]
    assert outs[0] == outs[1]
    m = partnerkg.open().map("partnerships")
    assert outs[0] == m.to_gexf() + b"\0" + m.to_graphml() + b"\0" + m.to_kumu()


def test_map_command_writes_every_network_format(kg: partnerkg.KnowledgeGraph, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    data = kg.data[0]
    runner = CliRunner()
    for fmt, name in (("gexf", "partnerkg-organisations.gexf"), ("graphml", "partnerkg-organisations.graphml"),
                      ("kumu", "partnerkg-organisations.xlsx")):
        result = runner.invoke(cli, ["map", "--data", str(data), "--no-shipped", "--format", fmt],
                               catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert result.stderr == f"wrote {name} (4 nodes, 4 links)\n"
        assert (tmp_path / name).read_bytes() == kg.map().render(fmt)
    by_suffix = runner.invoke(cli, ["map", "--data", str(data), "--no-shipped", "-o", "net.graphml"])
    assert by_suffix.exit_code == 0 and (tmp_path / "net.graphml").read_bytes() == kg.map().to_graphml()
    piped = runner.invoke(cli, ["map", "--data", str(data), "--no-shipped", "--format", "gexf", "-o", "-"])
    assert piped.exit_code == 0 and piped.stdout_bytes == kg.map().to_gexf()
