"""On-disk Oxigraph stores: opening them, viewing them through rdflib's API, and running SPARQL in Oxigraph.

Commands reach a store through :func:`partnerkg.store.graphs.open_graph` with ``store=DIR``: an rdflib
:class:`~rdflib.Dataset` (default graph = union of all graphs) whose triples live in a pyoxigraph store
(``oxrdflib``), so code written against rdflib's triple API (maps, analytics, export) works unchanged. SPARQL
is where rdflib's engine would cost minutes: :func:`partnerkg.queries.run.execute` hands such graphs to
:func:`evaluate`, which runs the query text with Oxigraph's own engine after the safety gate has approved
that very text.

A store opened for reading is opened read-only, so any number of readers may share it while ``partnerkg
load`` prepares the next version in a staging copy (see :mod:`partnerkg.store.load`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from oxrdflib._converter import from_ox_graph_name, to_ox_quad_pattern
from pyparsing import ParseResults
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Identifier, Variable

from partnerkg.errors import InputError, QueryError
from partnerkg.namespaces import PREFIXES, bind_prefixes
from partnerkg.store.terms import iri, plain_literal

if TYPE_CHECKING:
    from partnerkg.queries.run import QueryResult

__all__ = ["binds_inside_subqueries", "dump", "evaluate", "inline", "is_store", "open_store", "oxigraph_of",
           "runs_exactly", "store_dataset", "store_folder", "term_converter", "to_ox", "to_rdflib"]

_XSD_STRING = str(XSD.string)
_RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def is_store(path: str | Path) -> bool:
    """Whether ``path`` is a folder holding an Oxigraph (RocksDB) store."""
    folder = Path(path)
    return folder.is_dir() and (folder / "CURRENT").is_file()


def open_store(path: str | Path, *, read_only: bool = True) -> ox.Store:
    """Open the Oxigraph store in folder ``path`` (read-only by default, so readers never block a load).

    Raises InputError (exit 2) when the folder is missing or holds no store, naming how to make one.
    """
    folder = Path(path)
    if not folder.exists():
        raise InputError(f"{folder}: no such store — create one with 'partnerkg load FILE --store {folder}'")
    if not is_store(folder):
        raise InputError(f"{folder}: is not a partnerkg store (no Oxigraph database in it) — create one with "
                         f"'partnerkg load FILE --store DIR' into a new folder")
    try:
        return ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
    except OSError as err:
        raise InputError(f"{folder}: the store cannot be opened ({err})") from err


class _Store(OxigraphStore):
    """oxrdflib's store, with terms converted as :func:`to_rdflib` does (xsd:string literals plain, as rdflib
    reads them from files), so triples read from a store compare equal to triples read into memory."""

    folder: tuple[Path, int] | None = None  # (folder, its inode) when opened from a folder

    def triples(self, triple_pattern, context=None):  # type: ignore[no-untyped-def]
        try:
            quads = self._inner.quads_for_pattern(*to_ox_quad_pattern(triple_pattern, context))
        except (TypeError, ValueError):
            return iter(())  # a term Oxigraph cannot hold (e.g. a literal subject) matches nothing
        convert = to_rdflib
        return (((convert(q.subject), convert(q.predicate), convert(q.object)),
                 iter((from_ox_graph_name(q.graph_name, self),))) for q in quads)


def store_dataset(store: ox.Store, folder: str | Path | None = None) -> Dataset:
    """An rdflib Dataset over ``store`` (default graph = the union of all its graphs); ``folder`` is where
    ``store`` was opened from, if it was (see :func:`store_folder`)."""
    backend = _Store(store=store)
    if folder is not None:
        backend.folder = (Path(folder).absolute(), Path(folder).stat().st_ino)
    ds = Dataset(store=backend, default_union=True)
    bind_prefixes(ds)
    return ds


def store_folder(graph: Graph) -> Path | None:
    """The folder of the store behind ``graph`` while it still holds the store that was opened (a load swaps
    in a new folder), else None."""
    opened = getattr(graph.store, "folder", None)
    if opened is None:
        return None
    folder, inode = opened
    try:
        return folder if folder.stat().st_ino == inode else None
    except OSError:
        return None


def oxigraph_of(graph: Graph) -> ox.Store | None:
    """The pyoxigraph store behind an rdflib graph made by :func:`store_dataset`, else None."""
    backend = graph.store
    if isinstance(backend, OxigraphStore):
        return backend._inner
    return None


# ---- terms ------------------------------------------------------------------------------------------------


def to_ox(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term for an rdflib IRI, blank node or literal."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise QueryError(f"cannot bind {term!r}: only IRIs, blank nodes and literals can be bound")


def to_rdflib(term: object) -> Identifier | None:
    """The rdflib term for a pyoxigraph term (plain strings stay plain literals, as rdflib reads them)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return iri(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return plain_literal(term.value, term.language)
        datatype = term.datatype.value
        return plain_literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=iri(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise QueryError(f"Oxigraph returned a term partnerkg cannot represent: {term!r}")


def term_converter() -> Callable[[object], Identifier | None]:
    """:func:`to_rdflib` remembering each term it converted: result columns repeat a few values (a sector, a
    kind, its label) thousands of times, and an rdflib literal costs 4–14 µs to make, a lookup 0.3 µs. IRIs
    are remembered by their text, which hashes faster than the pyoxigraph term (measured: 0.15 s against
    0.25 s for 300,000 IRIs)."""
    iris: dict[str, URIRef] = {}
    memo: dict[object, Identifier | None] = {}

    def convert(term: object) -> Identifier | None:
        if type(term) is ox.NamedNode:
            value = term.value
            made_iri = iris.get(value)
            if made_iri is None:
                made_iri = iris[value] = iri(value)
            return made_iri
        try:
            return memo[term]
        except KeyError:
            made = memo[term] = to_rdflib(term)
            return made

    return convert


# ---- SPARQL -------------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _approved(text: str, origin: str) -> tuple[str, str]:
    """Run the safety gate on ``text``: the query form it parsed (``SelectQuery``…) and the text the gate
    parsed, which is the one Oxigraph must run (line ends and escapes made unambiguous).

    Cached: the verdict depends on the text only.
    """
    from partnerkg.queries.safety import check_query

    checked = check_query(text, origin)
    return checked.form, checked.text


@lru_cache(maxsize=1)
def _prefixes() -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


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
    from partnerkg.queries.text import bind_variables

    try:
        written = bind_variables(text, bindings, _prefixes())
        _approved(written, origin)
    except QueryError:
        return None
    return written


def evaluate(store: ox.Store, text: str, bindings: Mapping[str, Identifier] | None = None, *,
             origin: str = "query") -> QueryResult:
    """Run SPARQL ``text`` with Oxigraph over ``store``'s union graph, ``bindings`` substituted before evaluation.

    The text goes through the safety gate here (SERVICE, FROM, updates refused), and the default and named
    graphs are passed explicitly, so nothing in the text can choose other data. partnerkg's prefixes are
    predeclared, as with rdflib's engine. A SELECT whose top-level ORDER BY sorts by projected variables runs
    without its ORDER BY/LIMIT/OFFSET (that text passes the gate too) and is sorted and sliced in Python, in
    exactly rdflib's order (:mod:`partnerkg.queries.order`). Raises QueryError.
    """
    from partnerkg.queries.run import QueryResult

    if not text:
        raise QueryError(f"{origin}: an Oxigraph store runs query text; none was given")
    form, text = _approved(text, origin)  # from here on, only the text the gate parsed
    plan = None
    if form == "SelectQuery":
        from partnerkg.queries.order import plan_for_text

        plan = plan_for_text(text, origin)
        if plan is not None:  # Oxigraph sorts strings slowly: it runs the text without ORDER BY, Python sorts
            _, text = _approved(plan.text, origin)
    named = list(store.named_graphs())
    substitutions = {ox.Variable(name): to_ox(term) for name, term in (bindings or {}).items()}
    try:
        # a single default graph when there are no named graphs: Oxigraph's union of graphs costs up to 40x
        answer = store.query(text, prefixes=_prefixes(),
                             default_graph=[ox.DefaultGraph(), *named] if named else ox.DefaultGraph(),
                             named_graphs=named, substitutions=substitutions)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ASK", askAnswer=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            out = Graph()
            bind_prefixes(out)
            for t in answer:
                out.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return QueryResult("DESCRIBE" if form == "DescribeQuery" else "CONSTRUCT", graph=out)
        names = tuple(v.value for v in answer.variables)
        convert = term_converter()
        if plan is not None:
            from partnerkg.queries.order import ordered_rows

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



_DUMP_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                 "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


def dump(store: ox.Store, fmt: str, output: str | Path | None = None) -> bytes | None:
    """Serialise ``store`` with Oxigraph's writer: ``fmt`` is ``nt``, ``turtle`` or ``jsonld`` (the default
    graph; Turtle with partnerkg's prefixes, JSON-LD expanded) or ``nquads``/``trig`` (every graph). The same
    store always gives the same bytes. Returns bytes when ``output`` is None."""
    try:
        rdf_format = _DUMP_FORMATS[fmt]
    except KeyError:
        raise InputError(f"cannot write a store as {fmt!r}: use one of {', '.join(_DUMP_FORMATS)}") from None
    graph = None if fmt in ("nquads", "trig") else ox.DefaultGraph()
    prefixes = _prefixes() if fmt in ("turtle", "trig") else None
    target = str(output) if output is not None else None
    return store.dump(target, format=rdf_format, from_graph=graph, prefixes=prefixes)
