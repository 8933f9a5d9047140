"""partnerkg.queries: the SPARQL query library and the functions that run queries safely.

>>> from partnerkg.queries import list_queries, run
>>> len(list_queries()) >= 30
True
"""

from __future__ import annotations

from partnerkg.queries.library import LibraryQuery, Param, ParamType, list_queries, load_query
from partnerkg.queries.results import ResultFormat, format_result
from partnerkg.queries.run import QueryResult, execute, reasoned, resolve_label, run, run_file, run_text
from partnerkg.queries.safety import parse_checked

__all__ = [
    "LibraryQuery",
    "Param",
    "ParamType",
    "QueryResult",
    "ResultFormat",
    "execute",
    "format_result",
    "list_queries",
    "load_query",
    "parse_checked",
    "reasoned",
    "resolve_label",
    "run",
    "run_file",
    "run_text",
]
