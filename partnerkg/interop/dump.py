"""The bulk hand-off kit: a folder of gzip-compressed N-Quads parts that other triple stores bulk-load, a VoID and
DCAT description of them, checksums and ``LOADING.md`` with the exact commands for Virtuoso, QLever, Jena and
Amazon Neptune (``partnerkg dump``; see docs/dump.md).

What a dump folder holds:

* ``partnerkg-00001.nq.gz`` … — the quads, at most ``split_triples`` per part, one N-Quads line each. Triples of the
  default graph are written without a graph (the loader's default or target graph takes them), or into
  ``graph`` when one is given; named graphs keep their names.
* ``void.ttl`` — the dataset as ``void:Dataset`` and ``dcat:Dataset``: triples, distinct subjects per class and
  triples per property, every part as a ``dcat:Distribution`` with its triples, byte size and SHA-256
  (``spdx:checksum``), the licence and the sources the data derives from.
* ``SHA256SUMS`` — ``sha256sum -c SHA256SUMS`` checks the parts.
* ``LOADING.md`` — how to load the parts and check that every triple arrived.
* ``.partnerkg-dump`` — marks the folder as a dump, which a later dump replaces whole (all or nothing).

The same data gives the same bytes: Oxigraph writes each graph in the order of its own index (for one
pyoxigraph version), the gzip headers carry no name and no time, and the in-memory graph (the shipped graph
and ``--data`` files) first gets content-derived blank-node labels (:func:`partnerkg.interop.export.serialise`).
A store is read through Oxigraph's writer, never through rdflib, so ten million triples take minutes, not hours.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from partnerkg.atomic import atomic_directory, check_output_folder
from partnerkg.errors import OptionError, option
from partnerkg.interop.export import serialise
from partnerkg.namespaces import PK
from partnerkg.rdf_files import RDFFormat
from partnerkg.store.oxigraph import oxigraph_of

__all__ = ["DEFAULT_SPLIT", "DUMP_MARKER", "LICENSE", "DumpPart", "DumpResult", "dump_store", "write_dump"]

#: The file that marks a folder as a partnerkg dump (a later dump may replace it whole).
DUMP_MARKER = ".partnerkg-dump"
#: Triples per part by default: parts of about 10–20 MB compressed, which loaders take in parallel.
DEFAULT_SPLIT = 1_000_000
#: The licence of partnerkg's graph (and of a dump unless the caller names another).
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
PART_NAME = "partnerkg-{:05d}.nq.gz"
PART_MASK = "partnerkg-*.nq.gz"
_FILES = frozenset({"void.ttl", "SHA256SUMS", "LOADING.md", DUMP_MARKER})
_SOURCE_CLASSES = (PK.SourceDocument, PK.Spreadsheet, PK.SyntheticSource)


@dataclass(frozen=True)
class DumpPart:
    """One part: its file name, triples, compressed size in bytes and SHA-256 (hex) of the file."""

    name: str
    triples: int
    size: int
    sha256: str


@dataclass
class DumpResult:
    """What a dump wrote: the folder, its parts, the totals and the counts the description gives."""

    output: Path
    parts: list[DumpPart]
    triples: int
    graph: str | None
    classes: dict[str, int] = field(default_factory=dict)
    properties: dict[str, int] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def size(self) -> int:
        """Bytes of all parts together."""
        return sum(p.size for p in self.parts)


class _Parts:
    """A binary stream Oxigraph writes N-Triples into; it cuts the lines into gzip-compressed parts of at most
    ``limit`` lines, giving each line the graph ``suffix`` (`` <G> .``) when one is set.

    Bulk loaders read each file as its own document, so a blank node whose triples were spread over two parts
    would become two nodes. Lines that mention a blank node are therefore held back and written last, grouped
    by the blank nodes that join them (a group is never split; a group larger than ``limit`` gets a part of its
    own); all other lines stream straight into the parts.
    """

    def __init__(self, folder: Path, limit: int, progress: Callable[[int], None] | None) -> None:
        self.folder = folder
        self.limit = limit
        self.progress = progress
        self.parts: list[DumpPart] = []
        self.suffix = b""
        self._graph_label: bytes | None = None
        self._rest = b""
        self._file: io.BufferedWriter | None = None
        self._gzip: gzip.GzipFile | None = None
        self._hash = hashlib.sha256()
        self._lines = 0
        self.total = 0
        self._held: list[bytes] = []  # lines that mention a blank node, in the order written
        self._bnode_graphs = False  # whether a graph named by a blank node was written

    # -- the stream Oxigraph writes to --
    def write(self, data: bytes) -> int:
        chunk = self._rest + bytes(data)
        end = chunk.rfind(b"\n") + 1
        self._rest = chunk[end:]
        if not end:
            return len(data)
        lines = chunk[:end]
        if self._graph_label is not None:  # a graph named by a blank node: every line joins its group
            self._hold(lines.split(b"\n")[:-1])
        elif b"_:" in lines:
            # a blank subject starts the line; a blank object follows the predicate IRI ("> _:"); a literal
            # that happens to hold "> _:" only sends its line to the held ones, which is harmless
            split = lines.split(b"\n")[:-1]
            held = [line for line in split if line[:2] == b"_:" or b"> _:" in line]
            if held:
                self._hold(held)
                plain = [line for line in split if not (line[:2] == b"_:" or b"> _:" in line)]
                if plain:
                    self._lines_out(b"\n".join(plain) + b"\n")
            else:
                self._lines_out(lines)
        else:
            self._lines_out(lines)
        return len(data)

    def flush(self) -> None:
        pass

    def graph(self, suffix: bytes) -> None:
        """Lines written from now on belong to the graph ``suffix`` names (b"" for none)."""
        if self._rest:
            raise ValueError("a graph ended inside a line")
        self.suffix = suffix
        self._graph_label = suffix[1:].split(b" ", 1)[0] if suffix.startswith(b" _:") else None
        self._bnode_graphs |= self._graph_label is not None

    def _hold(self, lines: list[bytes]) -> None:
        if self.suffix:
            lines = [line[:-2] + self.suffix[:-1] for line in lines]  # "… ." -> "… <G> ."
        self._held.extend(lines)

    def _write_held(self) -> None:
        """Write the held lines, grouped by the blank nodes that join them (union-find over their labels)."""
        parent: dict[bytes, bytes] = {}

        def find(x: bytes) -> bytes:
            root = parent.setdefault(x, x)
            while root != parent[root]:
                parent[root] = parent[parent[root]]
                root = parent[root]
            return root

        keys = []
        for line in self._held:
            labels = _blank_labels(line, self._graph_label_of(line) if self._bnode_graphs else None)
            if not labels:  # "> _:" inside a literal: a line of its own
                labels = [b"line:" + line]
            first = find(labels[0])
            for other in labels[1:]:
                root = find(other)
                if root != first:
                    parent[root] = first
            keys.append(labels[0])
        groups: dict[bytes, list[bytes]] = {}
        for line, k in zip(self._held, keys, strict=True):
            groups.setdefault(find(k), []).append(line)
        self._held = []
        for lines in groups.values():  # in the order of their first line
            if self._gzip is not None and self._lines + len(lines) > self.limit:
                self._close()
            block = b"\n".join(lines) + b"\n"
            if self._gzip is None:
                self._open()
            assert self._gzip is not None
            self._gzip.write(block)
            self._lines += len(lines)
            self.total += len(lines)
            if self._lines >= self.limit:
                self._close()
        if self.progress is not None:
            self.progress(self.total)

    @staticmethod
    def _graph_label_of(line: bytes) -> bytes | None:
        tail = line[: -2].rsplit(b" ", 1)[-1] if line.endswith(b" .") else b""
        return tail if tail.startswith(b"_:") and line.count(b" ") >= 4 else None

    def _lines_out(self, lines: bytes) -> None:
        if self.suffix:
            lines = lines.replace(b" .\n", self.suffix)  # a raw line feed only ends a line in N-Triples
        view = memoryview(lines)
        start = 0
        while start < len(lines):
            if self._gzip is None:
                self._open()
            assert self._gzip is not None
            room = self.limit - self._lines
            n = lines.count(b"\n", start)
            cut = len(lines)
            if n > room:  # the part fills up inside these lines: cut after its last one
                n, cut = room, start
                for _ in range(room):
                    cut = lines.index(b"\n", cut) + 1
            self._gzip.write(view[start:cut])
            self._lines += n
            self.total += n
            start = cut
            if self._lines >= self.limit:
                self._close()
        if self.progress is not None:
            self.progress(self.total)

    def _open(self) -> None:
        name = PART_NAME.format(len(self.parts) + 1)
        self._file = open(self.folder / name, "wb")  # noqa: SIM115 - closed in _close
        self._hash = hashlib.sha256()
        hashing = _Hashing(self._file, self._hash)
        # no file name and no time in the header: the same lines give the same bytes
        self._gzip = gzip.GzipFile(filename="", mode="wb", fileobj=hashing, mtime=0, compresslevel=6)  # type: ignore[arg-type]
        self._lines = 0

    def _close(self) -> None:
        if self._gzip is None or self._file is None:
            return
        self._gzip.close()
        self._file.close()
        name = PART_NAME.format(len(self.parts) + 1)
        size = (self.folder / name).stat().st_size
        self.parts.append(DumpPart(name, self._lines, size, self._hash.hexdigest()))
        self._gzip = self._file = None

    def finish(self) -> list[DumpPart]:
        if self._rest:
            raise ValueError("the data ended inside a line")
        if self._held:
            self._write_held()
        self._close()
        return self.parts


def _blank_labels(line: bytes, graph_label: bytes | None = None) -> list[bytes]:
    """The blank-node labels of an N-Triples line (subject, object), plus ``graph_label``; [] when none.

    The subject is the first token; the predicate is an IRI, which holds no space, so the object starts after
    the first ``"> "`` that follows the subject; a literal object holds no blank node.
    """
    labels = []
    space = line.find(b" ")
    if line.startswith(b"_:"):
        labels.append(line[:space])
    rest = line[line.find(b"> ", space) + 2:]
    if rest.startswith(b"_:"):
        labels.append(rest[: rest.find(b" ")])
    if graph_label is not None:
        labels.append(graph_label)
    return labels


class _Hashing:
    """A write-only stream that hashes what passes through it."""

    def __init__(self, target: io.BufferedWriter, digest: hashlib._Hash) -> None:
        self.target = target
        self.digest = digest

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.target.write(data)

    def flush(self) -> None:
        self.target.flush()


def _counts(store: ox.Store, query: str) -> dict[str, int]:
    return {str(s[0].value): int(s[1].value) for s in store.query(query)}  # type: ignore[union-attr]


_ALL = "{{ {pattern} }} UNION {{ GRAPH ?g {{ {pattern} }} }}"
_CLASS_COUNTS = ("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { " + _ALL.format(pattern="?s a ?c") +
                 " FILTER(isIRI(?c)) } GROUP BY ?c")
_PROPERTY_COUNTS = "SELECT ?p (COUNT(*) AS ?n) WHERE { " + _ALL.format(pattern="?s ?p ?o") + " } GROUP BY ?p"


def _sources(store: ox.Store) -> list[str]:
    values = " ".join(f"<{c}>" for c in _SOURCE_CLASSES)
    query = ("SELECT DISTINCT ?s WHERE { VALUES ?c { " + values + " } " + _ALL.format(pattern="?s a ?c")
             + " FILTER(isIRI(?s)) }")
    return sorted(str(s[0].value) for s in store.query(query))  # type: ignore[union-attr]


def _graph_suffix(name: ox.NamedNode | ox.BlankNode | ox.DefaultGraph, graph: str | None) -> bytes:
    if isinstance(name, ox.DefaultGraph):
        return f" <{graph}> .\n".encode() if graph else b""
    return f" {name} .\n".encode()


def dump_store(store: ox.Store, output: str | Path, *, split_triples: int = DEFAULT_SPLIT, graph: str | None = None,
               license: str = LICENSE, source: str = "", force: bool = False,
               progress: Callable[[int], None] | None = None) -> DumpResult:
    """Write the dump folder of the Oxigraph ``store`` (see the module docstring); the folder is replaced whole
    except for files of yours, which are kept (InputError for a folder holding folders that are not an earlier
    dump's, unless ``force``: :func:`partnerkg.atomic.atomic_directory`). Oxigraph's writer
    writes each graph; Oxigraph's engine counts the classes and properties."""
    named = sorted(store.named_graphs(), key=str)

    def feed(parts: _Parts) -> None:
        for name in [ox.DefaultGraph(), *named]:
            parts.graph(_graph_suffix(name, graph))
            store.dump(parts, format=ox.RdfFormat.N_TRIPLES, from_graph=name)

    def counts() -> tuple[dict[str, int], dict[str, int], list[str]]:
        return _counts(store, _CLASS_COUNTS), _counts(store, _PROPERTY_COUNTS), _sources(store)

    return _dump(output, feed, counts, named, split_triples=split_triples, graph=graph, license=license,
                 source=source, force=force, progress=progress)


def write_dump(data: Graph, output: str | Path, /, **options: object) -> DumpResult:
    """:func:`dump_store` of an rdflib graph or dataset: the on-disk store behind it when there is one; else the
    graph's quads as :func:`partnerkg.interop.export.serialise` writes them (content-derived blank-node labels,
    sorted), so the same graph gives the same bytes and every literal keeps its exact datatype."""
    store = oxigraph_of(data)
    if store is not None:
        return dump_store(store, output, **options)  # type: ignore[arg-type]
    by_graph: dict[str, list[ox.Quad]] = {}
    names: dict[str, ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = {}
    for q in ox.parse(serialise(data, RDFFormat.NQUADS), format=ox.RdfFormat.N_QUADS):
        key = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        by_graph.setdefault(key, []).append(q)
        names[key] = q.graph_name
    graph = options.get("graph")

    def feed(parts: _Parts) -> None:
        for key in sorted(by_graph):  # the default graph ("") first
            parts.graph(_graph_suffix(names[key], graph))  # type: ignore[arg-type]
            parts.write("".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in by_graph[key]).encode())

    def counts() -> tuple[dict[str, int], dict[str, int], list[str]]:
        typed: dict[str, set[str]] = {}
        properties: dict[str, int] = {}
        sources: set[str] = set()
        kinds = {str(c) for c in _SOURCE_CLASSES}
        for quads in by_graph.values():
            for q in quads:
                properties[q.predicate.value] = properties.get(q.predicate.value, 0) + 1
                if q.predicate.value == _RDF_TYPE and isinstance(q.object, ox.NamedNode):
                    typed.setdefault(q.object.value, set()).add(str(q.subject))
                    if q.object.value in kinds and isinstance(q.subject, ox.NamedNode):
                        sources.add(q.subject.value)
        return {c: len(s) for c, s in typed.items()}, properties, sorted(sources)

    named = [names[k] for k in sorted(by_graph) if k]
    return _dump(output, feed, counts, named, **options)  # type: ignore[arg-type]


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _dump(output: str | Path, feed: Callable[[_Parts], None],
          counts: Callable[[], tuple[dict[str, int], dict[str, int], list[str]]], named: list, *,
          split_triples: int = DEFAULT_SPLIT, graph: str | None = None, license: str = LICENSE, source: str = "",
          force: bool = False, progress: Callable[[int], None] | None = None) -> DumpResult:
    if split_triples < 1:
        raise OptionError(f"{option('split_triples', split_triples)}: must be at least 1", "split_triples")
    if graph is not None:
        _check_iri(graph, "graph")
    _check_iri(license, "license")
    rules: dict[str, Any] = {"marker": DUMP_MARKER, "ours": _earlier_dump, "what": "partnerkg dump"}
    check_output_folder(output, **rules, force=force)
    if graph is not None and any(isinstance(g, ox.NamedNode) and g.value == graph for g in named):
        raise OptionError(f"{option('graph', graph)}: the data already has a named graph with this name; the "
                          "default graph's triples would merge into it — choose another IRI", "graph")
    started = time.perf_counter()
    with atomic_directory(output, **rules, force=force) as folder:
        parts = _Parts(folder, split_triples, progress)
        feed(parts)
        found = parts.finish()
        classes, properties, sources = counts()
        result = DumpResult(Path(output), found, parts.total, graph, classes, properties, sources)
        (folder / "void.ttl").write_text(void_description(result, license=license, source=source), encoding="utf-8")
        (folder / "SHA256SUMS").write_text("".join(f"{p.sha256}  {p.name}\n" for p in found), encoding="utf-8")
        (folder / "LOADING.md").write_text(loading_guide(result), encoding="utf-8")
    result.seconds = time.perf_counter() - started
    return result


def _earlier_dump(folder: Path) -> bool:
    return all(e.name in _FILES or (e.name.startswith("partnerkg-") and e.name.endswith(".nq.gz"))
               for e in folder.iterdir())


def _check_iri(value: str, name: str) -> None:
    try:
        ox.NamedNode(value)
    except ValueError as err:
        raise OptionError(f"{option(name, value)}: not an absolute IRI ({err})", name) from err
    if ":" not in value:
        raise OptionError(f"{option(name, value)}: not an absolute IRI", name)
    if any(c in value for c in "'\"`\\"):
        raise OptionError(f"{option(name, value)}: holds a quote or backslash, which the loaders' commands in "
                          "LOADING.md cannot carry — choose an IRI without one", name)


# ---- the description ------------------------------------------------------------------------------------------

_VOID_PREFIXES = """@prefix void:    <http://rdfs.org/ns/void#> .
@prefix dcat:    <http://www.w3.org/ns/dcat#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix spdx:    <http://spdx.org/rdf/terms#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
"""
NQUADS_MEDIA = "https://www.iana.org/assignments/media-types/application/n-quads"
GZIP_MEDIA = "https://www.iana.org/assignments/media-types/application/gzip"


def _n3(term: str | int) -> str:
    if isinstance(term, int):
        return f'"{term}"^^xsd:nonNegativeInteger'
    return Literal(term).n3()


def void_description(result: DumpResult, *, license: str = LICENSE, source: str = "") -> str:
    """The VoID and DCAT description of a dump as Turtle. IRIs of the parts are relative: they resolve against
    where ``void.ttl`` lies, beside them."""
    lines = [_VOID_PREFIXES, "<#dataset> a void:Dataset , dcat:Dataset ;",
             '    dcterms:title "partnerkg: partnerships in UK health, social care, criminal justice and the '
             'voluntary and community sector"@en ;',
             f"    dcterms:description {_n3(_description(result, source))}@en ;",
             f"    dcterms:license <{license}> ;",
             "    void:vocabulary <https://w3id.org/partnerkg/ontology#> ;",
             '    void:uriSpace "https://w3id.org/partnerkg/id/" ;',
             f"    void:triples {_n3(result.triples)} ;",
             f"    void:classes {_n3(len(result.classes))} ;",
             f"    void:properties {_n3(len(result.properties))} ;"]
    lines += [f"    dcterms:source <{URIRef(s)}> ;" for s in result.sources]
    lines += [f"    void:dataDump <{p.name}> ;" for p in result.parts]
    lines += [f"    dcat:distribution <#part-{i:05d}> ;" for i, _ in enumerate(result.parts, start=1)]
    partitions = [f"    void:classPartition [ void:class <{c}> ; void:entities {_n3(n)} ] ;"
                  for c, n in sorted(result.classes.items())]
    partitions += [f"    void:propertyPartition [ void:property <{p}> ; void:triples {_n3(n)} ] ;"
                   for p, n in sorted(result.properties.items())]
    lines += partitions
    lines[-1] = lines[-1][:-2] + " ."
    for i, part in enumerate(result.parts, start=1):
        lines += ["", f"<#part-{i:05d}> a dcat:Distribution ;",
                  f"    dcterms:title {_n3(part.name)} ;",
                  f"    dcat:downloadURL <{part.name}> ;",
                  f"    dcat:mediaType <{NQUADS_MEDIA}> ;",
                  f"    dcat:compressFormat <{GZIP_MEDIA}> ;",
                  f"    dcat:byteSize {_n3(part.size)} ;",
                  f"    void:triples {_n3(part.triples)} ;",
                  f"    dcterms:license <{license}> ;",
                  "    spdx:checksum [ a spdx:Checksum ; spdx:algorithm spdx:checksumAlgorithm_sha256 ;",
                  f'        spdx:checksumValue "{part.sha256}"^^xsd:hexBinary ] .']
    return "\n".join(lines) + "\n"


def _description(result: DumpResult, source: str) -> str:
    where = f"the default graph's triples in <{result.graph}>" if result.graph else \
        "the default graph's triples without a graph"
    of = f" of {source}" if source else ""
    return (f"A dump{of} in {len(result.parts)} gzip-compressed N-Quads part(s), {result.triples} triples, "
            f"{where}; written by partnerkg dump.")


# ---- LOADING.md -----------------------------------------------------------------------------------------------

def loading_guide(result: DumpResult) -> str:
    """``LOADING.md``: the commands that load the parts into Virtuoso, QLever, Jena TDB2, GraphDB and Neptune, and
    the query that checks the count."""
    graph = result.graph
    target = graph or "https://w3id.org/partnerkg/graph"
    count_query = (f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}" if graph else
                   "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    parts = len(result.parts)
    where = (f"The default graph's triples are in the named graph `<{graph}>`" if graph else
             "The default graph's triples carry no graph name: each loader puts them in its default graph (or the "
             "graph named below)")
    # SQL and SPARQL for the reader to run, built from IRIs checked by _check_iri
    return f"""# Loading this dump

{parts} part(s) `{PART_MASK}`, gzip-compressed N-Quads, {result.triples:,} triples in all ({result.size:,}
bytes). {where}. `void.ttl` describes the dataset (VoID and DCAT: triples per class and property, parts, sizes,
SHA-256, licence, sources); check the parts first:

```sh
sha256sum -c SHA256SUMS
```

After loading, this query must answer **{result.triples}**
{"(on the target graph)" if graph else "(where the store's default graph holds only these triples)"}:

```sparql
{count_query}
```

## Virtuoso (bulk loader)

Copy this folder to a directory listed in `DirsAllowed` of `virtuoso.ini` (here `/data/partnerkg-dump`), then in
`isql` (Debian: `isql-vt 1111 dba PASSWORD`):

```sql
ld_dir('/data/partnerkg-dump', '{PART_MASK}', '{target}');
rdf_loader_run();
checkpoint;
SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list WHERE ll_file LIKE '%partnerkg-%';
SPARQL SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{target}> {{ ?s ?p ?o }} }};
```

Every file must show `ll_state` 2 and no `ll_error`. `rdf_loader_run()` may run in several `isql` sessions at
once (one per core) to load parts in parallel; run `checkpoint;` after all of them finish. Triples without a
graph go into the graph given to `ld_dir`; quads keep their own graph.

## QLever

A `Qleverfile` beside the parts:

```ini
[data]
NAME   = partnerkg
FORMAT = nq

[index]
INPUT_FILES      = {PART_MASK}
MULTI_INPUT_JSON = {{ "cmd": "zcat {{}}", "format": "nq", "parallel": "true", "for-each": "{PART_MASK}" }}
SETTINGS_JSON    = {{ "num-triples-per-batch": 1000000 }}

[server]
PORT = 7019

[runtime]
SYSTEM = docker
```

then `qlever index`, `qlever start` and `qlever query '{count_query}'`.

## Apache Jena TDB2

```sh
tdb2.xloader --loc partnerkg-tdb2 {PART_MASK}
tdb2.tdbquery --loc partnerkg-tdb2 '{count_query}'
fuseki-server --loc partnerkg-tdb2 /partnerkg
```

`tdb2.xloader` reads the compressed parts directly and needs an empty database folder; triples without a graph go
into the default graph.

## GraphDB

```sh
importrdf preload -i partnerkg -f {PART_MASK}
```

(the repository `partnerkg` must exist and the server be stopped).

## Amazon Neptune (bulk loader)

Neptune loads every file under an S3 prefix, so upload the parts only:

```sh
aws s3 cp . s3://BUCKET/partnerkg/ --recursive --exclude '*' --include '{PART_MASK}'
curl -X POST -H 'Content-Type: application/json' https://NEPTUNE-ENDPOINT:8182/loader -d '{{
  "source": "s3://BUCKET/partnerkg/", "format": "nquads", "region": "REGION",
  "iamRoleArn": "arn:aws:iam::ACCOUNT:role/NeptuneLoadFromS3", "failOnError": "TRUE", "parallelism": "MEDIUM"
}}'
curl 'https://NEPTUNE-ENDPOINT:8182/loader/LOAD-ID?details=true&errors=true'
```

Triples without a graph go into Neptune's default graph
(`http://aws.amazon.com/neptune/vocab/v01/DefaultNamedGraph`).
"""  # noqa: S608
