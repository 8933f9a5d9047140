"""A store's label index, kept in the store's folder, so that naming a resource by its label takes milliseconds.

A parameter such as ``--param entity="Turning Point"`` resolves to every resource whose label or alternative
label normalises to the same text, so that two resources sharing a name are reported as in memory. Over a
store that means reading every label: 0.7 s at 1M triples, 17 s at 10M. The first lookup in a store builds
the index, writes it beside the data as SQLite, and later lookups, in any process, read one row.

The index records the exact files of the store it was built from (names, sizes, modification times). A load
swaps in a new folder, and anything else that writes into the store changes its files, so an index that no
longer matches is never used: it is built again. A folder the user cannot write to is simply not cached.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from contextlib import closing, suppress
from pathlib import Path

from rdflib import URIRef

__all__ = ["FILE_NAME", "cached_index", "cached_labels", "fingerprint"]

FILE_NAME = "partnerkg-labels.sqlite"
#: Files of partnerkg's own beside a store (this index, the search index of :mod:`partnerkg.queries.fulltext`, the
#: columnar table of :mod:`partnerkg.queries.columnar`, their temporary files): never part of the store's fingerprint.
_OURS = ("partnerkg-labels", ".partnerkg-labels", "partnerkg-search", ".partnerkg-search", "partnerkg-columnar",
         ".partnerkg-columnar")

Index = dict[str, dict[URIRef, str]]


#: What the index holds; a new version (identifiers became names) makes every older index stale.
INDEX_VERSION = "2: labels, alternative labels, org:identifier, GSS codes"


def fingerprint(folder: Path) -> str:
    """A digest of the names, sizes and modification times of the store's own files (not this index)."""
    digest = hashlib.sha256(INDEX_VERSION.encode())
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith(_OURS) or not entry.is_file():
            continue
        info = entry.stat()
        digest.update(f"{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _read(path: Path, stamp: str, key: str | None) -> dict[str, dict[URIRef, str]] | None:
    """The entries of the index at ``path`` (only those of ``key`` unless it is None), or None when the index
    is missing, unreadable or stale."""
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as db:
            (recorded,) = db.execute("SELECT value FROM meta WHERE name = 'fingerprint'").fetchone()
            if recorded != stamp:
                return None
            if key is None:
                rows = db.execute("SELECT key, iri, label FROM labels").fetchall()
            else:
                rows = db.execute("SELECT key, iri, label FROM labels WHERE key = ?", (key,)).fetchall()
    except (sqlite3.Error, TypeError, ValueError):
        return None
    found: dict[str, dict[URIRef, str]] = {}
    for entry_key, iri, label in rows:
        found.setdefault(entry_key, {})[URIRef(iri)] = label
    return found


def _write(folder: Path, stamp: str, index: Index) -> None:
    """Write ``index`` into ``folder`` atomically (a temporary file renamed over the old index)."""
    temporary = folder / f".partnerkg-labels-{os.getpid()}.tmp"
    try:
        with closing(sqlite3.connect(temporary)) as db:
            db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("CREATE TABLE labels (key TEXT NOT NULL, iri TEXT NOT NULL, label TEXT NOT NULL)")
            db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (stamp,))
            db.executemany("INSERT INTO labels VALUES (?, ?, ?)",
                           ((key, str(iri), label) for key, entries in index.items() for iri, label in entries.items()))
            db.execute("CREATE INDEX labels_by_key ON labels (key)")
            db.commit()
        os.replace(temporary, folder / FILE_NAME)
    except (OSError, sqlite3.Error):
        pass  # not cached (e.g. a read-only folder): the next lookup reads the labels again
    finally:
        with suppress(OSError):
            temporary.unlink()


def _cached(folder: Path, key: str | None, build: Callable[[], Index]) -> Index:
    stamp = fingerprint(folder)
    found = _read(folder / FILE_NAME, stamp, key)
    if found is not None:
        return found
    index = build()
    if fingerprint(folder) == stamp:  # nothing wrote into the store while the index was built
        _write(folder, stamp, index)
    return index


def cached_labels(folder: str | Path, key: str, build: Callable[[], Index]) -> dict[URIRef, str]:
    """{IRI: label as written} of the resources whose normalised label is ``key``, from the index in the store
    folder ``folder``; ``build()`` makes the whole index (normalised label -> {IRI: label}) when there is no
    current one, and it is then saved for the next lookup."""
    return dict(_cached(Path(folder), key, build).get(key, {}))


def cached_index(folder: str | Path, build: Callable[[], Index]) -> Index:
    """The whole index of the store in ``folder`` (for suggestions when a name is not found), built by
    ``build()`` and saved when there is no current one."""
    return _cached(Path(folder), None, build)
