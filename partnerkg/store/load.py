"""Bulk loading RDF files into an on-disk Oxigraph store, all or nothing.

``bulk_load`` is not transactional, so :func:`load` never writes into the live store: it makes a staging
copy beside it (a RocksDB checkpoint: hard links to the immutable table files, so it costs almost nothing),
bulk-loads every file into the copy, and only when all of them loaded swaps the two folders in one
``renameat2(RENAME_EXCHANGE)`` system call (two renames where the kernel lacks it). A syntax error on line
900,000, an interrupt or a SIGKILL leave the live store exactly as it was; a leftover staging folder of a
killed load is removed by the next load.

N-Triples and N-Quads load on both cores (:mod:`partnerkg.store.line_load`: blocks of lines, two ``bulk_load``
calls side by side, blank-node labels kept one node per file); other formats stream through one parse.

Readers open the store read-only; one still reading during the swap keeps the version it opened. The indexes
derived from a store (labels, full-text search, the columnar table) are not part of a load: each records the
store's files and is built, atomically, by the first use that needs it, so a new version is never read through an
old index. The search index took 5 s of an 11.6 s load at 1M triples and 102 s at 10M, which put a load behind
raw ``bulk_load``; ``partnerkg serve --store`` builds it before it answers, ``build --store`` with the build.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from partnerkg.atomic import exchange_directories
from partnerkg.errors import InputError, option
from partnerkg.rdf_files import (
    RDFFormat,
    check_file_start,
    check_literals,
    format_for,
    is_ill_typed_form,
    read_rdf,
    silenced_term_warnings,
)
from partnerkg.store.graphs import shipped_triples
from partnerkg.store.line_load import Interleaved, load_lines, syntax_error
from partnerkg.store.oxigraph import is_store, open_store
from partnerkg.store.terms import to_ox, to_rdflib

__all__ = ["LoadResult", "Progress", "load", "memory_store"]

#: Called with (bytes read so far, total bytes of all files).
Progress = Callable[[int, int], None]

# Formats Oxigraph parses itself (fast, streaming); RDF/XML and JSON-LD go through partnerkg's guarded readers.
_BULK = {
    RDFFormat.NTRIPLES: ox.RdfFormat.N_TRIPLES,
    RDFFormat.NQUADS: ox.RdfFormat.N_QUADS,
    RDFFormat.TURTLE: ox.RdfFormat.TURTLE,
    RDFFormat.TRIG: ox.RdfFormat.TRIG,
}
_LINES = frozenset({RDFFormat.NTRIPLES, RDFFormat.NQUADS})  # cut at any line: loaded on both cores
_BATCH = 100_000  # quads per bulk insert
_XSD = "http://www.w3.org/2001/XMLSchema#"
# datatypes whose lexical forms rdflib checks (plus gYear, which partnerkg checks itself)
_CHECKED = frozenset(_XSD + t for t in (
    "integer", "decimal", "double", "float", "boolean", "nonNegativeInteger", "positiveInteger", "negativeInteger",
    "nonPositiveInteger", "long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte", "date", "dateTime", "time", "gYear", "gYearMonth", "duration"))
_LINE_LOOKUP_BYTES = 64 << 20
_STAGING = re.compile(r"^\.(?P<name>.+)\.load-(?P<pid>\d+)-\d+$")


@dataclass(frozen=True)
class LoadResult:
    """What a load did: the store folder, the files, the quads in the store before and after, and seconds."""

    store: Path
    files: tuple[Path, ...]
    quads_before: int
    quads_after: int
    seconds: float

    @property
    def added(self) -> int:
        """Quads the load added (quads already in the store are not counted twice)."""
        return self.quads_after - self.quads_before


class _Counting:
    """A binary reader that reports how many bytes were read (for the progress bar)."""

    def __init__(self, fh: IO[bytes], done: int, total: int, progress: Progress | None) -> None:
        self.fh, self.done, self.total, self.progress = fh, done, total, progress

    def read(self, size: int = -1) -> bytes:
        chunk = self.fh.read(size if size and size > 0 else 1 << 20)
        self.done += len(chunk)
        if self.progress is not None:
            self.progress(self.done, self.total)
        return chunk

    def readable(self) -> bool:
        return True


def _check_files(files: Sequence[str | Path]) -> list[tuple[Path, RDFFormat, int]]:
    out = []
    for name in files:
        path = Path(name)
        fmt = format_for(path)
        if not path.exists():
            raise InputError(f"{path}: no such file — check the path")
        if path.is_dir():
            raise InputError(f"{path}: is a directory — name an RDF file")
        if not os.access(path, os.R_OK):
            raise InputError(f"{path}: permission denied")
        check_file_start(path, fmt)  # empty, compressed or binary: say so, not "syntax error at 1:1"
        out.append((path, fmt, path.stat().st_size))
    return out


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_stale_staging(target: Path) -> None:
    """Remove staging folders that loads into ``target`` left when they were killed."""
    for sibling in target.parent.glob(f".{target.name}.load-*"):
        m = _STAGING.match(sibling.name)
        if m and m.group("name") == target.name and not _pid_alive(int(m.group("pid"))):
            shutil.rmtree(sibling, ignore_errors=True)


def _count(store: ox.Store) -> int:
    return len(store)


def load(files: Sequence[str | Path], store: str | Path, *, shipped: bool = True,
         progress: Progress | None = None) -> LoadResult:
    """Load RDF ``files`` into the Oxigraph store in folder ``store``, all or nothing.

    A new store starts with the shipped graph (ontology and compiled data) unless ``shipped=False``, so that
    ``--store DIR`` answers exactly what ``--data FILE`` would. N-Triples and N-Quads load in blocks on two
    threads, Turtle and TriG stream through Oxigraph's parser; RDF/XML and JSON-LD go through partnerkg's
    guarded readers (no DOCTYPE, no remote context). TriG and N-Quads keep their named graphs; each file's
    blank-node labels are its own, as when rdflib parses it. ``progress`` is called as bytes are read or
    stored.

    Raises InputError (exit 2) for a missing, empty, binary or unreadable file, an unknown format, a syntax
    error (naming file, line and column) or a folder that is not a store, and InvalidDataError (exit 1) for
    ill-typed literals; in every case the store is left as it was.
    """
    started = time.perf_counter()
    checked = _check_files(files)
    if not checked:
        raise InputError("name at least one RDF file to load")
    target = Path(store).absolute()
    if target.exists() and not target.is_dir():
        raise InputError(f"{target}: is a file — {option('store')} names a folder")

    existing = target.exists() and is_store(target)
    if target.exists() and not existing and any(target.iterdir()):
        raise InputError(f"{target}: is a folder but not a partnerkg store — name a new or empty folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_staging(target)
    staging = target.with_name(f".{target.name}.load-{os.getpid()}-{time.monotonic_ns()}")
    try:
        try:
            before, after = _fill(staging, target if existing else None, checked, shipped, progress, parallel=True)
            interleaved = False
        except Interleaved:
            interleaved = True
        if interleaved:  # outside the handler, so the first attempt's store is closed before its folder goes
            shutil.rmtree(staging, ignore_errors=True)
            before, after = _fill(staging, target if existing else None, checked, shipped, progress, parallel=False)
        if existing:
            exchange_directories(target, staging)  # staging now holds the old store
            shutil.rmtree(staging, ignore_errors=True)
        else:
            if target.exists():
                target.rmdir()  # the empty folder named on the command line
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return LoadResult(target, tuple(p for p, _, _ in checked), before, after, time.perf_counter() - started)


def memory_store(files: Sequence[str | Path] = (), *, shipped: bool = True, store: str | Path | None = None,
                 progress: Progress | None = None) -> ox.Store:
    """An in-memory Oxigraph store: a copy of the store in folder ``store``, or the shipped graph (unless
    ``shipped=False``) with ``files`` loaded as :func:`load` loads them (same readers, checks and errors).

    Rows decode several times faster than from disk, and nothing is written; the data must fit in memory.
    """
    st = ox.Store()
    if store is not None:
        st.bulk_extend(open_store(store))
        return st
    checked = _check_files(files)
    try:
        _load_files(st, checked, progress, parallel=True)
    except Interleaved:  # blank-node labels shared across blocks: one stream, into a fresh store
        st = ox.Store()
        _load_files(st, checked, progress, parallel=False)
    if shipped:
        st.bulk_extend(_shipped_quads())
    return st


def _fill(staging: Path, existing: Path | None, checked: list[tuple[Path, RDFFormat, int]], shipped: bool,
          progress: Progress | None, *, parallel: bool) -> tuple[int, int]:
    """Make the store in ``staging``: a copy of ``existing`` (or a new store, with the shipped graph when
    ``shipped``), with every checked file loaded. Returns the quads before and after; the store is closed."""
    if existing is not None:
        ox.Store.read_only(str(existing)).backup(str(staging))
    st = ox.Store(str(staging))
    before = _count(st) if existing is not None else 0
    with ThreadPoolExecutor(1, thread_name_prefix="partnerkg-shipped") as pool:
        # compiling the shipped graph is Python work (0.8 s): done while Oxigraph loads the files
        shipped_quads = pool.submit(_shipped_quads) if existing is None and shipped else None
        _load_files(st, checked, progress, parallel=parallel)
        if shipped_quads is not None:
            st.bulk_extend(shipped_quads.result())
    st.flush()
    with ThreadPoolExecutor(1, thread_name_prefix="partnerkg-count") as pool:
        # counting reads a snapshot, so it runs beside the compaction (0.3 s at 1M triples, on the other core)
        after = pool.submit(_count, st)
        # Compact: each bulk load leaves its own table files, and until they are merged every read looks in all
        # of them (measured at 1M triples: 1.2 s here, then reading the labels 0.5 s instead of 3.2 s).
        st.optimize()
        return before, after.result()


def _shipped_quads() -> list[ox.Quad]:
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in shipped_triples()]


def _load_files(st: ox.Store, checked: list[tuple[Path, RDFFormat, int]], progress: Progress | None, *,
                parallel: bool) -> None:
    """Load each checked file into ``st``: line formats in parallel blocks when ``parallel``, else streamed."""
    total = sum(size for _, _, size in checked)
    done = 0
    for path, fmt, size in checked:
        if parallel and fmt in _LINES:
            _load_lines(st, path, fmt, done, total, progress)
        elif fmt in _BULK:
            _load_parsed(st, path, fmt, done, total, progress)
        else:
            _load_guarded(st, path)
        done += size
        if progress is not None:
            progress(done, total)


def _load_lines(st: ox.Store, path: Path, fmt: RDFFormat, done: int, total: int,
                progress: Progress | None) -> None:
    """N-Triples or N-Quads on both cores (:mod:`partnerkg.store.line_load`); doubtful literals checked exactly."""
    loaded, lock = done, threading.Lock()

    def on_loaded(size: int) -> None:  # called by the loader threads
        nonlocal loaded
        with lock:
            loaded += size
            if progress is not None:
                progress(min(loaded, total), total)

    doubtful = set(load_lines(st, path, _BULK[fmt], base_iri=path.absolute().as_uri(), checked=_CHECKED,
                              on_loaded=on_loaded))
    if doubtful:
        with path.open("rb") as fh:
            lines = b"".join(line for number, line in enumerate(fh, 1) if number in doubtful)
        quads = ox.parse(lines, format=_BULK[fmt], base_iri=path.absolute().as_uri())
        _check_literals(path, [q for q in quads if type(o := q.object) is ox.Literal and o.datatype.value in _CHECKED])


def _load_parsed(st: ox.Store, path: Path, fmt: RDFFormat, done: int, total: int,
                 progress: Progress | None) -> None:
    """Parse ``path`` with Oxigraph's streaming parser and bulk-insert its quads in batches of ``_BATCH``.

    One ``bulk_load`` call buffers up to a million quads before it writes (about 850 MB at 1M triples); batches
    of parsed quads keep the peak near 250 MB at the speed of raw ``bulk_load``. One parse per file keeps blank
    node labels one node across batches (``bulk_load`` of separate chunks would not: it scopes labels to a
    call). Literals of the datatypes in ``_CHECKED`` are checked on the way.
    """
    suspects: list[ox.Quad] = []
    with path.open("rb") as fh:
        quads = ox.parse(_Counting(fh, done, total, progress), format=_BULK[fmt],
                         base_iri=path.absolute().as_uri(), rename_blank_nodes=True)
        try:
            while batch := list(itertools.islice(quads, _BATCH)):
                st.bulk_extend(batch)
                suspects += [q for q in batch if type(o := q.object) is ox.Literal and o.datatype.value in _CHECKED]
                if len(suspects) > _BATCH:
                    _check_literals(path, suspects)
                    suspects = []
        except SyntaxError as err:
            raise syntax_error(path, err) from err
    _check_literals(path, suspects)


def _check_literals(path: Path, quads: list[ox.Quad]) -> None:
    """InvalidDataError (exit 1) naming the ill-typed literals among ``quads`` ("twenty"^^xsd:gYear…), as
    every other command refuses them; Oxigraph's parser keeps them as they are."""
    from rdflib import Graph

    bad = [q for q in quads if is_ill_typed_form(q.object.value, q.object.datatype.value)]
    if not bad:
        return
    graph = Graph()
    with silenced_term_warnings():
        graph.addN((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph) for q in bad)
    # the file's bytes give each literal its line; only for files small enough to read again at once
    data = path.read_bytes() if path.stat().st_size <= _LINE_LOOKUP_BYTES else None
    check_literals(graph, str(path), data=data)


def _load_guarded(st: ox.Store, path: Path) -> None:
    """RDF/XML or JSON-LD through partnerkg's reader (refuses DOCTYPE and remote contexts), then into ``st``."""
    from rdflib import Dataset

    ds = Dataset()
    read_rdf([path], into=ds)
    quads = []
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graph = ox.DefaultGraph() if name is None or str(name) == "urn:x-rdflib:default" else to_ox(name)
        quads.append(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph))
    st.bulk_extend(quads)
