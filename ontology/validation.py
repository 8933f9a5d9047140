"""One entry point to validate partnerkg data: SHACL shapes (pySHACL) and OWL consistency (HermiT).

>>> from partnerkg.ontology.validation import validate
>>> from partnerkg.graph import shipped_data
>>> validate(shipped_data(), owl=False).conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from partnerkg.namespaces import PK, SH
from partnerkg.ontology.files import load_ontology, load_shapes
from partnerkg.ontology.reasoning import HermitResult, check_consistency
from partnerkg.rdf_files import check_literals

__all__ = ["ENGINES", "SHACL_SPEC", "ValidationReport", "Violation", "scheme_triples", "shacl_results", "short_name",
           "validate"]

SHACL_SPEC = "https://www.w3.org/TR/shacl/"


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: the focus node, the property path, the message and the shape that failed."""

    focus: str
    path: str
    message: str
    value: str = ""
    shape: str = ""
    severity: str = "Violation"

    def __str__(self) -> str:
        value = f" (value {self.value})" if self.value else ""
        return f"{self.severity}: {self.focus} {self.path or '-'}: {self.message}{value}"


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`. ``conforms`` is True when SHACL and HermiT both pass."""

    violations: list[Violation] = field(default_factory=list)
    hermit: HermitResult | None = None
    shacl_run: bool = True

    @property
    def conforms(self) -> bool:
        shacl_ok = not any(v.severity == "Violation" for v in self.violations)
        owl_ok = self.hermit is None or (self.hermit.consistent and not self.hermit.unsatisfiable)
        return shacl_ok and owl_ok

    def text(self, limit: int = 200) -> str:
        """A readable report: one line per violation (up to ``limit``), then HermiT's verdict."""
        lines = [str(v) for v in self.violations[:limit]]
        if len(self.violations) > limit:
            lines.append(f"… and {len(self.violations) - limit} more")
        if self.shacl_run:
            lines.append(f"SHACL: {len(self.violations)} result(s) (shapes: partnerkg shapes.ttl; spec {SHACL_SPEC})")
        if self.hermit is not None:
            lines.append(self.hermit.message)
        return "\n".join(lines)


def short_name(g: Graph, node: Node | None) -> str:
    """How the report names a node: a prefixed name, an IRI in <…>, a literal in N3, or '[blank node]'."""
    if node is None:
        return ""
    if isinstance(node, URIRef):
        try:
            return g.namespace_manager.normalizeUri(node)
        except Exception:
            return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3(g.namespace_manager)[:200]
    return "[blank node]"


def _path_text(results: Graph, data: Graph, path: Node | None) -> str:
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return short_name(data, path)
    inv = results.value(path, SH.inversePath)
    return f"^{short_name(data, inv)}" if inv is not None else "[complex path]"


def _focus_text(data: Graph, node: Node) -> str:
    """Blank focus nodes (derivations, stage counts) are shown by the resource that points at them."""
    if not isinstance(node, URIRef):
        for s, p in data.subject_predicates(node):
            return f"{short_name(data, s)} {short_name(data, p)} [blank node]"
    return short_name(data, node)


def _as_graph(data: Graph) -> Graph:
    """pySHACL validates each named graph of a Dataset on its own; validate the union instead (a plain graph
    is validated as it is: copying it cost an import of 10,000 rows 3 s)."""
    if not isinstance(data, ConjunctiveGraph):
        return data
    g = Graph()
    g.namespace_manager = data.namespace_manager
    for t in data.triples((None, None, None)):
        g.add(t)
    return g


@lru_cache(maxsize=1)
def scheme_triples() -> tuple[tuple[Node, Node, Node], ...]:
    """The ontology's identifier schemes as the SHACL shapes read them (pySHACL mixes in only the ontology's
    class and property axioms, not the patterns annotated on datatypes)."""
    onto = load_ontology()
    return tuple((s, p, o) for s in set(onto.subjects(PK.identifierPattern, None))
                 for p, o in onto.predicate_objects(s) if p in (PK.identifierPattern, RDFS.label, SKOS.example))


#: The SHACL engines: pySHACL (the reference), rudof's native engine (the ``rudof`` extra), or "auto" (rudof
#: where installed, else pySHACL).
ENGINES = ("auto", "pyshacl", "rudof", "compiled")


def shacl_results(g: Graph, *, engine: str = "auto") -> list[tuple[Node, Violation]]:
    """Run partnerkg's SHACL shapes on ``g`` (ontology mixed in, no inference): (focus node, violation) pairs.

    ``engine`` is one of :data:`ENGINES`; both give the same results (see :mod:`partnerkg.ontology.native_shacl`).
    The declarations of the identifier schemes (their patterns) are added to ``g`` first: pass a copy.
    """
    from partnerkg.ontology import compiled_shacl, native_shacl

    if engine not in ENGINES:
        raise ValueError(f"engine is one of {', '.join(ENGINES)}, not {engine!r}")
    for t in scheme_triples():
        g.add(t)
    if engine == "compiled" or engine == "rudof" or (engine == "auto" and native_shacl.available()):
        run = compiled_shacl.compiled_results if engine == "compiled" else native_shacl.native_results
        return [(focus, Violation(
            focus=_focus_text(g, focus),
            path="" if path is None else short_name(g, path) if isinstance(path, URIRef) else "[complex path]",
            message=message,
            value=short_name(g, value),
            shape=short_name(g, shape) if isinstance(shape, URIRef) else "",
            severity=severity.rsplit("#", 1)[-1] or "Violation",
        )) for focus, path, message, severity, value, shape in run(
            g, load_shapes(), load_ontology(), lambda n: short_name(g, n))]
    import pyshacl

    _conforms, results, _text = pyshacl.validate(
        g,
        shacl_graph=load_shapes(),
        ont_graph=load_ontology(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    found = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        focus = results.value(r, SH.focusNode)
        source_shape = results.value(r, SH.sourceShape)
        found.append((focus, Violation(
            focus=_focus_text(g, focus),
            path=_path_text(results, g, results.value(r, SH.resultPath)),
            message=str(results.value(r, SH.resultMessage) or "constraint not met"),
            value=short_name(g, results.value(r, SH.value)),
            shape=short_name(g, source_shape) if isinstance(source_shape, URIRef) else "",
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        )))
    return found


def validate(data: Graph, *, shacl: bool = True, owl: bool = True, engine: str = "auto") -> ValidationReport:
    """Validate ``data`` (instance data, with or without the ontology) against partnerkg's rules.

    Runs the SHACL shapes with the ontology mixed in (no inference) and, if ``owl``, HermiT on ontology
    plus data. Ill-typed literals raise InvalidDataError before either runs. For an on-disk store, see
    :func:`partnerkg.store.validation.validate_store` (the same rules, in chunks).
    """
    g = _as_graph(data)
    check_literals(g)
    report = ValidationReport(shacl_run=shacl)
    if shacl:
        report.violations = sorted({v for _focus, v in shacl_results(g, engine=engine)})
    if owl:
        report.hermit = check_consistency(load_ontology() + g)
    return report
