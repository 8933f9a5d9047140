"""SPARQL algebra (rdflib's) to DuckDB SQL over the columnar triple table, for what it can translate exactly.

Each algebra node becomes one SQL query whose columns are the node's variables: a term id (``BIGINT``, the
``terms`` table's, or a negative id for a query constant the store lacks), or a value the query computed (an
``xsd:integer`` from COUNT or arithmetic, an ``xsd:boolean`` from a comparison, a string literal from CONCAT,
STR or GROUP_CONCAT as ``STRUCT(v, l)``: lexical form and language tag). Unbound is NULL. Each column also
carries whether it may be unbound (joins on columns that never are run as hash joins; others use SPARQL's
compatibility rule, where unbound matches anything), whether it may hold a literal, whether it holds only
string literals, and whether it is an undetermined SAMPLE.

Translated exactly: basic graph patterns; property paths of IRIs, ``^``, ``/``, ``|``, ``*``, ``+`` and ``?``
(bag semantics for ``/`` and ``|``, sets for the closures, the zero-length matches being every subject and
object, as the SPARQL spec and Oxigraph have it); joins, OPTIONAL (with its filter), UNION, MINUS, VALUES,
BIND, subqueries, DISTINCT; GROUP BY variables with COUNT (also DISTINCT, also ``*``), SAMPLE (of a group key;
of anything else see :meth:`_Translator.sample`) and GROUP_CONCAT over a subquery ordered first by the
concatenated variable (:meth:`_Translator.group_concat`); FILTER and HAVING over ``&&``, ``||``, ``!``,
``BOUND``, ``sameTerm``, ``COALESCE``, ``IF``, ``isIRI``/``isBlank``/``isLiteral``, ``EXISTS``/``NOT EXISTS`` of
triples and paths (and FILTERs of their own variables), ``=`` and ``!=`` where one side is never a literal (ids
compare terms; SPARQL compares literals by value), ``<``…``>=`` and ``+``/``-`` on computed integers, ``STR`` of
IRIs, ``STRSTARTS``/``STRENDS``/``CONTAINS`` of simple strings, ``CONCAT`` of string literals. A top-level
ORDER BY of projected variables is the caller's (:mod:`partnerkg.queries.columnar` sorts in DuckDB where SQL
orders as rdflib does, else in Python with :mod:`partnerkg.queries.order`); one with integer or boolean
expressions of projected variables too, their values computed here as extra columns (``Sql.order``, with the
LIMIT/OFFSET that follows it). Any other LIMIT/OFFSET is refused unless only a COUNT(*) reads the rows (which
rows a slice keeps would otherwise be the engine's choice). SELECT, ASK and CONSTRUCT (the distinct solutions
of the template's variables, the triples made by the caller). Anything else raises :class:`Untranslatable`
naming it, and the query runs in Oxigraph.

>>> from rdflib.plugins.sparql import prepareQuery
>>> ids = {"urn:x:p": 7}
>>> class Lookup:
...     literal_predicates: set[int] = set()
...     missing: dict[int, object] = {}
...     iris = 1
...     def __call__(self, term): return ids.get(str(term), -1)
>>> sql = translate(prepareQuery("SELECT ?s WHERE { ?s <urn:x:p> ?o }").algebra, Lookup())
>>> sql.names, sql.kinds
(('s',), ('term',))
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from pyparsing import ParseResults
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Identifier

__all__ = ["Sql", "Untranslatable", "translate"]


class Untranslatable(Exception):
    """A query (or part of one) the columnar engine cannot answer exactly; the message says what."""


class Lookup(Protocol):
    """Ids of constants in the triple table (negative for a term the store lacks)."""

    literal_predicates: set[int]
    missing: dict[int, Identifier]
    #: how many IRIs the table holds: they have the ids 0 to iris - 1, in the order of their text
    iris: int

    def __call__(self, term: Identifier) -> int: ...


@dataclass(frozen=True)
class Col:
    """One variable's column: ``term`` (ids), ``int`` or ``bool`` (computed), ``text`` (a computed string
    literal: ``STRUCT(v, l)``, its lexical form and language tag, '' for none), ``str`` (a simple literal's
    lexical form, only inside expressions); whether it may be unbound; whether it may hold a literal; whether
    every value is a string literal (``strings``: such a term column can become a ``text`` one); whether it is
    a SAMPLE that is NULL where its group holds several values (``unsure``: see :meth:`_Translator.sample`);
    ``group``, for a ``COUNT(DISTINCT ?v)`` or ``SAMPLE(?v)`` column, is ``("count" or "sample", grouping, v)``,
    so that a HAVING which keeps groups of at most one value of ``?v`` makes their SAMPLEs of it sure."""

    kind: str
    nullable: bool = False
    literal: bool = True
    strings: bool = False
    unsure: bool = False
    group: tuple[str, str, str] | None = None


@dataclass(frozen=True)
class Rel:
    """An SQL query and the columns it gives, by variable name; ``cut`` when it keeps only the rows that can be
    among the first N of the top-level ORDER BY."""

    sql: str
    cols: dict[str, Col]
    cut: bool = False


@dataclass(frozen=True)
class _Cut:
    """Keep the rows whose rank by the integer ``var`` (``descending``) is at most ``n``, ties included."""

    var: str
    descending: bool
    n: int


#: Nodes between the top and the place a cut is made that never drop a row ahead of another (a LeftJoin keeps
#: every row of its left side, perhaps several times, which only pushes rows further down): a row among the first
#: N at the top is among the first N where it was cut.
_KEEP_ROWS = frozenset({"Project", "ToMultiSet", "OrderBy", "Extend", "LeftJoin"})


@dataclass(frozen=True)
class Sql:
    """The translated query: its text, the projected variables and each one's kind (``term``/``int``/``bool``)."""

    text: str
    names: tuple[str, ...]
    kinds: tuple[str, ...]
    #: a CONSTRUCT query's template (triples of terms and variables): the rows are its solutions, distinct
    template: tuple[tuple[Identifier, Identifier, Identifier], ...] = ()
    #: a top-level ORDER BY with expressions, for the caller to sort by: (column, descending) pairs, where the
    #: columns named `` order N`` are the expressions' values, computed after the projected ones and dropped
    #: once sorted
    order: tuple[tuple[str, bool], ...] = ()
    #: the top-level LIMIT and OFFSET of such an ORDER BY, for the caller to apply once sorted
    limit: int | None = None
    offset: int = 0

    @property
    def projected(self) -> tuple[str, ...]:
        """The query's own variables: ``names`` without the `` order N`` sort keys."""
        return self.names[:len(self.names) - sum(1 for name in self.names if name.startswith(" "))]


@dataclass(frozen=True)
class _Expr:
    sql: str
    kind: str  # term, int, bool, str, text
    literal: bool = True  # for terms: may be a literal
    constant: Identifier | None = None  # the term, when the expression is a constant
    iri_of: str | None = None  # for STR of a column of IRIs and blank nodes: the column's SQL
    strings: bool = False  # for terms: every value is a string literal


@dataclass
class _Translator:
    lookup: Lookup
    names: dict[str, str] = field(default_factory=dict)
    counter: Iterable[int] = field(default_factory=itertools.count)

    # ---- names ---------------------------------------------------------------------------------------------

    def col(self, var: str) -> str:
        """The SQL column of a variable (generated: DuckDB folds the case of identifiers, SPARQL does not)."""
        if var not in self.names:
            self.names[var] = f"c{len(self.names)}"
        return self.names[var]

    def alias(self) -> str:
        return f"t{next(self.counter)}"  # type: ignore[call-overload]

    def strings(self) -> str:
        """SQL of ``(id, tx)``: each string literal of the table and each one of the query the table lacks,
        with its ``text`` value (lexical form and language)."""
        missing = [f"({i}, {_text(_sql_string(str(t)), _sql_string(t.language or ''))})"
                   for i, t in self.lookup.missing.items() if isinstance(t, Literal) and _is_string(t)]
        sql = f"SELECT id, {_text('lex', 'lang')} AS tx FROM terms WHERE lex IS NOT NULL"
        return sql + (f" UNION ALL SELECT * FROM (VALUES {', '.join(missing)}) m(id, tx)" if missing else "")

    def text_of(self, term_sql: str) -> str:
        """SQL of the ``text`` value of a term id: NULL unless it is a string literal."""
        a = self.alias()
        return f"(SELECT {a}.tx FROM ({self.strings()}) {a} WHERE {a}.id = {term_sql})"

    def select(self, items: Mapping[str, str]) -> str:
        """``expr AS column`` for each variable; a dummy column when there is none (SQL needs one)."""
        return ", ".join(f"{sql} AS {self.col(v)}" for v, sql in items.items()) or "NULL AS u"

    # ---- patterns ------------------------------------------------------------------------------------------

    def rel(self, node: Any, count_only: bool = False, cut: _Cut | None = None) -> Rel:
        if not isinstance(node, CompValue):
            raise Untranslatable(f"an unexpected part of the query ({type(node).__name__})")
        handler: Callable[..., Rel] | None = getattr(self, f"_{node.name}", None)
        if handler is None:
            raise Untranslatable(f"{node.name} is not translated")
        if cut is not None and node.name in _KEEP_ROWS:
            got = handler(node, count_only, cut) if node.name != "Extend" and node.name != "LeftJoin" else \
                handler(node, cut)
        elif node.name in ("Slice", "OrderBy", "Project", "ToMultiSet", "Distinct"):
            got = handler(node, count_only)
        else:
            got = handler(node)
        if cut is not None and not got.cut:
            col = got.cols.get(cut.var)
            if col is not None and col.kind == "int" and not col.nullable:
                a = self.alias()
                got = Rel(f"SELECT * FROM ({got.sql}) {a} QUALIFY rank() OVER (ORDER BY {a}.{self.col(cut.var)}"
                          f"{' DESC' if cut.descending else ''}) <= {cut.n}", got.cols, True)
        return got

    def _BGP(self, node: CompValue) -> Rel:
        froms: list[str] = []
        where: list[str] = []
        seen: dict[str, list[tuple[str, bool]]] = {}
        for s, p, o in node.triples:
            a = self.alias()
            if isinstance(p, Path):
                sql, lit_s, lit_o = self.path(p, self.constant(s), self.constant(o))
                froms.append(f"({sql}) {a}")
                positions = (("s", s, lit_s), ("o", o, lit_o))
            else:
                froms.append(f"triples {a}")
                if isinstance(p, Variable | BNode):
                    lit_o = True
                else:
                    pid = self.lookup(p)
                    where.append(f"{a}.p = {pid}")
                    lit_o = pid in self.lookup.literal_predicates
                positions = (("s", s, False), ("p", p, False), ("o", o, lit_o)) if isinstance(p, Variable | BNode) \
                    else (("s", s, False), ("o", o, lit_o))
            for position, term, literal in positions:
                if isinstance(term, Variable | BNode):
                    name = str(term) if isinstance(term, Variable) else f"_:{term}"
                    seen.setdefault(name, []).append((f"{a}.{position}", literal))
                else:
                    where.append(f"{a}.{position} = {self.lookup(term)}")
        cols: dict[str, Col] = {}
        items: dict[str, str] = {}
        for name, occurrences in seen.items():
            first = occurrences[0][0]
            where += [f"{first} = {other}" for other, _ in occurrences[1:]]
            if name.startswith("_:"):
                continue  # a blank node of the pattern: joined, never projected
            items[name] = first
            cols[name] = Col("term", False, all(literal for _, literal in occurrences))
        if not froms:
            return Rel("SELECT NULL AS u", {})
        sql = f"SELECT {self.select(items)} FROM {', '.join(froms)}"
        return Rel(sql + (f" WHERE {' AND '.join(where)}" if where else ""), cols)

    def constant(self, term: Identifier) -> int | None:
        return None if isinstance(term, Variable | BNode) else self.lookup(term)

    def path(self, path: Any, start: int | None, end: int | None) -> tuple[str, bool, bool]:
        """SQL of (s, o) pairs a path joins, and whether s and o may be literals; ``start``/``end`` are the ids
        of constant ends, used to seed closures."""
        if isinstance(path, URIRef):
            pid = self.lookup(path)
            return f"SELECT s, o FROM triples WHERE p = {pid}", False, pid in self.lookup.literal_predicates
        if isinstance(path, InvPath):
            sql, lit_s, lit_o = self.path(path.arg, end, start)
            return f"SELECT o AS s, s AS o FROM ({sql})", lit_o, lit_s
        if isinstance(path, AlternativePath):
            parts = [self.path(arg, start, end) for arg in path.args]
            return (" UNION ALL ".join(f"SELECT s, o FROM ({sql})" for sql, _, _ in parts),
                    any(p[1] for p in parts), any(p[2] for p in parts))
        if isinstance(path, SequencePath):
            args = list(path.args)
            parts = [self.path(arg, start if i == 0 else None, end if i == len(args) - 1 else None)
                     for i, arg in enumerate(args)]
            sql = parts[0][0]
            for step, _, _ in parts[1:]:
                a, b = self.alias(), self.alias()
                sql = f"SELECT {a}.s, {b}.o FROM ({sql}) {a} JOIN ({step}) {b} ON {a}.o = {b}.s"
            return sql, parts[0][1], parts[-1][2]
        if isinstance(path, MulPath):
            step, lit_s, lit_o = self.path(path.path, None, None)
            if start is not None:
                zero = f"SELECT {start}::BIGINT AS s, {start}::BIGINT AS o"
            elif end is not None:
                zero = f"SELECT {end}::BIGINT AS s, {end}::BIGINT AS o"
            else:
                zero = "SELECT id AS s, id AS o FROM nodes"
            if path.mod == "?":
                return f"SELECT s, o FROM ({step}) UNION SELECT s, o FROM ({zero})", True, True
            if start is not None:
                base, recurse = f"SELECT s, o FROM e WHERE s = {start}", "SELECT r.s, e.o FROM r JOIN e ON r.o = e.s"
            elif end is not None:
                base, recurse = f"SELECT s, o FROM e WHERE o = {end}", "SELECT e.s, r.o FROM e JOIN r ON e.o = r.s"
            else:
                base, recurse = "SELECT s, o FROM e", "SELECT r.s, e.o FROM r JOIN e ON r.o = e.s"
            closure = f"WITH RECURSIVE e AS ({step}), r(s, o) AS ({base} UNION {recurse}) SELECT s, o FROM r"
            if path.mod == "+":
                return closure, lit_s, lit_o
            return f"SELECT s, o FROM ({closure}) UNION SELECT s, o FROM ({zero})", True, True
        raise Untranslatable(f"the property path {path} is not translated")

    def _ToMultiSet(self, node: CompValue, count_only: bool = False, cut: _Cut | None = None) -> Rel:
        return self.rel(node.p, count_only, cut)

    def _values(self, node: CompValue) -> Rel:
        names = list(dict.fromkeys(str(v) for row in node.res for v in row))
        if not names:
            return Rel("SELECT NULL AS u" + (" WHERE FALSE" if not node.res else ""), {})
        rows = []
        literal = {name: False for name in names}
        strings = {name: True for name in names}
        nullable = {name: False for name in names}
        for row in node.res:
            values = []
            for name in names:
                term = row.get(Variable(name))
                if not isinstance(term, Identifier):  # absent, or rdflib's UNDEF (a plain string)
                    nullable[name] = True
                    values.append("NULL")
                else:
                    literal[name] |= isinstance(term, Literal)
                    strings[name] &= _is_string(term)
                    values.append(str(self.lookup(term)))
            rows.append(f"({', '.join(values)})")
        a = self.alias()
        inner = ", ".join(f"{self.col(n)}_v" for n in names)
        items = {n: f"CAST({a}.{self.col(n)}_v AS BIGINT)" for n in names}
        sql = f"SELECT {self.select(items)} FROM (VALUES {', '.join(rows)}) {a}({inner})"
        return Rel(sql, {n: Col("term", nullable[n], literal[n], strings[n]) for n in names})

    def _Project(self, node: CompValue, count_only: bool = False, cut: _Cut | None = None) -> Rel:
        inner = self.rel(node.p, count_only, cut)
        a = self.alias()
        items: dict[str, str] = {}
        cols: dict[str, Col] = {}
        for var in node.PV:
            name = str(var)
            if name in inner.cols:
                items[name] = f"{a}.{self.col(name)}"
                cols[name] = inner.cols[name]
            else:
                items[name] = "CAST(NULL AS BIGINT)"
                cols[name] = Col("term", True, False)
        return Rel(f"SELECT {self.select(items)} FROM ({inner.sql}) {a}", cols, inner.cut)

    def _Distinct(self, node: CompValue, count_only: bool = False) -> Rel:
        inner = self.rel(node.p, count_only)
        _sure(inner, "DISTINCT")
        return Rel(f"SELECT DISTINCT * FROM ({inner.sql})", inner.cols)

    def _OrderBy(self, node: CompValue, count_only: bool = False, cut: _Cut | None = None) -> Rel:
        return self.rel(node.p, count_only, cut)  # an ORDER BY no LIMIT reads orders nothing (the caller sorts the top)

    def _Slice(self, node: CompValue, count_only: bool = False) -> Rel:
        if not count_only:
            raise Untranslatable("a LIMIT or OFFSET that is not the top-level ORDER BY's (which rows it keeps is "
                                 "the engine's choice)")
        inner = self.rel(node.p, count_only)
        clause = (f" LIMIT {int(node.length)}" if node.length is not None else "") + \
                 (f" OFFSET {int(node.start)}" if node.start else "")
        return Rel(f"SELECT * FROM ({inner.sql}){clause}", inner.cols)

    def _Join(self, node: CompValue) -> Rel:
        return self.join(self.rel(node.p1), self.rel(node.p2), "JOIN", None)

    def _LeftJoin(self, node: CompValue, cut: _Cut | None = None) -> Rel:
        left = self.rel(node.p1, cut=cut)
        return replace(self.join(left, self.rel(node.p2), "LEFT JOIN", node.expr), cut=left.cut)

    def join(self, left: Rel, right: Rel, how: str, expr: Any) -> Rel:
        la, ra = self.alias(), self.alias()
        conditions: list[str] = []
        items: dict[str, str] = {}
        cols: dict[str, Col] = {}
        for name in dict.fromkeys([*left.cols, *right.cols]):
            c = self.col(name)
            lc, rc = left.cols.get(name), right.cols.get(name)
            if lc is not None and rc is not None:
                if lc.unsure or rc.unsure:
                    raise Untranslatable(f"a join on ?{name}, a SAMPLE of groups that may hold several values")
                if lc.kind != rc.kind:
                    raise Untranslatable(f"?{name} is joined as a term on one side and a computed value on the other")
                if not lc.nullable and not rc.nullable:
                    conditions.append(f"{la}.{c} = {ra}.{c}")
                    items[name] = f"{la}.{c}"
                    literal = lc.literal and rc.literal
                    strings = lc.strings or rc.strings
                else:
                    conditions.append(f"({la}.{c} = {ra}.{c} OR {la}.{c} IS NULL OR {ra}.{c} IS NULL)")
                    items[name] = f"COALESCE({la}.{c}, {ra}.{c})"
                    literal = lc.literal if not lc.nullable else rc.literal if not rc.nullable else \
                        lc.literal or rc.literal
                    strings = lc.strings and rc.strings
                cols[name] = Col(lc.kind, lc.nullable and rc.nullable, literal, strings)
            elif lc is not None:
                items[name], cols[name] = f"{la}.{c}", lc
            else:
                assert rc is not None
                items[name] = f"{ra}.{c}"
                cols[name] = replace(rc, nullable=True) if how == "LEFT JOIN" else rc
        if expr is not None and not (isinstance(expr, CompValue) and expr.name == "TrueFilter"):
            scope = {name: (items[name], col) for name, col in cols.items()}
            if _unsure_in(expr, scope):
                raise Untranslatable("an OPTIONAL's filter on a SAMPLE of groups that may hold several values")
            conditions.append(self.condition(expr, scope))
        on = " AND ".join(conditions) or "TRUE"
        return Rel(f"SELECT {self.select(items)} FROM ({left.sql}) {la} {how} ({right.sql}) {ra} ON {on}", cols)

    def _Minus(self, node: CompValue) -> Rel:
        left, right = self.rel(node.p1), self.rel(node.p2)
        _sure(right, "MINUS")
        if any(left.cols[n].unsure for n in left.cols if n in right.cols):
            raise Untranslatable("MINUS on a SAMPLE of groups that may hold several values")
        shared = [n for n in left.cols if n in right.cols]
        if not shared:
            return left  # nothing in common: MINUS removes nothing
        la, ra = self.alias(), self.alias()
        compatible = [f"({la}.{self.col(n)} = {ra}.{self.col(n)} OR {la}.{self.col(n)} IS NULL OR "
                      f"{ra}.{self.col(n)} IS NULL)" for n in shared]
        overlap = " OR ".join(f"({la}.{self.col(n)} IS NOT NULL AND {ra}.{self.col(n)} IS NOT NULL)" for n in shared)
        for n in shared:
            if left.cols[n].kind != right.cols[n].kind:
                raise Untranslatable(f"?{n} is a term on one side of MINUS and a computed value on the other")
        items = {n: f"{la}.{self.col(n)}" for n in left.cols}
        return Rel(f"SELECT {self.select(items)} FROM ({left.sql}) {la} WHERE NOT EXISTS (SELECT 1 FROM "
                   f"({right.sql}) {ra} WHERE {' AND '.join(compatible)} AND ({overlap}))", left.cols)

    def _Union(self, node: CompValue) -> Rel:
        left, right = self.rel(node.p1), self.rel(node.p2)
        _sure(left, "UNION")
        _sure(right, "UNION")
        names = list(dict.fromkeys([*left.cols, *right.cols]))
        cols: dict[str, Col] = {}
        for name in names:
            lc, rc = left.cols.get(name), right.cols.get(name)
            kinds = [c for c in (lc, rc) if c is not None]
            kind = kinds[0].kind
            if lc is not None and rc is not None and lc.kind != rc.kind:
                # string literals of the data or the query beside computed strings: all become computed strings
                if {lc.kind, rc.kind} == {"term", "text"} and all(c.strings for c in kinds if c.kind == "term"):
                    kind = "text"
                else:
                    raise Untranslatable(f"?{name} is a term in one branch of UNION and a computed value in the other")
            cols[name] = Col(kind, len(kinds) < 2 or any(c.nullable for c in kinds),
                             any(c.literal for c in kinds), all(c.strings for c in kinds))

        def side(rel: Rel) -> str:
            a = self.alias()
            items = {}
            for n in names:
                if n not in rel.cols:
                    items[n] = f"CAST(NULL AS {_SQL_TYPE[cols[n].kind]})"
                elif rel.cols[n].kind != cols[n].kind:
                    items[n] = self.text_of(f"{a}.{self.col(n)}")
                else:
                    items[n] = f"{a}.{self.col(n)}"
            return f"SELECT {self.select(items)} FROM ({rel.sql}) {a}"

        return Rel(f"{side(left)} UNION ALL {side(right)}", cols)

    def _Filter(self, node: CompValue) -> Rel:
        inner = self.rel(node.p)
        a = self.alias()
        scope = {name: (f"{a}.{self.col(name)}", col) for name, col in inner.cols.items()}
        items = {name: f"{a}.{self.col(name)}" for name in inner.cols}
        condition = self.condition(node.expr, scope)
        unsure = _unsure_in(node.expr, scope)
        if unsure:
            # SQL's NULL is "unknown" and its AND, OR, NOT and = are Kleene's: a condition that is not NULL is what
            # it is whichever value each undetermined SAMPLE takes (and SPARQL's errors are NULL too). Where it is
            # NULL and a SAMPLE is undetermined, which rows SPARQL keeps depends on the sample: stop
            undetermined = " OR ".join(f"{scope[n][0]} IS NULL" for n in sorted(unsure))
            condition = (f"COALESCE({condition}, CASE WHEN {undetermined} THEN error({_sql_string(UNDETERMINED)}) "
                         "ELSE FALSE END)")
        cols = inner.cols
        for group in _at_most_one(node.expr, inner.cols):  # each group kept holds at most one value: its SAMPLE is it
            cols = {n: replace(c, unsure=False) if c.unsure and c.group == ("sample", *group) else c
                    for n, c in cols.items()}
        return Rel(f"SELECT {self.select(items)} FROM ({inner.sql}) {a} WHERE {condition}", cols)

    def _Extend(self, node: CompValue, cut: _Cut | None = None) -> Rel:
        name = str(node.var)
        if cut is not None and cut.var == name:  # ?n bound to ?__agg_1__: cut by that
            cut = replace(cut, var=str(node.expr)) if isinstance(node.expr, Variable) else None
        inner = self.rel(node.p, cut=cut)
        if name in inner.cols:
            raise Untranslatable(f"BIND of ?{name}, which is already bound")
        a = self.alias()
        scope = {n: (f"{a}.{self.col(n)}", col) for n, col in inner.cols.items()}
        if isinstance(node.expr, Variable) and str(node.expr) in scope and scope[str(node.expr)][1].unsure:
            # the aggregate's result given its name (``(SAMPLE(?x) AS ?s)``): the same column, still unsure
            items = {n: f"{a}.{self.col(n)}" for n in inner.cols}
            items[name] = scope[str(node.expr)][0]
            return Rel(f"SELECT {self.select(items)} FROM ({inner.sql}) {a}",
                       {**inner.cols, name: scope[str(node.expr)][1]}, inner.cut)
        if _unsure_in(node.expr, scope):
            raise Untranslatable(f"?{name} is bound to a SAMPLE of groups that may hold several values")
        value = self.expr(node.expr, scope)
        if value.kind == "str":  # a simple literal of the query's making
            value = _Expr(_text(value.sql, "''"), "text")
        items = {n: f"{a}.{self.col(n)}" for n in inner.cols}
        items[name] = value.sql
        nullable = value.constant is None and not (value.kind in ("int", "term") and _never_null(node.expr, scope))
        cols = {**inner.cols, name: Col(value.kind, nullable, value.literal, value.strings)}
        return Rel(f"SELECT {self.select(items)} FROM ({inner.sql}) {a}", cols, inner.cut)

    def _AggregateJoin(self, node: CompValue) -> Rel:
        group = node.p
        if group.name != "Group":
            raise Untranslatable("an aggregate over something other than a group")
        keys = [str(v) for v in group.expr or []]
        if any(not isinstance(v, Variable) for v in group.expr or []):
            raise Untranslatable("GROUP BY an expression")
        count_only = not keys and all(a.name == "Aggregate_Count" and a.vars == "*" and not a.distinct for a in node.A)
        inner = self.rel(group.p, count_only)
        a = self.alias()
        for key in keys:
            if key not in inner.cols:
                raise Untranslatable(f"GROUP BY ?{key}, which the pattern never binds")
            if inner.cols[key].unsure:
                raise Untranslatable(f"GROUP BY ?{key}, a SAMPLE of groups that may hold several values")
        for aggregate in node.A:
            var = aggregate.get("vars")
            if isinstance(var, Variable) and str(var) in inner.cols and inner.cols[str(var)].unsure:
                raise Untranslatable(f"an aggregate of ?{var}, a SAMPLE of groups that may hold several values")
        items: dict[str, str] = {}
        cols: dict[str, Col] = {}
        joins: list[str] = []
        for aggregate in node.A:
            res = str(aggregate.res)
            if aggregate.name == "Aggregate_Count":
                if aggregate.vars == "*":
                    if aggregate.distinct:
                        raise Untranslatable("COUNT(DISTINCT *)")
                    items[res] = "count(*)"
                else:
                    var = str(aggregate.vars)
                    target = f"{a}.{self.col(var)}" if var in inner.cols else "NULL"
                    items[res] = f"count({'DISTINCT ' if aggregate.distinct else ''}{target})"
                cols[res] = Col("int", False, False,
                                group=("count", a, str(aggregate.vars)) if aggregate.distinct else None)
            elif aggregate.name == "Aggregate_Sample" and str(aggregate.vars) in keys:
                var = str(aggregate.vars)
                items[res] = f"{a}.{self.col(var)}"
                cols[res] = inner.cols[var]
            elif aggregate.name == "Aggregate_Sample" and isinstance(aggregate.vars, Variable):
                items[res], col = self.sample(str(aggregate.vars), inner, a)
                cols[res] = replace(col, group=("sample", a, str(aggregate.vars)))
            elif aggregate.name == "Aggregate_GroupConcat":
                items[res] = self.group_concat(aggregate, group.p, inner, a, joins)
                cols[res] = Col("text", True, True)
            else:
                raise Untranslatable(f"the aggregate {aggregate.name.removeprefix('Aggregate_').upper()}"
                                     " (only COUNT, GROUP_CONCAT, and SAMPLE of a group key, are translated)")
        grouping = f" GROUP BY {', '.join(f'{a}.{self.col(k)}' for k in keys)}" if keys else ""
        return Rel(f"SELECT {self.select(items)} FROM ({inner.sql}) {a}{' '.join(joins)}{grouping}", cols)

    def sample(self, var: str, inner: Rel, a: str) -> tuple[str, Col]:
        """SQL of ``SAMPLE(?var)`` of a non-key: the group's value where it holds one, NULL where it holds
        several (SPARQL lets the engine pick any, so no answer that depends on the pick is exact).

        Such a column is ``unsure``: it may only reach FILTERs of ``&&``, ``||``, ``!``, ``sameTerm``, ``=``,
        ``!=`` and comparisons (where a row whose filter depends on the pick stops the query, which Oxigraph
        then answers), pass through joins on other variables and projections, and be dropped by a GROUP BY or a
        projection; anything else that would read it is refused. A group of one value, and a filter such as
        ``!sameTerm(?sample, ?x) || ?several`` where ``?several`` says the group holds more than one, are
        exact, and so is every SAMPLE of a group that a HAVING keeps only with ``COUNT(DISTINCT ?var) <= 1``
        (:func:`_at_most_one`). Unbound values are skipped, as rdflib and Oxigraph skip them: a group with none
        bound samples none."""
        col = inner.cols.get(var)
        if col is None:
            return "CAST(NULL AS BIGINT)", Col("term", True, False)
        c = f"{a}.{self.col(var)}"
        return f"CASE WHEN count(DISTINCT {c}) = 1 THEN min({c}) END", replace(col, nullable=True, unsure=True)

    def group_concat(self, aggregate: CompValue, pattern: Any, inner: Rel, a: str, joins: list[str]) -> str:
        """SQL of ``GROUP_CONCAT(?v; separator=…)`` over the rows of ``inner`` (alias ``a``).

        SPARQL leaves the order of the values open. It is fixed here only when the group reads an ordered
        subquery whose first ORDER BY key is ``?v`` itself (Oxigraph keeps a subquery's order through DISTINCT
        and into its aggregates): Oxigraph orders string literals by lexical form first, values whose lexical
        forms tie give the same text in either order, and any other value (unbound, an IRI, a number) makes
        the whole aggregate an error. The result has the values' language when all share one, else none."""
        if aggregate.distinct:
            raise Untranslatable("GROUP_CONCAT(DISTINCT …)")
        var = aggregate.vars
        if not isinstance(var, Variable):
            raise Untranslatable("GROUP_CONCAT of an expression")
        order = _input_order(pattern)
        if not order or order[0][0] != str(var):
            raise Untranslatable("GROUP_CONCAT whose order SPARQL leaves open (translated over a subquery "
                                 f"ordered first by ?{var})")
        col = inner.cols.get(str(var))
        if col is None:
            return "NULL"  # never bound: every row's value is an error
        if col.kind == "term":
            g = self.alias()
            joins.append(f" LEFT JOIN ({self.strings()}) {g} ON {g}.id = {a}.{self.col(str(var))}")
            tx = f"{g}.tx"
        elif col.kind == "text":
            tx = f"{a}.{self.col(str(var))}"
        else:
            raise Untranslatable("GROUP_CONCAT of computed numbers or booleans")
        separator = aggregate.separator if isinstance(aggregate.separator, Literal | str) else " "
        v, lang = f"struct_extract({tx}, 'v')", f"struct_extract({tx}, 'l')"
        desc = " DESC" if order[0][1] else ""
        return (f"CASE WHEN count(*) = count({tx}) THEN "
                + _text(f"coalesce(string_agg({v}, {_sql_string(str(separator))} ORDER BY {v}{desc}), '')",
                        f"CASE WHEN min({lang}) = max({lang}) THEN min({lang}) ELSE '' END") + " END")

    # ---- expressions ---------------------------------------------------------------------------------------

    def condition(self, expr: Any, scope: Mapping[str, tuple[str, Col]]) -> str:
        if isinstance(expr, Variable) and str(expr) not in scope:
            return "CAST(NULL AS BOOLEAN)"  # the effective boolean value of an unbound variable is an error
        value = self.expr(expr, scope)
        if value.kind != "bool":
            raise Untranslatable("a FILTER on the effective boolean value of a term")
        return value.sql

    def expr(self, expr: Any, scope: Mapping[str, tuple[str, Col]]) -> _Expr:
        if isinstance(expr, Variable):
            if str(expr) not in scope:
                return _Expr("CAST(NULL AS BIGINT)", "term", False)
            sql, col = scope[str(expr)]
            return _Expr(sql, col.kind, col.literal, strings=col.strings)
        if isinstance(expr, URIRef | Literal):
            return _Expr(str(self.lookup(expr)), "term", isinstance(expr, Literal), expr, strings=_is_string(expr))
        if not isinstance(expr, CompValue):
            raise Untranslatable(f"the expression {expr!r}")
        name = expr.name
        if name == "TrueFilter":
            return _Expr("TRUE", "bool")
        if name in ("ConditionalAndExpression", "ConditionalOrExpression"):
            parts = [self.condition(e, scope) for e in [expr.expr, *(expr.other or [])]]
            joiner = " AND " if name == "ConditionalAndExpression" else " OR "
            return _Expr(f"({joiner.join(parts)})", "bool")  # SQL's three-valued logic is SPARQL's with errors
        if name == "UnaryNot":
            return _Expr(f"(NOT {self.condition(expr.expr, scope)})", "bool")
        if name == "Builtin_BOUND":
            inner = self.expr(expr.arg, scope)
            return _Expr(f"({inner.sql} IS NOT NULL)", "bool")
        if name == "Builtin_sameTerm":
            one, two = self.expr(expr.arg1, scope), self.expr(expr.arg2, scope)
            if one.kind != two.kind or one.kind not in ("term", "int"):
                raise Untranslatable("sameTerm of a term and a computed value")
            return _Expr(f"({one.sql} = {two.sql})", "bool")
        if name == "RelationalExpression":
            return self.relation(expr, scope)
        if name == "AdditiveExpression":
            total = self.integer(self.expr(expr.expr, scope))
            for op, other in zip(expr.op or [], expr.other or [], strict=True):
                total = f"({total} {op} {self.integer(self.expr(other, scope))})"
            return _Expr(total, "int", False)
        if name == "Builtin_COALESCE":
            args = [self.expr(e, scope) for e in expr.arg]
            kind = "int" if any(a.kind == "int" for a in args) else args[0].kind
            sqls = [self.integer(a) if kind == "int" else a.sql for a in args]
            if kind == "term" and any(a.kind != "term" for a in args):
                raise Untranslatable("COALESCE of terms and computed values")
            return _Expr(f"COALESCE({', '.join(sqls)})", kind, any(a.literal for a in args))
        if name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            if isinstance(expr.graph, CompValue) and expr.graph.name == "GroupGraphPatternSub":
                from rdflib.plugins.sparql.algebra import translateGroupGraphPattern

                try:
                    expr["graph"] = translateGroupGraphPattern(expr.graph)  # as rdflib's engine does on evaluation
                except TypeError as err:  # in a SELECT expression rdflib leaves its prefixed names unresolved
                    raise Untranslatable("EXISTS in a SELECT expression") from err
            return self.exists(expr.graph, scope, name == "Builtin_NOTEXISTS")
        if name == "Builtin_CONCAT":
            pieces: Any = expr.arg if isinstance(expr.arg, list | ParseResults) else \
                [] if expr.arg is None or expr.arg == _NIL else [expr.arg]  # rdflib's CONCAT() has rdf:nil
            return self.concat([self.expr(e, scope) for e in pieces])
        if name in ("Builtin_STRSTARTS", "Builtin_STRENDS", "Builtin_CONTAINS"):
            first, second = self.simple(self.expr(expr.arg1, scope)), self.simple(self.expr(expr.arg2, scope))
            function = {"Builtin_STRSTARTS": "starts_with", "Builtin_STRENDS": "suffix",
                        "Builtin_CONTAINS": "contains"}[name]
            return _Expr(f"{function}({first}, {second})", "bool")
        if name == "Builtin_STR":
            inner = self.expr(expr.arg, scope)
            if inner.constant is not None:
                if isinstance(inner.constant, Literal):
                    raise Untranslatable("STR of a literal")
                return _Expr(_sql_string(str(inner.constant)), "str")
            if inner.kind != "term" or inner.literal:
                raise Untranslatable("STR of a value that may be a literal")
            missing = [(i, t) for i, t in self.lookup.missing.items() if isinstance(t, URIRef)]
            fallback = (" ".join(f"WHEN {i} THEN {_sql_string(str(t))}" for i, t in missing))
            sql = f"(SELECT iri FROM terms WHERE id = {inner.sql})"
            if fallback:  # an IRI of the query the store lacks may be bound here: its id is not in text order
                return _Expr(f"COALESCE({sql}, CASE {inner.sql} {fallback} END)", "str")
            return _Expr(sql, "str", iri_of=inner.sql)
        if name == "Builtin_IF":
            return self.if_(self.condition(expr.arg1, scope), self.expr(expr.arg2, scope), self.expr(expr.arg3, scope))
        if name in _TERM_TESTS:
            return self.term_test(self.expr(expr.arg, scope), _TERM_TESTS[name])
        raise Untranslatable(f"the expression {name}")

    def if_(self, condition: str, then: _Expr, otherwise: _Expr) -> _Expr:
        """SQL of ``IF``: the second value where the condition is true, the third where it is false, an error
        (NULL) where it is one; both values of one kind (integers, booleans, terms or strings)."""
        def case(one: str, two: str) -> str:
            return f"(CASE WHEN {condition} THEN {one} WHEN NOT {condition} THEN {two} END)"

        if "int" in (then.kind, otherwise.kind) or all(_integer_constant(e) for e in (then, otherwise)):
            return _Expr(case(self.integer(then), self.integer(otherwise)), "int", False)
        if then.kind != otherwise.kind or then.kind not in ("term", "bool", "text", "str"):
            raise Untranslatable("IF of values of different kinds")
        return _Expr(case(then.sql, otherwise.sql), then.kind, then.literal or otherwise.literal,
                     strings=then.strings and otherwise.strings)

    def term_test(self, value: _Expr, kind: int) -> _Expr:
        """SQL of ``isIRI`` (``kind`` 0), ``isBlank`` (1) or ``isLiteral`` (2): an error (NULL) where unbound. A
        computed value is a literal; a term's kind is read from the table (IRIs are its first ids), or from the
        query for a constant the table lacks."""
        if value.kind != "term":
            return _Expr(f"(CASE WHEN {value.sql} IS NOT NULL THEN {'TRUE' if kind == 2 else 'FALSE'} END)", "bool")
        missing = [i for i, t in self.lookup.missing.items() if _term_kind(t) == kind]
        known = f"{value.sql} < {self.lookup.iris}" if kind == 0 else \
            f"(SELECT kind FROM terms WHERE id = {value.sql}) = {kind}"
        absent = f"{value.sql} IN ({', '.join(map(str, missing))})" if missing else "FALSE"
        return _Expr(f"(CASE WHEN {value.sql} >= 0 THEN {known} WHEN {value.sql} < 0 THEN {absent} END)", "bool")

    def exists(self, pattern: Any, scope: Mapping[str, tuple[str, Col]], negated: bool) -> _Expr:
        """SQL of ``EXISTS { … }``: the pattern with the row's bindings substituted. For triples and paths (and
        joins and unions of them) that is a correlated semi-join: each variable the row binds must match, one it
        leaves unbound is free, and so is one that a branch of a UNION leaves unbound (the row's value does not
        reach that branch). Filters of other variables, OPTIONAL and the like inside, where substitution and
        joining differ, are not translated."""
        if not _triples_only(pattern, filtered=True):
            raise Untranslatable("EXISTS of anything but triples and paths (and FILTERs of their own variables)")
        inner = self.rel(pattern)
        e = self.alias()
        on = []
        for name, inner_col in inner.cols.items():
            if name in scope:
                outer, outer_col = scope[name]
                if outer_col.kind != "term" or outer_col.unsure:
                    raise Untranslatable(f"EXISTS on ?{name}, a computed value")
                match = f"{e}.{self.col(name)} = {outer}"
                free = [f"{outer} IS NULL"] * outer_col.nullable + \
                    [f"{e}.{self.col(name)} IS NULL"] * inner_col.nullable
                on.append(f"({' OR '.join([match, *free])})" if free else match)
        where = f" WHERE {' AND '.join(on)}" if on else ""
        return _Expr(f"({'NOT ' if negated else ''}EXISTS (SELECT 1 FROM ({inner.sql}) {e}{where}))", "bool")

    def concat(self, args: list[_Expr]) -> _Expr:
        """SQL of ``CONCAT``: NULL (an error) unless every argument is a string literal; the result has the
        arguments' language when all share one, else none."""
        texts = []
        for arg in args:
            if arg.kind == "text":
                texts.append(arg.sql)
            elif arg.kind == "str":
                texts.append(_text(arg.sql, "''"))
            elif arg.kind == "term" and isinstance(arg.constant, Literal | URIRef):
                if not isinstance(arg.constant, Literal) or not _is_string(arg.constant):
                    return _Expr("CAST(NULL AS STRUCT(v VARCHAR, l VARCHAR))", "text")  # always an error
                texts.append(_text(_sql_string(str(arg.constant)), _sql_string(arg.constant.language or "")))
            elif arg.kind == "term":
                texts.append(self.text_of(arg.sql))  # NULL for an IRI, a blank node, a number: an error
            else:
                raise Untranslatable("CONCAT of computed numbers or booleans")
        if not texts:
            return _Expr(_text("''", "''"), "text")
        values = " || ".join(f"struct_extract({t}, 'v')" for t in texts)
        first = f"struct_extract({texts[0]}, 'l')"
        same = " AND ".join(f"struct_extract({t}, 'l') = {first}" for t in texts[1:]) or "TRUE"
        bound = " AND ".join(f"{t} IS NOT NULL" for t in texts)
        return _Expr(f"(CASE WHEN {bound} THEN {_text(values, f'CASE WHEN {same} THEN {first} ELSE {chr(39) * 2} END')}"
                     " END)", "text")

    def simple(self, value: _Expr) -> str:
        """SQL of a simple literal's lexical form: ``STR`` of an IRI, or a simple literal of the query (other
        strings have languages, whose compatibility rules are not translated)."""
        if value.kind == "str":
            return value.sql
        constant = value.constant
        if isinstance(constant, Literal) and not constant.language and constant.datatype in (None, XSD.string):
            return _sql_string(str(constant))
        raise Untranslatable("a string function of values that may not be simple literals of the query or STR of IRIs")

    def integer(self, value: _Expr) -> str:
        """SQL of an integer operand: a computed integer, or an ``xsd:integer`` constant."""
        if value.kind == "int":
            return value.sql
        if _integer_constant(value):
            return str(value.constant.value)  # type: ignore[union-attr]
        raise Untranslatable("arithmetic or comparison on terms of the data (only on counted integers)")

    def relation(self, expr: CompValue, scope: Mapping[str, tuple[str, Col]]) -> _Expr:
        op = expr.op
        one, two = self.expr(expr.expr, scope), self.expr(expr.other, scope)
        sql_op = {"=": "=", "!=": "<>", "<": "<", ">": ">", "<=": "<=", ">=": ">="}.get(op)
        if sql_op is None:
            raise Untranslatable(f"the operator {op}")
        if "int" in (one.kind, two.kind):
            return _Expr(f"({self.integer(one)} {sql_op} {self.integer(two)})", "bool")
        if one.kind == two.kind == "str" and one.iri_of and two.iri_of:
            # both are STR of IRIs or blank nodes, and the IRIs' ids are in the order of their text: compare ids
            # (an id from iris on is a blank node, whose STR is an error)
            x, y, n = one.iri_of, two.iri_of, self.lookup.iris
            return _Expr(f"(CASE WHEN {x} < {n} AND {y} < {n} THEN {x} {sql_op} {y} END)", "bool")
        if {one.kind, two.kind} == {"str", "term"}:  # STR(?x) against a simple literal of the query
            constant = (two if one.kind == "str" else one).constant
            if isinstance(constant, Literal) and not constant.language and constant.datatype in (None, XSD.string):
                left, right = (one.sql, _sql_string(str(constant))) if one.kind == "str" else \
                    (_sql_string(str(constant)), two.sql)
                return _Expr(f"({left} {sql_op} {right})", "bool")
        if one.kind == two.kind == "str":
            return _Expr(f"({one.sql} {sql_op} {two.sql})", "bool")  # codepoint order: DuckDB compares bytes
        if op in ("=", "!=") and {one.kind, two.kind} == {"text", "term"}:  # a computed string against a constant
            text, other = (one, two) if one.kind == "text" else (two, one)
            constant = other.constant
            if isinstance(constant, Literal) and not constant.language and constant.datatype in (None, XSD.string):
                # two string literals are equal when they are the same term (a language tag makes them differ)
                same = (f"(struct_extract({text.sql}, 'v') = {_sql_string(str(constant))} "
                        f"AND struct_extract({text.sql}, 'l') = '')")
                return _Expr(same if op == "=" else f"(NOT {same})", "bool")
        if one.kind == two.kind == "term" and op in ("=", "!=") and not (one.literal and two.literal):
            return _Expr(f"({one.sql} {sql_op} {two.sql})", "bool")  # an IRI or blank node equals only itself
        raise Untranslatable(f"{op} on values that may be literals (SPARQL compares literals by value)")


#: The term tests and the table's ``kind`` each one asks for.
_TERM_TESTS = {"Builtin_isIRI": 0, "Builtin_isURI": 0, "Builtin_isBLANK": 1, "Builtin_isLITERAL": 2}
#: The message of the error a FILTER raises in DuckDB when the rows it keeps depend on an undetermined SAMPLE.
UNDETERMINED = "partnerkg: a FILTER depends on which value SAMPLE picks"
#: Operators over which a NULL (an undetermined SAMPLE) is Kleene's unknown.
_KLEENE = frozenset({"ConditionalAndExpression", "ConditionalOrExpression", "UnaryNot", "Builtin_sameTerm",
                     "RelationalExpression"})


def _sure(rel: Rel, where: str) -> None:
    for name, col in rel.cols.items():
        if col.unsure:
            raise Untranslatable(f"{where} over ?{name}, a SAMPLE of groups that may hold several values")


_AT_MOST_ONE = {("<=", 1), ("<", 2), ("=", 0), ("=", 1)}


def _at_most_one(expr: Any, cols: Mapping[str, Col]) -> list[tuple[str, str]]:
    """The groupings whose rows ``expr`` keeps only where ``COUNT(DISTINCT ?v)`` is at most 1 (a HAVING of
    ``<= 1``, ``< 2``, ``= 0`` or ``= 1``, alone or as one operand of ``&&``), each as ``(grouping, v)``."""
    if getattr(expr, "name", None) == "ConditionalAndExpression":
        return [g for part in [expr.expr, *(expr.other or [])] for g in _at_most_one(part, cols)]
    if getattr(expr, "name", None) != "RelationalExpression" or not isinstance(expr.expr, Variable):
        return []
    col, other = cols.get(str(expr.expr)), expr.other
    if col is None or col.group is None or col.group[0] != "count" or not isinstance(other, Literal):
        return []
    value = other.toPython()
    if isinstance(value, bool) or not isinstance(value, int) or (expr.op, value) not in _AT_MOST_ONE:
        return []
    return [col.group[1:]]


def _unsure_in(expr: Any, scope: Mapping[str, tuple[str, Col]]) -> set[str]:
    """The unsure columns (undetermined SAMPLEs) an expression reads; refuses one read by anything but the
    operators of :data:`_KLEENE`."""
    if isinstance(expr, Variable):
        return {str(expr)} if str(expr) in scope and scope[str(expr)][1].unsure else set()
    found: set[str] = set()
    if isinstance(expr, CompValue):
        for key, child in expr.items():
            if not key.startswith("_"):
                found |= _unsure_in(child, scope)
        if found and (expr.name not in _KLEENE or expr.get("op") in ("IN", "NOT IN")):
            raise Untranslatable(f"{expr.name} of a SAMPLE of groups that may hold several values")
    elif isinstance(expr, list | tuple):
        for child in expr:
            found |= _unsure_in(child, scope)
    return found


_NIL = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil")
_SQL_TYPE = {"term": "BIGINT", "int": "BIGINT", "bool": "BOOLEAN", "text": "STRUCT(v VARCHAR, l VARCHAR)"}


def _text(lex: str, lang: str) -> str:
    """SQL of a ``text`` value (a string literal) from the SQL of its lexical form and language tag."""
    return f"struct_pack(v := {lex}, l := {lang})"


def _is_string(term: object) -> bool:
    """Whether a term is a string literal: simple, ``xsd:string`` or language-tagged."""
    return isinstance(term, Literal) and (term.language is not None or term.datatype in (None, XSD.string))


def _input_order(node: Any) -> list[tuple[str, bool]]:
    """The leading plain-variable keys (name, descending) of the ORDER BY a group's input is, through the
    subquery's projection and DISTINCT (which keep the order of the rows they keep); [] when it is not one."""
    while isinstance(node, CompValue) and node.name in ("ToMultiSet", "Project", "Distinct"):
        node = node.p
    if not isinstance(node, CompValue) or node.name != "OrderBy":
        return []
    keys = []
    for condition in node.expr:
        if isinstance(condition, Variable):
            keys.append((str(condition), False))
        elif isinstance(condition, CompValue) and isinstance(condition.expr, Variable):
            keys.append((str(condition.expr), condition.order == "DESC"))
        else:
            break
    return keys


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _triples_only(pattern: Any, filtered: bool = False) -> bool:
    """Whether a pattern is triples and paths only (BGPs, and joins and unions of them), or with ``filtered``
    such a pattern under FILTERs of its own variables only (which read the same values whether the outer row's
    bindings are substituted into the pattern or joined with its solutions)."""
    if not isinstance(pattern, CompValue):
        return False
    if pattern.name == "BGP":
        return True
    if filtered and pattern.name == "Filter":
        return _triples_only(pattern.p, True) and _variables(pattern.expr) <= _pattern_variables(pattern.p)
    return pattern.name in ("Join", "Union") and _triples_only(pattern.p1) and _triples_only(pattern.p2)


def _pattern_variables(pattern: Any) -> set[str]:
    """The variables a pattern of triples and paths (see :func:`_triples_only`) binds in every solution: a UNION's
    are those of both branches (one a branch leaves unbound is read unbound by a FILTER over the joined solutions,
    and bound by substitution)."""
    if pattern.name == "BGP":
        return {str(term) for triple in pattern.triples for term in triple if isinstance(term, Variable)}
    if pattern.name == "Filter":
        return _pattern_variables(pattern.p)
    if pattern.name == "Union":
        return _pattern_variables(pattern.p1) & _pattern_variables(pattern.p2)
    return _pattern_variables(pattern.p1) | _pattern_variables(pattern.p2)


def _integer_constant(value: _Expr) -> bool:
    constant = value.constant
    return isinstance(constant, Literal) and constant.datatype == XSD.integer and isinstance(constant.value, int)


def _term_kind(term: Identifier) -> int:
    """0 for an IRI, 1 for a blank node, 2 for a literal (the ``kind`` of the table's terms)."""
    return 0 if isinstance(term, URIRef) else 1 if isinstance(term, BNode) else 2


def _variables(expr: Any) -> set[str]:
    if isinstance(expr, Variable):
        return {str(expr)}
    if isinstance(expr, CompValue):
        return set().union(*(_variables(v) for k, v in expr.items() if not k.startswith("_")))
    if isinstance(expr, list | tuple):
        return set().union(*(_variables(v) for v in expr))
    return set()


def _never_null(expr: Any, scope: Mapping[str, tuple[str, Col]]) -> bool:
    """Whether an expression of bound values (variables that are never unbound, constants, ``+``/``-``)
    is never unbound."""
    if isinstance(expr, Variable):
        return str(expr) in scope and not scope[str(expr)][1].nullable
    if isinstance(expr, URIRef | Literal):
        return True
    if isinstance(expr, CompValue) and expr.name == "AdditiveExpression":
        return all(_never_null(e, scope) for e in [expr.expr, *(expr.other or [])])
    return False


def _construct(t: _Translator, query: CompValue, body: Rel) -> Sql:
    """The distinct solutions of a CONSTRUCT's pattern, for the variables of its template (the caller makes the
    triples: a triple with an unbound variable, a literal subject or a predicate that is not an IRI is left out,
    as the spec and Oxigraph have it)."""
    template = query.template
    if template is None:
        raise Untranslatable("CONSTRUCT WHERE (the short form)")
    names: dict[str, None] = {}
    for triple in template:
        for term in triple:
            if isinstance(term, BNode):
                raise Untranslatable("a blank node in a CONSTRUCT template (a new one for each solution)")
            if isinstance(term, Variable) and str(term) in body.cols:
                if body.cols[str(term)].unsure:
                    raise Untranslatable(f"?{term} is a SAMPLE of groups that may hold several values")
                names[str(term)] = None
    a = t.alias()
    items = {n: f"{a}.{t.col(n)}" for n in names}
    if not items:  # a template of constants: whether the pattern has a solution
        return Sql(f"SELECT 1 WHERE EXISTS (SELECT 1 FROM ({body.sql}))", (), (),
                   tuple(tuple(triple) for triple in template))
    return Sql(f"SELECT DISTINCT {t.select(items)} FROM ({body.sql}) {a}", tuple(names),
               tuple(body.cols[n].kind for n in names), tuple(tuple(triple) for triple in template))


def translate(query: CompValue | ParseResults, lookup: Lookup, plan: Any = None, *, base: str | None = None) -> Sql:
    """The SQL of a SELECT or ASK query's algebra (``translateQuery(...).algebra``, or a parse tree, translated
    here), with ids from ``lookup``. ``plan`` is the top-level ORDER BY the caller does in Python
    (:class:`partnerkg.queries.order.OrderPlan`): when it keeps the first N rows by a counted integer, only the
    rows that can be among them (ties included) leave DuckDB. Raises :class:`Untranslatable`."""
    if isinstance(query, ParseResults):
        from rdflib.plugins.sparql.algebra import translateQuery

        from partnerkg.namespaces import PREFIXES

        try:
            query = translateQuery(query, base=base, initNs=PREFIXES).algebra
        except Exception as err:  # e.g. an undefined prefix: Oxigraph's path words the error
            raise Untranslatable(f"rdflib cannot compile the query ({err})") from err
    if query.get("datasetClause"):
        raise Untranslatable("FROM or FROM NAMED")
    node = query.p
    order: CompValue | None = None
    while isinstance(node, CompValue) and node.name in ("Project", "Distinct", "Reduced", "Slice", "Extend",
                                                          "Filter", "OrderBy"):
        if node.name == "OrderBy":  # the caller sorts a top-level ORDER BY of projected variables; not this one
            if query.name != "SelectQuery" or order is not None:
                raise Untranslatable("ORDER BY an expression or a variable the query does not project")
            order = node
        node = node.p
    top = query.p
    limit, offset = None, 0
    if order is not None and plan is None and top.name == "Slice":  # the slice of the ORDER BY the caller sorts by
        limit, offset, top = (None if top.length is None else int(top.length)), int(top.start or 0), top.p
    t = _Translator(lookup)
    cut = None
    if plan is not None and plan.limit is not None and plan.conditions:
        # only the rows that can be among the first offset + limit by the first key leave DuckDB (when it is a
        # counted integer); Python sorts them
        cut = _Cut(plan.conditions[0][0], plan.conditions[0][1], plan.offset + plan.limit)
    body = t.rel(top, cut=cut)
    if query.name == "AskQuery":
        return Sql(f"SELECT EXISTS (SELECT 1 FROM ({body.sql}))", ("ask",), ("bool",))
    if query.name == "ConstructQuery":
        return _construct(t, query, body)
    if query.name != "SelectQuery":
        raise Untranslatable(f"a {query.name} query")
    names = tuple(str(v) for v in query.PV)
    for n in names:
        if n in body.cols and body.cols[n].unsure:
            raise Untranslatable(f"?{n} is a SAMPLE of groups that may hold several values")
    a = t.alias()
    items = {n: f"{a}.{t.col(n)}" if n in body.cols else "CAST(NULL AS BIGINT)" for n in names}
    kinds = tuple(body.cols[n].kind if n in body.cols else "term" for n in names)
    keys: tuple[tuple[str, bool], ...] = ()
    if order is not None:  # keys that are expressions of projected variables: extra columns, sorted in Python
        scope = {n: (f"{a}.{t.col(n)}", body.cols[n]) for n in names if n in body.cols}
        extra: dict[str, str] = {}
        extra_kinds = []
        for i, condition in enumerate(order.expr):
            expr, descending = (condition.expr, condition.order == "DESC") if isinstance(condition, CompValue) \
                and condition.name == "OrderCondition" else (condition, False)
            if isinstance(expr, Variable):
                if str(expr) not in names:
                    raise Untranslatable("ORDER BY a variable the query does not project")
                keys += ((str(expr), descending),)
                continue
            if _variables(expr) - set(names) or _unsure_in(expr, scope):
                raise Untranslatable("ORDER BY an expression of variables the query does not project")
            value = t.expr(expr, scope)
            if value.kind not in ("int", "bool"):
                raise Untranslatable("ORDER BY an expression whose value is a term or a string")
            extra[f" order {i}"] = value.sql
            extra_kinds.append(value.kind)
            keys += ((f" order {i}", descending),)
        items.update(extra)
        return Sql(f"SELECT {t.select(items)} FROM ({body.sql}) {a}", (*names, *extra), (*kinds, *extra_kinds),
                   order=keys, limit=limit, offset=offset)
    return Sql(f"SELECT {t.select(items)} FROM ({body.sql}) {a}", names, kinds)
