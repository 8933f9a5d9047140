"""``partnerkg build``: assemble ontology and data, validate, and write the outputs all-or-nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from partnerkg.atomic import atomic_directory
from partnerkg.errors import InvalidDataError
from partnerkg.export import serialise
from partnerkg.namespaces import PK
from partnerkg.ontology import load_ontology
from partnerkg.ontology.validation import ValidationReport, validate
from partnerkg.rdf_files import RDFFormat
from partnerkg.store import open_graph
from partnerkg.visualise import write_all_maps

__all__ = ["SUMMARY_CLASSES", "BuildResult", "build", "class_counts"]

#: Classes counted in the build summary, in this order.
SUMMARY_CLASSES = [
    PK.Organisation, PK.UnnamedOrganisation, PK.Partnership, PK.PartnershipKind, PK.Policy, PK.Study,
    PK.Barrier, PK.Facilitator, PK.Benefit, PK.ReasonForPartnership, PK.WorkingArrangement,
    PK.GovernancePrinciple, PK.SetUpQuestion, PK.Misconception, PK.ModelAdvantage, PK.ModelDisadvantage,
    PK.SourceDocument, PK.Person, PK.Region,
]


@dataclass
class BuildResult:
    """What a build wrote and found."""

    output: Path
    triples: int
    counts: dict[str, int]
    report: ValidationReport
    files: list[str] = field(default_factory=list)


def class_counts(g: Graph) -> dict[str, int]:
    """Instances per summary class (asserted types; the compiler materialises pk: superclasses)."""
    counts: Counter[URIRef] = Counter(o for o in g.objects(None, RDF.type) if o in SUMMARY_CLASSES)
    return {str(c).rsplit("#", 1)[1]: counts.get(c, 0) for c in SUMMARY_CLASSES}


def build(
    output: str | Path = "build",
    data: Sequence[str | Path] = (),
    *,
    shipped: bool = True,
    owl: bool = True,
    maps: bool = True,
    step: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the graph into ``output``: validate (SHACL, HermiT), then write every file or none.

    Writes ``ontology.ttl``, ``partnerkg.ttl`` (ontology and data), ``partnerkg.nt``,
    ``partnerkg.jsonld`` and, unless ``maps`` is false, every map view under ``maps/`` with an index.
    Raises InvalidDataError, with the full report, when validation fails.
    """
    say = step or (lambda _msg: None)
    say("assembling the graph")
    ds = open_graph(data, shipped=shipped)
    graph = Graph()
    for t in ds.triples((None, None, None)):
        graph.add(t)
    for t in load_ontology():
        graph.add(t)
    say("validating with SHACL" + (" and HermiT" if owl else ""))
    report = validate(graph, owl=owl)
    if not report.conforms:
        raise InvalidDataError("validation failed; nothing was written\n" + report.text())
    say("writing outputs")
    out = Path(output)
    outputs = {
        "ontology.ttl": serialise(load_ontology(), RDFFormat.TURTLE),
        "partnerkg.ttl": serialise(graph, RDFFormat.TURTLE),
        "partnerkg.nt": serialise(graph, RDFFormat.NTRIPLES),
        "partnerkg.jsonld": serialise(graph, RDFFormat.JSONLD),
    }
    files = sorted(outputs)
    with atomic_directory(out) as tmp:
        for name, blob in outputs.items():
            (tmp / name).write_bytes(blob)
        if maps:
            say("drawing maps")
            files += [f"maps/{name}" for name in write_all_maps(graph, tmp / "maps")]
    return BuildResult(out, len(graph), class_counts(graph), report, files)
