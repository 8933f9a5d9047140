"""Read-only and local: every update is refused and changes nothing; SERVICE and LOAD are refused before anything
is sent; FROM, FROM NAMED and the dataset parameters select only graphs the endpoint holds, so a URL or a local
file selects an empty graph. A loopback listener must receive no connection, and no local file's content ever
appears in an answer."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from .conftest import call, get_query, post_form, post_query

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SECRET = Path("/etc/hostname")


def triple_count(server) -> int:
    answer = get_query(server.url, COUNT)
    assert answer.status == 200
    return int(json.loads(answer.body)["results"]["bindings"][0]["n"]["value"])


UPDATES = [
    "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "DELETE DATA { <https://w3id.org/partnerkg/ontology#SteeringGroupModel> "
    "<https://w3id.org/partnerkg/ontology#formalityRank> 1 }",
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX pk: <https://w3id.org/partnerkg/ontology#> DELETE { ?s ?p ?o } INSERT { ?s pk:x 1 } WHERE { ?s ?p ?o }",
    f"LOAD <file://{SECRET}>",
    "CLEAR ALL",
    "CLEAR DEFAULT",
    "DROP ALL",
    "DROP GRAPH <urn:x:g>",
    "CREATE GRAPH <urn:x:g>",
    "ADD DEFAULT TO <urn:x:g>",
    "MOVE DEFAULT TO <urn:x:g>",
    "COPY DEFAULT TO <urn:x:g>",
    "clear all ; insert data { <urn:x:a> <urn:x:b> <urn:x:c> }",
]


@pytest.mark.parametrize("update", UPDATES)
def test_every_update_is_refused_and_changes_nothing(server, update):
    before = triple_count(server)
    answers = [
        get_query(server.url, update),
        post_query(server.url, update),
        post_form(server.url, [("query", update)]),
        post_form(server.url, [("update", update)]),
        call(server.url, "POST", "/sparql", update.encode(), {"Content-Type": "application/sparql-update"}),
    ]
    for answer in answers:
        assert answer.status == 403, answer.text
        assert answer.type == "text/plain"
        assert "read-only" in answer.text
    assert triple_count(server) == before


def refused_without_contact(answer, listener, *words: str) -> None:
    assert answer.status == 400, answer.text
    for word in words:
        assert word in answer.text
    assert not listener.connected(), "the server contacted the listener"


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?q ?x }} }} }} LIMIT 1",
    "ASK {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
    "PREFIX remote: <{url}> SELECT * WHERE {{ FILTER EXISTS {{ SERVICE remote: {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
    "DESCRIBE ?s WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
])
def test_service_is_refused_before_anything_is_sent(server, listener, template):
    query = template.format(url=listener.url)
    for answer in (get_query(server.url, query), post_query(server.url, query)):
        refused_without_contact(answer, listener, "SERVICE", "is refused")


def test_the_escape_trick_that_hides_service_is_refused(server, listener):
    query = f'SELECT * WHERE {{ ?s ?p "\\u0022" }} SERVICE <{listener.url}> {{ ?s ?p "\\u0022" }}'
    refused_without_contact(post_query(server.url, query), listener, "escape")


EVERYWHERE = "{ ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } }"


def empty_without_contact(answer, listener) -> None:
    """A dataset naming graphs the endpoint does not hold: they are empty, and nothing was fetched or read."""
    assert answer.status == 200, answer.text
    assert json.loads(answer.body)["results"]["bindings"] == []
    assert not listener.connected(), "the server contacted the listener"


@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
def test_from_a_url_selects_an_empty_graph_without_contact(server, listener, clause):
    assert triple_count(server) > 1000  # the data the empty graph stands in for
    query = f"SELECT * {clause} <{listener.url}> WHERE {{ {EVERYWHERE} }} LIMIT 1"
    for answer in (get_query(server.url, query), post_query(server.url, query),
                   post_form(server.url, [("query", query)])):
        empty_without_contact(answer, listener)


@pytest.mark.parametrize("clause", ["FROM", "FROM NAMED"])
def test_from_a_local_file_shows_no_file_content(server, clause):
    query = f"SELECT ?o {clause} <file://{SECRET}> WHERE {{ {EVERYWHERE} }}"
    answer = post_query(server.url, query)
    assert answer.status == 200, answer.text
    assert json.loads(answer.body)["results"]["bindings"] == []
    if SECRET.is_file() and SECRET.read_text().strip():
        assert SECRET.read_text().strip() not in answer.text


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_naming_a_url_or_file_select_an_empty_graph_without_contact(server, listener, param):
    for target in (listener.url, f"file://{SECRET}"):
        query = f"SELECT * WHERE {{ {EVERYWHERE} }} LIMIT 1"
        for answer in (get_query(server.url, query, **{param: target}),
                       post_form(server.url, [("query", query), (param, target)]),
                       call(server.url, "POST", f"/sparql?{urllib.parse.urlencode({param: target})}", query.encode(),
                            {"Content-Type": "application/sparql-query"})):
            empty_without_contact(answer, listener)
            if SECRET.is_file() and SECRET.read_text().strip():
                assert SECRET.read_text().strip() not in answer.text


def test_dataset_parameters_override_the_querys_own_clauses(server, listener):
    """The Protocol's parameters take precedence over FROM: a FROM of the listener, overridden, is not even
    looked at; one the parameters keep selects an empty graph as well."""
    query = f"SELECT * FROM <{listener.url}> FROM NAMED <{listener.url}> WHERE {{ {EVERYWHERE} }} LIMIT 1"
    empty_without_contact(get_query(server.url, query, **{"default-graph-uri": f"file://{SECRET}"}), listener)


def test_load_is_refused_without_contact(server, listener):
    for answer in (post_form(server.url, [("update", f"LOAD <{listener.url}>")]),
                   post_query(server.url, f"LOAD <{listener.url}> INTO GRAPH <urn:x:g>")):
        assert answer.status == 403
    assert not listener.connected()


def test_library_parameters_cannot_smuggle_a_query(server, listener):
    # A parameter value is bound as a term, never pasted into the text
    answer = call(server.url, "GET", f"/queries/search?text=%22%7D%20SERVICE%20%3C{listener.url}%3E%20%7B")
    assert answer.status == 200
    assert json.loads(answer.body)["results"]["bindings"] == []
    assert not listener.connected()


# ---- data files given to `partnerkg serve --data` ------------------------------------------------------


def hostile_files(folder: Path, url: str) -> dict[str, Path]:
    files = {
        "remote @context": ("remote.jsonld", json.dumps({"@context": url, "@id": "urn:x:a", "name": "A"})),
        "external entity": ("entity.rdf", f'<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY e SYSTEM "{url}">]>\n'
                                          '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
                                          '<rdf:Description rdf:about="urn:x:a">&e;</rdf:Description></rdf:RDF>\n'),
    }
    out = {}
    for case, (name, text) in files.items():
        out[case] = folder / name
        out[case].write_text(text, encoding="utf-8")
    return out


@pytest.mark.parametrize("case", ["remote @context", "external entity"])
def test_hostile_data_files_stop_serve_before_any_contact(tmp_path, listener, case):
    from click.testing import CliRunner

    from partnerkg.cli import cli

    path = hostile_files(tmp_path, listener.url)[case]
    result = CliRunner().invoke(cli, ["serve", "--port", "0", "--data", str(path)], catch_exceptions=False)
    assert result.exit_code == 2
    assert path.name in result.output
    assert "Traceback" not in result.output
    assert not listener.connected()


def test_owl_imports_in_served_data_are_never_followed(tmp_path, listener):
    from partnerkg.server.app import Settings, start_server
    from partnerkg.store.graphs import open_graph

    data = tmp_path / "imports.ttl"
    data.write_text(f"<urn:x:onto> a <http://www.w3.org/2002/07/owl#Ontology> ; "
                    f"<http://www.w3.org/2002/07/owl#imports> <{listener.url}> .\n", encoding="utf-8")
    with start_server(open_graph([data], shipped=False), Settings(workers=1)) as running:
        answer = get_query(running.url, "SELECT ?o WHERE { ?s <http://www.w3.org/2002/07/owl#imports> ?o }")
        assert answer.status == 200
        assert json.loads(answer.body)["results"]["bindings"] == [{"o": {"type": "uri", "value": listener.url}}]
        assert call(running.url, "GET", "/queries/describe-entity?entity=%3Curn%3Ax%3Aonto%3E").status == 200
    assert not listener.connected()
