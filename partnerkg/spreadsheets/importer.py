"""Importing filled-in templates (CSV or XLSX) as RDF under the public vocabulary.

Every row is checked; a problem is reported as ``file:row:column: value — problem — what to write instead``
and, unless ``skip_invalid``, any problem stops the import (InvalidDataError, exit 1). Organisations and
partnerships get IRIs minted from their names (:mod:`partnerkg.iri`); a row whose name is already the label
of an organisation (or partnership) of the reference graph — the shipped graph by default — adds its facts to
that resource instead, and partners, parents, policies, barriers and facilitators may name resources of the
reference graph by label or IRI. Every imported fact carries provenance: the resource
``prov:wasDerivedFrom`` a ``pk:Spreadsheet`` (with ``pk:fileName``) and has a ``prov:qualifiedDerivation``
naming the spreadsheet and the ``pk:row``. Before anything is returned the new triples are validated with
partnerkg's SHACL shapes together with what they touch of the reference graph (the full description of every
resource they mention, and the types and labels of what those point to); a violation counts when that part
of the reference graph alone does not have it. This judges a new partnership with shipped partners, or a
second stage added to a shipped partnership, exactly as validating everything would, in a fraction of the
time.

>>> from pathlib import Path
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> _ = (folder / "orgs.csv").write_text("name,sector\\nCafé Ørsted,private\\nAl-Noor Trust,voluntary\\n")
>>> _ = (folder / "partnerships.csv").write_text("name,partners\\nNoor Café Link,Café Ørsted; al-noor trust\\n")
>>> result = import_spreadsheets([folder / "orgs.csv", folder / "partnerships.csv"], reference=None)
>>> result.organisations, result.partnerships
(2, 1)
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from partnerkg.atomic import atomic_file
from partnerkg.errors import InputError, InvalidDataError, option
from partnerkg.interop.export import serialise
from partnerkg.iri import check_xml_text, refuse_collisions
from partnerkg.namespaces import ONTOLOGY_IRI, PREFIXES
from partnerkg.ontology import load_ontology
from partnerkg.rdf_files import RDFFormat
from partnerkg.spreadsheets.checks import RowChecker
from partnerkg.spreadsheets.columns import MEMBERSHIPS, ORGANISATIONS, PARTNERSHIPS
from partnerkg.spreadsheets.files import Sheet, read_sheets
from partnerkg.spreadsheets.graph import Triple, emit, graph_of, spreadsheet_node
from partnerkg.spreadsheets.rows import RowProblem, mark_duplicates, sheet_rows
from partnerkg.store.graphs import shipped_graph
from partnerkg.store.terms import term_converter

__all__ = ["ImportResult", "RowProblem", "import_spreadsheets"]

#: Most problems listed in one error message (the rest are counted).
MAX_LISTED = 40

#: Up to this many triples an import also keeps them in memory, so ``.graph`` is quick; beyond, they are only on
#: disk (N-Triples in a temporary file) and ``.graph`` reads them back.
KEEP_IN_MEMORY = 50_000
#: N-Triples held in memory before they move to a temporary file (about 50,000 triples).
SPOOL_BYTES = 8 * 1024 * 1024

_OX_FORMATS = {RDFFormat.TURTLE: ox.RdfFormat.TURTLE, RDFFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
               RDFFormat.NQUADS: ox.RdfFormat.N_QUADS, RDFFormat.TRIG: ox.RdfFormat.TRIG,
               RDFFormat.RDFXML: ox.RdfFormat.RDF_XML}


class Triples:
    """The triples an import made, held as N-Triples (in a temporary file once large), and while they are few
    also as rdflib terms.

    ``write`` streams them (JSON-LD, compacted with partnerkg's context, is written whole); ``graph()`` gives
    them as an rdflib Graph.
    """

    def __init__(self) -> None:
        self.count = 0
        # in memory up to SPOOL_BYTES, then an anonymous temporary file; closed by close() or with the result
        self._file: IO[bytes] = tempfile.SpooledTemporaryFile(SPOOL_BYTES, prefix="partnerkg-import-")  # noqa: SIM115
        self._kept: list[list[Triple]] | None = []
        self._graph: Graph | None = None

    def add(self, triples: list[Triple], text: bytes) -> None:
        self._file.write(text)
        self.count += len(triples)
        if self._kept is not None:
            self._kept.append(triples)
            if self.count > KEEP_IN_MEMORY:
                self._kept = None

    def graph(self) -> Graph:
        """The triples as an rdflib Graph with partnerkg's prefixes (made once, on the first call)."""
        if self._graph is None:
            if self._kept is not None:
                self._graph = graph_of(self._kept)
            else:
                convert = term_converter()
                self._file.seek(0)
                self._graph = graph_of([[(convert(q.subject), convert(q.predicate), convert(q.object))  # type: ignore[misc]
                                         for q in ox.parse(self._file, format=ox.RdfFormat.N_TRIPLES)]])
        return self._graph

    def write(self, target: str | Path | BinaryIO, fmt: RDFFormat | str = RDFFormat.TURTLE) -> None:
        """Write the triples to ``target`` (a path, written atomically, or a binary stream) in ``fmt``, streamed."""
        if not isinstance(target, (str, Path)):
            self._write(target, RDFFormat(fmt))
            return
        with atomic_file(target) as stream:
            self._write(stream, RDFFormat(fmt))

    def _write(self, stream: BinaryIO, fmt: RDFFormat) -> None:
        self._file.flush()
        self._file.seek(0)
        if fmt is RDFFormat.NTRIPLES:
            shutil.copyfileobj(self._file, stream)
        elif fmt is RDFFormat.JSONLD:  # compacted with partnerkg's context, which needs the whole graph
            stream.write(serialise(self.graph(), fmt))
        else:
            prefixes = None if fmt is RDFFormat.NQUADS else {prefix: str(ns) for prefix, ns in PREFIXES.items()}
            ox.serialize(ox.parse(self._file, format=ox.RdfFormat.N_TRIPLES), stream, _OX_FORMATS[fmt],
                         prefixes=prefixes)

    def close(self) -> None:
        self._file.close()


@dataclass
class ImportResult:
    """The triples an import made and what it did. ``skipped`` lists the problems of skipped rows.

    ``triples`` holds them (``triples.write(path, fmt)`` streams them to a file); ``graph`` is the same as an
    rdflib Graph, made when first asked for (for a large import, prefer ``triples.write``).
    """

    triples: Triples
    organisations: int = 0
    partnerships: int = 0
    memberships: int = 0
    identifiers: int = 0
    matched: list[str] = field(default_factory=list)
    new_regions: list[str] = field(default_factory=list)
    skipped: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def graph(self) -> Graph:
        return self.triples.graph()

    @property
    def skipped_rows(self) -> list[tuple[str, int]]:
        """(source, row) of every skipped row, in file order."""
        return list(dict.fromkeys((p.source, p.row) for p in sorted(self.skipped, key=lambda p: p.order)))


def skip_hint() -> str:
    """What the message of a failed import says about skipping rows, in its reader's terms."""
    return f"({option('skip_invalid', True)} imports the other rows)"


def _message(problems: list[RowProblem], rows: int) -> str:
    listed = [str(p) for p in problems[:MAX_LISTED]]
    more = [f"… and {len(problems) - MAX_LISTED} more"] if len(problems) > MAX_LISTED else []
    return (f"{len(problems)} problem(s) in {rows} row(s); nothing was imported "
            f"{skip_hint()}:\n  " + "\n  ".join(listed + more))


def _stage(progress: Callable[[str, int, int], None] | None, stage: str) -> Callable[[int, int], None] | None:
    return None if progress is None else lambda done, total: progress(stage, done, total)


def import_spreadsheets(paths: Sequence[str | Path], *, reference: Graph | str | None = "shipped",
                        skip_invalid: bool = False, encoding: str | None = None,
                        progress: Callable[[str, int, int], None] | None = None) -> ImportResult:
    """Read filled-in templates and return their RDF (validated) with a summary.

    ``reference`` is the graph whose organisations, partnerships, regions, policies, barriers and facilitators
    rows may name: ``"shipped"`` (the default) for the shipped graph, a Graph (with the ontology added when it
    lacks it), or None for the ontology alone. Raises InputError (exit 2) for a file that cannot be used and
    InvalidDataError (exit 1) when a row has a problem — unless ``skip_invalid``, which leaves such rows out and
    lists them in ``skipped``. ``progress`` is called with (stage, done, total) as rows are checked and written.
    """
    # The cyclic garbage collector's youngest generation is collected every 50,000 new objects rather than 700
    # while an import runs (an import makes tens of millions and frees nearly all by reference counting), and
    # what each stage leaves for the next is settled; together a third of a 100,000-row import's time.
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], 50_000), *thresholds[1:])
    try:
        return _import(paths, reference, skip_invalid, encoding, progress)
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()  # what the stages settled (see _settle) is looked at by the collector again


def _settle() -> None:
    """Leave every object that exists now out of the cyclic garbage collector's passes until the import ends.

    The reference graph, the rows and what checking them makes live to the end of an import; each full pass
    of the collector would walk those millions of objects again. Garbage is collected first (only among the
    objects made since the last settling), or it would be kept too."""
    gc.collect()
    gc.freeze()


def _import(paths: Sequence[str | Path], reference: Graph | str | None, skip_invalid: bool, encoding: str | None,
            progress: Callable[[str, int, int], None] | None) -> ImportResult:
    if not paths:
        raise InputError("no spreadsheet given — name one or more .csv or .xlsx files")
    if isinstance(reference, str):
        reference = shipped_graph()
    elif reference is None:
        reference = load_ontology()
    elif (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) not in reference:  # rows are checked against the ontology
        with_ontology = load_ontology()
        for t in reference.triples((None, None, None)):
            with_ontology.add(t)
        reference = with_ontology
    _settle()
    notes: list[str] = []
    warnings: list[str] = []
    sheets: list[Sheet] = []
    if progress is not None:
        progress("reading files", 0, len(paths))
    for p in paths:
        read = read_sheets(p, encoding)
        sheets += read.sheets
        notes += read.notes
        warnings += read.warnings
    owners: dict[URIRef, str] = {}
    for sheet in sheets:
        check_xml_text(sheet.file_name, f"{sheet.source}: the file name")
        iri, _ = spreadsheet_node(sheet)
        if iri in owners:
            raise InputError(f"{sheet.source} and {owners[iri]} have the same name, so their rows could not be told "
                             "apart in the provenance — rename one file")
        owners[iri] = sheet.source
    importer = RowChecker(reference)
    rows = [r for i, s in enumerate(sheets) for r in sheet_rows(s, i)]
    for sheet in sheets:
        sheet.rows = []  # the rows hold their cells now; the sheet's lists would only take memory
    _settle()
    for sheet in sheets:
        if sheet.ignored:
            notes.append(f"{sheet.source}: ignored column(s) {', '.join(sheet.ignored)} — not template columns")
    if not any(r.cells for r in rows):
        raise InvalidDataError("no rows to import: the sheets hold only their header — fill in a row per "
                               "organisation or partnership")
    importer.collect_region_codes([r for r in rows if r.cells and not r.problems])
    for done, row in enumerate(rows, start=1):
        if row.cells and not row.problems:
            importer.check_local(row)
        if progress is not None and (done % 1000 == 0 or done == len(rows)):
            progress("checking rows", done, len(rows))
    if progress is not None:
        progress("resolving names, partners and parents", 0, len(rows))
    _settle()
    mark_duplicates(rows)
    importer.identifier_warnings(rows)
    for table in (ORGANISATIONS, PARTNERSHIPS):  # the rows' IRIs are minted; two names may not share one
        refuse_collisions((r.name_key, r.iri) for r in rows if r.table is table and r.iri is not None and not r.matched)
    importer.resolve_references(rows)
    importer.warn_lookalikes(rows)
    _settle()
    result = ImportResult(Triples(), notes=notes, warnings=warnings)
    while True:
        problems = sorted((p for r in rows for p in r.problems), key=lambda p: p.order)
        if problems and not skip_invalid:
            raise InvalidDataError(_message(problems, len({(p.source, p.row) for p in problems})))
        good = [r for r in rows if not r.problems and r.iri is not None]
        if not good:
            raise InvalidDataError(_message(problems, len({(p.source, p.row) for p in problems}))
                                   .replace(skip_hint(), "(no row is free of problems)"))
        triples = Triples()
        blamed = emit(good, reference, triples.add, progress=_stage(progress, "checking and writing triples"))
        if not blamed:
            break
        triples.close()
        if None in blamed:
            raise InvalidDataError("the imported triples do not conform to partnerkg's SHACL shapes; nothing was "
                                   "imported:\n  " + "\n  ".join(str(v) for v in blamed.values()))
        for row, violation in blamed.items():
            assert row is not None
            row.problem(None, row.name, f"breaks the SHACL shapes at {violation.path or '-'}: {violation.message}",
                        "compare the row with what the graph already says (docs/spreadsheets.md)")
        importer.resolve_references(rows)
    result.triples = triples
    result.warnings += list(dict.fromkeys(importer.warnings))
    result.skipped = problems
    good_orgs = [r for r in good if r.table is ORGANISATIONS]
    good_parts = [r for r in good if r.table is PARTNERSHIPS]
    result.organisations = sum(1 for r in good_orgs if not r.matched)
    result.partnerships = sum(1 for r in good_parts if not r.matched)
    result.memberships = sum(1 for r in good if r.table is MEMBERSHIPS)
    result.identifiers = sum(len(r.identifiers) for r in good_orgs)
    result.matched = [r.name for r in good if r.matched]
    result.new_regions = sorted({label for r in good for label, _ in r.regions}, key=str.casefold)
    return result
