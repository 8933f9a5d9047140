"""The SPARQL 1.1 Protocol as ``partnerkg serve`` speaks it: reading query requests and negotiating formats.

Pure functions, no HTTP framework: the server (:mod:`partnerkg.server.app`) hands them the method, the raw query
string, the Content-Type and the body, and turns a :class:`ProtocolError` into its status code.

* A query arrives as ``GET ?query=``, as ``POST`` ``application/x-www-form-urlencoded`` with ``query=`` in
  the body, or as ``POST`` ``application/sparql-query`` with the query as the UTF-8 body. Exactly one
  ``query`` is allowed. Parameters the protocol does not define (``format``, ``output``… that some clients
  add) are ignored.
* ``default-graph-uri`` and ``named-graph-uri`` (each repeatable) select the query's dataset among the graphs the
  endpoint holds and take precedence over the query's ``FROM`` and ``FROM NAMED`` (SPARQL 1.1 Protocol 2.1.4);
  an IRI naming no held graph selects an empty graph; nothing is ever fetched (:mod:`partnerkg.queries.dataset`).
* Updates are refused (403): an ``update=`` parameter, an ``application/sparql-update`` body;
  ``using-graph-uri`` and ``using-named-graph-uri``, parameters of updates only, are 400.
* A POST without a Content-Type is 400; any other body type is 415; a body or a GET query over the size limit
  413 or 414.
* Content negotiation follows RFC 9110 (q-values, ``type/*`` and ``*/*``): for equal q the more specific
  match wins, then the server's order below. SELECT results come as SPARQL JSON, XML, CSV or TSV; ASK as
  JSON or XML (the CSV and TSV formats cannot carry a boolean); CONSTRUCT and DESCRIBE as Turtle,
  N-Triples, JSON-LD or RDF/XML. No acceptable type: 406.

>>> negotiate("text/csv;q=0.5, application/sparql-results+xml", "SELECT").name
'application/sparql-results+xml'
>>> negotiate("application/json", "CONSTRUCT").name
'application/ld+json'
>>> negotiate("text/csv", "ASK") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from partnerkg.errors import ProtocolError, QueryError
from partnerkg.queries.dataset import DatasetSelection

__all__ = [
    "ALL_TYPES",
    "GRAPH_TYPES",
    "RESULT_TYPES",
    "MediaType",
    "QueryRequest",
    "check_acceptable",
    "negotiate",
    "not_acceptable",
    "offers_for",
    "parse_accept",
    "parse_form",
    "read_get",
    "read_post",
]

#: Most parameters a form or query string may carry (a bound on parsing work, far above any real request).
MAX_FIELDS = 100


@dataclass(frozen=True)
class MediaType:
    """A format the endpoint writes: its canonical media type, the other names it answers to, the
    :class:`~partnerkg.queries.formats.ResultFormat` value that writes it and a file extension."""

    name: str
    format: str
    extension: str
    aliases: tuple[str, ...] = ()
    charset: bool = True

    @property
    def content_type(self) -> str:
        """The Content-Type header value."""
        return f"{self.name}; charset=utf-8" if self.charset else self.name

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


SPARQL_JSON = MediaType("application/sparql-results+json", "json", "srj", ("application/json",))
SPARQL_XML = MediaType("application/sparql-results+xml", "xml", "srx", ("application/xml", "text/xml"))
SPARQL_CSV = MediaType("text/csv", "csv", "csv")
SPARQL_TSV = MediaType("text/tab-separated-values", "tsv", "tsv")
TURTLE = MediaType("text/turtle", "turtle", "ttl", ("application/turtle", "application/x-turtle"))
NTRIPLES = MediaType("application/n-triples", "ntriples", "nt")
JSONLD = MediaType("application/ld+json", "json", "jsonld", ("application/json", "application/x-json+ld"))
RDFXML = MediaType("application/rdf+xml", "xml", "rdf", ("application/xml", "text/xml"))

#: Formats of SELECT results, in the server's order of preference.
RESULT_TYPES: tuple[MediaType, ...] = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)
#: Formats of CONSTRUCT and DESCRIBE results (RDF graphs), in the server's order of preference.
GRAPH_TYPES: tuple[MediaType, ...] = (TURTLE, NTRIPLES, JSONLD, RDFXML)
ALL_TYPES: tuple[MediaType, ...] = RESULT_TYPES + GRAPH_TYPES


def offers_for(kind: str) -> tuple[MediaType, ...]:
    """The formats that can carry a result of query form ``kind`` (SELECT, ASK, CONSTRUCT, DESCRIBE)."""
    if kind in ("CONSTRUCT", "DESCRIBE"):
        return GRAPH_TYPES
    if kind == "ASK":
        return (SPARQL_JSON, SPARQL_XML)
    return RESULT_TYPES


# ---- Accept ---------------------------------------------------------------------------------------------

_MEDIA_NAME = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_RANGE = re.compile(rf"^\s*({_MEDIA_NAME}|\*)\s*/\s*({_MEDIA_NAME}|\*)\s*$")


def parse_accept(header: str | None) -> list[tuple[str, str, float]]:
    """The media ranges of an Accept header as (type, subtype, q), lower-cased; ``None`` or an empty header
    accepts anything (``*/*``). Entries that cannot be read are skipped; a lone ``*`` means ``*/*``.

    >>> parse_accept("text/turtle;q=0.8, application/*")
    [('text', 'turtle', 0.8), ('application', '*', 1.0)]
    """
    if header is None or not header.strip():
        return [("*", "*", 1.0)]
    ranges: list[tuple[str, str, float]] = []
    for entry in header.split(","):
        media, *params = entry.split(";")
        if media.strip() == "*":
            media = "*/*"
        m = _RANGE.match(media)
        if m is None:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = -1.0
                break  # parameters after q are accept-extensions
        if not 0.0 <= q <= 1.0:
            continue
        kind, sub = m.group(1).lower(), m.group(2).lower()
        if kind == "*" and sub != "*":
            continue
        ranges.append((kind, sub, q))
    return ranges


def _match(ranges: Sequence[tuple[str, str, float]], offer: MediaType) -> tuple[float, int, int]:
    """(q, specificity, canonical) of the most specific range matching a name of ``offer``: specificity 2 for
    ``type/subtype``, 1 for ``type/*``, 0 for ``*/*``; canonical 1 when the range names the offer's own
    media type rather than an alias. (0, -1, 0) when nothing matches."""
    best = (0.0, -1, 0)
    for index, name in enumerate(offer.names):
        kind, _, sub = name.partition("/")
        for rkind, rsub, q in ranges:
            if (rkind, rsub) == (kind, sub):
                spec = 2
            elif rkind == kind and rsub == "*":
                spec = 1
            elif rkind == "*":
                spec = 0
            else:
                continue
            key = (spec, int(index == 0))
            if key > best[1:]:
                best = (q, *key)
    return best


def negotiate(accept: str | None, kind_or_offers: str | Sequence[MediaType]) -> MediaType | None:
    """The format to answer with: the highest q, then the most specific match, then a match of the
    canonical media type over an alias, then the server's order.

    ``kind_or_offers`` is a query form (see :func:`offers_for`) or a sequence of formats. None when no
    offered format is acceptable (the caller answers 406).
    """
    offers = offers_for(kind_or_offers) if isinstance(kind_or_offers, str) else tuple(kind_or_offers)
    ranges = parse_accept(accept)
    best: MediaType | None = None
    best_key = (0.0, -1, 0)
    for offer in offers:
        key = _match(ranges, offer)
        if key[0] > 0 and key > best_key:
            best, best_key = offer, key
    return best


def check_acceptable(accept: str | None) -> None:
    """Refuse (406) an Accept header that no format of any query form fits; checked before a query runs."""
    if negotiate(accept, ALL_TYPES) is None:
        shown = (accept or "").strip()
        names = ", ".join(t.name for t in ALL_TYPES)
        raise ProtocolError(406, f"none of the requested types ({shown[:200]}) is a format this endpoint "
                                 f"writes; ask for one of: {names}")


def not_acceptable(accept: str | None, kind: str) -> ProtocolError:
    """The 406 error for ``kind``, listing what the endpoint can write."""
    names = ", ".join(t.name for t in offers_for(kind))
    shown = (accept or "").strip()
    shown = shown if len(shown) <= 200 else shown[:200] + "…"
    return ProtocolError(406, f"none of the requested types ({shown}) can carry a {kind} result; "
                              f"ask for one of: {names}")


# ---- requests -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryRequest:
    """A query read from a request: the SPARQL text, the graphs of ``default-graph-uri`` and
    ``named-graph-uri`` (None when the request names none, so that the query's own ``FROM`` and ``FROM NAMED``
    apply) and the ignored parameters' names (for the log)."""

    query: str
    ignored: tuple[str, ...] = field(default=())
    dataset: DatasetSelection | None = None


_DATASET_PARAMS = ("default-graph-uri", "named-graph-uri")
_UPDATE_DATASET_PARAMS = ("using-graph-uri", "using-named-graph-uri")
_UPDATE_REFUSAL = "SPARQL updates are refused: this endpoint is read-only (it runs SELECT, ASK, CONSTRUCT, DESCRIBE)"
_NO_CONTENT_TYPE = ("a POST needs a Content-Type: application/sparql-query with the query as the body, or "
                    "application/x-www-form-urlencoded with query=… (SPARQL 1.1 Protocol)")


def parse_form(raw: bytes, what: str = "the query string") -> list[tuple[str, str]]:
    """Decode ``application/x-www-form-urlencoded`` bytes (a query string or a form body) strictly as UTF-8."""
    try:
        text = raw.decode("ascii") if raw.isascii() else raw.decode("utf-8")
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict",
                         max_num_fields=MAX_FIELDS)
    except UnicodeDecodeError as err:
        raise ProtocolError(400, f"{what} is not UTF-8 (byte {err.start}); percent-encode the query as UTF-8") from err
    except ValueError as err:
        raise ProtocolError(400, f"{what} has more than {MAX_FIELDS} parameters") from err


def _dataset(params: list[tuple[str, str]]) -> DatasetSelection | None:
    """The dataset ``default-graph-uri`` and ``named-graph-uri`` select, or None when neither is given."""
    default = [v for k, v in params if k == "default-graph-uri"]
    named = [v for k, v in params if k == "named-graph-uri"]
    if not default and not named:
        return None
    for name, values in (("default-graph-uri", default), ("named-graph-uri", named)):
        for value in values:
            try:
                DatasetSelection((value,))
            except QueryError:
                shown = value if len(value) <= 200 else value[:200] + "…"
                raise ProtocolError(400, f"{name}={shown} is not an absolute IRI, so it names no graph: give the "
                                         "graph's IRI in full, percent-encoded") from None
    return DatasetSelection.of(default, named)


def _from_params(params: list[tuple[str, str]], where: str) -> QueryRequest | None:
    names = [k for k, _ in params]
    if "update" in names:
        raise ProtocolError(403, _UPDATE_REFUSAL)
    for name in _UPDATE_DATASET_PARAMS:
        if name in names:
            raise ProtocolError(400, f"{name} is a parameter of SPARQL updates, which this read-only endpoint "
                                     "refuses; a query selects graphs with default-graph-uri and named-graph-uri")
    queries = [v for k, v in params if k == "query"]
    if not queries:
        return None
    if len(queries) > 1:
        raise ProtocolError(400, f"{where} has {len(queries)} 'query' parameters; send exactly one")
    if not queries[0].strip():
        raise ProtocolError(400, "the query is empty")
    ignored = tuple(sorted({k for k in names if k != "query" and k not in _DATASET_PARAMS}))
    return QueryRequest(queries[0], ignored, _dataset(params))


def read_get(query_string: bytes, max_bytes: int) -> QueryRequest | None:
    """The query of a GET request, or None when it has none (the service description is asked for).

    ``max_bytes`` bounds the decoded query (414 beyond it, pointing to POST).
    """
    request = _from_params(parse_form(query_string), "the query string")
    if request is not None and len(request.query.encode("utf-8")) > max_bytes:
        raise ProtocolError(414, f"the query is {len(request.query.encode('utf-8'))} bytes, over the limit of "
                                 f"{max_bytes} bytes (--max-body)")
    return request


def _media(content_type: str | None) -> tuple[str, dict[str, str]]:
    media, *params = (content_type or "").split(";")
    values = {}
    for param in params:
        key, _, value = param.partition("=")
        values[key.strip().lower()] = value.strip().strip('"').lower()
    return media.strip().lower(), values


def read_post(content_type: str | None, body: bytes, query_string: bytes) -> QueryRequest:
    """The query of a POST request with Content-Type ``content_type`` and ``body`` (already size-checked).

    A URL-encoded POST may carry the protocol's parameters in the body and in the URL (the W3C tests put
    ``default-graph-uri`` in the URL); a direct POST carries them in the URL.
    """
    media, params = _media(content_type)
    if not media:
        raise ProtocolError(400, _NO_CONTENT_TYPE)
    charset = params.get("charset", "utf-8")
    if media in ("application/sparql-query", "application/x-www-form-urlencoded") and charset not in ("utf-8",
                                                                                                       "utf8"):
        raise ProtocolError(415, f"charset={charset} is not supported: send the query as UTF-8")
    if media == "application/sparql-update":
        raise ProtocolError(403, _UPDATE_REFUSAL)
    if media == "application/x-www-form-urlencoded":
        fields = parse_form(body, "the form body") + parse_form(query_string)
        request = _from_params(fields, "the request")
        if request is None:
            raise ProtocolError(400, "the form body has no 'query' parameter")
        return request
    if media == "application/sparql-query":
        url = parse_form(query_string)
        if any(k == "query" for k, _ in url):
            raise ProtocolError(400, "a query sent as application/sparql-query must not also be in the URL")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as err:
            raise ProtocolError(400, f"the body is not UTF-8 (byte {err.start})") from err
        if not text.strip():
            raise ProtocolError(400, "the query is empty")
        request = _from_params([*url, ("query", text)], "the request")
        assert request is not None
        return request
    shown = media
    raise ProtocolError(415, f"Content-Type {shown[:100]} is not supported: POST a query as "
                             "application/sparql-query or as application/x-www-form-urlencoded with query=")
