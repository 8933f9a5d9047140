"""``GET /search``: full-text search over the served data as JSON, from a real server in memory and over a store, with
the same hits as :func:`partnerkg.queries.fulltext.search` gives locally."""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from partnerkg.queries.fulltext import search
from partnerkg.server.app import RunningServer, Settings, start_server
from partnerkg.store.graphs import open_graph

from .conftest import IMG, call

TINY = """@prefix pk: <https://w3id.org/partnerkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/id/tp> a pk:NationalVoluntaryOrganisation ; rdfs:label "Turning Point"@en .
<https://example.org/id/cafe> a pk:NHSTrust ; rdfs:label "Café Ørsted Trust"@en .
"""


def get(server: RunningServer, **params: str):
    return call(server.url, "GET", "/search?" + urllib.parse.urlencode(params))


def expected(graph, text: str, kind: str | None = None, limit: int = 10) -> dict[str, object]:
    return {"text": text, "kind": kind, "limit": limit,
            "hits": [hit.as_json() for hit in search(graph, text, kind=kind, limit=limit)]}


@pytest.fixture(scope="module")
def store_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RunningServer, object]]:
    from partnerkg.store.load import load

    folder = tmp_path_factory.mktemp("search-store")
    (folder / "tiny.ttl").write_text(TINY, encoding="utf-8")
    load([folder / "tiny.ttl"], folder / "store", shipped=True)
    with start_server(store=folder / "store", settings=Settings(workers=1)) as running:
        yield running, open_graph([folder / "tiny.ttl"])


def test_search_answers_json_with_the_local_hits(server, served_graph) -> None:
    answer = get(server, text="turning poi", kind="organisation", limit="3")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(answer.body)
    assert body == expected(served_graph, "turning poi", "organisation", 3)
    assert body["hits"][0] == {"iri": "https://w3id.org/partnerkg/id/organisation/turning-point",
                               "label": "Turning Point", "kind": "organisation", "score": body["hits"][0]["score"],
                               "field": "label", "text": "«Turning» «Point»"}
    assert json.loads(get(server, text="mental health").body) == expected(served_graph, "mental health")


def test_a_store_server_gives_the_hits_memory_gives(store_server) -> None:
    running, same_in_memory = store_server
    for params in ({"text": "cafe"}, {"text": "trust", "kind": "nhs-trust"}, {"text": "urning", "limit": "2"},
                   {"text": "turning point", "kind": "organisation"}):
        answer = get(running, **params)
        assert answer.status == 200, answer.text
        body = json.loads(answer.body)
        want = expected(same_in_memory, params["text"], params.get("kind"), int(params.get("limit", "10")))
        assert [(h["iri"], h["field"], h["text"]) for h in body["hits"]] == [
            (h["iri"], h["field"], h["text"]) for h in want["hits"]]
        assert [h["score"] for h in body["hits"]] == pytest.approx([h["score"] for h in want["hits"]], abs=1e-5)
    assert json.loads(get(running, text="cafe").body)["hits"][0]["label"] == "Café Ørsted Trust"


@pytest.mark.parametrize(("query", "message"), [
    ("", "give the text to search for: /search?text=…[&kind=organisation][&limit=10]"),
    ("text=", "give the text to search for: /search?text=…[&kind=organisation][&limit=10]"),
    ("text=a&text=b", "parameter 'text' is given twice"),
    ("text=a&limit=ten", "limit=ten: give a number of hits from 1 to 1000"),
    ("text=a&limit=0", "limit=0: give a number of hits from 1 to 1000"),
    ("text=a&limit=5000", "limit=5000: give a number of hits from 1 to 1000"),
    ("text=%E2%80%A6", "text='…': give at least one word (letters or digits) to search for"),
])
def test_bad_searches_are_400_with_a_message(server, query: str, message: str) -> None:
    answer = call(server.url, "GET", f"/search?{query}")
    assert (answer.status, answer.text) == (400, message + "\n")
    assert answer.type == "text/plain"


def test_an_unknown_kind_is_400_naming_the_closest(server) -> None:
    answer = get(server, text="trust", kind="organisaton")
    assert answer.status == 400
    assert answer.text.startswith("kind=organisaton: no such kind — did you mean organisation, ")


def test_hostile_labels_come_back_as_json_strings(server) -> None:
    answer = get(server, text="hostile img")
    hit = json.loads(answer.body)["hits"][0]
    assert hit["label"] == f"Hostile {IMG}"
    assert "<img" not in answer.headers["Content-Type"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_search_allows_cross_origin_reads_like_sparql(server) -> None:
    answer = call(server.url, "GET", "/search?text=mind", headers={"Origin": "https://tool.example"})
    assert answer.status == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "*"


def test_only_get_is_allowed(server) -> None:
    answer = call(server.url, "POST", "/search", b"text=mind", {"Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status == 405


def test_serving_a_store_builds_its_search_index_before_answering(tmp_path: Path) -> None:
    """``load`` leaves the index to its first use, and a query worker building it at 10M triples (102 s) would
    meet its time limit first: the server builds it before it starts its workers."""
    import sqlite3

    from partnerkg.queries.fulltext import FILE_NAME
    from partnerkg.queries.label_index import fingerprint
    from partnerkg.store.load import load

    (tmp_path / "tiny.ttl").write_text(TINY, encoding="utf-8")
    load([tmp_path / "tiny.ttl"], tmp_path / "store", shipped=False)
    index = tmp_path / "store" / FILE_NAME
    assert not index.exists()
    with start_server(store=tmp_path / "store", settings=Settings(workers=1)):
        with sqlite3.connect(f"{index.as_uri()}?mode=ro", uri=True) as db:
            (stamp,) = db.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()
        assert stamp == fingerprint(tmp_path / "store")
