"""``partnerkg query`` in-process: listing, errors and exit codes, formats, parameters, data and reasoning."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.query import Result

from partnerkg.namespaces import ID
from partnerkg.queries import list_queries

FIXTURE = str(Path(__file__).parent / "fixture.ttl")
ORGANISATIONS = "SELECT ?x WHERE { ?x a pk:Organisation } ORDER BY ?x"


def test_help_documents_data_and_exit_codes(invoke) -> None:
    out = invoke("query", "--help")
    assert out.exit_code == 0
    assert "ADDS a file" in out.output and "REPLACES it" in out.output and "Exit codes" in out.output


def test_list_shows_every_name_and_title(invoke) -> None:
    out = invoke("query", "--list")
    assert out.exit_code == 0
    lines = out.output.splitlines()
    assert len(lines) == len(list_queries())
    for q, line in zip(list_queries(), lines, strict=True):
        assert line.startswith(q.name + " ") and line.endswith(q.title)


def test_an_unknown_name_suggests_the_closest(invoke) -> None:
    out = invoke("query", "ego-netwrok")
    assert out.exit_code == 2
    assert "unknown query 'ego-netwrok' — did you mean ego-network" in out.output


@pytest.mark.parametrize("source", ["file", "stdin"])
def test_a_malformed_query_gives_line_and_column_and_exit_2(source: str, invoke, tmp_path: Path) -> None:
    text = "SELECT ?x WHERE {\n  ?x ?y ?z\n"
    if source == "file":
        path = tmp_path / "bad.rq"
        path.write_text(text)
        out = invoke("query", str(path))
        where = f"{path}:3:1"
    else:
        out = invoke("query", "-", input=text)
        where = "<stdin>:3:1"
    assert out.exit_code == 2
    assert f"error: {where}: SPARQL syntax error" in out.output
    assert "Traceback" not in out.output


def test_missing_query_and_data_files_are_named(invoke, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.rq"
    out = invoke("query", str(missing))
    assert out.exit_code == 2 and f"{missing}: no such query file" in out.output
    out = invoke("query", "life-cycle", "--data", str(tmp_path / "absent.ttl"))
    assert out.exit_code == 2 and f"{tmp_path / 'absent.ttl'}: no such file" in out.output


def test_json_output_with_a_parameter(invoke) -> None:
    out = invoke("query", "partnerships-by-model", "--no-shipped", "--data", FIXTURE,
                 "--param", "model=<https://w3id.org/partnerkg/ontology#SteeringGroupModel>", "--format", "json")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.output)
    assert doc["head"]["vars"][0] == "formalityRank"
    partnerships = [b["partnership"]["value"] for b in doc["results"]["bindings"]]
    assert partnerships == [str(ID["partnership/beta-gamma-delta"])]


def test_parameters_take_labels(invoke) -> None:
    out = invoke("query", "evidence", "-p", "entity=Turning Point", "-f", "csv")
    assert out.exit_code == 0, out.output
    back = Result.parse(io.BytesIO(out.stdout_bytes), format="csv")
    assert len(back) >= 1 and {str(r[2]) for r in back} == {"001_81855d3f69df9148.txt"}
    out = invoke("query", "evidence", "-p", "entity=Turnip Point")
    assert out.exit_code == 2 and "did you mean 'Turning Point'" in out.output
    out = invoke("query", "evidence", "-p", "entity")
    assert out.exit_code == 2 and "NAME=VALUE" in out.output


def test_data_adds_to_the_shipped_graph_and_no_shipped_replaces_it(invoke) -> None:
    both = invoke("query", "-", "--data", FIXTURE, "-f", "tsv", input="SELECT ?x WHERE { ?x rdfs:label ?l } ")
    only = invoke("query", "-", "--data", FIXTURE, "--no-shipped", "-f", "tsv",
                  input="SELECT ?x WHERE { ?x rdfs:label ?l }")
    assert both.exit_code == only.exit_code == 0
    alpha = f"<{ID['organisation/alpha-trust']}>"
    turning = f"<{ID['organisation/turning-point']}>"
    assert alpha in both.output and turning in both.output
    assert alpha in only.output and turning not in only.output
    assert invoke("query", "life-cycle", "--no-shipped").exit_code == 2


def test_reasoning_finds_subclass_instances(invoke) -> None:
    plain = invoke("query", "-", "--no-shipped", "--data", FIXTURE, "-f", "tsv", input=ORGANISATIONS)
    reasoned = invoke("query", "-", "--no-shipped", "--data", FIXTURE, "--reason", "owlrl", "-f", "tsv",
                      input=ORGANISATIONS)
    assert plain.exit_code == reasoned.exit_code == 0, reasoned.output
    assert plain.output.splitlines() == ["?x"]  # the fixture never states pk:Organisation
    found = reasoned.output.splitlines()[1:]
    assert f"<{ID['organisation/alpha-trust']}>" in found  # typed only pk:NHSTrust
    assert len(found) == 12


def test_construct_writes_turtle_by_default(invoke) -> None:
    out = invoke("query", "ego-network", "--no-shipped", "--data", FIXTURE, "-p", "org=Beta Charity")
    assert out.exit_code == 0
    g = Graph().parse(data=out.output, format="turtle")
    assert (ID["partnership/alpha-beta"], None, ID["organisation/beta-charity"]) in g
    bad = invoke("query", "ego-network", "--no-shipped", "--data", FIXTURE, "-p", "org=Beta Charity", "-f", "csv")
    assert bad.exit_code == 2 and "is RDF" in bad.output


def test_show_prints_the_query(invoke) -> None:
    out = invoke("query", "life-cycle", "--show")
    assert out.exit_code == 0 and out.output.startswith("# Title: The partnership life-cycle in order")


def test_table_output_goes_to_stdout(invoke) -> None:
    out = invoke("query", "life-cycle")
    assert out.exit_code == 0
    assert out.stdout.splitlines()[0].split() == ["position", "stage", "stageLabel", "nextStage", "nextStageLabel",
                                                  "partnerships"]
    assert "pk:PrePartnershipCollaboration" in out.stdout and out.stdout.endswith("(4 rows)\n")


def test_refused_queries_exit_2_without_reaching_out(invoke, listener) -> None:
    for text in (f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
                 f"LOAD <{listener.url}>"):
        out = invoke("query", "-", "--no-shipped", "--data", FIXTURE, input=text)
        assert out.exit_code == 2 and "refused" in out.output
    assert not listener.connected()


def test_from_a_url_selects_an_empty_graph_without_reaching_out(invoke, listener) -> None:
    for clause in (f"FROM NAMED <{listener.url}>", f"FROM <{listener.url}>"):
        out = invoke("query", "-", "--no-shipped", "--data", FIXTURE,
                     input=f"SELECT * {clause} WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH ?g {{ ?s ?p ?o }} }} }}")
        assert out.exit_code == 0, out.output
        assert out.stdout.endswith("(0 rows)\n")
    assert not listener.connected()


@pytest.mark.parametrize(("text", "message"), [
    ("SELECT * WHERE " + "{ " * 300 + "?s ?p ?o" + " }" * 300, "nested too deeply for the SPARQL parser"),
    ("SELECT * WHERE { " + " ".join(f"?s{i} <urn:p> ?s{i + 1} ." for i in range(3000)) + " }",
     "nested too deeply for the SPARQL parser"),
    ("SELECT * WHERE { " + " UNION ".join(f"{{ ?s <urn:p{i}> ?o }}" for i in range(3000)) + " }",
     "nested too deeply to compile"),
    ("ASK {} #" + "x" * 200_000, "over the limit of 200000"),
])
def test_very_long_or_deeply_nested_queries_exit_2_with_a_message(text: str, message: str, invoke) -> None:
    out = invoke("query", "-", input=text)
    assert out.exit_code == 2
    assert out.output.startswith("error: <stdin>: ") and message in out.output
    assert "Traceback" not in out.output and "RecursionError" not in out.output
