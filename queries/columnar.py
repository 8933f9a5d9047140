"""The columnar engine: analytical joins answered by DuckDB over an integer-encoded triple table beside a store.

Oxigraph decodes every term of a join from RocksDB (about 4 µs each), so "who shares the most partnerships
with whom" over 1.8M triples took 13 s there; the same join over integer columns takes a tenth of a second.
The first query this engine answers over a store writes ``partnerkg-columnar.duckdb`` into the store's folder:

* ``terms(id, text, kind, iri, lex, lang)``: every term of the store once, as Oxigraph's SPARQL TSV writer
  spells it (``<iri>``, ``_:id``, ``"text"@en``, ``1``…); ``kind`` is 0 for an IRI, 1 for a blank node, 2 for a
  literal; ``iri`` the IRI's text; ``lex`` and ``lang`` a string literal's lexical form and language tag ('' for
  none; both NULL for any other term), for CONCAT and GROUP_CONCAT. IRIs come first, numbered in the codepoint
  order of their text, so ``STR(?a) < STR(?b)`` of two IRIs is a comparison of ids;
* ``triples(s, p, o)``: the store's triples as ids, sorted by predicate, so a pattern with a constant predicate
  reads one contiguous run of rows;
* ``nodes(id)``: every subject and object (the zero-length matches of ``p*`` and ``p?``);
* ``literal_predicates(p)``: the predicates with at least one literal object. A variable only ever bound as a
  subject, or as the object of a predicate not listed here, is never a literal, so ``!=`` and ``=`` on it are
  comparisons of ids (SPARQL compares literals by value, which ids cannot do).

Like the label index (:mod:`partnerkg.queries.label_index`) the table records the fingerprint of the store's
own files: a load swaps in a new folder and anything else that writes changes those files, so a table that no
longer matches is never read; it is built again, into a temporary file renamed into place, and only when the
store did not change while it was read. Stores with named graphs are left to Oxigraph (the table holds one
graph), as are dataset selections and relative IRIs.

:func:`answer` translates a query it can answer exactly (:mod:`partnerkg.queries.translate`), runs it, turns
ids back into terms through Oxigraph's own TSV parser and :func:`~partnerkg.store.terms.term_converter` (so a
term comes out exactly as the Oxigraph path gives it), and orders rows with :mod:`partnerkg.queries.order`
as that path does. Anything else gets None and a reason, and runs in Oxigraph.

DuckDB is an optional dependency (``pip install 'partnerkg[columnar]'``); without it every query runs in
Oxigraph, and ``--engine columnar`` says how to install it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import Graph, Variable
from rdflib.paths import Path as RDFPath
from rdflib.term import Identifier, Literal, URIRef

from partnerkg.errors import QueryError
from partnerkg.namespaces import bind_prefixes
from partnerkg.queries.label_index import fingerprint
from partnerkg.queries.order import ordered_rows, plan_for_text
from partnerkg.queries.result import QueryResult, RowStream, TripleStream
from partnerkg.store.terms import iri, plain_literal, term_converter, to_ox

if TYPE_CHECKING:
    import duckdb

__all__ = ["FILE_NAME", "Engine", "Unanswered", "answer", "available", "ensure_table", "open_table"]

FILE_NAME = "partnerkg-columnar.duckdb"
#: What the table holds; a new version makes every older table stale.
TABLE_VERSION = "3: terms (IRIs first, in order; lex and lang of string literals), triples, nodes, literal_predicates"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER, _BOOLEAN = ox.NamedNode(_XSD + "integer"), ox.NamedNode(_XSD + "boolean")


class Engine(StrEnum):
    """Which engine answers a query over a store: ``auto`` the columnar one when it can, else Oxigraph."""

    AUTO = "auto"
    OXIGRAPH = "oxigraph"
    COLUMNAR = "columnar"


@dataclass(frozen=True)
class Unanswered:
    """Why the columnar engine left a query to Oxigraph."""

    reason: str


def available() -> bool:
    """Whether DuckDB (the ``columnar`` extra) is installed."""
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return False
    return True


def _connect(path: Path | str, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    import duckdb

    con = duckdb.connect(str(path), read_only=read_only)
    con.execute("SET threads = 2")  # this kind of machine's cores; DuckDB would also count hyperthreads
    return con


def _open_current(path: Path, stamp: str) -> duckdb.DuckDBPyConnection | None:
    """A read-only connection to the table at ``path`` when it is the current one for ``stamp``, else None."""
    if not path.is_file():
        return None
    try:
        con = _connect(path, read_only=True)
    except Exception:  # a truncated or foreign file is simply not current
        return None
    try:
        recorded = dict(con.execute("SELECT name, value FROM meta").fetchall())
    except Exception:
        con.close()
        return None
    if recorded.get("fingerprint") == stamp and recorded.get("version") == TABLE_VERSION:
        return con
    con.close()
    return None


def ensure_table(folder: str | Path, store: ox.Store,
                 same_store: Callable[[], bool] | None = None) -> Path | Unanswered:
    """The current columnar table of the store in ``folder`` (opened as ``store``), built first if there is none
    or it is stale; an :class:`Unanswered` when it cannot be had (named graphs, a folder the user cannot write).

    Reading a store's triples costs what Oxigraph's TSV writer costs (about 8 s per million triples); the
    table itself takes a few seconds more, once per version of the store.
    """
    got = open_table(folder, store, same_store)
    if isinstance(got, Unanswered):
        return got
    got.close()
    return Path(folder) / FILE_NAME


def open_table(folder: str | Path, store: ox.Store,
               same_store: Callable[[], bool] | None = None) -> duckdb.DuckDBPyConnection | Unanswered:
    """A read-only connection to the current columnar table of the store in ``folder``, built first if needed
    (see :func:`ensure_table`).

    ``same_store``, asked once the folder's fingerprint is taken, says whether ``folder`` still holds the store
    ``store`` reads: a load may swap in a new folder at any moment, and a table of the old store's triples
    stamped with the new folder's fingerprint would be read as current.
    """
    folder = Path(folder)
    path = folder / FILE_NAME
    stamp = fingerprint(folder)
    if same_store is not None and not same_store():
        return Unanswered("a load replaced the store since it was opened")
    con = _open_current(path, stamp)
    if con is not None:
        return con
    if next(iter(store.named_graphs()), None) is not None:
        return Unanswered("the store has named graphs; the columnar table holds one graph")
    temporary = folder / f".{FILE_NAME}-{os.getpid()}-{time.monotonic_ns()}"
    tsv = temporary.with_suffix(".tsv")
    try:
        store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", default_graph=ox.DefaultGraph()).serialize(
            str(tsv), format=ox.QueryResultsFormat.TSV)
        _build(tsv, temporary, stamp)
        tsv.unlink()
        if fingerprint(folder) != stamp:  # the store changed while it was read: this table is already stale
            return Unanswered("the store changed while its columnar table was built")
        os.replace(temporary, path)
        return _connect(path, read_only=True)
    except Exception as err:  # OSError, or DuckDB's own IOException: a folder the user cannot write, a full disk
        return Unanswered(f"the columnar table cannot be written beside the store ({err})")
    finally:
        for leftover in (tsv, temporary, Path(f"{temporary}.wal")):
            with suppress(OSError):
                leftover.unlink()


def _build(tsv: Path, target: Path, stamp: str) -> None:
    """Write the table of the TSV dump ``tsv`` (header ``?s ?p ?o``) into a new DuckDB file ``target``."""
    con = _connect(target, read_only=False)
    try:
        source = str(tsv).replace("'", "''")
        # every field is one term as Oxigraph writes it (tabs and newlines inside literals escaped): no quoting
        con.execute(f"""CREATE TEMP TABLE raw AS SELECT * FROM read_csv('{source}', delim = '\t', header = true,
            quote = '', escape = '', auto_detect = false,
            columns = {{'s': 'VARCHAR', 'p': 'VARCHAR', 'o': 'VARCHAR'}})""")
        con.execute("""CREATE TABLE terms AS
            SELECT (row_number() OVER (ORDER BY kind, iri, text) - 1)::BIGINT AS id, text, kind, iri
            FROM (SELECT text,
                         (CASE WHEN text[1] = '<' THEN 0 WHEN text[1:2] = '_:' THEN 1 ELSE 2 END)::TINYINT AS kind,
                         CASE WHEN text[1] = '<' THEN text[2:-2] END AS iri
                  FROM (SELECT s AS text FROM raw UNION SELECT p FROM raw UNION SELECT o FROM raw))""")
        _string_forms(con)
        con.execute("""CREATE TABLE triples AS
            SELECT DISTINCT a.id AS s, b.id AS p, c.id AS o
            FROM raw JOIN terms a ON raw.s = a.text JOIN terms b ON raw.p = b.text JOIN terms c ON raw.o = c.text
            ORDER BY p, s, o""")
        con.execute("DROP TABLE raw")
        con.execute("CREATE TABLE nodes AS SELECT s AS id FROM triples UNION SELECT o FROM triples ORDER BY id")
        con.execute("""CREATE TABLE literal_predicates AS SELECT DISTINCT p FROM triples JOIN terms ON o = id
                       WHERE kind = 2 ORDER BY p""")
        con.execute("CREATE TABLE meta (name VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)")
        con.execute("INSERT INTO meta VALUES ('fingerprint', ?), ('version', ?)", [stamp, TABLE_VERSION])
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _string_forms(con: duckdb.DuckDBPyConnection) -> None:
    """Give ``terms`` the lexical form (``lex``) and language (``lang``, '' for none) of each string literal
    (simple, ``xsd:string`` or language-tagged; NULL for any other term), for CONCAT and GROUP_CONCAT. The
    TSV text is cut in SQL where it holds no escape; the others are read by Oxigraph's own TSV parser."""
    con.execute(r"""ALTER TABLE terms ADD COLUMN lex VARCHAR""")
    con.execute(r"""ALTER TABLE terms ADD COLUMN lang VARCHAR""")
    con.execute(r"""UPDATE terms SET lex = text[2:-2], lang = ''
                    WHERE kind = 2 AND text[1] = '"' AND text[-1:] = '"'""")
    con.execute(r"""UPDATE terms SET lex = regexp_extract(text, '^"(.*)"@([A-Za-z0-9-]+)$', 1),
                    lang = regexp_extract(text, '^"(.*)"@([A-Za-z0-9-]+)$', 2)
                    WHERE kind = 2 AND regexp_matches(text, '^".*"@[A-Za-z0-9-]+$')""")
    escaped = con.execute(r"SELECT id, text FROM terms WHERE lex IS NOT NULL AND contains(lex, '\')").fetchall()
    if escaped:
        parsed = _tsv_terms([text for _, text in escaped])
        con.execute("CREATE TEMP TABLE unescaped (id BIGINT, lex VARCHAR)")
        con.executemany("INSERT INTO unescaped VALUES (?, ?)",
                        [[i, term.value] for (i, _), term in zip(escaped, parsed, strict=True)])  # type: ignore[attr-defined]
        con.execute("UPDATE terms SET lex = unescaped.lex FROM unescaped WHERE terms.id = unescaped.id")
        con.execute("DROP TABLE unescaped")


# ---- answering -----------------------------------------------------------------------------------------------


def _tsv_terms(texts: list[str]) -> list[object]:
    """Oxigraph's terms for TSV term texts, parsed by Oxigraph's own TSV parser (exact by construction)."""
    if not texts:
        return []
    document = ("?t\n" + "\n".join(texts) + "\n").encode()
    return [solution[0] for solution in ox.parse_query_results(document, format=ox.QueryResultsFormat.TSV)]


def _constant_texts(terms: list[Identifier]) -> list[str]:
    """How Oxigraph's TSV writer spells each query constant (an IRI as ``<iri>``; a literal asked of Oxigraph
    itself, on an empty store), so a constant finds its id exactly as the table spells the store's terms."""
    if all(isinstance(term, URIRef) for term in terms):
        return [f"<{term}>" for term in terms]
    values = " ".join(f"({i} {to_ox(term)})" for i, term in enumerate(terms))
    answer = ox.Store().query(f"SELECT ?i ?t WHERE {{ VALUES (?i ?t) {{ {values} }} }}")
    lines = answer.serialize(format=ox.QueryResultsFormat.TSV).decode().split("\n")[1:]
    spelt = dict(line.split("\t", 1) for line in lines if line)  # a term's tabs are written as \t
    return [spelt[str(i)] for i in range(len(terms))]


class _Lookup:
    """Ids of query constants in the table; a constant the store lacks gets a negative id of its own."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.ids: dict[Identifier, int] = {}
        self.missing: dict[int, Identifier] = {}
        self.literal_predicates = {p for (p,) in con.execute("SELECT p FROM literal_predicates").fetchall()}
        (self.iris,) = con.execute("SELECT count(*) FROM terms WHERE kind = 0").fetchone()  # type: ignore[misc]

    def prefetch(self, algebra: object) -> None:
        """Look up every constant of ``algebra`` in one scan of the terms (a scan per constant costs ~10 ms)."""
        terms = sorted(set(_constants(algebra)), key=str)
        if not terms:
            return
        texts = _constant_texts(terms)
        found = dict(self.con.execute("SELECT text, id FROM terms WHERE text IN (SELECT unnest(?::VARCHAR[]))",
                                      [texts]).fetchall())
        for term, text in zip(terms, texts, strict=True):
            if text in found:
                self.ids[term] = int(found[text])

    def __call__(self, term: Identifier) -> int:
        found = self.ids.get(term)
        if found is None:
            (text,) = _constant_texts([term])
            row = self.con.execute("SELECT id FROM terms WHERE text = ?", [text]).fetchone()
            if row is None:
                found = -1 - len(self.missing)
                self.missing[found] = term
            else:
                found = int(row[0])
            self.ids[term] = found
        return found


def _constants(node: object) -> Iterator[Identifier]:
    """The IRIs and literals of an algebra tree (in patterns, paths, VALUES and expressions)."""
    if isinstance(node, URIRef | Literal):
        yield node
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from _constants(key)
            yield from _constants(value)
    elif isinstance(node, list | tuple | set):
        for child in node:
            yield from _constants(child)
    elif isinstance(node, RDFPath):
        yield from _constants([getattr(node, name) for name in ("arg", "args", "path") if hasattr(node, name)])


class _DryLookup:
    """Ids for trying a translation without a table: no literal objects anywhere (the most permissive)."""

    def __init__(self) -> None:
        self.literal_predicates: set[int] = set()
        self.missing: dict[int, Identifier] = {}
        self.iris = 1

    def __call__(self, term: Identifier) -> int:
        return 0


def answer(folder: str | Path, store: ox.Store, text: str, bindings: Mapping[str, Identifier] | None = None, *,
           origin: str = "query", base: str | None = None, same_store: Callable[[], bool] | None = None,
           lazy: bool = False, by_cost: bool = False) -> QueryResult | RowStream | TripleStream | Unanswered:
    """The answer of SPARQL ``text`` (already approved by the safety gate) over the store in ``folder``, from
    the columnar table, or :class:`Unanswered` saying why Oxigraph must answer it instead.

    ``bindings`` are written into the text as terms (:func:`partnerkg.queries.oxigraph.inline`), which is what
    they mean wherever they occur; relative IRIs resolve against ``base``. The table is built on the first
    query the engine can translate (translation is tried first, so a query it cannot answer never waits for it);
    ``same_store`` is as for :func:`open_table`. A top-level ORDER BY and its LIMIT/OFFSET run in DuckDB where
    SQL orders the keys exactly as rdflib does (IRIs, string literals, computed numbers), so only the rows kept
    are made into terms; ``lazy`` answers a SELECT with a :class:`RowStream` decoded batch by batch, a CONSTRUCT
    with a :class:`TripleStream` made as it is read.
    ``by_cost`` (``--engine auto``) leaves to Oxigraph a query whose every pattern is reached from a constant
    (:func:`partnerkg.queries.anchoring.anchored`): Oxigraph's indexes answer it in milliseconds, where this
    engine scans whole predicate runs.
    """
    from rdflib.plugins.sparql.algebra import translateQuery

    from partnerkg.namespaces import PREFIXES
    from partnerkg.queries.anchoring import anchored
    from partnerkg.queries.oxigraph import inline
    from partnerkg.queries.safety import parse_checked, parse_shared
    from partnerkg.queries.translate import UNDETERMINED, Untranslatable, translate

    if not available():
        return Unanswered("DuckDB is not installed: pip install 'partnerkg[columnar]'")
    form = parse_shared(text, origin)[1].name
    if form not in ("SelectQuery", "AskQuery", "ConstructQuery"):
        kind = form.removesuffix("Query").upper()
        return Unanswered(f"a {kind} query (the columnar engine answers SELECT, ASK and CONSTRUCT)")
    # the top-level ORDER BY is Python's, planned on the text as written (a parameter written into the text
    # would turn ``ORDER BY ?sector`` into an expression), as on the Oxigraph path
    plan = plan_for_text(text, origin) if form == "SelectQuery" else None
    run_text = plan.text if plan is not None else text
    if bindings:
        written = inline(run_text, bindings, origin)
        if written is None:
            return Unanswered("a parameter cannot be written into the query text")
        run_text = written
    try:
        algebra = translateQuery(parse_checked(run_text, origin), base=base, initNs=PREFIXES).algebra
    except Exception as err:  # e.g. an undefined prefix: Oxigraph's path words the error
        return Unanswered(f"rdflib cannot compile the query ({err})")
    try:  # first with no table: is the query one the engine can translate at all?
        translate(algebra, _DryLookup(), plan)
    except Untranslatable as err:
        return Unanswered(str(err))
    if by_cost and anchored(algebra):
        return Unanswered("every pattern of the query is reached from a constant, which Oxigraph's indexes "
                          "answer faster than a scan")
    con = open_table(folder, store, same_store)
    if isinstance(con, Unanswered):
        return con
    streaming = False
    try:
        lookup = _Lookup(con)
        lookup.prefetch(algebra)
        try:
            sql = translate(algebra, lookup, plan)
        except Untranslatable as err:  # a comparison the store's literals make inexact
            return Unanswered(str(err))
        try:
            if form == "AskQuery":
                rows = con.execute(sql.text).fetchall()
                return QueryResult("ASK", askAnswer=bool(rows and rows[0][0]))
            if form == "ConstructQuery":
                if lazy:  # a CONSTRUCT streamed: its solutions decoded batch by batch, triples made as read
                    streaming = True
                    solutions = _stream(con, con.execute(sql.text), sql.kinds, lookup, origin)
                    return TripleStream("CONSTRUCT", (ox.Triple(to_ox(s), to_ox(p), to_ox(o))
                                                      for s, p, o in _instantiated(sql, solutions)))
                graph = Graph()
                bind_prefixes(graph)
                for triple in _instantiated(sql, _Decoder(con, lookup)(con.execute(sql.text).fetchall(), sql.kinds)):
                    graph.add(triple)
                return QueryResult("CONSTRUCT", graph=graph)
            conditions, offset, limit = (plan.conditions, plan.offset, plan.limit) if plan is not None \
                else (sql.order, sql.offset, sql.limit)
            cursor = _sorted(con, sql, conditions, offset, limit) if conditions else con.execute(sql.text)
        except Exception as err:  # DuckDB's errors have no common base worth naming
            if UNDETERMINED in str(err):  # rows a FILTER keeps depend on which value a SAMPLE picks
                return Unanswered("which rows a FILTER keeps depends on the value SAMPLE picks from a group of "
                                  "several (seen while running it)")
            raise QueryError(f"{origin}: the columnar engine could not run the query ({err})") from err
        names = sql.projected
        if cursor is None:  # a sort key SQL cannot order as rdflib does: Python sorts, as on the Oxigraph path
            return QueryResult("SELECT", names, _python_sorted(con, sql, lookup, conditions, offset, limit, origin))
        if lazy:
            streaming = True
            return RowStream(names, _stream(con, cursor, sql.kinds[:len(names)], lookup, origin))
        return QueryResult("SELECT", names, _Decoder(con, lookup)(cursor.fetchall(), sql.kinds[:len(names)]))
    finally:
        if not streaming:
            con.close()


def _instantiated(sql: Any, solutions: Iterable[tuple[Identifier | None, ...]]) -> Iterator[tuple[Any, Any, Any]]:
    """A CONSTRUCT's triples: its template instantiated with each solution, leaving out the triples with an
    unbound variable, a literal subject or a predicate that is not an IRI (as the spec and Oxigraph have it).
    The template's own terms go through Oxigraph's and the converter, as the data's do."""
    convert = term_converter()
    fixed = {term: convert(to_ox(term)) for triple in sql.template for term in triple
             if not isinstance(term, Variable)}
    for row in solutions:
        values = dict(zip(sql.names, row, strict=True))
        for triple in sql.template:
            s, p, o = (values.get(str(term)) if isinstance(term, Variable) else fixed[term] for term in triple)
            if s is None or p is None or o is None or isinstance(s, Literal) or not isinstance(p, URIRef):
                continue
            yield s, p, o


# ---- ordering ------------------------------------------------------------------------------------------------


def _sort_keys(column: str, kind: str, join: str, descending: bool) -> tuple[list[str], list[str]]:
    """SQL keys ordering ``column`` as rdflib's ORDER BY orders its values (the native keys of
    :func:`partnerkg.queries.order.column_keys`: unbound, then IRIs by their text, which their ids follow, then
    string literals by language tag and lexical form), and the conditions under which they do: no blank node
    (rdflib orders those by a label of its own), no other literal, no constant the store lacks, no two language
    tags equal but for case. ``join`` is the alias of ``terms`` joined on a term column."""
    way = " DESC" if descending else ""
    rank = f"CASE WHEN {column} IS NULL THEN 0 ELSE 3 END"
    if kind == "term":
        rank = f"CASE WHEN {column} IS NULL THEN 0 WHEN {join}.kind = 0 THEN 2 ELSE 3 END"
        keys = [rank, f"CASE WHEN {join}.kind = 0 THEN {column} END", f"{join}.lang", f"{join}.lex"]
        exact = [f"bool_and({column} IS NULL OR ({column} >= 0 AND ({join}.kind = 0 OR {join}.lex IS NOT NULL)))",
                 f"count(DISTINCT {join}.lang) = count(DISTINCT lower({join}.lang))"]
    elif kind == "text":
        keys = [rank, f"{column}.l", f"{column}.v"]
        exact = [f"count(DISTINCT {column}.l) = count(DISTINCT lower({column}.l))"]
    else:  # computed integers and booleans: SQL orders them as rdflib orders their literals
        keys, exact = [rank, column], []
    return [key + way for key in keys], exact


def _sorted(con: duckdb.DuckDBPyConnection, sql: Any, conditions: tuple[tuple[str, bool], ...], offset: int,
            limit: int | None) -> duckdb.DuckDBPyConnection | None:
    """A cursor over the rows of ``sql`` in the order of ``conditions`` ((name, descending) pairs), as rdflib
    sorts them, sliced by ``offset`` and ``limit``, the sort and the slice done in DuckDB so that only the rows
    kept are decoded; None when some sort key holds values whose rdflib order SQL cannot reproduce (see
    :func:`_sort_keys`). Rows equal on every key are ordered by their values, so a page follows the one before.
    """
    columns = [f"x{i}" for i in range(len(sql.names))]
    con.execute(f"CREATE OR REPLACE TEMP TABLE answer AS SELECT * FROM ({sql.text}) r({', '.join(columns)})")
    joins, keys, checks = [], [], []
    for n, (name, descending) in enumerate(conditions):
        if name not in sql.names:
            continue  # unbound in every row: it orders nothing
        i = sql.names.index(name)
        kind = sql.kinds[i]
        if kind == "term":
            joins.append(f"LEFT JOIN terms k{n} ON k{n}.id = x{i}")
        more_keys, exact = _sort_keys(f"x{i}", kind, f"k{n}", descending)
        keys += more_keys
        checks += exact
    joined = " ".join(joins)
    if checks:
        verdict = con.execute(f"SELECT {' AND '.join(checks)} FROM answer {joined}").fetchone()
        if not (verdict is None or verdict[0] is None or verdict[0]):
            return None
    keys += columns
    kept = len(sql.projected)
    window = (f" LIMIT {int(limit)}" if limit is not None else "") + (f" OFFSET {int(offset)}" if offset else "")
    return con.execute(f"SELECT {', '.join(columns[:kept])} FROM answer {joined} ORDER BY {', '.join(keys)}{window}")


def _python_sorted(con: duckdb.DuckDBPyConnection, sql: Any, lookup: _Lookup,
                   conditions: tuple[tuple[str, bool], ...], offset: int, limit: int | None,
                   origin: str) -> list[tuple[Identifier | None, ...]]:
    """The rows of the temporary ``answer`` table decoded and sorted by rdflib's own keys, then sliced."""
    decoded = _Decoder(con, lookup)(con.execute("SELECT * FROM answer").fetchall(), sql.kinds)
    try:
        rows = ordered_rows(decoded, sql.names, conditions, offset, limit)
    except (TypeError, ArithmeticError) as err:
        raise QueryError(f"{origin}: the results cannot be ordered ({err})") from err
    kept = len(sql.projected)
    return [row[:kept] for row in rows]


# ---- decoding ------------------------------------------------------------------------------------------------


class _Decoder:
    """Rows of ids and computed values made into rdflib terms, exactly as the Oxigraph path makes them: IRIs and
    string literals straight from the table's ``iri``, ``lex`` and ``lang`` (as :func:`to_rdflib` makes them),
    other terms through Oxigraph's TSV parser and :func:`term_converter`. Each term is made once per query."""

    def __init__(self, con: duckdb.DuckDBPyConnection, lookup: _Lookup) -> None:
        self.con = con
        self.convert = term_converter()
        self.terms: dict[int | None, Identifier | None] = {None: None}
        for negative, term in lookup.missing.items():
            self.terms[negative] = self.convert(to_ox(term))
        self.computed: dict[tuple[str, Any], Identifier] = {}

    def __call__(self, rows: list[tuple[Any, ...]], kinds: tuple[str, ...]) -> list[tuple[Identifier | None, ...]]:
        if not rows or not kinds:
            return [() for _ in rows]
        columns = list(zip(*rows, strict=True))[:len(kinds)]
        self._fetch({value for column, kind in zip(columns, kinds, strict=True) if kind == "term"
                     for value in column})
        decoded = []
        for column, kind in zip(columns, kinds, strict=True):
            if kind == "term":
                decoded.append(list(map(self.terms.__getitem__, column)))
            else:
                decoded.append([None if raw is None else self._value(raw, kind) for raw in column])
        return list(zip(*decoded, strict=True))

    def _fetch(self, ids: set[int | None]) -> None:
        wanted = sorted(i for i in ids if i is not None and i not in self.terms)
        if not wanted:
            return
        found = self.con.execute("SELECT id, kind, iri, lex, lang, text FROM terms "
                                 "WHERE id IN (SELECT unnest(?::BIGINT[]))", [wanted]).fetchall()
        others = []
        for i, kind, iri_text, lex, lang, text in found:
            if kind == 0:
                self.terms[i] = iri(iri_text)
            elif lex is not None:
                self.terms[i] = plain_literal(lex, lang or None)
            else:
                others.append((i, text))
        convert = self.convert
        for (i, _), term in zip(others, _tsv_terms([text for _, text in others]), strict=True):
            self.terms[i] = convert(term)

    def _value(self, raw: Any, kind: str) -> Identifier:
        """The literal of a computed value, made by Oxigraph (which normalises a language tag) and converted."""
        key = (kind, (raw["v"], raw["l"]) if kind == "text" else raw)
        made = self.computed.get(key)
        if made is None:
            if kind == "int":
                term = ox.Literal(str(raw), datatype=_INTEGER)
            elif kind == "text":
                term = ox.Literal(raw["v"], language=raw["l"] or None)
            else:
                term = ox.Literal("true" if raw else "false", datatype=_BOOLEAN)
            made = self.computed[key] = self.convert(term)  # type: ignore[assignment]
        return made  # type: ignore[return-value]


#: Rows decoded at a time when a SELECT answer is streamed: a first page soon, then larger batches.
STREAM_BATCHES = (1000, 20_000)


def _stream(con: duckdb.DuckDBPyConnection, cursor: duckdb.DuckDBPyConnection, kinds: tuple[str, ...],
            lookup: _Lookup, origin: str) -> Iterator[tuple[Identifier | None, ...]]:
    """The rows of ``cursor`` decoded batch by batch as they are read; the connection closes at the end (or
    when the stream is dropped)."""
    lookups = con.cursor()  # a second cursor: a lookup on ``con`` would end the result being read
    try:
        decode = _Decoder(lookups, lookup)
        size = STREAM_BATCHES[0]
        while True:
            try:
                batch = cursor.fetchmany(size)
            except Exception as err:  # DuckDB's errors have no common base worth naming
                raise QueryError(f"{origin}: the columnar engine could not run the query ({err})") from err
            if not batch:
                return
            yield from decode(batch, kinds)
            size = STREAM_BATCHES[1]
    finally:
        lookups.close()
        con.close()
