"""The public API: ``partnerkg.open()`` and what a KnowledgeGraph does, over memory, files, a store and an endpoint.

The CLI is a thin shell over these calls; each test checks that the API gives what the command prints.
"""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef

import partnerkg
from partnerkg.cli import cli
from partnerkg.errors import OptionError, QueryError, QueryTimeout, ResultTooLarge, UnknownEntityError

PK = "https://w3id.org/partnerkg/ontology#"
TINY = """\
@prefix pk: <https://w3id.org/partnerkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:x:a> a pk:VoluntaryCommunityOrganisation ; rdfs:label "Alpha Trust"@en ; pk:sector pk:VoluntaryCommunitySector .
<urn:x:b> a pk:StatutoryOrganisation ; rdfs:label "Beta Council"@en ; pk:sector pk:StatutorySector .
<urn:x:p> a pk:Partnership ; rdfs:label "Alpha with Beta"@en ; pk:hasPartner <urn:x:a>, <urn:x:b> ;
    pk:partnershipModel pk:CoLocationModel .
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "tiny.ttl"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_import_partnerkg_is_cheap_and_names_the_whole_api() -> None:
    """``import partnerkg`` loads no RDF library; every name of ``__all__`` resolves on first use."""
    code = ("import sys, partnerkg; heavy = [m for m in ('rdflib', 'pyoxigraph', 'networkx') if m in sys.modules]; "
            "print(heavy); print(all(getattr(partnerkg, n) is not None for n in partnerkg.__all__))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:2] == ["[]", "True"]


def test_library_query_by_name_with_a_parameter() -> None:
    kg = partnerkg.open()
    result = kg.query("partnerships-by-model", model="co-location model")
    assert result.vars == ("formalityRank", "model", "modelLabel", "partnership", "partnershipLabel")
    assert result.records() == [{
        "formalityRank": 2, "model": f"{PK}CoLocationModel", "modelLabel": "co-location model",
        "partnership": "https://w3id.org/partnerkg/id/partnership/south-west-england-early-intervention-service-co-location",
        "partnershipLabel": "Co-location of an early intervention service in south-west England with a voluntary "
                            "sector organisation"}]


def test_text_file_and_name_are_three_methods_that_agree(tmp_path: Path) -> None:
    kg = partnerkg.open()
    named = kg.query("stage-counts")
    text = (Path(partnerkg.__file__).parent.parent / "queries" / "library" / "stage-counts.rq").read_text()
    rq = tmp_path / "stage-counts.rq"
    rq.write_text(text, encoding="utf-8")
    assert kg.query_text(text).rows == named.rows == kg.query_file(rq).rows


def test_a_parameter_named_like_an_option_goes_in_params(tiny: Path) -> None:
    kg = partnerkg.open([tiny], shipped=False)
    text = "SELECT ?label WHERE { ?o rdfs:label ?label }"
    assert kg.query_text(text, {"o": "<urn:x:a>"}).to_rows() == [("Alpha Trust",)]
    assert kg.query_text(text, o="Beta Council").to_rows() == [("Beta Council",)]


def test_python_values_and_w3c_formats() -> None:
    kg = partnerkg.open()
    result = kg.query_text("SELECT (1.5 AS ?d) (true AS ?b) ('x'@en AS ?s) WHERE {}")
    assert result.to_rows() == [(Decimal("1.5"), True, "x")]
    doc = json.loads(result.serialize("json"))
    assert doc["results"]["bindings"][0]["s"] == {"type": "literal", "value": "x", "xml:lang": "en"}
    assert result.serialize("csv") == b"d,b,s\r\n1.5,true,x\r\n"


def test_errors_name_python_keywords_not_command_line_flags(tiny: Path) -> None:
    kg = partnerkg.open()
    with pytest.raises(UnknownEntityError, match=r"^parameter model: no resource is labelled 'nowhere'"):
        kg.query("partnerships-by-model", model="nowhere")
    with pytest.raises(ResultTooLarge, match=r"is over max_results=5: add LIMIT/OFFSET .* raise max_results="):
        kg.query_text("SELECT * WHERE { ?s ?p ?o }", max_results=5)
    with pytest.raises(OptionError, match=r"^shipped=False needs at least one data= file$"):
        partnerkg.open(shipped=False)
    with pytest.raises(OptionError, match=r"store=s cannot be combined with data= or shipped=False"):
        partnerkg.open([tiny], store="s")
    with pytest.raises(QueryError, match=r"SERVICE <http://127\.0\.0\.1:9/> is refused"):
        kg.query_text("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")


def test_the_same_errors_name_flags_on_the_command_line() -> None:
    result = CliRunner().invoke(cli, ["query", "partnerships-by-model", "--param", "model=nowhere"])
    assert result.exit_code == 2
    assert "error: --param model: no resource is labelled 'nowhere'" in result.output


def test_a_timeout_stops_the_query_in_its_own_process() -> None:
    kg = partnerkg.open()
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(QueryTimeout, match=r"the query ran over timeout=0.5 s"):
        kg.query_text(slow, timeout=0.5)


def test_results_come_back_from_the_query_process_whole() -> None:
    kg = partnerkg.open()
    construct = kg.query("ego-network", org="Turning Point", timeout=30)
    assert construct.type == "CONSTRUCT" and len(construct) == len(kg.query("ego-network", org="Turning Point"))
    assert pickle.loads(pickle.dumps(construct)).graph is not None


def test_map_analyse_validate_export_over_files(tiny: Path, tmp_path: Path) -> None:
    kg = partnerkg.open([tiny], shipped=False)
    drawn = kg.map("organisations")
    assert sorted(str(node) for node in drawn.graph.nodes) == ["urn:x:a", "urn:x:b"]
    assert drawn.html.startswith("<!DOCTYPE html>") and "Alpha Trust" in drawn.html
    svg = drawn.save(tmp_path / "map.svg")
    assert svg.read_bytes().lstrip().startswith(b"<?xml")
    analysis = kg.analyse("organisations")
    assert [(r.label, r.degree) for r in analysis.rows] == [("Alpha Trust", 1), ("Beta Council", 1)]
    assert analysis.report("csv").splitlines()[0].startswith("node,label,type,sector,degree")
    report = kg.validate(owl=False)
    assert not report.conforms  # the tiny file carries no provenance, which the shapes ask for
    body = kg.export("ntriples", path=tmp_path / "out.nt")
    assert (tmp_path / "out.nt").read_bytes() == body
    assert (URIRef("urn:x:a"), URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
            Literal("Alpha Trust", lang="en")) in Graph().parse(data=body, format="nt")
    with pytest.raises(OptionError, match="not an export format"):
        kg.export("yaml")


def test_a_map_links_partnerships_to_an_endpoints_diagnosis(tiny: Path) -> None:
    kg = partnerkg.open([tiny], shipped=False)
    page = kg.map("partnerships", diagnose_url="http://127.0.0.1:8000/").html
    data = json.loads(page.split('id="map-data">', 1)[1].split("</script>", 1)[0])
    assert data["diagnose"] == "http://127.0.0.1:8000/"
    assert [n["info"]["iri"] for n in data["nodes"] if n["info"].get("diagnose")] == ["urn:x:p"]
    assert "diagnose" not in json.loads(kg.map("partnerships").html.split('id="map-data">', 1)[1]
                                        .split("</script>", 1)[0])
    for bad in ("javascript:alert(1)", "file:///etc"):
        refusal = rf"^diagnose_url='{re.escape(bad)}': not the http\(s\) address"
        with pytest.raises(OptionError, match=refusal) as refused:
            kg.map("partnerships", diagnose_url=bad)
        assert refused.value.option == "diagnose_url"


def test_over_a_store_the_answers_are_those_of_memory(tmp_path: Path, tiny: Path) -> None:
    store = tmp_path / "store"
    partnerkg.load([tiny], store)
    on_disk, in_memory = partnerkg.open(store=store), partnerkg.open([tiny])
    assert len(on_disk) == len(in_memory.graph)
    # as Python values: Oxigraph keeps xsd:nonNegativeInteger as xsd:integer (a documented limit)
    for name, params in (("stage-counts", {}), ("partnerships-by-model", {"model": "co-location model"})):
        assert on_disk.query(name, **params).to_rows() == in_memory.query(name, **params).to_rows()
    assert on_disk.query("partnerships-by-model", model="co-location model", timeout=30).rows == \
        in_memory.query("partnerships-by-model", model="co-location model").rows


def test_a_remote_endpoint_answers_queries_only(store_server) -> None:
    server = store_server()
    kg = partnerkg.open(endpoint=f"{server.url}/query")
    assert kg.query_text("ASK { ?s ?p ?o }").askAnswer is False
    with pytest.raises(partnerkg.InputError, match="a map needs local data"):
        kg.map()
    with pytest.raises(OptionError, match=r"^endpoint= runs the query remotely: leave out reason="):
        kg.query_text("ASK {}", reason="rdfs")
