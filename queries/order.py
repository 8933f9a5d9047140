"""ORDER BY in Python, in exactly rdflib's order, for SELECT queries that Oxigraph evaluates.

Oxigraph re-reads every string from RocksDB at each comparison of an ORDER BY, so sorting 85,000 labels
takes seconds. :func:`order_plan` recognises a SELECT whose top-level solution modifier is ``ORDER BY``
over plain, projected variables (``?v``, ``ASC(?v)``, ``DESC(?v)``), optionally followed by LIMIT/OFFSET,
and cuts that clause out of the text with the SPARQL tokenizer (strings, IRIs, comments and subqueries are
never touched). :func:`ordered_rows` then sorts the solutions and applies OFFSET/LIMIT.

The order is rdflib's (``rdflib.plugins.sparql.evaluate.evalOrderBy``): one stable sort per condition,
last condition first, keyed by ``_val`` (unbound < blank node < IRI < literal, literals by their own rich
comparison), ``reverse=True`` for DESC. rdflib's literal comparison runs in Python, so :func:`column_keys`
gives each column native keys (tuples of ``str``/numbers) when every value is of a kind whose rdflib order
they reproduce exactly: unbound, IRIs, blank nodes, and either only string literals (plain, xsd:string or
language-tagged) or only well-typed numbers that are not NaN or only well-typed booleans. Any other column is
keyed by rdflib's ``_val`` itself, so its order is rdflib's by construction.

>>> from rdflib import Literal, URIRef
>>> rows = [(URIRef("urn:b"), Literal("x")), (None, Literal("y")), (URIRef("urn:a"), Literal("x"))]
>>> [r[0] for r in ordered_rows(rows, ("s", "l"), (("l", True), ("s", False)))]
[None, rdflib.term.URIRef('urn:a'), rdflib.term.URIRef('urn:b')]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pyparsing import ParseResults
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.evaluate import _val
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import _NUMERIC_LITERAL_TYPES, Identifier, Variable

from partnerkg.queries.safety import parse_shared
from partnerkg.queries.text import tokens

__all__ = ["OrderPlan", "column_keys", "order_plan", "ordered_rows", "plan_for_text"]

_XSD_STRING = XSD.string
_XSD_BOOLEAN = XSD.boolean
_NUMERIC = frozenset(_NUMERIC_LITERAL_TYPES)
_UNBOUND = (0,)
#: Expression wrappers rdflib's parser puts around a bare variable (each with ``expr`` as its only part).
_WRAPPERS = frozenset({"ConditionalOrExpression", "ConditionalAndExpression", "RelationalExpression",
                       "AdditiveExpression", "MultiplicativeExpression"})


@dataclass(frozen=True)
class OrderPlan:
    """How to run a query with its ORDER BY done in Python.

    ``text`` is the query without its top-level ORDER BY/LIMIT/OFFSET; ``conditions`` the (variable,
    descending) pairs in query order; ``offset`` and ``limit`` the slice to take after sorting.
    """

    text: str
    conditions: tuple[tuple[str, bool], ...]
    offset: int = 0
    limit: int | None = None


# ---- recognising and cutting the clause ---------------------------------------------------------------------


def _plain_variable(expr: object) -> str | None:
    while isinstance(expr, CompValue) and expr.name in _WRAPPERS and set(expr.keys()) == {"expr"}:
        expr = expr["expr"]
    return str(expr) if isinstance(expr, Variable) else None


def _tree_conditions(query: CompValue) -> tuple[tuple[str, bool], ...] | None:
    conditions = []
    for cond in query["orderby"]["condition"]:
        if isinstance(cond, Variable):  # rdflib keeps a bare ``?v`` condition as the variable itself
            conditions.append((str(cond), False))
            continue
        if not isinstance(cond, CompValue) or cond.name != "OrderCondition":
            return None
        name = _plain_variable(cond["expr"])
        order = cond["order"] if "order" in cond else None  # noqa: SIM401 (CompValue.get is not dict.get)
        if name is None or order not in (None, "ASC", "DESC"):
            return None
        conditions.append((name, order == "DESC"))
    return tuple(conditions)


def _projected(query: CompValue) -> set[str] | None:
    """The projected variable names, or None for ``SELECT *``."""
    if "projection" not in query or not query["projection"]:
        return None
    return {str(item["var"] if "var" in item else item["evar"]) for item in query["projection"]}


def order_plan(text: str, tree: ParseResults) -> OrderPlan | None:
    """The plan for running ``text`` (parsed as ``tree``) with its ORDER BY in Python, or None when the query
    is not a SELECT whose top-level ORDER BY conditions are all projected plain variables (optionally with
    ASC/DESC), followed by nothing but LIMIT/OFFSET (and a trailing VALUES block, which is kept)."""
    query = tree[1]
    if not isinstance(query, CompValue) or query.name != "SelectQuery" or "orderby" not in query:
        return None
    conditions = _tree_conditions(query)
    projected = _projected(query)
    if not conditions or (projected is not None and any(name not in projected for name, _ in conditions)):
        return None
    slicing = query["limitoffset"] if "limitoffset" in query else None  # noqa: SIM401 (as above)
    limit = int(slicing["limit"]) if slicing is not None and "limit" in slicing else None
    offset = int(slicing["offset"]) if slicing is not None and "offset" in slicing else 0
    cut = _cut(text)
    if cut is None:
        return None
    stripped, written, written_limit, written_offset = cut
    if written != conditions or written_limit != limit or written_offset != offset:
        return None  # the tokens say something else than the parse tree: leave the query alone
    return OrderPlan(stripped, conditions, offset, limit)


def _cut(text: str) -> tuple[str, tuple[tuple[str, bool], ...], int | None, int] | None:
    """``text`` without its top-level ``ORDER BY … [LIMIT n] [OFFSET n]``, with what that clause said."""
    toks = tokens(text)
    sig = [i for i, t in enumerate(toks) if t.kind not in ("ws", "comment")]
    depth, level, starts = 0, [], []
    for n, i in enumerate(sig):
        level.append(depth)
        t = toks[i]
        if t.text in ("{", "("):
            depth += 1
        elif t.text in ("}", ")"):
            depth -= 1
        if (t.kind == "name" and t.upper == "ORDER" and level[n] == 0 and n + 1 < len(sig)
                and toks[sig[n + 1]].kind == "name" and toks[sig[n + 1]].upper == "BY"):
            starts.append(n)
    if len(starts) != 1:
        return None
    n = starts[0] + 2
    conditions: list[tuple[str, bool]] = []

    def text_at(m: int) -> str:
        return toks[sig[m]].text if m < len(sig) else ""

    while n < len(sig):
        t = toks[sig[n]]
        if t.kind == "var":
            conditions.append((t.text[1:], False))
            n += 1
        elif (t.kind == "name" and t.upper in ("ASC", "DESC") and text_at(n + 1) == "("
              and n + 2 < len(sig) and toks[sig[n + 2]].kind == "var" and text_at(n + 3) == ")"):
            conditions.append((toks[sig[n + 2]].text[1:], t.upper == "DESC"))
            n += 4
        else:
            break
    limit: int | None = None
    offset = 0
    seen: set[str] = set()
    while n + 1 < len(sig):
        t, value = toks[sig[n]], toks[sig[n + 1]]
        if t.kind != "name" or t.upper not in ("LIMIT", "OFFSET") or t.upper in seen or not value.text.isdigit():
            break
        seen.add(t.upper)
        if t.upper == "LIMIT":
            limit = int(value.text)
        else:
            offset = int(value.text)
        n += 2
    if n < len(sig) and not (toks[sig[n]].kind == "name" and toks[sig[n]].upper == "VALUES"):
        return None
    start = sig[starts[0]]
    end = sig[n - 1] + 1
    stripped = "".join(t.text for t in toks[:start]) + " " + "".join(t.text for t in toks[end:])
    return stripped, tuple(conditions), limit, offset


@lru_cache(maxsize=256)
def plan_for_text(text: str, origin: str = "query") -> OrderPlan | None:
    """:func:`order_plan` for ``text``, parsed once per text by the safety gate (QueryError if it refuses)."""
    return order_plan(text, parse_shared(text, origin))


# ---- sorting ---------------------------------------------------------------------------------------------------


def _number(lit: Literal) -> object | None:
    """The value rdflib compares a numeric literal by, when its numeric fast path applies and the value is
    totally ordered (not NaN); else None."""
    if lit.ill_typed:
        return None
    value = lit.value
    kind = type(value)
    if kind is int:
        return value
    if kind is float:
        return value if value == value else None
    if kind is Decimal:
        return None if value.is_nan() else value
    return None


def column_keys(values: Sequence[Identifier | None], name: str) -> tuple[list[Any], bool]:
    """Sort keys for one column, ordered exactly as rdflib's ``_val`` keys of the same values (``None`` is
    unbound), and whether they are native keys (True) or rdflib's own (False, for a mixed column)."""
    keys: list[Any] = []
    append = keys.append
    kind = ""  # "s" string literals, "n" numbers
    languages: dict[str, str] = {}
    for value in values:
        if value is None:
            append(_UNBOUND)
            continue
        cls = type(value)
        if cls is URIRef:
            append((2, str(value)))
            continue
        if cls is BNode:
            append((1, str(value)))
            continue
        if cls is not Literal:
            break
        datatype = value.datatype
        language = value.language
        if language is not None or datatype is None or datatype == _XSD_STRING:
            if kind in ("n", "b"):
                break
            kind = "s"
            if language is None:
                language = ""
            elif languages.setdefault(language.lower(), language) != language:
                break  # tags equal but for case: rdflib's order is no longer a weak order
            append((3, language, str(value)))
            continue
        if datatype in _NUMERIC and kind in ("", "n"):
            number = _number(value)
            if number is not None:
                kind = "n"
                append((3, number))
                continue
        if datatype == _XSD_BOOLEAN and kind in ("", "b") and not value.ill_typed and type(value.value) is bool:
            kind = "b"  # rdflib compares two booleans by their values (False < True), equal values as ties
            append((3, value.value))
            continue
        break
    else:
        return keys, True
    unbound = Variable(name)
    return [_val(unbound if value is None else value) for value in values], False


def ordered_rows(rows: Sequence[Sequence[Any]], names: Sequence[str], conditions: Sequence[tuple[str, bool]],
                 offset: int = 0, limit: int | None = None,
                 convert: Callable[[Any], Identifier | None] | None = None) -> list[tuple[Identifier | None, ...]]:
    """``rows`` (one value per name in ``names``) sorted by ``conditions`` ((name, descending) pairs) as
    rdflib's ORDER BY sorts them, then ``offset``/``limit`` applied; ``convert`` turns a raw value into an
    rdflib term (or None), applied only to the sort columns and the rows kept.

    A condition naming no column sorts nothing: the variable is unbound in every row, as with rdflib.
    """
    count = len(rows)
    order = list(range(count))
    columns: dict[int, list[Identifier | None]] = {}
    for name, descending in reversed(conditions):
        if name not in names:
            continue
        index = names.index(name)
        if index not in columns:
            raw = [row[index] for row in rows]
            columns[index] = raw if convert is None else [convert(value) for value in raw]
        keys = column_keys(columns[index], name)[0]
        order.sort(key=keys.__getitem__, reverse=descending)
    window = order[offset:] if limit is None else order[offset:offset + limit]
    out = []
    for i in window:
        row = rows[i]
        out.append(tuple(columns[k][i] if k in columns else (row[k] if convert is None else convert(row[k]))
                         for k in range(len(names))))
    return out
