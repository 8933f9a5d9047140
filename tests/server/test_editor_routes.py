"""The routes behind the page's editor: ``POST /sparql/check`` (the verdict on a text, with line and column,
never running it), ``GET /vocabulary`` (prefixes, the ontology's terms, the data's), and the vendored editor
component (its files match the hashes its README records, its licences cover every bundled package)."""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources

import pytest
from rdflib import RDF, URIRef

from partnerkg.namespaces import PREFIXES
from partnerkg.ontology import load_ontology
from partnerkg.server.checking import Verdict, check_text
from partnerkg.server.vocabulary import curie, ontology_terms

from .conftest import MAX_BODY, SLOW_QUERY, call, get_query

VENDOR = resources.files("partnerkg.server.page.vendor")


def check(server, text: str | bytes, content_type: str = "application/sparql-query"):
    body = text.encode("utf-8") if isinstance(text, str) else text
    return call(server.url, "POST", "/sparql/check", body, {"Content-Type": content_type})


# ---- the check, in Python ------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "verdict"), [
    ("SELECT * WHERE { ?s ?p ?o }", Verdict(True, "SELECT")),
    ("ASK {}", Verdict(True, "ASK")),
    ("DESCRIBE *", Verdict(True, "DESCRIBE")),
    ("CONSTRUCT WHERE { ?s ?p ?o }", Verdict(True, "CONSTRUCT")),
    ("# Param: kind (entity, optional) — a kind\nSELECT ?kind WHERE { ?s a ?kind }", Verdict(True, "SELECT")),
    ("SELECT * WHERE { ?s ?p }",
     Verdict(False, None, 400, "SPARQL syntax error: Expected SelectQuery, found '?'", 1, 18)),
    ("SELECT * WHERE {\n\t\t?s ?p }",  # rdflib's parser counts a tab as up to eight columns; the page does not
     Verdict(False, None, 400, "SPARQL syntax error: Expected SelectQuery, found '?'", 2, 3)),
    ("SELECT * WHERE { ?s foo:bar ?o }",
     Verdict(False, None, 400, "undefined prefix foo: — declare it with PREFIX foo: <…>", 1, 21)),
    ("select * where { # service\n  ?s ?p \"SERVICE\" . service silent <urn:x> {} }",
     Verdict(False, None, 400, "SERVICE <urn:x> is refused: partnerkg never contacts other endpoints or reads other "
                               "files", 2, 21)),
    ('SELECT * WHERE { ?s ?p "\\u0022" }',
     Verdict(False, None, 400, "the escape \\u0022 stands for a quote or backslash inside a string; write the "
                               "character itself", 1, 25)),
    ("\n\nCLEAR ALL", Verdict(False, None, 403, "CLEAR is refused: queries are read-only (SPARQL updates are not run)",
                              3, 1)),
    ("# Param: x = bad\nSELECT * {?s ?p ?o}",
     Verdict(False, None, 400, "a Param line reads 'NAME (TYPE[, optional]) [= DEFAULT] — DESCRIPTION', got 'x = bad'",
             1, None)),
])
def test_check_text(text, verdict):
    assert check_text(text) == verdict


def test_check_text_accepts_from_as_dataset_selection():
    """FROM and FROM NAMED select among the served graphs (issue 19, section 1): the page's check accepts them."""
    verdict = check_text("# from here\nSELECT * FROM <http://example.org/g> FROM NAMED <urn:x:g> WHERE { ?s ?p ?o }")
    assert (verdict.valid, verdict.form, verdict.status, verdict.line, verdict.column) == (True, "SELECT", 200, None,
                                                                                           None)


def test_check_text_refuses_an_overlong_text_without_a_place():
    verdict = check_text("#" * 200_001)
    assert verdict == Verdict(False, None, 400, "the query has 200001 characters, over the limit of 200000 — "
                                                "shorten it or split it into several queries", None, None)


# ---- POST /sparql/check ----------------------------------------------------------------------------------


def test_the_check_route_answers_json(server):
    answer = check(server, "SELECT * WHERE {\n  ?s ?p }")
    assert answer.status == 200
    assert answer.type == "application/json"
    assert answer.headers["Cache-Control"] == "no-store"
    assert json.loads(answer.body) == {"valid": False, "form": None, "status": 400, "line": 2, "column": 3,
                                       "message": "SPARQL syntax error: Expected SelectQuery, found '?'"}
    assert json.loads(check(server, "ASK {}").body) == {"valid": True, "form": "ASK", "status": 200,
                                                        "message": None, "line": None, "column": None}


def test_the_check_route_takes_a_form_too(server):
    answer = check(server, "query=ASK%7B%7D", "application/x-www-form-urlencoded")
    assert json.loads(answer.body)["form"] == "ASK"


def test_the_check_never_runs_the_query(server):
    answer = check(server, SLOW_QUERY)  # would be cancelled at the time limit if it ran
    assert json.loads(answer.body) == {"valid": True, "form": "SELECT", "status": 200, "message": None,
                                       "line": None, "column": None}
    before = get_query(server.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv").text
    refused = json.loads(check(server, "INSERT DATA { <urn:a> <urn:b> <urn:c> }").body)
    assert (refused["valid"], refused["status"], refused["line"], refused["column"]) == (False, 403, 1, 1)
    assert get_query(server.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv").text == before


@pytest.mark.parametrize(("method", "body", "content_type", "status"), [
    ("POST", b"", "application/sparql-query", 400),
    ("POST", b"ASK {}", "text/plain", 415),
    ("POST", b"\xff", "application/sparql-query", 400),
    ("POST", b"ASK {}", "application/sparql-update", 403),
    ("POST", b"#" * (MAX_BODY + 1), "application/sparql-query", 413),
    ("GET", None, None, 405),
])
def test_the_check_route_refuses_what_sparql_refuses(server, method, body, content_type, status):
    headers = {"Content-Type": content_type} if content_type else {}
    answer = call(server.url, method, "/sparql/check", body, headers)
    assert answer.status == status
    assert answer.type == "text/plain"


# ---- GET /vocabulary ---------------------------------------------------------------------------------------


def test_the_vocabulary_lists_partnerkgs_prefixes(server):
    doc = json.loads(call(server.url, "GET", "/vocabulary").body)
    assert doc["prefixes"] == [{"prefix": p, "namespace": str(ns)} for p, ns in PREFIXES.items()]
    assert doc["data"] is True


def test_the_vocabulary_has_every_term_the_ontology_declares(server):
    doc = json.loads(call(server.url, "GET", "/vocabulary").body)
    ontology = load_ontology()
    declared = {(str(s), "class") for s in ontology.subjects(RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class"))
                if isinstance(s, URIRef)}
    listed = {(t["iri"], t["kind"]) for t in doc["terms"] if t["ontology"]}
    assert declared <= listed
    assert listed == {(t["iri"], t["kind"]) for t in ontology_terms()}
    partnership = next(t for t in doc["terms"] if t["iri"] == "https://w3id.org/partnerkg/ontology#Partnership")
    assert partnership == {
        "iri": "https://w3id.org/partnerkg/ontology#Partnership", "curie": "pk:Partnership", "kind": "class",
        "label": "Partnership", "ontology": True, "uses": partnership["uses"],
        "description": "Two or more parties working together across organisational boundaries towards a common goal.",
    }


def test_the_vocabulary_counts_the_served_data(server, local):
    doc = json.loads(call(server.url, "GET", "/vocabulary").body)
    terms = {(t["iri"], t["kind"]): t for t in doc["terms"]}
    organisations = local("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://w3id.org/partnerkg/ontology#Organisation> }")
    assert terms[("https://w3id.org/partnerkg/ontology#Organisation", "class")]["uses"] == \
        int(organisations.rows[0][0])
    labels = local("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }")
    label = terms[("http://www.w3.org/2000/01/rdf-schema#label", "property")]
    assert label == {"iri": "http://www.w3.org/2000/01/rdf-schema#label", "curie": "rdfs:label", "kind": "property",
                     "label": None, "description": None, "ontology": False, "uses": int(labels.rows[0][0])}
    assert all(t["uses"] >= 0 for t in doc["terms"])


def test_the_vocabulary_is_counted_once(server):
    first = call(server.url, "GET", "/vocabulary")
    second = call(server.url, "GET", "/vocabulary")
    assert first.body == second.body
    assert first.type == "application/json"


def test_curies_use_partnerkgs_prefixes_only():
    assert curie("https://w3id.org/partnerkg/ontology#hasPartner") == "pk:hasPartner"
    assert curie("http://www.w3.org/ns/org#memberOf") == "org:memberOf"
    assert curie("https://w3id.org/partnerkg/id/organisation/x") is None  # a slash cannot stand in a local name
    assert curie("https://w3id.org/partnerkg/ontology#a.") is None
    assert curie("http://example.org/x") is None


# ---- the vendored editor -----------------------------------------------------------------------------------


def test_the_vendored_files_match_their_recorded_hashes():
    readme = VENDOR.joinpath("README.md").read_text(encoding="utf-8")
    recorded = dict(re.findall(r"^\| `([^`]+)` \| `([0-9a-f]{64})` \|$", readme, re.MULTILINE))
    assert sorted(recorded) == ["LICENSES.txt", "editor.js"]
    for name, digest in recorded.items():
        assert hashlib.sha256(VENDOR.joinpath(name).read_bytes()).hexdigest() == digest, name


def test_the_licences_cover_every_bundled_package():
    licences = VENDOR.joinpath("LICENSES.txt").read_text(encoding="utf-8")
    bundled = re.findall(r"^(\S+) (\d+\.\d+\.\d+) \(MIT\), LICEN[CS]E", licences, re.MULTILINE)
    assert dict(bundled) == {
        "@codemirror/autocomplete": "6.20.4", "@codemirror/commands": "6.11.2", "@codemirror/language": "6.13.1",
        "@codemirror/lint": "6.9.8", "@codemirror/search": "6.7.3", "@codemirror/state": "6.7.6",
        "@codemirror/view": "6.44.2", "@lezer/common": "1.5.7", "@lezer/highlight": "1.2.5", "@lezer/lr": "1.4.13",
        "@marijn/find-cluster-break": "1.0.4", "codemirror-lang-sparql": "2.1.0", "crelt": "1.0.7",
        "style-mod": "4.1.5", "w3c-keyname": "2.2.8",
    }
    assert licences.count("Permission is hereby granted, free of charge") == len(bundled)


def test_the_build_recipe_pins_what_the_licences_name():
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "partnerkg" / "server" / "page" / "vendor" / "src"
    lock = json.loads((source / "package-lock.json").read_text(encoding="utf-8"))
    locked = {path.removeprefix("node_modules/"): entry["version"] for path, entry in lock["packages"].items() if path}
    licences = VENDOR.joinpath("LICENSES.txt").read_text(encoding="utf-8")
    for name, version in re.findall(r"^(\S+) (\d+\.\d+\.\d+) \(MIT\)", licences, re.MULTILINE):
        assert locked[name] == version, name
    assert "resolved" not in json.dumps(lock)  # no registry addresses in the lock (src/.npmrc)
    package = json.loads((source / "package.json").read_text(encoding="utf-8"))
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in package["dependencies"].values())  # exact versions


def test_checks_take_the_cheap_lane(server):
    """The page checks as people type: a check waits in the lane of cheap queries however slow the query it
    checks would be, and its timing is kept apart from the vocabulary's and the library's."""
    pool = server.app.state.pool
    assert pool.estimate_cheap({"op": "check", "query": SLOW_QUERY}) is True
    assert pool.estimate_cheap({"op": "sparql", "query": SLOW_QUERY}) is False
    keys = {pool._key({"op": "check", "query": "ASK {}"}), pool._key({"op": "vocabulary"}),
            pool._key({"op": "library", "name": None, "params": {}})}
    assert len(keys) == 3
