"""Running partnerkg's queries on a remote SPARQL endpoint (``partnerkg query NAME --endpoint URL``).

The query passes the same safety gate as locally (no SERVICE, no updates); its FROM and FROM NAMED go to the
endpoint, which selects its own graphs with them (partnerkg contacts only the endpoint). Parameters are resolved on
the endpoint — a label by the endpoint's own ``rdfs:label``/``skos:altLabel`` values, an ``<IRI>`` by
asking whether the endpoint holds it — and written into the text (:mod:`partnerkg.queries.text`) together
with any partnerkg prefix the text uses undeclared. The answer (SPARQL 1.1 results for SELECT and ASK — JSON
preferred, XML or TSV accepted, read by :func:`pyoxigraph.parse_query_results`; RDF for CONSTRUCT and
DESCRIBE) is read back into the same :class:`~partnerkg.queries.result.QueryResult` the local engine
returns, so every output format works. ``xsd:string`` literals come back as plain
literals, as the local engine gives them. Query parameters in the endpoint URL (e.g.
``?default-graph-uri=…``) are kept on every request. An endpoint that truncates its answer (Virtuoso's
``ResultSetMaxRows``) is reported through ``warn``.

>>> RemoteEndpoint("http://127.0.0.1:9/sparql").client.url
'http://127.0.0.1:9/sparql'
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.query import Result
from rdflib.query import ResultException as RDFLibResultError
from rdflib.term import Identifier, Variable

from partnerkg.errors import EndpointError, InputError, QueryError, UnknownEntityError, parameter
from partnerkg.interop.http import DEFAULT_TIMEOUT, Credentials, EndpointClient, Response
from partnerkg.namespaces import PREFIXES, RDFS, SKOS, bind_prefixes
from partnerkg.queries.catalogue import Header, Param, load_query, parse_header
from partnerkg.queries.labels import normalise_label, resolve_label
from partnerkg.queries.params import EntityLookup, bindings
from partnerkg.queries.result import QueryResult
from partnerkg.queries.safety import check_query
from partnerkg.queries.text import bind_variables, declare_prefixes
from partnerkg.rdf_files import RDF_MEDIA_TYPES, read_rdf_bytes
from partnerkg.store.terms import term_converter

__all__ = ["RemoteEndpoint", "run_remote", "run_remote_library"]

_TRUNCATED = ("X-SPARQL-MaxRows",)


class RemoteEndpoint:
    """A SPARQL 1.1 Protocol endpoint (queries by POST, answers as JSON results or RDF)."""

    def __init__(self, url: str, credentials: Credentials | None = None, timeout: float = DEFAULT_TIMEOUT,
                 warn: Callable[[str], None] | None = None) -> None:
        self.client = EndpointClient(url, credentials, timeout)
        self.warn = warn
        self._labels: dict[str, dict[URIRef, str]] | None = None

    def _post(self, text: str, accept: str, origin: str) -> Response:
        response = self.client.request("POST", self.client.url, urlencode({"query": text}).encode(),
                                       {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
                                       action=f"running {origin}")
        for header in _TRUNCATED:
            if response.headers.get(header) and self.warn is not None:
                self.warn(f"{self.client.url}: the endpoint cut the answer to {origin} at "
                          f"{response.headers[header]} rows ({header}); raise its row limit for complete results")
        return response

    def select(self, text: str, origin: str = "query") -> QueryResult:
        """Run a SELECT query text as is and read its results (SPARQL JSON, XML or TSV)."""
        response = self._post(text, _ACCEPT, origin)
        return _read_results(response, f"{self.client.url} ({origin})")

    def ask(self, text: str, origin: str = "query") -> bool:
        """Run an ASK query text as is and read its boolean (also from Virtuoso's one-row answer)."""
        result = self.select(text, origin)
        if result.type == "ASK":
            return bool(result.askAnswer)
        if len(result.vars) == 1 and len(result.rows) <= 1:  # Virtuoso: {"vars": ["__ASK_RETVAL"]}, 1 or no row
            value = result.rows[0][0] if result.rows else None
            return value is not None and str(value).strip().lower() in ("1", "true")
        raise EndpointError(f"{self.client.url} ({origin}): an ASK query was answered with rows")

    def graph(self, text: str, origin: str = "query") -> Graph:
        """Run a CONSTRUCT or DESCRIBE query text as is and read the RDF it returns."""
        response = self._post(text, "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5", origin)
        fmt = RDF_MEDIA_TYPES.get(response.content_type)
        if fmt is None:
            raise EndpointError(f"{self.client.url} ({origin}): the answer is {response.content_type or 'untyped'}, "
                                "not RDF")
        out = Graph()
        bind_prefixes(out)
        if response.body.strip():
            try:
                parsed = read_rdf_bytes(response.body, fmt, f"the answer of {self.client.url}")
            except InputError as err:
                raise EndpointError(str(err)) from err
            for t in parsed.triples((None, None, None)):
                out.add(t)
        return out

    def labels(self) -> dict[str, dict[URIRef, str]]:
        """Normalised label -> {IRI: label as written}, over the endpoint's rdfs:label and skos:altLabel."""
        if self._labels is None:
            text = (f"PREFIX rdfs: <{RDFS}> PREFIX skos: <{SKOS}> SELECT ?s ?label WHERE {{ "
                    "?s rdfs:label|skos:altLabel ?label FILTER(isIRI(?s) && isLiteral(?label)) }")
            index: dict[str, dict[URIRef, str]] = {}
            for s, label in self.select(text, "label lookup").rows:
                if isinstance(s, URIRef) and label is not None:
                    index.setdefault(normalise_label(str(label)), {})[s] = str(label)
            self._labels = index
        return self._labels

    def holds(self, iri: URIRef) -> bool:
        """Whether the endpoint holds a triple that mentions ``iri``."""
        text = f"ASK {{ {{ {iri.n3()} ?p ?o }} UNION {{ ?s ?p {iri.n3()} }} UNION {{ ?s {iri.n3()} ?o }} }}"
        return self.ask(text, "IRI lookup")


#: The result formats Oxigraph reads, by preference: CSV is not among them (it loses what kind a term is).
_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/tab-separated-values;q=0.8"


def _results_format(response: Response, where: str) -> ox.QueryResultsFormat:
    """The answer's result format, by its media type; JSON when it names none Oxigraph knows (``text/plain``)."""
    fmt = ox.QueryResultsFormat.from_media_type(response.content_type) if response.content_type else None
    if fmt == ox.QueryResultsFormat.CSV:
        raise EndpointError(f"{where}: the answer is CSV results ({response.content_type}), which do not say which "
                            "values are IRIs — partnerkg reads SPARQL JSON, XML or TSV results")
    return fmt if fmt is not None else ox.QueryResultsFormat.JSON


def _read_results(response: Response, where: str) -> QueryResult:
    """The SPARQL results of ``response`` (JSON, XML or TSV) read by Oxigraph, as rdflib terms."""
    fmt = _results_format(response, where)
    try:
        parsed = ox.parse_query_results(response.body, fmt)
        if isinstance(parsed, ox.QueryBoolean):
            return QueryResult("ASK", askAnswer=bool(parsed))
        convert = term_converter()
        names = tuple(v.value for v in parsed.variables)
        rows = [tuple(convert(term) for term in solution) for solution in parsed]
    except SyntaxError as err:
        if fmt == ox.QueryResultsFormat.JSON:
            lenient = _rdflib_json(response.body)
            if lenient is not None:
                return lenient
        raise EndpointError(f"{where}: the answer is not {fmt.name} ({response.content_type or 'untyped'}: "
                            f"{err.msg})") from err
    except QueryError as err:  # a term rdflib cannot hold (an RDF 1.2 triple term)
        raise EndpointError(f"{where}: {err}") from err
    return QueryResult("SELECT", names, rows)


def _rdflib_json(body: bytes) -> QueryResult | None:
    """SPARQL JSON results as rdflib reads them, or None if it cannot either.

    Oxigraph accepts only N-Triples blank node labels, while the results formats let an endpoint label its
    blank nodes as it likes, and Virtuoso writes ``nodeID://b10000``; rdflib's reader takes any label.
    """
    try:
        result = Result.parse(io.BytesIO(body), format="json")
        if result.type == "ASK":
            return QueryResult("ASK", askAnswer=bool(result.askAnswer))
        names = tuple(str(v) for v in result.vars or ())
        rows = [tuple(_plain(b.get(Variable(n))) for n in names) for b in result.bindings]
    except (RDFLibResultError, ValueError, KeyError, TypeError, AttributeError, NotImplementedError):
        return None
    return QueryResult("SELECT", names, rows)


def _plain(term: Identifier | None) -> Identifier | None:
    """``xsd:string`` literals as plain literals, as the local engines give them."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term


def _lookup(endpoint: RemoteEndpoint) -> EntityLookup:
    """The entity lookup of :func:`partnerkg.queries.params.bindings` on ``endpoint``: an ``<IRI>`` must occur
    there, a label is matched against the endpoint's labels as locally."""
    def entity(param: Param, value: str) -> URIRef:
        text = value.strip()
        if text.startswith("<") and text.endswith(">"):
            iri = URIRef(text[1:-1])
            if not endpoint.holds(iri):
                raise UnknownEntityError(f"{parameter(param.name)}: <{iri}> does not occur at {endpoint.client.url}")
            return iri
        return resolve_label(Graph(), text, param.name, index=endpoint.labels())

    return entity


def run_remote(text: str, params: Mapping[str, Any] | None, endpoint: str | RemoteEndpoint, *,
               origin: str = "query", header: Header | None = None, strict: bool = False,
               credentials: Credentials | None = None, warn: Callable[[str], None] | None = None) -> QueryResult:
    """Check, bind and run query ``text`` on a remote endpoint; see the module docstring.

    Raises QueryError for a refused or malformed query, UnknownEntityError for a label the endpoint does not
    know, EndpointError when the endpoint cannot be reached or answers with an error.
    """
    checked = check_query(text, origin)
    tree = checked.tree
    header = header if header is not None else parse_header(text, origin)
    text = checked.text
    remote = endpoint if isinstance(endpoint, RemoteEndpoint) else RemoteEndpoint(endpoint, credentials, warn=warn)
    bound = bindings(tree, header, params or {}, origin, strict, _lookup(remote))
    # the endpoint receives the text the gate parsed (line ends and escapes made unambiguous), checked again
    # once the prefixes are declared and the bindings written in
    sent = check_query(declare_prefixes(bind_variables(text, bound, PREFIXES), PREFIXES), origin).text
    kind = checked.kind
    if kind in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(kind, graph=remote.graph(sent, origin))
    if kind == "ASK":
        return QueryResult("ASK", askAnswer=remote.ask(sent, origin))
    return remote.select(sent, origin)


def run_remote_library(name: str, endpoint: str | RemoteEndpoint, /, **params: Any) -> QueryResult:
    """Run the library query ``name`` on a remote endpoint (the remote twin of ``partnerkg.queries.run``)."""
    q = load_query(name)
    return run_remote(q.text, params, endpoint, origin=q.origin, header=q.header, strict=True)
