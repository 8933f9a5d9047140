"""Running partnerkg's queries on a remote SPARQL endpoint (``partnerkg query NAME --endpoint URL``).

The query passes the same safety gate as locally (no SERVICE, FROM or updates). Parameters are resolved on
the endpoint — a label by the endpoint's own ``rdfs:label``/``skos:altLabel`` values, an ``<IRI>`` by
asking whether the endpoint holds it — and written into the text (:mod:`partnerkg.queries.text`) together
with any partnerkg prefix the text uses undeclared. The answer (SPARQL 1.1 JSON results for SELECT and ASK,
RDF for CONSTRUCT and DESCRIBE) is read back into the same :class:`~partnerkg.queries.result.QueryResult`
the local engine returns, so every output format works. ``xsd:string`` literals come back as plain
literals, as the local engine gives them. Query parameters in the endpoint URL (e.g.
``?default-graph-uri=…``) are kept on every request. An endpoint that truncates its answer (Virtuoso's
``ResultSetMaxRows``) is reported through ``warn``.

>>> from partnerkg.queries.remote import query_kind
>>> query_kind("PREFIX x: <urn:x#> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
'CONSTRUCT'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from partnerkg.errors import EndpointError, InputError, UnknownEntityError, parameter
from partnerkg.interop.http import DEFAULT_TIMEOUT, Credentials, EndpointClient, Response
from partnerkg.namespaces import PREFIXES, RDFS, SKOS, bind_prefixes
from partnerkg.queries.catalogue import Header, Param, load_query, parse_header
from partnerkg.queries.labels import normalise_label, resolve_label
from partnerkg.queries.params import EntityLookup, bindings
from partnerkg.queries.result import QueryResult
from partnerkg.queries.safety import check_query, parse_checked
from partnerkg.queries.text import bind_variables, declare_prefixes
from partnerkg.rdf_files import RDF_MEDIA_TYPES, read_rdf_bytes

__all__ = ["RemoteEndpoint", "query_kind", "run_remote", "run_remote_library"]

_KINDS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}
_TRUNCATED = ("X-SPARQL-MaxRows",)


def query_kind(text: str, origin: str = "query") -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE, for a query that passes the safety gate."""
    return _KINDS[parse_checked(text, origin)[1].name]


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
        """Run a SELECT query text as is and read the JSON results."""
        response = self._post(text, "application/sparql-results+json", origin)
        return _json_results(response, f"{self.client.url} ({origin})")

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


def _term(value: Mapping[str, str], where: str) -> Identifier:
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return URIRef(text)
    if kind == "bnode":
        return BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang") or value.get("lang")
        datatype = value.get("datatype")
        if lang:
            return Literal(text, lang=lang)
        if datatype and datatype != str(XSD.string):
            return Literal(text, datatype=URIRef(datatype))
        return Literal(text)
    raise EndpointError(f"{where}: a result value of unknown type {kind!r}")


def _json_results(response: Response, where: str) -> QueryResult:
    try:
        doc = json.loads(response.body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise EndpointError(f"{where}: the answer is not SPARQL JSON results ({response.content_type or 'untyped'}: "
                            f"{err})") from err
    if not isinstance(doc, dict):
        raise EndpointError(f"{where}: the answer is not SPARQL JSON results")
    if "boolean" in doc:
        return QueryResult("ASK", askAnswer=bool(doc["boolean"]))
    try:
        names = tuple(str(v) for v in doc["head"].get("vars", []))
        rows = [tuple(_term(b[n], where) if n in b else None for n in names) for b in doc["results"]["bindings"]]
    except (KeyError, TypeError, AttributeError) as err:
        raise EndpointError(f"{where}: malformed SPARQL JSON results ({type(err).__name__}: {err})") from err
    return QueryResult("SELECT", names, rows)


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
    kind = _KINDS[tree[1].name]
    if kind in ("CONSTRUCT", "DESCRIBE"):
        return QueryResult(kind, graph=remote.graph(sent, origin))
    if kind == "ASK":
        return QueryResult("ASK", askAnswer=remote.ask(sent, origin))
    return remote.select(sent, origin)


def run_remote_library(name: str, endpoint: str | RemoteEndpoint, /, **params: Any) -> QueryResult:
    """Run the library query ``name`` on a remote endpoint (the remote twin of ``partnerkg.queries.run``)."""
    q = load_query(name)
    return run_remote(q.text, params, endpoint, origin=q.origin, header=q.header, strict=True)
