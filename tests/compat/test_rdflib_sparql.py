"""rdflib's engine reads the files a FROM names unless told not to; partnerkg tells it, on purpose."""

from __future__ import annotations

from pathlib import Path

import rdflib.plugins.sparql
from rdflib import Dataset
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parser import parseQuery

from partnerkg._compat import rdflib_sparql


def _ask_from(path: Path) -> bool:
    query = translateQuery(parseQuery(f"ASK FROM <{path.as_uri()}> {{ ?s ?p ?o }}"))
    return bool(evalQuery(Dataset(), query, {})["askAnswer"])


def test_the_fault_exists_and_apply_closes_it(tmp_path: Path, monkeypatch) -> None:
    secret = tmp_path / "secret.nt"
    secret.write_text("<urn:x:a> <urn:x:b> <urn:x:c> .\n", encoding="utf-8")
    monkeypatch.setattr(rdflib.plugins.sparql, "SPARQL_LOAD_GRAPHS", True)
    assert _ask_from(secret)  # rdflib left alone reads the file the query names
    rdflib_sparql.apply()
    assert not _ask_from(secret)
