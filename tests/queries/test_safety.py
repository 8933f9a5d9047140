"""The gate: no SERVICE, no updates, no escape tricks; fail closed; nothing reaches out. FROM and FROM NAMED select
among the graphs the data holds: one it does not hold is empty, never fetched or opened."""

from __future__ import annotations

import contextlib
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib.plugins.sparql
from rdflib import Graph, URIRef

from partnerkg.errors import QueryError
from partnerkg.queries import parse_checked, run_text
from partnerkg.queries.safety import MAX_QUERY_CHARS, check_query


def test_the_listener_notices_a_connection(listener) -> None:
    """Control: the listener used below does see a client, so 'no connection' means something."""
    assert not listener.connected()
    with socket.create_connection(("127.0.0.1", listener.port), timeout=1):
        pass
    assert listener.connected(wait=1)


SERVICE_VARIANTS = [
    "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "select * where { service <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { { ?a ?b ?c } UNION { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <{url}> { ?s ?p ?o } } } }",
    "SELECT * WHERE { GRAPH ?g { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?a ?b ?c FILTER EXISTS { SERVICE <{url}> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?a ?b ?c MINUS { SERVICE <{url}> { ?s ?p ?o } } }",
    "ASK { SERVICE <{url}> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "PREFIX remote: <{url}> SELECT * WHERE { SERVICE remote: { ?s ?p ?o } }",
    "BASE <{url}> SELECT * WHERE { SERVICE <> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<{url}> AS ?endpoint) SERVICE ?endpoint { ?s ?p ?o } }",
    "SELECT * WHERE { # comment }\n SERVICE <{url}> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <{url}> { SERVICE <{url}> { ?s ?p ?o } } }",
]


@pytest.mark.parametrize("template", SERVICE_VARIANTS)
def test_service_is_refused_and_no_connection_is_made(template: str, listener, fixture_graph: Graph) -> None:
    text = template.replace("{url}", listener.url)
    with pytest.raises(QueryError, match=r"SERVICE|nested"):
        run_text(text, fixture_graph)
    assert not listener.connected()


def test_the_escape_bypass_is_refused(listener, fixture_graph: Graph) -> None:
    # rdflib expands \u0022 to '"' before parsing and sees one long string; pyoxigraph would run the SERVICE.
    text = f'SELECT * WHERE {{ ?s ?p "\\u0022" }} SERVICE <{listener.url}> {{ ?s ?p ?o }} {{ ?s ?p "\\u0022" }}'
    with pytest.raises(QueryError, match="escape"):
        run_text(text, fixture_graph)
    assert not listener.connected()


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p ?o \\u007D SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } }",
    "SELECT * WHERE { ?s <http://example.org/\\u0041> ?o }",
    "SELECT * WHERE { ?s ?p ?o } # \\u000A SERVICE",
    "SELECT * WHERE { ?s ?p '\\U00000027' }",
    'SELECT * WHERE { ?s ?p "\\\\u0022" }',
])
def test_unicode_escapes_outside_literals_or_ending_them_are_refused(text: str) -> None:
    with pytest.raises(QueryError, match="escape"):
        parse_checked(text)


# ---- FROM and FROM NAMED select held graphs, and only those --------------------------------------------------
# Python's audit hook sees every file this process opens and every connection it attempts; it records only while a
# test asks (the hook cannot be removed once added, so it stays idle otherwise).
_AUDIT: list[tuple[str, str]] | None = None


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _AUDIT is not None and event in ("open", "socket.connect", "urllib.Request", "subprocess.Popen"):
        _AUDIT.append((event, str(args[0])))


sys.addaudithook(_audit)


@contextlib.contextmanager
def audited() -> Iterator[list[tuple[str, str]]]:
    global _AUDIT
    _AUDIT = []
    try:
        yield _AUDIT
    finally:
        _AUDIT = None


def test_the_audit_hook_sees_a_file_opened(tmp_path: Path) -> None:
    """Control: the hook records an open, so its silence below means something."""
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    with audited() as events:
        secret.read_text()
    assert ("open", str(secret)) in events


DATASET_CLAUSES = ["FROM <file:///etc/hostname>", "FROM <{url}>", "FROM NAMED <{url}>",
                   "FROM NAMED <file:///etc/hostname>", "FROM <{url}> FROM NAMED <{url}>",
                   "FROM <file://{secret}> FROM NAMED <file://{secret}>"]


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Graph]:
    """The fixture graph three ways: a plain graph, a Dataset with a named graph, an on-disk store of the same."""
    from partnerkg.store.graphs import open_graph
    from partnerkg.store.load import load
    from tests.queries.conftest import FIXTURE

    folder = tmp_path_factory.mktemp("dataset-clauses")
    trig = folder / "held.trig"
    trig.write_text("<urn:x:held> { <urn:x:a> <urn:x:p> <urn:x:b> . }\n", encoding="utf-8")
    load([FIXTURE, trig], folder / "store", shipped=False)
    return {"graph": Graph().parse(FIXTURE), "dataset": open_graph([FIXTURE, trig], shipped=False),
            "store": open_graph(store=folder / "store")}


@pytest.mark.parametrize("engine", ["graph", "dataset", "store"])
@pytest.mark.parametrize("clause", DATASET_CLAUSES)
def test_dataset_clauses_naming_no_held_graph_select_an_empty_one(clause: str, engine: str, listener,
                                                                  stores: dict[str, Graph], tmp_path: Path) -> None:
    """A FROM of a file or a URL selects a graph the data does not hold: an empty one. Nothing is opened, nothing
    is contacted, and the answer has no row, though the data has about two hundred triples."""
    secret = tmp_path / "secret.txt"
    secret.write_text("pk-secret-token")
    text = (f"SELECT * {clause.format(url=listener.url, secret=secret)} WHERE {{ {{ ?s ?p ?o }} UNION "
            "{ GRAPH ?g { ?s ?p ?o } } }")
    graph = stores[engine]
    assert len(run_text("SELECT * WHERE { ?s ?p ?o }", graph).rows) > 100
    with audited() as events:
        result = run_text(text, graph)
    assert result.rows == []
    opened = {path for event, path in events if event == "open"}
    assert "/etc/hostname" not in opened and str(secret) not in opened
    assert [e for e in events if e[0] != "open"] == []
    assert not listener.connected()


@pytest.mark.parametrize("engine", ["dataset", "store"])
def test_from_selects_the_named_graphs_the_data_holds(engine: str, stores: dict[str, Graph]) -> None:
    graph = stores[engine]
    held = (URIRef("urn:x:a"), URIRef("urn:x:p"), URIRef("urn:x:b"))
    assert run_text("SELECT ?s ?p ?o FROM <urn:x:held> WHERE { ?s ?p ?o }", graph).rows == [held]
    assert run_text("SELECT ?g ?s FROM NAMED <urn:x:held> WHERE { GRAPH ?g { ?s ?p ?o } }", graph).rows == [
        (URIRef("urn:x:held"), URIRef("urn:x:a"))]
    # FROM NAMED alone: the default graph is empty (SPARQL 1.1, 13.2)
    assert run_text("SELECT * FROM NAMED <urn:x:held> WHERE { ?s ?p ?o }", graph).rows == []
    assert set(run_text("CONSTRUCT { ?s ?p ?o } FROM <urn:x:held> FROM <file:///etc/hostname> WHERE { ?s ?p ?o }",
                        graph).graph) == {held}
    assert run_text("ASK FROM NAMED <file:///etc/passwd> { GRAPH ?g { ?s ?p ?o } }", graph).askAnswer is False
    # without a dataset clause: the union of every graph, and the named graph by name
    assert held in set(run_text("CONSTRUCT WHERE { ?s ?p ?o }", graph).graph)


def test_a_dataset_clause_must_name_an_absolute_iri(fixture_graph: Graph) -> None:
    with pytest.raises(QueryError, match=r"^query: FROM <g> is not an absolute IRI, so it names no graph"):
        run_text("SELECT * FROM <g> WHERE { ?s ?p ?o }", fixture_graph)
    with pytest.raises(QueryError, match=r"^query: FROM NAMED foo:… uses the undefined prefix foo:"):
        run_text("SELECT * FROM NAMED foo:g WHERE { ?s ?p ?o }", fixture_graph)
    assert check_query("BASE <http://example.org/a/> SELECT * FROM <g> WHERE { ?s ?p ?o }").dataset.default == (
        "http://example.org/a/g",)


@pytest.mark.parametrize("update", [
    "LOAD <file:///etc/hostname>",
    "LOAD <{url}> INTO GRAPH <urn:x:g>",
    "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "CLEAR DEFAULT",
    "CREATE GRAPH <urn:x:g>",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "PREFIX x: <urn:x:> INSERT DATA { x:a x:b x:c } ; DROP ALL",
])
def test_updates_are_refused_and_change_nothing(update: str, listener, fixture_graph: Graph) -> None:
    before = set(fixture_graph)
    with pytest.raises(QueryError, match="refused: queries are read-only"):
        run_text(update.replace("{url}", listener.url), fixture_graph)
    assert set(fixture_graph) == before
    assert not listener.connected()


@pytest.mark.parametrize("text", [
    'SELECT ?s WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { }" }',
    "SELECT ?s WHERE { ?s <http://example.org/service> ?o }",
    "SELECT ?s WHERE { ?s ?p ?o } # SERVICE <http://127.0.0.1:9/> FROM <file:///etc/hostname>",
    'SELECT ?s WHERE { ?s ?p "caf\\u00e9 \\U0001F600" }',
    "SELECT ?from WHERE { ?from ?service ?load }",
    'SELECT ?s WHERE { ?s ?p """a "quoted" \\u00e9 string""" }',
])
def test_harmless_lookalikes_pass(text: str, fixture_graph: Graph) -> None:
    assert run_text(text, fixture_graph).type == "SELECT"


def test_rdflib_never_loads_graphs_named_in_a_query(fixture_graph: Graph) -> None:
    run_text("ASK { ?s ?p ?o }", fixture_graph)  # the engine turns the loading off before it evaluates
    assert rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS is False


@pytest.mark.parametrize("text", [
    "SELECT * WHERE " + "{ " * 200 + "?s ?p ?o" + " }" * 200,
    "SELECT * WHERE { FILTER(" + "(" * 300 + "1" + ")" * 300 + ") }",
])
def test_deep_nesting_fails_closed(text: str) -> None:
    with pytest.raises(QueryError, match="nested too deeply"):
        parse_checked(text)


def test_overlong_queries_are_refused() -> None:
    with pytest.raises(QueryError, match="over the limit"):
        parse_checked("SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_QUERY_CHARS)


def test_syntax_errors_give_line_and_column() -> None:
    with pytest.raises(QueryError, match=r"^bad\.rq:1:26: SPARQL syntax error: Expected .*, found end of text"):
        parse_checked("SELECT * WHERE { ?s ?p ?o", origin="bad.rq")
    with pytest.raises(QueryError, match=r"^bad\.rq:2:3: SPARQL syntax error: .*\n    \?x \?y \n    \^$"):
        parse_checked("SELECT ?x WHERE {\n  ?x ?y \n}}", origin="bad.rq")


def test_undefined_prefixes_are_located(fixture_graph: Graph) -> None:
    with pytest.raises(QueryError, match=r"^query:2:5: undefined prefix foo:"):
        run_text("SELECT * WHERE {\n ?s foo:bar ?o }", fixture_graph)


# ---- texts the gate's parser and the engines could read differently -------------------------------------------
# Each hides a SERVICE behind something rdflib (the gate) might read otherwise than Oxigraph: a comment ended by a
# character other than LF, a byte-order mark, an escape rdflib expands with other digits than the grammar, an
# escape that spells an escape. Either the gate refuses the text, or Oxigraph, running the text the gate returns,
# makes no connection. One triple is in the store so that every pattern has a solution and a SERVICE would run.
DISAGREEMENTS = {
    "lone CR ends a comment": "SELECT * WHERE {{ ?s ?p ?o # x\r SERVICE <{url}> {{ ?s ?p ?o }} \n }}",
    "lone CR before FROM": "SELECT * # x\r FROM <{url}> \n WHERE {{ ?s ?p ?o }}",
    "CR LF": "SELECT * WHERE {{ ?s ?p ?o # x\r\n SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "CR CR LF": "SELECT * WHERE {{ ?s ?p ?o # x\r\r\n SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "NEL in a comment": "SELECT * WHERE {{ ?s ?p ?o # x\u0085 SERVICE <{url}> {{ ?s ?p ?o }} \n }}",
    "LINE SEPARATOR in a comment": "SELECT * WHERE {{ ?s ?p ?o # x\u2028 SERVICE <{url}> {{ ?s ?p ?o }} \n }}",
    "PARAGRAPH SEPARATOR in a comment": "SELECT * WHERE {{ ?s ?p ?o # x\u2029 SERVICE <{url}> {{ ?s ?p ?o }} \n }}",
    "vertical tab in a comment": "SELECT * WHERE {{ ?s ?p ?o # x\x0b SERVICE <{url}> {{ ?s ?p ?o }} \n }}",
    "form feed in a comment": "SELECT * WHERE {{ ?s ?p ?o # x\x0c SERVICE <{url}> {{ ?s ?p ?o }} \n }}",
    "NUL in a comment": "SELECT * WHERE {{ ?s ?p ?o # x\x00 SERVICE <{url}> {{ ?s ?p ?o }} \n }}",
    "byte-order mark first": "\ufeffSELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "byte-order mark inside": "SELECT * WHERE {{ ?s ?p ?o \ufeff SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "escaped CR in a comment": "SELECT * WHERE {{ ?s ?p ?o # x\\u000D SERVICE <{url}> {{ ?s ?p ?o }} \n }}",
    "eight digits after \\u": 'SELECT * WHERE {{ ?s ?p "\\u00000022" . SERVICE <{url}> {{ ?s ?p ?o }} '
                              '?s ?p "\\u00000022" }}',
    "four digits after \\U": 'SELECT * WHERE {{ ?s ?p "\\U0022" . SERVICE <{url}> {{ ?s ?p ?o }} ?s ?p "\\U0022" }}',
    "an escape spelling an escape": 'SELECT * WHERE {{ ?s ?p "\\u005Cu0022" . SERVICE <{url}> {{ ?s ?p ?o }} '
                                    '?s ?p "\\u005Cu0022" }}',
    "escaped quote in a long string": "SELECT * WHERE {{ ?s ?p '''\\u0027''' . SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "escape in a prefixed name": "PREFIX ex: <urn:x:> SELECT * WHERE {{ ?s ex:a\\u0020SERVICE <{url}> "
                                 "{{ ?s ?p ?o }} }}",
    "keyword spelt with an escape": "SELECT * WHERE {{ ?s ?p ?o S\\u0045RVICE <{url}> {{ ?s ?p ?o }} }}",
    "comment inside an IRI": "SELECT * WHERE {{ ?s <urn:x#\r> ?o SERVICE <{url}> {{ ?s ?p ?o }} }}",
}


@pytest.mark.parametrize("name", list(DISAGREEMENTS))
def test_oxigraph_runs_what_the_gate_checked(name: str, listener) -> None:
    import pyoxigraph as ox

    from partnerkg.queries.safety import check_query

    text = DISAGREEMENTS[name].format(url=listener.url)
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:o")))
    try:
        checked = check_query(text)
    except QueryError:
        return
    assert "\r" not in checked.text and "\\u" not in checked.text.lower()
    with contextlib.suppress(SyntaxError, OSError):  # refused or unparsable by Oxigraph: it ran nothing
        list(store.query(checked.text, default_graph=ox.DefaultGraph(), named_graphs=[]))
    assert not listener.connected(wait=1), f"{name}: Oxigraph ran a SERVICE the gate did not see"


@pytest.mark.parametrize("name", ["lone CR ends a comment", "eight digits after \\u", "four digits after \\U",
                                  "an escape spelling an escape"])
def test_the_texts_that_reached_outside_are_refused(name: str, listener) -> None:
    with pytest.raises(QueryError, match=r"SERVICE|escape"):
        check_query(DISAGREEMENTS[name].format(url=listener.url))


def test_a_from_after_a_lone_cr_is_a_clause_that_selects_nothing(listener, stores: dict[str, Graph]) -> None:
    """The lone CR ends the comment for every engine alike, so the FROM is a real clause: it selects a graph the
    data does not hold, on both engines, and nothing is contacted."""
    text = DISAGREEMENTS["lone CR before FROM"].format(url=listener.url)
    assert check_query(text).dataset.default == (listener.url,)
    for engine in ("dataset", "store"):
        assert run_text(text, stores[engine]).rows == []
    assert not listener.connected()


def test_line_ends_are_normalised_to_line_feeds_everywhere() -> None:
    """Also inside long strings: the text the gate parsed is the text engines run (documented)."""
    from partnerkg.queries.safety import check_query

    assert check_query("ASK { ?s ?p '''a\r\nb\rc''' }\r\n").text == "ASK { ?s ?p '''a\nb\nc''' }\n"
    assert check_query("\ufeffASK {}").text == "ASK {}"


def test_each_reader_gets_its_own_copy_of_the_one_parse() -> None:
    """rdflib's compiler rewrites the tree it is given: each caller of parse_checked gets a copy of the shared
    parse, which compiles to the algebra of a fresh parse and leaves the shared tree as it was."""
    from rdflib.plugins.sparql.algebra import translateQuery

    from partnerkg.namespaces import PREFIXES
    from partnerkg.queries.catalogue import list_queries
    from partnerkg.queries.safety import check_shared

    for q in list_queries():
        fresh = repr(translateQuery(check_query(q.text).tree, initNs=PREFIXES).algebra)
        shared = repr(check_shared(q.text).tree)
        copy = parse_checked(q.text)
        assert copy[1] is not check_shared(q.text).tree[1]
        assert repr(translateQuery(copy, initNs=PREFIXES).algebra) == fresh, q.name
        assert repr(check_shared(q.text).tree) == shared, q.name


def test_an_expression_of_a_copied_tree_evaluates_its_own_operands() -> None:
    """A FILTER's expressions (rdflib's Expr) are evaluated by a function bound to them: in a copy, to the copy."""
    graph = Graph()
    graph.parse(data="<urn:x:a> <urn:x:n> 1 , 5 , 9 .", format="turtle")
    text = "SELECT ?n WHERE { ?s ?p ?n FILTER(?n > 2 && ?n < 9) } ORDER BY ?n"
    for _ in range(2):  # the second run gets a copy of the parse the first one made
        assert [int(row[0]) for row in run_text(text, graph)] == [5]
