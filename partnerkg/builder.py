"""``partnerkg build``: assemble ontology and data, validate, and write the outputs all-or-nothing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from partnerkg.atomic import atomic_directory, check_output_folder
from partnerkg.diagnose.offline import REPORTS_FOLDER, write_reports
from partnerkg.errors import InvalidDataError
from partnerkg.interop.export import serialise
from partnerkg.namespaces import PK
from partnerkg.ontology import load_ontology
from partnerkg.ontology.reference import write_reference
from partnerkg.ontology.validation import ValidationReport, validate
from partnerkg.queries.fulltext import ensure_search_index
from partnerkg.rdf_files import RDFFormat
from partnerkg.store.graphs import open_graph
from partnerkg.store.oxigraph import dump, oxigraph_of
from partnerkg.store.validation import validate_store
from partnerkg.visualise import write_all_maps
from partnerkg.visualise.html import diagnose_base

__all__ = ["BUILD_MARKER", "SUMMARY_CLASSES", "BuildResult", "build", "class_counts"]

#: The file that marks a folder as a partnerkg build (a later build may replace it whole).
BUILD_MARKER = ".partnerkg-build"
#: What a build writes: a folder holding only these is an earlier build, also one made before the marker.
_BUILD_FILES = frozenset({"ontology.ttl", "partnerkg.ttl", "partnerkg.nt", "partnerkg.jsonld", "maps", "docs",
                          REPORTS_FOLDER, BUILD_MARKER})

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


def _earlier_build(folder: Path) -> bool:
    return all(entry.name in _BUILD_FILES for entry in folder.iterdir())


def _output_folder(out: Path, force: bool) -> AbstractContextManager[Path]:
    """The staged output folder of a build (:func:`partnerkg.atomic.atomic_directory`)."""
    return atomic_directory(out, **_OUTPUT_RULES, force=force)


_OUTPUT_RULES: dict[str, Any] = {"marker": BUILD_MARKER, "ours": _earlier_build, "what": "partnerkg build"}


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
    store: str | Path | None = None,
    force: bool = False,
    diagnoses: bool = True,
    diagnose_url: str = "",
    step: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the graph into ``output``: validate (SHACL, HermiT), then write every file or none.

    Writes ``ontology.ttl``, ``partnerkg.ttl`` (ontology and data), ``partnerkg.nt``,
    ``partnerkg.jsonld``, the HTML reference of the ontology in ``docs/`` and, unless ``maps`` is false,
    every map view under ``maps/`` with an index, and with them (unless ``diagnoses`` is false) the offline
    diagnosis report of every partnership under ``diagnoses/`` with an index
    (:func:`partnerkg.diagnose.offline.write_reports`; none above its limit of partnerships), which each
    partnership's details panel in the maps links; ``diagnose_url`` (the http(s) base of an endpoint) links
    the panels to its ``/diagnose`` page as well.
    Raises InvalidDataError, with the full report, when validation fails. ``output`` is replaced whole, except
    for files that are not an earlier build's (the ``.partnerkg-build`` file lists what the build wrote), which
    are kept; a folder in it that is not the build's, or ``output`` being the working folder holding such files,
    is refused with InputError unless ``force`` (:func:`partnerkg.atomic.atomic_directory`).

    With ``store=DIR`` the graph is the on-disk Oxigraph store (``data`` and ``shipped`` stay at their
    defaults): SHACL runs in chunks of subjects (``progress`` is called with subjects done and in all), HermiT
    on the ontology plus the shipped graph, and Oxigraph's writers serialise the outputs (JSON-LD expanded).
    """
    say = step or (lambda _msg: None)
    out = Path(output)
    diagnose_url = diagnose_base(diagnose_url)  # a refusal comes before any work
    check_output_folder(out, **_OUTPUT_RULES, force=force)
    links = _MapLinks(diagnoses, diagnose_url)
    if store is not None:
        return _build_store(out, store, data, shipped=shipped, owl=owl, maps=maps, force=force, say=say,
                            progress=progress, links=links)
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
    outputs = {
        "ontology.ttl": serialise(load_ontology(), RDFFormat.TURTLE),
        "partnerkg.ttl": serialise(graph, RDFFormat.TURTLE),
        "partnerkg.nt": serialise(graph, RDFFormat.NTRIPLES),
        "partnerkg.jsonld": serialise(graph, RDFFormat.JSONLD),
    }
    files = sorted(outputs)
    with _output_folder(out, force) as tmp:
        for name, blob in outputs.items():
            (tmp / name).write_bytes(blob)
        say("writing the ontology reference")
        files += [f"docs/{name}" for name in write_reference(tmp / "docs", graph)]
        if maps:
            files += _write_maps(graph, tmp, links, say)
    return BuildResult(out, len(graph), class_counts(graph), report, files)


@dataclass(frozen=True)
class _MapLinks:
    """What the build's maps link a partnership's details panel to: its offline report, an endpoint."""

    reports: bool
    diagnose_url: str


def _write_maps(graph: Graph, tmp: Path, links: _MapLinks, say: Callable[[str], None]) -> list[str]:
    """The diagnosis reports (when wanted) and the maps that link them, written into the staged folder."""
    files: list[str] = []
    reports: dict[str, str] = {}
    if links.reports:
        say("diagnosing each partnership")
        written = write_reports(graph, tmp / REPORTS_FOLDER, step=say)
        if written:
            files += [f"{REPORTS_FOLDER}/index.html", *(f"{REPORTS_FOLDER}/{name}" for name in written.values())]
        # the maps live in maps/, the reports beside them in diagnoses/
        reports = {iri: f"../{REPORTS_FOLDER}/{name}" for iri, name in written.items()}
    say("drawing maps")
    files += [f"maps/{name}" for name in write_all_maps(graph, tmp / "maps", diagnose_url=links.diagnose_url,
                                                        reports=reports)]
    return files


def _build_store(out: Path, store: str | Path, data: Sequence[str | Path], *, shipped: bool, owl: bool,
                 maps: bool, force: bool, say: Callable[[str], None],
                 progress: Callable[[int, int], None] | None, links: _MapLinks) -> BuildResult:
    say("opening the store")
    ds = open_graph(data, shipped=shipped, store=store)
    st = oxigraph_of(ds)
    assert st is not None  # open_graph(store=...) is always store-backed
    say("validating with SHACL in chunks" + (" and HermiT on the shipped graph" if owl else ""))
    report = validate_store(st, owl=owl, progress=progress)
    if not report.conforms:
        raise InvalidDataError("validation failed; nothing was written\n" + report.text())
    ensure_search_index(store, ds)  # a store loaded before the full-text index existed gets one
    say("writing outputs")
    if st.named_graphs():
        # the outputs hold the union of all graphs, as the in-memory build does
        union = ox.Store()
        union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object) for q in st)
        st = union
    outputs = {"ontology.ttl": serialise(load_ontology(), RDFFormat.TURTLE)}
    files = sorted([*outputs, "partnerkg.jsonld", "partnerkg.nt", "partnerkg.ttl"])
    with _output_folder(out, force) as tmp:
        (tmp / "ontology.ttl").write_bytes(outputs["ontology.ttl"])
        for name, fmt in (("partnerkg.ttl", "turtle"), ("partnerkg.nt", "nt"), ("partnerkg.jsonld", "jsonld")):
            dump(st, fmt, tmp / name)
        say("writing the ontology reference")
        files += [f"docs/{name}" for name in write_reference(tmp / "docs", ds)]
        if maps:
            files += _write_maps(ds, tmp, links, say)
    return BuildResult(out, len(st), _store_class_counts(st), report, files)


def _store_class_counts(st: ox.Store) -> dict[str, int]:
    """:func:`class_counts` by one Oxigraph query (the rdflib API would convert every typed subject)."""
    values = " ".join(f"<{c}>" for c in SUMMARY_CLASSES)
    answer = st.query(f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ VALUES ?c {{ {values} }} ?s a ?c }} GROUP BY ?c")
    found = {solution["c"].value: int(solution["n"].value) for solution in answer}
    return {str(c).rsplit("#", 1)[1]: found.get(str(c), 0) for c in SUMMARY_CLASSES}
