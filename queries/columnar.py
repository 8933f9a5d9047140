"""The columnar engine: analytical joins answered by DuckDB over an integer-encoded triple table beside a store.

Oxigraph decodes every term of a join from RocksDB (about 4 µs each), so "who shares the most partnerships
with whom" over 1.8M triples took 13 s there; the same join over integer columns takes a tenth of a second.
The first query this engine answers over a store writes ``partnerkg-columnar-<digest>.duckdb`` into the store's
folder (:func:`table_file`):

* ``terms(id, text, kind, iri, lex, lang, rank)``: every term of the store once, as Oxigraph's SPARQL TSV
  writer spells it (``<iri>``, ``_:id``, ``"text"@en``, ``1``…); ``kind`` is 0 for an IRI, 1 for a blank node, 2
  for a literal; ``iri`` the IRI's text; ``lex`` and ``lang`` a string literal's lexical form and language tag
  ('' for none; both NULL for any other term), for CONCAT and GROUP_CONCAT. Ids are numbered in rdflib's ORDER BY
  order within five ranks: IRIs by their text (codepoints), string literals by language tag and lexical form,
  xsd:integers by value, the booleans ``false`` and ``true``, then every other term. So ``STR(?a) < STR(?b)`` of
  two IRIs is a comparison of ids, and so is sorting a column whose values are of one rank, or IRIs and one
  rank of literals (``meta`` records where each rank starts);
* ``triples(s, p, o)``: the store's triples as ids, sorted by predicate, so a pattern with a constant predicate
  reads one contiguous run of rows;
* ``nodes(id)``: every subject and object (the zero-length matches of ``p*`` and ``p?``);
* ``literal_predicates(p)``: the predicates with at least one literal object. A variable only ever bound as a
  subject, or as the object of a predicate not listed here, is never a literal, so ``!=`` and ``=`` on it are
  comparisons of ids (SPARQL compares literals by value, which ids cannot do).

Like the label index (:mod:`partnerkg.queries.label_index`) the table records the fingerprint of the store's
own files, and is named by a digest of it: a load swaps in a new folder and anything else that writes changes
those files, so a table that no longer matches is never read; a new one is built, into a temporary file renamed
into place (only when the store did not change while it was read), and the older ones are removed. A process
keeps each table it reads open between queries. Stores with named graphs are left to Oxigraph (the table holds one
graph), as are dataset selections and relative IRIs.

:func:`answer` translates a query it can answer exactly (:mod:`partnerkg.queries.translate`), runs it, turns
ids back into terms through Oxigraph's own TSV parser and :func:`~partnerkg.store.terms.term_converter` (so a
term comes out exactly as the Oxigraph path gives it), and orders rows with :mod:`partnerkg.queries.order`
as that path does. Anything else gets None and a reason, and runs in Oxigraph.

DuckDB is an optional dependency (``pip install 'partnerkg[columnar]'``); without it every query runs in
Oxigraph, and ``--engine columnar`` says how to install it.
"""

from __future__ import annotations

import gc
import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
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

__all__ = ["FILE_PREFIX", "Engine", "Unanswered", "answer", "available", "ensure_table", "open_table", "table_file"]

#: The columnar table's files beside a store are named ``partnerkg-columnar-<digest>.duckdb`` (:func:`table_file`).
FILE_PREFIX = "partnerkg-columnar"
#: What the table holds; a new version makes every older table stale.
TABLE_VERSION = ("4: terms (numbered in rdflib's order within five ranks; lex and lang of string literals), "
                 "triples, nodes, literal_predicates, the ranks' first ids")
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


def table_file(folder: str | Path, stamp: str | None = None) -> Path:
    """Where the columnar table of the store in ``folder`` is kept for the store as it is now (or as its
    fingerprint ``stamp`` says): each version of a store gets a file of its own, named by a digest of the
    store's fingerprint and of :data:`TABLE_VERSION`.

    >>> import tempfile
    >>> table_file(tempfile.mkdtemp()).name.startswith("partnerkg-columnar-")
    True
    """
    stamp = fingerprint(Path(folder)) if stamp is None else stamp
    digest = hashlib.sha256(f"{TABLE_VERSION}\0{stamp}".encode()).hexdigest()[:24]
    return Path(folder) / f"{FILE_PREFIX}-{digest}.duckdb"


# One open database per table file, kept between queries (opening one costs 20–40 ms; a query then takes a
# cursor of it, which closes on its own). DuckDB hands a process the database it already holds for a path, so
# a table that is replaced at the same path would go on being read as it was: hence a file per version.
_OPEN: dict[Path, duckdb.DuckDBPyConnection] = {}
_OPEN_LOCK = threading.Lock()


def _open_current(path: Path, stamp: str) -> duckdb.DuckDBPyConnection | None:
    """A cursor of the table at ``path`` when it is the current one for ``stamp``, else None."""
    with _OPEN_LOCK:
        held = _OPEN.get(path)
        if held is not None:
            return held.cursor()
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
        if recorded.get("fingerprint") != stamp or recorded.get("version") != TABLE_VERSION:
            con.close()
            return None
        for other in [key for key in _OPEN if key.parent == path.parent]:
            del _OPEN[other]  # an older version of this store's table: not closed, as a stream may still read it
        _OPEN[path] = con
        return con.cursor()


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
    return table_file(folder)


def open_table(folder: str | Path, store: ox.Store,
               same_store: Callable[[], bool] | None = None) -> duckdb.DuckDBPyConnection | Unanswered:
    """A read-only connection (a cursor; close it when done) to the current columnar table of the store in
    ``folder``, built first if needed (see :func:`ensure_table`).

    ``same_store``, asked once the folder's fingerprint is taken, says whether ``folder`` still holds the store
    ``store`` reads: a load may swap in a new folder at any moment, and a table of the old store's triples
    stamped with the new folder's fingerprint would be read as current.
    """
    folder = Path(folder)
    stamp = fingerprint(folder)
    path = table_file(folder, stamp)
    if same_store is not None and not same_store():
        return Unanswered("a load replaced the store since it was opened")
    con = _open_current(path, stamp)
    if con is not None:
        return con
    if next(iter(store.named_graphs()), None) is not None:
        return Unanswered("the store has named graphs; the columnar table holds one graph")
    temporary = folder / f".{FILE_PREFIX}-{os.getpid()}-{time.monotonic_ns()}.duckdb"
    tsv = temporary.with_suffix(".tsv")
    try:
        store.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", default_graph=ox.DefaultGraph()).serialize(
            str(tsv), format=ox.QueryResultsFormat.TSV)
        _build(tsv, temporary, stamp)
        tsv.unlink()
        if fingerprint(folder) != stamp:  # the store changed while it was read: this table is already stale
            return Unanswered("the store changed while its columnar table was built")
        os.replace(temporary, path)
        _remove_older_tables(folder, path)
        con = _open_current(path, stamp)
        if con is None:
            return Unanswered("the columnar table just written cannot be read back")
        return con
    except Exception as err:  # OSError, or DuckDB's own IOException: a folder the user cannot write, a full disk
        return Unanswered(f"the columnar table cannot be written beside the store ({err})")
    finally:
        for leftover in (tsv, temporary, Path(f"{temporary}.wal")):
            with suppress(OSError):
                leftover.unlink()


def _remove_older_tables(folder: Path, current: Path) -> None:
    """Remove the tables of older versions of the store in ``folder`` (a reader that has one open goes on
    reading it; where the system refuses to remove an open file, the next build tries again)."""
    for older in folder.glob(f"{FILE_PREFIX}*.duckdb*"):
        if older != current and older.name != f"{current.name}.wal":
            with suppress(OSError):
                older.unlink()


def _build(tsv: Path, target: Path, stamp: str) -> None:
    """Write the table of the TSV dump ``tsv`` (header ``?s ?p ?o``) into a new DuckDB file ``target``."""
    con = _connect(target, read_only=False)
    try:
        source = str(tsv).replace("'", "''")
        # every field is one term as Oxigraph writes it (tabs and newlines inside literals escaped): no quoting
        con.execute(f"""CREATE TEMP TABLE raw AS SELECT * FROM read_csv('{source}', delim = '\t', header = true,
            quote = '', escape = '', auto_detect = false,
            columns = {{'s': 'VARCHAR', 'p': 'VARCHAR', 'o': 'VARCHAR'}})""")
        con.execute("""CREATE TEMP TABLE draft AS
            SELECT text, (CASE WHEN text[1] = '<' THEN 0 WHEN text[1:2] = '_:' THEN 1 ELSE 2 END)::TINYINT AS kind,
                   CASE WHEN text[1] = '<' THEN text[2:-2] END AS iri,
                   CAST(NULL AS VARCHAR) AS lex, CAST(NULL AS VARCHAR) AS lang
            FROM (SELECT s AS text FROM raw UNION SELECT p FROM raw UNION SELECT o FROM raw)""")
        _string_forms(con)
        # Oxigraph writes a canonical xsd:integer or xsd:boolean bare (7, -3, true); any other spelling is quoted
        con.execute(f"""CREATE TABLE terms AS
            SELECT (row_number() OVER (ORDER BY rank, iri, lang, lex, number, text) - 1)::BIGINT AS id,
                   text, kind, iri, lex, lang, rank::TINYINT AS rank
            FROM (SELECT *, (CASE WHEN kind = 0 THEN {_IRI} WHEN lex IS NOT NULL THEN {_STRING}
                                  WHEN number IS NOT NULL THEN {_NUMBER}
                                  WHEN text IN ('false', 'true') THEN {_BOOLEAN_RANK} ELSE {_OTHER} END) AS rank
                  FROM (SELECT *, CASE WHEN kind = 2 AND regexp_full_match(text, '[+-]?[0-9]{{1,38}}')
                                       THEN TRY_CAST(text AS HUGEINT) END AS number FROM draft))""")
        con.execute("DROP TABLE draft")
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
        _record_ranks(con)
        con.execute("CHECKPOINT")
    finally:
        con.close()


#: The ranks of terms, in the order of their ids (see the module's docstring).
_IRI, _STRING, _NUMBER, _BOOLEAN_RANK, _OTHER = range(5)
_RANK_NAMES = ("iris", "strings", "integers", "booleans", "others")


def _record_ranks(con: duckdb.DuckDBPyConnection) -> None:
    """Record in ``meta`` the first id of each rank but the first (``first_strings``, ``first_integers``,
    ``first_booleans``, ``first_others``) and whether two language tags differ only by case (``case_clash``:
    then rdflib's order of string literals is no weak order, and SQL cannot reproduce it)."""
    counts = dict(con.execute("SELECT rank, count(*) FROM terms GROUP BY rank").fetchall())
    rows, start = [], 0
    for rank, name in enumerate(_RANK_NAMES):
        if rank:
            rows.append([f"first_{name}", str(start)])
        start += counts.get(rank, 0)
    (clash,) = con.execute("SELECT count(DISTINCT lang) <> count(DISTINCT lower(lang)) FROM terms "
                           "WHERE rank = ?", [_STRING]).fetchone()  # type: ignore[misc]
    con.executemany("INSERT INTO meta VALUES (?, ?)", [*rows, ["case_clash", str(bool(clash)).lower()]])


def _string_forms(con: duckdb.DuckDBPyConnection) -> None:
    """Give ``draft`` the lexical form (``lex``) and language (``lang``, '' for none) of each string literal
    (simple, ``xsd:string`` or language-tagged; NULL for any other term), for CONCAT and GROUP_CONCAT. The
    TSV text is cut in SQL where it holds no escape; the others are read by Oxigraph's own TSV parser."""
    con.execute(r"""UPDATE draft SET lex = text[2:-2], lang = ''
                    WHERE kind = 2 AND text[1] = '"' AND text[-1:] = '"'""")
    con.execute(r"""UPDATE draft SET lex = regexp_extract(text, '^"(.*)"@([A-Za-z0-9-]+)$', 1),
                    lang = regexp_extract(text, '^"(.*)"@([A-Za-z0-9-]+)$', 2)
                    WHERE kind = 2 AND regexp_matches(text, '^".*"@[A-Za-z0-9-]+$')""")
    escaped = [text for (text,) in con.execute(r"SELECT text FROM draft WHERE lex IS NOT NULL AND contains(lex, '\')")
               .fetchall()]
    if escaped:
        parsed = _tsv_terms(escaped)
        con.execute("CREATE TEMP TABLE unescaped (text VARCHAR, lex VARCHAR)")
        con.executemany("INSERT INTO unescaped VALUES (?, ?)",
                        [[text, term.value] for text, term in zip(escaped, parsed, strict=True)])  # type: ignore[attr-defined]
        con.execute("UPDATE draft SET lex = unescaped.lex FROM unescaped WHERE draft.text = unescaped.text")
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
        meta = dict(con.execute("SELECT name, value FROM meta").fetchall())
        #: the first ids of the strings, integers, booleans and other terms (the IRIs' are 0 to iris - 1)
        self.starts = tuple(int(meta[f"first_{name}"]) for name in _RANK_NAMES[1:])
        self.iris = self.starts[0]
        self.case_clash = meta["case_clash"] == "true"

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


@lru_cache(maxsize=256)
def _algebra(text: str, origin: str, base: str | None) -> Any:
    """rdflib's algebra of a query the gate approves, once per text (compiling it costs 10–50 ms). rdflib
    rewrites the parse tree it compiles, so the tree is a fresh one; the algebra is only read from here on
    (by the translator and :func:`_constants`). A query that fails to compile is not remembered."""
    from rdflib.plugins.sparql.algebra import translateQuery

    from partnerkg.namespaces import PREFIXES
    from partnerkg.queries.safety import parse_checked

    return translateQuery(parse_checked(text, origin), base=base, initNs=PREFIXES).algebra


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
    from partnerkg.queries.anchoring import anchored
    from partnerkg.queries.oxigraph import inline
    from partnerkg.queries.safety import parse_shared
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
        algebra = _algebra(run_text, origin, base)
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
                solutions = _Decoder(con, lookup).columns(_columns(con.execute(sql.text), len(sql.kinds)), sql.kinds)
                for triple in _instantiated(sql, solutions):
                    graph.add(triple)
                return QueryResult("CONSTRUCT", graph=graph)
            conditions, offset, limit = (plan.conditions, plan.offset, plan.limit) if plan is not None \
                else (sql.order, sql.offset, sql.limit)
            cursor = _sorted(con, sql, conditions, offset, limit, lookup) if conditions else con.execute(sql.text)
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
        kinds = sql.kinds[:len(names)]
        return QueryResult("SELECT", names, _Decoder(con, lookup).columns(_columns(cursor, len(kinds)), kinds))
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


def _sort_keys(column: str, kind: str, descending: bool, lookup: _Lookup) -> tuple[list[str], list[str]]:
    """SQL keys ordering ``column`` as rdflib's ORDER BY orders its values (the native keys of
    :func:`partnerkg.queries.order.column_keys`), and the conditions under which they do. A term column is
    ordered by its ids (unbound first), which follow rdflib's order as long as its values are IRIs and
    literals of at most one rank (see the module's docstring): no blank node (rdflib orders those by a label
    of its own), no other literal, no constant the store lacks, no strings where two language tags of the
    store are equal but for case."""
    if kind == "term":
        strings, integers, booleans, others = lookup.starts
        literal_rank = (f"CASE WHEN {column} >= {booleans} THEN 3 WHEN {column} >= {integers} THEN 2 "
                        f"WHEN {column} >= {strings} THEN 1 END")
        exact = [f"bool_and({column} IS NULL OR ({column} >= 0 AND {column} < {others}))",
                 f"count(DISTINCT {literal_rank}) <= 1"]
        if lookup.case_clash:
            exact.append(f"count(CASE WHEN {column} >= {strings} AND {column} < {integers} THEN 1 END) = 0")
        return [f"{column} DESC NULLS LAST" if descending else f"{column} ASC NULLS FIRST"], exact
    way = " DESC" if descending else ""
    rank = f"CASE WHEN {column} IS NULL THEN 0 ELSE 3 END"
    if kind == "text":
        keys = [rank, f"{column}.l", f"{column}.v"]
        exact = [f"count(DISTINCT {column}.l) = count(DISTINCT lower({column}.l))"]
    else:  # computed integers and booleans: SQL orders them as rdflib orders their literals
        keys, exact = [rank, column], []
    return [key + way for key in keys], exact


def _sorted(con: duckdb.DuckDBPyConnection, sql: Any, conditions: tuple[tuple[str, bool], ...], offset: int,
            limit: int | None, lookup: _Lookup) -> duckdb.DuckDBPyConnection | None:
    """A cursor over the rows of ``sql`` in the order of ``conditions`` ((name, descending) pairs), as rdflib
    sorts them, sliced by ``offset`` and ``limit``, the sort and the slice done in DuckDB so that only the rows
    kept are decoded; None when some sort key holds values whose rdflib order SQL cannot reproduce (see
    :func:`_sort_keys`). Rows equal on every key are ordered by their values, so a page follows the one before.
    """
    columns = [f"x{i}" for i in range(len(sql.names))]
    con.execute(f"CREATE OR REPLACE TEMP TABLE answer AS SELECT * FROM ({sql.text}) r({', '.join(columns)})")
    keys, checks = [], []
    for name, descending in conditions:
        if name not in sql.names:
            continue  # unbound in every row: it orders nothing
        i = sql.names.index(name)
        more_keys, exact = _sort_keys(f"x{i}", sql.kinds[i], descending, lookup)
        keys += more_keys
        checks += exact
    if checks:
        verdict = con.execute(f"SELECT {' AND '.join(checks)} FROM answer").fetchone()
        if not (verdict is None or verdict[0] is None or verdict[0]):
            return None
    keys += columns
    kept = len(sql.projected)
    window = (f" LIMIT {int(limit)}" if limit is not None else "") + (f" OFFSET {int(offset)}" if offset else "")
    return con.execute(f"SELECT {', '.join(columns[:kept])} FROM answer ORDER BY {', '.join(keys)}{window}")


def _python_sorted(con: duckdb.DuckDBPyConnection, sql: Any, lookup: _Lookup,
                   conditions: tuple[tuple[str, bool], ...], offset: int, limit: int | None,
                   origin: str) -> list[tuple[Identifier | None, ...]]:
    """The rows of the temporary ``answer`` table decoded and sorted by rdflib's own keys, then sliced."""
    decoded = _Decoder(con, lookup).columns(_columns(con.execute("SELECT * FROM answer"), len(sql.kinds)), sql.kinds)
    try:
        rows = ordered_rows(decoded, sql.names, conditions, offset, limit)
    except (TypeError, ArithmeticError) as err:
        raise QueryError(f"{origin}: the results cannot be ordered ({err})") from err
    kept = len(sql.projected)
    return [row[:kept] for row in rows]


# ---- decoding ------------------------------------------------------------------------------------------------


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while rows are made: making 150,000 rows of terms otherwise triggers it
    again and again, each pass walking every object made so far (a third of the time spent decoding). The rows
    hold no cycles, so nothing is left for it to collect afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


#: DuckDB types NumPy holds exactly (a HUGEINT or DECIMAL would come back as a float).
_NUMPY_EXACT = frozenset({"BIGINT", "INTEGER", "SMALLINT", "TINYINT", "BOOLEAN"})


def _columns(cursor: duckdb.DuckDBPyConnection, count: int) -> list[Any]:
    """The first ``count`` columns of the rows left in ``cursor``: NumPy arrays (masked where NULL) when NumPy
    holds every value exactly, which DuckDB makes ten times faster than its tuples; else lists of values."""
    types = [str(column[1]) for column in cursor.description or ()][:count]
    if all(kind in _NUMPY_EXACT for kind in types):
        return list(cursor.fetchnumpy().values())[:count]
    rows = cursor.fetchall()
    return [list(column) for column in zip(*rows, strict=True)][:count] if rows else [[] for _ in range(count)]


def _ids(column: Any) -> Any:
    """The ids of the store's terms in a column of ids (a NumPy array as :func:`_columns` reads it, or a list),
    without NULLs and the negative ids of query constants the store lacks."""
    import numpy as np

    if isinstance(column, np.ndarray):
        ids = np.ma.compressed(column).astype(np.int64, copy=False)
    else:
        ids = np.fromiter((i for i in column if i is not None), dtype=np.int64)
    return ids[ids >= 0]


class _Decoder:
    """Columns of ids and computed values made into rdflib terms, exactly as the Oxigraph path makes them: IRIs
    and string literals straight from the table's ``iri``, ``lex`` and ``lang`` (as :func:`to_rdflib` makes
    them), other terms through Oxigraph's TSV parser and :func:`term_converter`. Each term is made once per
    query."""

    def __init__(self, con: duckdb.DuckDBPyConnection, lookup: _Lookup) -> None:
        self.con = con
        self.convert = term_converter()
        self.terms: dict[int | None, Identifier | None] = {None: None}
        for negative, term in lookup.missing.items():
            self.terms[negative] = self.convert(to_ox(term))
        self.computed: dict[tuple[str, Any], Identifier] = {}

    def __call__(self, rows: list[tuple[Any, ...]], kinds: tuple[str, ...]) -> list[tuple[Identifier | None, ...]]:
        """Rows as DuckDB returns them (one value per kind, and maybe more columns after) made into terms."""
        if not rows or not kinds:
            return [() for _ in rows]
        with _collector_paused():
            columns = [list(column) for column in zip(*rows, strict=True)][:len(kinds)]
        return self.columns(columns, kinds)

    def columns(self, columns: list[Any], kinds: tuple[str, ...]) -> list[tuple[Identifier | None, ...]]:
        """The rows of ``columns`` (one per kind, as :func:`_columns` reads them) made into terms."""
        with _collector_paused():
            self._fetch([column for column, kind in zip(columns, kinds, strict=True) if kind == "term"])
            decoded = []
            for column, kind in zip(columns, kinds, strict=True):
                values = column if isinstance(column, list) else column.tolist()  # a masked value becomes None
                if kind == "term":
                    decoded.append(list(map(self.terms.__getitem__, values)))
                else:
                    decoded.append([None if raw is None else self._value(raw, kind) for raw in values])
            return list(zip(*decoded, strict=True))

    def _fetch(self, columns: list[Any]) -> None:
        """Make the terms of the ids in ``columns`` not made yet, reading them from the table in one join."""
        import numpy as np

        ids = [_ids(column) for column in columns]
        ids = [part for part in ids if part.size]
        if not ids:
            return
        everything = np.concatenate(ids)
        seen = np.zeros(int(everything.max()) + 1, dtype=bool)  # ids are dense: a mask beats a hash of each
        seen[everything] = True
        known = self.terms
        wanted = np.array([i for i in np.flatnonzero(seen).tolist() if i not in known], dtype=np.int64)
        if not wanted.size:
            return
        name = f"partnerkg_wanted_{id(self)}"
        self.con.register(name, {"id": wanted})  # a NumPy column is scanned in place; a list parameter is copied
        try:
            found = self.con.execute(f"SELECT id, kind, iri, lex, lang, CASE WHEN kind <> 0 AND lex IS NULL "
                                     f"THEN text END FROM terms SEMI JOIN {name} USING (id)").fetchnumpy()
        finally:
            self.con.unregister(name)
        others = []
        for i, kind, iri_text, lex, lang, text in zip(*(column.tolist() for column in found.values()), strict=True):
            if kind == 0:
                known[i] = iri(iri_text)
            elif lex is not None:
                known[i] = plain_literal(lex, lang or None)
            else:
                others.append((i, text))
        convert = self.convert
        for (i, _), term in zip(others, _tsv_terms([text for _, text in others]), strict=True):
            known[i] = convert(term)

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
