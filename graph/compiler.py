"""Compile the human-editable YAML sources under ``graph/data/`` into RDF.

The format (documented in the README, section "Extending the graph"):

.. code-block:: yaml

    source: 001_81855d3f69df9148.txt        # default source of this file's quotes
    entities:
      - id: organisation/turning-point       # IRI https://w3id.org/partnerkg/id/organisation/turning-point
        a: [NationalVoluntaryOrganisation]   # pk: classes (or CURIEs such as foaf:Person)
        label: Turning Point                 # exactly one English label
        sector: VoluntaryCommunitySector     # object property: a pk: individual, a CURIE or an id
        quotes:
          - Turning Point began as an alcohol project in southeast London
          - {source: 000_ecf9cfcfcd6731a9.txt, text: "..."}
      - id: partnership/walsall-employment-and-accommodation-partnership
        hasPartner:                          # a fact with the quotes that state exactly it
          - {ref: organisation/rethink, quotes: ["local social services and Rethink formed a partnership"]}

A quoted fact (``{ref: ..., quotes: [...]}``, for ``hasPartner``, ``hasFeature``, ``lacksFeature``,
``facesBarrier``, ``facilitatedBy`` and ``producedBenefit``) states the fact and a node of its own carrying
those quotes (:data:`QUALIFIED`), so a diagnosis cites the words that state that fact, not the entity's.

Keys are pk: properties by local name, a few aliases (``label``, ``altLabel``, ``description``,
``subOrganizationOf``, ``issued``, ``isPartOf``…) or CURIEs. Whether a value is a reference or a literal,
and which datatype a literal has, comes from the ontology, never from the look of the value. The same
``id`` may appear in several files: its facts and quotes are merged, and its labels must agree.

Materialised for users without a reasoner: every pk: superclass of an asserted class, the sector class of
an organisation with a sector (and the sector of one typed by a sector class), ``pk:partnerIn`` for each
``pk:hasPartner`` (and ``pk:hasPartner`` itself for every ``org:Membership`` of a partnership, ``pk:supports``,
``pk:itemOf`` for ``pk:supportedBy``, ``pk:hasItem``), both
directions of ``pk:possiblySameAs``, every pk: super-property of a pk: property (``pk:figureValue`` of
``pk:countValue`` and ``pk:decimalValue``), the plain ``pk:requires``/``pk:encourages``/``pk:funds`` link of
each ``pk:Provision``, and ``skos:inScheme`` for concepts and their categories.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS, XSD

from partnerkg.errors import GraphSourceError, InputError
from partnerkg.input_files import read_input_text
from partnerkg.namespaces import ID, ORG, PK, PREFIXES, bind_prefixes
from partnerkg.ontology import load_ontology, term_index

__all__ = ["MAX_SOURCE_BYTES", "Entity", "compile_sources", "read_source_file", "shipped_sources"]

#: Largest YAML source file read (the shipped ones are a few hundred kilobytes).
MAX_SOURCE_BYTES = 64 * 1024**2

#: Keys that are not pk: properties.
ALIASES: dict[str, URIRef] = {
    "label": RDFS.label,
    "altLabel": SKOS.altLabel,
    "description": DCTERMS.description,
    "definition": SKOS.definition,
    "note": SKOS.note,
    "scopeNote": SKOS.scopeNote,
    "notation": SKOS.notation,
    "subOrganizationOf": ORG.subOrganizationOf,
    "hasSubOrganization": ORG.hasSubOrganization,
    "homepage": FOAF.homepage,
    "issued": DCTERMS.issued,
    "isPartOf": DCTERMS.isPartOf,
    "hasPart": DCTERMS.hasPart,
    "subject": DCTERMS.subject,
    "inScheme": SKOS.inScheme,
    "identifier": DCTERMS.identifier,
    "title": DCTERMS.title,
    "date": DCTERMS.date,
    "bibliographicCitation": DCTERMS.bibliographicCitation,
}
#: Text-valued keys that carry an English language tag.
ENGLISH = {RDFS.label, SKOS.altLabel, DCTERMS.description, SKOS.definition, SKOS.note, SKOS.scopeNote, DCTERMS.title}
#: Concept classes and the scheme their members (and their categories) belong to.
SCHEMES: dict[URIRef, URIRef] = {
    PK.Barrier: PK.BarrierScheme,
    PK.Facilitator: PK.FacilitatorScheme,
    PK.Benefit: PK.BenefitScheme,
    PK.ReasonForPartnership: PK.ReasonScheme,
    PK.WorkingArrangement: PK.WorkingArrangementScheme,
    PK.GovernancePrinciple: PK.GovernancePrincipleScheme,
    PK.SetUpQuestion: PK.SetUpQuestionScheme,
    PK.Misconception: PK.MisconceptionScheme,
    PK.ServiceCategory: PK.ServiceCategoryScheme,
}
SECTOR_CLASSES: dict[URIRef, URIRef] = {
    PK.StatutorySector: PK.StatutoryOrganisation,
    PK.VoluntaryCommunitySector: PK.VoluntaryCommunityOrganisation,
    PK.PrivateSector: PK.PrivateOrganisation,
}
#: Inverse pairs materialised both ways, whichever side the YAML states (pk:partnerIn: with pk:hasPartner).
INVERSES: dict[URIRef, URIRef] = {PK.supportedBy: PK.supports, PK.hasItem: PK.itemOf}
#: Symmetric links materialised both ways.
SYMMETRIC = (PK.possiblySameAs,)
#: A pk:Provision of a pk:provisionType states this plain link from its policy to what it applies to.
PROVISION_LINKS: dict[URIRef, URIRef] = {
    PK.Requirement: PK.requires,
    PK.Encouragement: PK.encourages,
    PK.Funding: PK.funds,
}
RESERVED = {"id", "a", "quotes"}
#: Facts that may be written ``{ref: X, quotes: [...]}``: the quotes then support that one fact, on a node of
#: its own (the shortcut stays): an ``org:Membership`` for a partner, a ``pk:FeatureStatement`` for a feature
#: the partnership has (``pk:featurePresent`` true) or lacks (false), a ``pk:PartnershipOutcome`` for a barrier
#: it faced, a facilitator that helped it or a benefit it produced.
QUALIFIED: dict[URIRef, tuple[str, URIRef]] = {
    PK.hasPartner: ("m", ORG.Membership),
    PK.hasFeature: ("f", PK.FeatureStatement),
    PK.lacksFeature: ("f", PK.FeatureStatement),
    PK.facesBarrier: ("o", PK.PartnershipOutcome),
    PK.facilitatedBy: ("o", PK.PartnershipOutcome),
    PK.producedBenefit: ("o", PK.PartnershipOutcome),
}
_ID_RE = re.compile(r"^[a-z][a-z0-9-]*/[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
_YEAR_RE = re.compile(r"^-?[0-9]{4,}$")


class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml: 3 s of the shipped build → 0.3 s
    """A safe loader that records the line of every mapping under the key ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass
class Quote:
    source: str  # a file name or a source id, resolved later
    text: str
    where: str


@dataclass
class Entity:
    """One entity block of one YAML file."""

    iri: URIRef
    types: list[URIRef]
    facts: list[tuple[URIRef, Any]]
    quotes: list[Quote]
    where: str  # "file:line"
    nested: list[tuple[BNode, list[tuple[URIRef, Any]]]] = field(default_factory=list)
    qualified: list[tuple[URIRef, URIRef, list[Quote]]] = field(default_factory=list)  # (property, value, quotes)


def shipped_sources() -> list[tuple[str, str]]:
    """The YAML sources shipped in ``partnerkg.graph/data``, as (name, text) sorted by name."""
    root = resources.files("partnerkg.graph").joinpath("data")
    files = sorted((p for p in root.iterdir() if p.name.endswith(".yaml")), key=lambda p: p.name)
    return [(f"graph/data/{p.name}", p.read_text(encoding="utf-8")) for p in files]


def read_source_file(path: str | Path) -> tuple[str, str]:
    """Read a user's YAML source file as UTF-8: (name, text).

    InputError (exit 2) when it is missing, a folder, unreadable, over :data:`MAX_SOURCE_BYTES`, binary or
    not UTF-8 (naming the line, column and byte); every message starts with the path and says what to do.
    """
    p = Path(path)
    return str(p), read_input_text(p, limit=MAX_SOURCE_BYTES, what="a YAML source file",
                                   too_big="split it into several files")


def _norm_label(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


class _Compiler:
    def __init__(self) -> None:
        self.terms = term_index()
        self.ontology = load_ontology()
        self.entities: list[Entity] = []
        self.errors: list[str] = []
        self._bnodes = 0
        self.default_source: str | None = None  # the ``source:`` of the file being read

    # ---- resolution -------------------------------------------------------------------------
    def curie(self, text: str, where: str) -> URIRef | None:
        prefix, _, local = text.partition(":")
        ns = PREFIXES.get(prefix)
        if ns is None:
            self.errors.append(f"{where}: unknown prefix in {text!r} — use one of {', '.join(PREFIXES)}")
            return None
        return URIRef(str(ns) + local)

    def cls(self, name: str, where: str) -> URIRef | None:
        iri = self.curie(name, where) if ":" in name else PK[name]
        if iri is not None and iri not in self.terms.classes:
            hint = self.terms.closest(name, self.terms.classes)
            self.errors.append(
                f"{where}: {name!r} is not a class of the ontology"
                + (f" — did you mean {', '.join(hint)}?" if hint else "")
            )
            return None
        return iri

    def prop(self, key: str, where: str) -> URIRef | None:
        if key in ALIASES:
            return ALIASES[key]
        iri = self.curie(key, where) if ":" in key else PK[key]
        if iri is not None and iri not in self.terms.properties:
            hint = [h for h in self.terms.closest(key, self.terms.properties)] + [
                a for a in ALIASES if a.lower() == key.lower()
            ]
            self.errors.append(
                f"{where}: {key!r} is not a property of the ontology"
                + (f" — did you mean {', '.join(hint)}?" if hint else "")
            )
            return None
        return iri

    def reference(self, value: Any, where: str) -> URIRef | None:
        if not isinstance(value, str) or not value.strip():
            self.errors.append(
                f"{where}: expected a reference (an id such as organisation/x, or pk:Name), got {value!r}"
            )
            return None
        value = value.strip()
        if ":" in value:
            return self.curie(value, where)
        if "/" in value:
            if not _ID_RE.match(value):
                self.errors.append(f"{where}: {value!r} is not a valid id — use kind/lowercase-words-with-hyphens")
                return None
            return ID[value]
        # a bare name is a pk: individual, e.g. StatutorySector
        iri = PK[value]
        if iri not in self.terms.individuals:
            hint = self.terms.closest(value, self.terms.individuals)
            self.errors.append(
                f"{where}: {value!r} is not an individual of the ontology"
                + (f" — did you mean {', '.join(hint)}?" if hint else "")
            )
            return None
        return iri

    def literal(self, prop: URIRef, value: Any, where: str) -> Literal | None:
        if isinstance(value, (dict, list)):
            self.errors.append(f"{where}: {value!r} is not a single value")
            return None
        if prop in ENGLISH:
            if not isinstance(value, str) or not value.strip():
                self.errors.append(f"{where}: expected text, got {value!r}")
                return None
            text = _norm_label(value) if prop in (RDFS.label, SKOS.altLabel) else value.strip()
            return Literal(text, lang="en")
        dt = self.terms.datatype_of(prop)
        if dt == XSD.boolean:
            if not isinstance(value, bool):
                self.errors.append(f"{where}: expected true or false, got {value!r}")
                return None
            return Literal(value)
        if dt in (XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger):
            if isinstance(value, bool) or not isinstance(value, int) or (dt != XSD.integer and value < 0):
                self.errors.append(f"{where}: expected a whole number, got {value!r}")
                return None
            return Literal(value, datatype=dt)
        if dt == XSD.decimal:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.errors.append(f"{where}: expected a number, got {value!r}")
                return None
            # always with a point: rdflib writes "53"^^xsd:decimal as the Turtle integer 53
            return Literal(format(Decimal(str(value)), "f") if "." in str(value) else f"{value}.0",
                           datatype=XSD.decimal)
        if dt == XSD.gYear:
            if isinstance(value, bool) or not _YEAR_RE.match(str(value)):
                self.errors.append(f"{where}: expected a year such as 2004, got {value!r}")
                return None
            return Literal(str(value), datatype=XSD.gYear)
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.errors.append(f"{where}: expected text, got {value!r}")
            return None
        return Literal(str(value))

    # ---- reading ----------------------------------------------------------------------------
    def read(self, name: str, text: str) -> None:
        try:
            doc = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            at = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
            raise InputError(f"{at}: YAML syntax error: {getattr(err, 'problem', err)} — correct the YAML there "
                             "(indentation, a missing ':' or an unclosed quote) and run again") from err
        if doc is None:
            return
        if not isinstance(doc, dict) or not isinstance(doc.get("entities", []), list):
            raise GraphSourceError(f"{name}: expected a mapping with an 'entities:' list")
        unknown = set(doc) - {"source", "entities", "__line__"}
        if unknown:
            keys = ", ".join(sorted(unknown))
            self.errors.append(f"{name}: unknown top-level key(s) {keys} — use source and entities")
        default_source = doc.get("source")
        for block in doc.get("entities", []) or []:
            if not isinstance(block, dict):
                self.errors.append(f"{name}: every item under entities must be a mapping, got {block!r}")
                continue
            self.read_entity(name, block, default_source)

    def read_entity(self, name: str, block: dict[str, Any], default_source: str | None) -> None:
        where = f"{name}:{block.get('__line__', '?')}"
        raw_id = block.get("id")
        if raw_id is None:
            self.errors.append(f"{where}: entity has no id")
            return
        iri = self.reference(raw_id, f"{where}: id")
        if iri is None:
            return
        where = f"{where}: {raw_id}"
        types = [t for t in (self.cls(str(c), where) for c in _as_list(block.get("a"))) if t is not None]
        self.default_source = default_source
        quotes = self.quotes(block.get("quotes"), where)
        facts: list[tuple[URIRef, Any]] = []
        entity = Entity(iri, types, facts, quotes, where)
        for key, value in block.items():
            if key in RESERVED or key == "__line__":
                continue
            prop = self.prop(str(key), where)
            if prop is None:
                continue
            for item in _as_list(value):
                obj = self.value(prop, item, f"{where}: {key}", entity)
                if obj is not None:
                    facts.append((prop, obj))
        self.entities.append(entity)

    def quotes(self, raw: Any, where: str) -> list[Quote]:
        """The quotes of a ``quotes:`` list (text, or ``{source: FILE, text: ...}``)."""
        quotes: list[Quote] = []
        for q in _as_list(raw):
            if isinstance(q, str):
                src, txt = self.default_source, q
            elif isinstance(q, dict) and set(q) - {"__line__"} <= {"source", "text"}:
                src, txt = q.get("source", self.default_source), q.get("text")
            else:
                self.errors.append(f"{where}: a quote is text or {{source: FILE, text: ...}}, got {q!r}")
                continue
            if not src or not isinstance(txt, str):
                self.errors.append(f"{where}: quote {txt!r} has no source — set 'source:' at the top of the file")
                continue
            quotes.append(Quote(str(src), txt, where))
        return quotes

    def qualified(self, prop: URIRef, item: dict[str, Any], where: str, entity: Entity) -> URIRef | None:
        """``{ref: X, quotes: [...]}``: the fact ``prop X`` with the quotes that state exactly it."""
        if prop not in QUALIFIED:
            self.errors.append(f"{where}: only {', '.join(sorted(str(p).rsplit('#', 1)[1] for p in QUALIFIED))} "
                               "take {ref: ..., quotes: [...]}")
            return None
        unknown = set(item) - {"ref", "quotes", "__line__"}
        if unknown or not item.get("quotes"):
            self.errors.append(f"{where}: a quoted fact is {{ref: ID, quotes: [...]}} with at least one quote, got "
                               f"{ {k: v for k, v in item.items() if k != '__line__'}!r}")
            return None
        ref = self.reference(item["ref"], where)
        if ref is not None:
            entity.qualified.append((prop, ref, self.quotes(item["quotes"], where)))
        return ref

    def value(self, prop: URIRef, item: Any, where: str, entity: Entity) -> Any:
        if prop in self.terms.object_properties or prop in (SKOS.inScheme, FOAF.homepage):
            if prop == FOAF.homepage:
                if not isinstance(item, str) or not re.match(r"^https?://\S+$", item):
                    self.errors.append(f"{where}: expected an http(s) address, got {item!r}")
                    return None
                return URIRef(item)
            if isinstance(item, dict) and "ref" in item:
                return self.qualified(prop, item, where, entity)
            if isinstance(item, dict):
                return self.nested(item, where, entity)
            return self.reference(item, where)
        return self.literal(prop, item, where)

    def nested(self, block: dict[str, Any], where: str, entity: Entity) -> BNode:
        """A nested mapping is a blank node with a stable label derived from its parent and content."""
        facts: list[tuple[URIRef, Any]] = []
        for key, value in block.items():
            if key == "__line__":
                continue
            if key == "a":
                for c in _as_list(value):
                    t = self.cls(str(c), where)
                    if t is not None:
                        facts.append((RDF.type, t))
                continue
            prop = self.prop(str(key), where)
            if prop is None:
                continue
            for item in _as_list(value):
                obj = self.value(prop, item, f"{where}.{key}", entity)
                if obj is not None:
                    facts.append((prop, obj))
        digest = hashlib.sha256(
            (str(entity.iri) + "|" + "|".join(sorted(f"{p} {o.n3()}" for p, o in facts))).encode()
        ).hexdigest()[:16]
        node = BNode(f"n{digest}")
        entity.nested.append((node, facts))
        return node

    # ---- emitting ---------------------------------------------------------------------------
    def emit(self) -> Graph:
        g = Graph()
        bind_prefixes(g)
        known: set[URIRef] = {e.iri for e in self.entities} | self.terms.individuals | self.terms.classes
        sources = self._sources()
        labels: dict[URIRef, tuple[str, str]] = {}
        for e in self.entities:
            for t in e.types:
                g.add((e.iri, RDF.type, t))
            for p, o in e.facts:
                if isinstance(o, URIRef) and str(o).startswith(str(ID)) and o not in known and p != FOAF.homepage:
                    self.errors.append(f"{e.where}: {g.qname(p)} refers to {o}, which no entity defines")
                if p == RDFS.label:
                    if e.iri in self.terms.individuals or e.iri in self.terms.classes:
                        self.errors.append(f"{e.where}: {e.iri} is labelled in the ontology; do not relabel it here")
                        continue
                    prev = labels.get(e.iri)
                    if prev and prev[0] != str(o):
                        self.errors.append(
                            f"{e.where}: label {str(o)!r} differs from {prev[0]!r} given at {prev[1]}"
                            " — one entity, one label"
                        )
                        continue
                    labels[e.iri] = (str(o), e.where)
                g.add((e.iri, p, o))
            for node, facts in e.nested:
                for p, o in facts:
                    g.add((node, p, o))
            for q in e.quotes:
                self._quote(g, e.iri, q, sources)
            for prop, value, quotes in e.qualified:
                node = self._qualified_node(g, e.iri, prop, value)
                for q in quotes:
                    self._quote(g, node, q, sources)
        for e in self.entities:
            if str(e.iri).startswith(str(ID)) and e.iri not in labels:
                self.errors.append(f"{e.where}: {e.iri} has no label in any file")
                labels[e.iri] = ("", e.where)
        self._materialise(g)
        if self.errors:
            raise GraphSourceError(
                f"{len(self.errors)} problem(s) in the graph sources:\n  " + "\n  ".join(dict.fromkeys(self.errors))
            )
        return g

    def _sources(self) -> dict[str, URIRef]:
        """Map file names and source IRIs to source-document IRIs."""
        out: dict[str, URIRef] = {}
        for e in self.entities:
            if PK.SourceDocument in e.types:
                out[str(e.iri)] = e.iri
                for p, o in e.facts:
                    if p == DCTERMS.identifier:
                        out[str(o)] = e.iri
        return out

    def _quote(self, g: Graph, subject: URIRef | BNode, q: Quote, sources: dict[str, URIRef]) -> None:
        src = sources.get(q.source) or sources.get(str(ID[q.source]) if "/" in q.source else "")
        if src is None:
            self.errors.append(f"{q.where}: quote source {q.source!r} is not a source document")
            return
        self._derivation(g, subject, src, q.text)

    @staticmethod
    def _qualified_node(g: Graph, subject: URIRef, prop: URIRef, value: URIRef) -> BNode:
        """The node of one quoted fact (see :data:`QUALIFIED`), labelled from the fact so every build names it
        alike; the fact itself is stated too."""
        letter, cls = QUALIFIED[prop]
        node = BNode(letter + hashlib.sha256(f"{subject}|{prop}|{value}".encode()).hexdigest()[:16])
        g.add((node, RDF.type, cls))
        if cls == ORG.Membership:
            g.add((node, ORG.organization, subject))
            g.add((node, ORG.member, value))
        elif cls == PK.FeatureStatement:
            g.add((node, PK.partnership, subject))
            g.add((node, PK.feature, value))
            g.add((node, PK.featurePresent, Literal(prop == PK.hasFeature)))
        else:
            g.add((node, PK.partnership, subject))
            g.add((node, PK.outcomeItem, value))
        return node

    def _derivation(self, g: Graph, subject: URIRef | BNode, source: URIRef, quote: str) -> None:
        digest = hashlib.sha256(f"{subject}|{source}|{quote}".encode()).hexdigest()[:16]
        node = BNode(f"d{digest}")
        g.add((subject, PROV.wasDerivedFrom, source))
        g.add((subject, PROV.qualifiedDerivation, node))
        g.add((node, RDF.type, PROV.Derivation))
        g.add((node, PROV.entity, source))
        g.add((node, PK.quote, Literal(quote)))

    def _materialise(self, g: Graph) -> None:
        onto = self.ontology
        for s, o in list(g.subject_objects(PK.sector)):
            if o in SECTOR_CLASSES:
                g.add((s, RDF.type, SECTOR_CLASSES[o]))
        for s, t in list(g.subject_objects(RDF.type)):
            for sup in onto.transitive_objects(t, RDFS.subClassOf):
                if isinstance(sup, URIRef) and str(sup).startswith(str(PK)):
                    g.add((s, RDF.type, sup))
        sector_of = {cls: sec for sec, cls in SECTOR_CLASSES.items()}
        for cls, sec in sector_of.items():
            for s in list(g.subjects(RDF.type, cls)):
                if (s, PK.sector, None) not in g:
                    g.add((s, PK.sector, sec))
        for membership in list(g.subjects(RDF.type, ORG.Membership)):  # the shortcut of a membership
            for partnership in g.objects(membership, ORG.organization):
                for member in g.objects(membership, ORG.member):
                    g.add((partnership, PK.hasPartner, member))
        for p, o in list(g.subject_objects(PK.hasPartner)):
            g.add((o, PK.partnerIn, p))
        for prop, inverse in INVERSES.items():
            for s, o in list(g.subject_objects(prop)):
                g.add((o, inverse, s))
            for s, o in list(g.subject_objects(inverse)):
                g.add((o, prop, s))
        for prop in SYMMETRIC:
            for s, o in list(g.subject_objects(prop)):
                g.add((o, prop, s))
        for s, p, o in list(g.triples((None, None, None))):
            if isinstance(p, URIRef) and str(p).startswith(str(PK)):
                for sup in onto.transitive_objects(p, RDFS.subPropertyOf):
                    if sup != p and isinstance(sup, URIRef) and str(sup).startswith(str(PK)):
                        g.add((s, sup, o))
        for provision in list(g.subjects(RDF.type, PK.Provision)):
            link = PROVISION_LINKS.get(g.value(provision, PK.provisionType))
            for policy in g.objects(provision, PK.provisionOf):
                for target in g.objects(provision, PK.appliesTo):
                    if link is not None:
                        g.add((policy, link, target))
        for cls, scheme in SCHEMES.items():
            for s in list(g.subjects(RDF.type, cls)):
                g.add((s, SKOS.inScheme, scheme))
                for cat in g.objects(s, PK.category):
                    g.add((cat, SKOS.inScheme, scheme))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def compile_sources(sources: Iterable[tuple[str, str]] | None = None) -> Graph:
    """Compile YAML sources, given as (name, text) pairs, into one RDF graph of instance data.

    With no argument, compiles the shipped sources. Raises GraphSourceError listing every problem found
    (each with file, line and entity) and InputError on YAML syntax errors.
    """
    c = _Compiler()
    for name, text in sources if sources is not None else shipped_sources():
        c.read(name, text)
    return c.emit()


def iter_quotes(g: Graph) -> Iterator[tuple[URIRef, URIRef, str]]:
    """(subject, source, quote) for every quoted derivation in ``g``."""
    for s, d in g.subject_objects(PROV.qualifiedDerivation):
        q = g.value(d, PK.quote)
        if q is not None:
            yield s, g.value(d, PROV.entity), str(q)



