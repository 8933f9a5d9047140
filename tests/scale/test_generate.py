"""The generator: deterministic for a seed, valid against the SHACL shapes, shaped like a country."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from partnerkg.cli import cli
from partnerkg.graph.synthetic import generate
from partnerkg.namespaces import ORG, PK, PROV


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    for suffix in ("nt", "ttl"):
        a, b, c = (tmp_path / f"{n}.{suffix}" for n in "abc")
        generate(a, 200, 300, seed=5)
        generate(b, 200, 300, seed=5)
        generate(c, 200, 300, seed=6)
        assert a.read_bytes() == b.read_bytes()
        assert a.read_bytes() != c.read_bytes()


def test_turtle_and_ntriples_hold_the_same_graph(tmp_path: Path) -> None:
    from rdflib.compare import isomorphic

    nt, ttl = generate(tmp_path / "c.nt", 60, 80, seed=2), generate(tmp_path / "c.ttl", 60, 80, seed=2)
    assert nt.triples == ttl.triples
    assert isomorphic(Graph().parse(nt.path, format="nt"), Graph().parse(ttl.path, format="turtle"))


def test_generated_country_is_shacl_valid(country: Path) -> None:
    from partnerkg.ontology.validation import validate
    from partnerkg.store.graphs import open_graph

    report = validate(open_graph([country], shipped=False), owl=False)
    assert report.conforms, report.text()


def test_the_country_has_its_parts(country: Path) -> None:
    g = Graph().parse(country, format="nt")
    sectors = Counter(g.objects(None, PK.sector))
    assert set(sectors) == {PK.StatutorySector, PK.VoluntaryCommunitySector, PK.PrivateSector}
    assert len(set(g.subjects(ORG.subOrganizationOf, None))) > 0  # branches of national bodies
    partners = Counter(len(list(g.objects(p, PK.hasPartner))) for p in g.subjects(None, PK.Partnership))
    assert min(partners) >= 2 and max(partners) <= 8
    per_org = Counter(o for o in g.objects(None, PK.hasPartner))
    assert max(per_org.values()) >= 5 * (sum(per_org.values()) / len(per_org))  # heavy-tailed
    assert not list(g.triples((None, PK.quote, None)))
    assert {o for o in g.objects(None, PROV.entity)} == set(g.subjects(None, PK.SyntheticSource))
    for p in (PK.partnershipModel, PK.lifeCycleStage, PK.facesBarrier, PK.facilitatedBy, PK.region):
        assert next(g.triples((None, p, None)), None) is not None, p


@pytest.mark.parametrize("args", [
    ["--organisations", "0", "--partnerships", "1", "--output", "x.nt"],
    ["--organisations", "1", "--partnerships", "3", "--output", "x.nt"],
    ["--organisations", "5", "--partnerships", "-1", "--output", "x.nt"],
    ["--organisations", "5", "--partnerships", "5", "--output", "x.csv"],
    ["--organisations", "five", "--partnerships", "5", "--output", "x.nt"],
    ["--partnerships", "5", "--output", "x.nt"],
])
def test_generate_rejects_bad_arguments_with_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["generate", *[str(tmp_path / a) if a.startswith("x.") else a for a in args]])
    assert result.exit_code == 2, result.output
    assert not list(tmp_path.iterdir())


def test_generate_cli_writes_the_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["generate", "-n", "30", "-m", "20", "--seed", "4", "-o", str(tmp_path / "c.ttl")])
    assert result.exit_code == 0, result.output
    assert "30 organisations, 20 partnerships" in result.output
    assert len(Graph().parse(tmp_path / "c.ttl")) > 0
