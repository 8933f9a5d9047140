"""SPARQL in Oxigraph's own engine over a store: the text the safety gate approved, bindings substituted
where Oxigraph's substitution means what rdflib's ``initBindings`` means, written into the text elsewhere.

:func:`partnerkg.queries.engine.execute` hands every graph backed by an Oxigraph store here; rdflib's engine
would take minutes where Oxigraph takes seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache

import pyoxigraph as ox
from pyparsing import ParseResults
from rdflib import Graph
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Identifier, Variable

from partnerkg.errors import QueryError
from partnerkg.namespaces import PREFIXES, bind_prefixes
from partnerkg.queries.dataset import DatasetSelection
from partnerkg.queries.order import OrderPlan, ordered_rows, plan_for_text
from partnerkg.queries.result import QueryResult, RowStream, TripleStream
from partnerkg.queries.safety import check_shared
from partnerkg.queries.text import bind_variables
from partnerkg.store.terms import term_converter, to_ox, to_rdflib

__all__ = ["binds_inside_subqueries", "evaluate", "inline", "runs_exactly"]


@lru_cache(maxsize=1)
def _prefixes() -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


@lru_cache(maxsize=256)
def _approved(text: str, origin: str) -> tuple[str, str, DatasetSelection | None]:
    """Run the safety gate on ``text``: the query form it parsed (``SelectQuery``…), the text the gate
    parsed, which is the one Oxigraph must run (line ends and escapes made unambiguous), and the graphs its
    ``FROM`` and ``FROM NAMED`` select.

    Cached: the verdict depends on the text only.
    """
    checked = check_shared(text, origin)  # the parse the engine and the planner read too
    return checked.form, checked.text, checked.dataset


def _names(node: object, into: set[str]) -> set[str]:
    if isinstance(node, Variable):
        into.add(str(node))
    elif isinstance(node, CompValue):
        for child in node.values():
            _names(child, into)
    elif isinstance(node, (ParseResults, list, tuple)):
        for child in node:
            _names(child, into)
    return into


def _subselects(node: object) -> list[CompValue]:
    found: list[CompValue] = []
    if isinstance(node, CompValue):
        if node.name == "SubSelect":
            found.append(node)
        for child in node.values():
            found += _subselects(child)
    elif isinstance(node, (ParseResults, list, tuple)):
        for child in node:
            found += _subselects(child)
    return found


def binds_inside_subqueries(tree: ParseResults, bindings: Mapping[str, Identifier]) -> bool:
    """Whether a subquery of the parsed query ``tree`` mentions a variable of ``bindings``."""
    return any(name in _names(sub, set()) for sub in _subselects(tree[1]) for name in bindings)


def runs_exactly(tree: ParseResults, bindings: Mapping[str, Identifier] | None) -> bool:
    """Whether Oxigraph's substitution gives exactly rdflib's ``initBindings`` semantics for this query.

    Oxigraph substitutes a variable only where the query projects it (SEP-0007) and not inside subqueries,
    while rdflib binds it everywhere; queries without bindings always qualify.
    """
    if not bindings:
        return True
    query = tree[1]
    if query.name != "SelectQuery":  # measured: Oxigraph ignored a CONSTRUCT's substitution inside UNION
        return False
    if binds_inside_subqueries(tree, bindings):
        return False
    if query.get("projection") not in (None, "projection"):
        projected = {str(v["var"] if "var" in v else v["evar"]) for v in query["projection"]}
        return all(name in projected for name in bindings)
    return True


def inline(text: str, bindings: Mapping[str, Identifier], origin: str = "query") -> str | None:
    """``text`` with ``bindings`` written into it as terms, for bindings Oxigraph cannot substitute exactly.

    The rewrite is :func:`partnerkg.queries.text.bind_variables` (each occurrence of the variable becomes the
    term, subqueries included, as rdflib's ``initBindings`` binds it), token by token: a bound value is one
    IRI or string token, so it cannot change the query's structure, and the result passes the safety gate
    again before it runs. None when that is impossible (a blank node, a query that assigns the variable
    itself, a value the gate's escape rule refuses): the caller then evaluates with rdflib's engine.
    """
    try:
        written = bind_variables(text, bindings, _prefixes())
        _approved(written, origin)
    except QueryError:
        return None
    return written


def evaluate(store: ox.Store, text: str, bindings: Mapping[str, Identifier] | None = None, *,
             origin: str = "query", dataset: DatasetSelection | None = None, base: str | None = None,
             lazy: bool = False) -> QueryResult | RowStream | TripleStream:
    """Run SPARQL ``text`` with Oxigraph over ``store``'s union graph, ``bindings`` substituted before evaluation.

    The text goes through the safety gate here (SERVICE and updates refused), and the default and named
    graphs are passed explicitly: the union and every named graph, or the graphs ``dataset`` selects (when
    given; else the text's ``FROM`` and ``FROM NAMED``), which Oxigraph reads from the store only, an IRI
    naming no graph there being an empty graph. So nothing in the text can choose other data. Relative IRIs
    resolve against ``base`` when the text declares no BASE. partnerkg's prefixes are
    predeclared, as with rdflib's engine. A SELECT whose top-level ORDER BY sorts by projected variables runs
    without its ORDER BY/LIMIT/OFFSET (that text passes the gate too) and is sorted and sliced in Python, in
    exactly rdflib's order (:mod:`partnerkg.queries.order`). Raises QueryError.

    ``lazy`` answers a SELECT with a :class:`RowStream` that reads the solutions from the store as it is
    consumed (an ordered one sorts at its first row), a CONSTRUCT or DESCRIBE with a :class:`TripleStream`;
    errors met on the way raise QueryError from them.
    """
    if not text:
        raise QueryError(f"{origin}: an Oxigraph store runs query text; none was given")
    form, text, own = _approved(text, origin)  # from here on, only the text the gate parsed
    selection = dataset if dataset is not None else own
    plan = None
    if form == "SelectQuery":
        plan = plan_for_text(text, origin)
        if plan is not None:  # Oxigraph sorts strings slowly: it runs the text without ORDER BY, Python sorts
            _, text, _ = _approved(plan.text, origin)
    if selection is None:
        named = list(store.named_graphs())
        # a single default graph when there are no named graphs: Oxigraph's union of graphs costs up to 40x
        default: ox.DefaultGraph | list[ox.DefaultGraph | ox.NamedNode] = \
            [ox.DefaultGraph(), *named] if named else ox.DefaultGraph()
    else:
        try:
            default = [ox.NamedNode(iri) for iri in selection.default]
            named = [ox.NamedNode(iri) for iri in selection.named]
        except ValueError as err:
            raise QueryError(f"{origin}: a graph IRI of the dataset is not an IRI Oxigraph accepts ({err})") from err
    substitutions = {ox.Variable(name): to_ox(term) for name, term in (bindings or {}).items()}
    try:
        answer = store.query(text, prefixes=_prefixes(), default_graph=default, named_graphs=named,
                             substitutions=substitutions, base_iri=base)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ASK", askAnswer=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            if lazy:
                return TripleStream("DESCRIBE" if form == "DescribeQuery" else "CONSTRUCT", _triples(answer, origin))
            out = Graph()
            bind_prefixes(out)
            for t in answer:
                out.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return QueryResult("DESCRIBE" if form == "DescribeQuery" else "CONSTRUCT", graph=out)
        names = tuple(v.value for v in answer.variables)
        convert = term_converter()
        if lazy:
            return RowStream(names, _solutions(answer, names, plan, convert, origin))
        if plan is not None:
            try:
                rows = ordered_rows(list(answer), names, plan.conditions, plan.offset, plan.limit, convert)
            except (TypeError, ArithmeticError) as err:  # values rdflib's order cannot compare either
                raise QueryError(f"{origin}: the results cannot be ordered ({err})") from err
        else:
            rows = [tuple(convert(term) for term in solution) for solution in answer]
    except SyntaxError as err:
        raise QueryError(f"{origin}: Oxigraph cannot parse the query ({err})") from err
    except OSError as err:
        raise QueryError(f"{origin}: Oxigraph could not evaluate the query ({err})") from err
    return QueryResult("SELECT", names, rows)


def _solutions(answer: ox.QuerySolutions, names: tuple[str, ...], plan: OrderPlan | None,
               convert: Callable[[object], Identifier | None], origin: str) -> Iterator[tuple[Identifier | None, ...]]:
    """The rows of ``answer`` as they are read from the store (sorted first when ``plan`` orders them)."""
    try:
        if plan is not None:
            try:
                yield from ordered_rows(list(answer), names, plan.conditions, plan.offset, plan.limit, convert)
            except (TypeError, ArithmeticError) as err:
                raise QueryError(f"{origin}: the results cannot be ordered ({err})") from err
            return
        for solution in answer:
            yield tuple(convert(term) for term in solution)
    except OSError as err:
        raise QueryError(f"{origin}: Oxigraph could not evaluate the query ({err})") from err


def _triples(answer: ox.QueryTriples, origin: str) -> Iterator[ox.Triple]:
    """The triples of ``answer`` as Oxigraph builds them."""
    try:
        yield from answer
    except OSError as err:
        raise QueryError(f"{origin}: Oxigraph could not evaluate the query ({err})") from err
