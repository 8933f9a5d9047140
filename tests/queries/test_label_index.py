"""A store's label index: built once, read by later lookups, never used once the store has changed."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from partnerkg.errors import QueryError, UnknownEntityError
from partnerkg.queries.label_index import FILE_NAME, cached_index, cached_labels, fingerprint
from partnerkg.queries.labels import resolve_label
from partnerkg.store.graphs import open_graph
from partnerkg.store.load import load
from partnerkg.store.oxigraph import store_folder

_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _labels(path: Path, pairs: list[tuple[str, str]]) -> Path:
    path.write_text("".join(f'<{iri}> <{_LABEL}> "{label}" .\n' for iri, label in pairs))
    return path


def _never() -> dict:
    raise AssertionError("the index was built again")


def test_the_first_lookup_builds_the_index_and_later_ones_read_it(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load([_labels(tmp_path / "a.nt", [("urn:x:a", "Turning  Point"), ("urn:x:b", "Elsewhere")])], store, shipped=False)
    graph = open_graph(store=store)
    assert resolve_label(graph, "turning point") == URIRef("urn:x:a")
    assert (store / FILE_NAME).is_file()
    assert cached_labels(store, "elsewhere", _never) == {URIRef("urn:x:b"): "Elsewhere"}
    assert cached_labels(store, "nowhere", _never) == {}
    assert resolve_label(open_graph(store=store), "TURNING POINT") == URIRef("urn:x:a")  # another process' view


def test_a_load_makes_a_new_index_that_sees_the_new_labels(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load([_labels(tmp_path / "a.nt", [("urn:x:a", "Turning Point")])], store, shipped=False)
    assert resolve_label(open_graph(store=store), "Turning Point") == URIRef("urn:x:a")
    old = open_graph(store=store)
    load([_labels(tmp_path / "b.nt", [("urn:x:c", "turning point")])], store)
    assert store_folder(old) is None  # the folder now holds another store: its index is not the old one's
    with pytest.raises(QueryError, match="label of 2 resources"):
        resolve_label(open_graph(store=store), "Turning Point")


def test_anything_else_writing_into_the_store_makes_the_index_stale(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load([_labels(tmp_path / "a.nt", [("urn:x:a", "Turning Point")])], store, shipped=False)
    assert resolve_label(open_graph(store=store), "Turning Point") == URIRef("urn:x:a")
    stamp = fingerprint(store)
    writer = ox.Store(str(store))
    writer.add(ox.Quad(ox.NamedNode("urn:x:d"), ox.NamedNode(_LABEL), ox.Literal("Turning point")))
    writer.flush()
    del writer
    assert fingerprint(store) != stamp
    with pytest.raises(QueryError, match="label of 2 resources"):
        resolve_label(open_graph(store=store), "turning point")


def test_a_broken_index_file_is_rebuilt(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load([_labels(tmp_path / "a.nt", [("urn:x:a", "Turning Point")])], store, shipped=False)
    (store / FILE_NAME).write_bytes(b"not a database")
    assert resolve_label(open_graph(store=store), "Turning Point") == URIRef("urn:x:a")
    assert cached_labels(store, "turning point", _never) == {URIRef("urn:x:a"): "Turning Point"}


def test_an_unknown_name_is_suggested_from_the_index_it_built(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load([_labels(tmp_path / "a.nt", [("urn:x:a", "Turning Point")])], store, shipped=False)
    with pytest.raises(UnknownEntityError, match="did you mean 'Turning Point'"):
        resolve_label(open_graph(store=store), "Turning Pont")
    assert cached_index(store, _never) == {"turning point": {URIRef("urn:x:a"): "Turning Point"}}
