"""Query results as pandas DataFrames: dtypes from the literals' datatypes, the same frame in memory, over a
store and from a remote endpoint, and a clear message without pandas."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest

import partnerkg
from partnerkg.errors import MissingDependencyError, OptionError, QueryError
from tests.interop.store_server import StoreServer

TYPED = """\
@prefix pk: <https://w3id.org/partnerkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix t: <urn:typed:> .
t:a rdfs:label "Alpha"@en ; t:n 3 ; t:big "123456789012345678901234567890"^^xsd:integer ;
    t:count "7"^^xsd:nonNegativeInteger ; t:d 1.50 ; t:f "2.5E0"^^xsd:double ; t:flag true ;
    t:day "2004-05-06"^^xsd:date ; t:at "2004-05-06T10:30:00Z"^^xsd:dateTime ;
    t:local "2004-05-06T10:30:00"^^xsd:dateTime ; t:year "2004"^^xsd:gYear ;
    t:mixed 1 ; t:kind pk:Partnership .
t:b rdfs:label "Beta" ; t:n -12 ; t:count "0"^^xsd:nonNegativeInteger ; t:d 2 ; t:flag false ;
    t:year "1999Z"^^xsd:gYear ; t:mixed "one" ; t:kind "a text" .
t:c rdfs:label "Gamma"@fr .
"""

SELECT = """PREFIX t: <urn:typed:>
SELECT ?s ?label ?n ?big ?count ?d ?f ?flag ?day ?at ?local ?year ?odd ?mixed ?kind ?none WHERE {
  ?s rdfs:label ?label .
  OPTIONAL { ?s t:n ?n } OPTIONAL { ?s t:big ?big } OPTIONAL { ?s t:count ?count } OPTIONAL { ?s t:d ?d }
  OPTIONAL { ?s t:f ?f } OPTIONAL { ?s t:flag ?flag } OPTIONAL { ?s t:day ?day } OPTIONAL { ?s t:at ?at }
  OPTIONAL { ?s t:local ?local } OPTIONAL { ?s t:year ?year }
  OPTIONAL { VALUES (?s ?odd) { (t:a "abc"^^xsd:integer) (t:b 5) } }
  OPTIONAL { ?s t:mixed ?mixed } OPTIONAL { ?s t:kind ?kind } OPTIONAL { ?s t:none ?none }
  FILTER(STRSTARTS(STR(?s), "urn:typed:"))
} ORDER BY ?s"""


@pytest.fixture(scope="module")
def typed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("frames") / "typed.ttl"
    path.write_text(TYPED, encoding="utf-8")
    return path


def test_columns_in_projection_order_with_dtypes_from_the_datatypes(typed: Path) -> None:
    df = partnerkg.open([typed], shipped=False).query_text(SELECT).to_dataframe()
    assert list(df.columns) == ["s", "label", "n", "big", "count", "d", "f", "flag", "day", "at", "local", "year",
                                "odd", "mixed", "kind", "none"]
    assert {c: str(t) for c, t in df.dtypes.items()} == {
        "s": "string", "label": "string", "n": "Int64", "big": "object", "count": "Int64", "d": "Float64",
        "f": "Float64", "flag": "boolean", "day": "datetime64[s]", "at": "datetime64[us, UTC]",
        "local": "datetime64[us]", "year": "Int64", "odd": "object", "mixed": "object", "kind": "string",
        "none": "object",
    }
    assert df["s"].tolist() == ["urn:typed:a", "urn:typed:b", "urn:typed:c"]
    assert df["label"].tolist() == ["Alpha", "Beta", "Gamma"]  # tags dropped unless asked for
    assert df["n"].tolist() == [3, -12, pd.NA]
    assert df["big"].tolist() == [123456789012345678901234567890, None, None]  # beyond 64 bits: Python ints
    assert df["count"].tolist() == [7, 0, pd.NA]
    assert df["d"].tolist() == [1.5, 2.0, pd.NA]  # 2 is an xsd:integer: integers and decimals make numbers
    assert df["f"].tolist() == [2.5, pd.NA, pd.NA]
    assert df["flag"].tolist() == [True, False, pd.NA]
    assert df["day"].tolist()[0] == pd.Timestamp("2004-05-06") and pd.isna(df["day"][1])
    assert df["at"][0] == pd.Timestamp("2004-05-06T10:30:00", tz="UTC")
    assert df["local"][0] == pd.Timestamp("2004-05-06T10:30:00") and df["local"].dt.tz is None
    assert df["year"].tolist() == [2004, 1999, pd.NA]  # a gYear is its year, time zone or not
    assert df["odd"].tolist() == ["abc", 5, None]  # an ill-typed integer (made by the query) is text: mixed
    assert df["mixed"].tolist() == [1, "one", None]
    assert df["kind"].tolist() == ["https://w3id.org/partnerkg/ontology#Partnership", "a text", pd.NA]
    assert df["none"].tolist() == [None, None, None]
    assert df.index.equals(pd.RangeIndex(3))


def test_curies_and_language_tags_where_asked(typed: Path) -> None:
    result = partnerkg.open([typed], shipped=False).query_text(SELECT)
    df = result.to_dataframe(curies=True, languages=True)
    assert df["kind"].tolist() == ["pk:Partnership", "a text", pd.NA]
    assert df["s"].tolist() == ["urn:typed:a", "urn:typed:b", "urn:typed:c"]  # no prefix applies
    assert list(df.columns[:3]) == ["s", "label", "label@lang"]  # only columns that hold tags get one
    assert df["label@lang"].tolist() == ["en", pd.NA, "fr"]
    mine = result.to_dataframe(curies={"t": "urn:typed:"}, languages=["kind"])
    assert mine["s"].tolist() == ["t:a", "t:b", "t:c"]
    assert "label@lang" not in mine.columns and mine["kind@lang"].tolist() == [pd.NA, pd.NA, pd.NA]
    with pytest.raises(OptionError, match=r"^languages=\['nope'\]: the result has no variable \?nope"):
        result.to_dataframe(languages=["nope"])


def test_ask_is_refused_and_graphs_give_their_triples(typed: Path) -> None:
    kg = partnerkg.open([typed], shipped=False)
    with pytest.raises(QueryError, match=r"an ASK query answers True \(askAnswer\), not a table"):
        kg.query_text("ASK { ?s ?p ?o }").to_dataframe()
    df = kg.query_text("CONSTRUCT { ?s <urn:typed:n> ?n } WHERE { ?s <urn:typed:n> ?n }").to_dataframe()
    assert df.to_dict("list") == {"subject": ["urn:typed:a", "urn:typed:b"],
                                  "predicate": ["urn:typed:n", "urn:typed:n"], "object": [3, -12]}
    assert str(df.dtypes["object"]) == "Int64"


LIBRARY = [
    ("policies-by-year", {}),
    ("partnerships-by-model", {}),
    ("organisations-by-sector", {}),
    ("figures", {}),
    ("stage-counts", {}),
    ("evidence", {"entity": "Turning Point"}),
]


@pytest.fixture(scope="module")
def three_ways(tmp_path_factory: pytest.TempPathFactory, typed: Path) -> Iterator[dict]:
    """The shipped graph plus the typed file: in memory, in an Oxigraph store made by partnerkg.load, and
    behind a real SPARQL endpoint (pyoxigraph over loopback)."""
    memory = partnerkg.open([typed])
    store = tmp_path_factory.mktemp("frames-store") / "store"
    partnerkg.load([typed], store)
    server = StoreServer().start()
    server.store.load(memory.export("ntriples"), ox.RdfFormat.N_TRIPLES)
    yield {"memory": memory, "store": partnerkg.open(store=store),
           "endpoint": partnerkg.open(endpoint=f"{server.url}/query")}
    server.stop()


@pytest.mark.parametrize(("name", "params"), LIBRARY, ids=[n for n, _ in LIBRARY])
def test_the_same_frame_in_memory_over_a_store_and_from_an_endpoint(three_ways: dict, name: str,
                                                                   params: dict) -> None:
    frames = {where: kg.query(name, **params).to_dataframe() for where, kg in three_ways.items()}
    assert len(frames["memory"]) > 0
    pd.testing.assert_frame_equal(frames["store"], frames["memory"])
    pd.testing.assert_frame_equal(frames["endpoint"], frames["memory"])


def test_the_typed_select_is_the_same_frame_three_ways(three_ways: dict) -> None:
    frames = {where: kg.query_text(SELECT).to_dataframe(languages=True) for where, kg in three_ways.items()}
    pd.testing.assert_frame_equal(frames["store"], frames["memory"])
    pd.testing.assert_frame_equal(frames["endpoint"], frames["memory"])


def test_library_numbers_come_typed() -> None:
    kg = partnerkg.open()
    years = kg.query("policies-by-year").to_dataframe()
    assert str(years.dtypes["year"]) == "Int64" and years["year"].is_monotonic_increasing
    figures = kg.query("figures").to_dataframe()
    assert {c: str(figures.dtypes[c]) for c in ("value", "outOf", "approximate", "unit")} == {
        "value": "Float64", "outOf": "Int64", "approximate": "boolean", "unit": "string"}
    stages = kg.query("stage-counts").to_dataframe()
    assert stages["reported"].sum() == sum(r["reported"] for r in kg.query("stage-counts").records())


def test_without_pandas_the_message_names_the_extra(typed: Path) -> None:
    code = ("import sys; sys.modules['pandas'] = None\n"
            "import partnerkg\n"
            f"r = partnerkg.open([{str(typed)!r}], shipped=False).query_text('SELECT ?s WHERE {{ ?s ?p ?o }}')\n"
            "try:\n    r.to_dataframe()\n"
            "except partnerkg.PartnerKGError as err:\n    print(type(err).__name__, '|', err)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == ("MissingDependencyError | DataFrames need pandas, which is not installed: it comes with "
                   "partnerkg's optional extra 'notebook' — pip install 'partnerkg[notebook]'\n")
    assert issubclass(MissingDependencyError, ImportError)
