"""SPARQLWrapper, an independent client, against the real server: SELECT, ASK and CONSTRUCT in every format
it can ask for, by GET and by POST, each compared with the same query run locally."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import warnings

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from SPARQLWrapper import CSV, GET, JSON, JSONLD, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from partnerkg.queries import load_query
from partnerkg.queries.formats import format_result

SELECT = load_query("partnerships-by-model").text  # the library text: its header binds no parameter here
ASK = load_query("organisations-connected").text    # its header binds org1 and org2 to their defaults
CONSTRUCT = load_query("ego-network").text


def client(server, query: str, fmt: str, method: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.sparql_url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


def xml_rows(document) -> list[dict[str, str]]:
    rows = []
    for result in document.getElementsByTagName("result"):
        row = {}
        for binding in result.getElementsByTagName("binding"):
            value = binding.firstChild
            row[binding.getAttribute("name")] = value.firstChild.data if value.firstChild else ""
        rows.append(row)
    return rows


@pytest.mark.parametrize("method", [GET, POST])
def test_select_json(server, local, method):
    got = client(server, SELECT, JSON, method).queryAndConvert()
    assert got == json.loads(format_result(local(SELECT), "json"))
    assert len(got["results"]["bindings"]) == len(local(SELECT).rows) > 0


@pytest.mark.parametrize("method", [GET, POST])
def test_select_xml(server, local, method):
    got = client(server, SELECT, XML, method).queryAndConvert()
    expected = [{v: str(t) for v, t in zip(local(SELECT).vars, row, strict=True) if t is not None}
                for row in local(SELECT).rows]
    assert xml_rows(got) == expected


@pytest.mark.parametrize(("fmt", "name"), [(CSV, "csv"), (TSV, "tsv")])
def test_select_csv_and_tsv(server, local, fmt, name):
    with warnings.catch_warnings():  # SPARQLWrapper warns that it cannot convert CSV or TSV itself
        warnings.simplefilter("ignore")
        got = client(server, SELECT, fmt, GET).queryAndConvert()
    assert got == format_result(local(SELECT), name)
    rows = list(csv.reader(io.StringIO(got.decode("utf-8")), delimiter="," if name == "csv" else "\t"))
    assert len(rows) == len(local(SELECT).rows) + 1


@pytest.mark.parametrize("method", [GET, POST])
def test_ask_json_and_xml(server, local, method):
    assert local(ASK).askAnswer is True
    assert client(server, ASK, JSON, method).queryAndConvert() == {"head": {}, "boolean": True}
    document = client(server, ASK, XML, method).queryAndConvert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize(("fmt", "rdflib_format"), [(TURTLE, "turtle"), (RDFXML, None), (JSONLD, None),
                                                     (XML, None)])
@pytest.mark.parametrize("method", [GET, POST])
def test_construct_in_every_rdf_format(server, local, fmt, rdflib_format, method):
    expected = local(CONSTRUCT).graph
    assert len(expected) > 0
    got = client(server, CONSTRUCT, fmt, method).queryAndConvert()
    graph = Graph().parse(data=got, format=rdflib_format) if rdflib_format else got  # SPARQLWrapper parsed it
    assert isomorphic(Graph() + graph, expected)


def test_the_update_refusal_reaches_sparqlwrapper_as_an_error(server):
    sparql = SPARQLWrapper(server.sparql_url, updateEndpoint=server.sparql_url)
    sparql.setQuery("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }")
    sparql.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as refused:
        sparql.query()
    assert refused.value.code == 403
    assert "read-only" in refused.value.read().decode("utf-8")
