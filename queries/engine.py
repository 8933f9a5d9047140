"""The one function that talks to an engine: :func:`execute` evaluates a checked query over a graph, with
rdflib's engine in memory and Oxigraph's over a store (:mod:`partnerkg.queries.oxigraph`).

>>> from rdflib import Graph
>>> from partnerkg.queries.safety import parse_checked
>>> g = Graph().parse(data="<urn:x:a> <urn:x:b> <urn:x:c> .", format="nt")
>>> execute(g, parse_checked("ASK { ?s ?p ?o }")).askAnswer
True
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from functools import lru_cache

from pyparsing import ParseResults
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalPart, evalQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query, QueryContext
from rdflib.term import Identifier

from partnerkg._compat import rdflib_aggregates, rdflib_sparql
from partnerkg.errors import QueryError
from partnerkg.namespaces import PREFIXES, bind_prefixes
from partnerkg.queries.columnar import Engine, Unanswered, answer
from partnerkg.queries.dataset import DatasetSelection, dataset_for, selection_of
from partnerkg.queries.oxigraph import binds_inside_subqueries, evaluate, inline, runs_exactly
from partnerkg.queries.result import QueryResult, RowStream, TripleStream
from partnerkg.queries.safety import check_tree, parse_checked, parse_shared
from partnerkg.store.graphs import shipped_graph
from partnerkg.store.oxigraph import oxigraph_of, store_folder

__all__ = ["default_graph", "execute", "first_appearance", "quiet", "tree_for", "variables"]

#: Characters an IRI cannot hold (RFC 3987), as rdflib and the SPARQL grammar judge them.
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@lru_cache(maxsize=1)
def default_graph() -> Graph:
    """The shipped graph (ontology and compiled data), built once per process; queries never modify it."""
    return shipped_graph()


@contextmanager
def quiet() -> Iterator[None]:
    """Silence the deprecation warning rdflib's own Dataset code raises on every triple lookup."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Dataset.default_context is deprecated", DeprecationWarning)
        yield


def variables(node: object) -> set[str]:
    """The names of all variables in a parse tree (or part of one)."""
    if isinstance(node, Variable):
        return {str(node)}
    if isinstance(node, CompValue):
        children: Iterable[object] = node.values()
    elif isinstance(node, (ParseResults, list, tuple)):
        children = node
    else:
        return set()
    return set().union(*(variables(child) for child in children))


def first_appearance(node: object, into: dict[str, None] | None = None) -> list[str]:
    """The names of the variables of a parse tree (or part of one) in the order they first appear in the query.

    >>> first_appearance(parse_checked("SELECT * WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?s } }")[1])
    ['s', 'p', 'o', 'q']
    """
    seen: dict[str, None] = {} if into is None else into
    if isinstance(node, Variable):
        seen.setdefault(str(node))
    elif isinstance(node, CompValue):
        for child in node.values():
            first_appearance(child, seen)
    elif isinstance(node, (ParseResults, list, tuple)):
        for child in node:
            first_appearance(child, seen)
    return list(seen)


def _select_all_in_order(tree: ParseResults,
                         result: QueryResult | RowStream | TripleStream) -> QueryResult | RowStream | TripleStream:
    """A ``SELECT *`` result with its columns in the order the variables first appear in the query (rdflib
    and Oxigraph list them in an order of their own)."""
    query = tree[1]
    if isinstance(result, TripleStream) or result.type != "SELECT" or query.name != "SelectQuery":
        return result
    if query.get("projection") not in (None, "projection"):
        return result
    rank = {name: i for i, name in enumerate(first_appearance(query))}
    order = sorted(range(len(result.vars)), key=lambda i: (rank.get(result.vars[i], len(rank)), i))
    if order == list(range(len(result.vars))):
        return result
    if isinstance(result, RowStream):
        return RowStream(tuple(result.vars[i] for i in order), (tuple(row[i] for i in order) for row in result.rows))
    return replace(result, vars=tuple(result.vars[i] for i in order),
                   rows=[tuple(row[i] for i in order) for row in result.rows])


def _is_rdf_triple(triple: tuple[Identifier, Identifier, Identifier]) -> bool:
    """Whether a constructed triple is RDF: an IRI or blank node subject, an IRI predicate, valid IRIs (the
    SPARQL spec leaves any other instantiation of a CONSTRUCT template out of the graph, as Oxigraph does)."""
    s, p, _ = triple
    if isinstance(s, Literal) or not isinstance(p, URIRef):
        return False
    return not any(isinstance(t, URIRef) and _IRI_UNSAFE.search(t) for t in triple)


def _construct_where(query: CompValue) -> None:
    """Give a ``CONSTRUCT WHERE { … }`` its template when solution modifiers wrap its pattern: rdflib's engine
    looks for the triples two levels down (Project, then the pattern) and fails under LIMIT, OFFSET or ORDER BY
    (``TypeError: 'NoneType' object is not iterable``)."""
    if query.name != "ConstructQuery" or query.template is not None:
        return
    part = query.p
    while isinstance(part, CompValue) and part.name != "BGP":
        part = part.p  # None when absent
    if isinstance(part, CompValue):
        query["template"] = part.triples


def _values_in_select_all(algebra: CompValue, tree: ParseResults) -> None:
    """Give ``SELECT *`` the variables of a trailing ``VALUES`` clause: they are in scope (the clause joins the
    pattern), Oxigraph lists them, and rdflib's engine binds them but leaves them out of its projection."""
    query = tree[1]
    if query.name != "SelectQuery" or query.get("projection") not in (None, "projection"):
        return
    if "valuesClause" not in query or not query["valuesClause"]:
        return
    extra = [v for v in query["valuesClause"].get("var") or [] if isinstance(v, Variable)]
    node: object = algebra
    while isinstance(node, CompValue):
        if "PV" in node:
            for v in extra:
                if v not in node["PV"]:
                    node["PV"].append(v)
        node = node.p if node.name != "Project" else None


def _describe_all(tree: ParseResults) -> None:
    """Give ``DESCRIBE *`` its variables (rdflib's engine needs them listed)."""
    query = tree[1]
    if query.name == "DescribeQuery" and "var" not in query and "where" in query:
        query["var"] = [Variable(n) for n in sorted(variables(query["where"]))]


def _unknown_prefix(text: str, err: Exception, origin: str) -> QueryError:
    m = re.search(r"Unknown namespace prefix : (\S+)", str(err))
    if m is None:
        return QueryError(f"{origin}: the query cannot be compiled ({err})")
    prefix = m.group(1)
    at = re.search(rf"(?<![\w:<]){re.escape(prefix)}:", text)
    where = origin
    if at is not None:
        line = text.count("\n", 0, at.start()) + 1
        where = f"{origin}:{line}:{at.start() - (text.rfind(chr(10), 0, at.start()) + 1) + 1}"
    return QueryError(f"{where}: undefined prefix {prefix}: — declare it with PREFIX {prefix}: <…>")


def execute(graph: Graph, tree: ParseResults, bindings: Mapping[str, Identifier] | None = None,
            *, text: str = "", origin: str = "query", dataset: DatasetSelection | None = None,
            base: str | None = None, lazy: bool = False,
            engine: Engine | str = Engine.AUTO) -> QueryResult | RowStream | TripleStream:
    """Evaluate a parse tree that passed :func:`~partnerkg.queries.safety.parse_checked` over ``graph``.

    ``bindings`` maps variable names to terms bound before evaluation. partnerkg's prefixes (pk:, org:,
    prov:, skos:, dcterms:, rdfs:…) are predeclared. rdflib evaluates exactly the tree the gate checked;
    the text is not parsed again. Over an on-disk Oxigraph store (``open_graph(store=DIR)``) Oxigraph runs
    ``text`` instead, which must be the text ``tree`` was parsed from; the gate checks that text itself.

    ``dataset`` selects the graphs the query reads (the SPARQL Protocol's ``default-graph-uri`` and
    ``named-graph-uri``), in place of the query's own ``FROM`` and ``FROM NAMED``; either way only graphs
    ``graph`` holds are read (:mod:`partnerkg.queries.dataset`). ``SELECT *`` lists the variables in the order
    they first appear in the query. ``base`` is the IRI relative IRIs of the query resolve against when it
    declares no ``BASE`` (the endpoint passes its own IRI, as the Protocol suggests); without one they stay
    relative in memory and are an error over a store.

    ``lazy`` answers a SELECT with a :class:`~partnerkg.queries.result.RowStream`, whose rows the engine
    produces as they are read (the endpoint streams them; the columnar engine computes them at once and makes
    them into terms batch by batch), a CONSTRUCT or DESCRIBE over a store with a
    :class:`~partnerkg.queries.result.TripleStream`; ASK is answered whole.

    Over a store folder ``engine`` picks who answers (:class:`~partnerkg.queries.columnar.Engine`): ``auto``
    lets the columnar engine (:mod:`partnerkg.queries.columnar`) answer what it translates exactly, unless
    every pattern starts from a constant (:mod:`partnerkg.queries.anchoring`), and Oxigraph the rest;
    ``columnar`` refuses what it cannot answer (QueryError), ``oxigraph`` never uses it. A result's ``engine``
    (a stream's too) says which answered and, for Oxigraph, why not the columnar engine.
    """
    check_tree(tree, origin)  # again, whoever built the tree
    selection = dataset if dataset is not None else selection_of(tree, origin)
    return _select_all_in_order(tree, _execute(graph, tree, bindings, text=text, origin=origin,
                                               selection=selection, base=base, lazy=lazy,
                                               engine=Engine(engine)))


def _columnar(graph: Graph, store: object, text: str, bindings: Mapping[str, Identifier] | None, *, origin: str,
              selection: DatasetSelection | None, base: str | None, lazy: bool,
              by_cost: bool) -> QueryResult | RowStream | TripleStream | Unanswered:
    """The columnar engine's answer over the store folder behind ``graph``, or why there is none."""
    folder = store_folder(graph)
    if folder is None:
        return Unanswered("the store is not a folder (an in-memory copy, say)")
    if selection is not None:
        return Unanswered("a dataset is selected (FROM, FROM NAMED or the protocol's graph IRIs)")
    if not text:
        return Unanswered("no query text was given")
    return answer(folder, store, text, bindings, origin=origin, base=base,  # type: ignore[arg-type]
                  same_store=lambda: store_folder(graph) == folder, lazy=lazy, by_cost=by_cost)


def _execute(graph: Graph, tree: ParseResults, bindings: Mapping[str, Identifier] | None, *, text: str,
             origin: str, selection: DatasetSelection | None, base: str | None,
             lazy: bool = False, engine: Engine = Engine.AUTO) -> QueryResult | RowStream | TripleStream:
    store = oxigraph_of(graph)
    if store is not None:  # Oxigraph runs ``text`` (or ``text`` with the bindings written in); the gate checks it
        why = "not asked for"
        if engine is not Engine.OXIGRAPH:
            got = _columnar(graph, store, text, bindings, origin=origin, selection=selection, base=base, lazy=lazy,
                            by_cost=engine is Engine.AUTO)
            if not isinstance(got, Unanswered):
                return replace(got, engine="columnar")
            if engine is Engine.COLUMNAR:
                raise QueryError(f"{origin}: the columnar engine cannot answer this query: {got.reason} "
                                 "(--engine auto lets Oxigraph answer it)")
            why = got.reason
        result = _oxigraph(store, tree, text, bindings, origin=origin, selection=selection, base=base, lazy=lazy)
        if result is None:  # Oxigraph cannot bind the parameters as rdflib means them: rdflib's engine over the store
            result = _rdflib(graph, parse_checked(text, origin), bindings, text=text, origin=origin,
                             selection=selection, base=base, lazy=lazy)
        result = replace(result, engine=f"oxigraph (columnar engine: {why})")
        return result
    if engine is Engine.COLUMNAR:
        raise QueryError(f"{origin}: the columnar engine answers over a store (--store DIR); this graph is in memory")
    return _rdflib(graph, tree, bindings, text=text, origin=origin, selection=selection, base=base, lazy=lazy)


def _oxigraph(store: object, tree: ParseResults, text: str, bindings: Mapping[str, Identifier] | None, *,
              origin: str, selection: DatasetSelection | None, base: str | None,
              lazy: bool = False) -> QueryResult | RowStream | TripleStream | None:
    """Oxigraph's answer, or None when it cannot bind the parameters as rdflib's ``initBindings`` do."""
    if runs_exactly(tree, bindings):
        return evaluate(store, text, bindings, origin=origin, dataset=selection, base=base,  # type: ignore[arg-type]
                        lazy=lazy)
    written = inline(text, bindings or {}, origin)
    if written is not None:
        return evaluate(store, written, origin=origin, dataset=selection, base=base, lazy=lazy)  # type: ignore[arg-type]
    return None


def _rdflib(graph: Graph, tree: ParseResults, bindings: Mapping[str, Identifier] | None, *, text: str,
            origin: str, selection: DatasetSelection | None, base: str | None,
            lazy: bool = False) -> QueryResult | RowStream:
    """rdflib's engine (``tree`` is rewritten: not a shared one)."""
    if oxigraph_of(graph) is None and bindings and text and binds_inside_subqueries(tree, bindings):
        # rdflib's initBindings do not reach into subqueries the way writing the term does (measured:
        # stage-counts --param study gave other rows than over a store): the term is written into the text,
        # every occurrence, as over a store, so both engines run the same text
        written = inline(text, bindings, origin)
        if written is not None:
            tree, bindings = parse_checked(written, origin), None
    _describe_all(tree)
    try:
        query = translateQuery(tree, base=base, initNs=PREFIXES)
    except RecursionError as err:
        raise QueryError(f"{origin}: the query is nested too deeply to compile (so are very long chains of UNION); "
                         "split it up") from err
    except Exception as err:
        raise _unknown_prefix(text, err, origin) from err
    rdflib_aggregates.apply()  # rdflib answers a GROUP BY over nothing with a row; checked once, on first use
    rdflib_sparql.apply()  # and would read the graphs a FROM names, were one to reach it (none does: _evaluate)
    _construct_where(query.algebra)
    _values_in_select_all(query.algebra, tree)
    try:
        with quiet():
            raw = _evaluate(graph, query, bindings or {}, selection)
            if raw["type_"] == "SELECT" and not lazy:
                raw["bindings"] = list(raw["bindings"])
    except RecursionError as err:
        raise QueryError(f"{origin}: the query is nested too deeply to evaluate") from err
    except Exception as err:
        raise QueryError(f"{origin}: rdflib could not evaluate the query ({type(err).__name__}: {err})") from err
    kind = raw["type_"]
    if kind == "ASK":
        return QueryResult("ASK", askAnswer=bool(raw["askAnswer"]))
    if kind in ("CONSTRUCT", "DESCRIBE"):
        out = Graph()
        bind_prefixes(out)
        for t in raw["graph"]:
            if _is_rdf_triple(t):
                out.add(t)
        return QueryResult(kind, graph=out)
    names = tuple(str(v) for v in raw["vars_"])
    order = [Variable(n) for n in names]
    if lazy:
        return RowStream(names, _rdflib_rows(raw["bindings"], order, origin))  # type: ignore[arg-type]
    rows = [tuple(b.get(v) for v in order) for b in raw["bindings"]]
    return QueryResult("SELECT", names, rows)


def _rdflib_rows(solutions: Iterable[Mapping[Variable, Identifier]], order: list[Variable],
                 origin: str) -> Iterator[tuple[Identifier | None, ...]]:
    """The rows of rdflib's engine as it evaluates them, its failures as QueryError (as when read whole)."""
    try:
        with quiet():
            for b in solutions:
                yield tuple(b.get(v) for v in order)
    except QueryError:
        raise
    except RecursionError as err:
        raise QueryError(f"{origin}: the query is nested too deeply to evaluate") from err
    except Exception as err:
        raise QueryError(f"{origin}: rdflib could not evaluate the query ({type(err).__name__}: {err})") from err


def _evaluate(graph: Graph, query: Query, bindings: Mapping[str, Identifier],
              selection: DatasetSelection | None) -> Mapping[str, object]:
    """rdflib's ``evalQuery``, over the dataset ``selection`` picks among the graphs ``graph`` holds (the default
    dataset when it is None). rdflib never sees a dataset clause: given one, its engine would read a graph it
    lacks from the web or the disk (``QueryContext.load``); here the context is built from held graphs only."""
    main = query.algebra
    if selection is None:
        if main.datasetClause:  # not from partnerkg's gate: refuse rather than let rdflib resolve it
            raise QueryError("a dataset clause reached rdflib's engine without a selection; run it through execute")
        return evalQuery(graph, query, dict(bindings))
    default, named = dataset_for(graph, selection)
    ctx = QueryContext(named, initBindings={Variable(k): v for k, v in bindings.items()})
    ctx.graph = default  # the merge of the selected default graphs, not the union of the named ones
    ctx.prologue = query.prologue
    return evalPart(ctx, main)


def tree_for(graph: Graph, text: str, origin: str) -> ParseResults:
    """The checked parse tree of ``text`` for evaluation over ``graph``: over an Oxigraph store, which only
    reads the tree, one shared parse per text (the gate costs 30–90 ms); a fresh one for rdflib's engine,
    which rewrites it."""
    return parse_shared(text, origin) if oxigraph_of(graph) is not None else parse_checked(text, origin)
