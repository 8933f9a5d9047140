"""The query library: headers, runs on the shipped graph, exact results on the fixture graph."""

from __future__ import annotations

import re
from importlib import resources

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.plugins.sparql.parser import parseQuery

from partnerkg.errors import QueryError
from partnerkg.namespaces import ID, PK
from partnerkg.queries import list_queries, load_query, run, run_text
from partnerkg.queries.catalogue import ParamType, parse_header

NAMES = [q.name for q in list_queries()]


def test_the_library_has_at_least_thirty_queries() -> None:
    assert len(NAMES) >= 30


def test_every_rq_file_is_listed() -> None:
    files = sorted(p.name[:-3] for p in resources.files("partnerkg.queries").joinpath("library").iterdir()
                   if p.name.endswith(".rq"))
    assert files == NAMES
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) for n in NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_header_is_complete_and_parameters_are_variables(name: str) -> None:
    q = load_query(name)
    assert q.title and q.question and q.row
    assert q.text.startswith("# Title: ")
    for p in q.params:
        assert re.search(rf"\?{p.name}\b", q.text), f"parameter {p.name} is not a variable of {name}"
        assert p.optional or p.default is not None
        assert p.description


@pytest.mark.parametrize("name", NAMES)
def test_no_parameter_is_the_target_of_a_bind(name: str) -> None:
    """A bound parameter must restrict the answer; as the target of BIND it would be silently overwritten
    (unnamed-parties once returned unnamed parties when asked for anonymised ones)."""
    q = load_query(name)
    for p in q.params:
        assert not re.search(rf"\bAS\s+\?{p.name}\s*\)", q.text), f"{name}: ?{p.name} is bound by BIND"


@pytest.mark.parametrize("name", NAMES)
def test_every_select_is_ordered(name: str) -> None:
    tree = parseQuery(load_query(name).text)
    if tree[1].name == "SelectQuery":
        assert "orderby" in tree[1], f"{name} has no ORDER BY"


@pytest.mark.parametrize("name", NAMES)
def test_runs_on_the_shipped_graph_with_its_defaults(name: str, shipped: Graph) -> None:
    size = len(shipped)
    result = run(name, shipped)
    assert result.type in ("SELECT", "ASK", "CONSTRUCT")
    if result.type == "SELECT":
        assert result.vars and all(len(row) == len(result.vars) for row in result.rows)
    elif result.type == "CONSTRUCT":
        assert result.graph is not None and len(result.graph) > 0
    assert len(shipped) == size


def test_core_queries_find_something_in_the_shipped_graph(shipped: Graph) -> None:
    for name in ("partnerships-by-model", "life-cycle", "organisations-by-sector", "cross-sector-partnerships",
                 "policies-by-year", "barriers-and-facilitators-by-category", "evidence", "how-connected"):
        assert run(name, shipped).rows, name
    assert run("organisations-connected", shipped).askAnswer is True


@pytest.mark.parametrize("name", NAMES)
def test_expected_rows_on_the_fixture(name: str, fixture_graph: Graph, expected: dict) -> None:
    assert name in expected, f"tests/queries/expected.py defines no expected result for {name}"
    for case in expected[name]:
        result = run(name, fixture_graph, **case.params)
        if case.triples is not None:
            assert result.graph is not None
            expected = Graph()
            for t in case.triples:
                expected.add(t)
            assert isomorphic(result.graph, expected), (name, case.params)
        elif case.ask is not None:
            assert result.askAnswer is case.ask, (name, case.params)
        else:
            assert result.vars == case.vars, (name, case.params)
            assert result.rows == case.rows, (name, case.params)
            for got, want in zip(result.rows, case.rows, strict=True):  # same types, datatypes and tags
                assert [type(t) for t in got] == [type(t) for t in want], (name, case.params)


def test_expectations_name_only_library_queries(expected: dict) -> None:
    assert set(expected) <= set(NAMES)


def test_fixture_results_do_not_depend_on_materialised_superclasses(fixture_graph: Graph) -> None:
    # Alpha Trust is typed only pk:NHSTrust in the fixture; the query reaches pk:StatutorySector by subclassing.
    rows = run("organisations-by-sector", fixture_graph, sector="statutory sector").rows
    assert ID["organisation/alpha-trust"] in [r[2] for r in rows]


def test_describe_text_gives_the_same_graph_as_the_library_describe(fixture_graph: Graph) -> None:
    study = ID["study/example-study"]
    library = run("describe-entity", fixture_graph, entity=f"<{study}>").graph
    text = run_text(f"DESCRIBE <{study}>", fixture_graph).graph
    variable = run_text("DESCRIBE ?s WHERE { ?s rdfs:label ?label }", fixture_graph,
                        label=Literal("Example Study", lang="en")).graph
    assert library is not None and text is not None and variable is not None
    assert isomorphic(library, text) and isomorphic(library, variable)


def test_describe_star_describes_every_variable(fixture_graph: Graph) -> None:
    result = run_text('DESCRIBE * WHERE { ?s rdfs:label "Gamma Ltd"@en }', fixture_graph)
    assert result.type == "DESCRIBE" and result.graph is not None
    assert (ID["organisation/gamma-ltd"], None, None) in result.graph


def test_ask_and_construct_results(fixture_graph: Graph) -> None:
    assert run_text("ASK { ?x pk:hasPartner ?y }", fixture_graph).askAnswer is True
    assert run_text("ASK { ?x pk:hasPartner ?x }", fixture_graph).askAnswer is False
    g = run_text("CONSTRUCT { ?o pk:partnerIn ?p } WHERE { ?p pk:hasPartner ?o }", fixture_graph).graph
    assert g is not None and len(g) == 9
    assert (ID["organisation/alpha-trust"], PK.partnerIn, ID["partnership/alpha-delta"]) in g


def test_unknown_query_suggests_the_closest_names() -> None:
    with pytest.raises(QueryError, match="did you mean partnerships-by-model"):
        load_query("partnership-by-model")


def test_header_parsing_reads_types_defaults_and_continuations() -> None:
    header = parse_header(
        "# Title: T\n# Question: first line\n#   and second\n"
        "# Param: y (year) = 2004 — a year\n# Param: org (entity, optional) — an org\n# Row: r\nSELECT * {}"
    )
    assert header.question == "first line and second"
    assert [(p.name, p.type, p.default, p.optional) for p in header.params] == [
        ("y", ParamType.YEAR, "2004", False), ("org", ParamType.ENTITY, None, True)]


@pytest.mark.parametrize("line", ["# Param: x (colour) — what", "# Param: x = 3", "# Param: (entity) — nameless"])
def test_malformed_parameter_lines_are_errors(line: str) -> None:
    with pytest.raises(QueryError, match="query:1"):
        parse_header(line + "\nSELECT * {}")
