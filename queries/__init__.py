"""partnerkg.queries: the SPARQL query library and the safe way to run any query.

* :func:`run` runs a library query by name (``queries/library/NAME.rq``), :func:`run_text` SPARQL text,
  :func:`run_file` a query file; all default to the shipped graph and return a :class:`QueryResult`.
* Parameters are bound before evaluation, never pasted into the text. A value is a label (rdfs:label or
  skos:altLabel, compared after NFC, casefold and whitespace collapse) unless written as ``<IRI>``.
* Every query first passes the gate of :mod:`partnerkg.queries.safety`: no SERVICE, no updates, no escape
  tricks. FROM and FROM NAMED select among the graphs the data holds (:mod:`partnerkg.queries.dataset`).
* :func:`format_result` writes the W3C SPARQL 1.1 result formats, a table, or RDF for CONSTRUCT/DESCRIBE.
* :func:`search` is ranked full-text search over labels, alternative labels, descriptions and quotes.

>>> from partnerkg.queries import list_queries, load_query
>>> len(list_queries()) >= 30
True
>>> load_query("ego-network").params[0].default
'Turning Point'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from partnerkg._exports import lazy_exports

__all__ = [
    "LibraryQuery",
    "Param",
    "ParamType",
    "QueryResult",
    "ResultFormat",
    "SearchHit",
    "execute",
    "format_result",
    "label_index",
    "list_queries",
    "load_query",
    "parse_checked",
    "reasoned",
    "resolve_label",
    "run",
    "run_file",
    "run_query",
    "run_text",
    "search",
]

_EXPORTS = {
    "LibraryQuery": "partnerkg.queries.catalogue",
    "Param": "partnerkg.queries.catalogue",
    "ParamType": "partnerkg.queries.catalogue",
    "QueryResult": "partnerkg.queries.result",
    "ResultFormat": "partnerkg.queries.formats",
    "execute": "partnerkg.queries.engine",
    "format_result": "partnerkg.queries.formats",
    "label_index": "partnerkg.queries.labels",
    "list_queries": "partnerkg.queries.catalogue",
    "load_query": "partnerkg.queries.catalogue",
    "parse_checked": "partnerkg.queries.safety",
    "reasoned": "partnerkg.queries.runner",
    "resolve_label": "partnerkg.queries.labels",
    "run": "partnerkg.queries.runner",
    "run_file": "partnerkg.queries.runner",
    "run_query": "partnerkg.queries.runner",
    "run_text": "partnerkg.queries.runner",
    "SearchHit": "partnerkg.queries.fulltext",
    "search": "partnerkg.queries.fulltext",
}
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)

if TYPE_CHECKING:
    from partnerkg.queries.catalogue import LibraryQuery, Param, ParamType, list_queries, load_query
    from partnerkg.queries.engine import execute
    from partnerkg.queries.formats import ResultFormat, format_result
    from partnerkg.queries.fulltext import SearchHit, search
    from partnerkg.queries.labels import label_index, resolve_label
    from partnerkg.queries.result import QueryResult
    from partnerkg.queries.runner import reasoned, run, run_file, run_query, run_text
    from partnerkg.queries.safety import parse_checked
