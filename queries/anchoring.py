"""Whether a query's whole evaluation is anchored on constants: the cost rule of ``--engine auto``.

Oxigraph answers a triple pattern with a known subject or object by an index lookup, in microseconds; the
columnar engine scans whole predicate runs (0.1–0.2 s at a million triples, however small the answer). So a
query is sent to Oxigraph when :func:`anchored` finds every triple pattern reached from a constant:

* A triple pattern (a BGP triple; the predicate may be a property path) is *anchored*, given a set of bound
  variables, when its subject or object is a constant (IRI or literal) or a bound variable. A predicate never
  anchors (it selects a whole predicate run), nor does the class end of ``rdf:type`` or of a path made only of
  ``rdf:type`` and ``rdfs:subClassOf`` steps (the object, the subject under ``^``): a class has many instances.
  Nor does a path with a ``*`` or ``+`` closure of other steps: from one organisation, a chain of partnerships
  reaches every organisation connected to it (``how-connected`` took 2 s in Oxigraph, 0.6 s here, at 1M).
* A basic graph pattern is anchored when all its patterns are, marking anchored patterns and binding their
  variables (blank nodes included) until nothing changes, so the order the triples are written in is irrelevant.
* ``Join``: either side anchored, then the other given the variables it bound. ``LeftJoin`` (OPTIONAL): the
  left side, then the right given the left's variables; afterwards only the left's count as bound (the right's
  may be unbound). ``Union``: every branch, each given the incoming variables; the variables every branch binds
  count as bound. ``Minus``: the left side, and the right on its own (Oxigraph evaluates it independently).
* ``Extend`` (BIND): the inner pattern; its variable is bound when every variable of the expression is.
  ``Filter``: the inner pattern, and the pattern of each ``EXISTS`` in the expression given the inner's
  variables (also in BIND and OPTIONAL; one rdflib leaves untranslated, as in ORDER BY, is not anchored).
  ``Graph``: the inner pattern.
* ``VALUES`` binds the variables that every row binds (UNDEF binds none). A subquery must be anchored on its
  own (Oxigraph evaluates it once and joins it by hash); it binds its projected variables. Project, Distinct,
  Reduced, Slice and OrderBy: their inner pattern.
* Anything else, aggregates (``Group``, ``AggregateJoin``) among them, is not anchored (they read whole runs),
  and neither is a query with no triple pattern at all: the columnar engine answers those as before.

>>> from rdflib.plugins.sparql import prepareQuery
>>> anchored(prepareQuery("SELECT ?p WHERE { ?p <urn:x:partnerIn> <urn:x:org> }").algebra)
True
>>> anchored(prepareQuery("SELECT ?p WHERE { ?p a <urn:x:Partnership> }").algebra)
False
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pyparsing import ParseResults
from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import RDF, RDFS
from rdflib.paths import AlternativePath, InvPath, MulPath, SequencePath
from rdflib.plugins.sparql.parserutils import CompValue

__all__ = ["anchored"]

Bound = frozenset[Any]  # the bound variables (and blank nodes of the basic graph patterns that bound them)
_CLASS_STEPS = (RDF.type, RDFS.subClassOf)
_INNER = ("Filter", "Distinct", "Reduced", "Slice", "OrderBy")  # an inner pattern and maybe an expression


def anchored(algebra: CompValue) -> bool:
    """Whether every triple pattern of the query is reached from a constant (the rules are the module's).

    ``algebra`` is the query node of ``translateQuery(...).algebra``: a SelectQuery, ConstructQuery or AskQuery.
    """
    walk = _Walk()
    return isinstance(algebra.p, CompValue) and walk.node(algebra.p, frozenset()) is not None and walk.patterns > 0


class _Walk:
    """One pass over the algebra; ``patterns`` counts the triple patterns met."""

    def __init__(self) -> None:
        self.patterns = 0

    def node(self, node: CompValue, bound: Bound) -> Bound | None:
        """The variables bound after ``node`` given ``bound`` before it, or None when it is not anchored."""
        name = node.name if isinstance(node, CompValue) else None
        if name == "BGP":
            return self.bgp(node.triples, bound)
        if name == "Join":
            for first, second in ((node.p1, node.p2), (node.p2, node.p1)):
                left = self.node(first, bound)
                after = None if left is None else self.node(second, left)
                if after is not None:
                    return after
            return None
        if name == "LeftJoin":
            left = self.node(node.p1, bound)
            right = None if left is None else self.node(node.p2, left)
            return left if right is not None and self.exists(node.expr, right) else None
        if name == "Union":
            left, right = self.node(node.p1, bound), self.node(node.p2, bound)
            return None if left is None or right is None else left & right
        if name == "Minus":
            left = self.node(node.p1, bound)
            return left if left is not None and self.node(node.p2, frozenset()) is not None else None
        if name == "Extend":
            inner = self.node(node.p, bound)
            if inner is None or not self.exists(node.expr, inner):
                return None
            return inner | {node.var} if _variables(node.expr) <= inner else inner
        if name == "Graph":
            inner = self.node(node.p, bound)
            if inner is None or not isinstance(node.term, Variable):
                return inner
            return inner | {node.term}
        if name == "values":
            rows = [frozenset(v for v, term in row.items() if isinstance(term, URIRef | Literal)) for row in node.res]
            return bound | frozenset.intersection(*rows) if rows else bound
        if name == "ToMultiSet":
            if node.p.name == "values":
                return self.node(node.p, bound)
            inner = self.node(node.p, frozenset())
            return None if inner is None else bound | inner
        if name == "Project":
            inner = self.node(node.p, bound)
            return None if inner is None else bound | (inner & frozenset(node.PV))
        if name in _INNER:
            inner = self.node(node.p, bound)
            return inner if inner is not None and self.exists(node.expr, inner) else None
        return None

    def bgp(self, triples: Iterable[tuple[Any, Any, Any]], bound: Bound) -> Bound | None:
        """Mark anchored triples and bind their variables until a fixpoint; None if any is left unanchored."""
        waiting = list(triples)
        self.patterns += len(waiting)
        while waiting:
            ready = [_anchors(t, bound) for t in waiting]
            if not any(ready):
                return None
            new = {term for t, r in zip(waiting, ready, strict=True) if r for term in t}
            bound = bound | {term for term in new if isinstance(term, Variable | BNode)}
            waiting = [t for t, r in zip(waiting, ready, strict=True) if not r]
        return bound

    def exists(self, expr: Any, bound: Bound) -> bool:
        """Whether the pattern of every EXISTS / NOT EXISTS in ``expr`` is anchored given ``bound``."""
        return all(self.node(e.graph, bound) is not None for e in _exists(expr))


def _anchors(triple: tuple[Any, Any, Any], bound: Bound) -> bool:
    """Whether the subject or object of ``triple`` is a constant or a bound variable, not a class end, and its
    predicate no closure over instance data."""
    if _unbounded(triple[1]):
        return False
    classes = _class_ends(triple[1])
    return any(
        isinstance(triple[i], URIRef | Literal) or triple[i] in bound for i in (0, 2) if i not in classes
    )


def _unbounded(predicate: Any) -> bool:
    """Whether a path holds a ``*`` or ``+`` closure of steps other than rdf:type and rdfs:subClassOf: from a
    constant it may reach the whole graph (a chain of partnerships reaches every connected organisation)."""
    if isinstance(predicate, MulPath):
        return (predicate.mod != "?" and not _class_ends(predicate.path)) or _unbounded(predicate.path)
    if isinstance(predicate, InvPath):
        return _unbounded(predicate.arg)
    if isinstance(predicate, SequencePath | AlternativePath):
        return any(_unbounded(step) for step in predicate.args)
    return False


def _class_ends(predicate: Any) -> frozenset[int]:
    """The positions (0 subject, 2 object) holding a class, for a path made only of rdf:type and
    rdfs:subClassOf steps; none for any other predicate."""
    if isinstance(predicate, InvPath):
        return frozenset(2 - i for i in _class_ends(predicate.arg))
    if isinstance(predicate, MulPath):
        return _class_ends(predicate.path)
    if isinstance(predicate, SequencePath | AlternativePath):
        ends = [_class_ends(step) for step in predicate.args]
        return frozenset().union(*ends) if all(ends) else frozenset()
    return frozenset({2}) if predicate in _CLASS_STEPS else frozenset()


def _walk(expr: Any) -> Iterator[Any]:
    """``expr`` and everything in it (through CompValues and lists), not entering EXISTS patterns."""
    yield expr
    if isinstance(expr, CompValue) and expr.name not in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
        for value in dict.values(expr):
            yield from _walk(value)
    elif isinstance(expr, list | tuple | ParseResults):
        for value in expr:
            yield from _walk(value)


def _exists(expr: Any) -> Iterator[CompValue]:
    """The EXISTS and NOT EXISTS nodes of an expression."""
    return (e for e in _walk(expr) if isinstance(e, CompValue) and e.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"))


def _variables(expr: Any) -> frozenset[Variable]:
    """The variables of an expression (those of its EXISTS patterns count as none: EXISTS is never unbound)."""
    return frozenset(e for e in _walk(expr) if isinstance(e, Variable))
