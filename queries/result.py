"""The answer to a query, whichever engine gave it: rows of rdflib terms, a boolean or a graph.

>>> from rdflib import Literal, URIRef
>>> r = QueryResult("SELECT", ("org", "n"), [(URIRef("urn:x:a"), Literal(3)), (URIRef("urn:x:b"), None)])
>>> r.to_rows()
[('urn:x:a', 3), ('urn:x:b', None)]
>>> r.records()[1]
{'org': 'urn:x:b'}
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import BNode, Graph, Literal
from rdflib.term import Identifier

from partnerkg.queries.formats import format_result

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["QueryResult", "RowStream", "TripleStream", "python_value"]


def python_value(term: Identifier | None) -> Any:
    """A term as a plain Python value: an IRI as its text, a blank node as ``_:label``, a literal as the value
    its datatype gives (int, Decimal, float, bool, date…; its text when rdflib knows no conversion)."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


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
    #: What the engine said on the way (a remote endpoint that cut its answer short, say).
    warnings: list[str] = field(default_factory=list, compare=False)
    #: How many rows the query returns in all, when a page of them was asked for with its total.
    total: int | None = field(default=None, compare=False)
    #: Which engine answered over a store (``oxigraph`` or ``columnar``), and why not the other, for ``--explain``.
    engine: str | None = field(default=None, compare=False)

    def __iter__(self) -> Iterator[tuple[Identifier | None, ...]]:
        return iter(self.rows)

    @property
    def size(self) -> int:
        """What result limits count: rows (SELECT), triples (CONSTRUCT, DESCRIBE), 1 (ASK)."""
        if self.graph is not None:
            return len(self.graph)
        return len(self.rows) if self.type == "SELECT" else 1

    def __len__(self) -> int:
        return self.size

    def to_rows(self) -> list[tuple[Any, ...]]:
        """The rows as tuples of plain Python values (:func:`python_value`), aligned with ``vars``."""
        return [tuple(python_value(t) for t in row) for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """The rows as dicts of the bound variables' plain Python values (:func:`python_value`)."""
        return [{v: python_value(t) for v, t in zip(self.vars, row, strict=True) if t is not None}
                for row in self.rows]

    def serialize(self, fmt: str | None = None, *, width: int | None = None) -> bytes:
        """The result in a W3C format (``json``, ``xml``, ``csv``, ``tsv`` for SELECT and ASK; ``turtle``,
        ``ntriples``, ``json``, ``xml`` for CONSTRUCT and DESCRIBE) or as a ``table`` ``width`` wide (default:
        a table, Turtle for graphs); see :mod:`partnerkg.queries.formats`."""
        return format_result(self, fmt, width=width)

    def to_dataframe(self, *, curies: bool | Mapping[str, str] = False,
                     languages: bool | Iterable[str] = False) -> pd.DataFrame:
        """The rows as a pandas DataFrame: one column per variable in projection order, typed by the
        literals' datatypes (Int64, Float64, boolean, datetime64, string; a gYear as its year), unbound as
        missing; IRIs as text, or CURIEs with ``curies=True``; ``languages=True`` adds a ``NAME@lang``
        column of language tags beside each column that has them. CONSTRUCT and DESCRIBE give their triples.
        See :mod:`partnerkg.queries.dataframe`; needs ``pip install 'partnerkg[notebook]'``."""
        from partnerkg.queries.dataframe import result_frame

        return result_frame(self, curies=curies, languages=languages)

    def to_html(self, *, page_rows: int = 25, max_rows: int = 1000) -> str:
        """The result as a paged HTML table (``page_rows`` a page, at most ``max_rows``), as notebooks show it;
        see :mod:`partnerkg.queries.html`."""
        from partnerkg.queries.html import result_html

        return result_html(self, page_rows=page_rows, max_rows=max_rows)

    def _repr_html_(self) -> str:
        """What Jupyter shows for a result: :meth:`to_html`."""
        return self.to_html()


@dataclass(frozen=True)
class RowStream:
    """The answer to a SELECT whose rows are read from the engine as they are consumed, once
    (``run_query(..., lazy=True)``): the endpoint writes them out as they come instead of holding them all.
    Errors the engine meets on the way are raised from the iteration (QueryError)."""

    vars: tuple[str, ...]
    rows: Iterator[tuple[Identifier | None, ...]]
    type: str = "SELECT"
    #: Which engine answers over a store, as for :attr:`QueryResult.engine`.
    engine: str | None = field(default=None, compare=False)

    def __iter__(self) -> Iterator[tuple[Identifier | None, ...]]:
        return self.rows

    def complete(self) -> QueryResult:
        """The rest of the rows read into a :class:`QueryResult`."""
        return QueryResult("SELECT", self.vars, list(self.rows), engine=self.engine)


@dataclass(frozen=True)
class TripleStream:
    """The answer to a CONSTRUCT or DESCRIBE over a store, read as it is consumed, once
    (``run_query(..., lazy=True)``): pyoxigraph triples as the engine builds them, duplicates included (the
    answer is their set). Errors the engine meets on the way are raised from the iteration (QueryError)."""

    type: str
    triples: Iterator[Any]
    #: Which engine answers over a store, as for :attr:`QueryResult.engine`.
    engine: str | None = field(default=None, compare=False)
