"""``partnerkg dump``: the bulk hand-off kit — deterministic gzip-compressed N-Quads parts, the VoID and DCAT
description, checksums, LOADING.md — and a real bulk load into Virtuoso with ``ld_dir``/``rdf_loader_run``."""

from __future__ import annotations

import gzip
import hashlib
import json
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from partnerkg.interop.export import stable_bnodes
from partnerkg.namespaces import PK
from partnerkg.queries.remote import run_remote_library
from partnerkg.queries.runner import run as run_local
from partnerkg.store.terms import to_rdflib
from tests.interop.servers import Virtuoso

VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
GRAPH = "https://w3id.org/partnerkg/graph/bulk"


def parts_of(folder: Path) -> list[Path]:
    return sorted(folder.glob("partnerkg-*.nq.gz"))


def read_parts(folder: Path) -> Dataset:
    """The parts read as a loader reads them: each file its own document (blank-node labels renamed per file)."""
    ds = Dataset()
    for part in parts_of(folder):
        for q in ox.parse(gzip.decompress(part.read_bytes()), format=ox.RdfFormat.N_QUADS, rename_blank_nodes=True):
            default = isinstance(q.graph_name, ox.DefaultGraph)
            context = ds.default_graph if default else ds.graph(to_rdflib(q.graph_name))
            context.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return ds


def void_of(folder: Path) -> tuple[Graph, URIRef]:
    g = Graph().parse(folder / "void.ttl", format="turtle", publicID=folder.as_uri() + "/void.ttl")
    return g, URIRef(folder.as_uri() + "/void.ttl#dataset")


@pytest.fixture(scope="module")
def dumped(tmp_path_factory: pytest.TempPathFactory, run_module: Callable[..., Result]) -> Path:
    out = tmp_path_factory.mktemp("dump") / "kit"
    result = run_module("dump", "--output", str(out), "--split-triples", "3000", "--graph", GRAPH)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def run_module() -> Callable[..., Result]:
    from click.testing import CliRunner

    from partnerkg.cli import cli

    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


def test_the_parts_hold_the_graph_and_keep_every_blank_node_in_one_part(dumped: Path, shipped: Graph) -> None:
    parts = parts_of(dumped)
    assert [p.name for p in parts] == [f"partnerkg-{i:05d}.nq.gz" for i in range(1, len(parts) + 1)]
    assert len(parts) == 5  # 12k triples in parts of at most 3,000
    ds = read_parts(dumped)
    assert {c.identifier for c in ds.graphs() if len(c)} == {URIRef(GRAPH)}
    loaded = ds.graph(URIRef(GRAPH))
    assert len(loaded) == len(shipped)
    # isomorphic even though every part was read with its own blank-node labels
    assert set(stable_bnodes(loaded)) == set(stable_bnodes(shipped))
    for part in parts:
        lines = gzip.decompress(part.read_bytes()).decode("utf-8").splitlines()
        assert 0 < len(lines) <= 3000
        assert all(line.endswith(f" <{GRAPH}> .") for line in lines)


def test_the_same_graph_gives_the_same_bytes(dumped: Path, tmp_path: Path, run_module: Callable[..., Result]) -> None:
    again = tmp_path / "again"
    assert run_module("dump", "-o", str(again), "--split-triples", "3000", "--graph", GRAPH).exit_code == 0
    names = sorted(p.name for p in dumped.iterdir())
    assert names == sorted(p.name for p in again.iterdir())
    assert names == [".partnerkg-dump", "LOADING.md", "SHA256SUMS", "partnerkg-00001.nq.gz", "partnerkg-00002.nq.gz",
                     "partnerkg-00003.nq.gz", "partnerkg-00004.nq.gz", "partnerkg-00005.nq.gz", "void.ttl"]
    for name in names:
        assert (dumped / name).read_bytes() == (again / name).read_bytes(), name
    head = (dumped / "partnerkg-00001.nq.gz").read_bytes()[:10]
    assert head[:4] == b"\x1f\x8b\x08\x00" and head[4:8] == b"\x00\x00\x00\x00"  # no file name, no time


def test_void_and_dcat_describe_counts_parts_sizes_checksums_licence_and_sources(dumped: Path, shipped: Graph) -> None:
    g, dataset = void_of(dumped)
    assert (dataset, RDF.type, VOID.Dataset) in g and (dataset, RDF.type, DCAT.Dataset) in g
    assert g.value(dataset, VOID.triples).toPython() == len(shipped)
    assert g.value(dataset, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    sources = set(g.objects(dataset, DCTERMS.source))
    assert sources == set(shipped.subjects(RDF.type, PK.SourceDocument)) and len(sources) == 5
    classes = {g.value(p, VOID["class"]): g.value(p, VOID.entities).toPython()
               for p in g.objects(dataset, VOID.classPartition)}
    assert classes[PK.Organisation] == len(set(shipped.subjects(RDF.type, PK.Organisation)))
    assert classes[PK.Partnership] == len(set(shipped.subjects(RDF.type, PK.Partnership)))
    properties = {g.value(p, VOID.property): g.value(p, VOID.triples).toPython()
                  for p in g.objects(dataset, VOID.propertyPartition)}
    assert sum(properties.values()) == len(shipped)
    assert properties[PK.hasPartner] == len(list(shipped.triples((None, PK.hasPartner, None))))
    assert g.value(dataset, VOID.classes).toPython() == len(classes)
    distributions = list(g.objects(dataset, DCAT.distribution))
    assert len(distributions) == 5
    total = 0
    sums = {}
    for d in distributions:
        url = g.value(d, DCAT.downloadURL)
        path = dumped / url.rsplit("/", 1)[1]
        assert url == URIRef(dumped.as_uri() + "/" + path.name)  # relative to void.ttl
        assert (dataset, VOID.dataDump, url) in g
        assert g.value(d, DCAT.byteSize).toPython() == path.stat().st_size
        checksum = g.value(d, SPDX.checksum)
        assert g.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert str(g.value(checksum, SPDX.checksumValue)) == digest
        sums[path.name] = digest
        lines = gzip.decompress(path.read_bytes()).count(b"\n")
        assert g.value(d, VOID.triples).toPython() == lines
        assert g.value(d, DCAT.mediaType) == URIRef("https://www.iana.org/assignments/media-types/application/n-quads")
        total += lines
    assert total == len(shipped)
    assert (dumped / "SHA256SUMS").read_text() == "".join(f"{sums[n]}  {n}\n" for n in sorted(sums))


def test_loading_md_gives_the_exact_commands(dumped: Path, shipped: Graph) -> None:
    text = (dumped / "LOADING.md").read_text()
    assert f"ld_dir('/data/partnerkg-dump', 'partnerkg-*.nq.gz', '{GRAPH}');" in text
    assert "rdf_loader_run();" in text and "checkpoint;" in text
    assert f"must answer **{len(shipped)}**" in text
    assert f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}" in text
    assert "tdb2.xloader --loc partnerkg-tdb2 partnerkg-*.nq.gz" in text
    assert '"format": "nquads"' in text and "/loader" in text  # Neptune
    assert '"cmd": "zcat {}", "format": "nq"' in text  # QLever
    assert "sha256sum -c SHA256SUMS" in text


def test_named_graphs_keep_their_names_and_default_triples_carry_none(tmp_path: Path,
                                                                        run_module: Callable[..., Result]) -> None:
    data = tmp_path / "two.trig"
    data.write_text('<urn:a> <urn:p> "default" .\n<urn:g> { <urn:a> <urn:p> _:x . _:x <urn:q> "in g" . }\n')
    out = tmp_path / "kit"
    assert run_module("dump", "-o", str(out), "--data", str(data), "--no-shipped").exit_code == 0
    lines = sorted(gzip.decompress(p.read_bytes()).decode() for p in parts_of(out))
    text = "".join(lines)
    assert '<urn:a> <urn:p> "default" .\n' in text
    assert text.count(" <urn:g> .\n") == 2
    g, dataset = void_of(out)
    assert g.value(dataset, VOID.triples) == Literal(3, datatype=URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger"))
    assert "carry no graph name" in (out / "LOADING.md").read_text()
    clash = run_module("dump", "-o", str(tmp_path / "clash"), "--data", str(data), "--no-shipped", "--graph", "urn:g")
    assert clash.exit_code == 2 and "already has a named graph with this name" in clash.stderr


def test_a_store_dumps_through_oxigraph(tmp_path: Path, run_module: Callable[..., Result]) -> None:
    extra = tmp_path / "extra.nt"
    extra.write_text("<urn:a> <urn:p> _:b .\n_:b <urn:q> \"x\" .\n")
    store = tmp_path / "store"
    assert run_module("load", str(extra), "--store", str(store), "-q").exit_code == 0
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        result = run_module("dump", "-o", str(out), "--store", str(store), "--split-triples", "5000")
        assert result.exit_code == 0, result.output
    assert [p.read_bytes() for p in parts_of(first)] == [p.read_bytes() for p in parts_of(second)]
    quads = len(ox.Store.read_only(str(store)))
    g, dataset = void_of(first)
    assert g.value(dataset, VOID.triples).toPython() == quads == sum(
        gzip.decompress(p.read_bytes()).count(b"\n") for p in parts_of(first))
    assert "the store" in str(g.value(dataset, DCTERMS.description))


def test_refusals(tmp_path: Path, run_module: Callable[..., Result]) -> None:
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "drafts").mkdir()
    (foreign / "notes.txt").write_text("keep me")
    refused = run_module("dump", "-o", str(foreign))
    assert refused.exit_code == 2 and "not part of an earlier partnerkg dump (drafts)" in refused.stderr
    assert (foreign / "notes.txt").read_text() == "keep me" and len(list(foreign.iterdir())) == 2
    bad = run_module("dump", "-o", str(tmp_path / "x"), "--graph", "not an iri")
    assert bad.exit_code == 2 and "--graph" in bad.stderr and "not an absolute IRI" in bad.stderr
    assert not (tmp_path / "x").exists()
    zero = run_module("dump", "-o", str(tmp_path / "x"), "--split-triples", "0")
    assert zero.exit_code == 2


# ---- a real bulk load ---------------------------------------------------------------------------------------

BULK_QUERIES = [
    ("organisations-by-sector", {}),
    ("partnership-partners", {}),
    ("evidence", {"entity": "Mind"}),
    ("policies-by-year", {}),
]


@pytest.fixture(scope="module")
def bulk_loaded(virtuoso_instance: Virtuoso, run_module: Callable[..., Result]) -> str:
    """The shipped graph dumped into Virtuoso's loadable folder and bulk-loaded with ld_dir/rdf_loader_run."""
    folder = virtuoso_instance.loadable / "partnerkg-dump"
    result = run_module("dump", "-o", str(folder), "--split-triples", "3000", "--graph", GRAPH)
    assert result.exit_code == 0, result.output
    out = virtuoso_instance.isql(
        f"ld_dir('{folder}', 'partnerkg-*.nq.gz', '{GRAPH}')",
        "rdf_loader_run()",
        "checkpoint",
        f"SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list WHERE ll_file LIKE '{folder}/%'",
    )
    assert out.count(str(folder) + "/partnerkg-") == 5, out
    return f"{virtuoso_instance.base}/sparql?default-graph-uri={urllib.parse.quote(GRAPH, safe='')}"


def test_virtuoso_bulk_loader_takes_every_part(virtuoso_instance: Virtuoso, bulk_loaded: str, shipped: Graph) -> None:
    states = virtuoso_instance.isql(
        "SELECT COUNT(*) FROM DB.DBA.load_list WHERE ll_file LIKE '%partnerkg-dump/%' AND ll_state = 2 "
        "AND ll_error IS NULL")
    assert states.split() == ["5"], states
    query = urllib.parse.urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"})
    request = urllib.request.Request(f"{virtuoso_instance.base}/sparql?{query}",
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=60) as answer:
        n = int(json.load(answer)["results"]["bindings"][0]["n"]["value"])
    assert n == len(shipped)


@pytest.mark.parametrize(("name", "params"), BULK_QUERIES, ids=[n for n, _ in BULK_QUERIES])
def test_library_queries_answer_the_same_after_the_bulk_load(bulk_loaded: str, name: str,
                                                              params: dict[str, str]) -> None:
    remote, local = run_remote_library(name, bulk_loaded, **params), run_local(name, **params)
    assert remote.vars == local.vars
    assert local.rows
    assert sorted(repr(r) for r in remote.rows) == sorted(repr(r) for r in local.rows)


def test_query_endpoint_command_after_the_bulk_load(bulk_loaded: str, run_module: Callable[..., Result]) -> None:
    remote = run_module("query", "evidence", "--endpoint", bulk_loaded, "--param", "entity=Turning Point", "-f", "tsv")
    local = run_module("query", "evidence", "--param", "entity=Turning Point", "-f", "tsv")
    assert remote.exit_code == 0, remote.output
    assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
    assert len(local.stdout.splitlines()) > 2
