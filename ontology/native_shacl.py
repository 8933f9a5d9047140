"""partnerkg's SHACL shapes run by rudof's native (Rust) engine: the same results as pySHACL, many times faster.

pySHACL is the reference (``shacl_results(engine="pyshacl")``); it spends milliseconds of Python on each focus
node, which a 100,000-row import or a store of millions of triples turns into many minutes. rudof
(``pip install 'partnerkg[rudof]'``) implements SHACL Core natively. Three things it lacks are done here, so that
both engines give the same report (``tests/ontology/test_shapes.py`` runs every case on both):

- SHACL-AF SPARQL targets (``sh:target [ a sh:SPARQLTarget ; sh:select … ]``, two shapes of ``shapes.ttl``):
  each query is run by Oxigraph on the data and its answers become the shape's ``sh:targetNode``\\s.
- Messages: rudof's own are "MinCount(1) not satisfied"; the report carries the shape's ``sh:message``
  (of the node shape for a failed ``sh:or``, as pySHACL does), else pySHACL's wording for the component.
- SPARQL constraints (``sh:sparql``, the identifier, membership and interval shapes): rudof finds them but does
  not say which constraint of a shape failed nor give the query's other variables, which the messages name
  (``{?schemeLabel}``, ``{?pattern}``), so each constraint's query is run by Oxigraph on the data for the
  shape's targets, and its rows become results with the message filled in, as pySHACL does.

>>> from partnerkg.ontology.native_shacl import available
>>> isinstance(available(), bool)
True
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node
from rdflib.util import from_n3

from partnerkg.errors import MissingDependencyError
from partnerkg.namespaces import SH
from partnerkg.store.terms import to_rdflib

__all__ = ["EXTRA", "available", "native_results"]

#: The extra that installs rudof.
EXTRA = "partnerkg[rudof]"

# What pySHACL says for a component when the shape carries no sh:message: {focus_name} and {path_name} are
# the focus node and path, other names the shape's own parameters, all written as the report writes nodes.
_WORDING = {
    "ClassConstraintComponent": "Value does not have class {class}",
    "DatatypeConstraintComponent": "Value is not Literal with datatype {datatype}",
    "NodeKindConstraintComponent": "Value is not of Node Kind {nodeKind}",
    "MinCountConstraintComponent": "Less than {minCount} values on {focus_name}->{path_name}",
    "MaxCountConstraintComponent": "More than {maxCount} values on {focus_name}->{path_name}",
    "MinLengthConstraintComponent": "String length not >= {minLength}",
    "MaxLengthConstraintComponent": "String length not <= {maxLength}",
    "PatternConstraintComponent": "Value does not match pattern '{pattern}'",
}


def available() -> bool:
    """Whether rudof (the ``rudof`` extra) is installed."""
    return importlib.util.find_spec("pyrudof") is not None


#: Blank nodes as rudof reads the data: it cannot target one (sh:targetNode _:x makes it panic, "not yet
#: implemented"), and a SPARQL target selects blank nodes such as a quoted membership; so they become IRIs
#: under this prefix going in and blank nodes again coming out.
SKOLEM = "urn:partnerkg:blank-node:"


def _skolemised(graph: Graph) -> str:
    """``graph`` as N-Triples with each blank node ``_:x`` written as ``<SKOLEM x>``."""
    out = Graph()
    for t in graph:
        out.add(tuple(URIRef(SKOLEM + n) if isinstance(n, BNode) else n for n in t))  # type: ignore[arg-type]
    return out.serialize(format="nt")


def _term(text: str | None) -> Node | None:
    if text is None:
        return None
    if text.startswith("_:"):
        return BNode(text[2:])
    if text.startswith('"'):
        return from_n3(text)
    if text.startswith(SKOLEM):
        return BNode(text[len(SKOLEM):])
    return URIRef(text)


def targets_materialised(shapes: Graph, data: ox.Store) -> Graph:
    """``shapes`` with each SPARQL target replaced by the ``sh:targetNode``\\s its query selects in ``data``."""
    out = Graph()
    for t in shapes:
        out.add(t)
    for shape, target in list(shapes.subject_objects(SH.target)):
        if (target, RDF.type, SH.SPARQLTarget) not in shapes:
            continue
        query = sparql_prefixes(shapes, target) + str(shapes.value(target, SH.select))
        out.remove((shape, SH.target, target))
        out.remove((target, None, None))
        for solution in data.query(query):
            node = solution["this"]
            out.add((shape, SH.targetNode, BNode(node.value) if isinstance(node, ox.BlankNode) else URIRef(node.value)))
    return out


def sparql_prefixes(shapes: Graph, node: Node) -> str:
    return "".join(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>\n"
                   for declared in shapes.objects(node, SH.prefixes) for d in shapes.objects(declared, SH.declare))


def _focus_nodes(shapes: Graph, shape: Node, data: ox.Store) -> set[Node]:
    """The shape's targets in ``data`` (sh:targetNode, sh:targetClass with subclasses, sh:targetSubjectsOf,
    sh:targetObjectsOf)."""
    found: set[Node] = set(shapes.objects(shape, SH.targetNode))
    queries = [f"SELECT ?n WHERE {{ ?n a/<{RDFS.subClassOf}>* <{c}> }}" for c in shapes.objects(shape, SH.targetClass)]
    queries += [f"SELECT ?n WHERE {{ ?n <{p}> ?o }}" for p in shapes.objects(shape, SH.targetSubjectsOf)]
    queries += [f"SELECT ?n WHERE {{ ?s <{p}> ?n }}" for p in shapes.objects(shape, SH.targetObjectsOf)]
    for query in queries:
        found.update(to_rdflib(solution["n"]) for solution in data.query(query))  # type: ignore[index]
    return found


def sparql_results(shapes: Graph, data: ox.Store) -> list[Result]:
    """Every SPARQL constraint's rows for its shape's targets, with ``{?var}`` and ``{$this}`` filled in."""
    found: list[Result] = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        targets = _focus_nodes(shapes, shape, data)
        answer = data.query(sparql_prefixes(shapes, constraint) + str(shapes.value(constraint, SH.select)))
        found += constraint_rows(answer, constraint_message(shapes, constraint), shape, targets.__contains__)
    return found


def constraint_message(shapes: Graph, constraint: Node) -> str:
    """A SPARQL constraint's ``sh:message``, with ``{?var}`` placeholders (see :func:`constraint_rows`)."""
    return str(shapes.value(constraint, SH.message) or "SPARQL constraint not met")


def constraint_rows(answer: ox.QuerySolutions, message: str, shape: Node, targeted: Callable[[Node], bool]
                    ) -> list[Result]:
    """The report rows of a SPARQL constraint's ``answer`` whose ``?this`` the shape ``targeted``, with
    ``{?var}`` and ``{$this}`` of ``message`` filled in."""
    found: list[Result] = []
    names = [v.value for v in answer.variables]
    for solution in answer:
        row = {n: to_rdflib(solution[n]) for n in names if solution[n] is not None}  # type: ignore[index]
        focus = row.get("this")
        if focus is None or not targeted(focus):
            continue
        text = re.sub(r"\{[?$](\w+)\}", lambda m, row=row: str(row.get(m.group(1), m.group(0))), message)
        found.append((focus, row.get("path"), text, str(SH.Violation), row.get("value"), shape))
    return found


def message_for(shapes: Graph, shape: Node | None, component: str, focus: str, path: str,
             short: Callable[[Node | None], str]) -> str:
    if shape is not None:
        own = shapes.value(shape, SH.message)
        if own is not None:
            return str(own)
    wording = _WORDING.get(component)
    if wording is None or shape is None:
        return "constraint not met"
    params = {str(p).rsplit("#", 1)[-1]: o.value if isinstance(o, Literal) else short(o)
              for p, o in shapes.predicate_objects(shape)}
    return wording.format_map({**params, "focus_name": focus, "path_name": path})


#: One result: focus node, path, message, severity, value and source shape (rdflib terms, the data's own
#: blank node labels).
Result = tuple[Node, Node | None, str, str, Node | None, Node | None]


def native_results(data: Graph, shapes: Graph, ontology: Graph, short: Callable[[Node | None], str]) -> list[Result]:
    """Validate ``data`` with the ontology mixed in (no inference), as pySHACL's ``ont_graph`` does;
    ``short`` names a node in messages as the report does."""
    if not available():
        raise MissingDependencyError(f"the native SHACL engine needs rudof: pip install '{EXTRA}'")
    import pyrudof

    text = data.serialize(format="nt") + ontology.serialize(format="nt")
    store = ox.Store()
    # extend, not bulk_load, which renames blank nodes: a focus node found by a query must be the data's own
    store.extend(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    shapes = targets_materialised(shapes, store)
    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    rudof.read_data(_skolemised(data) + _skolemised(ontology), format=pyrudof.RDFFormat.NTriples)
    core = Graph()  # the shapes without their SPARQL constraints, which run below (rudof's SPARQL refuses a
    for s, p, o in shapes:  # blank focus node, such as a membership's interval, in the VALUES it binds $this with)
        core.add((s, p, URIRef(SKOLEM + o) if p == SH.targetNode and isinstance(o, BNode) else o))
    for shape, constraint in list(core.subject_objects(SH.sparql)):
        core.remove((shape, SH.sparql, constraint))
    rudof.read_shacl(core.serialize(format="nt"), format=pyrudof.ShaclFormat.NTriples)
    found: list[Result] = []
    for entry in rudof.validate_shacl().violations:
        shape = _term(entry.source_shape)
        focus, path = _term(entry.focus_node), _term(entry.path)
        assert focus is not None
        component = str(entry.constraint_component).rsplit("#", 1)[-1]
        message = message_for(shapes, shape, component, short(focus), short(path), short)
        found.append((focus, path, message, str(entry.severity), _term(entry.value), shape))
    return found + sparql_results(shapes, store)
