"""A read-only SPARQL 1.1 endpoint over the graph: ``partnerkg serve``, and the same from Python.

* :func:`create_app` builds the ASGI application (Starlette); :func:`serve` runs it with uvicorn until
  SIGTERM or Ctrl-C; :func:`start_server` runs it in a background thread and returns a
  :class:`RunningServer` (notebooks, tests).
* ``/sparql`` speaks the SPARQL 1.1 Protocol (see :mod:`partnerkg.server.protocol`); without a query it
  returns the SPARQL Service Description (:mod:`partnerkg.server.description`). ``/`` is an offline query
  page; ``/queries`` lists the query library as JSON and ``/queries/NAME?param=value`` runs one query;
  ``/search?text=…`` is ranked full-text search over labels, descriptions and quotes, as JSON (the page's find
  box asks it). The page's editor asks ``POST /sparql/check`` whether a text would be accepted, and where it is
  wrong (:mod:`partnerkg.server.checking`), and completes the terms ``/vocabulary`` lists
  (:mod:`partnerkg.server.vocabulary`).
  ``/ontology`` and ``/id/…`` resolve the ontology's and the instances' IRIs with content negotiation (HTML for
  browsers, RDF for RDF clients; :mod:`partnerkg.server.linked_data`).
* Every query runs in a worker process (:mod:`partnerkg.server.pool`, :mod:`partnerkg.server.worker`)
  behind the safety gate of :mod:`partnerkg.queries.safety`; a query over the time limit is cancelled by
  killing its worker, and the server goes on answering meanwhile.
* Errors are ``text/plain`` paragraphs without tracebacks. Every response carries ``X-Content-Type-Options:
  nosniff`` and a Content-Security-Policy; CORS answers ``Access-Control-Allow-Origin: *`` (or the configured
  origins) and never allows credentials. A server bound to a loopback address answers only requests
  addressed to a loopback name (a defence against DNS rebinding).
* One log line per query (logger ``partnerkg.server.app``): client, method, path, query form, status,
  milliseconds, rows or triples, and the start of the query.

>>> Settings().timeout, Settings().max_results, Settings().max_body
(10.0, 10000, 1000000)
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import math
import os
import pickle
import re
import secrets
import signal
import socket
import threading
import time
from collections.abc import AsyncIterator, Callable, Generator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

import uvicorn
from rdflib import Graph
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive

from partnerkg.errors import (
    Audience,
    InputError,
    OptionError,
    ProtocolError,
    QueryError,
    QueryTimeout,
    ServerBusy,
    WorkerFailed,
    option,
    speaking_to,
)
from partnerkg.queries.catalogue import list_queries, load_query
from partnerkg.queries.fulltext import ensure_search_index
from partnerkg.server.connection import protocol_class
from partnerkg.server.description import DatasetSummary, describe_service, summarise
from partnerkg.server.guard import SECURITY_HEADERS, Guard, is_loopback_name
from partnerkg.server.linked_data import DEFAULT_BASE_IRI, LinkedData, check_base_iri
from partnerkg.server.pool import AnswerStream, PoolConfig, StreamCut, WorkerPool
from partnerkg.server.protocol import GRAPH_TYPES, check_acceptable, negotiate, parse_form, read_get, read_post
from partnerkg.server.vocabulary import vocabulary
from partnerkg.server.worker import REPORT_MEDIA, Reply
from partnerkg.store.graphs import open_graph
from partnerkg.store.oxigraph import oxigraph_of

__all__ = ["PAGE_CSP", "RunningServer", "Settings", "create_app", "serve", "start_server"]

log = logging.getLogger("partnerkg.server.app")

_PLAIN = "text/plain; charset=utf-8"
#: The query page may load its own script, style and icon and talk to its own origin; nothing else. The
#: editor (CodeMirror) writes its base styles into one <style> element carrying ``{nonce}``, a fresh random
#: value for each response (CodeMirror's own way under a strict CSP: ``EditorView.cspNonce``).
PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'nonce-{nonce}'; img-src 'self'; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
_NONCE_SLOT = b"__CSP_NONCE__"
#: A report of /diagnose: its own inline stylesheet, its links, nothing else (it holds no script).
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
              "frame-ancestors 'none'")
#: The page's files under /assets/: name -> (path in partnerkg/server/page, media type). The editor component
#: is vendored (page/vendor/README.md says what it is and how it is built).
_PAGE_FILES = {"app.js": ("app.js", "text/javascript; charset=utf-8"),
               "format.js": ("format.js", "text/javascript; charset=utf-8"),
               "table.js": ("table.js", "text/javascript; charset=utf-8"),
               "app.css": ("app.css", "text/css; charset=utf-8"),
               "icon.svg": ("icon.svg", "image/svg+xml"),
               "editor.js": ("vendor/editor.js", "text/javascript; charset=utf-8"),
               "editor-licenses.txt": ("vendor/LICENSES.txt", "text/plain; charset=utf-8")}
_SPARQL_METHODS = "GET, HEAD, POST, OPTIONS"
#: Sent with a refusal that leaves the request body unread, so that the connection ends there.
_CLOSE = {"Connection": "close"}
_RDFLIB_FORMAT = {"text/turtle": "turtle", "application/n-triples": "nt", "application/ld+json": "json-ld",
                  "application/rdf+xml": "xml"}


@dataclass(frozen=True)
class Settings:
    """Limits and policies of the endpoint.

    ``timeout``: seconds a query may run before it is cancelled (503). ``max_results``: rows (SELECT) or
    triples (CONSTRUCT, DESCRIBE) a result may have (422 beyond; no silent truncation). ``max_body``: bytes
    of a request body or of a GET query (413/414). ``workers``: query processes (each answers one query at a
    time). ``max_memory``: MiB of heap per worker, 0 for no cap. ``max_waiting`` and ``queue_timeout``:
    requests that may wait for a free worker, and for how long (503 beyond). ``client_running``: queries of
    one client (IP address) that run at once while other clients wait (0: half the workers, at least one);
    ``client_waiting``: its requests that may wait (503 beyond). ``request_timeout``: seconds a
    client has to send a request's head, and again its body (408 beyond; the connection is closed).
    ``cors_origins``: ``("*",)`` lets any web page read results; a tuple of origins restricts that; ``()``
    sends no CORS headers.
    ``stream_after``: rows of a SELECT answer a worker reads before it starts sending them: an answer that
    ends, or passes ``max_results``, within them is sent whole with its exact status (422 over the cap); a
    longer one is streamed as its rows come, and cut if it passes the cap or the time limit later on.
    ``base_iri``: the IRI that ``/`` of this server stands for: ``GET /id/PATH`` describes ``base_iri + "id/PATH"``
    (the default, ``https://w3id.org/partnerkg/``, serves partnerkg's own IRIs; a w3id redirect may point here).
    """

    timeout: float = 10.0
    max_results: int = 10_000
    max_body: int = 1_000_000
    workers: int = 2
    max_memory: int = 4096
    max_waiting: int = 256
    queue_timeout: float = 60.0
    client_running: int = 0
    client_waiting: int = 32
    request_timeout: float = 10.0
    cors_origins: tuple[str, ...] = field(default=("*",))
    base_iri: str = DEFAULT_BASE_IRI
    stream_after: int = 10_000

    def __post_init__(self) -> None:
        """Refuse unusable values (OptionError, a ValueError whose ``option`` names the setting)."""
        check_base_iri(self.base_iri)
        for name in ("timeout", "queue_timeout", "request_timeout"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):  # also refuses nan, which compares false to everything
                raise OptionError(f"{option(name, value)}: must be a positive number of seconds", name)
        for name in ("max_results", "max_body", "workers", "max_waiting", "client_waiting", "stream_after"):
            if getattr(self, name) < 1:
                raise OptionError(f"{option(name, getattr(self, name))}: must be at least 1", name)
        if self.client_running < 0:
            raise OptionError(f"{option('client_running', self.client_running)}: must be 0 (half the workers) or "
                              "more", "client_running")
        if self.max_memory < 0:
            raise OptionError(f"{option('max_memory', self.max_memory)}: must be 0 (no cap) or a number of MiB",
                              "max_memory")
        for origin in self.cors_origins:
            if origin != "*" and not re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d+)?|https?://\[[0-9A-Fa-f:.]+\](:\d+)?",
                                                  origin):
                raise OptionError(f"CORS origin {origin!r} is not '*' or an origin such as https://example.org",
                                  "cors_origin")

    def pool(self) -> PoolConfig:
        return PoolConfig(self.workers, self.timeout, self.max_results, self.max_memory * 1024 * 1024,
                          self.max_waiting, self.queue_timeout, self.client_running, self.client_waiting,
                          self.stream_after)


# ---- the graph the workers serve ------------------------------------------------------------------------


def _graph_source(graph: Graph | None, store: str | Path | None) -> tuple[tuple[dict[str, Any], bytes],
                                                                           DatasetSummary]:
    """The first frame for every worker, and the summary for the service description."""
    if store is not None:
        if graph is not None:
            raise ValueError("give either a graph or store=DIR, not both")

        opened = open_graph(store=store)  # InputError now, in the server, when the store is unusable
        backend = oxigraph_of(opened)
        # a query worker building the search index would meet its time limit first (102 s at 10M triples)
        started = time.monotonic()
        if ensure_search_index(store, opened):
            log.info("partnerkg serve: built the search index of %s in %.1f s", store, time.monotonic() - started)
        # Counting through rdflib would walk millions of quads: ask Oxigraph (named graphs are not listed)
        summary = DatasetSummary(len(backend)) if backend is not None else summarise(opened)
        return ({"source": "store", "path": str(Path(store).resolve())}, b""), summary
    if graph is None:
        graph = open_graph()
    try:
        payload = pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as err:
        raise InputError(f"this graph cannot be copied to the query worker processes ({type(err).__name__}: "
                         f"{err}); serve an on-disk store with store=DIR instead") from err
    return ({"source": "pickle"}, payload), summarise(graph)


def _library_listing() -> bytes:
    listing = [
        {"name": q.name, "title": q.title, "question": q.question, "row": q.row, "text": q.text,
         "params": [{"name": p.name, "type": p.type.value, "default": p.default, "optional": p.optional,
                     "description": p.description} for p in q.params]}
        for q in list_queries()
    ]
    return json.dumps(listing, ensure_ascii=False, indent=1).encode("utf-8")


def _page_files() -> dict[str, bytes]:
    folder = resources.files("partnerkg.server").joinpath("page")
    paths = {"index.html": "index.html", **{name: path for name, (path, _) in _PAGE_FILES.items()}}
    files = {}
    for name, path in paths.items():
        place = folder
        for part in path.split("/"):
            place = place.joinpath(part)
        files[name] = place.read_bytes()
    return files


# ---- helpers --------------------------------------------------------------------------------------------


def _text(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response((message.rstrip("\n") + "\n").encode("utf-8"), status, headers=headers, media_type=_PLAIN)


def _snippet(query: str | None) -> str:
    """The start of a query for the log: one line, controls escaped, at most 80 characters."""
    if query is None:
        return "-"
    flat = " ".join(query.split())
    return json.dumps(flat[:80] + ("…" if len(flat) > 80 else ""), ensure_ascii=False)


_SAFE_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


async def _disconnected(receive: Receive) -> None:
    """Return when the client has gone away."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


class _ClientLeft(Exception):
    """The client disconnected before its request was read; the message is what the log line says."""


class _StreamedAnswer(Response):
    """A response whose body is a worker's streamed answer (:class:`~partnerkg.server.pool.AnswerStream`),
    sent with chunked transfer encoding as it comes.

    When the answer stops short (over the row cap or the time limit, a worker failure, a value the format
    cannot carry) the response is cut: the connection is closed without the last, empty chunk, so every
    HTTP client reports an incomplete body (http.client ``IncompleteRead``, requests ``ChunkedEncodingError``,
    curl exit code 18) instead of taking the rows so far for the whole answer. A client that goes away
    cancels the answer: its worker is replaced.
    """

    def __init__(self, reply: Reply, headers: dict[str, str], ended: Callable[[int | None, str | None], None]) -> None:
        # as Starlette's StreamingResponse: no body here, so no Content-Length (uvicorn sends it chunked)
        self.status_code = reply.status
        self.media_type = reply.content_type
        self.background = None
        self.init_headers(headers)
        self.first = reply.body
        self.answer: AnswerStream = reply.stream
        self.ended = ended

    async def __call__(self, scope: Any, receive: Receive, send: Any) -> None:
        cut: str | None = None
        try:
            await send({"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers})
            if scope.get("method") == "HEAD":
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            writer = asyncio.ensure_future(self._write(send))
            watcher = asyncio.ensure_future(_disconnected(receive))
            try:
                await asyncio.wait({writer, watcher}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                watcher.cancel()
                if not writer.done():
                    writer.cancel()
                    cut = "the client went away"
                    with contextlib.suppress(asyncio.CancelledError):
                        await writer
            if cut is None:
                try:
                    writer.result()
                except StreamCut as err:
                    cut = str(err)
            if cut is None:
                await send({"type": "http.response.body", "body": b"", "more_body": False})
            # else: return without the end of the body; uvicorn closes the connection, so the client sees it cut
        finally:
            await self.answer.close()
            self.ended(self.answer.count, cut)

    async def _write(self, send: Any) -> None:
        if self.first:
            await send({"type": "http.response.body", "body": self.first, "more_body": True})
        async for chunk in self.answer.chunks():
            await send({"type": "http.response.body", "body": chunk, "more_body": True})


class _CutAnswers(logging.Filter):
    """uvicorn logs a response that ends without its last chunk as an error; for a cut streamed answer that is
    the point, and the endpoint's own log line says why."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("ASGI callable returned without completing response")


# ---- the endpoint ---------------------------------------------------------------------------------------


class _Endpoint:
    """The routes' handlers and what they share: settings, worker pool, dataset summary, page files."""

    def __init__(self, init: tuple[dict[str, Any], bytes], summary: DatasetSummary, settings: Settings) -> None:
        self.settings = settings
        self.summary = summary
        self.pool = WorkerPool(init, settings.pool())
        self.library = _library_listing()
        self.page = _page_files()
        self.etags = {name: '"' + hashlib.sha256(body).hexdigest()[:32] + '"' for name, body in self.page.items()}
        self.source = init[0]
        self._vocabulary: tuple[int | None, bytes] | None = None
        self._vocabulary_lock = asyncio.Lock()
        self.on_ready: Callable[[], None] | None = None
        self.on_failure: Callable[[], None] | None = None
        self.startup_error: str | None = None

    # -- running a job --

    async def _dispatch(self, request: Request, job: dict[str, Any]) -> tuple[Reply, dict[str, str]]:
        """Run ``job`` on a worker; a client that goes away cancels its query (its worker is replaced)."""
        client = request.client.host if request.client else "-"
        task = asyncio.ensure_future(self.pool.run(job, client))
        watcher = asyncio.ensure_future(_disconnected(request.receive))
        try:
            done, _ = await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            watcher.cancel()
            if not task.done():
                task.cancel()
        if task not in done:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                late = await task
                if late.stream is not None:  # the answer began just as the client left: nobody reads it
                    await late.stream.close()
            return Reply(499, _PLAIN, b"the client went away; the query was cancelled\n"), {}
        try:
            return task.result(), {}
        except ServerBusy as err:
            return Reply(503, _PLAIN, f"{err}\n".encode()), {"Retry-After": "5"}
        except QueryTimeout as err:
            return Reply(503, _PLAIN, f"{err}\n".encode()), {}
        except WorkerFailed as err:
            return Reply(500, _PLAIN, f"{err}\n".encode()), {}

    def _log(self, request: Request, reply: Reply, started: float, query: str | None, cut: str | None = None) -> None:
        client = f"{request.client.host}:{request.client.port}" if request.client else "-"
        count = "-" if reply.count is None else str(reply.count)
        status = str(reply.status) if cut is None else f"{reply.status}-cut"
        log.info("%s %s %s %s %s %.0fms %s %s%s", client, request.method, request.url.path, reply.kind or "-",
                 status, (time.perf_counter() - started) * 1000, count, _snippet(query),
                 "" if cut is None else f" (the streamed answer was cut: {cut})")

    def _streamed(self, request: Request, reply: Reply, headers: dict[str, str], started: float,
                  query: str | None) -> Response:
        """A streamed answer: its rows go out as the worker writes them; logged when it ends."""

        def ended(count: int | None, cut: str | None) -> None:
            self._log(request, replace(reply, count=count), started, query, cut)

        return _StreamedAnswer(reply, {"Vary": "Accept", **headers}, ended)

    @staticmethod
    def _response(reply: Reply, headers: dict[str, str] | None = None) -> Response:
        extra = {"Vary": "Accept", **(headers or {})}
        if reply.status != 200:
            extra["Cache-Control"] = "no-store"
        return Response(reply.body, reply.status, headers=extra, media_type=reply.content_type)

    async def _body(self, request: Request) -> bytes:
        limit = self.settings.max_body
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                raise ProtocolError(400, "Content-Length is not a number")
            if int(declared) > limit:
                raise ProtocolError(413, f"the request body is {int(declared)} bytes, over the limit of {limit} bytes "
                                         "(--max-body)", _CLOSE)
        chunks, size = [], 0
        seconds = self.settings.request_timeout
        announced = f"{int(declared)} bytes announced, " if declared is not None else ""
        try:
            async with asyncio.timeout(seconds):
                async for chunk in request.stream():
                    size += len(chunk)
                    if size > limit:
                        raise ProtocolError(413, f"the request body is over the limit of {limit} bytes (--max-body)",
                                            _CLOSE)
                    chunks.append(chunk)
        except TimeoutError:
            raise ProtocolError(408, f"the request body did not arrive within {seconds:g} s ({announced}{size} "
                                     "received); the connection is closed", _CLOSE) from None
        except ClientDisconnect:
            of = f" of {int(declared)}" if declared is not None else ""
            raise _ClientLeft(f"the client went away while sending its body ({size}{of} bytes)") from None
        return b"".join(chunks)

    # -- routes --

    async def sparql(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": _SPARQL_METHODS})
        started = time.perf_counter()
        query: str | None = None
        headers: dict[str, str] = {}
        try:
            if request.method in ("GET", "HEAD"):
                got = read_get(request.scope["query_string"], self.settings.max_body)
                if got is None:
                    return self._description(request)
            else:
                got = read_post(request.headers.get("content-type"), await self._body(request),
                                request.scope["query_string"])
            query = got.query
            accept = request.headers.get("accept")
            check_acceptable(accept)
            dataset = None if got.dataset is None else {"default": list(got.dataset.default),
                                                          "named": list(got.dataset.named)}
            reply, headers = await self._dispatch(request, {"op": "sparql", "query": query, "accept": accept,
                                                            "dataset": dataset, "base": self._endpoint_iri(request)})
        except ProtocolError as err:
            reply, headers = Reply(err.status, _PLAIN, (err.message + "\n").encode("utf-8")), err.headers
        except _ClientLeft as gone:  # nobody reads an answer: one log line, no traceback
            reply, query = Reply(499, _PLAIN, b""), str(gone)
        if reply.stream is not None:
            return self._streamed(request, reply, headers, started, query)
        self._log(request, reply, started, query)
        return self._response(reply, headers)

    def _endpoint_iri(self, request: Request) -> str:
        host = request.headers.get("host", "")
        if not _SAFE_HOST.match(host):
            server = request.scope.get("server") or ("127.0.0.1", 80)
            name = f"[{server[0]}]" if ":" in str(server[0]) else str(server[0])
            host = f"{name}:{server[1]}"
        return f"{request.url.scheme}://{host}{request.url.path}"

    def _description(self, request: Request) -> Response:
        media = negotiate(request.headers.get("accept"), GRAPH_TYPES)
        if media is None:
            names = ", ".join(t.name for t in GRAPH_TYPES)
            return _text(406, f"the service description is RDF: ask for one of {names}", {"Vary": "Accept"})
        graph = describe_service(self._endpoint_iri(request), self.summary, timeout=self.settings.timeout,
                                 max_results=self.settings.max_results, max_body=self.settings.max_body)
        body = graph.serialize(format=_RDFLIB_FORMAT[media.name], encoding="utf-8")
        return Response(body, headers={"Vary": "Accept"}, media_type=media.content_type)

    async def library_list(self, request: Request) -> Response:
        return Response(self.library, media_type="application/json")

    async def library_run(self, request: Request) -> Response:
        started = time.perf_counter()
        name = request.path_params["name"]
        headers: dict[str, str] = {}
        try:
            try:
                with speaking_to(Audience.HTTP):
                    load_query(name)
            except QueryError as err:
                raise ProtocolError(404, str(err)) from err
            pairs = parse_form(request.scope["query_string"])
            params: dict[str, str] = {}
            for key, value in pairs:
                if key in params:
                    raise ProtocolError(400, f"parameter {key!r} is given twice")
                params[key] = value
            accept = request.headers.get("accept")
            check_acceptable(accept)
            reply, headers = await self._dispatch(request, {"op": "library", "name": name, "params": params,
                                                            "accept": accept})
        except ProtocolError as err:
            reply, headers = Reply(err.status, _PLAIN, (err.message + "\n").encode("utf-8")), err.headers
        if reply.stream is not None:
            return self._streamed(request, reply, headers, started, f"library:{name}")
        self._log(request, reply, started, f"library:{name}")
        return self._response(reply, headers)

    async def diagnose(self, request: Request) -> Response:
        """``partnerkg diagnose`` over HTTP: ``?partnership=`` (a label, ``<IRI>`` or identifier) and
        ``format=`` (html, markdown, json; default html); without a partnership, the list of partnerships."""
        started = time.perf_counter()
        headers: dict[str, str] = {}
        try:
            params: dict[str, str] = {}
            for key, value in parse_form(request.scope["query_string"]):
                if key not in ("partnership", "format"):
                    raise ProtocolError(400, f"unknown parameter {key!r}: /diagnose takes partnership and format")
                if key in params:
                    raise ProtocolError(400, f"parameter {key!r} is given twice")
                params[key] = value
            fmt = params.get("format", "html")
            if fmt not in REPORT_MEDIA:
                raise ProtocolError(400, f"format={fmt!r}: not a report format — use one of {', '.join(REPORT_MEDIA)}")
            reply, headers = await self._dispatch(request, {"op": "diagnose", "partnership": params.get("partnership"),
                                                            "format": fmt})
        except ProtocolError as err:
            reply, headers = Reply(err.status, _PLAIN, (err.message + "\n").encode("utf-8")), err.headers
        self._log(request, reply, started, "diagnose")
        return Response(reply.body, reply.status, media_type=reply.content_type,
                        headers={"Content-Security-Policy": REPORT_CSP, "Cache-Control": "no-store", **headers})

    async def search(self, request: Request) -> Response:
        """``GET /search?text=…[&kind=…][&limit=N]``: full-text search (:mod:`partnerkg.queries.fulltext`) as JSON."""
        started = time.perf_counter()
        headers: dict[str, str] = {}
        text: str | None = None
        try:
            job = _search_job(parse_form(request.scope["query_string"]))
            text = job["text"]
            reply, headers = await self._dispatch(request, job)
        except ProtocolError as err:
            reply, headers = Reply(err.status, _PLAIN, (err.message + "\n").encode("utf-8")), err.headers
        self._log(request, reply, started, None if text is None else f"search:{text}")
        return self._response(reply, headers)

    async def index(self, request: Request) -> Response:
        nonce = secrets.token_urlsafe(18)  # base64url: the characters a CSP nonce may hold
        body = self.page["index.html"].replace(_NONCE_SLOT, nonce.encode("ascii"))
        return Response(body, media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": PAGE_CSP.format(nonce=nonce), "Cache-Control": "no-store"})

    async def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _PAGE_FILES:
            return _text(404, f"no such file: /assets/{name[:100]}")
        tag = self.etags[name]
        headers = {"Cache-Control": "no-cache", "ETag": tag}
        if tag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
            return Response(status_code=304, headers=headers)
        return Response(self.page[name], media_type=_PAGE_FILES[name][1], headers=headers)

    async def check(self, request: Request) -> Response:
        """The editor's check: the verdict on a query text as JSON, without running it."""
        started = time.perf_counter()
        query: str | None = None
        headers: dict[str, str] = {}
        try:
            got = read_post(request.headers.get("content-type"), await self._body(request),
                            request.scope["query_string"])
            query = got.query
            reply, headers = await self._dispatch(request, {"op": "check", "query": query})
        except ProtocolError as err:
            reply, headers = Reply(err.status, _PLAIN, (err.message + "\n").encode("utf-8")), err.headers
        if reply.status != 200:  # checks come as people type: only failures are logged
            self._log(request, reply, started, query)
        return Response(reply.body, reply.status, headers={"Cache-Control": "no-store", **headers},
                        media_type=reply.content_type)

    async def vocabulary(self, request: Request) -> Response:
        """The editor's completion terms: the ontology's and the served data's, counted once (per version of
        a store) by a worker; the ontology's alone while the data's cannot be counted."""
        version = self._store_version()
        async with self._vocabulary_lock:
            if self._vocabulary is None or self._vocabulary[0] != version:
                started = time.perf_counter()
                reply, _ = await self._dispatch(request, {"op": "vocabulary"})
                self._log(request, reply, started, None)
                if reply.status != 200:
                    doc = await asyncio.to_thread(vocabulary, None)
                    return Response(json.dumps(doc, ensure_ascii=False).encode("utf-8"),
                                    media_type="application/json", headers={"Cache-Control": "no-store"})
                self._vocabulary = (version, reply.body)
            body = self._vocabulary[1]
        return Response(body, media_type="application/json", headers={"Cache-Control": "no-cache"})

    def _store_version(self) -> int | None:
        """The inode of a served store's folder (``partnerkg load`` swaps in a new one); None in memory."""
        path = self.source.get("path")
        if path is None:
            return None
        try:
            return os.stat(path).st_ino
        except OSError:
            return None

    @asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        try:
            await self.pool.start()
        except RuntimeError as err:
            if self.on_failure is None:
                raise
            self.startup_error = str(err)  # serve() and start_server() stop the server and report it
            self.on_failure()
        else:
            if self.on_ready is not None:
                self.on_ready()
        try:
            yield
        finally:
            await self.pool.close()


_SEARCH_PARAMS = ("text", "kind", "limit")


def _search_job(params: list[tuple[str, str]]) -> dict[str, Any]:
    """The worker job of a search request: ``text`` once, ``kind`` at most once, ``limit`` a number (default 10)."""
    values: dict[str, str] = {}
    for key, value in params:
        if key in _SEARCH_PARAMS:
            if key in values:
                raise ProtocolError(400, f"parameter {key!r} is given twice")
            values[key] = value
    if not values.get("text", "").strip():
        raise ProtocolError(400, "give the text to search for: /search?text=…[&kind=organisation][&limit=10]")
    limit = values.get("limit", "10")
    if not limit.strip().isdigit():
        raise ProtocolError(400, f"limit={limit[:40]}: give a number of hits from 1 to 1000")
    return {"op": "search", "text": values["text"], "kind": values.get("kind") or None, "limit": int(limit)}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        return _text(404, f"no such page: {request.url.path[:200]} — the SPARQL endpoint is /sparql, the query page /")
    headers = dict(exc.headers or {})
    if exc.status_code == 405 and "Allow" in headers:
        methods = {m.strip() for m in headers["Allow"].split(",")}
        order = ["GET", "HEAD", "POST", "OPTIONS"]
        headers["Allow"] = ", ".join([m for m in order if m in methods] + sorted(methods - set(order)))
        return _text(405, f"{request.method[:20]} is not allowed on {request.url.path[:200]}: use "
                          f"{headers['Allow']} (the endpoint is read-only)", headers)
    return _text(exc.status_code, exc.detail or "error", headers)


async def _internal_error(request: Request, exc: Exception) -> Response:
    # Starlette answers this outside the guard: add its headers here.
    log.error("internal error on %s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc)
    return _text(500, "internal error; the server log has the details", dict(SECURITY_HEADERS))


def create_app(graph: Graph | None = None, settings: Settings | None = None, *,
               store: str | Path | None = None, loopback_only: bool = True) -> Starlette:
    """The endpoint as an ASGI application over ``graph`` (default: the shipped graph) or the on-disk store
    in ``store``.

    The graph is copied to the worker processes when the application starts (its lifespan starts and stops
    the workers), so later changes to ``graph`` are not seen. ``loopback_only`` refuses requests whose
    Host is not a loopback name (421), as a server bound to 127.0.0.1 should. ``app.state.pool`` is the
    :class:`~partnerkg.server.pool.WorkerPool`.
    """
    settings = settings or Settings()
    if graph is None and store is None:
        graph = open_graph()
    init, summary = _graph_source(graph, store)
    endpoint = _Endpoint(init, summary, settings)
    examples = graph
    linked = LinkedData(settings.base_iri, endpoint._dispatch,
                        (lambda: examples) if store is None else (lambda: open_graph(store=store)))
    routes = [
        Route("/", endpoint.index, methods=["GET"]),
        Route("/assets/{name}", endpoint.asset, methods=["GET"]),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST", "OPTIONS"], name="sparql"),
        Route("/sparql/check", endpoint.check, methods=["POST"]),
        Route("/vocabulary", endpoint.vocabulary, methods=["GET"]),
        Route("/queries", endpoint.library_list, methods=["GET"]),
        Route("/queries/{name}", endpoint.library_run, methods=["GET"]),
        Route("/diagnose", endpoint.diagnose, methods=["GET"]),
        Route("/search", endpoint.search, methods=["GET"]),
        Route("/ontology", linked.ontology, methods=["GET"]),
        Route("/id/{path:path}", linked.resource, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=endpoint.lifespan,
                    middleware=[Middleware(Guard, cors_origins=settings.cors_origins, loopback_only=loopback_only)],
                    exception_handlers={HTTPException: _http_error, Exception: _internal_error})
    app.state.pool = endpoint.pool
    app.state.settings = settings
    app.state.endpoint = endpoint
    return app


# ---- running it -----------------------------------------------------------------------------------------


class _Server(uvicorn.Server):
    """uvicorn's server, except that SIGTERM and Ctrl-C end it cleanly (exit code 0): uvicorn re-raises the
    signal after its graceful shutdown, which would end the process by that signal instead."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        originals = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in originals.items():
                signal.signal(sig, handler)


def _bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port; InputError (exit 2) naming what to do when that fails."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as err:
        raise InputError(f"--host {host}: not an address of this machine ({err.strerror})") from err
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as err:
        sock.close()
        hint = ("choose another with --port, or --port 0 for any free port" if err.errno in (98, 48)
                else "check --host and --port")
        raise InputError(f"cannot listen on {host}:{port}: {err.strerror}; {hint}") from err
    sock.set_inheritable(False)
    return sock


def _url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def _config(app: ASGIApp, settings: Settings) -> uvicorn.Config:
    return uvicorn.Config(
        app, log_config=None, access_log=False, lifespan="on", http=protocol_class(settings.request_timeout),
        loop="asyncio", ws="none",
        interface="asgi3", proxy_headers=False, server_header=False,
        timeout_graceful_shutdown=max(1, int(settings.timeout) + 1),
        # A GET query may be as long as a POST body (percent-encoding triples it) before the endpoint's own 414.
        h11_max_incomplete_event_size=3 * settings.max_body + 64 * 1024,
    )


def _quiet_uvicorn() -> None:
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).setLevel(logging.WARNING)
    errors = logging.getLogger("uvicorn.error")
    if not any(isinstance(f, _CutAnswers) for f in errors.filters):
        errors.addFilter(_CutAnswers())


def serve(graph: Graph | None = None, settings: Settings | None = None, *, host: str = "127.0.0.1",
          port: int = 7878, store: str | Path | None = None,
          announce: Callable[[str], None] | None = None) -> None:
    """Serve ``graph`` (default: the shipped graph) or ``store`` until SIGTERM or Ctrl-C; blocks.

    ``announce`` receives one line with the URL once the workers are ready (default: the log). Logs one
    line per query to stderr unless logging is already configured. Raises InputError when the address
    cannot be used.
    """
    settings = settings or Settings()
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    log.setLevel(logging.INFO)
    _quiet_uvicorn()
    sock = _bind(host, port)
    if not is_loopback_name(host):
        log.warning("partnerkg serve: listening on %s: anyone who can reach this machine can query the data", host)
    try:
        app = create_app(graph, settings, store=store, loopback_only=is_loopback_name(host))
        url = _url(sock)
        endpoint: _Endpoint = app.state.endpoint
        workers = f"{settings.workers} worker{'s' if settings.workers != 1 else ''}"
        line = (f"partnerkg serve: {url} (query page), {url}sparql (SPARQL endpoint); {endpoint.summary.triples} "
                f"triples, {workers}, {settings.timeout:g} s per query, ≤ {settings.max_results} results; "
                "Ctrl-C stops")
        endpoint.on_ready = lambda: (announce or log.warning)(line)
        server = _Server(_config(app, settings))
        endpoint.on_failure = lambda: setattr(server, "should_exit", True)
        server.run(sockets=[sock])
    finally:
        sock.close()
    if endpoint.startup_error is not None:
        raise InputError(f"the server did not start: {endpoint.startup_error}")


@dataclass
class RunningServer:
    """A server running in a background thread (see :func:`start_server`). ``url`` ends with ``/``."""

    url: str
    app: Starlette
    _server: uvicorn.Server
    _thread: threading.Thread
    _sock: socket.socket

    @property
    def sparql_url(self) -> str:
        return self.url + "sparql"

    def stop(self, timeout: float = 30.0) -> None:
        """Stop accepting, finish or cancel what is running, stop the workers; wait for the thread."""
        self._server.should_exit = True
        self._thread.join(timeout)
        self._sock.close()

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_server(graph: Graph | None = None, settings: Settings | None = None, *, host: str = "127.0.0.1",
                 port: int = 0, store: str | Path | None = None, ready_timeout: float = 120.0) -> RunningServer:
    """Start the endpoint in a background thread and return once it answers; ``port=0`` picks a free port.

    For notebooks and tests: ``with start_server() as server: ...`` (or call ``server.stop()``). Raises
    RuntimeError when the server does not start (the log says why).
    """
    settings = settings or Settings()
    _quiet_uvicorn()
    sock = _bind(host, port)
    try:
        app = create_app(graph, settings, store=store, loopback_only=is_loopback_name(host))
    except BaseException:
        sock.close()
        raise
    server = _Server(_config(app, settings))
    endpoint: _Endpoint = app.state.endpoint
    endpoint.on_failure = lambda: setattr(server, "should_exit", True)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="partnerkg-serve", daemon=True)
    thread.start()
    deadline = time.monotonic() + ready_timeout
    while not server.started or endpoint.startup_error is not None:
        if not thread.is_alive() or endpoint.startup_error is not None or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(5)
            sock.close()
            why = endpoint.startup_error or "the log above says why"
            raise RuntimeError(f"the SPARQL server did not start: {why}")
        time.sleep(0.02)
    return RunningServer(_url(sock), app, server, thread, sock)
