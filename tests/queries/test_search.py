"""Full-text search (:mod:`partnerkg.queries.fulltext`): ranked, accent- and case-blind, prefix-aware, substrings as a
fallback, narrowed by kind; the same hits in memory and over a store; the store's index is built by its first use
(the CLI says so), is whole or absent, and is never used once the store changed."""

from __future__ import annotations

import doctest
import importlib
import json
import sqlite3
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from partnerkg.cli import cli
from partnerkg.errors import OptionError
from partnerkg.queries.engine import default_graph
from partnerkg.queries.fulltext import FILE_NAME, SearchHit, fold, kinds, search, search_index_current
from partnerkg.queries.label_index import fingerprint
from partnerkg.store.graphs import open_graph
from partnerkg.store.load import load

DATA = """
@prefix pk: <https://w3id.org/partnerkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix x: <https://example.org/id/> .

x:tp a pk:NationalVoluntaryOrganisation ; rdfs:label "Turning Point"@en .
x:cafe a pk:NHSTrust ; rdfs:label "Café Ørsted Trust"@en .
x:mind a pk:NationalVoluntaryOrganisation ; rdfs:label "Mind"@en ;
    skos:altLabel "National Association for Mental Health"@en ;
    dcterms:description "A charity for people with experience of distress and their families"@en .
x:tpm a pk:Partnership ; rdfs:label "Turning Point and Mind in partnership"@en .
x:b1 a pk:Barrier ; rdfs:label "Professional rivalry"@en ;
    prov:qualifiedDerivation [ a prov:Derivation ; pk:quote "Turf wars between professionals slowed every decision" ] .
x:act a pk:Act ; rdfs:label "Children Act 2004"@en ;
    dcterms:description "An act on turning points in children's services"@en .
x:turning a pk:Organisation ; rdfs:label "Turning"@en .
"""
ENGINES = ("memory", "store")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search")
    (root / "data.ttl").write_text(DATA, encoding="utf-8")
    load([root / "data.ttl"], root / "store", shipped=False)
    return root


@pytest.fixture(scope="module")
def graphs(folder: Path) -> dict[str, Graph]:
    return {"memory": open_graph([folder / "data.ttl"], shipped=False), "store": open_graph(store=folder / "store")}


def labels(hits: list[SearchHit]) -> list[str]:
    return [hit.label for hit in hits]


@pytest.mark.parametrize("engine", ENGINES)
def test_words_and_prefixes_rank_an_equal_label_first(engine: str, graphs: dict[str, Graph]) -> None:
    hits = search(graphs[engine], "turning", limit=10)
    assert labels(hits) == ["Turning", "Turning Point", "Turning Point and Mind in partnership", "Children Act 2004"]
    assert [(h.kind, h.field) for h in hits] == [("organisation", "label"), ("organisation", "label"),
                                                 ("partnership", "label"), ("policy", "description")]
    assert hits[1] == SearchHit("https://example.org/id/tp", "Turning Point", "organisation", hits[1].score, "label",
                                "«Turning» Point")
    assert labels(search(graphs[engine], "turning poi", limit=10)) == [
        "Turning Point", "Turning Point and Mind in partnership", "Children Act 2004"]  # the last word a prefix
    assert labels(search(graphs[engine], "turn point", limit=10)) == []  # the others whole words
    assert hits[3].text == "An act on «turning» points in children's services"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("text", ["cafe", "CAFÉ", "café ørsted", "ØRSTED", "Cafe\u0301"])
def test_case_and_accents_do_not_count(engine: str, text: str, graphs: dict[str, Graph]) -> None:
    assert labels(search(graphs[engine], text)) == ["Café Ørsted Trust"]


@pytest.mark.parametrize("engine", ENGINES)
def test_alternative_labels_descriptions_and_quotes_are_searched(engine: str, graphs: dict[str, Graph]) -> None:
    alt, = search(graphs[engine], "national association")
    assert (alt.label, alt.field, alt.text) == ("Mind", "alt", "«National» «Association» for Mental Health")
    description, = search(graphs[engine], "distress")
    assert (description.label, description.field) == ("Mind", "description")
    assert description.text == "A charity for people with experience of «distress» and their families"
    quote, = search(graphs[engine], "turf wars")
    assert (quote.label, quote.kind, quote.field) == ("Professional rivalry", "barrier", "quote")
    assert quote.text == "«Turf» «wars» between professionals slowed every decision"


def test_identifiers_are_searched_as_alternative_labels(tmp_path: Path) -> None:
    """A register identifier (issue 22) finds its organisation, typed whole or by its number."""
    (tmp_path / "ids.ttl").write_text(DATA.split("x:tp a")[0] + """
@prefix org: <http://www.w3.org/ns/org#> .
x:mind a pk:NationalVoluntaryOrganisation ; rdfs:label "Mind"@en ; org:identifier "GB-CHC-219830" .
x:london a pk:Region ; rdfs:label "London"@en ; skos:notation "E12000007" .
""", encoding="utf-8")
    load([tmp_path / "ids.ttl"], tmp_path / "store", shipped=False)
    for graph in (open_graph([tmp_path / "ids.ttl"], shipped=False), open_graph(store=tmp_path / "store")):
        assert [(h.label, h.field, h.text) for h in search(graph, "GB-CHC-219830")] == [
            ("Mind", "alt", "«GB»-«CHC»-«219830»")]
        assert [(h.label, h.field) for h in search(graph, "219830")] == [("Mind", "alt")]
        assert [(h.label, h.kind) for h in search(graph, "E12000007")] == [("London", "region")]


@pytest.mark.parametrize("engine", ENGINES)
def test_a_substring_finds_what_words_do_not(engine: str, graphs: dict[str, Graph]) -> None:
    hits = search(graphs[engine], "urnin", limit=3)
    assert [(h.label, h.field, h.text) for h in hits] == [
        ("Turning", "substring", "T«urnin»g"), ("Turning Point", "substring", "T«urnin»g Point"),
        ("Turning Point and Mind in partnership", "substring", "T«urnin»g Point and Mind in partnership")]
    assert labels(search(graphs[engine], "rsted tr")) == ["Café Ørsted Trust"]
    assert search(graphs[engine], "xq") == []  # two characters: words only


@pytest.mark.parametrize("engine", ENGINES)
def test_kind_narrows_to_a_class_and_its_subclasses(engine: str, graphs: dict[str, Graph]) -> None:
    graph = graphs[engine]
    assert labels(search(graph, "turning point", kind="organisation")) == ["Turning Point"]
    assert labels(search(graph, "turning point", kind="partnership")) == ["Turning Point and Mind in partnership"]
    assert labels(search(graph, "trust", kind="NHSTrust")) == ["Café Ørsted Trust"]
    assert labels(search(graph, "trust", kind="nhs-trust")) == ["Café Ørsted Trust"]
    assert labels(search(graph, "trust", kind="statutory-organisation")) == ["Café Ørsted Trust"]
    assert labels(search(graph, "trust", kind="voluntary-organisation")) == []
    assert labels(search(graph, "urnin", kind="policy")) == []
    assert labels(search(graph, "children", kind="act")) == ["Children Act 2004"]


def test_unknown_kinds_and_bad_limits_are_option_errors(graphs: dict[str, Graph]) -> None:
    expected = (r"^kind=organisaton: no such kind — did you mean organisation, unnamed-organisation, "
                r"private-organisation\? \(kinds: organisation, ")
    with pytest.raises(OptionError, match=expected) as info:
        search(graphs["memory"], "x", kind="organisaton")
    assert info.value.option == "kind"
    for limit in (0, 1001):
        with pytest.raises(OptionError, match=rf"^limit={limit}: give a number of hits from 1 to 1000$"):
            search(graphs["memory"], "x", limit=limit)
    with pytest.raises(OptionError, match=r"^text='…': give at least one word"):
        search(graphs["memory"], "…")


def test_both_engines_give_the_same_hits(graphs: dict[str, Graph]) -> None:
    for text in ("turning", "mind", "point partnership", "urnin", "children", "a"):
        memory, store = search(graphs["memory"], text, limit=20), search(graphs["store"], text, limit=20)
        assert [(h.iri, h.field, h.text) for h in memory] == [(h.iri, h.field, h.text) for h in store]
        assert [h.score for h in memory] == pytest.approx([h.score for h in store])


def test_the_shipped_graph_is_searchable_in_memory() -> None:
    hits = search(default_graph(), "turning poi", kind="organisation", limit=1)
    assert [(h.iri, h.label) for h in hits] == [("https://w3id.org/partnerkg/id/organisation/turning-point",
                                                 "Turning Point")]
    assert search(default_graph(), "Children Act")[0].label == "Children Act 2004"
    assert {"organisation", "partnership", "policy", "barrier", "facilitator", "study"} <= set(kinds())


def test_folding() -> None:
    assert fold("  Café  ØRSTED\tStraße ") == "cafe ørsted straße"
    assert fold("Cafe\u0301") == "cafe"


# ---- the store's index -------------------------------------------------------------------------------------------


def _recorded(path: Path) -> str:
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as db:
        return db.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()[0]


def test_a_load_leaves_the_index_to_the_first_search(tmp_path: Path) -> None:
    """``load`` writes the store only (its target is raw bulk_load's time); the first search writes the index,
    whole, for the store as it is."""
    (tmp_path / "one.ttl").write_text('<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" .\n')
    store = tmp_path / "store"
    load([tmp_path / "one.ttl"], store, shipped=False)
    assert not (store / FILE_NAME).exists()
    assert labels(search(open_graph(store=store), "alpha")) == ["Alpha"]
    assert _recorded(store / FILE_NAME) == fingerprint(store)
    assert not [p.name for p in store.iterdir() if p.name.startswith(".partnerkg-search")]  # no temporary left


def test_the_cli_says_when_its_search_builds_the_index(tmp_path: Path) -> None:
    (tmp_path / "one.ttl").write_text('<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" .\n')
    store = tmp_path / "store"
    load([tmp_path / "one.ttl"], store, shipped=False)
    assert not search_index_current(store)
    first = CliRunner().invoke(cli, ["search", "alpha", "--store", str(store)], catch_exceptions=False)
    assert first.exit_code == 0
    assert first.stdout == "Alpha\t-\tlabel: «Alpha»\turn:x:a\n"
    assert first.stderr == f"building the search index of {store} (once, by the first search over this store)…\n"
    assert search_index_current(store)
    again = CliRunner().invoke(cli, ["search", "alpha", "--store", str(store)], catch_exceptions=False)
    assert (again.exit_code, again.stdout, again.stderr) == (0, first.stdout, "")


def test_a_load_into_the_store_brings_a_new_index(tmp_path: Path) -> None:
    (tmp_path / "one.ttl").write_text('<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" .\n')
    (tmp_path / "two.ttl").write_text('<urn:x:b> <http://www.w3.org/2000/01/rdf-schema#label> "Beta" .\n')
    store = tmp_path / "store"
    load([tmp_path / "one.ttl"], store, shipped=False)
    assert labels(search(open_graph(store=store), "beta")) == []
    stamp = _recorded(store / FILE_NAME)
    load([tmp_path / "two.ttl"], store, shipped=False)
    assert fingerprint(store) != stamp  # the old index no longer matches: it is never read
    assert labels(search(open_graph(store=store), "beta")) == ["Beta"]
    assert labels(search(open_graph(store=store), "alpha")) == ["Alpha"]
    assert _recorded(store / FILE_NAME) == fingerprint(store)


def test_a_failed_load_leaves_the_store_and_its_index_as_they_were(tmp_path: Path) -> None:
    (tmp_path / "one.ttl").write_text('<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" .\n')
    (tmp_path / "bad.ttl").write_text('<urn:x:b> <http://www.w3.org/2000/01/rdf-schema#label> "Beta .\n')
    store = tmp_path / "store"
    load([tmp_path / "one.ttl"], store, shipped=False)
    before = {p.name: p.read_bytes() for p in store.iterdir() if p.is_file()}
    with pytest.raises(Exception, match="syntax error"):
        load([tmp_path / "bad.ttl"], store, shipped=False)
    assert {p.name: p.read_bytes() for p in store.iterdir() if p.is_file()} == before
    assert labels(search(open_graph(store=store), "alpha")) == ["Alpha"]


def test_a_stale_index_is_never_used(tmp_path: Path) -> None:
    (tmp_path / "one.ttl").write_text('<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" .\n')
    store = tmp_path / "store"
    load([tmp_path / "one.ttl"], store, shipped=False)
    assert labels(search(open_graph(store=store), "alpha")) == ["Alpha"]
    stamp = _recorded(store / FILE_NAME)
    writer = ox.Store(str(store))  # anything that writes into the store changes its files
    writer.add(ox.Quad(ox.NamedNode("urn:x:c"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                       ox.Literal("Gamma")))
    writer.flush()
    del writer
    assert fingerprint(store) != stamp
    assert labels(search(open_graph(store=store), "gamma")) == ["Gamma"]
    assert _recorded(store / FILE_NAME) == fingerprint(store)  # rebuilt for the store as it is now


def test_a_store_folder_the_index_cannot_be_written_into_is_searched_all_the_same(tmp_path: Path) -> None:
    """When the index cannot be written (here its name is taken by a folder, which fails for root too, unlike a
    read-only folder), the search builds one in memory and writes nothing."""
    (tmp_path / "one.ttl").write_text('<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" .\n')
    store = tmp_path / "store"
    load([tmp_path / "one.ttl"], store, shipped=False)
    (store / FILE_NAME).mkdir()
    before = sorted(p.name for p in store.iterdir())
    assert labels(search(open_graph(store=store), "alpha")) == ["Alpha"]
    assert sorted(p.name for p in store.iterdir()) == before
    assert (store / FILE_NAME).is_dir()


def test_a_corrupt_index_is_replaced(tmp_path: Path) -> None:
    (tmp_path / "one.ttl").write_text('<urn:x:a> <http://www.w3.org/2000/01/rdf-schema#label> "Alpha" .\n')
    store = tmp_path / "store"
    load([tmp_path / "one.ttl"], store, shipped=False)
    (store / FILE_NAME).write_bytes(b"not a database")
    assert labels(search(open_graph(store=store), "alpha")) == ["Alpha"]
    assert _recorded(store / FILE_NAME) == fingerprint(store)


def test_examples() -> None:
    module = importlib.import_module("partnerkg.queries.fulltext")
    assert doctest.testmod(module).failed == 0


# ---- the command and the API ------------------------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_the_search_command_prints_the_ranked_hits(engine: str, folder: Path, invoke) -> None:
    where = ["--data", str(folder / "data.ttl"), "--no-shipped"] if engine == "memory" else \
        ["--store", str(folder / "store")]
    out = invoke("search", "TÚRNING poi", *where)
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines() == [
        "Turning Point\torganisation\tlabel: «Turning» «Point»\thttps://example.org/id/tp",
        "Turning Point and Mind in partnership\tpartnership\tlabel: «Turning» «Point» and Mind in partnership\t"
        "https://example.org/id/tpm",
        "Children Act 2004\tpolicy\tdescription: An act on «turning» «points» in children's services\t"
        "https://example.org/id/act"]
    out = invoke("search", "turning", "--kind", "policy", "--limit", "1", "--format", "json", *where)
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert (doc["text"], doc["kind"], doc["limit"]) == ("turning", "policy", 1)
    assert [(h["iri"], h["label"], h["kind"], h["field"], h["text"]) for h in doc["hits"]] == [
        ("https://example.org/id/act", "Children Act 2004", "policy", "description",
         "An act on «turning» points in children's services")]


@pytest.mark.parametrize(("args", "message"), [
    (["!!!"], "Invalid value for 'TEXT': '!!!': give at least one word (letters or digits) to search for"),
    (["mind", "--kind", "orgnisation"], "Invalid value for --kind: --kind orgnisation: no such kind"),
    (["mind", "--limit", "0"], "Invalid value for '--limit': 0 is not in the range 1<=x<=1000"),
])
def test_the_search_command_names_a_bad_value(args: list[str], message: str, folder: Path, invoke) -> None:
    out = invoke("search", *args, "--data", str(folder / "data.ttl"), "--no-shipped")
    assert out.exit_code == 2
    assert message in out.output


def test_the_api_searches_the_knowledge_graph(folder: Path) -> None:
    import partnerkg

    kg = partnerkg.open([folder / "data.ttl"], shipped=False)
    assert [(h.label, h.field) for h in kg.search("CAFE ørsted")] == [("Café Ørsted Trust", "label")]
    assert [h.label for h in partnerkg.open(store=folder / "store").search("mental health", kind="organisation")] \
        == ["Mind"]
    with pytest.raises(OptionError, match="limit"):
        kg.search("mind", limit=0)


def test_the_search_command_documents_its_options(invoke) -> None:
    out = invoke("search", "--help")
    assert out.exit_code == 0
    assert "search [OPTIONS] TEXT" in out.output
    for flag in ("--kind", "--limit", "--format", "--data", "--store"):
        assert flag in out.output
