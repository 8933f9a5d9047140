"""The protocol module on its own: Accept parsing and negotiation, reading GET and POST requests; and the
doctests of the server's modules."""

from __future__ import annotations

import doctest

import pytest

import partnerkg.server.app
import partnerkg.server.guard
import partnerkg.server.protocol
from partnerkg.errors import ProtocolError
from partnerkg.queries.dataset import DatasetSelection
from partnerkg.server.protocol import GRAPH_TYPES, RESULT_TYPES, negotiate, parse_accept, read_get, read_post


@pytest.mark.parametrize("module", [partnerkg.server.protocol, partnerkg.server.app, partnerkg.server.guard])
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(("header", "ranges"), [
    (None, [("*", "*", 1.0)]),
    ("", [("*", "*", 1.0)]),
    ("*", [("*", "*", 1.0)]),
    ("Text/CSV ; Q=0.5 ; ext=1", [("text", "csv", 0.5)]),
    ("text/csv;q=2, text/tsv;q=x, */csv, garbage, application/json", [("application", "json", 1.0)]),
    ("text/csv;charset=utf-8;q=0.3", [("text", "csv", 0.3)]),
])
def test_parse_accept(header, ranges):
    assert parse_accept(header) == ranges


@pytest.mark.parametrize(("accept", "kind", "expected"), [
    (None, "SELECT", "application/sparql-results+json"),
    (None, "DESCRIBE", "text/turtle"),
    ("application/*", "SELECT", "application/sparql-results+json"),
    ("application/*;q=0.5, text/*", "SELECT", "text/csv"),
    ("text/*", "SELECT", "text/csv"),                      # the canonical text/csv beats XML's alias text/xml
    ("text/xml", "SELECT", "application/sparql-results+xml"),
    ("application/xml", "CONSTRUCT", "application/rdf+xml"),
    ("application/turtle", "CONSTRUCT", "text/turtle"),
    ("application/n-triples;q=0.9, text/turtle;q=0.8", "CONSTRUCT", "application/n-triples"),
    ("*/*;q=0.1, application/ld+json", "CONSTRUCT", "application/ld+json"),
    ("text/csv, */*;q=0.2", "ASK", "application/sparql-results+json"),
    ("text/csv;q=0, */*", "SELECT", "application/sparql-results+json"),
    ("text/csv", "ASK", None),
    ("text/html", "SELECT", None),
    ("*/*;q=0", "SELECT", None),
])
def test_negotiate(accept, kind, expected):
    chosen = negotiate(accept, kind)
    assert (chosen.name if chosen else None) == expected


def test_every_format_has_its_own_media_type():
    names = [t.name for t in RESULT_TYPES + GRAPH_TYPES]
    assert len(set(names)) == len(names) == 8


def status_of(call) -> int:
    with pytest.raises(ProtocolError) as refused:
        call()
    return refused.value.status


def test_read_get():
    assert read_get(b"", 100) is None
    assert read_get(b"format=json", 100) is None  # no query: the service description
    assert read_get(b"query=ASK+%7B%7D&format=json", 100).query == "ASK {}"
    assert read_get(b"query=caf%C3%A9", 100).query == "café"
    assert status_of(lambda: read_get(b"query=ASK%7B%7D", 4)) == 414
    assert status_of(lambda: read_get(b"query=%FF", 100)) == 400
    assert status_of(lambda: read_get(b"update=CLEAR+ALL", 100)) == 403
    assert read_get(b"query=ASK%7B%7D&default-graph-uri=urn%3Ax&named-graph-uri=urn%3Ay&default-graph-uri=urn%3Ax",
                    100).dataset == DatasetSelection(("urn:x",), ("urn:y",))
    assert read_get(b"query=ASK%7B%7D", 100).dataset is None  # the query's own FROM clauses apply
    assert status_of(lambda: read_get(b"query=ASK%7B%7D&default-graph-uri=x", 100)) == 400
    assert status_of(lambda: read_get(b"query=ASK%7B%7D&using-graph-uri=urn%3Ax", 100)) == 400
    assert status_of(lambda: read_get(b"&".join([b"a=1"] * 101), 100)) == 400


def test_read_post():
    assert read_post("application/sparql-query", b"ASK {}", b"").query == "ASK {}"
    assert read_post("Application/SPARQL-Query; charset=UTF-8", b"ASK {}", b"").query == "ASK {}"
    assert read_post("application/x-www-form-urlencoded", b"query=ASK+%7B%7D", b"").query == "ASK {}"
    assert status_of(lambda: read_post("application/sparql-query", b"  ", b"")) == 400
    assert status_of(lambda: read_post("application/sparql-query; charset=latin-1", b"ASK {}", b"")) == 415
    assert status_of(lambda: read_post("application/sparql-update", b"CLEAR ALL", b"")) == 403
    assert status_of(lambda: read_post("application/x-www-form-urlencoded", b"query=ASK&update=CLEAR", b"")) == 403
    assert read_post("application/x-www-form-urlencoded", b"query=ASK",
                     b"named-graph-uri=urn%3Ax").dataset == DatasetSelection((), ("urn:x",))
    assert read_post("application/sparql-query", b"ASK {}", b"default-graph-uri=urn%3Ax").dataset == \
        DatasetSelection(("urn:x",))
    assert status_of(lambda: read_post("application/x-www-form-urlencoded", b"query=ASK", b"query=ASK")) == 400
    assert status_of(lambda: read_post("text/plain", b"ASK {}", b"")) == 415
    assert status_of(lambda: read_post(None, b"ASK {}", b"")) == 400
    assert status_of(lambda: read_post("", b"query=ASK", b"")) == 400
