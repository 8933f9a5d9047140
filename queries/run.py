"""Running queries: parameter binding, label resolution and the one function that talks to an engine.

Parameters are bound before evaluation (rdflib's ``initBindings``: the variable takes the value wherever
it occurs, subqueries included), never pasted into the query text, so a value such as
``"} ; DROP ALL ; {"`` stays a plain string. A parameter given as text is a label, resolved to the one
IRI whose ``rdfs:label`` or ``skos:altLabel`` equals it after NFC, casefold and whitespace collapse, unless
it is written as ``<IRI>``; typed library parameters (``string``, ``integer``, ``year``, ``boolean``) become
literals. rdflib terms are bound as given.

Every evaluation goes through :func:`execute`, the single place that knows which engine runs the query,
so that another store (an Oxigraph one behind ``--store``) can be added there.

>>> from rdflib import Graph
>>> g = Graph().parse(data='<urn:x:tp> <http://www.w3.org/2000/01/rdf-schema#label> "Turning  Point" .',
...                   format="nt")
>>> run_text("SELECT ?s WHERE { ?s ?p ?o }", g, s="turning point").rows
[(rdflib.term.URIRef('urn:x:tp'),)]
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyparsing import ParseResults
from rdflib import BNode, Dataset, Graph, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.evaluate import evalQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Identifier

from partnerkg._compat import rdflib_aggregates as rdflib_fixes
from partnerkg.errors import InputError, QueryError, UnknownEntityError
from partnerkg.namespaces import PREFIXES, RDFS, SKOS, bind_prefixes
from partnerkg.queries.catalogue import Header, Param, ParamType, load_query, parse_header, suggest
from partnerkg.queries.safety import check_tree, parse_checked

__all__ = [
    "QueryResult",
    "bindings",
    "default_graph",
    "execute",
    "label_index",
    "literal",
    "normalise_label",
    "read_query_file",
    "reasoned",
    "resolve_label",
    "run",
    "run_file",
    "run_query",
    "run_text",
    "variables",
]

_IRI = re.compile(r'^<([^<>"{}|^`\\\x00-\x20]+)>$')
_YEAR = re.compile(r"^-?[0-9]{4,}$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_BOOLEANS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


@dataclass(frozen=True)
class QueryResult:
    """The answer to a query.

    ``type`` is SELECT, ASK, CONSTRUCT or DESCRIBE. SELECT fills ``vars`` (names without ``?``) and
    ``rows`` (tuples aligned with ``vars``; None where unbound); ASK fills ``askAnswer`` (named as in
    rdflib and SPARQLWrapper); CONSTRUCT and DESCRIBE fill ``graph``.
    """

    type: str
    vars: tuple[str, ...] = ()
    rows: list[tuple[Identifier | None, ...]] = field(default_factory=list)
    graph: Graph | None = None
    askAnswer: bool | None = None

    def __iter__(self) -> Iterator[tuple[Identifier | None, ...]]:
        return iter(self.rows)

    @property
    def size(self) -> int:
        """What result limits count: rows (SELECT), triples (CONSTRUCT, DESCRIBE), 1 (ASK)."""
        if self.graph is not None:
            return len(self.graph)
        return len(self.rows) if self.type == "SELECT" else 1

    def records(self) -> list[dict[str, Identifier]]:
        """The rows as dicts of the bound variables."""
        return [{v: t for v, t in zip(self.vars, row, strict=True) if t is not None} for row in self.rows]


@lru_cache(maxsize=1)
def default_graph() -> Graph:
    """The shipped graph (ontology and compiled data), built once per process; queries never modify it."""
    from partnerkg.store.graphs import shipped_graph

    return shipped_graph()


def normalise_label(text: str) -> str:
    """The form labels are compared in: NFC, casefolded, runs of whitespace collapsed.

    >>> normalise_label("  Turning\\tPOINT ")
    'turning point'
    """
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


# ---- the engine ---------------------------------------------------------------------------------------


@contextmanager
def _rdflib_quiet() -> Iterator[None]:
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
            *, text: str = "", origin: str = "query") -> QueryResult:
    """Evaluate a parse tree that passed :func:`~partnerkg.queries.safety.parse_checked` over ``graph``.

    ``bindings`` maps variable names to terms bound before evaluation. partnerkg's prefixes (pk:, org:,
    prov:, skos:, dcterms:, rdfs:…) are predeclared. rdflib evaluates exactly the tree the gate checked;
    the text is not parsed again. Over an on-disk Oxigraph store (``open_graph(store=DIR)``) Oxigraph runs
    ``text`` instead, which must be the text ``tree`` was parsed from; the gate checks that text itself.
    """
    check_tree(tree, origin)  # again, whoever built the tree
    from partnerkg.store.oxigraph import binds_inside_subqueries, evaluate, inline, oxigraph_of, runs_exactly

    store = oxigraph_of(graph)
    if store is not None:  # Oxigraph runs ``text`` (or ``text`` with the bindings written in); the gate checks it
        if runs_exactly(tree, bindings):
            return evaluate(store, text, bindings, origin=origin)
        written = inline(text, bindings or {}, origin)
        if written is not None:
            return evaluate(store, written, origin=origin)
        tree = parse_checked(text, origin)  # rdflib's engine rewrites the tree, which may be a shared one
    elif bindings and text and binds_inside_subqueries(tree, bindings):
        # rdflib's initBindings do not reach into subqueries the way writing the term does (measured:
        # stage-counts --param study gave other rows than over a store): the term is written into the text,
        # every occurrence, as over a store, so both engines run the same text
        written = inline(text, bindings, origin)
        if written is not None:
            tree, bindings = parse_checked(written, origin), None
    _describe_all(tree)
    try:
        query = translateQuery(tree, initNs=PREFIXES)
    except RecursionError as err:
        raise QueryError(f"{origin}: the query is nested too deeply to compile (so are very long chains of UNION); "
                         "split it up") from err
    except Exception as err:
        raise _unknown_prefix(text, err, origin) from err
    rdflib_fixes.apply()  # rdflib answers a GROUP BY over nothing with a row; checked once, on first use
    try:
        with _rdflib_quiet():
            raw = evalQuery(graph, query, dict(bindings or {}))
            if raw["type_"] == "SELECT":
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
            out.add(t)
        return QueryResult(kind, graph=out)
    names = tuple(str(v) for v in raw["vars_"])
    order = [Variable(n) for n in names]
    rows = [tuple(b.get(v) for v in order) for b in raw["bindings"]]
    return QueryResult("SELECT", names, rows)


@lru_cache(maxsize=256)
def _shared_tree(text: str, origin: str) -> ParseResults:
    """:func:`parse_checked` once per text, for readers that never modify the tree."""
    return parse_checked(text, origin)


def _tree(graph: Graph, text: str, origin: str) -> ParseResults:
    """The checked parse tree of ``text`` for evaluation over ``graph``: over an Oxigraph store, which only
    reads the tree, one shared parse per text (the gate costs 30–90 ms); a fresh one for rdflib's engine,
    which rewrites it."""
    from partnerkg.store.oxigraph import oxigraph_of

    return _shared_tree(text, origin) if oxigraph_of(graph) is not None else parse_checked(text, origin)


# ---- parameters ---------------------------------------------------------------------------------------

_LABELS_TEXT = (f"PREFIX rdfs: <{RDFS}> PREFIX skos: <{SKOS}> "
                "SELECT ?s ?label WHERE { ?s rdfs:label|skos:altLabel ?label FILTER(isIRI(?s) && isLiteral(?label)) }")
_MENTIONED_TEXT = "ASK { { ?iri ?p ?o } UNION { ?s ?iri ?o } UNION { ?s ?p ?iri } }"


def label_index(graph: Graph) -> dict[str, dict[URIRef, str]]:
    """Normalised label -> {IRI: label as written}, over rdfs:label and skos:altLabel of IRIs."""
    index: dict[str, dict[URIRef, str]] = {}
    tree = _tree(graph, _LABELS_TEXT, "label lookup")
    for s, label in execute(graph, tree, text=_LABELS_TEXT, origin="label lookup").rows:
        index.setdefault(normalise_label(str(label)), {})[URIRef(str(s))] = str(label)
    return index


#: ASCII characters that only ever come from themselves or their capitals under :func:`normalise_label` (no
#: other character casefolds or composes to them), so a label that normalises to a text containing a run of
#: them contains that run after SPARQL's LCASE as well.
_PROBE_CHARS = frozenset("0123456789bcdegkmopqruvxz")


def _probes(key: str) -> list[str]:
    """The runs (two characters or more) of :data:`_PROBE_CHARS` in a normalised label.

    >>> _probes("turning point")
    ['ur', 'po']
    """
    runs = re.findall(f"[{''.join(sorted(_PROBE_CHARS))}]{{2,}}", key)
    return list(dict.fromkeys(runs))


def _labelled(graph: Graph, key: str) -> dict[URIRef, str] | None:
    """{IRI: label} of the resources whose label or alternative label normalises to ``key``, found in an
    Oxigraph store without building the whole label index: Oxigraph keeps only labels that contain every
    run of :func:`_probes` (a superset of the answer), and Python normalises those few. None when ``graph``
    is not a store or ``key`` has no probe (the caller uses :func:`label_index`)."""
    from partnerkg.queries.text import term_text
    from partnerkg.store.oxigraph import oxigraph_of

    probes = _probes(key)
    if oxigraph_of(graph) is None or not probes:
        return None
    tests = " && ".join(f"CONTAINS(LCASE(STR(?label)), {term_text(Literal(p))})" for p in probes)
    query = (f"PREFIX rdfs: <{RDFS}> PREFIX skos: <{SKOS}> SELECT ?s ?label WHERE {{ ?s rdfs:label|skos:altLabel "
             f"?label FILTER(isIRI(?s) && isLiteral(?label) && {tests}) }}")
    found: dict[URIRef, str] = {}
    for s, label in execute(graph, _tree(graph, query, "label lookup"), text=query, origin="label lookup").rows:
        if normalise_label(str(label)) == key:
            found[URIRef(str(s))] = str(label)
    return found


def _store_labels(graph: Graph, key: str) -> dict[URIRef, str] | None:
    """{IRI: label} of the resources labelled ``key`` (normalised) in a store: from the store's label index
    (:mod:`partnerkg.queries.label_index`) when it was opened from a folder, else by :func:`_labelled`."""
    from partnerkg.queries.label_index import cached_labels
    from partnerkg.store.oxigraph import store_folder

    folder = store_folder(graph)
    if folder is None:
        return _labelled(graph, key)
    return cached_labels(folder, key, lambda: label_index(graph))


def _index_of(graph: Graph) -> dict[str, dict[URIRef, str]]:
    """:func:`label_index` of ``graph``, through the store's label index when it has one (built at most once)."""
    from partnerkg.queries.label_index import cached_index
    from partnerkg.store.oxigraph import store_folder

    folder = store_folder(graph)
    return label_index(graph) if folder is None else cached_index(folder, lambda: label_index(graph))


def resolve_label(graph: Graph, text: str, param: str = "entity", *,
                  index: dict[str, dict[URIRef, str]] | None = None) -> URIRef:
    """The IRI a parameter value names: ``<IRI>`` as written (it must occur in the graph), else the one
    resource whose label or alternative label equals ``text`` after normalisation.

    ``index`` is :func:`label_index` of ``graph`` when the caller already has it. Raises UnknownEntityError
    suggesting the closest labels (or IRIs), or QueryError when a label names several resources.
    """
    m = _IRI.match(text.strip())
    if m is not None:
        iri = URIRef(m.group(1))
        if execute(graph, _tree(graph, _MENTIONED_TEXT, "IRI lookup"), {"iri": iri}, text=_MENTIONED_TEXT,
                   origin="IRI lookup").askAnswer:
            return iri
        known = sorted({str(s) for entries in (index or _index_of(graph)).values() for s in entries})
        hint = suggest(str(iri), known)
        raise UnknownEntityError(
            f"--param {param}: <{iri}> does not occur in the graph"
            + (f" — did you mean {', '.join(f'<{h}>' for h in hint)}?" if hint else "")
        )
    key = normalise_label(text)
    found = _store_labels(graph, key) if index is None else None
    if not found:  # also for the suggestions when nothing matched
        index = index if index is not None else _index_of(graph)
        found = index.get(key, {})
    if len(found) == 1:
        return next(iter(found))
    if len(found) > 1:
        names = ", ".join(f"<{s}>" for s in sorted(found)[:5])
        raise QueryError(f"--param {param}: {text!r} is the label of {len(found)} resources ({names}); "
                         "pass one as <IRI>")
    assert index is not None
    hint = suggest(key, sorted(index))
    shown = [next(iter(sorted(index[h].values()))) for h in hint]
    raise UnknownEntityError(
        f"--param {param}: no resource is labelled {text!r}"
        + (f" — did you mean {', '.join(repr(s) for s in shown)}?" if shown else "")
        + " (write an IRI as <https://…>)"
    )


def literal(param: Param, value: Any) -> Literal:
    """The literal a typed (non-entity) parameter value stands for; QueryError when it does not fit the type."""
    text = str(value).strip()
    if param.type is ParamType.STRING:
        return Literal(str(value))
    if param.type is ParamType.INTEGER and not isinstance(value, bool) and _INTEGER.match(text):
        return Literal(int(text))
    if param.type is ParamType.YEAR and not isinstance(value, bool) and _YEAR.match(text):
        return Literal(text, datatype=XSD.gYear)
    if param.type is ParamType.BOOLEAN and (isinstance(value, bool) or text.lower() in _BOOLEANS):
        return Literal(value if isinstance(value, bool) else _BOOLEANS[text.lower()])
    expected = {ParamType.INTEGER: "a whole number", ParamType.YEAR: "a year such as 2004",
                ParamType.BOOLEAN: "true or false"}[param.type]
    raise QueryError(f"--param {param.name}: expected {expected}, got {value!r}")


def _term(graph: Graph, param: Param, value: Any, labels: Callable[[], dict[str, dict[URIRef, str]]]) -> Identifier:
    if isinstance(value, (URIRef, Literal, BNode)):
        return value
    if param.type is not ParamType.ENTITY:
        return literal(param, value)
    if isinstance(value, (bool, int, float)):
        return Literal(value)
    if not isinstance(value, str):
        raise QueryError(f"--param {param.name}: expected a label or <IRI>, got {type(value).__name__}")
    from partnerkg.store.oxigraph import oxigraph_of

    # in memory the whole index is cheap and shared by the parameters; a store looks each label up instead
    return resolve_label(graph, value, param.name, index=labels() if oxigraph_of(graph) is None else None)


def bindings(graph: Graph, tree: ParseResults, header: Header, params: Mapping[str, Any], origin: str,
              strict: bool) -> dict[str, Identifier]:
    """The terms to bind for ``params`` and the header's defaults: labels resolved, typed values as literals.

    Raises QueryError for a parameter the query does not have (with ``strict``, one the header does not
    declare), UnknownEntityError for an unknown label.
    """
    declared = {p.name: p for p in header.params}
    names = variables(tree)
    for name in params:
        if strict and name not in declared:
            known = ", ".join(declared) or "none"
            raise QueryError(f"{origin}: no parameter {name!r} — its parameters: {known}")
        if name not in declared and name not in names:
            raise QueryError(f"{origin}: the query has no variable ?{name} to bind"
                             f" — its variables: {', '.join(sorted(names)) or 'none'}")
    labels = lru_cache(maxsize=1)(lambda: label_index(graph))  # built at most once, and only if needed
    out: dict[str, Identifier] = {}
    for name, value in params.items():
        if value is not None:
            out[name] = _term(graph, declared.get(name, Param(name)), value, labels)
    for p in header.params:
        if p.name not in out and p.default is not None:
            out[p.name] = _term(graph, p, p.default, labels)
    return out


def run_query(text: str, params: Mapping[str, Any] | None = None, graph: Graph | None = None, *,
              origin: str = "query", header: Header | None = None, strict: bool = False) -> QueryResult:
    """Check, bind and run query ``text``; the common path of :func:`run`, :func:`run_text` and :func:`run_file`.

    ``origin`` names the query in messages; ``header`` overrides the one read from the text; ``strict``
    accepts only declared parameters.
    """
    target = default_graph() if graph is None else graph
    tree = _tree(target, text, origin)
    header = header if header is not None else parse_header(text, origin)
    bound = bindings(target, tree, header, params or {}, origin, strict)
    return execute(target, tree, bound, text=text, origin=origin)


def run(name: str, /, graph: Graph | None = None, **params: Any) -> QueryResult:
    """Run the library query ``name`` over ``graph`` (default: the shipped graph).

    ``params`` bind the query's declared parameters; declared defaults fill the rest. Raises QueryError
    for an unknown name (suggesting the closest) or parameter, UnknownEntityError for an unknown label.
    """
    q = load_query(name)
    return run_query(q.text, params, graph, origin=q.origin, header=q.header, strict=True)


def run_text(query: str, /, graph: Graph | None = None, **params: Any) -> QueryResult:
    """Run SPARQL ``query`` text over ``graph`` (default: the shipped graph).

    ``params`` bind variables of the query (a header in the text may declare types and defaults, as in
    the library). Refused and malformed queries raise QueryError with the parser's line and column.
    """
    return run_query(query, params, graph)


def read_query_file(path: str | Path) -> str:
    """The text of a query file; InputError (exit 2) naming the file, and line and column where it matters,
    when it cannot be used (missing, a folder, empty, binary, not UTF-8, too big)."""
    from partnerkg.input_files import read_input_text
    from partnerkg.queries.safety import MAX_QUERY_CHARS

    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such query file — check the path")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, not a query file — name a .rq file")
    text = read_input_text(p, limit=4 * MAX_QUERY_CHARS, what="a SPARQL query file",
                           too_big="shorten the query or split it into several")
    if not text.strip():
        raise InputError(f"{p}: the query file is empty — write a SPARQL query in it")
    return text


def run_file(path: str | Path, /, graph: Graph | None = None, **params: Any) -> QueryResult:
    """Run the query in file ``path``; messages name the file. See :func:`run_text`."""
    return run_query(read_query_file(path), params, graph, origin=str(path))


def reasoned(graph: Graph, regime: str) -> Graph:
    """``graph`` with the partnerkg ontology, closed under ``"rdfs"`` or ``"owlrl"`` entailment.

    The ontology is added because its axioms are what a reasoner applies (also with ``--no-shipped``);
    named graphs are merged into one. ``"none"`` returns ``graph`` unchanged.
    """
    from partnerkg.ontology import load_ontology
    from partnerkg.ontology.reasoning import Reasoning, entailed

    mode = Reasoning(regime)
    if mode is Reasoning.NONE:
        return graph
    plain = load_ontology()
    with _rdflib_quiet():
        for t in graph.triples((None, None, None)) if isinstance(graph, Dataset) else graph:
            plain.add(t)
    return entailed(plain, mode)

