"""Query results as pandas DataFrames, typed by the literals' datatypes (``pip install 'partnerkg[notebook]'``).

One column per variable, in projection order; one row per solution, in the result's order. A column's dtype
follows the kinds of term it holds, so a notebook can sort, plot and aggregate without conversions:

============================================================== =========================================
what the column holds                                          dtype
============================================================== =========================================
integers (``xsd:integer``, ``int``, ``long``,                  ``Int64`` (a value beyond 64 bits: object
``nonNegativeInteger``… and the other derived integer types)   of Python ints)
``xsd:gYear``                                                  ``Int64``: the year as a number
``xsd:decimal``, ``xsd:double``, ``xsd:float``                 ``Float64`` (``NaN`` literals read as
(also mixed with integers)                                     missing: pandas' nullable floats)
``xsd:boolean``                                                ``boolean``
``xsd:date``                                                   ``datetime64[s]``
``xsd:dateTime`` without a time zone / all with one            ``datetime64[us]`` / ``datetime64[us, UTC]``
strings (plain, ``xsd:string``, language-tagged, any other     ``string``: the lexical form, tag dropped
datatype), IRIs, blank nodes, and any mix of these             (IRIs as text, or as CURIEs; ``_:label``)
nothing but unbound values                                     ``object``, all missing
any other mix (numbers and text, dates and numbers…)           ``object`` of each value's Python value
============================================================== =========================================

An unbound value is missing (``pd.NA``, ``NaT`` in date columns, ``None`` in object columns). A literal whose
lexical form does not fit its datatype (``"abc"^^xsd:integer``) counts as text. Over a store, Oxigraph keeps
``xsd:nonNegativeInteger`` as ``xsd:integer``: both are integers here, so the same query gives the same
DataFrame in memory, over a store and from a remote endpoint.

``curies=True`` writes IRIs as CURIEs with partnerkg's prefixes (``pk:Partnership``,
``id:organisation/mind``), or with a mapping of prefix to namespace. ``languages=True`` adds, after each
column that holds a language-tagged literal, a ``NAME@lang`` column of the tags (missing where none);
``languages=["label"]`` adds one for the columns named, whatever they hold.

CONSTRUCT and DESCRIBE results give a ``subject``, ``predicate``, ``object`` frame of their triples, sorted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any, cast

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from partnerkg.errors import OptionError, QueryError, option
from partnerkg.extras import import_extra
from partnerkg.interop.export import canonical
from partnerkg.namespaces import PREFIXES

if TYPE_CHECKING:
    import pandas as pd

    from partnerkg.queries.result import QueryResult

__all__ = ["LANGUAGE_SUFFIX", "Kind", "compact", "result_frame", "term_kind", "term_value"]

#: The suffix of a column of language tags: ``label@lang`` beside ``label``.
LANGUAGE_SUFFIX = "@lang"

_INTEGERS = {XSD[t] for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                              "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt",
                              "unsignedShort", "unsignedByte")}
_FLOATS = {XSD.decimal, XSD.double, XSD.float}
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_FLOAT = re.compile(r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN")
_YEAR = re.compile(r"(-?\d{4,})(Z|[+-]\d{2}:\d{2})?")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


class Kind(Enum):
    """What a term is, as far as a column's dtype is concerned."""

    MISSING = "missing"
    INTEGER = "integer"
    YEAR = "year"
    FLOAT = "float"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    DATETIME_TZ = "datetime-tz"
    TEXT = "text"


def compact(iri: str, prefixes: Mapping[str, str]) -> str:
    """``iri`` as a CURIE with the longest namespace of ``prefixes`` it starts with, else unchanged.

    >>> compact("https://w3id.org/partnerkg/ontology#Partnership", {"pk": "https://w3id.org/partnerkg/ontology#"})
    'pk:Partnership'
    >>> compact("urn:x", {"pk": "https://w3id.org/partnerkg/ontology#"})
    'urn:x'
    """
    best = ""
    chosen = ""
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace) and len(namespace) > len(best) and len(iri) > len(namespace):
            best, chosen = namespace, prefix
    return f"{chosen}:{iri[len(best):]}" if best else iri


def term_kind(term: Identifier | None) -> Kind:
    """The :class:`Kind` of a result term (None: unbound).

    >>> term_kind(Literal("2004", datatype=XSD.gYear)), term_kind(Literal("abc", datatype=XSD.integer))
    (<Kind.YEAR: 'year'>, <Kind.TEXT: 'text'>)
    """
    if term is None:
        return Kind.MISSING
    if not isinstance(term, Literal) or term.datatype is None:
        return Kind.TEXT
    lexical = str(term).strip()
    datatype = term.datatype
    if datatype in _INTEGERS:
        return Kind.INTEGER if _INTEGER.fullmatch(lexical) else Kind.TEXT
    if datatype in _FLOATS:
        pattern = _DECIMAL if datatype == XSD.decimal else _FLOAT
        return Kind.FLOAT if pattern.fullmatch(lexical) else Kind.TEXT
    if datatype == XSD.boolean:
        return Kind.BOOLEAN if lexical in _BOOLEANS else Kind.TEXT
    if datatype == XSD.gYear:
        return Kind.YEAR if _YEAR.fullmatch(lexical) else Kind.TEXT
    if datatype in (XSD.date, XSD.dateTime, XSD.dateTimeStamp):
        value = term.toPython()
        if isinstance(value, dt.datetime):
            return Kind.DATETIME if value.tzinfo is None else Kind.DATETIME_TZ
        if isinstance(value, dt.date):
            return Kind.DATE
    return Kind.TEXT


def term_value(term: Identifier | None, kind: Kind, prefixes: Mapping[str, str] | None = None) -> Any:
    """The Python value a term of ``kind`` stands for in a frame: int, float, bool, date, datetime or text
    (IRIs compacted with ``prefixes`` when given, blank nodes as ``_:label``); None when unbound."""
    if term is None or kind is Kind.MISSING:
        return None
    if kind is Kind.TEXT:
        if isinstance(term, BNode):
            return f"_:{term}"
        if isinstance(term, URIRef) and prefixes is not None:
            return compact(str(term), prefixes)
        return str(term)
    lexical = str(term).strip()
    if kind is Kind.INTEGER:
        return int(lexical)
    if kind is Kind.YEAR:
        found = _YEAR.fullmatch(lexical)
        assert found is not None
        return int(found.group(1))
    if kind is Kind.FLOAT:
        return float(lexical)
    if kind is Kind.BOOLEAN:
        return _BOOLEANS[lexical]
    return term.toPython() if isinstance(term, Literal) else str(term)  # a date or datetime (term_kind checked)


def _column(pd: Any, terms: Sequence[Identifier | None], prefixes: Mapping[str, str] | None) -> Any:
    """The pandas array of one column (see the module docstring for the dtypes)."""
    kinds = [term_kind(t) for t in terms]
    present = set(kinds) - {Kind.MISSING}
    values = [term_value(t, k, prefixes) for t, k in zip(terms, kinds, strict=True)]
    if not present:
        return pd.array(values, dtype=object)
    if present in ({Kind.INTEGER}, {Kind.YEAR}):
        try:
            return pd.array(values, dtype="Int64")
        except (OverflowError, TypeError, ValueError):  # beyond 64 bits
            return pd.array(values, dtype=object)
    if present <= {Kind.INTEGER, Kind.FLOAT}:
        return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
    if present == {Kind.BOOLEAN}:
        return pd.array(values, dtype="boolean")
    if present == {Kind.TEXT}:
        return pd.array(values, dtype=pd.StringDtype())
    if present == {Kind.DATE}:
        return pd.Series(values, dtype=object).astype("datetime64[s]").array
    if present == {Kind.DATETIME}:
        return pd.Series(values, dtype=object).astype("datetime64[us]").array
    if present == {Kind.DATETIME_TZ}:
        return pd.to_datetime(pd.Series(values, dtype=object), utc=True).astype("datetime64[us, UTC]").array
    return pd.array(values, dtype=object)


def _languages(terms: Sequence[Identifier | None]) -> list[str | None]:
    return [t.language if isinstance(t, Literal) and t.language else None for t in terms]


def _prefixes(curies: bool | Mapping[str, str]) -> dict[str, str] | None:
    if curies is False:
        return None
    if curies is True:
        return {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    return {str(prefix): str(ns) for prefix, ns in curies.items()}


def _frame(pd: Any, names: Sequence[str], rows: Sequence[Sequence[Identifier | None]], *,
           curies: bool | Mapping[str, str], languages: bool | Iterable[str]) -> pd.DataFrame:
    prefixes = _prefixes(curies)
    if isinstance(languages, bool):
        wanted: set[str] = set()
    else:
        wanted = {str(name) for name in ([languages] if isinstance(languages, str) else languages)}
        unknown = sorted(wanted - set(names))
        if unknown:
            raise OptionError(f"{option('languages', unknown)}: the result has no variable "
                              f"{', '.join('?' + n for n in unknown)} (it has {', '.join('?' + n for n in names)})",
                              "languages")
    data: dict[str, Any] = {}
    for i, name in enumerate(names):
        terms = [row[i] for row in rows]
        data[name] = _column(pd, terms, prefixes)
        tags = _languages(terms)
        if name in wanted or (languages is True and any(tags)):
            data[name + LANGUAGE_SUFFIX] = pd.array(tags, dtype=pd.StringDtype())
    return pd.DataFrame(data, columns=list(data), index=pd.RangeIndex(len(rows)))


def result_frame(result: QueryResult, *, curies: bool | Mapping[str, str] = False,
                 languages: bool | Iterable[str] = False) -> pd.DataFrame:
    """The DataFrame of ``result`` (see the module docstring). Raises MissingDependencyError without pandas,
    QueryError for an ASK result (a boolean is no table), OptionError for ``languages`` naming no variable."""
    pd = import_extra("pandas", extra="notebook", purpose="DataFrames")
    if result.type == "ASK":
        raise QueryError(f"an ASK query answers {result.askAnswer} (askAnswer), not a table: to_dataframe() "
                         "takes SELECT, CONSTRUCT and DESCRIBE results")
    if result.graph is not None:
        graph = canonical(result.graph)  # blank nodes labelled by content, as every writer does
        triples: list[tuple[Identifier, ...]] = sorted(
            (cast(tuple[Identifier, ...], t) for t in graph.triples((None, None, None))),
            key=lambda t: tuple(x.n3() for x in t))
        return _frame(pd, ("subject", "predicate", "object"), triples, curies=curies, languages=languages)
    return _frame(pd, result.vars, result.rows, curies=curies, languages=languages)
