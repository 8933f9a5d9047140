"""A query worker: a separate process that holds the graph and answers one query at a time.

rdflib's SPARQL engine cannot be interrupted inside a process, so the process is the unit of cancellation:
the server (:mod:`partnerkg.server.pool`) starts workers as ``python -P -m partnerkg.server.worker``, sends
each the graph once and then jobs one at a time, and kills a worker whose query overruns its time.

Everything a query goes through happens here, in order: the gate of :mod:`partnerkg.queries.safety`
(no SERVICE, no updates, no escape tricks; FROM and FROM NAMED select held graphs only) inside
:func:`~partnerkg.queries.runner.run_query`
before any engine sees the query, evaluation, the result cap, content negotiation and serialisation by
:func:`~partnerkg.queries.formats.format_result`. A reply is a status, a Content-Type and a body; errors are
one-paragraph plain text without tracebacks.

Frames, both ways (stdin to the worker, stdout back): an 8-byte big-endian header length and an 8-byte body
length, the header as UTF-8 JSON, then the body bytes. The worker keeps its real stdout for frames and points
file descriptor 1 at stderr, so a stray print can never corrupt the stream.

A SELECT answer is streamed (:class:`Streamed`), and so is a CONSTRUCT or DESCRIBE over a store
(:class:`StreamedGraph`, pyoxigraph's writers): the worker reads up to :data:`COMMIT_ROWS` rows first (for at
most :data:`COMMIT_SECONDS` when the row cap lies beyond them). A result that ends within them, or passes the
row cap, is answered whole as before (its exact status, the same bytes as ``partnerkg query``). A longer one
is answered with a reply frame whose header says ``"stream": true``, then frames ``{"more": true}`` of about
:data:`CHUNK_BYTES` each as rows come, then ``{"end": true, "count": N, "error": null}``, or with ``error``
saying why the answer stops short (the row cap passed, a value the format cannot carry, the engine failed),
after which the server cuts the response. The pipe's buffer is the only one: a client that reads slowly makes
the worker wait, within the time limit.
"""

from __future__ import annotations

import json
import math
import os
import pickle
import signal
import struct
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from typing import IO, Any

import pyoxigraph as ox
from rdflib import Graph

from partnerkg.diagnose.render import partnerships_page, render
from partnerkg.diagnose.rules import PARTNERSHIP, diagnose
from partnerkg.errors import Audience, OptionError, PartnerKGError, QueryError, UnknownEntityError, speaking_to
from partnerkg.namespaces import PREFIXES, bind_prefixes
from partnerkg.queries.catalogue import load_query
from partnerkg.queries.dataset import DatasetSelection
from partnerkg.queries.formats import format_result, iter_rows
from partnerkg.queries.fulltext import search
from partnerkg.queries.limits import die_with_parent
from partnerkg.queries.result import QueryResult, RowStream, TripleStream
from partnerkg.queries.runner import run_query
from partnerkg.server.checking import check_text
from partnerkg.server.protocol import negotiate, not_acceptable
from partnerkg.server.vocabulary import vocabulary
from partnerkg.store.graphs import open_graph
from partnerkg.store.terms import to_rdflib

__all__ = ["CHUNK_BYTES", "COMMIT_ROWS", "COMMIT_SECONDS", "PREFIX", "Reply", "Streamed", "StreamedGraph", "answer",
           "main", "read_frame", "write_frame"]

#: Frame prefix: header length, body length.
PREFIX = struct.Struct(">QQ")
#: Rows a worker reads before it commits to streaming a SELECT answer: one that ends (or passes the row cap)
#: within them is answered whole, with its exact status.
COMMIT_ROWS = 10_000
#: The rows this worker reads before it streams (the server's ``Settings.stream_after``; COMMIT_ROWS by default).
_commit_rows = COMMIT_ROWS
#: The prefixes pyoxigraph's Turtle, RDF/XML writers use for a streamed graph: partnerkg's.
_WRITER_PREFIXES = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
#: ... or for this long, whichever comes first (so that a slow query's first rows are not held back).
COMMIT_SECONDS = 0.5
#: About how many bytes of a streamed answer go in one frame.
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class Reply:
    """A worker's answer to one job. ``kind`` is the query form when known; ``count`` the rows or triples;
    ``retire`` asks the server to replace this worker (after running out of memory)."""

    status: int
    content_type: str
    body: bytes
    kind: str | None = None
    count: int | None = None
    retire: bool = False
    #: In the server: the rest of a streamed answer, after ``body`` (see :mod:`partnerkg.server.pool`).
    stream: Any = field(default=None, compare=False, repr=False)

    def header(self) -> dict[str, Any]:
        fields = asdict(self)
        del fields["body"], fields["stream"]
        return fields


class _OverCap(Exception):
    """A streamed answer reached the row cap (raised through the writer, so that it writes no ending)."""


@dataclass
class Streamed:
    """A SELECT answer written as its rows come: ``first`` (rows already read) then the rest of ``rows``, in
    ``fmt``, cut after ``max_results`` rows. :meth:`chunks` yields the bytes; afterwards ``count`` is the
    rows written and ``error`` says why the answer stopped short (None when it is whole)."""

    content_type: str
    kind: str
    variables: tuple[str, ...]
    first: list[Any]
    rows: Iterator[Any]
    fmt: str
    max_results: int
    count: int = 0
    error: str | None = None
    retire: bool = False

    def _counted(self) -> Iterator[Any]:
        for row in self.first:
            self.count += 1
            yield row
        self.first = []
        for row in self.rows:
            if self.count >= self.max_results:
                raise _OverCap(f"the result has more than {self.max_results} rows, over this endpoint's limit of "
                               f"{self.max_results} (--max-results): the answer was cut after {self.count} rows; add "
                               f"LIMIT {self.max_results} (with OFFSET to page through it) or narrow the query")
            self.count += 1
            yield row

    def chunks(self) -> Iterator[bytes]:
        """The answer's bytes, about :data:`CHUNK_BYTES` at a time."""
        pending: list[str] = []
        size = 0
        try:
            for piece in iter_rows(self.variables, self._counted(), self.fmt):
                pending.append(piece)
                size += len(piece)
                if size >= CHUNK_BYTES:
                    yield "".join(pending).encode("utf-8")
                    pending, size = [], 0
        except (_OverCap, QueryError) as err:  # the writer never closes the document: it stays visibly unfinished
            self.error = str(err)
            if isinstance(err.__cause__, MemoryError):  # the engine's, wrapped: this worker is replaced
                self.error, self.retire = _OUT_OF_MEMORY, True
        except MemoryError:
            self.error, self.retire = _OUT_OF_MEMORY, True
        except RecursionError:
            self.error = "query: the query is nested too deeply to evaluate"
        except Exception as err:  # a bug: the client's answer is cut, the operator gets the traceback
            traceback.print_exc(file=sys.stderr)
            self.error = f"internal error ({type(err).__name__}); the server log has the details"
        if pending:
            yield "".join(pending).encode("utf-8")

    def write(self, emit: Callable[[bytes], None]) -> None:
        """Hand the answer's bytes to ``emit``, a chunk at a time."""
        for chunk in self.chunks():
            emit(chunk)


class _Chunks:
    """A binary file that hands what is written to it on in chunks of about :data:`CHUNK_BYTES`."""

    def __init__(self, emit: Callable[[bytes], None]) -> None:
        self.emit = emit
        self.pending: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.pending.append(bytes(data))
        self.size += len(data)
        if self.size >= CHUNK_BYTES:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.pending:
            self.emit(b"".join(self.pending))
            self.pending, self.size = [], 0


@dataclass
class StreamedGraph:
    """A CONSTRUCT or DESCRIBE answer over a store written as Oxigraph builds it: ``first`` (distinct triples
    already read), then the rest of ``triples`` less those ``seen``, by pyoxigraph's streaming writer of
    ``fmt``, cut after ``max_results`` triples. In the order Oxigraph builds them, with its blank-node labels
    (a whole answer is written canonically, sorted)."""

    content_type: str
    kind: str
    first: list[Any]
    seen: set[Any]
    triples: Iterator[Any]
    fmt: Any
    max_results: int
    count: int = 0
    error: str | None = None
    retire: bool = False

    def _distinct(self) -> Iterator[Any]:
        for triple in self.first:
            self.count += 1
            yield triple
        self.first = []
        for triple in self.triples:
            if triple in self.seen:
                continue
            if self.count >= self.max_results:
                raise _OverCap(f"the result has more than {self.max_results} triples, over this endpoint's limit of "
                               f"{self.max_results} (--max-results): the answer was cut after {self.count} triples; "
                               "narrow the query")
            self.seen.add(triple)
            self.count += 1
            yield triple

    def write(self, emit: Callable[[bytes], None]) -> None:
        """Hand the answer's bytes to ``emit``, a chunk at a time."""
        out = _Chunks(emit)
        try:
            ox.serialize(self._distinct(), out, self.fmt, prefixes=_WRITER_PREFIXES)
        except (_OverCap, QueryError) as err:
            self.error = str(err)
        except MemoryError:
            self.error, self.retire = _OUT_OF_MEMORY, True
        except Exception as err:  # a triple the format cannot write (an RDF/XML predicate, say), or a bug
            traceback.print_exc(file=sys.stderr)
            self.error = f"the answer cannot be written in this format ({type(err).__name__}: {err})"
        out.flush()


def write_frame(stream: IO[bytes], header: Mapping[str, Any], body: bytes = b"") -> None:
    """Write one frame and flush."""
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    stream.write(PREFIX.pack(len(head), len(body)) + head + body)
    stream.flush()


def _read_exactly(stream: IO[bytes], n: int) -> bytes:
    data = stream.read(n) if n else b""
    if len(data) != n:
        raise EOFError("the stream ended inside a frame")
    return data


def read_frame(stream: IO[bytes]) -> tuple[dict[str, Any], bytes]:
    """Read one frame; EOFError when the stream is closed."""
    head_len, body_len = PREFIX.unpack(_read_exactly(stream, PREFIX.size))
    header = json.loads(_read_exactly(stream, head_len).decode("utf-8"))
    return header, _read_exactly(stream, body_len)


# ---- answering a job -----------------------------------------------------------------------------------------

_PLAIN = "text/plain; charset=utf-8"
_JSON = "application/json"
_OUT_OF_MEMORY = ("the query needed more memory than a query worker may use (--max-memory) and was stopped; narrow "
                  "it or add LIMIT")


def _error(status: int, message: str, kind: str | None = None, retire: bool = False) -> Reply:
    return Reply(status, _PLAIN, (message.rstrip("\n") + "\n").encode("utf-8"), kind, None, retire)


def _is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL update (only consulted after the gate refused it, to pick 403)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:  # anything the update grammar cannot read, RecursionError included
        return False
    return True


def answer(job: Mapping[str, Any], graph: Any, max_results: int) -> Reply | Streamed | StreamedGraph:
    """Run one job over ``graph`` and write the reply.

    ``job["op"]`` is ``"sparql"`` (``query``: SPARQL text; a ``# Param:`` header in it binds its defaults,
    as with ``partnerkg query FILE``) or ``"library"`` (``name`` and ``params``: a library query, its
    parameters bound by label, ``<IRI>`` or typed value) or ``"search"`` (``text``, ``kind``, ``limit``: a
    full-text search, answered as JSON). ``job["accept"]`` is the Accept header;
    ``job["dataset"]``, when given, the ``default`` and ``named`` graph IRIs the request selected; ``job["base"]``
    the IRI relative IRIs resolve against (the endpoint's own).
    ``"check"`` (``query``) answers the page's check as JSON (:mod:`partnerkg.server.checking`), without
    running the query; ``"vocabulary"`` the terms its editor completes (:mod:`partnerkg.server.vocabulary`);
    ``"diagnose"`` (``partnership``, ``format``) the report of :mod:`partnerkg.diagnose`, or without a
    partnership the page that lists the partnerships to diagnose. A SELECT of ``"sparql"`` or ``"library"``
    may come back as :class:`Streamed` unless ``job["stream"]`` is false.
    """
    with speaking_to(Audience.HTTP):  # messages name URL parameters, not command-line flags
        if job["op"] == "check":
            verdict = check_text(job["query"])
            return Reply(200, _JSON, _json(verdict.to_json()), verdict.form)
        if job["op"] == "vocabulary":
            try:
                doc = vocabulary(graph)
            except PartnerKGError:  # the data's terms could not be counted: the ontology's, with "data": false
                doc = vocabulary(None)
            return Reply(200, _JSON, _json(doc), None, len(doc["terms"]))
        if job["op"] == "diagnose":
            return _diagnosis(job, graph)
        return _answer(job, graph, max_results)


#: The media type of each report format of ``/diagnose``.
REPORT_MEDIA = {"html": "text/html; charset=utf-8", "markdown": "text/markdown; charset=utf-8",
                "json": "application/json"}


def _diagnosis(job: Mapping[str, Any], graph: Any) -> Reply:
    def run(name: str, **params: Any) -> Any:
        q = load_query(name)
        return run_query(q.text, params, graph, origin=q.origin, header=q.header, strict=True)

    def run_text(text: str, **params: Any) -> Any:
        return run_query(text, params, graph, origin="query", header=None, strict=False)

    try:
        if job.get("partnership") is None:
            rows = run_text(PARTNERSHIP).rows
            return Reply(200, REPORT_MEDIA["html"], partnerships_page(rows).encode("utf-8"), None, len(rows))
        d = diagnose(run, run_text, job["partnership"])
        fmt = job.get("format") or "html"
        return Reply(200, REPORT_MEDIA[fmt], render(d, fmt).encode("utf-8"), None, len(d.findings))
    except UnknownEntityError as err:
        return _error(404, str(err))
    except MemoryError:
        return _error(503, _OUT_OF_MEMORY, retire=True)
    except PartnerKGError as err:
        return _error(400, str(err))


def _search(job: Mapping[str, Any], graph: Any) -> Reply:
    """A full-text search (:func:`partnerkg.queries.fulltext.search`) answered as JSON."""
    try:
        hits = search(graph, job["text"], kind=job.get("kind"), limit=int(job.get("limit", 10)))
    except OptionError as err:
        return _error(400, str(err))
    body = {"text": job["text"], "kind": job.get("kind"), "limit": int(job.get("limit", 10)),
            "hits": [hit.as_json() for hit in hits]}
    return Reply(200, "application/json; charset=utf-8",
                 (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), "SEARCH", len(hits))


def _json(doc: object) -> bytes:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _answer(job: Mapping[str, Any], graph: Any, max_results: int) -> Reply | Streamed | StreamedGraph:
    if job["op"] == "search":
        return _search(job, graph)
    text = ""
    try:
        if job["op"] == "library":
            q = load_query(job["name"])
            text = q.text
            result = run_query(q.text, job.get("params") or {}, graph, origin=q.origin, header=q.header, strict=True,
                               lazy=job.get("stream", True))
        else:
            text = job["query"]
            chosen = job.get("dataset")  # default-graph-uri and named-graph-uri, over the query's FROM clauses
            dataset = None if chosen is None else DatasetSelection.of(chosen["default"], chosen["named"])
            result = run_query(text, None, graph, origin="query", dataset=dataset, base=job.get("base"),
                               lazy=job.get("stream", True))
    except UnknownEntityError as err:
        return _error(400, str(err))
    except QueryError as err:
        if isinstance(err.__cause__, MemoryError):  # the engine's failure, wrapped by run_query
            return _error(503, _OUT_OF_MEMORY, retire=True)
        status = 403 if job["op"] == "sparql" and _is_update(text) else 400
        return _error(status, str(err))
    except MemoryError:
        return _error(503, _OUT_OF_MEMORY, retire=True)
    except RecursionError:
        return _error(400, "query: the query is nested too deeply to evaluate")
    except PartnerKGError as err:
        return _error(400, str(err))
    if isinstance(result, RowStream):
        return _select(job, result, max_results)
    if isinstance(result, TripleStream):
        return _graph(job, result, max_results)
    return _whole_result(job, result, max_results)


def _whole_result(job: Mapping[str, Any], result: QueryResult, max_results: int) -> Reply:
    """A result read whole: refused over the cap, else written in the negotiated format."""
    kind = result.type
    count = result.size
    if count > max_results:
        unit = "rows" if kind == "SELECT" else "triples"
        hint = (f"add LIMIT {max_results} (with OFFSET to page through it) or narrow the query" if kind == "SELECT"
                else "narrow the query")
        return _error(422, f"the result has {count} {unit}, over this endpoint's limit of {max_results} "
                           f"(--max-results): {hint}", kind)
    media = negotiate(job.get("accept"), kind)
    if media is None:
        return _error(406, not_acceptable(job.get("accept"), kind).message, kind)
    try:
        body = format_result(result, media.format)
    except QueryError as err:  # e.g. a character XML cannot carry
        return _error(406, str(err), kind)
    except MemoryError:
        return _error(503, "writing the result needed more memory than a query worker may use (--max-memory)",
                      kind, retire=True)
    return Reply(200, media.content_type, body, kind, count)


def _select(job: Mapping[str, Any], result: RowStream, max_results: int) -> Reply | Streamed:
    """A SELECT answer: whole when it ends (or passes the cap) within its first :data:`COMMIT_ROWS` rows,
    else :class:`Streamed`."""
    kind = "SELECT"
    media = negotiate(job.get("accept"), kind)
    if media is None:
        return _error(406, not_acceptable(job.get("accept"), kind).message, kind)
    first: list[Any] = []
    commit = min(_commit_rows, max_results + 1)
    deadline = _commit_deadline(max_results)
    try:
        for row in result.rows:
            first.append(row)
            if len(first) >= commit or time.monotonic() > deadline:
                break
        else:
            return _whole(result.vars, first, media.format, media.content_type, max_results)
        if len(first) > max_results:
            return _over_cap(max_results)
        return Streamed(media.content_type, kind, result.vars, first, result.rows, media.format, max_results)
    except QueryError as err:
        if isinstance(err.__cause__, MemoryError):
            return _error(503, _OUT_OF_MEMORY, kind, retire=True)
        return _error(400, str(err), kind)
    except MemoryError:
        return _error(503, _OUT_OF_MEMORY, kind, retire=True)
    except RecursionError:
        return _error(400, "query: the query is nested too deeply to evaluate", kind)


#: pyoxigraph's writer of each graph format, for a streamed CONSTRUCT or DESCRIBE.
_GRAPH_WRITERS = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
                  "application/ld+json": ox.RdfFormat.JSON_LD, "application/rdf+xml": ox.RdfFormat.RDF_XML}


def _graph(job: Mapping[str, Any], result: TripleStream, max_results: int) -> Reply | StreamedGraph:
    """A CONSTRUCT or DESCRIBE answer over a store: whole (as before, the same bytes as ``partnerkg query``)
    when it ends or passes the cap within its first :data:`COMMIT_ROWS` distinct triples, else
    :class:`StreamedGraph`."""
    kind = result.type
    media = negotiate(job.get("accept"), kind)
    if media is None:
        return _error(406, not_acceptable(job.get("accept"), kind).message, kind)
    first: list[Any] = []
    seen: set[Any] = set()
    commit = min(_commit_rows, max_results + 1)
    deadline = _commit_deadline(max_results)
    try:
        for triple in result.triples:
            if triple in seen:
                continue
            seen.add(triple)
            first.append(triple)
            if len(first) >= commit or time.monotonic() > deadline:
                break
        else:
            graph = Graph()
            bind_prefixes(graph)
            for t in first:
                graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return _whole_result(job, QueryResult(kind, graph=graph), max_results)
        if len(first) > max_results:
            return _error(422, f"the result has more than {max_results} triples, over this endpoint's limit of "
                               f"{max_results} (--max-results): narrow the query", kind)
        return StreamedGraph(media.content_type, kind, first, seen, result.triples, _GRAPH_WRITERS[media.name],
                             max_results)
    except QueryError as err:
        return _error(400, str(err), kind)
    except MemoryError:
        return _error(503, _OUT_OF_MEMORY, kind, retire=True)


def _commit_deadline(max_results: int) -> float:
    """When a worker stops reading ahead and starts streaming: after :data:`COMMIT_SECONDS`, unless the row
    cap is within the rows it reads ahead anyway (then every answer is decided whole, its status exact)."""
    return math.inf if max_results < _commit_rows else time.monotonic() + COMMIT_SECONDS


def _over_cap(max_results: int) -> Reply:
    return _error(422, f"the result has more than {max_results} rows, over this endpoint's limit of {max_results} "
                       f"(--max-results): add LIMIT {max_results} (with OFFSET to page through it) or narrow the query",
                  "SELECT")


def _whole(variables: tuple[str, ...], rows: list[Any], fmt: str, content_type: str, max_results: int) -> Reply:
    if len(rows) > max_results:
        return _over_cap(max_results)
    try:
        body = "".join(iter_rows(variables, rows, fmt)).encode("utf-8")
    except QueryError as err:  # e.g. a character XML cannot carry
        return _error(406, str(err), "SELECT")
    except UnicodeEncodeError as err:
        code = ord(err.object[err.start])
        return _error(406, f"the result holds a lone surrogate (U+{code:04X}), which is not a character and which no "
                           "result format can carry", "SELECT")
    except MemoryError:
        return _error(503, "writing the result needed more memory than a query worker may use (--max-memory)",
                      "SELECT", retire=True)
    return Reply(200, content_type, body, "SELECT", len(rows))


def write_streamed(stream: IO[bytes], answer: Streamed | StreamedGraph) -> None:
    """Write a streamed answer as frames: its reply header, its chunks, its end (see the module's docstring)."""
    write_frame(stream, {"status": 200, "content_type": answer.content_type, "kind": answer.kind, "stream": True})
    answer.write(lambda chunk: write_frame(stream, {"more": True}, chunk))
    write_frame(stream, {"end": True, "count": answer.count, "error": answer.error, "retire": answer.retire})


# ---- the process -------------------------------------------------------------------------------------------


def _quiet_unraisable(info: Any) -> None:
    """Generators that rdflib's engine leaves behind after a MemoryError fail again when collected; one line
    each in the log is enough."""
    print(f"partnerkg serve worker: ignored {type(info.exc_value).__name__} in {info.object!r}", file=sys.stderr)


def _limit_memory(max_bytes: int) -> None:
    """Cap this process's heap (RLIMIT_DATA: private writable memory, not mapped files); 0 = no cap."""
    if max_bytes <= 0:
        return
    import resource

    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    limit = max_bytes if hard == resource.RLIM_INFINITY else min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def _store_version(header: Mapping[str, Any]) -> int | None:
    """The inode of the store folder: ``partnerkg load`` swaps in a new folder, so a new inode is a new version."""
    if header.get("source") != "store":
        return None
    try:
        return os.stat(header["path"]).st_ino
    except OSError:
        return None


def _load_graph(header: Mapping[str, Any], body: bytes) -> Any:
    if header.get("source") == "store":
        return open_graph(store=header["path"])
    # The server pickled its own graph for this worker moments ago; nothing else writes to this pipe.
    return pickle.loads(body)  # noqa: S301


def main(argv: list[str] | None = None) -> int:
    """Serve jobs on stdin/stdout until stdin closes. ``argv``: ``--parent PID`` (the server's pid)."""
    args = sys.argv[1:] if argv is None else argv
    parent = int(args[args.index("--parent") + 1]) if "--parent" in args else os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it stops the workers
    sys.unraisablehook = _quiet_unraisable
    die_with_parent(parent)  # killed by the kernel if the server dies, however it dies
    frames_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    frames_in = sys.stdin.buffer

    try:
        header, body = read_frame(frames_in)
        _limit_memory(int(header.get("max_memory", 0)))
        max_results = int(header["max_results"])
        global _commit_rows
        _commit_rows = max(1, int(header.get("stream_after", COMMIT_ROWS)))
        version = _store_version(header)
        graph = _load_graph(header, body)
        del body
    except EOFError:
        return 0
    except MemoryError:
        print("partnerkg serve: the graph does not fit in a query worker's memory limit (--max-memory)",
              file=sys.stderr)
        return 3
    except Exception as err:
        print(f"partnerkg serve: a query worker could not load the graph: {err}", file=sys.stderr)
        return 3
    write_frame(frames_out, {"ready": True, "pid": os.getpid()})
    while True:
        try:
            job, _ = read_frame(frames_in)
        except EOFError:
            return 0
        try:
            if version is not None and _store_version(header) not in (version, None):
                # a load swapped a new version of the store in: answer from it (the old one is released)
                version, graph = _store_version(header), None
                graph = _load_graph(header, b"")
            reply = answer(job, graph, max_results)
        except MemoryError:
            reply = _error(503, _OUT_OF_MEMORY, retire=True)
        except Exception as err:  # a bug: the client gets one line, the operator the traceback
            traceback.print_exc(file=sys.stderr)
            reply = _error(500, f"internal error ({type(err).__name__}); the server log has the details")
        if isinstance(reply, (Streamed, StreamedGraph)):
            write_streamed(frames_out, reply)
        else:
            write_frame(frames_out, reply.header(), reply.body)
        if reply.retire:
            return 0


if __name__ == "__main__":
    sys.exit(main())
