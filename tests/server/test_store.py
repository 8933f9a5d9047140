"""Serving an on-disk Oxigraph store (``partnerkg serve --store DIR``): each worker opens the store
read-only; Oxigraph's own engine answers, behind the same gate, so its HTTP client never runs SERVICE."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from partnerkg.server.app import RunningServer, Settings, start_server

from .conftest import SLOW_QUERY, call, get_query, post_query

TINY = Path(__file__).parent / "tiny.ttl"


@pytest.fixture(scope="module")
def store_server(tmp_path_factory) -> Iterator[RunningServer]:
    from partnerkg.store.load import load

    folder = tmp_path_factory.mktemp("store") / "db"
    load([TINY], folder, shipped=True)
    with start_server(store=folder, settings=Settings(workers=1, timeout=2.0)) as running:
        yield running


def test_a_store_is_served(store_server):
    answer = get_query(store_server.url, "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    assert answer.status == 200
    labels = [b["l"] for b in json.loads(answer.body)["results"]["bindings"]]
    assert {"type": "literal", "value": "Tiny Trust", "xml:lang": "en"} in labels
    assert len(labels) > 500  # and the shipped graph
    library = call(store_server.url, "GET", "/queries/ego-network", headers={"Accept": "application/n-triples"})
    assert library.status == 200
    assert "Turning Point" in library.text
    description = call(store_server.url, "GET", "/sparql", headers={"Accept": "application/n-triples"})
    assert "<http://rdfs.org/ns/void#triples>" in description.text


def test_service_never_reaches_oxigraph(store_server, listener):
    answer = post_query(store_server.url, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
    assert answer.status == 400
    assert not listener.connected()
    load = call(store_server.url, "POST", "/sparql", f"LOAD <{listener.url}>".encode(),
                {"Content-Type": "application/sparql-update"})
    assert load.status == 403
    assert not listener.connected()


def test_a_slow_store_query_is_cancelled(store_server):
    answer = post_query(store_server.url, SLOW_QUERY)  # Oxigraph's engine, too, runs until its worker is killed
    assert answer.status == 503
    assert "cancelled" in answer.text
    assert get_query(store_server.url, "ASK { ?s ?p ?o }").status == 200


def test_a_missing_store_is_a_clear_error(tmp_path):
    from partnerkg.errors import InputError

    with pytest.raises(InputError, match="no such store"):
        start_server(store=tmp_path / "absent")
