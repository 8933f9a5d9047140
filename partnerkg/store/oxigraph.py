"""On-disk Oxigraph stores: opening them, viewing them through rdflib's API, and writing them out.

Commands reach a store through :func:`partnerkg.store.open_graph` with ``store=DIR``: an rdflib
:class:`~rdflib.Dataset` (default graph = union of all graphs) whose triples live in a pyoxigraph store
(``oxrdflib``), so code written against rdflib's triple API (maps, analytics, export) works unchanged. SPARQL
is where rdflib's engine would cost minutes: :func:`partnerkg.queries.engine.execute` hands such graphs to
:func:`partnerkg.queries.oxigraph.evaluate`, which runs the query text with Oxigraph's own engine after
the safety gate has approved that very text.

A store opened for reading is opened read-only, so any number of readers may share it while ``partnerkg
load`` prepares the next version in a staging copy (see :mod:`partnerkg.store.load`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Identifier

from partnerkg.errors import InputError, suggestion
from partnerkg.namespaces import PREFIXES, bind_prefixes
from partnerkg.store.terms import to_ox, to_rdflib

__all__ = ["dump", "is_store", "open_store", "oxigraph_of", "store_dataset", "store_folder"]



def is_store(path: str | Path) -> bool:
    """Whether ``path`` is a folder holding an Oxigraph (RocksDB) store."""
    folder = Path(path)
    return folder.is_dir() and (folder / "CURRENT").is_file()


def open_store(path: str | Path, *, read_only: bool = True) -> ox.Store:
    """Open the Oxigraph store in folder ``path`` (read-only by default, so readers never block a load).

    Raises InputError (exit 2) when the folder is missing or holds no store, naming how to make one.
    """
    folder = Path(path)
    if not folder.exists():
        raise InputError(f"{folder}: no such store — create one with "
                         + suggestion(f"'partnerkg load FILE --store {folder}'",
                                      f"partnerkg.load([FILE], store={str(folder)!r})"))
    if not is_store(folder):
        raise InputError(f"{folder}: is not a partnerkg store (no Oxigraph database in it) — create one with "
                         + suggestion("'partnerkg load FILE --store DIR'", "partnerkg.load([FILE], store=DIR)")
                         + " into a new folder")
    try:
        return ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
    except OSError as err:
        raise InputError(f"{folder}: the store cannot be opened ({err})") from err


class _Store(OxigraphStore):
    """oxrdflib's store, with terms converted as :func:`to_rdflib` does (xsd:string literals plain, as rdflib
    reads them from files), so triples read from a store compare equal to triples read into memory."""

    folder: tuple[Path, int] | None = None  # (folder, its inode) when opened from a folder

    def triples(self, triple_pattern, context=None):  # type: ignore[no-untyped-def]
        s, p, o = triple_pattern
        try:
            quads = self._inner.quads_for_pattern(_pattern(s), _pattern(p), _pattern(o), _graph_name(context))
        except (TypeError, ValueError):
            return iter(())  # a term Oxigraph cannot hold (e.g. a literal subject) matches nothing
        convert = to_rdflib
        return (((convert(q.subject), convert(q.predicate), convert(q.object)),
                 iter((self._context(q.graph_name),))) for q in quads)

    def _context(self, name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> Graph:
        """The rdflib graph a quad's graph name stands for (the dataset's default graph for Oxigraph's)."""
        identifier = DATASET_DEFAULT_GRAPH_ID if isinstance(name, ox.DefaultGraph) else to_rdflib(name)
        return Graph(store=self, identifier=identifier)


def _pattern(term: Identifier | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    return None if term is None else to_ox(term)


def _graph_name(context: Graph | None) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None:
    if context is None:
        return None
    if context.identifier == DATASET_DEFAULT_GRAPH_ID:
        return ox.DefaultGraph()
    return to_ox(context.identifier)  # type: ignore[return-value]


def store_dataset(store: ox.Store, folder: str | Path | None = None) -> Dataset:
    """An rdflib Dataset over ``store`` (default graph = the union of all its graphs); ``folder`` is where
    ``store`` was opened from, if it was (see :func:`store_folder`)."""
    backend = _Store(store=store)
    if folder is not None:
        backend.folder = (Path(folder).absolute(), Path(folder).stat().st_ino)
    ds = Dataset(store=backend, default_union=True)
    bind_prefixes(ds)
    return ds


def store_folder(graph: Graph) -> Path | None:
    """The folder of the store behind ``graph`` while it still holds the store that was opened (a load swaps
    in a new folder), else None."""
    opened = getattr(graph.store, "folder", None)
    if opened is None:
        return None
    folder, inode = opened
    try:
        return folder if folder.stat().st_ino == inode else None
    except OSError:
        return None


def oxigraph_of(graph: Graph) -> ox.Store | None:
    """The pyoxigraph store behind an rdflib graph made by :func:`store_dataset`, else None."""
    backend = graph.store
    if isinstance(backend, OxigraphStore):
        return backend._inner
    return None


@lru_cache(maxsize=1)
def _prefixes() -> dict[str, str]:
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}



_DUMP_FORMATS = {"nt": ox.RdfFormat.N_TRIPLES, "turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
                 "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


def dump(store: ox.Store, fmt: str, output: str | Path | None = None) -> bytes | None:
    """Serialise ``store`` with Oxigraph's writer: ``fmt`` is ``nt``, ``turtle`` or ``jsonld`` (the default
    graph; Turtle with partnerkg's prefixes, JSON-LD expanded) or ``nquads``/``trig`` (every graph). The same
    store always gives the same bytes. Returns bytes when ``output`` is None."""
    try:
        rdf_format = _DUMP_FORMATS[fmt]
    except KeyError:
        raise InputError(f"cannot write a store as {fmt!r}: use one of {', '.join(_DUMP_FORMATS)}") from None
    graph = None if fmt in ("nquads", "trig") else ox.DefaultGraph()
    prefixes = _prefixes() if fmt in ("turtle", "trig") else None
    target = str(output) if output is not None else None
    return store.dump(target, format=rdf_format, from_graph=graph, prefixes=prefixes)
