"""rdflib's JSON-LD reader drops a node with an invalid IRI without a word; partnerkg collects and refuses it."""

from __future__ import annotations

import pytest
from rdflib import Graph

from partnerkg._compat import rdflib_jsonld
from partnerkg.errors import InputError
from partnerkg.rdf_files import RDFFormat, read_rdf_bytes

DOC = b'{"@id": "http://example.org/a b", "http://example.org/p": "x"}'


def test_the_fault_exists_in_the_installed_rdflib() -> None:
    assert rdflib_jsonld.rdflib_drops_invalid_iris()
    assert len(Graph().parse(data=DOC, format="json-ld")) == 0  # the node is gone, and nothing said so


def test_partnerkg_refuses_the_file_naming_the_iri() -> None:
    with pytest.raises(InputError, match=r"^doc\.jsonld:1:\d+: invalid IRI <http://example\.org/a b>: a space"):
        read_rdf_bytes(DOC, RDFFormat.JSONLD, "doc.jsonld")


def test_collecting_outside_a_parse_collects_nothing() -> None:
    rdflib_jsonld.install()
    with rdflib_jsonld.collecting_dropped_iris() as dropped:
        Graph().parse(data=b'{"@id": "http://example.org/ok", "http://example.org/p": "x"}', format="json-ld")
    assert dropped == []
