"""Resolvable IRIs: ``GET /ontology`` and ``GET /id/…`` of ``partnerkg serve``, with content negotiation.

* ``/ontology`` (and so ``/ontology#Term``): the HTML reference of the ontology for browsers
  (:func:`partnerkg.ontology.reference.reference_html`, with examples from the served graph), the ontology
  itself as Turtle, N-Triples, JSON-LD or RDF/XML for RDF clients.
* ``/id/PATH``: the resource ``BASE`` + ``id/PATH``, where ``BASE`` is the configured base IRI (default
  ``https://w3id.org/partnerkg/``), so a w3id redirect of ``https://w3id.org/partnerkg/…`` to a deployed server
  resolves every instance IRI. Browsers get a page of its facts, with the quotes and sources they derive from
  and what links to it; RDF clients get its description (its triples, the blank nodes they reach, the labels
  of what it names and up to 500 triples that point at it) as Turtle, N-Triples, JSON-LD or RDF/XML.
* ``?format=html|ttl|nt|jsonld|rdf`` overrides the Accept header (a link a person can follow).

The description is read by one CONSTRUCT query that goes through the worker pool like any other query (the
same safety gate, time limit and result cap); the IRI is checked to be an IRI before it is put in the query.
Every text on the pages is escaped; a page loads nothing but its own inline stylesheet, allowed by its hash.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node
from starlette.requests import Request
from starlette.responses import Response

from partnerkg.errors import OptionError, option
from partnerkg.interop.export import serialise
from partnerkg.namespaces import PK, PREFIXES
from partnerkg.ontology import load_ontology
from partnerkg.ontology.reference import page_css, page_environment, reference_csp, reference_html
from partnerkg.rdf_files import RDFFormat
from partnerkg.server.protocol import JSONLD, NTRIPLES, RDFXML, TURTLE, MediaType, negotiate
from partnerkg.server.worker import Reply

__all__ = ["DEFAULT_BASE_IRI", "HTML", "LinkedData", "check_base_iri", "description_query"]

DEFAULT_BASE_IRI = "https://w3id.org/partnerkg/"
HTML = MediaType("text/html", "html", "html", ("application/xhtml+xml",))
#: What /ontology and /id/… answer with, in the server's order (HTML first: a bare */* is a browser's).
OFFERS = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
_FORMATS = {"html": HTML, "ttl": TURTLE, "turtle": TURTLE, "nt": NTRIPLES, "ntriples": NTRIPLES,
            "jsonld": JSONLD, "json-ld": JSONLD, "rdf": RDFXML, "rdfxml": RDFXML, "xml": RDFXML}
_RDF_FORMATS = {TURTLE.name: RDFFormat.TURTLE, NTRIPLES.name: RDFFormat.NTRIPLES, JSONLD.name: RDFFormat.JSONLD,
                RDFXML.name: RDFFormat.RDFXML}
_IRI_TEXT = re.compile(r'^[^<>"{}|^`\\\x00-\x20\x7f]+$')
_PLAIN = "text/plain; charset=utf-8"
INCOMING = 500


def check_base_iri(base: str) -> str:
    """``base`` if it is an absolute http(s) IRI ending in ``/`` (OptionError otherwise)."""
    if not re.match(r"^https?://[^/\s]+/", base) or not base.endswith("/") or not _IRI_TEXT.match(base):
        raise OptionError(f"{option('base_iri', base)}: must be an absolute http(s) IRI ending with '/', such as "
                          f"{DEFAULT_BASE_IRI}", "base_iri")
    return base


def description_query(iri: str) -> str:
    """The CONSTRUCT that describes ``iri``: its triples, the blank nodes they reach (two steps: a derivation
    and what it holds), the labels of what they name, and up to :data:`INCOMING` triples that point at it."""
    r = f"<{iri}>"
    return f"""PREFIX rdfs: <{RDFS}>
CONSTRUCT {{ {r} ?p ?o . ?b ?bp ?bo . ?c ?cp ?co . ?n rdfs:label ?label . ?s ?ip {r} . }}
WHERE {{
  {{ {r} ?p ?o }}
  UNION {{ {r} ?p1 ?b . FILTER(isBlank(?b)) ?b ?bp ?bo }}
  UNION {{ {r} ?p2 ?b2 . FILTER(isBlank(?b2)) ?b2 ?p3 ?c . FILTER(isBlank(?c)) ?c ?cp ?co }}
  UNION {{ {{ {r} ?p4 ?n }} UNION {{ {r} ?p5 ?b3 . FILTER(isBlank(?b3)) ?b3 ?p6 ?n }}
           FILTER(isIRI(?n)) ?n rdfs:label ?label }}
  UNION {{ SELECT ?s ?ip WHERE {{ ?s ?ip {r} }} LIMIT {INCOMING} }}
  UNION {{ {{ SELECT ?n WHERE {{ ?n ?ip2 {r} }} LIMIT {INCOMING} }} FILTER(isIRI(?n)) ?n rdfs:label ?label }}
}}"""


def _chosen(request: Request) -> MediaType | None:
    wanted = request.query_params.get("format")
    if wanted is not None:
        return _FORMATS.get(wanted.lower())
    return negotiate(request.headers.get("accept"), OFFERS)


def _not_acceptable() -> Response:
    names = ", ".join(o.name for o in OFFERS)
    return Response(f"ask for one of: {names} (or add ?format=html, ttl, nt, jsonld or rdf)\n".encode(), 406,
                    media_type=_PLAIN, headers={"Vary": "Accept"})


@lru_cache(maxsize=1)
def _ontology_bytes(fmt: RDFFormat) -> bytes:
    return serialise(load_ontology(), fmt)


@lru_cache(maxsize=1)
def _ontology_labels() -> dict[URIRef, str]:
    onto = load_ontology()
    out: dict[URIRef, str] = {}
    for s, label in onto.subject_objects(RDFS.label):
        if isinstance(s, URIRef) and isinstance(label, Literal) and label.language in (None, "en"):
            out.setdefault(s, str(label))
    return out


def _curie(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(str(ns)) and len(iri) > len(str(ns)):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


@dataclass
class _Value:
    text: str
    href: str | None = None
    note: str = ""


@dataclass
class _Page:
    iri: str
    label: str
    types: list[_Value] = field(default_factory=list)
    facts: list[tuple[_Value, list[_Value]]] = field(default_factory=list)
    evidence: list[tuple[str, _Value | None, str]] = field(default_factory=list)  # quote, source, row
    incoming: list[tuple[_Value, _Value]] = field(default_factory=list)
    alternates: list[tuple[str, str]] = field(default_factory=list)
    truncated: bool = False


class LinkedData:
    """The handlers of ``/ontology`` and ``/id/{path}``. ``dispatch(request, job)`` runs a job on the worker pool
    (as the SPARQL endpoint does); ``examples()`` gives the graph the reference page takes examples from."""

    def __init__(self, base_iri: str, dispatch: Callable[[Request, dict[str, Any]], Awaitable[tuple[Reply, dict]]],
                 examples: Callable[[], Graph | None]) -> None:
        self.base = check_base_iri(base_iri)
        self.dispatch = dispatch
        self.examples = examples
        self._reference: bytes | None = None
        self._lock = asyncio.Lock()

    # -- links --
    def href(self, iri: str) -> str | None:
        """Where a page links an IRI: this server for the ontology's terms and for IRIs under the base IRI, the
        IRI itself when it is http(s), else nowhere."""
        if iri.startswith(str(PK)):
            return "/ontology#" + iri[len(str(PK)):]
        if URIRef(iri) in _ontology_labels():
            return "/ontology#" + _curie(iri)
        if iri.startswith(self.base) and _IRI_TEXT.match(iri):
            return "/" + iri[len(self.base):]
        return iri if re.match(r"^https?://", iri) and _IRI_TEXT.match(iri) else None

    # -- /ontology --
    async def ontology(self, request: Request) -> Response:
        media = _chosen(request)
        if media is None:
            return _not_acceptable()
        headers = {"Vary": "Accept"}
        if media is HTML:
            async with self._lock:
                if self._reference is None:
                    self._reference = await asyncio.to_thread(self._make_reference)
            headers["Content-Security-Policy"] = reference_csp()
            return Response(self._reference, media_type="text/html; charset=utf-8", headers=headers)
        body = _ontology_bytes(_RDF_FORMATS[media.name])
        return Response(body, media_type=media.content_type, headers=headers)

    def _make_reference(self) -> bytes:
        return reference_html(self.examples(), resource_href=lambda iri: self.href(str(iri))).encode("utf-8")

    # -- /id/… --
    async def resource(self, request: Request) -> Response:
        raw = request.scope.get("raw_path") or request.url.path.encode("utf-8")
        path = raw.decode("latin-1").split("?", 1)[0]
        iri = self.base + path.lstrip("/")
        if not _IRI_TEXT.match(iri) or not path.startswith("/id/") or len(path) <= len("/id/"):
            return Response(f"not an IRI this server describes: {path[:200]}\n".encode(), 404, media_type=_PLAIN)
        media = _chosen(request)
        if media is None:
            return _not_acceptable()
        reply, headers = await self.dispatch(request, {"op": "sparql", "query": description_query(iri),
                                                       "accept": NTRIPLES.name, "stream": False})
        if reply.status != 200:
            return Response(reply.body, reply.status, media_type=reply.content_type, headers=headers)
        graph = Graph().parse(data=reply.body.decode("utf-8"), format="nt")
        subject = URIRef(iri)
        if (subject, None, None) not in graph and (None, None, subject) not in graph:
            message = f"nothing is known about <{iri}> in this graph"
            if media is HTML:
                return Response(self._page_html(_Page(iri, "Not found"), missing=message), 404,
                                media_type="text/html; charset=utf-8",
                                headers={"Content-Security-Policy": reference_csp(), "Vary": "Accept"})
            return Response((message + "\n").encode(), 404, media_type=_PLAIN, headers={"Vary": "Accept"})
        out_headers = {"Vary": "Accept", "Link": f'<{iri}>; rel="canonical"'}
        if media is not HTML:
            return Response(serialise(graph, _RDF_FORMATS[media.name]), media_type=media.content_type,
                            headers=out_headers)
        out_headers["Content-Security-Policy"] = reference_csp()
        return Response(self._page_html(self._page(graph, subject, path)), media_type="text/html; charset=utf-8",
                        headers=out_headers)

    def _name(self, graph: Graph, node: Node) -> _Value:
        if isinstance(node, Literal):
            note = f"@{node.language}" if node.language else (_curie(str(node.datatype)) if node.datatype else "")
            return _Value(str(node), None, note)
        if isinstance(node, BNode):
            return _Value("(a blank node)")
        iri = str(node)
        label = graph.value(node, RDFS.label) or _ontology_labels().get(node)  # type: ignore[arg-type]
        return _Value(str(label) if label is not None else _curie(iri), self.href(iri), iri if label else "")

    def _page(self, graph: Graph, subject: URIRef, path: str) -> _Page:
        label = graph.value(subject, RDFS.label)
        page = _Page(str(subject), str(label) if label is not None else _curie(str(subject)))
        page.types = sorted((self._name(graph, t) for t in graph.objects(subject, RDF.type)),
                            key=lambda v: v.text.casefold())
        by_property: dict[URIRef, list[_Value]] = {}
        for p, o in graph.predicate_objects(subject):
            if p in (RDF.type, PROV.qualifiedDerivation) or (p == RDFS.label and o == label):
                continue
            by_property.setdefault(p, []).append(self._name(graph, o))  # type: ignore[arg-type]
        page.facts = [(self._name(graph, p), sorted(values, key=lambda v: v.text.casefold()))
                      for p, values in sorted(by_property.items(), key=lambda pv: str(pv[0]))]
        for d in graph.objects(subject, PROV.qualifiedDerivation):
            source = graph.value(d, PROV.entity)
            quote = graph.value(d, PK.quote)
            row = graph.value(d, PK.row)
            page.evidence.append((str(quote) if quote is not None else "",
                                  self._name(graph, source) if source is not None else None,
                                  f"row {row}" if row is not None else ""))
        page.evidence.sort(key=lambda e: (e[1].text if e[1] else "", e[0]))
        incoming = [(self._name(graph, s), self._name(graph, p)) for s, p in graph.subject_predicates(subject)
                    if not isinstance(s, BNode)]
        page.incoming = sorted(incoming, key=lambda sp: (sp[1].text.casefold(), sp[0].text.casefold()))
        page.truncated = len(list(graph.subject_predicates(subject))) >= INCOMING
        page.alternates = [(name, f"{path}?format={key}") for name, key in
                           (("Turtle", "ttl"), ("JSON-LD", "jsonld"), ("N-Triples", "nt"), ("RDF/XML", "rdf"))]
        return page

    def _page_html(self, page: _Page, missing: str = "") -> bytes:
        html = page_environment().get_template("resource.html").render(
            page=page, missing=missing, css=page_css(), csp=reference_csp(meta=True))
        return html.encode("utf-8")
