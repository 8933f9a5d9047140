"""The library queries rewritten for speed over a store, on pathological data (``rewrites_fixture.ttl``: region
cycles and a self-loop, organisations with two or three sectors, partners listed both ways, subclass chains,
literal sectors that compare equal or not at all, two models, unlabelled facts, barriers and facilitators of
partnerships with different sector mixes): exact answers for the
semantic edges, and an Oxigraph store answers as rdflib's engine does in memory."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Literal

from partnerkg.ontology.files import ONTOLOGY_FILE, package_file
from partnerkg.queries.result import QueryResult
from partnerkg.queries.runner import run
from partnerkg.store.graphs import open_graph
from partnerkg.store.load import load

HERE = Path(__file__).parent
PK = "https://w3id.org/partnerkg/ontology#"

CASES = [
    ("sector-bridging-organisations", {}),
    ("cross-sector-partnerships", {}),
    ("partnerships-by-region", {}),
    ("partnerships-by-region", {"region": "<urn:x:rA>"}),
    ("single-source-entities", {}),
    ("partnership-overview", {}),
    # the diagnoses read every partnership's sector mix once, as a grouped count (not EXISTS per partnership)
    *[(name, {"partnership": f"<urn:x:{p}>"}) for name in ("diagnosis-partnership", "diagnosis-barriers",
                                                          "diagnosis-facilitators", "diagnosis-similar")
      for p in ("p1", "p2", "p3", "p7")],
]


@pytest.fixture(scope="module")
def graphs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Dataset]:
    """The ontology and the fixture, in memory and in an Oxigraph store."""
    folder = tmp_path_factory.mktemp("rewrites")
    ontology = folder / "partnerkg.ttl"
    ontology.write_bytes(package_file(ONTOLOGY_FILE))
    files = [ontology, HERE / "rewrites_fixture.ttl"]
    load(files, folder / "store", shipped=False)
    return open_graph(files, shipped=False), open_graph(store=folder / "store")


def _term(term: object, *, concat: bool) -> tuple[str, ...]:
    if term is None:
        return ("unbound",)
    if isinstance(term, BNode):
        return ("bnode",)
    if isinstance(term, Literal):
        text, datatype = str(term), str(term.datatype or "")
        if datatype.endswith("#integer"):
            text = format(Decimal(text).normalize(), "f")
        return ("literal", text, datatype, "" if concat else term.language or "")
    return ("iri", str(term))


def _rows(result: QueryResult, concat: tuple[str, ...] = (), drop: str = "") -> list[tuple]:
    """Rows in a comparable form, except those of subject ``drop``; a GROUP_CONCAT column without language tag
    (Oxigraph keeps a tag all values share, rdflib not)."""
    skip = {result.vars.index(v) for v in concat}
    return sorted(tuple(_term(t, concat=i in skip) for i, t in enumerate(row)) for row in result.rows
                  if str(row[0]) != drop)


@pytest.mark.parametrize(("name", "params"), CASES)
def test_the_store_answers_as_memory(graphs, name: str, params: dict) -> None:
    memory, store = graphs
    expected, got = run(name, memory, **params), run(name, store, **params)
    assert expected.vars == got.vars
    concat = ("sectors",) if name == "cross-sector-partnerships" else ()
    # p7's literal sectors have no labels: rdflib's GROUP_CONCAT skips them, Oxigraph's is unbound (also before
    # the rewrite; reported)
    drop = "urn:x:p7" if concat else ""
    assert _rows(expected, concat, drop) == _rows(got, concat, drop)
    assert expected.rows


def _bridging(graph: Dataset) -> set[tuple[str, str, int, int]]:
    rows = run("sector-bridging-organisations", graph).rows
    return {(str(o).removeprefix("urn:x:"), str(s).removeprefix(PK), int(n), int(p)) for o, _, s, _, n, p in rows}


@pytest.mark.parametrize("engine", [0, 1], ids=["memory", "store"])
def test_sector_bridging_counts_other_partners_sectors_exactly(graphs, engine: int) -> None:
    got = _bridging(graphs[engine])
    # o1: statutory by class, voluntary by pk:sector, a partner of p1 both ways; p7's literal sectors count
    # as sectors of their own ("01"^^xsd:integer is "1"), and a sector reached only through o1 itself does not
    assert ("o1", "StatutorySector", 5, 3) in got
    assert ("o1", "VoluntaryCommunitySector", 5, 3) in got
    # o7 has three sectors (two through one class): only its co-partners' sectors count, never its own others
    assert {r for r in got if r[0] == "o7"} == {("o7", "PrivateSector", 2, 2), ("o7", "StatutorySector", 2, 2),
                                                 ("o7", "VoluntaryCommunitySector", 2, 2)}
    # "Voluntary" and "Voluntary"@en are different sectors; "1" and "01" are one
    assert {r for r in got if r[0] in ("o9", "o10", "o11")} == {
        ("o9", "1", 4, 1), ("o9", "Voluntary", 4, 1), ("o10", "Voluntary", 4, 1), ("o10", "1", 3, 1),
        ("o11", "Voluntary", 4, 1)}
    assert not any(r[0] in ("o4", "o8") for r in got)  # no sector; no partnership with a partner


@pytest.mark.parametrize("engine", [0, 1], ids=["memory", "store"])
def test_regions_follow_cycles_and_self_loops_once(graphs, engine: int) -> None:
    rows = run("partnerships-by-region", graphs[engine]).rows
    got = sorted({(str(r).removeprefix("urn:x:"), str(p).removeprefix("urn:x:"), str(s).removeprefix("urn:x:"))
                  for r, _, p, _, s, _ in rows})
    within_a = [t for t in got if t[0] == "rA"]
    assert within_a == [("rA", "o8", "rB"), ("rA", "p1", "rA"), ("rA", "p1", "rC"), ("rA", "p3", "rE")]
    assert [t for t in got if t[1] == "p2"] == [("rD", "p2", "rD")]
    assert [t for t in got if t[1] == "p7"] == [("Somewhere", "p7", "Somewhere")]
    assert len(rows) == len(set(rows))


def _reasons(graph: Dataset, name: str, partnership: str) -> set[tuple[int, str, str]]:
    rows = run(name, graph, partnership=f"<urn:x:{partnership}>").rows
    return {(int(r[0]), str(r[1]).removeprefix("urn:x:"), str(r[4]).removeprefix("urn:x:")) for r in rows}


ALL_THREE = "statutory + voluntary and community + private"


@pytest.mark.parametrize("engine", [0, 1], ids=["memory", "store"])
def test_diagnoses_compare_sector_mixes_exactly(graphs, engine: int) -> None:
    graph = graphs[engine]
    # p1 has all three sectors (o1 statutory by class and voluntary by pk:sector, o2 a charity, o3 private), as
    # have p3 and the untyped p6 (o7 alone brings voluntary, by class); p2 is statutory (a subclass chain) and
    # private; p7 only statutory and voluntary (literal sectors and partners are no sectors)
    assert _reasons(graph, "diagnosis-barriers", "p1") == {
        (3, "b2", "m2"), (5, "b1", "m2"), (5, "b2", "m2"), (5, "b2", "unlabelledStage"), (6, "b2", ALL_THREE),
        (7, "b1", "true"), (7, "b2", "true")}
    assert _reasons(graph, "diagnosis-barriers", "p2") == {(1, "b1", "p2"), (3, "b2", "m2"), (5, "b2", "m2")}
    assert _reasons(graph, "diagnosis-barriers", "p7") == {(1, "b1", "p7"), (7, "b2", "true")}
    # f2 is p1's own, so only f1 comes through the sector mix it shares with p3 and p6
    assert _reasons(graph, "diagnosis-facilitators", "p1") == {
        (5, "f1", "m2"), (5, "f1", "unlabelledStage"), (6, "f1", ALL_THREE), (7, "f1", "true")}
    assert _reasons(graph, "diagnosis-facilitators", "p3") == {
        (5, "f2", "m2"), (5, "f2", "unlabelledStage"), (6, "f2", ALL_THREE), (7, "f2", "true")}
    similar = run("diagnosis-similar", graph, partnership="<urn:x:p2>").rows
    assert {(str(r[1]).removeprefix("urn:x:"), int(r[0]), r[5].toPython()) for r in similar} == {
        ("p1", 1, False), ("p3", 1, False)}
