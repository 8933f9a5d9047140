"""``export --store`` writes with Oxigraph's writers: the store's triples exactly, the same bytes every time."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from partnerkg.cli import cli
from partnerkg.interop.export import stable_bnodes
from partnerkg.store.graphs import open_graph


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("ntriples", "nt"), ("turtle", "turtle"), ("jsonld", "json-ld"),
                                                     ("nquads", "nquads"), ("rdfxml", "xml")])
def test_export_store_holds_exactly_the_store(country_store: Path, tmp_path: Path, fmt: str,
                                              rdflib_format: str) -> None:
    out = tmp_path / f"out.{fmt}"
    args = ["export", "--store", str(country_store), "-f", fmt, "-o", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    first = out.read_bytes()
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert out.read_bytes() == first
    expected = Graph()
    for t in open_graph(store=country_store).triples((None, None, None)):
        expected.add(t)
    got = Dataset() if fmt == "nquads" else Graph()
    got.parse(out, format=rdflib_format)
    triples = Graph()
    for t in got.triples((None, None, None)):
        triples.add(t)
    assert len(triples) == len(expected)
    # equal up to blank-node labels (content-hash labels; rdflib.compare.isomorphic takes minutes here)
    assert set(stable_bnodes(triples)) == set(stable_bnodes(expected))
