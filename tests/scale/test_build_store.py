"""``build --store`` and chunked SHACL: the same verdict as the in-memory path, all or nothing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from partnerkg.cli import cli
from partnerkg.ontology.validation import validate
from partnerkg.queries.fulltext import FILE_NAME, search
from partnerkg.queries.label_index import fingerprint
from partnerkg.store.graphs import open_graph
from partnerkg.store.load import load
from partnerkg.store.validation import validate_store

# Faults every shape family can see: a partnership with one partner that is not an organisation, an
# organisation without a label and with a region that is not a pk:Region, a quote-less derivation from a
# source document, a negative count and an orphan derivation (a blank node nothing points to).
BROKEN = """
@prefix pk: <https://w3id.org/partnerkg/ontology#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/partnerkg/id/> .

id:partnership\\/lonely a pk:Partnership ; rdfs:label "Lonely partnership"@en ;
    pk:hasPartner id:policy\\/not-an-organisation ;
    prov:wasDerivedFrom id:source\\/some-report ;
    prov:qualifiedDerivation [ a prov:Derivation ; prov:entity id:source\\/some-report ] .
id:policy\\/not-an-organisation a pk:Policy ; rdfs:label "A policy"@en .
id:organisation\\/nameless a pk:Organisation ; pk:region id:organisation\\/lonely-region ;
    prov:wasDerivedFrom id:source\\/some-report ;
    prov:qualifiedDerivation [ a prov:Derivation ; prov:entity id:source\\/some-report ; pk:quote "a quote" ] .
id:organisation\\/lonely-region rdfs:label "Not a region"@en .
id:source\\/some-report a pk:SourceDocument ; rdfs:label "Some report"@en ; <http://purl.org/dc/terms/identifier> "r" .
id:study\\/counted a pk:Study ; rdfs:label "A study"@en ; pk:sitesStudied "12"^^xsd:nonNegativeInteger ;
    pk:interviewees "-3"^^xsd:integer .
[] a prov:Derivation ; pk:quote "nobody points here" .
"""


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory, country: Path) -> tuple[Path, Path]:
    """The small country plus the faults above, as files and as a store without the shipped graph."""
    folder = tmp_path_factory.mktemp("broken")
    faults = folder / "faults.ttl"
    faults.write_text(BROKEN, encoding="utf-8")
    store = folder / "store"
    load([country, faults], store, shipped=False)
    return faults, store


def test_chunked_validation_finds_exactly_what_the_whole_graph_validation_finds(
        broken: tuple[Path, Path], country: Path) -> None:
    faults, store = broken
    whole = validate(open_graph([country, faults], shipped=False), owl=False)
    seen: list[tuple[int, int]] = []
    chunked = validate_store(store, owl=False, chunk=50, progress=lambda done, total: seen.append((done, total)))
    assert not whole.conforms
    assert chunked.violations == whole.violations
    assert {v.focus.split()[0] for v in chunked.violations} >= {
        "<https://w3id.org/partnerkg/id/partnership/lonely>", "<https://w3id.org/partnerkg/id/organisation/nameless>",
        "<https://w3id.org/partnerkg/id/study/counted>", "[blank"}
    assert len(seen) == 6 and seen[-1][0] == seen[-1][1]  # several chunks, and the last one completes


def test_integer_subtypes_that_oxigraph_drops_do_not_fail_the_store(country_store: Path) -> None:
    # the shipped graph's study figures are xsd:nonNegativeInteger; Oxigraph reads them back as xsd:integer
    assert validate_store(country_store, owl=False).conforms


def test_build_store_writes_the_store_and_maps(country_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--store", str(country_store), "-o", str(out), "--no-owl"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [".partnerkg-build", "maps", "ontology.ttl", "partnerkg.jsonld",
                                                      "partnerkg.nt",
                                                      "partnerkg.ttl"]
    expected = len(open_graph(store=country_store))
    for name, fmt in (("partnerkg.nt", "nt"), ("partnerkg.ttl", "turtle"), ("partnerkg.jsonld", "json-ld")):
        assert len(Graph().parse(out / name, format=fmt)) == expected, name
    assert (out / "maps" / "index.html").is_file()
    assert f"({expected} triples)" in result.output


def test_build_store_refuses_invalid_data_and_keeps_the_old_output(broken: tuple[Path, Path],
                                                                     tmp_path: Path) -> None:
    _faults, store = broken
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("old build")
    (out / ".partnerkg-build").write_text("an earlier build")
    result = CliRunner().invoke(cli, ["build", "--store", str(store), "-o", str(out), "--no-owl", "--no-maps"])
    assert result.exit_code == 1
    assert "validation failed; nothing was written" in result.output
    assert "partnership/lonely" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == [".partnerkg-build", "old.txt"]


def test_build_store_with_data_is_a_usage_error(country_store: Path, country: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--store", str(country_store), "--data", str(country),
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "cannot be combined with --data" in result.output
    assert not (tmp_path / "out").exists()


def test_build_store_writes_a_missing_search_index(country_store: Path, tmp_path: Path) -> None:
    """A store loaded before the full-text index existed (or whose index was removed) gets one from build --store,
    current for the store's files."""
    store = tmp_path / "store"
    shutil.copytree(country_store, store)
    (store / FILE_NAME).unlink()
    result = CliRunner().invoke(cli, ["build", "--store", str(store), "-o", str(tmp_path / "out"), "--no-owl",
                                      "--no-maps"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(f"{(store / FILE_NAME).as_uri()}?mode=ro", uri=True) as db:
        assert db.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()[0] == fingerprint(store)
    assert [hit.iri for hit in search(open_graph(store=store), "turning point", limit=1)] == [
        "https://w3id.org/partnerkg/id/organisation/turning-point"]
