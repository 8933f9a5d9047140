"""The HTML reference of the ontology: every class, property, datatype and individual with its definition,
super- and subclasses, domain and range, characteristics, examples from the graph, and the namespaces.

One self-contained page (``partnerkg docs``, ``build``'s ``docs/index.html``, ``GET /ontology`` of ``partnerkg
serve``): no script, one inline stylesheet allowed by its hash in the page's Content-Security-Policy, nothing
fetched. Every term has an anchor, so ``…/ontology#Organisation`` lands on it: a ``pk:`` term's anchor is its
local name, a term of another vocabulary its CURIE (``#org:Membership``). Every text is escaped (Jinja
autoescape); a link is written only for an ``http(s)`` IRI or an anchor of the page.

pyLODE 3.3.4 was measured for this and left out: it lists classes and properties but no named individuals (the
sectors, models, stages, categories), takes no instance examples, and would be an extra dependency. The page is
generated from ``partnerkg.ttl`` only, so it cannot disagree with the ontology.

>>> html = reference_html()
>>> 'id="Organisation"' in html and 'id="StatutorySector"' in html and 'id="org:Membership"' in html
True
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from partnerkg.namespaces import DCTERMS, ONTOLOGY_IRI, PK, PREFIXES, VANN
from partnerkg.ontology.files import load_ontology

__all__ = ["DOCS_MARKER", "Link", "Term", "page_css", "page_environment", "reference_csp", "reference_html",
           "style_hash", "write_reference"]

#: How many instances (or statements) of each term the page shows from the graph.
EXAMPLES = 3


@dataclass
class Link:
    """A term or resource as the page shows it: text, and where it links to (None: plain text)."""

    text: str
    href: str | None = None
    title: str = ""


@dataclass
class Term:
    """One entry of the page."""

    iri: URIRef
    anchor: str
    curie: str
    label: str
    kind: str
    definition: str = ""
    notes: list[str] = field(default_factory=list)
    rows: list[tuple[str, list[Link]]] = field(default_factory=list)
    examples: list[list[Link]] = field(default_factory=list)


def _curie(iri: URIRef) -> str:
    for prefix, ns in PREFIXES.items():
        if str(iri).startswith(str(ns)) and len(str(iri)) > len(str(ns)):
            return f"{prefix}:{str(iri)[len(str(ns)):]}"
    return f"<{iri}>"


def _anchor(iri: URIRef) -> str:
    text = str(iri)
    return text[len(str(PK)):] if text.startswith(str(PK)) else _curie(iri)


def _english(g: Graph, node: Node, prop: URIRef) -> list[str]:
    values = [o for o in g.objects(node, prop) if isinstance(o, Literal)]
    values.sort(key=lambda o: (o.language not in (None, "en"), str(o)))
    return [str(v) for v in values]


class _Builder:
    def __init__(self, onto: Graph, data: Graph | None, resource_href: Callable[[URIRef], str | None]) -> None:
        self.onto = onto
        self.data = data
        self.resource_href = resource_href
        self.kinds: dict[URIRef, str] = {}
        for kind, cls in (("class", OWL.Class), ("object property", OWL.ObjectProperty),
                          ("datatype property", OWL.DatatypeProperty), ("annotation property", OWL.AnnotationProperty),
                          ("datatype", RDFS.Datatype)):
            for s in onto.subjects(RDF.type, cls):
                if isinstance(s, URIRef):
                    self.kinds.setdefault(s, kind)
        typed = {s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef)}
        for s in sorted(typed - set(self.kinds)):
            if str(s).startswith(str(PK)):
                self.kinds[s] = "individual"

    # -- naming --
    def label(self, node: Node) -> str:
        labels = _english(self.onto, node, RDFS.label)
        if not labels and self.data is not None and isinstance(node, URIRef):
            labels = _english(self.data, node, RDFS.label)
        return labels[0] if labels else (_curie(node) if isinstance(node, URIRef) else str(node))

    def link(self, node: Node) -> Link:
        if isinstance(node, URIRef):
            if node in self.kinds:
                return Link(self.label(node), "#" + _anchor(node), _curie(node))
            href = self.resource_href(node)
            return Link(self.label(node), href, str(node))
        if isinstance(node, Literal):
            shown = str(node)
            if node.datatype is not None:
                shown += f" ({_curie(URIRef(node.datatype))})"
            elif node.language:
                shown += f" (@{node.language})"
            return Link(shown)
        if (node, None, None) not in self.onto and self.data is not None:  # a blank node of the data
            kinds = sorted(self.label(t) for t in self.data.objects(node, RDF.type))
            return Link(f"(a {kinds[0]})" if kinds else "(a blank node)")
        return Link(self.expression(node))

    def expression(self, node: Node) -> str:
        """A class expression (restriction, union, intersection, one-of, inverse) in words."""
        g = self.onto
        if isinstance(node, URIRef):
            return self.label(node)
        if (node, OWL.unionOf, None) in g:
            return " or ".join(self.expression(m) for m in Collection(g, g.value(node, OWL.unionOf)))  # type: ignore[arg-type]
        if (node, OWL.intersectionOf, None) in g:
            return " and ".join(self.expression(m) for m in Collection(g, g.value(node, OWL.intersectionOf)))  # type: ignore[arg-type]
        if (node, OWL.oneOf, None) in g:
            return "one of " + ", ".join(self.expression(m) for m in Collection(g, g.value(node, OWL.oneOf)))  # type: ignore[arg-type]
        if (node, OWL.inverseOf, None) in g:
            return "inverse of " + self.expression(g.value(node, OWL.inverseOf))  # type: ignore[arg-type]
        prop = g.value(node, OWL.onProperty)
        if prop is not None:
            if (value := g.value(node, OWL.hasValue)) is not None:
                return f"{self.label(prop)} value {self.label(value)}"
            for kind, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only")):
                if (target := g.value(node, kind)) is not None:
                    return f"{self.label(prop)} {word} {self.expression(target)}"
        return "(an anonymous class)"

    def links(self, nodes: Iterable[Node]) -> list[Link]:
        return sorted((self.link(n) for n in set(nodes)), key=lambda link: link.text.casefold())

    # -- terms --
    def term(self, iri: URIRef) -> Term:
        g = self.onto
        kind = self.kinds[iri]
        definition = " ".join(_english(g, iri, SKOS.definition) or _english(g, iri, RDFS.comment))
        t = Term(iri, _anchor(iri), _curie(iri), self.label(iri), kind, definition)
        t.notes = _english(g, iri, SKOS.scopeNote) + _english(g, iri, SKOS.note)
        rows = t.rows
        alt = _english(g, iri, SKOS.altLabel)
        if alt:
            rows.append(("also called", [Link(a) for a in alt]))
        if kind == "class":
            self._class_rows(iri, rows)
            t.examples = [[self.link(s)] for s in self._instances(iri)]
        elif kind.endswith("property"):
            self._property_rows(iri, rows)
            t.examples = [[self.link(s), Link(t.label), self.link(o)] for s, o in self._statements(iri)]
        elif kind == "datatype":
            for prop, name in ((PK.orgIdPrefix, "org-id.guide prefix"), (PK.identifierPattern, "pattern"),
                               (SKOS.example, "example")):
                values = [str(o) for o in g.objects(iri, prop)]
                if values:
                    rows.append((name, [Link(v) for v in values]))
            for prop, name in ((PK.identifierProperty, "carried by"), (RDFS.seeAlso, "register")):
                if (o := g.value(iri, prop)) is not None:
                    rows.append((name, [self.link(o) if o in self.kinds else Link(str(o), _http(o))]))
            t.examples = [[self.link(s), Link(str(o))] for s, o in self._typed_values(iri)]
        else:
            rows.append(("type", self.links(o for o in g.objects(iri, RDF.type) if o != OWL.NamedIndividual)))
            for p, o in sorted(g.predicate_objects(iri)):
                if p in (RDF.type, RDFS.label, SKOS.definition, SKOS.altLabel, SKOS.scopeNote, SKOS.note):
                    continue
                rows.append((self.label(p), [self.link(o)]))
            t.examples = [[self.link(s), Link(self.label(p))] for s, p in self._uses(iri)]
        return t

    def _class_rows(self, iri: URIRef, rows: list[tuple[str, list[Link]]]) -> None:
        g = self.onto
        supers = [o for o in g.objects(iri, RDFS.subClassOf)]
        subs = [s for s in g.subjects(RDFS.subClassOf, iri) if isinstance(s, URIRef)]
        equivalent = list(g.objects(iri, OWL.equivalentClass))
        disjoint = list(g.objects(iri, OWL.disjointWith)) + list(g.subjects(OWL.disjointWith, iri))
        for group in g.subjects(RDF.type, OWL.AllDisjointClasses):
            members = list(Collection(g, g.value(group, OWL.members)))  # type: ignore[arg-type]
            if iri in members:
                disjoint += [m for m in members if m != iri]
        for name, nodes in (("subclass of", supers), ("superclass of", subs), ("equivalent to", equivalent),
                            ("disjoint with", disjoint),
                            ("in the domain of", g.subjects(RDFS.domain, iri)),
                            ("in the range of", g.subjects(RDFS.range, iri)),
                            ("individuals", [s for s in g.subjects(RDF.type, iri) if isinstance(s, URIRef)])):
            found = self.links(nodes)
            if found:
                rows.append((name, found))

    def _property_rows(self, iri: URIRef, rows: list[tuple[str, list[Link]]]) -> None:
        g = self.onto
        characteristics = [c for c, cls in (("functional", OWL.FunctionalProperty),
                                            ("transitive", OWL.TransitiveProperty),
                                            ("symmetric", OWL.SymmetricProperty)) if (iri, RDF.type, cls) in g]
        if characteristics:
            rows.append(("characteristics", [Link(c) for c in characteristics]))
        inverse = list(g.objects(iri, OWL.inverseOf)) + list(g.subjects(OWL.inverseOf, iri))
        for name, nodes in (("domain", g.objects(iri, RDFS.domain)), ("range", g.objects(iri, RDFS.range)),
                            ("sub-property of", g.objects(iri, RDFS.subPropertyOf)),
                            ("super-property of", g.subjects(RDFS.subPropertyOf, iri)),
                            ("inverse of", [i for i in inverse if isinstance(i, URIRef)])):
            found = self.links(nodes)
            if found:
                rows.append((name, found))
        for chain in g.objects(iri, OWL.propertyChainAxiom):
            steps = [self.expression(step) for step in Collection(g, chain)]  # type: ignore[arg-type]
            rows.append(("implied by the chain", [Link(" then ".join(steps))]))

    # -- examples from the graph --
    def _instances(self, cls: URIRef) -> list[Node]:
        if self.data is None:
            return []
        return heapq.nsmallest(EXAMPLES, (s for s in self.data.subjects(RDF.type, cls) if isinstance(s, URIRef)
                                          and not str(s).startswith(str(PK))), key=str)

    def _statements(self, prop: URIRef) -> list[tuple[Node, Node]]:
        if self.data is None:
            return []
        found = ((s, o) for s, o in self.data.subject_objects(prop)
                 if isinstance(s, URIRef) and not str(s).startswith(str(PK)))
        return heapq.nsmallest(EXAMPLES, found, key=_pair_key)

    def _typed_values(self, datatype: URIRef) -> list[tuple[Node, Node]]:
        if self.data is None:
            return []
        prop = self.onto.value(datatype, PK.identifierProperty)
        if prop is None:
            return []
        found = ((s, o) for s, o in self.data.subject_objects(prop)  # type: ignore[arg-type]
                 if isinstance(o, Literal) and o.datatype == datatype)
        return heapq.nsmallest(EXAMPLES, found, key=_pair_key)

    def _uses(self, individual: URIRef) -> list[tuple[Node, Node]]:
        if self.data is None:
            return []
        found = ((s, p) for s, p in self.data.subject_predicates(individual)
                 if isinstance(s, URIRef) and not str(s).startswith(str(PK)))
        return heapq.nsmallest(EXAMPLES, found, key=_pair_key)


def _pair_key(pair: tuple[Node, Node]) -> tuple[str, str]:
    """Examples are the first pairs in IRI order, whatever order the store yields them in (rdflib's in-memory
    store iterates in hash-seeded order, so taking the first few it yields would change between runs)."""
    return str(pair[0]), str(pair[1])


def _http(node: Node) -> str | None:
    text = str(node)
    return text if isinstance(node, URIRef) and re.match(r"^https?://", text) else None


SECTIONS = [("classes", "Classes", "class"), ("object-properties", "Object properties", "object property"),
            ("datatype-properties", "Datatype properties", "datatype property"),
            ("annotation-properties", "Annotation properties", "annotation property"),
            ("datatypes", "Identifier schemes (datatypes)", "datatype"), ("individuals", "Individuals", "individual")]


@lru_cache(maxsize=1)
def page_environment() -> Environment:
    """The Jinja environment of the reference and instance pages (autoescaped)."""
    return Environment(loader=PackageLoader("partnerkg.ontology", "templates"), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def page_css() -> str:
    """The pages' stylesheet, inlined in each page."""
    return page_environment().get_template("reference.css").render()


def style_hash() -> str:
    """The CSP source that allows the page's inline stylesheet: ``'sha256-…'``."""
    digest = hashlib.sha256(page_css().encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def reference_csp(*, meta: bool = False) -> str:
    """The Content-Security-Policy of the reference and instance pages: their own stylesheet, nothing else.
    ``meta``: the form a ``<meta>`` element can carry (browsers ignore ``frame-ancestors`` there)."""
    policy = f"default-src 'none'; style-src {style_hash()}; img-src data:; base-uri 'none'; form-action 'none'"
    return policy if meta else policy + "; frame-ancestors 'none'"


def _default_href(iri: URIRef) -> str | None:
    return _http(iri)


def reference_html(data: Graph | None = None, *, ontology: Graph | None = None,
                   resource_href: Callable[[URIRef], str | None] = _default_href) -> str:
    """The reference page of the ontology, with up to three examples of each term from ``data`` (None: none).

    ``resource_href`` turns the IRI of an example into a link (default: the IRI itself when it is http(s)).
    """
    onto = ontology if ontology is not None else load_ontology()
    b = _Builder(onto, data, resource_href)
    order = sorted(b.kinds, key=lambda i: (not str(i).startswith(str(PK)), _curie(i).casefold()))
    terms = [b.term(iri) for iri in order]
    sections = [(sid, title, [t for t in terms if t.kind == kind]) for sid, title, kind in SECTIONS]
    meta = URIRef(ONTOLOGY_IRI)
    info = {
        "iri": ONTOLOGY_IRI,
        "title": (_english(onto, meta, DCTERMS.title) or ["partnerkg ontology"])[0],
        "description": " ".join(_english(onto, meta, DCTERMS.description)),
        "version": str(onto.value(meta, OWL.versionInfo) or ""),
        "version_iri": str(onto.value(meta, OWL.versionIRI) or ""),
        "license": str(onto.value(meta, DCTERMS.license) or ""),
        "prefix": str(onto.value(meta, VANN.preferredNamespacePrefix) or "pk"),
        "namespace": str(onto.value(meta, VANN.preferredNamespaceUri) or PK),
        "examples_from": "the graph" if data is not None else None,
    }
    namespaces = [(prefix, str(ns)) for prefix, ns in PREFIXES.items()]
    return page_environment().get_template("reference.html").render(
        info=info, sections=sections, namespaces=namespaces, css=page_css(), csp=reference_csp(meta=True),
        counts={kind: sum(1 for t in terms if t.kind == kind) for _, _, kind in SECTIONS})


#: The file that marks a folder as partnerkg's ontology documentation (a later ``docs`` replaces it whole).
DOCS_MARKER = ".partnerkg-docs"


def write_reference(folder: Path, data: Graph | None = None) -> list[str]:
    """Write ``index.html`` (the reference page, examples from ``data``) and ``ontology.ttl`` into ``folder``;
    returns the file names."""
    from partnerkg.interop.export import serialise
    from partnerkg.rdf_files import RDFFormat

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(reference_html(data), encoding="utf-8")
    (folder / "ontology.ttl").write_bytes(serialise(load_ontology(), RDFFormat.TURTLE))
    return ["index.html", "ontology.ttl"]
