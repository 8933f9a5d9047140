"""Reading what the maps show about each entity from an RDF graph, in one pass per property.

The shipped graph materialises pk: superclasses, sector classes and ``pk:partnerIn``; user ``--data``
files may not. So membership in a class is decided over the ontology's class hierarchy (plus any
``rdfs:subClassOf`` in the data), an organisation's sector comes from ``pk:sector`` or its sector class,
and its kind is its most specific pk: organisation class.

>>> from rdflib import Graph
>>> g = Graph().parse(format="turtle", data='''
... @prefix pk: <https://w3id.org/partnerkg/ontology#> .
... @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
... <https://w3id.org/partnerkg/id/organisation/t> a pk:MentalHealthTrust ; rdfs:label "A trust"@en .
... ''')
>>> kb = read_knowledge(g)
>>> org = kb.entities[kb.organisations[0]]
>>> org.label, org.kind_label, org.sector
('A trust', 'Mental health trust', 'statutory')
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from partnerkg.namespaces import PK
from partnerkg.ontology import load_ontology
from partnerkg.visualise.styles import MODELS, SECTORS, STAGES, shape_family
from partnerkg.visualise.triples import TripleSource, triple_source

__all__ = ["INFLUENCE", "READS", "Entity", "Knowledge", "Quote", "class_ancestors", "read_knowledge", "year_of"]

#: Policy → target relations that make a policy bear on a partnership, organisation or kind.
INFLUENCE: dict[URIRef, str] = {
    PK.requires: "requires",
    PK.encourages: "encourages",
    PK.funds: "funds",
    PK.constitutes: "constitutes",
}
_SECTOR_CLASSES = {
    PK.StatutoryOrganisation: PK.StatutorySector,
    PK.VoluntaryCommunityOrganisation: PK.VoluntaryCommunitySector,
    PK.PrivateOrganisation: PK.PrivateSector,
}
#: Organisation classes that say nothing about an organisation's kind.
_NOT_KINDS = {PK.Organisation, PK.UnnamedOrganisation, *_SECTOR_CLASSES}
_DESCRIPTIONS = (DCTERMS.description, SKOS.definition, PK.purpose, SKOS.note)
#: How many predicates :func:`read_knowledge` reads (the total of its "reading" progress).
READS = 36


@dataclass(frozen=True)
class Quote:
    """A verbatim quote and the label of the source it comes from."""

    text: str
    source: str


@dataclass
class Entity:
    """What the maps show about one resource."""

    iri: str
    label: str
    types: frozenset[URIRef] = frozenset()
    kind: URIRef | None = None
    kind_label: str = ""
    shape: str = "other"
    sector: str | None = None
    unnamed: bool = False
    description: str = ""
    website: str = ""
    regions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()
    #: ``pk:startYear``, ``pk:endYear`` and ``dcterms:issued`` as years, where the data states them
    start: int | None = None
    end: int | None = None
    issued: int | None = None


@dataclass
class Knowledge:
    """The entities and links of a graph that the views are made from (all lists sorted by IRI)."""

    entities: dict[Node, Entity] = field(default_factory=dict)
    organisations: list[Node] = field(default_factory=list)
    partnerships: list[Node] = field(default_factory=list)
    policies: list[Node] = field(default_factory=list)
    kinds: list[Node] = field(default_factory=list)
    concepts: list[Node] = field(default_factory=list)
    barriers: set[Node] = field(default_factory=set)
    #: partnership → sorted partners
    partners: dict[Node, list[Node]] = field(default_factory=dict)
    #: partnership → model keys, stage keys, formality (True/False), partnership kinds
    models: dict[Node, list[str]] = field(default_factory=dict)
    stages: dict[Node, list[str]] = field(default_factory=dict)
    formal: dict[Node, bool] = field(default_factory=dict)
    of_kind: dict[Node, list[Node]] = field(default_factory=dict)
    #: (policy, relation, target) for requires / encourages / funds / constitutes, sorted
    influence: list[tuple[Node, str, Node]] = field(default_factory=list)
    issued_by: list[tuple[Node, Node]] = field(default_factory=list)
    led_to: list[tuple[Node, Node]] = field(default_factory=list)
    part_of: list[tuple[Node, Node]] = field(default_factory=list)
    #: (partnership, "faces-barrier" | "facilitated-by", concept)
    concept_links: list[tuple[Node, str, Node]] = field(default_factory=list)
    concept_models: dict[Node, list[Node]] = field(default_factory=dict)
    concept_stages: dict[Node, list[Node]] = field(default_factory=dict)
    concept_categories: dict[Node, list[Node]] = field(default_factory=dict)

    def label(self, node: Node) -> str:
        """The label of any node, read on demand for nodes outside the main classes."""
        entity = self.entities.get(node)
        return entity.label if entity else _local_name(node)

    def policies_of(self, target: Node) -> set[Node]:
        """Policies that require, encourage, fund or constitute ``target`` (or the kind it is of)."""
        kinds = set(self.of_kind.get(target, ()))
        return {p for p, _rel, t in self.influence if t == target or t in kinds}


def _local_name(node: Node) -> str:
    if isinstance(node, BNode):
        return "(unnamed resource)"
    text = str(node).rstrip("/#")
    for sep in ("#", "/"):
        if sep in text:
            return text.rsplit(sep, 1)[1]
    return text


@lru_cache(maxsize=1)
def _ontology_hierarchy() -> tuple[dict[URIRef, frozenset[URIRef]], dict[URIRef, str]]:
    onto = load_ontology()
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for s, o in onto.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            parents[s].add(o)
    labels = {s: str(o) for s, o in onto.subject_objects(RDFS.label) if isinstance(s, URIRef)}
    return _close(parents), labels


def _close(parents: dict[URIRef, set[URIRef]]) -> dict[URIRef, frozenset[URIRef]]:
    """Transitive closure of a parent map (each class maps to its strict ancestors)."""
    closed: dict[URIRef, frozenset[URIRef]] = {}

    def visit(cls: URIRef, trail: frozenset[URIRef]) -> frozenset[URIRef]:
        if cls in closed:
            return closed[cls]
        out: set[URIRef] = set()
        for parent in parents.get(cls, ()):
            if parent not in trail:
                out.add(parent)
                out |= visit(parent, trail | {cls})
        closed[cls] = frozenset(out)
        return closed[cls]

    for cls in sorted(parents):
        visit(cls, frozenset())
    return closed


def class_ancestors(graph: Graph | TripleSource | None = None) -> dict[URIRef, frozenset[URIRef]]:
    """Every class's strict superclasses: the ontology's hierarchy plus ``rdfs:subClassOf`` in ``graph``.

    >>> PK.Organisation in class_ancestors()[PK.MentalHealthTrust]
    True
    """
    base, _labels = _ontology_hierarchy()
    if graph is None:
        return dict(base)
    extra = [(s, o) for s, o in graph.subject_objects(RDFS.subClassOf)
             if isinstance(s, URIRef) and isinstance(o, URIRef) and o not in base.get(s, ())]
    if not extra:
        return dict(base)
    parents: dict[URIRef, set[URIRef]] = defaultdict(set)
    for cls, ancestors in base.items():
        parents[cls] |= ancestors
    for s, o in extra:
        parents[s].add(o)
    return _close(parents)


def _pick_text(values: Iterable[Node]) -> str:
    """One text out of several: English first, then untagged, then any; the smallest of those."""
    if not values:
        return ""
    if isinstance(values, set) and len(values) == 1:
        (only,) = values
        return str(only)
    lits = [v for v in values if isinstance(v, Literal)]
    for accept in (lambda v: v.language == "en", lambda v: v.language is None, lambda v: True):
        chosen = sorted(str(v) for v in lits if accept(v))
        if chosen:
            return chosen[0]
    others = sorted(str(v) for v in values if isinstance(v, URIRef))
    return others[0] if others else ""


_YEAR = re.compile(r"\s*(-?\d{4,})")


def year_of(value: Node) -> int | None:
    """The year a literal states: an ``xsd:gYear``, a date or date-time, or a plain number; None otherwise.

    >>> from rdflib.namespace import XSD
    >>> year_of(Literal("2004", datatype=XSD.gYear)), year_of(Literal("2006-03-01", datatype=XSD.date))
    (2004, 2006)
    >>> year_of(Literal("circa 2004")), year_of(URIRef("urn:x:2004"))
    (None, None)
    """
    if not isinstance(value, Literal):
        return None
    found = _YEAR.match(str(value))
    return int(found.group(1)) if found else None


def _year(values: Iterable[Node], pick: Callable[[Iterable[int]], int]) -> int | None:
    years = [y for y in (year_of(v) for v in values) if y is not None]
    return pick(years) if years else None


def _objects_by_subject(graph: TripleSource, predicate: URIRef) -> dict[Node, set[Node]]:
    out: dict[Node, set[Node]] = defaultdict(set)
    for s, o in graph.subject_objects(predicate):
        out[s].add(o)
    return out


class _Reader:
    """Indexes of a graph by property, built once; answers per-entity questions from them."""

    def __init__(self, graph: TripleSource) -> None:
        self.ancestors = class_ancestors(graph)
        _ancestors, labels = _ontology_hierarchy()
        self.class_labels = dict(labels)  # ontology labels of classes and individuals, plus the data's pk: terms
        for s, o in graph.subject_objects(RDFS.label):
            if isinstance(s, URIRef) and s not in self.class_labels and str(s).startswith(str(PK)):
                self.class_labels[s] = str(o)
        self.types = _objects_by_subject(graph, RDF.type)
        self.labels = _objects_by_subject(graph, RDFS.label)
        self.titles = _objects_by_subject(graph, DCTERMS.title)
        self.identifiers = _objects_by_subject(graph, DCTERMS.identifier)
        self.descriptions = [_objects_by_subject(graph, p) for p in _DESCRIPTIONS]
        self.sectors = _objects_by_subject(graph, PK.sector)
        self.homepages = _objects_by_subject(graph, FOAF.homepage)
        self.regions = _objects_by_subject(graph, PK.region)
        self.derived = _objects_by_subject(graph, PROV.wasDerivedFrom)
        self.qualified = _objects_by_subject(graph, PROV.qualifiedDerivation)
        self.derivation_entity = _objects_by_subject(graph, PROV.entity)
        self.derivation_quote = _objects_by_subject(graph, PK.quote)
        self.start_years = _objects_by_subject(graph, PK.startYear)
        self.end_years = _objects_by_subject(graph, PK.endYear)
        self.issued = _objects_by_subject(graph, DCTERMS.issued)
        self._source_labels: dict[Node, str] = {}
        self._classes: set[Node] | None = None  # every object of rdf:type

    def is_a(self, node: Node, cls: URIRef) -> bool:
        return any(t == cls or cls in self.ancestors.get(t, ()) for t in self.types.get(node, ()))

    def instances(self, cls: URIRef) -> set[Node]:
        if self._classes is None:
            self._classes = set().union(*self.types.values()) if self.types else set()
        below = {t for t in self._classes if t == cls or cls in self.ancestors.get(t, ())}
        return {s for s, types in self.types.items() if not below.isdisjoint(types)}

    def label(self, node: Node) -> str:
        """The node's label in the data, else its title, else the ontology's label, else its local name."""
        text = _pick_text(self.labels.get(node, ())) or _pick_text(self.titles.get(node, ()))
        if not text and isinstance(node, URIRef):
            text = self.class_labels.get(node, "")
        return " ".join(text.split()) or _local_name(node)

    def source_label(self, node: Node) -> str:
        if node not in self._source_labels:
            label = self.label(node)
            ident = _pick_text(self.identifiers.get(node, ()))
            self._source_labels[node] = f"{label} ({ident})" if ident and ident not in label else label
        return self._source_labels[node]

    def entity(self, node: Node) -> Entity:
        types = frozenset(t for t in self.types.get(node, ()) if isinstance(t, URIRef))
        entity = Entity(iri=str(node) if isinstance(node, URIRef) else "", label=self.label(node), types=types)
        for index in self.descriptions:
            text = _pick_text(index.get(node, ()))
            if text:
                entity.description = text
                break
        entity.website = _pick_text(self.homepages.get(node, ()))
        entity.regions = tuple(sorted({self.label(r) for r in self.regions.get(node, ())}))
        entity.start = _year(self.start_years.get(node, ()), min)  # several stated: the earliest start,
        entity.end = _year(self.end_years.get(node, ()), max)  # the latest end
        entity.issued = _year(self.issued.get(node, ()), min)
        sources = set(self.derived.get(node, ()))
        quotes: set[Quote] = set()
        for derivation in self.qualified.get(node, ()):
            origin = sorted(self.derivation_entity.get(derivation, ()), key=str)
            sources.update(origin)
            where = self.source_label(origin[0]) if origin else ""
            quotes.update(Quote(" ".join(str(q).split()), where) for q in self.derivation_quote.get(derivation, ()))
        entity.sources = tuple(sorted({self.source_label(s) for s in sources}))
        entity.quotes = tuple(sorted(quotes, key=lambda q: (-len(q.text), q.source, q.text)))  # fullest first
        return entity

    def most_specific(self, classes: Iterable[URIRef]) -> URIRef | None:
        """The deepest of ``classes`` that is no superclass of another (ties: by label)."""
        candidates = set(classes)
        specific = [c for c in candidates if not any(c in self.ancestors.get(o, ()) for o in candidates if o != c)]
        specific.sort(key=lambda c: (-len(self.ancestors.get(c, ())), self.class_labels.get(c, str(c))))
        return specific[0] if specific else None

    def kind(self, entity: Entity, root: URIRef, fallback: str) -> None:
        """Set the entity's kind: its most specific pk: class under ``root`` (or ``fallback`` as label)."""
        classes = {t for t in entity.types if str(t).startswith(str(PK))
                   and (t == root or root in self.ancestors.get(t, ()))}
        entity.kind = self.most_specific(classes - {root} - _NOT_KINDS)
        if entity.kind is not None:
            entity.kind_label = self.class_labels.get(entity.kind, _local_name(entity.kind))
        else:
            entity.kind_label = fallback

    def organisation(self, node: Node) -> Entity:
        entity = self.entity(node)
        classes = {t for t in entity.types if t == PK.Organisation or PK.Organisation in self.ancestors.get(t, ())}
        entity.unnamed = PK.UnnamedOrganisation in classes or any(
            PK.UnnamedOrganisation in self.ancestors.get(t, ()) for t in classes)
        self.kind(entity, PK.Organisation, "Unnamed organisation" if entity.unnamed else "Organisation")
        entity.shape = shape_family(entity.kind, self.ancestors.get(entity.kind, frozenset())).key
        entity.sector = self._sector(node, classes)
        return entity

    def _sector(self, node: Node, classes: set[URIRef]) -> str | None:
        stated = sorted(SECTORS[s].key for s in self.sectors.get(node, ()) if s in SECTORS)
        if stated:
            return stated[0]
        implied = set()
        for cls in classes:
            for sector_class, sector in _SECTOR_CLASSES.items():
                if cls == sector_class or sector_class in self.ancestors.get(cls, ()):
                    implied.add(SECTORS[sector].key)
        return implied.pop() if len(implied) == 1 else None


def _sorted(nodes: Iterable[Node]) -> list[Node]:
    return sorted(set(nodes), key=lambda n: (isinstance(n, BNode), str(n)))


def _kinds(r: _Reader, kb: Knowledge) -> None:
    for node in kb.policies:
        r.kind(kb.entities[node], PK.Policy, "Policy")
    for node in kb.concepts:
        r.kind(kb.entities[node], PK.PartnershipConcept, "Concept")


def read_knowledge(graph: Graph, progress: Callable[[str, int, int | None], None] | None = None) -> Knowledge:
    """Read organisations, partnerships, policies, concepts and their links from ``graph``.

    Works on any rdflib Graph or Dataset (its default graph, which ``open_graph`` makes the union); over an
    Oxigraph store (``open_graph(store=DIR)``) the triples are read with Oxigraph's SPARQL engine
    (:mod:`partnerkg.visualise.triples`), giving the same result. Every list in the result is sorted, so the
    views built from it are the same for the same triples. ``progress("reading", predicates read, READS)``
    follows the reads.
    """
    step = None if progress is None else (lambda done: progress("reading", min(done, READS), READS))
    source = triple_source(graph, step)
    r = _Reader(source)
    kb = Knowledge()
    has_partner: dict[Node, set[Node]] = defaultdict(set)
    for p, o in source.subject_objects(PK.hasPartner):
        has_partner[p].add(o)
    for o, p in source.subject_objects(PK.partnerIn):
        has_partner[p].add(o)

    organisations = r.instances(PK.Organisation) | set(r.sectors)
    for members in has_partner.values():
        organisations |= members
    partnerships = r.instances(PK.Partnership) | set(has_partner)
    kb.organisations = _sorted(organisations)
    kb.partnerships = _sorted(partnerships)
    kb.policies = _sorted(r.instances(PK.Policy))
    kb.kinds = _sorted(r.instances(PK.PartnershipKind))
    kb.barriers = r.instances(PK.Barrier)
    kb.concepts = _sorted(kb.barriers | r.instances(PK.Facilitator))

    for node in kb.organisations:
        kb.entities[node] = r.organisation(node)
    for node in [*kb.partnerships, *kb.policies, *kb.kinds, *kb.concepts]:
        kb.entities.setdefault(node, r.entity(node))
    _kinds(r, kb)

    models, stages = _objects_by_subject(source, PK.partnershipModel), _objects_by_subject(source, PK.lifeCycleStage)
    formality, kinds = _objects_by_subject(source, PK.isFormal), _objects_by_subject(source, PK.ofKind)
    for p in kb.partnerships:
        kb.partners[p] = _sorted(has_partner.get(p, ()))
        kb.models[p] = sorted({MODELS[m].key for m in models.get(p, ()) if m in MODELS})
        kb.stages[p] = sorted({STAGES[s].key for s in stages.get(p, ()) if s in STAGES})
        formal = sorted({v.toPython() for v in formality.get(p, ()) if isinstance(v, Literal)}, key=str)
        if len(formal) == 1 and isinstance(formal[0], bool):
            kb.formal[p] = formal[0]
        kb.of_kind[p] = _sorted(kinds.get(p, ()))

    influence = {(s, rel, o) for prop, rel in INFLUENCE.items() for s, o in source.subject_objects(prop)}
    influence |= {(o, "constitutes", s) for s, o in source.subject_objects(PK.constitutedBy)}
    kb.influence = sorted(influence, key=lambda t: (str(t[0]), t[1], str(t[2])))
    kb.issued_by = sorted(set(source.subject_objects(PK.issuedBy)), key=lambda t: (str(t[0]), str(t[1])))
    kb.led_to = sorted(set(source.subject_objects(PK.ledTo)), key=lambda t: (str(t[0]), str(t[1])))
    policy_set = set(kb.policies)
    kb.part_of = sorted({(s, o) for s, o in source.subject_objects(DCTERMS.isPartOf)
                         if s in policy_set and o in policy_set}, key=lambda t: (str(t[0]), str(t[1])))

    links = {(s, "faces-barrier", o) for s, o in source.subject_objects(PK.facesBarrier)}
    links |= {(s, "facilitated-by", o) for s, o in source.subject_objects(PK.facilitatedBy)}
    kb.concept_links = sorted(links, key=lambda t: (str(t[0]), t[1], str(t[2])))
    for c in kb.concepts:
        kb.concept_models[c] = [m for m in _sorted(source.objects(c, PK.relatesToModel)) if m in MODELS]
        kb.concept_stages[c] = [s for s in _sorted(source.objects(c, PK.relatesToStage)) if s in STAGES]
        kb.concept_categories[c] = _sorted(source.objects(c, PK.category))

    # Anything else a view draws (issuers, people, categories, targets outside the main classes).
    extra = {o for _s, o in kb.issued_by} | {t for _p, _r, t in kb.influence} | {s for s, _r, _o in kb.concept_links}
    extra |= {o for _s, o in kb.led_to} | {c for cats in kb.concept_categories.values() for c in cats}
    extra |= {k for kinds in kb.of_kind.values() for k in kinds}
    for node in _sorted(extra):
        if node not in kb.entities:
            kb.entities[node] = r.organisation(node) if r.is_a(node, PK.Organisation) else r.entity(node)
    if progress is not None:
        progress("reading", READS, READS)
    return kb
