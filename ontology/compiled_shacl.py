"""partnerkg's SHACL shapes compiled into Python checks over an index of the data: pySHACL's report, at a cost
of microseconds per focus node.

A 100,000-row import makes about 1.3 million triples. pySHACL spends milliseconds of Python on each focus node;
rudof's native engine needs about 5 s per 100,000 triples here and holds some 4 KB per triple, so neither
validates such an import in seconds. The shapes are the single source of truth: :func:`compile_shapes` reads
``shapes.ttl`` and turns each node and property shape into a plain object, and :func:`check` runs them over a
:class:`Index` (subject → predicate → objects). Only the SHACL Core components the shapes use are compiled; a
shape with any other component is refused (:class:`UnsupportedShape`), so a new constraint can never be skipped
in silence — the caller then uses pySHACL or rudof. SPARQL targets and constraints are run by Oxigraph, as in
:mod:`partnerkg.ontology.native_shacl`, and only when the data may give them a solution (:class:`SparqlQuery`:
the triple patterns every solution needs are looked up in the index first, and a target of subjects by IRI
prefix is read off the index), so a check of data no SPARQL part can select in makes no store. The wording of
messages is native_shacl's: every case of
``tests/ontology/test_shapes.py`` runs on all three engines, and the shipped graph broken in seeded ways gives
the same report on each.

>>> from partnerkg.graph import shipped_data
>>> from partnerkg.ontology.validation import validate
>>> validate(shipped_data(), owl=False, engine="compiled").conforms
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeAlias

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection as RDFList
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node, Variable

from partnerkg.namespaces import SH
from partnerkg.ontology.native_shacl import (
    Result,
    constraint_message,
    constraint_rows,
    message_for,
    sparql_prefixes,
)

__all__ = ["Index", "NodeShape", "SparqlQuery", "UnsupportedShape", "check", "compile_shapes", "compiled_results",
           "constraint_results", "focus_nodes", "key", "lazy_store", "report_rows", "term"]

# What each compiled shape may say; anything else (sh:node, sh:xone, sh:hasValue, inverse paths…) is refused.
_NODE_KEYS = {RDF.type, RDFS.label, RDFS.comment, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf,
              SH.targetNode, SH.target, SH.property, SH["or"], SH.message, SH.severity, SH.sparql, SH.deactivated}
_PROPERTY_KEYS = {SH.path, SH.minCount, SH.maxCount, SH["class"], SH.datatype, SH.pattern, SH.flags, SH["in"],
                  SH.minLength, SH.languageIn, SH.disjoint, SH["or"], SH.message, SH.severity, SH.name,
                  SH.description, RDFS.comment, RDF.type}
_VALUE_KEYS = {SH["class"], SH.datatype}  # what a member of a property shape's sh:or may say


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature the compiled engine does not implement (use pySHACL or rudof)."""


#: A compiled path: a predicate, or ("seq" | "alt", its parts).
Path: TypeAlias = URIRef | tuple[str, tuple["Path", ...]]


#: A term as the index keys it: an IRI as its text, a blank node as "_:" + its label, a literal as (lexical form,
#: datatype IRI or None, language or None). Plain strings and tuples hash in C; rdflib's terms hash in Python,
#: which made a check of a million triples several times slower.
Key: TypeAlias = "str | tuple[str, str | None, str | None]"


def key(node: Node) -> Key:
    """The index key of an rdflib term."""
    kind = type(node)  # exact types first: isinstance on rdflib's classes is slow, and this runs per term
    if kind is URIRef:
        return str(node)
    if kind is not BNode and isinstance(node, Literal):
        return (str(node), None if node.datatype is None else str(node.datatype), node.language)
    if isinstance(node, BNode):
        return "_:" + node
    return str(node)


def term(k: Key) -> Node:
    """The rdflib term of an index key."""
    if isinstance(k, tuple):
        return Literal(k[0], lang=k[2], datatype=None if k[1] is None else URIRef(k[1]))
    return BNode(k[2:]) if k.startswith("_:") else URIRef(k)


#: A compiled path: a predicate (its IRI), or ("seq" | "alt", its parts).
Path: TypeAlias = "str | tuple[str, tuple[Path, ...]]"

_TYPE, _SUBCLASS = str(RDF.type), str(RDFS.subClassOf)
_STRING, _LANG_STRING = str(XSD.string), str(RDF.langString)


@dataclass(frozen=True)
class ValueTest:
    """One member of a value-level ``sh:or``: the value has this class or this datatype."""

    cls: str | None = None
    datatype: str | None = None


@dataclass
class PropertyShape:
    """A property shape: the value nodes of ``path`` (one predicate, or alternatives) and their constraints."""

    node: Node
    path: Path
    path_node: Node
    min_count: int | None = None
    max_count: int | None = None
    classes: tuple[str, ...] = ()
    datatype: str | None = None
    patterns: tuple[re.Pattern[str], ...] = ()
    members: frozenset[Key] | None = None
    min_length: int | None = None
    languages: tuple[str, ...] | None = None
    disjoint: tuple[str, ...] = ()
    any_of: tuple[ValueTest, ...] = ()
    severity: str = str(SH.Violation)
    per_value: bool = False  # whether any constraint looks at each value, not only at how many there are


@dataclass(frozen=True)
class SparqlQuery:
    """A SPARQL target or constraint of a shape: its text (run by Oxigraph) and what any solution needs.

    ``required`` holds the predicate and object (None for a variable or a literal) of each triple pattern every
    solution matches: when the data has no triple matching one of them the query has no solution, and it is
    not run. ``prefix`` is set for a target selecting every subject whose IRI starts with it
    (``SELECT DISTINCT ?this WHERE { ?this ?p ?o FILTER(STRSTARTS(STR(?this), "…")) }``, under any DISTINCT
    and projection), which the index answers itself. ``message`` is a constraint's ``sh:message``.
    """

    text: str
    required: tuple[tuple[str, Key | None], ...] = ()
    prefix: str | None = None
    message: str = ""

    @classmethod
    def of(cls, text: str, message: str = "") -> SparqlQuery:
        try:
            algebra = prepareQuery(text).algebra
        except Exception:  # rdflib reads less SPARQL than Oxigraph: such a query always runs
            return cls(text, message=message)
        required = tuple((str(p), str(o) if isinstance(o, URIRef) else None)
                         for _s, p, o in _required(algebra) if isinstance(p, URIRef))
        return cls(text, required, _prefix_target(algebra), message)

    def possible(self, present: Present) -> bool:
        """Whether the data, of which ``present(predicate, object)`` says whether it has a matching triple, may
        give this query a solution."""
        return all(present(p, o) for p, o in self.required)


def _required(node: object) -> list[tuple[Node, Node, Node]]:
    """The triple patterns every solution of the algebra ``node`` matches (fewer is always safe)."""
    name = getattr(node, "name", None)
    if name == "BGP":
        return list(node.triples)  # type: ignore[attr-defined]
    if name == "Join":
        return _required(node.p1) + _required(node.p2)  # type: ignore[attr-defined]
    if name in ("LeftJoin", "Minus"):
        return _required(node.p1)  # type: ignore[attr-defined]
    if name in ("SelectQuery", "Project", "Distinct", "Reduced", "Filter", "Extend", "ToMultiSet", "OrderBy", "Slice"):
        return _required(node.p)  # type: ignore[attr-defined]
    return []  # a union, an aggregate (one row even over no solutions), VALUES, GRAPH…: nothing for certain


def _unwrapped(node: object) -> object:
    while getattr(node, "name", None) in ("SelectQuery", "Project", "Distinct", "Reduced", "ToMultiSet"):
        node = node.p  # type: ignore[attr-defined]
    return node


def _prefix_target(algebra: object) -> str | None:
    """The IRI prefix of a target selecting every subject whose IRI starts with it, else None."""
    this = Variable("this")
    node = _unwrapped(algebra)
    expr = getattr(node, "expr", None)
    if getattr(node, "name", None) != "Filter" or getattr(expr, "name", None) != "Builtin_STRSTARTS":
        return None
    arg1, prefix = expr.arg1, expr.arg2  # type: ignore[union-attr]
    if getattr(arg1, "name", None) != "Builtin_STR" or arg1.arg != this or not isinstance(prefix, Literal) \
            or prefix.language is not None or prefix.datatype not in (None, XSD.string):
        return None
    inner = _unwrapped(node.p)  # type: ignore[attr-defined]
    if getattr(inner, "name", None) != "BGP" or len(inner.triples) != 1:  # type: ignore[attr-defined]
        return None
    s, p, o = inner.triples[0]  # type: ignore[attr-defined]
    return str(prefix) if s == this and isinstance(p, Variable) and isinstance(o, Variable) \
        and len({s, p, o}) == 3 else None


@dataclass
class NodeShape:
    """A node shape: how it finds its focus nodes, its property shapes and a node-level ``sh:or``."""

    node: Node
    target_classes: tuple[str, ...] = ()
    target_subjects_of: tuple[str, ...] = ()
    target_objects_of: tuple[str, ...] = ()
    target_nodes: tuple[Key, ...] = ()
    target_queries: tuple[SparqlQuery, ...] = ()  # SPARQL targets (SHACL-AF), each selecting ?this
    properties: list[PropertyShape] = field(default_factory=list)
    constraints: tuple[SparqlQuery, ...] = ()  # SPARQL constraints, run by Oxigraph
    any_of: tuple[PropertyShape, ...] = ()  # the node conforms to at least one
    severity: str = str(SH.Violation)


def _keys(shapes: Graph, node: Node, allowed: set[URIRef]) -> None:
    extra = {p for p in shapes.predicates(node) if p not in allowed}
    if extra:
        raise UnsupportedShape(f"{node}: {', '.join(sorted(map(str, extra)))} — not compiled; use pySHACL or rudof")


def _texts(shapes: Graph, node: Node, p: URIRef) -> tuple[str, ...]:
    return tuple(str(o) for o in shapes.objects(node, p))


def _text(shapes: Graph, node: Node, p: URIRef) -> str | None:
    value = shapes.value(node, p)
    return None if value is None else str(value)


def _int(shapes: Graph, node: Node, p: URIRef) -> int | None:
    value = shapes.value(node, p)
    return None if value is None else int(value)


def _compile_path(shapes: Graph, path: Node | None, where: Node) -> Path:
    if isinstance(path, URIRef):
        return str(path)
    if path is not None and (path, RDF.first, None) in shapes:
        return ("seq", tuple(_compile_path(shapes, m, where) for m in RDFList(shapes, path)))
    if path is not None and set(shapes.predicates(path)) == {SH.alternativePath}:
        members = RDFList(shapes, shapes.value(path, SH.alternativePath))
        return ("alt", tuple(_compile_path(shapes, m, where) for m in members))
    raise UnsupportedShape(f"{where}: only predicate, sequence and alternative paths are compiled")


def _property(shapes: Graph, node: Node) -> PropertyShape:
    _keys(shapes, node, _PROPERTY_KEYS)
    path_node = shapes.value(node, SH.path)
    assert path_node is not None, f"{node}: a property shape without sh:path"
    shape = PropertyShape(node, _compile_path(shapes, path_node, node), path_node,
                          min_count=_int(shapes, node, SH.minCount), max_count=_int(shapes, node, SH.maxCount),
                          classes=_texts(shapes, node, SH["class"]), datatype=_text(shapes, node, SH.datatype),
                          min_length=_int(shapes, node, SH.minLength), disjoint=_texts(shapes, node, SH.disjoint),
                          severity=str(shapes.value(node, SH.severity) or SH.Violation))
    flags = str(shapes.value(node, SH.flags) or "")
    shape.patterns = tuple(re.compile(str(p), (re.I if "i" in flags else 0) | (re.S if "s" in flags else 0)
                                      | (re.M if "m" in flags else 0) | (re.X if "x" in flags else 0))
                           for p in shapes.objects(node, SH.pattern))
    if (listed := shapes.value(node, SH["in"])) is not None:
        shape.members = frozenset(key(m) for m in RDFList(shapes, listed))
    if (languages := shapes.value(node, SH.languageIn)) is not None:
        shape.languages = tuple(str(x).lower() for x in RDFList(shapes, languages))
    if (alternatives := shapes.value(node, SH["or"])) is not None:
        tests = []
        for member in RDFList(shapes, alternatives):
            _keys(shapes, member, _VALUE_KEYS)
            tests.append(ValueTest(_text(shapes, member, SH["class"]), _text(shapes, member, SH.datatype)))
        shape.any_of = tuple(tests)
    shape.per_value = bool(shape.classes or shape.datatype or shape.patterns or shape.members is not None
                           or shape.min_length is not None or shape.languages is not None or shape.any_of)
    return shape


def compile_shapes(shapes: Graph) -> list[NodeShape]:
    """Every node shape of ``shapes``; SPARQL targets and constraints are kept as queries (:func:`check` and
    :func:`constraint_results` run them on a store, when the data may give them a solution).

    Raises :class:`UnsupportedShape` for a component this engine does not implement.
    """
    compiled = []
    for node in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        _keys(shapes, node, _NODE_KEYS)
        if shapes.value(node, SH.deactivated) == Literal(True):
            continue
        queries = []
        for target in shapes.objects(node, SH.target):
            if (target, RDF.type, SH.SPARQLTarget) not in shapes or shapes.value(target, SH.select) is None:
                raise UnsupportedShape(f"{node}: only SPARQL targets (sh:select) are compiled as sh:target")
            queries.append(SparqlQuery.of(sparql_prefixes(shapes, target) + str(shapes.value(target, SH.select))))
        constraints = tuple(SparqlQuery.of(sparql_prefixes(shapes, c) + str(shapes.value(c, SH.select)),
                                           constraint_message(shapes, c))
                            for c in sorted(shapes.objects(node, SH.sparql)))
        shape = NodeShape(node, target_queries=tuple(queries), constraints=constraints,
                          target_classes=_texts(shapes, node, SH.targetClass),
                          target_subjects_of=_texts(shapes, node, SH.targetSubjectsOf),
                          target_objects_of=_texts(shapes, node, SH.targetObjectsOf),
                          target_nodes=tuple(key(n) for n in shapes.objects(node, SH.targetNode)),
                          properties=[_property(shapes, p) for p in shapes.objects(node, SH.property)],
                          severity=str(shapes.value(node, SH.severity) or SH.Violation))
        if (alternatives := shapes.value(node, SH["or"])) is not None:
            shape.any_of = tuple(_property(shapes, m) for m in RDFList(shapes, alternatives))
        compiled.append(shape)
    return compiled


class Index:
    """The data as the checks read it: subject → predicate → objects (key → term, in insertion order), and the
    class hierarchy.

    ``add`` takes triples of rdflib terms; the ontology's triples are added like any others (pySHACL mixes
    the ontology graph in), so ``sh:class`` follows ``rdfs:subClassOf`` without inference.
    """

    def __init__(self, triples: Iterable[tuple[Node, Node, Node]] = (), base: Index | None = None) -> None:
        """An index of ``triples`` on top of ``base`` (e.g. the ontology, indexed once for many checks), which
        it reads without changing: a subject of ``base`` that ``add`` gives more triples is copied first."""
        self.spo: dict[Key, dict[str, dict[Key, Node]]] = {} if base is None else dict(base.spo)
        self.predicates: set[str] = set() if base is None else set(base.predicates)
        self._borrowed: set[Key] = set() if base is None else set(base.spo)
        self._supers: dict[Key, frozenset[Key]] | None = None if base is None else base.superclasses()
        self._classes: dict[Key, frozenset[Key]] = {}
        self.add(triples)

    def add(self, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        spo, borrowed = self.spo, self._borrowed
        hierarchy = False
        for s, p, o in triples:
            k = str(s) if type(s) is URIRef else key(s)  # key(), inlined for the commonest case
            po = spo.get(k)
            if po is None:
                po = spo[k] = {}
            elif borrowed and k in borrowed:
                po = spo[k] = {q: dict(objects) for q, objects in po.items()}
                borrowed.discard(k)
            ps = str(p)
            if ps == _SUBCLASS:
                hierarchy = True
            objects = po.get(ps)
            if objects is None:
                objects = po[ps] = {}
                self.predicates.add(ps)
            objects[str(o) if type(o) is URIRef else key(o)] = o
        if hierarchy:
            self._supers = None
        self._classes = {}

    def has(self, p: str, o: Key | None = None) -> bool:
        """Whether some triple has the predicate ``p`` (and the object ``o``, when given)."""
        return p in self.predicates and (o is None or any(o in po.get(p, _NONE) for po in self.spo.values()))

    def objects(self, s: Key, p: str) -> dict[Key, Node]:
        return self.spo.get(s, _NONE).get(p, _NONE)  # type: ignore[arg-type]

    def superclasses(self) -> dict[Key, frozenset[Key]]:
        """Each class's superclasses (reflexive, transitive), from the data's ``rdfs:subClassOf``."""
        if self._supers is None:
            direct = {s: list(po[_SUBCLASS]) for s, po in self.spo.items() if _SUBCLASS in po}
            closed: dict[Key, frozenset[Key]] = {}

            def up(c: Key, seen: frozenset[Key] = frozenset()) -> frozenset[Key]:
                if c not in closed:
                    found = {c}
                    for parent in direct.get(c, ()):  # type: ignore[call-overload]
                        if parent not in seen:
                            found |= up(parent, seen | {c})
                    closed[c] = frozenset(found)
                return closed[c]

            for c in direct:
                up(c)
            self._supers = closed
        return self._supers

    def classes(self, node: Key) -> frozenset[Key]:
        """Every class ``node`` is an instance of: its types and their superclasses."""
        found = self._classes.get(node)
        if found is None:
            supers = self.superclasses()
            gathered: set[Key] = set()
            for t in self.objects(node, _TYPE):
                gathered |= supers.get(t, {t})
            found = self._classes[node] = frozenset(gathered)
        return found


_NONE: dict = {}


def _datatype_ok(k: Key, value: Node, datatype: str) -> bool:
    if not isinstance(k, tuple):
        return False
    _lexical, dt, language = k
    if datatype == _LANG_STRING:
        return language is not None
    if language is not None:
        return False
    return (dt or _STRING) == datatype and not value.ill_typed  # type: ignore[attr-defined]


def _language_ok(k: Key, languages: tuple[str, ...]) -> bool:
    if not isinstance(k, tuple) or not k[2]:
        return False
    tag = k[2].lower()
    return any(tag == lang or tag.startswith(lang + "-") or lang == "*" for lang in languages)


def _value_test(index: Index, k: Key, value: Node, test: ValueTest) -> bool:
    if test.cls is not None and test.cls not in index.classes(k):
        return False
    return test.datatype is None or _datatype_ok(k, value, test.datatype)


#: One failure: focus, node shape, property shape (None for the node shape's own ``sh:or``), component, value.
Failure = tuple[Key, NodeShape, "PropertyShape | None", str, "Node | None"]


def _follow(index: Index, nodes: dict[Key, Node], path: Path) -> dict[Key, Node]:
    if isinstance(path, str):
        if len(nodes) == 1:
            return index.objects(next(iter(nodes)), path)
        return {k: v for n in nodes for k, v in index.objects(n, path).items()}
    kind, parts = path
    if kind == "seq":
        for part in parts:
            nodes = _follow(index, nodes, part)
        return nodes
    return {k: v for part in parts for k, v in _follow(index, nodes, part).items()}


def _property_failures(index: Index, focus: Key, shape: PropertyShape) -> list[tuple[str, Node | None]]:
    path = shape.path
    values = (index.spo.get(focus, _NONE).get(path, _NONE) if type(path) is str  # the common case, inlined
              else _follow(index, {focus: None}, path))  # type: ignore[dict-item]
    n = len(values)
    if (not n or not shape.per_value) and not shape.disjoint and (shape.min_count is None or n >= shape.min_count) \
            and (shape.max_count is None or n <= shape.max_count):
        return _NO_FAILURES  # most value sets of most shapes: nothing to look at one by one
    out: list[tuple[str, Node | None]] = []
    if shape.min_count is not None and n < shape.min_count:
        out.append(("MinCountConstraintComponent", None))
    if shape.max_count is not None and n > shape.max_count:
        out.append(("MaxCountConstraintComponent", None))
    if shape.per_value:
        for k, value in values.items():
            if shape.classes:
                classes = index.classes(k)
                out += [("ClassConstraintComponent", value) for cls in shape.classes if cls not in classes]
            if shape.datatype is not None and not _datatype_ok(k, value, shape.datatype):
                out.append(("DatatypeConstraintComponent", value))
            for pattern in shape.patterns:
                if isinstance(value, BNode) or not pattern.search(str(value)):
                    out.append(("PatternConstraintComponent", value))
            if shape.members is not None and k not in shape.members:
                out.append(("InConstraintComponent", value))
            if shape.min_length is not None and (isinstance(value, BNode) or len(str(value)) < shape.min_length):
                out.append(("MinLengthConstraintComponent", value))
            if shape.languages is not None and not _language_ok(k, shape.languages):
                out.append(("LanguageInConstraintComponent", value))
            if shape.any_of and not any(_value_test(index, k, value, t) for t in shape.any_of):
                out.append(("OrConstraintComponent", value))
    for other in shape.disjoint:
        out += [("DisjointConstraintComponent", value) for k, value in index.objects(focus, other).items()
                if k in values]
    return out


_NO_FAILURES: list[tuple[str, Node | None]] = []


#: The store a SPARQL target or constraint runs on, made when one is first needed (None: they select nothing).
StoreMaker = Callable[[], ox.Store] | None
#: Whether the data has a triple with this predicate (and this object, unless None).
Present = Callable[[str, "Key | None"], bool]


def lazy_store(data: Callable[[], bytes]) -> Callable[[], ox.Store]:
    """A :data:`StoreMaker`: an in-memory store of the N-Triples ``data()`` gives, made on the first call
    (``extend``, not ``bulk_load``, which renames blank nodes: a focus node a query finds must be the data's)."""
    made: list[ox.Store] = []

    def store() -> ox.Store:
        if not made:
            made.append(ox.Store())
            made[0].extend(ox.parse(data(), format=ox.RdfFormat.N_TRIPLES))
        return made[0]

    return store


def focus_nodes(index: Index, shapes: list[NodeShape], among: Iterable[Key] | None = None,
                store: StoreMaker = None, present: Present | None = None) -> dict[Key, list[NodeShape]]:
    """Each focus node of ``index`` (of ``among``, keys, when given) with the shapes that target it, in one pass.

    A SPARQL target of subjects by IRI prefix is read off the index; another runs on the store ``store()``
    makes (the same data, in Oxigraph) unless ``present`` (by default ``index.has``; a store holding more than
    the index needs its own) shows that it can select nothing."""
    present = present or index.has
    by_class: dict[Key, list[NodeShape]] = {}
    by_subject_of: dict[str, list[NodeShape]] = {}
    for shape in shapes:
        for c in shape.target_classes:
            by_class.setdefault(c, []).append(shape)
        for p in shape.target_subjects_of:
            by_subject_of.setdefault(p, []).append(shape)
    pool = index.spo.keys() if among is None else dict.fromkeys(among).keys()
    found: dict[Key, dict[int, NodeShape]] = {}

    def target(node: Key, shape: NodeShape) -> None:
        found.setdefault(node, {})[id(shape)] = shape

    spo = index.spo
    for node in pool:
        for c in index.classes(node):
            for shape in by_class.get(c, ()):
                found.setdefault(node, {})[id(shape)] = shape
        for p in spo.get(node, _NONE):
            for shape in by_subject_of.get(p, ()):
                found.setdefault(node, {})[id(shape)] = shape
    by_object_of: dict[str, list[NodeShape]] = {}
    for shape in shapes:
        for p in shape.target_objects_of:
            by_object_of.setdefault(p, []).append(shape)
    for po in spo.values() if by_object_of else ():  # one pass over the subjects for every such target
        for p, targeting in by_object_of.items():
            for node in po.get(p, ()):
                if node in pool:
                    for shape in targeting:
                        target(node, shape)
    for shape in shapes:
        for node in shape.target_nodes:
            if node in pool:
                target(node, shape)
        for query in shape.target_queries:
            if query.prefix is not None:
                for node in pool:
                    if type(node) is str and node.startswith(query.prefix) and node in spo:
                        target(node, shape)
            elif store is not None and query.possible(present):
                for solution in store().query(query.text):  # type: ignore[union-attr]
                    found_node = solution["this"]  # type: ignore[index]
                    k = ("_:" if isinstance(found_node, ox.BlankNode) else "") + found_node.value
                    if k in pool:
                        target(k, shape)
    return {node: list(by_id.values()) for node, by_id in found.items()}


def check(index: Index, shapes: list[NodeShape], among: Iterable[Key] | None = None, store: StoreMaker = None,
          foci: dict[Key, list[NodeShape]] | None = None) -> Iterator[Failure]:
    """Every failure of ``shapes``' core constraints on ``index``; with ``among`` (keys), only for those focus
    nodes. ``store`` makes a store of the same data for the SPARQL targets (see :func:`focus_nodes`, whose
    answer ``foci`` may pass in instead).

    >>> import pyoxigraph as ox
    >>> from rdflib import URIRef
    >>> from rdflib.namespace import RDF
    >>> from partnerkg.namespaces import PK
    >>> from partnerkg.ontology import load_ontology, load_shapes
    >>> shapes = compile_shapes(load_shapes())
    >>> p = URIRef("https://w3id.org/partnerkg/id/partnership/p")
    >>> index = Index([(p, RDF.type, PK.Partnership)])
    >>> index.add(load_ontology())  # sh:class follows the ontology's rdfs:subClassOf
    >>> for name, component in sorted((prop.path.rsplit("#")[-1], component)
    ...                               for _f, _n, prop, component, _v in check(index, shapes, [key(p)])):
    ...     print(name, component)
    hasPartner MinCountConstraintComponent
    label MinCountConstraintComponent
    qualifiedDerivation MinCountConstraintComponent
    wasDerivedFrom MinCountConstraintComponent
    """
    for focus, targeting in (focus_nodes(index, shapes, among, store) if foci is None else foci).items():
        for shape in targeting:
            for prop in shape.properties:
                for component, value in _property_failures(index, focus, prop):
                    yield focus, shape, prop, component, value
            if shape.any_of and not any(not _property_failures(index, focus, alt) for alt in shape.any_of):
                yield focus, shape, None, "OrConstraintComponent", term(focus)


def constraint_results(shapes: list[NodeShape], foci: dict[Key, list[NodeShape]], store: StoreMaker,
                       present: Present) -> list[Result]:
    """The report rows of the SPARQL constraints of ``shapes`` for their focus nodes ``foci`` (from
    :func:`focus_nodes`), run on ``store()``; a constraint no focus node is targeted by, or whose query
    ``present`` shows has no solution, is not run."""
    targeted: dict[int, set[Key]] = {}
    for node, targeting in foci.items():
        for shape in targeting:
            targeted.setdefault(id(shape), set()).add(node)
    found: list[Result] = []
    for shape in shapes:
        nodes = targeted.get(id(shape))
        for constraint in shape.constraints if nodes and store is not None else ():
            if constraint.possible(present):
                answer = store().query(constraint.text)  # type: ignore[misc]
                found += constraint_rows(answer, constraint.message, shape.node,  # type: ignore[arg-type]
                                         lambda n, nodes=nodes: key(n) in nodes)  # type: ignore[misc]
    return found


def compiled_results(data: Graph, shapes: Graph, ontology: Graph, short: Callable[[Node | None], str]) -> list[Result]:
    """Validate ``data`` with the ontology mixed in (no inference), as :func:`native_shacl.native_results`."""
    index = Index(data)
    index.add(ontology)
    compiled = compile_shapes(shapes)
    store = lazy_store(lambda: (data.serialize(format="nt") + ontology.serialize(format="nt")).encode("utf-8"))
    foci = focus_nodes(index, compiled, store=store)
    return (report_rows(check(index, compiled, foci=foci), shapes, short)
            + constraint_results(compiled, foci, store, index.has))


def report_rows(failures: Iterable[Failure], shapes: Graph, short: Callable[[Node | None], str]) -> list[Result]:
    """Failures as report rows (focus, path, message, severity, value, source shape), worded as the report
    words them: the shape's ``sh:message``, else pySHACL's wording of the component."""
    rows: list[Result] = []
    for focus_key, node_shape, prop, component, value in failures:
        focus = term(focus_key)
        source, path, severity = ((prop.node, prop.path_node, prop.severity) if prop is not None
                                  else (node_shape.node, None, node_shape.severity))
        message = message_for(shapes, source, component, short(focus), short(path), short)
        rows.append((focus, path, message, severity, value, source))
    return rows
