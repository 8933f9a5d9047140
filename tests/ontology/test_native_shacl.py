"""rudof's native SHACL engine gives the report pySHACL gives, on the shipped graph broken in seeded ways."""

from __future__ import annotations

import random

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, XSD

from partnerkg.graph import shipped_data
from partnerkg.namespaces import PK
from partnerkg.ontology import native_shacl
from partnerkg.ontology.validation import validate

from ..conftest import need


def broken(seed: int) -> Graph:
    """The shipped graph with 40 triples dropped, second labels, partners and years added at random."""
    g = shipped_data()
    rng = random.Random(seed)
    for t in rng.sample(sorted(g, key=lambda t: tuple(map(str, t))), 40):
        g.remove(t)
    subjects = sorted({s for s in g.subjects() if isinstance(s, URIRef)})
    for s in rng.sample(subjects, 10):
        g.add((s, RDFS.label, Literal("second label", lang="en")))
    for s in rng.sample(subjects, 10):
        g.add((s, PK.hasPartner, rng.choice(subjects)))
    for s in rng.sample(subjects, 5):
        g.add((s, PK.startYear, Literal("2004", datatype=XSD.gYear)))
    return g


@pytest.mark.parametrize("engine", ["rudof", "compiled"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_engine_gives_pyshacls_report(seed: int, engine: str) -> None:
    need(engine != "rudof" or native_shacl.available(), f"the native engine needs {native_shacl.EXTRA}")
    g = broken(seed)
    reference = validate(g, owl=False, engine="pyshacl").violations
    assert len(reference) > 20  # the breakage is found: the comparison is not between two empty reports
    assert validate(g, owl=False, engine=engine).violations == reference


def test_an_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="engine is one of auto, pyshacl, rudof, compiled"):
        validate(Graph(), owl=False, engine="jena")
