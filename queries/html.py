"""Query results as HTML for notebooks: what ``QueryResult._repr_html_`` shows.

A SELECT result is a paged table (:func:`partnerkg.display.paged_table`) of its rows as the terminal table
writes them: IRIs as CURIEs where a partnerkg prefix applies (the full IRI as a tooltip), literals as their
text (language tags shown after it), unbound as an empty cell. A CONSTRUCT or DESCRIBE result is a table of
its triples, an ASK result a line saying true or false. Everything is escaped.

>>> from rdflib import Literal, URIRef
>>> from partnerkg.queries.result import QueryResult
>>> r = QueryResult("SELECT", ("org", "n"), [(URIRef("https://w3id.org/partnerkg/id/organisation/mind"), Literal(3))])
>>> "id:organisation/mind" in result_html(r), "SELECT · 1 row × 2 columns" in result_html(r)
(True, True)
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, cast

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from partnerkg.display import MAX_ROWS, PAGE_ROWS, Cell, paged_table
from partnerkg.interop.export import canonical
from partnerkg.queries.dataframe import Kind, term_kind
from partnerkg.queries.formats import compact

if TYPE_CHECKING:
    from partnerkg.queries.result import QueryResult

__all__ = ["result_html", "term_cell"]

_NUMBERS = {Kind.INTEGER, Kind.FLOAT, Kind.YEAR}


def term_cell(term: Identifier | None) -> Cell:
    """The table cell of one term."""
    if term is None:
        return Cell("")
    text = compact(term)
    if isinstance(term, URIRef):
        return Cell(text, title=str(term) if text != f"<{term}>" else "")
    if isinstance(term, Literal):
        if term.language:
            return Cell(f"{text} @{term.language}", css="pk-lang-tagged")
        if term_kind(term) in _NUMBERS:
            return Cell(text, css="pk-num")
        if term.datatype is not None and term_kind(term) is Kind.TEXT:
            return Cell(text, title=f"^^{compact(URIRef(term.datatype))}")
    return Cell(text)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def result_html(result: QueryResult, *, page_rows: int = PAGE_ROWS, max_rows: int = MAX_ROWS) -> str:
    """The HTML of ``result`` (see the module docstring)."""
    if result.type == "ASK":
        answer = "true" if result.askAnswer else "false"
        return f'<p class="pk-ask">ASK · <strong>{html.escape(answer)}</strong></p>'
    if result.graph is not None:
        triples = sorted(canonical(result.graph).triples((None, None, None)),
                         key=lambda t: tuple(x.n3() for x in t))
        rows = [tuple(term_cell(cast(Identifier, t)) for t in triple) for triple in triples]
        caption = f"{result.type} · {_plural(len(rows), 'triple')}"
        return paged_table(("subject", "predicate", "object"), rows, caption=caption, page_rows=page_rows,
                           max_rows=max_rows)
    rows = [tuple(term_cell(t) for t in row) for row in result.rows]
    caption = f"SELECT · {_plural(len(rows), 'row')} × {_plural(len(result.vars), 'column')}"
    total = getattr(result, "total", None)
    if total is not None and total != len(rows):
        caption += f" (a page of {total:,})"
    return paged_table(result.vars, rows, caption=caption, page_rows=page_rows, max_rows=max_rows)
